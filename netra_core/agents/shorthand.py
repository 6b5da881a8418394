"""Chat shorthand read as the words it stands for, before anything else is parsed.

"spend yday?", "this wk vs prev wk", "err rate", "w/o gpt-4o", "# of reqs", "how many ppl", "mtd vs same point last mo", "cached vs uncached prompt toks": every later
reader (the window, the comparison, the measures) then sees "yesterday", "week", "previous", "month", "tokens".
Windows already typed short ("7d", "24h", "mtd", "ytd") are read where windows are read (timerange.py).
"""

from __future__ import annotations

import re

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


def compute_expanded_shorthand(text: str) -> str:
    """`text` with each shorthand word written out ("spend yday?" -> "spend yesterday?"); idempotent."""
    return _NUMBER_OF.sub("number of", _SHORT.sub(lambda m: SHORTHAND[m.group(1).lower()], text))
