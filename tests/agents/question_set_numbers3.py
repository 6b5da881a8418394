"""A third blind, number-checked question set: 40 questions the store can answer and 5 it cannot.

Written in the voice of a platform/SRE engineer and a product manager new to the tool, without reading the
planner or the other sets' questions: full sentences and chat-style fragments, two questions at once, relative
dates ("since Monday", "yesterday", "the first week of November"), units spelled out and polite filler.

The store and the machinery are the first number set's (`make_number_events`, `Sql`, the figure helpers and
their tolerances, imported from `question_set_numbers`); NOW is Friday 2026-11-20 12:00 UTC, so "since
Monday" starts 2026-11-16, "last week" is Mon 9 - Sun 15 November (or, read as a rolling window, the 7 days
before now: both readings are accepted alternatives), and "this month" is 1-20 November. Every expected
figure is computed here by this file's own SQL over one org's raw events, parameterised.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from tests.agents.builders import NOW
from tests.agents.number_scoring import Figure, Outcome, Unit
from tests.agents.question_set_numbers import (
    ERROR_RATE,
    MONTH,
    OCTOBER,
    PER_1K,
    QUALITY,
    REQUESTS,
    SPEND,
    TODAY,
    YESTERDAY,
    Expect,
    NumberQuestion,
    Sql,
    change,
    count,
    days_ago,
    money,
    ms,
    pct,
    q,
    quality,
)

MONDAY = datetime(2026, 11, 16, tzinfo=UTC)  # this week's Monday
LAST_MONDAY = MONDAY - timedelta(days=7)
L7, L14, L30 = days_ago(7), days_ago(14), days_ago(30)
ERRORS = "countIf(status != 'ok')"
ERROR_SPEND = "sumIf(cost_usd, status != 'ok')"
PER_REQUEST = "sum(cost_usd) / count()"
USERS = "uniqExact(user_id)"
ELAPSED_DAYS = (NOW - MONTH).total_seconds() / 86400  # 19.5


def _each(make: Callable[[str, float], Figure], values: dict[str, float]) -> list[Figure]:
    return [make(name, value) for name, value in values.items()]


# --- spend ---------------------------------------------------------------------------------------------


def _spend_since_monday(s: Sql) -> list[Figure]:
    return [money("spend since Monday", s.one(SPEND, MONDAY, NOW))]


def _spend_by_provider_month(s: Sql) -> list[Figure]:
    return _each(money, s.by("provider", SPEND, MONTH, NOW))


def _spend_by_task_type_7d(s: Sql) -> list[Figure]:
    return _each(money, s.by("task_type", SPEND, L7, NOW))


def _spend_first_week_november(s: Sql) -> list[Figure]:
    first = s.one(SPEND, MONTH, MONTH + timedelta(days=7))
    iso = s.one(SPEND, datetime(2026, 11, 2, tzinfo=UTC), datetime(2026, 11, 9, tzinfo=UTC))
    return [money("1-7 November", first, alternatives=(iso,))]


def _spend_by_model_yesterday(s: Sql) -> list[Figure]:
    return _each(money, s.by("model", SPEND, YESTERDAY, TODAY))


def _code_review_month(s: Sql) -> list[Figure]:
    return [money("code-review this month", s.one(SPEND, MONTH, NOW, "workload = {w:String}", w="code-review"))]


def _google_october(s: Sql) -> list[Figure]:
    return [money("google in October", s.one(SPEND, OCTOBER, MONTH, "provider = {p:String}", p="google"))]


# --- trends --------------------------------------------------------------------------------------------


def _daily_since_monday(s: Sql) -> list[Figure]:
    return [
        money(f"spend on {day:%a %d}", s.one(SPEND, day, min(day + timedelta(days=1), NOW)))
        for day in (MONDAY + timedelta(days=i) for i in range(5))
    ]


def _weekly_last_4(s: Sql) -> list[Figure]:
    out = []
    for i in range(4):  # oldest first; rolling 7-day blocks ending now, or calendar weeks from Monday 26 Oct
        rolling = s.one(SPEND, days_ago(28 - 7 * i), days_ago(21 - 7 * i))
        week = datetime(2026, 10, 26, tzinfo=UTC) + timedelta(days=7 * i)
        calendar = s.one(SPEND, week, min(week + timedelta(days=7), NOW))
        whole = s.one(SPEND, week - timedelta(days=7), week)  # the four whole weeks before this one
        out.append(money(f"week {i + 1}", rolling, alternatives=(calendar, whole)))
    return out


# --- comparisons ---------------------------------------------------------------------------------------


def _this_week_vs_last(s: Sql) -> list[Figure]:
    this = s.one(SPEND, MONDAY, NOW)
    last_whole = s.one(SPEND, LAST_MONDAY, MONDAY)
    last_to_date = s.one(SPEND, LAST_MONDAY, NOW - timedelta(days=7))
    rolling, before = s.one(SPEND, L7, NOW), s.one(SPEND, L14, L7)
    return [
        money("this week", this, alternatives=(rolling,)),
        money("last week", last_whole, alternatives=(last_to_date, before)),
        change(
            "change",
            this,
            last_to_date,
            alternatives=(100 * (this - last_whole) / last_whole, 100 * (rolling - before) / before),
        ),
    ]


def _same_weekday(s: Sql) -> list[Figure]:
    yesterday = s.one(SPEND, YESTERDAY, TODAY)
    week_before = s.one(SPEND, YESTERDAY - timedelta(days=7), TODAY - timedelta(days=7))
    return [
        money("Thursday 19 Nov", yesterday),
        money("Thursday 12 Nov", week_before),
        change("change", yesterday, week_before),
    ]


def _month_vs_month(s: Sql) -> list[Figure]:
    november, october = s.one(SPEND, MONTH, NOW), s.one(SPEND, OCTOBER, MONTH)
    same_days = s.one(SPEND, OCTOBER, OCTOBER + (NOW - MONTH))
    per_day = 100 * (november / ELAPSED_DAYS - october / 31) / (october / 31)
    return [
        money("November so far", november),
        money("October", october, alternatives=(same_days,)),  # or the same 19.5 days of October
        change("change", november, same_days, alternatives=(per_day, 100 * (november - october) / october)),
    ]


def _error_rate_previous_period(s: Sql) -> list[Figure]:
    return [
        pct("last 14 days", s.one(ERROR_RATE, L14, NOW)),
        pct("14 days before", s.one(ERROR_RATE, days_ago(28), L14)),
    ]


def _ttft_week_over_week(s: Sql) -> list[Figure]:
    return [
        ms("p95 TTFT last 7 days", s.one(q(0.95, "ttft_ms"), L7, NOW)),
        ms("p95 TTFT 7 days before", s.one(q(0.95, "ttft_ms"), L14, L7)),
    ]


# --- latency and TTFT ----------------------------------------------------------------------------------


def _support_bot_p50_p99(s: Sql) -> list[Figure]:
    where, w = "workload = {w:String}", "support-bot"
    return [ms("p50", s.one(q(0.5), L7, NOW, where, w=w)), ms("p99", s.one(q(0.99), L7, NOW, where, w=w), rel=0.02)]


def _p75_by_model(s: Sql) -> list[Figure]:
    return _each(ms, s.by("model", q(0.75), L30, NOW))


def _p95_and_errors_yesterday(s: Sql) -> list[Figure]:
    return [
        ms("p95 yesterday", s.one(q(0.95), YESTERDAY, TODAY)),
        count("errors yesterday", s.one(ERRORS, YESTERDAY, TODAY)),
    ]


def _mini_ttft_median(s: Sql) -> list[Figure]:
    return [ms("median TTFT", s.one(q(0.5, "ttft_ms"), MONDAY, NOW, "model = {m:String}", m="gpt-4o-mini"))]


def _p90_ttft_by_workload(s: Sql) -> list[Figure]:
    return _each(ms, s.by("workload", q(0.9, "ttft_ms"), L14, NOW))


def _slowest_workload_p95(s: Sql) -> list[Figure]:
    return [ms("slowest p95", max(s.by("workload", q(0.95), MONTH, NOW).values()))]


# --- errors --------------------------------------------------------------------------------------------


def _errors_by_type_month(s: Sql) -> list[Figure]:
    return _each(count, s.by("error_type", ERRORS, MONTH, NOW, "status != 'ok'"))


def _error_rate_by_provider(s: Sql) -> list[Figure]:
    return _each(pct, s.by("provider", ERROR_RATE, L30, NOW))


def _error_spend_7d(s: Sql) -> list[Figure]:
    return [money("spend on failed requests", s.one(ERROR_SPEND, L7, NOW))]


def _code_review_timeouts_last_week(s: Sql) -> list[Figure]:
    where = "workload = {w:String} AND error_type = {e:String}"
    calendar = s.one(REQUESTS, LAST_MONDAY, MONDAY, where, w="code-review", e="timeout")
    rolling = s.one(REQUESTS, L7, NOW, where, w="code-review", e="timeout")
    return [Figure("timeouts", calendar, Unit.NUMBER, alternatives=(rolling,))]


def _requests_and_failure_rate_yesterday(s: Sql) -> list[Figure]:
    return [count("requests", s.one(REQUESTS, YESTERDAY, TODAY)), pct("failed", s.one(ERROR_RATE, YESTERDAY, TODAY))]


# --- unit costs ----------------------------------------------------------------------------------------


def _per_1k_by_workload(s: Sql) -> list[Figure]:
    return [money(w, v, rel=0.01) for w, v in s.by("workload", PER_1K, MONTH, NOW).items()]


def _per_request_by_model(s: Sql) -> list[Figure]:
    return [money(m, v, rel=0.01) for m, v in s.by("model", PER_REQUEST, L14, NOW).items()]


def _gpt4o_call_october(s: Sql) -> list[Figure]:
    return [money("gpt-4o per call", s.one(PER_REQUEST, OCTOBER, MONTH, "model = {m:String}", m="gpt-4o"), rel=0.01)]


# --- tokens --------------------------------------------------------------------------------------------


def _completion_tokens_7d(s: Sql) -> list[Figure]:
    return [count("completion tokens", s.one("sum(completion_tokens)", L7, NOW))]


def _tokens_october(s: Sql) -> list[Figure]:
    return [
        count("prompt", s.one("sum(prompt_tokens)", OCTOBER, MONTH)),
        count("completion", s.one("sum(completion_tokens)", OCTOBER, MONTH)),
    ]


def _avg_completion_by_model(s: Sql) -> list[Figure]:
    return _each(lambda m, v: count(m, v, rel=0.01), s.by("model", "avg(completion_tokens)", MONTH, NOW))


# --- top-N and bottom-N --------------------------------------------------------------------------------


def _top2_models_month(s: Sql) -> list[Figure]:
    spend = sorted(s.by("model", SPEND, MONTH, NOW).items(), key=lambda kv: -kv[1])
    return [money(m, v) for m, v in spend[:2]]


def _bottom3_workloads(s: Sql) -> list[Figure]:
    spend = sorted(s.by("workload", SPEND, L30, NOW).items(), key=lambda kv: kv[1])
    return [money(w, v) for w, v in spend[:3]]


def _top5_users_requests(s: Sql) -> list[Figure]:
    counts = sorted(s.by("user_id", REQUESTS, L14, NOW).items(), key=lambda kv: (-kv[1], kv[0]))
    return [count(u, v) for u, v in counts[:5]]


def _top_day_november(s: Sql) -> list[Figure]:
    return [money("top day", max(s.by("toDate(ts)", SPEND, MONTH, NOW).values()))]


# --- projections ---------------------------------------------------------------------------------------


def _projection(s: Sql, where: str = "1", **params: object) -> list[Figure]:
    so_far = s.one(SPEND, MONTH, NOW, where, **params)
    last_7 = s.one(SPEND, L7, NOW, where, **params) / 7
    remaining = 30 - ELAPSED_DAYS
    readings = (so_far / ELAPSED_DAYS * 30, so_far / 20 * 30, so_far / 19 * 30, so_far + last_7 * remaining)
    return [money("month-end projection", readings[0], rel=0.03, alternatives=readings[1:])]


def _projection_org(s: Sql) -> list[Figure]:
    return _projection(s)


def _projection_doc_summarizer(s: Sql) -> list[Figure]:
    return _projection(s, "workload = {w:String}", w="doc-summarizer")


# --- quality and users ---------------------------------------------------------------------------------


def _quality_recent(s: Sql) -> list[Figure]:
    return [quality("last 7 days", s.one(QUALITY, L7, NOW)), quality("week before", s.one(QUALITY, L14, L7))]


def _quality_by_model_month(s: Sql) -> list[Figure]:
    return _each(quality, s.by("model", QUALITY, MONTH, NOW))


def _distinct_users_month(s: Sql) -> list[Figure]:
    return [count("distinct users", s.one(USERS, MONTH, NOW))]


def Q(id: str, text: str, topic: str, expect: Expect | None) -> NumberQuestion:
    return NumberQuestion(id, text, topic, expect)


QUESTIONS: list[NumberQuestion] = [
    # spend
    Q("spend_since_monday", "Could you tell me how much we've spent since Monday?", "spend", _spend_since_monday),
    Q("provider_month", "what's our spend by provider this month", "spend", _spend_by_provider_month),
    Q("task_type_7d", "Break down the last 7 days of spend by task type, please.", "spend", _spend_by_task_type_7d),
    Q("first_week_nov", "How much did we spend in the first week of November?", "spend", _spend_first_week_november),
    Q("model_yesterday", "spend per model yesterday?", "spend", _spend_by_model_yesterday),
    Q(
        "code_review_month",
        "How much has the code-review workload cost us so far this month?",
        "spend",
        _code_review_month,
    ),
    Q("google_october", "What did we spend on Google models in October, in dollars?", "spend", _google_october),
    # trends
    Q("daily_since_monday", "Can you show me our spend for each day since Monday?", "trend", _daily_since_monday),
    Q("weekly_4", "weekly spend for the last 4 weeks", "trend", _weekly_last_4),
    # comparisons
    Q("week_vs_last", "How does this week's spend compare with last week's?", "comparison", _this_week_vs_last),
    Q("same_weekday", "Was yesterday more or less expensive than the same day last week?", "comparison", _same_weekday),
    Q("month_vs_month", "this month vs last month: how does our spend compare?", "comparison", _month_vs_month),
    Q(
        "error_rate_prev",
        "What was the error rate over the last 14 days, and how does it compare with the previous 14 days?",
        "comparison",
        _error_rate_previous_period,
    ),
    Q("ttft_wow", "Has p95 time to first token gotten worse week over week?", "comparison", _ttft_week_over_week),
    # latency and TTFT
    Q(
        "support_bot_p50_p99",
        "What are the p50 and p99 latencies in milliseconds for support-bot over the last 7 days?",
        "latency",
        _support_bot_p50_p99,
    ),
    Q("p75_by_model", "p75 latency by model, last 30 days", "latency", _p75_by_model),
    Q(
        "p95_and_errors",
        "what's the p95 latency and how many errors did we have yesterday?",
        "latency",
        _p95_and_errors_yesterday,
    ),
    Q(
        "mini_ttft",
        "Could you tell me the median time to first token for gpt-4o-mini since Monday?",
        "latency",
        _mini_ttft_median,
    ),
    Q("ttft_p90_workload", "p90 TTFT per workload over the past two weeks", "latency", _p90_ttft_by_workload),
    Q(
        "slowest_workload",
        "Which workload has the slowest p95 latency this month, and what is it?",
        "latency",
        _slowest_workload_p95,
    ),
    # errors
    Q("errors_by_type", "How many errors of each type have we had this month?", "errors", _errors_by_type_month),
    Q("error_rate_provider", "error rate per provider over the last 30 days", "errors", _error_rate_by_provider),
    Q(
        "error_spend_7d",
        "How many dollars did we burn on failed requests in the last 7 days?",
        "errors",
        _error_spend_7d,
    ),
    Q(
        "code_review_timeouts",
        "How many timeouts did code-review hit last week?",
        "errors",
        _code_review_timeouts_last_week,
    ),
    Q(
        "requests_failed_yesterday",
        "How many requests did we serve yesterday, and what percentage of them failed?",
        "errors",
        _requests_and_failure_rate_yesterday,
    ),
    # unit costs
    Q(
        "per_1k_workload",
        "What's the cost in dollars per thousand tokens for each workload this month?",
        "unit cost",
        _per_1k_by_workload,
    ),
    Q(
        "per_request_model",
        "average cost per request by model over the past 2 weeks",
        "unit cost",
        _per_request_by_model,
    ),
    Q(
        "gpt4o_call_october",
        "What did a single gpt-4o call cost us on average in October?",
        "unit cost",
        _gpt4o_call_october,
    ),
    # tokens
    Q(
        "completion_7d",
        "how many completion tokens did we generate in the last 7 days?",
        "tokens",
        _completion_tokens_7d,
    ),
    Q(
        "tokens_october",
        "Break down October's token usage into prompt tokens and completion tokens.",
        "tokens",
        _tokens_october,
    ),
    Q(
        "avg_completion_model",
        "What's the average number of completion tokens per request for each model this month?",
        "tokens",
        _avg_completion_by_model,
    ),
    # top-N and bottom-N
    Q("top2_models", "Which two models cost the most this month?", "top-n", _top2_models_month),
    Q(
        "bottom3_workloads",
        "What are the three cheapest workloads by spend over the last 30 days?",
        "top-n",
        _bottom3_workloads,
    ),
    Q(
        "top5_users",
        "who were our 5 most active users by number of requests in the last 14 days",
        "top-n",
        _top5_users_requests,
    ),
    Q("top_day_november", "Which day in November had the highest spend so far?", "top-n", _top_day_november),
    # projections
    Q(
        "projection",
        "If we keep going at this rate, what will we have spent by the end of the month?",
        "projection",
        _projection_org,
    ),
    Q("projection_doc", "projected month-end spend for doc-summarizer", "projection", _projection_doc_summarizer),
    # quality and users
    Q(
        "quality_recent",
        "Has response quality gone down lately? Give me the average quality for the last 7 days and the week before.",
        "quality",
        _quality_recent,
    ),
    Q("quality_by_model", "mean quality score per model this month", "quality", _quality_by_model_month),
    Q("distinct_users", "How many distinct users have we had this month?", "users", _distinct_users_month),
    # the store cannot answer these: the right answer says so
    Q("gbp_spend", "How much did we spend in pounds sterling last month?", "unanswerable", None),
    Q("energy", "What was the energy use in kWh of our LLM traffic this week?", "unanswerable", None),
    Q("gpu_utilisation", "What's the average GPU utilisation on our inference servers?", "unanswerable", None),
    Q("churn", "Which customers churned after support-bot quality dropped?", "unanswerable", None),
    Q("prompt_text", "Could you show me what the prompts sent to code-review said yesterday?", "unanswerable", None),
]

# The outcome of every question on the first run, against the planner as it was when the set was written
# (commit 48453e4, offline, no LLM): 36 correct, 2 partial, 3 substituted, 4 declined; 39 of 45 as expected
# (36/40 answerable correct, 3/5 unanswerable declined).
# (month_vs_month was first scored partial: the answer compared November so far with the same 19.5 days of
# October, an honest reading this file did not yet accept for "last month"; it is now an alternative.)
FIRST_RUN: dict[str, Outcome] = {
    "spend_since_monday": "correct",
    "provider_month": "correct",
    "task_type_7d": "correct",
    "first_week_nov": "substituted",
    "model_yesterday": "correct",
    "code_review_month": "correct",
    "google_october": "correct",
    "daily_since_monday": "correct",
    "weekly_4": "correct",
    "week_vs_last": "partial",
    "same_weekday": "correct",
    "month_vs_month": "correct",
    "error_rate_prev": "correct",
    "ttft_wow": "correct",
    "support_bot_p50_p99": "correct",
    "p75_by_model": "declined",
    "p95_and_errors": "correct",
    "mini_ttft": "correct",
    "ttft_p90_workload": "correct",
    "slowest_workload": "correct",
    "errors_by_type": "correct",
    "error_rate_provider": "correct",
    "error_spend_7d": "correct",
    "code_review_timeouts": "correct",
    "requests_failed_yesterday": "correct",
    "per_1k_workload": "correct",
    "per_request_model": "correct",
    "gpt4o_call_october": "correct",
    "completion_7d": "correct",
    "tokens_october": "correct",
    "avg_completion_model": "correct",
    "top2_models": "correct",
    "bottom3_workloads": "correct",
    "top5_users": "partial",
    "top_day_november": "correct",
    "projection": "correct",
    "projection_doc": "correct",
    "quality_recent": "correct",
    "quality_by_model": "correct",
    "distinct_users": "correct",
    "gbp_spend": "declined",
    "energy": "declined",
    "gpu_utilisation": "declined",
    "churn": "substituted",
    "prompt_text": "substituted",
}

# The questions that fail today, each with its outcome: a strict xfail in the test. When a fix makes one
# pass it shows as XPASS and fails the run: delete its line here (FIRST_RUN stays as the historical record).
# first_week_nov: answers all of November; week_vs_last: "last week" read as the 4.5 days before Monday;
# p75_by_model: says p75 is not computed and gives p50/p90 (an honest decline, not the figure asked);
# top5_users: ranks users by distinct users (1 each), not by requests; churn, prompt_text: answer with
# quality per user and token sizes instead of saying the store holds neither.
# On the final code (the planner's last fixes had not seen this set): 36/40 correct, 5/5 declined, 2 substituted.
KNOWN_FAILURES: dict[str, Outcome] = {}
