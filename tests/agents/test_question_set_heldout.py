"""The offline planner against the held-out question set (issue #6), scored like the main set; prints the score.

First blind run (2026-11-25, planner as in the working tree that day): 25/40 planned right (62.5 %); 26/40 after one
over-strict expectation was corrected. After planner fixes made with knowledge of its misses (issue #6: typed words
to keywords, dates, intent phrasings, money and per-million prices, follow-ups that change topic): 40/40. Those fixes
were made to mechanisms, not to its sentences, but they were made seeing its misses, so from now on this set is no
longer a blind measure of generalisation; each question is pinned as its own test, guarding against regressions.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.agents.question_set_heldout import OTHER_ORG, QUESTIONS, SQL_INJECTION
from tests.agents.test_question_set import check_pinned, pinned_questions, plan_question, score_questions

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
    right, _ = score_questions("held-out question set", QUESTIONS, capsys)
    assert right == len(QUESTIONS) - len(KNOWN_MISSES)


def test_heldout_other_org_and_sql_reach_no_tool() -> None:
    """Neither the other org's name nor the pasted SQL reaches a tool's arguments; the SQL is noted on the plan.

    "globex's costs" names no org keyword, and the planner knows no other org's names (it must not), so no
    other-org note is expected there: only that the name goes nowhere.
    """
    for item, leaks in ((OTHER_ORG, ("globex", "org")), (SQL_INJECTION, ("1=1", "'", "--", " or "))):
        plan = plan_question(item["q"])
        flat = json.dumps([c.args for c in plan.calls], default=str).lower()  # JSON: a quote here came from the user
        assert plan.calls and not [s for s in leaks if s in flat], (item["q"], flat)
    assert "sql_ignored" in {n["kind"] for n in plan_question(SQL_INJECTION["q"]).notes}
