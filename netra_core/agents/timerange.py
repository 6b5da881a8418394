"""Time ranges as users type them: "last 7 days", "past wk", "yesterday", "last tuesday", "in october".

Also calendar dates and months: "since sept", "since oct 15", "the 12th", "nov 3rd", "from nov 2 to nov 9", a bare
weekday ("why was wednesday so expensive": the most recent past Wednesday), "last weekend", "ytd".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise

WORD_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fourteen": 14,
    "thirty": 30,
    "ninety": 90,
    "couple": 2,
    "few": 3,
}
UNIT_DAYS = {"h": 1 / 24, "d": 1.0, "w": 7.0, "m": 30.0, "y": 365.0}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# Month names as typed: full, three letters, "sept".
MONTH_NUMBERS = {**{m: i for i, m in enumerate(MONTHS, 1)}, **{m[:3]: i for i, m in enumerate(MONTHS, 1)}, "sept": 9}
WEEKDAY_NUMBERS = {
    **{d: i for i, d in enumerate(WEEKDAYS)},
    **{d[:3]: i for i, d in enumerate(WEEKDAYS)},
    "tues": 1,
    "thur": 3,
    "thurs": 3,
}
# Said alone ("oct spend by provider"), a month or its abbreviation is a window, except where it is also a common
# English word: "may" and "march", "mar" (to spoil).
BARE_MONTHS = frozenset(m for m in MONTH_NUMBERS if m not in ("may", "march", "mar"))

_NUM = r"(\d+(?:\.\d+)?|" + "|".join(WORD_NUMBERS) + r")"
_UNIT = r"(hours?|hrs?|h|days?|dys?|d|weeks?|wks?|w|months?|mos?|mths?|years?|yrs?)"
_UNIT_WORD = r"(hours?|hrs?|days?|dys?|weeks?|wks?|months?|mos?|mths?|years?|yrs?)"
_RELATIVE = re.compile(
    rf"\b(?:last|past|previous|prior|over|in|for|the)\s+(?:the\s+)?(?:last\s+|past\s+)?{_NUM}\s*{_UNIT_WORD}\b"
)
# Digits only here: "and" must never read as "a" + "nd", nor "an d" as one day; "1m tokens" and "/1m" are not months.
_BARE = re.compile(rf"(?<![/$])\b(\d+(?:\.\d+)?)[- ]?{_UNIT}\b(?!\s*(?:input|output|prompt|completion|tok))")
# "the last 7 full days", "past 2 complete weeks": whole UTC days ending at today's midnight (whole weeks: Monday's).
_WHOLE = re.compile(
    rf"\b(?:last|past|previous|prior|over|in|for|the)\s+(?:the\s+)?(?:last\s+|past\s+)?{_NUM}\s+"
    r"(?:full|complete|completed|whole|entire|finished)\s+(days?|weeks?)\b"
)
_SINGLE = re.compile(r"\b(last|past|previous|this)\s+(hour|day|week|wk|fortnight|month|quarter|year)\b")
_MON = "(" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
_WEEKDAY_ABBR = "|".join(sorted((d for d in WEEKDAY_NUMBERS if d not in WEEKDAYS), key=len, reverse=True))
_AFTER_PREPOSITION = "".join(f"(?<={p} )|" for p in ("on", "since", "last", "from", "this", "to"))[:-1]
# "the 12th" is a day when it ends the phrase or a joining word follows ("the 1st week", "the 95th percentile" are not).
_JOINING = "(?:and|to|through|thru|until|till|for|on|in|at|with|vs|versus|compared|so|was|were|is)"
# One calendar day: an ISO date, "nov 3(rd)", "3(rd) (of) nov", "the 12th", a weekday, (the day before) yesterday or
# today.
_DAY = re.compile(
    rf"\b(?:(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})|{_MON}\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>20\d\d))?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON.replace('(', '(?P<m2>', 1)}(?:,?\s+(?P<y2>20\d\d))?"
    rf"|the\s+(?P<d3>\d{{1,2}})(?:st|nd|rd|th)(?!\s+(?!{_JOINING}\b)[a-z])"
    rf"|(?<!next )(?P<wd>{'|'.join(WEEKDAYS)}|(?:{_AFTER_PREPOSITION})(?:{_WEEKDAY_ABBR}))"
    rf"|(?P<rel>(?:the\s+)?day\s+before\s+yesterday|yesterday|today)(?:'?s)?)\b"
)
_SINCE = re.compile(r"\b(?:since|after|starting(?:\s+(?:on|from))?)\s+(?:the\s+)?$")
_RANGE_FROM = re.compile(r"\b(?:between|from)\s+(?:the\s+)?$")
_RANGE_JOIN = re.compile(r"\s*(?:and|to)\s*(?:the\s+)?")  # "from D1 to D2", "between D1 and D2"
_RANGE_THROUGH = re.compile(r"\s*(?:until|till|through|thru|-)\s*(?:the\s+)?")  # "monday through wednesday"
# "1 nov up to but not including 15 nov", "from the 1st to, but excluding, the 15th": the last day said is not in it
_RANGE_BEFORE = re.compile(
    r"\s*(?:(?:up\s+)?to|until|till|through|thru|-),?\s*(?:but\s+)?(?:not\s+including|excluding|exclusive\s+of),?"
    r"\s*(?:the\s+)?"
)
_MONTH = re.compile(
    r"\b(?:(?P<prep>since|starting|in|for|during|of|over|last|through|throughout)\s+"
    rf"(?:(?:the\s+(?:start|beginning)|all)\s+of\s+)?)?{_MON}(?:\s+(?P<year>20\d\d))?\b(?!\s*\d)"
)
_WEEKEND = re.compile(r"\b(?:(last|this|past|previous)\s+|(?:over\s+)?the\s+)weekend\b")
_TO_DATE = re.compile(r"\b(ytd|year[- ]to[- ]date|mtd|month[- ]to[- ]date)\b")
# "the fortnight ending yesterday", "the 10 days up to yesterday", "the week through yesterday": whole days ending at
# today's midnight (yesterday included), not yesterday alone nor a window ending now.
_ENDING_YESTERDAY = re.compile(
    rf"\b(?:(?:the|last|past|previous|prior)\s+)?(?:(?P<unit>fortnight|week|wk)|{_NUM}\s*{_UNIT_WORD})\s+"
    r"(?:ending|ended|that ended|up to|upto|through|thru|until|till|to)\s+(?:and including\s+)?yesterday\b"
)

# "the week before last", "the wk before last week": the calendar week (Monday to Monday) before last week's.
WEEK_BEFORE_LAST = re.compile(
    r"\b(?:the\s+)?(?:week|wk)\s+before\s+(?:the\s+)?last(?:\s+(?:week|wk|one))?\b"
    r"(?!\s+(?:month|quarter|year|\w+day|time|release|deploy\w*|launch|incident)\b)"
)
# "last week" said apart from "the week before last": the later of two weeks compared, which is the window
LAST_WEEK_SAID = re.compile(r"(?<!before )(?<!before the )\blast\s+(?:week|wk)\b")


def is_last_week_beside(t: str) -> bool:
    """Whether lowered text `t` says "last week" beside "the week before last" (the two weeks compared: last week is
    the window, the week before it what it is compared with)."""
    m = WEEK_BEFORE_LAST.search(t)
    return m is not None and LAST_WEEK_SAID.search(t[: m.start()] + " " + t[m.end() :]) is not None


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
        label = f"the last {round(days * 24, 3):g} hours" if days < 2 else f"the last {days:g} days"
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
    return float(WORD_NUMBERS.get(raw, raw))


def _day(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def _month_start(moment: datetime) -> datetime:
    return _day(moment).replace(day=1)


def _previous_month(moment: datetime) -> tuple[datetime, datetime]:
    end = _month_start(moment)
    return _month_start(end - timedelta(days=1)), end


def _past_date(now: datetime, month: int, day: int) -> datetime | None:
    """`month`/`day` in the most recent year that puts it no later than today; None if no such date."""
    for year in (now.year, now.year - 1):
        try:
            moment = datetime(year, month, day, tzinfo=UTC)
        except ValueError:
            return None
        if moment <= now:
            return moment
    return None


def _resolved_day(m: re.Match[str], now: datetime) -> datetime | None:
    """The start of the day a _DAY match names (weekdays, "the 12th", "nov 3": the most recent one not after today)."""
    today = _day(now)
    if m["iso"]:
        try:
            return datetime.fromisoformat(m["iso"]).replace(tzinfo=UTC)
        except ValueError:
            return None
    if m["d1"] or m["d2"]:
        month = MONTH_NUMBERS[m.group(2) if m["d1"] else m["m2"]]
        if year := m["y1"] or m["y2"]:  # "1 September 2026": that year's day, said in full
            try:
                return datetime(int(year), month, int(m["d1"] or m["d2"]), tzinfo=UTC)
            except ValueError:
                return None
        return _past_date(now, month, int(m["d1"] or m["d2"]))
    if m["d3"]:
        day = int(m["d3"])
        this_month = _past_date(now, now.month, day) if day <= now.day else None
        previous = _month_start(today) - timedelta(days=1)
        return this_month or _past_date(now, previous.month, day)
    if m["wd"]:
        back = (now.weekday() - WEEKDAY_NUMBERS[m["wd"]]) % 7 or 7
        return today - timedelta(days=back)
    if m["rel"].endswith("before yesterday"):  # "the day before yesterday": two days back
        return today - timedelta(days=2)
    return today - timedelta(days=1) if m["rel"] == "yesterday" else today


# One calendar day said, for the readers of moments (moments.py): the pattern and the day a match names.
DAY_SAID = _DAY


def compute_said_day(m: re.Match[str], now: datetime) -> datetime | None:
    """The start of the day a DAY_SAID match names (the most recent one not after today), or None."""
    return _resolved_day(m, now)


# "nov 1-7", "oct 3 to 9": days of one month, the month named once.
_SHORT_RANGE = re.compile(
    r"\b(" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\.?\s+(\d{1,2})"
    r"(?:st|nd|rd|th)?\s*(?:-|\u2013|to|through|thru|until|till)\s*(\d{1,2})(?:st|nd|rd|th)?\b"
    r"(?!\s*(?:[:/.]\d|" + "|".join(MONTH_NUMBERS) + r")\b)"
)


def _is_written(m: re.Match[str]) -> bool:
    """Whether a _DAY match is a date written out: an ISO date or a day with its month."""
    return bool(m["iso"] or m["d1"] or m["d2"])


def _day_range(t: str, now: datetime) -> TimeRange | None:
    """The days a message names: "from D1 to D2", "nov 1-7", "since D", or the single day D."""
    if m := _SHORT_RANGE.search(t):
        month, day1, day2 = MONTH_NUMBERS[m.group(1)], int(m.group(2)), int(m.group(3))
        start = _past_date(now, month, day1) if 1 <= day1 <= day2 <= 31 else None
        if start is not None:
            try:
                end = start.replace(day=day2) + timedelta(days=1)
            except ValueError:
                end = None
            if end is not None:
                return TimeRange.between(start, min(end, now))
    found = [(m, day) for m in _DAY.finditer(t) if (day := _resolved_day(m, now)) is not None]
    for (a, first), (b, last) in pairwise(found):
        joint = t[a.end() : b.start()]
        is_from = _RANGE_FROM.search(t[: a.start()]) is not None
        # "2026-11-09 to 2026-11-15", "1 September 2026 to 30 September 2026": two dates written out with their
        # months are a range said alone ("monday to tuesday", "the 3rd to the 10th" need "from")
        is_dated = _is_written(a) and _is_written(b) and re.fullmatch(r"\s*to\s*", joint) is not None
        before = _RANGE_BEFORE.fullmatch(joint) is not None
        is_range = _RANGE_THROUGH.fullmatch(joint) or (is_from and _RANGE_JOIN.fullmatch(joint)) or is_dated or before
        if is_range and first < last + timedelta(days=0 if before else 1):
            return TimeRange.between(first, min(last + timedelta(days=0 if before else 1), now))
    if not found:
        return None
    m, day = found[0]
    if _SINCE.search(t[: m.start()]):
        return TimeRange.between(day, now) if day < now else None
    if m["rel"] == "today":
        return TimeRange.between(day, now, "today, ")
    weekday = WEEKDAYS[WEEKDAY_NUMBERS[m["wd"]]].capitalize() + " " if m["wd"] else ""
    prefix = weekday
    if m["rel"]:
        prefix = "the day before yesterday, " if m["rel"].endswith("before yesterday") else "yesterday, "
    return TimeRange.between(day, day + timedelta(days=1), prefix)


def _month_range(t: str, now: datetime) -> TimeRange | None:
    """The month a message names: "since sept" (to now), "in oct", "for november", "october" (up to now)."""
    for m in _MONTH.finditer(t):
        name = m.group(2)
        if m["prep"] is None and name not in BARE_MONTHS:
            continue  # "may", "mar", "jan" alone are not dates
        start = datetime(int(m["year"]), MONTH_NUMBERS[name], 1, tzinfo=UTC) if m["year"] else None
        start = start or _past_date(now, MONTH_NUMBERS[name], 1)
        if start is None or start > now:
            continue
        if m["prep"] in ("since", "starting"):
            return TimeRange.between(start, now)
        return TimeRange.between(start, min(_month_start(start + timedelta(days=32)), now))
    return None


def _weekend(which: str | None, now: datetime) -> TimeRange:
    saturday = _day(now) - timedelta(days=(now.weekday() - 5) % 7)
    if which in ("last", "previous", "past") and now.weekday() >= 5:
        saturday -= timedelta(days=7)  # on a weekend, "last weekend" is the one before
    return TimeRange.between(saturday, min(saturday + timedelta(days=2), now), "the weekend, ")


# "mon-wed this wk", "tuesday to thursday last week", "mon through wed": a run of weekdays of one week.
_WEEKDAY_ALT = "|".join(sorted(WEEKDAY_NUMBERS, key=len, reverse=True))
_WEEKDAY_RANGE = re.compile(
    rf"\b(?:from\s+)?({_WEEKDAY_ALT})\.?\s*(?:-|\u2013|to|through|thru|until|till)\s*({_WEEKDAY_ALT})\b\.?"
    r"(?:\s+(?:of\s+)?(this|last|previous|prior|past)\s+(?:week|wk)\b)?"
)


def _weekday_range(t: str, now: datetime) -> TimeRange | None:
    """The days from one weekday to another, both included, of this week (or last week when said, or when this
    week has not reached the first of them yet)."""
    m = _WEEKDAY_RANGE.search(t)
    if m is None:
        return None
    first, last = WEEKDAY_NUMBERS[m.group(1)], WEEKDAY_NUMBERS[m.group(2)]
    if last < first or (first, last) == (0, 6) or t[: m.start()].rstrip().endswith("("):
        return None  # "weeks (Mon-Sun)": how the weeks are counted, not a window
    monday = _day(now) - timedelta(days=now.weekday())
    if m.group(3) in ("last", "previous", "prior", "past") or (m.group(3) is None and first > now.weekday()):
        monday -= timedelta(days=7)
    start, end = monday + timedelta(days=first), monday + timedelta(days=last + 1)
    if start >= now:
        return None
    label = f"{WEEKDAYS[first].capitalize()} to {WEEKDAYS[last].capitalize()}, "
    return TimeRange.between(start, min(end, now), label)


# "all time", "since the beginning", "since we started", "we've ever made", "in total so far", "to date", "lifetime":
# every event the org has (from before any event can be); read only when no other window is named.
_ALL_TIME = re.compile(
    r"\ball[- ]time\b|\bsince (?:the )?(?:very )?(?:beginning|start)\b(?!\s+of)|"
    r"\bsince we (?:first )?(?:started|began|launched|went live|signed up|onboarded|got going)\b|"
    r"\bsince (?:day one|day 1|forever|launch|inception|the dawn of time)\b|\bever\b(?!\s+since\b)|"
    r"\bin total so far\b|\bso far in total\b|(?<!week )(?<!week-)\bto date\b|\blifetime\b|"
    r"\bin (?:our|the org's) history\b"
)
ALL_TIME_START = datetime(2000, 1, 1, tzinfo=UTC)


# Hours of one day: "between 9am and 5pm yesterday", "from 14:00 to 16:30 on monday" (UTC; am/pm or a colon said).
_CLOCK = r"(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?"
_CLOCK_RANGE = re.compile(rf"\b(?:between|from)\s+{_CLOCK}\s*(?:and|to|until|till|-|\u2013)\s*{_CLOCK}(?![\w:])")


def _hour(raw: str, minute: str | None, half: str | None) -> float | None:
    hour = int(raw)
    if half is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    if hour > 24 or int(minute or 0) >= 60:
        return None
    return hour + int(minute or 0) / 60


def compute_clock_hours(text: str) -> str | None:
    """The hours of the day a message names ("between 9am and 5pm"), as said, or None."""
    m = _CLOCK_RANGE.search(text.lower())
    return m.group(0) if m is not None and (m[3] or m[6] or m[2] or m[5]) else None


# From a clock time of today (or yesterday) to now: "since 08:00 UTC today", "since 9am", "since midnight UTC".
_SINCE_CLOCK = re.compile(
    rf"\b(?:since|from|after)\s+(?:(?P<midnight>midnight)|{_CLOCK})(?:\s*utc)?(?:\s+(?:utc\s+)?(?P<day>today|yesterday))?"
    r"(?![\w:])(?!\s*(?:and|to|until|till|-|\u2013)\s*\d)"
)


# What makes a clock a moment rather than an hour of every day: a day said right after it ("after 14:00 on 17 nov",
# "after 6pm today") or a length right before it ("the 12 hours after 06:00")
_DAY_AFTER_CLOCK = re.compile(
    r"\s*(?:utc\s*)?(?:on\s+|,\s*)?(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\b|\d{4}-|today\b|yesterday\b|tonight\b|"
    r"(?:mon|tue|wed|thu|fri|sat|sun)(?:day|s|n|d|r|ur|urday|nesday|sday|rsday)?\b|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d)"
)
_LENGTH_BEFORE_CLOCK = re.compile(r"\b(?:hours?|hrs?|h|days?|d|minutes?|mins?|weeks?|wks?)\s+$")


def is_clock_moment(text: str, start: int, end: int) -> bool:
    """Whether the clock said at text[start:end] ("after 14:00") is a moment: a day said right after it or a length
    right before it, not the same hours of every day of a window."""
    return bool(_DAY_AFTER_CLOCK.match(text, end) or _LENGTH_BEFORE_CLOCK.search(text[:start]))


def compute_since_clock(text: str, now: datetime) -> TimeRange | None:
    """The window from a clock time said with "since" (am/pm, a colon or "midnight": a clock, not a count) to now.

    With no day said, the clock is its last time before now: "since 3pm" asked at noon is from 15:00 yesterday."""
    m = _SINCE_CLOCK.search(text.lower())
    if m is None or not (m["midnight"] or m[3] or m[4]):
        return None
    hour = 0.0 if m["midnight"] else _hour(m[2], m[3], m[4])
    if hour is None:
        return None
    day = _day(now) - timedelta(days=1 if m["day"] == "yesterday" else 0)
    if day + timedelta(hours=hour) >= now and m["day"] is None:
        day -= timedelta(days=1)
    if day + timedelta(hours=hour) >= now:
        return None
    start = day + timedelta(hours=hour)
    return TimeRange(label=f"{start:%Y-%m-%d %H:%M} to {now:%Y-%m-%d %H:%M} UTC", start=start, end=now)


# "from the 13th on", "from nov 13 onwards", "from monday forward": since that day, not that day alone.
_FROM_ON = re.compile(
    r"\bfrom\s+((?:the\s+)?[\w ]{1,25}?)\s+(?:on|onwards?|forwards?)(?=\s*(?:[,.;:?!)]|$|\s(?:and|against|vs\.?|"
    r"versus|compared|than|to now|till now|until now)\b))"
)


# What a weekday or a weekend day is, said beside it: "weekday (monday to friday)", "weekends (sat and sun)"
_DAY_TYPE_GLOSS = re.compile(
    r"(?P<said>\b(?:week\s*days?|weekends?(?:\s+days?)?|business\s+days?|working\s+days?))\s*"
    r"\(\s*(?:mon(?:day)?\s*(?:to|-|through|thru|\u2013)\s*fri(?:day)?|sat(?:urday)?\s*(?:and|&|\+|,|-|to|or)\s*"
    r"sun(?:day)?)\s*\)"
)


# What a week is, said beside it: "last week (monday to sunday)", "the week before (mon-sun)", "last week, monday
# through sunday,": the calendar week, its days no date of their own.
_WEEK_GLOSS = re.compile(
    r"\b(?P<last>(?:last|previous|prior|past)\s+)?(?P<week>weeks?)\s*(?:\(\s*|,\s*)(?:from\s+)?mon(?:day)?s?\s*"
    r"(?:to|-|through|thru|until|till|\u2013)\s*sun(?:day)?s?(?:\s+inclusive)?\s*(?:\)|,|(?=\s*[.;:?!]|$))"
)


def compute_day_type_glossed(t: str) -> str:
    """Lowered text `t` without the days said to make a weekday or a weekend ("an average weekday (monday to
    friday)": "an average weekday") or a week ("last week (monday to sunday)": "last calendar week"), so they are read
    as no date."""
    t = _WEEK_GLOSS.sub(lambda m: f"{m['last']}calendar {m['week']}" if m["last"] else m["week"], t)
    return _DAY_TYPE_GLOSS.sub(lambda m: m["said"], t)


def compute_time_range(text: str, now: datetime) -> TimeRange | None:
    """The window a message names, or None when it names none; hours of one day said ("between 9am and 5pm
    yesterday") narrow that day to them; "since 08:00 today" is from that hour to now, and "between 18:00 yesterday and
    06:00 today" from one moment to the other. Dates written day first, with
    slashes or as ISO weeks ("03.11.2026", "15/11", "KW 41") are read as the ISO dates they name."""
    from netra_core.agents.moments import compute_clock_span  # it builds on this module's days
    from netra_core.agents.written_dates import compute_written_dates  # it builds on this module's names

    text = compute_day_type_glossed(compute_written_dates(text.lower(), now))
    text = _TO_NOW.sub(lambda m: f"since {m['day']}", text)
    text = _WEEKDAY_NAMING.sub(r"\g<thing>", text)  # "the CFO's Monday pack": a document, not a day
    if found := _week_of(text, now):
        return found
    if found := compute_clock_span(text, now):
        return found  # "between 18:00 yesterday and 06:00 today": across midnight, from one moment to the other
    if (said := _FROM_ON.search(text)) and (since := compute_time_range(f"since {said[1]}", now)) is not None:
        return since  # (said as the window's start, it outranks a date told as the story: "we shipped on the 13th")
    if found := compute_since_clock(text, now):
        said = _SINCE_CLOCK.search(text)
        if said is not None and said[0].startswith("after") and not is_clock_moment(text, said.start(), said.end()):
            rest = text[: said.start()] + " " + text[said.end() :]
            if (other := compute_time_range(rest, now)) is not None:
                return other  # "spend after 6pm in October": the evenings of October (asked_hours), not since 18:00
        return found
    found = _compute_days(text, now)
    m = _CLOCK_RANGE.search(text.lower())
    if m is None or not (m[3] or m[6] or m[2] or m[5]):
        return found  # "between 3 and 5 days ago" is no hours: am/pm or a colon says a clock
    day = found.start if found is not None and found.end is not None and found.start is not None else None
    if day is None or found is None or found.end is None or found.end - day > timedelta(days=1):
        return found
    first = _hour(m[1], m[2], m[3] or m[6])
    last = _hour(m[4], m[5], m[6])
    if first is None or last is None or last <= first:
        return found
    start, end = day + timedelta(hours=first), min(day + timedelta(hours=last), now)
    if end <= start:
        return found
    label = f"{found.label.rstrip(', ')} {start:%H:%M} to {day + timedelta(hours=last):%H:%M} UTC, "
    return TimeRange(label=label, start=start, end=end)


# Periods counted as the rows of a ranking: "top 3 days", "which 2 weeks", "the 5 busiest days", "3 days by spend"
_RANKED_BEFORE = re.compile(
    r"\b(?:top|bottom|which|what|busiest|quietest|best|worst|highest|lowest|most|least|cheapest|priciest|"
    r"biggest|smallest|slowest|fastest|dearest|heaviest|lightest|first|last\s+of\s+the)\s*$"
)
_RANKED_AFTER = re.compile(
    r"^\s*(?:by|with|that|when|where|which|had|having|on\s+which|ranked|sorted|in\s+which|of\s+(?:highest|most|"
    r"peak)|(?:were|was)\s+(?:the\s+)?(?:busiest|quietest|most|least|highest|lowest|biggest|priciest|cheapest|worst|best))\b"
)


def _is_ranked_periods(t: str, m: re.Match[str]) -> bool:
    """Whether the count of days or weeks matched is the rows of a ranking, not a window ("the top 3 days by spend
    in October", "which 2 weeks had the most errors"); "the last 3 days" and "past 2 weeks" stay windows."""
    if re.match(r"(?:last|past|previous|prior|over|in|for)\b", m.group(0)) and not m.group(0).startswith("the "):
        return False
    before = t[: m.start()]
    if m.group(0).startswith("the ") and re.search(r"\b(?:last|past)\b", m.group(0)):
        return False
    return bool(_RANKED_BEFORE.search(before) or _RANKED_AFTER.match(t[m.end() :]))


# A weekday naming a meeting or a document ("the Monday pack", "for Friday's standup", "our Tuesday sync"): no day
_WEEKDAY_NAMING = re.compile(
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day(?:'s)?\s+(?P<thing>(?:pack|meeting|standup|stand-up|sync|review|"
    r"update|email|deck|brief|briefing|digest|newsletter|check-in|catch-up|all-hands|retro|report|memo|slides?)\b)"
)
# "1 October to now", "from oct 3 until today", "2026-10-01 to date": since that day
_TO_NOW = re.compile(
    r"\b(?:from\s+)?(?P<day>\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[a-z]{3,9}\.?(?:\s+\d{4})?|[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?"
    r"(?:,?\s+\d{4})?|\d{4}-\d{2}-\d{2})\s+(?:to|until|till|through|thru|up\s+to)\s+(?:now|date|today|the\s+present)\b"
)
# "the week of 2 November", "week beginning Mon 9 Nov", "the week starting 2026-11-02": seven days from a date
_WEEK_OF = re.compile(
    r"\bweek\s+(?P<how>of|beginning|starting|commencing|from)\s+(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
)


def _week_of(t: str, now: datetime) -> TimeRange | None:
    """The week a date is said to fall in ("the week of 2 November": its Monday to Sunday) or to start ("the week
    starting 4 November": seven days from it), or None."""
    if (m := _WEEK_OF.search(t)) is None:
        return None
    day = compute_time_range(t[m.end() : m.end() + 40], now)
    if day is None or day.start is None or day.end is None or day.end - day.start != timedelta(days=1):
        return None
    start = day.start - timedelta(days=day.start.weekday()) if m["how"] == "of" else day.start
    end = start + timedelta(days=7)
    if end <= now:
        return TimeRange.between(start, end, "the week of ")
    return TimeRange(label=f"the week of {start:%Y-%m-%d}, to now", start=start, end=now)


# "the last full month", "previous complete week", "last calendar year": the whole calendar period before this one
_FULL_PERIOD = re.compile(
    r"\b(?:last|previous|prior|most\s+recent)\s+(?:(?:full|complete|completed|whole|entire|finished)\s+)?"
    r"(?:(?:full|complete|completed|whole|entire|finished|calendar)\s+)(week|month|quarter|year)\b"
)


def _full_period(t: str, now: datetime) -> TimeRange | None:
    """The whole calendar week (Monday to Sunday), month, quarter or year before the current one, when the message
    says it is whole ("the last full month", "previous complete week"); "last week" alone stays the last 7 days."""
    if (m := _FULL_PERIOD.search(t)) is None:
        return None
    today = _day(now)
    if m[1] == "week":
        monday = today - timedelta(days=now.weekday())
        return TimeRange.between(monday - timedelta(days=7), monday, "the last full week, ")
    if m[1] == "month":
        start, end = _previous_month(now)
        return TimeRange.between(start, end, "the last full month, ")
    if m[1] == "quarter":
        end = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        start = (end - timedelta(days=1)).replace(day=1)
        start = start.replace(month=(start.month - 1) // 3 * 3 + 1)
        return TimeRange.between(start, end, "the last full quarter, ")
    end = today.replace(month=1, day=1)
    return TimeRange.between(end.replace(year=end.year - 1), end, "the last full year, ")


def _compute_days(text: str, now: datetime) -> TimeRange | None:
    """The window of days (or hours back) a message names, or None."""
    from netra_core.agents.calendar_range import compute_calendar_range  # it builds on this module's TimeRange

    t = text.lower()
    now = now.astimezone(UTC)
    if m := _ENDING_YESTERDAY.search(t):
        days = {"fortnight": 14.0, "week": 7.0, "wk": 7.0}.get(m["unit"] or "") or _number(m.group(2)) * _unit(
            m.group(3)
        )
        if days >= 1 and days == int(days):
            return TimeRange.between(_day(now) - timedelta(days=days), _day(now), f"the {days:g} days to yesterday, ")
    if found := _full_period(t, now):
        return found
    if WEEK_BEFORE_LAST.search(t) and not is_last_week_beside(t):
        monday = _day(now) - timedelta(days=now.weekday() + 7)
        return TimeRange.between(monday - timedelta(days=7), monday, "the week before last, ")
    if found := _weekday_range(t, now):
        return found
    if found := compute_calendar_range(t, now):
        # "the bill for September, for the Q3 column": a month named inside the quarter named is the window asked
        # (not a month said as where the window starts: "since the start of Q4 (since 1 October)")
        month = _month_range(t, now) if found.label.startswith("Q") and not re.search(r"\bsince\b", t) else None
        if (
            month is not None
            and found.start is not None
            and found.end is not None
            and month.start is not None
            and month.end is not None
            and found.start <= month.start
            and month.end <= found.end
        ):
            return month
        return found
    if m := _WHOLE.search(t):
        count = _number(m.group(1))
        if count > 0 and count == int(count):
            weeks = m.group(2).startswith("week")
            end = _day(now) - timedelta(days=now.weekday() if weeks else 0)
            return TimeRange.between(end - timedelta(days=count * (7 if weeks else 1)), end)
    if (m := _RELATIVE.search(t) or _BARE.search(t)) and _is_ranked_periods(t, m):
        m = None  # "the top 3 days by spend in October": three days ranked, not the last three days
    if m:
        days = round(_number(m.group(1)) * _unit(m.group(2)), 6)
        # "from 2026-10-05 to 2026-10-11 ... the change between the two weeks": "the" N weeks point back at dates
        # written out, not at the last N weeks
        back = m.group(0).startswith("the ") and not re.search(r"\b(?:last|past)\b", m.group(0))
        written = _day_range(t, now) if back else None
        named = _compute_days(f"{t[: m.start()]} {t[m.end() :]}", now) if back and written is None else None
        if named is not None and named.days is None:
            return named  # "september 2026 and october 2026 ... between the two months": the months named
        if (
            written is not None
            and written.start is not None
            and written.end is not None
            and written.end != now
            and (written.end - written.start > timedelta(days=1))
        ):
            return written
        if days > 0:
            return TimeRange.last(days)
    if found := _day_range(t, now):
        return found
    if m := _WEEKEND.search(t):
        return _weekend(m.group(1), now)
    if m := _SINGLE.search(t):
        which, unit = m.group(1), m.group(2)
        if unit == "month" and which in ("last", "previous"):
            start, end = _previous_month(now)
            return TimeRange.between(start, end)
        if unit == "month" and which == "this":
            return TimeRange.between(_month_start(now), now, "this month, ")
        if unit in ("week", "wk") and which == "this":
            return TimeRange.between(_day(now) - timedelta(days=now.weekday()), now, "this week, ")
        days = {
            "hour": 1 / 24,
            "day": 1.0,
            "week": 7.0,
            "wk": 7.0,
            "fortnight": 14.0,
            "month": 30.0,
            "quarter": 90.0,
            "year": 365.0,
        }[unit]
        return TimeRange.last(days)
    if found := _month_range(t, now):
        return found
    if m := _TO_DATE.search(t):
        year = m.group(1).startswith("y")
        start = _day(now).replace(month=1, day=1) if year else _month_start(now)
        return TimeRange.between(start, now, "year to date, " if year else "this month, ")
    if _ALL_TIME.search(t):  # only when no other window is named ("the all-time high of last month" is last month)
        return TimeRange(label="all time", start=ALL_TIME_START, end=now)
    return None
