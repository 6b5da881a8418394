"""A ninth blind, number-checked question set: 40 questions the store can answer and 5 it cannot.

Written in the voice of four new users, without reading the planner: a CFO preparing a board slide who speaks in
quarters, run-rates and "what are we on track for" ("Q4 to date", "burn", "outlay", "bill", "annualised", "average
weekday versus weekend day", "since the 3rd"); a data scientist checking model quality and latency percentiles per
task type ("response time", "how slow", "p90", "time-to-first-token", "second-slowest", "the fortnight ending
yesterday", "between the 2nd and the 9th"); a product manager who names features and users and asks "who", "which
of", "rank", "bottom 3", "second-most" ("hits", "invocations", "share of calls vs share of spend", "calls per user");
and a support lead typing long run-on messages with two asks joined by "and also" (errored calls and what they cost,
p95 and timeouts this week, the busiest and quietest day, calls and cost per day, errors by type and the error rate,
this week's error rate and last week's, two models inside one workload). The five unanswerable ones ask for what the
events do not hold: GPU hours of a self-hosted cluster, revenue per customer (a gross margin), customer satisfaction
scores, seat licences sold, and carbon emissions.

First run on 2195b8e: 24/40 answerable right, 6 partial, 8 substituted, 2 declined, 0 wrong; 5/5 unanswerable
declined (see FIRST_RUN). After the fixes of #16 for it: 39/40 right (the weekday/weekend split was declined in words:
the query layer had no day-of-week grouping), 5/5 declined. After the day of the week joined the layer (dimensions
weekday and day_type, the measure days): 40/40.

The store and its machinery are the first number set's (`make_number_events`, `Sql`, the tolerances), the helpers
the seventh's and eighth's. NOW is Friday 2026-11-20 12:00 UTC; the events start on Sunday 30 August about noon, so
September and October are whole months and Q4 (from 1 October) is covered from its start. October 2026 has 22
weekdays and 9 weekend days (1 October is a Thursday). No event here has cached or reasoning tokens (both are 0).
Every expected figure is computed here by this file's own parameterised SQL over one org's raw events (never
netra_core's analytics). Tolerances: money 0.5 % (totals, breakdowns, per-day averages), 1 % (unit costs), 3 %
(projections, run rates, annualised figures); percentages 0.05 points (rates and shares); latency and TTFT 1 % (p99
2 %), the mean latency 1 %; counts exact, means of counts (calls per day, per user) 1 %; quality
0.002. Where a phrase has more than one fair reading, each is an accepted alternative (the most literal first):

- "the past 10 days" / "the last fortnight" / "past 30 days": the N x 24 hours before now, the N whole days before
  today, or the N calendar days ending today; "the fortnight ending yesterday": the 14 whole days 6 to 19 November;
  "past 48 hours": the 48 hours before now;
- "Q4 to date" / "since the start of Q4" / "since October 1": 1 October 00:00 to now, or to today 00:00;
- "this month" / "so far in November": 1 November 00:00 to now, or to today 00:00; "since the 3rd": 3 November
  00:00 to now, or to today 00:00;
- "between the 2nd and the 9th": 2 to 9 November with the 9th included, or to the 9th 00:00 (both accepted);
- "this week": Monday 16 November to now, or the last 7 days (7 x 24 hours or 7 whole days); "last week" next to
  this week: Monday 9 to Monday 16 November, the same point of it, or the 7 x 24 hours before the last 7 x 24 hours;
- "what are we on track for in November": month to date over the elapsed days (19.5, 20, or 19 whole days) times 30,
  or month to date plus the last 7 days' daily rate (7 x 24 hours or 7 whole days) for the 10.5 days left;
  "annualised" at November's pace: each of those daily rates times 365, or the November projection times 12;
  "monthly run-rate based on the past 10 days": that window's spend over the days it covers (10, or 9.5 for the
  calendar reading) times 30 or 30.44 (the mean month);
- "average weekday / weekend day in October": the spend on October's 22 weekdays over 22, and on its 9 weekend days
  over 9 (UTC days);
- "calls a day on average over the past fortnight": the window's calls (and spend) over the days it covers;
- "average calls per user this month": month-to-date calls over the distinct users with calls in it;
- "busiest / quietest day so far in November": the largest and smallest count of calls on one UTC day from 1
  November; the quietest among whole days, or counting today's half day;
- "average response time": the mean latency; "what each call costs on average": spend over calls;
- "features" / "feature": the workloads (the events have no other feature field; the questions say so or name a
  workload); "gpt-4o on summarization tasks": model gpt-4o and task type summarization (both filters);
- "which of A and B had more calls, and by how many": both counts and their difference;
- "bottom 3" / "second-most" / "second-slowest" / "lowest": the values at that rank, whatever window reading each
  comes from; "who is the heaviest user": the largest count of one user (names are not checked, numbers are);
- "share of calls vs share of spend": gpt-4o's percentage of all calls and of all spend in the window.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from tests.agents.builders import NOW
from tests.agents.number_scoring import Figure, Outcome, Unit
from tests.agents.question_set_numbers import (
    ERROR_RATE,
    MONTH,
    OCTOBER,
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
    MEAN_LATENCY,
    MODEL,
    MTD,
    PER_REQUEST,
    PREVIOUS_WEEK,
    THIS_WEEK,
    WORKLOAD,
    Window,
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

Q4: list[Window] = [(OCTOBER, NOW), (OCTOBER, TODAY)]
SINCE_THIRD: list[Window] = [(day(11, 3), NOW), (day(11, 3), TODAY)]
SECOND_TO_NINTH: list[Window] = [(day(11, 2), day(11, 10)), (day(11, 2), day(11, 9))]
WEEK_SUMS: list[Window] = rolling(7)[:2]  # a 7-day sum read as 6.5 calendar days is ~8 % less (see set 8)
FORTNIGHT_TO_YESTERDAY: list[Window] = [(day(11, 6), TODAY)]
LAST_48H: list[Window] = [(days_ago(2), NOW)]
TASK = "task_type = {t:String}"
USERS = "uniqExact(user_id)"
WEEKEND = "toDayOfWeek(ts) IN (6, 7)"
WEEKDAY = "toDayOfWeek(ts) NOT IN (6, 7)"


def covered_days(window: Window) -> float:
    """The days a window covers (the data starts long before every window used here)."""
    start, end = window
    return (end - start).total_seconds() / 86400


def mean(label: str, values: Sequence[float], rel: float = 0.01) -> Figure:
    """A mean of counts (calls per day, per user): 1 %."""
    return Figure(label, values[0], Unit.NUMBER, rel=rel, alternatives=tuple(values[1:]))


def daily_rates(s: Sql) -> list[float]:
    """November's daily spend rate, each reading: month to date over 19.5, 20 or 19 whole days; the last 7 days'."""
    mtd = s.one(SPEND, MONTH, NOW)
    whole = s.one(SPEND, MONTH, TODAY)
    return [mtd / 19.5, mtd / 20, whole / 19, *(s.one(SPEND, a, b) / 7 for a, b in WEEK_SUMS)]


def november_projection(s: Sql) -> list[float]:
    mtd = s.one(SPEND, MONTH, NOW)
    whole = s.one(SPEND, MONTH, TODAY)
    weekly = [s.one(SPEND, a, b) / 7 for a, b in WEEK_SUMS]
    return [mtd / 19.5 * 30, mtd / 20 * 30, whole / 19 * 30, *(mtd + rate * 10.5 for rate in weekly)]


def daily_counts(s: Sql, start: datetime, end: datetime) -> dict[str, float]:
    """Calls per UTC day."""
    return s.by("toDate(ts)", REQUESTS, start, end)


# --- the CFO preparing a board slide ---------------------------------------------------------------------------


def _q4_to_date_burn(s: Sql) -> list[Figure]:
    return [money("Q4 to date", one(s, SPEND, Q4))]


def _run_rate_past_10_days(s: Sql) -> list[Figure]:
    rates = [s.one(SPEND, a, b) / covered_days((a, b)) for a, b in rolling(10)]
    return [money("monthly run-rate", [r * m for m in (30, 30.44) for r in rates], rel=0.03)]


def _on_track_for_november(s: Sql) -> list[Figure]:
    return [money("November on track for", november_projection(s), rel=0.03)]


def _weekday_vs_weekend_october(s: Sql) -> list[Figure]:
    window = [(OCTOBER, MONTH)]
    return [
        money("average weekday", [v / 22 for v in one(s, SPEND, window, WEEKDAY)]),
        money("average weekend day", [v / 9 for v in one(s, SPEND, window, WEEKEND)]),
    ]


def _openai_share_q4(s: Sql) -> list[Figure]:
    expr = "100 * sumIf(cost_usd, provider = {p:String}) / sum(cost_usd)"
    return [pct("OpenAI share of Q4", one(s, expr, Q4, p="openai"))]


def _charges_by_provider_fortnight(s: Sql) -> list[Figure]:
    return each(money, per_group(s, "provider", SPEND, rolling(14)))


def _september_bill(s: Sql) -> list[Figure]:
    return [money("September", one(s, SPEND, [(SEPTEMBER, OCTOBER)]))]


def _annualised(s: Sql) -> list[Figure]:
    readings = [r * 365 for r in daily_rates(s)] + [p * 12 for p in november_projection(s)]
    return [money("annualised", readings, rel=0.03)]


def _per_call_q4(s: Sql) -> list[Figure]:
    return [money("per call Q4", one(s, PER_REQUEST, Q4), rel=0.01)]


def _since_the_third(s: Sql) -> list[Figure]:
    return [money("since the 3rd", one(s, SPEND, SINCE_THIRD))]


# --- the data scientist ------------------------------------------------------------------------------------------


def _p90_by_task_fortnight(s: Sql) -> list[Figure]:
    return each(ms, per_group(s, "task_type", q(0.9), rolling(14)))


def _rag_median_10_days(s: Sql) -> list[Figure]:
    return [ms("rag p50", one(s, q(0.5), rolling(10), TASK, t="rag"))]


def _quality_by_task_q4(s: Sql) -> list[Figure]:
    return each(quality, per_group(s, "task_type", QUALITY, Q4))


def _classification_quality_10_vs_10(s: Sql) -> list[Figure]:
    pairs = [
        ((days_ago(10), NOW), (days_ago(20), days_ago(10))),
        ((TODAY - timedelta(days=10), TODAY), (TODAY - timedelta(days=20), TODAY - timedelta(days=10))),
    ]
    return [
        quality("last 10 days", [s.one(QUALITY, *new, TASK, t="classification") for new, _ in pairs]),
        quality("10 days before", [s.one(QUALITY, *old, TASK, t="classification") for _, old in pairs]),
    ]


def _ttft_p99_by_provider_2nd_to_9th(s: Sql) -> list[Figure]:
    return [ms(p, v, rel=0.02) for p, v in per_group(s, "provider", q(0.99, "ttft_ms"), SECOND_TO_NINTH).items()]


def _gpt4o_summarization_p50_p95(s: Sql) -> list[Figure]:
    where = "model = {m:String} AND task_type = {t:String}"
    return [
        ms("p50", one(s, q(0.5), rolling(14), where, m="gpt-4o", t="summarization")),
        ms("p95", one(s, q(0.95), rolling(14), where, m="gpt-4o", t="summarization")),
    ]


def _fastest_model_p95_mtd(s: Sql) -> list[Figure]:
    ((_, values),) = ranked(s, "model", q(0.95), MTD, 1, largest=False)
    return [ms("lowest p95", values)]


def _second_slowest_task_mean(s: Sql) -> list[Figure]:
    top = ranked(s, "task_type", MEAN_LATENCY, rolling(30), 2, largest=True)
    return [ms("second-slowest mean", top[1][1])]


def _distinct_users_gpt4o_mini_yesterday(s: Sql) -> list[Figure]:
    return [count("users", one(s, USERS, [(YESTERDAY, TODAY)], MODEL, m="gpt-4o-mini"))]


def _failure_rate_by_task_fortnight_to_yesterday(s: Sql) -> list[Figure]:
    return each(pct, per_group(s, "task_type", ERROR_RATE, FORTNIGHT_TO_YESTERDAY))


def _llama_ttft_vs_latency_mtd(s: Sql) -> list[Figure]:
    return [
        ms("mean TTFT", one(s, "avg(toFloat64(ttft_ms))", MTD, MODEL, m="llama-3.1-8b-instant")),
        ms("mean latency", one(s, MEAN_LATENCY, MTD, MODEL, m="llama-3.1-8b-instant")),
    ]


# --- the product manager ----------------------------------------------------------------------------------------


def _bottom3_features_by_calls(s: Sql) -> list[Figure]:
    return [count(w, v) for w, v in ranked(s, "workload", REQUESTS, rolling(30), 3, largest=False)]


def _heaviest_code_review_user(s: Sql) -> list[Figure]:
    ((_, values),) = ranked(s, "user_id", REQUESTS, MTD, 1, largest=True, where="workload = 'code-review'")
    return [count("heaviest user's invocations", values)]


def _rank_models_by_hits_q4(s: Sql) -> list[Figure]:
    return each(count, per_group(s, "model", REQUESTS, Q4))


def _support_vs_sales_calls(s: Sql) -> list[Figure]:
    support = one(s, REQUESTS, rolling(10), WORKLOAD, w="support-bot")
    sales = one(s, REQUESTS, rolling(10), WORKLOAD, w="sales-agent")
    return [
        count("support-bot", support),
        count("sales-agent", sales),
        count("difference", [abs(a - b) for a, b in zip(support, sales, strict=True)]),
    ]


def _bottom3_users_q4(s: Sql) -> list[Figure]:
    return [money(u, v) for u, v in ranked(s, "user_id", SPEND, Q4, 3, largest=False)]


def _top_spender_share(s: Sql) -> list[Figure]:
    ((_, values),) = ranked(s, "user_id", SPEND, rolling(30), 1, largest=True)
    totals = one(s, SPEND, rolling(30))
    return [
        money("top spender", values),
        pct("their share", [100 * v / t for v, t in zip(values, totals, strict=True)]),
    ]


def _gpt4o_calls_vs_spend_share(s: Sql) -> list[Figure]:
    return [
        pct("share of calls", one(s, "100 * countIf(model = {m:String}) / count()", rolling(30), m="gpt-4o")),
        pct(
            "share of spend",
            one(s, "100 * sumIf(cost_usd, model = {m:String}) / sum(cost_usd)", rolling(30), m="gpt-4o"),
        ),
    ]


def _second_most_expensive_feature_october(s: Sql) -> list[Figure]:
    top = ranked(s, "workload", SPEND, [(OCTOBER, MONTH)], 2, largest=True)
    return [money("second-most expensive", top[1][1])]


def _calls_per_user_mtd(s: Sql) -> list[Figure]:
    return [mean("calls per user", one(s, f"count() / {USERS}", MTD))]


def _search_rag_calls_by_model_since_third(s: Sql) -> list[Figure]:
    return each(count, per_group(s, "model", REQUESTS, SINCE_THIRD, WORKLOAD, w="search-rag"))


# --- the support lead ----------------------------------------------------------------------------------------------


def _support_bot_errors_and_cost(s: Sql) -> list[Figure]:
    failed = "workload = {w:String} AND status != 'ok'"
    return [
        count("errored calls", one(s, REQUESTS, rolling(10), failed, w="support-bot")),
        money("spent on them", one(s, SPEND, rolling(10), failed, w="support-bot")),
    ]


def _sales_agent_p95_and_timeouts(s: Sql) -> list[Figure]:
    timeouts = "workload = {w:String} AND status != 'ok' AND error_type = 'timeout'"
    return [
        ms("p95 this week", one(s, q(0.95), THIS_WEEK, WORKLOAD, w="sales-agent")),
        count("timeouts this week", one(s, REQUESTS, [THIS_WEEK[0], *WEEK_SUMS], timeouts, w="sales-agent")),
    ]


def _busiest_and_quietest_day(s: Sql) -> list[Figure]:
    whole = daily_counts(s, MONTH, TODAY)
    with_today = daily_counts(s, MONTH, NOW)
    return [
        count("busiest day", [max(whole.values()), max(with_today.values())]),
        count("quietest day", [min(whole.values()), min(with_today.values())]),
    ]


def _support_bot_per_day_fortnight(s: Sql) -> list[Figure]:
    windows = rolling(14)
    days = [covered_days(w) for w in windows]
    calls = one(s, REQUESTS, windows, WORKLOAD, w="support-bot")
    return [
        mean("calls a day", [c / d for c, d in zip(calls, days, strict=True)]),
        money("per call", one(s, PER_REQUEST, windows, WORKLOAD, w="support-bot"), rel=0.01),
    ]


def _errors_by_type_and_rate_yesterday(s: Sql) -> list[Figure]:
    window = [(YESTERDAY, TODAY)]
    return [
        *each(count, per_group(s, "error_type", REQUESTS, window, "status != 'ok'")),
        pct("error rate", one(s, ERROR_RATE, window)),
    ]


def _classifier_error_rate_week_vs_week(s: Sql) -> list[Figure]:
    return [
        pct("this week", one(s, ERROR_RATE, THIS_WEEK, WORKLOAD, w="code-review")),
        pct("last week", one(s, ERROR_RATE, PREVIOUS_WEEK, WORKLOAD, w="code-review")),
    ]


def _doc_summarizer_haiku_vs_gpt4o(s: Sql) -> list[Figure]:
    where = "workload = {w:String} AND model = {m:String}"
    out = []
    for model in ("claude-3-5-haiku", "gpt-4o"):
        out.append(money(f"{model} spend", one(s, SPEND, rolling(10), where, w="doc-summarizer", m=model)))
        out.append(ms(f"{model} mean latency", one(s, MEAN_LATENCY, rolling(10), where, w="doc-summarizer", m=model)))
    return out


def _hits_and_cost_2nd_to_9th(s: Sql) -> list[Figure]:
    return [count("hits", one(s, REQUESTS, SECOND_TO_NINTH)), money("cost", one(s, SPEND, SECOND_TO_NINTH))]


def _slowest_and_fastest_workload_48h(s: Sql) -> list[Figure]:
    medians = per_group(s, "workload", q(0.5), LAST_48H)
    values = sorted(v[0] for v in medians.values())
    return [ms("slowest median", [values[-1]]), ms("fastest median", [values[0]])]


QUESTIONS: list[NumberQuestion] = [
    # the CFO preparing a board slide
    NumberQuestion(
        "cfo_q4_burn", "For the board slide: what's our total AI burn for Q4 to date?", "spend", _q4_to_date_burn
    ),
    NumberQuestion(
        "cfo_run_rate_10d",
        "What monthly run-rate are we on, based on the past 10 days of spend?",
        "projection",
        _run_rate_past_10_days,
    ),
    NumberQuestion(
        "cfo_on_track_nov",
        "What are we on track for in November? I need the full-month outlay at the current pace.",
        "projection",
        _on_track_for_november,
    ),
    NumberQuestion(
        "cfo_weekday_weekend",
        "In October, what did we burn on an average weekday versus an average weekend day?",
        "per-day",
        _weekday_vs_weekend_october,
    ),
    NumberQuestion(
        "cfo_openai_share_q4", "What share of our Q4-to-date spend went to OpenAI?", "share", _openai_share_q4
    ),
    NumberQuestion(
        "cfo_provider_charges_fortnight",
        "Give me the charges by provider for the last fortnight.",
        "group-by",
        _charges_by_provider_fortnight,
    ),
    NumberQuestion(
        "cfo_september_bill",
        "What was the total LLM bill for September? It goes in the Q3 column.",
        "spend",
        _september_bill,
    ),
    NumberQuestion(
        "cfo_annualised",
        "If November's pace holds, what is our annualised AI spend?",
        "projection",
        _annualised,
    ),
    NumberQuestion("cfo_per_call_q4", "What is the average charge per call in Q4 so far?", "unit cost", _per_call_q4),
    NumberQuestion("cfo_since_3rd", "How much outlay have we had since the 3rd?", "spend", _since_the_third),
    # the data scientist
    NumberQuestion(
        "ds_p90_by_task",
        "p90 response time per task type over the last fortnight",
        "latency",
        _p90_by_task_fortnight,
    ),
    NumberQuestion(
        "ds_rag_median", "median response time for rag tasks in the past 10 days", "latency", _rag_median_10_days
    ),
    NumberQuestion(
        "ds_quality_by_task_q4",
        "mean quality score per task type since October 1",
        "quality",
        _quality_by_task_q4,
    ),
    NumberQuestion(
        "ds_classification_quality_slip",
        "has quality slipped on classification tasks? average quality of the last 10 days vs the 10 days before",
        "quality",
        _classification_quality_10_vs_10,
    ),
    NumberQuestion(
        "ds_ttft_p99_by_provider",
        "p99 time-to-first-token by provider between the 2nd and the 9th",
        "ttft",
        _ttft_p99_by_provider_2nd_to_9th,
    ),
    NumberQuestion(
        "ds_gpt4o_summarization_slow",
        "how slow is gpt-4o on summarization tasks? p50 and p95 latency over the last 14 days",
        "latency",
        _gpt4o_summarization_p50_p95,
    ),
    NumberQuestion(
        "ds_fastest_model_p95",
        "which model has the lowest p95 response time this month, and what is it?",
        "latency",
        _fastest_model_p95_mtd,
    ),
    NumberQuestion(
        "ds_second_slowest_task",
        "which task type is the second-slowest by mean latency over the past 30 days?",
        "latency",
        _second_slowest_task_mean,
    ),
    NumberQuestion(
        "ds_mini_users_yesterday",
        "how many distinct users hit gpt-4o-mini yesterday?",
        "users",
        _distinct_users_gpt4o_mini_yesterday,
    ),
    NumberQuestion(
        "ds_failure_rate_by_task",
        "failure rate per task type for the fortnight ending yesterday",
        "errors",
        _failure_rate_by_task_fortnight_to_yesterday,
    ),
    NumberQuestion(
        "ds_llama_ttft_vs_latency",
        "for llama this month: mean time-to-first-token against mean total response time",
        "ttft",
        _llama_ttft_vs_latency_mtd,
    ),
    # the product manager
    NumberQuestion(
        "pm_bottom3_features",
        "bottom 3 features (workloads) by number of calls in the past 30 days",
        "ranking",
        _bottom3_features_by_calls,
    ),
    NumberQuestion(
        "pm_heaviest_code_review_user",
        "who is the heaviest user of code-review this month by invocations, and how many did they make?",
        "ranking",
        _heaviest_code_review_user,
    ),
    NumberQuestion(
        "pm_rank_models_hits_q4", "rank our models by hits since the start of Q4", "ranking", _rank_models_by_hits_q4
    ),
    NumberQuestion(
        "pm_support_vs_sales_calls",
        "which of support-bot and sales-agent got more calls in the past 10 days, and by how many?",
        "comparison",
        _support_vs_sales_calls,
    ),
    NumberQuestion(
        "pm_bottom3_users_q4",
        "who are the 3 users with the smallest spend in Q4 to date?",
        "ranking",
        _bottom3_users_q4,
    ),
    NumberQuestion(
        "pm_top_spender_share",
        "who is our biggest spender over the past 30 days and what share of total spend is theirs?",
        "share",
        _top_spender_share,
    ),
    NumberQuestion(
        "pm_gpt4o_calls_vs_spend",
        "gpt-4o's share of calls vs its share of spend, past 30 days",
        "share",
        _gpt4o_calls_vs_spend_share,
    ),
    NumberQuestion(
        "pm_second_most_expensive_feature",
        "which feature was the second-most expensive in October, and what was its bill?",
        "ranking",
        _second_most_expensive_feature_october,
    ),
    NumberQuestion("pm_calls_per_user", "average number of calls per user this month?", "users", _calls_per_user_mtd),
    NumberQuestion(
        "pm_search_rag_models_since_3rd",
        "the search-rag feature: how many calls went to each model since the 3rd?",
        "group-by",
        _search_rag_calls_by_model_since_third,
    ),
    # the support lead
    NumberQuestion(
        "sl_support_bot_errors",
        "so the support bot has been flaky I think, can you tell me how many of its calls errored over the past 10"
        " days and also what we spent on those failed calls",
        "multi-part",
        _support_bot_errors_and_cost,
    ),
    NumberQuestion(
        "sl_sales_agent_p95_timeouts",
        "customers keep complaining about slow replies from the sales agent so I need its p95 response time this"
        " week and also how many of its calls timed out this week",
        "multi-part",
        _sales_agent_p95_and_timeouts,
    ),
    NumberQuestion(
        "sl_busiest_quietest",
        "the queue felt crazy at some point this month, which day so far in November had the most calls and also"
        " which day was the quietest, with the call counts please",
        "per-day",
        _busiest_and_quietest_day,
    ),
    NumberQuestion(
        "sl_support_bot_per_day",
        "how many calls a day does the support bot get on average over the past fortnight and also"
        " what each of those calls costs us on average",
        "per-day",
        _support_bot_per_day_fortnight,
    ),
    NumberQuestion(
        "sl_errors_yesterday",
        "there was some kind of outage yesterday right? can you give me the error count by error type for yesterday"
        " and also the overall error rate for the day",
        "multi-part",
        _errors_by_type_and_rate_yesterday,
    ),
    NumberQuestion(
        "sl_classifier_err_week",
        "we shipped a fix to code review, what's its error rate this week and also last week's so I can"
        " see if it worked",
        "comparison",
        _classifier_error_rate_week_vs_week,
    ),
    NumberQuestion(
        "sl_doc_haiku_vs_gpt4o",
        "can you check how much the doc summarizer spent on claude haiku versus gpt-4o in the past 10 days and also"
        " the average response time for each of them",
        "multi-part",
        _doc_summarizer_haiku_vs_gpt4o,
    ),
    NumberQuestion(
        "sl_hits_2nd_to_9th",
        "how many hits did we get between the 2nd and the 9th and also what did they cost",
        "multi-part",
        _hits_and_cost_2nd_to_9th,
    ),
    NumberQuestion(
        "sl_slowest_fastest_workload",
        "which workload is the slowest by median response time over the past 48 hours and also how slow is the"
        " fastest one",
        "latency",
        _slowest_and_fastest_workload_48h,
    ),
    # the store cannot answer these: the right answer says so
    NumberQuestion(
        "ds_gpu_hours",
        "how many GPU hours did our self-hosted llama cluster use last month?",
        "unanswerable",
        None,
    ),
    NumberQuestion(
        "cfo_gross_margin",
        "For the board: what is our revenue per customer against the LLM bill, i.e. the gross margin on AI features?",
        "unanswerable",
        None,
    ),
    NumberQuestion(
        "sl_csat",
        "what's the CSAT score for conversations the support bot handled this month and also how does it compare"
        " with our human agents",
        "unanswerable",
        None,
    ),
    NumberQuestion(
        "pm_seat_licences", "how many seat licences of the code-review feature have we sold?", "unanswerable", None
    ),
    NumberQuestion(
        "cfo_carbon",
        "What were the carbon emissions, in kg of CO2, of our LLM usage in Q4 to date? It's for the ESG page.",
        "unanswerable",
        None,
    ),
]

# The outcome of every question on the first run, against the planner as it was when the set was written (commit
# 2195b8e, offline, no LLM). As scored: 25 correct, 6 partial, 7 substituted, 7 declined. Read by hand, one of the 25
# was right by accident and is recorded here as what it was, `substituted`: "the heaviest user of code-review ... by
# invocations" was answered with users ranked by spend, whose first row happened to be the user with the most
# invocations too (51). So: 24/40 answerable correct, 6 partial, 8 substituted, 2 declined (the help text), 0 wrong;
# 5/5 unanswerable declined (seat licences with the help text only, not saying what the events hold). 14 answers
# silently answered another question in whole or in part: the 8 `substituted` and the 6 `partial` (a figure dropped or,
# for the sales agent's p95, computed on the timed-out calls only). Before the outcomes were recorded two questions
# were changed, both found by the check itself: the support bot's "cost per day" (its per-day rows lie within 1 % of
# the average x 1.08, so the 8 %-off control was found in a right answer) now asks for the cost per call; the doc
# summarizer's "average tokens per call" for haiku and gpt-4o (6,414 and 6,411: any breakdown would pass) now asks for
# the average response time of each.
FIRST_RUN: dict[str, Outcome] = {
    "cfo_q4_burn": "correct",
    "cfo_run_rate_10d": "correct",
    "cfo_on_track_nov": "correct",
    "cfo_weekday_weekend": "substituted",
    "cfo_openai_share_q4": "substituted",
    "cfo_provider_charges_fortnight": "declined",
    "cfo_september_bill": "substituted",
    "cfo_annualised": "correct",
    "cfo_per_call_q4": "correct",
    "cfo_since_3rd": "correct",
    "ds_p90_by_task": "correct",
    "ds_rag_median": "correct",
    "ds_quality_by_task_q4": "correct",
    "ds_classification_quality_slip": "correct",
    "ds_ttft_p99_by_provider": "correct",
    "ds_gpt4o_summarization_slow": "correct",
    "ds_fastest_model_p95": "correct",
    "ds_second_slowest_task": "correct",
    "ds_mini_users_yesterday": "correct",
    "ds_failure_rate_by_task": "substituted",
    "ds_llama_ttft_vs_latency": "correct",
    "pm_bottom3_features": "correct",
    "pm_heaviest_code_review_user": "substituted",
    "pm_rank_models_hits_q4": "declined",
    "pm_support_vs_sales_calls": "partial",
    "pm_bottom3_users_q4": "correct",
    "pm_top_spender_share": "substituted",
    "pm_gpt4o_calls_vs_spend": "partial",
    "pm_second_most_expensive_feature": "correct",
    "pm_calls_per_user": "substituted",
    "pm_search_rag_models_since_3rd": "correct",
    "sl_support_bot_errors": "partial",
    "sl_sales_agent_p95_timeouts": "partial",
    "sl_busiest_quietest": "substituted",
    "sl_support_bot_per_day": "partial",
    "sl_errors_yesterday": "correct",
    "sl_classifier_err_week": "partial",
    "sl_doc_haiku_vs_gpt4o": "correct",
    "sl_hits_2nd_to_9th": "correct",
    "sl_slowest_fastest_workload": "correct",
    "ds_gpu_hours": "declined",
    "cfo_gross_margin": "declined",
    "sl_csat": "declined",
    "pm_seat_licences": "declined",
    "cfo_carbon": "declined",
}

# The questions that fail today, each with its outcome: a strict xfail in the test. When a fix makes one pass it shows
# as XPASS and fails the run: delete its line here and in WHY (FIRST_RUN stays as the historical record).
# After the first planner fixes for this set (tests/agents/test_asked_phrasings_set10.py: "charges"/"outlay" as spend,
# "hits"/"invocations" as requests and counted when ranked by, "how many of its calls errored" as an error count,
# "Q4-to-date", a month named for its quarter's column, "the fortnight ending yesterday", "who is our biggest
# spender" as users, two shares asked, "what each of those calls costs", "this week and also last week's", and a
# weekday/weekend split said to be beyond the layer): 35/40 correct. Then (an error kind counted beside a latency
# scopes the errors only, the mean over groups, both ends of a ranking, the gap between two compared): 39/40 correct,
# the weekday/weekend split declined in words (what could not be done, and what was answered instead); 5/5
# unanswerable declined. The mean over groups is stated with the groups' rows in the table only: a row of the 40
# users listed in the text lay within 1 % of the mean x 1.08, so the check's 8 %-off control was found in it. One question was changed after the first run: "sl_classifier_err_week" asked about the
# ticket classifier, whose error rates (near 3 %, printed to one decimal, over readings up to 15 % apart) let the
# 8 %-off control be found in a right answer once the comparison was answered; it asks about code review (near 11 %).
# Its first-run outcome (partial: last week's rate dropped) was recorded with the old text.
KNOWN_FAILURES: dict[str, Outcome] = {}

# Why each known failure fails, in one line (the xfail's reason).
WHY: dict[str, str] = {}
