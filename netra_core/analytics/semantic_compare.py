"""Comparison windows, data coverage, per-day normalisation and run-rate projection for semantic queries (pure).

A comparison that ignores coverage misleads: "spend up 10.9 %" against a previous month with data on 26 of its
days is a per-day fall of 1.9 %. So when the two windows' covered days differ (and the query asks for it, the
default), summable measures are compared per covered day, and the result says so.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

import pandas as pd

from netra_core.analytics.semantic import Comparison, Grain, Measure
from netra_core.analytics.semantic_result import DAY, Coverage, Projection, Window

# Measures whose values add up over time and groups: these are compared per covered day and projected.
SUMMABLE = frozenset(
    {
        Measure.SPEND,
        Measure.REQUESTS,
        Measure.INPUT_TOKENS,
        Measure.OUTPUT_TOKENS,
        Measure.TOTAL_TOKENS,
        Measure.CACHED_TOKENS,
        Measure.UNCACHED_INPUT_TOKENS,
        Measure.REASONING_TOKENS,
        Measure.ERRORS,
        Measure.ERROR_SPEND,
        Measure.QUALITY_N,
        Measure.TTFT_N,
        Measure.USAGE_N,
        Measure.USER_ID_N,
        Measure.SESSION_ID_N,
        Measure.QUALITY_BAND_N,
        Measure.PROMPT_BAND_N,
        Measure.LATENCY_BAND_N,
        Measure.BATCH_SPEND,
    }
)
# Two coverages closer than this (in days, about a second) count as equal.
_SAME_COVERAGE_DAYS = 1e-5


def compute_month_shift(t: datetime, months: int) -> datetime:
    """`t` moved by whole calendar months (negative: back), the day clamped to the target month's length."""
    index = t.year * 12 + (t.month - 1) + months
    year, month = divmod(index, 12)
    day = min(t.day, calendar.monthrange(year, month + 1)[1])
    return t.replace(year=year, month=month + 1, day=day)


def _is_month_start(t: datetime) -> bool:
    return t.day == 1 and t.hour == 0 and t.minute == 0 and t.second == 0 and t.microsecond == 0


_GRAIN_LENGTH = {Grain.HOUR: timedelta(hours=1), Grain.DAY: timedelta(days=1), Grain.WEEK: timedelta(days=7)}


def compute_comparison_window(kind: Comparison, window: Window, grain: Grain | None = None) -> Window | None:
    """The window compared with: the same length just before, 7 days back, the month(s) before, three months or a
    year back, or one bucket of `grain` back (each bucket against the one before it)."""
    if kind in (Comparison.NONE, Comparison.CHOSEN_WINDOW):  # a chosen window is the query's own
        return None
    if kind == Comparison.PREVIOUS_BUCKET:
        if grain is None:
            return None
        if grain == Grain.MONTH:
            return Window(compute_month_shift(window.start, -1), compute_month_shift(window.end, -1))
        return Window(window.start - _GRAIN_LENGTH[grain], window.end - _GRAIN_LENGTH[grain])
    if kind == Comparison.PREVIOUS_PERIOD:
        span = window.end - window.start
        return Window(window.start - span, window.start)
    if kind == Comparison.SAME_WEEKDAY_LAST_WEEK:
        return Window(window.start - timedelta(days=7), window.end - timedelta(days=7))
    if kind == Comparison.PREVIOUS_FULL_MONTH:
        first = window.start.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        return Window(compute_month_shift(first, -1), first)
    if kind == Comparison.PREVIOUS_MONTH:
        months = 1
        if _is_month_start(window.start) and _is_month_start(window.end):
            # Whole calendar months (Oct..Dec) compare with as many months just before (Jul..Sep).
            months = (window.end.year - window.start.year) * 12 + window.end.month - window.start.month
        return Window(compute_month_shift(window.start, -months), compute_month_shift(window.end, -months))
    months = 3 if kind == Comparison.PREVIOUS_QUARTER else 12
    return Window(compute_month_shift(window.start, -months), compute_month_shift(window.end, -months))


def compute_bucket_shift(kind: Comparison, window: Window, grain: Grain) -> int | timedelta | None:
    """How far forward a comparison bucket moves to meet its bucket in the window (months as an int).

    None when the buckets do not line up one to one: a shift that is not a whole number of buckets, weeks or
    days moved by calendar months (weekdays and month lengths change), months moved by a fixed span.
    """
    if kind == Comparison.CHOSEN_WINDOW:
        return None  # a window of its own: its buckets are compared as totals
    if kind == Comparison.PREVIOUS_BUCKET:  # one bucket back, whatever the window
        return 1 if grain == Grain.MONTH else _GRAIN_LENGTH[grain]
    if kind in (
        Comparison.PREVIOUS_MONTH,
        Comparison.PREVIOUS_FULL_MONTH,
        Comparison.PREVIOUS_QUARTER,
        Comparison.PREVIOUS_YEAR,
    ):
        if grain != Grain.MONTH:
            return None
        other = compute_comparison_window(kind, window)
        assert other is not None
        return (window.start.year - other.start.year) * 12 + window.start.month - other.start.month
    shift = window.end - window.start if kind == Comparison.PREVIOUS_PERIOD else timedelta(days=7)
    length = _GRAIN_LENGTH.get(grain)
    if length is None or shift % length:
        return None
    return shift


def compute_shifted_buckets(buckets: pd.Series, shift: int | timedelta) -> pd.Series:
    """Comparison-window buckets moved onto the window's buckets."""
    if isinstance(shift, int):
        return buckets.map(lambda t: pd.Timestamp(compute_month_shift(t.to_pydatetime(), shift)))
    return buckets + shift


def compute_coverage(days: Iterable[date], window: Window, now: datetime) -> Coverage:
    """Days with data in `window`, each counted by its overlap with the window up to `now`."""
    observed_end = max(window.start, min(window.end, now))
    ordered = sorted(set(days))
    covered = 0.0
    for day in ordered:
        lo = datetime(day.year, day.month, day.day, tzinfo=UTC)
        overlap = min(lo + DAY, observed_end) - max(lo, window.start)
        covered += max(overlap / DAY, 0.0)
    return Coverage(
        days_with_data=len(ordered),
        covered_days=covered,
        window_days=window.days,
        first_day=ordered[0].isoformat() if ordered else None,
        last_day=ordered[-1].isoformat() if ordered else None,
    )


def is_coverage_different(a: Coverage, b: Coverage) -> bool:
    """Whether two windows hold data over different amounts of time."""
    return abs(a.covered_days - b.covered_days) > _SAME_COVERAGE_DAYS


def is_whole_months(a: Window, b: Window, ca: Coverage, cb: Coverage) -> bool:
    """Whether two windows are whole calendar months, each covered in full: compared as totals (September against
    October), their lengths differing only as the calendar does."""
    starts = all(_is_month_start(t) for t in (a.start, a.end, b.start, b.end))
    return starts and all(abs(c.covered_days - c.window_days) <= _SAME_COVERAGE_DAYS for c in (ca, cb))


def _per_day(value: float, days: float) -> float:
    return value / days if days > 0 else math.nan


def compute_comparison(
    current: pd.DataFrame,
    previous: pd.DataFrame,
    keys: list[str],
    measures: list[Measure],
    per_day: bool,
    current_days: float,
    previous_days: float,
    keep_all: bool,
) -> pd.DataFrame:
    """The current rows with `<m>_previous`, `<m>_change`, `<m>_change_pct` (and per-day columns when `per_day`).

    Rows are matched on the dimension columns `keys`; a group missing from one window has 0 for summable
    measures and no value for the others. `keep_all` also keeps groups seen only in the previous window.
    """
    names = [m.value for m in measures]
    prev = previous[keys + names].rename(columns={n: f"{n}_previous" for n in names})
    if keys:
        frame = current.merge(prev, on=keys, how="outer" if keep_all else "left", sort=False)
    else:
        frame = pd.concat([current.reset_index(drop=True), prev.reset_index(drop=True)], axis=1)
    for m in measures:
        n = m.value
        cur, old = frame[n].astype("float64"), frame[f"{n}_previous"].astype("float64")
        if m in SUMMABLE:
            cur, old = cur.fillna(0.0), old.fillna(0.0)
            frame[n], frame[f"{n}_previous"] = cur, old
            if per_day:
                cur = cur.map(lambda v: _per_day(v, current_days))
                old = old.map(lambda v: _per_day(v, previous_days))
                frame[f"{n}_per_day"], frame[f"{n}_previous_per_day"] = cur, old
        frame[f"{n}_change"] = cur - old
        frame[f"{n}_change_pct"] = (cur - old) / old.where(old != 0) * 100
    return frame


def compute_projection(
    frame: pd.DataFrame, measures: list[Measure], coverage: Coverage, window: Window, now: datetime, to: datetime
) -> tuple[pd.DataFrame, Projection]:
    """`<m>_projected` = value + value / covered days x days from the observed end to `to`, for summable measures."""
    observed_end = max(window.start, min(window.end, now))
    remaining = (to - observed_end) / DAY
    summable = [m for m in measures if m in SUMMABLE]
    out = frame.copy()
    for m in summable:
        values = out[m.value].astype("float64")
        out[f"{m.value}_projected"] = values + values.map(lambda v: _per_day(v, coverage.covered_days)) * remaining
    projection = Projection(
        to=to,
        observed_end=observed_end,
        rate_days=coverage.covered_days,
        remaining_days=remaining,
        measures=tuple(m.value for m in summable),
        not_projected=tuple(m.value for m in measures if m not in SUMMABLE),
    )
    return out, projection
