"""The spread of one call's figure a question asks for (issue #16): "the mean latency and its standard deviation",
"p25, p75 and the interquartile range", "how spread out is the cost per call: its std dev". Each spread word is of
the quantity it names ("the standard deviation of ttft") or, when it names none, of the nearest one said before it
("the mean latency and its standard deviation") or after it. Read by compute_asked (asked.py) before the other
measures, so "deviation" or "range" is no other reader's word.

A spread of a per-bucket total ("the standard deviation of daily spend") is the buckets', not one call's: left to
asked_series.py.
"""

from __future__ import annotations

import re

from netra_core.analytics.semantic import Measure

_SD = re.compile(
    r"\bstandard[- ]?devia\w*|\bstd\.?[- ]?dev\w*|\bstdev\w*|\bstd\b|\bs\.d\.|\bsd\b|\bsigma\b|"
    r"\b(?:stddev|stddevs)\b"
)
_IQR = re.compile(r"\binter[- ]?quartile(?:\s+range)?s?\b|\biqrs?\b|\bmid[- ]?spread\b")
# The quantities one call has a figure of, in the words a question names them by.
_QUANTITY: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ttft", re.compile(r"\bttft\b|\btime[- ]to[- ]first[- ]tokens?\b|\bfirst[- ]token\b")),
    ("latency", re.compile(r"\blaten\w*|\bresponse[- ]times?\b|\bduration\b")),
    ("input_tokens", re.compile(r"\b(?:input|prompt)\s+tokens?\b")),
    ("output_tokens", re.compile(r"\b(?:output|completion)\s+tokens?\b")),
    ("quality", re.compile(r"\bquality\b|\bscores?\b")),
    ("cost", re.compile(r"\bcosts?\b|\bspend\b|\bprices?\b")),
)
# "the standard deviation of latency", "the IQR for ttft": the quantity right after the spread word.
_OF = re.compile(r"\s*(?:\(\w+\)\s*)?(?:of|for|in|on)\s+(?:the\s+|our\s+|its\s+|their\s+|each\s+\w+'s\s+)?")
# A spread of a per-bucket total, not of one call: "the std dev of daily spend", "of the 31 daily totals".
_PER_BUCKET = re.compile(
    r"\b(?:daily|weekly|monthly|hourly|per\s+(?:day|week|month|hour))\b|\beach\s+(?:day|week|month|hour)\b|"
    r"\btotals\b"
)


def _quantities(t: str) -> list[tuple[int, int, str]]:
    """Each quantity named in `t`, with where: (start, end, kind), in text order (a longer name wins its span)."""
    found: list[tuple[int, int, str]] = []
    for kind, pattern in _QUANTITY:
        for m in pattern.finditer(t):
            if not any(a <= m.start() < b for a, b, _ in found):
                found.append((m.start(), m.end(), kind))
    return sorted(found)


def _kind_of(t: str, start: int, end: int, named: list[tuple[int, int, str]]) -> str | None:
    """The quantity a spread word at `start`..`end` is of: named right after it, else the nearest before, else after."""
    if (of := _OF.match(t, end)) is not None:
        for a, _, kind in named:
            if a == of.end():
                return kind
    before = [kind for _, b, kind in named if b <= start]
    after = [kind for a, _, kind in named if a >= end]
    return before[-1] if before else (after[0] if after else None)


def compute_spread_measures(t: str) -> tuple[list[Measure], str]:
    """The standard deviations and interquartile ranges asked of one call's figure in lowered text `t`, and `t` with
    their words cut. A spread of a per-bucket total ("of daily spend") is not read here."""
    named = _quantities(t)
    out: list[Measure] = []
    spans: list[tuple[int, int]] = []
    for pattern, spread in ((_SD, "sd"), (_IQR, "iqr")):
        for m in pattern.finditer(t):
            kind = _kind_of(t, m.start(), m.end(), named)
            if kind is None:
                continue
            if kind == "cost" and _PER_BUCKET.search(t):
                continue  # "the standard deviation of daily spend": the days' totals, read by asked_series
            out.append(Measure(f"{kind}_{spread}"))
            spans.append(m.span())
    rest = t
    for a, b in sorted(spans, reverse=True):
        rest = rest[:a] + " " + rest[b:]
    return list(dict.fromkeys(out)), rest


# A total a series of buckets has ("spend", "calls"): its spread is over the buckets.
_SUMMED = re.compile(r"\b(?:spen[dt]\w*|costs?|calls?|requests?|traffic|volume|tokens?|errors?|failures?)\b")


def is_bucket_spread(t: str) -> bool:
    """Whether lowered text `t` asks the standard deviation of a per-bucket total ("the standard deviation of daily
    spend", "each day as one observation ... the std dev of calls per day"), not of one call's figure."""
    if not _PER_BUCKET.search(t) or not _SUMMED.search(t):
        return False
    named = _quantities(t)
    for m in _SD.finditer(t):
        kind = _kind_of(t, m.start(), m.end(), named)
        if kind is None or kind == "cost":
            return True
    return False
