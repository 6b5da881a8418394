"""Questions per agent run, tool or trace: declined with where the figure is, never answered with a total of calls.

Agent and tool spans are kept as trace context and the Workloads page rolls the model calls' cost up to them
(analytics/agent_costs.py); the assistant's semantic query reads the model calls alone. Before this rule, "cost per
trace this week" was answered with the week's overview, "what did our agents spend on tool calls" with spend by
workload, and "the refund tool" was declined as a billing refund.
"""

from __future__ import annotations

import re

import pytest

from netra_core.agents.unheld import compute_unheld
from tests.agents.builders import AgentEnv
from tests.agents.test_asked_phrasings_set8 import answer

KNOWN = {"workloads": ["support-bot", "sales-agent", "code-review", "doc-summarizer", "search-rag"]}
POINTER = "Cost per agent and tool"


@pytest.mark.parametrize(
    "text",
    [
        "how much does the refund tool cost per run?",
        "what does the lookup_order tool cost us?",  # sibling: another tool's name
        "cost per trace this week",
        "what are our most expensive traces?",  # sibling
        "what did our agents spend on tool calls yesterday?",
        "how much do we pay for tool runs each day",  # sibling
        "p95 latency per span last week",
        "which tool costs the most?",
    ],
)
def test_a_figure_per_agent_tool_or_trace_is_declined_with_where_it_is(text: str) -> None:
    (said,) = compute_unheld(text.lower(), KNOWN)
    assert said.startswith("figures per agent run, tool or trace") and POINTER in said


@pytest.mark.parametrize(
    "text",
    [
        "how much did the sales agent spend last week",  # the org's workload sales-agent: a filter
        "which agents cost the most this month",  # "our agents" are the workloads (an earlier set's reading)
        "spend by workload last week",
        "what does one conversation of the support bot cost?",  # a conversation is a session: answerable
    ],
)
def test_questions_about_the_calls_themselves_are_not_declined(text: str) -> None:
    assert compute_unheld(text.lower(), KNOWN) == []


def test_a_refund_is_still_a_billing_refund_but_a_refund_tool_is_a_tool() -> None:
    (refund,) = compute_unheld("how many refunds did we get last month", KNOWN)
    assert refund.startswith("credits, refunds")
    (tool,) = compute_unheld("how much does the refund tool cost per run?", KNOWN)
    assert tool.startswith("figures per agent run")


def test_the_assistant_declines_and_answers_nothing_in_its_place(numbers_env: AgentEnv) -> None:
    said = answer(numbers_env, "cost per trace this week")
    assert POINTER in said and "I have not answered anything in its place" in said
    assert "$" not in said  # no week's overview in its place
    kept = answer(numbers_env, "how much did the sales agent spend last week")
    assert "sales-agent" in kept and "$" in kept and POINTER not in kept


@pytest.mark.parametrize(
    "text",
    [
        "how many tool calls did gpt-4o make",  # no cost asked: not a figure per tool, but no figure of the calls either
        "number of function calls by the sales agent last week",  # sibling
        "what's the tool-call rate of claude-3-5-sonnet this month?",  # sibling
        "count(*) of tool calls made by the sales-agent in october",
    ],
)
def test_counts_of_the_tool_calls_in_responses_are_declined(text: str) -> None:
    (said,) = compute_unheld(text.lower(), KNOWN)
    assert said.startswith("the tool or function calls in the models' responses")


@pytest.mark.parametrize(
    "text",
    [
        "how many calls did gpt-4o make",  # contrast: the calls themselves
        "how many api calls did the sales agent make last week",
        "number of requests by model this month",
    ],
)
def test_counts_of_the_calls_themselves_are_answered(text: str) -> None:
    assert compute_unheld(text.lower(), KNOWN) == []


def test_a_count_of_tool_calls_answers_nothing_in_its_place(numbers_env: AgentEnv) -> None:
    said = answer(numbers_env, "how many tool calls did gpt-4o make")
    assert "tool or function calls" in said and "I have not answered anything in its place" in said
    assert not re.search(r"\d[\d,]* requests", said)  # not gpt-4o's calls in their place
