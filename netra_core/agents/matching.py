"""Loose names to real ones: "the support bot" -> support-bot, "4o mini" -> gpt-4o-mini, "antropic" -> anthropic,
"llama 70b" -> llama-3.3-70b-versatile (a family word and a size naming one model).

Loose words to keywords too: "spnd" -> spend, "slower" -> slow, while real words ("chat", "send") stay as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher, get_close_matches
from functools import lru_cache

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
# Words that, beside a frequent English word, make it a name ("the ticket bot", "the review workload").
NAME_NOUNS = frozenset(
    [
        "bot",
        "bots",
        "workload",
        "workloads",
        "app",
        "apps",
        "service",
        "feature",
        "pipeline",
        "agent",
        "job",
        "jobs",
        "tool",
        "endpoint",
        "flow",
        "traffic",
    ]
)
EXACT_SCORE = 1.0
FUZZY_CUTOFF = 0.85
SIZED_SCORE = 0.9


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


def _is_plain_word(tokens: list[str], i: int) -> bool:
    """Whether tokens[i], standing for only part of a name, is a frequent English word said as such: "the monthly
    review" is not code-review, "support tickets" not ticket-classifier; beside a name noun ("the ticket bot",
    "the review workload") it is the name."""
    from netra_core.agents.english_words import ENGLISH_WORDS  # a large table, loaded on first use

    token = tokens[i]
    if token not in ENGLISH_WORDS and token.rstrip("s") not in ENGLISH_WORDS:
        return False
    return not ({tokens[j] for j in (i - 1, i + 1) if 0 <= j < len(tokens)} & NAME_NOUNS)


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
            if score >= FUZZY_CUTOFF and not (score < EXACT_SCORE and width == 1 and _is_plain_word(tokens, i)):
                found.append(NameMatch(dimension, value, i, i + width, score))
    for part in parts:
        if part not in distinctive:
            continue
        for i, token in enumerate(tokens):
            is_part = token == part or (len(token) >= 5 and SequenceMatcher(None, token, part).ratio() >= FUZZY_CUTOFF)
            if is_part and not _is_plain_word(tokens, i):
                found.append(NameMatch(dimension, value, i, i + 1, 0.8))
    return found


# A list of examples: in parentheses with a comma or an example word, or after "e.g." / "such as" / "like" / "for
# example" up to the clause's end, or a list closed by "etc".
_EXAMPLE_WORDS = r"(?:e\.?\s?g\.?|i\.?\s?e\.?|such as|like|for example|for instance|say|including|incl\.?|etc\.?)"
_EXAMPLE_SPANS = (
    re.compile(r"\(([^()]*?(?:,|\b" + _EXAMPLE_WORDS + r"(?=\W|$))[^()]*)\)"),
    re.compile(r"(?:\be\.?\s?g\.?|\bsuch as|\bfor example|\bfor instance)\s*,?\s*([^.;:?!()]+)"),
    re.compile(r"(?:^|[,;:(]\s*)([^,;:()?!.]+(?:,[^,;:()?!.]+)+)\s*(?:,\s*)?\betc\b"),
)


def compute_example_tokens(text: str) -> set[int]:
    """Token positions (as compute_tokens counts them) inside a list of examples: "which features cost the most
    (support bot, the summarizer etc)" names them to say what a feature is, not to keep only them."""
    lowered = text.lower()
    spans = [(m.start(1), m.end(1)) for pattern in _EXAMPLE_SPANS for m in pattern.finditer(lowered)]
    return {
        i for i, token in enumerate(re.finditer(r"[a-z0-9]+", lowered)) if any(a <= token.start() < b for a, b in spans)
    }


def _is_size(part: str) -> bool:
    """A parameter count in a model name: "70b", "8b", "405b"."""
    return re.fullmatch(r"\d{1,4}b", part) is not None


def _sized_matches(tokens: list[str], dimensions: dict[str, str]) -> list[NameMatch]:
    """Family and size said loosely ("llama 70b" for llama-3.3-70b-versatile).

    2 or 3 neighbouring words, one a size and one a word of four letters or more, all parts of exactly one known value
    (`dimensions` maps each value to its dimension); words that fit two values are ambiguous and match nothing.
    """
    parts = {value: set(compute_tokens(value)) for value in dimensions}
    found: list[NameMatch] = []
    for width in (2, 3):
        for i in range(0, len(tokens) - width + 1):
            window = set(tokens[i : i + width])
            if not any(_is_size(t) for t in window) or not any(t.isalpha() and len(t) >= 4 for t in window):
                continue
            owners = [value for value, p in parts.items() if window <= p]
            if len(owners) == 1:
                found.append(NameMatch(dimensions[owners[0]], owners[0], i, i + width, SIZED_SCORE))
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
    found.extend(_sized_matches(tokens, {v: d for d, values in known.items() for v in values}))
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


# Common English words within typo reach of a planner keyword ("chat" ~ chart, "send" ~ spend, "large" ~ largest):
# typed as meant, never corrected. Derived offline from the 50,000 most frequent English words (wordfreq 3.1.1, not a
# dependency): every one that compute_keyword would otherwise rewrite and that is not a form of the keyword; proper
# names, slang and spellings that mean the keyword ("optimisation", "wouldnt", "shrank") left out. Rederive it when
# the keywords or the typo rules change (last: issue #6, neighbouring-letter swaps added "fats" and "spilt").
COMMON_WORDS = frozenset(
    [
        "bath",
        "bathing",
        "branching",
        "brie",
        "broke",
        "broker",
        "cart",
        "cashed",
        "cashing",
        "catcher",
        "catches",
        "catching",
        "chained",
        "chance",
        "changers",
        "chanted",
        "chapter",
        "char",
        "charge",
        "charged",
        "chariot",
        "charity",
        "chat",
        "cheater",
        "closets",
        "coached",
        "coaches",
        "coaching",
        "coast",
        "coasts",
        "condensation",
        "conservation",
        "content",
        "contest",
        "conversational",
        "conversion",
        "conversions",
        "corsets",
        "cots",
        "deduce",
        "deference",
        "delicate",
        "different",
        "ding",
        "divest",
        "docking",
        "dodging",
        "dogging",
        "donning",
        "doping",
        "dosing",
        "doubles",
        "doubted",
        "downing",
        "dozing",
        "driest",
        "dripped",
        "expansive",
        "expense",
        "expressive",
        "extensive",
        "fabled",
        "facile",
        "fairing",
        "falling",
        "fats",
        "fattest",
        "feast",
        "filed",
        "filing",
        "filings",
        "filled",
        "filling",
        "filmed",
        "filming",
        "flail",
        "flailing",
        "foiled",
        "frail",
        "genera",
        "generative",
        "generator",
        "gown",
        "graphic",
        "growl",
        "grownup",
        "hither",
        "incase",
        "incensed",
        "jumpy",
        "lengthen",
        "lengthy",
        "migrant",
        "milling",
        "millionth",
        "moist",
        "movie",
        "mulch",
        "munch",
        "optimism",
        "optimist",
        "picked",
        "picking",
        "pieced",
        "pieces",
        "piecing",
        "pilot",
        "police",
        "polity",
        "pricey",
        "pricks",
        "prides",
        "priest",
        "primed",
        "primes",
        "priming",
        "prince",
        "princes",
        "princess",
        "prized",
        "prizes",
        "qualify",
        "raise",
        "reap",
        "recreated",
        "reheat",
        "relegated",
        "repeal",
        "repealed",
        "repeaters",
        "repent",
        "repented",
        "repose",
        "repost",
        "resort",
        "respected",
        "responded",
        "responder",
        "responds",
        "responsive",
        "retort",
        "retreated",
        "rinse",
        "rioting",
        "rooting",
        "rote",
        "rotting",
        "rouse",
        "rousing",
        "rout",
        "routers",
        "routine",
        "rusting",
        "salve",
        "sash",
        "sawing",
        "saying",
        "sayings",
        "secession",
        "seed",
        "send",
        "sending",
        "sent",
        "serpent",
        "shave",
        "shaving",
        "shavings",
        "shriek",
        "shrine",
        "slave",
        "slit",
        "snitch",
        "sped",
        "speedy",
        "spelled",
        "spewed",
        "spiced",
        "spied",
        "spilt",
        "spit",
        "splash",
        "splint",
        "splints",
        "spreading",
        "starving",
        "stave",
        "stipend",
        "stitch",
        "stitched",
        "suave",
        "summarily",
        "suspend",
        "suspending",
        "swamp",
        "swatch",
        "tend",
        "throated",
        "timeliness",
        "trendy",
        "trotted",
        "trotting",
        "unfit",
        "unite",
        "unity",
        "usher",
        "verses",
        "weakly",
    ]
)
# Word endings that make a form of a keyword ("slower" -> slow, "spikes" -> spike, "lowering" -> lower).
_SUFFIXES = (
    ("iest", "y"),
    ("ier", "y"),
    ("ies", "y"),
    ("ied", "y"),
    ("ing", ""),
    ("ing", "e"),
    ("est", ""),
    ("est", "e"),
    ("ed", ""),
    ("ed", "e"),
    ("er", ""),
    ("er", "e"),
    ("es", ""),
    ("s", ""),
    ("ly", ""),
)
TYPO_CUTOFF = 0.82


def compute_edit_distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        previous2, previous = previous, row
    return previous[-1]


@lru_cache(maxsize=8)
def _typo_targets(keywords: frozenset[str]) -> list[str]:
    return sorted(k for k in keywords if len(k) >= 4)


def _inflected(token: str, keywords: frozenset[str]) -> str | None:
    for suffix, replacement in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            stem = token[: -len(suffix)] + replacement
            if stem in keywords:
                return stem
            if stem[-1] == stem[-2] and stem[:-1] in keywords:  # "dropping" -> drop
                return stem[:-1]
    return next((token + s for s in ("s", "d", "ed") if token + s in keywords), None)  # "throttle" -> throttled


def compute_keyword(token: str, keywords: frozenset[str], protected: frozenset[str] = frozenset()) -> str:
    """The keyword a typed word means: itself, a form of it ("slower" -> slow) or a typo of it ("spnd" -> spend).

    Words in `protected` (names, words that must stay as typed) and common English words are never rewritten; a typo
    keeps its first letter and is one edit away (two for words of six letters or more).
    """
    if len(token) < 4 or token in keywords or token in protected:
        return token
    if form := _inflected(token, keywords):
        return form
    if token in COMMON_WORDS:
        return token
    for close in get_close_matches(token, _typo_targets(keywords), n=3, cutoff=TYPO_CUTOFF):
        if close[0] == token[0] and compute_edit_distance(token, close) <= (1 if len(token) <= 5 else 2):
            return close
    # Two neighbouring letters swapped ("toekn", "sepnd") score under the cutoff in short words; they count too.
    return next((k for k in _typo_targets(keywords) if _is_swap(token, k)), token)


def _is_swap(token: str, keyword: str) -> bool:
    """Whether `token` is `keyword` with two neighbouring letters swapped (never the first letter)."""
    if len(token) != len(keyword) or token[0] != keyword[0] or token == keyword:
        return False
    diff = [i for i, (a, b) in enumerate(zip(token, keyword, strict=True)) if a != b]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and token[diff[0]] == keyword[diff[1]]
        and token[diff[1]] == keyword[diff[0]]
    )
