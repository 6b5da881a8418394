"""A fifth blind, number-checked question set: 40 questions the store can answer and 5 it cannot.

Written in the voice of a CTO preparing a board slide and a support-team lead, both new to the tool, without
reading the planner or the other sets' questions: long and terse questions, typos ("cheapst", "reqeusts",
"erorr", "tiket", "qualty"), abbreviations ("QTD", "MoM", "TTFT", "p75", "$/1k", "48h", "Sept"), relative dates
("past 10 days", "since the 1st", "week to date", "in the last 48 hours", "this quarter", "September", "last
month"), rankings (top/bottom N), per-group breakdowns (model, provider, workload, task type, user, error type),
shares of a total, comparisons (month over month, same weekday, same point last week, the 10 days before), error
spend, TTFT, latency quantiles (p50-p99), tokens by kind, cost per 1k tokens and per request, run-rate projections
and quality. The five unanswerable ones ask for what the events do not hold: GPU hours, CSAT survey scores,
invoice numbers, spend per team (no column holds a team) and fine-tuning spend (the events are inference requests).

The store and its machinery are the first number set's (`make_number_events`, `Sql`, the tolerances). NOW is
Friday 2026-11-20 12:00 UTC; the events start on 30 August, so September and October are whole months. Every
expected figure is computed here by this file's own parameterised SQL over one org's raw events (never netra_core's
analytics). Tolerances: money 0.5 % (totals, breakdowns), 1 % (unit costs), 3 % (projections and run rates);
percentages 0.05 points, changes 0.3 points (compared by size: "down 4.0 %" and "-4.0 %" both state it); latency
and TTFT 1 % (p99 2 %); counts and averages of counts exact; quality 0.002. Where a phrase has more than one
fair reading, every reading is an accepted alternative of each figure (the most literal first):

- "the past N days" / "the last 30 days" / "the past 2 weeks": the N x 24 hours before now, or the N whole days
  before today; "the 10 days before" pairs with each: the 10 x 24 hours (or whole days) before those;
- "in the last 48 hours" / "48h": the 48 hours before now only (the phrase names hours);
- "since the 1st" / "this month": 1 November 00:00 to now; "week to date" / "(so far) this week": Monday 16 November
  00:00 to now; "quarter to date" / "this quarter": 1 October 00:00 to now; "last month": October;
- "yesterday": Thursday 19 November; "the same day last week": Thursday 12 November;
- "the same point last week": Monday 9 November 00:00 to Friday 13 November 12:00 (one reading: it names the point);
- "Sept vs Oct, % change MoM": the change of the monthly totals, or of the per-day spend (30 and 31 days);
- "average daily requests since the 1st": the month's requests over 19.5 elapsed days or 20 calendar days, or its
  19 whole days' requests over 19;
- "what will November end up costing at the current run rate": month to date over the elapsed days (19.5, 20 or 19
  whole) times 30, or month to date plus the last 7 days' daily rate for the 10.5 days left;
- "annualised run-rate on the last 30 days": the 30 days' spend (rolling or whole days) times 365 / 30 or times 12;
- "tokens" (how many tokens a model used): prompt + completion + reasoning tokens (cached ones are part of prompt).
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
SAME_WEEKDAY = YESTERDAY - timedelta(days=7)  # Thursday 12 November


def last(days: int) -> list[Window]:
    """'The past N days': the rolling N x 24 hours, or the N whole days before today."""
    return [(days_ago(days), NOW), (TODAY - timedelta(days=days), TODAY)]


def before(days: int) -> list[Window]:
    """'The N days before' (pairs with `last(days)`, reading by reading)."""
    return [(days_ago(2 * days), days_ago(days)), (TODAY - timedelta(days=2 * days), TODAY - timedelta(days=days))]


L10, L30, L14 = last(10), last(30), last(14)
PREV10 = before(10)
H48 = [(NOW - timedelta(hours=48), NOW)]
MTD = [(MONTH, NOW)]
WTD = [(MONDAY, NOW)]
QTD = [(OCTOBER, NOW)]
OCT = [(OCTOBER, MONTH)]
SEP = [(SEPTEMBER, OCTOBER)]
DAY_YESTERDAY = [(YESTERDAY, TODAY)]
DAY_SAME_WEEKDAY = [(SAME_WEEKDAY, SAME_WEEKDAY + timedelta(days=1))]
SAME_POINT_LAST_WEEK = [(LAST_MONDAY, NOW - timedelta(days=7))]

ERROR_SPEND = "sumIf(cost_usd, status != 'ok')"
PER_REQUEST = "sum(cost_usd) / count()"
TOKENS = "sum(prompt_tokens + completion_tokens + reasoning_tokens)"
MEAN_TTFT = "avgIf(ttft_ms, ttft_ms IS NOT NULL)"
ELAPSED = (NOW - MONTH).total_seconds() / 86400  # 19.5
WORKLOAD = "workload = {w:String}"
MODEL = "model = {m:String}"


# --- figures with alternatives ---------------------------------------------------------------------------


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
    """An aggregate per value of `dim` under each reading (the groups of the first reading name the figures)."""
    per = [s.by(dim, expr, start, end, where, **params) for start, end in readings]
    return {key: [p.get(key, float("nan")) for p in per] for key in per[0]}


def each(make: Callable[[str, Sequence[float]], Figure], values: dict[str, list[float]]) -> list[Figure]:
    return [make(name, readings) for name, readings in values.items()]


def ranked(values: dict[str, list[float]], n: int, *, top: bool) -> dict[str, list[float]]:
    """The first `n` groups by their first reading, largest first (`top`) or smallest first."""
    order = sorted(values.items(), key=lambda kv: kv[1][0], reverse=top)
    return dict(order[:n])


def shares(values: dict[str, list[float]]) -> dict[str, list[float]]:
    """Each group's share (in %) of the total, reading by reading."""
    totals = [sum(v[i] for v in values.values()) for i in range(len(next(iter(values.values()))))]
    return {k: [100 * x / t for x, t in zip(v, totals, strict=True)] for k, v in values.items()}


# --- spend (the CTO's board slide) ---------------------------------------------------------------------------


def _qtd_spend(s: Sql) -> list[Figure]:
    return [money("spend quarter to date", one(s, SPEND, QTD))]


def _spend_since_1st(s: Sql) -> list[Figure]:
    return [money("spend since the 1st", one(s, SPEND, MTD))]


def _sep_vs_oct(s: Sql) -> list[Figure]:
    sep, octo = s.one(SPEND, *SEP[0]), s.one(SPEND, *OCT[0])
    return [money("September", [sep]), money("October", [octo]), change("MoM", [(octo, sep), (octo / 31, sep / 30)])]


def _provider_september(s: Sql) -> list[Figure]:
    return each(money, by(s, "provider", SPEND, SEP))


def _top3_models_10d(s: Sql) -> list[Figure]:
    return each(money, ranked(by(s, "model", SPEND, L10), 3, top=True))


def _cheapest2_workloads_oct(s: Sql) -> list[Figure]:
    return each(money, ranked(by(s, "workload", SPEND, OCT), 2, top=False))


def _doc_summarizer_share(s: Sql) -> list[Figure]:
    share = shares(by(s, "workload", SPEND, MTD))["doc-summarizer"]
    return [pct("doc-summarizer share since the 1st", share)]


def _provider_shares_30d(s: Sql) -> list[Figure]:
    return each(pct, shares(by(s, "provider", SPEND, L30)))


def _november_projection(s: Sql) -> list[Figure]:
    mtd, whole = s.one(SPEND, MONTH, NOW), s.one(SPEND, MONTH, TODAY)
    week_rate = s.one(SPEND, days_ago(7), NOW) / 7
    readings = [mtd / ELAPSED * 30, mtd / 20 * 30, whole / 19 * 30, mtd + week_rate * (30 - ELAPSED)]
    return [money("November projected", readings, rel=0.03)]


def _annual_run_rate(s: Sql) -> list[Figure]:
    spends = one(s, SPEND, L30)
    return [money("annualised run rate", [x * f for f in (365 / 30, 12) for x in spends], rel=0.03)]


def _wtd_vs_same_point(s: Sql) -> list[Figure]:
    this, prior = s.one(SPEND, *WTD[0]), s.one(SPEND, *SAME_POINT_LAST_WEEK[0])
    return [money("week to date", [this]), money("same point last week", [prior]), change("WoW", [(this, prior)])]


def _daily_spend_this_week(s: Sql) -> list[Figure]:
    days = [MONDAY + timedelta(days=i) for i in range(5)]
    return [money(f"spend {d:%a %d}", [s.one(SPEND, d, min(d + timedelta(days=1), NOW))]) for d in days]


def _top5_users_wtd(s: Sql) -> list[Figure]:
    return each(money, ranked(by(s, "user_id", SPEND, WTD), 5, top=True))


def _per_request_top_model_qtd(s: Sql) -> list[Figure]:
    top = ranked(by(s, "model", PER_REQUEST, QTD), 1, top=True)
    return [money(f"{name} $/request", values, rel=0.01) for name, values in top.items()]


def _per_1k_provider_sep(s: Sql) -> list[Figure]:
    return [money(f"{k} $/1k", v, rel=0.01) for k, v in by(s, "provider", PER_1K, SEP).items()]


def _per_1k_mom(s: Sql) -> list[Figure]:
    nov, octo = s.one(PER_1K, *MTD[0]), s.one(PER_1K, *OCT[0])
    return [
        money("November $/1k", [nov], rel=0.01),
        money("October $/1k", [octo], rel=0.01),
        change("change", [(nov, octo)]),
    ]


def _sonnet_tokens_oct(s: Sql) -> list[Figure]:
    return [count("sonnet tokens in October", one(s, TOKENS, OCT, MODEL, m="claude-3-5-sonnet"))]


def _tokens_by_kind_mtd(s: Sql) -> list[Figure]:
    return [
        count("prompt tokens", one(s, "sum(prompt_tokens)", MTD)),
        count("completion tokens", one(s, "sum(completion_tokens)", MTD)),
    ]


def _error_spend_september(s: Sql) -> list[Figure]:
    return [money("error spend in September", one(s, ERROR_SPEND, SEP))]


def _error_spend_by_provider_30d(s: Sql) -> list[Figure]:
    return each(money, by(s, "provider", ERROR_SPEND, L30))


# --- the support-team lead ---------------------------------------------------------------------------------


def _support_bot_yesterday(s: Sql) -> list[Figure]:
    return [money("support-bot yesterday", one(s, SPEND, DAY_YESTERDAY, WORKLOAD, w="support-bot"))]


def _support_requests_same_weekday(s: Sql) -> list[Figure]:
    this = s.one(REQUESTS, *DAY_YESTERDAY[0], WORKLOAD, w="support-bot")
    prior = s.one(REQUESTS, *DAY_SAME_WEEKDAY[0], WORKLOAD, w="support-bot")
    return [count("yesterday", [this]), count("Thursday before", [prior]), change("change", [(this, prior)])]


def _support_requests_48h(s: Sql) -> list[Figure]:
    return [count("support-bot requests 48h", one(s, REQUESTS, H48, WORKLOAD, w="support-bot"))]


def _ticket_classifier_error_rate_10d(s: Sql) -> list[Figure]:
    return [pct("ticket-classifier error rate", one(s, ERROR_RATE, L10, WORKLOAD, w="ticket-classifier"))]


def _support_errors_by_type_qtd(s: Sql) -> list[Figure]:
    where = "status != 'ok' AND workload = {w:String}"
    return each(count, by(s, "error_type", REQUESTS, QTD, where, w="support-bot"))


def _error_rate_by_workload_48h(s: Sql) -> list[Figure]:
    return each(pct, by(s, "workload", ERROR_RATE, H48))


def _rate_limits_wtd(s: Sql) -> list[Figure]:
    return [count("rate limit errors this week", one(s, REQUESTS, WTD, "error_type = 'rate_limit'"))]


def _ttft_p95_support_10d(s: Sql) -> list[Figure]:
    return [ms("support-bot TTFT p95", one(s, q(0.95, "ttft_ms"), L10, WORKLOAD, w="support-bot"))]


def _median_ttft_by_model_wtd(s: Sql) -> list[Figure]:
    return each(ms, by(s, "model", q(0.5, "ttft_ms"), WTD))


def _p99_ticket_classifier_sep(s: Sql) -> list[Figure]:
    return [ms("ticket-classifier p99", one(s, q(0.99), SEP, WORKLOAD, w="ticket-classifier"), rel=0.02)]


def _p75_48h(s: Sql) -> list[Figure]:
    return [ms("p75 latency 48h", one(s, q(0.75), H48))]


def _mini_quantiles_mtd(s: Sql) -> list[Figure]:
    def at(level: float) -> list[float]:
        return one(s, q(level), MTD, MODEL, m="gpt-4o-mini")

    return [ms("p50", at(0.5)), ms("p90", at(0.9)), ms("p99", at(0.99), rel=0.02)]


def _slowest2_workloads_p95_30d(s: Sql) -> list[Figure]:
    return each(ms, ranked(by(s, "workload", q(0.95), L30), 2, top=True))


def _avg_ttft_by_task_2w(s: Sql) -> list[Figure]:
    return each(ms, by(s, "task_type", MEAN_TTFT, L14))


def _p95_mom(s: Sql) -> list[Figure]:
    octo, sep = s.one(q(0.95), *OCT[0]), s.one(q(0.95), *SEP[0])
    return [ms("October p95", [octo]), ms("September p95", [sep]), change("change", [(octo, sep)])]


def _quality_support_10d_vs_before(s: Sql) -> list[Figure]:
    return [
        quality("last 10 days", one(s, QUALITY, L10, WORKLOAD, w="support-bot")),
        quality("10 days before", one(s, QUALITY, PREV10, WORKLOAD, w="support-bot")),
    ]


def _bottom3_task_quality_qtd(s: Sql) -> list[Figure]:
    return each(quality, ranked(by(s, "task_type", QUALITY, QTD), 3, top=False))


def _quality_by_model_sep(s: Sql) -> list[Figure]:
    return each(quality, by(s, "model", QUALITY, SEP))


def _avg_daily_requests_mtd(s: Sql) -> list[Figure]:
    mtd, whole = s.one(REQUESTS, MONTH, NOW), s.one(REQUESTS, MONTH, TODAY)
    return [count("requests per day", [mtd / ELAPSED, mtd / 20, whole / 19])]


def _support_users_yesterday(s: Sql) -> list[Figure]:
    return [
        count("support-bot users yesterday", one(s, "uniqExact(user_id)", DAY_YESTERDAY, WORKLOAD, w="support-bot"))
    ]


def Q(id: str, text: str, topic: str, expect: Expect | None) -> NumberQuestion:
    return NumberQuestion(id, text, topic, expect)


QUESTIONS: list[NumberQuestion] = [
    # the CTO: spend for the board slide
    Q(
        "qtd_spend",
        "I'm putting together the board deck for Q4 - what is our total AI spend quarter to date, across "
        "all providers and models?",
        "spend",
        _qtd_spend,
    ),
    Q("spend_since_1st", "spend since the 1st?", "spend", _spend_since_1st),
    Q("sep_vs_oct", "Sept vs Oct spend, and the % change MoM", "spend", _sep_vs_oct),
    Q("provider_september", "Break down September's spend by provider please", "spend", _provider_september),
    Q("top3_models_10d", "top 3 models by spend over the past 10 days", "spend", _top3_models_10d),
    Q("cheapest2_workloads_oct", "which 2 workloads were the cheapst last month?", "spend", _cheapest2_workloads_oct),
    Q(
        "doc_summarizer_share",
        "What share of our total spend did the doc summarizer account for since the 1st?",
        "spend",
        _doc_summarizer_share,
    ),
    Q("provider_shares_30d", "% of spend by provider, last 30 days", "spend", _provider_shares_30d),
    Q(
        "november_projection",
        "At the current run rate, what will November end up costing us in total?",
        "spend",
        _november_projection,
    ),
    Q(
        "annual_run_rate",
        "For the board: what's our annualized run-rate based on the last 30 days of spend?",
        "spend",
        _annual_run_rate,
    ),
    Q("wtd_vs_same_point", "week to date spend vs the same point last week", "spend", _wtd_vs_same_point),
    Q("daily_spend_this_week", "how much did we spend each day this week?", "spend", _daily_spend_this_week),
    Q("top5_users_wtd", "top 5 users by spend, week to date", "spend", _top5_users_wtd),
    Q(
        "per_request_top_model_qtd",
        "Which model has the highest cost per request this quarter, and what is it?",
        "unit cost",
        _per_request_top_model_qtd,
    ),
    Q("per_1k_provider_sep", "cost per 1k tokens by provider in Sept", "unit cost", _per_1k_provider_sep),
    Q("per_1k_mom", "$/1k tokens this month vs last month", "unit cost", _per_1k_mom),
    Q("sonnet_tokens_oct", "how many tokens did sonnet chew through in October?", "tokens", _sonnet_tokens_oct),
    Q(
        "tokens_by_kind_mtd",
        "Token usage since the 1st, split into prompt vs completion tokens",
        "tokens",
        _tokens_by_kind_mtd,
    ),
    Q(
        "error_spend_september",
        "how much money did we burn on failed requests in September?",
        "errors",
        _error_spend_september,
    ),
    Q(
        "error_spend_by_provider_30d",
        "error spend by provider over the last 30 days",
        "errors",
        _error_spend_by_provider_30d,
    ),
    # the support-team lead
    Q("support_bot_yesterday", "how much did the support bot cost us yesterday?", "spend", _support_bot_yesterday),
    Q(
        "support_requests_same_weekday",
        "support bot reqeusts yesterday compared with the same day last week?",
        "requests",
        _support_requests_same_weekday,
    ),
    Q(
        "support_requests_48h",
        "How many requests did the support bot handle in the last 48 hours?",
        "requests",
        _support_requests_48h,
    ),
    Q(
        "ticket_classifier_error_rate_10d",
        "erorr rate for the ticket classifier, past 10 days",
        "errors",
        _ticket_classifier_error_rate_10d,
    ),
    Q(
        "support_errors_by_type_qtd",
        "Break down the support-bot's errors by error type this quarter",
        "errors",
        _support_errors_by_type_qtd,
    ),
    Q("error_rate_by_workload_48h", "error rate per workload in the last 48h", "errors", _error_rate_by_workload_48h),
    Q("rate_limits_wtd", "how many rate limit errors have we hit so far this week", "errors", _rate_limits_wtd),
    Q(
        "ttft_p95_support_10d",
        "What's the p95 time to first token for the support bot over the past 10 days?",
        "latency",
        _ttft_p95_support_10d,
    ),
    Q("median_ttft_by_model_wtd", "median TTFT per model, week to date", "latency", _median_ttft_by_model_wtd),
    Q(
        "p99_ticket_classifier_sep",
        "p99 latency for the tiket classifier in September",
        "latency",
        _p99_ticket_classifier_sep,
    ),
    Q("p75_48h", "p75 latency across everything, last 48 hours", "latency", _p75_48h),
    Q("mini_quantiles_mtd", "gpt-4o-mini latency since the 1st: p50, p90 and p99?", "latency", _mini_quantiles_mtd),
    Q(
        "slowest2_workloads_p95_30d",
        "Which 2 workloads have the worst p95 latency over the last 30 days?",
        "latency",
        _slowest2_workloads_p95_30d,
    ),
    Q(
        "avg_ttft_by_task_2w",
        "average time to first token per task type over the past 2 weeks",
        "latency",
        _avg_ttft_by_task_2w,
    ),
    Q("p95_mom", "did our p95 latency get worse in October compared to September?", "latency", _p95_mom),
    Q(
        "quality_support_10d_vs_before",
        "avg quality score for the support bot, past 10 days vs the 10 days before",
        "quality",
        _quality_support_10d_vs_before,
    ),
    Q("bottom3_task_quality_qtd", "bottom 3 task types by quality this quarter", "quality", _bottom3_task_quality_qtd),
    Q("quality_by_model_sep", "qualty per model in September", "quality", _quality_by_model_sep),
    Q("avg_daily_requests_mtd", "avg daily requests since the 1st?", "requests", _avg_daily_requests_mtd),
    Q(
        "support_users_yesterday",
        "how many unique users did the support bot serve yesterday?",
        "users",
        _support_users_yesterday,
    ),
    # what the events do not hold
    Q("gpu_hours", "How many GPU hours did we use last month?", "out of scope", None),
    Q(
        "csat",
        "What's the CSAT score from the customer surveys for tickets the support bot handled this week?",
        "out of scope",
        None,
    ),
    Q("invoice_numbers", "which invoice numbers do the September OpenAI charges fall under?", "out of scope", None),
    Q("spend_by_team", "spend by team this month (platform team vs data science team)", "out of scope", None),
    Q("fine_tuning", "how much did we spend on fine-tuning jobs in October?", "out of scope", None),
]

# The first run, against commit d82d975 (the planner of the fourth set's commit): correct 30, partial 1, substituted 11,
# declined 3 -- 30 of 40 answerable questions fully right, 2 of 5 unanswerable ones declined, 32 of 45 as expected.
# Two first-run readings were the test's, not the assistant's, and were fixed before this record:
# - support_requests_same_weekday first scored `partial`: the scorer read "78 against 87, down 10.3 %" without the 87
#   (an integer followed by a comma was dropped as a list); the scorer now ends a number on a digit;
# - avg_daily_requests_mtd scored `correct` (492.1 per covered day) but failed the harness's 8 %-off guard: the
#   20-calendar-day reading x 1.08 (518.1) sat within this file's 0.5 % tolerance of a day's count in the answer's
#   list (519); an average of counts is now exact to its displayed digit.
# Lucky passes (right figures, wrong reading): per_request_top_model_qtd and bottom3_task_quality_qtd read "this
# quarter" as the last 90 days (all 82.5 days of data, from 30 August) instead of 1 October to now; claude-3-5-sonnet's
# $0.0453 per request is 0.4 % off the quarter's $0.0455 (inside the 1 % unit-cost tolerance) and agent's quality
# 0.828 is 0.0025 off the quarter's 0.8255 (just inside 0.002 plus half the last digit). rate_limits_wtd states the
# 40 rate limits only inside a breakdown of all 138 errors (the right figure and window, the filter not applied).
FIRST_RUN: dict[str, Outcome] = {
    "qtd_spend": "substituted",
    "spend_since_1st": "correct",
    "sep_vs_oct": "substituted",
    "provider_september": "correct",
    "top3_models_10d": "correct",
    "cheapest2_workloads_oct": "correct",
    "doc_summarizer_share": "correct",
    "provider_shares_30d": "substituted",
    "november_projection": "substituted",
    "annual_run_rate": "substituted",
    "wtd_vs_same_point": "substituted",
    "daily_spend_this_week": "correct",
    "top5_users_wtd": "substituted",
    "per_request_top_model_qtd": "correct",
    "per_1k_provider_sep": "correct",
    "per_1k_mom": "correct",
    "sonnet_tokens_oct": "correct",
    "tokens_by_kind_mtd": "correct",
    "error_spend_september": "correct",
    "error_spend_by_provider_30d": "correct",
    "support_bot_yesterday": "correct",
    "support_requests_same_weekday": "correct",
    "support_requests_48h": "correct",
    "ticket_classifier_error_rate_10d": "correct",
    "support_errors_by_type_qtd": "substituted",
    "error_rate_by_workload_48h": "correct",
    "rate_limits_wtd": "correct",
    "ttft_p95_support_10d": "correct",
    "median_ttft_by_model_wtd": "partial",
    "p99_ticket_classifier_sep": "correct",
    "p75_48h": "declined",
    "mini_quantiles_mtd": "correct",
    "slowest2_workloads_p95_30d": "correct",
    "avg_ttft_by_task_2w": "correct",
    "p95_mom": "correct",
    "quality_support_10d_vs_before": "correct",
    "bottom3_task_quality_qtd": "correct",
    "quality_by_model_sep": "correct",
    "avg_daily_requests_mtd": "correct",
    "support_users_yesterday": "correct",
    "gpu_hours": "declined",
    "csat": "declined",
    "invoice_numbers": "substituted",
    "spend_by_team": "substituted",
    "fine_tuning": "substituted",
}

# The questions that fail today, each with its outcome: a strict xfail in the test. When a fix makes one pass it
# shows as XPASS and fails the run: delete its line here (FIRST_RUN stays as the historical record).
KNOWN_FAILURES: dict[str, Outcome] = {}
