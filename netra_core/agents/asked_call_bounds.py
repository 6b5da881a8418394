"""A band of one call's figure read as the calls a figure is of, not counted (issue #16, the eighteenth set).

"What's the error rate for calls longer than 4000 input tokens?", "how much did the doc-summarizer spend on calls
longer than 5 seconds", "the median quality of gpt-4o calls that cost more than 3 cents", "average latency of calls
over 2000 output tokens": the band keeps the calls, and the figure asked is of those calls only; how many calls are in
the band is not asked. "What fraction of our spend went to calls that scored below 0.6": the kept calls' spend
against all the calls' spend (or of October's spend: "what share of October's spend went to calls that took longer
than 3 seconds"). A band whose calls are counted or shared ("how many calls took over 3 seconds", "what share of calls
cost over 10 cents") stays a band, unless its calls are named again for a figure of theirs ("how many calls had more
than 3,500 input tokens, and what did those calls cost": the kept calls, counted and priced) or the share is of them
that failed ("of the calls that took longer than 5 seconds, what percentage failed": their error rate). Calls counted
by their output tokens, which no band reads ("for each model, how many calls produced more than 700 completion
tokens", "number of responses with more than 400 output tokens"), are the kept calls counted; the size of a response
is said in several ways ("calls that produced under 200 completion tokens", "responses shorter than 200 tokens", "more
than 500 tokens in the response", "1,000+ output tokens"). "How much of November's bill went to requests with a TTFT
above 2 seconds" is the kept calls' part of the whole, as a share of it is (a bound on the time to first token that no
band took keeps the calls too).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from netra_core.agents.asked_thresholds import AT_LEAST, AT_MOST, ONE_CALL
from netra_core.analytics.semantic import (
    BAND_MEASURES,
    COST_BAND_MEASURES,
    LATENCY_BAND_MEASURES,
    PROMPT_BAND_MEASURES,
    TTFT_BAND_MEASURES,
    Bound,
    CallBound,
    CallFigure,
    Cut,
    Measure,
)

if TYPE_CHECKING:
    from netra_core.agents.asked import Asked

_BANDED = BAND_MEASURES | PROMPT_BAND_MEASURES | LATENCY_BAND_MEASURES | TTFT_BAND_MEASURES | COST_BAND_MEASURES
_FIELDS = (
    ("quality_band", CallFigure.QUALITY),
    ("prompt_band", CallFigure.INPUT_TOKENS),
    ("latency_band", CallFigure.LATENCY),
    ("ttft_band", CallFigure.TTFT),
    ("cost_band", CallFigure.COST),
)
# The output tokens' total a bound on them is no ask of ("calls over 2000 output tokens").
_SAID_TOTALS = (Measure.OUTPUT_TOKENS, Measure.AVG_OUTPUT_TOKENS)
_N = r"(?P<n>\d[\d,]*(?:\.\d+)?)(?P<k>\s*k\b)?"
_OVER = r"more than|greater than|higher than|over|above|exceeding|in excess of|longer than|bigger than|larger than|>"
_UNDER = r"less than|fewer than|lower than|under|below|shorter than|smaller than|<"
_OPS = ((AT_LEAST, Bound.AT_LEAST), (AT_MOST, Bound.AT_MOST), (_UNDER, Bound.BELOW), (_OVER, Bound.ABOVE))
_OP = f"(?P<op>{AT_LEAST}|{AT_MOST}|{_OVER}|{_UNDER}|slower than|faster than|quicker than|taking over|taking under)"
# "calls over 2000 output tokens", "responses with more than 1k completion tokens", "responses shorter than 200
# tokens", "calls that produced under 200 tokens", "more than 500 tokens in the response", "1,000+ output tokens": one
# call's output tokens.
_ANSWER = r"(?:responses?|answers?|repl(?:y|ies)|outputs?|completions?|generations?)"
_OUTPUT_SIZES = (
    re.compile(rf"{_OP}\s*{_N}\s*(?:output|completion|generated|response)\s+tokens?\b"),
    re.compile(
        rf"\b{_ANSWER}\s+\(?(?:(?:that\s+|which\s+)?(?:were|was|are|is|came\s+(?:in|back|out)|ran|had|has|have|"
        rf"contained|containing)\s+|(?:of|with|at)\s+)?{_OP}\s*{_N}\s*tokens?\b"
    ),
    re.compile(
        r"\b(?:produc|generat|return|emitt|output|writ|wrot|gav|giv|spit)\w*\s+(?:back\s+|out\s+)?(?:only\s+|just\s+)?"
        rf"{_OP}\s*{_N}\s*tokens?\b"
    ),
    re.compile(rf"{_OP}\s*{_N}\s*tokens?\s+(?:in|of)\s+(?:the|their|its|each|a)\s+{_ANSWER}\b"),
    re.compile(
        rf"(?<![\d,.]){_N}\s*(?P<op>\+|or\s+more|or\s+fewer|or\s+less)\s*(?:output|completion|generated|response)\s+"
        r"tokens?\b"
    ),
)
# "calls longer than 5 seconds", "requests slower than 2,500 ms": one call's latency.
_DURATION = re.compile(
    rf"{_OP}\s*(?:a\s+)?(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>ms|milliseconds?|s|secs?|seconds?)\b(?![- ]?(?:ttft|first))"
)
_TTFT = re.compile(r"\bttft\b|\bfirst[- ]token\b")
# The time to first token the bound after is on: "a ttft above", "time to first token of more than", "ttft was over".
_TTFT_BOUND = re.compile(
    r"(?:\bttfts?|\bfirst[- ]token)\s+(?:(?:of|was|were|is|are|that\s+was|which\s+was|at|came\s+in)\s+)?$"
)
_LEVEL = re.compile(r"\b(?:p\d{1,2}|percentile|median|average|avg|mean)\s+(?:\w+\s+){0,2}$")
# The words before a total: "our", "the", "October's", "last month's", "the past 30 days'", "gpt-4o's October".
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_OWNER = (
    r"(?:(?:our|the|all|total|overall|entire|whole|its|their|(?:[\w-]+\s+){0,2}[\w-]+(?:'s|s')|"
    rf"{_MONTH}|monthly|weekly|daily|llm|api|ai|model)\s+)*"
)
_SHARE = r"(?:\b(?:share|percent\w*|fraction|proportion|portion|part)\b|%)"
# The calls counted or shared: "how many calls", "what share of calls", "the percentage of requests".
_COUNTED = re.compile(
    rf"\bhow many\b|\bnumber of (?:calls|requests|responses|completions)\b|\bcount of\b|\bhow often\b|{_SHARE}(?! of {_OWNER}"
    r"(?:spend\w*|costs?|money|bill|budget|dollars|tokens|input tokens|output tokens|errors|latency))"
)
# A share of a total, not of calls: "what fraction of our spend went to ...", "the share of October's spend".
_SHARE_OF_TOTAL = re.compile(
    rf"(?:\b(?:share|percent\w*|fraction|proportion|portion|part|how much)|%)\s+of\s+{_OWNER}"
    r"(?:spend\w*|costs?|money|bill|budget|dollars|tokens|input tokens|output tokens|errors)\b"
)
# The band's calls that failed, not the band's calls counted: "of the calls over 5 seconds, what percentage failed",
# "what share of them errored", "how many of those failed", "what percentage of the calls that took longer than 5
# seconds failed" (the error rate or the errors of the kept calls; "..., and how many failed" stays the whole's).
_THEM = r"(?:them|those|these|(?:the|these|those)\s+(?:calls|requests))"
_CLAUSE = r"(?:(?:of\s+)?(?:the\s+)?(?:calls|requests)\b(?:(?!\band\b|[,;?]|\.\s).){0,80}?\s)"
_FAILED = re.compile(
    rf"(?:{_SHARE}|\bhow many)(?:\s+of\s+{_THEM})?\s+(?:of\s+which\s+)?{_CLAUSE}?"
    r"(?:failed|errored|errored out|were (?:errors|failures|failed)|ended in (?:an )?error|did(?:n't| not) succeed|"
    r"succeeded|went through|were successful)\b"
)
# The band's calls named again for a figure of theirs beside their count: "how many calls had more than 3,500 input
# tokens, and what did those calls cost", "... and their total spend", "what did they cost", "such calls".
_THOSE = re.compile(r"\b(?:those|these|such|the same)\s+(?:calls|requests|ones)\b|\b(?:they|them|their)\b|\bof those\b")


# A response named for a call ("what share of spend went on responses shorter than 200 tokens").
_ANSWERS = re.compile(r"\b(?:responses|answers|replies|outputs|completions|generations)\b")
# A level of the time to first token asked ("the median TTFT", "ttft p95"), not only a bound on it.
_TTFT_LEVEL = re.compile(
    r"\b(?:p\d{2}|percentile|median|average|avg|mean|typical)\s+(?:\w+\s+)?(?:ttft|time to first token)\b|"
    r"\bttft\s+(?:p\d{2}|percentile|median|average|avg|mean)\b"
)


def _bound(op: str) -> Bound:
    op = " ".join(op.split())
    if op in ("+", "or more"):
        return Bound.AT_LEAST
    if op in ("or fewer", "or less"):
        return Bound.AT_MOST
    if op in ("faster than", "quicker than", "taking under"):
        return Bound.BELOW
    return next((b for words, b in _OPS if re.fullmatch(words, op)), Bound.ABOVE)


def _said_bounds(t: str) -> list[CallBound]:
    """Bounds on one call's output tokens, latency or time to first token in lowered text `t` that no band reader
    took."""
    out: list[CallBound] = []
    found = [m for pattern in _OUTPUT_SIZES if (m := pattern.search(t)) is not None]
    if found:
        m = min(found, key=lambda f: f.start())
        value = float(m["n"].replace(",", "")) * (1000.0 if m["k"] else 1.0)
        out.append(CallBound(figure=CallFigure.OUTPUT_TOKENS, bound=_bound(m["op"]), value=value))
    for m in _DURATION.finditer(t):
        before = t[max(0, m.start() - 40) : m.start()]
        # ("requests with a TTFT above 2 seconds": the time to first token's bound, not the latency's)
        # ("the median TTFT of calls slower than 5 s": the calls' latency, named after the TTFT asked)
        ttft = _TTFT_BOUND.search(before) is not None
        named = [*_TTFT.finditer(before)]
        of_ttft = bool(named) and not ONE_CALL.search(before, named[-1].end())
        if _LEVEL.search(before) or (of_ttft and not ttft) or not ONE_CALL.search(t, max(0, m.start() - 40)):
            continue  # (a level of a percentile or a mean; a time to first token's level)
        value = float(m["n"].replace(",", "")) * (1.0 if m["unit"].startswith("m") else 1000.0)
        figure = CallFigure.TTFT if ttft else CallFigure.LATENCY
        out.append(CallBound(figure=figure, bound=_bound(m["op"]), value=value))
        break
    return out


def compute_calls_within(t: str, asked: Asked) -> None:
    """Read a band of one call's figure in lowered text `t` as the calls the asked figures are of, when a figure other
    than the band's own count or share is asked and the band's calls are not counted: the band becomes a bound on
    the calls (`calls_within`), its count and share are dropped; a share of a total ("what fraction of our spend")
    becomes the kept calls' part of the whole. `asked` is changed in place."""
    if asked.more_bands:
        return
    given = [(f, fig, getattr(asked, f)) for f, fig in _FIELDS if getattr(asked, f) is not None]
    whole = _SHARE_OF_TOTAL.search(t) is not None
    # ("what percentage failed" is the kept calls' error rate, no share of calls)
    kept = _FAILED.sub(lambda m: " " * len(m[0]), t)
    counted = (c := _COUNTED.search(kept)) is not None and not whole
    said = [] if given else _said_bounds(t)
    if said and (given or not (ONE_CALL.search(t) or _ANSWERS.search(t))):
        said = []
    if said and counted:  # "how many calls produced more than 700 completion tokens": no band counts them
        said = [b for b in said if b.figure == CallFigure.OUTPUT_TOKENS]
    if not given and not said:
        return
    read = {b.figure for b in said}
    # ("what share of October's output tokens came from calls over 2000 output tokens": the whole's own total, asked)
    of_output = (w := _SHARE_OF_TOTAL.search(t)) is not None and w[0].endswith("output tokens")
    unasked = {Measure.REQUESTS, *(_SAID_TOTALS if CallFigure.OUTPUT_TOKENS in read and not of_output else ())}
    if CallFigure.LATENCY in read and not re.search(r"\blaten\w*|\bp\d{2}\b|\bmedian\b|\bpercentile", t):
        unasked |= {Measure.LATENCY_P50, Measure.LATENCY_P95}  # ("slower than 2500 ms" bounds the calls only)
    if CallFigure.TTFT in read and not _TTFT_LEVEL.search(t):
        unasked |= {Measure.TTFT_P50, Measure.TTFT_P95}  # ("requests with a TTFT above 2 seconds" bounds the calls)
    others = [m for m in asked.measures if m not in _BANDED and m not in unasked]
    if Measure.COST_BAND_SPEND in asked.measures and not others:
        return  # "what did the calls over 10 cents cost together": the band's own spend
    # "how many calls had more than 3,500 input tokens, and what did those calls cost": the kept calls counted, and
    # their own figures beside
    those = counted and bool(others) and _THOSE.search(t, c.end() if c is not None else 0) is not None
    if counted and not (those or said):
        return
    if not counted and not (others or whole):
        return
    bounds = list(said)
    for field, figure, cut in given:
        assert isinstance(cut, Cut)
        bounds.append(CallBound(figure=figure, bound=cut.bound, value=cut.value))
        if asked.band_upper is not None and field in ("latency_band", "ttft_band", "cost_band"):
            upper = asked.band_upper
            bounds.append(CallBound(figure=figure, bound=upper.bound, value=upper.value))
        setattr(asked, field, None)
    asked.band_upper = None
    asked.calls_within = bounds
    # (how many calls the figures are of is said beside them: "mean latency n/a" of no call says why)
    measures = [*(others or [Measure.SPEND]), Measure.REQUESTS]
    if counted:  # (the kept calls counted first, then what else is asked of them)
        measures = [Measure.REQUESTS, *others]
    # "what fraction of our spend went to calls below 0.6": the part of the whole window's figure; "what share of
    # calls produced over 700 output tokens": the kept calls' part of all the calls
    if whole or (counted and c is not None and re.fullmatch(_SHARE, c[0])):
        asked.share_of_whole, asked.share = True, False
    asked.measures = measures
