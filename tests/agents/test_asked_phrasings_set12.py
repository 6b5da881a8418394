"""Phrasings beside the misses of the eleventh blind set (an executive, a team lead, a developer on one user or
session, an ML engineer on tokens, a growth PM on trends, someone who speaks in relative days): each fix is a rule for
a family of phrasings, so each is checked here on the set's question, a sibling the set does not hold, and a contrast
the rule must leave alone. Times are relative to builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.timerange import compute_time_range
from netra_core.analytics.semantic import Comparison, Dimension
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import ORG, TODAY, YESTERDAY, Sql
from tests.agents.test_asked_phrasings_set8 import answer, assert_states
from tests.agents.test_question_set import plan_question

DAY_BEFORE_YESTERDAY = YESTERDAY - timedelta(days=1)


# --- "the day before yesterday": two days back, one day, not yesterday compared with the day before it ----------------


@pytest.mark.parametrize(
    "text",
    [
        "Errors by error type for the day before yesterday?",
        "what did we spend on the day before yesterday",  # sibling
        "How does the day before yesterday's spend compare with the same day the week before?",
    ],
)
def test_the_day_before_yesterday_is_one_day_two_days_back(text: str) -> None:
    found = compute_time_range(text.lower(), NOW)
    assert found is not None and (found.start, found.end) == (DAY_BEFORE_YESTERDAY, YESTERDAY)
    assert compute_asked(text, NOW, KNOWN).compare in (Comparison.NONE, Comparison.SAME_WEEKDAY_LAST_WEEK)


def test_yesterday_against_the_day_before_is_still_a_comparison() -> None:
    text = "spend yesterday vs the day before"  # contrast: yesterday, compared with the day before it
    found = compute_time_range(text, NOW)
    assert found is not None and (found.start, found.end) == (YESTERDAY, TODAY)
    assert compute_asked(text, NOW, KNOWN).compare == Comparison.PREVIOUS_PERIOD


def test_the_day_before_yesterday_against_the_same_day_a_week_before(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        sql = Sql(client, ORG)
        new = sql.one("sum(cost_usd)", DAY_BEFORE_YESTERDAY, YESTERDAY)
        old = sql.one("sum(cost_usd)", DAY_BEFORE_YESTERDAY - timedelta(days=7), YESTERDAY - timedelta(days=7))
    said = answer(numbers_env, "How does the day before yesterday's spend compare with the same day the week before?")
    assert_states(said, [Figure("new", new, Unit.MONEY, rel=0.005), Figure("old", old, Unit.MONEY, rel=0.005)])
