"""A seventh blind, number-checked question set: 40 questions the store can answer and 5 it cannot.

Written in the voice of two new users, without reading the planner or the other sets' questions: a head of finance
who writes long, formal questions with explicit dates ("between 3 and 17 October 2026 inclusive", "the fortnight
from 19 October to 1 November", "September 2026", "for the board pack"), and a product engineer on Slack who types
short lowercase fragments with slang, typos and abbreviations ("yday", "mtd", "wk", "past wk", "last 7d", "14d",
"prev wk", "same point last mo", "p75", "p90", "p99", "avg", "$ per call", "$ per 1k tok", "reqs", "toks", "err
rate", "qualty", "supportbot", "gemini flash", "sonnet", "r we burning"). They cover totals over explicit and relative
windows, rankings (top 5, bottom 2 and 3), breakdowns by model, provider, workload ("feature"), task type, user and
error type, shares of a total, period comparisons (fortnight over fortnight, a window that starts before the data
does, month to date against the same point last month, this week against last, per-day averages), latency and TTFT
quantiles (p50, p75, p90, p95, p99) and the mean, error rates and the spend on failed requests, tokens by kind
(prompt, completion, cached, reasoning; cached against uncached), cost per request and per 1k tokens, run-rate
projections, quality scores, and combined filters (a model within a workload; everything except a model or a
workload). The five unanswerable ones ask for what the events do not hold: engineers' salaries, customers' contract
plans, a vector-database bill, user churn and GPU utilisation.

The store and its machinery are the first number set's (`make_number_events`, `Sql`, the tolerances). NOW is
Friday 2026-11-20 12:00 UTC; the events start on Sunday 30 August about noon (82 days before NOW), so September and
October are whole months and a window reaching back before 30 August is only partly covered. No event here has
cached or reasoning tokens (both are 0). Every expected figure is computed here by this file's own parameterised SQL
over one org's raw events (never netra_core's analytics). Tolerances: money 0.5 % (totals, breakdowns), 1 % (unit
costs), 3 % (projections and run rates); percentages 0.05 points, changes 0.3 points (compared by size); latency and
TTFT 1 % (p99 2 %), the mean latency 1 %; token and request counts exact; quality 0.002. Where a phrase has more than
one fair reading, every reading is an accepted alternative of each figure (the most literal first):

- "between 3 and 17 October inclusive", "1 to 19 November inclusive", "the month of October": whole UTC days, the
  last one included (the question says so; no exclusive reading is accepted);
- "yday": Thursday 19 November; "the day before": Wednesday 18 November;
- "past wk" / "last 7d" / "14d" / "last 30d": the N x 24 hours before now, the N whole days before today, or the N
  calendar days ending today (today's part included);
- "this wk": Monday 16 November 00:00 to now, or any reading of the last 7 days; "last wk" (on its own): the calendar
  week Monday 9 to Sunday 15 November, or any reading of the last 7 days; "this wk vs prev wk": this week as above,
  the previous week Monday 9 to Monday 16 November, the same point of it (to Friday 13 November 12:00), or the 7 x 24
  hours before the last 7 x 24 hours;
- "mtd": 1 November 00:00 to now, or to today 00:00 (the 19 whole days); "mtd vs same point last mo": 1 November to
  now against 1 October to 20 October 12:00, the 19 whole days against 1 to 19 October, or month to date against
  1 to 20 October whole (20 calendar days each); the change pairs with each;
- "24 August to 6 September against 7 to 20 September" (the first window has data only from 30 August noon): both
  totals as they are; the change of the totals, or of the spend per covered day (coverage from the first event,
  7.5 days, or 8 calendar days with data) against the second window's 14 days;
- "projected total for the full month of November": month to date over the elapsed days (19.5, 20, or 19 whole days)
  times 30, or month to date plus the last 7 days' (x 24 hours or whole days) daily rate for the 10.5 days left;
  "monthly run rate based on the last 7d": the last 7 days' daily rate (over the days each reading covers) times 30
  (or 30.44, the mean month), or the November projection above made from that rate;
- "average daily spend between 2 and 15 November": the 14 days' spend over 14; September's over 30;
- "cost per thousand tokens": cost over prompt + completion + reasoning tokens (cached ones are part of prompt);
- "cached vs uncached prompt toks": cached tokens, and prompt tokens less cached ones;
- "feature": the workload (the events have no other feature field; the user says so in the question);
- "bottom 2 models by avg qualty" / "three users with the lowest spend" / "top 5 users": the 2, 3 or 5 values at that
  end of the ranking, whatever window reading each comes from;
- "worst err rate": the largest error rate over the providers;
- "err rate yday vs the day before": the two rates (a change between rates may be stated in points or in per cent,
  so it is not checked).

Cached and reasoning tokens are 0 here, so a "0" anywhere in the answer states them; they are always asked next to a
non-zero figure, which is what the check's 8 %-off control rests on. That control also chose two windows: the last 7
calendar days ending today cover 6.5 days, so a 7-day sum read that way is about 8 % below the 7 x 24 hour one and the
8 %-off figures were "found" in a right answer; the error spend and the model-in-workload questions ask for 14 days
(found when the set was first run, before its outcomes were recorded).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
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

Window = tuple[datetime, datetime]
PER_REQUEST = "sum(cost_usd) / count()"
ERROR_SPEND = "sumIf(cost_usd, status != 'ok')"
MEAN_LATENCY = "avg(toFloat64(latency_ms))"

THIS_MONDAY = datetime(2026, 11, 16, tzinfo=UTC)
LAST_MONDAY = THIS_MONDAY - timedelta(days=7)


def day(month: int, d: int) -> datetime:
    """00:00 UTC of a day of 2026."""
    return datetime(2026, month, d, tzinfo=UTC)


def rolling(n: int) -> list[Window]:
    """The readings of "the last n days": n x 24 hours, n whole days, n calendar days ending today."""
    return [(days_ago(n), NOW), (TODAY - timedelta(days=n), TODAY), (TODAY - timedelta(days=n - 1), NOW)]


MTD: list[Window] = [(MONTH, NOW), (MONTH, TODAY)]
# The windows most sets read the same way (shared by the later sets)
OCT: list[Window] = [(OCTOBER, MONTH)]
SEPT: list[Window] = [(SEPTEMBER, OCTOBER)]
YDAY: list[Window] = [(YESTERDAY, TODAY)]
# sums and counts: n x 24 hours or the n whole days before today (a sum over n - 0.5 calendar days is a few % less)
SUMMED_7D: list[Window] = rolling(7)[:2]
SUMMED_14D: list[Window] = rolling(14)[:2]
SUMMED_30D: list[Window] = rolling(30)[:2]
THIS_WEEK: list[Window] = [(THIS_MONDAY, NOW), *rolling(7)]
LAST_WEEK: list[Window] = [(LAST_MONDAY, THIS_MONDAY), *rolling(7)]
PREVIOUS_WEEK: list[Window] = [
    (LAST_MONDAY, THIS_MONDAY),
    (LAST_MONDAY, NOW - timedelta(days=7)),
    (days_ago(14), days_ago(7)),
]


# --- figures with every reading as an alternative ----------------------------------------------------------


def money(label: str, values: Sequence[float], rel: float = 0.005) -> Figure:
    return Figure(label, values[0], Unit.MONEY, rel=rel, alternatives=tuple(values[1:]))


def pct(label: str, values: Sequence[float], points: float = 0.05) -> Figure:
    return Figure(label, values[0], Unit.PERCENT, abs=points, alternatives=tuple(values[1:]))


def ms(label: str, values: Sequence[float], rel: float = 0.01) -> Figure:
    return Figure(label, values[0], Unit.MS, rel=rel, alternatives=tuple(values[1:]))


def count(label: str, values: Sequence[float]) -> Figure:
    return Figure(label, values[0], Unit.NUMBER, alternatives=tuple(values[1:]))


def quality(label: str, values: Sequence[float]) -> Figure:
    return Figure(label, values[0], Unit.NUMBER, abs=0.002, alternatives=tuple(values[1:]))


def change(label: str, pairs: Sequence[tuple[float, float]]) -> Figure:
    values = [100 * (new - old) / old for new, old in pairs]
    return Figure(label, values[0], Unit.PERCENT, abs=0.3, alternatives=tuple(values[1:]), magnitude=True)


def one(s: Sql, expr: str, windows: Sequence[Window], where: str = "1", **params: Any) -> list[float]:
    """An aggregate over each window reading."""
    return [s.one(expr, a, b, where, **params) for a, b in windows]


def per_group(
    s: Sql, dim: str, expr: str, windows: Sequence[Window], where: str = "1", **params: Any
) -> dict[str, list[float]]:
    """An aggregate per group, over each window reading (the groups of the first reading)."""
    readings = [s.by(dim, expr, a, b, where, **params) for a, b in windows]
    return {key: [r[key] for r in readings if key in r] for key in readings[0]}


def ranked(
    s: Sql, dim: str, expr: str, windows: Sequence[Window], n: int, largest: bool, where: str = "1"
) -> list[tuple[str, list[float]]]:
    """The i-th of the n values at one end of the ranking, over each window reading (labelled by the first)."""
    readings = [sorted(s.by(dim, expr, a, b, where).items(), key=lambda kv: kv[1], reverse=largest) for a, b in windows]
    return [(readings[0][i][0], [r[i][1] for r in readings]) for i in range(n)]


def each(make: Callable[[str, Sequence[float]], Figure], groups: dict[str, list[float]]) -> list[Figure]:
    return [make(name, values) for name, values in groups.items()]


WORKLOAD = "workload = {w:String}"
MODEL = "model = {m:String}"


# --- the head of finance ------------------------------------------------------------------------------------


def _spend_3_to_17_october(s: Sql) -> list[Figure]:
    return [money("spend 3-17 Oct", one(s, SPEND, [(day(10, 3), day(10, 18))]))]


def _top5_workloads_september(s: Sql) -> list[Figure]:
    return [money(w, v) for w, v in ranked(s, "workload", SPEND, [(SEPTEMBER, OCTOBER)], 5, largest=True)]


def _provider_spend_and_share_october(s: Sql) -> list[Figure]:
    window = [(OCTOBER, MONTH)]
    spend = per_group(s, "provider", SPEND, window)
    total = sum(v[0] for v in spend.values())
    return [*each(money, spend), *(pct(f"{p} share", [100 * v[0] / total]) for p, v in spend.items())]


def _fortnight_over_fortnight(s: Sql) -> list[Figure]:
    new = s.one(SPEND, day(10, 19), day(11, 2))
    old = s.one(SPEND, day(10, 5), day(10, 19))
    return [money("19 Oct-1 Nov", [new]), money("5-18 Oct", [old]), change("change", [(new, old)])]


def _partial_window_comparison(s: Sql) -> list[Figure]:
    first_start, first_end, second_end = day(8, 24), day(9, 7), day(9, 21)
    first = s.one(SPEND, first_start, first_end)
    second = s.one(SPEND, first_end, second_end)
    earliest = s.rows("min(ts)", first_start, first_end)[0][0].replace(tzinfo=UTC)
    covered = (first_end - earliest).total_seconds() / 86400
    pairs = [(second, first)] + [(second / 14, first / d) for d in (covered, 7.5, 8.0)]
    return [money("24 Aug-6 Sep", [first]), money("7-20 Sep", [second]), change("change", pairs)]


def _p95_p99_1_to_15_november(s: Sql) -> list[Figure]:
    window = [(day(11, 1), day(11, 16))]
    return [ms("p95", one(s, q(0.95), window)), ms("p99", one(s, q(0.99), window), rel=0.02)]


def _per_request_by_model_october(s: Sql) -> list[Figure]:
    groups = per_group(s, "model", PER_REQUEST, [(OCTOBER, MONTH)])
    return [money(m, v, rel=0.01) for m, v in groups.items()]


def _per_1k_by_provider_september(s: Sql) -> list[Figure]:
    groups = per_group(s, "provider", PER_1K, [(SEPTEMBER, OCTOBER)])
    return [money(p, v, rel=0.01) for p, v in groups.items()]


def _error_spend_and_share(s: Sql) -> list[Figure]:
    window = [(SEPTEMBER, MONTH)]
    failed = one(s, ERROR_SPEND, window)
    total = one(s, SPEND, window)
    return [money("spend on errors", failed), pct("share of spend", [100 * failed[0] / total[0]])]


def _code_review_errors(s: Sql) -> list[Figure]:
    window = [(day(11, 10), day(11, 17))]
    return [
        pct("error rate", one(s, ERROR_RATE, window, WORKLOAD, w="code-review")),
        count("failed", one(s, "countIf(status != 'ok')", window, WORKLOAD, w="code-review")),
    ]


def _tokens_by_kind_october(s: Sql) -> list[Figure]:
    window = [(OCTOBER, MONTH)]
    return [
        count(kind, one(s, f"sum({kind}_tokens)", window, "usage_known = 1"))
        for kind in ("prompt", "completion", "cached", "reasoning")
    ]


def _november_projection(s: Sql) -> list[Figure]:
    mtd = s.one(SPEND, MONTH, NOW)
    whole = s.one(SPEND, MONTH, TODAY)
    weekly = [s.one(SPEND, a, b) / 7 for a, b in rolling(7)[:2]]
    readings = [mtd / 19.5 * 30, mtd / 20 * 30, whole / 19 * 30, *(mtd + rate * 10.5 for rate in weekly)]
    return [money("November projected", readings, rel=0.03)]


def _october_except_sales_agent(s: Sql) -> list[Figure]:
    return [
        money("October less sales-agent", one(s, SPEND, [(OCTOBER, MONTH)], "workload != {w:String}", w="sales-agent"))
    ]


def _gpt4o_in_support_bot(s: Sql) -> list[Figure]:
    where = "workload = {w:String} AND model = {m:String}"
    return [
        money("gpt-4o in support-bot", one(s, SPEND, [(day(11, 1), day(11, 20))], where, w="support-bot", m="gpt-4o"))
    ]


def _bottom3_users_october(s: Sql) -> list[Figure]:
    return [money(u, v) for u, v in ranked(s, "user_id", SPEND, [(OCTOBER, MONTH)], 3, largest=False)]


def _quality_by_task_october(s: Sql) -> list[Figure]:
    return each(quality, per_group(s, "task_type", QUALITY, [(OCTOBER, MONTH)]))


def _anthropic_ttft(s: Sql) -> list[Figure]:
    window, where = [(day(11, 1), day(11, 15))], "provider = {p:String}"
    return [
        ms("ttft p50", one(s, q(0.5, "ttft_ms"), window, where, p="anthropic")),
        ms("ttft p90", one(s, q(0.9, "ttft_ms"), window, where, p="anthropic")),
    ]


def _daily_average_vs_september(s: Sql) -> list[Figure]:
    november = s.one(SPEND, day(11, 2), day(11, 16)) / 14
    september = s.one(SPEND, SEPTEMBER, OCTOBER) / 30
    return [
        money("2-15 Nov per day", [november]),
        money("September per day", [september]),
        change("change", [(november, september)]),
    ]


def _failures_by_error_type_october(s: Sql) -> list[Figure]:
    return each(count, per_group(s, "error_type", REQUESTS, [(OCTOBER, MONTH)], "status != 'ok'"))


# --- the product engineer on Slack --------------------------------------------------------------------------


def _spend_yesterday(s: Sql) -> list[Figure]:
    return [money("yday", one(s, SPEND, [(YESTERDAY, TODAY)]))]


def _p90_by_model_week(s: Sql) -> list[Figure]:
    return each(ms, per_group(s, "model", q(0.9), rolling(7)))


def _gemini_ttft_p75(s: Sql) -> list[Figure]:
    return [ms("ttft p75", one(s, q(0.75, "ttft_ms"), rolling(7), MODEL, m="gemini-2.0-flash"))]


def _mtd_vs_same_point(s: Sql) -> list[Figure]:
    windows = [
        ((MONTH, NOW), (OCTOBER, day(10, 20) + timedelta(hours=12))),
        ((MONTH, TODAY), (OCTOBER, day(10, 20))),
        ((MONTH, NOW), (OCTOBER, day(10, 21))),
    ]
    pairs = [(s.one(SPEND, *new), s.one(SPEND, *old)) for new, old in windows]
    return [
        money("mtd", [new for new, _ in pairs]),
        money("same point last month", [old for _, old in pairs]),
        change("change", pairs),
    ]


def _error_rate_yesterday_vs_before(s: Sql) -> list[Figure]:
    return [
        pct("yday", one(s, ERROR_RATE, [(YESTERDAY, TODAY)])),
        pct("day before", one(s, ERROR_RATE, [(YESTERDAY - timedelta(days=1), YESTERDAY)])),
    ]


def _support_bot_per_call(s: Sql) -> list[Figure]:
    return [money("$ per call", one(s, PER_REQUEST, THIS_WEEK, WORKLOAD, w="support-bot"), rel=0.01)]


def _top5_users_14d(s: Sql) -> list[Figure]:
    return [money(u, v) for u, v in ranked(s, "user_id", SPEND, rolling(14), 5, largest=True)]


def _bottom2_models_quality(s: Sql) -> list[Figure]:
    return [quality(m, v) for m, v in ranked(s, "model", QUALITY, MTD, 2, largest=False)]


def _error_spend_week(s: Sql) -> list[Figure]:
    return [money("failed reqs", one(s, ERROR_SPEND, rolling(14)))]


def _doc_summarizer_cached_tokens(s: Sql) -> list[Figure]:
    where = "workload = {w:String} AND usage_known = 1"
    return [
        count("cached", one(s, "sum(cached_tokens)", LAST_WEEK, where, w="doc-summarizer")),
        count("uncached", one(s, "sum(prompt_tokens) - sum(cached_tokens)", LAST_WEEK, where, w="doc-summarizer")),
    ]


def _sonnet_p99_mtd(s: Sql) -> list[Figure]:
    return [ms("p99", one(s, q(0.99), MTD, MODEL, m="claude-3-5-sonnet"), rel=0.02)]


def _search_rag_latency_yesterday(s: Sql) -> list[Figure]:
    window = [(YESTERDAY, TODAY)]
    return [
        ms("avg", one(s, MEAN_LATENCY, window, WORKLOAD, w="search-rag")),
        ms("p50", one(s, q(0.5), window, WORKLOAD, w="search-rag")),
    ]


def _spend_except_gpt4o(s: Sql) -> list[Figure]:
    return [money("all but gpt-4o", one(s, SPEND, rolling(30), "model != {m:String}", m="gpt-4o"))]


def _mini_in_search_rag(s: Sql) -> list[Figure]:
    where = "workload = {w:String} AND model = {m:String}"
    return [
        count("reqs", one(s, REQUESTS, rolling(14), where, w="search-rag", m="gpt-4o-mini")),
        money("spend", one(s, SPEND, rolling(14), where, w="search-rag", m="gpt-4o-mini")),
    ]


def _worst_provider_error_rate(s: Sql) -> list[Figure]:
    ((_, values),) = ranked(s, "provider", ERROR_RATE, rolling(30), 1, largest=True)
    return [pct("worst err rate", values)]


def _feature_share_mtd(s: Sql) -> list[Figure]:
    shares = "100 * sum(cost_usd) / (SELECT sum(cost_usd) FROM workload_events FINAL WHERE org_id = {org:String}"
    shares += " AND ts >= toDateTime64({start:String}, 3, 'UTC') AND ts < toDateTime64({end:String}, 3, 'UTC'))"
    return each(pct, per_group(s, "workload", shares, MTD))


def _per_1k_by_workload(s: Sql) -> list[Figure]:
    return [money(w, v, rel=0.01) for w, v in per_group(s, "workload", PER_1K, rolling(30)).items()]


def _run_rate_from_week(s: Sql) -> list[Figure]:
    mtd = s.one(SPEND, MONTH, NOW)
    rates = [s.one(SPEND, a, b) / ((b - a).total_seconds() / 86400) for a, b in rolling(7)]
    readings = [r * 30 for r in rates] + [r * 30.44 for r in rates] + [mtd + r * 10.5 for r in rates]
    return [money("monthly run rate", readings, rel=0.03)]


def _ttft_by_provider_week(s: Sql) -> list[Figure]:
    p50 = per_group(s, "provider", q(0.5, "ttft_ms"), rolling(7))
    p95 = per_group(s, "provider", q(0.95, "ttft_ms"), rolling(7))
    return [*(ms(f"{p} p50", v) for p, v in p50.items()), *(ms(f"{p} p95", v) for p, v in p95.items())]


def _classification_quality_weeks(s: Sql) -> list[Figure]:
    where = "task_type = {t:String}"
    return [
        quality("this wk", one(s, QUALITY, THIS_WEEK, where, t="classification")),
        quality("prev wk", one(s, QUALITY, PREVIOUS_WEEK, where, t="classification")),
    ]


def _error_types_mtd(s: Sql) -> list[Figure]:
    counts = per_group(s, "error_type", REQUESTS, MTD, "status != 'ok'")
    spend = per_group(s, "error_type", SPEND, MTD, "status != 'ok'")
    return [*(count(f"{e} count", v) for e, v in counts.items()), *(money(f"{e} $", v) for e, v in spend.items())]


QUESTIONS: list[NumberQuestion] = [
    # the head of finance
    NumberQuestion(
        "fin_spend_3_17_oct",
        "Could you please tell me the total amount we spent on LLM requests between 3 and 17 October 2026 inclusive?",
        "spend",
        _spend_3_to_17_october,
    ),
    NumberQuestion(
        "fin_top5_workloads_sep",
        "For the month of September 2026, please list the five workloads with the highest spend, together with the "
        "amount attributable to each.",
        "top-n",
        _top5_workloads_september,
    ),
    NumberQuestion(
        "fin_provider_share_oct",
        "Please rank our model providers by total spend for October 2026 and, for each one, state the amount and its "
        "share of that month's total as a percentage.",
        "share",
        _provider_spend_and_share_october,
    ),
    NumberQuestion(
        "fin_fortnights",
        "I should like to compare our total spend for the fortnight from 19 October to 1 November 2026 inclusive with "
        "the preceding fortnight, 5 to 18 October inclusive. Please state both totals and the percentage change.",
        "comparison",
        _fortnight_over_fortnight,
    ),
    NumberQuestion(
        "fin_partial_window",
        "For the board pack, please compare total spend between 24 August and 6 September 2026 inclusive with total "
        "spend between 7 and 20 September 2026 inclusive, and give the percentage change.",
        "comparison (partial data)",
        _partial_window_comparison,
    ),
    NumberQuestion(
        "fin_p95_p99_nov",
        "What were the 95th and 99th percentile response times across all requests between 1 and 15 November 2026 "
        "inclusive?",
        "latency",
        _p95_p99_1_to_15_november,
    ),
    NumberQuestion(
        "fin_per_request_by_model",
        "For the period 1 to 31 October 2026, please provide the average cost per request for each model we used.",
        "unit cost",
        _per_request_by_model_october,
    ),
    NumberQuestion(
        "fin_per_1k_by_provider",
        "Please provide the cost per thousand tokens for each provider over the month of September 2026.",
        "unit cost",
        _per_1k_by_provider_september,
    ),
    NumberQuestion(
        "fin_error_spend_share",
        "Between 1 September and 31 October 2026 inclusive, how much did we spend on requests that ended in an error, "
        "and what proportion of our total spend over the same period does that represent?",
        "error spend",
        _error_spend_and_share,
    ),
    NumberQuestion(
        "fin_code_review_errors",
        "For the code-review workload, between 10 and 16 November 2026 inclusive, what was the error rate and how many "
        "requests failed?",
        "errors",
        _code_review_errors,
    ),
    NumberQuestion(
        "fin_tokens_by_kind",
        "Please set out the number of prompt tokens, completion tokens, cached tokens and reasoning tokens consumed in "
        "October 2026.",
        "tokens",
        _tokens_by_kind_october,
    ),
    NumberQuestion(
        "fin_november_projection",
        "On the basis of spending to date, what do we expect the total for the full month of November 2026 to be?",
        "projection",
        _november_projection,
    ),
    NumberQuestion(
        "fin_except_sales_agent",
        "Excluding the sales-agent workload, what was our total spend between 1 and 31 October 2026 inclusive?",
        "exclusion",
        _october_except_sales_agent,
    ),
    NumberQuestion(
        "fin_gpt4o_in_support_bot",
        "What was the total spend on gpt-4o within the support-bot workload for the period 1 to 19 November 2026 "
        "inclusive?",
        "filters combined",
        _gpt4o_in_support_bot,
    ),
    NumberQuestion(
        "fin_bottom3_users",
        "Which three users had the lowest spend in October 2026, and what did each of them spend?",
        "bottom-n",
        _bottom3_users_october,
    ),
    NumberQuestion(
        "fin_quality_by_task",
        "Please provide the average quality score for each task type for the period 1 to 31 October 2026.",
        "quality",
        _quality_by_task_october,
    ),
    NumberQuestion(
        "fin_anthropic_ttft",
        "Could you provide the median and 90th percentile time to first token for requests served by Anthropic between "
        "1 and 14 November 2026 inclusive?",
        "ttft",
        _anthropic_ttft,
    ),
    NumberQuestion(
        "fin_daily_average_vs_sep",
        "What was our average daily spend between 2 and 15 November 2026 inclusive, and how does it compare with the "
        "average daily spend in September 2026?",
        "comparison",
        _daily_average_vs_september,
    ),
    NumberQuestion(
        "fin_failures_by_type",
        "Please break down the failed requests of October 2026 by error type, giving the number of each.",
        "errors",
        _failures_by_error_type_october,
    ),
    # the product engineer on Slack
    NumberQuestion("eng_spend_yday", "spend yday?", "spend", _spend_yesterday),
    NumberQuestion("eng_p90_by_model", "p90 latency per model, past wk", "latency", _p90_by_model_week),
    NumberQuestion("eng_gemini_ttft_p75", "ttft p75 for gemini flash last 7d", "ttft", _gemini_ttft_p75),
    NumberQuestion(
        "eng_mtd_vs_last_mo", "mtd spend vs same point last mo?", "comparison (partial month)", _mtd_vs_same_point
    ),
    NumberQuestion("eng_err_rate_yday", "err rate yday vs the day before", "errors", _error_rate_yesterday_vs_before),
    NumberQuestion("eng_supportbot_per_call", "$ per call on supportbot this wk", "unit cost", _support_bot_per_call),
    NumberQuestion("eng_top5_users", "top 5 users by $ last 14d", "top-n", _top5_users_14d),
    NumberQuestion("eng_bottom2_quality", "bottom 2 models by avg qualty mtd", "quality", _bottom2_models_quality),
    NumberQuestion(
        "eng_failed_spend", "how much r we burning on failed reqs, past 2 wks", "error spend", _error_spend_week
    ),
    NumberQuestion(
        "eng_cached_tokens",
        "cached vs uncached prompt toks for doc summarizer, last wk",
        "tokens",
        _doc_summarizer_cached_tokens,
    ),
    NumberQuestion("eng_sonnet_p99", "p99 on sonnet mtd", "latency", _sonnet_p99_mtd),
    NumberQuestion(
        "eng_search_rag_latency", "avg latency + p50 for search-rag yday", "latency", _search_rag_latency_yesterday
    ),
    NumberQuestion("eng_except_gpt4o", "spend last 30d for everything except gpt-4o", "exclusion", _spend_except_gpt4o),
    NumberQuestion(
        "eng_mini_in_search_rag",
        "gpt-4o-mini inside search-rag: reqs + spend last 14d",
        "filters combined",
        _mini_in_search_rag,
    ),
    NumberQuestion(
        "eng_worst_provider_errors",
        "which provider has the worst err rate last 30d",
        "errors",
        _worst_provider_error_rate,
    ),
    NumberQuestion("eng_feature_share", "what % of spend is each feature (workload) mtd", "share", _feature_share_mtd),
    NumberQuestion("eng_per_1k_by_workload", "$ per 1k tok per workload, last 30d", "unit cost", _per_1k_by_workload),
    NumberQuestion(
        "eng_run_rate", "whats our monthly run rate based on the last 7d", "projection", _run_rate_from_week
    ),
    NumberQuestion("eng_ttft_by_provider", "ttft p50/p95 by provider, past wk", "ttft", _ttft_by_provider_week),
    NumberQuestion(
        "eng_classification_quality",
        "classification qualty this wk vs prev wk?",
        "quality",
        _classification_quality_weeks,
    ),
    NumberQuestion("eng_error_types_mtd", "timeouts vs rate limits mtd, count + $", "errors", _error_types_mtd),
    # the store cannot answer these: the right answer says so
    NumberQuestion(
        "fin_salaries",
        "Please state the salary cost of the engineers who maintained the code-review workload during October 2026.",
        "unanswerable",
        None,
    ),
    NumberQuestion(
        "fin_contract_plans",
        "What proportion of our October 2026 requests came from customers on the enterprise contract, as opposed to "
        "the self-serve plan?",
        "unanswerable",
        None,
    ),
    NumberQuestion("eng_pinecone_bill", "how much did we pay for pinecone last mo", "unanswerable", None),
    NumberQuestion("eng_churn", "how many users churned after hitting errors last wk", "unanswerable", None),
    NumberQuestion("eng_gpu_util", "avg gpu util on the llama boxes yday?", "unanswerable", None),
]

# The outcome of every question on the first run, against the planner as it was when the set was written (commit
# 1fa9ebb, offline, no LLM): 28 correct, 5 partial, 8 substituted, 4 declined; 32 of 45 as expected (28/40 answerable
# correct, 4/5 unanswerable declined). Read by hand, 12 answers silently answered another question, in whole or in part:
# the 8 scored `substituted` and 4 scored `partial` (providers given by model, the month-to-date comparison against the
# 19.5 days before, the previous week's quality replaced by spend, the p95 dropped); every figure printed was true of
# the question it did answer.
FIRST_RUN: dict[str, Outcome] = {
    "fin_spend_3_17_oct": "correct",
    "fin_top5_workloads_sep": "substituted",
    "fin_provider_share_oct": "partial",
    "fin_fortnights": "correct",
    "fin_partial_window": "partial",
    "fin_p95_p99_nov": "partial",
    "fin_per_request_by_model": "correct",
    "fin_per_1k_by_provider": "correct",
    "fin_error_spend_share": "substituted",
    "fin_code_review_errors": "correct",
    "fin_tokens_by_kind": "correct",
    "fin_november_projection": "correct",
    "fin_except_sales_agent": "correct",
    "fin_gpt4o_in_support_bot": "correct",
    "fin_bottom3_users": "correct",
    "fin_quality_by_task": "correct",
    "fin_anthropic_ttft": "correct",
    "fin_daily_average_vs_sep": "correct",
    "fin_failures_by_type": "correct",
    "eng_spend_yday": "substituted",
    "eng_p90_by_model": "correct",
    "eng_gemini_ttft_p75": "correct",
    "eng_mtd_vs_last_mo": "partial",
    "eng_err_rate_yday": "substituted",
    "eng_supportbot_per_call": "correct",
    "eng_top5_users": "correct",
    "eng_bottom2_quality": "correct",
    "eng_failed_spend": "correct",
    "eng_cached_tokens": "substituted",
    "eng_sonnet_p99": "correct",
    "eng_search_rag_latency": "substituted",
    "eng_except_gpt4o": "correct",
    "eng_mini_in_search_rag": "correct",
    "eng_worst_provider_errors": "correct",
    "eng_feature_share": "correct",
    "eng_per_1k_by_workload": "correct",
    "eng_run_rate": "substituted",
    "eng_ttft_by_provider": "correct",
    "eng_classification_quality": "partial",
    "eng_error_types_mtd": "correct",
    "fin_salaries": "declined",
    "fin_contract_plans": "declined",
    "eng_pinecone_bill": "substituted",
    "eng_churn": "declined",
    "eng_gpu_util": "declined",
}

# The questions that fail today, each with its outcome: a strict xfail in the test. When a fix makes one pass it shows
# as XPASS and fails the run: delete its line here and in WHY (FIRST_RUN stays as the historical record).
KNOWN_FAILURES: dict[str, Outcome] = {}

# Why each known failure fails, in one line (the xfail's reason).
WHY: dict[str, str] = {}
