"""A figure checked against a bound the question states (issue #16, the twentieth set): a claim or a yes/no question
about a subject's cost per call or latency ("is it true that ticket-classifier costs less than a tenth of a cent per
call") is that figure checked, not a band on the calls counted; a bound on calls ("how many calls cost more than 5
cents each") stays a band. And a question whose ask is a figure is answered with it, whatever its preamble says of
routing ("Routing candidates: how many gpt-4o calls had fewer than 500 prompt tokens")."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.assistant import ask
from netra_core.agents.intents import Intent
from netra_core.agents.triage import compute_plan, is_figure_asked
from netra_core.analytics.semantic import Bound, Measure
from tests.agents.builders import NOW, AgentEnv

AT = datetime(2026, 11, 20, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("question", "measure", "bound", "value"),
    [
        (
            "Is it true that ticket-classifier costs less than a tenth of a cent per call?",
            "cost_per_request",
            "below",
            0.001,
        ),
        ("does gpt-4o-mini cost under 1 cent per call on average?", "cost_per_request", "below", 0.01),
        ("is our cost per call above 2 cents in october?", "cost_per_request", "above", 0.02),
        (
            "Someone said support-bot's average cost per request is below 2 cents. Is that right?",
            "cost_per_request",
            "below",
            0.02,
        ),
        ("was gpt-4o's p95 latency over 3 seconds last week?", "latency_p95", "above", 3000.0),
        ("A developer told me haiku's median latency is under half a second.", "latency_p50", "below", 500.0),
        ("is our average latency below 800 ms on support-bot this week?", "latency_avg", "below", 800.0),
    ],
)
def test_a_claimed_bound_is_a_check_of_the_figure(question: str, measure: str, bound: str, value: float) -> None:
    asked = compute_asked(question, AT)
    assert asked.mark is not None, (question, asked.measures, asked.cost_band)
    assert (asked.mark.measure, asked.mark.bound) == (Measure(measure), Bound[bound.upper()])
    assert asked.mark.value == pytest.approx(value)
    assert asked.mark.measure in asked.measures
    assert asked.cost_band is None and asked.latency_band is None


@pytest.mark.parametrize(
    "question",
    [
        "how many calls cost more than 5 cents each in october?",
        "what share of requests cost over 5 cents?",
        "how many calls took longer than 3 seconds yesterday?",
    ],
)
def test_a_bound_on_calls_stays_a_band(question: str) -> None:
    asked = compute_asked(question, AT)
    assert asked.mark is None
    assert asked.cost_band is not None or asked.latency_band is not None


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("Routing candidates: how many gpt-4o calls had fewer than 500 prompt tokens?", True),
        ("For routing: how many sonnet calls in October had under 1000 input tokens?", True),
        (
            "we want to route short prompts to a cheaper model: how many calls last week had fewer than 300 tokens?",
            True,
        ),
        ("is ticket-classifier's average cost per call under $0.001 in october?", True),
        ("how much would we save by routing short prompts to gpt-4o-mini?", False),
        ("which calls should we route to a cheaper model?", False),
        ("is there a way to keep spend under $300 a month?", False),
        ("find a routing policy that keeps quality above 0.8", False),
    ],
)
def test_the_ask_of_a_message_is_read_from_its_last_clause(text: str, asked: bool) -> None:
    assert is_figure_asked(text) is asked


@pytest.mark.parametrize(
    "question",
    [
        "Routing candidates: over the last 30 days, how many gpt-4o calls had fewer than 500 prompt tokens?",
        "is ticket-classifier's average cost per call under $0.001 in october?",
    ],
)
def test_a_figure_asked_after_a_routing_preamble_is_no_policy(question: str) -> None:
    plan = compute_plan(question, known={}, catalog_models=[], own_org="acme", now=AT)
    assert plan.intent != Intent.OPTIMIZE, plan


def test_the_check_is_stated_with_the_figure(agent_env: AgentEnv) -> None:
    text = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("ana"),
        "is our cost per call under 1 cent over the last 30 days?",
        now=NOW,
    ).text
    assert "Cost per request under $0.0100: " in text, text
    assert ("yes, it is" in text) or ("no, it is" in text), text


@pytest.mark.parametrize(
    ("question", "optimize"),
    [
        ("How many calls went to OpenAI vs Anthropic in October, and which had the lower error rate?", False),
        ("which of gpt-4o and claude-3-5-sonnet was cheaper per call last week?", False),
        ("how can we lower our spend on support-bot?", True),
    ],
)
def test_which_had_the_lower_figure_is_a_comparison_not_a_saving(question: str, optimize: bool) -> None:
    plan = compute_plan(question, known={}, catalog_models=[], own_org="acme", now=AT)
    assert (plan.intent == Intent.OPTIMIZE) is optimize, plan.intent
