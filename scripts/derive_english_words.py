"""Rederive the planner's table of frequent English words (netra_core/agents/english_words.py).

A part of one of the org's names ("review" in code-review, "search" in search-rag) is read as that name on its own
only when it is not a frequent English word ("the monthly review" is not the code-review workload). The table holds
every alphabetic word of four letters or more whose wordfreq Zipf frequency is 4.0 or more (about once in every
100,000 English words); wordfreq 3.1.1 is a tool for this script only, not a dependency of Netra:

    pip install wordfreq==3.1.1
    python scripts/derive_english_words.py > netra_core/agents/english_words.py
"""

from __future__ import annotations

import textwrap

MIN_ZIPF = 4.0
TOP = 50_000


def main() -> None:
    from wordfreq import top_n_list, zipf_frequency

    words = sorted(
        w
        for w in top_n_list("en", TOP)
        if w.isascii() and w.isalpha() and len(w) >= 4 and zipf_frequency(w, "en") >= MIN_ZIPF
    )
    body = textwrap.fill(" ".join(words), width=116, break_long_words=False, break_on_hyphens=False)
    print(
        '"""Frequent English words (four letters or more, wordfreq 3.1.1 Zipf frequency >= 4.0), derived by\n'
        "scripts/derive_english_words.py: a name part that is one of these does not name a value on its own.\n"
        '"""\n\n'
        "from __future__ import annotations\n\n"
        f'_WORDS = """\n{body}\n"""\n\n'
        "ENGLISH_WORDS = frozenset(_WORDS.split())\n",
        end="",
    )


if __name__ == "__main__":
    main()
