"""Phrasings beside the misses of the eleventh blind set (an executive, a team lead, a developer on one user or
session, an ML engineer on tokens, a growth PM on trends, someone who speaks in relative days): each fix is a rule for
a family of phrasings, so each is checked here on the set's question, a sibling the set does not hold, and a contrast
the rule must leave alone. Times are relative to builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.timerange import compute_time_range
from netra_core.analytics.semantic import Comparison, Dimension, Grain, Measure, Order, RateUnit
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import MONTH, OCTOBER, ORG, TODAY, YESTERDAY, Sql
from tests.agents.test_asked_phrasings_set8 import answer, assert_states
from tests.agents.test_question_set import plan_question

DAY_BEFORE_YESTERDAY = YESTERDAY - timedelta(days=1)


# --- "the day before yesterday": two days back, one day, not yesterday compared with the day before it ----------------


@pytest.mark.parametrize(
    "text",
    [
        "Errors by error type for the day before yesterday?",
        "what did we spend on the day before yesterday",  # sibling
        "How does the day before yesterday's spend compare with the same day the week before?",
    ],
)
def test_the_day_before_yesterday_is_one_day_two_days_back(text: str) -> None:
    found = compute_time_range(text.lower(), NOW)
    assert found is not None and (found.start, found.end) == (DAY_BEFORE_YESTERDAY, YESTERDAY)
    assert compute_asked(text, NOW, KNOWN).compare in (Comparison.NONE, Comparison.SAME_WEEKDAY_LAST_WEEK)


def test_yesterday_against_the_day_before_is_still_a_comparison() -> None:
    text = "spend yesterday vs the day before"  # contrast: yesterday, compared with the day before it
    found = compute_time_range(text, NOW)
    assert found is not None and (found.start, found.end) == (YESTERDAY, TODAY)
    assert compute_asked(text, NOW, KNOWN).compare == Comparison.PREVIOUS_PERIOD


def test_the_day_before_yesterday_against_the_same_day_a_week_before(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        new = sql.one("sum(cost_usd)", DAY_BEFORE_YESTERDAY, YESTERDAY)
        old = sql.one("sum(cost_usd)", DAY_BEFORE_YESTERDAY - timedelta(days=7), YESTERDAY - timedelta(days=7))
    said = answer(numbers_env, "How does the day before yesterday's spend compare with the same day the week before?")
    assert_states(said, [Figure("new", new, Unit.MONEY, rel=0.005), Figure("old", old, Unit.MONEY, rel=0.005)])


# --- a user or a session named by its id: a filter, looked up in the org's events ------------------------------------


def test_the_words_that_could_be_an_id_are_the_ones_looked_up() -> None:
    from netra_core.agents.names import compute_id_words

    assert compute_id_words("what was u3's slowest call this week, in ms?") == ["u3"]
    assert compute_id_words("session s317: how many calls, all time?") == ["s317"]
    assert compute_id_words("spend of user alice last week") == ["alice"]
    assert compute_id_words("spend by workload last week") == []


@pytest.mark.parametrize(
    ("text", "dimension", "value"),
    [
        ("what did user u7 run up yesterday?", Dimension.USER, "u7"),
        ("p95 latency of user u14's calls this month?", Dimension.USER, "u14"),
        ("what has u9 cost us since monday", Dimension.USER, "u9"),  # sibling: no word "user"
        ("session s317: how many calls has it made and what have they cost?", Dimension.SESSION, "s317"),
    ],
)
def test_a_named_user_or_session_filters_and_is_no_grouping(text: str, dimension: Dimension, value: str) -> None:
    a = compute_asked(text, NOW, {**KNOWN, "users": ["u7", "u9", "u14"], "sessions": ["s317"]})
    assert a.filters.get(dimension) == [value] and dimension not in a.dimensions


def test_users_ranked_stay_a_grouping() -> None:
    a = compute_asked("which users spent the most yesterday", NOW, {**KNOWN, "users": ["u7"], "sessions": []})
    assert Dimension.USER in a.dimensions and Dimension.USER not in a.filters  # contrast: no id named


def test_an_id_the_org_does_not_hold_is_no_filter() -> None:
    a = compute_asked("what did user u7 run up yesterday?", NOW, {**KNOWN, "users": ["u8"], "sessions": []})
    assert Dimension.USER not in a.filters


@pytest.mark.parametrize(
    ("text", "expr", "where", "start", "end", "unit"),
    [
        ("what did user u7 run up yesterday?", "sum(cost_usd)", "user_id = 'u7'", YESTERDAY, TODAY, Unit.MONEY),
        (
            "how many calls did u12 make the day before yesterday?",
            "count()",
            "user_id = 'u12'",
            DAY_BEFORE_YESTERDAY,
            YESTERDAY,
            Unit.NUMBER,
        ),
        (
            "p95 latency of user u14's calls yesterday?",
            "quantileExactInclusive(0.95)(toFloat64(latency_ms))",
            "user_id = 'u14'",
            YESTERDAY,
            TODAY,
            Unit.MS,
        ),
        (
            "how much has u31 spent on gpt-4o since the 1st of november, and across how many sessions?",
            "uniqExact(session_id)",
            "user_id = 'u31' AND model = 'gpt-4o'",
            TODAY.replace(day=1),
            NOW,
            Unit.NUMBER,
        ),
        ("what did session s317 cost in october", "sum(cost_usd)", "session_id = 's317'", OCTOBER, MONTH, Unit.MONEY),
    ],
)
def test_a_named_user_or_session_states_its_own_figure(
    numbers_env: AgentEnv, text: str, expr: str, where: str, start: datetime, end: datetime, unit: Unit
) -> None:
    said = answer(numbers_env, text)
    with numbers_env.store.session() as client:
        value = Sql(client, ORG).one(expr, start, end, where)
    assert value > 0
    rel = 0.01 if unit == Unit.MS else 0.005
    assert_states(said, [Figure("f", value, unit, rel=0 if unit == Unit.NUMBER else rel)])
    assert ("user is" in said) != ("session is" in said), said


# --- subjects the events do not hold: a call's client, its sampling settings, a provider's status page ---------------


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("which browser and device was u7 on when their calls failed yesterday?", "the browser, device"),
        ("how many of our requests come from mobile vs desktop", "the browser, device"),  # sibling
        ("what temperature and max_tokens settings did the code-review calls use last week?", "the sampling settings"),
        ("which workloads call gpt-4o with top_p below 1", "the sampling settings"),  # sibling
        ("What uptime did OpenAI's status page report for last Tuesday?", "what a provider's status page"),
        ("how many incidents did anthropic report last month", "what a provider's status page"),  # sibling
    ],
)
def test_a_calls_client_settings_and_a_status_page_are_subjects_the_events_do_not_hold(text: str, subject: str) -> None:
    from netra_core.agents.supervisor import compute_cannot_text
    from netra_core.agents.unheld import compute_unheld

    said = compute_unheld(text.lower(), KNOWN)
    assert len(said) == 1 and said[0].startswith(subject), said
    plan = plan_question(text)
    assert plan.intent == "cannot" and plan.calls == [] and plan.query is None
    assert compute_cannot_text(plan).endswith("I have not answered anything in its place.")


@pytest.mark.parametrize(
    "text",
    [
        "what was the max tokens per call yesterday",  # the most tokens one call used, held
        "how many calls failed with a 500 status last week",  # a call's status, held
        "run the weekly cost report",  # the report itself
        "what was openai's error rate last tuesday",
    ],
)
def test_tokens_statuses_and_reports_are_not_declined(text: str) -> None:
    from netra_core.agents.unheld import compute_unheld

    assert compute_unheld(text, KNOWN) == []
    assert plan_question(text).intent != "cannot"


# --- the slowest call: the largest latency; "all time": every event ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "what was u3's slowest call this week, in ms?",
        "what's the longest request we had yesterday",  # sibling
        "max latency of code-review last week",  # sibling
    ],
)
def test_the_slowest_call_is_the_largest_latency(text: str) -> None:
    assert compute_asked(text, NOW, KNOWN).measures == [Measure.LATENCY_MAX]


@pytest.mark.parametrize("text", ["which model is slowest this week?", "what were our slowest workloads yesterday"])
def test_the_slowest_model_or_workload_is_still_a_ranking_by_latency(text: str) -> None:
    assert Measure.LATENCY_MAX not in compute_asked(text, NOW, KNOWN).measures  # contrast


@pytest.mark.parametrize(
    "text",
    [
        "session s317: how many calls has it made and what have they cost, all time?",
        "what has u7 cost us since the beginning",  # sibling
    ],
)
def test_all_time_is_every_event(text: str) -> None:
    found = compute_time_range(text.lower(), NOW)
    assert found is not None and found.start is not None and found.start.year == 2000 and found.end == NOW


def test_all_time_beside_a_named_window_is_that_window() -> None:
    found = compute_time_range("our all-time high for daily spend, last month", NOW)  # contrast
    assert found is not None and found.start is not None and found.start.month == 10


def test_the_slowest_call_and_all_time_state_the_events_figures(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        slowest = sql.one("max(toFloat64(latency_ms))", YESTERDAY, TODAY, "workload = 'code-review'")
        cost = sql.one("sum(cost_usd)", NOW - timedelta(days=400), NOW, "session_id = 's317'")
    assert_states(
        answer(numbers_env, "what was code-review's slowest call yesterday?"),
        [Figure("slowest", slowest, Unit.MS, rel=0.01)],
    )
    all_time = answer(numbers_env, "what has session s317 cost, all time?")
    assert_states(all_time, [Figure("cost", cost, Unit.MONEY, rel=0.005)])
    # The window is said as all time with the data's own days, not from the 2000-01-01 it opens at.
    with numbers_env.store.session() as client:
        ((first, last),) = Sql(client, ORG).rows(
            "toString(min(toDate(ts))), toString(max(toDate(ts)))",
            NOW - timedelta(days=400),
            NOW,
            "session_id = 's317'",
        )
    prose = all_time.split("```")[0]
    assert "all time, to " in prose and f"from {first} to {last}" in prose and "2000-01-01" not in prose


# --- calls over time: "day-by-day calls", "the 3 quietest days", growth "from September to October" -------------------


@pytest.mark.parametrize(
    ("text", "grain"),
    [
        ("day-by-day calls for the last week", Grain.DAY),
        ("hourly calls yesterday", Grain.HOUR),  # sibling
    ],
)
def test_calls_in_a_series_are_counted(text: str, grain: Grain) -> None:
    a = compute_asked(text, NOW, KNOWN)
    assert a.measures == [Measure.REQUESTS] and a.grain == grain


def test_calls_that_failed_are_no_series_of_calls() -> None:
    a = compute_asked("which calls failed yesterday", NOW, KNOWN)  # contrast: errors, no count of calls over time
    assert a.grain is None


@pytest.mark.parametrize(
    ("text", "n", "grain", "order"),
    [
        ("what were the 3 quietest days in October by number of calls?", 3, Grain.DAY, Order.ASC),
        ("our five busiest hours yesterday", 5, Grain.HOUR, Order.DESC),  # sibling
    ],
)
def test_the_n_quietest_or_busiest_buckets_are_ranked(text: str, n: int, grain: Grain, order: Order) -> None:
    a = compute_asked(text, NOW, KNOWN)
    assert (a.top_n, a.grain, a.order, a.measures) == (n, grain, order, [Measure.REQUESTS])


def test_the_three_costliest_models_are_no_buckets() -> None:
    a = compute_asked("the 3 costliest models in october", NOW, KNOWN)  # contrast: models ranked, no time buckets
    assert a.grain is None and a.top_n == 3


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("month-over-month growth in calls from September to October, with both months' numbers", OCTOBER),
        ("how did spend grow from august to september, month over month", OCTOBER.replace(month=9)),  # sibling
    ],
)
def test_growth_from_one_named_month_to_the_next_compares_them(text: str, start: datetime) -> None:
    a = compute_asked(text, NOW, KNOWN)
    assert a.compare == Comparison.PREVIOUS_MONTH and a.window is not None
    assert datetime.fromisoformat(str(a.window["start"])) == start


def test_month_over_month_alone_is_this_month_against_the_last() -> None:
    a = compute_asked("month-over-month growth in spend", NOW, KNOWN)  # contrast: no months named
    assert a.compare == Comparison.PREVIOUS_MONTH and not a.window


def test_the_quietest_days_and_growth_state_the_events_figures(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        days = sorted(sql.by("toDate(ts)", "count()", OCTOBER, MONTH).values())[:3]
        sep, octo = sql.one("count()", OCTOBER.replace(month=9), OCTOBER), sql.one("count()", OCTOBER, MONTH)
    said = answer(numbers_env, "what were the 3 quietest days in October by number of calls?")
    assert_states(said, [Figure(f"day {k}", v, Unit.NUMBER) for k, v in enumerate(days)])
    said = answer(numbers_env, "month-over-month growth in calls from September to October")
    assert_states(said, [Figure("sep", sep, Unit.NUMBER), Figure("oct", octo, Unit.NUMBER)])


# --- a unit cost of each group over a window: what the org's calls cost, not the price list ---------------------------


@pytest.mark.parametrize(
    "text",
    [
        "what's the cost per million tokens for each provider this month?",
        "cost per 1k tokens by model over the last 30 days",  # sibling
    ],
)
def test_a_unit_cost_per_group_over_a_window_is_the_orgs_own(text: str) -> None:
    plan = plan_question(text)
    assert plan.query is not None and plan.query["measures"][0] in ("cost_per_1m_tokens", "cost_per_1k_tokens")
    assert plan.query["dimensions"]


@pytest.mark.parametrize(
    "text",
    ["what's the list price per million tokens for each provider?", "which model is the cheapest per million tokens?"],
)
def test_a_price_list_question_stays_the_price_list(text: str) -> None:
    assert plan_question(text).intent == "catalog"  # contrast: list prices, no window


def test_the_cost_per_million_tokens_per_provider_states_the_events_figures(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        per_1m = Sql(client, ORG).by(
            "provider", "1000000 * sum(cost_usd) / sum(prompt_tokens + completion_tokens)", MONTH, NOW
        )
    said = answer(numbers_env, "what's the cost per million tokens for each provider this month?")
    assert_states(said, [Figure(p, v, Unit.MONEY, rel=0.01) for p, v in per_1m.items()])


# --- a quantile of one request's tokens: "p90 of input tokens", not their mean -----------------------------------------


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("p90 of input tokens per call for doc-summarizer over the last 30 days", [Measure.INPUT_TOKENS_P90]),
        (
            "median prompt tokens and p99 output tokens per workload last week",
            [Measure.INPUT_TOKENS_P50, Measure.OUTPUT_TOKENS_P99],
        ),
        ("output tokens p95 for gpt-4o this month", [Measure.OUTPUT_TOKENS_P95]),  # sibling
    ],
)
def test_a_quantile_of_tokens_is_that_quantile(text: str, measures: list[Measure]) -> None:
    assert compute_asked(text, NOW, KNOWN).measures == measures


def test_the_mean_of_tokens_and_a_latency_quantile_keep_their_measures() -> None:
    assert compute_asked("average input tokens per call last week", NOW, KNOWN).measures == [Measure.AVG_INPUT_TOKENS]
    assert compute_asked("p90 latency last week", NOW, KNOWN).measures == [Measure.LATENCY_P90]  # contrasts


def test_a_token_quantile_the_layer_lacks_is_said() -> None:
    a = compute_asked("p85 of input tokens last week", NOW, KNOWN)  # every level p1..p99 is held (issue #16)
    assert (a.cannot, a.measures) == ([], [Measure("input_tokens_p85")])
    a = compute_asked("median and p75 of output tokens per call last week", NOW, KNOWN)  # contrast: both held
    assert (a.cannot, a.measures) == ([], [Measure.OUTPUT_TOKENS_P50, Measure.OUTPUT_TOKENS_P75])


def test_a_token_quantile_states_the_events_figure(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        p90 = Sql(client, ORG).one(
            "quantileExactInclusive(0.9)(toFloat64(prompt_tokens))",
            NOW - timedelta(days=30),
            NOW,
            "workload = 'doc-summarizer'",
        )
    said = answer(numbers_env, "p90 of input tokens per call for doc-summarizer over the last 30 days")
    assert_states(said, [Figure("p90", p90, Unit.NUMBER, rel=0.01)])


# --- hours of one day: "between 9am and 5pm yesterday" ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        (
            "Between 9am and 5pm yesterday, how many calls came in?",
            YESTERDAY + timedelta(hours=9),
            YESTERDAY + timedelta(hours=17),
        ),
        (
            "spend from 14:00 to 16:30 the day before yesterday",
            DAY_BEFORE_YESTERDAY + timedelta(hours=14),
            DAY_BEFORE_YESTERDAY + timedelta(hours=16.5),
        ),
    ],
)
def test_hours_of_one_day_narrow_that_day(text: str, start: datetime, end: datetime) -> None:
    found = compute_time_range(text, NOW)
    assert found is not None and (found.start, found.end) == (start, end)


def test_numbers_that_are_no_clock_leave_the_window() -> None:
    found = compute_time_range("requests between 3 and 5 days ago", NOW)  # contrast: no am/pm, no colon
    assert found is not None and found.start is None


def test_hours_over_many_days_are_said_as_not_read() -> None:
    # (#16: whole hours of every day are the hour-of-day filter now, 09:00 to 16:00; minutes past the hour are not)
    a = compute_asked("how much did we spend between 9:30am and 5pm last week", NOW, KNOWN)
    assert a.cannot and a.cannot[0].startswith("the hours between 9:30am and 5pm of each day")


def test_hours_of_yesterday_state_the_events_figures(numbers_env: AgentEnv) -> None:
    start, end = YESTERDAY + timedelta(hours=9), YESTERDAY + timedelta(hours=17)
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        calls, p95 = (
            sql.one("count()", start, end),
            sql.one("quantileExactInclusive(0.95)(toFloat64(latency_ms))", start, end),
        )
    said = answer(numbers_env, "Between 9am and 5pm yesterday, how many calls came in and what was the p95 latency?")
    assert_states(said, [Figure("calls", calls, Unit.NUMBER), Figure("p95", p95, Unit.MS, rel=0.01)])


# --- cost per active user: the unit cost per user of the window, not a ranking of users ---------------------------------


@pytest.mark.parametrize(
    "text", ["What does AI cost us per active user? Take October.", "what's our spend per unique user last week"]
)
def test_cost_per_active_user_is_a_unit_cost(text: str) -> None:
    assert plan_question(text).intent == "unit_cost"


def test_the_active_users_who_spent_most_are_still_ranked() -> None:
    assert plan_question("which active users spent the most in october").intent == "top_spenders"  # contrast


def test_cost_per_active_user_states_the_events_figure(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        per_user = Sql(client, ORG).one("sum(cost_usd) / uniqExact(user_id)", OCTOBER, MONTH)
    said = answer(numbers_env, "What does AI cost us per active user? Take October.")
    assert_states(said, [Figure("per user", per_user, Unit.MONEY, rel=0.01)])


# --- a group's share compared: its share of each window's whole ----------------------------------------------------------


def test_a_share_compared_states_the_share_in_both_windows(numbers_env: AgentEnv) -> None:
    share = "100 * countIf(workload = 'search-rag') / count()"
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        now, before = sql.one(share, MONTH, NOW), sql.one(share, OCTOBER, OCTOBER + (NOW - MONTH))
    said = answer(numbers_env, "is search-rag taking a bigger share of our calls? its share this month vs last month")
    assert_states(said, [Figure("now", now, Unit.PERCENT, abs=0.05), Figure("before", before, Unit.PERCENT, abs=0.05)])
    assert "share of the requests" in said


def test_spend_per_workload_compared_states_shares_of_both_windows_only_with_every_group() -> None:
    from netra_core.agents.query_answer import _share_change_text
    from netra_core.analytics.semantic import SemanticQuery

    query = SemanticQuery(measures=[Measure.SPEND], dimensions=[Dimension.WORKLOAD], start=MONTH, end=NOW)
    rows = [{"spend": 3.0, "spend_previous": 1.0}, {"spend": 1.0, "spend_previous": 3.0}]
    result = type("R", (), {"rows": rows})()
    assert _share_change_text(query, result, rows[0], {Measure.SPEND: 4.0}) == (
        "; share of the spend 75.0 % against 25.0 % in the window compared"
    )
    assert _share_change_text(query, result, rows[0], {}) == ""  # contrast: no whole (a top-N cut, a series)


# --- what daily spend is running at: the window's spend per day, not every day listed ---------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "What's our daily AI spend running at this month, on average?",
        "what is our daily spend running at over the last 2 weeks",  # sibling
    ],
)
def test_daily_spend_running_at_is_the_windows_spend_per_day(text: str) -> None:
    a = compute_asked(text, NOW, KNOWN)
    assert a.rate_per == RateUnit.DAY and a.grain is None and a.measures == [Measure.SPEND]


@pytest.mark.parametrize("text", ["average daily spend this month", "what's our daily spend trending at this month"])
def test_average_daily_spend_alone_keeps_the_daily_series(text: str) -> None:
    assert compute_asked(text, NOW, KNOWN).grain == Grain.DAY  # contrast: the series and its mean


def test_daily_spend_running_at_states_the_events_figure(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        spend = Sql(client, ORG).one("sum(cost_usd)", MONTH, NOW)
    said = answer(numbers_env, "What's our daily AI spend running at this month, on average?")
    assert_states(said, [Figure("per day", spend / ((NOW - MONTH).total_seconds() / 86400), Unit.MONEY, rel=0.005)])
