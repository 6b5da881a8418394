"""Calendar windows as users name them: periods to date, quarters, and parts of a named month.

"week to date", "wtd", "quarter to date", "since the start of the year", "this quarter" (since the 1st of the
quarter), "last quarter" (the whole calendar quarter before), "Q3", "Q3 2026", "the third quarter", "the first week
of November", "the second half of October", "the first 10 days of November", "1-10 November", "10, 11 and 12
November" (days listed one after another), "from the 1st to the 10th of November". Weeks start on Monday; every
window ends at `now` at the latest.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime, timedelta

from netra_core.agents.timerange import MONTH_NUMBERS, MONTHS, WORD_NUMBERS, TimeRange
from netra_core.analytics.semantic import Comparison

_MON = "(" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
_UNIT = r"(week|wk|month|quarter|qtr|year)"
# "week to date", "wtd", "so far this quarter", "this year so far", "since the start of the month", "since the
# month begin" (a non-native "since the month's beginning")
_TO_DATE = re.compile(
    rf"\b{_UNIT}[- ]to[- ]date\b|\b([wmqy])td\b|\bso far (?:this|in the|in this) {_UNIT}\b|"
    rf"\b(?:this|the) {_UNIT},? (?:so far|to date)\b|\bsince (?:the )?(?:start|beginning|begin) of (?:the |this )?{_UNIT}\b|"
    rf"\bsince (?:the )?{_UNIT}(?:'s)? (?:start\w*|began|begun|begin\w*)\b"
)
_THIS = re.compile(r"\b(?:this|the current|current)\s+(quarter|qtr|year)\b")
_LAST_QUARTER = re.compile(r"\b(?:last|previous|prior|preceding)\s+(?:calendar\s+)?(?:quarter|qtr)\b")
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_NAMED_QUARTER = re.compile(
    r"\b(?:q([1-4])|(first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:calendar\s+)?quarter)"
    r"(?:\s*(?:of\s+)?(?:'|fy)?(20\d\d|\d\d)\b)?(?![\w]|-(?!to-date\b|to date\b))"
)
# The month a part is taken of: a name, "this month" or "last month".
_OF_MONTH = rf"(?:(?:the\s+)?month\s+of\s+)?(?:{_MON}(?:\s+(20\d\d))?|(this|last|previous)\s+month)\b"
_WEEK_OF = re.compile(rf"\b(first|second|third|fourth|last|final|1st|2nd|3rd|4th)\s+week\s+(?:of|in)\s+{_OF_MONTH}")
_HALF_OF = re.compile(rf"\b(first|second|last|latter|1st|2nd)\s+half\s+(?:of|in)\s+{_OF_MONTH}")
_DAYS_OF = re.compile(
    rf"\b(first|last|final)\s+(\d{{1,2}}|{'|'.join(WORD_NUMBERS)})\s+(days|weeks)\s+(?:of|in)\s+{_OF_MONTH}"
)
_DAYS_THEN_MONTH = re.compile(
    r"\b(?:(?:from|between)\s+)?(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s*(?:-|\u2013|to|through|thru|until|till|and)\s*"
    rf"(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_OF_MONTH}"
)


# Two parts of one month, the month said once: "the first half of october vs the second half", "the first vs the
# second half of october", "first week of november against the second"
_PART_WORD = r"(?:first|second|third|fourth|last|final|latter|1st|2nd|3rd|4th)"
_JOIN = r"(?:vs\.?|versus|compared?\s+(?:to|with)|against|and|or|to|with)"
_MONTH_AFTER = re.compile(
    rf"\b(?P<a>{_PART_WORD})\s+(?P<unit>half|week)\s+(?P<of>(?:of|in)\s+{_OF_MONTH})(?P<mid>[^?.;]{{1,40}}?\b"
    rf"{_JOIN}\s+(?:the\s+|its\s+)?)(?P<b>{_PART_WORD})(?!\s+(?:half|week|one)\s+(?:of|in)\b)"
    r"(?:\s+(?:half|week|one))?\b(?!\s+(?:of|in)\b)"
)
_MONTH_BEFORE = re.compile(
    rf"\b(?P<a>{_PART_WORD})(?P<mid>\s+(?:half\s+|week\s+)?{_JOIN}\s+(?:the\s+)?)(?P<b>{_PART_WORD})\s+"
    rf"(?P<unit>half|week)\s+(?P<of>(?:of|in)\s+{_OF_MONTH})"
)


def compute_month_parts_said(t: str) -> str:
    """Lowered text `t` with a month said once for two of its parts said for each ("the first half of october vs
    the second half": "... vs the second half of october")."""
    if m := _MONTH_AFTER.search(t):
        return f"{t[: m.start('b')]}{m['b']} {m['unit']} {m['of']}{t[m.end() :]}"
    if m := _MONTH_BEFORE.search(t):
        return f"{t[: m.start()]}{m['a']} {m['unit']} {m['of']}{m['mid']}{t[m.start('b') :]}"
    return t


def _day(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def compute_period_start(now: datetime, unit: str) -> datetime:
    """The first moment of the calendar week (Monday), month, quarter or year holding `now`."""
    day = _day(now)
    if unit in ("week", "wk", "w"):
        return day - timedelta(days=now.weekday())
    if unit in ("year", "y"):
        return day.replace(month=1, day=1)
    if unit in ("quarter", "qtr", "q"):
        return day.replace(month=(now.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(day=1)


def _add_months(moment: datetime, months: int) -> datetime:
    index = moment.year * 12 + moment.month - 1 + months
    return moment.replace(year=index // 12, month=index % 12 + 1)


def _clipped(start: datetime, end: datetime, now: datetime, prefix: str) -> TimeRange | None:
    if start >= now or end <= start:
        return None
    return TimeRange.between(start, min(end, now), prefix)


def _quarter(quarter: int, year: str | None, now: datetime) -> TimeRange | None:
    """Quarter `quarter` of `year` (two or four digits), or the most recent one that has begun."""
    if year:
        full = int(year) + (2000 if len(year) == 2 else 0)
        start = datetime(full, 3 * quarter - 2, 1, tzinfo=UTC)
    else:
        start = datetime(now.year, 3 * quarter - 2, 1, tzinfo=UTC)
        if start > now:
            start = start.replace(year=now.year - 1)
    return _clipped(start, _add_months(start, 3), now, f"Q{quarter} {start.year}, ")


def _month(m: re.Match[str], first: int, now: datetime) -> datetime | None:
    """The start of the month a part is taken of (group `first` the name, then its year, then this/last)."""
    name, year, which = m.group(first), m.group(first + 1), m.group(first + 2)
    if which:
        start = compute_period_start(now, "month")
        return start if which == "this" else _add_months(start, -1)
    number = MONTH_NUMBERS[name]
    if year:
        return datetime(int(year), number, 1, tzinfo=UTC)
    start = datetime(now.year, number, 1, tzinfo=UTC)
    return start if start <= now else start.replace(year=now.year - 1)


def _month_name(start: datetime) -> str:
    return MONTHS[start.month - 1].capitalize()


# A day listed before another: "10, " of "10, 11 and 12 November".
_LISTED_DAY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s*,\s*$")


def _listed_first(before: str, first: int) -> int:
    """The first of the days listed one after another up to `first` ("10, 11 and 12 November": 10), or `first`."""
    while (m := _LISTED_DAY.search(before)) and int(m.group(1)) == first - 1:
        first, before = first - 1, before[: m.start()]
    return first


def _part_of_month(t: str, now: datetime) -> TimeRange | None:
    """A week, a half or the first/last days of a named month, or a span of its days ("1-10 November"); a part
    of this year's month still ahead ("the last week of November" on the 20th) is last year's."""
    found = _part_of_month_at(t, now, now)
    if found is None:
        earlier = now.replace(year=now.year - 1, day=min(now.day, 28))
        for pattern, first in ((_WEEK_OF, 2), (_HALF_OF, 2), (_DAYS_OF, 4), (_DAYS_THEN_MONTH, 3)):
            m = pattern.search(t)
            if m is not None and m.group(first) and not m.group(first + 1):  # a month named without a year
                return _part_of_month_at(t, earlier, now)
    return found


def _part_of_month_at(t: str, anchor: datetime, now: datetime) -> TimeRange | None:
    """The part of the month most recent at `anchor` (a named month's year is the latest that has begun)."""
    if m := _WEEK_OF.search(t):
        start = _month(m, 2, anchor)
        if start is None:
            return None
        length = calendar.monthrange(start.year, start.month)[1]
        which = m.group(1)
        first_day = length - 6 if which in ("last", "final") else 7 * (_ORDINALS[which] - 1) + 1
        begin = start.replace(day=first_day)
        return _clipped(begin, begin + timedelta(days=7), now, f"the {which} week of {_month_name(start)}, ")
    if m := _HALF_OF.search(t):
        start = _month(m, 2, anchor)
        if start is None:
            return None
        middle = start.replace(day=16)
        first_half = m.group(1) in ("first", "1st")
        begin, end = (start, middle) if first_half else (middle, _add_months(start, 1))
        half = "first" if first_half else "second"
        return _clipped(begin, end, now, f"the {half} half of {_month_name(start)}, ")
    if m := _DAYS_OF.search(t):
        start = _month(m, 4, anchor)
        raw = m.group(2)
        count = (int(raw) if raw.isdigit() else WORD_NUMBERS[raw]) * (7 if m.group(3) == "weeks" else 1)
        if start is None or not 1 <= count <= 31:
            return None
        end = _add_months(start, 1)
        if m.group(1) == "first":
            return _clipped(start, min(start + timedelta(days=count), end), now, "")
        return _clipped(max(end - timedelta(days=count), start), end, now, "")
    if m := _DAYS_THEN_MONTH.search(t):
        start = _month(m, 3, anchor)
        first, last = _listed_first(t[: m.start()], int(m.group(1))), int(m.group(2))
        if start is None or not 1 <= first <= last <= calendar.monthrange(start.year, start.month)[1]:
            return None
        return _clipped(start.replace(day=first), start.replace(day=last) + timedelta(days=1), now, "")
    return None


def compute_calendar_range(text: str, now: datetime) -> TimeRange | None:
    """The calendar window `text` names (a period to date, a quarter, part of a month), or None."""
    t = text.lower()
    now = now.astimezone(UTC)
    if m := _TO_DATE.search(t):
        unit = next(g for g in m.groups() if g)
        start = compute_period_start(now, unit)
        name = {"w": "week", "wk": "week", "m": "month", "q": "quarter", "qtr": "quarter", "y": "year"}.get(unit, unit)
        return _clipped(start, now, now, f"{name} to date, ")
    if found := _part_of_month(t, now):
        return found
    if m := _LAST_QUARTER.search(t):
        end = compute_period_start(now, "quarter")
        start = _add_months(end, -3)
        return TimeRange.between(start, end, f"last quarter (Q{(start.month - 1) // 3 + 1} {start.year}), ")
    if m := _NAMED_QUARTER.search(t):
        quarter = int(m.group(1)) if m.group(1) else _ORDINALS[m.group(2)]
        return _quarter(quarter, m.group(3), now)
    if m := _THIS.search(t):
        unit = "quarter" if m.group(1).startswith("q") else "year"
        return _clipped(compute_period_start(now, unit), now, now, f"this {unit} to date, ")
    return None


# The comparison that lines a calendar window up with the same span one unit before it.
_ALIGNED = (
    ("week", 1, Comparison.SAME_WEEKDAY_LAST_WEEK),
    ("month", 1, Comparison.PREVIOUS_MONTH),
    ("quarter", 3, Comparison.PREVIOUS_QUARTER),
    ("year", 12, Comparison.PREVIOUS_YEAR),
)


def compute_aligned_comparison(compare: Comparison, window: TimeRange, now: datetime) -> Comparison:
    """ "This week vs last week", "this quarter vs the previous quarter", "Q3 vs the quarter before": a calendar
    period (to date, or whole) against the same span of the period before it (Monday to now against last Monday to
    the same weekday and hour), not against the hours just before it."""
    if compare != Comparison.PREVIOUS_PERIOD or window.start is None or window.end is None:
        return compare
    now = now.astimezone(UTC)
    for unit, months, aligned in _ALIGNED:
        start = compute_period_start(window.start, unit)
        if start != window.start:
            continue
        to_date = window.end == now and start == compute_period_start(now, unit)
        whole = window.end == (start + timedelta(days=7) if unit == "week" else _add_months(start, months))
        if to_date or whole:
            return compare if unit == "week" and whole else aligned
    return compare
