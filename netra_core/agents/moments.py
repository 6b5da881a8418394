"""Moments a user states, and the windows set from them (issue #16).

A moment is a day and a clock time said together, in either order: "Tuesday 17 November at 14:00 UTC", "Tue 17 Nov
14:00 UTC", "17 Nov, 14:00 UTC", "at 14:00 UTC on 17 Nov", "9am on 3 Nov", "Nov 12 08:30 UTC", "18:00 yesterday",
"2026-11-17T14:00Z" (UTC; a moment said in another zone is not read). A day said alone is a moment at its midnight
when a deploy, release or incident is said to have happened on it ("the migration on 5 November").

- `compute_clock_span`: the window between two moments ("between 18:00 yesterday and 06:00 today", "from 22:00 on
  3 Nov to 04:00 on 4 Nov", "from 9pm last night until 7am this morning"), across midnight.
- `compute_event_windows`: the windows a question sets around a moment it states for a release, a deploy, a rollout,
  a launch, an incident, a migration or a cutover: "the 48 hours before the rollout, and the 48 hours after it",
  "since the rollout, compared with the same length of time right before it", "the 7 days before the rollout vs
  since the rollout", "the 2 days either side of the migration on 5 November", "before and after the deploy at 9am on
  3 Nov". The moment only sets the time: the events hold no release, so which release or version made a call stays
  unanswered (unheld.py), and the windows either side of the stated time are what is answered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise

from netra_core.agents.timerange import DAY_SAID, WORD_NUMBERS, TimeRange, compute_said_day

# A clock time: a colon or am/pm (a bare number is no clock), or noon and midnight.
_CLOCK = re.compile(
    r"(?<![\w:.$])(?:(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<half>am|pm|a\.m\.|p\.m\.)?|(?P<word>noon|midday|midnight))"
    r"(?![\w:])(?:\s*(?P<zone>utc|gmt|z)\b)?"
)
# Another zone said after a clock ("9am PT", "14:00 CET"): the moment is not read as UTC.
_OTHER_ZONE = re.compile(
    r"\s*\(?(?:pst|pdt|pt|est|edt|et|cst|cdt|ct|mst|mdt|cet|cest|bst|ist|jst|aest|aedt|local time|local)\b"
)
# What may part a day and its clock: "17 nov 14:00", "17 nov, 14:00", "on 17 november at 14:00", "14:00 utc on 17 nov".
_DAY_THEN_CLOCK = re.compile(r"[\s,]*(?:(?:at|@)\s*)?")
_CLOCK_THEN_DAY = re.compile(r"\s*(?:\(?utc\)?\s*)?(?:on\s+|,\s*)?(?:the\s+)?")
_PARTS_OF_DAY = (
    (re.compile(r"\blast night\b|\byesterday (?:evening|night|morning|afternoon)\b"), "yesterday"),
    (re.compile(r"\b(?:this (?:morning|afternoon|evening)|tonight)\b"), "today"),
)


@dataclass(frozen=True)
class Moment:
    """A moment said: when it is, where the text says it, and whether a clock time was said with its day."""

    at: datetime
    start: int
    end: int
    clock: bool
    day: bool = True


def _hour(m: re.Match[str]) -> float | None:
    """The hour of the day a clock match names, or None when it is not a clock time (a colon, am/pm or a word)."""
    if m["word"]:
        return 0.0 if m["word"] == "midnight" else 12.0
    if not (m["m"] or m["half"]):
        return None
    hour, minute = int(m["h"]), int(m["m"] or 0)
    if m["half"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m["half"].startswith("p") else 0)
    if hour > 24 or minute >= 60:
        return None
    return hour + minute / 60


def _normalised(t: str) -> str:
    """Lowered text `t` with an ISO moment's "T" and "Z" spaced out, and "last night" as yesterday; of the same length
    where it can be, so the places found are the places in `t` (parts of the day are read after)."""
    t = re.sub(r"(\d{4}-\d{2}-\d{2})t(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?z\b", r"\1 \2 utc", t)
    t = re.sub(r"(\d{4}-\d{2}-\d{2})t(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?\b", r"\1 \2", t)
    for pattern, day in _PARTS_OF_DAY:
        t = pattern.sub(day, t)
    return t


def compute_moments(t: str, now: datetime) -> list[Moment]:
    """The moments lowered text `t` says (after `_normalised`), in order: each day with the clock said beside it, each
    clock said alone (its day unknown: `day` False, `at` on today's date), and each day said alone (its midnight)."""
    now = now.astimezone(UTC)
    days = [(m, day) for m in DAY_SAID.finditer(t) if (day := compute_said_day(m, now)) is not None]
    moments: list[Moment] = []
    used: set[int] = set()
    for c in _CLOCK.finditer(t):
        hour = _hour(c)
        if hour is None or _OTHER_ZONE.match(t, c.end()):
            continue
        paired = None
        for i, (d, day) in enumerate(days):
            if i in used:
                continue
            if d.end() <= c.start() and _DAY_THEN_CLOCK.fullmatch(t, d.end(), c.start()):
                paired = (i, d, day)
            elif c.end() <= d.start() and _CLOCK_THEN_DAY.fullmatch(t, c.end(), d.start()):
                paired = paired or (i, d, day)
        if paired is None:
            today = now.replace(hour=0, minute=0, second=0, microsecond=0)
            moments.append(Moment(today + timedelta(hours=hour), c.start(), c.end(), clock=True, day=False))
            continue
        i, d, day = paired
        used.add(i)
        moments.append(Moment(day + timedelta(hours=hour), min(c.start(), d.start()), max(c.end(), d.end()), True))
    for i, (d, day) in enumerate(days):
        if i not in used and d["rel"] != "today":
            moments.append(Moment(day, d.start(), d.end(), clock=False))
    return sorted(moments, key=lambda m: m.start)


def _label(start: datetime, end: datetime) -> str:
    return f"{start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M} UTC"


# "between 18:00 yesterday and 06:00 today", "from 22:00 on 3 nov to 04:00 on 4 nov": two moments, the range's ends.
_SPAN_FROM = re.compile(r"\b(?:between|from)\s+(?:the\s+)?$")
_SPAN_JOINT = re.compile(r"\s*(?:\(?utc\)?\s*)?(?:and|to|until|till|through|thru|-|\u2013)\s*(?:the\s+)?")


def compute_clock_span(text: str, now: datetime) -> TimeRange | None:
    """The window between two moments a message names ("between 18:00 yesterday and 06:00 today (UTC)"), when one
    of them says its day and the two fall on different days (hours of one day are read by the time-range reader);
    a clock said without its day is the first such time after the start (or the last before the end)."""
    t = _normalised(text.lower())
    now = now.astimezone(UTC)
    moments = compute_moments(t, now)
    for a, b in pairwise(moments):
        if not (a.clock and b.clock and (a.day or b.day)):
            continue
        if not _SPAN_FROM.search(t[: a.start]) or not _SPAN_JOINT.fullmatch(t, a.end, b.start):
            continue
        start, end = a.at, b.at
        if not a.day and b.day and "midnight" in t[b.start : b.end] and a.at.time() > b.at.time():
            # "between 18:00 and midnight UTC yesterday": that day's evening, to the midnight that ends it
            start, end = b.at.replace(hour=a.at.hour, minute=a.at.minute), b.at + timedelta(days=1)
        elif not a.day:  # "from 22:00 to 04:00 on 4 nov": the last 22:00 before the end
            start = end.replace(hour=a.at.hour, minute=a.at.minute)
            start -= timedelta(days=1) if start >= end else timedelta(0)
        if not b.day:  # "from 22:00 on 3 nov to 04:00": the first 04:00 after the start
            end = start.replace(hour=b.at.hour, minute=b.at.minute)
            end += timedelta(days=1) if end <= start else timedelta(0)
        if end <= start or start >= now or start.date() == end.date() or end - start > timedelta(days=7):
            continue
        end = min(end, now)
        return TimeRange(label=_label(start, end), start=start, end=end)
    return None


# --- windows around a stated moment ---------------------------------------------------------------------------------

# What happened at the moment: a release, a deploy, a rollout, a launch, an incident, a migration, a cutover...
_EVENT = (
    r"(?:rollout|rollouts|roll-out|release|releases|deploy|deploys|deployment|deployments|launch|launches|incident|"
    r"incidents|outage|outages|migration|migrations|cutover|cutovers|cut-over|switch|switchover|changeover|change|"
    r"upgrade|upgrades|update|updates|go-live|golive|rollback|rollbacks|fix|patch|hotfix|maintenance|cutoff|swap|"
    r"ship|push|flip|move)"
)
# The moment pointed back at: "the rollout", "the 4.2 rollout", "our deploy", "it", "that", "then".
_ANCHOR = rf"(?:(?:the|our|that|this|its|their)\s+(?:[\w.-]+\s+){{0,2}}?{_EVENT}\b|it\b|that\b|then\b|this\b)"
_WORD_COUNT = "|".join(w for w in WORD_NUMBERS if w not in ("a", "an"))
# "48 hours", "24h", "7d", "a day", "two weeks", "the week" (a letter alone as the unit only after digits: "and" is no "an d").
_SPAN = (
    r"(?:(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?)|"
    rf"(?P<nw>an?|{_WORD_COUNT})\s+(?P<unitw>minutes?|mins?|hours?|hrs?|days?|weeks?|wks?)|"
    r"(?<=the )(?P<single>hour|day|week|fortnight))\b"
)
_UNITS = {"m": 1 / 60, "h": 1.0, "d": 24.0, "w": 168.0}
_CLOSE = r"(?:(?:right|just|immediately|directly)\s+)?"
_BEFORE = r"(?:before|prior\s+to|preceding|leading\s+up\s+to|ahead\s+of|pre)"
_AFTER = r"(?:after|following|since|post|from)"
_EITHER = r"(?:(?:on\s+)?(?:either|each|both)\s+sides?\s+of|around|before\s+and\s+after|pre\s+and\s+post)"
_SIDE = rf"(?P<side>{_EITHER}|{_BEFORE}|{_AFTER})"
# "the 48 hours before the rollout", "24 hours after it", "the 2 days either side of the migration".
_SPAN_AROUND = re.compile(rf"\b(?:the\s+)?(?:first\s+|last\s+)?{_SPAN}\s+{_CLOSE}{_SIDE}(?:\s+(?P<anchor>{_ANCHOR}))?")
# "since the rollout", "ever since it", "after the deploy" (to now).
_SINCE = re.compile(rf"\b(?:ever\s+)?(?P<side>since|after|following|post)\s+(?P<anchor>{_ANCHOR})")
# "the same length of time right before it", "an equal stretch before", "as long before it".
_SAME_BEFORE = re.compile(
    r"\b(?:the\s+|an?\s+)?(?:same|equal|matching|equivalent)\s+(?:length\s+of\s+time|amount\s+of\s+time|span|period|"
    r"stretch|duration|window|number\s+of\s+(?:hours|days)|length|time)\s+(?:of\s+time\s+)?"
    rf"{_CLOSE}{_BEFORE}\b(?:\s+{_ANCHOR})?|\bas\s+long\s+{_CLOSE}before\b(?:\s+{_ANCHOR})?"
)
# "before and after the deploy", "pre vs post the migration", "compared with before (it)": both sides, as long.
_BOTH_SIDES = re.compile(
    rf"\b(?:before|pre)\s*(?:and|&|vs\.?|versus|/|or|compared\s+(?:to|with))\s*(?:after|post|since)\s+(?P<anchor>{_ANCHOR})|"
    rf"\b(?:vs\.?|versus|compared\s+(?:to|with)|against|than)\s+(?:before|beforehand|prior)\b(?:\s+{_ANCHOR})?"
)
# A moment told as when something happened: "rolled out ... on 17 nov at 14:00", "the rollout (17 nov, 14:00)".
_EVENT_SAID = re.compile(
    rf"\b{_EVENT}\b|\b(?:rolled\s+out|went\s+(?:out|live)|shipped|deployed|launched|released|migrated|cut\s+over|"
    r"switched|started|began|happened|went\s+down|broke)\b"
)


# A side said last in its clause ("vs the 12 hours before?"): of the moment the message is about.
_ENDS_CLAUSE = re.compile(r"\s*(?:[?.,;:!)]|$|\s(?:and|vs\.?|versus|compared|against|then)\b)")


@dataclass(frozen=True)
class EventWindows:
    """The windows asked around a stated moment: the later (or only) one, the earlier to compare it with (None when
    one window alone is asked), and the text with the moment and the windows' phrases cut."""

    window: TimeRange
    compare: TimeRange | None
    rest: str


def _hours(m: re.Match[str]) -> float:
    """The length in hours a _SPAN_AROUND match says ("48 hours", "a day", "two weeks")."""
    if m["single"]:
        return {"hour": 1.0, "day": 24.0, "week": 168.0, "fortnight": 336.0}[m["single"]]
    if m["n"]:
        n, unit = float(m["n"]), m["unit"]
    else:
        raw, unit = m["nw"], m["unitw"]
        n = 1.0 if raw in ("a", "an") else float(WORD_NUMBERS[raw])
    return n * _UNITS["m" if unit.startswith("mi") else unit[0]]


def _pick_moment(t: str, moments: list[Moment]) -> Moment | None:
    """The moment the windows are set from, when a release, deploy or incident is told: of the days said, those with
    a clock time if any, the one nearest to the word that tells it."""
    told = [m.start() for m in _EVENT_SAID.finditer(t)]
    if not told:
        return None
    candidates = [m for m in moments if m.day] or []
    with_clock = [m for m in candidates if m.clock] or candidates
    if not with_clock:
        return None
    return min(with_clock, key=lambda m: min(abs(m.start - p) for p in told))


def compute_event_windows(text: str, now: datetime) -> EventWindows | None:
    """The windows lowered `text` asks around a moment it states for a release, deploy, incident..., or None."""
    t = _normalised(text)
    now = now.astimezone(UTC)
    moment = _pick_moment(t, compute_moments(t, now))
    if moment is None or moment.at >= now:
        return None
    at = moment.at
    cut: list[tuple[int, int]] = [(moment.start, moment.end)]
    before: float | None = None  # hours
    after: float | None = None  # hours; 0 for "to now"
    same_before = False
    # (a day said without its hour sets windows only where a release, deploy... is pointed at by name: "since the
    # migration on 5 nov", not "what changed since monday ... the 7 days before that")
    named = moment.clock
    for m in _SPAN_AROUND.finditer(t):
        points = _points_at(t, m.end(), moment)
        if m["anchor"] is None and not points and not _ENDS_CLAUSE.match(t, m.end()):
            continue
        named = named or points or _is_named(m["anchor"])
        hours = _hours(m)
        if hours <= 0:
            continue
        side = m["side"]
        if re.fullmatch(_EITHER, side):
            before, after = before or hours, after or hours
        elif re.fullmatch(_BEFORE, side):
            before = before or hours
        else:
            after = after or hours
        cut.append(m.span())
    for m in _SINCE.finditer(t):
        if any(s <= m.start() < e for s, e in cut):
            continue
        after = after if after is not None else 0.0
        named = True  # "since the rollout", "since then": from the moment told to now
        cut.append(m.span())
    if m2 := _SAME_BEFORE.search(t):
        same_before = True
        cut.append(m2.span())
    if m3 := _BOTH_SIDES.search(t):
        after = after if after is not None else 0.0
        same_before = same_before or before is None
        cut.append(m3.span())
    if (before is None and after is None) or not named:
        return None
    later: TimeRange | None = None
    if after is not None:
        end = now if after == 0 else min(at + timedelta(hours=after), now)
        later = TimeRange(label=f"{_label(at, end)}, after {at:%Y-%m-%d %H:%M} UTC", start=at, end=end)
    earlier: TimeRange | None = None
    if before is None and same_before and later is not None and later.end is not None:
        before = (later.end - at) / timedelta(hours=1)
    if before is not None:
        start = at - timedelta(hours=before)
        earlier = TimeRange(label=f"{_label(start, at)}, before {at:%Y-%m-%d %H:%M} UTC", start=start, end=at)
    rest = t
    for s, e in sorted(cut, reverse=True):
        rest = rest[:s] + " " * (e - s) + rest[e:]
    if later is None:
        assert earlier is not None
        return EventWindows(earlier, None, rest)
    return EventWindows(later, earlier, rest)


def _is_named(anchor: str | None) -> bool:
    """Whether an anchor names what happened ("the rollout"), not only points back at it ("it", "then")."""
    return anchor is not None and re.search(rf"\b{_EVENT}\b", anchor) is not None


def _points_at(t: str, end: int, moment: Moment) -> bool:
    """Whether the words after a span ("the 48 hours before ") go on to the moment itself ("... 17 nov 14:00")."""
    return re.fullmatch(r"\s*(?:the\s+|on\s+)?", t[end : moment.start]) is not None
