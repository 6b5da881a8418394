"""Phrasings beside the misses of the ninth blind set (a CFO, a data scientist, a product manager, a support lead):
each fix is a rule for a family of phrasings, so each is checked here on a sibling the set does not hold, with a
contrast the rule must leave alone. Times are relative to builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.analytics.semantic import Comparison, Dimension, Measure
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import Sql, count, days_ago
from tests.agents.test_asked_phrasings_set8 import answer, assert_states
from tests.agents.test_question_set import plan_question


def asked(text: str):  # type: ignore[no-untyped-def]
    return compute_asked(text, NOW, KNOWN)


def day(month: int, d: int) -> str:
    return datetime(2026, month, d, tzinfo=UTC).isoformat()


# --- the bill's words: "charges", "outlay", "expenditure" are spend ------------------------------------------------


@pytest.mark.parametrize(
    "text", ["what were our charges per model last week", "total outlay by workload in october", "AI expenditure mtd"]
)
def test_charges_outlay_and_expenditure_are_spend(text: str) -> None:
    assert asked(text).measures == [Measure.SPEND]


def test_being_in_charge_is_no_spend() -> None:
    assert Measure.SPEND not in asked("who is in charge of the support bot's latency last week").measures


# --- "hits" and "invocations" are requests; ranked or compared by them, they are counted ---------------------------


@pytest.mark.parametrize(
    "text",
    [
        "which workload had the fewest invocations this month",
        "sort providers by hits over the last 30 days",
        "which model got the most calls yesterday",
    ],
)
def test_requests_ranked_by_their_count_are_the_measure(text: str) -> None:
    assert asked(text).measures[:1] == [Measure.REQUESTS]


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("how many distinct users hit gpt-4o-mini yesterday", [Measure.USERS]),  # "hit" a model is a use, not a count
        ("top 3 models by spend this month", [Measure.SPEND]),
    ],
)
def test_a_user_who_hit_a_model_or_a_spend_ranking_is_no_request_count(text: str, measures: list[Measure]) -> None:
    assert asked(text).measures == measures


# --- "how many of its calls errored": a count of errors ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "how many of our requests timed out yesterday and what did the timeouts cost",
        "how many of their calls failed over the past week, and what we spent on the failures",
    ],
)
def test_how_many_of_its_calls_failed_is_an_error_count(text: str) -> None:
    assert Measure.ERRORS in asked(text).measures


def test_how_many_of_its_calls_went_somewhere_is_no_error_count() -> None:
    assert Measure.ERRORS not in asked("how many of our requests went to gpt-4o yesterday").measures


# --- weekdays against weekend days: the layer groups and filters by the day of the week (it declined them at first) --


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("spend on weekdays only last month", "filters"),
        ("average business day requests vs the weekend, past 30 days", "dimensions"),
        ("spend by day of the week in october", "dimensions"),
    ],
)
def test_a_day_of_week_split_is_answered_not_declined(text: str, key: str) -> None:
    plan = plan_question(text)
    assert not plan.cannot and plan.query is not None
    assert {"day_type", "weekday"} & set(plan.query[key]), plan.query


@pytest.mark.parametrize("text", ["spend last weekend", "spend mon-wed this wk", "spend per day this week"])
def test_a_weekend_or_a_run_of_days_is_a_window_not_a_split(text: str) -> None:
    assert asked(text).cannot == []


# --- "Q4-to-date": the quarter from its start to now --------------------------------------------------------------


def test_a_hyphenated_quarter_to_date_is_the_quarter_so_far() -> None:
    window = asked("requests q4-to-date by provider").window
    assert window == {"start": day(10, 1), "end": NOW.isoformat()}


def test_another_quarter_named_is_still_that_whole_quarter() -> None:
    assert asked("spend in Q3").window == {"start": day(7, 1), "end": day(10, 1)}


# --- a month named inside the quarter named: the month is what is asked -------------------------------------------


def test_a_month_named_for_its_quarters_column_is_the_month() -> None:
    assert asked("how much did october cost? it's for the q4 review").window == {"start": day(10, 1), "end": day(11, 1)}


def test_a_month_outside_the_quarter_named_leaves_the_quarter() -> None:
    # November is not in Q3: the quarter is the window (the month is said for something else)
    assert asked("Q3 spend, to paste next to november's").window == {"start": day(7, 1), "end": day(10, 1)}


# --- "the fortnight ending yesterday": whole days up to today's midnight ------------------------------------------


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("requests for the 10 days up to yesterday", day(11, 10)),
        ("p95 latency for the week ending yesterday", day(11, 13)),
    ],
)
def test_a_span_ending_yesterday_is_whole_days_to_today(text: str, start: str) -> None:
    assert asked(text).window == {"start": start, "end": day(11, 20)}


@pytest.mark.parametrize(
    ("text", "window"),
    [
        ("requests yesterday", {"start": day(11, 19), "end": day(11, 20)}),
        ("requests for the last 10 days", {"days": 10.0}),
    ],
)
def test_yesterday_alone_or_a_rolling_span_is_unchanged(text: str, window: dict[str, object]) -> None:
    assert asked(text).window == window


# --- "who is our biggest spender": users ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["who spent the most last week", "who are our heaviest users this month"])
def test_who_asked_of_spenders_is_one_row_per_user(text: str) -> None:
    assert asked(text).dimensions == [Dimension.USER]


def test_top_spenders_by_workload_stay_workloads() -> None:
    assert asked("top spenders by workload last week").dimensions == [Dimension.WORKLOAD]


# --- two shares asked: each one -----------------------------------------------------------------------------------


def test_a_share_of_requests_and_a_share_of_spend_are_both_asked() -> None:
    found = asked("anthropic's share of requests and its share of spend this month")
    assert found.share and found.measures[:2] == [Measure.REQUESTS, Measure.SPEND]


def test_one_share_asked_is_one_measure() -> None:
    assert asked("what share of spend is anthropic this month").measures == [Measure.SPEND]


# --- "what each of those calls costs": the cost per request ------------------------------------------------------


def test_what_each_of_its_requests_cost_is_the_cost_per_request() -> None:
    assert Measure.COST_PER_REQUEST in asked("what did each of its requests cost on average last week").measures


def test_what_those_calls_cost_together_is_spend() -> None:
    found = asked("how much did those calls cost last week")
    assert Measure.SPEND in found.measures and Measure.COST_PER_REQUEST not in found.measures


# --- "this week and also last week's": the period before, beside this one ----------------------------------------


@pytest.mark.parametrize(
    "text", ["spend this month and also last month's", "what's the p95 this week and last week for search-rag"]
)
def test_this_period_and_last_ones_is_a_comparison(text: str) -> None:
    found = asked(text)
    assert found.compare != Comparison.NONE
    assert found.window["start"] in (day(11, 1), day(11, 16))  # this period is the window


def test_this_period_and_another_unit_is_no_comparison() -> None:
    assert asked("spend this month and last week").compare == Comparison.NONE


# --- an error kind counted beside another measure scopes the errors only ------------------------------------------


def test_timeouts_counted_beside_a_latency_scope_only_the_errors() -> None:
    found = asked("mean latency and number of timeouts for search-rag this week")
    assert found.error_kinds == ["timeout"] and Dimension.ERROR_TYPE not in found.filters


def test_an_error_kind_counted_alone_is_still_a_filter() -> None:
    found = asked("how many rate-limit errors per provider last week")
    assert found.filters.get(Dimension.ERROR_TYPE) == ["rate_limit"] and found.error_kinds == []


def test_a_latency_beside_a_timeout_count_is_of_all_traffic(agent_env: AgentEnv) -> None:
    with agent_env.store.session() as client:
        sql = Sql(client, "acme")
        p95 = sql.one("quantileExactInclusive(0.95)(toFloat64(latency_ms))", days_ago(28), NOW)
        timeouts = sql.one("countIf(status != 'ok' AND error_type = 'timeout')", days_ago(28), NOW)
    assert timeouts >= 20  # the seeded events time out
    text = answer(agent_env, "our p95 latency over the last 28 days, and how many of our calls timed out")
    assert_states(text, [Figure("p95", p95, Unit.MS, rel=0.01), count("timeouts", timeouts)])


# --- "the average number of calls per user": the mean over the groups --------------------------------------------


@pytest.mark.parametrize(
    ("text", "dimension"),
    [
        ("average number of requests per workload last week", Dimension.WORKLOAD),
        ("mean calls per user in october", Dimension.USER),
    ],
)
def test_an_average_count_per_group_is_the_mean_over_the_groups(text: str, dimension: Dimension) -> None:
    found = asked(text)
    assert found.mean_per_group and found.dimensions == [dimension]


@pytest.mark.parametrize("text", ["average cost per user this month", "requests per workload last week"])
def test_a_unit_cost_or_a_plain_breakdown_is_no_mean_over_groups(text: str) -> None:
    assert not asked(text).mean_per_group


def test_the_mean_per_workload_is_stated(agent_env: AgentEnv) -> None:
    with agent_env.store.session() as client:
        per = Sql(client, "acme").by("workload", "count()", days_ago(7), NOW)
    text = answer(agent_env, "average number of requests per workload over the last 7 days")
    assert "Mean per workload" in text
    assert_states(text, [Figure("mean", sum(per.values()) / len(per), Unit.NUMBER, rel=0.002)])


# --- the most and the fewest asked together: both ends -----------------------------------------------------------


def test_the_most_and_the_fewest_asked_together_are_both_ends() -> None:
    found = asked("which model got the most requests last week and which one got the fewest")
    assert found.extremes and found.top_n is None


def test_one_end_asked_is_still_the_top_one() -> None:
    found = asked("which day had the most calls this month")
    assert found.top_n == 1 and not found.extremes


def test_both_ends_are_stated(agent_env: AgentEnv) -> None:
    with agent_env.store.session() as client:
        per = Sql(client, "acme").by("model", "count()", days_ago(7), NOW)
    text = answer(agent_env, "which model got the most requests over the last 7 days and which one got the fewest")
    assert "Highest requests" in text
    assert_states(text, [count("most", max(per.values())), count("fewest", min(per.values()))])


# --- two compared "by how many": the gap between them ------------------------------------------------------------


def test_two_compared_by_how_much_state_the_gap() -> None:
    assert asked("openai vs anthropic spend last week, what's the difference").difference


def test_two_compared_alone_state_no_gap() -> None:
    assert not asked("openai vs anthropic spend last week").difference


def test_the_gap_between_two_is_stated(agent_env: AgentEnv) -> None:
    with agent_env.store.session() as client:
        spend = Sql(client, "acme").by("provider", "sum(cost_usd)", days_ago(14), NOW)
    gap = abs(spend["openai"] - spend["anthropic"])
    text = answer(agent_env, "openai vs anthropic spend over the last 14 days: which is higher, and by how much?")
    assert "Difference" in text
    assert_states(text, [Figure("gap", gap, Unit.MONEY, rel=0.005)])


# --- a time bucket the window cuts is said to be partial (today so far is no quiet day) --------------------------


def test_the_quietest_day_so_far_says_today_is_partial(agent_env: AgentEnv) -> None:
    text = answer(agent_env, "which day this month had the most calls and which the fewest")
    # NOW is 12:00: today's 12 hours are the fewest calls of the month, and the answer says they are half a day
    assert "lowest: 2026-11-20 (a partial day: to 2026-11-20 12:00 UTC)" in text


def test_whole_days_are_not_called_partial(agent_env: AgentEnv) -> None:
    text = answer(agent_env, "calls per day from november 2 to november 9")
    assert "partial" not in text and "2026-11-02" in text


# --- the days of the week: weekdays against weekends, a weekday ranking, weekends only ---------------------------


@pytest.mark.parametrize(
    "text",
    [
        "average daily calls on business days compared with weekends, last 30 days",
        "weekend vs workday spend in september",
        "how do weekdays and weekends compare on p95 latency this month",
    ],
)
def test_weekdays_against_weekends_are_one_row_each(text: str) -> None:
    assert asked(text).dimensions == [Dimension.DAY_TYPE]


@pytest.mark.parametrize(
    "text", ["spend by day of the week in october", "which weekday has the most requests", "calls per weekday mtd"]
)
def test_the_days_of_the_week_are_groups_not_dates(text: str) -> None:
    found = asked(text)
    assert found.dimensions == [Dimension.WEEKDAY] and found.grain is None


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("spend on weekends only in october", "weekend"),
        ("only on weekdays, what was the p95 last week", "weekday"),
        ("error rate during weekends this month", "weekend"),
    ],
)
def test_weekends_only_keeps_those_days(text: str, kept: str) -> None:
    found = asked(text)
    assert found.filters.get(Dimension.DAY_TYPE) == [kept] and found.is_specific()


@pytest.mark.parametrize(
    "text",
    ["how much did we spend last weekend", "spend over the weekend", "which day had the most calls this week"],
)
def test_a_weekend_as_a_window_or_a_day_series_is_no_day_grouping(text: str) -> None:
    found = asked(text)
    assert Dimension.DAY_TYPE not in found.filters
    assert not {Dimension.DAY_TYPE, Dimension.WEEKDAY} & set(found.dimensions)


def test_weekday_and_weekend_per_day_figures_are_stated(agent_env: AgentEnv) -> None:
    weekend = "toDayOfWeek(ts) IN (6, 7)"
    start, end = datetime(2026, 11, 2, tzinfo=UTC), datetime(2026, 11, 16, tzinfo=UTC)  # 10 weekdays, 4 weekend days
    with agent_env.store.session() as client:
        s = Sql(client, "acme")
        calls_weekend = s.one("count()", start, end, weekend)
        calls_weekday = s.one("count()", start, end, f"NOT ({weekend})")
    text = answer(agent_env, "average number of calls on a weekday vs a weekend day from nov 2 to nov 15")
    assert "weekdays (Monday to Friday)" in text and "weekend days (Saturday and Sunday)" in text
    assert "day_type" not in text.split("```")[0] and "Per day (over its 10 days" in text
    per_day = [("per weekday", calls_weekday / 10), ("per weekend day", calls_weekend / 4)]
    assert_states(text, [Figure(label, value, Unit.NUMBER, rel=0.01) for label, value in per_day])
