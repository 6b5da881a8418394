"""Rederive the planner's COMMON_WORDS table (netra_core/agents/matching.py).

COMMON_WORDS lists frequent English words that the planner's typo rule would otherwise rewrite into one of its
keywords ("chat" -> chart, "send" -> spend). The table was derived from the 50,000 most frequent English words of
wordfreq 3.1.1; rederive it whenever the keywords (netra_core/agents/vocabulary.py) or the typo rules change:

    pip install wordfreq==3.1.1        # a tool for this script only, not a dependency of Netra
    python scripts/derive_common_words.py --top 50000

or, without wordfreq, from any word list (one word per line):

    python scripts/derive_common_words.py --words english-words.txt

It prints three lists: words the rule would rewrite that the table lacks and nobody has reviewed (review each: add it
to COMMON_WORDS, or to REVIEWED below if it is a proper name, slang, or a spelling that means the keyword such as
"optimisation"), the table's words that are still needed,
and the table's words the rule no longer rewrites (safe to drop). The exit status is 1 when the first or last list
is not empty.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from netra_core.agents import matching
from netra_core.agents.vocabulary import KEYWORDS

# Rewritten words reviewed and kept out of the table (wordfreq 3.1.1, top 50,000): proper names and slang the
# planner may rewrite harmlessly, and spellings that mean the keyword ("optimisation", "shrank", "wouldnt").
REVIEWED = frozenset(
    [
        "bach",
        "bilal",
        "billy",
        "bitching",
        "brill",
        "brooke",
        "calle",
        "cally",
        "chanel",
        "chaney",
        "changi",
        "chiang",
        "const",
        "costa",
        "costas",
        "daly",
        "doin",
        "domingo",
        "dong",
        "doubleday",
        "dowling",
        "faust",
        "generale",
        "hurley",
        "lowe",
        "lowery",
        "mucho",
        "optimisation",
        "patrice",
        "pisces",
        "rosen",
        "rosie",
        "savin",
        "shrank",
        "shrunk",
        "speedo",
        "toke",
        "tolkien",
        "wold",
        "woulda",
        "wouldn",
        "wouldnt",
        "wouldve",
    ]
)


@dataclass(frozen=True)
class Derived:
    """What the typo rule does to a word list, against the table as it is."""

    missing: dict[str, str]  # word -> the keyword it would become, neither in the table nor reviewed
    needed: dict[str, str]  # table words the rule would still rewrite
    stale: list[str]  # table words the rule leaves alone anyway


def compute_rewrites(words: Iterable[str]) -> dict[str, str]:
    """Each word the planner's typo rule would turn into a keyword if COMMON_WORDS were empty (forms excluded)."""
    saved = matching.COMMON_WORDS
    matching.COMMON_WORDS = frozenset()
    try:
        out = {}
        for raw in words:
            word = raw.strip().lower()
            if not word.isalpha() or len(word) < 4 or word in KEYWORDS:
                continue
            keyword = matching.compute_keyword(word, KEYWORDS)
            if keyword != word and matching._inflected(word, KEYWORDS) is None:
                out[word] = keyword
        return out
    finally:
        matching.COMMON_WORDS = saved


def derive(words: Iterable[str], table: frozenset[str] = matching.COMMON_WORDS) -> Derived:
    """Compare what the rule rewrites in `words` with the table."""
    rewrites = compute_rewrites(words)
    in_table = compute_rewrites(table)
    return Derived(
        missing={w: k for w, k in sorted(rewrites.items()) if w not in table and w not in REVIEWED},
        needed=dict(sorted(in_table.items())),
        stale=sorted(table - set(in_table)),
    )


def _read_words(args: argparse.Namespace) -> list[str]:
    if args.words:
        return Path(args.words).read_text(encoding="utf-8").split()
    try:
        from wordfreq import top_n_list
    except ImportError:
        sys.exit("wordfreq is not installed: `pip install wordfreq==3.1.1`, or pass --words FILE")
    return list(top_n_list("en", args.top))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--top", type=int, default=50_000, help="how many of wordfreq's most frequent words")
    parser.add_argument("--words", help="a word list file instead of wordfreq (one word per line)")
    args = parser.parse_args(argv)
    found = derive(_read_words(args))
    print(f"rewritten, neither in the table nor reviewed ({len(found.missing)}): add to COMMON_WORDS or REVIEWED")
    for word, keyword in found.missing.items():
        print(f"  {word} -> {keyword}")
    print(f"in the table and still needed: {len(found.needed)}")
    print(f"in the table but no longer rewritten ({len(found.stale)}): safe to drop")
    for word in found.stale:
        print(f"  {word}")
    return 1 if found.missing or found.stale else 0


if __name__ == "__main__":
    sys.exit(main())
