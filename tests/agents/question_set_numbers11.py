"""An eleventh blind, number-checked question set: 40 questions the store can answer and 5 it cannot.

Written without reading the planner, in the voice of six new users: an executive typing one-liners ("are we
spending more than last month?", "what's our biggest cost driver?", "anything unusual this week?" with the number
that answers it, "what does AI cost us per active user?"); a team lead putting two or three workloads side by side
(spend, calls and p95 of three at once; error rate and cost per call of two; which of three is slowest; input tokens
per call, quality, timeouts and shares of the bill of each); a developer chasing one user or one session ("what did
user u7 run up yesterday", "session s317, all time", "u3's slowest call this week", "which model has u25 used
most", "across how many sessions"); an ML engineer on tokens (input against output tokens per model, output tokens
per call, cost per million tokens per provider, the output share of all tokens, the p90 of input tokens, the model with
the most tokens per call, tokens excluding one model; the events have no cached tokens, so no question asks about
the cache); a growth PM on trends ("day-by-day calls for the last week", "week-over-week growth in spend",
"month-over-month growth in calls", calls per day against last month, the quietest days, a workload's share of calls
against last month); and someone who speaks in relative days ("last Tuesday", "the weekend", "the day before
yesterday", "between 9am and 5pm yesterday", "the first week of November", "the same day the week before"). The
five unanswerable ones ask for what the events do not hold: support tickets deflected by the bot, the browser or
device a user was on, the sampling settings (temperature, max tokens) of calls, the trial-to-paid conversion of a
feature's users, and a provider's uptime on its status page.

First run on 9877250 (the set merged with main after the tenth set's fixes), every answer read by hand: 22/40
answerable right, 2 partial, 15 substituted, 1 declined, 0 wrong; 2/5 unanswerable declined, 3 substituted (see
FIRST_RUN). As scored by the check, 24 passed; three of those were not right when read: u7's spend yesterday came
from a top-10 ranking of users in which u7 happened to be tenth (substituted); "errors by error type for the day
before yesterday" answered yesterday, and the expected counts were in its comparison with the day before
(substituted); search-rag's share of calls last month was never stated, the check found support-bot's 16.7 % this
month within tolerance of it (partial). One answer was right when read but fails the check: the daily spend this
month on average ($10.22 a day over 20 days) was printed beside every day's spend, one of which lies within tolerance
of the mean x 1.08, so the 8 %-off control was found in it.

After the fixes of #16 for it, by family (tests/agents/test_asked_phrasings_set12.py), every changed answer read by
hand: "the day before yesterday" is one day two days back, not yesterday against the day before (2 answers, a third
with the next); a user or session named by its id ("u7", "s317") filters the query, looked up in the org's ids (5
more); a call's browser or device, its sampling settings and a provider's status page are subjects the events do not
hold (5/5 unanswerable declined); the slowest call is the largest latency (the measure latency_max) and "all time"
is every event (2 more); calls over time ("day-by-day calls", "the 3 quietest days", growth "from September to
October") (3 more); a unit cost of each group over a window is the org's own, not the price list (1 more); quantiles
of one request's tokens (the measures input_tokens_p50-p99, output_tokens_p50-p99) (1 more); hours of one day
("between 9am and 5pm yesterday") (1 more); cost per active user is a unit cost (1 more); a group's share compared
states its share of each window's whole (1 more); what daily spend is "running at" is the window's spend per day,
not every day listed (the answer that was right when read now passes the check too). Read by hand: 39/40 right, 1
partial, 0 substituted, 0 declined, 0 wrong; 5/5 unanswerable declined; by the check 39/40 pass. Then two asks whose
names are said in the second only ("the weekend's calls, and how many Anthropic calls failed") became two queries, the
first over all traffic (tests/agents/test_residuals_16.py): the weekend's answer, read by hand, states both figures (1
more). Left: none; by the check 40/40 pass.

Before commit every expected figure was printed from this file's SQL over the test store (none is zero or NaN) and
each figure's readings were checked against the 8 %-off control: no reading of a figure lies within tolerance of
another reading times 1.08, except where the small changes of "week-over-week growth", "month-over-month growth" and
"the same day the week before" (0.5-4.6 %), which sit beside totals that do not. For the same reason the team lead's
slowest-of-three asks about code-review, not ticket-classifier, whose mean latency last week is 344 ms Monday to
Monday and 368-372 ms over the last 7 days, 8 % apart.

The store and its machinery are the first number set's (`make_number_events`, `Sql`, the tolerances), the helpers
the seventh's. NOW is Friday 2026-11-20 12:00 UTC; the events start on Sunday 30 August about noon, so September and
October are whole months. 1 November 2026 is a Sunday; Monday of this week is 16 November. Users are u0-u39,
sessions s0-s599 (a session's calls are spread over the whole store). No event here has cached or reasoning tokens
(both are 0), so "tokens" are input (prompt) plus output (completion) tokens. Every expected figure is computed here
by this file's own parameterised SQL over one org's raw events (never netra_core's analytics). Tolerances: money
0.5 % (totals, breakdowns, per-day averages), 1 % (unit costs: per call, per million tokens, per user); percentages 0.05
points (rates and shares), changes 0.3 points (compared by size: "down 4.0 %"); latency 1 % (quantiles, the mean and
the maximum); counts exact (calls, tokens, sessions); means of counts (calls per day, tokens per call) and the p90 of
input tokens 1 %; quality 0.002. Where a phrase has more than one fair reading, each is an accepted alternative of
each figure (the most literal first):

- "this month" / "since the start of November": 1 November 00:00 to now, or to today 00:00;
- "are we spending more than last month?": this month as above (or per day: month to date over 19.5 or 20 days, the
  19 whole days over 19) against October to the same point (to 20 October 12:00, the 19 whole days to 20 October,
  or 20 calendar days to 21 October), the whole of October, or October's spend per day (over 31);
- "what's our daily AI spend running at this month": month to date over 19.5 or 20 days, or the 19 whole days over 19;
- "biggest cost driver this month": the largest spend of one workload, of one model or of one provider, this month;
- "the error rate for each day since Monday": the UTC days 16, 17, 18 and 19 November (today's half day is neither
  required nor refused);
- "AI spend per active user in October": October's spend over the distinct users with a call in October;
- "this week": Monday 16 November to now, or the last 7 days (7 x 24 hours or the 7 whole days; where calls or
  spend are summed, not the 6.5-day calendar reading, which is ~7 % below the 7 x 24 hours and would let the check's
  8 %-off control pass); "last week" next to this week: Monday 9 to Monday 16 November, the same point of it (to
  Friday 13 November 12:00), the 7 x 24 hours before the last 7 x 24 hours, or the 7 whole days 6 to 12 November;
  "last week" on its own (a mean latency): Monday 9 to Monday 16 November, or any reading of the last 7 days;
- "the last 7 days" / "past 14 days" / "last 30 days": the N x 24 hours before now, the N whole days before today, or
  the N calendar days ending today (the calendar reading only for rates, means and quantiles, not for sums);
- "yesterday": Thursday 19 November; "the day before yesterday": Wednesday 18 November, and "the same day the week
  before": Wednesday 11 November; "between 9am and 5pm yesterday": 19 November 09:00 to 17:00 UTC; "last Tuesday":
  Tuesday 17 November (this week's), or Tuesday 10 November (last week's); "the weekend": Saturday 14 and Sunday 15
  November (UTC); "the first week of November": 1 to 7 November, or the first Monday-to-Sunday week, 2 to 8 November;
- "all time" (a session): every event of the store;
- "day-by-day calls for the last week": the calls of each of the 7 whole days 13 to 19 November, of the 7 calendar
  days 14 to 20 November (today so far), or of the calendar week Monday 9 to Sunday 15 November: the k-th day's
  figure accepts the k-th day of each reading;
- "week-over-week growth in spend": the last 7 x 24 hours against the 7 x 24 hours before, the 7 whole days 13-19
  against 6-12 November, the calendar week 9-15 against 2-8 November, or this week to now against last week to the
  same point; both totals and the change, each pairing accepted;
- "month-over-month growth in calls, September to October": both counts, and the change of the counts or of the
  calls per day (September has 30 days, October 31);
- "calls per day on average, October vs November so far": October's calls over 31; November's over 19.5 or 20 days,
  or the 19 whole days over 19;
- "the 3 quietest days in October": the three smallest counts of calls on one UTC day of October;
- "search-rag's share of calls this month vs last month": this month as above; last month the whole of October or
  October to the same point (20 October 12:00);
- "run up" / "cost" / "spend" / "bill": the sum of cost_usd; "calls" / "requests": events; "failed" / "errored":
  status not ok; "timeouts" / "rate limits": the errors of that error type; "input tokens": prompt tokens, "output
  tokens": completion tokens; "tokens per call": (input + output) tokens over calls; "cost per million tokens": spend
  over (input + output) tokens times 1,000,000 (the same per 1k tokens is accepted: a unit, not a different
  question; google's is near $0.0003 per 1k, which only four decimals show); "slowest call": the largest latency;
  "the most / least": the value at that rank (names are not checked, numbers are); "which model has u25 used
  most": the call count of u25's most-used model; "across how many sessions": the distinct sessions with such a
  call; "Anthropic calls": provider anthropic; "whose quality score is better": both workloads' mean quality.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from tests.agents.builders import NOW
from tests.agents.number_scoring import Figure, Outcome, Unit
from tests.agents.question_set_numbers import (
    DAYS,
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
    rolling,
)

USER = "user_id = {u:String}"
TOKENS = "sum(prompt_tokens + completion_tokens)"
TOKENS_PER_CALL = "sum(prompt_tokens + completion_tokens) / count()"
PER_1M_TOKENS = "1000000 * sum(cost_usd) / sum(prompt_tokens + completion_tokens)"
USERS = "uniqExact(user_id)"

ALL_TIME: list[Window] = [(days_ago(DAYS + 1), NOW)]
SUMMED_THIS_WEEK: list[Window] = [THIS_WEEK[0], *rolling(7)[:2]]  # sums leave out the 6.5-day calendar reading
SUMMED_LAST_WEEK: list[Window] = [*PREVIOUS_WEEK, (TODAY - timedelta(days=14), TODAY - timedelta(days=7))]
LAST_WEEK_ALONE: list[Window] = [(THIS_MONDAY - timedelta(days=7), THIS_MONDAY), *rolling(7)]
LAST_TUESDAY: list[Window] = [(day(11, 17), day(11, 18)), (day(11, 10), day(11, 11))]
WEEKEND: list[Window] = [(day(11, 14), day(11, 16))]
DAY_BEFORE_YESTERDAY: list[Window] = [(day(11, 18), day(11, 19))]
WEEK_BEFORE_THAT_DAY: list[Window] = [(day(11, 11), day(11, 12))]
OFFICE_HOURS_YESTERDAY: list[Window] = [(YESTERDAY + timedelta(hours=9), YESTERDAY + timedelta(hours=17))]
FIRST_WEEK_OF_NOVEMBER: list[Window] = [(day(11, 1), day(11, 8)), (day(11, 2), day(11, 9))]
OCTOBER_WHOLE: list[Window] = [(OCTOBER, MONTH)]
OCTOBER_SAME_POINT: list[Window] = [
    (OCTOBER, OCTOBER + timedelta(days=19, hours=12)),
    (OCTOBER, day(10, 20)),
    (OCTOBER, day(10, 21)),
]


def mean(label: str, values: Sequence[float], rel: float = 0.01) -> Figure:
    """A mean of counts (calls per day, tokens per call) or a quantile of a count: 1 %."""
    return Figure(label, values[0], Unit.NUMBER, rel=rel, alternatives=tuple(values[1:]))


def november_per_day(s: Sql, expr: str = SPEND) -> list[float]:
    """This month per day: month to date over 19.5 or 20 days, the 19 whole days over 19."""
    to_now = s.one(expr, MONTH, NOW)
    whole = s.one(expr, MONTH, TODAY)
    return [to_now / 19.5, to_now / 20, whole / 19]


def top(s: Sql, dim: str, expr: str, windows: Sequence[Window], where: str = "1", **params: Any) -> list[float]:
    """The largest value of `expr` per `dim` over each window reading."""
    return [max(s.by(dim, expr, a, b, where, **params).values()) for a, b in windows]


def days_of(s: Sql, start: datetime, end: datetime) -> list[float]:
    """Calls per UTC day, in date order."""
    return list(s.by("toDate(ts)", REQUESTS, start, end).values())


# --- the executive ----------------------------------------------------------------------------------------------


def _more_than_last_month(s: Sql) -> list[Figure]:
    return [
        money("this month", [*one(s, SPEND, MTD), *november_per_day(s)]),
        money(
            "last month",
            [*one(s, SPEND, OCTOBER_SAME_POINT), *one(s, SPEND, OCTOBER_WHOLE), s.one(SPEND, OCTOBER, MONTH) / 31],
        ),
    ]


def _biggest_cost_driver(s: Sql) -> list[Figure]:
    values = [v for dim in ("workload", "model", "provider") for v in top(s, dim, SPEND, MTD)]
    return [money("biggest cost driver", values)]


def _daily_spend_this_month(s: Sql) -> list[Figure]:
    return [money("this month per day", november_per_day(s))]


def _error_rate_each_day_since_monday(s: Sql) -> list[Figure]:
    rates = s.by("toDate(ts)", ERROR_RATE, THIS_MONDAY, TODAY)
    return [pct(f"error rate {d}", [v]) for d, v in rates.items()]


def _top_provider_and_share(s: Sql) -> list[Figure]:
    share = "100 * sumIf(cost_usd, provider = {p:String}) / sum(cost_usd)"
    spend = s.by("provider", SPEND, MONTH, NOW)
    provider = max(spend, key=lambda p: spend[p])
    return [
        money("top provider", one(s, SPEND, MTD, "provider = {p:String}", p=provider)),
        pct("its share", one(s, share, MTD, p=provider)),
    ]


def _spend_per_active_user_october(s: Sql) -> list[Figure]:
    return [money("per active user", one(s, f"sum(cost_usd) / {USERS}", OCTOBER_WHOLE), rel=0.01)]


def _this_week_vs_last_week(s: Sql) -> list[Figure]:
    return [
        money("this week", one(s, SPEND, SUMMED_THIS_WEEK)),
        money("last week", one(s, SPEND, SUMMED_LAST_WEEK)),
    ]


# --- the team lead ----------------------------------------------------------------------------------------------


def _three_side_by_side(s: Sql) -> list[Figure]:
    out: list[Figure] = []
    for w in ("support-bot", "sales-agent", "search-rag"):
        out.append(money(f"{w} spend", one(s, SPEND, rolling(7)[:2], WORKLOAD, w=w)))
        out.append(count(f"{w} calls", one(s, REQUESTS, rolling(7)[:2], WORKLOAD, w=w)))
        out.append(ms(f"{w} p95", one(s, q(0.95), rolling(7), WORKLOAD, w=w)))
    return out


def _code_review_vs_doc_summarizer(s: Sql) -> list[Figure]:
    out: list[Figure] = []
    for w in ("code-review", "doc-summarizer"):
        out.append(pct(f"{w} error rate", one(s, ERROR_RATE, MTD, WORKLOAD, w=w)))
        out.append(money(f"{w} per call", one(s, PER_REQUEST, MTD, WORKLOAD, w=w), rel=0.01))
    return out


def _slowest_of_three_last_week(s: Sql) -> list[Figure]:
    return [
        ms(f"{w} mean latency", one(s, MEAN_LATENCY, LAST_WEEK_ALONE, WORKLOAD, w=w))
        for w in ("code-review", "support-bot", "sales-agent")
    ]


def _input_tokens_per_call(s: Sql) -> list[Figure]:
    return [
        mean(f"{w} input tokens per call", one(s, "avg(prompt_tokens)", rolling(14), WORKLOAD, w=w))
        for w in ("doc-summarizer", "search-rag")
    ]


def _quality_support_vs_sales(s: Sql) -> list[Figure]:
    return [quality(w, one(s, QUALITY, MTD, WORKLOAD, w=w)) for w in ("support-bot", "sales-agent")]


def _three_workloads_and_shares(s: Sql) -> list[Figure]:
    share = "100 * sumIf(cost_usd, workload = {w:String}) / sum(cost_usd)"
    out: list[Figure] = []
    for w in ("support-bot", "sales-agent", "doc-summarizer"):
        out.append(money(f"{w} spend", one(s, SPEND, MTD, WORKLOAD, w=w)))
        out.append(pct(f"{w} share", one(s, share, MTD, w=w)))
    return out


def _timeouts_two_workloads(s: Sql) -> list[Figure]:
    where = "workload = {w:String} AND status != 'ok' AND error_type = 'timeout'"
    return [
        count(f"{w} timeouts", one(s, REQUESTS, rolling(30)[:2], where, w=w)) for w in ("code-review", "sales-agent")
    ]


# --- the developer ----------------------------------------------------------------------------------------------


def _user_yesterday(s: Sql) -> list[Figure]:
    return [money("u7 yesterday", one(s, SPEND, [(YESTERDAY, TODAY)], USER, u="u7"))]


def _user_day_before_yesterday(s: Sql) -> list[Figure]:
    return [
        count("u12 calls", one(s, REQUESTS, DAY_BEFORE_YESTERDAY, USER, u="u12")),
        money("u12 cost", one(s, SPEND, DAY_BEFORE_YESTERDAY, USER, u="u12")),
    ]


def _session_all_time(s: Sql) -> list[Figure]:
    where = "session_id = {sid:String}"
    return [
        count("s317 calls", one(s, REQUESTS, ALL_TIME, where, sid="s317")),
        money("s317 cost", one(s, SPEND, ALL_TIME, where, sid="s317")),
    ]


def _user_slowest_call_this_week(s: Sql) -> list[Figure]:
    return [ms("u3 slowest call", one(s, "max(toFloat64(latency_ms))", THIS_WEEK, USER, u="u3"))]


def _user_most_used_model(s: Sql) -> list[Figure]:
    return [count("u25's most-used model", top(s, "model", REQUESTS, MTD, USER, u="u25"))]


def _user_p95_this_month(s: Sql) -> list[Figure]:
    return [ms("u14 p95", one(s, q(0.95), MTD, USER, u="u14"))]


def _user_gpt4o_and_sessions(s: Sql) -> list[Figure]:
    where = "user_id = {u:String} AND model = {m:String}"
    return [
        money("u31 on gpt-4o", one(s, SPEND, rolling(30)[:2], where, u="u31", m="gpt-4o")),
        count("sessions", one(s, "uniqExact(session_id)", rolling(30)[:2], where, u="u31", m="gpt-4o")),
    ]


# --- the ML engineer --------------------------------------------------------------------------------------------


def _tokens_by_model_first_week(s: Sql) -> list[Figure]:
    inputs = per_group(s, "model", "sum(prompt_tokens)", FIRST_WEEK_OF_NOVEMBER)
    outputs = per_group(s, "model", "sum(completion_tokens)", FIRST_WEEK_OF_NOVEMBER)
    out: list[Figure] = []
    for model in inputs:
        out.append(count(f"{model} input tokens", inputs[model]))
        out.append(count(f"{model} output tokens", outputs[model]))
    return out


def _sonnet_output_tokens_per_call(s: Sql) -> list[Figure]:
    return [mean("output tokens per call", one(s, "avg(completion_tokens)", rolling(14), MODEL, m="claude-3-5-sonnet"))]


def _cost_per_1m_by_provider(s: Sql) -> list[Figure]:
    per_1m = per_group(s, "provider", PER_1M_TOKENS, MTD)
    return [money(p, [*v, *(x / 1000 for x in v)], rel=0.01) for p, v in per_1m.items()]


def _output_share_of_tokens(s: Sql) -> list[Figure]:
    return [pct("output share", one(s, f"100 * sum(completion_tokens) / {TOKENS}", MTD))]


def _p90_input_tokens_doc_summarizer(s: Sql) -> list[Figure]:
    return [mean("p90 input tokens", one(s, q(0.9, "prompt_tokens"), rolling(30), WORKLOAD, w="doc-summarizer"))]


def _most_tokens_per_call_model(s: Sql) -> list[Figure]:
    return [mean("most tokens per call", top(s, "model", TOKENS_PER_CALL, MTD))]


def _tokens_yesterday_without_llama(s: Sql) -> list[Figure]:
    return [
        count(
            "tokens without llama",
            one(s, TOKENS, [(YESTERDAY, TODAY)], "model != {m:String}", m="llama-3.1-8b-instant"),
        )
    ]


# --- the growth PM ----------------------------------------------------------------------------------------------


def _day_by_day_last_week(s: Sql) -> list[Figure]:
    readings = [
        days_of(s, TODAY - timedelta(days=7), TODAY),
        days_of(s, TODAY - timedelta(days=6), NOW),
        days_of(s, THIS_MONDAY - timedelta(days=7), THIS_MONDAY),
    ]
    return [count(f"day {k + 1}", [r[k] for r in readings]) for k in range(7)]


def _week_over_week_spend(s: Sql) -> list[Figure]:
    pairs: list[tuple[Window, Window]] = [
        ((days_ago(7), NOW), (days_ago(14), days_ago(7))),
        ((TODAY - timedelta(days=7), TODAY), (TODAY - timedelta(days=14), TODAY - timedelta(days=7))),
        (
            (THIS_MONDAY - timedelta(days=7), THIS_MONDAY),
            (THIS_MONDAY - timedelta(days=14), THIS_MONDAY - timedelta(days=7)),
        ),
        ((THIS_MONDAY, NOW), (THIS_MONDAY - timedelta(days=7), days_ago(7))),
    ]
    values = [(s.one(SPEND, *new), s.one(SPEND, *old)) for new, old in pairs]
    return [
        money("this week", [new for new, _ in values]),
        money("the week before", [old for _, old in values]),
        change("growth", values),
    ]


def _september_to_october_calls(s: Sql) -> list[Figure]:
    sep = s.one(REQUESTS, SEPTEMBER, OCTOBER)
    octo = s.one(REQUESTS, OCTOBER, MONTH)
    return [
        count("September calls", [sep]),
        count("October calls", [octo]),
        change("growth", [(octo, sep), (octo / 31, sep / 30)]),
    ]


def _calls_per_day_october_vs_november(s: Sql) -> list[Figure]:
    return [
        mean("October calls per day", [s.one(REQUESTS, OCTOBER, MONTH) / 31]),
        mean("November calls per day", november_per_day(s, REQUESTS)),
    ]


def _quietest_days_october(s: Sql) -> list[Figure]:
    calls = sorted(days_of(s, OCTOBER, MONTH))
    return [count(f"quietest {k + 1}", [calls[k]]) for k in range(3)]


def _search_rag_share_of_calls(s: Sql) -> list[Figure]:
    share = "100 * countIf(workload = {w:String}) / count()"
    return [
        pct("this month", one(s, share, MTD, w="search-rag")),
        pct("last month", one(s, share, [*OCTOBER_WHOLE, OCTOBER_SAME_POINT[0]], w="search-rag")),
    ]


# --- the relative-days user -------------------------------------------------------------------------------------


def _spend_last_tuesday(s: Sql) -> list[Figure]:
    return [money("last Tuesday", one(s, SPEND, LAST_TUESDAY))]


def _weekend_calls_and_anthropic_failures(s: Sql) -> list[Figure]:
    failed = "provider = {p:String} AND status != 'ok'"
    return [
        count("weekend calls", one(s, REQUESTS, WEEKEND)),
        count("Anthropic failures", one(s, REQUESTS, WEEKEND, failed, p="anthropic")),
    ]


def _errors_by_type_day_before_yesterday(s: Sql) -> list[Figure]:
    return each(count, per_group(s, "error_type", REQUESTS, DAY_BEFORE_YESTERDAY, "status != 'ok'"))


def _office_hours_yesterday(s: Sql) -> list[Figure]:
    return [
        count("calls 9-5", one(s, REQUESTS, OFFICE_HOURS_YESTERDAY)),
        ms("p95 9-5", one(s, q(0.95), OFFICE_HOURS_YESTERDAY)),
    ]


def _provider_spend_first_week(s: Sql) -> list[Figure]:
    return each(money, per_group(s, "provider", SPEND, FIRST_WEEK_OF_NOVEMBER))


def _day_before_yesterday_vs_week_before(s: Sql) -> list[Figure]:
    new = s.one(SPEND, *DAY_BEFORE_YESTERDAY[0])
    old = s.one(SPEND, *WEEK_BEFORE_THAT_DAY[0])
    return [money("Wednesday", [new]), money("the Wednesday before", [old]), change("change", [(new, old)])]


QUESTIONS: list[NumberQuestion] = [
    # the executive
    NumberQuestion(
        "ex_more_than_last_month", "Are we spending more than last month?", "comparison", _more_than_last_month
    ),
    NumberQuestion(
        "ex_biggest_cost_driver",
        "What's our biggest cost driver this month, and how much is it?",
        "ranking",
        _biggest_cost_driver,
    ),
    NumberQuestion(
        "ex_daily_spend",
        "What's our daily AI spend running at this month, on average?",
        "per-day",
        _daily_spend_this_month,
    ),
    NumberQuestion(
        "ex_unusual_this_week",
        "Anything unusual this week? Give me the error rate for each day since Monday.",
        "errors",
        _error_rate_each_day_since_monday,
    ),
    NumberQuestion(
        "ex_top_provider_share",
        "Which provider are we paying the most this month, and what share of the bill is that?",
        "share",
        _top_provider_and_share,
    ),
    NumberQuestion(
        "ex_per_active_user",
        "What does AI cost us per active user? Take October.",
        "per-user",
        _spend_per_active_user_october,
    ),
    NumberQuestion(
        "ex_week_vs_week", "Are we spending more this week than last week?", "comparison", _this_week_vs_last_week
    ),
    # the team lead
    NumberQuestion(
        "tl_three_side_by_side",
        "Put support-bot, sales-agent and search-rag side by side for the last 7 days: spend, number of calls and p95"
        " latency for each.",
        "comparison",
        _three_side_by_side,
    ),
    NumberQuestion(
        "tl_code_review_vs_doc_summarizer",
        "code-review vs doc-summarizer this month: error rate and cost per call for both",
        "comparison",
        _code_review_vs_doc_summarizer,
    ),
    NumberQuestion(
        "tl_slowest_of_three",
        "Of code-review, support-bot and sales-agent, which had the slowest average response time last week?"
        " Give me the number for all three.",
        "latency",
        _slowest_of_three_last_week,
    ),
    NumberQuestion(
        "tl_input_tokens_per_call",
        "How do doc-summarizer and search-rag compare on average input tokens per call over the past 14 days?",
        "tokens",
        _input_tokens_per_call,
    ),
    NumberQuestion(
        "tl_quality_support_vs_sales",
        "Between support-bot and sales-agent, whose quality score is better since the start of November? Both"
        " scores please.",
        "quality",
        _quality_support_vs_sales,
    ),
    NumberQuestion(
        "tl_three_workloads_shares",
        "How much have support-bot, sales-agent and doc-summarizer each cost this month, and what share of our"
        " total bill is each of them?",
        "share",
        _three_workloads_and_shares,
    ),
    NumberQuestion(
        "tl_timeouts_two_workloads",
        "How many timeouts did code-review and sales-agent each have in the last 30 days?",
        "errors",
        _timeouts_two_workloads,
    ),
    # the developer
    NumberQuestion("dev_user_yesterday", "what did user u7 run up yesterday?", "user", _user_yesterday),
    NumberQuestion(
        "dev_user_day_before_yesterday",
        "how many calls did u12 make the day before yesterday, and what did they cost in total?",
        "user",
        _user_day_before_yesterday,
    ),
    NumberQuestion(
        "dev_session_all_time",
        "session s317: how many calls has it made and what have they cost, all time?",
        "session",
        _session_all_time,
    ),
    NumberQuestion(
        "dev_user_slowest_call",
        "what was u3's slowest call this week, in ms?",
        "latency",
        _user_slowest_call_this_week,
    ),
    NumberQuestion(
        "dev_user_most_used_model",
        "which model has u25 used most this month, and how many calls was that?",
        "ranking",
        _user_most_used_model,
    ),
    NumberQuestion("dev_user_p95", "p95 latency of user u14's calls this month?", "latency", _user_p95_this_month),
    NumberQuestion(
        "dev_user_gpt4o_sessions",
        "how much has u31 spent on gpt-4o in the last 30 days, and across how many sessions?",
        "user",
        _user_gpt4o_and_sessions,
    ),
    # the ML engineer
    NumberQuestion(
        "ml_tokens_by_model_first_week",
        "input vs output tokens by model for the first week of November",
        "tokens",
        _tokens_by_model_first_week,
    ),
    NumberQuestion(
        "ml_sonnet_output_per_call",
        "average output tokens per call on claude-3-5-sonnet over the last 14 days?",
        "tokens",
        _sonnet_output_tokens_per_call,
    ),
    NumberQuestion(
        "ml_cost_per_1m_by_provider",
        "what's the cost per million tokens for each provider this month?",
        "unit cost",
        _cost_per_1m_by_provider,
    ),
    NumberQuestion(
        "ml_output_share",
        "what percentage of all the tokens we used this month were output tokens?",
        "share",
        _output_share_of_tokens,
    ),
    NumberQuestion(
        "ml_p90_input_tokens",
        "p90 of input tokens per call for doc-summarizer over the last 30 days",
        "tokens",
        _p90_input_tokens_doc_summarizer,
    ),
    NumberQuestion(
        "ml_most_tokens_per_call",
        "which model averages the most tokens per call this month, and how many is that?",
        "tokens",
        _most_tokens_per_call_model,
    ),
    NumberQuestion(
        "ml_tokens_without_llama",
        "total tokens processed yesterday, excluding llama",
        "tokens",
        _tokens_yesterday_without_llama,
    ),
    # the growth PM
    NumberQuestion("gpm_day_by_day", "day-by-day calls for the last week", "trend", _day_by_day_last_week),
    NumberQuestion("gpm_wow_spend", "what's our week-over-week growth in spend?", "trend", _week_over_week_spend),
    NumberQuestion(
        "gpm_mom_calls",
        "month-over-month growth in calls from September to October, with both months' numbers",
        "trend",
        _september_to_october_calls,
    ),
    NumberQuestion(
        "gpm_calls_per_day",
        "how many calls a day are we doing on average in November so far, vs October?",
        "per-day",
        _calls_per_day_october_vs_november,
    ),
    NumberQuestion(
        "gpm_quietest_days_october",
        "what were the 3 quietest days in October by number of calls?",
        "ranking",
        _quietest_days_october,
    ),
    NumberQuestion(
        "gpm_search_rag_share_trend",
        "is search-rag taking a bigger share of our calls? its share this month vs last month",
        "share",
        _search_rag_share_of_calls,
    ),
    # the relative-days user
    NumberQuestion("rd_last_tuesday", "What did we spend last Tuesday?", "spend", _spend_last_tuesday),
    NumberQuestion(
        "rd_weekend",
        "How many calls did we handle over the weekend, and how many Anthropic calls failed?",
        "errors",
        _weekend_calls_and_anthropic_failures,
    ),
    NumberQuestion(
        "rd_errors_day_before_yesterday",
        "Errors by error type for the day before yesterday?",
        "errors",
        _errors_by_type_day_before_yesterday,
    ),
    NumberQuestion(
        "rd_office_hours_yesterday",
        "Between 9am and 5pm yesterday, how many calls came in and what was the p95 latency?",
        "latency",
        _office_hours_yesterday,
    ),
    NumberQuestion(
        "rd_provider_first_week",
        "Spend by provider for the first week of November?",
        "group-by",
        _provider_spend_first_week,
    ),
    NumberQuestion(
        "rd_same_day_week_before",
        "How does the day before yesterday's spend compare with the same day the week before?",
        "comparison",
        _day_before_yesterday_vs_week_before,
    ),
    # the store cannot answer these: the right answer says so
    NumberQuestion(
        "ex_tickets_deflected",
        "How many support tickets did the AI deflect this month?",
        "unanswerable",
        None,
    ),
    NumberQuestion(
        "dev_user_browser",
        "which browser and device was u7 on when their calls failed yesterday?",
        "unanswerable",
        None,
    ),
    NumberQuestion(
        "ml_sampling_settings",
        "what temperature and max_tokens settings did the code-review calls use last week?",
        "unanswerable",
        None,
    ),
    NumberQuestion(
        "gpm_trial_conversion",
        "what's the trial-to-paid conversion rate of users who tried the sales agent in October?",
        "unanswerable",
        None,
    ),
    NumberQuestion(
        "rd_openai_status_uptime",
        "What uptime did OpenAI's status page report for last Tuesday?",
        "unanswerable",
        None,
    ),
]

# The outcome of every question on the first run (commit 9877250, offline, no LLM), read by hand (see the docstring
# for the three the check scored `correct` that were not, and the one it failed that was right).
FIRST_RUN: dict[str, Outcome] = {
    "ex_more_than_last_month": "correct",
    "ex_biggest_cost_driver": "correct",
    "ex_daily_spend": "correct",
    "ex_unusual_this_week": "correct",
    "ex_top_provider_share": "correct",
    "ex_per_active_user": "substituted",
    "ex_week_vs_week": "correct",
    "tl_three_side_by_side": "correct",
    "tl_code_review_vs_doc_summarizer": "correct",
    "tl_slowest_of_three": "correct",
    "tl_input_tokens_per_call": "correct",
    "tl_quality_support_vs_sales": "correct",
    "tl_three_workloads_shares": "correct",
    "tl_timeouts_two_workloads": "correct",
    "dev_user_yesterday": "substituted",
    "dev_user_day_before_yesterday": "substituted",
    "dev_session_all_time": "substituted",
    "dev_user_slowest_call": "substituted",
    "dev_user_most_used_model": "substituted",
    "dev_user_p95": "substituted",
    "dev_user_gpt4o_sessions": "substituted",
    "ml_tokens_by_model_first_week": "correct",
    "ml_sonnet_output_per_call": "correct",
    "ml_cost_per_1m_by_provider": "substituted",
    "ml_output_share": "correct",
    "ml_p90_input_tokens": "substituted",
    "ml_most_tokens_per_call": "correct",
    "ml_tokens_without_llama": "correct",
    "gpm_day_by_day": "declined",
    "gpm_wow_spend": "correct",
    "gpm_mom_calls": "substituted",
    "gpm_calls_per_day": "correct",
    "gpm_quietest_days_october": "substituted",
    "gpm_search_rag_share_trend": "partial",
    "rd_last_tuesday": "correct",
    "rd_weekend": "partial",
    "rd_errors_day_before_yesterday": "substituted",
    "rd_office_hours_yesterday": "substituted",
    "rd_provider_first_week": "correct",
    "rd_same_day_week_before": "substituted",
    "ex_tickets_deflected": "declined",
    "dev_user_browser": "substituted",
    "ml_sampling_settings": "substituted",
    "gpm_trial_conversion": "declined",
    "rd_openai_status_uptime": "substituted",
}

# After the fixes of #16 (see the docstring) none fails.
# The questions that fail today, each with its outcome as scored: a strict xfail in the test. When a fix makes one pass
# it shows as XPASS and fails the run: delete its line here and in WHY (FIRST_RUN stays as the historical record).
KNOWN_FAILURES: dict[str, Outcome] = {}

# Why each known failure fails, in one line (the xfail's reason).
WHY: dict[str, str] = {}
