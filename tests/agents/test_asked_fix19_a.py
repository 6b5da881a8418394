"""Phrasings beside the nineteenth blind set's misses on hours of the day and on the org's own staff (issue #16): the
same hours of every day of a window taken as a filter ("09:00 to 17:00 UTC, Monday 9 to Friday 13 November", "the
night shift (22:00 to 06:00 UTC) over the last 7 days" across midnight, "after 6pm", "before 8am", "outside
9am-5pm") on any measure, with a rate per hour over the hours they cover (40 hours of a Monday to Friday, not 120);
a part of the day named without its hours ("during business hours") said as not read; and the people on shift or
the calls an agent handled declined, not read as the agent task type. Each is checked on phrasings the set does not
hold and on contrasts the rules must leave alone (hours of one day, a moment to a moment, "since 9am", day counts,
dates; the agent task type's calls). Figures come from the test's own SQL over the number store. Times are relative
to builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.asked_hours import compute_hour_band
from netra_core.analytics.semantic import Dimension, Measure, RateUnit
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import ERROR_RATE, ORG, REQUESTS, SPEND, Sql

DAY = timedelta(days=1)
OCTOBER = (datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC))
LAST_7 = {"days": 7.0}


def hours(*spans: tuple[int, int]) -> list[str]:
    return [f"{h:02d}:00" for start, end in spans for h in range(start, end)]


def window(start: datetime, end: datetime) -> dict[str, str]:
    return {"start": start.isoformat(), "end": end.isoformat()}


NINE_TO_FIVE = hours((9, 17))
NIGHT = hours((22, 24), (0, 6))


# --- hours of every day of a window --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "band", "span"),
    [
        (
            "During business hours last week (09:00 to 17:00 UTC, Monday 9 to Friday 13 November), how many calls "
            "came in?",
            NINE_TO_FIVE,
            window(datetime(2026, 11, 9, tzinfo=UTC), datetime(2026, 11, 14, tzinfo=UTC)),
        ),
        ("error rate 22:00-06:00 UTC over the last 7 days", NIGHT, LAST_7),
        ("what did we spend from 10pm to 6am in October?", NIGHT, window(*OCTOBER)),
        ("night shift (10pm\u20136am) p95 latency, past week", NIGHT, LAST_7),
        ("How many calls did we get between 9am and 5pm over the last 7 days?", NINE_TO_FIVE, LAST_7),
        ("p95 latency after 6pm UTC in october", hours((18, 24)), window(*OCTOBER)),
        ("calls before 8 am over the past 7 days", hours((0, 8)), LAST_7),
        ("spend outside 9am-5pm in October", hours((0, 9), (17, 24)), window(*OCTOBER)),
        ("calls outside of office hours (08:00 to 18:00) in october", hours((0, 8), (18, 24)), window(*OCTOBER)),
        ("error rate for 1 to 5pm in october", hours((13, 17)), window(*OCTOBER)),
        ("calls between midnight and 6am last week", hours((0, 6)), LAST_7),
        ("spend from noon to midnight in October", hours((12, 24)), window(*OCTOBER)),
        ("error rate before noon over the last 7 days", hours((0, 12)), LAST_7),
    ],
)
def test_hours_of_the_day_filter_every_day_of_the_window(text: str, band: list[str], span: dict[str, object]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert not asked.declined and not asked.cannot, asked.cannot
    assert asked.filters.get(Dimension.HOUR_OF_DAY) == band
    assert asked.window == span


def test_hours_of_the_day_keep_a_grouping() -> None:
    asked = compute_asked("support-bot spend by model between 22:00 and 06:00 in October", NOW, KNOWN)
    assert asked.dimensions == [Dimension.MODEL]
    assert asked.filters == {Dimension.WORKLOAD: ["support-bot"], Dimension.HOUR_OF_DAY: NIGHT}


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # hours of one day narrow that day to them, a moment to a moment is one window, "since" starts one
        (
            "between 14:00 and 18:00 UTC on 17 November: how many calls?",
            window(datetime(2026, 11, 17, 14, tzinfo=UTC), datetime(2026, 11, 17, 18, tzinfo=UTC)),
        ),
        (
            "How many calls between 18:00 yesterday and 06:00 today (UTC)?",
            window(datetime(2026, 11, 19, 18, tzinfo=UTC), datetime(2026, 11, 20, 6, tzinfo=UTC)),
        ),
        ("calls since 9am", window(datetime(2026, 11, 20, 9, tzinfo=UTC), NOW)),
        ("how many calls after 6pm?", window(datetime(2026, 11, 19, 18, tzinfo=UTC), NOW)),
        (
            "spend from 2026-11-09 to 2026-11-14",
            window(datetime(2026, 11, 9, tzinfo=UTC), datetime(2026, 11, 15, tzinfo=UTC)),
        ),
    ],
)
def test_clock_times_that_set_the_window_are_no_hours_of_every_day(text: str, span: dict[str, object]) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert Dimension.HOUR_OF_DAY not in asked.filters
    assert asked.window == span


@pytest.mark.parametrize(
    "text",
    [
        "how many calls in the 12 hours after 06:00 UTC on 16 Nov",  # a moment: a length before it, a day after it
        "p95 in the 24 hours after 14:00 on 17 nov",
        "calls after 6pm yesterday",
        "spend after 9am today",
    ],
)
def test_a_clock_that_is_a_moment_is_no_hours_of_every_day(text: str) -> None:
    assert Dimension.HOUR_OF_DAY not in compute_asked(text, NOW, KNOWN).filters


@pytest.mark.parametrize(
    "text",
    ["errors between 3 and 5 days ago", "calls after 5 days of quiet", "how many calls did we get 9 to 5 yesterday"],
)
def test_numbers_that_are_no_clock_are_no_hours(text: str) -> None:
    assert compute_hour_band(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "how many calls during business hours last week?",  # which hours is not said
        "error rate for the night shift over the last 7 days",
        "calls from 09:30 to 17:30 each day last week",  # not whole hours
    ],
)
def test_hours_of_the_day_not_said_or_not_whole_are_said_as_not_read(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert Dimension.HOUR_OF_DAY not in asked.filters
    assert any("hours" in c for c in asked.cannot), asked.cannot


@pytest.mark.parametrize("text", ["what were our peak hours in October?", "calls during business days in October"])
def test_hours_asked_of_or_days_named_are_no_part_of_the_day_unsaid(text: str) -> None:
    assert not any("hours of the day" in c for c in compute_asked(text, NOW, KNOWN).cannot)


def test_a_rate_per_hour_is_over_the_hours_asked() -> None:
    asked = compute_asked(
        "between 09:00 and 17:00 UTC, Monday 9 to Friday 13 November: calls per hour on average?", NOW, KNOWN
    )
    assert asked.rate_per == RateUnit.HOUR and asked.filters[Dimension.HOUR_OF_DAY] == NINE_TO_FIVE


def _business(s: Sql, start: datetime, end: datetime, expr: str) -> float:
    return s.one(expr, start, end, "toHour(ts) >= 9 AND toHour(ts) < 17")


def test_hours_of_the_day_are_answered(numbers_env: AgentEnv) -> None:
    from tests.agents.test_asked_phrasings_set8 import answer, assert_states

    monday, saturday = datetime(2026, 11, 9, tzinfo=UTC), datetime(2026, 11, 14, tzinfo=UTC)
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        calls = _business(s, monday, saturday, REQUESTS)
        night = s.one(ERROR_RATE, NOW - 7 * DAY, NOW, "toHour(ts) >= 22 OR toHour(ts) < 6")
        evening = s.one(SPEND, *OCTOBER, "toHour(ts) >= 18")
        outside = s.one(REQUESTS, *OCTOBER, "toHour(ts) < 9 OR toHour(ts) >= 17")
    said = answer(numbers_env, "calls from 9am to 5pm UTC, mon 9 - fri 13 nov: total and average per hour")
    assert_states(
        said,
        [Figure("calls", calls, Unit.NUMBER, abs=0), Figure("per hour", calls / 40, Unit.NUMBER, rel=0.01)],
    )
    said = answer(numbers_env, "error rate overnight (22:00-06:00 UTC), last 7 days")
    assert_states(said, [Figure("night", night, Unit.PERCENT, abs=0.05)])
    said = answer(numbers_env, "What did we spend after 6pm in October?")
    assert_states(said, [Figure("evening", evening, Unit.MONEY, rel=0.005)])
    said = answer(numbers_env, "how many calls came in outside 9am-5pm in October?")
    assert_states(said, [Figure("outside", outside, Unit.NUMBER, abs=0)])


def test_hours_of_the_day_are_answered_per_group(numbers_env: AgentEnv) -> None:
    from tests.agents.test_asked_phrasings_set8 import answer, assert_states

    with numbers_env.store.session() as client:
        by_model = Sql(client, ORG).by("model", SPEND, *OCTOBER, "toHour(ts) >= 12")
    said = answer(numbers_env, "October spend by model from noon to midnight UTC")
    assert_states(said, [Figure(m, v, Unit.MONEY, rel=0.005) for m, v in by_model.items() if v >= 1])


# --- the org's own staff at work -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "How many support agents were on shift during each hour last week, and how many calls did each agent handle?",
        "how many reps were on duty yesterday evening?",
        "were we understaffed on the night shift (22:00-06:00) last week?",
        "how many tickets did each support agent resolve in October?",
        "show me the support rota for next week",
        "hours worked by the support team last month",
        "how many operators were logged in at 9am?",
    ],
)
def test_the_orgs_staff_at_work_are_declined(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.declined and any("staff" in c for c in asked.cannot), asked.cannot


@pytest.mark.parametrize(
    ("text", "task"),
    [
        ("how many calls did the agent task type make per hour last week?", True),
        ("agent task type spend in October", True),
        ("how many requests did sales-agent handle yesterday?", False),
        ("calls per hour for our agents yesterday", False),
        ("did the mix of models shift last week?", False),
        ("For the night shift (22:00 to 06:00 UTC) over the last 7 days, what was the error rate?", False),
    ],
)
def test_the_agent_task_type_and_a_shift_of_hours_are_not_staff(text: str, task: bool) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert not any("staff" in c for c in asked.cannot), asked.cannot
    if task:
        assert asked.filters.get(Dimension.TASK_TYPE) == ["agent"]
        assert asked.measures and asked.measures[0] in (Measure.REQUESTS, Measure.SPEND)
