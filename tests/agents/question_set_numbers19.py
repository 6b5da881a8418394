"""A nineteenth blind, number-checked question set: 40 questions the store can answer and 5 it cannot.

Written without reading the planner, in the voice of six new users: the CFO's chief of staff, who asks in bullet lists
for the Monday pack (October's spend, calls and cost per call as three bullets, the first half of October "(1-15 Oct)"
against the second "(16-31 Oct)", Anthropic's October spend and "claude-3-5-sonnet's share of that Anthropic spend",
spend so far this month with its average per day against October's, "how many users made more than 380 calls" in
October and their share of the calls, the top 3 workloads by October spend "with their combined share", what failed
calls cost in October "as a percentage"); a customer on the support chat, casual and lowercase ("our app felt really
broken yesterday :( how many of our calls failed yesterday, and how many went through ok?", yesterday's failures split
into timeouts and rate limits, what we were charged "between 3 November and 10 November, both days included", the model
that cost the most in the last 7 days, gpt-4o's average latency today against yesterday, how many users "have used it
this week so far" and their calls); a shift manager who thinks in weekdays and hours ("on Mondays in October, all the
Mondays together", business hours "09:00 to 17:00 UTC, Monday 9 to Friday 13 November" with calls per hour, the busiest
day of the week in October, yesterday's calls per hour and its busiest hour, an average weekend day against an average
weekday in October, the night shift's error rate "22:00 to 06:00 UTC", Friday 13 November); an engineer setting
guardrail thresholds who asks about bands (calls "with more than 3,500 input tokens" in October and their cost, the
error rate of calls "longer than 5 seconds" over 30 days, the share of October's spend on calls "longer than 3
seconds", users "with more than 90 calls in the last 7 days", calls per model "with more than 700 completion tokens",
the workload with the most calls "costing more than $0.10 each", calls with a time to first token "above 1 second"
yesterday and their share); a graduate trainee who writes long, rambling, apologetic questions with the ask buried in
them (support-bot's October spend, calls and cost per call, gemini against gpt-4o-mini per call on search-rag in
October, quality of the last 7 days "with the average of the 7 days before that", October's sessions and calls per
session, doc-summarizer's median and p99 this month "and also the median latency across all workloads", mean input
tokens per call per workload "in the first half of November (the 1st to the 15th)"); and an investor's due-diligence
analyst (September and October spend "and the month-over-month growth rate", the top 5 users' combined share of
October's spend, calls per user "per month", OpenAI's share of October spend "and gpt-4o's share within the OpenAI
spend", cost "per 1,000 calls" in September and October, the success rate and failed calls "since the start of Q4 (1
October to now)", calls per day in September against October "and the percentage change"). The five unanswerable ones
ask for what the events do not hold: the CO2 emissions and kWh of October's usage, the languages prompts were written
in, support agents on shift and the calls each handled, the engineering hours spent tuning prompts, and the discount
negotiated with OpenAI.

First run on 189ab55 (this set committed at e5d5365 before it was asked). As scored by the check: correct 19, partial 9,
substituted 7, declined 10 over the 45; 23 passed: 19/40 answerable correct (none fails the 8 %-off control) and 4/5
unanswerable declined; of the answerable, 9 partial, 6 substituted and 6 declined (see FIRST_RUN). Every answer read by
hand: 17/40 answerable right, 8 partial, 8 substituted silently, 6 substituted with a notice ("I could not read ..."), 1
declined, 0 wrong; 3/5 unanswerable declined (CO2 and kWh, prompt languages, a negotiated discount), one substituted
silently (support agents on shift are the agent task type's requests per hour) and one substituted with a notice that
names a stray word (the engineering hours spent tuning prompts are support-bot's October spend, "I could not read
'silly'"), which the check scores declined. Of the six answerable substitutions with a notice, three name what was
dropped ("09:00" and "17:00" of business hours, "22:00" and "06:00" of the night shift, the "700" completion tokens) and
three name only stray words while the question itself is lost ("meeting", "wasn" and "true" beside gemini's search-rag
traffic priced at gpt-4o-mini's list prices; "noticed" and "bit" beside the routing policy's savings over the last 7
days in place of two weeks' quality; "engagement" beside a list of calls per session with neither the number of sessions
nor their mean); the one plain decline is a compare error (calls per day in September against October: "the previous
full month window's days do not line up"). So 9 answers substitute silently in all (8 answerable, 1 unanswerable). Four
answers read differently from the check in kind, besides the notices. Average spend per day "this month" and "in
October" was scored correct and is partial when read: only November's $10.49 is given, and it lies within 1 % of
October's $10.55 (the weakness noted below). Calls each user makes "on average per month" in September and October were
scored correct and are a silent substitution when read: October's calls per user are listed with September's beside
them, and users' 362, 367 and 372 calls fall within 1 % of the means 365.7 and 375.2. An average weekend day against an
average weekday in October was scored partial and is a silent substitution when read: Monday 16 November ($10.37, within
1 % of the weekend-day mean $10.46) against October per covered day over all 31 days. Quality over the last 7 days
against the 7 before was scored partial and is substituted when read (the routing policy's expected quality 0.842 meets
the earlier week's 0.8416). The six answers that substitute with a notice (five answerable, and the engineering hours)
were scored declined. By family, in a user's words: a time of day in a window ("09:00 to 17:00 UTC", "22:00 to 06:00
UTC") and a day of the week as a filter ("on Mondays in October, all the Mondays together"; "an average weekend day
compared with an average weekday (Monday to Friday)" is Monday 16 November) are not read, while a weekday as a grouping
is ("which day of the week was busiest" was right, Thursday's 2,429); a word that names a day is taken for the window
("for the CFO's Monday pack, October please" is Monday 16 November); the second half of a range written "16-31 Oct" is
dropped beside "1-15 Oct"; a band is applied to the count but not to the measure beside it ("more than 3,500 input
tokens ... what did those calls cost" gives October's whole spend, "calls that took longer than 5 seconds ... what
percentage failed" the share of slow calls and the overall error rate, "share of October's spend went to calls that took
longer than 3 seconds" the share of calls), and a band on completion tokens is not read ("more than 700 completion
tokens"); the whole of a part and a share within it ("what we spent with Anthropic" and "claude-3-5-sonnet's share of
that Anthropic spend") become the model's own spend, and "OpenAI's share of October spend, and gpt-4o's share within the
OpenAI spend" keeps only the second; an average over a group (calls per user per month, calls per session, calls per day
against the month before) is listed per member or fails; the other side of a comparison goes missing ("September and in
October, and the month-over-month growth" gives September's summary, "and maybe also the median latency across all
workloads together" doc-summarizer's alone, "how many went through ok" the failures and the total); "since the start of
Q4 (1 October to now)" is October alone; a thresholded count gives the count and not the share beside it ("users who
made more than 380 calls" were 15, right, with no share of calls); and long apologetic messages lose their question to
stray words ("cost per call of each of those two models on search-rag" became a what-if, "compare the average quality
score of the last 7 days with ... the 7 days before that" the routing policy). Short, casual chat questions fared best:
five of the support chat's six answerable were right (and its prompt languages declined), and the guardrail engineer's
counts over a line ("more than 90 calls in the last 7 days", "calls costing more than $0.10 each", "a time to first
token above 1 second") were right. Before commit every expected figure was printed from this file's SQL over the test
store (none is zero or NaN) and each figure's readings were checked against the 8 %-off control: no reading of a figure
lies within tolerance of another reading times 1.08, and every question has a figure none of whose readings (as an
answer would display them: money to the cent or to four decimals under a dollar, milliseconds whole, percentages to one
decimal, counts whole, quality to three decimals, mean counts and tokens to one decimal) lies within tolerance of any of
the question's figures times 1.08. Lines a user names: no call of October has exactly 3,500 input tokens or costs
exactly $0.10, no latency or TTFT is exactly 5,000, 3,000 or 1,000 ms (they are floats), and no user made exactly 380
calls in October, so "more than" and "at least" agree there; two users made exactly 90 calls in the last 7 days on each
reading, so "more than 90" is read strictly (12 users on both readings; "at least" would give 14); completion tokens are
whole numbers and 37 calls of October and November have exactly 700, so the calls per model "with more than 700
completion tokens" accept the count at 700 or more as an alternative. Weaknesses noted here: the September-to-October
change in calls per day (-0.72 %) is small, so an answer 8 % off on it alone would pass it (the question's two daily
means carry the control); November's spend per day so far ($10.49 on the first reading, $10.48 on the third) lies within
1 % of October's ($10.55), so an answer that swapped them would pass; and the weekend day's and the weekday's October
spend ($10.46 and $10.59) lie 1.3 % apart.

The store and its machinery are the first number set's (`make_number_events`, `Sql`, the tolerances), the helpers
the seventh's and sixteenth's. NOW is Friday 2026-11-20 12:00 UTC; the events start on Sunday 30 August about noon,
so September and October are whole months; October 2026 starts on a Thursday (22 weekdays, 9 weekend days). Monday of
this week is 16 November. Providers: openai (gpt-4o, gpt-4o-mini), anthropic (claude-3-5-haiku, claude-3-5-sonnet),
google (gemini-2.0-flash), groq (llama-3.1-8b-instant). Every expected figure is computed here by this file's own
parameterised SQL over one org's raw events (never netra_core's analytics). Tolerances: money 0.5 % (totals, halves,
a day's spend), 1 % (unit costs: cost per call, per 1,000 calls, spend per day); percentages 0.05 points (rates and
shares), changes 0.3 points (compared by size); latency 1 %; counts exact (calls, users, sessions, errors); mean counts
(calls per hour, per session, per user, per day) and mean input tokens per call 1 %; quality 0.002. Where a phrase has
more than one fair reading, each is an accepted alternative of each figure (the most literal first):

- "the last 30 days" / "the last 7 days": the N x 24 hours before now, the N whole days before today, or the N calendar
  days ending today (the calendar reading only for rates, means and shares, not for sums and counts); "the 7 days
  before that": the window of the same reading a week earlier;
- "this month" / "so far this month": 1 November 00:00 to now, or to today 00:00; "average spend per day this month":
  November to now over 19.5 days or over 20 calendar days, or to today over 19 days; "this week so far": Monday 16
  November 00:00 to now, or to today 00:00; "since the start of Q4 (1 October to now)": to now, or to today 00:00;
  "today": today 00:00 to now; "yesterday": 19 November; "October" / "September": the whole month; "the first half of
  October (1-15 Oct)" / "the second half (16-31 Oct)" / "the first half of November (the 1st to the 15th)": whole UTC
  days; "between 3 November and 10 November, both days included": 3 November 00:00 to 11 November 00:00; "Friday 13
  November": that UTC day;
- "on Mondays in October": calls on the four Mondays; "business hours (09:00 to 17:00 UTC, Monday 9 to Friday 13
  November)": hours 9 to 16 of those five days, "per hour on average" over their 40 hours; "the busiest day of the
  week": the top count of calls per ISO weekday (the day is not checked); "calls per hour" yesterday: its calls over 24,
  "the busiest hour": the top count per hour of the day; "an average weekend day / weekday": October's spend on
  Saturdays and Sundays over 9 days, on Monday to Friday over 22 days; "the night shift (22:00 to 06:00 UTC)": hours 22,
  23 and 0 to 5;
- "error rate" / "failed": status not ok; "went through ok": status ok; "timeouts" / "rate limits": failed calls of that
  error type; "success rate": status ok over all calls;
- "cost per call": spend over calls; "per 1,000 calls": a thousand times that; "spend per day" of a month: its spend
  over its days; "calls per user per month": the month's calls over its distinct users; "calls per session": calls over
  distinct sessions; "calls per day": the month's calls over its days; "growth" / "percentage change": (later -
  earlier) / earlier, compared by size; a share "within" a provider: the model's spend over that provider's spend;
- "more than N calls": users whose calls in the window exceed N, and "those users' share": their calls over all calls;
  "top 3 workloads ... combined share" / "top 5 users combined": the top values' sum over the total (the names are not
  checked); "more than 3,500 input tokens" / "more than 700 completion tokens": prompt_tokens / completion_tokens above
  the line; "longer than 5 / 3 seconds": latency above 5,000 / 3,000 ms; "costing more than $0.10 each": cost_usd above
  0.10; "a time to first token above 1 second": ttft_ms above 1,000;
- "median" / "p99": exact, interpolated quantiles of latency; "average input tokens per call": mean prompt_tokens.
"""

from __future__ import annotations

from datetime import timedelta

from tests.agents.builders import NOW
from tests.agents.number_scoring import Figure, Outcome
from tests.agents.question_set_numbers import (
    ERROR_RATE,
    MONTH,
    OCTOBER,
    QUALITY,
    REQUESTS,
    SPEND,
    TODAY,
    NumberQuestion,
    Sql,
    days_ago,
    q,
)
from tests.agents.question_set_numbers7 import (
    ERROR_SPEND,
    LAST_MONDAY,
    MEAN_LATENCY,
    MODEL,
    MTD,
    OCT,
    PER_REQUEST,
    SEPT,
    SUMMED_7D,
    THIS_MONDAY,
    WORKLOAD,
    YDAY,
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
from tests.agents.question_set_numbers16 import mean, unit_cost

WEEK_SO_FAR: list[Window] = [(THIS_MONDAY, NOW), (THIS_MONDAY, TODAY)]
Q4_SO_FAR: list[Window] = [(OCTOBER, NOW), (OCTOBER, TODAY)]
FIRST_HALF_OCT: list[Window] = [(day(10, 1), day(10, 16))]
SECOND_HALF_OCT: list[Window] = [(day(10, 16), MONTH)]
FIRST_HALF_NOV: list[Window] = [(MONTH, day(11, 16))]
TODAY_SO_FAR: list[Window] = [(TODAY, NOW)]
DAY = timedelta(days=1)
# "the 7 days before that": paired with rolling(7)'s three readings
PRIOR_7D: list[Window] = [
    (days_ago(14), days_ago(7)),
    (TODAY - 14 * DAY, TODAY - 7 * DAY),
    (TODAY - 13 * DAY, TODAY - 6 * DAY),
]

FAILED = "status != 'ok'"
OK = "status = 'ok'"
PROVIDER = "provider = {p:String}"
SUCCESS_RATE = "100 * countIf(status = 'ok') / count()"
PER_THOUSAND_CALLS = "1000 * sum(cost_usd) / count()"
CALLS_PER_USER = "count() / uniqExact(user_id)"
MONDAY = "toDayOfWeek(ts) = 1"
WEEKEND = "toDayOfWeek(ts) >= 6"
WEEKDAY = "toDayOfWeek(ts) <= 5"
BUSINESS_HOURS = "toDayOfWeek(ts) <= 5 AND toHour(ts) >= 9 AND toHour(ts) < 17"
NIGHT_SHIFT = "toHour(ts) >= 22 OR toHour(ts) < 6"
OCT_WEEKEND_DAYS = 9  # October 2026 starts on a Thursday: Saturdays 3-31 (5) and Sundays 4-25 (4)
OCT_WEEKDAYS = 22
BUSINESS_HOURS_LAST_WEEK = 40  # 09:00-17:00 on Monday 9 to Friday 13 November
BUSY_USER_OCT = 380  # calls in October: 15 users make more, none exactly 380
BUSY_USER_7D = 90  # calls in the last 7 days: 12 users make more on either reading
LONG_PROMPT = 3500  # input tokens: no call of October has exactly 3,500
LONG_OUTPUT = 700  # completion tokens: 37 calls of October-November have exactly 700
SLOW_MS = 5000
SLOWISH_MS = 3000
SLOW_TTFT_MS = 1000
PRICEY_CALL = 0.10  # dollars


def _per_day(values: list[float], days: float) -> list[float]:
    return [v / days for v in values]


def _mtd_per_day(s: Sql, expr: str, where: str = "1", **params: str) -> list[float]:
    """November so far per day: to now over 19.5 days or over 20 calendar days, or to today over 19 days."""
    to_now, to_today = one(s, expr, MTD, where, **params)
    return [to_now / 19.5, to_now / 20, to_today / 19]


def _users_over(s: Sql, windows: list[Window], threshold: int) -> list[float]:
    return [float(sum(1 for v in s.by("user_id", REQUESTS, a, b).values() if v > threshold)) for a, b in windows]


# --- the CFO's chief of staff, in bullet lists ------------------------------------------------------------------------


def _cos_october(s: Sql) -> list[Figure]:
    return [
        money("spend", one(s, SPEND, OCT)),
        count("calls", one(s, REQUESTS, OCT)),
        unit_cost("per call", one(s, PER_REQUEST, OCT)),
    ]


def _cos_halves(s: Sql) -> list[Figure]:
    return [money("1-15 Oct", one(s, SPEND, FIRST_HALF_OCT)), money("16-31 Oct", one(s, SPEND, SECOND_HALF_OCT))]


def _cos_anthropic_sonnet(s: Sql) -> list[Figure]:
    share = "100 * sumIf(cost_usd, model = 'claude-3-5-sonnet') / sum(cost_usd)"
    return [
        money("anthropic", one(s, SPEND, OCT, PROVIDER, p="anthropic")),
        pct("sonnet's share", one(s, share, OCT, PROVIDER, p="anthropic")),
    ]


def _cos_pace(s: Sql) -> list[Figure]:
    return [
        money("so far", one(s, SPEND, MTD)),
        unit_cost("per day this month", _mtd_per_day(s, SPEND)),
        unit_cost("per day October", _per_day(one(s, SPEND, OCT), 31)),
    ]


def _cos_busy_users(s: Sql) -> list[Figure]:
    calls = s.by("user_id", REQUESTS, OCTOBER, MONTH)
    busy = [v for v in calls.values() if v > BUSY_USER_OCT]
    return [count("users", [len(busy)]), pct("their share", [100 * sum(busy) / sum(calls.values())])]


def _cos_top3(s: Sql) -> list[Figure]:
    top = ranked(s, "workload", SPEND, OCT, 3, True)
    total = one(s, SPEND, OCT)[0]
    return [money(n, v) for n, v in top] + [pct("combined share", [100 * sum(v[0] for _, v in top) / total])]


def _cos_failed(s: Sql) -> list[Figure]:
    return [
        money("failed calls", one(s, ERROR_SPEND, OCT)),
        pct("share", one(s, f"100 * {ERROR_SPEND} / sum(cost_usd)", OCT)),
    ]


# --- a customer on the support chat -----------------------------------------------------------------------------------


def _ch_yesterday(s: Sql) -> list[Figure]:
    return [count("failed", one(s, REQUESTS, YDAY, FAILED)), count("ok", one(s, REQUESTS, YDAY, OK))]


def _ch_failure_types(s: Sql) -> list[Figure]:
    return [
        count("timeouts", one(s, REQUESTS, YDAY, "error_type = 'timeout'")),
        count("rate limits", one(s, REQUESTS, YDAY, "error_type = 'rate_limit'")),
    ]


def _ch_bill(s: Sql) -> list[Figure]:
    return [money("3-10 Nov", one(s, SPEND, [(day(11, 3), day(11, 11))]))]


def _ch_top_model(s: Sql) -> list[Figure]:
    return [money(n, v) for n, v in ranked(s, "model", SPEND, SUMMED_7D, 1, True)]


def _ch_gpt4o_latency(s: Sql) -> list[Figure]:
    return [
        ms("today", one(s, MEAN_LATENCY, TODAY_SO_FAR, MODEL, m="gpt-4o")),
        ms("yesterday", one(s, MEAN_LATENCY, YDAY, MODEL, m="gpt-4o")),
    ]


def _ch_week_users(s: Sql) -> list[Figure]:
    return [count("users", one(s, "uniqExact(user_id)", WEEK_SO_FAR)), count("calls", one(s, REQUESTS, WEEK_SO_FAR))]


# --- a shift manager who thinks in weekdays and hours -----------------------------------------------------------------


def _wk_mondays(s: Sql) -> list[Figure]:
    return [count("Mondays", one(s, REQUESTS, OCT, MONDAY))]


def _wk_business_hours(s: Sql) -> list[Figure]:
    calls = one(s, REQUESTS, [(LAST_MONDAY, day(11, 14))], BUSINESS_HOURS)
    return [count("calls", calls), mean("per hour", _per_day(calls, BUSINESS_HOURS_LAST_WEEK))]


def _wk_busiest_weekday(s: Sql) -> list[Figure]:
    return [count(n, v) for n, v in ranked(s, "toDayOfWeek(ts)", REQUESTS, OCT, 1, True)]


def _wk_per_hour_yesterday(s: Sql) -> list[Figure]:
    return [
        mean("per hour", _per_day(one(s, REQUESTS, YDAY), 24)),
        *[count("peak hour", v) for _, v in ranked(s, "toHour(ts)", REQUESTS, YDAY, 1, True)],
    ]


def _wk_weekend_vs_weekday(s: Sql) -> list[Figure]:
    return [
        unit_cost("weekend day", _per_day(one(s, SPEND, OCT, WEEKEND), OCT_WEEKEND_DAYS)),
        unit_cost("weekday", _per_day(one(s, SPEND, OCT, WEEKDAY), OCT_WEEKDAYS)),
    ]


def _wk_night_shift(s: Sql) -> list[Figure]:
    return [pct("night error rate", one(s, ERROR_RATE, rolling(7), NIGHT_SHIFT))]


def _wk_friday_13(s: Sql) -> list[Figure]:
    window = [(day(11, 13), day(11, 14))]
    return [money("spend", one(s, SPEND, window)), count("calls", one(s, REQUESTS, window))]


# --- an engineer setting guardrail thresholds -------------------------------------------------------------------------


def _bd_long_prompts(s: Sql) -> list[Figure]:
    long = f"prompt_tokens > {LONG_PROMPT}"
    return [count("calls", one(s, REQUESTS, OCT, long)), money("cost", one(s, SPEND, OCT, long))]


def _bd_slow_error_rate(s: Sql) -> list[Figure]:
    return [pct("error rate", one(s, ERROR_RATE, rolling(30), f"latency_ms > {SLOW_MS}"))]


def _bd_slow_spend_share(s: Sql) -> list[Figure]:
    return [pct("share", one(s, f"100 * sumIf(cost_usd, latency_ms > {SLOWISH_MS}) / sum(cost_usd)", OCT))]


def _bd_busy_users(s: Sql) -> list[Figure]:
    return [count("users", _users_over(s, SUMMED_7D, BUSY_USER_7D))]


def _bd_long_outputs(s: Sql) -> list[Figure]:
    over = s.by("model", REQUESTS, OCTOBER, MONTH, f"completion_tokens > {LONG_OUTPUT}")
    at_least = s.by("model", REQUESTS, OCTOBER, MONTH, f"completion_tokens >= {LONG_OUTPUT}")
    return [count(m, [v, at_least[m]]) for m, v in over.items()]


def _bd_pricey_calls(s: Sql) -> list[Figure]:
    return [count(n, v) for n, v in ranked(s, "workload", REQUESTS, OCT, 1, True, f"cost_usd > {PRICEY_CALL}")]


def _bd_slow_ttft(s: Sql) -> list[Figure]:
    slow = f"ttft_ms > {SLOW_TTFT_MS}"
    return [
        count("calls", one(s, REQUESTS, YDAY, slow)),
        pct("share", one(s, f"100 * countIf({slow}) / count()", YDAY)),
    ]


# --- a graduate trainee who writes long, rambling questions -----------------------------------------------------------


def _ra_support_bot(s: Sql) -> list[Figure]:
    w = {"w": "support-bot"}
    return [
        money("spend", one(s, SPEND, OCT, WORKLOAD, **w)),
        count("calls", one(s, REQUESTS, OCT, WORKLOAD, **w)),
        unit_cost("per call", one(s, PER_REQUEST, OCT, WORKLOAD, **w)),
    ]


def _ra_search_rag_models(s: Sql) -> list[Figure]:
    return each(unit_cost, per_group(s, "model", PER_REQUEST, OCT, WORKLOAD, w="search-rag"))


def _ra_quality_weeks(s: Sql) -> list[Figure]:
    return [quality("last 7 days", one(s, QUALITY, rolling(7))), quality("7 days before", one(s, QUALITY, PRIOR_7D))]


def _ra_sessions(s: Sql) -> list[Figure]:
    return [
        count("sessions", one(s, "uniqExact(session_id)", OCT)),
        mean("calls per session", one(s, "count() / uniqExact(session_id)", OCT)),
    ]


def _ra_doc_latency(s: Sql) -> list[Figure]:
    w = {"w": "doc-summarizer"}
    return [
        ms("median", one(s, q(0.5), MTD, WORKLOAD, **w)),
        ms("p99", one(s, q(0.99), MTD, WORKLOAD, **w)),
        ms("all workloads' median", one(s, q(0.5), MTD)),
    ]


def _ra_prompt_per_workload(s: Sql) -> list[Figure]:
    return each(mean, per_group(s, "workload", "avg(prompt_tokens)", FIRST_HALF_NOV))


# --- an investor's due-diligence analyst ------------------------------------------------------------------------------


def _dd_growth(s: Sql) -> list[Figure]:
    sep, octo = one(s, SPEND, SEPT)[0], one(s, SPEND, OCT)[0]
    return [money("September", [sep]), money("October", [octo]), change("growth", [(octo, sep)])]


def _dd_top5_users(s: Sql) -> list[Figure]:
    spend = sorted(s.by("user_id", SPEND, OCTOBER, MONTH).values(), reverse=True)
    return [pct("top 5 share", [100 * sum(spend[:5]) / sum(spend)])]


def _dd_calls_per_user(s: Sql) -> list[Figure]:
    return [mean("September", one(s, CALLS_PER_USER, SEPT)), mean("October", one(s, CALLS_PER_USER, OCT))]


def _dd_openai(s: Sql) -> list[Figure]:
    return [
        pct("openai share", one(s, "100 * sumIf(cost_usd, provider = 'openai') / sum(cost_usd)", OCT)),
        pct(
            "gpt-4o within openai",
            one(s, "100 * sumIf(cost_usd, model = 'gpt-4o') / sum(cost_usd)", OCT, PROVIDER, p="openai"),
        ),
    ]


def _dd_per_thousand(s: Sql) -> list[Figure]:
    return [
        unit_cost("September", one(s, PER_THOUSAND_CALLS, SEPT)),
        unit_cost("October", one(s, PER_THOUSAND_CALLS, OCT)),
    ]


def _dd_reliability(s: Sql) -> list[Figure]:
    return [pct("success rate", one(s, SUCCESS_RATE, Q4_SO_FAR)), count("failed", one(s, REQUESTS, Q4_SO_FAR, FAILED))]


def _dd_calls_per_day(s: Sql) -> list[Figure]:
    sep, octo = one(s, REQUESTS, SEPT)[0] / 30, one(s, REQUESTS, OCT)[0] / 31
    return [mean("September", [sep]), mean("October", [octo]), change("change", [(octo, sep)])]


QUESTIONS: list[NumberQuestion] = [
    # the CFO's chief of staff, in bullet lists
    NumberQuestion(
        "cos_october",
        "For the CFO's Monday pack, October please:\n- total spend\n- number of calls\n- average cost per call",
        "bullets",
        _cos_october,
    ),
    NumberQuestion(
        "cos_halves",
        "Two lines for the pack:\n- spend in the first half of October (1-15 Oct)\n- spend in the second half of "
        "October (16-31 Oct)",
        "halves",
        _cos_halves,
    ),
    NumberQuestion(
        "cos_anthropic_sonnet",
        "Anthropic, October:\n- what we spent with Anthropic\n- claude-3-5-sonnet's share of that Anthropic spend",
        "share within a part",
        _cos_anthropic_sonnet,
    ),
    NumberQuestion(
        "cos_pace",
        "Pace check:\n- spend so far this month\n- average spend per day this month\n- average spend per day in "
        "October",
        "pace",
        _cos_pace,
    ),
    NumberQuestion(
        "cos_busy_users",
        "Usage concentration, October:\n- how many users made more than 380 calls\n- what share of October's calls "
        "those users made together",
        "threshold",
        _cos_busy_users,
    ),
    NumberQuestion(
        "cos_top3",
        "- top 3 workloads by October spend, with each one's spend\n- their combined share of October's total spend",
        "top-n",
        _cos_top3,
    ),
    NumberQuestion(
        "cos_failed",
        "Waste line:\n- what failed calls cost us in October\n- that as a percentage of October's spend",
        "errors",
        _cos_failed,
    ),
    NumberQuestion(
        "cos_carbon",
        "ESG appendix:\n- CO2 emissions of our LLM usage in October\n- energy used, in kWh",
        "unanswerable",
        None,
    ),
    # a customer on the support chat
    NumberQuestion(
        "ch_yesterday",
        "hi there! our app felt really broken yesterday :( how many of our calls failed yesterday, and how many went "
        "through ok?",
        "support chat",
        _ch_yesterday,
    ),
    NumberQuestion(
        "ch_failure_types",
        "thanks! of yesterday's failed calls, how many were timeouts and how many were rate limits?",
        "support chat",
        _ch_failure_types,
    ),
    NumberQuestion(
        "ch_bill",
        "hello, can you tell me what we were charged between 3 November and 10 November, both days included?",
        "explicit dates",
        _ch_bill,
    ),
    NumberQuestion(
        "ch_top_model",
        "hey, which model cost us the most in the last 7 days, and how much was it?",
        "top-n",
        _ch_top_model,
    ),
    NumberQuestion(
        "ch_gpt4o_latency",
        "is gpt-4o being slow today? what's its average latency today compared with its average yesterday?",
        "support chat",
        _ch_gpt4o_latency,
    ),
    NumberQuestion(
        "ch_week_users",
        "how many different users on our side have used it this week so far, and how many calls have they made?",
        "support chat",
        _ch_week_users,
    ),
    NumberQuestion(
        "ch_languages",
        "one more: which languages did our users write their prompts in last week? like how many english vs spanish?",
        "unanswerable",
        None,
    ),
    # a shift manager who thinks in weekdays and hours
    NumberQuestion(
        "wk_mondays",
        "How many calls did we handle on Mondays in October, all the Mondays together?",
        "weekday",
        _wk_mondays,
    ),
    NumberQuestion(
        "wk_business_hours",
        "During business hours last week (09:00 to 17:00 UTC, Monday 9 to Friday 13 November), how many calls came "
        "in, and how many per hour on average?",
        "per hour",
        _wk_business_hours,
    ),
    NumberQuestion(
        "wk_busiest_weekday",
        "Which day of the week was busiest in October by number of calls, and how many calls did that weekday get in "
        "total over the month?",
        "weekday",
        _wk_busiest_weekday,
    ),
    NumberQuestion(
        "wk_per_hour_yesterday",
        "Yesterday: how many calls per hour did we average, and how many calls came in during the busiest hour?",
        "per hour",
        _wk_per_hour_yesterday,
    ),
    NumberQuestion(
        "wk_weekend_vs_weekday",
        "In October, what did we spend on an average weekend day compared with an average weekday (Monday to Friday)?",
        "weekday",
        _wk_weekend_vs_weekday,
    ),
    NumberQuestion(
        "wk_night_shift",
        "For the night shift (22:00 to 06:00 UTC) over the last 7 days, what was the error rate?",
        "hours",
        _wk_night_shift,
    ),
    NumberQuestion(
        "wk_friday_13",
        "What did Friday 13 November cost us, and how many calls did we get that day?",
        "explicit dates",
        _wk_friday_13,
    ),
    NumberQuestion(
        "wk_staffing",
        "How many support agents were on shift during each hour last week, and how many calls did each agent handle?",
        "unanswerable",
        None,
    ),
    # an engineer setting guardrail thresholds
    NumberQuestion(
        "bd_long_prompts",
        "How many calls in October had more than 3,500 input tokens, and what did those calls cost in total?",
        "band",
        _bd_long_prompts,
    ),
    NumberQuestion(
        "bd_slow_error_rate",
        "Of the calls that took longer than 5 seconds over the last 30 days, what percentage failed?",
        "band",
        _bd_slow_error_rate,
    ),
    NumberQuestion(
        "bd_slow_spend_share",
        "What share of October's spend went to calls that took longer than 3 seconds?",
        "band",
        _bd_slow_spend_share,
    ),
    NumberQuestion(
        "bd_busy_users",
        "How many users made more than 90 calls in the last 7 days?",
        "threshold",
        _bd_busy_users,
    ),
    NumberQuestion(
        "bd_long_outputs",
        "For each model, how many calls in October produced more than 700 completion tokens?",
        "band",
        _bd_long_outputs,
    ),
    NumberQuestion(
        "bd_pricey_calls",
        "Which workload had the most calls costing more than $0.10 each in October, and how many such calls did it "
        "have?",
        "band",
        _bd_pricey_calls,
    ),
    NumberQuestion(
        "bd_slow_ttft",
        "How many calls yesterday had a time to first token above 1 second, and what share of yesterday's calls is "
        "that?",
        "band",
        _bd_slow_ttft,
    ),
    # a graduate trainee who writes long, rambling questions
    NumberQuestion(
        "ra_support_bot",
        "Hi, sorry, I'm new here and my manager asked me to put together some numbers for a slide, I think it's "
        "mostly about support-bot, so what I need, if it's possible, is how much support-bot cost in October, and "
        "also I guess how many calls it made, because she said something about the cost per call too, so that as "
        "well if you can.",
        "rambling",
        _ra_support_bot,
    ),
    NumberQuestion(
        "ra_search_rag_models",
        "Ok so another thing, someone in the meeting said that on search-rag gemini is way cheaper than gpt-4o-mini "
        "and I wasn't sure, so could you tell me the cost per call of each of those two models on search-rag in "
        "October, just so I can check whether that's true or not?",
        "rambling",
        _ra_search_rag_models,
    ),
    NumberQuestion(
        "ra_quality_weeks",
        "I also noticed, I think, that quality looked a bit lower recently? I'm not sure if that's real, but could "
        "you compare the average quality score of the last 7 days with the average of the 7 days before that, so I "
        "can see whether it actually dropped?",
        "rambling",
        _ra_quality_weeks,
    ),
    NumberQuestion(
        "ra_sessions",
        "Um, and how many distinct sessions were there in October, and on average how many calls were in each "
        "session? I think that's how we measure engagement but I might be wrong about that.",
        "rambling",
        _ra_sessions,
    ),
    NumberQuestion(
        "ra_doc_latency",
        "My last question for now (sorry!) is about doc-summarizer, people keep saying it's slow, so could you give "
        "me its median latency and its p99 latency for this month so far, and maybe also the median latency across "
        "all workloads together over the same period, so I can compare?",
        "rambling",
        _ra_doc_latency,
    ),
    NumberQuestion(
        "ra_prompt_per_workload",
        "Actually one more, sorry: in the first half of November (the 1st to the 15th), what was the average number "
        "of input tokens per call for each workload? I'm trying to understand which features send the longest "
        "prompts, because someone said that's what drives the cost.",
        "rambling",
        _ra_prompt_per_workload,
    ),
    NumberQuestion(
        "ra_engineer_hours",
        "And, this might be a silly question, but how many hours of engineering time did the team spend tuning the "
        "support-bot prompts last month?",
        "unanswerable",
        None,
    ),
    # an investor's due-diligence analyst
    NumberQuestion(
        "dd_growth",
        "For the diligence memo: total LLM spend in September and in October, and the month-over-month growth rate.",
        "growth",
        _dd_growth,
    ),
    NumberQuestion(
        "dd_top5_users",
        "Concentration risk: what share of October's spend came from the top 5 users combined?",
        "concentration",
        _dd_top5_users,
    ),
    NumberQuestion(
        "dd_calls_per_user",
        "How many calls does each user make on average per month? Give September and October separately.",
        "average per group",
        _dd_calls_per_user,
    ),
    NumberQuestion(
        "dd_openai",
        "Vendor dependency: OpenAI's share of October spend, and gpt-4o's share within the OpenAI spend.",
        "share within a part",
        _dd_openai,
    ),
    NumberQuestion(
        "dd_per_thousand",
        "Unit economics: what does it cost us per 1,000 calls, in September and in October?",
        "unit cost",
        _dd_per_thousand,
    ),
    NumberQuestion(
        "dd_reliability",
        "Reliability since the start of Q4 (1 October to now): the overall success rate, and the number of failed "
        "calls.",
        "reliability",
        _dd_reliability,
    ),
    NumberQuestion(
        "dd_calls_per_day",
        "Volume trend: average calls per day in September versus October, and the percentage change.",
        "growth",
        _dd_calls_per_day,
    ),
    NumberQuestion(
        "dd_discount",
        "What discount have we negotiated with OpenAI, and how much did it save us in October?",
        "unanswerable",
        None,
    ),
]

# The outcome of every question on the first run, as scored by the check (where a reading by hand differs, the
# docstring says).
FIRST_RUN: dict[str, Outcome] = {
    "cos_october": "substituted",
    "cos_halves": "partial",
    "cos_anthropic_sonnet": "substituted",
    "cos_pace": "correct",
    "cos_busy_users": "partial",
    "cos_top3": "correct",
    "cos_failed": "correct",
    "cos_carbon": "declined",
    "ch_yesterday": "partial",
    "ch_failure_types": "correct",
    "ch_bill": "correct",
    "ch_top_model": "correct",
    "ch_gpt4o_latency": "correct",
    "ch_week_users": "correct",
    "ch_languages": "declined",
    "wk_mondays": "substituted",
    "wk_business_hours": "declined",
    "wk_busiest_weekday": "correct",
    "wk_per_hour_yesterday": "correct",
    "wk_weekend_vs_weekday": "partial",
    "wk_night_shift": "declined",
    "wk_friday_13": "correct",
    "wk_staffing": "substituted",
    "bd_long_prompts": "partial",
    "bd_slow_error_rate": "substituted",
    "bd_slow_spend_share": "substituted",
    "bd_busy_users": "correct",
    "bd_long_outputs": "declined",
    "bd_pricey_calls": "correct",
    "bd_slow_ttft": "correct",
    "ra_support_bot": "correct",
    "ra_search_rag_models": "declined",
    "ra_quality_weeks": "partial",
    "ra_sessions": "declined",
    "ra_doc_latency": "partial",
    "ra_prompt_per_workload": "correct",
    "ra_engineer_hours": "declined",
    "dd_growth": "partial",
    "dd_top5_users": "correct",
    "dd_calls_per_user": "correct",
    "dd_openai": "partial",
    "dd_per_thousand": "correct",
    "dd_reliability": "substituted",
    "dd_calls_per_day": "declined",
    "dd_discount": "declined",
}

# The questions that fail today, each with its outcome as scored: a strict xfail in the test. When a fix makes one pass
# it shows as XPASS and fails the run: delete its line here and in WHY (FIRST_RUN stays as the historical record).
KNOWN_FAILURES: dict[str, Outcome] = {
    "cos_halves": "partial",
    "wk_business_hours": "declined",
    "wk_night_shift": "declined",
    "wk_staffing": "substituted",
    "ra_search_rag_models": "declined",
    "ra_doc_latency": "partial",
    "dd_openai": "partial",
}

# Why each known failure fails, in one line (the xfail's reason).
WHY: dict[str, str] = {
    "cos_halves": "the first half of October only: '16-31 Oct' is not read",
    "wk_business_hours": "'09:00' and '17:00' are not read: all hours of Monday 9 to Friday 13 November",
    "wk_night_shift": "'22:00' and '06:00' are not read: the last 7 days' error rate over all hours",
    "wk_staffing": "support agents on shift are read as the agent task type's requests per hour, not declined",
    "ra_search_rag_models": "gemini's search-rag traffic at gpt-4o-mini's list prices, not each model's cost per call",
    "ra_doc_latency": "doc-summarizer's median and p99, not the median across all workloads",
    "dd_openai": "gpt-4o's share within OpenAI, not OpenAI's share of October spend",
}
