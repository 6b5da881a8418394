"""A seventeenth blind, number-checked question set: 40 questions the store can answer and 5 it cannot.

Written without reading the planner, in the voice of six new users: an internal auditor writing formal requests with
explicit, inclusive dates that must tie out ("for the audit file, please confirm three figures for the period 1
September 2026 to 30 September 2026 inclusive", spend on successful calls, on failed calls "and the total ... the first
two should add up to the third", "the single most expensive call recorded in October 2026", the calls that "cost more
than $0.10 each" and what they cost together, "the number of events on record for each provider", prompt and
completion tokens "stated separately", spend per workload for 16 to 31 October "together with the grand total"); a
statistician who asks about spread rather than totals ("the mean latency and its standard deviaton", sonnet's "p25,
p75 and the interquartile range", "mean vs median cost per call, by model ... curious how skewed each one is", the
10th and 90th percentiles, mean and standard deviation of October's quality scores, "ttft distribution ... p10, p50,
p90 and p99", October's 31 daily spend totals as observations with their mean and standard deviation); a performance
engineer counting calls on either side of a latency line ("reqs taking >3s ... how many, and what % of all reqs", the
share of calls "that came back in under 500ms, per provider", support-bot's share with "a TTFT under 200ms", "slowest
single request yesterday", requests "slower than 1s by model", p95 per task type "to see which ones are above 2.5s",
code-review's calls "under 1s, ... between 1s and 4s, and ... over 4s"); an intern filling in a weekly report template
with blanks ("Total spend: $___ | Total calls: ___ | Error rate: ___% | Avg quality score: ___", "Top workload by
spend was ____ at $____ (____% of total spend)", "Median latency this week: ___ ms (last week: ___ ms)", "___ distinct
users across ___ sessions", "Spend by provider: OpenAI $__, Anthropic $__, Google $__, Groq $__", "Failed calls last
week: ___ (of which ___ timeouts and ___ rate limits)", "Tokens processed in the last 30 days: ___ input / ___
output"); an executive assistant relaying other people's questions in quotes ("Priya in finance asked me: ...", "my
manager needs two numbers for her 1:1 with the CTO", "forwarding a question from Tom on the platform team", "the VP
asked me which of our models is the cheapest per call and which is the most expensive", "Jamie wants to know", "Sam is
building the board deck and asks", "quick one from our Head of Product"); and an operations manager in Europe who
writes dates day first and counts in ISO calendar weeks ("KW 41 and KW 40 ... and the change between the two weeks in
%", "from 01.10.2026 to 15.10.2026, both days inclusive", "the error rate on 03.11.2026", "on 19.11. between 08:00 and
18:00 UTC ... how many per hour on average", "from 01/11 to 15/11, versus 16/10 to 31/10", "costs per provider in KW 44
(26.10.-01.11.), in EUR if you can, otherwise in USD"). The five unanswerable ones ask for what the events do not hold:
the purchase order October's OpenAI spend is booked against, quality by the users' age bracket, the API keys
issued this week, the calls whose prompts held personal data, and October's total in
euros at the exchange rate of an invoice.

First run on bbe3c4d (this set committed at 650a229 before it was asked), every answer read by hand: 11/40 answerable
right, 13 partial, 15 substituted, 1 declined, 0 wrong; 3/5 unanswerable declined, 2 substituted (see FIRST_RUN). As
scored by the check, 18 passed (correct 16, partial 14, substituted 10, declined 5 over the 45: 16/40 answerable
correct, of which 15 passed and one failed the 8 %-off control, 3/5 unanswerable declined). Eleven answers read
differently from the check. Four passed that are not right when read: the single most expensive call of October and
the slowest request yesterday come as the cost and the latency alone, without the call or the model asked for
(partial when read); "Median latency this week: ___ ms (last week: ___ ms)" came back with this week's 710 ms only,
which lies within 1 % of last week's 709 ms too (partial when read: the two figures cannot be told apart, a weakness of
this question); and "the error rate on 03.11.2026" came back as the last 7 days' error rate with a rate per model, of
which gpt-4o's 6.8 % meets 3 November's 6.73 % (substituted when read). Average daily spend "so far in November, and
... in October" was scored correct but fails the 8 %-off control: it gives November's mean per day over its 20
calendar days and then each day's spend, whose $10.51 and $10.56 meet October's $10.55 and whose $11.04 and $11.35 meet
the 8 %-off figures (partial when read: October is not there). Five were scored partial that are substitutions when
read: 1 September 2026 alone for the whole of September (its 40 distinct users are the month's too); two answers of one
day whose header says "1 UTC day(s)" (10 November for the quality spread, Sunday 15 November for last week's template),
a "1" that meets any quality score within half a unit; the calls per hour of the last 7 days instead of 19 November,
an hour's 21 requests meeting 21.1 per hour; and gpt-4o's mean latency over the last 7 days, 1,197 ms, within 1 % of
its 1-15 November mean. KW 44 per provider "in EUR if you can, otherwise in USD" was scored declined (the euros are
declined in words) and is substituted when read: the dollar figures that follow are the last 7 days', not KW 44's. By
family, in a user's words: explicit dates are shrunk to their first or last day ("1 September 2026 to 30 September
2026 inclusive" as 1 September, "16 October to 31 October 2026 inclusive" as 16 October, "last week (Mon 9 - Sun 15
Nov)" as Sunday 15 November), and dates written day first or as ISO weeks are not read at all ("01.10.2026 to
15.10.2026", "03.11.2026", "19.11. between 08:00 and 18:00", "from 01/11 to 15/11, versus 16/10 to 31/10", "KW 41 and
KW 40", "KW 44 (26.10.-01.11.)": the last 7 or 14 days each time); a measure of spread is left out or refused ("the
mean latency and its standard deviaton" as the mean, the standard deviation of October's 31 daily totals as their
mean and list, "p25, p75 and the interquartile range" without the range, "mean vs median cost per call" as the
median, "p10, p50, p90 and p99" of TTFT as p50 and p95, the 10th percentile of quality read as latency and declined);
a share under a line or a threshold on one call's cost is not read ("support-bot calls ... with a TTFT under 200ms"
as TTFT p50 and p95, "calls ... [that] cost more than $0.10 each" as October's summary), though counts over and
under a latency line are (">3s", "slower than 1s", "under 500ms" were right); one ask of several goes missing ("spend
on successful calls" beside the failed calls' and the total, "between 1s and 4s, and ... over 4s" beside "under 1s",
"what one of its calls costs on average" beside the sales-agent's calls, October beside November's average day,
Anthropic, Google and Groq beside OpenAI in yesterday's template line); a template's blanks are read as another
grouping or a summary ("___ distinct users across ___ sessions" as distinct users per session, "Tokens processed ...
___ input / ___ output" as a summary without tokens, "the number of events on record for each provider" as the help
text), and the VP's "cheapest per call and ... most expensive" model is the cost per call of all traffic; and two
things the events do not hold (users' age brackets, personal data in prompts) are answered with mean quality by user
per day and tokens per request by workload, not said to be missing.

Before commit every expected figure was printed from this file's SQL over the test store (none is zero or NaN) and
each figure's readings were checked against the 8 %-off control: no reading of a figure lies within tolerance of
another reading times 1.08, and every question has a figure none of whose readings (as an answer would display them)
lies within tolerance of any of the question's figures times 1.08. Display rounding was counted: the mean cost per
call of gemini-2.0-flash (~$0.0014) and of llama-3.1-8b-instant (~$0.0008), shown to four decimals, meet their own
figures times 1.08, so the questions that ask for them carry other figures (sonnet's and gpt-4o's costs per call);
summarization's p95 times 1.08 lies within 1 % of agent's p95, and the other task types distinguish. For that reason
some asks were moved while writing: the performance engineer's line was ">5s" (13 or 15 calls in 7 days, a share of
0.38 % over 7 x 24 hours against 0.44 % over the 7 whole days, the one within 0.05 points of the other times 1.08) and
is ">3s" (122 or 127 calls, ~3.6 %); the count by model was "over 2000 ms" (gemini-2.0-flash 2 or 3 calls,
llama-3.1-8b-instant 1, gpt-4o-mini 24 or 22) and is "slower than 1s" (llama-3.1-8b-instant 33 or 29, the smallest);
p95 per task type was over the last 7 days (classification 842 ms over the whole days, 889 and 902 ms over the other
readings) and is over the last 30; code-review's buckets were "this week" (over 4s: 19 since Monday, 28 and 30 over the
7-day readings) and are "since monday", one reading; the calendar weeks were KW 46 against KW 45 (a change of +0.5 %,
within 0.3 points of itself times 1.08) and are KW 41 against KW 40 (+7.0 %, the largest week-on-week change the store
holds); and the quality spread asked for the minimum and maximum (0.6 and 1, which an answer shows as "0.6" and "1"
and which then meet any quality figure near them) and asks for the 10th and 90th percentiles. No call sits on a line a
user names: no cost is exactly $0.10 and no latency or TTFT exactly 500, 1,000, 3,000 or 4,000 ms or 200 ms (both
are stored as floats), so "more than" and "at least", "under" and "at most" give the same counts.

The store and its machinery are the first number set's (`make_number_events`, `Sql`, the tolerances), the helpers
the seventh's and sixteenth's. NOW is Friday 2026-11-20 12:00 UTC; the events start on Sunday 30 August about noon,
so September and October are whole months. Monday of this week is 16 November. ISO calendar weeks of 2026 start on
Monday 29 December 2025, so KW 40 is Monday 28 September to Sunday 4 October, KW 41 5 to 11 October, KW 44 26 October
to 1 November and KW 46 9 to 15 November. Providers: openai (gpt-4o, gpt-4o-mini), anthropic (claude-3-5-haiku,
claude-3-5-sonnet), google (gemini-2.0-flash), groq (llama-3.1-8b-instant); task types: chat (support-bot),
summarization (doc-summarizer), code (code-review), rag (search-rag), classification (ticket-classifier) and agent
(sales-agent). Every expected figure is computed here by this file's own parameterised SQL over one org's raw events
(never netra_core's analytics). Tolerances: money 0.5 % (totals, breakdowns, the dearest call, spend per day), 1 %
(unit costs: mean and median cost per call; the standard deviation of daily spend); percentages 0.05 points (rates
and shares), the change between two weeks 0.3 points (compared by size); latency and TTFT 1 % (quantiles, the mean,
the standard deviation, the interquartile range, the slowest call), the p99 2 %; counts exact (calls, events, tokens,
users, sessions); calls per hour 1 %; quality scores 0.002 (mean, p10, p90, standard deviation). Where a phrase has
more than one fair reading, each is an accepted alternative of each figure (the most literal first):

- "1 September 2026 to 30 September 2026 inclusive" / "between 1 and 31 October 2026" / "1-15 November 2026
  inclusive" / "16 October to 31 October 2026 inclusive" / "01.10.2026 to 15.10.2026, both days inclusive" / "01/11
  to 15/11" / "16/10 to 31/10": whole UTC days, the last one included (one reading); "October 2026" / "Oct" /
  "September": the whole month; "03.11.2026": 3 November; "yesterday": 19 November;
- "KW 41", "KW 40", "KW 44 (26.10.-01.11.)": the ISO weeks above, Monday to Monday (one reading); "19.11. between
  08:00 and 18:00 UTC": 08:00 to 18:00 on 19 November, and "per hour on average" its calls over 10;
- "the last 30 days" / "the past 14 days" / "the last 7 days": the N x 24 hours before now, the N whole days before
  today, or the N calendar days ending today (the calendar reading only for rates, means, shares, unit costs,
  standard deviations and quantiles, not for sums and counts);
- "this month" / "month to date" / "so far this month": 1 November 00:00 to now, or to today 00:00; "average daily
  spend so far in November": November to now over 19.5 days or over 20 calendar days, or to today over 19 days; "what
  was it in October": October's spend over 31;
- "last week (Mon 9 - Sun 15 Nov)" / "same week (9-15 Nov)": Monday 9 to Monday 16 November (one reading); "last week"
  on its own (the failed calls): that week, or the last 7 x 24 hours, or the 7 whole days before today; "median latency
  this week ... (last week ...)": this week Monday 16 November to now or any reading of the last 7 days, last week
  Monday 9 to Monday 16 November, the same point of it (to Friday 13 November 12:00), or the 7 x 24 hours before the
  last 7 x 24 hours; "since monday": Monday 16 November 00:00 to now (one reading);
- "standard deviation" / "standard deviaton": of the population or of the sample (both accepted); "the standard
  deviation of daily spend": over the 31 daily totals of October; "mean latency" / "average latency": the arithmetic
  mean; "p25", "p75", "p10", "p50", "p90", "p99": exact, interpolated quantiles (of latency, of TTFT, of the quality
  score); "the interquartile range": p75 less p25; "mean vs median cost per call": spend over calls, and the median of
  the calls' costs;
- "reqs taking >3s": latency above 3,000 ms, and their share of all calls; "came back in under 500ms": latency below
  500 ms, as a share of each provider's calls; "a TTFT under 200ms": below 200 ms, as a share of support-bot's
  October calls; "slower than 1s": above 1,000 ms; "under 1s ... between 1s and 4s ... over 4s": below 1,000 ms, 1,000
  to 4,000 ms, above 4,000 ms; "slowest single request": the largest latency of one call (its model is not checked);
- "cost more than $0.10 each": a call's cost above $0.10, and those calls' spend; "the single most expensive call":
  the largest cost of one call (its model is not checked); "spend on successful calls" / "on failed calls": status ok
  and status not ok; "events on record": calls; "prompt tokens" / "input" and "completion tokens" / "output": their
  sums; "distinct users" / "sessions": distinct user and session ids;
- "Avg quality score": the mean score of the calls that carry one; "Error rate": failed calls over all calls; "Top
  workload by spend": its spend and its share of the week's spend (its name is not checked); "Failed calls ... of
  which ... timeouts and ... rate limits": failed calls, and failed calls per error type;
- "what one of its calls costs on average": spend over calls; "cheapest per call and ... most expensive": spend over
  calls of the models at both ends (their names are not checked); "the change between the two weeks in %": KW 41's
  spend over KW 40's, less one; "in EUR if you can, otherwise in USD": the dollar figures (a euro figure is not
  checked).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from statistics import mean as average
from statistics import pstdev, stdev

from tests.agents.builders import NOW
from tests.agents.number_scoring import Figure, Outcome
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
    rolling,
)
from tests.agents.question_set_numbers16 import mean, shares, unit_cost

OCT: list[Window] = [(OCTOBER, MONTH)]
SEPT: list[Window] = [(SEPTEMBER, OCTOBER)]
YDAY: list[Window] = [(YESTERDAY, TODAY)]
SUMMED_7D: list[Window] = rolling(7)[:2]
SUMMED_14D: list[Window] = rolling(14)[:2]
SUMMED_30D: list[Window] = rolling(30)[:2]
CALENDAR_LAST_WEEK: list[Window] = [(LAST_MONDAY, THIS_MONDAY)]  # "Mon 9 - Sun 15 Nov", "KW 46"
# "last week" for sums and counts: Monday 9 to Monday 16 November, or the 7 x 24 hours, or the 7 whole days.
LAST_WEEK: list[Window] = [*CALENDAR_LAST_WEEK, *SUMMED_7D]
SINCE_MONDAY: list[Window] = [(THIS_MONDAY, NOW)]

PROVIDER = "provider = {p:String}"
FAILED = "status != 'ok'"
OK = "status = 'ok'"
LATENCY = "toFloat64(latency_ms)"
SD_LATENCY = (f"stddevPop({LATENCY})", f"stddevSamp({LATENCY})")
SD_QUALITY = ("stddevPopIf(quality, quality IS NOT NULL)", "stddevSampIf(quality, quality IS NOT NULL)")
PROMPT_TOKENS = "sum(prompt_tokens)"
COMPLETION_TOKENS = "sum(completion_tokens)"
PRICEY = 0.10  # dollars a call: October's dearest calls (sonnet, gpt-4o) go up to ~$0.35
SLOW_MS = 3000  # "more than 3s": about 3.6 % of the calls, nearly all sonnet and gpt-4o
SLOW_BY_MODEL_MS = 1000  # "slower than 1s": every model has some (llama ~30 in 14 days)
FAST_MS = 500  # "under 500ms"
FAST_TTFT_MS = 200  # "TTFT under 200ms"


def sd_money(label: str, values: Sequence[float]) -> Figure:
    """A standard deviation of daily spend (population or sample): 1 %."""
    return money(label, values, rel=0.01)


def sd_pair(s: Sql, exprs: tuple[str, str], windows: Sequence[Window], where: str = "1") -> list[float]:
    """A standard deviation over each window reading, the population's first, then the sample's."""
    return [v for a, b in windows for v in (s.one(exprs[0], a, b, where), s.one(exprs[1], a, b, where))]


def at(d: int, hour: int) -> datetime:
    """A UTC hour of a November day."""
    return datetime(2026, 11, d, hour, tzinfo=UTC)


# --- the internal auditor -------------------------------------------------------------------------------------------


def _au_september_totals(s: Sql) -> list[Figure]:
    return [
        money("spend", one(s, SPEND, SEPT)),
        count("calls", one(s, REQUESTS, SEPT)),
        count("users", one(s, "uniqExact(user_id)", SEPT)),
    ]


def _au_october_reconcile(s: Sql) -> list[Figure]:
    return [
        money("successful", one(s, SPEND, OCT, OK)),
        money("failed", one(s, SPEND, OCT, FAILED)),
        money("total", one(s, SPEND, OCT)),
    ]


def _au_priciest_call(s: Sql) -> list[Figure]:
    return [money("dearest call", one(s, "max(cost_usd)", OCT))]


def _au_over_ten_cents(s: Sql) -> list[Figure]:
    dear = f"cost_usd > {PRICEY}"
    return [count("calls", one(s, REQUESTS, OCT, dear)), money("their cost", one(s, SPEND, OCT, dear))]


def _au_provider_counts(s: Sql) -> list[Figure]:
    return each(count, per_group(s, "provider", REQUESTS, [(MONTH, day(11, 16))]))


def _au_tokens_october(s: Sql) -> list[Figure]:
    return [count("prompt", one(s, PROMPT_TOKENS, OCT)), count("completion", one(s, COMPLETION_TOKENS, OCT))]


def _au_workloads_late_october(s: Sql) -> list[Figure]:
    window = [(day(10, 16), MONTH)]
    return [*each(money, per_group(s, "workload", SPEND, window)), money("total", one(s, SPEND, window))]


# --- the statistician -----------------------------------------------------------------------------------------------


def _st_latency_sd(s: Sql) -> list[Figure]:
    return [
        ms("mean", one(s, MEAN_LATENCY, rolling(30))),
        ms("standard deviation", sd_pair(s, SD_LATENCY, rolling(30))),
    ]


def _st_sonnet_iqr(s: Sql) -> list[Figure]:
    p25 = one(s, q(0.25), MTD, MODEL, m="claude-3-5-sonnet")
    p75 = one(s, q(0.75), MTD, MODEL, m="claude-3-5-sonnet")
    return [ms("p25", p25), ms("p75", p75), ms("IQR", [b - a for a, b in zip(p25, p75, strict=True)])]


def _st_cost_mean_median(s: Sql) -> list[Figure]:
    means = per_group(s, "model", PER_REQUEST, rolling(30))
    medians = per_group(s, "model", q(0.5, "cost_usd"), rolling(30))
    return [
        *(unit_cost(f"{m} mean", v) for m, v in means.items()),
        *(unit_cost(f"{m} median", v) for m, v in medians.items()),
    ]


def _st_quality_spread(s: Sql) -> list[Figure]:
    return [
        quality("p10", one(s, q(0.1, "quality"), OCT)),
        quality("p90", one(s, q(0.9, "quality"), OCT)),
        quality("mean", one(s, QUALITY, OCT)),
        quality("standard deviation", sd_pair(s, SD_QUALITY, OCT)),
    ]


def _st_ttft_quantiles(s: Sql) -> list[Figure]:
    return [
        ms("p10", one(s, q(0.1, "ttft_ms"), rolling(14))),
        ms("p50", one(s, q(0.5, "ttft_ms"), rolling(14))),
        ms("p90", one(s, q(0.9, "ttft_ms"), rolling(14))),
        ms("p99", one(s, q(0.99, "ttft_ms"), rolling(14)), rel=0.02),
    ]


def _st_daily_spend_sd(s: Sql) -> list[Figure]:
    daily = list(s.by("toDate(ts)", SPEND, OCTOBER, MONTH).values())
    return [money("mean per day", [average(daily)]), sd_money("standard deviation", [pstdev(daily), stdev(daily)])]


# --- the performance engineer ---------------------------------------------------------------------------------------


def _pe_over_3s(s: Sql) -> list[Figure]:
    slow = f"latency_ms > {SLOW_MS}"
    return [
        count("calls over 3s", one(s, REQUESTS, SUMMED_7D, slow)),
        pct("share", one(s, f"100 * countIf({slow}) / count()", rolling(7))),
    ]


def _pe_under_500_by_provider(s: Sql) -> list[Figure]:
    return each(pct, per_group(s, "provider", f"100 * countIf(latency_ms < {FAST_MS}) / count()", MTD))


def _pe_support_ttft_under_200(s: Sql) -> list[Figure]:
    share = f"100 * countIf(ttft_ms < {FAST_TTFT_MS}) / count()"
    return [pct("under 200ms", one(s, share, OCT, WORKLOAD, w="support-bot"))]


def _pe_slowest_yesterday(s: Sql) -> list[Figure]:
    return [ms("slowest", one(s, f"max({LATENCY})", YDAY))]


def _pe_over_1s_by_model(s: Sql) -> list[Figure]:
    return each(count, per_group(s, "model", REQUESTS, SUMMED_14D, f"latency_ms > {SLOW_BY_MODEL_MS}"))


def _pe_p95_by_task(s: Sql) -> list[Figure]:
    return each(ms, per_group(s, "task_type", q(0.95), rolling(30)))


def _pe_code_review_buckets(s: Sql) -> list[Figure]:
    buckets = {
        "under 1s": "latency_ms < 1000",
        "1s to 4s": "latency_ms >= 1000 AND latency_ms <= 4000",
        "over 4s": "latency_ms > 4000",
    }
    return [
        count(label, one(s, REQUESTS, SINCE_MONDAY, f"{WORKLOAD} AND {cond}", w="code-review"))
        for label, cond in buckets.items()
    ]


# --- the intern filling in the weekly report ------------------------------------------------------------------------


def _in_weekly_headline(s: Sql) -> list[Figure]:
    return [
        money("spend", one(s, SPEND, CALENDAR_LAST_WEEK)),
        count("calls", one(s, REQUESTS, CALENDAR_LAST_WEEK)),
        pct("error rate", one(s, ERROR_RATE, CALENDAR_LAST_WEEK)),
        quality("quality", one(s, QUALITY, CALENDAR_LAST_WEEK)),
    ]


def _in_top_workload(s: Sql) -> list[Figure]:
    spend = per_group(s, "workload", SPEND, CALENDAR_LAST_WEEK)
    top = max(spend, key=lambda w: spend[w][0])
    return [money("top workload", spend[top]), pct("its share", shares(spend)[top])]


def _in_median_this_vs_last(s: Sql) -> list[Figure]:
    return [ms("this week", one(s, q(0.5), THIS_WEEK)), ms("last week", one(s, q(0.5), PREVIOUS_WEEK))]


def _in_users_sessions_mtd(s: Sql) -> list[Figure]:
    return [
        count("users", one(s, "uniqExact(user_id)", MTD)),
        count("sessions", one(s, "uniqExact(session_id)", MTD)),
    ]


def _in_provider_spend_yesterday(s: Sql) -> list[Figure]:
    return each(money, per_group(s, "provider", SPEND, YDAY))


def _in_failures_last_week(s: Sql) -> list[Figure]:
    return [
        count("failed", one(s, REQUESTS, LAST_WEEK, FAILED)),
        *each(count, per_group(s, "error_type", REQUESTS, LAST_WEEK, FAILED)),
    ]


def _in_tokens_30d(s: Sql) -> list[Figure]:
    return [
        count("input", one(s, PROMPT_TOKENS, SUMMED_30D)),
        count("output", one(s, COMPLETION_TOKENS, SUMMED_30D)),
    ]


# --- the executive assistant relaying questions ---------------------------------------------------------------------


def _ea_doc_summarizer_september(s: Sql) -> list[Figure]:
    return [money("doc-summarizer", one(s, SPEND, SEPT, WORKLOAD, w="doc-summarizer"))]


def _ea_sales_agent_mtd(s: Sql) -> list[Figure]:
    return [
        count("calls", one(s, REQUESTS, MTD, WORKLOAD, w="sales-agent")),
        unit_cost("per call", one(s, PER_REQUEST, MTD, WORKLOAD, w="sales-agent")),
    ]


def _ea_provider_errors(s: Sql) -> list[Figure]:
    return [
        pct("anthropic", one(s, ERROR_RATE, rolling(30), PROVIDER, p="anthropic")),
        pct("openai", one(s, ERROR_RATE, rolling(30), PROVIDER, p="openai")),
    ]


def _ea_cheapest_dearest(s: Sql) -> list[Figure]:
    per_call = per_group(s, "model", PER_REQUEST, rolling(30))
    cheapest = min(per_call, key=lambda m: per_call[m][0])
    dearest = max(per_call, key=lambda m: per_call[m][0])
    return [unit_cost("cheapest", per_call[cheapest]), unit_cost("dearest", per_call[dearest])]


def _ea_code_review_yesterday(s: Sql) -> list[Figure]:
    return [
        count("calls", one(s, REQUESTS, YDAY, WORKLOAD, w="code-review")),
        count("failed", one(s, REQUESTS, YDAY, f"{WORKLOAD} AND {FAILED}", w="code-review")),
    ]


def _ea_daily_average(s: Sql) -> list[Figure]:
    to_now, to_today = one(s, SPEND, MTD)
    return [
        money("November per day", [to_now / 19.5, to_now / 20, to_today / 19]),
        money("October per day", [v / 31 for v in one(s, SPEND, OCT)]),
    ]


def _ea_quality_two_workloads(s: Sql) -> list[Figure]:
    return [
        quality("search-rag", one(s, QUALITY, rolling(7), WORKLOAD, w="search-rag")),
        quality("ticket-classifier", one(s, QUALITY, rolling(7), WORKLOAD, w="ticket-classifier")),
    ]


# --- the operations manager in Europe -------------------------------------------------------------------------------


def _eu_kw41_vs_kw40(s: Sql) -> list[Figure]:
    kw41 = s.one(SPEND, day(10, 5), day(10, 12))
    kw40 = s.one(SPEND, day(9, 28), day(10, 5))
    return [money("KW 41", [kw41]), money("KW 40", [kw40]), change("change", [(kw41, kw40)])]


def _eu_calls_per_workload(s: Sql) -> list[Figure]:
    return each(count, per_group(s, "workload", REQUESTS, [(OCTOBER, day(10, 16))]))


def _eu_error_rate_0311(s: Sql) -> list[Figure]:
    return [pct("error rate", one(s, ERROR_RATE, [(day(11, 3), day(11, 4))]))]


def _eu_calls_per_hour(s: Sql) -> list[Figure]:
    calls = one(s, REQUESTS, [(at(19, 8), at(19, 18))])
    return [count("calls", calls), mean("per hour", [calls[0] / 10])]


def _eu_gpt4o_mean_latency(s: Sql) -> list[Figure]:
    return [
        ms("1-15 Nov", one(s, MEAN_LATENCY, [(MONTH, day(11, 16))], MODEL, m="gpt-4o")),
        ms("16-31 Oct", one(s, MEAN_LATENCY, [(day(10, 16), MONTH)], MODEL, m="gpt-4o")),
    ]


def _eu_provider_kw44(s: Sql) -> list[Figure]:
    return each(money, per_group(s, "provider", SPEND, [(day(10, 26), day(11, 2))]))


QUESTIONS: list[NumberQuestion] = [
    # the internal auditor
    NumberQuestion(
        "au_september_totals",
        "For the audit file, please confirm three figures for the period 1 September 2026 to 30 September 2026 "
        "inclusive: (1) total spend, (2) total number of calls, (3) number of distinct users.",
        "totals",
        _au_september_totals,
    ),
    NumberQuestion(
        "au_october_reconcile",
        "I need to reconcile October 2026. Please give me the spend on successful calls, the spend on failed calls, "
        "and the total spend for the month. The first two should add up to the third.",
        "reconciliation",
        _au_october_reconcile,
    ),
    NumberQuestion(
        "au_priciest_call",
        "What was the single most expensive call recorded in October 2026, and what did it cost?",
        "extreme",
        _au_priciest_call,
    ),
    NumberQuestion(
        "au_over_ten_cents",
        "How many calls between 1 and 31 October 2026 cost more than $0.10 each, and what did those calls cost in "
        "total?",
        "threshold",
        _au_over_ten_cents,
    ),
    NumberQuestion(
        "au_provider_counts",
        "Please confirm the number of events on record for each provider for 1-15 November 2026 inclusive.",
        "counts",
        _au_provider_counts,
    ),
    NumberQuestion(
        "au_tokens_october",
        "Total prompt tokens and total completion tokens recorded for October 2026, stated separately please.",
        "tokens",
        _au_tokens_october,
    ),
    NumberQuestion(
        "au_workloads_late_october",
        "Spend per workload for the period 16 October to 31 October 2026 inclusive, together with the grand total "
        "for that period.",
        "breakdown",
        _au_workloads_late_october,
    ),
    NumberQuestion(
        "au_purchase_order",
        "Which purchase order number is our October OpenAI spend booked against?",
        "unanswerable",
        None,
    ),
    # the statistician
    NumberQuestion(
        "st_latency_sd",
        "over the last 30 days, whats the mean latency and its standard deviaton?",
        "dispersion",
        _st_latency_sd,
    ),
    NumberQuestion(
        "st_sonnet_iqr",
        "claude-3-5-sonnet latency this month: p25, p75 and the interquartile range pls",
        "dispersion",
        _st_sonnet_iqr,
    ),
    NumberQuestion(
        "st_cost_mean_median",
        "mean vs median cost per call, by model, last 30 days. curious how skewed each one is",
        "dispersion",
        _st_cost_mean_median,
    ),
    NumberQuestion(
        "st_quality_spread",
        "How spread out were the quality scores in October? I'd like the 10th and 90th percentiles, the "
        "mean and the standard deviation.",
        "dispersion",
        _st_quality_spread,
    ),
    NumberQuestion(
        "st_ttft_quantiles",
        "ttft distribution over the past 14 days -- p10, p50, p90 and p99",
        "ttft",
        _st_ttft_quantiles,
    ),
    NumberQuestion(
        "st_daily_spend_sd",
        "Treating each day of October as one observation (31 daily spend totals), what are the mean and the standard "
        "deviation of daily spend?",
        "dispersion",
        _st_daily_spend_sd,
    ),
    NumberQuestion(
        "st_age_brackets",
        "can you break October's mean quality score down by user age bracket (18-24, 25-34, 35-44, 45+)? want to "
        "see if there's a trend",
        "unanswerable",
        None,
    ),
    # the performance engineer
    NumberQuestion(
        "pe_over_3s",
        "reqs taking >3s in the last 7 days: how many, and what % of all reqs is that?",
        "latency threshold",
        _pe_over_3s,
    ),
    NumberQuestion(
        "pe_under_500_by_provider",
        "share of calls that came back in under 500ms, per provider, month to date",
        "latency threshold",
        _pe_under_500_by_provider,
    ),
    NumberQuestion(
        "pe_support_ttft_under_200",
        "What fraction of support-bot calls in Oct had a TTFT under 200ms?",
        "latency threshold",
        _pe_support_ttft_under_200,
    ),
    NumberQuestion(
        "pe_slowest_yesterday",
        "slowest single request yesterday -- how many ms and which model?",
        "latency",
        _pe_slowest_yesterday,
    ),
    NumberQuestion(
        "pe_over_1s_by_model",
        "count of requests slower than 1s by model, past 14 days",
        "latency threshold",
        _pe_over_1s_by_model,
    ),
    NumberQuestion(
        "pe_p95_by_task",
        "p95 latency per task type over the last 30 days? want to see which ones are above 2.5s",
        "latency",
        _pe_p95_by_task,
    ),
    NumberQuestion(
        "pe_code_review_buckets",
        "code-review since monday: how many calls finished under 1s, how many between 1s and 4s, and how many took "
        "over 4s?",
        "latency threshold",
        _pe_code_review_buckets,
    ),
    # the intern filling in the weekly report
    NumberQuestion(
        "in_weekly_headline",
        "hi! can you fill in this template for last week (Mon 9 - Sun 15 Nov)?\n"
        "Total spend: $___ | Total calls: ___ | Error rate: ___% | Avg quality score: ___",
        "report",
        _in_weekly_headline,
    ),
    NumberQuestion(
        "in_top_workload",
        "Next line of the same report, same week (9-15 Nov): 'Top workload by spend was ____ at $____ (____% of "
        "total spend).'",
        "report",
        _in_top_workload,
    ),
    NumberQuestion(
        "in_median_this_vs_last",
        "please fill the blanks: 'Median latency this week: ___ ms (last week: ___ ms)'",
        "report",
        _in_median_this_vs_last,
    ),
    NumberQuestion(
        "in_users_sessions_mtd",
        "For the monthly section: 'So far this month we have served ___ distinct users across ___ sessions.'",
        "report",
        _in_users_sessions_mtd,
    ),
    NumberQuestion(
        "in_provider_spend_yesterday",
        "Daily line, for yesterday: 'Spend by provider: OpenAI $__, Anthropic $__, Google $__, Groq $__'",
        "report",
        _in_provider_spend_yesterday,
    ),
    NumberQuestion(
        "in_failures_last_week",
        "'Failed calls last week: ___ (of which ___ timeouts and ___ rate limits)' -- can u fill that one in too",
        "report",
        _in_failures_last_week,
    ),
    NumberQuestion(
        "in_tokens_30d",
        "last blank of the report: 'Tokens processed in the last 30 days: ___ input / ___ output'",
        "report",
        _in_tokens_30d,
    ),
    NumberQuestion(
        "in_api_keys",
        "'New API keys issued this week: ___' -- what number goes there?",
        "unanswerable",
        None,
    ),
    # the executive assistant relaying questions
    NumberQuestion(
        "ea_doc_summarizer_september",
        'Priya in finance asked me: "how much did the doc-summarizer cost us in September?" What should I tell her?',
        "relayed",
        _ea_doc_summarizer_september,
    ),
    NumberQuestion(
        "ea_sales_agent_mtd",
        "My manager needs two numbers for her 1:1 with the CTO: how many calls the sales-agent has made so far this "
        "month, and what one of its calls costs on average.",
        "relayed",
        _ea_sales_agent_mtd,
    ),
    NumberQuestion(
        "ea_provider_errors",
        "Forwarding a question from Tom on the platform team: 'what's anthropic's error rate over the last 30 days, "
        "compared with openai's?'",
        "relayed",
        _ea_provider_errors,
    ),
    NumberQuestion(
        "ea_cheapest_dearest",
        "The VP asked me which of our models is the cheapest per call and which is the most expensive, looking at "
        "the last 30 days. Could you give me both, with the cost per call of each?",
        "relayed",
        _ea_cheapest_dearest,
    ),
    NumberQuestion(
        "ea_code_review_yesterday",
        "Jamie wants to know how many calls code-review handled yesterday and how many of those failed.",
        "relayed",
        _ea_code_review_yesterday,
    ),
    NumberQuestion(
        "ea_daily_average",
        "Sam is building the board deck and asks: \"what's our average daily spend so far in November, and what was "
        'it in October?"',
        "relayed",
        _ea_daily_average,
    ),
    NumberQuestion(
        "ea_quality_two_workloads",
        "quick one from our Head of Product - what's the average quality score of search-rag and of "
        "ticket-classifier over the last 7 days?",
        "relayed",
        _ea_quality_two_workloads,
    ),
    NumberQuestion(
        "ea_pii",
        "Ana from legal wants to know how many of last month's calls had personal data such as email addresses or "
        "phone numbers in the prompt.",
        "unanswerable",
        None,
    ),
    # the operations manager in Europe
    NumberQuestion(
        "eu_kw41_vs_kw40",
        "Costs for KW 41 and KW 40 please, and the change between the two weeks in %.",
        "calendar week",
        _eu_kw41_vs_kw40,
    ),
    NumberQuestion(
        "eu_calls_per_workload",
        "Number of calls per workload from 01.10.2026 to 15.10.2026, both days inclusive.",
        "day-first dates",
        _eu_calls_per_workload,
    ),
    NumberQuestion(
        "eu_error_rate_0311",
        "What was the error rate on 03.11.2026?",
        "day-first dates",
        _eu_error_rate_0311,
    ),
    NumberQuestion(
        "eu_calls_per_hour",
        "On 19.11. between 08:00 and 18:00 UTC: how many calls did we have in total, and how many per hour on average?",
        "day-first dates",
        _eu_calls_per_hour,
    ),
    NumberQuestion(
        "eu_gpt4o_mean_latency",
        "Average latency of gpt-4o from 01/11 to 15/11, versus 16/10 to 31/10?",
        "day-first dates",
        _eu_gpt4o_mean_latency,
    ),
    NumberQuestion(
        "eu_provider_kw44",
        "Costs per provider in KW 44 (26.10.-01.11.), in EUR if you can, otherwise in USD.",
        "calendar week",
        _eu_provider_kw44,
    ),
    NumberQuestion(
        "eu_fx_invoice",
        "What was the October total in euros at the exchange rate on our OpenAI invoice?",
        "unanswerable",
        None,
    ),
]

# The outcome of every question on the first run, as read by a person (where the check differs, the docstring says).
FIRST_RUN: dict[str, Outcome] = {
    "au_september_totals": "substituted",
    "au_october_reconcile": "partial",
    "au_priciest_call": "partial",
    "au_over_ten_cents": "substituted",
    "au_provider_counts": "declined",
    "au_tokens_october": "correct",
    "au_workloads_late_october": "substituted",
    "au_purchase_order": "declined",
    "st_latency_sd": "partial",
    "st_sonnet_iqr": "partial",
    "st_cost_mean_median": "partial",
    "st_quality_spread": "substituted",
    "st_ttft_quantiles": "partial",
    "st_daily_spend_sd": "partial",
    "st_age_brackets": "substituted",
    "pe_over_3s": "correct",
    "pe_under_500_by_provider": "correct",
    "pe_support_ttft_under_200": "substituted",
    "pe_slowest_yesterday": "partial",
    "pe_over_1s_by_model": "correct",
    "pe_p95_by_task": "correct",
    "pe_code_review_buckets": "partial",
    "in_weekly_headline": "substituted",
    "in_top_workload": "correct",
    "in_median_this_vs_last": "partial",
    "in_users_sessions_mtd": "substituted",
    "in_provider_spend_yesterday": "partial",
    "in_failures_last_week": "correct",
    "in_tokens_30d": "substituted",
    "in_api_keys": "declined",
    "ea_doc_summarizer_september": "correct",
    "ea_sales_agent_mtd": "partial",
    "ea_provider_errors": "correct",
    "ea_cheapest_dearest": "substituted",
    "ea_code_review_yesterday": "correct",
    "ea_daily_average": "partial",
    "ea_quality_two_workloads": "correct",
    "ea_pii": "substituted",
    "eu_kw41_vs_kw40": "substituted",
    "eu_calls_per_workload": "substituted",
    "eu_error_rate_0311": "substituted",
    "eu_calls_per_hour": "substituted",
    "eu_gpt4o_mean_latency": "substituted",
    "eu_provider_kw44": "substituted",
    "eu_fx_invoice": "declined",
}

# The questions that fail today, each with its outcome as scored: a strict xfail in the test. When a fix makes one pass
# it shows as XPASS and fails the run: delete its line here and in WHY (FIRST_RUN stays as the historical record).
KNOWN_FAILURES: dict[str, Outcome] = {
    "ea_daily_average": "partial",
}

# Why each known failure fails, in one line (the xfail's reason).
WHY: dict[str, str] = {
    "ea_daily_average": "November's mean per day and its daily list, no October (the list meets its 8 %-off figures)",
}
