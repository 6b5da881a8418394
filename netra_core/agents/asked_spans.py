"""Several named periods in one question (issue #16): "gpt-4o spend in september vs october vs november so far"
asks each period's figures (three or more named: one query each, each against the one before it), and "total spend
in september and october combined", "Q2 plus Q3", "in total across october and november" asks one window over them
all (their sum). Read by compute_asked (asked.py); planned by query_plan.py.
"""

from __future__ import annotations

import re
from datetime import datetime
from itertools import pairwise
from typing import Any

from netra_core.agents.timerange import compute_time_range

# What parts one named period from the next: "vs", "versus", "compared to", "against", "and", "plus", ",", "&".
_JOINT = re.compile(
    r"\s*(?:,|;|&|\+|->|=>|\u2192|\bvs\.?(?=\s|$)|\bversus\b|\bcompared\s+(?:to|with)\b|\bagainst\b|\band\b|\bplus\b|"
    r"\bthen\b|\bor\b)\s*"
)
# The periods' sum asked: "combined", "together", "in total across", "X plus Y", "altogether", "summed".
_TOGETHER = re.compile(
    r"\b(?:combined|together|put together|all together|altogether|summed|added up|in total across|in total over|"
    r"in total for|total (?:across|over)|the sum of|sum (?:of|across|over))\b"
)
# Each part asked beside the sum: "and each month", "and each on its own", "separately", "broken down".
_EACH_PART = re.compile(r"\b(?:each|separately|individually|on its own|broken down|breakdown|one by one|per month)\b")


def compute_named_periods(t: str, now: datetime) -> list[dict[str, Any]]:
    """The calendar periods lowered text `t` names one after another ("september vs october vs november so far"),
    each as {"start", "end", "label"}, in the order said, each once; rolling spans ("the last 7 days") and a range
    said as one ("between september and november", "from september to november") are not listed."""
    if re.search(r"\bbetween\b|\bfrom\b.{1,40}\b(?:to|until|through|till)\b", t):
        return []
    periods: list[dict[str, Any]] = []
    for part in _JOINT.split(t):
        found = compute_time_range(part, now) if part.strip() else None
        if found is None or found.days is not None or found.start is None or found.end is None:
            continue
        period = {"start": found.start.isoformat(), "end": found.end.isoformat(), "label": found.label}
        if all(p["start"] != period["start"] or p["end"] != period["end"] for p in periods):
            periods.append(period)
    return periods


def is_together(t: str, now: datetime) -> bool:
    """Whether lowered text `t` asks the named periods' sum ("combined", "together", "X plus Y": a "plus" between
    two periods, not "spend plus requests")."""
    if _TOGETHER.search(t):
        return True
    for m in re.finditer(r"\bplus\b", t):
        left, right = _JOINT.split(t[: m.start()])[-1], _JOINT.split(t[m.end() :])[0]
        if all((r := compute_time_range(side, now)) is not None and r.days is None for side in (left, right)):
            return True
    return False


def is_each_part(t: str) -> bool:
    """Whether lowered text `t` asks each part beside their sum ("and each month on its own")."""
    return _EACH_PART.search(t) is not None


def compute_span(periods: list[dict[str, Any]]) -> dict[str, Any] | None:
    """One window over periods that follow one another with no gap ("september and october": Sep 1 to Nov 1), or
    None when a gap parts them (their sum is no one window)."""
    ordered = sorted(periods, key=lambda p: str(p["start"]))
    for before, after in pairwise(ordered):
        if datetime.fromisoformat(str(before["end"])) != datetime.fromisoformat(str(after["start"])):
            return None
    start, end = ordered[0]["start"], ordered[-1]["end"]
    return {"start": start, "end": end, "label": f"{str(start)[:10]} to {str(end)[:10]}"}
