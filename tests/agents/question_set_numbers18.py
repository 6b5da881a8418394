"""An eighteenth blind, number-checked question set: 40 questions the store can answer and 5 it cannot.

Written without reading the planner, in the voice of six new users: a security and compliance reviewer doing an access
review (calls "between 00:00 and 06:00 UTC" over 30 days and their share, the single user account with the most calls
this past week "and that account's share", calls per provider "over the weekend of 14-15 November", rate limit errors
yesterday against the same day a week earlier, sessions in October "with more than 35 calls", the five users who
received the most completion tokens in October, the calls "between 18:00 yesterday and 06:00 today UTC"); a
customer-success manager preparing a quarterly business review for one customer whose traffic is user u12 (its spend and
calls this month, October against September "in dollars and percent", its error rate "compared with everyone else's",
its spend per workload in October, its calls per model in October, its quality last week and this week so far); a
chargeback coordinator who defines three teams by their workloads in every message and bills them (each team's October
charge, a $1,200 platform fee "split across workloads in proportion to their token usage", the support team's average
per day this month, engineering's October bill by provider, growth's share of the last 30 days' spend, October charges
"for successful calls only", the support team's last week by model); a release manager comparing before and after
"release 4.2, rolled out on Tuesday 17 November at 14:00 UTC" (the error rate in the 48 hours on either side, p95
latency "since the rollout compared with the same length of time right before it", doc-summarizer's average input tokens
per call in the 7 days before against since (a new prompt template), mean quality on 10-12 against 18-19 November,
timeouts in the 24 hours after against before, the calls and failures "between 14:00 and 18:00 UTC" that day); a pricing
analyst setting customer prices from our costs (support-bot's cost per call "and the price at cost plus 35%", blended
cost per million tokens per workload, code-review in September "at a flat $0.03 per call" against what the calls cost
"and the difference", the shares of October's calls under a cent, between one and five cents, and over five cents,
sales-agent's median and 90th-percentile cost per call this month, the heaviest user's October spend against the average
user's, gpt-4o's October calls "billed at gpt-4o-mini's average cost per call" against what they cost); and someone
dictating to a phone, numbers spelled out and no punctuation ("from november first through november seventh", "the p
ninety five latency for claude three five sonnet over the last fourteen days", "how many errors did the doc summarizer
have yesterday and what percent of its calls", "completion tokens for gemini two point oh flash in october", "which two
workloads spent the most over the last thirty days", "median time to first token for gpt four o mini this month", "calls
took longer than two seconds in the last seven days"). The five unanswerable ones ask for what the events do not hold:
the IP addresses and countries a user's calls came from, a customer's contract renewal date and annual contract value,
the errors of calls with a feature flag switched on, free-tier against paid-tier users' calls, and the images generated
last week.

First run on fa29798 (this set committed at 3ab8e21 before it was asked). As scored by the check: correct 19, partial 7,
substituted 7, declined 12 over the 45; 24 passed: 19/40 answerable correct (none fails the 8 %-off control) and 5/5
unanswerable declined; of the answerable, 7 partial, 7 substituted and 7 declined (see FIRST_RUN). Every answer read by
hand: 18/40 answerable right, 9 partial, 6 substituted silently, 7 declined, 0 wrong; 5/5 unanswerable declined (free
tiers are declined as "subscriptions", then October's summary is given and said to be given instead; the feature flag is
declined as a release version). Two answers read differently from the check, and a third is worth a note. Mean quality
"across 10, 11 and 12 November, against 18 and 19 November" was scored correct and is partial when read: the earlier
window is shrunk to 11-12 November (as long as the later one), whose 0.842 lies within 0.002 of 10-12 November's 0.840.
The support team's "cost per day on average this month" was scored substituted and is partial when read: support-bot's
$1.75 and ticket-classifier's $0.066 a day are given, not their sum. The $1,200 platform fee "in proportion to their
token usage" was scored substituted and stays so when read, though the answer gives each workload's share of October's
tokens, the key of the split, and no dollar of the fee. (The top caller of the past 7 days, u23 with 107 calls and 3.1
%, was right, with a stray note that "the message names org 'generated'".) By family, in a user's words: a message that
names a release or a rollout is declined as "the deploy, release or code version behind a call", even when it asks only
for windows before and after a stated time ("the error rate in the 48 hours before the rollout, and in the 48 hours
after it", "p95 latency since the rollout, compared with the same length of time right before it", "average input tokens
per doc-summarizer call in the 7 days before the rollout vs since", "timeouts in the 24 hours after the rollout ... and
in the 24 hours before it"), while the same hours asked without the word are answered ("between 14:00 and 18:00 UTC on
17 November" was right); a team defined in the message by its workloads is declined as "teams, departments or cost
centres" ("support = support-bot + ticket-classifier, engineering = ... growth = ...", and "the growth team (search-rag
and sales-agent)" asked for its share of spend), though "the support team (support-bot + ticket-classifier)" is answered
as its two workloads (its bill by model was right, its cost per day came per workload); the other side of a comparison
goes missing ("compared with everyone else's error rate" gives u12's alone, "last week (9-15 Nov), and for this week so
far" this week's alone, "the average user" beside the heaviest one, "the 90th-percentile cost per call" read as p90
latency beside the median cost); arithmetic on a figure is not done ("at cost plus 35%" gives the cost per call only,
"billed at gpt-4o-mini's average cost per call" gives both models' cost per call and gpt-4o's spend, not the what-if
bill, "split ... in proportion to their token usage" gives the token shares); a grouping by provider over two workloads
comes by provider and workload (anthropic's $116.89 and $14.01, not its $130.90); a window stated as hours across
midnight ("between 18:00 yesterday and 06:00 today") is yesterday's summary; dictated dates and thresholds with numbers
spelled out are not read ("from november first through november seventh" is November to date, "longer than two seconds
in the last seven days" the last 7 days' summary) though spelled-out models and windows are ("claude three five sonnet
over the last fourteen days", "gpt four o mini", "the last thirty days" were right); shares of calls under, between and
over cost lines ("under a cent ... between 1 and 5 cents ... over 5 cents") are October's summary; and the top 5 users
"who received the most completion tokens" are all traffic's input and output tokens.

Before commit every expected figure was printed from this file's SQL over the test store (none is zero or NaN) and each
figure's readings were checked against the 8 %-off control: no reading of a figure lies within tolerance of another
reading times 1.08, and every question has a figure none of whose readings (as an answer would display them: money to
the cent or to four decimals under a dollar, milliseconds whole, percentages to one decimal, counts whole, quality to
three decimals) lies within tolerance of any of the question's figures times 1.08. No call of October sits on a line a
user names: none costs exactly $0.01 or $0.05 (one call of 16 September costs $0.05), no latency is exactly 2,000 ms
(latency is a float), so "more than" and "at least", "under" and "at most" give the same counts. Two pairs of figures
lie close, a weakness noted here: code-review's and support-bot's October cost per million tokens ($13.61 and $13.63)
are within 1 % of each other, so an answer that swapped them would pass; and doc-summarizer's mean input tokens in the 7
days before the rollout (5,872) times 1.08 lies within 1 % of those since (6,301), so the control of that question rests
on the figure since.

The store and its machinery are the first number set's (`make_number_events`, `Sql`, the tolerances), the helpers
the seventh's and sixteenth's. NOW is Friday 2026-11-20 12:00 UTC; the events start on Sunday 30 August about noon,
so September and October are whole months. Monday of this week is 16 November. Providers: openai (gpt-4o,
gpt-4o-mini), anthropic (claude-3-5-haiku, claude-3-5-sonnet), google (gemini-2.0-flash), groq
(llama-3.1-8b-instant); support-bot runs on gpt-4o and gpt-4o-mini, ticket-classifier on llama-3.1-8b-instant,
code-review on claude-3-5-sonnet, doc-summarizer on claude-3-5-haiku and gpt-4o, search-rag on gemini-2.0-flash and
gpt-4o-mini, sales-agent on gpt-4o. Every expected figure is computed here by this file's own parameterised SQL over
one org's raw events (never netra_core's analytics). Tolerances: money 0.5 % (totals, breakdowns, allocations,
what-if bills and their differences), 1 % (unit costs: cost per call, its median and p90, cost per million tokens,
the price at a markup, spend per user, per day); percentages 0.05 points (rates and shares), changes 0.3 points
(compared by size); latency and TTFT 1 %; counts exact (calls, sessions, errors, tokens); mean input tokens per call
1 %; quality 0.002. Where a
phrase has more than one fair reading, each is an accepted alternative of each figure (the most literal first):

- "the last 30 days" / "the past 7 days" / "the last fourteen days" / "the last thirty days" / "the last seven days":
  the N x 24 hours before now, the N whole days before today, or the N calendar days ending today (the calendar
  reading only for rates, means, shares, unit costs and quantiles, not for sums and counts);
- "this month" / "so far this month": 1 November 00:00 to now, or to today 00:00; "per day on average this month":
  November to now over 19.5 days or over 20 calendar days, or to today over 19 days; "October" / "September": the
  whole month; "yesterday": 19 November; "the same day a week earlier": 12 November; "the weekend of 14-15
  November": Saturday 14 00:00 to Monday 16 00:00; "last week (9-15 Nov)": Monday 9 to Monday 16 November; "this week
  so far": Monday 16 November 00:00 to now, or to today 00:00; "from november first through november seventh": 1 to
  8 November 00:00; "between 18:00 yesterday and 06:00 today UTC": 19 November 18:00 to 20 November 06:00;
- "between 00:00 and 06:00 UTC": the calls whose hour of the day is 0 to 5, and their share of the window's calls;
- the rollout "on Tuesday 17 November at 14:00 UTC": "the 48 hours before / after" 15 November 14:00 to 17 November
  14:00 and 17 November 14:00 to 19 November 14:00; "since the rollout": to now (70 hours), and "the same length of
  time right before it" the 70 hours before the rollout; "the 7 days before the rollout": 10 November 14:00 to the
  rollout; "the 24 hours after / before"; "10, 11 and 12 November" and "18 and 19 November": whole UTC days;
  "between 14:00 and 18:00 UTC that day": four hours of 17 November (one reading each);
- "error rate": failed calls (status not ok) over all calls; "everyone else": every user but u12; "timeouts" /
  "rate-limit errors": failed calls of that error type; "sessions with more than 35 calls": session ids with over 35
  calls in the window; "the user account with the most calls" and "the heaviest user": the top value of calls or spend
  per user id (the id is not checked), "its share": its calls over all calls;
- the teams: support = support-bot and ticket-classifier, engineering = code-review and doc-summarizer, growth =
  search-rag and sales-agent, as each message says; "in proportion to their token usage": the fee times each
  workload's share of input plus output tokens; "for successful calls only": status ok;
- "cost per call": spend over calls; "cost plus 35%": 1.35 times it; "blended cost per million tokens": spend over
  input plus output tokens, times a million; "at a flat $0.03 per call": calls times $0.03, and "the difference" that
  against the calls' spend (compared by size); "under a cent / between one and five cents / over five cents": a call's
  cost below $0.01, $0.01 to $0.05, above $0.05, as shares of the calls; "median and 90th-percentile cost per call":
  exact quantiles of one call's cost; "the average user's spend": spend over distinct users; "billed at
  gpt-4o-mini's average cost per call": gpt-4o's calls times mini's cost per call in the same month;
- "p ninety five" / "p95": exact, interpolated quantiles; "median time to first token": the TTFT p50; "longer than two
  seconds": latency above 2,000 ms; "which two workloads spent the most": their spend (the names are not checked).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.agents.builders import NOW
from tests.agents.number_scoring import Figure, Outcome, Unit
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
    q,
)
from tests.agents.question_set_numbers7 import (
    LAST_MONDAY,
    MODEL,
    MTD,
    OCT,
    PER_REQUEST,
    SEPT,
    SUMMED_7D,
    SUMMED_30D,
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

CALENDAR_LAST_WEEK: list[Window] = [(LAST_MONDAY, THIS_MONDAY)]
WEEK_SO_FAR: list[Window] = [(THIS_MONDAY, NOW), (THIS_MONDAY, TODAY)]
HOUR = timedelta(hours=1)

FAILED = "status != 'ok'"
OK = "status = 'ok'"
USER = "user_id = {u:String}"
NOT_USER = "user_id != {u:String}"
CUSTOMER = "u12"  # the customer-success manager's customer, "Brightline"
TOKENS = "sum(prompt_tokens + completion_tokens)"
TWO_WORKLOADS = "workload IN ({a:String}, {b:String})"
TEAMS = {
    "support": ("support-bot", "ticket-classifier"),
    "engineering": ("code-review", "doc-summarizer"),
    "growth": ("search-rag", "sales-agent"),
}
BUSY_SESSION = 35  # calls in a session in October: the sessions hold ~25 on average, 12 over 35
PLATFORM_FEE = 1200.0  # dollars, October's shared platform fee
MARKUP = 1.35
FLAT_PRICE = 0.03  # dollars a call
LONG_MS = 2000
ROLLOUT = datetime(2026, 11, 17, 14, tzinfo=UTC)
SINCE_ROLLOUT = NOW - ROLLOUT  # 70 hours


def at(d: int, hour: int) -> datetime:
    """A UTC hour of a November day."""
    return datetime(2026, 11, d, hour, tzinfo=UTC)


def team(name: str) -> dict[str, str]:
    a, b = TEAMS[name]
    return {"a": a, "b": b}


def size(label: str, values: list[float]) -> Figure:
    """A difference of money that may be written without its sign ("$120 less"): 0.5 %, compared by size."""
    return Figure(label, values[0], Unit.MONEY, rel=0.005, alternatives=tuple(values[1:]), magnitude=True)


# --- the security and compliance reviewer ---------------------------------------------------------------------------


def _sc_off_hours(s: Sql) -> list[Figure]:
    night = "toHour(ts) < 6"
    return [
        count("night calls", one(s, REQUESTS, SUMMED_30D, night)),
        pct("share", one(s, f"100 * countIf({night}) / count()", rolling(30))),
    ]


def _sc_top_caller(s: Sql) -> list[Figure]:
    top = ranked(s, "user_id", REQUESTS, SUMMED_7D, 1, True)[0][1]
    totals = one(s, REQUESTS, SUMMED_7D)
    return [count("top user's calls", top), pct("its share", [100 * a / b for a, b in zip(top, totals, strict=True)])]


def _sc_weekend_providers(s: Sql) -> list[Figure]:
    return each(count, per_group(s, "provider", REQUESTS, [(day(11, 14), day(11, 16))]))


def _sc_rate_limits(s: Sql) -> list[Figure]:
    limited = "error_type = 'rate_limit'"
    return [
        count("yesterday", one(s, REQUESTS, YDAY, limited)),
        count("a week earlier", one(s, REQUESTS, [(day(11, 12), day(11, 13))], limited)),
    ]


def _sc_busy_sessions(s: Sql) -> list[Figure]:
    calls = s.by("session_id", REQUESTS, OCTOBER, MONTH)
    return [count("busy sessions", [sum(1 for v in calls.values() if v > BUSY_SESSION)])]


def _sc_top5_completion(s: Sql) -> list[Figure]:
    return [count(name, v) for name, v in ranked(s, "user_id", "sum(completion_tokens)", OCT, 5, True)]


def _sc_overnight(s: Sql) -> list[Figure]:
    return [count("overnight calls", one(s, REQUESTS, [(at(19, 18), at(20, 6))]))]


# --- the customer-success manager -----------------------------------------------------------------------------------


def _cs_mtd(s: Sql) -> list[Figure]:
    return [
        money("spend", one(s, SPEND, MTD, USER, u=CUSTOMER)),
        count("calls", one(s, REQUESTS, MTD, USER, u=CUSTOMER)),
    ]


def _cs_oct_vs_sep(s: Sql) -> list[Figure]:
    octo = one(s, SPEND, OCT, USER, u=CUSTOMER)
    sep = one(s, SPEND, SEPT, USER, u=CUSTOMER)
    return [money("October", octo), money("September", sep), change("change", [(octo[0], sep[0])])]


def _cs_errors_vs_rest(s: Sql) -> list[Figure]:
    return [
        pct("u12", one(s, ERROR_RATE, rolling(14), USER, u=CUSTOMER)),
        pct("everyone else", one(s, ERROR_RATE, rolling(14), NOT_USER, u=CUSTOMER)),
    ]


def _cs_workloads_october(s: Sql) -> list[Figure]:
    return each(money, per_group(s, "workload", SPEND, OCT, USER, u=CUSTOMER))


def _cs_models_october(s: Sql) -> list[Figure]:
    return each(count, per_group(s, "model", REQUESTS, OCT, USER, u=CUSTOMER))


def _cs_quality_weeks(s: Sql) -> list[Figure]:
    return [
        quality("last week", one(s, QUALITY, CALENDAR_LAST_WEEK, USER, u=CUSTOMER)),
        quality("this week so far", one(s, QUALITY, WEEK_SO_FAR, USER, u=CUSTOMER)),
    ]


# --- the chargeback coordinator -------------------------------------------------------------------------------------


def _cb_teams_october(s: Sql) -> list[Figure]:
    return [money(name, one(s, SPEND, OCT, TWO_WORKLOADS, **team(name))) for name in TEAMS]


def _cb_platform_fee(s: Sql) -> list[Figure]:
    tokens = s.by("workload", TOKENS, OCTOBER, MONTH)
    total = sum(tokens.values())
    return [money(w, [PLATFORM_FEE * v / total]) for w, v in tokens.items()]


def _cb_support_per_day(s: Sql) -> list[Figure]:
    to_now, to_today = one(s, SPEND, MTD, TWO_WORKLOADS, **team("support"))
    return [unit_cost("support per day", [to_now / 19.5, to_now / 20, to_today / 19])]


def _cb_engineering_by_provider(s: Sql) -> list[Figure]:
    return each(money, per_group(s, "provider", SPEND, OCT, TWO_WORKLOADS, **team("engineering")))


def _cb_growth_share(s: Sql) -> list[Figure]:
    share = "100 * sumIf(cost_usd, workload IN ({a:String}, {b:String})) / sum(cost_usd)"
    return [pct("growth share", one(s, share, rolling(30), **team("growth")))]


def _cb_successful_only(s: Sql) -> list[Figure]:
    return [money(name, one(s, SPEND, OCT, f"{TWO_WORKLOADS} AND {OK}", **team(name))) for name in TEAMS]


def _cb_support_by_model(s: Sql) -> list[Figure]:
    return each(money, per_group(s, "model", SPEND, CALENDAR_LAST_WEEK, TWO_WORKLOADS, **team("support")))


# --- the release manager --------------------------------------------------------------------------------------------


def _rm_errors_48h(s: Sql) -> list[Figure]:
    return [
        pct("before", one(s, ERROR_RATE, [(ROLLOUT - 48 * HOUR, ROLLOUT)])),
        pct("after", one(s, ERROR_RATE, [(ROLLOUT, ROLLOUT + 48 * HOUR)])),
    ]


def _rm_p95_since(s: Sql) -> list[Figure]:
    return [
        ms("since", one(s, q(0.95), [(ROLLOUT, NOW)])),
        ms("before", one(s, q(0.95), [(ROLLOUT - SINCE_ROLLOUT, ROLLOUT)])),
    ]


def _rm_doc_summarizer_prompt(s: Sql) -> list[Figure]:
    where = {"w": "doc-summarizer"}
    return [
        mean("7 days before", one(s, "avg(prompt_tokens)", [(ROLLOUT - 7 * 24 * HOUR, ROLLOUT)], WORKLOAD, **where)),
        mean("since", one(s, "avg(prompt_tokens)", [(ROLLOUT, NOW)], WORKLOAD, **where)),
    ]


def _rm_quality_days(s: Sql) -> list[Figure]:
    return [
        quality("10-12 Nov", one(s, QUALITY, [(day(11, 10), day(11, 13))])),
        quality("18-19 Nov", one(s, QUALITY, [(day(11, 18), day(11, 20))])),
    ]


def _rm_timeouts_24h(s: Sql) -> list[Figure]:
    timeout = "error_type = 'timeout'"
    return [
        count("after", one(s, REQUESTS, [(ROLLOUT, ROLLOUT + 24 * HOUR)], timeout)),
        count("before", one(s, REQUESTS, [(ROLLOUT - 24 * HOUR, ROLLOUT)], timeout)),
    ]


def _rm_rollout_window(s: Sql) -> list[Figure]:
    window = [(at(17, 14), at(17, 18))]
    return [count("calls", one(s, REQUESTS, window)), count("failed", one(s, REQUESTS, window, FAILED))]


# --- the pricing analyst --------------------------------------------------------------------------------------------


def _pr_markup(s: Sql) -> list[Figure]:
    per_call = one(s, PER_REQUEST, rolling(30), WORKLOAD, w="support-bot")
    return [unit_cost("cost per call", per_call), unit_cost("price", [MARKUP * v for v in per_call])]


def _pr_per_million(s: Sql) -> list[Figure]:
    return each(unit_cost, per_group(s, "workload", f"1000000 * sum(cost_usd) / {TOKENS}", OCT))


def _pr_flat_code_review(s: Sql) -> list[Figure]:
    calls = one(s, REQUESTS, SEPT, WORKLOAD, w="code-review")[0]
    cost = one(s, SPEND, SEPT, WORKLOAD, w="code-review")[0]
    return [
        money("at $0.03", [FLAT_PRICE * calls]),
        money("cost", [cost]),
        size("difference", [FLAT_PRICE * calls - cost]),
    ]


def _pr_cost_tiers(s: Sql) -> list[Figure]:
    tiers = {
        "under a cent": "cost_usd < 0.01",
        "1 to 5 cents": "cost_usd >= 0.01 AND cost_usd <= 0.05",
        "over 5 cents": "cost_usd > 0.05",
    }
    return [pct(label, one(s, f"100 * countIf({cond}) / count()", OCT)) for label, cond in tiers.items()]


def _pr_sales_agent_quantiles(s: Sql) -> list[Figure]:
    return [
        unit_cost("median", one(s, q(0.5, "cost_usd"), MTD, WORKLOAD, w="sales-agent")),
        unit_cost("p90", one(s, q(0.9, "cost_usd"), MTD, WORKLOAD, w="sales-agent")),
    ]


def _pr_heavy_user(s: Sql) -> list[Figure]:
    top = ranked(s, "user_id", SPEND, OCT, 1, True)[0][1]
    return [money("heaviest user", top), unit_cost("average user", one(s, "sum(cost_usd) / uniqExact(user_id)", OCT))]


def _pr_gpt4o_at_mini(s: Sql) -> list[Figure]:
    calls = one(s, REQUESTS, OCT, MODEL, m="gpt-4o")[0]
    mini = one(s, PER_REQUEST, OCT, MODEL, m="gpt-4o-mini")[0]
    return [money("at mini's rate", [calls * mini]), money("actual", one(s, SPEND, OCT, MODEL, m="gpt-4o"))]


# --- dictated to a phone --------------------------------------------------------------------------------------------


def _vd_first_week(s: Sql) -> list[Figure]:
    return [money("1-7 Nov", one(s, SPEND, [(MONTH, day(11, 8))]))]


def _vd_sonnet_p95(s: Sql) -> list[Figure]:
    return [ms("p95", one(s, q(0.95), rolling(14), MODEL, m="claude-3-5-sonnet"))]


def _vd_doc_summarizer_errors(s: Sql) -> list[Figure]:
    return [
        count("errors", one(s, REQUESTS, YDAY, f"{WORKLOAD} AND {FAILED}", w="doc-summarizer")),
        pct("error rate", one(s, ERROR_RATE, YDAY, WORKLOAD, w="doc-summarizer")),
    ]


def _vd_gemini_completion(s: Sql) -> list[Figure]:
    return [count("completion tokens", one(s, "sum(completion_tokens)", OCT, MODEL, m="gemini-2.0-flash"))]


def _vd_top_two(s: Sql) -> list[Figure]:
    return [money(name, v) for name, v in ranked(s, "workload", SPEND, SUMMED_30D, 2, True)]


def _vd_mini_ttft(s: Sql) -> list[Figure]:
    return [ms("ttft p50", one(s, q(0.5, "ttft_ms"), MTD, MODEL, m="gpt-4o-mini"))]


def _vd_over_two_seconds(s: Sql) -> list[Figure]:
    return [count("over 2s", one(s, REQUESTS, SUMMED_7D, f"latency_ms > {LONG_MS}"))]


TEAM_LINE = (
    "support = support-bot + ticket-classifier, engineering = code-review + doc-summarizer, growth = search-rag + "
    "sales-agent"
)

QUESTIONS: list[NumberQuestion] = [
    # the security and compliance reviewer
    NumberQuestion(
        "sc_off_hours",
        "Access review, item 1: how many calls were made between 00:00 and 06:00 UTC over the last 30 days, and what "
        "share of all calls in that period does that represent?",
        "off hours",
        _sc_off_hours,
    ),
    NumberQuestion(
        "sc_top_caller",
        "Item 2: which single user account generated the most calls in the past 7 days? I need its call count and "
        "that account's share of all calls in the same period.",
        "concentration",
        _sc_top_caller,
    ),
    NumberQuestion(
        "sc_weekend_providers",
        "Number of calls per provider over the weekend of 14-15 November (Saturday and Sunday, UTC).",
        "weekend",
        _sc_weekend_providers,
    ),
    NumberQuestion(
        "sc_rate_limits",
        "Did we hit rate limits yesterday? Give me the number of rate-limit errors yesterday and on the same day a "
        "week earlier.",
        "errors",
        _sc_rate_limits,
    ),
    NumberQuestion(
        "sc_busy_sessions",
        "How many sessions in October had more than 35 calls in them? Unusually long sessions are a flag for us.",
        "sessions",
        _sc_busy_sessions,
    ),
    NumberQuestion(
        "sc_top5_completion",
        "Possible data exfiltration check: list the 5 users who received the most completion tokens in October, "
        "with each one's total.",
        "top-n",
        _sc_top5_completion,
    ),
    NumberQuestion(
        "sc_overnight",
        "How many calls did we record in total between 18:00 yesterday and 06:00 today (UTC)?",
        "hours",
        _sc_overnight,
    ),
    NumberQuestion(
        "sc_ip_countries",
        "For user u31's calls last week, which IP addresses and countries did they come from?",
        "unanswerable",
        None,
    ),
    # the customer-success manager
    NumberQuestion(
        "cs_mtd",
        "Prepping the QBR with Brightline -- their traffic is user u12 in here. What has u12 spent so far this month, "
        "and across how many calls?",
        "one customer",
        _cs_mtd,
    ),
    NumberQuestion(
        "cs_oct_vs_sep",
        "How did u12's spend in October compare with September? In dollars and in percent, please.",
        "one customer",
        _cs_oct_vs_sep,
    ),
    NumberQuestion(
        "cs_errors_vs_rest",
        "Brightline says they've been seeing failures. What was u12's error rate over the last 14 days, compared with "
        "everyone else's error rate over the same 14 days?",
        "one customer",
        _cs_errors_vs_rest,
    ),
    NumberQuestion(
        "cs_workloads_october",
        "Brightline only knows our product features, not models. What did u12 spend on each workload in October?",
        "one customer",
        _cs_workloads_october,
    ),
    NumberQuestion(
        "cs_models_october",
        "Which models did u12's calls go to in October, and how many calls went to each one?",
        "one customer",
        _cs_models_october,
    ),
    NumberQuestion(
        "cs_quality_weeks",
        "What's the average quality score on u12's calls for last week (9-15 Nov), and for this week so far?",
        "one customer",
        _cs_quality_weeks,
    ),
    NumberQuestion(
        "cs_renewal",
        "When does Brightline's contract come up for renewal, and what is their annual contract value?",
        "unanswerable",
        None,
    ),
    # the chargeback coordinator
    NumberQuestion(
        "cb_teams_october",
        f"October chargeback. Teams: {TEAM_LINE}. What does each team get charged for October?",
        "chargeback",
        _cb_teams_october,
    ),
    NumberQuestion(
        "cb_platform_fee",
        "We have a $1,200 platform fee for October that we split across the workloads in proportion to their token "
        "usage (input + output tokens) in October. How much of the fee lands on each workload?",
        "allocation",
        _cb_platform_fee,
    ),
    NumberQuestion(
        "cb_support_per_day",
        "The support team (support-bot and ticket-classifier) wants to know what they cost per day on average this "
        "month.",
        "chargeback",
        _cb_support_per_day,
    ),
    NumberQuestion(
        "cb_engineering_by_provider",
        "Engineering's October bill is code-review plus doc-summarizer. Can you split that bill by provider?",
        "chargeback",
        _cb_engineering_by_provider,
    ),
    NumberQuestion(
        "cb_growth_share",
        "What percentage of our total spend over the last 30 days should be charged to the growth team (search-rag "
        "and sales-agent)?",
        "share",
        _cb_growth_share,
    ),
    NumberQuestion(
        "cb_successful_only",
        f"Policy change: we no longer charge teams for failed calls. Teams: {TEAM_LINE}. Recompute each team's "
        "October charge for successful calls only.",
        "chargeback",
        _cb_successful_only,
    ),
    NumberQuestion(
        "cb_support_by_model",
        "The support team (support-bot + ticket-classifier) wants last week's bill (Mon 9 - Sun 15 Nov) broken down "
        "by model.",
        "chargeback",
        _cb_support_by_model,
    ),
    # the release manager
    NumberQuestion(
        "rm_errors_48h",
        "We rolled out release 4.2 on Tuesday 17 November at 14:00 UTC. What was the error rate in the 48 hours "
        "before the rollout, and in the 48 hours after it?",
        "before/after",
        _rm_errors_48h,
    ),
    NumberQuestion(
        "rm_p95_since",
        "Release 4.2 went out Tue 17 Nov 14:00 UTC. p95 latency since the rollout, compared with the same length of "
        "time right before it?",
        "before/after",
        _rm_p95_since,
    ),
    NumberQuestion(
        "rm_doc_summarizer_prompt",
        "The 4.2 rollout (17 Nov, 14:00 UTC) shipped a new prompt template for doc-summarizer. Average input tokens "
        "per doc-summarizer call in the 7 days before the rollout vs since the rollout?",
        "before/after",
        _rm_doc_summarizer_prompt,
    ),
    NumberQuestion(
        "rm_quality_days",
        "Mean quality score across 10, 11 and 12 November, against 18 and 19 November -- did the release dent it?",
        "before/after",
        _rm_quality_days,
    ),
    NumberQuestion(
        "rm_timeouts_24h",
        "How many timeouts did we get in the 24 hours after the rollout at 14:00 UTC on 17 Nov, and how many in the "
        "24 hours before it?",
        "before/after",
        _rm_timeouts_24h,
    ),
    NumberQuestion(
        "rm_rollout_window",
        "During the rollout window itself, between 14:00 and 18:00 UTC on 17 November: how many calls came in and "
        "how many of them failed?",
        "before/after",
        _rm_rollout_window,
    ),
    NumberQuestion(
        "rm_feature_flag",
        "Of the errors since the rollout, how many came from calls with the new-prompt-v2 feature flag switched on?",
        "unanswerable",
        None,
    ),
    # the pricing analyst
    NumberQuestion(
        "pr_markup",
        "For the price sheet: what does a support-bot call cost us on average over the last 30 days, and what would "
        "we charge per call at cost plus 35%?",
        "pricing",
        _pr_markup,
    ),
    NumberQuestion(
        "pr_per_million",
        "Blended cost per million tokens (input + output) for each workload in October?",
        "pricing",
        _pr_per_million,
    ),
    NumberQuestion(
        "pr_flat_code_review",
        "Had we charged a flat $0.03 per call for code-review in September, how much would we have billed, what did "
        "those calls actually cost us, and what's the difference?",
        "pricing",
        _pr_flat_code_review,
    ),
    NumberQuestion(
        "pr_cost_tiers",
        "Looking at October, what share of calls cost us under a cent, what share between 1 and 5 cents, and what "
        "share over 5 cents?",
        "pricing",
        _pr_cost_tiers,
    ),
    NumberQuestion(
        "pr_sales_agent_quantiles",
        "sales-agent, this month: what's the median cost per call and the 90th-percentile cost per call? I want to "
        "set a per-call cap.",
        "pricing",
        _pr_sales_agent_quantiles,
    ),
    NumberQuestion(
        "pr_heavy_user",
        "To price a 'pro' tier: how much did our heaviest user cost us in October, and what did the average user "
        "cost us that month?",
        "pricing",
        _pr_heavy_user,
    ),
    NumberQuestion(
        "pr_gpt4o_at_mini",
        "What if every gpt-4o call in October had been billed at gpt-4o-mini's average cost per call for October? "
        "What would those calls have cost, versus what they actually cost?",
        "what-if",
        _pr_gpt4o_at_mini,
    ),
    NumberQuestion(
        "pr_plan_tier",
        "How many of October's calls came from free-tier users and how many from paid-tier users?",
        "unanswerable",
        None,
    ),
    # dictated to a phone
    NumberQuestion(
        "vd_first_week",
        "How much did we spend from november first through november seventh",
        "dictated",
        _vd_first_week,
    ),
    NumberQuestion(
        "vd_sonnet_p95",
        "What was the p ninety five latency for claude three five sonnet over the last fourteen days",
        "dictated",
        _vd_sonnet_p95,
    ),
    NumberQuestion(
        "vd_doc_summarizer_errors",
        "How many errors did the doc summarizer have yesterday and what percent of its calls is that",
        "dictated",
        _vd_doc_summarizer_errors,
    ),
    NumberQuestion(
        "vd_gemini_completion",
        "Total completion tokens for gemini two point oh flash in october",
        "dictated",
        _vd_gemini_completion,
    ),
    NumberQuestion(
        "vd_top_two",
        "Which two workloads spent the most over the last thirty days and how much did each one spend",
        "dictated",
        _vd_top_two,
    ),
    NumberQuestion(
        "vd_mini_ttft",
        "What's the median time to first token for gpt four o mini this month",
        "dictated",
        _vd_mini_ttft,
    ),
    NumberQuestion(
        "vd_over_two_seconds",
        "How many calls took longer than two seconds in the last seven days",
        "dictated",
        _vd_over_two_seconds,
    ),
    NumberQuestion(
        "vd_images",
        "How many images did we generate last week",
        "unanswerable",
        None,
    ),
]

# The outcome of every question on the first run, as scored by the check (where a reading by hand differs, the
# docstring says).
FIRST_RUN: dict[str, Outcome] = {
    "sc_off_hours": "correct",
    "sc_top_caller": "correct",
    "sc_weekend_providers": "correct",
    "sc_rate_limits": "correct",
    "sc_busy_sessions": "correct",
    "sc_top5_completion": "substituted",
    "sc_overnight": "substituted",
    "sc_ip_countries": "declined",
    "cs_mtd": "correct",
    "cs_oct_vs_sep": "correct",
    "cs_errors_vs_rest": "partial",
    "cs_workloads_october": "correct",
    "cs_models_october": "correct",
    "cs_quality_weeks": "partial",
    "cs_renewal": "declined",
    "cb_teams_october": "declined",
    "cb_platform_fee": "substituted",
    "cb_support_per_day": "substituted",
    "cb_engineering_by_provider": "partial",
    "cb_growth_share": "declined",
    "cb_successful_only": "declined",
    "cb_support_by_model": "correct",
    "rm_errors_48h": "declined",
    "rm_p95_since": "declined",
    "rm_doc_summarizer_prompt": "declined",
    "rm_quality_days": "correct",
    "rm_timeouts_24h": "declined",
    "rm_rollout_window": "correct",
    "rm_feature_flag": "declined",
    "pr_markup": "partial",
    "pr_per_million": "correct",
    "pr_flat_code_review": "correct",
    "pr_cost_tiers": "substituted",
    "pr_sales_agent_quantiles": "partial",
    "pr_heavy_user": "partial",
    "pr_gpt4o_at_mini": "partial",
    "pr_plan_tier": "declined",
    "vd_first_week": "substituted",
    "vd_sonnet_p95": "correct",
    "vd_doc_summarizer_errors": "correct",
    "vd_gemini_completion": "correct",
    "vd_top_two": "correct",
    "vd_mini_ttft": "correct",
    "vd_over_two_seconds": "substituted",
    "vd_images": "declined",
}

# The questions that fail today, each with its outcome as scored: a strict xfail in the test. When a fix makes one pass
# it shows as XPASS and fails the run: delete its line here and in WHY (FIRST_RUN stays as the historical record).
KNOWN_FAILURES: dict[str, Outcome] = {
    "cb_platform_fee": "substituted",
}

# Why each known failure fails, in one line (the xfail's reason).
WHY: dict[str, str] = {
    "cb_platform_fee": "each workload's share of October's tokens and spend, not its dollars of the $1,200 fee",
}
