"""Numbers of a question the plan does not use: said in the answer, never passed over (issue #16).

A number a user types is a precise detail: a threshold ("over 5 cents"), a window ("the 48 hours before"), a
markup ("cost plus 35%"), a date ("9-15 Nov"). When none of the plan's windows, labels, bounds, limits or arguments
holds it (as typed, or in the units the plan keeps: cents as dollars, seconds as milliseconds, percent as a
fraction), the figures answered cannot have taken it into account. Numbers that are part of a name (gpt-4o, p95,
u12, Q4), list markers ("(1)") and clock-and-calendar numbers the plan's window covers are not counted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

# A word with a digit in it that starts with a letter (gpt-4o, p95, u12, kw41, llama-3.1-8b-instant, q4): a name.
_NAME_WITH_DIGITS = re.compile(r"(?<![\w$])[A-Za-z][\w.-]*\d[\w.-]*")
# "(1)", "1)", "#2", "1:1", "24/7": enumerations and idioms, not figures
_MARKERS = re.compile(
    r"\(\d+\)|(?<![\w.])\d+\)|#\d+|\b1:1\b|\b24/7\b|\b(?:items?|steps?|questions?|points?|lines?|q)\s*\d+\b|"
    r"\b(?:release|version|v|build|sprint|phase)\s*\d+(?:\.\d+)*\b|"
    r"\b\d+(?:\.\d+)+\s+(?:release|rollout|roll-out|deploy\w*|version|upgrade|build)\b",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"(?<![\w.:])(?P<hour>[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:\s?(?P<half>[ap]\.?m\b\.?))?", re.I)
_NUMBER = re.compile(
    r"(?<![\w.])(?P<dollar>\$\s?)?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|\.\d+)"
    r"(?:\s?(?P<unit>%|percent\b|per ?cent\b|k\b|thousand\b|m\b|mn\b|million\b|bn\b|billion\b|ms\b|millis\w*|"
    r"s\b|secs?\b|seconds?\b|mins?\b|minutes?\b|h\b|hrs?\b|hours?\b|d\b|days?\b|w\b|wks?\b|weeks?\b|"
    r"months?\b|years?\b|cents?\b|c\b|¢|st\b|nd\b|rd\b|th\b|x\b|[ap]\.?m\b\.?))?",
    re.IGNORECASE,
)
_PLAN_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# The units a plan keeps a typed number in, by the unit typed: percent as a fraction, cents as dollars, seconds as
# milliseconds, thousands and millions written out, weeks as days, days as hours, hours as days.
_SCALES: dict[str, tuple[float, ...]] = {
    "%": (1.0, 0.01),
    "percent": (1.0, 0.01),
    "cent": (1.0, 0.01),
    "c": (1.0, 0.01),
    "¢": (1.0, 0.01),
    "k": (1e3, 1.0),
    "thousand": (1e3,),
    "m": (1e6, 1.0),
    "mn": (1e6,),
    "million": (1e6,),
    "bn": (1e9,),
    "billion": (1e9,),
    "ms": (1.0, 0.001),
    "milli": (1.0, 0.001),
    "s": (1.0, 1000.0),
    "sec": (1.0, 1000.0),
    "min": (1.0, 60.0, 1 / 60),
    "h": (1.0, 1 / 24, 60.0),
    "hr": (1.0, 1 / 24, 60.0),
    "hour": (1.0, 1 / 24, 60.0),
    "d": (1.0, 24.0),
    "day": (1.0, 24.0),
    "w": (1.0, 7.0),
    "wk": (1.0, 7.0),
    "week": (1.0, 7.0),
    "month": (1.0, 28.0, 30.0, 31.0),
    "year": (1.0, 365.0),
}


def _scales(unit: str) -> tuple[float, ...]:
    unit = unit.lower().replace(" ", "")
    for key in sorted(_SCALES, key=len, reverse=True):
        if unit.startswith(key) and (key != "m" or unit in ("m", "m.")) and (key != "s" or unit == "s"):
            return _SCALES[key]
    return (1.0,)


_MAX_DAYS_LISTED = 92


def _parsed(start: str, end: str) -> tuple[datetime, datetime] | None:
    try:
        return datetime.fromisoformat(start), datetime.fromisoformat(end)
    except ValueError:
        return None


def _windows(node: Any) -> Iterator[tuple[datetime, datetime]]:
    """Every (start, end) pair in a dump: "start"/"end", "compare_start"/"compare_end" and the like."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and key.endswith("start") and isinstance(value, str):
                end = node.get(key[: -len("start")] + "end")
                window = _parsed(value, end) if isinstance(end, str) else None
                if window is not None:
                    yield window
        for value in node.values():
            yield from _windows(value)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _windows(value)


def _window_lengths(start: datetime, end: datetime) -> set[float]:
    """A window's length in weeks, days, hours and minutes."""
    length = (end - start).total_seconds()
    return {round(length / unit, 9) for unit in (604800, 86400, 3600, 60)}


def _window_days(start: datetime, end: datetime) -> set[float]:
    """Each day of month, month and year a window covers ("1 to 31 October inclusive" ends at midnight on 1
    November)."""
    last = end - timedelta(microseconds=1)
    out: set[float] = set()
    if (last - start).days <= _MAX_DAYS_LISTED:
        day = start
        while day <= last:
            out |= {float(day.day), float(day.month), float(day.year)}
            day += timedelta(days=1)
        out |= {float(last.day), float(last.month)}
        if end == end.replace(hour=0, minute=0, second=0, microsecond=0):  # "up to but not including 15 nov": its bound
            out |= {float(end.day), float(end.month)}
    return out


_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:\d{2})?")


class _Held:
    """The numbers a plan holds: its arguments, bounds, limits and labels with its windows' lengths (`figures`),
    the days of month, months and years its windows cover (`calendar`), and the hours of day it holds (`hours`)."""

    def __init__(self, plan: Any) -> None:
        blob = json.dumps(plan, default=str)
        self.figures = {round(float(m.group(0)), 9) for m in _PLAN_NUMBER.finditer(_ISO.sub(" ", blob))}
        self.hours = set(self.figures)
        self.calendar: set[float] = set()
        compared = '"compare": "previous' in blob
        for start, end in _windows(plan):
            self.figures |= _window_lengths(start, end)
            self.calendar |= _window_days(start, end)
            self.hours |= {float(start.hour), float(end.hour)}
            if compared:  # a comparison with the period before: "the preceding fortnight"
                self.calendar |= _window_days(start - (end - start), start)


def compute_unused_numbers(text: str, plan: Any, names: Iterable[str] = ()) -> list[str]:
    """The numbers typed in `text` (as typed, in order) that `plan` (a dump of it) holds in no unit."""
    blanked = text
    for name in sorted((n for n in names if any(c.isdigit() for c in n)), key=len, reverse=True):
        blanked = re.sub(re.escape(name), " ", blanked, flags=re.IGNORECASE)
    blanked = _MARKERS.sub(" ", _NAME_WITH_DIGITS.sub(" ", blanked))
    held = _Held(plan)
    out: list[str] = []
    for m in _CLOCK.finditer(blanked):  # "14:00", "9:30pm": the hour (a window's bound, or the hour before it)
        hour = int(m.group("hour")) + (12 if (m.group("half") or "").lower().startswith("p") else 0)
        if float(hour) not in held.hours and float(hour - 1) not in held.hours and m.group(0).strip() not in out:
            out.append(m.group(0).strip())
    blanked = _CLOCK.sub(" ", blanked)
    for m in _NUMBER.finditer(blanked):
        value = float(m.group("num").replace(",", ""))
        unit = (m.group("unit") or "").strip().lower()
        if re.fullmatch(r"[ap]\.?m\.?", unit):  # "9am", "5pm": an hour of day, as a clock time is
            at = value + (12 if unit.startswith("p") and value < 12 else 0)
            if (at in held.hours or at - 1 in held.hours) or m.group(0).strip() in out:
                continue
            out.append(m.group(0).strip())
            continue
        scales = _scales(unit)
        if not unit and value >= 1000 and value % 1000 == 0:  # "per 1,000 tokens": the plan's per-1k figure
            scales = (1.0, 0.001, 1e-6)
        # a day of month, a month or a year only as a bare number or an ordinal ("the 3rd"), never "5 seconds"
        dated = not m.group("dollar") and unit in ("", "st", "nd", "rd", "th")
        pool = held.figures | held.calendar if dated else held.figures
        if any(round(value * scale, 9) in pool for scale in scales):
            continue
        typed = m.group(0).strip()
        if typed not in out:
            out.append(typed)
    return out
