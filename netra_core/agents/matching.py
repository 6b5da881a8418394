"""Loose names to real ones: "the support bot" -> support-bot, "4o mini" -> gpt-4o-mini, "antropic" -> anthropic."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

# Words that never start or end a fuzzy match (they would glue onto real names).
STOPWORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "for",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "vs",
        "versus",
        "what",
        "which",
        "how",
        "much",
        "is",
        "are",
        "was",
        "were",
        "did",
        "does",
        "do",
        "our",
        "my",
        "we",
        "us",
        "it",
        "this",
        "that",
        "last",
        "past",
        "only",
        "just",
        "about",
        "compare",
        "cost",
        "costs",
        "spend",
        "spent",
        "per",
        "day",
        "days",
        "week",
        "month",
    ]
)
# Parts of names too common to identify one on their own.
GENERIC_PARTS = frozenset(
    [
        "bot",
        "mini",
        "large",
        "small",
        "chat",
        "prod",
        "api",
        "app",
        "service",
        "model",
        "instant",
        "versatile",
        "latest",
    ]
)
EXACT_SCORE = 1.0
FUZZY_CUTOFF = 0.85


@dataclass(frozen=True)
class NameMatch:
    """One known value found in a message, with where and how well."""

    dimension: str
    value: str
    start: int
    end: int
    score: float


def compute_tokens(text: str) -> list[str]:
    """Lowercase alphanumeric tokens (hyphens, dots and underscores split names into parts)."""
    return re.findall(r"[a-z0-9]+", text.lower())


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _score(window: str, value: str) -> float:
    if window == value:
        return EXACT_SCORE
    if len(window) < 5 or len(value) < 5:
        return 0.0
    ratio = SequenceMatcher(None, window, value).ratio()
    # "4omini" is how people shorten "gpt-4o-mini": a long enough tail of the name counts.
    if value.endswith(window) and len(window) >= 4 and len(window) * 2 >= len(value):
        ratio = max(ratio, 0.86)
    # "llama 3.3 70b" for "llama-3.3-70b-versatile": a long enough head counts too.
    if value.startswith(window) and len(window) >= 6 and len(window) * 2 >= len(value):
        ratio = max(ratio, 0.86)
    return ratio


def _candidates(tokens: list[str], dimension: str, value: str, distinctive: set[str]) -> list[NameMatch]:
    parts = compute_tokens(value)
    target = _compact(value)
    found: list[NameMatch] = []
    for width in {max(1, len(parts) - 1), len(parts), len(parts) + 1}:
        for i in range(0, len(tokens) - width + 1):
            window = tokens[i : i + width]
            if window[0] in STOPWORDS or window[-1] in STOPWORDS:
                continue
            score = _score("".join(window), target)
            if score >= FUZZY_CUTOFF:
                found.append(NameMatch(dimension, value, i, i + width, score))
    for part in parts:
        if part not in distinctive:
            continue
        for i, token in enumerate(tokens):
            if token == part or (len(token) >= 5 and SequenceMatcher(None, token, part).ratio() >= FUZZY_CUTOFF):
                found.append(NameMatch(dimension, value, i, i + 1, 0.8))
    return found


def _distinctive_parts(values: list[str]) -> set[str]:
    counts: dict[str, int] = {}
    for value in values:
        for part in set(compute_tokens(value)):
            counts[part] = counts.get(part, 0) + 1
    return {p for p, n in counts.items() if n == 1 and len(p) >= 4 and p.isalpha() and p not in GENERIC_PARTS}


def compute_name_matches(text: str, known: dict[str, list[str]]) -> list[NameMatch]:
    """The known values named in `text`, best and longest first, never two on the same words."""
    tokens = compute_tokens(text)
    found: list[NameMatch] = []
    # A part is distinctive only if it names one value across every dimension ("llama" in two models is not).
    distinctive = _distinctive_parts(sorted({v for values in known.values() for v in values}))
    for dimension, values in known.items():
        for value in values:
            found.extend(_candidates(tokens, dimension, value, distinctive))
    found.sort(key=lambda m: (-m.score, -(m.end - m.start), m.start))
    taken: set[int] = set()
    chosen: list[NameMatch] = []
    for match in found:
        span = set(range(match.start, match.end))
        if span & taken:
            continue
        taken |= span
        chosen.append(match)
    return sorted(chosen, key=lambda m: m.start)
