"""Time ranges as users type them: "last 7 days", "past wk", "yesterday", "last tuesday", "in october"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

WORD_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fourteen": 14, "thirty": 30, "ninety": 90,
                "couple": 2, "few": 3}  # fmt: skip
UNIT_DAYS = {"h": 1 / 24, "d": 1.0, "w": 7.0, "m": 30.0, "y": 365.0}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")  # fmt: skip

_NUM = r"(\d+(?:\.\d+)?|" + "|".join(WORD_NUMBERS) + r")"
_UNIT = r"(hours?|hrs?|h|days?|dys?|d|weeks?|wks?|w|months?|mos?|mths?|years?|yrs?)"
_UNIT_WORD = r"(hours?|hrs?|days?|dys?|weeks?|wks?|months?|mos?|mths?|years?|yrs?)"
_RELATIVE = re.compile(
    rf"\b(?:last|past|previous|prior|over|in|for|the)\s+(?:the\s+)?(?:last\s+|past\s+)?{_NUM}\s*{_UNIT_WORD}\b"
)
# Digits only here: "and" must never read as "a" + "nd", nor "an d" as one day.
_BARE = re.compile(rf"\b(\d+(?:\.\d+)?)[- ]?{_UNIT}\b")
_SINGLE = re.compile(r"\b(last|past|previous|this)\s+(hour|day|week|wk|fortnight|month|quarter|year)\b")
_WEEKDAY = re.compile(r"\b(?:last|on|since)\s+(" + "|".join(WEEKDAYS) + r")\b")
_ISO = re.compile(r"\bsince\s+(\d{4}-\d{2}-\d{2})\b")
_MONTH_DAY = re.compile(r"\bsince\s+(" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\s+(\d{1,2})\b")
_IN_MONTH = re.compile(r"\b(?:in|for|during)\s+(" + "|".join(MONTHS) + r")\b")


@dataclass(frozen=True)
class TimeRange:
    """A resolved window: either the last `days`, or a calendar `start`..`end`."""

    label: str
    days: float | None = None
    start: datetime | None = None
    end: datetime | None = None

    @classmethod
    def last(cls, days: float) -> TimeRange:
        """The last `days`, labelled with numbers the tools echo back (days, or hours under two days)."""
        days = round(days, 6)
        label = f"the last {days * 24:g} hours" if days < 2 else f"the last {days:g} days"
        return cls(label=label, days=days)

    @classmethod
    def between(cls, start: datetime, end: datetime, prefix: str = "") -> TimeRange:
        """A calendar window, labelled with its dates."""
        label = f"{start:%Y-%m-%d}" if end - start == timedelta(days=1) else f"{start:%Y-%m-%d} to {end:%Y-%m-%d}"
        return cls(label=f"{prefix}{label}", start=start, end=end)

    def as_args(self) -> dict[str, object]:
        """Tool arguments for this window."""
        if self.days is not None:
            return {"days": self.days}
        assert self.start is not None and self.end is not None
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def _unit(raw: str) -> float:
    key = raw[0]
    if raw.startswith("mo") or raw.startswith("mth"):
        key = "m"
    elif raw.startswith("mi"):
        key = "h"
    return UNIT_DAYS[key]


def _number(raw: str) -> float:
    return float(WORD_NUMBERS.get(raw, raw))  # type: ignore[arg-type]


def _day(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def _month_start(moment: datetime) -> datetime:
    return _day(moment).replace(day=1)


def _previous_month(moment: datetime) -> tuple[datetime, datetime]:
    end = _month_start(moment)
    return _month_start(end - timedelta(days=1)), end


def compute_time_range(text: str, now: datetime) -> TimeRange | None:
    """The window a message names, or None when it names none."""
    t = text.lower()
    now = now.astimezone(UTC)
    if m := _RELATIVE.search(t) or _BARE.search(t):
        days = round(_number(m.group(1)) * _unit(m.group(2)), 6)
        if days > 0:
            return TimeRange.last(days)
    if "yesterday" in t:
        start = _day(now) - timedelta(days=1)
        return TimeRange.between(start, start + timedelta(days=1), "yesterday, ")
    if re.search(r"\btoday\b", t):
        return TimeRange.between(_day(now), now, "today, ")
    if m := _WEEKDAY.search(t):
        back = (now.weekday() - WEEKDAYS.index(m.group(1))) % 7 or 7
        start = _day(now) - timedelta(days=back)
        return TimeRange.between(start, start + timedelta(days=1), f"{m.group(1).capitalize()} ")
    if m := _ISO.search(t):
        start = datetime.fromisoformat(m.group(1)).replace(tzinfo=UTC)
        if start < now:
            return TimeRange.between(start, now)
    if m := _MONTH_DAY.search(t):
        month = [x[:3] for x in MONTHS].index(m.group(1)) + 1
        start = datetime(now.year, month, int(m.group(2)), tzinfo=UTC)
        if start > now:
            start = start.replace(year=now.year - 1)
        return TimeRange.between(start, now)
    if m := _SINGLE.search(t):
        which, unit = m.group(1), m.group(2)
        if unit == "month" and which in ("last", "previous"):
            start, end = _previous_month(now)
            return TimeRange.between(start, end)
        if unit == "month" and which == "this":
            return TimeRange.between(_month_start(now), now, "this month, ")
        if unit in ("week", "wk") and which == "this":
            return TimeRange.between(_day(now) - timedelta(days=now.weekday()), now, "this week, ")
        days = {"hour": 1 / 24, "day": 1.0, "week": 7.0, "wk": 7.0, "fortnight": 14.0, "month": 30.0,
                "quarter": 90.0, "year": 365.0}[unit]  # fmt: skip
        return TimeRange.last(days)
    if m := _IN_MONTH.search(t):
        month = MONTHS.index(m.group(1)) + 1
        start = datetime(now.year, month, 1, tzinfo=UTC)
        if start > now:
            start = start.replace(year=now.year - 1)
        end = _month_start(start + timedelta(days=32))
        return TimeRange.between(start, min(end, now))
    return None
