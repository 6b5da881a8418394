"""Calendar windows (periods to date, quarters, parts of a month) and comparisons lined up with the period before."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.timerange import compute_time_range
from netra_core.agents.tools_query import compute_whole_period_query
from netra_core.analytics.semantic import Comparison, Dimension, Measure, SemanticQuery

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # a Friday
NOON = "2026-11-20T12:00:00+00:00"


def _bounds(text: str, now: datetime = NOW) -> tuple[str, str]:
    found = compute_time_range(text, now)
    assert found is not None, text
    args = found.as_args()
    return str(args["start"])[:19], str(args["end"])[:19]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("spend week to date", "2026-11-16T00:00:00", "2026-11-20T12:00:00"),
        ("top users wtd", "2026-11-16T00:00:00", "2026-11-20T12:00:00"),
        ("errors so far this week", "2026-11-16T00:00:00", "2026-11-20T12:00:00"),
        ("total spend quarter to date", "2026-10-01T00:00:00", "2026-11-20T12:00:00"),
        ("qtd requests", "2026-10-01T00:00:00", "2026-11-20T12:00:00"),
        ("errors by type this quarter", "2026-10-01T00:00:00", "2026-11-20T12:00:00"),
        ("since the beginning of the quarter", "2026-10-01T00:00:00", "2026-11-20T12:00:00"),
        ("spend this year", "2026-01-01T00:00:00", "2026-11-20T12:00:00"),
        ("year-to-date cost", "2026-01-01T00:00:00", "2026-11-20T12:00:00"),
        ("month to date spend", "2026-11-01T00:00:00", "2026-11-20T12:00:00"),
        ("since the start of the month", "2026-11-01T00:00:00", "2026-11-20T12:00:00"),
    ],
)
def test_a_period_to_date_starts_on_its_first_day(text: str, start: str, end: str) -> None:
    assert _bounds(text) == (start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("spend last quarter", "2026-07-01T00:00:00", "2026-10-01T00:00:00"),
        ("the previous quarter's p95", "2026-07-01T00:00:00", "2026-10-01T00:00:00"),
        ("how much in Q3?", "2026-07-01T00:00:00", "2026-10-01T00:00:00"),
        ("requests in the third quarter", "2026-07-01T00:00:00", "2026-10-01T00:00:00"),
        ("q4 2025 spend", "2025-10-01T00:00:00", "2026-01-01T00:00:00"),
        ("Q4 so far", "2026-10-01T00:00:00", "2026-11-20T12:00:00"),
    ],
)
def test_quarters_are_calendar_quarters(text: str, start: str, end: str) -> None:
    assert _bounds(text) == (start, end)


def test_a_quarter_not_begun_this_year_is_last_years() -> None:
    assert _bounds("Q4", datetime(2026, 2, 3, tzinfo=UTC)) == ("2025-10-01T00:00:00", "2026-01-01T00:00:00")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("How much did we spend in the first week of November?", "2026-11-01T00:00:00", "2026-11-08T00:00:00"),
        ("latency in the 2nd week of october", "2026-10-08T00:00:00", "2026-10-15T00:00:00"),
        ("the last week of october", "2026-10-25T00:00:00", "2026-11-01T00:00:00"),
        ("spend in the first half of october", "2026-10-01T00:00:00", "2026-10-16T00:00:00"),
        ("the second half of september", "2026-09-16T00:00:00", "2026-10-01T00:00:00"),
        ("the first 10 days of november", "2026-11-01T00:00:00", "2026-11-11T00:00:00"),
        ("the last five days of october", "2026-10-27T00:00:00", "2026-11-01T00:00:00"),
        ("spend 1-10 November", "2026-11-01T00:00:00", "2026-11-11T00:00:00"),
        ("from the 3rd to the 9th of october", "2026-10-03T00:00:00", "2026-10-10T00:00:00"),
        ("between 5 and 12 oct", "2026-10-05T00:00:00", "2026-10-13T00:00:00"),
        ("the first week of this month", "2026-11-01T00:00:00", "2026-11-08T00:00:00"),
        ("the second half of last month", "2026-10-16T00:00:00", "2026-11-01T00:00:00"),
        ("the second half of november", "2026-11-16T00:00:00", NOON[:19]),
    ],
)
def test_part_of_a_named_month(text: str, start: str, end: str) -> None:
    assert _bounds(text) == (start, end)


def test_a_part_of_this_years_month_still_ahead_is_last_years() -> None:
    assert _bounds("the last week of november") == ("2025-11-24T00:00:00", "2025-12-01T00:00:00")


@pytest.mark.parametrize(
    ("text", "compare", "start"),
    [
        ("How does this week's spend compare with last week's?", Comparison.SAME_WEEKDAY_LAST_WEEK, "2026-11-16"),
        ("week to date spend vs the same point last week", Comparison.SAME_WEEKDAY_LAST_WEEK, "2026-11-16"),
        ("requests this week versus the previous week", Comparison.SAME_WEEKDAY_LAST_WEEK, "2026-11-16"),
        ("this quarter vs last quarter spend", Comparison.PREVIOUS_QUARTER, "2026-10-01"),
        ("QTD requests compared to the prior quarter", Comparison.PREVIOUS_QUARTER, "2026-10-01"),
        ("Q3 spend vs the quarter before", Comparison.PREVIOUS_QUARTER, "2026-07-01"),
        ("spend quarter over quarter", Comparison.PREVIOUS_QUARTER, ""),
        ("ytd spend vs last year", Comparison.PREVIOUS_YEAR, "2026-01-01"),
        ("month to date spend against the same point last month", Comparison.PREVIOUS_MONTH, "2026-11-01"),
        ("last 7 days vs the 7 days before", Comparison.PREVIOUS_PERIOD, ""),
    ],
)
def test_a_calendar_period_is_compared_with_the_same_span_of_the_one_before(
    text: str, compare: Comparison, start: str
) -> None:
    asked = compute_asked(text, NOW)
    assert asked.compare == compare
    assert str(asked.window.get("start", ""))[:10] == start


@pytest.mark.parametrize(
    ("text", "window_start", "window_end"),
    [
        ("Sept vs Oct spend, and the % change MoM", "2026-10-01", "2026-11-01"),
        ("oct vs sept requests", "2026-10-01", "2026-11-01"),
        ("compare aug and sep spend", "2026-09-01", "2026-10-01"),
    ],
)
def test_two_abbreviated_months_compare_the_later_with_the_whole_earlier(
    text: str, window_start: str, window_end: str
) -> None:
    asked = compute_asked(text, NOW)
    assert asked.compare == Comparison.PREVIOUS_FULL_MONTH
    assert str(asked.window["start"])[:10] == window_start and str(asked.window["end"])[:10] == window_end


@pytest.mark.parametrize(
    "text",
    [
        "who were our 5 most active users by number of requests in the last 14 days",
        "top 10 users by requests",
        "which users sent the most requests this week",
    ],
)
def test_users_ranked_by_requests_are_not_counted_as_distinct_users(text: str) -> None:
    asked = compute_asked(text, NOW)
    assert asked.measures == [Measure.REQUESTS] and asked.dimensions == [Dimension.USER]


def test_the_most_active_users_alone_rank_by_requests() -> None:
    assert compute_asked("the 5 most active users", NOW).measures == [Measure.REQUESTS]


@pytest.mark.parametrize(
    "text",
    [
        "what is our total AI spend quarter to date, across all providers and models?",
        "overall spend across all workloads this month",
    ],
)
def test_a_total_across_all_groups_is_one_figure(text: str) -> None:
    assert compute_asked(text, NOW).dimensions == []


def test_across_providers_without_a_total_is_still_a_grouping() -> None:
    assert compute_asked("spend across providers this month", NOW).dimensions == [Dimension.PROVIDER]


@pytest.mark.parametrize("text", ["WoW change in requets, last 7d vs the 7d before?", "reqeusts last week"])
def test_a_misspelt_plural_reads_as_the_plural(text: str) -> None:
    assert compute_asked(text, NOW).measures == [Measure.REQUESTS]


@pytest.mark.parametrize(
    ("text", "window", "other"),
    [
        ("September vs November spend", ("2026-11-01", "2026-11-20"), ("2026-09-01", "2026-10-01")),
        ("requests in august versus october", ("2026-10-01", "2026-11-01"), ("2026-08-01", "2026-09-01")),
        ("how did spend in Q1 compare with Q3", ("2026-07-01", "2026-10-01"), ("2026-01-01", "2026-04-01")),
        ("first week of october vs first week of november", ("2026-11-01", "2026-11-08"), ("2026-10-01", "2026-10-08")),
    ],
)
def test_two_windows_apart_are_compared_as_named(text: str, window: tuple[str, str], other: tuple[str, str]) -> None:
    """Not the later window against the span just before it: against the earlier window the question names."""
    asked = compute_asked(text, NOW)
    assert asked.compare == Comparison.CHOSEN_WINDOW
    assert (str(asked.window["start"])[:10], str(asked.window["end"])[:10]) == window
    assert (str(asked.compare_window["start"])[:10], str(asked.compare_window["end"])[:10]) == other


@pytest.mark.parametrize(
    ("start", "end", "compare", "period", "before"),
    [
        ("2026-11-16", NOON, Comparison.SAME_WEEKDAY_LAST_WEEK, "week", "2026-11-09"),
        ("2026-10-01", NOON, Comparison.PREVIOUS_QUARTER, "quarter", "2026-07-01"),
        ("2026-11-01", NOON, Comparison.PREVIOUS_MONTH, "month", None),
    ],
)
def test_a_period_so_far_also_gets_the_whole_period_before(
    start: str, end: str, compare: Comparison, period: str, before: str | None
) -> None:
    query = SemanticQuery(
        measures=[Measure.SPEND],
        start=datetime.fromisoformat(start + "T00:00:00+00:00"),
        end=datetime.fromisoformat(end),
        compare=compare,
    )
    whole = compute_whole_period_query(query)
    assert whole is not None and whole[0] == period
    if before is not None:
        assert str(whole[1].compare_start)[:10] == before and whole[1].compare_end == query.start


def test_a_whole_week_or_a_grouped_query_gets_no_second_line() -> None:
    week: dict[str, Any] = {
        "measures": [Measure.SPEND],
        "start": datetime(2026, 11, 9, tzinfo=UTC),
        "end": datetime(2026, 11, 16, tzinfo=UTC),
        "compare": Comparison.SAME_WEEKDAY_LAST_WEEK,
    }
    assert compute_whole_period_query(SemanticQuery(**week)) is None
    assert compute_whole_period_query(SemanticQuery(**{**week, "end": NOW, "dimensions": [Dimension.MODEL]})) is None


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("What's our spend for the quarter so far?", "2026-10-01T00:00:00", NOON[:19]),
        ("since quarter start, how many requests", "2026-10-01T00:00:00", NOON[:19]),
        ("errors in the first 2 weeks of november", "2026-11-01T00:00:00", "2026-11-15T00:00:00"),
        ("how much did we spend between the 1st and the 15th of october", "2026-10-01T00:00:00", "2026-10-16T00:00:00"),
    ],
)
def test_more_ways_to_name_a_calendar_window(text: str, start: str, end: str) -> None:
    asked = compute_asked(text, NOW)
    assert asked.compare == Comparison.NONE
    assert (str(asked.window["start"])[:19], str(asked.window["end"])[:19]) == (start, end)


@pytest.mark.parametrize(
    ("text", "window", "other"),
    [
        ("Sept vs Nov spend", ("2026-11-01", "2026-11-20"), ("2026-09-01", "2026-10-01")),
        ("spend from Oct 1 to Oct 15 vs Nov 1 to Nov 15", ("2026-11-01", "2026-11-16"), ("2026-10-01", "2026-10-16")),
    ],
)
def test_abbreviated_months_and_day_ranges_apart_are_compared_as_named(
    text: str, window: tuple[str, str], other: tuple[str, str]
) -> None:
    asked = compute_asked(text, NOW)
    assert asked.compare == Comparison.CHOSEN_WINDOW
    assert (str(asked.window["start"])[:10], str(asked.window["end"])[:10]) == window
    assert (str(asked.compare_window["start"])[:10], str(asked.compare_window["end"])[:10]) == other


def test_two_months_with_their_years_keep_them() -> None:
    asked = compute_asked("october 2025 and november 2025 spend", NOW)
    assert asked.compare == Comparison.PREVIOUS_MONTH and str(asked.window["start"])[:10] == "2025-11-01"
