"""Phrasings beside the nineteenth set's misses on bands of one call and groups over a bound (issue #16): a band's
calls counted and then named again for a figure of theirs ("how many calls had more than 3,500 input tokens, and what
did those calls cost"), the share of a band's calls that failed ("of the calls that took longer than 5 seconds, what
percentage failed"), a share of a possessed total that went to a band ("what share of October's spend went to calls
that took longer than 3 seconds"), calls counted by a bound on their output tokens ("for each model, how many calls
produced more than 700 completion tokens"), and the groups over a bound with their share together ("how many users
made more than 380 calls, and what share of the calls those users made"). Each fix is a rule for a family, so each
is checked on phrasings the set does not hold, and on contrasts the rule must leave alone. Figures come from the
test's own SQL over the number store. Times are relative to builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.analytics.semantic import Bound, Dimension, Measure, SemanticQuery, Threshold
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import ORG, SPEND, Sql
from tests.agents.test_asked_phrasings_set8 import answer, assert_states

DAY = timedelta(days=1)
OCT = (NOW.replace(month=10, day=1, hour=0), NOW.replace(month=11, day=1, hour=0))
NO_BAND = ("prompt_band", "latency_band", "ttft_band", "cost_band", "quality_band")


def _bounds(text: str) -> list[tuple[str, str, float]]:
    return [(b.figure.value, b.bound.value, b.value) for b in compute_asked(text, NOW, KNOWN).calls_within]


# --- a band's calls counted, and a figure of theirs beside -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measures", "bound"),
    [
        (
            "how many requests took longer than 4 seconds last week and what did they cost?",
            ["requests", "spend"],
            ("latency_ms", ">", 4000),
        ),
        (
            "number of calls with over 2000 prompt tokens in October and their total spend",
            ["requests", "spend"],
            ("prompt_tokens", ">", 2000),
        ),
        (
            "how many calls had a TTFT above 1 second yesterday, and what was their error rate?",
            ["requests", "error_rate"],
            ("ttft_ms", ">", 1000),
        ),
        (
            "how many calls cost more than 5 cents each in October, and what was their average latency?",
            ["requests", "latency_avg"],
            ("cost_usd", ">", 0.05),
        ),
        (
            "How many calls this month had at least 6,000 input tokens, and how much did those calls cost us?",
            ["requests", "spend"],
            ("prompt_tokens", ">=", 6000),
        ),
    ],
)
def test_a_band_counted_and_named_again_keeps_its_calls(
    text: str, measures: list[str], bound: tuple[str, str, float]
) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert _bounds(text) == [bound]
    assert [m.value for m in asked.measures] == measures
    assert all(getattr(asked, f) is None for f in NO_BAND)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        # contrast: the figure beside is of every call (no "those", "they" or "their")
        ("how many calls took longer than 3 seconds last week and what was the overall error rate", "latency_band"),
        ("how many calls had more than 4000 input tokens in October, and what was October's spend?", "prompt_band"),
        ("how many calls had more than 4000 input tokens", "prompt_band"),  # contrast: only the count
        ("how many calls cost more than $0.05 each and what did they cost in total", "cost_band"),  # the band's own
    ],
)
def test_a_band_counted_with_no_figure_of_its_calls_stays_a_band(text: str, field: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert getattr(asked, field) is not None
    assert not asked.calls_within


def test_the_calls_over_a_prompt_size_are_counted_and_priced(numbers_env: AgentEnv) -> None:
    start = NOW - 7 * DAY
    long = "usage_known = 1 AND prompt_tokens > 4000"
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        n, spend, total = s.one("count()", start, NOW, long), s.one(SPEND, start, NOW, long), s.one(SPEND, start, NOW)
    said = answer(
        numbers_env, "how many requests in the last 7 days had more than 4,000 prompt tokens, and what did they cost?"
    )
    assert_states(said, [Figure("calls", n, Unit.NUMBER), Figure("their cost", spend, Unit.MONEY, rel=0.005)])
    assert abs(total - spend) / total > 0.1  # (the whole's spend is no answer)


# --- the share of a band's calls that failed ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("Of the requests slower than 3 seconds in October, what share failed?", ("latency_ms", ">", 3000)),
        ("for calls with more than 4000 input tokens last week, what percent errored?", ("prompt_tokens", ">", 4000)),
        ("calls over 2 s in the last 7 days: how many of them failed?", ("latency_ms", ">", 2000)),
        ("among calls costing more than 10 cents in october, what fraction failed", ("cost_usd", ">", 0.1)),
        ("what percentage of the calls that took longer than 5 seconds last week failed?", ("latency_ms", ">", 5000)),
        ("what share of requests with more than 4000 input tokens errored in October", ("prompt_tokens", ">", 4000)),
    ],
)
def test_the_share_of_a_bands_calls_that_failed_is_their_error_rate(text: str, bound: tuple[str, str, float]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert _bounds(text) == [bound]
    assert Measure.ERROR_RATE in asked.measures
    assert not {m.value for m in asked.measures if m.value.endswith(("_band_share", "_band_n"))}
    assert all(getattr(asked, f) is None for f in NO_BAND)


@pytest.mark.parametrize(
    "text",
    [
        "what share of calls took longer than 3 seconds last week, and how many failed",  # contrast: two asks
        "what share of calls took longer than 3 seconds last week",  # contrast: the band's share
    ],
)
def test_a_share_of_a_bands_calls_stays_a_band(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.latency_band is not None and Measure.LATENCY_BAND_SHARE in asked.measures
    assert not asked.calls_within


def test_the_error_rate_of_long_prompts_is_stated(numbers_env: AgentEnv) -> None:
    long = "usage_known = 1 AND prompt_tokens > 4000"
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        rate = s.one("100 * countIf(status != 'ok') / count()", *OCT, long)
        share = s.one(f"100 * countIf({long}) / count()", *OCT)
    said = answer(numbers_env, "what share of requests with more than 4000 input tokens errored in October?")
    assert_states(said, [Figure("error rate", rate, Unit.PERCENT, abs=0.05)])
    assert f"{share:.1f} %" not in said  # (the band's own share of the calls is not what was asked)


# --- a share of a possessed total that went to a band ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("what percentage of last month's spend came from calls longer than 4 seconds?", "latency_ms"),
        ("what share of this week's cost was calls with more than 5000 input tokens", "prompt_tokens"),
        ("what share of November's spend went to requests with a TTFT above 2 seconds", "ttft_ms"),
        ("what fraction of the last 30 days' spend went to calls costing over 20 cents each", "cost_usd"),
    ],
)
def test_a_share_of_a_possessed_total_is_the_bands_part_of_it(text: str, figure: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert [b[0] for b in _bounds(text)] == [figure]
    assert asked.share_of_whole and Measure.SPEND in asked.measures


def test_the_share_of_last_months_spend_on_slow_calls_is_stated(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        slow, whole = s.one(SPEND, *OCT, "latency_ms > 4000"), s.one(SPEND, *OCT)
    said = answer(numbers_env, "what percentage of last month's spend came from calls longer than 4 seconds?")
    assert_states(said, [Figure("share", 100 * slow / whole, Unit.PERCENT, abs=0.05)])


# --- calls counted by a bound on their output tokens -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dimensions", "bound"),
    [
        ("how many calls had more than 1000 output tokens last week", [], ("completion_tokens", ">", 1000)),
        (
            "per workload, how many calls in October produced over 600 completion tokens",
            ["workload"],
            ("completion_tokens", ">", 600),
        ),
        (
            "number of requests by provider with at least 1,000 completion tokens last week",
            ["provider"],
            ("completion_tokens", ">=", 1000),
        ),
    ],
)
def test_calls_counted_by_their_output_tokens_keep_those_calls(
    text: str, dimensions: list[str], bound: tuple[str, str, float]
) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert _bounds(text) == [bound]
    assert asked.measures == [Measure.REQUESTS] and [d.value for d in asked.dimensions] == dimensions
    assert not asked.cannot


def test_a_share_of_calls_over_an_output_size_is_their_part_of_all_calls() -> None:
    asked = compute_asked("what share of calls produced more than 800 output tokens this month", NOW, KNOWN)
    assert _bounds("what share of calls produced more than 800 output tokens this month") == [
        ("completion_tokens", ">", 800)
    ]
    assert asked.share_of_whole and asked.measures == [Measure.REQUESTS]


def test_the_calls_over_an_output_size_are_counted_per_workload(numbers_env: AgentEnv) -> None:
    start = NOW - 30 * DAY
    with numbers_env.store.session() as client:
        per = Sql(client, ORG).by("workload", "count()", start, NOW, "usage_known = 1 AND completion_tokens > 600")
    said = answer(numbers_env, "per workload, how many calls in the last 30 days produced more than 600 output tokens?")
    assert_states(said, [Figure(w, n, Unit.NUMBER) for w, n in per.items()])
    assert "could not read" not in said.lower()


# --- the groups over a bound, with their share together ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        (
            "how many workloads made more than 2,500 calls in October, and what share of the calls did they make?",
            "requests",
        ),
        ("users with over 100 calls last week and their share of all calls", "requests"),
        ("how many models spent more than $10 in October and what share of the spend was that?", "spend"),
    ],
)
def test_groups_over_a_bound_with_a_share_are_their_part_of_the_whole(text: str, measure: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.having is not None and asked.having.measure.value == measure
    assert asked.share_of_whole and not asked.share


def test_groups_over_a_bound_without_a_share_keep_no_whole() -> None:
    asked = compute_asked("how many users made more than 380 calls in October", NOW, KNOWN)  # contrast
    assert asked.having is not None and asked.count_groups and not asked.share_of_whole


def test_a_share_of_the_whole_takes_groups_over_a_bound() -> None:
    having = Threshold(bound=Bound.ABOVE, value=100, measure=Measure.REQUESTS)
    start = NOW - 7 * DAY
    SemanticQuery(
        measures=[Measure.REQUESTS],
        dimensions=[Dimension.USER],
        having=having,
        share_of_whole=True,
        start=start,
        end=NOW,
    )
    with pytest.raises(ValueError, match="share_of_whole"):  # (grouped with no bound: each group's share is stated)
        SemanticQuery(
            measures=[Measure.REQUESTS], dimensions=[Dimension.USER], share_of_whole=True, start=start, end=NOW
        )


def test_the_busy_workloads_share_of_the_calls_is_stated(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        calls = Sql(client, ORG).by("workload", "count()", *OCT)
    busy = [n for n in calls.values() if n > 2500]
    assert 0 < len(busy) < len(calls)
    said = answer(
        numbers_env,
        "How many workloads made more than 2,500 calls in October, and what share of October's calls did they make?",
    )
    assert_states(
        said,
        [
            Figure("workloads", len(busy), Unit.NUMBER),
            Figure("share", 100 * sum(busy) / sum(calls.values()), Unit.PERCENT, abs=0.05),
        ],
    )


def test_the_big_models_share_of_the_spend_is_stated(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        spend = Sql(client, ORG).by("model", SPEND, *OCT)
    big = [v for v in spend.values() if v > 10]
    assert 0 < len(big) < len(spend)
    said = answer(numbers_env, "which models spent more than $10 in October, and what share of the spend was theirs?")
    assert_states(said, [Figure("share", 100 * sum(big) / sum(spend.values()), Unit.PERCENT, abs=0.05)])
