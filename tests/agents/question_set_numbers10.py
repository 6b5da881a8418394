"""A tenth blind, number-checked question set: 40 questions the store can answer and 5 it cannot.

Written in the voice of six new users, without reading the planner: an SRE on reliability ("how flaky is anthropic",
"timeouts per provider", "the slowest hour of the day", "success rate", "timeout rate", "the 3 days before", "since
monday"); a procurement / vendor manager ("vendor", "how much of our spend is one vendor", "if we dropped anthropic",
"what would be left", "how many vendors", "grew the most ... in percent", "charge us per call", "1 to 15 November");
a junior analyst typing fast with abbreviations, typos and model names in lowercase with spaces ("whats", "avg",
"yday", "mo", "wk", "$ per call", "# of reqs", "toks", "latncy", "gpt 4o mini", "claude sonnet", "supportbot",
"sept", "oct", "+"); a non-native speaker ("how much it costed each workload on yesterday", "the most slow one, in
average", "how many of them was failing", "from 2 November until 8 November"); an engineer asking about tokens
(input vs output ratios, average prompt size per workload, output tokens of two models, the biggest prompts); and
messages with two asks in one ("what did we spend ... and how many calls failed", "median latency ... and what it
cost", "calls yesterday vs the same day last week"). The five unanswerable ones ask for what the events do not hold:
the gateway's retries, spend by cloud region, content-moderation flags, a vendor's uptime against its SLA, and the
discount of an enterprise agreement.

First run on c6d566e: 30/40 answerable right, 1 partial, 9 substituted, 0 declined, 0 wrong; 1/5 unanswerable declined,
4 substituted (see FIRST_RUN). After the fixes of #16 for it, by family (tests/agents/test_asked_phrasings_set11.py):
retries, moderation flags and an agreement's discount declined as subjects the events do not hold, and a grouping by a
field no event carries said as such (5/5 unanswerable declined); "in average" / "on average" after the measure is the
mean (32/40); the measures success_rate, avg_total_tokens and input_output_ratio (35/40); the dimension hour_of_day
(36/40); what would be left without a named value (37/40); a mean per day of each group, rate_per "day" (38/40); how
many groups, counted and listed (39/40); the org's own cost per million tokens when "we" paid it over a window, the
measure cost_per_1m_tokens (40/40).

The store and its machinery are the first number set's (`make_number_events`, `Sql`, the tolerances), the helpers
the seventh's. NOW is Friday 2026-11-20 12:00 UTC; the events start on Sunday 30 August about noon, so September and
October are whole months. Providers: openai (gpt-4o, gpt-4o-mini), anthropic (claude-3-5-haiku, claude-3-5-sonnet),
google (gemini-2.0-flash), groq (llama-3.1-8b-instant). No event here has cached or reasoning tokens (both are 0).
Every expected figure is computed here by this file's own parameterised SQL over one org's raw events (never
netra_core's analytics). Tolerances: money 0.5 % (totals, breakdowns, per-day averages), 1 % (unit costs);
percentages 0.05 points (rates and shares), changes 0.3 points (compared by size); latency and TTFT 1 % (p99 2 %),
the mean latency 1 %; counts exact; means of tokens and token ratios 1 %; quality 0.002. Where a phrase has more than
one fair reading, each is an accepted alternative (the most literal first):

- "last 3 days" / "past 2 wks" / "last 30 days" / "last week" (alone, for a mean): the N x 24 hours before now, the N
  whole days before today, or the N calendar days ending today; "the 3 days before": the 3 x 24 hours before those,
  or the 3 whole days before the 3 whole days;
- "so far this week" / "this wk" / "since monday": Monday 16 November 00:00 to now, or to today 00:00; a mean "this
  wk" also any reading of the last 7 days; sums "last week" (the tokens): Monday 9 to Monday 16 November, or the
  last 7 x 24 hours or 7 whole days (the 6.5-day calendar reading is about 8 % less and would let the check's
  8 %-off control be found in a right answer);
- "last month" / "last mo" / "oct" / "in the month of October": October; "sept": September; "this month" / "mo to
  date": 1 November 00:00 to now, or to today 00:00; "this month, compared to last month": October whole, or October
  to the same point (20 October 12:00, or the 19 or 20 whole days);
- "1 to 15 November" / "from 2 November until 8 November": the last day included, or excluded;
- "yesterday" / "yday": Thursday 19 November; "the same day last week": Thursday 12 November;
- "the slowest hour of the day": the hour of the day (UTC, 0-23) with the largest p95 latency over the window;
- "how flaky is anthropic": its error rate and its count of failed calls; "success rate": calls with status ok over
  all calls; "timeout rate": calls that timed out over all calls;
- "how much of our spend is one vendor": the largest provider's share of the spend; "if we dropped anthropic": its
  spend (what would go away) and the spend of the other providers (what would be left);
- "grew the most from september to october, in percent": the largest change of a provider's monthly spend, of the
  totals or of the spend per day (30 and 31 days), with both its monthly totals;
- "average daily spend per vendor so far this month": month-to-date spend over 19.5 or 20 days, or the 19 whole
  days' over 19;
- "$ per 1k toks" (per million: times 1,000): cost over prompt + completion + reasoning tokens; "$ per call" / "charge us per call": spend over
  calls; "avg toks per call": (prompt + completion) tokens over calls;
- "input vs output token ratio": prompt tokens over completion tokens, or completion over prompt; "average prompt
  size": mean prompt tokens per call;
- "top workload by $ ... what % of total": its spend and its share of the window's spend;
- "# of reqs" / "request" / "calls" / "hits": requests (events); "how many ppl": distinct users;
- "in average" (the non-native speaker): the mean;
- "gpt 4o mini" / "claude sonnet" / "claude haiku" / "gemini flash" / "groq": gpt-4o-mini, claude-3-5-sonnet,
  claude-3-5-haiku, gemini-2.0-flash, the provider groq (only llama-3.1-8b-instant).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from tests.agents.builders import NOW
from tests.agents.number_scoring import Figure, Outcome, Unit
from tests.agents.question_set_numbers import (
    ERROR_RATE,
    MONTH,
    OCTOBER,
    PER_1K,
    QUALITY,
    REQUESTS,
    SEPTEMBER,
    SPEND,
    TODAY,
    YESTERDAY,
    NumberQuestion,
    Sql,
    days_ago,
    q,
)
from tests.agents.question_set_numbers7 import (
    LAST_MONDAY,
    MEAN_LATENCY,
    MODEL,
    MTD,
    PER_REQUEST,
    THIS_MONDAY,
    WORKLOAD,
    Window,
    change,
    count,
    day,
    each,
    money,
    ms,
    one,
    pct,
    per_group,
    quality,
    rolling,
)

SO_FAR_THIS_WEEK: list[Window] = [(THIS_MONDAY, NOW), (THIS_MONDAY, TODAY)]
MEAN_THIS_WEEK: list[Window] = [*SO_FAR_THIS_WEEK, *rolling(7)]
LAST_WEEK_SUMS: list[Window] = [(LAST_MONDAY, THIS_MONDAY), *rolling(7)[:2]]
YDAY: list[Window] = [(YESTERDAY, TODAY)]
OCT: list[Window] = [(OCTOBER, MONTH)]
SEPT: list[Window] = [(SEPTEMBER, OCTOBER)]
PROVIDER = "provider = {p:String}"
FAILED = "status != 'ok'"
TIMEOUT = "error_type = 'timeout'"
USERS = "uniqExact(user_id)"
SUCCESS_RATE = "100 * countIf(status = 'ok') / count()"
TIMEOUT_RATE = "100 * countIf(error_type = 'timeout') / count()"
MEAN_TOKENS = "avgIf(prompt_tokens + completion_tokens, usage_known = 1)"
MEAN_PROMPT = "avgIf(prompt_tokens, usage_known = 1)"
IN_OVER_OUT = "sumIf(prompt_tokens, usage_known = 1) / sumIf(completion_tokens, usage_known = 1)"
OUT_OVER_IN = "sumIf(completion_tokens, usage_known = 1) / sumIf(prompt_tokens, usage_known = 1)"


def mean(label: str, values: Sequence[float], rel: float = 0.01) -> Figure:
    """A mean of tokens or a ratio: 1 %."""
    return Figure(label, values[0], Unit.NUMBER, rel=rel, alternatives=tuple(values[1:]))


def largest(groups: dict[str, list[float]]) -> list[float]:
    """The largest group's value, each reading (every reading ranks its own groups)."""
    readings = len(next(iter(groups.values())))
    return [max(v[i] for v in groups.values() if len(v) > i) for i in range(readings)]


# --- the SRE on reliability -----------------------------------------------------------------------------------------


def _error_rate_by_provider_3d(s: Sql) -> list[Figure]:
    return each(pct, per_group(s, "provider", ERROR_RATE, rolling(3)))


def _timeouts_by_provider_this_week(s: Sql) -> list[Figure]:
    return each(count, per_group(s, "provider", REQUESTS, SO_FAR_THIS_WEEK, TIMEOUT))


def _slowest_hour_of_day(s: Sql) -> list[Figure]:
    return [ms("slowest hour's p95", largest(per_group(s, "toHour(ts)", q(0.95), rolling(30))))]


def _how_flaky_is_anthropic(s: Sql) -> list[Figure]:
    return [
        pct("anthropic error rate", one(s, ERROR_RATE, rolling(14), PROVIDER, p="anthropic")),
        count("anthropic failed calls", one(s, REQUESTS, rolling(14), f"{PROVIDER} AND {FAILED}", p="anthropic")),
    ]


def _timeout_rate_anthropic_vs_openai_october(s: Sql) -> list[Figure]:
    return [pct(p, one(s, TIMEOUT_RATE, OCT, PROVIDER, p=p)) for p in ("anthropic", "openai")]


def _anthropic_errors_by_type_since_monday(s: Sql) -> list[Figure]:
    return each(
        count, per_group(s, "error_type", REQUESTS, SO_FAR_THIS_WEEK, f"{PROVIDER} AND {FAILED}", p="anthropic")
    )


def _groq_ttft_median_3d_vs_before(s: Sql) -> list[Figure]:
    pairs = [
        ((days_ago(3), NOW), (days_ago(6), days_ago(3))),
        ((TODAY - timedelta(days=3), TODAY), (TODAY - timedelta(days=6), TODAY - timedelta(days=3))),
    ]
    ttft = q(0.5, "ttft_ms")
    return [
        ms("groq TTFT p50 last 3 days", [s.one(ttft, *new, PROVIDER, p="groq") for new, _ in pairs]),
        ms("groq TTFT p50 3 days before", [s.one(ttft, *old, PROVIDER, p="groq") for _, old in pairs]),
    ]


def _success_rate_mtd(s: Sql) -> list[Figure]:
    return [pct("success rate", one(s, SUCCESS_RATE, MTD))]


# --- the procurement / vendor manager -------------------------------------------------------------------------------


def _spend_per_vendor_last_month(s: Sql) -> list[Figure]:
    return each(money, per_group(s, "provider", SPEND, OCT))


def _largest_vendor_share_30d(s: Sql) -> list[Figure]:
    readings = []
    for a, b in rolling(30):
        spend = s.by("provider", SPEND, a, b)
        readings.append(100 * max(spend.values()) / sum(spend.values()))
    return [pct("largest vendor's share", readings)]


def _if_we_dropped_anthropic(s: Sql) -> list[Figure]:
    return [
        money("anthropic (would go away)", one(s, SPEND, OCT, PROVIDER, p="anthropic")),
        money("the rest (would be left)", one(s, SPEND, OCT, "provider != {p:String}", p="anthropic")),
    ]


def _vendor_count_and_smallest_september(s: Sql) -> list[Figure]:
    spend = s.by("provider", SPEND, SEPTEMBER, OCTOBER)
    return [count("vendors", [len(spend)]), money("smallest vendor", [min(spend.values())])]


def _openai_vs_anthropic_1_to_15_november(s: Sql) -> list[Figure]:
    windows = [(MONTH, day(11, 16)), (MONTH, day(11, 15))]
    return [money(p, one(s, SPEND, windows, PROVIDER, p=p)) for p in ("openai", "anthropic")]


def _google_vs_openai_per_call_2_weeks(s: Sql) -> list[Figure]:
    return [money(p, one(s, PER_REQUEST, rolling(14), PROVIDER, p=p), rel=0.01) for p in ("google", "openai")]


def _vendor_growth_september_to_october(s: Sql) -> list[Figure]:
    september = s.by("provider", SPEND, SEPTEMBER, OCTOBER)
    october = s.by("provider", SPEND, OCTOBER, MONTH)

    def growth(p: str, per_day: bool) -> float:
        new, old = (october[p] / 31, september[p] / 30) if per_day else (october[p], september[p])
        return 100 * (new - old) / old

    best = {per_day: max(september, key=lambda p: growth(p, per_day)) for per_day in (False, True)}
    return [
        change(
            "growth",
            [(october[best[False]], september[best[False]]), (october[best[True]] / 31, september[best[True]] / 30)],
        ),
        money("its September", [september[best[False]], september[best[True]]]),
        money("its October", [october[best[False]], october[best[True]]]),
    ]


def _daily_average_per_vendor_mtd(s: Sql) -> list[Figure]:
    now = per_group(s, "provider", SPEND, [(MONTH, NOW)])
    whole = per_group(s, "provider", SPEND, [(MONTH, TODAY)])
    return [money(p, [v[0] / 19.5, v[0] / 20, whole[p][0] / 19]) for p, v in now.items()]


def _cheapest_vendor_per_million_30d(s: Sql) -> list[Figure]:
    groups = per_group(s, "provider", f"1000 * {PER_1K}", rolling(30))
    readings = len(next(iter(groups.values())))
    return [money("cheapest per 1M", [min(v[i] for v in groups.values()) for i in range(readings)], rel=0.01)]


# --- the junior analyst typing fast ---------------------------------------------------------------------------------


def _per_call_mini_mtd(s: Sql) -> list[Figure]:
    return [money("gpt-4o-mini per call", one(s, PER_REQUEST, MTD, MODEL, m="gpt-4o-mini"), rel=0.01)]


def _gemini_flash_last_month(s: Sql) -> list[Figure]:
    return [money("gemini-2.0-flash", one(s, SPEND, OCT, MODEL, m="gemini-2.0-flash"))]


def _sonnet_mean_latency_this_week(s: Sql) -> list[Figure]:
    return [ms("sonnet mean latency", one(s, MEAN_LATENCY, MEAN_THIS_WEEK, MODEL, m="claude-3-5-sonnet"))]


def _requests_per_model_3d(s: Sql) -> list[Figure]:
    return each(count, per_group(s, "model", REQUESTS, rolling(3)))


def _error_rate_per_workload_yday(s: Sql) -> list[Figure]:
    return each(pct, per_group(s, "workload", ERROR_RATE, YDAY))


def _haiku_tokens_per_call_mtd(s: Sql) -> list[Figure]:
    return [mean("haiku tokens per call", one(s, MEAN_TOKENS, MTD, MODEL, m="claude-3-5-haiku"))]


def _code_review_per_1k_sept_vs_oct(s: Sql) -> list[Figure]:
    return [
        money("September", one(s, PER_1K, SEPT, WORKLOAD, w="code-review"), rel=0.01),
        money("October", one(s, PER_1K, OCT, WORKLOAD, w="code-review"), rel=0.01),
    ]


def _busiest_day_in_october(s: Sql) -> list[Figure]:
    return [count("busiest day's requests", [max(s.by("toDate(ts)", REQUESTS, OCTOBER, MONTH).values())])]


def _top_workload_this_week_and_share(s: Sql) -> list[Figure]:
    spend, share = [], []
    for a, b in SO_FAR_THIS_WEEK:
        groups = s.by("workload", SPEND, a, b)
        spend.append(max(groups.values()))
        share.append(100 * max(groups.values()) / sum(groups.values()))
    return [money("top workload", spend), pct("its share", share)]


def _support_bot_p90_p99_2_weeks(s: Sql) -> list[Figure]:
    return [
        ms("p90", one(s, q(0.9), rolling(14), WORKLOAD, w="support-bot")),
        ms("p99", one(s, q(0.99), rolling(14), WORKLOAD, w="support-bot"), rel=0.02),
    ]


# --- the non-native speaker -----------------------------------------------------------------------------------------


def _spend_per_workload_yesterday(s: Sql) -> list[Figure]:
    return each(money, per_group(s, "workload", SPEND, YDAY))


def _slowest_model_mean_last_week(s: Sql) -> list[Figure]:
    return [ms("slowest model's mean", largest(per_group(s, "model", MEAN_LATENCY, rolling(7))))]


def _support_bot_requests_and_failures_october(s: Sql) -> list[Figure]:
    return [
        count("requests", one(s, REQUESTS, OCT, WORKLOAD, w="support-bot")),
        count("failing", one(s, REQUESTS, OCT, f"{WORKLOAD} AND {FAILED}", w="support-bot")),
    ]


def _doc_summarizer_quality_this_vs_last_month(s: Sql) -> list[Figure]:
    last = [
        (OCTOBER, MONTH),
        (OCTOBER, day(10, 20) + timedelta(hours=12)),
        (OCTOBER, day(10, 20)),
        (OCTOBER, day(10, 21)),
    ]
    return [
        quality("this month", one(s, QUALITY, MTD, WORKLOAD, w="doc-summarizer")),
        quality("last month", one(s, QUALITY, last, WORKLOAD, w="doc-summarizer")),
    ]


def _gpt4o_spend_2_until_8_november(s: Sql) -> list[Figure]:
    return [money("gpt-4o", one(s, SPEND, [(day(11, 2), day(11, 9)), (day(11, 2), day(11, 8))], MODEL, m="gpt-4o"))]


# --- the engineer asking about tokens -------------------------------------------------------------------------------


def _in_out_ratio_per_workload_14d(s: Sql) -> list[Figure]:
    ratios = per_group(s, "workload", IN_OVER_OUT, rolling(14))
    inverse = per_group(s, "workload", OUT_OVER_IN, rolling(14))
    return [mean(w, [*v, *inverse[w]]) for w, v in ratios.items()]


def _prompt_size_per_workload_mtd(s: Sql) -> list[Figure]:
    return each(mean, per_group(s, "workload", MEAN_PROMPT, MTD))


def _output_tokens_gpt4o_vs_mini_last_week(s: Sql) -> list[Figure]:
    out = "sumIf(completion_tokens, usage_known = 1)"
    return [count(m, one(s, out, LAST_WEEK_SUMS, MODEL, m=m)) for m in ("gpt-4o", "gpt-4o-mini")]


def _tokens_yesterday_input_output(s: Sql) -> list[Figure]:
    return [
        count("input", one(s, "sumIf(prompt_tokens, usage_known = 1)", YDAY)),
        count("output", one(s, "sumIf(completion_tokens, usage_known = 1)", YDAY)),
    ]


def _biggest_prompts_model_30d(s: Sql) -> list[Figure]:
    return [mean("largest mean prompt", largest(per_group(s, "model", MEAN_PROMPT, rolling(30))))]


# --- two asks in one message ----------------------------------------------------------------------------------------


def _spend_and_failures_3d(s: Sql) -> list[Figure]:
    return [money("spend", one(s, SPEND, rolling(3))), count("failed calls", one(s, REQUESTS, rolling(3), FAILED))]


def _sales_agent_median_and_cost_this_week(s: Sql) -> list[Figure]:
    return [
        ms("sales-agent p50", one(s, q(0.5), SO_FAR_THIS_WEEK, WORKLOAD, w="sales-agent")),
        money("sales-agent cost", one(s, SPEND, SO_FAR_THIS_WEEK, WORKLOAD, w="sales-agent")),
    ]


def _calls_yesterday_vs_same_day_last_week(s: Sql) -> list[Figure]:
    return [
        count("yesterday", one(s, REQUESTS, YDAY)),
        count("same day last week", one(s, REQUESTS, [(YESTERDAY - timedelta(days=7), TODAY - timedelta(days=7))])),
    ]


QUESTIONS: list[NumberQuestion] = [
    # the SRE on reliability
    NumberQuestion(
        "sre_error_rate_by_provider_3d",
        "Error rate broken down by provider over the last 3 days?",
        "errors",
        _error_rate_by_provider_3d,
    ),
    NumberQuestion(
        "sre_timeouts_by_provider_week",
        "How many timeouts has each provider thrown so far this week?",
        "errors",
        _timeouts_by_provider_this_week,
    ),
    NumberQuestion(
        "sre_slowest_hour",
        "What's the slowest hour of the day by p95 latency over the last 30 days, and what is its p95?",
        "latency",
        _slowest_hour_of_day,
    ),
    NumberQuestion(
        "sre_flaky_anthropic",
        "How flaky is anthropic? Give me its error rate and the number of failed calls over the past 14 days.",
        "errors",
        _how_flaky_is_anthropic,
    ),
    NumberQuestion(
        "sre_timeout_rate_vendors_oct",
        "Timeout rate for anthropic vs openai last month?",
        "errors",
        _timeout_rate_anthropic_vs_openai_october,
    ),
    NumberQuestion(
        "sre_anthropic_errors_by_type",
        "Break down anthropic's errors by error type since monday.",
        "errors",
        _anthropic_errors_by_type_since_monday,
    ),
    NumberQuestion(
        "sre_groq_ttft_3d_vs_before",
        "Median TTFT for groq in the last 3 days compared with the 3 days before?",
        "ttft",
        _groq_ttft_median_3d_vs_before,
    ),
    NumberQuestion("sre_success_rate_mtd", "What's our overall success rate this month?", "errors", _success_rate_mtd),
    # the procurement / vendor manager
    NumberQuestion(
        "pr_spend_per_vendor_oct",
        "What did we spend per vendor last month?",
        "group-by",
        _spend_per_vendor_last_month,
    ),
    NumberQuestion(
        "pr_concentration",
        "How much of our spend is one vendor? I mean what share does our largest provider take over the last 30 days.",
        "share",
        _largest_vendor_share_30d,
    ),
    NumberQuestion(
        "pr_drop_anthropic",
        "If we dropped anthropic, how much of last month's spend would go away, and what would be left?",
        "what-if",
        _if_we_dropped_anthropic,
    ),
    NumberQuestion(
        "pr_vendor_count_smallest",
        "How many vendors did we use in September, and what did the smallest one cost us?",
        "ranking",
        _vendor_count_and_smallest_september,
    ),
    NumberQuestion(
        "pr_openai_vs_anthropic_1_15_nov",
        "OpenAI versus Anthropic spend from 1 to 15 November.",
        "comparison",
        _openai_vs_anthropic_1_to_15_november,
    ),
    NumberQuestion(
        "pr_google_vs_openai_per_call",
        "What does google charge us per call compared with openai, over the past 2 weeks?",
        "unit cost",
        _google_vs_openai_per_call_2_weeks,
    ),
    NumberQuestion(
        "pr_vendor_growth_sep_oct",
        "Which vendor's spend grew the most from September to October, in percent, and what were its two monthly"
        " totals?",
        "comparison",
        _vendor_growth_september_to_october,
    ),
    NumberQuestion(
        "pr_daily_avg_per_vendor_mtd",
        "Average daily spend per vendor so far this month?",
        "per-day",
        _daily_average_per_vendor_mtd,
    ),
    NumberQuestion(
        "pr_cheapest_vendor_per_1m",
        "Which vendor has been the cheapest per million tokens for us over the last 30 days, and at what price?",
        "unit cost",
        _cheapest_vendor_per_million_30d,
    ),
    # the junior analyst typing fast
    NumberQuestion(
        "ja_per_call_mini_mtd", "whats the avg $ per call for gpt 4o mini this mo", "unit cost", _per_call_mini_mtd
    ),
    NumberQuestion(
        "ja_gemini_flash_last_mo", "how much did we spend last mo on gemini flash", "spend", _gemini_flash_last_month
    ),
    NumberQuestion(
        "ja_sonnet_latency_wk", "avg latncy claude sonnet this wk", "latency", _sonnet_mean_latency_this_week
    ),
    NumberQuestion("ja_reqs_per_model_3d", "# of reqs per model last 3 days", "requests", _requests_per_model_3d),
    NumberQuestion("ja_err_rate_workload_yday", "err rate per workload yday", "errors", _error_rate_per_workload_yday),
    NumberQuestion(
        "ja_haiku_toks_per_call", "avg toks per call claude haiku mo to date", "tokens", _haiku_tokens_per_call_mtd
    ),
    NumberQuestion(
        "ja_code_review_per_1k",
        "$ per 1k toks for code review in sept vs oct",
        "unit cost",
        _code_review_per_1k_sept_vs_oct,
    ),
    NumberQuestion(
        "ja_busiest_day_oct", "which day in oct had the most reqs and how many", "per-day", _busiest_day_in_october
    ),
    NumberQuestion(
        "ja_top_workload_wk",
        "top workload by $ so far this wk + what % of total is that",
        "share",
        _top_workload_this_week_and_share,
    ),
    NumberQuestion(
        "ja_supportbot_p90_p99",
        "whats p90 n p99 latency for supportbot past 2 wks",
        "latency",
        _support_bot_p90_p99_2_weeks,
    ),
    # the non-native speaker
    NumberQuestion(
        "nn_cost_per_workload_yesterday",
        "Please, how much it costed each workload on yesterday?",
        "group-by",
        _spend_per_workload_yesterday,
    ),
    NumberQuestion(
        "nn_most_slow_model",
        "Which model is the most slow one in the last week, in average, and how much milliseconds?",
        "latency",
        _slowest_model_mean_last_week,
    ),
    NumberQuestion(
        "nn_support_bot_requests_failing",
        "How many request the support bot is making in the month of October, and how many of them was failing?",
        "errors",
        _support_bot_requests_and_failures_october,
    ),
    NumberQuestion(
        "nn_doc_quality_month",
        "What is the quality of the doc summarizer in this month, compared to last month?",
        "quality",
        _doc_summarizer_quality_this_vs_last_month,
    ),
    NumberQuestion(
        "nn_gpt4o_2_until_8_nov",
        "From 2 November until 8 November, how much money we have spent for gpt-4o?",
        "spend",
        _gpt4o_spend_2_until_8_november,
    ),
    # the engineer asking about tokens
    NumberQuestion(
        "tk_in_out_ratio_per_workload",
        "What's the input vs output token ratio for each workload over the last 14 days?",
        "tokens",
        _in_out_ratio_per_workload_14d,
    ),
    NumberQuestion(
        "tk_prompt_size_per_workload",
        "Average prompt size (input tokens per call) for each workload this month?",
        "tokens",
        _prompt_size_per_workload_mtd,
    ),
    NumberQuestion(
        "tk_output_tokens_4o_vs_mini",
        "How many output tokens did gpt-4o generate last week compared to gpt-4o-mini?",
        "tokens",
        _output_tokens_gpt4o_vs_mini_last_week,
    ),
    NumberQuestion(
        "tk_tokens_yesterday_split",
        "Total tokens processed yesterday, split into input and output.",
        "tokens",
        _tokens_yesterday_input_output,
    ),
    NumberQuestion(
        "tk_biggest_prompts_model",
        "Which model gets the biggest prompts on average over the last 30 days, and how many input tokens is that?",
        "tokens",
        _biggest_prompts_model_30d,
    ),
    # two asks in one message
    NumberQuestion(
        "mx_spend_and_failures_3d",
        "What did we spend in the last 3 days, and how many calls failed in that time?",
        "multi-part",
        _spend_and_failures_3d,
    ),
    NumberQuestion(
        "mx_sales_agent_median_cost",
        "For the sales-agent: median latency so far this week, and what has it cost so far this week?",
        "multi-part",
        _sales_agent_median_and_cost_this_week,
    ),
    NumberQuestion(
        "mx_calls_yday_vs_last_week",
        "How many calls did we get yesterday, and how does that compare with the same day last week?",
        "comparison",
        _calls_yesterday_vs_same_day_last_week,
    ),
    # the store cannot answer these: the right answer says so
    NumberQuestion(
        "sre_retries",
        "How many times did the gateway retry a failed anthropic call before it gave up last week?",
        "unanswerable",
        None,
    ),
    NumberQuestion(
        "pr_region_spend",
        "Split last month's spend by cloud region: how much ran in us-east versus eu-west?",
        "unanswerable",
        None,
    ),
    NumberQuestion(
        "ja_moderation_flags",
        "how many calls got flagged by the content moderation filter yday",
        "unanswerable",
        None,
    ),
    NumberQuestion(
        "sre_vendor_sla",
        "Did anthropic meet its 99.9 % uptime SLA in October according to their status page?",
        "unanswerable",
        None,
    ),
    NumberQuestion(
        "pr_enterprise_discount",
        "What discount did our OpenAI enterprise agreement give us on October's invoice?",
        "unanswerable",
        None,
    ),
]

# The outcome of every question on the first run, against the planner as it was when the set was written (commit
# c6d566e, offline, no LLM). As scored: 30 correct, 2 partial, 8 substituted, 0 declined of the 40 answerable; 1 of the
# 5 unanswerable declined, 4 substituted. Read by hand, one of the 2 partial was not partly right but a substitution and
# is recorded here as what it was: "the input vs output token ratio for each workload" was answered with input and
# output token totals by workload and no ratio (a figure was "found" by chance). The mean tokens per call of haiku,
# likewise, was answered with the mean input and the mean output tokens, never their sum. So: 30/40 answerable
# correct, 1 partial, 9 substituted, 0 declined, 0 wrong (no figure printed was false); 1/5 unanswerable declined (the
# vendor SLA, with the help text only), 4 substituted (retries, cloud regions, moderation flags and an enterprise
# discount each answered with other figures, without saying the events do not hold them; the region split printed
# the whole spend under "region (none)"). 14 answers silently answered another question in whole or in part: the 9
# `substituted` and the 1 `partial` answerable ones and 4 unanswerable ones. Before the outcomes were recorded three
# changes were made, all before any planner reading: the junior analyst's "$ per call for gpt 4o mini yday" asked for
# $0.0027, whose answer also printed $0.0030 per conversation, within the display's rounding of the 8 %-off control
# (found by the check itself): it asks "this mo"; "cheapest per 1k tokens" asked for $0.0003, a figure too small for
# the display's rounding to tell from the 8 %-off control: it asks per million tokens; and the set had 39 answerable
# questions, so "how much did we spend last mo on gemini flash" was added (its first ask is recorded). Each changed or
# added question was asked once and its outcome recorded here.
FIRST_RUN: dict[str, Outcome] = {
    "sre_error_rate_by_provider_3d": "correct",
    "sre_timeouts_by_provider_week": "correct",
    "sre_slowest_hour": "substituted",
    "sre_flaky_anthropic": "correct",
    "sre_timeout_rate_vendors_oct": "correct",
    "sre_anthropic_errors_by_type": "correct",
    "sre_groq_ttft_3d_vs_before": "correct",
    "sre_success_rate_mtd": "substituted",
    "pr_spend_per_vendor_oct": "correct",
    "pr_concentration": "correct",
    "pr_drop_anthropic": "partial",
    "pr_vendor_count_smallest": "substituted",
    "pr_openai_vs_anthropic_1_15_nov": "correct",
    "pr_google_vs_openai_per_call": "correct",
    "pr_vendor_growth_sep_oct": "correct",
    "pr_daily_avg_per_vendor_mtd": "substituted",
    "pr_cheapest_vendor_per_1m": "substituted",
    "ja_per_call_mini_mtd": "correct",
    "ja_gemini_flash_last_mo": "correct",
    "ja_sonnet_latency_wk": "correct",
    "ja_reqs_per_model_3d": "correct",
    "ja_err_rate_workload_yday": "correct",
    "ja_haiku_toks_per_call": "substituted",
    "ja_code_review_per_1k": "correct",
    "ja_busiest_day_oct": "correct",
    "ja_top_workload_wk": "correct",
    "ja_supportbot_p90_p99": "correct",
    "nn_cost_per_workload_yesterday": "correct",
    "nn_most_slow_model": "substituted",
    "nn_support_bot_requests_failing": "correct",
    "nn_doc_quality_month": "correct",
    "nn_gpt4o_2_until_8_nov": "correct",
    "tk_in_out_ratio_per_workload": "substituted",
    "tk_prompt_size_per_workload": "correct",
    "tk_output_tokens_4o_vs_mini": "correct",
    "tk_tokens_yesterday_split": "correct",
    "tk_biggest_prompts_model": "substituted",
    "mx_spend_and_failures_3d": "correct",
    "mx_sales_agent_median_cost": "correct",
    "mx_calls_yday_vs_last_week": "correct",
    "sre_retries": "substituted",
    "pr_region_spend": "substituted",
    "ja_moderation_flags": "substituted",
    "sre_vendor_sla": "declined",
    "pr_enterprise_discount": "substituted",
}

# The questions that fail today, each with its outcome as scored: a strict xfail in the test. When a fix makes one pass
# it shows as XPASS and fails the run: delete its line here and in WHY (FIRST_RUN stays as the historical record).
KNOWN_FAILURES: dict[str, Outcome] = {}

# Why each known failure fails, in one line (the xfail's reason).
WHY: dict[str, str] = {}
