"""The figure a superlative ranks by, when another figure is asked beside it (issue #16): the rows are ranked by the
superlative's figure ("which model had the best quality, and what did it cost per call" by quality), so the first row
is the one asked about; the median of a count per member ("the median number of calls per user") is the middle of the
members' counts, not a latency."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.asked_ranked import compute_ranked_measure
from netra_core.agents.assistant import ask
from netra_core.analytics.semantic import Dimension, Measure, Order
from tests.agents.builders import NOW, AgentEnv

AT = datetime(2026, 11, 20, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("question", "first", "order"),
    [
        ("which model had the best average quality in october and what did it cost per call", "quality", "desc"),
        ("which model had the highest quality last month, and its cost per request", "quality", "desc"),
        ("what did each model cost per call last week, and which had the best quality?", "quality", "desc"),
        ("which workload had the most errors in october and what was its error rate", "errors", "desc"),
        ("which provider had the worst quality in october, and how much did we spend on it", "quality", "asc"),
        ("which model had the best latency last week and what does it cost per call", "latency_p50", "asc"),
        ("which workload had the lowest spend in october, and what was its error rate", "spend", "asc"),
        ("who was our heaviest user in october by calls and what did they spend", "requests", "desc"),
        ("how much did the busiest user spend on 10 Nov", "requests", "desc"),
        ("which users were the most active in october, and what did they cost", "requests", "desc"),
    ],
)
def test_the_superlatives_figure_ranks_the_rows(question: str, first: str, order: str) -> None:
    asked = compute_asked(question, AT)
    assert asked.dimensions, question
    assert asked.measures[0] == Measure(first), (question, asked.measures)
    assert asked.order == Order(order), (question, asked.order)


@pytest.mark.parametrize(
    ("question", "measures"),
    [
        # one figure asked, or a superlative of the figure already first: nothing moves
        ("which model had the best average quality in october", ["quality"]),
        ("which workload spent the most in october, and how many calls did it make", None),
        ("top 5 users by spend last month", ["spend"]),
        # a bound is not a superlative
        ("which workloads had at least 5 errors yesterday and what was their spend", None),
    ],
)
def test_no_superlative_of_another_figure_leaves_the_order(question: str, measures: list[str] | None) -> None:
    asked = compute_asked(question, AT)
    if measures is not None:
        assert [m.value for m in asked.measures] == measures
    else:
        assert asked.measures[0] != Measure.ERRORS or "errors" not in question.split("least")[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the most errors", (Measure.ERRORS, "most")),
        ("the highest error rate", (Measure.ERROR_RATE, "highest")),
        ("the busiest user", (Measure.REQUESTS, "busiest")),
        ("the top user by spend", (Measure.SPEND, "most")),
        ("at least 3 errors", None),
        ("at most 2 seconds", None),
    ],
)
def test_the_ranked_figure_is_read_from_the_superlatives_phrase(
    text: str, expected: tuple[Measure, str] | None
) -> None:
    assert compute_ranked_measure(text) == expected


@pytest.mark.parametrize(
    ("question", "dimension", "measure"),
    [
        ("median number of calls per user in october", Dimension.USER, Measure.REQUESTS),
        ("what's the median count of requests per workload last month", Dimension.WORKLOAD, Measure.REQUESTS),
        ("the median total of spend per user in october", Dimension.USER, Measure.SPEND),
    ],
)
def test_the_median_of_a_count_per_member_is_the_members_middle(
    question: str, dimension: Dimension, measure: Measure
) -> None:
    asked = compute_asked(question, AT)
    assert asked.median_per_group, question
    assert asked.dimensions == [dimension]
    assert asked.measures[0] == measure
    assert Measure.LATENCY_P50 not in asked.measures


def test_the_first_row_is_the_best_quality_with_its_cost(agent_env: AgentEnv) -> None:
    text = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("ana"),
        "which model had the best average quality in the last 30 days and what did it cost per call?",
        now=NOW,
    ).text
    rows = [line for line in text.splitlines() if line.startswith("- model ")]
    qualities = [float(line.split("mean quality ")[1].split(";")[0].split()[0]) for line in rows]
    assert len(rows) >= 2 and qualities == sorted(qualities, reverse=True), text
    assert "cost per request" in rows[0], text
