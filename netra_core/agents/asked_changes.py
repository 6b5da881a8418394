"""A bound on each group's change (issue #16): "the workloads whose spend grew more than 10% month over month",
"models whose calls fell by over 20%", "which providers' spend is up by more than $5 week over week", "any workload
with more than 15% growth": the groups whose change against the compared window meets the bound, each with its
change, and how many of the groups compared meet it. Read by compute_asked (asked.py); the bound is kept by
SemanticQuery.change_bound.
"""

from __future__ import annotations

import re

from netra_core.agents.asked_groups import DIM_WORDS
from netra_core.analytics.semantic import Bound, ChangeBound, Dimension, Grain, Measure

_UP = r"(?:gr[eo]w(?:n|s|ing)?|rise|rose|risen|rises|rising|increase|increas(?:ed|es|ing)|(?:went|go|gone|goes|going|is|are|was|were)\s+up|jump(?:ed|s)?|climb(?:ed|s)?|spiked|up)"
_DOWN = (
    r"(?:fall|fell|fallen|falls|falling|drop|dropp(?:ed|ing)|drops|decrease|decreas(?:ed|es|ing)|decline|"
    r"declin(?:ed|es|ing)|shr[aiu]nk\w*|"
    r"sank|sunk|(?:went|go|gone|goes|going|is|are|was|were)\s+down|down)"
)
_EITHER = r"(?:chang(?:ed|es)|moved|moves|shifted|swung)"
_OP = (
    r"(?P<op>more\s+than|over|above|upwards\s+of|in\s+excess\s+of|at\s+least|no\s+less\s+than|less\s+than|under|"
    r"below|at\s+most|no\s+more\s+than|>=|<=|>|<)"
)
_AMOUNT = r"(?P<dollar>\$)?\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<pct>%|percent\b|per\s*cent\b|pct\b)?"
# "grew more than 10%", "fell by over $5", "changed by at least 20 percent", "is up 15%"
_VERB_BOUND = re.compile(rf"\b(?P<verb>{_EITHER}|{_DOWN}|{_UP})\s+(?P<by>by\s+)?(?:{_OP}\s+)?(?P<by2>by\s+)?{_AMOUNT}")
# A level reached, not a change: "did its success rate drop below 93%", "rose above 5%" (with no "by").
_LEVEL_OPS = re.compile(r"above|below|under|<|>|<=|>=")
# "more than 10% growth", "over 20% drop", "growth of more than 10%", "a decline above 5 percent"
_NOUN_UP = r"(?:growth|increase|rise|jump|gain)"
_NOUN_DOWN = r"(?:drop|decline|decrease|fall|reduction|shrinkage)"
_NOUN_EITHER = r"(?:change|swing|move|shift)"
_NOUN_BOUND = re.compile(
    rf"\b{_OP}\s+(?:an?\s+)?{_AMOUNT}\s+(?P<noun>{_NOUN_UP}|{_NOUN_DOWN}|{_NOUN_EITHER})\b|"
    rf"\b(?P<noun2>{_NOUN_UP}|{_NOUN_DOWN}|{_NOUN_EITHER})\s+(?P<of>of\s+|by\s+)?{_OP.replace('?P<op>', '?P<op2>')}\s+"
    rf"{_AMOUNT.replace('?P<dollar>', '?P<dollar2>').replace('?P<n>', '?P<n2>').replace('?P<pct>', '?P<pct2>')}"
)
_GREATER = re.compile(r"more\s+than|over|above|upwards\s+of|in\s+excess\s+of|>")
_AT_LEAST = re.compile(r"at\s+least|no\s+less\s+than|>=")
_LESS = re.compile(r"less\s+than|under|below|<")
_AT_MOST = re.compile(r"at\s+most|no\s+more\s+than|<=")
_DIM_ALT = "|".join(sorted((re.escape(w) for w in DIM_WORDS), key=len, reverse=True))
# The groups the bound keeps when no grouping was read: "the workloads whose", "any model with", "which providers'".
_GROUPS = re.compile(
    rf"(?:^|\b(?:the|which|what|any|all|list|show|those|every)\s+)(?:of\s+(?:the|our)\s+)?(?P<dim>{_DIM_ALT})(?:'s|s')?"
    r"(?=\s+(?:whose|with|that|which|where|having|where|did|have|has|had|saw|showing|'|spend|calls|cost|requests)\b|'|$)"
)
_DAYS = re.compile(r"\b(?:the|which|what|any|all|list|show|those|every)\s+(day|week|month)s?\b")
_DAY_GRAINS = {"day": Grain.DAY, "week": Grain.WEEK, "month": Grain.MONTH}
_MEASURE_WORDS = (
    (re.compile(r"\b(?:calls|requests|traffic|volume)\b"), Measure.REQUESTS),
    (re.compile(r"\btokens\b"), Measure.TOTAL_TOKENS),
    (re.compile(r"\berrors\b|\bfailures\b"), Measure.ERRORS),
)


# A change supposed, not observed ("if gpt-4o's price dropped 20%, what would spend by model be"): a what-if.
_SUPPOSED = re.compile(r"\b(?:if|would|suppose|supposing|assum\w*|imagine|what-if|were to)\b")
# What a bare "up" or "down" must follow to be a change ("spend up more than 10%", not "make up more than 10%").
_FIGURE_BEFORE = re.compile(
    r"(?:spend\w*|costs?|bill|calls|requests|traffic|volume|usage|tokens|errors|failures|rates?|latency|p\d\d|"
    r"quality|scores?)(?:'s)?\s+$"
)


def _bound(op: str | None, way: str) -> Bound:
    """The bound on the signed change: "fell more than 10%" is a change below -10 %."""
    if op is None or _AT_LEAST.fullmatch(op):
        above = Bound.AT_LEAST
    elif _GREATER.fullmatch(op):
        above = Bound.ABOVE
    elif _AT_MOST.fullmatch(op):
        above = Bound.AT_MOST
    else:
        above = Bound.BELOW
    if way != "down":
        return above
    return {Bound.AT_LEAST: Bound.AT_MOST, Bound.ABOVE: Bound.BELOW, Bound.AT_MOST: Bound.AT_LEAST}.get(
        above, Bound.ABOVE
    )


def _way(word: str) -> str:
    if re.fullmatch(_EITHER, word) or re.fullmatch(_NOUN_EITHER, word):
        return "either"
    return "down" if re.fullmatch(_DOWN, word) or re.fullmatch(_NOUN_DOWN, word) else "up"


def compute_change_bound(
    t: str, measures: list[Measure], dimensions: list[Dimension], grain: Grain | None
) -> tuple[ChangeBound, list[Measure], list[Dimension], Grain | None, str] | None:
    """A bound on each group's change asked in lowered text `t`: the bound, the measures (its measure first), the
    grouping, the grain, and `t` with the bound's phrase cut (so no reader takes its number for a bound on the
    figure itself). None when no such bound is said, or no groups it could keep."""
    m = _VERB_BOUND.search(t) or _NOUN_BOUND.search(t)
    if m is None:
        return None
    groups = m.groupdict()
    word = groups.get("verb") or groups.get("noun") or groups.get("noun2") or ""
    op = groups.get("op") or groups.get("op2")
    dollar = groups.get("dollar") or groups.get("dollar2")
    pct = groups.get("pct") or groups.get("pct2")
    value = float(groups.get("n") or groups.get("n2") or 0)
    if not (dollar or pct) or value <= 0:
        return None  # "grew over 500": a bare number may be the figure itself, read elsewhere
    if _SUPPOSED.search(t[: m.start()]):
        return None
    said_by = groups.get("by") or groups.get("by2") or groups.get("of")
    if (groups.get("verb") or groups.get("noun2")) and op and _LEVEL_OPS.fullmatch(op) and not said_by:
        return None  # "drop below 93%": the level it fell to, a bound on the figure (read elsewhere)
    if word in ("up", "down") and (op is None or not _FIGURE_BEFORE.search(t[: m.start()])):
        # "down 5% vs last month": a change said, no bound; "models that make up more than 10% of spend": a share
        return None
    if not dimensions and grain is None:
        if (g := _GROUPS.search(t)) is not None and g["dim"] in DIM_WORDS:
            dimensions = [DIM_WORDS[g["dim"]]]
        elif (d := _DAYS.search(t)) is not None:
            grain = _DAY_GRAINS[d.group(1)]
        else:
            return None  # one total's change against a bound: not a set of groups to keep
    way = _way(word)
    measure = Measure.SPEND if dollar else next((mm for mm in measures), None)
    if measure is None:
        before = t[: m.start()]
        measure = next((mm for pattern, mm in _MEASURE_WORDS if pattern.search(before)), Measure.SPEND)
    signed = -value if way == "down" else value
    bound = ChangeBound(
        measure=measure,
        bound=_bound(op, way) if way != "either" else _bound(op, "up"),
        value=signed,
        percent=bool(pct),
        either_way=way == "either",
    )
    kept = [measure, *(mm for mm in measures if mm != measure)]
    return bound, kept, dimensions, grain, t[: m.start()] + " " + t[m.end() :]
