"""Misspelt words of the questions' vocabulary read back to the word meant, before anything else reads the message
(issue #16): "which modle is most expensiv in octber" is "which model is most expensive in october". A word is read
back only when it is no frequent English word, not a word the readers know already, and exactly one word of the
vocabulary is one edit from it (a letter dropped, added or changed, or two neighbours swapped); names with digits or
hyphens (the org's workloads and models) are never touched. Without this a typo was neither read nor named: the
"could not read" net forgives a one-edit typo of a known word, so "octber" quietly became the last 7 days.
"""

from __future__ import annotations

import re

from netra_core.agents.asked import MEASURE_WORDS, one_edit
from netra_core.agents.english_words import ENGLISH_WORDS
from netra_core.agents.timerange import MONTHS, WEEKDAYS

_OTHERS = [
    "model",
    "models",
    "calls",
    "today",
    "weekend",
    "weekends",
    "month",
    "months",
    "weeks",
    "quarter",
    "expensive",
    "cheapest",
    "cheaper",
    "highest",
    "lowest",
    "fastest",
    "slowest",
    "busiest",
    "biggest",
    "largest",
    "smallest",
    "costs",
    "error",
    "breakdown",
    "compare",
    "compared",
    "versus",
    "share",
    "percentage",
    "percent",
    "average",
    "total",
    "input",
    "output",
]
# (a short word has rarer English neighbours one edit away, "shave" of "share": only these five-letter words are
# read back to)
_SHORT_KEPT = frozenset(["model", "calls", "today", "weeks", "input", "march", "april"])
VOCABULARY = frozenset(
    [*MEASURE_WORDS, *(w for w in [*MONTHS, *WEEKDAYS, *_OTHERS] if len(w) >= 6 or w in _SHORT_KEPT)]
)
# (a vocabulary word's plural or singular is that word, not a typo of it: "mondays", "token")
_FORMS = VOCABULARY | {f"{w}s" for w in VOCABULARY} | {w[:-1] for w in VOCABULARY if w.endswith("s")}
_WORD = re.compile(r"(?<![\w.-])[A-Za-z]{5,}(?![\w-])")


def compute_typos_fixed_text(text: str) -> str:
    """`text` with each misspelt vocabulary word read back to the one word meant (lowercase), others unchanged."""

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        low = word.lower()
        if low in _FORMS or low in ENGLISH_WORDS:
            return word
        near = {w for w in VOCABULARY if one_edit(low, w) and w.rstrip("s") != low.rstrip("s")}
        if len({w.rstrip("s") for w in near}) == 1 and len(near) == 2:  # "modle": model or models
            near = {w for w in near if w.endswith("s") == low.endswith("s")} or near
        return next(iter(near)) if len(near) == 1 else word

    return _WORD.sub(fix, text)
