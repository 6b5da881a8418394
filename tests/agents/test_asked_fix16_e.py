"""Exclusions, second parts and what the events do not hold (issue #16, the sixteenth blind set's misses): a
workload's owner and what users did with an answer (clicks, click-through, conversions) are said as not held, never
answered with spend or errors in their place. Each fix is a rule for a family of phrasings, checked here on phrasings
the set does not hold and on contrasts the rule must leave alone. Figures come from the test's own SQL over the number
store. Times are relative to builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

import pytest

from netra_core.agents.unheld import compute_unheld
from tests.agents.builders import KNOWN, AgentEnv
from tests.agents.test_asked_phrasings_set8 import answer

# --- what the events do not hold: a workload's owner, what users did with an answer ------------------------------


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("who is the owner of the search-rag workload?", "who owns or maintains a workload"),
        ("Who maintains the support-bot?", "who owns or maintains a workload"),
        ("which person on the team is responsible for code-review? who owns it", "who owns or maintains a workload"),
        ("point of contact for search-rag", "who owns or maintains a workload"),
        ("CTR of search-rag last week", "what users did with the answers"),
        ("how many clicks did search-rag results get yesterday?", "what users did with the answers"),
        ("conversion rate of the support-bot this month", "what users did with the answers"),
        ("click-thru rate per workload in October", "what users did with the answers"),
    ],
)
def test_an_owner_or_a_click_is_not_held(text: str, said: str) -> None:
    texts = compute_unheld(text.lower(), KNOWN)
    assert any(t.startswith(said) for t in texts), texts


@pytest.mark.parametrize(
    "text",
    [
        "who spent the most on code-review last week?",  # contrast: a user, held
        "which user used the support-bot most?",  # contrast: a user, held
        "spend on our own workloads this month",  # contrast: "own" is no owner
        "convert October's spend to euros",  # contrast: no conversion of users
        "search-rag's error rate this month",  # contrast: held
    ],
)
def test_users_and_spend_are_still_held(text: str) -> None:
    assert compute_unheld(text.lower(), KNOWN) == []


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Who on our team owns the code-review workload?", "who owns or maintains a workload"),
        ("What was search-rag's click-through rate last week?", "what users did with the answers"),
    ],
)
def test_an_owner_or_a_click_through_is_declined_with_nothing_in_its_place(
    numbers_env: AgentEnv, text: str, said: str
) -> None:
    text_said = answer(numbers_env, text)
    assert f"I cannot answer {said}" in text_said and "I have not answered anything in its place" in text_said
    assert "$" not in text_said and "error rate" not in text_said.lower(), text_said
