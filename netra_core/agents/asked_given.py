"""Numbers the user gives the answer to work with, and the percent between two ends of a ranking.

"a 95% success SLO", "we target 95% success", "against the 99.5 % availability target": a success target, whose error
budget is the rest of 100 % (the share of it burned, the burn rate, the failures it allows). "Groq offered a flat
$0.0005 per call", "what if they charged $0.001 a request": a flat fee a call, applied to the window's requests. "the
next volume tier starts at 15 million input tokens ... how far short": a level of one total, with how far short of
it or over it. "how much cheaper per call is it than the most expensive vendor, in percent", "by what percent is the
pricier one more expensive": the percent between the highest and the lowest row of the first measure.
"""

from __future__ import annotations

import re

from netra_core.analytics.semantic import Given, GivenKind, Measure

_PERCENT = r"(\d{2}(?:\.\d+)?)\s*(?:%|percent\b|pct\b)"
_SUCCESS = re.compile(
    rf"\b{_PERCENT}\s*(?:success(?:ful)?|availability|slo|sla|target|objective|reliability)\b|"
    rf"\b(?:slo|sla|target|objective|aim)\s+(?:(?:of|is|at|to|for)\s+)?(?:a\s+)?{_PERCENT}(?!\s*(?:of|off)\b)|"
    rf"\btarget(?:s|ing)?\s+(?:a\s+)?{_PERCENT}"
)
# A flat fee a call: said as an offer or a what-if, not a bound ("calls that cost over $0.01 each" is a threshold).
_FEE = re.compile(r"\$\s*(\d*\.?\d+)\s*(?:per|a|an|each|/)\s*(?:single\s+)?(?:api\s+)?(?:calls?|requests?|reqs?)\b")
_FEE_SAID = re.compile(
    r"\b(?:flat|fixed|offer\w*|quot\w*|would(?:n't)?|what if|at that (?:price|rate|fee)|if (?:we|they|it)\s+"
    r"(?:paid|charged|cost)|instead)\b"
)
_SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9}
_LEVEL = re.compile(
    r"\b(?:tiers?|thresholds?|levels?|marks?|milestones?|commit(?:ment)?s?|caps?|minimums?)\b[^.?!]{0,50}?"
    r"\b(?:starts?|begins?|kicks?\s+in|is|are|sits?|at|of|from)\s+(?:at\s+|from\s+)?"
    r"(\d[\d,]*(?:\.\d+)?)\s*(k|thousand|mn|m|million|bn|b|billion)?\s+"
    r"(?:(input|prompt|output|completion)\s+)?(tokens|calls|requests)\b"
)
_HOW_FAR = re.compile(
    r"\bhow (?:far|close|near)\b|\bshort of\b|\bfall(?:s|ing)? short\b|\bfell short\b|\baway from\b|"
    r"\bhow much more\b|\b(?:to|did we|do we|will we) (?:reach|hit|cross)\b"
)
_COMPARATIVE = (
    r"(?:cheaper|more expensive|pricier|dearer|costlier|less expensive|faster|slower|higher|lower|bigger|smaller|"
    r"more|less)"
)
PERCENT_GAP = re.compile(
    rf"\bhow much\s+(?:\w+\s+){{0,3}}?{_COMPARATIVE}\b[^.?!]{{0,80}}?\b(?:in percent(?:age)?|in %|as a percent\w*|"
    rf"percent(?:age)?-?wise)\b|"
    rf"\bby what (?:percent(?:age)?|%)\b[^.?!]{{0,80}}?\b{_COMPARATIVE}\b|"
    rf"\b(?:what|how many)\s+(?:percent|%)\s+{_COMPARATIVE}\b|"
    # "the difference in percent", "the gap between them in percent", "% diff": the two ends apart, in per cent
    r"\b(?:differences?|gaps?|deltas?|diffs?)\s+(?:(?:between|of)\s+(?:them|the two|both|those|these)\s+)?"
    r"(?:in|as an?|as)\s+(?:percent(?:age)?s?|%|per ?cent)\b|"
    r"(?:\bpercent(?:age)?|%)\s+(?:differences?|gaps?|deltas?|diffs?)\b"
)


def _level_measure(kind: str | None, unit: str) -> Measure:
    if unit != "tokens":
        return Measure.REQUESTS
    if kind in ("input", "prompt"):
        return Measure.INPUT_TOKENS
    if kind in ("output", "completion"):
        return Measure.OUTPUT_TOKENS
    return Measure.TOTAL_TOKENS


def compute_given(t: str) -> Given | None:
    """The number lowered question `t` gives the answer to apply (None: no such number said)."""
    if m := _SUCCESS.search(t):
        value = float(next(g for g in m.groups() if g))
        if 50 <= value < 100:
            return Given(kind=GivenKind.SUCCESS_TARGET, value=value)
    if (m := _FEE.search(t)) and _FEE_SAID.search(t) and float(m.group(1)) > 0:
        return Given(kind=GivenKind.FEE_PER_CALL, value=float(m.group(1)))
    if (m := _LEVEL.search(t)) and _HOW_FAR.search(t):
        value = float(m.group(1).replace(",", "")) * _SCALES.get(m.group(2) or "", 1.0)
        if value > 0:
            return Given(kind=GivenKind.LEVEL, value=value, measure=_level_measure(m.group(3), m.group(4)))
    return None


def compute_given_measures(given: Given) -> list[Measure]:
    """The measures the given number is applied to, in the order the answer states them."""
    if given.kind == GivenKind.SUCCESS_TARGET:
        return [Measure.ERROR_RATE, Measure.ERRORS, Measure.REQUESTS]
    if given.kind == GivenKind.FEE_PER_CALL:
        return [Measure.SPEND, Measure.REQUESTS]
    return [given.measure] if given.measure is not None else []
