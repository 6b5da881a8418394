"""Chat shorthand ("yday", "wk", "prev wk", "last mo", "toks") is read as the words it stands for, so the window and
the comparison asked are the ones the answer uses. Times are relative to builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from netra_core.agents.shorthand import compute_expanded_shorthand
from tests.agents.test_query_plan import only_query
from tests.agents.test_question_set import plan_question


def day(month: int, d: int) -> str:
    return datetime(2026, month, d, tzinfo=UTC).isoformat()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("spend yday?", "spend yesterday?"),
        ("this wk vs prev wk", "this week vs previous week"),
        ("mtd vs same point last mo", "mtd vs same point last month"),
        ("prompt toks, 3 wks", "prompt tokens, 3 weeks"),
        ("Spend YDAY", "Spend yesterday"),
    ],
)
def test_shorthand_is_written_out(text: str, expected: str) -> None:
    assert compute_expanded_shorthand(text) == expected


@pytest.mark.parametrize("text", ["wk-agent spend", "prev_model cost", "@prev wk", "7d", "ytd spend", "mtd"])
def test_names_references_and_window_abbreviations_are_left_alone(text: str) -> None:
    assert compute_expanded_shorthand(text).split()[0] == text.split()[0]


def test_yday_is_yesterday_not_the_default_week() -> None:
    plan = plan_question("spend yday?")
    assert plan.window == {"start": day(11, 19), "end": day(11, 20)}


def test_a_window_named_once_carries_to_every_measure() -> None:
    args = only_query(plan_question("avg latency + p50 for search-rag yday"))
    assert args["measures"] == ["latency_avg", "latency_p50"]
    assert (args["start"], args["end"]) == (day(11, 19), day(11, 20))


def test_yday_vs_the_day_before_compares_the_two_days() -> None:
    args = only_query(plan_question("err rate yday vs the day before"))
    assert (args["start"], args["end"]) == (day(11, 19), day(11, 20))
    assert args["compare"] == "previous_period"  # one day: the day just before


def test_this_wk_vs_prev_wk_is_this_week_against_the_same_span_of_last_week() -> None:
    args = only_query(plan_question("classification qualty this wk vs prev wk?"))
    assert args["measures"] == ["quality"]
    assert args["start"] == day(11, 16)
    assert args["compare"] == "same_weekday_last_week"


def test_mtd_vs_same_point_last_mo_is_the_same_elapsed_span_of_last_month() -> None:
    args = only_query(plan_question("mtd spend vs same point last mo?"))
    assert args["start"] == day(11, 1)
    assert args["compare"] == "previous_month"
