"""The periods a question compares or projects to (issue #16): the previous period, the same weekday last week,
month over month, two named months or windows, a run rate to the end of a month, quarter or year, a yearly or
monthly run rate, and a rate per second, minute or hour. Read by compute_asked (asked.py).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from netra_core.agents.asked_measures import NUM_WORD
from netra_core.agents.moments import compute_clock_span
from netra_core.agents.timerange import (
    LAST_WEEK_SAID,
    MONTH_NUMBERS,
    MONTHS,
    WORD_NUMBERS,
    TimeRange,
    compute_time_range,
)
from netra_core.analytics.semantic import Comparison, Grain, Measure, RateUnit

# Comparisons. Each phrase is cut out before the window is read (unless it holds a number, which is the window's).
_MONTH_NAMES = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
_VS = r"(?:vs\.?|versus|compared?\s+(?:to|with)|comparison (?:to|with)|than|against|relative to)"
COMPARISONS: tuple[tuple[re.Pattern[str], Comparison], ...] = (
    (
        re.compile(
            rf"(?:{_VS}\s+)?(?:the\s+)?same\s+(?:day|weekday|time|point|stage|moment|span|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\s+"
            r"(?:of\s+)?(?:last|the\s+previous|the\s+prior|a|the)\s+week(?:\s+before)?\b|"
            rf"(?:{_VS}\s+)?(?:a|one)\s+week\s+(?:ago|earlier|before)(?:\s+on\s+the\s+same\s+day)?\b|"
            rf"(?:{_VS}\s+)?the\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+(?:before|prior|earlier)\b|"
            rf"(?:{_VS}\s+)(?:the\s+)?(?:previous|prior|preceding)\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day\b"
        ),
        Comparison.SAME_WEEKDAY_LAST_WEEK,
    ),
    # "than October's daily average", "vs September": the whole named month, not the same dates in it
    (
        re.compile(
            rf"(?:{_VS}|above|below)\s+(?:(?:the|our|its|in|of|for|during|all|whole|average|avg|mean|daily|"
            rf"per|a|day|spend|spending|costs?|bill)\s+){{0,5}}(?:{_MONTH_NAMES})\b(?!\.?\s*\d)(?:'s)?"
        ),
        Comparison.PREVIOUS_FULL_MONTH,
    ),
    (
        re.compile(
            rf"\bmonth[- ]over[- ]month\b|\bm-?o-?m\b|(?:{_VS}\s+)(?:the\s+)?(?:last|previous|prior|preceding)\s+"
            rf"(?:calendar\s+)?month\b|(?:the\s+)?month\s+before\b|"
            rf"(?:{_VS}\s+)?(?:the\s+)?same\s+(?:day|days|week|period|dates?|time|point|stage)\s+(?:of\s+|in\s+)?"
            r"(?:last|the\s+previous|the\s+prior|a)\s+month(?:\s+ago)?\b"
        ),
        Comparison.PREVIOUS_MONTH,
    ),
    (
        re.compile(
            rf"\byear[- ]over[- ]year\b|\by-?o-?y\b|(?:{_VS}\s+)(?:the\s+)?(?:same\s+\w+\s+)?(?:last|previous|"
            r"prior)\s+year\b|\bsame\s+(?:period|time|month|week|day|dates?|point|stage)\s+(?:last|a)\s+year\b|"
            r"\b(?:a|one)\s+year\s+(?:ago|earlier|before)\b"
        ),
        Comparison.PREVIOUS_YEAR,
    ),
    (re.compile(r"\bquarter[- ]over[- ]quarter\b|\bq-?o-?q\b"), Comparison.PREVIOUS_QUARTER),
    (
        re.compile(
            rf"\bweek[- ]over[- ]week\b|\bw-?o-?w\b|\bday[- ]over[- ]day\b|\bperiod[- ]over[- ]period\b|"
            rf"(?:{_VS}\s+)(?:the\s+|a\s+)?(?:previous|prior|preceding|last|earlier)\s+(?:period|window|"
            rf"{NUM_WORD}\s*\w+|week|fortnight|day|hour|quarter|weeks?|days?)\b|"
            rf"\b(?:the\s+)?(?:week|day|fortnight|period|quarter|days?|weeks?)\s+before\b(?!\s+(?:last|that|yesterday))|"
            # "calls in the last 24h vs the 24h before": the same number of hours just before
            rf"(?:{_VS}\s+)?\bthe\s+(?:{NUM_WORD}\s*)(?:h|hours?|hrs?|d|days?)\s+before\b(?!\s+(?:last|yesterday))|"
            r"\bthan\s+(?:it\s+was\s+)?(?:before|usual|normal)\b|\bthan\s+it\s+was\b|"
            # "last 30 days vs the 30 before", "against the previous 14": the same count of the window's unit
            rf"(?:{_VS}\s+)?\bthe\s+{NUM_WORD}\s+(?:before|prior|preceding)\b|"
            rf"(?:{_VS}\s+)(?:the\s+)?(?:previous|prior|preceding)\s+{NUM_WORD}\b(?!\s*[a-z])|"
            # "and what was it for the 12 hours before that?": a second window just before the first
            rf"\bthe\s+(?:{NUM_WORD}\s+)?(?:hours?|hrs?|days?|weeks?|wks?|months?|periods?|windows?)\s+"
            r"(?:before|prior\s+to|preceding)\s+(?:that|those|then|it|this)\b(?!\s+(?!one\b|period\b|window\b)[a-z])"
        ),
        Comparison.PREVIOUS_PERIOD,
    ),
)
# The step of a series ("week over week for the last four weeks", "day-on-day", "each month's growth from the month
# before"): each bucket against the one just before it, when the series is of that unit.
_STEP_UNITS = r"(?:hour|day|week|month)"
_STEP = re.compile(
    rf"\b(?P<u1>{_STEP_UNITS})[- ](?:over|on|to)[- ](?P=u1)\b|\b(?P<abbr>dod|wow|w-o-w|mom|m-o-m)\b|"
    rf"\b(?:from|over|vs\.?|versus|against|compared (?:to|with)|than|on)\s+(?:the\s+|a\s+)?(?:previous|prior|preceding|"
    rf"last)\s+(?P<u2>{_STEP_UNITS})(?:'s)?\b|"
    rf"\b(?:from|over|vs\.?|versus|against|compared (?:to|with)|than|on)\s+the\s+(?P<u3>{_STEP_UNITS})\s+before\b"
)
_STEP_ABBR = {"dod": "day", "wow": "week", "w-o-w": "week", "mom": "month", "m-o-m": "month"}
_STEP_GRAINS = {"hour": Grain.HOUR, "day": Grain.DAY, "week": Grain.WEEK, "month": Grain.MONTH}
_STEP_DAYS = {Grain.HOUR: 1 / 24, Grain.DAY: 1.0, Grain.WEEK: 7.0, Grain.MONTH: 28.0}


def compute_step_grain(t: str, grain: Grain | None, window_days: float) -> Grain | None:
    """The unit of a step asked of a series in lowered text `t` ("week over week", "from the week before"): its grain,
    when the series is of that unit (`grain`) or, with no grain, the window (`window_days` long) holds two of them or
    more; None otherwise (one window against the one before is the previous period, read elsewhere)."""
    m = _STEP.search(t)
    if m is None:
        return None
    step = _STEP_GRAINS[m["u1"] or m["u2"] or m["u3"] or _STEP_ABBR[m["abbr"]]]
    if grain == step or (grain is None and window_days >= 2 * _STEP_DAYS[step] - 1e-9):
        return step
    return None


# "since midnight compared with the same hours yesterday", "vs this time yesterday": the window's hours one day
# earlier (a chosen window, read by compute_asked once the window is known), not the whole of yesterday.
SAME_HOURS_YESTERDAY = re.compile(
    rf"(?:{_VS}\s+)?(?:(?:the\s+)?same\s+(?:(?:\d{{1,2}}|two|three|four|five|six|twelve)\s+)?"
    r"(?:hours?|time(?:\s+of\s+day)?|span|period|window|stretch)\s+"
    r"(?:of\s+|on\s+)?yesterday|this\s+time\s+yesterday|yesterday\s+(?:at\s+)?(?:the\s+)?same\s+(?:hours?|time))\b|"
    # "calls yesterday up to the same time of day", "yesterday until the same hour", "the same point yesterday",
    # "yesterday up to this time": yesterday cut where today is now
    r"\byesterday,?\s+(?:up\s+)?(?:to|until|till|through|by)\s+(?:the\s+|that\s+)?(?:same|this|that|equivalent)\s+"
    r"(?:time(?:\s+of\s+(?:the\s+)?day)?|hours?|point|moment|clock\s+time)\b|"
    r"\b(?:the\s+)?same\s+(?:point|moment|clock\s+time)\s+(?:of\s+|on\s+)?yesterday\b"
)
_HOLDS_NUMBER = re.compile(r"\d|\b(?:" + "|".join(w for w in WORD_NUMBERS if w not in ("a", "an")) + r")\b")

# Projection: run rate to the end of the month, quarter or year.
_PROJECT = re.compile(
    r"\b(?:project(?:ed|ion|ions)?|forecast\w*|on track|on pace|run[- ]?rate|burn[- ]?rate|extrapolat\w*|"
    r"end up (?:spending|at|paying)|land at|expected (?:spend|total|bill)|at (?:the|this|our) (?:current )?"
    r"(?:pace|rate)|current pace)\b"
)
_PROJECT_END = re.compile(
    r"\b(?:by|at|for|until|through|to|till)?\s*(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?"
    r"(month|quarter|year|q[1-4])\b|\b(month|quarter|year)[- ]end\b|\beo(m|q|y)\b|"
    r"\b(?:for|over)\s+the\s+(?:rest\s+of\s+the\s+|whole\s+|full\s+|entire\s+)?"
    r"(month|quarter|year)\b|\bfull[- ](month|quarter|year)\b"
)

# A yearly run rate ("annualised run rate", "what would a year cost at this pace"): the window's total per day x 365.
ANNUAL = re.compile(
    r"\bannuali[sz](?:e|ed|ing|ation)\b|\b(?:annual|yearly|annualized|annualised)\s+(?:run[- ]?rate|pace)\b|"
    r"\brun[- ]?rate\b.{0,30}\b(?:per|a|for a|over a|each|every)\s+(?:full\s+|whole\s+)?year\b|"
    r"\b(?:per|a|each|one|over a|for a|full)\s+(?:full\s+|whole\s+)?year\b.{0,40}\b(?:at|on)\s+(?:this|the "
    r"current|our current|that|the same|today's)\s+(?:rate|pace|run[- ]?rate)\b|\b(?:at|on)\s+(?:this|the "
    r"current|our current|that)\s+(?:rate|pace|run[- ]?rate)\b.{0,40}\b(?:per|a|each|one|over a|for a|"
    r"full)\s+(?:full\s+|whole\s+)?year\b"
)
# A rate ("RPM", "requests per minute", "average calls per hour", "tokens per second"): the window's total over its
# length in that unit. Per hour, per day are a series unless an average or a rate is said ("requests per hour" alone).
_RATE_ABBR = {"rpm": ("minute", "r"), "rps": ("second", "r"), "qps": ("second", "r"), "rph": ("hour", "r")}
_RATE_ABBR |= {"tpm": ("minute", "t")}
_RATE = re.compile(
    r"\b(?P<abbr>" + "|".join(_RATE_ABBR) + r")\b|\b(?P<what>requests?|reqs?|calls?|queries|api calls|tokens?)\s*"
    r"(?:per|a|/|each|every)\s*(?P<unit>seconds?|secs?|minutes?|mins?|hours?|hrs?)\b|"
    # "how many calls did we have in total, and how many per hour on average": the calls said before, as a rate
    r"\bhow many\s+(?:per|an?|each|every)\s+(?P<unit2>seconds?|secs?|minutes?|mins?|hours?|hrs?)\b"
)
_COUNTED_BEFORE = re.compile(r"\b(?:requests?|reqs?|calls?|queries|tokens?)\b")
_RATE_SAID = re.compile(r"\b(?:avg|average|mean|rate|typical|throughput|how many)\b")


# A further unit of the same rate asked beside it ("calls per hour? And per minute?", "per second and per minute").
_FURTHER_UNIT = re.compile(r"\b(?:per|an?)\s+(seconds?|secs?|minutes?|mins?|hours?|hrs?)\b|/\s*(sec|min|hr|hour)\b")


def compute_further_rate_units(t: str, first: RateUnit) -> list[RateUnit]:
    """The units besides `first` the rate asked in lowered text `t` is also asked in ("how many calls per hour did we
    handle? And per minute?": per minute too), in the order said."""
    out: list[RateUnit] = []
    for m in _FURTHER_UNIT.finditer(t):
        unit = RateUnit({"s": "second", "m": "minute", "h": "hour"}[(m[1] or m[2])[0]])
        if unit != first and unit not in out:
            out.append(unit)
    return out


def compute_rate(t: str) -> tuple[RateUnit, Measure] | None:
    """The rate asked ("average RPM": requests per minute), as its unit and the measure it is a rate of."""
    m = _RATE.search(t)
    if m is None:
        return None
    if m["abbr"]:
        unit, kind = _RATE_ABBR[m["abbr"]]
    elif m["unit2"]:
        said = [w.group(0) for w in _COUNTED_BEFORE.finditer(t[: m.start()])]
        if not said:
            return None  # "how many per hour" with nothing counted before it
        unit = {"s": "second", "m": "minute", "h": "hour"}[m["unit2"][0]]
        kind = "t" if said[-1].startswith("tok") else "r"
    else:
        unit = {"s": "second", "m": "minute", "h": "hour"}[m["unit"][0]]
        kind = "t" if m["what"].startswith("tok") else "r"
        if unit == "hour" and not _RATE_SAID.search(t):
            return None  # "requests per hour over the last day": an hourly series
    return RateUnit(unit), Measure.TOTAL_TOKENS if kind == "t" else Measure.REQUESTS


# A month's run rate of a named window ("monthly run rate based on the last 7d", "burn per month at last week's pace"):
# the window's total per covered day x 30, not the window carried to the month's end.
MONTHLY = re.compile(
    r"\b(?:monthly|month's|a month's)\s+(?:run[- ]?rate|burn(?:[- ]?rate)?|pace)\b|"
    r"\b(?:run[- ]?rate|burn(?:[- ]?rate)?)\s+(?:per|a|each|every)\s+month\b"
)


# Two consecutive months named together ("compare September and October", "October vs. November spend").
_TWO_MONTHS = re.compile(
    rf"\b({_MONTH_NAMES})(?:'s)?(?:\s+\d{{4}})?\s*(?:(?:compare[sd]?|stack(?:s|ed)? up|"
    rf"measures? up)\s+)?(?:and|&|vs\.?|versus|with|to|against|or|over|,|->|=>|\u2192)\s*"
    rf"(?:in\s+)?({_MONTH_NAMES})\b"
)
_MONTH_OVER_MONTH = re.compile(r"\bmonth[- ]over[- ]month\b|\bm-?o-?m\b")
_COMPARE_WORD = re.compile(
    r"\b(?:compar\w*|vs\.?|versus|against|differen\w*|change\w*|between|than|"
    r"(?:went|go|gone|going) (?:up|down))\b"
)


def compute_two_months(t: str) -> tuple[str, bool]:
    """Two consecutive named months compared: the text with the earlier one cut (the later is the window), or t."""
    m = _TWO_MONTHS.search(t)
    # "spend MoM sep -> oct": an arrow between the months with month over month said is the two compared
    arrow = m is not None and re.search(r"->|=>|\u2192", m.group(0)) and _MONTH_OVER_MONTH.search(t)
    if m is None or not (_COMPARE_WORD.search(t) or arrow):
        return t, False
    first, second = MONTH_NUMBERS[m.group(1)], MONTH_NUMBERS[m.group(2)]
    # the later month is the window, read by its full name ("sept vs oct": "in october")
    if (second - first) % 12 == 1:
        return t[: m.start(1)] + " in " + MONTHS[second - 1] + " " + t[m.end(2) :], True
    if (first - second) % 12 == 1:
        return t[: m.start(1)] + " in " + MONTHS[first - 1] + " " + t[m.end(2) :], True
    return t, False


# A rolling span counted out ("our 30-day average", "the last 7 days", "past 14d"), not "last week" said in words.
_SPAN_COUNTED = re.compile(rf"\b{NUM_WORD}\s*-?\s*(?:days?|d|weeks?|wks?|hours?|hrs?|h)\b")
# (two bullets of a list, each naming its window, its lines run together: "- spend 1-15 oct - spend 16-31 oct")
# (a list's bullets are marked "\u2022" where the lines begin; a dash inside a line is a range: "10/01 - 10/31")
_SPLIT = re.compile(r"\s(?:vs\.?|versus|compared?\s+(?:to|with)|against|with|and|than|\u2022)\s")


def _both_months(m: re.Match[str]) -> str:
    if re.search(r"\d", m.group(0)):  # "october 2025 and november 2025": each read with its year as typed
        return m.group(0)
    return f"in {MONTHS[MONTH_NUMBERS[m.group(1)] - 1]} vs in {MONTHS[MONTH_NUMBERS[m.group(2)] - 1]}"


# Days of one month listed ("10, 11 and 12 november", "the 3rd, 4th and 5th of nov"): one window, not two.
_DAY_NUMBER = r"\d{1,2}(?:st|nd|rd|th)?"
_LISTED_DAYS = re.compile(
    rf"\b{_DAY_NUMBER}(?:\s*,\s*(?:the\s+)?{_DAY_NUMBER})*,?\s*(?:and|&)\s*(?:the\s+)?{_DAY_NUMBER}\s+(?:of\s+)?"
    rf"(?:{_MONTH_NAMES})\b"
)


def compute_two_windows(t: str, now: datetime) -> tuple[Comparison, str, dict[str, Any]] | None:
    """Two windows named side by side ("nov 1-7 vs nov 8-14", "october 2025 and november 2025"): when the later
    starts where the earlier ends, the later window compared with the one just before it (of the same length, or
    as many calendar months); when a gap parts them ("september vs november", "Q1 vs Q3"), the later compared with
    the earlier as a chosen window. The text of the later part is where its window is read."""
    if compute_clock_span(t, now) is not None:
        return None  # "between 11pm on the 18th and 2am on the 19th": one window, from one moment to the other
    t = _TWO_MONTHS.sub(_both_months, t)  # "sept vs nov": two abbreviated months side by side are months
    listed = [d.span() for d in _LISTED_DAYS.finditer(t)]
    for m, b_from in ((m, f) for m in _SPLIT.finditer(t) for f in ("from ", "")):
        if any(a <= m.start() < b for a, b in listed):
            continue  # "the 3rd, 4th and 5th of november": one window of the days listed
        # "nov 8 to nov 14" after the joint reads as a range only with its "from"
        left, right = t[: m.start()], t[m.end() :]
        said = re.search(r"\bbetween\s+(?:the\s+)?(\S+(?:\s+\S+){0,2})$", left)
        if said and (" " not in said.group(1) or re.search(r"\d", said.group(1))):
            continue  # "between the 1st and the 15th of october", "between 1 september and 31 october": one window
        a, b = compute_time_range(left, now), compute_time_range(b_from + right, now)
        a, b = _calendar_last_week(a, left, b, now), _calendar_last_week(b, right, a, now)
        counted = [bool(_SPAN_COUNTED.search(side)) for side in (left, right)]
        if a is not None and b is not None and (inside := _day_inside_rolling(a, b, counted, now)) is not None:
            return inside[0], left if inside[1] is a else b_from + right, inside[2]
        if a is None or b is None or a.days is not None or b.days is not None or a.as_args() == b.as_args():
            continue
        (first, _), (later, later_text) = sorted(
            [(a, left), (b, b_from + right)], key=lambda x: str(x[0].as_args()["start"])
        )
        f0, f1 = (datetime.fromisoformat(str(first.as_args()[k])) for k in ("start", "end"))
        l0, l1 = (datetime.fromisoformat(str(later.as_args()[k])) for k in ("start", "end"))
        if f1 < l0:
            return Comparison.CHOSEN_WINDOW, later_text, {"start": f0.isoformat(), "end": f1.isoformat()}
        if f1 != l0:
            continue
        if f1 - f0 == l1 - l0:
            return Comparison.PREVIOUS_PERIOD, later_text, {}
        if all(x.day == 1 and x.hour == 0 and x.minute == 0 for x in (f0, f1, l0, l1)):
            return Comparison.PREVIOUS_MONTH, later_text, {}
        if l1 == now and l1 - l0 < f1 - f0 and _is_whole_week(f0, f1):
            # "last week (9-15 nov), and this week so far": the whole week before, as said, beside this one to date
            # (not as many hours before it; a month to date against a whole month is read as before)
            return Comparison.CHOSEN_WINDOW, later_text, {"start": f0.isoformat(), "end": f1.isoformat()}
        if l1 == now and l1 - l0 < f1 - f0 <= timedelta(days=1):
            # "TTFT p95 today vs yesterday": today so far against the whole of yesterday, each as said
            return Comparison.CHOSEN_WINDOW, later_text, {"start": f0.isoformat(), "end": f1.isoformat()}
        if l1 < now and all(x == x.replace(hour=0, minute=0, second=0, microsecond=0) for x in (f0, f1, l0, l1)):
            # "from 01/11 to 15/11, versus 16/10 to 31/10": whole days of unequal length, one just before the other,
            # each as said (not the later against as many days before it)
            return Comparison.CHOSEN_WINDOW, later_text, {"start": f0.isoformat(), "end": f1.isoformat()}
    return None


def _is_whole_week(start: datetime, end: datetime) -> bool:
    """Whether start..end is one whole calendar week (Monday to Monday)."""
    midnight = start == start.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight and start.weekday() == 0 and end - start == timedelta(days=7)


def _calendar_last_week(found: TimeRange | None, text: str, other: TimeRange | None, now: datetime) -> TimeRange | None:
    """ "last week" said beside "this week so far": the calendar week before this one (Monday to Monday), not the
    last 7 days, which overlap this week."""
    if found is None or found.days != 7 or other is None or other.end != now or not LAST_WEEK_SAID.search(text):
        return found
    monday = now.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=now.weekday())
    if other.start != monday:
        return found
    return TimeRange.between(monday - timedelta(days=7), monday, "last week, ")


def _day_inside_rolling(
    a: TimeRange, b: TimeRange, counted: list[bool], now: datetime
) -> tuple[Comparison, TimeRange, dict[str, Any]] | None:
    """One named day (or span of days) against a rolling window that holds it ("was Tuesday's error rate worse than
    our 30-day average"): the day is the window, compared with the rolling window as a chosen one."""
    rolling, named = (a, b) if a.days is not None else (b, a)
    if not counted[0 if rolling is a else 1]:
        return None  # "this week vs last week": a calendar week said, not a rolling span counted out
    if rolling.days is None or named.days is not None or named.start is None or named.end is None:
        return None
    start = now - timedelta(seconds=round(rolling.days * 86400))
    if not (start <= named.start and named.end <= now and named.end - named.start < now - start):
        return None
    return Comparison.CHOSEN_WINDOW, named, {"start": start.isoformat(), "end": now.isoformat()}


# "its error rate this week and also last week's", "spend this month and last month": the same unit's previous
# period asked beside this one (the window is this one; the aligned comparison is chosen from it).
_THIS_AND_LAST = re.compile(
    r"\bthis\s+(?P<unit>week|wk|month|quarter|year)\b.{0,80}?(?P<cut>\s+(?:and|&|plus|as well as)\s+(?:also\s+)?"
    r"(?:for\s+|what about\s+)?(?:the\s+)?(?:last|previous|prior)\s+(?P<unit2>week|wk|month|quarter|year)(?:'s)?)\b"
)


def compute_comparison(t: str) -> tuple[Comparison, str, bool]:
    """The comparison asked, the text with its phrase cut (kept when it holds a number), and whether it was cut."""
    rest, both = compute_two_months(t)
    if both:
        return Comparison.PREVIOUS_FULL_MONTH, rest, True
    if (m := _THIS_AND_LAST.search(t)) and m["unit"].replace("wk", "week") == m["unit2"].replace("wk", "week"):
        return Comparison.PREVIOUS_PERIOD, t[: m.start("cut")] + " " + t[m.end("cut") :], True
    for pattern, comparison in COMPARISONS:
        if m := pattern.search(t):
            if _HOLDS_NUMBER.search(m.group(0)):
                return comparison, t, False
            return comparison, t[: m.start()] + " " + t[m.end() :], True
    return Comparison.NONE, t, False


def compute_period_start(now: datetime, unit: str) -> datetime:
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "year":
        return day.replace(month=1, day=1)
    if unit == "quarter":
        return day.replace(month=(now.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(day=1)


def compute_period_end(now: datetime, unit: str) -> datetime:
    start = compute_period_start(now, unit)
    months = {"year": 12, "quarter": 3}.get(unit, 1)
    month = start.month - 1 + months
    return start.replace(year=start.year + month // 12, month=month % 12 + 1)


def compute_projection(t: str, now: datetime) -> tuple[str | None, str, bool]:
    """The period a run-rate projection runs to ("month", "quarter", "year" or None) and the text with it cut."""
    end = _PROJECT_END.search(t)
    said = _PROJECT.search(t)
    future = re.search(r"\b(?:will|gonna|going to|expect\w*|likely|estimate\w*|at this rate|predict\w*)\b", t)
    # "how much will we spend this month": a future total of a period not over yet
    this_period = (
        re.search(r"\b(?:this|the) (?:month|quarter|year)\b", t)
        if future and re.search(r"\bwill\b.*\b(?:spend|cost|pay|bill)", t)
        else None
    )
    if not said and not (end and future) and not this_period:
        return None, t, False
    unit = "month"
    if end:
        word = next(g for g in end.groups() if g)
        unit = {"m": "month", "q": "quarter", "y": "year"}.get(word, word)
        unit = "quarter" if unit.startswith("q") else unit
        t = t[: end.start()] + " " + t[end.end() :]
    elif re.search(r"\b(?:quarter|q[1-4])\b", t):
        unit = "quarter"
    elif re.search(r"\b(?:year|annual\w*|yearly)\b", t):
        unit = "year"
    if said:
        t = t[: said.start()] + " " + t[said.end() :]
    return unit, _FUTURE_SPAN.sub(" ", t), True


# "accrue the remaining 10 days of november", "the next 10 days": days still to come, what a projection runs over;
# never the window the run rate is read from.
_FUTURE_SPAN = re.compile(
    rf"\b(?:the\s+)?(?:remaining|next|coming|upcoming|rest\s+of\s+the)\s+{NUM_WORD}\s*(?:days?|weeks?)\b"
    rf"(?:\s+(?:of|in)\s+(?:the\s+|this\s+)?(?:month|quarter|year|{_MONTH_NAMES})\b)?"
)


# "before and after the 1st of November", "pre vs post nov 13": two windows split at a date, the later from the date
# on, the earlier the calendar month before it when the date starts a month, else as long as the later.
_BEFORE_AND_AFTER = re.compile(r"\b(?:before|pre)\s*(?:and|&|vs\.?|versus|/|or)\s*(?:after|post)\s+(?=(?:the\s+)?\w)")
# "from the 13th on, against the 13 days before it (31 October to 12 November)": the window named, against the N days
# (weeks) just before its start; the dates spelt out in brackets are those days.
_N_BEFORE_IT = re.compile(
    rf"(?:{_VS}\s+)?(?:the\s+)?{NUM_WORD}\s+(?P<unit>days?|weeks?)\s+(?:just\s+|right\s+|immediately\s+)?"
    r"(?:before|prior(?:\s+to)?|preceding)\s+(?:it|that|this|then|the change|the launch|the switch)\b"
    r"(?:\s*\([^)]*\))?"
)


def compute_split_windows(t: str, now: datetime) -> tuple[str, dict[str, Any]] | None:
    """A window and the one just before it said around a date ("before and after the 1st of November", "from the
    13th on, against the 13 days before it"): the text the later window is read from, and the earlier window."""
    if (m := _BEFORE_AND_AFTER.search(t)) and compute_time_range(
        "since " + re.split(r"[,.;:?!]", t[m.end() :])[0], now
    ):
        # (the date right after "after": "before and after switching models, this month" is no split at a date)
        rest = t[: m.start()] + " since " + t[m.end() :]
        later = compute_time_range(rest, now)
        if later is None or later.start is None or later.end is None:
            return None
        start = later.start
        if start.day == 1 and start.hour == 0 and start.minute == 0:
            first = (start - timedelta(days=1)).replace(day=1)
        else:
            first = start - (later.end - start)
        return rest, {"start": first.isoformat(), "end": start.isoformat()}
    if m := _N_BEFORE_IT.search(t):
        rest = t[: m.start()] + " " + t[m.end() :]
        later = compute_time_range(rest, now)
        if later is None or later.start is None:
            return None
        n = int(m.group(1)) if m.group(1).isdigit() else WORD_NUMBERS[m.group(1)]
        span = timedelta(days=n * (7 if m["unit"].startswith("week") else 1))
        return rest, {"start": (later.start - span).isoformat(), "end": later.start.isoformat()}
    return None
