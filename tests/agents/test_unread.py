"""A word of the question no reader knows is said in the answer, never passed over (issue #16, unread.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from netra_core.agents.answers import money
from netra_core.agents.assistant import ask
from netra_core.agents.unread import compute_unread, reader_words
from netra_core.agents.unread_numbers import compute_unused_numbers
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
        ("calls tagged with the holiday campaign", ["tagged", "holiday", "campaign"]),
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


@pytest.mark.parametrize(
    ("question", "held", "unused"),
    [
        # a threshold the plan holds in its own unit: cents as dollars, seconds as milliseconds, percent as a fraction
        ("calls that cost more than 5 cents", {"having": {"value": 0.05}}, []),
        ("share of calls slower than 2 seconds", {"bound_ms": 2000}, []),
        ("is gpt-4o more than 40% of our spend", {"share_bound": 0.4}, []),
        # a window's length, its days of month and hours ("1 to 31 October inclusive" ends on 1 November)
        ("spend over the last 2 weeks", {"days": 14}, []),
        (
            "error rate in the last 48 hours",
            {"start": "2026-11-18T12:00:00+00:00", "end": "2026-11-20T12:00:00+00:00"},
            [],
        ),
        (
            "spend from 1 to 31 October 2026",
            {"start": "2026-10-01T00:00:00+00:00", "end": "2026-11-01T00:00:00+00:00"},
            [],
        ),
        (
            "calls between 18:00 and 06:00",
            {"start": "2026-11-19T18:00:00+00:00", "end": "2026-11-20T06:00:00+00:00"},
            [],
        ),
        # names, list markers and versions are not figures
        ("(1) p95 of gpt-4o, (2) u12's spend in Q4, release 4.2", {}, []),
        # what the plan does not hold is said
        ("what would we charge at cost plus 35%?", {"days": 30}, ["35%"]),
        ("split a $1,200 fee across the workloads", {"days": 30}, ["$1,200"]),
        (
            "calls between 18:00 yesterday and 06:00 today",
            {"start": "2026-11-19T00:00:00+00:00", "end": "2026-11-20T00:00:00+00:00"},
            ["18:00", "06:00"],
        ),
        (
            "quality for last week (9-15 Nov)",
            {"start": "2026-11-16T00:00:00+00:00", "end": "2026-11-20T12:00:00+00:00"},
            ["9", "15"],
        ),
    ],
)
def test_numbers_the_plan_holds_in_no_unit_are_named(question: str, held: dict[str, object], unused: list[str]) -> None:
    assert compute_unused_numbers(question, held, ["gpt-4o"]) == unused


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("total spend over the last 7 days by age bracket", "I could not read 'bracket' in your question"),
        ("total spend over the last 7 days, shared by our 12 engineers", "I could not read '12' in your question"),
        ("total spend over the last 7 days", None),  # every word read: no such sentence
    ],
)
def test_an_answer_says_what_it_could_not_read_and_still_gives_the_figures(
    agent_env: AgentEnv, question: str, said: str | None
) -> None:
    result = ask(agent_env.session_factory, agent_env.store, agent_env.auth("ana"), question, now=NOW)
    assert result.status == "succeeded", result.error
    assert (said in result.text) if said else ("could not read" not in result.text)
    week = ACME[(ACME["ts"] >= NOW - timedelta(days=7)) & (ACME["ts"] < NOW)]
    assert money(float(week["cost_usd"].sum())) in result.text
