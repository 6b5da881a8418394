"""Dates written as numbers and calendar weeks, rewritten as ISO dates the time-range reader knows (issue #16).

- Day first with dots, as in most of Europe: "03.11.2026", "3.11.26", "19.11." (the month in two digits when no year
  is written, so "2.5." or "python 3.11" stay numbers). Dots are never month first.
- Slashes: "15/11", "01/11/2026", "10/16". The order is read only where it is certain: a first number over 12 is a day
  ("15/11"), a second over 12 is a day ("10/16", month first). When both are 12 or less ("01/11", "11/03") the order is
  taken from another slash date of the message that settles it, else day first when the message writes dates day first
  with dots or counts ISO weeks. Dates written with their year ("11/02/2026 to 11/08/2026") are then read in the
  order that makes sense of them: not after today, no range ending before it starts, and of two such readings the
  one nearer now (traffic is asked about recently: 2 to 8 November, not 11 February to 11 August); the ISO dates
  the reading gives are what the answer's window says. With no such cue the date is left unread (no guess). A slash
  date without a year is read only after a word that introduces a date ("on", "from", "to", "since", "between",
  "vs", a dash...), so "24/7" and "1/3 of calls" stay what they are.
- A month with its year, month first ("09/2026", "10/2026"): that month ("september 2026").
- The day of the month a billing cycle runs from ("Google's billing cycle runs from the 15th", "our invoice period
  starts on the 1st", "billed on the 3rd of every month") is told, not a window: it is dropped, so the dates asked
  about are the window (not the latest 15th, compared with them).
- ISO calendar weeks: "KW 41", "CW41", "week 41", "wk 41", "W41", "calendar week 41", "2026-W41", "KW 41/2026", and
  a run of them ("KW 40-41"): Monday of the first to Sunday of the last. Without a year, the latest such week that has
  begun. "last week", "week 2 of November", "2 weeks" are not ISO weeks.
- Days written as ordinal words beside a month's name, as a user dictating says them: "november first", "the
  third of november", "november twenty first", "1st of november" stays as typed. Read as "november 1st" ("may" and
  "march" only after a word that introduces a date: "on may first", not "may first ask").
- A weekday written before a day of a named month ("Mon 9 - Sun 15 Nov", "Monday, 9 November") is dropped: the date
  says the day.

Dates with no year written take the most recent year that puts them no later than now.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from netra_core.agents.spoken_numbers import ORDINAL_WORDS, compute_ordinal, suffixed
from netra_core.agents.timerange import BARE_MONTHS, MONTH_NUMBERS, MONTHS, WEEKDAY_NUMBERS

_MONTHS = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
_MON = rf"(?:{_MONTHS})\.?"
_WEEKDAY = "(?:" + "|".join(sorted(WEEKDAY_NUMBERS, key=len, reverse=True)) + r")\.?"

_DOTTED = re.compile(
    r"(?<![\w$\u20ac\u00a3.,:/])(?<![a-z\d]-)(?P<d>\d{1,2})\.(?P<m>\d{1,2})\."
    r"(?:(?P<y>20\d\d|\d\d)(?![\d.,]\d)|(?=[^\d]|$))"
)
_SLASHED = re.compile(
    r"(?<![\w$\u20ac\u00a3.,:/])(?<![a-z]-)(?P<a>\d{1,2})/(?P<b>\d{1,2})(?:/(?P<y>20\d\d|\d\d))?(?![\w/]|[.,]\d)"
)
# The words a slash date without a year follows ("on 15/11", "from 01/11 to 15/11", "vs 16/10").
_DATE_CUE = re.compile(
    r"(?:\b(?:on|from|to|since|until|till|through|thru|between|and|vs|versus|against|starting|ending|after|before|"
    r"for|of|am|vom|bis)|[-\u2013(,])\s*$"
)
_ISO_WEEK = re.compile(
    r"(?<![\w-])(?:(?P<y1>20\d\d)-?w(?P<w1>\d{2})|"
    r"(?<!last )(?<!this )(?<!\b\d )(?<!\b\d\d )(?<!next )(?<!past )(?<!previous )(?<!prior )(?<!per )(?<!each )(?<!every )(?<!a )"
    r"(?:kw|cw|calendar\s+week|iso\s+week|kalenderwoche|week|wk|w(?=\d))\.?\s*(?P<w2>\d{1,2})"
    r"(?:\s*(?:-|\u2013|to|through|thru|until|till|bis)\s*(?:kw|cw|week|wk|w)?\.?\s*(?P<w3>\d{1,2}))?"
    r"(?:\s*(?:/|,|of|\s)\s*(?P<y2>20\d\d))?)"
    r"(?![\w:/%]|\.\d|\s*(?:of|in)\s+(?:the\s+|this\s+|last\s+)?(?:month|" + _MONTHS + r")\b)"
)
_DAY_OF_MONTH = r"\d{1,2}(?:st|nd|rd|th)?\.?"
# A weekday before a day of a named month: "mon 9 - sun 15 nov", "monday, 9 november", "mon, nov 9".
_WEEKDAY_BEFORE = re.compile(
    rf"\b{_WEEKDAY},?\s+(?=(?:{_DAY_OF_MONTH}(?:\s*(?:-|\u2013|to|through|thru|until|till|and)\s*(?:{_WEEKDAY},?\s+)?"
    rf"{_DAY_OF_MONTH})?\s+(?:of\s+)?{_MON}\b|{_MON}\s+\d))"
)


# "november first", "nov twenty-first", "the third of november", "first of nov": an ordinal word beside a month name.
_ORDINAL_DATE = re.compile(
    rf"(?<![\w-])(?:(?P<m1>{_MONTHS})\.?\s+(?:the\s+)?(?P<w1>{ORDINAL_WORDS})|(?:the\s+)?(?P<w2>{ORDINAL_WORDS})\s+(?:of\s+)?"
    rf"(?P<m2>{_MONTHS})\.?)(?![\w-])(?!\s+(?:week|half|quarter|fortnight|days?|weeks?|\d)\b)"
)
# "from the first to the tenth of november", "the fifth, sixth and seventh of november": days of one month in words.
_ORDINAL_RUN = re.compile(
    rf"(?<![\w-]){ORDINAL_WORDS}(?:\s*(?:-|to|through|thru|until|till|and|&|,)\s*(?:the\s+)?{ORDINAL_WORDS})+"
    rf"(?=\s+(?:of\s+)?(?:{_MONTHS})\b)"
)
_ORDINAL_ONE = re.compile(rf"(?<![\w-]){ORDINAL_WORDS}(?![\w-])")
_MONTH_CUE = re.compile(r"\b(?:on|from|to|since|until|till|through|thru|between|and|of|in|by|before|after)\s+$")


def _ordinal_dates(t: str) -> str:
    """`t` with days written as ordinal words beside a month name as "november 1st"."""

    def dated(m: re.Match[str]) -> str:
        month = m["m1"] or m["m2"]
        words = m["w1"] or m["w2"]
        day = compute_ordinal(words)
        if day is None or not 1 <= day <= 31:
            return m.group(0)
        if month not in BARE_MONTHS and not _MONTH_CUE.search(t[: m.start()]):
            return m.group(0)  # "may first ask", "march second" said alone
        return f"{month} {suffixed(day)}"

    def day(m: re.Match[str]) -> str:
        n = compute_ordinal(m.group(0))
        return suffixed(n) if n is not None and 1 <= n <= 31 else m.group(0)

    t = _ORDINAL_RUN.sub(lambda m: _ORDINAL_ONE.sub(day, m.group(0)), t)
    return _ORDINAL_DATE.sub(dated, t)


def _year(raw: str | None) -> int | None:
    if raw is None:
        return None
    return int(raw) + (2000 if len(raw) == 2 else 0)


def _iso(day: int, month: int, year: int | None, now: datetime) -> str | None:
    """`day`.`month` (in `year`, else the latest year not after now) as an ISO date, or None if no such date."""
    for candidate in (year,) if year is not None else (now.year, now.year - 1):
        try:
            moment = date(candidate, month, day)
        except ValueError:
            return None
        if year is not None or moment <= now.date():
            return moment.isoformat()
    return None


def _week(week: int, year: int | None, now: datetime) -> date | None:
    """Monday of ISO week `week` (of `year`, else the latest that has begun), or None if there is no such week."""
    for candidate in (year,) if year is not None else (now.isocalendar().year, now.isocalendar().year - 1):
        try:
            monday = date.fromisocalendar(candidate, week, 1)
        except ValueError:
            return None
        if year is not None or monday <= now.date():
            return monday
    return None


def _weeks(m: re.Match[str], now: datetime) -> str:
    first = int(m["w1"] or m["w2"])
    last = int(m["w3"]) if m["w3"] else first
    year = _year(m["y1"] or m["y2"])
    start = _week(first, year, now)
    end = _week(last, year or (start.isocalendar().year if start else None), now)
    if start is None or end is None or end < start or not 1 <= first <= 53:
        return m.group(0)
    return f"{start.isoformat()} to {(end + timedelta(days=6)).isoformat()}"


def _slash_order(t: str) -> str | None:
    """ "dm" or "md": the order of the message's slash dates where one settles it, or "dm" when it writes day first
    with dots or in ISO weeks; None when nothing settles it."""
    for m in _SLASHED.finditer(t):
        a, b = int(m["a"]), int(m["b"])
        if a > 12 >= b:
            return "dm"
        if b > 12 >= a:
            return "md"
    if _DOTTED.search(t) or re.search(r"\b(?:kw|cw)\s*\d", t):
        return "dm"
    return None


# The day of the month a recurring cycle runs from: "billing cycle runs from the 15th", "invoices are issued on the 1st
# of each month", "the 3rd of every month", "every month on the 15th" (a range said from it is a window: "the cycle
# ran from the 15th to the 20th").
_ORDINAL_DAY = r"the\s+\d{1,2}(?:st|nd|rd|th)"
_EACH_MONTH = r"\s+of\s+(?:each|every|the|a)\s+(?:calendar\s+)?month"
_CYCLE_DAY = re.compile(
    r"\b(?P<what>(?:billing|invoic\w*|statement|subscription|contract|renewal|accounting|fiscal|payment)(?:\s+"
    r"(?:cycles?|periods?|months?|runs?|dates?))?|cycles?)(?P<verb>(?:\s+\w+){0,2}?\s+(?:runs?|starts?|begins?|"
    r"renews?|resets?|rolls?\s+over|closes?|ends?|is|are|falls?|(?:is|are|gets?)\s+(?:billed|issued|invoiced|charged|"
    r"sent|cut))\s+(?:from|on|at)\s+)" + _ORDINAL_DAY + rf"(?:{_EACH_MONTH})?"
    r"(?!\s*(?:-|\u2013|to|through|thru|until|till|and)\s+(?:the\s+)?\d)|"
    rf"\b(?:on\s+)?{_ORDINAL_DAY}{_EACH_MONTH}|\b(?:every|each)\s+month\s+on\s+{_ORDINAL_DAY}"
)


def _cycle_day(m: re.Match[str]) -> str:
    """The cycle said without the day it runs from ("billing cycle runs from the 15th" -> "billing cycle")."""
    return m["what"] or " "


# A month with its year, month first: "09/2026", "for 10/2026" (never part of a date: "11/02/2026").
_MONTH_YEAR = re.compile(r"(?<![\w$\u20ac\u00a3.,:/])(?P<m>0?[1-9]|1[0-2])/(?P<y>20\d\d)(?![\w/]|[.,]\d)")
# Two dates joined as a range ("11/02/2026 to 11/08/2026", "10/15/2026 - 11/14/2026"): the first is not after the last.
_RANGE_JOINT = re.compile(r"^\s*(?:-|\u2013|to|through|thru|until|till|and)\s*$")


def _sensible_order(t: str, now: datetime) -> str | None:
    """ "md" or "dm": for slash dates written with their year whose order nothing else settles, the order under which
    none is after today and no range of two of them ends before it starts; of two such, the one whose latest date is
    nearer now. None when no date with its year is ambiguous, or neither order makes sense of them."""
    dated = [m for m in _SLASHED.finditer(t) if m["y"] is not None and m["a"] != m["b"]]
    if not dated:
        return None
    latest: dict[str, date] = {}
    for order in ("md", "dm"):
        days = []
        for m in dated:
            a, b = int(m["a"]), int(m["b"])
            month, day = (a, b) if order == "md" else (b, a)
            found = _iso(day, month, _year(m["y"]), now)
            if found is None:
                break
            days.append(date.fromisoformat(found))
        if len(days) < len(dated) or max(days) > now.date():
            continue
        joined = zip(dated, dated[1:], days, days[1:], strict=False)
        if any(_RANGE_JOINT.match(t[m1.end() : m2.start()]) and d2 < d1 for m1, m2, d1, d2 in joined):
            continue
        latest[order] = max(days)
    if not latest:
        return None
    return max(latest, key=lambda order: latest[order])


def _month_year(m: re.Match[str]) -> str:
    return f"{MONTHS[int(m['m']) - 1]} {m['y']}"


def compute_written_dates(text: str, now: datetime) -> str:
    """`text` (lowered) with day-first, slash and ISO-week dates as ISO dates, and a weekday before a date dropped."""
    t = _CYCLE_DAY.sub(_cycle_day, _ordinal_dates(text))
    if not re.search(r"\d", t):
        return t
    now = now.astimezone(UTC)
    order = _slash_order(t) or _sensible_order(t, now)

    def slashed(m: re.Match[str]) -> str:
        a, b = int(m["a"]), int(m["b"])
        if m["y"] is None and not _DATE_CUE.search(t[: m.start()]):
            return m.group(0)
        said = "dm" if a > 12 else "md" if b > 12 else order
        if said is None:
            return m.group(0)
        day, month = (a, b) if said == "dm" else (b, a)
        return _iso(day, month, _year(m["y"]), now) or m.group(0)

    def dotted(m: re.Match[str]) -> str:
        if m["y"] is None and len(m["m"]) != 2:
            return m.group(0)
        return _iso(int(m["d"]), int(m["m"]), _year(m["y"]), now) or m.group(0)

    t = _ISO_WEEK.sub(lambda m: _weeks(m, now), t)
    t = _DOTTED.sub(dotted, t)
    t = _MONTH_YEAR.sub(_month_year, _SLASHED.sub(slashed, t))
    return _WEEKDAY_BEFORE.sub("", t)
