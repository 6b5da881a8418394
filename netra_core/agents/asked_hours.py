"""Hours of the day taken as a filter over every day of a window (issue #16).

"During business hours last week (09:00 to 17:00 UTC)", "the night shift (22:00 to 06:00 UTC) over the last 7
days", "calls after 6pm in October", "spend outside 9am-5pm": the same hours of each day of the window, read as the
hour-of-day dimension's values ('09:00' to '16:00': the hour that starts at the range's end is left out; a range
whose end comes before its start runs across midnight). Only whole hours are read, and a clock is a clock only when
it is written as one (a colon or am/pm): "between 3 and 5 days ago" names no hours. A named part of the day whose
hours the message does not give ("during business hours", "the night shift") is said as not read, not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from netra_core.agents.timerange import is_clock_moment

_CLOCK = r"(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?"
_TO = r"\s*(?:utc\s*)?(?:and|to|until|till|through|thru|-|\u2013|\u2014)\s*"
# "09:00 to 17:00", "9am-5pm", "from 22:00 until 06:00 utc" (not "2026-11-09 to 2026-11-14": no clock is a date's)
_RANGE = re.compile(rf"(?<![\w:.\-/])(?P<lead>(?:between|from)\s+)?{_CLOCK}{_TO}{_CLOCK}(?:\s*utc\b)?(?![\w:])")
# "after 6pm", "before 08:00 utc", "later than 20:00": one side of the day
_SIDE = re.compile(rf"\b(?P<side>after|before|later\s+than|earlier\s+than)\s+{_CLOCK}(?:\s*utc\b)?(?![\w:])(?!{_TO}\d)")
# "outside business hours (09:00-17:00)", "not between 9am and 5pm": the other hours of the day
_OUTSIDE = re.compile(r"\b(?:outside|out\s+of|not\s+(?:in|during|between|within|from))\b[^.;?!,]{0,40}$")
# Clocks said as words: "midnight to 6am", "from noon to 6pm"
_MIDNIGHT = re.compile(r"\b(?:12\s*)?midnight\b")
_NOON = re.compile(r"\b(?:12\s*)?(?:noon|mid-?day)\b")
# Parts of the day named by a word, whose hours only the message can say ("peak hours" are asked, not said: which
# hours were busiest is a ranking of the hours of the day)
_NAMED_PART = re.compile(
    r"\b(?:business|office|working|work|opening|trading)\s+hours\b|\b(?:night|day|late|early|evening|morning)\s+"
    r"shifts?\b|\b(?:off|after|out\s+of)[- ]hours\b"
)


@dataclass(frozen=True)
class HourBand:
    """The hours of the day a message names: `hours` as the hour-of-day dimension's values (empty when the hours
    said are not whole ones), and `said` as written."""

    hours: list[str]
    said: str


def _clock(raw: str, minute: str | None, half: str | None) -> int | None:
    """The whole hour a clock says (None when it is no hour, or not a whole one: "9:30")."""
    if minute is not None and minute != "00":
        return None
    hour = int(raw)
    if half is not None:
        return hour % 12 + (12 if half.startswith("p") else 0) if 1 <= hour <= 12 else None
    return hour % 24 if hour <= 24 else None


def _marked(minute: str | None, half: str | None) -> bool:
    return minute is not None or half is not None


def _span(start: int, end: int) -> list[int]:
    """The hours from `start` up to `end` (left out), across midnight when `end` comes first."""
    return list(range(start, end)) if start < end else [*range(start, 24), *range(end)]


def _values(hours: list[int]) -> list[str]:
    return [f"{h:02d}:00" for h in hours]


def _outside(t: str, start: int, hours: list[int]) -> list[int]:
    """`hours`, or the other hours of the day when the text just before them says "outside"."""
    if _OUTSIDE.search(t[max(0, start - 60) : start]):
        return [h for h in range(24) if h not in hours]
    return hours


def _range_band(t: str) -> HourBand | None:
    for m in _RANGE.finditer(t):
        marks = (_marked(m[3], m[4]), _marked(m[6], m[7]))
        if not (all(marks) or ((m["lead"] or m[7]) and any(marks))):
            continue  # "between 3 and 5 days ago", "9 to 5": no clock said ("1 to 5pm": the half said once)
        start, end = _clock(m[2], m[3], m[4]), _clock(m[5], m[6], m[7])
        if start is not None and end is not None and m[4] is None and m[7] is not None and m[7].startswith("p"):
            start = start + 12 if start < 12 and start + 12 < end else start  # "1 to 5pm": 13:00; "9 to 5pm": 09:00
        said = m.group(0).strip()
        if start is None or end is None:
            return HourBand([], said)  # "09:30 to 17:30": hours said, not whole ones
        if start == end:
            continue
        return HourBand(_values(_outside(t, m.start(), _span(start, end))), said)
    return None


def _side_band(t: str) -> HourBand | None:
    for m in _SIDE.finditer(t):
        if not _marked(m[3], m[4]) or is_clock_moment(t, m.start(), m.end()):
            continue  # "after 5 days": no clock; "the 12 hours after 06:00 on 16 nov": a moment
        hour = _clock(m[2], m[3], m[4])
        if hour is None:
            return HourBand([], m.group(0).strip())
        hours = list(range(hour, 24)) if m["side"].startswith(("after", "later")) else list(range(hour))
        if hours and len(hours) < 24:
            return HourBand(_values(_outside(t, m.start(), hours)), m.group(0).strip())
    return None


def compute_hour_band(t: str) -> HourBand | None:
    """The hours of each day lowered question `t` names ("09:00 to 17:00", "between 9am and 5pm", "22:00-06:00"
    across midnight, "after 6pm", "before 8am", "outside 9am-5pm", "from noon to midnight"), or None."""
    t = _NOON.sub("12:00", _MIDNIGHT.sub("00:00", t))
    return _range_band(t) or _side_band(t)


def compute_unsaid_part_of_day(t: str) -> str | None:
    """A part of the day lowered question `t` names by a word ("business hours", "the night shift") when it gives
    no hours for it, said as what is not read; None when hours are given or no part of the day is named."""
    m = _NAMED_PART.search(t)
    if m is None or compute_hour_band(t) is not None:
        return None
    return (
        f"'{m.group(0)}' as hours of the day (which hours they are is not said: give them, e.g. \"09:00 to 17:00 "
        'UTC"; the whole days are read)'
    )
