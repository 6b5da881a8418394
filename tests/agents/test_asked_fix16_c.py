"""Figures derived from a list (issue #16, the fourteenth and fifteenth blind sets' misses): the peak bucket "in a
single hour" and beside the window's mean, "how many is that per day", a series' min, max and median, several
distinct counts listed together, counts over counts ("calls per session", "sessions per user") and the users served
by more than one model. Each fix is a rule for a family of phrasings, checked here on phrasings the sets do not hold
and on contrasts the rule must leave alone. Figures come from the test's own SQL over the number store. Times are
relative to builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from datetime import timedelta
from statistics import median

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.analytics.semantic import Dimension, Grain, Measure, RateUnit
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import MONTH, OCTOBER, ORG, SEPTEMBER, TODAY, YESTERDAY, Sql
from tests.agents.test_asked_phrasings_set8 import answer, assert_states

DAY = timedelta(days=1)


# --- the peak bucket: "the most ... in a single hour" -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "grain", "measure"),
    [
        ("How many tokens did we use at most in a single day this month?", Grain.DAY, Measure.TOTAL_TOKENS),
        ("highest spend in any one day over the last 2 weeks", Grain.DAY, Measure.SPEND),
        ("peak calls in a single hour yesterday", Grain.HOUR, Measure.REQUESTS),
        ("the maximum number of requests during any one hour last week", Grain.HOUR, Measure.REQUESTS),
    ],
)
def test_the_most_in_a_single_bucket_ranks_the_buckets(text: str, grain: Grain, measure: Measure) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert (asked.grain, asked.top_n, asked.measures[0]) == (grain, 1, measure)


@pytest.mark.parametrize(
    "text",
    [
        "which model had the most requests in October?",  # contrast: a grouping ranked, no bucket
        "how many requests did we get yesterday?",  # contrast: nothing ranked
    ],
)
def test_a_ranking_without_a_single_bucket_reads_no_grain(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.grain is None and not asked.extremes


# --- the peak bucket beside the window's mean ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "grain", "rate"),
    [
        (
            "On average how much do we spend per day this month, and what was our most expensive day?",
            Grain.DAY,
            RateUnit.DAY,
        ),
        ("average requests per hour yesterday and the busiest hour", Grain.HOUR, RateUnit.HOUR),
        ("what's our spend per day on average in October, and the priciest single day?", Grain.DAY, RateUnit.DAY),
    ],
)
def test_a_peak_beside_a_mean_reads_the_whole_series(text: str, grain: Grain, rate: RateUnit) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert (asked.grain, asked.rate_per, asked.extremes, asked.top_n) == (grain, rate, True, None)


def test_the_peak_day_alone_is_the_top_bucket() -> None:
    asked = compute_asked("which day had the highest spend last week?", NOW, KNOWN)  # contrast: no mean asked
    assert (asked.grain, asked.top_n, asked.extremes, asked.rate_per) == (Grain.DAY, 1, False, None)


# --- "how many is that per day" -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("How many requests did we get last week, and how many is that per day?", RateUnit.DAY),
        ("spend in October - what does that come to per day?", RateUnit.DAY),
        ("How many tokens did support-bot use yesterday and what is that per hour?", RateUnit.HOUR),
    ],
)
def test_how_many_is_that_per_day_is_the_figure_per_day(text: str, rate: RateUnit) -> None:
    assert compute_asked(text, NOW, KNOWN).rate_per == rate


def test_a_figure_with_no_per_unit_asked_has_no_rate() -> None:
    asked = compute_asked("how many calls did we make last week and which day was busiest?", NOW, KNOWN)  # contrast
    assert asked.rate_per is None


# --- a series' min, max and median ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measure", "grain", "ends"),
    [
        ("daily spend in September: min, max and median", Measure.SPEND, Grain.DAY, True),
        ("requests per hour yesterday - max / min / median?", Measure.REQUESTS, Grain.HOUR, True),
        ("how many tokens per day this month, median and max", Measure.TOTAL_TOKENS, Grain.DAY, True),
        ("calls per day last month: the median and the average", Measure.REQUESTS, Grain.DAY, False),
    ],
)
def test_statistics_of_a_series_are_the_buckets(text: str, measure: Measure, grain: Grain, ends: bool) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.measures == [measure] and asked.grain == grain
    assert asked.median_per_group and asked.extremes == ends and asked.top_n is None


@pytest.mark.parametrize(
    "text",
    [
        "median latency per day in October",  # contrast: a latency quantile of each day
        "min and max latency per day last week",  # contrast: a latency's own ends
    ],
)
def test_statistics_of_latency_are_not_the_buckets(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert not asked.median_per_group and Measure.REQUESTS not in asked.measures


# --- distinct counts listed ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("number of unique users and sessions last week", [Measure.USERS, Measure.SESSIONS]),
        ("how many different models and providers did we use in September?", [Measure.MODELS, Measure.PROVIDERS]),
        (
            "How many workloads, models and users were active this month?",
            [Measure.WORKLOADS, Measure.MODELS, Measure.USERS],
        ),
    ],
)
def test_distinct_counts_listed_are_each_counted(text: str, measures: list[Measure]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.measures[: len(measures)] == measures and not asked.dimensions and not asked.count_groups


def test_one_group_counted_is_still_listed() -> None:
    asked = compute_asked("how many vendors did we use last month?", NOW, KNOWN)  # contrast: one noun
    assert asked.count_groups and asked.dimensions == [Dimension.PROVIDER]


# --- counts over counts -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measure", "dimensions"),
    [
        ("average number of requests per session last week", Measure.REQUESTS_PER_SESSION, []),
        ("how many sessions does a user have on average in October?", Measure.SESSIONS_PER_USER, []),
        ("calls per conversation this month by workload", Measure.REQUESTS_PER_SESSION, [Dimension.WORKLOAD]),
        ("sessions per user yesterday", Measure.SESSIONS_PER_USER, []),
    ],
)
def test_a_count_over_a_count_is_a_ratio(text: str, measure: Measure, dimensions: list[Dimension]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.measures == [measure] and asked.dimensions == dimensions and not asked.mean_per_group


def test_the_median_calls_per_session_stays_the_middle_session() -> None:
    asked = compute_asked("median calls per session this month", NOW, KNOWN)  # contrast: over the sessions
    assert asked.median_per_group and asked.dimensions == [Dimension.SESSION]
    assert Measure.REQUESTS_PER_SESSION not in asked.measures


def test_cost_per_session_is_no_count_ratio() -> None:
    asked = compute_asked("cost per session this month", NOW, KNOWN)  # contrast: a unit cost
    assert Measure.REQUESTS_PER_SESSION not in asked.measures


# --- users served by more than one model --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("how many users used more than one model last week?", Measure.MULTI_MODEL_USERS),
        ("what % of customers hit multiple models in October", Measure.MULTI_MODEL_USERS_SHARE),
        ("share of users on two or more models on code-review this month", Measure.MULTI_MODEL_USERS_SHARE),
    ],
)
def test_users_on_more_than_one_model_are_counted(text: str, measure: Measure) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.measures[0] == measure and not asked.share
    assert Dimension.USER not in asked.dimensions and Dimension.MODEL not in asked.dimensions


def test_users_alone_are_the_distinct_users() -> None:
    asked = compute_asked("how many users did we have last week?", NOW, KNOWN)  # contrast
    assert asked.measures == [Measure.USERS]


# --- answers, against the test's own SQL --------------------------------------------------------------------------


def test_the_most_calls_in_a_single_hour_this_month(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        peak = max(Sql(client, ORG).by("toStartOfHour(ts)", "count()", MONTH, NOW).values())
    said = answer(numbers_env, "what's the most calls we've had in a single hour this month?")
    assert_states(said, [Figure("peak hour", peak, Unit.NUMBER)])


def test_the_mean_per_day_and_the_most_expensive_day_of_october(numbers_env: AgentEnv) -> None:
    end = OCTOBER + 31 * DAY
    with numbers_env.store.session() as client:
        days = Sql(client, ORG).by("toDate(ts)", "sum(cost_usd)", OCTOBER, end)
    said = answer(numbers_env, "On average what did we spend per day in October, and what was the priciest single day?")
    assert_states(
        said,
        [
            Figure("per day", sum(days.values()) / 31, Unit.MONEY),
            Figure("most expensive day", max(days.values()), Unit.MONEY),
        ],
    )


def test_tokens_per_hour_yesterday_and_the_heaviest_hour(numbers_env: AgentEnv) -> None:
    expr = "sumIf(toUInt64(prompt_tokens) + completion_tokens, usage_known = 1)"
    with numbers_env.store.session() as client:
        hours = Sql(client, ORG).by("toStartOfHour(ts)", expr, YESTERDAY, TODAY)
    said = answer(numbers_env, "average tokens per hour yesterday, and the heaviest hour?")
    assert_states(
        said,
        [Figure("per hour", sum(hours.values()) / 24, Unit.NUMBER), Figure("peak", max(hours.values()), Unit.NUMBER)],
    )


def test_september_requests_and_how_many_that_is_per_day(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        total = Sql(client, ORG).one("count()", SEPTEMBER, OCTOBER)
    said = answer(numbers_env, "How many requests did we get in September, and how many is that per day?")
    assert_states(said, [Figure("total", total, Unit.NUMBER), Figure("per day", total / 30, Unit.NUMBER)])


def test_daily_spend_in_september_min_max_and_median(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        days = list(Sql(client, ORG).by("toDate(ts)", "sum(cost_usd)", SEPTEMBER, OCTOBER).values())
    said = answer(numbers_env, "daily spend in September: min, max and median?")
    assert_states(
        said,
        [
            Figure("min", min(days), Unit.MONEY),
            Figure("max", max(days), Unit.MONEY),
            Figure("median", median(days), Unit.MONEY),
        ],
    )


def test_distinct_users_sessions_and_workloads_in_september(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        users = sql.one("uniqExact(user_id)", SEPTEMBER, OCTOBER)
        sessions = sql.one("uniqExact(session_id)", SEPTEMBER, OCTOBER)
    said = answer(numbers_env, "How many unique users and sessions did we have in September, and how many workloads?")
    assert_states(said, [Figure("users", users, Unit.NUMBER), Figure("sessions", sessions, Unit.NUMBER)])


def test_calls_per_conversation_and_sessions_per_user_last_month(numbers_env: AgentEnv) -> None:
    end = OCTOBER + 31 * DAY
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        calls = sql.one("count() / uniqExact(session_id)", OCTOBER, end)
        sessions = sql.one("uniqExact(session_id) / uniqExact(user_id)", OCTOBER, end)
    said = answer(numbers_env, "In October, how many calls did a conversation have on average, and sessions per user?")
    assert_states(
        said, [Figure("calls per session", calls, Unit.NUMBER), Figure("sessions per user", sessions, Unit.NUMBER)]
    )


def test_the_share_of_search_rags_users_on_more_than_one_model(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        models = Sql(client, ORG).by("user_id", "uniqExact(model)", YESTERDAY, TODAY, "workload = 'search-rag'")
    share = 100 * sum(n > 1 for n in models.values()) / len(models)
    said = answer(numbers_env, "On search-rag yesterday, what percent of users were served by multiple models?")
    assert_states(said, [Figure("share", share, Unit.PERCENT)])


# --- what the store holds: all of it, its days, its first and last event ----------------------------------------


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("how much data have we ingested so far?", [Measure.REQUESTS]),
        ("How many records are stored?", [Measure.REQUESTS]),
        (
            "how many calls do we have on file in total, and how many days does that span?",
            [Measure.REQUESTS, Measure.DAYS],
        ),
    ],
)
def test_what_the_store_holds_is_all_of_it(text: str, measures: list[Measure]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.measures == measures and asked.window_label == "all time"


def test_a_window_named_is_kept() -> None:
    asked = compute_asked("how many requests did we get last week?", NOW, KNOWN)  # contrast: a window said
    assert asked.window_label != "all time"
    asked = compute_asked("how many days of data do we have for September?", NOW, KNOWN)  # contrast
    assert Measure.DAYS in asked.measures and asked.window["start"].startswith("2026-09-01")


@pytest.mark.parametrize(
    ("text", "measures", "grain", "label"),
    [
        ("when did our first request come in?", [Measure.FIRST_EVENT], None, "all time"),
        ("what time was the latest call yesterday?", [Measure.LAST_EVENT], None, "yesterday, 2026-11-19"),
        (
            "earliest and latest events, and how many calls on each of those days?",
            [Measure.FIRST_EVENT, Measure.LAST_EVENT],
            Grain.DAY,
            "all time",
        ),
    ],
)
def test_the_first_and_the_last_event_are_their_times(
    text: str, measures: list[Measure], grain: Grain | None, label: str
) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.measures[: len(measures)] == measures and asked.grain == grain and asked.window_label == label


@pytest.mark.parametrize("text", ["time to first token last week", "spend over the last 7 days"])
def test_first_and_last_of_other_things_are_no_event_times(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)  # contrasts: a first token, a last window
    assert not {Measure.FIRST_EVENT, Measure.LAST_EVENT} & set(asked.measures)


def test_the_records_stored_and_the_days_they_span(numbers_env: AgentEnv) -> None:
    start = NOW - 400 * DAY
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        events = sql.one("count()", start, NOW)
        days = sql.one("uniqExact(toDate(ts))", start, NOW)
    said = answer(numbers_env, "How many records are stored, and how many days does that span?")
    assert_states(said, [Figure("events", events, Unit.NUMBER), Figure("days", days, Unit.NUMBER)])


def test_when_the_first_and_the_last_call_came_in(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        first, last = Sql(client, ORG).rows("min(ts), max(ts)", NOW - 400 * DAY, NOW)[0]
    said = answer(numbers_env, "when did the first and the last call come in?").lower()
    assert f"first event {first:%Y-%m-%d %H:%M:%S} utc" in said and f"last event {last:%Y-%m-%d %H:%M:%S} utc" in said


# --- hours of the day over many days, and their share of the window ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hours", "share"),
    [
        ("how many calls between 9am and 5pm last week?", [f"{h:02d}:00" for h in range(9, 17)], False),
        (
            "what % of September's spend fell between 22:00 and 06:00?",
            ["22:00", "23:00", *(f"0{h}:00" for h in range(6))],
            True,
        ),
        ("share of this month's requests from 8:00 to 12:00 UTC", ["08:00", "09:00", "10:00", "11:00"], True),
    ],
)
def test_hours_of_the_day_over_many_days_are_those_hours(text: str, hours: list[str], share: bool) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.filters[Dimension.HOUR_OF_DAY] == hours and asked.share_of_whole == share and not asked.cannot


def test_minutes_past_the_hour_are_still_declined() -> None:
    asked = compute_asked("how many calls between 9:30 and 17:00 last week?", NOW, KNOWN)  # contrast: not whole hours
    assert Dimension.HOUR_OF_DAY not in asked.filters and asked.cannot


def test_hours_of_one_day_stay_a_window() -> None:
    asked = compute_asked("spend between 9am and 5pm yesterday", NOW, KNOWN)  # contrast: one day's hours, a window
    assert Dimension.HOUR_OF_DAY not in asked.filters and asked.window["start"].endswith("09:00:00+00:00")


def test_the_share_of_octobers_requests_in_the_afternoon(numbers_env: AgentEnv) -> None:
    end = OCTOBER + 31 * DAY
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        part = sql.one("countIf(toHour(ts) >= 13 AND toHour(ts) < 18)", OCTOBER, end)
        whole = sql.one("count()", OCTOBER, end)
    said = answer(numbers_env, "What percentage of October's calls arrived between 1pm and 6pm UTC?")
    assert_states(said, [Figure("afternoon", part, Unit.NUMBER), Figure("share", 100 * part / whole, Unit.PERCENT)])


def test_the_share_of_septembers_calls_on_weekends(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        part = sql.one("countIf(toDayOfWeek(ts) >= 6)", SEPTEMBER, OCTOBER)
        whole = sql.one("count()", SEPTEMBER, OCTOBER)
    said = answer(numbers_env, "what share of September's requests came on weekends?")
    assert_states(said, [Figure("share", 100 * part / whole, Unit.PERCENT)])
