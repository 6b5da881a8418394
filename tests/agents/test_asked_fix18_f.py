"""Phrasings beside the eighteenth set's misses on bands of one call and bounds on a group's count (issue #16): a
band of one call's figure read as the calls a figure is of ("the error rate for calls longer than 4000 input
tokens", "spend on calls longer than 5 seconds", "the median quality of calls that cost more than 3 cents", "average
latency of calls over 2000 output tokens"), a share of spend that went to a band ("what fraction of our spend went to
calls that scored below 0.6"), and a bound on how many times a group was called ("users who used gpt-4o more than 100
times", "models called fewer than 50 times"). Each fix is a rule for a family, so each is checked on phrasings the set
does not hold, and on contrasts the rule must leave alone. Figures come from the test's own SQL over the number store.
Times are relative to builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.analytics.semantic import Bound, CallFigure, Dimension, Measure
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import ORG, SPEND, Sql
from tests.agents.test_asked_phrasings_set8 import answer, assert_states

DAY = timedelta(days=1)


# --- a band of one call's figure as the calls a figure is of --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measures", "figure", "bound", "value"),
    [
        ("What's the error rate for calls longer than 4000 input tokens?", ["error_rate"], "prompt_tokens", ">", 4000),
        ("error rate on requests with more than 4k prompt tokens", ["error_rate"], "prompt_tokens", ">", 4000),
        (
            "for calls over 8,000 input tokens, what was the average latency",
            ["latency_avg"],
            "prompt_tokens",
            ">",
            8000,
        ),
        ("How much did we spend on calls longer than 5 seconds in October?", ["spend"], "latency_ms", ">", 5000),
        ("spend on requests slower than 2500 ms last week", ["spend"], "latency_ms", ">", 2500),
        ("what's the median quality for calls that cost more than 3 cents?", ["quality_p50"], "cost_usd", ">", 0.03),
        ("mean quality of requests costing over $0.05 each", ["quality"], "cost_usd", ">", 0.05),
        ("average latency of calls over 2000 output tokens", ["latency_avg"], "completion_tokens", ">", 2000),
        ("avg cost per call for requests with more than 1500 completion tokens", None, "completion_tokens", ">", 1500),
        ("p95 latency of calls under 500 output tokens this month", ["latency_p95"], "completion_tokens", "<", 500),
    ],
)
def test_a_band_of_one_call_keeps_the_calls_the_figure_is_of(
    text: str, measures: list[str] | None, figure: str, bound: str, value: float
) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert [(b.figure.value, b.bound.value, b.value) for b in asked.calls_within] == [(figure, bound, value)]
    if measures is not None:
        assert [m.value for m in asked.measures] == [*measures, "requests"]  # (how many calls, said beside)
    assert asked.prompt_band is None and asked.latency_band is None and asked.cost_band is None
    assert not asked.cannot


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("how many calls had more than 4000 input tokens", "prompt_band"),  # contrast: the calls counted
        ("what share of calls took longer than 3 seconds last week", "latency_band"),  # contrast: the calls shared
        ("percentage of requests that cost more than 10 cents each", "cost_band"),  # contrast
        ("how many calls cost more than $0.05 each and what did they cost in total", "cost_band"),  # contrast
        ("what share scored below 0.8 in october", "quality_band"),  # contrast: the scores shared
    ],
)
def test_a_band_whose_calls_are_counted_stays_a_band(text: str, field: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert getattr(asked, field) is not None
    assert not asked.calls_within


@pytest.mark.parametrize(
    "text",
    [
        "p95 latency above 3 seconds by model",  # contrast: a level of a percentile, no band of calls
        "total output tokens last week",  # contrast: no bound at all
        "which workloads spent more than $50 in october",  # contrast: a bound on a group's spend
    ],
)
def test_a_level_or_a_groups_figure_keeps_no_calls(text: str) -> None:
    assert not compute_asked(text, NOW, KNOWN).calls_within


def test_the_error_rate_of_long_prompts_is_of_those_calls(numbers_env: AgentEnv) -> None:
    start = NOW - 30 * DAY
    long = "usage_known = 1 AND prompt_tokens > 4000"
    with numbers_env.store.session() as client:
        rate = Sql(client, ORG).one("100 * countIf(status != 'ok') / count()", start, NOW, long)
    said = answer(numbers_env, "What's the error rate for calls longer than 4000 input tokens over the last 30 days?")
    assert_states(said, [Figure("error rate", rate, Unit.PERCENT, abs=0.05)])


def test_the_spend_on_slow_calls_is_of_those_calls(numbers_env: AgentEnv) -> None:
    start, end = NOW.replace(month=10, day=1, hour=0), NOW.replace(month=11, day=1, hour=0)
    with numbers_env.store.session() as client:
        spend = Sql(client, ORG).one(SPEND, start, end, "latency_ms > 5000")
    said = answer(numbers_env, "How much did we spend on calls longer than 5 seconds in October?")
    assert_states(said, [Figure("spend", spend, Unit.MONEY, rel=0.005)])
    assert "could not read" not in said.lower()


# --- a share of spend that went to a band ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("what fraction of our spend went to calls that scored below 0.6 on quality in the last 30 days?", "quality"),
        ("share of spend on calls scoring under 0.5 last month", "quality"),
        ("what % of our costs came from calls slower than 4 seconds", "latency_ms"),
        ("percentage of total spend from requests with more than 8000 input tokens", "prompt_tokens"),
        ("how much of our spend, as a percent, went to calls over 2000 output tokens", "completion_tokens"),
    ],
)
def test_a_share_of_spend_in_a_band_is_the_kept_calls_part_of_the_whole(text: str, figure: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert [b.figure.value for b in asked.calls_within] == [figure]
    assert asked.share_of_whole and Measure.SPEND in asked.measures


def test_the_share_of_spend_on_low_scores_is_stated(numbers_env: AgentEnv) -> None:
    start = NOW - 30 * DAY
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        low, whole = s.one(SPEND, start, NOW, "quality < 0.8"), s.one(SPEND, start, NOW)
    said = answer(
        numbers_env, "what fraction of our spend went to calls that scored below 0.8 on quality in the last 30 days?"
    )
    assert_states(
        said,
        [Figure("their spend", low, Unit.MONEY, rel=0.005), Figure("share", 100 * low / whole, Unit.PERCENT, abs=0.05)],
    )


# --- a bound on how many times a group was called -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dimension", "bound", "value"),
    [
        ("Which users have used gpt-4o more than 100 times this month?", Dimension.USER, Bound.ABOVE, 100),
        ("models called fewer than 50 times last week", Dimension.MODEL, Bound.BELOW, 50),
        ("which workloads hit the api over 3000 times in october", Dimension.WORKLOAD, Bound.ABOVE, 3000),
        ("providers that were used at least 200 times yesterday", Dimension.PROVIDER, Bound.AT_LEAST, 200),
        ("workloads with more than 5000 calls in October", Dimension.WORKLOAD, Bound.ABOVE, 5000),
    ],
)
def test_times_a_group_was_called_bound_its_requests(
    text: str, dimension: Dimension, bound: Bound, value: float
) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.dimensions == [dimension]
    assert asked.having is not None
    assert (asked.having.measure, asked.having.bound, asked.having.value) == (Measure.REQUESTS, bound, value)


def test_how_many_times_asks_no_bound() -> None:
    asked = compute_asked("how many times was gpt-4o called last week", NOW, KNOWN)  # contrast: a count, no bound
    assert asked.having is None and asked.measures == [Measure.REQUESTS]


def test_the_models_called_fewer_than_n_times_are_listed(numbers_env: AgentEnv) -> None:
    start = NOW - 7 * DAY
    with numbers_env.store.session() as client:
        rows = Sql(client, ORG).rows("model, count() AS n", start, NOW, tail="GROUP BY model")
    few = [(m, n) for m, n in rows if n < 2000]
    said = answer(numbers_env, "models called fewer than 2000 times in the last 7 days")
    assert_states(said, [Figure(m, n, Unit.NUMBER) for m, n in few])


# --- a quantile of the quality score ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "median quality score of sonnet last week",
        "what was sonnet's median quality last week",
        "quality median for claude-3-5-sonnet over the past 7 days",
        "p50 of the eval score for sonnet last week",
    ],
)
def test_a_median_quality_is_the_scores_median_not_the_mean(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert Measure.QUALITY_P50 in asked.measures and Measure.QUALITY not in asked.measures


def test_call_figures_are_named() -> None:
    assert {f.value for f in CallFigure} >= {"latency_ms", "prompt_tokens", "completion_tokens", "cost_usd", "quality"}


def test_a_bound_on_the_calls_is_no_bound_on_the_groups() -> None:
    asked = compute_asked("among calls that cost over 5 cents, what's the error rate by model", NOW, KNOWN)
    assert asked.having is None and asked.dimensions == [Dimension.MODEL]
    assert [m.value for m in asked.measures] == ["error_rate", "requests"]
    both = compute_asked("which workloads spent more than $5 on calls slower than 5 seconds in october", NOW, KNOWN)
    assert both.having is not None and (both.having.measure, both.having.value) == (Measure.SPEND, 5)
    assert [(b.figure, b.value) for b in both.calls_within] == [(CallFigure.LATENCY, 5000)]
