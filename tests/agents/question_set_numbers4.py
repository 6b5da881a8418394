"""A fourth blind, number-checked question set: 40 questions the store can answer and 5 it cannot.

Written in the voice of a FinOps analyst and an ML engineer new to the tool, without reading the planner or the
other sets' questions: terse chat fragments with typos ("latncy", "qualty", "requets"), abbreviations ("p90",
"$/req", "MoM", "WoW", "TTFT", "1k", "30d"), relative dates ("last 3 days", "since the 10th", "this week so
far", "the past fortnight", "October"), rankings (top/bottom N), per-group breakdowns, comparisons, error spend,
quantiles, tokens by kind, unit costs, month-end projections and quality.

The store and the machinery are the first number set's (`make_number_events`, `Sql`, the figure helpers and their
tolerances, imported from `question_set_numbers`). NOW is Friday 2026-11-20 12:00 UTC. Every expected figure is
computed here by this file's own parameterised SQL over one org's raw events. Where a phrase has more than one
fair reading, every reading is an accepted alternative of each figure:

- "the last N days" / "last Nd": the N x 24 hours before now, or the N whole days before today;
- "the last 3 days" also: today and the two days before (18 November 00:00 to now);
- "the past fortnight": the 14 x 24 hours before now, or the 14 whole days before today;
- "since the 10th": 10 November 00:00 to now; "this week so far": Monday 16 November 00:00 to now;
- "yesterday": Thursday 19 November; "the same weekday last week": Thursday 12 November;
- "this week vs last week": Monday to now against the whole of Monday 9 - Sunday 15 November, or against Monday 9
  to the same moment a week ago, or (rolling) the last 7 x 24 hours against the 7 x 24 hours before;
- "daily spend this month vs last month": November's spend over 19.5 elapsed days, 20 calendar days, or its 19
  whole days before today, against October over 31 days (or against October's first 19.5 days);
- "month-end projection": month to date over the elapsed days (19.5, 20 or 19 whole) times 30, or month to date
  plus the last 7 days' daily rate for the 10.5 days left (3 % tolerance).
A change is compared by size ("down 4.0 %" and "-4.0 %" both state it), each reading's change from its own pair.
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
    Expect,
    NumberQuestion,
    Sql,
    days_ago,
    q,
)

Window = tuple[datetime, datetime]
Readings = Sequence[Window]  # the fair readings of one phrase, the most literal first

MONDAY = datetime(2026, 11, 16, tzinfo=UTC)  # this week's Monday
LAST_MONDAY = MONDAY - timedelta(days=7)
TENTH = datetime(2026, 11, 10, tzinfo=UTC)
SAME_WEEKDAY = YESTERDAY - timedelta(days=7)  # Thursday 12 November


def last(days: int) -> list[Window]:
    """'The last N days': the rolling N x 24 hours, or the N whole days before today."""
    return [(days_ago(days), NOW), (TODAY - timedelta(days=days), TODAY)]


L3 = [*last(3), (TODAY - timedelta(days=2), NOW)]
L7, L14, L30 = last(7), last(14), last(30)
PREV7 = [(days_ago(14), days_ago(7)), (TODAY - timedelta(days=14), TODAY - timedelta(days=7))]  # pairs with L7
SINCE_10TH = [(TENTH, NOW)]
WEEK = [(MONDAY, NOW)]
OCT = [(OCTOBER, MONTH)]
SEP = [(SEPTEMBER, OCTOBER)]
DAY_YESTERDAY = [(YESTERDAY, TODAY)]
DAY_SAME_WEEKDAY = [(SAME_WEEKDAY, SAME_WEEKDAY + timedelta(days=1))]
# "this week vs last week": (this, last) pairs, the calendar readings first, the rolling one last.
THIS_VS_LAST = [
    ((MONDAY, NOW), (LAST_MONDAY, MONDAY)),
    ((MONDAY, NOW), (LAST_MONDAY, NOW - timedelta(days=7))),
    ((days_ago(7), NOW), (days_ago(14), days_ago(7))),
]

ERROR_SPEND = "sumIf(cost_usd, status != 'ok')"
PER_REQUEST = "sum(cost_usd) / count()"
ELAPSED = (NOW - MONTH).total_seconds() / 86400  # 19.5


# --- figures with alternatives (the tolerances are the first set's) -----------------------------------


def _figure(label: str, values: Sequence[float], unit: Unit, rel: float = 0.0, abs: float = 0.0) -> Figure:
    return Figure(label, values[0], unit, rel=rel, abs=abs, alternatives=tuple(values[1:]))


def money(label: str, values: Sequence[float], rel: float = 0.005) -> Figure:
    return _figure(label, values, Unit.MONEY, rel=rel)


def pct(label: str, values: Sequence[float]) -> Figure:
    return _figure(label, values, Unit.PERCENT, abs=0.05)


def ms(label: str, values: Sequence[float], rel: float = 0.01) -> Figure:
    return _figure(label, values, Unit.MS, rel=rel)


def count(label: str, values: Sequence[float], rel: float = 0.0) -> Figure:
    return _figure(label, values, Unit.NUMBER, rel=rel)


def quality(label: str, values: Sequence[float]) -> Figure:
    return _figure(label, values, Unit.NUMBER, abs=0.002)


def change(label: str, pairs: Sequence[tuple[float, float]]) -> Figure:
    """The relative change of each (new, old) reading, compared by size."""
    values = [100 * (new - old) / old for new, old in pairs]
    return Figure(label, values[0], Unit.PERCENT, abs=0.3, alternatives=tuple(values[1:]), magnitude=True)


def one(s: Sql, expr: str, readings: Readings, where: str = "1", **params: Any) -> list[float]:
    """One aggregate under each reading of the window."""
    return [s.one(expr, start, end, where, **params) for start, end in readings]


def by(s: Sql, dim: str, expr: str, readings: Readings, where: str = "1", **params: Any) -> dict[str, list[float]]:
    """An aggregate per value of `dim` under each reading (the values of the first reading name the groups)."""
    per = [s.by(dim, expr, start, end, where, **params) for start, end in readings]
    return {key: [p.get(key, float("nan")) for p in per] for key in per[0]}


def each(make: Callable[[str, Sequence[float]], Figure], values: dict[str, list[float]]) -> list[Figure]:
    return [make(name, readings) for name, readings in values.items()]


def ranked(values: dict[str, list[float]], n: int, *, top: bool) -> dict[str, list[float]]:
    """The first `n` groups by their first reading, largest first (`top`) or smallest first."""
    order = sorted(values.items(), key=lambda kv: kv[1][0], reverse=top)
    return dict(order[:n])


WORKLOAD = "workload = {w:String}"
MODEL = "model = {m:String}"


# --- spend ---------------------------------------------------------------------------------------------


def _spend_last3d(s: Sql) -> list[Figure]:
    return [money("spend last 3 days", one(s, SPEND, L3))]


def _spend_since_10th(s: Sql) -> list[Figure]:
    return [money("spend since the 10th", one(s, SPEND, SINCE_10TH))]


def _provider_fortnight(s: Sql) -> list[Figure]:
    return each(money, by(s, "provider", SPEND, L14))


def _october_by_workload(s: Sql) -> list[Figure]:
    return each(money, by(s, "workload", SPEND, OCT))


def _top2_models_week(s: Sql) -> list[Figure]:
    return each(money, ranked(by(s, "model", SPEND, WEEK), 2, top=True))


def _bottom2_task_types(s: Sql) -> list[Figure]:
    return each(money, ranked(by(s, "task_type", SPEND, L30), 2, top=False))


def _top3_users_october(s: Sql) -> list[Figure]:
    return each(money, ranked(by(s, "user_id", SPEND, OCT), 3, top=True))


def _anthropic_share_october(s: Sql) -> list[Figure]:
    share = "100 * sumIf(cost_usd, provider = {p:String}) / sum(cost_usd)"
    return [pct("anthropic share", one(s, share, OCT, p="anthropic"))]


# --- comparisons and projections -----------------------------------------------------------------------


def _mom_spend(s: Sql) -> list[Figure]:
    sep, octo = one(s, SPEND, SEP)[0], one(s, SPEND, OCT)[0]
    return [money("September", [sep]), money("October", [octo]), change("MoM", [(octo, sep)])]


def _wow_requests(s: Sql) -> list[Figure]:
    new, old = one(s, REQUESTS, L7), one(s, REQUESTS, PREV7)
    return [count("last 7 days", new), count("7 days before", old), change("WoW", list(zip(new, old, strict=True)))]


def _same_weekday_gpt4o(s: Sql) -> list[Figure]:
    new = one(s, SPEND, DAY_YESTERDAY, MODEL, m="gpt-4o")[0]
    old = one(s, SPEND, DAY_SAME_WEEKDAY, MODEL, m="gpt-4o")[0]
    return [money("gpt-4o yesterday", [new]), money("gpt-4o a week before", [old]), change("change", [(new, old)])]


def _daily_vs_last_month(s: Sql) -> list[Figure]:
    mtd, whole = s.one(SPEND, MONTH, NOW), s.one(SPEND, MONTH, TODAY)
    november = [mtd / ELAPSED, mtd / 20, whole / 19]
    october = [s.one(SPEND, OCTOBER, MONTH) / 31, s.one(SPEND, OCTOBER, OCTOBER + timedelta(days=ELAPSED)) / ELAPSED]
    pairs = [(n, o) for o in october for n in november]
    return [money("November per day", november), money("October per day", october), change("change", pairs)]


def _projection_readings(s: Sql, where: str = "1", **params: Any) -> list[float]:
    mtd = s.one(SPEND, MONTH, NOW, where, **params)
    whole = s.one(SPEND, MONTH, TODAY, where, **params)
    week_rate = s.one(SPEND, days_ago(7), NOW, where, **params) / 7
    return [mtd / ELAPSED * 30, mtd / 20 * 30, whole / 19 * 30, mtd + week_rate * (30 - ELAPSED)]


def _projection(s: Sql) -> list[Figure]:
    return [money("November projected", _projection_readings(s), rel=0.03)]


def _projection_sales_agent(s: Sql) -> list[Figure]:
    return [money("sales-agent projected", _projection_readings(s, WORKLOAD, w="sales-agent"), rel=0.03)]


def _search_rag_per_req_mom(s: Sql) -> list[Figure]:
    octo = one(s, PER_REQUEST, OCT, WORKLOAD, w="search-rag")[0]
    sep = one(s, PER_REQUEST, SEP, WORKLOAD, w="search-rag")[0]
    return [
        money("October $/req", [octo], rel=0.01),
        money("September $/req", [sep], rel=0.01),
        change("MoM", [(octo, sep)]),
    ]


# --- errors --------------------------------------------------------------------------------------------


def _error_spend_fortnight(s: Sql) -> list[Figure]:
    return [money("spend on failed requests", one(s, ERROR_SPEND, L14))]


def _error_spend_by_workload(s: Sql) -> list[Figure]:
    return each(money, by(s, "workload", ERROR_SPEND, L30))


def _error_rate_by_model_week(s: Sql) -> list[Figure]:
    return each(pct, by(s, "model", ERROR_RATE, WEEK))


def _errors_by_type_october(s: Sql) -> list[Figure]:
    return each(count, by(s, "error_type", REQUESTS, OCT, "status != 'ok'"))


def _timeouts_doc_fortnight(s: Sql) -> list[Figure]:
    where = "workload = {w:String} AND error_type = 'timeout'"
    return [count("doc-summarizer timeouts", one(s, REQUESTS, L14, where, w="doc-summarizer"))]


def _error_rate_same_weekday(s: Sql) -> list[Figure]:
    return [
        pct("error rate yesterday", one(s, ERROR_RATE, DAY_YESTERDAY)),
        pct("error rate a week before", one(s, ERROR_RATE, DAY_SAME_WEEKDAY)),
    ]


def _rate_limits_by_provider(s: Sql) -> list[Figure]:
    return each(count, by(s, "provider", REQUESTS, L30, "error_type = 'rate_limit'"))


# --- unit costs and tokens -----------------------------------------------------------------------------


def _per_req_by_model(s: Sql) -> list[Figure]:
    return [money(m, v, rel=0.01) for m, v in by(s, "model", PER_REQUEST, L7).items()]


def _per_1k_provider_october(s: Sql) -> list[Figure]:
    return [money(p, v, rel=0.01) for p, v in by(s, "provider", PER_1K, OCT).items()]


def _per_1k_gpt4o_vs_mini(s: Sql) -> list[Figure]:
    return [money(m, one(s, PER_1K, L30, MODEL, m=m), rel=0.01) for m in ("gpt-4o", "gpt-4o-mini")]


def _io_tokens_code_review(s: Sql) -> list[Figure]:
    return [
        count("input tokens", one(s, "sum(prompt_tokens)", OCT, WORKLOAD, w="code-review")),
        count("output tokens", one(s, "sum(completion_tokens)", OCT, WORKLOAD, w="code-review")),
    ]


def _avg_completion_by_task(s: Sql) -> list[Figure]:
    return [count(t, v, rel=0.01) for t, v in by(s, "task_type", "avg(completion_tokens)", L30).items()]


# --- latency -------------------------------------------------------------------------------------------


def _p90_last3d(s: Sql) -> list[Figure]:
    return [ms("p90", one(s, q(0.9), L3))]


def _p99_by_workload(s: Sql) -> list[Figure]:
    return [ms(w, v, rel=0.02) for w, v in by(s, "workload", q(0.99), L14).items()]


def _ttft_p95_by_model_week(s: Sql) -> list[Figure]:
    return each(ms, by(s, "model", q(0.95, "ttft_ms"), WEEK))


def _median_ttft_gemini_october(s: Sql) -> list[Figure]:
    return [ms("gemini ttft p50", one(s, q(0.5, "ttft_ms"), OCT, MODEL, m="gemini-2.0-flash"))]


def _sonnet_p50_p95(s: Sql) -> list[Figure]:
    m = "claude-3-5-sonnet"
    return [ms("p50", one(s, q(0.5), SINCE_10TH, MODEL, m=m)), ms("p95", one(s, q(0.95), SINCE_10TH, MODEL, m=m))]


def _fastest_model_p95(s: Sql) -> list[Figure]:
    per = by(s, "model", q(0.95), L30)
    fastest = min(per.values(), key=lambda readings: readings[0])
    return [ms("lowest p95", fastest)]


def _p95_wow(s: Sql) -> list[Figure]:
    new = [s.one(q(0.95), *this) for this, _ in THIS_VS_LAST]
    old = [s.one(q(0.95), *prev) for _, prev in THIS_VS_LAST]
    return [ms("this week p95", new), ms("last week p95", old), change("change", list(zip(new, old, strict=True)))]


def _mean_latency_provider_yesterday(s: Sql) -> list[Figure]:
    return each(ms, by(s, "provider", "avg(latency_ms)", DAY_YESTERDAY))


# --- quality and volume --------------------------------------------------------------------------------


def _quality_by_task_fortnight(s: Sql) -> list[Figure]:
    return each(quality, by(s, "task_type", QUALITY, L14))


def _quality_last7_vs_before(s: Sql) -> list[Figure]:
    return [quality("last 7 days", one(s, QUALITY, L7)), quality("7 days before", one(s, QUALITY, PREV7))]


def _bottom2_quality_models_october(s: Sql) -> list[Figure]:
    return each(quality, ranked(by(s, "model", QUALITY, OCT), 2, top=False))


def _top5_users_requests_week(s: Sql) -> list[Figure]:
    return each(count, ranked(by(s, "user_id", REQUESTS, WEEK), 5, top=True))


def _daily_requests_week(s: Sql) -> list[Figure]:
    days = [MONDAY + timedelta(days=i) for i in range(5)]
    return [count(f"requests on {d:%a %d}", [s.one(REQUESTS, d, min(d + timedelta(days=1), NOW))]) for d in days]


def Q(id: str, text: str, topic: str, expect: Expect | None) -> NumberQuestion:
    return NumberQuestion(id, text, topic, expect)


QUESTIONS: list[NumberQuestion] = [
    # spend
    Q("spend_last3d", "whats our total spend over the last 3 days?", "spend", _spend_last3d),
    Q("spend_since_10th", "How much have we spent since the 10th?", "spend", _spend_since_10th),
    Q("provider_fortnight", "spend by provider for the past fortnight", "spend", _provider_fortnight),
    Q("october_by_workload", "October spend per workload pls", "spend", _october_by_workload),
    Q("top2_models_week", "top 2 models by cost this week so far", "spend", _top2_models_week),
    Q("bottom2_task_types", "Which 2 task types cost us the least in the last 30 days?", "spend", _bottom2_task_types),
    Q("top3_users_october", "who were the top 3 users by speend in October?", "spend", _top3_users_october),
    Q("anthropic_share", "what % of October's spend went to Anthropic?", "spend", _anthropic_share_october),
    # comparisons and projections
    Q("mom_spend", "MoM spend: October vs September", "comparison", _mom_spend),
    Q("wow_requests", "WoW change in requets, last 7d vs the 7d before?", "comparison", _wow_requests),
    Q("same_weekday_gpt4o", "gpt-4o spend yesterday vs the same weekday last week", "comparison", _same_weekday_gpt4o),
    Q(
        "daily_vs_last_month",
        "Is our daily spend this month running higher than last month's daily average?",
        "comparison",
        _daily_vs_last_month,
    ),
    Q("projection", "at the current run rate what will we have spent by month end?", "projection", _projection),
    Q(
        "projection_sales_agent",
        "forecast the sales-agent's total bill for November",
        "projection",
        _projection_sales_agent,
    ),
    Q(
        "search_rag_per_req_mom",
        "$/req for search-rag in October vs September, MoM",
        "comparison",
        _search_rag_per_req_mom,
    ),
    # errors
    Q(
        "error_spend_fortnight",
        "how much $ did we burn on failed requests in the past fortnight?",
        "errors",
        _error_spend_fortnight,
    ),
    Q("error_spend_by_workload", "error spend by workload, last 30d", "errors", _error_spend_by_workload),
    Q("error_rate_by_model_week", "error rate per model this week so far", "errors", _error_rate_by_model_week),
    Q("errors_by_type_october", "breakdown of errors by error type in October", "errors", _errors_by_type_october),
    Q(
        "timeouts_doc_fortnight",
        "how many timeouts did doc-summarizer hit in the past fortnight?",
        "errors",
        _timeouts_doc_fortnight,
    ),
    Q(
        "error_rate_same_weekday",
        "error rate yesterday compared with the same weekday last week?",
        "errors",
        _error_rate_same_weekday,
    ),
    Q(
        "rate_limits_by_provider",
        "number of rate_limit errors per provider over the last 30 days",
        "errors",
        _rate_limits_by_provider,
    ),
    # unit costs and tokens
    Q("per_req_by_model", "$/req by model, last 7d", "unit cost", _per_req_by_model),
    Q(
        "per_1k_provider_october",
        "cost per 1k tokens for each provider in October",
        "unit cost",
        _per_1k_provider_october,
    ),
    Q(
        "per_1k_gpt4o_vs_mini",
        "cost per 1K tokens, gpt-4o vs gpt-4o-mini, last 30 days",
        "unit cost",
        _per_1k_gpt4o_vs_mini,
    ),
    Q(
        "io_tokens_code_review",
        "how many input and output tokens did code-review use in October?",
        "tokens",
        _io_tokens_code_review,
    ),
    Q(
        "avg_completion_by_task",
        "avg completion tokens per request by task type (last 30d)",
        "tokens",
        _avg_completion_by_task,
    ),
    # latency
    Q("p90_last3d", "p90 latency over the last 3 days?", "latency", _p90_last3d),
    Q("p99_by_workload", "p99 latncy by workload for the past fortnight", "latency", _p99_by_workload),
    Q("ttft_p95_by_model_week", "TTFT p95 per model this week so far", "latency", _ttft_p95_by_model_week),
    Q(
        "median_ttft_gemini",
        "median time to first token for gemini-2.0-flash in October",
        "latency",
        _median_ttft_gemini_october,
    ),
    Q("sonnet_p50_p95", "claude-3-5-sonnet p50 and p95 latency since the 10th", "latency", _sonnet_p50_p95),
    Q(
        "fastest_model_p95",
        "which model has the lowest p95 latency over the last 30 days?",
        "latency",
        _fastest_model_p95,
    ),
    Q("p95_wow", "has p95 latency got worse this week vs last week?", "latency", _p95_wow),
    Q("mean_latency_provider", "mean latency by provider yesterday", "latency", _mean_latency_provider_yesterday),
    # quality and volume
    Q(
        "quality_by_task_fortnight",
        "avg qualty score by task type over the past fortnight",
        "quality",
        _quality_by_task_fortnight,
    ),
    Q(
        "quality_last7_vs_before",
        "Has quality dropped in the last 7 days compared to the 7 days before?",
        "quality",
        _quality_last7_vs_before,
    ),
    Q("bottom2_quality_models", "bottom 2 models by quality in October", "quality", _bottom2_quality_models_october),
    Q(
        "top5_users_requests_week",
        "top 5 users by number of requests this week so far",
        "volume",
        _top5_users_requests_week,
    ),
    Q("daily_requests_week", "requests per day so far this week", "volume", _daily_requests_week),
    # what the events do not hold
    Q("gross_margin", "What's our gross margin on the sales-agent feature after AI costs?", "cannot", None),
    Q("carbon", "how many kg of CO2 did our LLM calls emit in October?", "cannot", None),
    Q("prompt_text", "show me the prompt text of gpt-4o's slowest requests yesterday", "cannot", None),
    Q("sla_credits", "How much are we owed in SLA credits from OpenAI for this month's outages?", "cannot", None),
    Q("chf", "what did we spend in October in Swiss francs?", "cannot", None),
]

# The outcome of every question on the first run, against the code as it was when the set was written (commit
# 22da08e, offline, no LLM): 34 correct, 1 partial, 5 substituted, 5 declined; 38 of 45 as expected (34/40 answerable
# correct, 4/5 unanswerable declined). No expected figure needed fixing after the run.
# p95_wow scored correct although its answer compared this week with the 4.5 days before Monday (a window this file
# does not accept): those figures land within the 1 % quantile tolerance of the whole-last-week reading by chance.
FIRST_RUN: dict[str, Outcome] = {
    "spend_last3d": "correct",
    "spend_since_10th": "correct",
    "provider_fortnight": "correct",
    "october_by_workload": "correct",
    "top2_models_week": "correct",
    "bottom2_task_types": "correct",
    "top3_users_october": "correct",
    "anthropic_share": "substituted",
    "mom_spend": "correct",
    "wow_requests": "partial",
    "same_weekday_gpt4o": "correct",
    "daily_vs_last_month": "correct",
    "projection": "declined",
    "projection_sales_agent": "correct",
    "search_rag_per_req_mom": "correct",
    "error_spend_fortnight": "correct",
    "error_spend_by_workload": "correct",
    "error_rate_by_model_week": "substituted",
    "errors_by_type_october": "correct",
    "timeouts_doc_fortnight": "correct",
    "error_rate_same_weekday": "correct",
    "rate_limits_by_provider": "substituted",
    "per_req_by_model": "correct",
    "per_1k_provider_october": "correct",
    "per_1k_gpt4o_vs_mini": "substituted",
    "io_tokens_code_review": "correct",
    "avg_completion_by_task": "correct",
    "p90_last3d": "correct",
    "p99_by_workload": "correct",
    "ttft_p95_by_model_week": "correct",
    "median_ttft_gemini": "correct",
    "sonnet_p50_p95": "correct",
    "fastest_model_p95": "correct",
    "p95_wow": "correct",
    "mean_latency_provider": "correct",
    "quality_by_task_fortnight": "correct",
    "quality_last7_vs_before": "correct",
    "bottom2_quality_models": "correct",
    "top5_users_requests_week": "correct",
    "daily_requests_week": "correct",
    "gross_margin": "declined",
    "carbon": "declined",
    "prompt_text": "declined",
    "sla_credits": "substituted",
    "chf": "declined",
}

# The questions that fail today, each with its outcome: a strict xfail in the test. When a fix makes one pass it
# shows as XPASS and fails the run: delete its line here (FIRST_RUN stays as the historical record).
KNOWN_FAILURES: dict[str, Outcome] = {}
