"""Two asks in one question, a name scoping only the later one (issue #16): "how many calls did we handle over the
weekend, and how many Anthropic calls failed?" is the weekend's calls (all of them) beside Anthropic's failures, not
both figures of Anthropic. Read by compute_asked (asked.py); the planner asks one query per ask.

A name said in the first ask scopes both ("how many Anthropic calls over the weekend, and how many failed?": the
failures of those calls), and one ask naming the values ("spend and errors for anthropic") is one query.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from netra_core.agents.asked_groups import compute_named
from netra_core.agents.asked_measures import compute_measures
from netra_core.analytics.semantic import Dimension, Measure

# Where a second ask starts: a clause break (", and", ";", "?") or a bare "and" before a question word of its own.
_SECOND_ASK = re.compile(
    r"(?:[,;?]\s*(?:and\s+|also\s+|plus\s+)?|\s+and\s+(?:also\s+)?)"
    r"(?=(?:how (?:many|much)|what|which|who|did|were|was|are|is)\b)"
)
# "how much of it was openai's errors": the later ask is a part of the earlier figure
_OF_IT = re.compile(r"\b(?:of (?:it|that|this|those|them|which)|thereof)\b")
_ERROR_COUNTS = frozenset([Measure.ERRORS, Measure.ERROR_RATE])
_NAMED = frozenset(
    [Dimension.WORKLOAD, Dimension.MODEL, Dimension.PROVIDER, Dimension.TASK_TYPE, Dimension.USER, Dimension.SESSION]
)


def _ids_named(text: str, known: dict[str, list[str]]) -> bool:
    """Whether lowered `text` names one of the org's user or session ids (as asked.py reads them)."""
    ids = [*known.get("users", []), *known.get("sessions", [])]
    return any(re.search(rf"(?<![\w@.-]){re.escape(v.lower())}(?:'s)?(?![\w@-])", text) for v in ids)


class ScopedAsks(NamedTuple):
    """Two asks of one question: the first over all traffic, the second scoped to the names it says."""

    first: str  # the first ask's text
    unscoped: list[Measure]
    scoped: list[Measure]


def compute_scoped_asks(t: str, known: dict[str, list[str]]) -> ScopedAsks | None:
    """The two asks of lowered question `t` when it asks two things and names filter values only in the second;
    None when the names scope everything asked (or nothing is named)."""
    for match in _SECOND_ASK.finditer(t):
        first, second = t[: match.start()], t[match.end() :]
        if not first.strip() or not second.strip():
            continue
        named_first, excluded_first = compute_named(first, known)
        if named_first or excluded_first or _ids_named(first, known):
            return None  # a name in the first ask scopes the asks after it
        named_second, _ = compute_named(second, known)
        if not (named_second or _ids_named(second, known)):
            continue
        unscoped, _ = compute_measures(first, [])
        scoped, _ = compute_measures(second, [])
        if not unscoped or not scoped:
            return None
        if _OF_IT.search(second) and unscoped == [Measure.SPEND] and set(scoped) & _ERROR_COUNTS:
            scoped = [Measure.ERROR_SPEND]  # "total spend, and how much of it was openai's errors": its error spend
        return ScopedAsks(first, unscoped, scoped)
    return None


# A later ask of the same figure over all the traffic: "its median, and also the median across all workloads together",
# "search-rag's p95 as well as the p95 overall", "gpt-4o's error rate, plus the same for everyone"
_LATER_ASK = re.compile(  # (", and", "and also", "plus", "as well as": a bare "and" joins the figures of one ask)
    r"(?:,\s*(?:and|plus|also)|\s+(?:and\s+)?(?:plus|as\s+well\s+as|also)|\s+and\s+(?:maybe|perhaps))\s+"
    r"(?:(?:maybe|perhaps|also|then|too)\s+)*"
)
_ALL_TRAFFIC = re.compile(
    r"\b(?:across|over|for|of|among|in)\s+(?:all|every|the\s+whole|the\s+entire)\s+(?:of\s+)?(?:the\s+|our\s+)?"
    r"(?P<noun>workloads?|models?|providers?|task\s+types?|users?|traffic|org\w*|company|calls|requests|teams?)\b|"
    r"\boverall\b|\bfor\s+every(?:one|body)\b|\bacross\s+the\s+board\b|\bacross\s+everything\b|"
    r"\b(?:org|company)[- ]wide\b|\ball\s+(?:the\s+)?(?:traffic|calls|requests)\s+(?:together|combined)\b"
)
_NOUN_DIMENSIONS = {
    "workload": Dimension.WORKLOAD,
    "model": Dimension.MODEL,
    "provider": Dimension.PROVIDER,
    "task type": Dimension.TASK_TYPE,
    "user": Dimension.USER,
}


class OverallAsk(NamedTuple):
    """A later ask of a figure over all the traffic, beside the named values' figures asked first."""

    measures: list[Measure]  # the figures asked over all the traffic (those of the first ask, when none is said)
    dimension: Dimension | None  # the dimension "all workloads" says (read as the whole, not a grouping)


def compute_overall_ask(t: str, known: dict[str, list[str]]) -> OverallAsk | None:
    """The later ask over all the traffic in lowered question `t` ("doc-summarizer's median and p99, and also the
    median across all workloads"), when the first ask names values and the later names none; None otherwise."""
    for everything in _ALL_TRAFFIC.finditer(t):
        # (the later ask starts at the last joint before "all workloads" is said)
        joints = list(_LATER_ASK.finditer(t[: everything.start()]))
        if not joints or re.search(r"[?.;]", t[joints[-1].end() : everything.start()]):
            continue
        first = t[: joints[-1].start()]
        second = re.split(r"[?.;]", t[joints[-1].end() :], maxsplit=1)[0]
        named_first, _ = compute_named(first, known)
        named_second, _ = compute_named(second, known)
        if not (named_first or _ids_named(first, known)) or named_second or _ids_named(second, known):
            return None
        measures, _ = compute_measures(second, [])
        noun = re.sub(r"\s+", " ", everything["noun"] or "").rstrip("s")
        return OverallAsk(measures or compute_measures(first, [])[0], _NOUN_DIMENSIONS.get(noun))
    return None


def compute_unscoped_filters(filters: dict[Dimension, list[str]]) -> dict[Dimension, list[str]]:
    """`filters` less the names an ask said (workloads, models, providers, task types, users, sessions)."""
    return {d: v for d, v in filters.items() if d not in _NAMED}
