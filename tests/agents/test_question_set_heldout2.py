"""The offline planner against the second held-out set, scored like the main set; prints score and misses.

First blind run (issue #6, planner untouched, expectations exactly as first written): 28/40 planned right (70.0 %).
After the second round of generalisation fixes, made seeing these misses (mechanisms, not their sentences; the
expectations unchanged): 40/40. The set is therefore no longer blind: it is a regression floor now, and a measure
of generalisation needs a new set written without reading the planner.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.agents.question_set_heldout2 import QUESTIONS
from tests.agents.test_question_set import check_noted_and_unused, check_pinned, pinned_questions, score_questions

FIRST_RUN_RIGHT = 28  # the blind run, kept for the record


# Known misses, by index in QUESTIONS, with what the planner does instead.
KNOWN_MISSES: dict[int, str] = {}


def test_the_set_has_40_questions() -> None:
    assert len(QUESTIONS) == 40


@pytest.mark.parametrize("index", pinned_questions(QUESTIONS, KNOWN_MISSES))
def test_question(index: int) -> None:
    """Each question planned right (issue #15: one test per question, not a pass share)."""
    check_pinned(QUESTIONS, index)


def test_score(capsys: Any) -> None:
    """The whole set in order, printed as a score."""
    right, _ = score_questions("held-out set 2", QUESTIONS, capsys)
    assert right == len(QUESTIONS) - len(KNOWN_MISSES)


def test_heldout2_other_org_and_sql_reach_no_tool() -> None:
    """The held-out questions naming another org or pasting SQL pass neither to any tool, and are noted."""
    check_noted_and_unused(QUESTIONS, {"globex": "other_org_ignored", "delete": "sql_ignored"})
