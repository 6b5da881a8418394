"""The share of one scope's traffic that a value of another dimension takes (issue #16): "what percent of
search-rag calls used gpt-4o-mini", "what share of gpt-4o's spend came from the support bot", "the fraction of
anthropic tokens that went to code-review". The scope (search-rag) filters; the part's dimension (model) groups, so
each of its values is stated with its share of the scope's total, the part named among them. Read by compute_asked
(asked.py); the planner groups by the part's dimension (query_plan.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from netra_core.analytics.semantic import Dimension

_PART_OF = re.compile(
    r"(?:\b(?:percent(?:age)?|pct|share|proportion|fraction|portion|part)|%)\s+of\s+(?P<scope>[^?.;]{1,80}?)\s*"
    r"\b(?P<noun>spend\w*|costs?|bill|requests|calls|traffic|tokens|hits|invocations|api calls)\b"
    r"(?P<after>\s+(?:that\s+|which\s+)?(?:were\s+|was\s+|are\s+|is\s+|got\s+|get\s+)?"
    r"(?:used|use|uses|using|went|go|goes|going|ran|run|runs|running|came|come|comes|coming|hit|hits|served|"
    r"handled|routed|sent|made|spent|on|to|from|for|via|through|by|with|in|into|at|is|was|are|were)\b[^?.;]{0,80})"
)
# The part said before its share of the scope: "sonnet spend as a share of anthropic spend", "support-bot's share of
# gpt-4o spend", "gpt-4o-mini calls as a percentage of all openai calls", "gpt-4o's share within the openai spend"
_BEFORE = (
    r"(?P<before>[^?.;,]{{1,80}}?)\s*(?:\bas\s+(?:an?\s+)?|\bin\s+)?(?:\b(?:percent(?:age)?|pct|share|proportion|"
    r"fraction|portion|part)\b|%)\s+(?:of|within|inside)\s+(?P<scope>[^?.;]{{{least},80}}?)\s*"
    r"\b(?P<noun>spend\w*|costs?|bill|requests|calls|traffic|tokens|hits|invocations|api calls)\b"
)
_PART_BEFORE = re.compile(_BEFORE.format(least=1))
# (a share of the whole may name nothing before its noun: "openai's share of spend")
_WHOLE_BEFORE = re.compile(_BEFORE.format(least=0))


def _each(pattern: re.Pattern[str], t: str) -> Iterator[re.Match[str]]:
    """Every share phrase of `pattern` in `t`, each searched from the end of the one before's noun (what follows a
    noun may be the next phrase: "what share of october spend went to openai, and what share of openai spend...")."""
    at = 0
    while (m := pattern.search(t, at)) is not None:
        yield m
        at = m.end("noun")


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
    # ("openai's share of spend, and gpt-4o's share of the openai spend": the second share read, the first passed)
    for m in (*_each(_PART_BEFORE, t), *_each(_WHOLE_BEFORE, t)):
        scope = {d for d, values in filters.items() if any(_said(m["scope"], v, d) for v in values)}
        part = [d for d, values in filters.items() if any(_said(m["before"], v, d) for v in values) and d not in scope]
        if scope and len(part) == 1:
            return part[0], m["noun"]
    return None


def compute_scope_share(t: str, filters: dict[Dimension, list[str]], part: Dimension) -> Dimension | None:
    """The dimension of the scope whose own share of the whole is asked beside a part's share within it ("openai's
    share of october spend, and gpt-4o's share within the openai spend": provider), when a share of a whole that
    names no value is said of the scope's value (not of the part's); None otherwise."""
    for m in (*_each(_WHOLE_BEFORE, t), *_each(_PART_OF, t)):
        if any(_said(m["scope"], v, d) for d, values in filters.items() for v in values):
            continue  # a share of a named scope (the part's within it), not of the whole
        # (the words of this share alone: "..., and gpt-4o's" before it, "went to openai, and ..." after it)
        said = (
            re.split(r"\band\b", m["before"])[-1]
            if "before" in m.groupdict()
            else re.split(r",|\band\b", m["after"])[0]
        )
        named = [d for d, values in filters.items() if d != part and any(_said(said, v, d) for v in values)]
        if len(named) == 1 and not any(_said(said, v, part) for v in filters.get(part, [])):
            return named[0]
    return None


def compute_share_part(t: str, filters: dict[Dimension, list[str]]) -> tuple[Dimension, str] | None:
    """The dimension of the part whose share of a named scope lowered text `t` asks ("what percent of search-rag
    calls used gpt-4o-mini": model), and the noun the share is of ("calls"), when the scope names a value of one
    dimension and the part a value of another; None otherwise."""
    for m in _each(_PART_OF, t):
        scope = {d for d, values in filters.items() if any(_said(m["scope"], v, d) for v in values)}
        part = [d for d, values in filters.items() if any(_said(m["after"], v, d) for v in values) and d not in scope]
        if scope and len(part) == 1:
            return part[0], m["noun"]
    return None
