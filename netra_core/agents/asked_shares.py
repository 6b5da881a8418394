"""The share of one scope's traffic that a value of another dimension takes (issue #16): "what percent of
search-rag calls used gpt-4o-mini", "what share of gpt-4o's spend came from the support bot", "the fraction of
anthropic tokens that went to code-review". The scope (search-rag) filters; the part's dimension (model) groups, so
each of its values is stated with its share of the scope's total, the part named among them. Read by compute_asked
(asked.py); the planner groups by the part's dimension (query_plan.py).
"""

from __future__ import annotations

import re

from netra_core.analytics.semantic import Dimension

_PART_OF = re.compile(
    r"(?:\b(?:percent(?:age)?|pct|share|proportion|fraction|portion|part)|%)\s+of\s+(?P<scope>[^?.;]{1,80}?)\s*"
    r"\b(?P<noun>spend\w*|costs?|bill|requests|calls|traffic|tokens|hits|invocations|api calls)\b"
    r"(?P<after>\s+(?:that\s+|which\s+)?(?:were\s+|was\s+|are\s+|is\s+|got\s+|get\s+)?"
    r"(?:used|use|uses|using|went|go|goes|going|ran|run|runs|running|came|come|comes|coming|hit|hits|served|"
    r"handled|routed|sent|made|spent|on|to|from|for|via|through|by|with|in|into|at|is|was|are|were)\b[^?.;]{0,80})"
)
# The part said before its share of the scope: "sonnet spend as a share of anthropic spend", "support-bot's share of
# gpt-4o spend", "gpt-4o-mini calls as a percentage of all openai calls"
_PART_BEFORE = re.compile(
    r"(?P<before>[^?.;,]{1,80}?)\s*(?:\bas\s+(?:an?\s+)?|\bin\s+)?(?:\b(?:percent(?:age)?|pct|share|proportion|"
    r"fraction|portion|part)\b|%)\s+of\s+(?P<scope>[^?.;]{1,80}?)\s*"
    r"\b(?P<noun>spend\w*|costs?|bill|requests|calls|traffic|tokens|hits|invocations|api calls)\b"
)


def _names(text: str, value: str) -> bool:
    """Whether `text` names `value`, its hyphens said as spaces or not at all ("the support bot", "searchrag")."""
    said = r"[-\s_]?".join(re.escape(part) for part in re.split(r"[-_\s]", value.lower()))
    return re.search(rf"(?<![\w@.-]){said}(?:'s)?(?![\w@-])", text) is not None


def _said(text: str, value: str, dimension: Dimension) -> bool:
    """Whether `text` names `value`, a model also by a word of its name ("sonnet" for claude-3-5-sonnet, when the
    question named that model or its family)."""
    if _names(text, value):
        return True
    words = [w for w in re.split(r"[-_\s]", value.lower()) if len(w) >= 4 and w.isalpha()]
    return dimension == Dimension.MODEL and any(_names(text, w) for w in words)


def compute_share_part_before(t: str, filters: dict[Dimension, list[str]]) -> tuple[Dimension, str] | None:
    """The dimension of the part whose share of a named scope lowered text `t` asks with the part said first
    ("sonnet spend as a share of anthropic spend": model), and the noun the share is of ("spend"), when the scope
    names a value of one dimension and the part a value of another; None otherwise."""
    m = _PART_BEFORE.search(t)
    if m is None:
        return None
    scope = {d for d, values in filters.items() if any(_said(m["scope"], v, d) for v in values)}
    part = [d for d, values in filters.items() if any(_said(m["before"], v, d) for v in values) and d not in scope]
    if not scope or len(part) != 1:
        return None
    return part[0], m["noun"]


def compute_share_part(t: str, filters: dict[Dimension, list[str]]) -> tuple[Dimension, str] | None:
    """The dimension of the part whose share of a named scope lowered text `t` asks ("what percent of search-rag
    calls used gpt-4o-mini": model), and the noun the share is of ("calls"), when the scope names a value of one
    dimension and the part a value of another; None otherwise."""
    m = _PART_OF.search(t)
    if m is None:
        return None
    scope = {d for d, values in filters.items() if any(_said(m["scope"], v, d) for v in values)}
    part = [d for d, values in filters.items() if any(_said(m["after"], v, d) for v in values) and d not in scope]
    if not scope or len(part) != 1:
        return None
    return part[0], m["noun"]
