"""Per-day averages, ratios and steps of a series, and bounds on a derived figure (issue #16, the sixteenth blind set's
misses): "on an average day" of a named window is its total over its days; events counted are the calls; "the ratio
of October to September" states the one window over the other, both ways; "week over week for the last four weeks" is
each bucket against the one just before it; "models that average more than 2 cents a call" (a p95 above 3 seconds, a
cost per 1k tokens over $1) keeps the groups meeting a bound on that figure. Each fix is a rule for a family of
phrasings, checked here on phrasings the set does not hold and on contrasts the rule must leave alone. Figures come
from the test's own SQL over the number store. Times are relative to builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.analytics.semantic import Comparison, Dimension, Grain, Measure, RateUnit, SemanticQuery
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import MONTH, OCTOBER, ORG, REQUESTS, SEPTEMBER, SPEND, TODAY, YESTERDAY, Sql
from tests.agents.test_asked_phrasings_set8 import answer, assert_states

DAY = timedelta(days=1)
NOVEMBER = MONTH
TOKENS = "sum(prompt_tokens + completion_tokens)"


def change(label: str, new: float, old: float) -> Figure:
    """A change in per cent of `new` over `old`, compared by size ("down 6.7 %")."""
    return Figure(label, 100 * (new - old) / old, Unit.PERCENT, abs=0.3, magnitude=True)


# --- "on an average day" of a window: its total over its days -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("how much do we spend on an average day? take October as the reference", Measure.SPEND),
        ("on a typical day in september, what do we spend", Measure.SPEND),  # sibling: another word, month
        ("how many calls do we get on an average day this month", Measure.REQUESTS),  # sibling: calls
        ("what does an average day cost us in september", Measure.SPEND),  # sibling: "an average day costs"
        ("how many tokens on a normal day over the last 30 days?", Measure.TOTAL_TOKENS),  # sibling: tokens
        ("how many events come in on an average day in October", Measure.REQUESTS),  # sibling: events
    ],
)
def test_an_average_day_of_a_window_is_its_total_over_its_days(text: str, measure: Measure) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.rate_per == RateUnit.DAY and asked.grain is None and asked.measures[0] == measure, asked


def test_an_average_day_of_each_group_is_each_groups_per_day() -> None:
    asked = compute_asked("what does each workload spend on an average day last week", NOW, KNOWN)
    assert asked.rate_per == RateUnit.DAY and asked.dimensions == [Dimension.WORKLOAD]


@pytest.mark.parametrize(
    "text",
    [
        "what was our spend on the busiest day in October",  # contrast: one day, the top one
        "spend per day in October",  # contrast: the daily series
        "how much did we spend in October",  # contrast: the total
    ],
)
def test_a_day_that_is_not_an_average_one_is_no_per_day_rate(text: str) -> None:
    assert compute_asked(text, NOW, KNOWN).rate_per is None


@pytest.mark.parametrize(
    ("text", "expr", "start", "end", "days", "unit"),
    [
        ("on a typical day in september, what do we spend?", SPEND, SEPTEMBER, OCTOBER, 30, Unit.MONEY),
        ("how many tokens do we use on an average day in October", TOKENS, OCTOBER, NOVEMBER, 31, Unit.NUMBER),
    ],
)
def test_an_average_day_is_stated(
    numbers_env: AgentEnv, text: str, expr: str, start: object, end: object, days: int, unit: Unit
) -> None:
    with numbers_env.store.session() as client:
        total = Sql(client, ORG).one(expr, start, end)  # type: ignore[arg-type]
    assert_states(answer(numbers_env, text), [Figure("per day", total / days, unit, rel=0.005)])


# --- events counted are the calls ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "how many events did we ingest yesterday vs our daily average over the last 30 days?",
        "how many events did we get yesterday",  # sibling: one window
        "events per workload last week",  # sibling: per group, no "how many"
    ],
)
def test_events_counted_are_the_requests(text: str) -> None:
    assert compute_asked(text, NOW, KNOWN).measures == [Measure.REQUESTS]


def test_spend_of_the_events_is_still_spend() -> None:
    assert compute_asked("spend in the events from last week", NOW, KNOWN).measures == [Measure.SPEND]  # contrast


def test_events_yesterday_against_their_daily_average_of_another_window(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        yesterday = s.one(REQUESTS, YESTERDAY, TODAY)
        week = s.one(REQUESTS, TODAY - 7 * DAY, TODAY)
    said = answer(numbers_env, "events yesterday compared with our daily average over the 7 days before today")
    assert_states(said, [Figure("yesterday", yesterday, Unit.NUMBER), Figure("a day", week / 7, Unit.NUMBER, rel=0.01)])


# --- the ratio of one window to another ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Give me September and October spend and the ratio of October to September.",
        "how many times more did we spend in october than september",  # sibling: "how many times more"
        "spend this month vs last month, and the ratio",  # sibling: another pair of windows
        "calls last week vs the week before: what multiple of the week before is it?",  # sibling: calls, a multiple
    ],
)
def test_the_ratio_of_two_windows_is_asked(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.ratio and asked.compare.value != "none", asked
    assert Measure.REQUESTS not in asked.measures or "calls" in text  # "how many times more" counts no calls


@pytest.mark.parametrize(
    "text",
    [
        "october vs september spend",  # contrast: no ratio said
        "input to output token ratio this month vs last month",  # contrast: the ratio is the measure
        "how many times did we call gpt-4o last week vs the week before",  # contrast: times are the calls
    ],
)
def test_a_comparison_without_a_ratio_of_the_windows_states_none(text: str) -> None:
    assert not compute_asked(text, NOW, KNOWN).ratio


def test_the_ratio_of_two_windows_is_stated_both_ways(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        octo, sept = s.one(REQUESTS, OCTOBER, NOVEMBER), s.one(REQUESTS, SEPTEMBER, OCTOBER)
    said = answer(numbers_env, "how many times more calls did we get in october than in september?")
    figures = [Figure("October", octo, Unit.NUMBER), Figure("September", sept, Unit.NUMBER)]
    assert_states(said, [*figures, Figure("ratio", octo / sept, Unit.NUMBER, rel=0.001)])
    assert_states(said, [Figure("ratio the other way", sept / octo, Unit.NUMBER, rel=0.001)])


# --- the step of a series: each bucket against the one before it ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "grain"),
    [
        (
            "What has our spend growth rate been week over week for the last four full weeks, Monday to Sunday? Show "
            "each week's spend and the % growth from the week before.",
            Grain.WEEK,
        ),
        ("spend week over week for the last 4 weeks", Grain.WEEK),  # sibling: no grain said, four weeks
        ("day over day change in requests over the last 7 days", Grain.DAY),  # sibling: days
        ("month over month growth in spend since august", Grain.MONTH),  # sibling: months
        ("daily calls this week, each day against the day before", Grain.DAY),  # sibling: "the day before"
        ("weekly spend per workload for the last 6 weeks, week on week", Grain.WEEK),  # sibling: grouped
        ("error rate by day for the last 14 days, day over day", Grain.DAY),  # sibling: a rate
    ],
)
def test_a_step_of_a_series_compares_each_bucket_with_the_one_before(text: str, grain: Grain) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert (asked.compare, asked.grain) == (Comparison.PREVIOUS_BUCKET, grain), asked


@pytest.mark.parametrize(
    ("text", "compare"),
    [
        ("spend last week vs the previous week", Comparison.PREVIOUS_PERIOD),  # contrast: one week, the one before
        ("daily spend this week vs last week", Comparison.SAME_WEEKDAY_LAST_WEEK),  # contrast: a week's days
        ("spend this month, month over month", Comparison.PREVIOUS_MONTH),  # contrast: one month
        ("monthly spend for september and october, month over month", Comparison.PREVIOUS_MONTH),  # two months
    ],
)
def test_one_window_against_the_one_before_is_no_step(text: str, compare: Comparison) -> None:
    assert compute_asked(text, NOW, KNOWN).compare == compare


def test_each_day_is_compared_with_the_day_before(numbers_env: AgentEnv) -> None:
    first = OCTOBER + 40 * DAY  # Monday 10 November
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        calls = [s.one(REQUESTS, first + (i - 1) * DAY, first + i * DAY) for i in range(6)]  # from the 9th
    said = answer(numbers_env, "daily calls from november 10 to november 14, day over day")
    figures = [Figure(f"day {i}", calls[i], Unit.NUMBER) for i in range(1, 6)]
    steps = [change(f"day {i} step", calls[i], calls[i - 1]) for i in range(1, 6)]
    assert_states(said, [*figures, *steps])


def test_the_month_before_each_month_is_the_whole_month(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        sept, octo = s.one(SPEND, SEPTEMBER, OCTOBER), s.one(SPEND, OCTOBER, NOVEMBER)
    said = answer(numbers_env, "month over month growth in spend since september")
    assert_states(said, [Figure("October", octo, Unit.MONEY, rel=0.005), change("October's step", octo, sept)])
    assert "Per day" not in said  # a series' buckets are compared like for like, not per covered day of the window


def test_a_step_needs_a_series() -> None:
    with pytest.raises(ValueError, match="previous_bucket"):
        SemanticQuery(measures=[Measure.SPEND], start=OCTOBER, end=NOVEMBER, compare=Comparison.PREVIOUS_BUCKET)


# --- a bound on a unit cost or a latency of each group --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measure", "value"),
    [
        ("Which models average more than 2 cents a call over the last 30 days?", Measure.COST_PER_REQUEST, 0.02),
        ("which models cost more than $0.02 per call over the last 30 days", Measure.COST_PER_REQUEST, 0.02),
        ("which models have a cost per request over $0.02 this month", Measure.COST_PER_REQUEST, 0.02),  # before
        ("providers that charge over $1 per 1k tokens in october", Measure.COST_PER_1K_TOKENS, 1.0),  # tokens
        # (set 13's phrasing kept no bound at all while only totals were bounded: the unit cost is bounded now)
        ("which models cost under $1 per million tokens for us this month?", Measure.COST_PER_1M_TOKENS, 1.0),
        ("workloads with a cost per session above 50 cents last week", Measure.COST_PER_SESSION, 0.5),  # sessions
        ("which workloads have a p95 above 3 seconds this week", Measure.LATENCY_P95, 3000.0),  # a latency, in ms
        ("workloads whose median latency is under 800 ms last week", Measure.LATENCY_P50, 800.0),  # a median, ms
    ],
)
def test_a_bound_on_a_derived_figure_keeps_the_groups_meeting_it(text: str, measure: Measure, value: float) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.having is not None and asked.dimensions, asked
    assert asked.having.measure == measure and asked.having.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("which workloads spent more than $50 last month", Measure.SPEND),  # contrast: a total
        ("models that cost more than $40 last month, and their cost per call", Measure.SPEND),  # the total bounded
    ],
)
def test_a_bound_on_a_total_stays_on_the_total(text: str, measure: Measure) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.having is not None and asked.having.measure == measure


def test_calls_slower_than_a_bound_stay_a_band() -> None:
    asked = compute_asked("how many calls were slower than 3 seconds yesterday", NOW, KNOWN)  # contrast: one call
    assert asked.having is None and asked.latency_band is not None


def test_the_groups_over_a_cost_per_call_are_listed_with_it(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        per_call = Sql(client, ORG).by("workload", "sum(cost_usd) / count()", OCTOBER, NOVEMBER)
    over = {w: v for w, v in per_call.items() if v > 0.015}
    assert 0 < len(over) < len(per_call)
    said = answer(numbers_env, "which workloads averaged more than 1.5 cents a call in october?")
    assert_states(said, [Figure(w, v, Unit.MONEY, rel=0.01) for w, v in over.items()])
    for w in set(per_call) - set(over):
        assert f"workload {w}:" not in said  # the others are below the bound
