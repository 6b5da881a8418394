"""Readings found wrong by the team's own questions after the nineteenth set (issue #16): one failed or successful
call ("the average cost of a failed call") keeps the calls of that status, as the plural does; "a successful call"
is no cost per successful call unless a cost is asked; the org's own spend on two named models compared ("how much of
our spend is on gpt-4o-mini vs gpt-4o") is what its calls cost, not a list-price what-if."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.assistant import ask
from netra_core.analytics.semantic import Dimension, Measure
from tests.agents.builders import NOW, AgentEnv

AT = datetime(2026, 11, 20, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("what was the average cost of a failed call last month", Measure.COST_PER_REQUEST),
        ("what does a failed request cost us on average in october", Measure.COST_PER_REQUEST),
        ("p95 latency of an errored call this week", Measure.LATENCY_P95),
        ("how many tokens does an unsuccessful request use on average", None),
    ],
)
def test_one_failed_call_keeps_the_failed_calls(question: str, measure: Measure | None) -> None:
    asked = compute_asked(question, AT)
    assert asked.exclude.get(Dimension.STATUS) == ["ok"], (question, asked.exclude, asked.measures)
    if measure is not None:
        assert measure in asked.measures
    assert Measure.ERROR_RATE not in asked.measures


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("average latency of a successful call yesterday", Measure.LATENCY_AVG),
        ("what's the median latency of a successful request on gpt-4o", Measure.LATENCY_P50),
    ],
)
def test_one_successful_call_keeps_the_successful_calls(question: str, measure: Measure) -> None:
    asked = compute_asked(question, AT)
    assert asked.filters.get(Dimension.STATUS) == ["ok"], (question, asked.filters)
    assert measure in asked.measures
    assert Measure.COST_PER_SUCCESSFUL_REQUEST not in asked.measures


def test_a_cost_per_successful_call_is_still_read() -> None:
    asked = compute_asked("what's our cost per successful call in october", AT)
    assert Measure.COST_PER_SUCCESSFUL_REQUEST in asked.measures


@pytest.mark.parametrize(
    "question",
    [
        "how much of our spend is on gpt-4o-mini vs gpt-4o?",
        "our spend on gpt-4o versus gpt-4o-mini",
    ],
)
def test_our_spend_on_two_models_is_our_traffics(agent_env: AgentEnv, question: str) -> None:
    text = ask(agent_env.session_factory, agent_env.store, agent_env.auth("ana"), question, now=NOW).text
    assert "list prices" not in text and "would cost" not in text, text
    assert "gpt-4o-mini" in text and "spend $" in text, text


def test_a_hypothetical_spend_on_two_models_stays_a_what_if() -> None:
    asked = compute_asked("what would our spend be on gpt-4o-mini vs gpt-4o", AT)
    assert not asked.own_traffic


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("which modle is most expensiv in octber", "which model is most expensive in october"),
        ("spend on wednsday in novmber", "spend on wednesday in november"),
        ("latncy of gpt-4o yesterday", "latency of gpt-4o yesterday"),
        # frequent English words, names with digits or hyphens, and words two edits away stay as written
        ("search-rag and gpt-4o-mini calls", "search-rag and gpt-4o-mini calls"),
        ("the cheaper models were older", "the cheaper models were older"),
        ("need to shave 25% off the llm spend", "need to shave 25% off the llm spend"),
        ("what about the xyzzyq workload", "what about the xyzzyq workload"),
    ],
)
def test_a_misspelt_vocabulary_word_is_read_back(text: str, fixed: str) -> None:
    from netra_core.agents.typos import compute_typos_fixed_text

    assert compute_typos_fixed_text(text) == fixed


def test_a_misspelt_month_is_its_window(agent_env: AgentEnv) -> None:
    text = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("ana"),
        "which modle is most expensiv in octber",
        now=NOW,
    ).text
    assert "2026-10-01" in text and "by model" in text, text


def test_the_user_with_most_call_is_ranked_by_calls() -> None:
    asked = compute_asked("who is user with most call last week and how much he spend", AT)
    assert asked.dimensions == [Dimension.USER]
    assert asked.measures[:2] == [Measure.REQUESTS, Measure.SPEND]


@pytest.mark.parametrize(
    ("question", "day_type", "rated"),
    [
        ("For the October close: what was our LLM spend per working day (Monday to Friday)?", "weekday", True),
        ("what did we spend per business day in october", "weekday", True),
        ("how many calls per weekend day did we get in october", "weekend", True),
        ("show spend for each working day in october", "weekday", False),
    ],
)
def test_a_figure_per_kind_of_day_is_over_those_days(question: str, day_type: str, rated: bool) -> None:
    asked = compute_asked(question, AT)
    assert asked.filters.get(Dimension.DAY_TYPE) == [day_type]
    assert (asked.rate_per is not None) is rated
    assert (asked.grain is None) is rated


def test_spend_per_working_day_divides_by_the_working_days(agent_env: AgentEnv) -> None:
    text = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("ana"),
        "what was our spend per working day in October?",
        now=NOW,
    ).text
    assert "Per day (the total over the 22 days of the window within the days asked)" in text, text


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("how many calls failed between 18:00 and midnight utc yesterday", "2026-11-19 18:00 to 2026-11-20 00:00 UTC"),
        ("between 22:00 and midnight on 17 nov", "2026-11-17 22:00 to 2026-11-18 00:00 UTC"),
        ("between 9pm and midnight yesterday", "2026-11-19 21:00 to 2026-11-20 00:00 UTC"),
        # the midnight that starts the day named, when the other clock is said with its own day
        ("from midnight yesterday to 06:00 today", "2026-11-19 00:00 to 2026-11-20 06:00 UTC"),
    ],
)
def test_an_evening_to_midnight_of_a_day_is_that_days_evening(text: str, label: str) -> None:
    from netra_core.agents.timerange import compute_time_range

    found = compute_time_range(text, AT)
    assert found is not None and found.label == label
