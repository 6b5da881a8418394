"""Chat shorthand read as the words it stands for, before anything else is parsed.

"spend yday?", "this wk vs prev wk", "err rate", "w/o gpt-4o", "# of reqs", "how many ppl", "mtd vs same point last mo", "cached vs uncached prompt toks": every later
reader (the window, the comparison, the measures) then sees "yesterday", "week", "previous", "month", "tokens".
Windows already typed short ("7d", "24h", "mtd", "ytd") are read where windows are read (timerange.py).
"""

from __future__ import annotations

import re

from netra_core.agents.sheet_words import compute_sheet_as_words
from netra_core.agents.sql_words import compute_sql_as_words

SHORTHAND: dict[str, str] = {
    "yday": "yesterday",
    "ydy": "yesterday",
    "yest": "yesterday",
    "ystd": "yesterday",
    "tdy": "today",
    "wk": "week",
    "wks": "weeks",
    "wknd": "weekend",
    "prev": "previous",
    "mo": "month",
    "mos": "months",
    "mth": "month",
    "mths": "months",
    "hr": "hour",
    "hrs": "hours",
    "tok": "tokens",
    "toks": "tokens",
    "reqs": "requests",
    "qual": "quality",  # "avg qual sonnet vs haiku": the mean quality score
    "chg": "change",  # "$ and % chg": the change
    "err": "error",
    "errs": "errors",
    "ppl": "people",
    "w/o": "without",
}
# A whole word only: never part of a name ("wk-agent", "prev_model", "mo.v2") or of an @reference.
_SHORT = re.compile(
    r"(?<![\w@./-])(" + "|".join(re.escape(k) for k in sorted(SHORTHAND, key=len, reverse=True)) + r")(?![\w-]|[./]\w)",
    re.IGNORECASE,
)


# "# of reqs": the number of them ("#3", "issue #16" are not this).
_NUMBER_OF = re.compile(r"(?<![\w#])#\s*of\b", re.IGNORECASE)


# "excl the sales agent n code review", "which ones n how much": a lone "n" between words is "and" (never "top n",
# "n=5", "n requests").
_AND = re.compile(r"(?<!\btop)(?<!\bfirst)(?<!\blast)(?<!\bbottom)(?<=[a-z,?!])\s+n\s+(?=[a-z])", re.IGNORECASE)


# "the 10th and 90th percentiles", "95th-percentile latency", "the 99th pctl": each level as "p10", "p90", "p95"
# (so no reader takes "the 10th" for a day of the month, and every reader of a percentile sees one spelling).
_ORDINAL = r"\b(\d{1,2})(?:st|nd|rd|th)?"
_PERCENTILE_WORD = r"[- ]?(?:percentiles?|pctls?)\b"
_PERCENTILE = re.compile(_ORDINAL + _PERCENTILE_WORD, re.IGNORECASE)
_PERCENTILES_LISTED = re.compile(
    _ORDINAL + r"(?=(?:\s*(?:,|and|&|/|or)\s*(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?)+" + _PERCENTILE_WORD + ")",
    re.IGNORECASE,
)


def compute_percentiles_spelled(text: str) -> str:
    """`text` with each ordinal percentile as its level ("the 10th and 90th percentiles" -> "the p10 and p90")."""
    return _PERCENTILE.sub(r"p\1", _PERCENTILES_LISTED.sub(r"p\1", text))


def compute_expanded_shorthand(text: str) -> str:
    """`text` with each shorthand word written out ("spend yday?" -> "spend yesterday?"), SQL fragments as words
    ("max(latency_ms) group by workload" -> "max latency by workload", sql_words.py), spreadsheet formulas and pivots
    as words ("=SUM(cost) / COUNTUNIQUE(user_id)" -> "spend per distinct user", sheet_words.py); idempotent."""
    text = compute_sheet_as_words(compute_percentiles_spelled(_AND.sub(" and ", compute_sql_as_words(text))))
    return _NUMBER_OF.sub("number of", _SHORT.sub(lambda m: SHORTHAND[m.group(1).lower()], text))
