"""Subjects the events do not hold (invoices, credits, teams, fine-tuning, what prompts said): the question is declined
and nothing is answered in its place; ordinary questions and the org's own names are not declined."""

from __future__ import annotations

import pytest

from netra_core.agents.supervisor import compute_cannot_text
from netra_core.agents.unheld import compute_unheld
from tests.agents.builders import KNOWN
from tests.agents.test_question_set import plan_question


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("which invoice numbers do the september openai charges fall under?", "invoices"),
        ("show me last month's anthropic invoice", "invoices"),
        ("how much are we owed in sla credits from openai for this month's outages?", "credits"),
        ("did anthropic refund us for the outage on tuesday", "credits"),
        ("what's our remaining prepaid credit balance with openai", "credits"),
        ("spend by team this month (platform team vs data science team)", "teams"),
        ("which department uses claude the most", "teams"),
        ("how much did the platform team spend last week", "teams"),
        ("break down october's cost per cost center", "teams"),
        ("how much did we spend on fine-tuning jobs in october?", "fine-tuning"),
        ("what did our finetuned model cost to train", "fine-tuning"),
        ("could you show me what the prompts sent to code-review said yesterday?", "prompts"),
        ("what did the bot answer customers on monday", "prompts"),
        ("list the responses gpt-4o gave yesterday", "prompts"),
        ("are we under our enterprise discount commitment with openai", "contracts"),
        ("when does our openai contract end", "contracts"),
        ("what is our discount with openai", "contracts"),
    ],
)
def test_a_subject_the_events_do_not_hold_is_named(text: str, subject: str) -> None:
    said = compute_unheld(text, KNOWN)
    assert len(said) == 1 and subject in said[0], said


@pytest.mark.parametrize(
    "text",
    [
        "how much did we spend last week?",
        "our team spent how much on gpt-4o last week?",
        "my team wants spend by model for october",
        "prompt tokens by model last week",
        "p95 latency of the prompts that failed",
        "average output tokens per request by workload",
        "what's the spend per user on the support bot",
        "how many requests did the sales agent make yesterday",
        "cost per 1k tokens, gpt-4o vs gpt-4o-mini, last 30 days",
        "what share of spend went to anthropic",
        "Our OpenAI invoice is up ~40% this month. why?",
        "how much was our anthropic invoice in october",
        "how much did the batch discount save us last month",
    ],
)
def test_answerable_questions_are_not_declined(text: str) -> None:
    assert compute_unheld(text, KNOWN) == []


def test_a_name_of_the_org_holding_the_word_is_a_filter_not_a_subject() -> None:
    known = {**KNOWN, "workloads": [*KNOWN["workloads"], "platform-team"]}
    assert compute_unheld("how much did the platform team spend last week", known) == []
    assert compute_unheld("how much did the platform team spend last week", KNOWN) != []


@pytest.mark.parametrize(
    "text",
    [
        "how much did we spend on fine-tuning jobs in October?",
        "spend by team this month",
        "How much are we owed in SLA credits from OpenAI for this month's outages?",
        "which invoice numbers do the September OpenAI charges fall under?",
    ],
)
def test_the_plan_declines_and_answers_nothing_in_its_place(text: str) -> None:
    plan = plan_question(text)
    assert plan.intent == "cannot" and plan.calls == [] and plan.query is None
    said = compute_cannot_text(plan)
    assert said.startswith("I cannot answer ") and said.endswith("I have not answered anything in its place.")
