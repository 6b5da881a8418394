"""Several bands of one call's own figure asked together: each band answered, none dropped (issue #16).

"what share of calls cost us under a cent, what share between 1 and 5 cents, and what share over 5 cents", "how many
calls finished under 1s, how many between 1s and 4s, and how many took over 4s", "the % of requests with a TTFT
below 200ms vs 200-500ms vs above 500ms": one call's cost, latency or time to first token read against two or more
bands, each a bound ("under a cent") or a range ("between 1 and 5 cents", both ends included). The first band is the
query's band; the others are asked beside it, one query each. One range alone ("how many calls took between 1 and 2
seconds") is read here too; one bound alone is read by asked_thresholds.py.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from netra_core.agents.asked_thresholds import AT_LEAST, AT_MOST, BAND_COUNT, BAND_SHARE, ONE_CALL
from netra_core.analytics.semantic import Bound, Cut, Measure


class OneCallBand(BaseModel):
    """A band of one call's figure: a bound, or a range when `upper` is given (its second bound)."""

    model_config = ConfigDict(extra="forbid")

    cut: Cut
    upper: Cut | None = None


class SeveralBands(NamedTuple):
    """What several bands in one ask read to: the band field they are of, the measures, the bands, the text left."""

    field: str  # latency_band, ttft_band or cost_band
    measures: list[Measure]
    bands: list[OneCallBand]
    rest: str


_N = r"\d[\d,]*(?:\.\d+)?"
# An amount of money one call costs: "$0.05", "5 cents", "5¢", "a cent", "a penny", "a dollar"; and a duration: "1s",
# "4 seconds", "200ms".
_MONEY = (
    rf"(?:\$\s?(?P<d{{0}}>{_N})|(?P<c{{0}}>{_N})\s*(?:cents?\b|¢)|(?P<one{{0}}>a|one)\s+(?:cent|penny)\b|"
    rf"(?P<usd{{0}}>a|one)\s+dollar\b)"
)
_TIME = rf"(?:(?P<t{{0}}>{_N})\s*(?P<u{{0}}>ms|msecs?|milliseconds?|s|secs?|seconds?)\b)"
_BARE = rf"(?P<bare{{0}}>{_N})"
_ABOVE = r"more than|greater than|higher than|over|above|exceeding|in excess of|north of|longer than|slower than|>"
_BELOW = r"less than|lower than|fewer than|under|below|south of|faster than|quicker than|shorter than|within|<"
_OPS = ((AT_LEAST, Bound.AT_LEAST), (AT_MOST, Bound.AT_MOST), (_BELOW, Bound.BELOW), (_ABOVE, Bound.ABOVE))


def _phrases(amount: str) -> re.Pattern[str]:
    """Bounds and ranges of one kind of amount: "under a cent", "between 1 and 5 cents", "1-4s", "from $0.01 to
    $0.05" (a range's first end may leave its unit to the second)."""
    first = f"(?:{amount.format('a')}|{_BARE.format('a')})"
    return re.compile(
        rf"\b(?:between|from)\s+{first}\s*(?:and|to|-|\u2013)\s*{amount.format('b')}|"
        rf"{amount.format('x')}\s*(?:-|\u2013|to)\s*{amount.format('y')}|"
        rf"(?<![\w.$])(?P<lo>{_N})\s*(?:-|\u2013|to)\s*{amount.format('r')}|"
        rf"(?P<op>{AT_LEAST}|{AT_MOST}|{_ABOVE}|{_BELOW})\s*(?:a\s+|the\s+)?{amount.format('o')}"
    )


_COST_PHRASE = _phrases(_MONEY)
_TIME_PHRASE = _phrases(_TIME)
# A level of a percentile or a mean ("p95 under 2s", "average cost over 5 cents") is no band of calls.
_LEVEL_BEFORE = re.compile(
    r"\b(?:p\d{1,2}|\d{2}(?:st|nd|rd|th)\s+percentile|percentile|median|average|avg|mean|spen[dt]\w*)\s+(?:\w+\s+){0,4}$"
)
_TTFT_SAID = re.compile(r"\bttft\b|\btime[- ]to[- ]first[- ]token\b|\bfirst[- ]token\b")
_COST_SAID = re.compile(r"\bcost\w*|\bpric\w*|\bcheap\w*|\bexpensive\b|\bspend\b|\bbilled\b")


def _money(m: re.Match[str], end: str) -> float | None:
    """The USD of the amount ending `end` of a cost phrase's match."""
    if m[f"d{end}"]:
        return float(m[f"d{end}"].replace(",", ""))
    if m[f"c{end}"]:
        return float(m[f"c{end}"].replace(",", "")) / 100
    if m[f"one{end}"]:
        return 0.01
    if m[f"usd{end}"]:
        return 1.0
    return None


def _ms(m: re.Match[str], end: str) -> float | None:
    """The ms of the duration ending `end` of a time phrase's match."""
    if not m[f"t{end}"]:
        return None
    scale = 1.0 if m[f"u{end}"].startswith("m") else 1000.0
    return float(m[f"t{end}"].replace(",", "")) * scale


def _scale(m: re.Match[str], end: str, cost: bool) -> float:
    """What one unit of the amount ending `end` is in USD or ms (a bare first end of a range is in the second's)."""
    if cost:
        return 0.01 if m[f"c{end}"] else 1.0
    return 1.0 if (m[f"u{end}"] or "").startswith("m") else 1000.0


def _bands(t: str, pattern: re.Pattern[str], cost: bool) -> list[tuple[OneCallBand, tuple[int, int]]]:
    """Every band of one kind said in `t`, in the order said, with where it was said."""
    value = _money if cost else _ms
    found = []
    for m in pattern.finditer(t):
        if _LEVEL_BEFORE.search(t[max(0, m.start() - 30) : m.start()]):
            continue
        if m["op"]:
            op = " ".join(m["op"].split())
            bound = next(b for words, b in _OPS if re.fullmatch(words, op))
            amount = value(m, "o")
            if amount is not None:
                found.append((OneCallBand(cut=Cut(bound=bound, value=amount)), m.span()))
            continue
        if value(m, "y") is not None:  # "$0.01 to $0.05", "200ms-500ms": each end in its own unit
            high, low = value(m, "y"), value(m, "x")
        elif m["lo"] is not None:  # "1-4s", "1 to 5 cents": the first end in the second's unit
            high, low = value(m, "r"), float(m["lo"].replace(",", "")) * _scale(m, "r", cost)
        else:  # "between 1 and 5 cents", "from $0.01 to $0.05"
            high, low = value(m, "b"), value(m, "a")
            if low is None and m["barea"] is not None:
                low = float(m["barea"].replace(",", "")) * _scale(m, "b", cost)
        if low is None or high is None or low >= high:
            continue
        band = OneCallBand(cut=Cut(bound=Bound.AT_LEAST, value=low), upper=Cut(bound=Bound.AT_MOST, value=high))
        found.append((band, m.span()))
    return found


def compute_several_bands(t: str) -> SeveralBands | None:
    """Two or more bands of one call's cost, latency or time to first token asked in lowered text `t`, or one range
    ("between 1 and 2 seconds"), counted ("how many") or shared ("what share"); None when no such band is said (one
    bound alone is read by asked_thresholds.py)."""
    for pattern, cost in ((_COST_PHRASE, True), (_TIME_PHRASE, False)):
        found = _bands(t, pattern, cost)
        if len(found) < 2 and not any(band.upper for band, _ in found):
            continue  # one bound alone is read by asked_thresholds.py; a range is read here
        start = found[0][1][0]
        rest = t
        for _, (a, b) in reversed(found):
            rest = rest[:a] + " " + rest[b:]
        if not ONE_CALL.search(t[:start]) and not ONE_CALL.search(rest):
            continue  # "workloads that spent under $5, and over $50": groups' spend, not calls
        if cost and not _COST_SAID.search(rest):
            continue
        share, counted = BAND_SHARE.search(rest), BAND_COUNT.search(rest)
        if not (share or counted):
            continue
        ttft = not cost and _TTFT_SAID.search(t) is not None
        field = "cost_band" if cost else "ttft_band" if ttft else "latency_band"
        kind = {"cost_band": "COST", "ttft_band": "TTFT", "latency_band": "LATENCY"}[field]
        measures = [
            *([Measure[f"{kind}_BAND_N"]] if counted or not share else []),
            *([Measure[f"{kind}_BAND_SHARE"]] if share else []),
        ]
        if ttft:
            rest = _TTFT_SAID.sub(" ", rest)
        return SeveralBands(field, measures, [band for band, _ in found], rest)
    return None
