"""The figure a superlative ranks by, when another figure is asked beside it (issue #16).

"Which model had the best average quality in October, and what did it cost per call?": the models are ranked by their
quality, the cost per call stated beside each; "which workload had the most errors, and what was its error rate": by
the count of errors (asked, so stated), the rate beside it; "how much did the busiest user spend": by calls, the spend
beside them; "who was our heaviest user by calls, and what did they spend": by calls. Without this the rows were
ranked by whichever figure the question named first of those the readers kept, so the first row was not the one asked
about. "Best" and "worst" read the figure's direction: the best latency or error rate is the lowest, the worst quality
or success rate is the lowest.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from netra_core.agents.asked_measures import compute_measures
from netra_core.analytics.semantic import Measure, Order

if TYPE_CHECKING:
    from netra_core.agents.asked import Asked

# A superlative and the words after it, up to where its figure's phrase ends (a window, a conjunction, a clause).
_SUPERLATIVE = re.compile(
    r"(?<!\bat )\b(?P<sup>most|highest|best|biggest|largest|greatest|lowest|least|fewest|smallest|worst|top)\s+"
    r"(?P<phrase>(?:(?!(?:in|on|during|over|last|this|past|and|or|but|for|from|since|between|"
    r"with|by|yesterday|today|so|while|when|then|among|across|of\s+all)\b)[\w-]+\s*){1,4})"
)
# "by calls", "in terms of spend", "measured by errors": the figure a ranking is by, said after it.
_RANKED_BY = re.compile(
    r"\b(?:by|in\s+terms\s+of|measured\s+by|based\s+on|judged\s+by)\s+(?:the\s+)?(?:number\s+of\s+|total\s+|count\s+of\s+)?"
    r"(?P<phrase>calls|requests|errors|failures|failed\s+calls|spend|spending|cost|costs|tokens|sessions|"
    r"error\s+rate|latency|quality)\b"
)
# People or buckets busiest or quietest by their calls: "the busiest user", "our quietest workload".
_BY_CALLS = re.compile(r"\b(?:busiest|quietest|most\s+active|least\s+active)\b")
# Figures where less is better: their best is their lowest.
_LESS_IS_BETTER = {
    Measure.ERROR_RATE,
    Measure.ERRORS,
    Measure.LATENCY_P50,
    Measure.LATENCY_P95,
    Measure.LATENCY_P99,
    Measure.TTFT_P50,
    Measure.TTFT_P95,
    Measure.COST_PER_REQUEST,
    Measure.SPEND,
}
_RATE_SAID = re.compile(r"\brates?\b|%|\bpercent\w*|\bshares?\b|\bratio\b")
_ERROR_WORDS = re.compile(r"\b(?:errors?|failures?|failed)\b")


def _phrase_measure(phrase: str) -> Measure | None:
    """The one figure a superlative's phrase names ("most errors" is the count of errors, not their rate)."""
    if re.match(r"(?:number\s+of\s+)?(?:api\s+)?(?:calls?|requests?|queries|query|hits?)\b", phrase):
        return Measure.REQUESTS  # ("the user with most call": the calls, however few the words)
    found = compute_measures(phrase, [])[0]
    if not found:
        return None
    if _ERROR_WORDS.search(phrase) and not _RATE_SAID.search(phrase) and Measure.ERRORS in found:
        return Measure.ERRORS
    return found[0]


def compute_ranked_measure(t: str) -> tuple[Measure, str] | None:
    """The figure the question's superlative ranks by, and the superlative word; None when none is said."""
    ranking = r"\b(?:most|highest|biggest|largest|heaviest|top|busiest|lowest|least|fewest|lightest|quietest)\b"
    if (
        (by := _RANKED_BY.search(t))
        and re.search(ranking, t)
        and (measure := _phrase_measure(by["phrase"])) is not None
    ):
        return measure, "most"
    if m := _BY_CALLS.search(t):  # ("the busiest user's spend": the user with the most calls)
        return Measure.REQUESTS, m.group(0)
    for m in _SUPERLATIVE.finditer(t):
        if (measure := _phrase_measure(m["phrase"])) is not None:
            return measure, m["sup"]
    return None


def apply_ranked_measure(asked: Asked, t: str) -> None:
    """Rank the groups by the figure the superlative names: it goes first among the measures (added when only a
    figure derived from it was kept), and "best"/"worst" set the direction by what the figure measures."""
    if not asked.dimensions or asked.grain is not None or asked.declined:
        return
    if (
        asked.having is not None
        or asked.mark is not None
        or asked.change_bound is not None
        or asked.top_percent is not None
        or asked.median_per_group
        or asked.mean_per_group
        or asked.share_within is not None
        or asked.count_groups
    ):
        return
    ranked = compute_ranked_measure(t)
    if ranked is None:
        return
    measure, word = ranked
    # a figure nowhere else asked is added on the superlative's word only when a rate of it is kept ("the most
    # errors, and its error rate") or it is the calls a person or bucket is busiest by
    derived = measure == Measure.ERRORS and Measure.ERROR_RATE in asked.measures
    if measure not in asked.measures and not derived and not (measure == Measure.REQUESTS and asked.measures):
        return
    asked.measures = [measure, *(m for m in asked.measures if m != measure)]
    if word == "best":
        asked.order = Order.ASC if measure in _LESS_IS_BETTER else Order.DESC
    elif word == "worst":
        asked.order = Order.DESC if measure in _LESS_IS_BETTER else Order.ASC
