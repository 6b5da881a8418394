"""A figure checked against a bound the question states (issue #16, the twentieth set).

"Is it true that ticket-classifier costs less than a tenth of a cent per call?", "does gpt-4o-mini cost under 1 cent
per call on average?", "was gpt-4o's p95 latency over 3 seconds last week?", "a developer told me haiku's median
latency is under half a second": the bound is a check of the figure asked (its cost per call, its latency), stated
with it ("Cost per request under $0.00100: yes, it is $0.000759."), not a band on the calls counted or a number left
unread. A bound on calls themselves ("how many calls cost more than 5 cents each", "calls slower than 3 s") is a band,
read elsewhere; a bound on the error or success rate is read by asked_thresholds.compute_rate_mark.
"""

from __future__ import annotations

import re

from netra_core.agents.asked_thresholds import AT_LEAST, AT_MOST, CHECK_ASKED
from netra_core.analytics.semantic import Bound, Measure, Threshold

_ABOVE = r"more than|greater than|higher than|over|above|exceeding|in excess of"
_BELOW = r"less than|lower than|under|below|within"
_OPS = ((AT_LEAST, Bound.AT_LEAST), (AT_MOST, Bound.AT_MOST), (_BELOW, Bound.BELOW), (_ABOVE, Bound.ABOVE))
_OP = rf"(?P<op>{AT_LEAST}|{AT_MOST}|{_ABOVE}|{_BELOW})"
_N = r"(?P<n>\d[\d,]*(?:\.\d+)?)"
# "less than 0.1 cents per call", "under $0.01 a request", "over 2 cents on average": a cost per call.
_MONEY = re.compile(
    rf"{_OP}\s*(?:\$\s?{_N}|(?P<c>\d[\d,]*(?:\.\d+)?)\s*(?:cents?|¢))(?P<per>\s*(?:per|a|each|/)\s*"
    r"(?:api\s+)?(?:call|request|req|query|completion))?\b"
)
# "under 2 seconds", "over 3 s", "below 800 ms": a duration.
_DURATION = re.compile(rf"{_OP}\s*{_N}\s*(?P<unit>ms|milliseconds?|s|secs?|seconds?)\b")
# The figure a duration bounds, among those asked, in order of preference.
_TIMED = (
    Measure.LATENCY_P99,
    Measure.LATENCY_P95,
    Measure.LATENCY_P90,
    Measure.LATENCY_P50,
    Measure.LATENCY_AVG,
    Measure.TTFT_P95,
    Measure.TTFT_P90,
    Measure.TTFT_P50,
    Measure.TTFT_AVG,
)
_LEVEL = re.compile(r"\b(p99|p95|p90|p50|median|average|avg|mean|99th|95th|90th)\b")
_LEVELS = {
    "p99": "p99",
    "99th": "p99",
    "p95": "p95",
    "95th": "p95",
    "p90": "p90",
    "90th": "p90",
    "p50": "p50",
    "median": "p50",
    "average": "avg",
    "avg": "avg",
    "mean": "avg",
}
# Calls as the subject of the bound ("calls that took over 3 s", "requests costing more than 5 cents"): a band, not a
# check ("the cost per call" is a figure's name, not its subject).
_CALLS_SUBJECT = re.compile(r"(?<!per )(?<!a )(?<!/)\b(?:calls|requests|queries|completions|prompts|responses)\b")
_UNIT_COSTS = (Measure.COST_PER_REQUEST, Measure.COST_PER_SUCCESSFUL_REQUEST)


def _bound(op: str) -> Bound:
    op = " ".join(op.split())
    return next(b for words, b in _OPS if re.fullmatch(words, op))


def compute_claim_mark(t: str, measures: list[Measure]) -> Threshold | None:
    """The bound a check or claim in lowered text `t` puts on a figure asked (its cost per call or its latency), or
    None when there is none, the question is no check, or no figure asked fits the bound's unit."""
    if not CHECK_ASKED.search(t):
        return None
    if (m := _MONEY.search(t)) is not None:
        fits = [x for x in _UNIT_COSTS if x in measures] or ([Measure.COST_PER_REQUEST] if m["per"] else [])
        if fits and (m["per"] or not _CALLS_SUBJECT.search(t[max(0, m.start() - 30) : m.start()])):
            value = float((m["n"] or "0").replace(",", "")) if m["n"] else float(m["c"].replace(",", "")) / 100
            return Threshold(measure=fits[0], bound=_bound(m["op"]), value=value)
    if (m := _DURATION.search(t)) is not None:
        fits = [x for x in _TIMED if x in measures]
        before = t[max(0, m.start() - 30) : m.start()]
        if fits and not _CALLS_SUBJECT.search(before):
            value = float(m["n"].replace(",", ""))
            value = value if m["unit"].startswith("m") else value * 1000
            # the level said nearest before the bound ("median latency is under 0.5 s": the median)
            levels = list(_LEVEL.finditer(t[: m.start()]))
            said = _LEVELS.get(levels[-1].group(1)) if levels else None
            chosen = next((x for x in fits if said is not None and x.value.endswith(said)), fits[0])
            return Threshold(measure=chosen, bound=_bound(m["op"]), value=value)
    return None
