"""A word of the question no reader knows is said in the answer, never passed over (issue #16, unread.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from netra_core.agents.answers import money
from netra_core.agents.assistant import ask
from netra_core.agents.unread import compute_unread, reader_words
from tests.agents import (
    question_set_numbers3,
    question_set_numbers7,
    question_set_numbers10,
    question_set_numbers13,
    question_set_numbers16,
)
from tests.agents.builders import NOW, AgentEnv, make_events
from tests.agents.question_set_numbers import MODEL_SHAPE, WORKLOAD_SHAPE

ACME = make_events("acme", 3000, seed=1)
NAMES = ["gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet", "support-bot", "ticket-classifier", "summarization", "openai"]


def test_the_readers_words_come_from_their_patterns_not_from_prose() -> None:
    words = reader_words()
    assert {"latency", "spend", "workload", "percentile", "yesterday", "fortnight"} <= words
    # the frequent-English list and the docstrings are not readers
    assert "aardvark" not in words and "abortion" not in words


@pytest.mark.parametrize(
    ("question", "unread"),
    [
        ("break October's mean quality score down by user age bracket", ["bracket"]),
        ("What was the October total at the exchange rate on our invoice?", ["exchange"]),
        ("how many calls had personal data such as email addresses in the prompt", ["email"]),
        ("avg latncy claude sonnet this wk", []),  # a typo of a word the readers know
        ("Priya in finance asked me how much the support-bot cost us in September", []),  # a person's name
        ("p95 latency of the ticket-classifier last week, please", []),  # the org's own name
        ("gpu utilisation on the inference cluster this week", ["utilisation", "inference", "cluster"]),
    ],
)
def test_unread_words_are_those_no_reader_or_name_knows(question: str, unread: list[str]) -> None:
    assert compute_unread(question, NAMES) == unread


@pytest.mark.parametrize(
    "module",
    [
        question_set_numbers3,
        question_set_numbers7,
        question_set_numbers10,
        question_set_numbers13,
        question_set_numbers16,
    ],
)
def test_the_questions_answered_right_have_no_unread_word_but_the_few_named(module: object) -> None:
    """Over whole blind sets, the net fires on the answerable questions only where a word is really not read."""
    names = [*MODEL_SHAPE, *WORKLOAD_SHAPE, *NAMES, "anthropic", "google", "groq", "classification", "extraction"]
    flagged = {
        q.id: compute_unread(q.text, names)
        for q in module.QUESTIONS  # type: ignore[attr-defined]
        if q.expect is not None
    }
    # ("flaky" error rates, "us-east versus eu-west": words the readers do not know, said in the answer)
    allowed = {"flaky", "unusual", "east", "west", "eu", "tail", "distribution", "regular"}
    assert {qid: words for qid, words in flagged.items() if set(words) - allowed} == {}


def test_an_answer_says_which_words_it_could_not_read_and_still_gives_the_figures(agent_env: AgentEnv) -> None:
    result = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("ana"),
        "total spend over the last 7 days by age bracket",
        now=NOW,
    )
    assert result.status == "succeeded", result.error
    assert "I could not read 'bracket' in your question" in result.text
    week = ACME[(ACME["ts"] >= NOW - timedelta(days=7)) & (ACME["ts"] < NOW)]
    assert money(float(week["cost_usd"].sum())) in result.text


def test_an_answer_whose_words_were_all_read_has_no_such_sentence(agent_env: AgentEnv) -> None:
    result = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("ana"),
        "total spend over the last 7 days",
        now=NOW,
    )
    assert result.status == "succeeded", result.error
    assert "could not read" not in result.text
    week = ACME[(ACME["ts"] >= NOW - timedelta(days=7)) & (ACME["ts"] < NOW)]
    assert money(float(week["cost_usd"].sum())) in result.text
