"""An eighth blind, number-checked question set: 40 questions the store can answer and 5 it cannot.

Written in the voice of three users, without reading the planner: a FinOps analyst who owns the monthly budget
(shares of spend, exclusions of one or several models or workloads, "how much of the $350 is left", "our bots",
"token breakdown"), a platform engineer on call who types shorthand with typos ("yday", "wk", "mtd", "reqs", "err
rate", "latncy", "w/o", "ttft", "mon-wed"), and an engineering manager with loose multi-part asks ("our assistants",
"ppl", "regular output tokens"). They cover a workload's share of spend and every provider's share, the combined
share of the top two models, a request share, budgets (what is left, the percentage used, the projected total
against a budget), spend grouped by workload when the user says "bots" or "assistants", tokens by kind (input,
cached input, output, reasoning), totals excluding a list of two or three models or workloads, a grouping with an
exclusion, comparisons (two named months for one workload, week over week of a model and of request volume, this
week's p95 against last week's, two models' error rates, two workloads' quality), relative days ("mon-wed this wk",
"the last 5 full days", "the 1st half of nov", "since oct 1st", "last 48h"), the error spend of one error type, the
worst group by error rate, per-group timeouts, quantiles and means of latency and TTFT, distinct users, mean output
tokens, cost per request and per 1k tokens, and the cheapest provider per request. The five unanswerable ones ask
for what the events do not hold: hand-offs from a bot to a human agent, prompt template versions, fine-tuning job
costs, image generations with a model the org does not use, and the draw-down of a committed-spend contract.

The store and its machinery are the first number set's (`make_number_events`, `Sql`, the tolerances), the helpers
the seventh's. NOW is Friday 2026-11-20 12:00 UTC; the events start on Sunday 30 August about noon, so September and
October are whole months. No event here has cached or reasoning tokens (both are 0): a question asking for them
also asks for a non-zero figure, which is what the check's 8 %-off control rests on (tests/agents/
test_asked_phrasings_set8.py checks the token kinds on a store where they are not 0). Every expected figure is
computed here by this file's own parameterised SQL over one org's raw events (never netra_core's analytics).
Tolerances: money 0.5 % (totals, breakdowns, what is left of a budget 1 %), 1 % (unit costs), 3 % (projections);
percentages 0.05 points, changes 0.3 points (compared by size); latency and TTFT 1 % (p99 2 %), means 1 %; counts
exact, mean tokens 1 %; quality 0.002. Where a phrase has more than one fair reading, each is an accepted
alternative (the most literal first):

- "last 30d" / "past 2 wks": the N x 24 hours before now, the N whole days before today, or the N calendar days
  ending today; sums over 7 days take only the first two (the calendar reading covers 6.5 days, about 8 % less, which
  the 8 %-off control would find in a right answer);
- "past month": the last 30 days (any reading) or October; "last month" / "oct" / "sept": the calendar month;
- "mtd" / "this month" / "so far in nov": 1 November 00:00 to now, or to today 00:00;
- "this wk": Monday 16 November to now, or the last 7 days; "last wk" alone: Monday 9 to Sunday 15 November, or the
  last 7 days; "this wk vs last wk": the previous week whole, to the same point, or the 7 x 24 hours before the last
  7 x 24 hours; "past 7 days vs prior 7" and "wk over wk": the last 7 x 24 hours (or 7 whole days) against the 7
  before them, or this week to now against last week to the same point;
- "mon-wed this wk": Monday 16 to Wednesday 18 November inclusive; "the last 5 full days (not today)": 15 to 19
  November, one figure each; "the 1st half of nov (1-15)": 1 to 15 November inclusive; "since oct 1st": 1 October to
  now, or to today 00:00; "last 48h": the 48 hours before now;
- "how much of a $350 november budget is left": $350 less month-to-date spend; "what % of a $300/mo budget": month
  to date over $300; "projected total": month to date over the elapsed days (19.5, 20 or 19 whole days) times 30, or
  month to date plus the last 7 days' daily rate for the 10.5 days left;
- "our bots" / "our assistants": the workloads; "gemini": gemini-2.0-flash (Google's only model here); "llama":
  llama-3.1-8b-instant; "sonnet" / "haiku": the Claude 3.5 models;
- "token breakdown": input (prompt) tokens, cached input tokens, output (completion) tokens and reasoning tokens;
  "total input tokens": prompt tokens (cached ones are part of them);
- "top 2 models ... what % of the total they make up together": their two amounts and the sum of their shares;
- "cost per 1k tokens": cost over prompt + completion + reasoning tokens;
- "which bot has the highest error rate" / "cheapest provider per request": the extreme value over the groups.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

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
    PREVIOUS_WEEK,
    THIS_MONDAY,
    THIS_WEEK,
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
    ranked,
    rolling,
)

PAST_MONTH: list[Window] = [*rolling(30), (OCTOBER, MONTH)]
WEEK_SUMS: list[Window] = rolling(7)[:2]  # see the module doc: sums over 7 days leave out the 6.5-day reading
# Pairs of (this, the one before) for a week-over-week change.
WEEK_PAIRS: list[tuple[Window, Window]] = [
    ((days_ago(7), NOW), (days_ago(14), days_ago(7))),
    ((TODAY - timedelta(days=7), TODAY), (TODAY - timedelta(days=14), TODAY - timedelta(days=7))),
    ((THIS_MONDAY, NOW), (LAST_MONDAY, NOW - timedelta(days=7))),
]
USERS = "uniqExact(user_id)"


def shares(s: Sql, dim: str, windows: Sequence[Window], where: str = "1", **params: Any) -> dict[str, list[float]]:
    """Each group's percentage of the total spend, over each window reading (the groups of the first reading)."""
    readings = []
    for a, b in windows:
        spend = s.by(dim, SPEND, a, b, where, **params)
        total = sum(spend.values())
        readings.append({k: 100 * v / total for k, v in spend.items()})
    return {key: [r[key] for r in readings if key in r] for key in readings[0]}


def mtd_projection(s: Sql) -> list[float]:
    """The November total at this pace, every reading of the seventh set's projection."""
    mtd = s.one(SPEND, MONTH, NOW)
    whole = s.one(SPEND, MONTH, TODAY)
    weekly = [s.one(SPEND, a, b) / 7 for a, b in WEEK_SUMS]
    return [mtd / 19.5 * 30, mtd / 20 * 30, whole / 19 * 30, *(mtd + rate * 10.5 for rate in weekly)]


def week_over_week(s: Sql, label: str, expr: str, where: str = "1", **params: Any) -> list[Figure]:
    pairs = [(s.one(expr, *new, where, **params), s.one(expr, *old, where, **params)) for new, old in WEEK_PAIRS]
    make = money if expr == SPEND else count
    return [
        make(f"{label} this", [new for new, _ in pairs]),
        make(f"{label} before", [old for _, old in pairs]),
        change("change", pairs),
    ]


# --- the FinOps analyst -------------------------------------------------------------------------------------------


def _support_bot_share(s: Sql) -> list[Figure]:
    return [pct("support-bot share", shares(s, "workload", rolling(30))["support-bot"])]


def _bots_cost_october(s: Sql) -> list[Figure]:
    return each(money, per_group(s, "workload", SPEND, [(OCTOBER, MONTH)]))


def _token_breakdown_october(s: Sql) -> list[Figure]:
    window, known = [(OCTOBER, MONTH)], "usage_known = 1"
    return [
        count("input", one(s, "sum(prompt_tokens)", window, known)),
        count("cached input", one(s, "sum(cached_tokens)", window, known)),
        count("output", one(s, "sum(completion_tokens)", window, known)),
        count("reasoning", one(s, "sum(reasoning_tokens)", window, known)),
    ]


def _spend_excluding_two_models(s: Sql) -> list[Figure]:
    where = "model NOT IN ({a:String}, {b:String})"
    return [money("all but gpt-4o and sonnet", one(s, SPEND, rolling(14), where, a="gpt-4o", b="claude-3-5-sonnet"))]


def _mtd_without_three_workloads(s: Sql) -> list[Figure]:
    where = "workload NOT IN ({a:String}, {b:String}, {c:String})"
    values = one(s, SPEND, MTD, where, a="doc-summarizer", b="search-rag", c="code-review")
    return [money("mtd without three workloads", values)]


def _budget_left(s: Sql) -> list[Figure]:
    return [money("left of $350", [350 - v for v in one(s, SPEND, MTD)], rel=0.01)]


def _budget_used(s: Sql) -> list[Figure]:
    return [pct("used of $300", [100 * v / 300 for v in one(s, SPEND, MTD)])]


def _projection_against_budget(s: Sql) -> list[Figure]:
    return [money("November projected", mtd_projection(s), rel=0.03)]


def _provider_shares(s: Sql) -> list[Figure]:
    return [pct(f"{p} share", v) for p, v in shares(s, "provider", rolling(30)).items()]


def _mini_request_share(s: Sql) -> list[Figure]:
    expr = "100 * countIf(model = {m:String}) / count()"
    return [pct("gpt-4o-mini share of requests", one(s, expr, PAST_MONTH, m="gpt-4o-mini"))]


def _code_review_september_october(s: Sql) -> list[Figure]:
    sep = s.one(SPEND, SEPTEMBER, OCTOBER, WORKLOAD, w="code-review")
    octo = s.one(SPEND, OCTOBER, MONTH, WORKLOAD, w="code-review")
    return [money("September", [sep]), money("October", [octo]), change("change", [(octo, sep), (octo / 31, sep / 30)])]


def _rate_limit_spend_october(s: Sql) -> list[Figure]:
    where = "status != 'ok' AND error_type = {e:String}"
    return [money("rate-limited", one(s, SPEND, [(OCTOBER, MONTH)], where, e="rate_limit"))]


def _cheapest_provider_per_request(s: Sql) -> list[Figure]:
    ((_, values),) = ranked(s, "provider", PER_REQUEST, [(OCTOBER, MONTH)], 1, largest=False)
    return [money("cheapest $/req", values, rel=0.01)]


def _top2_models_combined_share(s: Sql) -> list[Figure]:
    top = ranked(s, "model", SPEND, MTD, 2, largest=True)
    totals = one(s, SPEND, MTD)
    together = [100 * (top[0][1][i] + top[1][1][i]) / totals[i] for i in range(len(totals))]
    return [*(money(m, v) for m, v in top), pct("together", together)]


def _sales_agent_first_half(s: Sql) -> list[Figure]:
    return [money("sales-agent 1-15 Nov", one(s, SPEND, [(day(11, 1), day(11, 16))], WORKLOAD, w="sales-agent"))]


def _since_october_first(s: Sql) -> list[Figure]:
    return [money("since 1 Oct", one(s, SPEND, [(OCTOBER, NOW), (OCTOBER, TODAY)]))]


def _provider_spend_without_classifier(s: Sql) -> list[Figure]:
    where = "workload != {w:String}"
    return each(money, per_group(s, "provider", SPEND, [(SEPTEMBER, OCTOBER)], where, w="ticket-classifier"))


def _gemini_week_over_week(s: Sql) -> list[Figure]:
    return week_over_week(s, "gemini", SPEND, MODEL, m="gemini-2.0-flash")


# --- the platform engineer on call ----------------------------------------------------------------------------------


def _yesterday_three(s: Sql) -> list[Figure]:
    window = [(YESTERDAY, TODAY)]
    return [
        money("spend", one(s, SPEND, window)),
        count("requests", one(s, REQUESTS, window)),
        pct("error rate", one(s, ERROR_RATE, window)),
    ]


def _monday_to_wednesday(s: Sql) -> list[Figure]:
    return [money("Mon-Wed", one(s, SPEND, [(THIS_MONDAY, day(11, 19))]))]


def _sonnet_vs_haiku_errors(s: Sql) -> list[Figure]:
    return [
        pct("sonnet", one(s, ERROR_RATE, rolling(14), MODEL, m="claude-3-5-sonnet")),
        pct("haiku", one(s, ERROR_RATE, rolling(14), MODEL, m="claude-3-5-haiku")),
    ]


def _worst_bot_error_rate(s: Sql) -> list[Figure]:
    ((_, values),) = ranked(s, "workload", ERROR_RATE, MTD, 1, largest=True)
    return [pct("worst err rate", values)]


def _llama_ttft_p99(s: Sql) -> list[Figure]:
    return [ms("ttft p99", one(s, q(0.99, "ttft_ms"), rolling(30), MODEL, m="llama-3.1-8b-instant"), rel=0.02)]


def _mean_latency_by_task_yesterday(s: Sql) -> list[Figure]:
    return each(ms, per_group(s, "task_type", MEAN_LATENCY, [(YESTERDAY, TODAY)]))


def _timeouts_per_bot(s: Sql) -> list[Figure]:
    windows = [(LAST_MONDAY, THIS_MONDAY), *WEEK_SUMS]
    return each(count, per_group(s, "workload", REQUESTS, windows, "status != 'ok' AND error_type = 'timeout'"))


def _top3_models_by_requests(s: Sql) -> list[Figure]:
    return [count(m, v) for m, v in ranked(s, "model", REQUESTS, MTD, 3, largest=True)]


def _p95_week_vs_week(s: Sql) -> list[Figure]:
    return [ms("p95 this wk", one(s, q(0.95), THIS_WEEK)), ms("p95 last wk", one(s, q(0.95), PREVIOUS_WEEK))]


def _classifier_p50_48h(s: Sql) -> list[Figure]:
    return [ms("p50", one(s, q(0.5), [(days_ago(2), NOW)], WORKLOAD, w="ticket-classifier"))]


def _requests_week_over_week(s: Sql) -> list[Figure]:
    return week_over_week(s, "requests", REQUESTS)


def _search_rag_by_model_week(s: Sql) -> list[Figure]:
    return each(money, per_group(s, "model", SPEND, WEEK_SUMS, WORKLOAD, w="search-rag"))


def _last_five_full_days(s: Sql) -> list[Figure]:
    return [money(f"Nov {d}", one(s, SPEND, [(day(11, d), day(11, d + 1))])) for d in range(15, 20)]


# --- the engineering manager ---------------------------------------------------------------------------------------


def _per_request_per_assistant(s: Sql) -> list[Figure]:
    groups = per_group(s, "workload", PER_REQUEST, rolling(7))
    return [money(w, v, rel=0.01) for w, v in groups.items()]


def _support_vs_sales_quality(s: Sql) -> list[Figure]:
    return [
        quality("support-bot", one(s, QUALITY, MTD, WORKLOAD, w="support-bot")),
        quality("sales-agent", one(s, QUALITY, MTD, WORKLOAD, w="sales-agent")),
    ]


def _code_review_users_yesterday(s: Sql) -> list[Figure]:
    return [count("users", one(s, USERS, [(YESTERDAY, TODAY)], WORKLOAD, w="code-review"))]


def _doc_summarizer_output_tokens(s: Sql) -> list[Figure]:
    value = one(s, "avg(completion_tokens)", [(OCTOBER, MONTH)], WORKLOAD, w="doc-summarizer")
    return [Figure("mean output tokens", value[0], Unit.NUMBER, rel=0.01)]


def _mini_vs_4o_per_1k(s: Sql) -> list[Figure]:
    return [
        money("gpt-4o-mini", one(s, PER_1K, MTD, MODEL, m="gpt-4o-mini"), rel=0.01),
        money("gpt-4o", one(s, PER_1K, MTD, MODEL, m="gpt-4o"), rel=0.01),
    ]


def _sales_agent_failures(s: Sql) -> list[Figure]:
    return [pct("sales-agent failed", one(s, ERROR_RATE, [(OCTOBER, MONTH)], WORKLOAD, w="sales-agent"))]


def _doc_summarizer_by_provider(s: Sql) -> list[Figure]:
    return each(money, per_group(s, "provider", SPEND, rolling(30), WORKLOAD, w="doc-summarizer"))


def _sonnet_reasoning_vs_output(s: Sql) -> list[Figure]:
    where, window = "model = {m:String} AND usage_known = 1", [(OCTOBER, MONTH)]
    return [
        count("reasoning", one(s, "sum(reasoning_tokens)", window, where, m="claude-3-5-sonnet")),
        count("output", one(s, "sum(completion_tokens)", window, where, m="claude-3-5-sonnet")),
    ]


def _cached_vs_total_input(s: Sql) -> list[Figure]:
    return [
        count("cached input", one(s, "sum(cached_tokens)", MTD, "usage_known = 1")),
        count("total input", one(s, "sum(prompt_tokens)", MTD, "usage_known = 1")),
    ]


QUESTIONS: list[NumberQuestion] = [
    # the FinOps analyst
    NumberQuestion(
        "fin_support_share", "what share of spend is the support bot? last 30 days", "share", _support_bot_share
    ),
    NumberQuestion("fin_bots_cost", "how much do our bots cost? october numbers pls", "group-by", _bots_cost_october),
    NumberQuestion("fin_token_breakdown", "token breakdown for last month", "tokens", _token_breakdown_october),
    NumberQuestion(
        "fin_excl_two_models",
        "total spend over the last 2 weeks excluding gpt-4o and claude-3-5-sonnet",
        "exclusion",
        _spend_excluding_two_models,
    ),
    NumberQuestion(
        "fin_excl_three_workloads",
        "mtd spend w/o doc-summarizer, search-rag or code-review",
        "exclusion",
        _mtd_without_three_workloads,
    ),
    NumberQuestion(
        "fin_budget_left", "we set a $350 budget for november. how much of it is left?", "budget", _budget_left
    ),
    NumberQuestion(
        "fin_budget_used", "what % of our $300/mo budget have we used so far this month", "budget", _budget_used
    ),
    NumberQuestion(
        "fin_budget_pace",
        "at this pace will we blow through a $400 budget in nov? whats the projected total",
        "budget",
        _projection_against_budget,
    ),
    NumberQuestion(
        "fin_provider_shares",
        "openai vs anthropic vs google vs groq - % of spend, last 30d",
        "share",
        _provider_shares,
    ),
    NumberQuestion(
        "fin_mini_request_share",
        "what fraction of our requests go to gpt-4o-mini (past month)?",
        "share",
        _mini_request_share,
    ),
    NumberQuestion(
        "fin_code_review_sep_oct",
        "did code review get pricier? sept vs oct, with the % change",
        "comparison",
        _code_review_september_october,
    ),
    NumberQuestion(
        "fin_rate_limit_spend",
        "How much did we spend on rate-limited requests in october?",
        "error spend",
        _rate_limit_spend_october,
    ),
    NumberQuestion(
        "fin_cheapest_provider",
        "cheapest provider per request last month, and the $/req",
        "unit cost",
        _cheapest_provider_per_request,
    ),
    NumberQuestion(
        "fin_top2_models_share",
        "top 2 models by spend mtd + what % of the total they make up together",
        "share",
        _top2_models_combined_share,
    ),
    NumberQuestion(
        "fin_sales_agent_first_half",
        "sales agent cost for the 1st half of nov (1-15)",
        "filter",
        _sales_agent_first_half,
    ),
    NumberQuestion("fin_since_oct1", "how much have we spent since oct 1st?", "spend", _since_october_first),
    NumberQuestion(
        "fin_provider_excl_classifier",
        "spend by provider for september, leaving out the ticket-classifier",
        "exclusion",
        _provider_spend_without_classifier,
    ),
    NumberQuestion(
        "fin_gemini_wow",
        "gemini spend past 7 days vs prior 7, and the % change",
        "comparison",
        _gemini_week_over_week,
    ),
    # the platform engineer on call
    NumberQuestion("ops_yday_three", "yday: total $, # of reqs, err rate?", "multi-part", _yesterday_three),
    NumberQuestion("ops_mon_to_wed", "spend mon-wed this wk", "spend", _monday_to_wednesday),
    NumberQuestion(
        "ops_sonnet_vs_haiku_err", "err rate sonnet vs haiku, past 2 wks", "errors", _sonnet_vs_haiku_errors
    ),
    NumberQuestion(
        "ops_worst_bot_err",
        "which bot has the highest error rate this month + what is it",
        "errors",
        _worst_bot_error_rate,
    ),
    NumberQuestion("ops_llama_ttft_p99", "ttft p99 for llama, last 30d", "ttft", _llama_ttft_p99),
    NumberQuestion(
        "ops_latency_by_task_yday", "avg latency by task type yday", "latency", _mean_latency_by_task_yesterday
    ),
    NumberQuestion("ops_timeouts_per_bot", "timeouts per bot last wk", "errors", _timeouts_per_bot),
    NumberQuestion(
        "ops_top3_models_volume", "top 3 models by req volume mtd w/ counts", "top-n", _top3_models_by_requests
    ),
    NumberQuestion("ops_p95_wk_vs_wk", "p95 latncy this wk vs last wk", "latency", _p95_week_vs_week),
    NumberQuestion("ops_classifier_p50_48h", "p50 latency ticket classifier last 48h", "latency", _classifier_p50_48h),
    NumberQuestion("ops_reqs_wow", "wk over wk change in request volume?", "comparison", _requests_week_over_week),
    NumberQuestion(
        "ops_search_rag_by_model", "search-rag spend split by model, past wk", "group-by", _search_rag_by_model_week
    ),
    NumberQuestion(
        "ops_last_five_days", "daily spend for the last 5 full days (not today)", "trend", _last_five_full_days
    ),
    # the engineering manager
    NumberQuestion(
        "em_per_req_per_assistant",
        "avg cost per request for each of our assistants last wk",
        "unit cost",
        _per_request_per_assistant,
    ),
    NumberQuestion(
        "em_support_vs_sales_quality",
        "quality: support bot vs sales agent this month?",
        "quality",
        _support_vs_sales_quality,
    ),
    NumberQuestion("em_code_review_users", "how many ppl used code-review yday", "users", _code_review_users_yesterday),
    NumberQuestion(
        "em_doc_output_tokens",
        "avg output tokens per request for doc-summarizer in oct",
        "tokens",
        _doc_summarizer_output_tokens,
    ),
    NumberQuestion(
        "em_mini_vs_4o_per_1k", "gpt-4o-mini vs gpt-4o $ per 1k tokens this month", "unit cost", _mini_vs_4o_per_1k
    ),
    NumberQuestion(
        "em_sales_agent_failed", "what % of sales agent calls failed last month", "errors", _sales_agent_failures
    ),
    NumberQuestion(
        "em_doc_by_provider",
        "doc summarizer spend by provider, last 30 days",
        "group-by",
        _doc_summarizer_by_provider,
    ),
    NumberQuestion(
        "em_sonnet_reasoning",
        "how many reasoning tokens vs regular output tokens did sonnet produce last month?",
        "tokens",
        _sonnet_reasoning_vs_output,
    ),
    NumberQuestion(
        "em_cached_vs_total_input", "cached input tokens vs total input tokens, mtd", "tokens", _cached_vs_total_input
    ),
    # the store cannot answer these: the right answer says so
    NumberQuestion(
        "ops_handoffs", "how many hand-offs to humans did the support bot do last wk?", "unanswerable", None
    ),
    NumberQuestion(
        "em_prompt_versions",
        "which prompt template version of the sales agent gets the best quality?",
        "unanswerable",
        None,
    ),
    NumberQuestion("fin_finetune", "what did fine-tuning jobs cost us in october", "unanswerable", None),
    NumberQuestion("em_images", "how many images did we generate with dall-e this month", "unanswerable", None),
    NumberQuestion(
        "fin_azure_commit",
        "how much of our azure openai committed spend have we drawn down so far this year?",
        "unanswerable",
        None,
    ),
]

# The outcome of every question on the first run, against the planner as it was when the set was written (commit
# cdb5385, offline, no LLM). As scored: 23 correct, 4 partial, 13 substituted, 5 declined. Read by hand, one of the 23
# was right by accident and is recorded here as what it was, `substituted`: "will we blow through a $300 budget ...
# projected total" was answered with a routing policy, whose echo of the $300 budget lay within the 3 % tolerance of
# one projection reading ($306.70); the question now says $400, far from every reading. So: 22/40 answerable correct,
# 4 partial, 13 substituted, 1 declined (the help text for "how many ppl used X"); 4/5 unanswerable declined (the
# prompt-version one was answered with a quality score). 17 answers silently answered another question, in whole or
# in part: the 13 answerable `substituted`, the prompt-version one, and 3 `partial` (two of three asked figures
# dropped; timeouts per bot given per model; cached tokens dropped). Before the outcomes were recorded one question
# was changed: it asked for code-review's users over last week, and every one of the org's 40 users had used it, so
# any answer stating the org's user count would have passed; it asks for yesterday's (35 of them).
FIRST_RUN: dict[str, Outcome] = {
    "fin_support_share": "correct",
    "fin_bots_cost": "substituted",
    "fin_token_breakdown": "substituted",
    "fin_excl_two_models": "substituted",
    "fin_excl_three_workloads": "substituted",
    "fin_budget_left": "substituted",
    "fin_budget_used": "substituted",
    "fin_budget_pace": "substituted",
    "fin_provider_shares": "correct",
    "fin_mini_request_share": "correct",
    "fin_code_review_sep_oct": "substituted",
    "fin_rate_limit_spend": "correct",
    "fin_cheapest_provider": "correct",
    "fin_top2_models_share": "partial",
    "fin_sales_agent_first_half": "correct",
    "fin_since_oct1": "correct",
    "fin_provider_excl_classifier": "correct",
    "fin_gemini_wow": "correct",
    "ops_yday_three": "partial",
    "ops_mon_to_wed": "substituted",
    "ops_sonnet_vs_haiku_err": "substituted",
    "ops_worst_bot_err": "substituted",
    "ops_llama_ttft_p99": "substituted",
    "ops_latency_by_task_yday": "correct",
    "ops_timeouts_per_bot": "partial",
    "ops_top3_models_volume": "correct",
    "ops_p95_wk_vs_wk": "correct",
    "ops_classifier_p50_48h": "correct",
    "ops_reqs_wow": "correct",
    "ops_search_rag_by_model": "correct",
    "ops_last_five_days": "correct",
    "em_per_req_per_assistant": "substituted",
    "em_support_vs_sales_quality": "correct",
    "em_code_review_users": "declined",
    "em_doc_output_tokens": "correct",
    "em_mini_vs_4o_per_1k": "correct",
    "em_sales_agent_failed": "correct",
    "em_doc_by_provider": "correct",
    "em_sonnet_reasoning": "correct",
    "em_cached_vs_total_input": "partial",
    "ops_handoffs": "declined",
    "em_prompt_versions": "substituted",
    "fin_finetune": "declined",
    "em_images": "declined",
    "fin_azure_commit": "declined",
}

# The questions that fail today, each with its outcome: a strict xfail in the test. When a fix makes one pass it shows
# as XPASS and fails the run: delete its line here and in WHY (FIRST_RUN stays as the historical record).
# After the planner fixes of #16 for this set (bots as workloads, every token kind, exclusion lists, hand-offs and
# prompt versions declined, chat shorthand, people who used a workload, a workload's cost over months, the org's own
# model, spend against a budget, a run of weekdays, the top N's combined share): 40/40 correct, 5/5 declined. Images
# made (with a model the org does not run) first got only the help text; they are now declined in words (unheld.py).
KNOWN_FAILURES: dict[str, Outcome] = {}

# Why each known failure fails, in one line (the xfail's reason).
WHY: dict[str, str] = {}
