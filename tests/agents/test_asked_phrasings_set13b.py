"""Phrasings beside the twelfth blind set's misses on hours, peaks, the shape of a measure, SQL typed as a question
and the accrual of the days left: each fix is a rule for a family of phrasings, so each is checked here on phrasings
the set does not hold, and on contrasts the rule must leave alone. Figures come from the test's own SQL over the
number store. Times are relative to builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.shorthand import compute_expanded_shorthand
from netra_core.agents.timerange import compute_time_range
from netra_core.analytics.semantic import Comparison, Dimension, Grain, Measure, RateUnit
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import MONTH, OCTOBER, ORG, SEPTEMBER, TODAY, YESTERDAY, Sql
from tests.agents.test_asked_phrasings_set8 import answer, assert_states

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
MEAN_LATENCY = "avg(toFloat64(latency_ms))"


# --- hours of a day: "since 08:00 today", "since midnight", the same hours yesterday, "the 24h before" -----------------


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("how many calls since 08:00 UTC today, and how many of them failed?", TODAY + 8 * HOUR),
        ("what have we spent since 9am", TODAY + 9 * HOUR),  # sibling: am/pm, no "today"
        ("errors since 14:30 yesterday", YESTERDAY + 14.5 * HOUR),  # sibling: a clock time of yesterday
        ("avg latency since midnight UTC", TODAY),
        ("calls since 3pm", YESTERDAY + 15 * HOUR),  # a clock not yet reached today: its last time, yesterday's
        ("spend since 23:00", YESTERDAY + 23 * HOUR),  # sibling
    ],
)
def test_since_a_clock_time_runs_from_that_hour_to_now(text: str, start: datetime) -> None:
    found = compute_time_range(text.lower(), NOW)
    assert found is not None and (found.start, found.end) == (start, NOW)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("spend from 9am to 5pm yesterday", YESTERDAY + 9 * HOUR, YESTERDAY + 17 * HOUR),  # hours of one day
        ("spend since monday", TODAY - 4 * DAY, NOW),
        ("calls since 5 days ago", None, None),  # a count of days, no clock
        ("calls since 3pm today", TODAY, NOW),  # contrast: today said, 15:00 still to come: not yesterday's 15:00
    ],
)
def test_clock_ranges_and_days_are_left_alone(text: str, start: datetime | None, end: datetime | None) -> None:
    found = compute_time_range(text, NOW)
    assert found is not None and (found.start, found.end) == (start, end)  # contrast


@pytest.mark.parametrize(
    ("text", "hour"),
    [
        ("how many requests since 9am today, and how many errored?", 9.0),
        ("calls since 10:30 UTC and how many failed", 10.5),  # sibling
    ],
)
def test_calls_and_failures_since_a_clock_time(numbers_env: AgentEnv, text: str, hour: float) -> None:
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        calls = sql.one("count()", TODAY + hour * HOUR, NOW)
        failed = sql.one("count()", TODAY + hour * HOUR, NOW, "status != 'ok'")
    assert calls > 0 and failed > 0
    assert_states(
        answer(numbers_env, text), [Figure("calls", calls, Unit.NUMBER), Figure("failed", failed, Unit.NUMBER)]
    )


@pytest.mark.parametrize(
    ("text", "expr", "where", "start", "unit", "rel"),
    [
        (
            "mean latency for google since midnight vs the same hours yesterday",
            MEAN_LATENCY,
            "provider = 'google'",
            TODAY,
            Unit.MS,
            0.01,
        ),
        (
            "spend since 06:00 compared with this time yesterday",
            "sum(cost_usd)",
            "1",
            TODAY + 6 * HOUR,
            Unit.MONEY,
            0.005,
        ),
    ],
)
def test_the_same_hours_yesterday_are_the_window_one_day_earlier(
    numbers_env: AgentEnv, text: str, expr: str, where: str, start: datetime, unit: Unit, rel: float
) -> None:
    a = compute_asked(text, NOW, KNOWN)
    assert a.compare == Comparison.CHOSEN_WINDOW
    assert a.compare_window == {"start": (start - DAY).isoformat(), "end": (NOW - DAY).isoformat()}
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        new, old = sql.one(expr, start, NOW, where), sql.one(expr, start - DAY, NOW - DAY, where)
    assert_states(answer(numbers_env, text), [Figure("new", new, unit, rel=rel), Figure("old", old, unit, rel=rel)])


def test_yesterday_alone_is_still_the_whole_day() -> None:
    a = compute_asked("avg anthropic latency yesterday", NOW, KNOWN)  # contrast: no hours said
    assert a.compare == Comparison.NONE and a.window["start"] == YESTERDAY.isoformat()


@pytest.mark.parametrize(
    ("text", "hours", "where"),
    [
        ("is traffic down? calls in the last 24h vs the 24h before", 24, "1"),
        ("requests in the last 12 hours vs the 12 hours before", 12, "1"),  # sibling
        ("errors over the past 48h compared to the 48h before", 48, "status != 'ok'"),  # sibling: another count
        ("calls in the past 6h vs the prior 6h", 6, "1"),  # sibling: "calls" alone are counted
    ],
)
def test_the_hours_before_compare_the_count_asked(numbers_env: AgentEnv, text: str, hours: int, where: str) -> None:
    a = compute_asked(text, NOW, KNOWN)
    assert a.compare == Comparison.PREVIOUS_PERIOD and Measure.SPEND not in a.measures
    span = hours * HOUR
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        new, old = sql.one("count()", NOW - span, NOW, where), sql.one("count()", NOW - 2 * span, NOW - span, where)
    assert_states(answer(numbers_env, text), [Figure("new", new, Unit.NUMBER), Figure("old", old, Unit.NUMBER)])


# --- a date bound typed as SQL, and two ISO dates: a window from the first date -----------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("count(distinct session_id) where workload = 'sales-agent' and ts >= '2026-11-01'", MONTH, NOW),
        ("sum(cost_usd) where ts > '2026-11-10'", datetime(2026, 11, 10, tzinfo=NOW.tzinfo), NOW),  # sibling
        ("spend by model, 2026-11-02 to 2026-11-08", MONTH + DAY, MONTH + 8 * DAY),  # two ISO dates: both included
        ("spend since 1 nov", MONTH, NOW),
    ],
)
def test_a_date_bound_is_a_window_from_that_date(text: str, start: datetime, end: datetime) -> None:
    a = compute_asked(text, NOW, KNOWN)
    assert (a.window["start"], a.window["end"]) == (start.isoformat(), end.isoformat())


def test_one_iso_date_alone_is_still_that_day() -> None:
    a = compute_asked("spend on 2026-11-01", NOW, KNOWN)  # contrast
    assert (a.window["start"], a.window["end"]) == (MONTH.isoformat(), (MONTH + DAY).isoformat())


def test_distinct_users_of_a_model_since_an_iso_date(numbers_env: AgentEnv) -> None:
    text = "count(distinct user_id) where model = 'gpt-4o' and ts >= '2026-11-10'"
    start = datetime(2026, 11, 10, tzinfo=NOW.tzinfo)
    with numbers_env.store.session() as client:
        users = Sql(client, ORG).one("uniqExact(user_id)", start, NOW, "model = 'gpt-4o'")
    said = answer(numbers_env, text)
    assert_states(said, [Figure("users", users, Unit.NUMBER)])


# --- SQL fragments: the same measures, groupings, top N as the words --------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("max(latency_ms) group by workload, yesterday", "max latency by workload, yesterday"),
        ("avg(prompt_tokens) group by model, last 14d", "average input tokens by model, last 14d"),
        ("countIf(status != 'ok') / count() by provider, this week", "error rate by provider, this week"),
        ("count(distinct user_id) by workload, october", "distinct users by workload, october"),
        ("select user_id, sum(cost_usd) order by 2 desc limit 3 - october", "top 3 users by spend in october"),
        ("sum(completion_tokens) group by task_type, last 7 days", "output tokens by task type, last 7 days"),
        ("sum(prompt_tokens) + sum(completion_tokens) by model, this month", "total tokens by model, this month"),
        ("select model, avg(latency_ms) group by model, last 7 days", "average latency by model, last 7 days"),
    ],
)
def test_a_sql_fragment_asks_what_its_words_ask(sql: str, words: str) -> None:
    a, b = compute_asked(sql, NOW, KNOWN), compute_asked(words, NOW, KNOWN)
    assert (a.measures, a.dimensions, a.top_n, a.window) == (b.measures, b.dimensions, b.top_n, b.window)


@pytest.mark.parametrize(
    "text",
    [
        "what's the max latency by workload yesterday",
        "spend by model (gpt-4o and gpt-4o-mini) this month",
        "top n models",
    ],
)
def test_words_without_sql_are_left_as_they_are(text: str) -> None:
    assert compute_expanded_shorthand(text) == text  # contrast


@pytest.mark.parametrize(
    ("text", "dim", "expr", "start", "end", "unit", "rel"),
    [
        (
            "max(latency_ms) group by provider, today",
            "provider",
            "max(toFloat64(latency_ms))",
            TODAY,
            NOW,
            Unit.MS,
            0.01,
        ),
        (
            "countIf(status != 'ok') / count() by model, 2026-11-02 to 2026-11-08, as a percentage",
            "model",
            "100 * countIf(status != 'ok') / count()",
            MONTH + DAY,
            MONTH + 8 * DAY,
            Unit.PERCENT,
            0.0,
        ),
    ],
)
def test_a_sql_measure_by_a_group_states_each_groups_figure(
    numbers_env: AgentEnv, text: str, dim: str, expr: str, start: datetime, end: datetime, unit: Unit, rel: float
) -> None:
    with numbers_env.store.session() as client:
        groups = Sql(client, ORG).by(dim, expr, start, end)
    absolute = 0.05 if unit == Unit.PERCENT else 0.0
    figures = [Figure(name, value, unit, rel=rel, abs=absolute) for name, value in groups.items()]
    assert_states(answer(numbers_env, text), figures)


def test_the_top_users_by_spend_typed_as_sql(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        spend = sorted(Sql(client, ORG).by("user_id", "sum(cost_usd)", OCTOBER, MONTH).values(), reverse=True)
    said = answer(numbers_env, "user_id, sum(cost_usd) order by 2 desc limit 3 - october")
    assert_states(said, [Figure(f"#{k + 1}", spend[k], Unit.MONEY, rel=0.005) for k in range(3)])


# --- the shape of a measure: input plus output, a share of volume, two names excluded ---------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "How many tokens a day (input plus output) are we pushing on average in November so far?",
        "prompt + completion tokens this month",  # sibling
        "input and output tokens combined, this month",  # sibling
    ],
)
def test_input_plus_output_is_one_sum(text: str) -> None:
    assert compute_asked(text, NOW, KNOWN).measures == [Measure.TOTAL_TOKENS]


def test_input_and_output_tokens_alone_are_each_kind() -> None:
    a = compute_asked("input and output tokens per day this month", NOW, KNOWN)  # contrast
    assert a.measures == [Measure.INPUT_TOKENS, Measure.OUTPUT_TOKENS] and a.grain == Grain.DAY


def test_tokens_a_day_on_average_in_october(numbers_env: AgentEnv) -> None:
    text = "in october, how many input plus output tokens did we use a day on average?"
    a = compute_asked(text, NOW, KNOWN)
    assert a.rate_per == RateUnit.DAY and a.grain is None
    with numbers_env.store.session() as client:
        total = Sql(client, ORG).one("sum(prompt_tokens + completion_tokens)", OCTOBER, MONTH)
    assert_states(answer(numbers_env, text), [Figure("per day", total / 31, Unit.NUMBER, rel=0.01)])


@pytest.mark.parametrize(
    ("text", "provider"),
    [
        ("What share of our request volume has groq handled this month?", "groq"),
        ("what share of call volume went to anthropic this month", "anthropic"),  # sibling
    ],
)
def test_a_share_of_request_volume_is_a_share_of_calls(numbers_env: AgentEnv, text: str, provider: str) -> None:
    a = compute_asked(text, NOW, KNOWN)
    assert a.share and a.measures == [Measure.REQUESTS]
    with numbers_env.store.session() as client:
        share = Sql(client, ORG).one("100 * countIf(provider = {p:String}) / count()", MONTH, NOW, p=provider)
    assert_states(answer(numbers_env, text), [Figure("share", share, Unit.PERCENT, abs=0.05)])


def test_a_providers_requests_alone_are_no_share() -> None:
    a = compute_asked("how many requests did groq handle this month?", NOW, KNOWN)  # contrast
    assert not a.share and a.filters == {Dimension.PROVIDER: ["groq"]}


@pytest.mark.parametrize(
    ("text", "where", "start", "end"),
    [
        (
            "total spend this month excl the sales agent n code review?",
            "workload NOT IN ('sales-agent', 'code-review')",
            MONTH,
            NOW,
        ),
        ("spend in oct excl gpt-4o n claude-3-5-haiku", "model NOT IN ('gpt-4o', 'claude-3-5-haiku')", OCTOBER, MONTH),
        (
            "sept spend w/o support bot & search rag",
            "workload NOT IN ('support-bot', 'search-rag')",
            SEPTEMBER,
            OCTOBER,
        ),
    ],
)
def test_two_names_excluded_are_both_left_out(
    numbers_env: AgentEnv, text: str, where: str, start: datetime, end: datetime
) -> None:
    a = compute_asked(text, NOW, KNOWN)
    assert not a.filters and sum(len(v) for v in a.exclude.values()) == 2
    with numbers_env.store.session() as client:
        spend = Sql(client, ORG).one("sum(cost_usd)", start, end, where)
    assert_states(answer(numbers_env, text), [Figure("spend", spend, Unit.MONEY, rel=0.005)])


# --- peaks: the busiest clock hour, the biggest day, the hour of the day per day --------------------------------------


@pytest.mark.parametrize(
    ("text", "grain"),
    [
        ("What was the busiest single hour in the last 7 days, in number of calls?", Grain.HOUR),
        ("what was our peak hour yesterday by requests", Grain.HOUR),  # sibling
        ("our biggest day for spend in september - which, and how much?", Grain.DAY),  # sibling
    ],
)
def test_the_busiest_bucket_is_the_top_bucket(text: str, grain: Grain) -> None:
    a = compute_asked(text, NOW, KNOWN)
    assert (a.grain, a.top_n) == (grain, 1)


def test_the_busiest_hour_of_the_day_ranks_the_hours_of_a_day() -> None:
    a = compute_asked("what's the busiest hour of the day for calls, last 30 days?", NOW, KNOWN)  # contrast
    assert a.grain is None and Dimension.HOUR_OF_DAY in a.dimensions


def test_the_peak_hour_yesterday(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        peak = max(Sql(client, ORG).by("toStartOfHour(ts)", "count()", YESTERDAY, TODAY).values())
    assert_states(
        answer(numbers_env, "what was our peak hour yesterday by requests"), [Figure("peak", peak, Unit.NUMBER)]
    )


def test_the_biggest_spend_day_of_september(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        peak = max(Sql(client, ORG).by("toDate(ts)", "sum(cost_usd)", SEPTEMBER, OCTOBER).values())
    said = answer(numbers_env, "our biggest day for spend in september - which, and how much?")
    assert_states(said, [Figure("peak", peak, Unit.MONEY, rel=0.005)])


def test_the_busiest_hour_of_the_day_per_day(numbers_env: AgentEnv) -> None:
    text = "which hour of the day sees the most requests over the last 14 days, and how many requests a day does it average?"
    a = compute_asked(text, NOW, KNOWN)
    assert a.rate_per == RateUnit.DAY and Dimension.HOUR_OF_DAY in a.dimensions
    with numbers_env.store.session() as client:
        busiest = max(Sql(client, ORG).by("toHour(ts)", "count()", NOW - 14 * DAY, NOW).values())
    assert_states(answer(numbers_env, text), [Figure("per day", busiest / 14, Unit.NUMBER, rel=0.01)])


# --- the accrual of the days left: the run rate times the whole days after today --------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "We accrue the rest of November at the month-to-date daily run rate. What should the accrual for Nov 21-30 be?",
        "at the month-to-date run rate, what will the remaining days of the month add?",  # sibling
        "how much should we accrue for the remaining 10 days of november at the current run rate?",  # sibling
    ],
)
def test_the_accrual_is_the_run_rate_times_the_days_left(numbers_env: AgentEnv, text: str) -> None:
    a = compute_asked(text, NOW, KNOWN)
    assert not a.rest and a.project_to is not None
    assert a.window == {"start": MONTH.isoformat(), "end": NOW.isoformat()}  # the days to come are no window
    with numbers_env.store.session() as client:
        rate = Sql(client, ORG).one("sum(cost_usd)", MONTH, NOW) / 19.5
    said = answer(numbers_env, text)
    assert_states(
        said, [Figure("rate", rate, Unit.MONEY, rel=0.01), Figure("accrual", 10 * rate, Unit.MONEY, rel=0.01)]
    )
    assert "10 whole days" in said


def test_the_rest_of_named_values_is_still_the_rest() -> None:
    a = compute_asked("what share of spend is anthropic, and the rest?", NOW, KNOWN)  # contrast
    assert a.rest
