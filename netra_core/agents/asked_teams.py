"""Groups of the org's own names that a message defines (issue #16): "Teams: support = support-bot +
ticket-classifier, growth = search-rag + sales-agent", "the support team (support-bot and ticket-classifier)",
"growth team = search-rag, sales-agent", "Engineering's October bill is code-review plus doc-summarizer", "group
gpt-4o and gpt-4o-mini as 'openai-core'". No column of the events holds a team, but a team the message defines by its
workloads (or models) is those workloads taken together: its figure is the one over all its members' calls. Read by
compute_asked (asked.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel

from netra_core.agents.asked_groups import NAME_KEYS
from netra_core.agents.matching import NameMatch, compute_name_matches
from netra_core.analytics.semantic import Dimension


class DefinedGroup(BaseModel):
    """A group the message defines: its name and the org's values it is made of (one dimension)."""

    name: str
    dimension: Dimension
    members: list[str]
    label: str = ""  # as the answer names it ("the support team"; "engineering" when no word for a group is said)


# The words for a group of the org's own ("team", "cost centre", "bucket").
_UNIT = (
    r"(?:teams?|groups?|departments?|depts?|cost[- ]?cent(?:er|re)s?|business[- ]units?|bus?|divisions?|squads?|"
    r"pods?|tribes?|buckets?|org(?:anisation|anization)?s?|functions?|sides?|cohorts?|units?)"
)
_UNIT_SAID = re.compile(rf"\b{_UNIT}\b")
# Between two names of one group: "a + b", "a and b", "a, b", "a plus b", "a & b", "a / b".
_JOINER = re.compile(r"^[\s,+&/]*(?:(?:and|plus|with)\b)?[\s,+&/]*(?:the\s+)?$")
# A group's name, one or two words ("support", "platform eng", "data-science").
_NAME = r"['\"]?(?P<name>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)['\"]?"
_VALUE_WORD = r"(?:workloads?|models?|features?|apps?|bots?|providers?)"
_VALUES = rf"(?:(?:the\s+)?{_VALUE_WORD}\s*:?\s*)?"
# The name said before its members: "support = a + b", "support: a + b", "the growth team (a and b)", "team support is
# a and b", "engineering's october bill is a plus b", "the growth team, made up of a and b".
_BEFORE = (
    re.compile(rf"(?:^|[\s,;.(])(?:the\s+|our\s+)?{_NAME}(?:\s+{_UNIT})?\s*(?:=|:=|==|->|=>)\s*{_VALUES}$"),
    re.compile(rf"(?:^|[\s,;.(])(?:the\s+|our\s+)?{_NAME}\s+{_UNIT}\s*(?:\(|:|-|,)\s*{_VALUES}$"),
    re.compile(
        rf"(?:^|[\s,;.(])(?:the\s+|our\s+)?{_NAME}(?:\s+{_UNIT})?\s*(?:,\s*)?(?:is|are|=|means|covers|includes|"
        rf"comprises|consists\s+of|(?:is\s+|are\s+)?made\s+up\s+of|(?:which\s+is|that\s+is|i\.e\.)|gets|owns|has)\s+"
        rf"{_VALUES}$"
    ),
    re.compile(rf"(?:^|[\s,;.(]){_UNIT}\s+{_NAME}\s*(?:=|:|is|are|means|covers|includes|-|\()\s*{_VALUES}$"),
    # "we bill by team - platform: code-review and doc-summarizer; growth: search-rag and sales-agent"
    re.compile(rf"(?:^|[\s,;.(-])(?:the\s+|our\s+)?{_NAME}(?:\s+{_VALUE_WORD})?\s*:\s*{_VALUES}$"),
)
# "engineering's october bill is a plus b", "growth's spend = a + b": a possessive before what it is charged.
_POSSESSIVE = re.compile(
    rf"(?:^|[\s,;.(]){_NAME}'s\s+(?:\w+\s+){{0,3}}?(?:bill|charges?|spend|costs?|budget|usage|share|invoice|"
    r"allocation|traffic)\s+(?:is|are|=|covers|includes|comes\s+from|consists\s+of|means)\s+(?:the\s+)?$"
)
# The name said after its members: "group a and b as 'core'", "a and b make up the support team", "a + b (support)".
_AFTER = (
    re.compile(rf"^\s*(?:together\s+)?(?:as|into|under)\s+(?:the\s+|a\s+|one\s+)?['\"]?{_NAME}['\"]?"),
    re.compile(
        rf"^\s*(?:make\s+up|form|are|belong\s+to|count\s+as|roll\s+up\s+(?:in)?to|go\s+to|are\s+billed\s+to|"
        rf"are\s+charged\s+to)\s+(?:the\s+|our\s+)?{_NAME}\s+{_UNIT}\b"
    ),
)
# Words that are no group's name (the name pattern's first word would otherwise take them).
_NOT_NAMES = frozenset(
    [
        "the",
        "our",
        "and",
        "or",
        "a",
        "an",
        "it",
        "this",
        "that",
        "which",
        "what",
        "each",
        "every",
        "all",
        "one",
        "team",
        "teams",
        "group",
        "groups",
        "spend",
        "cost",
        "costs",
        "bill",
        "charge",
        "is",
        "are",
        "for",
        "with",
        "of",
        "to",
        "in",
        "on",
        "by",
        "per",
        "so",
        "we",
        "i",
        "you",
        "they",
        "them",
        "those",
        "these",
        "both",
        "workload",
        "workloads",
        "model",
        "models",
        "october",
        "november",
        "september",
        "month",
        "week",
        "today",
        "yesterday",
        "total",
        "where",
        "when",
        "my",
        "your",
        "their",
        "his",
        "her",
        "filter",
        "note",
        "top",
        "provider",
        "providers",
        "status",
        "region",
        "user",
        "users",
    ]
)


@dataclass(frozen=True)
class _Run:
    """Names of one dimension said one after another ("a + b", "a and b"), with their span in the text."""

    dimension: Dimension
    values: tuple[str, ...]
    start: int
    end: int


def _runs(low: str, matches: list[NameMatch], spans: list[tuple[int, int]]) -> list[_Run]:
    runs: list[_Run] = []
    for match in matches:
        dimension = NAME_KEYS[match.dimension]
        start, end = spans[match.start][0], spans[match.end - 1][1]
        if runs and runs[-1].dimension == dimension and _JOINER.match(low[runs[-1].end : start]):
            last = runs[-1]
            values = last.values if match.value in last.values else (*last.values, match.value)
            runs[-1] = _Run(dimension, values, last.start, end)
        else:
            runs.append(_Run(dimension, (match.value,), start, end))
    return runs


def _clean(name: str) -> str | None:
    """The group's name as said, without a trailing unit word; None when it is no name."""
    if "_" in name:  # "model_name = gpt-4o": a column, no group
        return None
    words = [w for w in name.split() if not _UNIT_SAID.fullmatch(w)]
    while words and words[0] in _NOT_NAMES:
        words = words[1:]
    if not words or words[-1] in _NOT_NAMES or any(w in ("is", "are", "and", "or") for w in words):
        return None
    return " ".join(words)


def _label(low: str, run: _Run, unit_said: bool) -> str | None:
    """The name a message gives the run of names, when it defines them as a group."""
    before = low[max(0, run.start - 80) : run.start]
    after = low[run.end : run.end + 60]
    if m := _POSSESSIVE.search(before):
        return _clean(m["name"])
    for i, pattern in enumerate(_BEFORE):
        # ("x = a + b" defines a group by itself; "x: a and b", "x is a and b" only where a team is spoken of)
        if (unit_said or i == 0) and (m := pattern.search(before)):
            if i == 1 and not re.search(r"\(\s*" + _VALUES + "$", before) and not unit_said:
                continue
            return _clean(m["name"])
    for i, pattern in enumerate(_AFTER):
        if (m := pattern.match(after)) and (i == 1 or unit_said or re.search(r"\bgroup\w*\b|\bcall\b", before)):
            return _clean(m["name"])
    return None


def compute_defined_groups(text: str, known: dict[str, list[str]] | None) -> list[DefinedGroup]:
    """The groups of the org's names `text` defines, in the order said (each name once; none when it defines none).

    A group needs a name the message gives it ("support = a + b", "the support team (a and b)", "engineering's bill
    is a plus b", "group a and b as core"); names compared or listed ("a and b", "a vs b") define none."""
    if not known:
        return []
    low = " ".join(text.lower().replace("\u2019", "'").split())
    spans = [m.span() for m in re.finditer(r"[a-z0-9]+", low)]
    matches = compute_name_matches(low, {k: v for k, v in known.items() if k in NAME_KEYS})
    unit = _UNIT_SAID.search(low)
    unit_said = unit is not None
    word = re.sub(r"s$", "", unit.group(0)) if unit is not None else ""
    groups: list[DefinedGroup] = []
    for run in _runs(low, matches, spans):
        name = _label(low, run, unit_said)
        names = {v.lower() for values in known.values() for v in values}
        if name is None or name in names or any(g.name == name for g in groups):
            continue
        label = f"the {name} {word}" if word and not name.endswith(word) else name
        groups.append(DefinedGroup(name=name, dimension=run.dimension, members=list(run.values), label=label))
    if len({g.dimension for g in groups}) > 1:  # one grouping per question: the dimension said first
        groups = [g for g in groups if g.dimension == groups[0].dimension]
    return groups


def compute_groups_asked(text: str, groups: list[DefinedGroup]) -> list[DefinedGroup]:
    """The defined groups a question asks about: every one, unless it names some of them alone after defining them
    all and asks of no "each team" ("Teams: ... What did support get charged?": support only)."""
    if len(groups) < 2:
        return groups
    low = text.lower()
    if re.search(rf"\b(?:each|every|all|per|by|which|both|the)\s+(?:of\s+(?:the|our)\s+)?(?:\w+\s+)?{_UNIT}\b", low):
        return groups
    last = max(low.rfind(m) for g in groups for m in g.members if m.lower() in low)
    tail = low[last:] if last >= 0 else ""
    named = [g for g in groups if re.search(rf"\b{re.escape(g.name)}\b", tail)]
    return named or groups
