"""End to end on seeded data: a question the store cannot answer is declined in words, never swapped (issue #16)."""

from __future__ import annotations

from datetime import timedelta

from netra_core.agents.answers import money
from netra_core.agents.assistant import ask
from tests.agents.builders import NOW, AgentEnv, make_events

ACME = make_events("acme", 3000, seed=1)


def test_a_question_only_about_carbon_is_declined_and_nothing_else_is_answered(agent_env: AgentEnv) -> None:
    """No analytics tool runs; the answer names what it cannot do and says nothing was answered in its place."""
    result = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("ana"),
        "what was the carbon footprint of our llm calls last week?",
        now=NOW,
    )
    assert result.status == "succeeded", result.error
    assert result.text.startswith("I cannot answer carbon, energy or power figures")
    assert "I have not answered anything in its place." in result.text
    tools = {s["tool"] for s in result.steps if s.get("kind") == "tool"}
    assert tools <= {"list_dimensions", "get_catalog"}, tools


def test_spend_in_euros_is_answered_in_dollars_and_says_so(agent_env: AgentEnv) -> None:
    """The answer says it cannot convert currencies, then gives the week's spend in USD (checked against the events)."""
    result = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("ana"),
        "how much did we spend in the last 7 days, in euros?",
        now=NOW,
    )
    assert result.status == "succeeded", result.error
    assert result.text.startswith("I cannot answer amounts in other currencies")
    assert "What I answered instead: spend, requests, latency, error rate and quality" in result.text
    week = ACME[(ACME["ts"] >= NOW - timedelta(days=7)) & (ACME["ts"] < NOW)]
    assert money(float(week["cost_usd"].sum())) in result.text
