"""Phrasings beside the seventeenth blind set's misses on explicit dates (issue #16): inclusive day ranges in every
common form ("1 September 2026 to 30 September 2026 inclusive", "16-31 October", "Mon 9 - Sun 15 Nov"), dates written
day first ("03.11.2026", "19.11.", "15/11") and ISO calendar weeks ("KW 41", "week 41", "W41", "2026-W41"), two spans
of unequal length one just before the other ("01/11 to 15/11 versus 16/10 to 31/10"), and the asks said beside them
("together with the grand total", "Total calls: ___", "how many per hour on average"). Each fix is a rule for a
family, so each is checked on phrasings the set does not hold, and on contrasts the rule must leave alone (a US
"11/03" with nothing to settle its order, "24/7", "1/3 of calls", "top 10", "p95", "gpt-4.1", "$0.10."). Figures
come from the test's own SQL over the number store. Times are relative to builders.NOW (Friday 2026-11-20 12:00
UTC); ISO week 41 of 2026 is 5 to 11 October, week 47 this week (from Monday 16 November)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.timerange import compute_time_range
from netra_core.analytics.semantic import Comparison, Measure, RateUnit
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import ERROR_RATE, ORG, REQUESTS, SPEND, Sql
from tests.agents.question_set_numbers15 import MEAN_LATENCY
from tests.agents.test_asked_phrasings_set8 import answer, assert_states

DAY = timedelta(days=1)
MODEL = "model = {m:String}"


def day(month: int, d: int, hour: int = 0) -> datetime:
    return datetime(2026, month, d, hour, tzinfo=UTC)


def label(text: str) -> str | None:
    found = compute_time_range(text, NOW)
    return found.label if found is not None else None


def change(name: str, new: float, old: float) -> Figure:
    """A change in per cent, compared by size (either arm over the other is a fair reading)."""
    return Figure(name, 100 * (new - old) / old, Unit.PERCENT, abs=0.3, alternatives=(100 * (old - new) / new,))


# --- inclusive day ranges: the last day said is in the window --------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "spend for the period 1 September 2026 to 30 September 2026 inclusive",
        "spend September 1, 2026 to September 30, 2026",  # sibling: month first, with commas
        "spend 1-30 September",
        "spend from the 1st to the 30th of Sept",
        "spend 1st to 30th Sept",
        "spend Sept 1 - Sept 30",
        "spend from 1 sept to 30 sept",
    ],
)
def test_a_whole_month_said_as_an_inclusive_day_range_is_the_month(text: str) -> None:
    assert label(text) == "2026-09-01 to 2026-10-01"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("spend per workload for 16 October to 31 October 2026 inclusive", "2026-10-16 to 2026-11-01"),
        ("spend 16 october to 31 october", "2026-10-16 to 2026-11-01"),  # two written dates need no "from"
        ("spend from 16 to 31 October inclusive", "2026-10-16 to 2026-11-01"),
        ("fill in this template for last week (Mon 9 - Sun 15 Nov)", "2026-11-09 to 2026-11-16"),
        ("spend from Monday, 2 November to Sunday, 8 November", "2026-11-02 to 2026-11-09"),  # sibling: weekdays spelt
        ("spend between the 3rd and the 10th", "2026-11-03 to 2026-11-11"),
        ("spend on Monday, 9 November", "2026-11-09"),  # one day, its weekday said
        ("spend mon, nov 9", "2026-11-09"),
        ("spend on 1 oct and 5 oct", "2026-10-01"),  # contrast: two days named with "and" are no range
        ("spend monday 9am to 5pm", "Monday 2026-11-16"),  # contrast: a weekday before hours is kept
    ],
)
def test_day_ranges_in_their_common_forms(text: str, expected: str) -> None:
    assert (label(text) or "").startswith(expected)


# --- day-first dates and slashes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what was the error rate on 03.11.2026?", "2026-11-03"),
        ("error rate on 3.11.26", "2026-11-03"),  # sibling: two-digit year
        ("calls on 3.11.", "2026-11-03"),  # no year: the latest 3 November
        ("calls per workload from 01.10.2026 to 15.10.2026, both days inclusive", "2026-10-01 to 2026-10-16"),
        ("spend from 01.10. to 15.10.", "2026-10-01 to 2026-10-16"),
        ("spend per provider (26.10.-01.11.)", "2026-10-26 to 2026-11-02"),
        ("on 19.11. between 08:00 and 18:00 UTC", "2026-11-19 08:00 to 18:00 UTC"),
        ("spend on 15/11", "2026-11-15"),  # a first number over 12 is a day
        ("spend from 01/11 to 15/11", "2026-11-01 to 2026-11-16"),  # "15/11" settles "01/11"
        ("spend from 16/10 to 31/10", "2026-10-16 to 2026-11-01"),
        ("spend on 10/16", "2026-10-16"),  # a second number over 12: month first, as in the US
        ("spend from 10/16 to 10/31", "2026-10-16 to 2026-11-01"),
        ("spend on 02/11 and 03.11.", "2026-11-02"),  # day first when the message writes dates with dots
    ],
)
def test_dates_written_day_first_or_with_slashes(text: str, expected: str) -> None:
    assert (label(text) or "").startswith(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("spend on 11/03", None),  # contrast: 3 November or 11 March? nothing settles it, so no date is guessed
        ("spend on 01/11", None),
        ("we run 24/7, spend yesterday", "yesterday, 2026-11-19"),  # contrast: no date without a date's word
        ("1/3 of calls failed last week", "the last 7 days"),
        ("top 10 models by p95 last week", "the last 7 days"),
        ("spend of gpt-4.1 yesterday", "yesterday, 2026-11-19"),
        ("how many calls cost over $0.10. last week", "the last 7 days"),
        ("how many calls had a score of 0.75. yesterday", "yesterday, 2026-11-19"),
    ],
)
def test_numbers_that_are_not_dates_stay_numbers(text: str, expected: str | None) -> None:
    assert label(text) == expected


# --- ISO calendar weeks ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "costs for KW 41",
        "costs kw41",
        "spend in CW 41",
        "spend in week 41",
        "spend in wk 41",
        "spend in W41",
        "spend in calendar week 41",
        "spend in 2026-W41",
        "spend in KW 41/2026",
        "spend in week 41 of 2026",
        "Costs for KW 41.",
    ],
)
def test_an_iso_week_is_monday_to_sunday(text: str) -> None:
    assert label(text) == "2026-10-05 to 2026-10-12"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("spend KW 40-41", "2026-09-28 to 2026-10-12"),  # a run of weeks
        ("p95 week 47", "2026-11-16 to 2026-11-20"),  # this week, to now
        ("spend in the last week", "the last 7 days"),  # contrast
        ("calls over 2 weeks", "the last 14 days"),  # contrast
        ("spend last week 50 calls", "the last 7 days"),  # contrast: "last week" is not week 50
    ],
)
def test_iso_week_siblings_and_contrasts(text: str, expected: str) -> None:
    assert label(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Costs for KW 41 and KW 40 please, and the change between the two weeks in %.",
        "spend in week 41 vs week 40",
        "W40 against W41 spend",
    ],
)
def test_two_iso_weeks_are_the_later_against_the_earlier(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.window == {"start": day(10, 5).isoformat(), "end": day(10, 12).isoformat()}
    assert asked.compare == Comparison.PREVIOUS_PERIOD


# --- two spans of unequal length, one just before the other: each as said --------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Average latency of gpt-4o from 01/11 to 15/11, versus 16/10 to 31/10?",
        "mean latency of gpt-4o 1-15 November vs 16-31 October",
        "gpt-4o's average latency from 01.11. to 15.11. compared with 16.10. to 31.10.",
    ],
)
def test_adjacent_spans_of_unequal_length_are_compared_as_said(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.window == {"start": day(11, 1).isoformat(), "end": day(11, 16).isoformat()}
    assert asked.compare == Comparison.CHOSEN_WINDOW
    assert asked.compare_window == {"start": day(10, 16).isoformat(), "end": day(11, 1).isoformat()}


def test_adjacent_spans_of_equal_length_stay_the_period_before() -> None:
    asked = compute_asked("spend nov 8-14 vs nov 1-7", NOW, KNOWN)  # contrast
    assert asked.compare == Comparison.PREVIOUS_PERIOD


# --- the asks said beside the dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("Spend per workload for 16-31 October, together with the grand total for that period.", True),
        ("spend by provider in october and the total", True),
        ("cost per model last week plus the overall total", True),
        ("the total spend per workload last week", False),  # contrast: each group's total
        ("total spend by provider and total requests last week", False),  # contrast: a measure, not the whole
        ("the grand total spend last week", False),  # contrast: no groups
    ],
)
def test_the_grand_total_beside_groups(text: str, total: bool) -> None:
    assert compute_asked(text, NOW, KNOWN).grand_total is total


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("Total spend: $___ | Total calls: ___ | Error rate: ___% | Avg quality score: ___", True),
        ("error rate and total requests yesterday", True),
        ("error rate of calls yesterday", False),  # contrast: the calls the rate is of
    ],
)
def test_total_calls_said_are_counted(text: str, counted: bool) -> None:
    assert (Measure.REQUESTS in compute_asked(text, NOW, KNOWN).measures) is counted


@pytest.mark.parametrize(
    ("text", "unit", "measure"),
    [
        ("how many calls did we have yesterday, and how many per hour on average?", RateUnit.HOUR, Measure.REQUESTS),
        ("how many tokens did we use yesterday, and how many per minute?", RateUnit.MINUTE, Measure.TOTAL_TOKENS),
    ],
)
def test_how_many_per_unit_after_a_count_is_its_rate(text: str, unit: RateUnit, measure: Measure) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.rate_per == unit and measure in asked.measures


def test_how_many_per_hour_with_nothing_counted_is_no_rate() -> None:
    assert compute_asked("how many per hour yesterday", NOW, KNOWN).rate_per is None  # contrast


# --- end to end over the number store ------------------------------------------------------------------------------


def test_a_month_said_as_written_dates_is_the_whole_month(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        spend, calls = s.one(SPEND, day(9, 1), day(10, 1)), s.one(REQUESTS, day(9, 1), day(10, 1))
    said = answer(numbers_env, "total spend and number of calls for September 1, 2026 to September 30, 2026 please")
    assert_states(said, [Figure("spend", spend, Unit.MONEY, rel=0.005), Figure("calls", calls, Unit.NUMBER)])


def test_spend_per_workload_of_a_day_range_with_the_grand_total(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        per = s.by("workload", SPEND, day(10, 1), day(10, 16))
        total = s.one(SPEND, day(10, 1), day(10, 16))
    said = answer(numbers_env, "spend by workload from the 1st to the 15th of October, and the overall total")
    figures = [Figure(w, v, Unit.MONEY, rel=0.005) for w, v in per.items()]
    assert_states(said, [*figures, Figure("total", total, Unit.MONEY, rel=0.005)])


def test_requests_per_provider_in_an_iso_week(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        per = Sql(client, ORG).by("provider", REQUESTS, day(10, 12), day(10, 19))
    said = answer(numbers_env, "number of calls per provider in calendar week 42")
    assert_states(said, [Figure(p, v, Unit.NUMBER) for p, v in per.items()])


def test_two_iso_weeks_and_the_change_between_them(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        kw45, kw44 = s.one(SPEND, day(11, 2), day(11, 9)), s.one(SPEND, day(10, 26), day(11, 2))
    said = answer(numbers_env, "Kosten: KW 45 and KW 44, and the change in %")
    money = [Figure("KW 45", kw45, Unit.MONEY, rel=0.005), Figure("KW 44", kw44, Unit.MONEY, rel=0.005)]
    assert_states(said, [*money, change("change", kw45, kw44)])


def test_the_error_rate_of_a_day_written_day_first(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        rate = Sql(client, ORG).one(ERROR_RATE, day(11, 5), day(11, 6))
    said = answer(numbers_env, "error rate on 05.11.2026?")
    assert "2026-11-05" in said, said
    assert_states(said, [Figure("error rate", rate, Unit.PERCENT, abs=0.05)])


def test_calls_in_hours_of_a_day_written_day_first_and_per_hour(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        calls = Sql(client, ORG).one(REQUESTS, day(11, 18, 9), day(11, 18, 17))
    said = answer(numbers_env, "18.11. from 09:00 to 17:00 UTC: how many calls in total, and how many per hour on avg?")
    assert_states(said, [Figure("calls", calls, Unit.NUMBER), Figure("per hour", calls / 8, Unit.NUMBER, rel=0.01)])


def test_two_adjacent_spans_written_day_first_each_as_said(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        later = s.one(MEAN_LATENCY, day(11, 1), day(11, 11), MODEL, m="claude-3-5-sonnet")
        earlier = s.one(MEAN_LATENCY, day(10, 20), day(11, 1), MODEL, m="claude-3-5-sonnet")
    said = answer(numbers_env, "mean latency of claude-3-5-sonnet from 01/11 to 10/11, versus 20/10 to 31/10")
    assert_states(said, [Figure("1-10 Nov", later, Unit.MS, rel=0.01), Figure("20-31 Oct", earlier, Unit.MS, rel=0.01)])


def test_a_template_for_a_week_said_with_its_weekdays(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        spend, calls = s.one(SPEND, day(11, 2), day(11, 9)), s.one(REQUESTS, day(11, 2), day(11, 9))
    said = answer(numbers_env, "please fill in for the week (Mon 2 - Sun 8 Nov): Total spend: $___ | Total calls: ___")
    assert_states(said, [Figure("spend", spend, Unit.MONEY, rel=0.005), Figure("calls", calls, Unit.NUMBER)])
