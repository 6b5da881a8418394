"""SQL fragments typed as a question, read as the words they stand for (issue #16).

"count(distinct session_id) where workload = 'sales-agent' and ts >= '2026-11-01'", "max(latency_ms) group by
workload", "countIf(status != 'ok') / count() by provider", "session_id, sum(cost_usd) order by 2 desc limit 5":
an aggregate of a column is the measure it computes, "group by" is a grouping, "order by ... desc limit N" a top N,
and a bound on `ts` a window. Each later reader (the measures, the grouping, the window) then sees the words it reads
from a sentence ("distinct sessions", "max latency by workload", "error rate", "top 5 by session"). Nothing here is
run as SQL: the fragments are only words.
"""

from __future__ import annotations

import re

_Q = r"\s*['\"]?\s*"  # a quoted or bare value
_NOT_OK = rf"status\s*(?:!=|<>){_Q}ok{_Q}"
_OK = rf"status\s*={_Q}ok{_Q}"
_COUNT = r"count\s*\(\s*(?:\*|1)?\s*\)"
_DATE = r"['\"]?(\d{4}-\d{2}-\d{2})(?:[ t][\d:.]+)?['\"]?"

# The columns of the events a fragment names, as the words a sentence uses for them.
COLUMNS: dict[str, str] = {
    "cost_usd": "spend",
    "latency_ms": "latency",
    "prompt_tokens": "input tokens",
    "input_tokens": "input tokens",
    "completion_tokens": "output tokens",
    "output_tokens": "output tokens",
    "total_tokens": "tokens",
    "session_id": "session",
    "user_id": "user",
    "task_type": "task type",
    "error_type": "error type",
    "workload": "workload",
    "provider": "provider",
    "model": "model",
}
_COLUMN = "(" + "|".join(sorted(COLUMNS, key=len, reverse=True)) + ")"
# An aggregate of a column: the measure's words ({} is the column's words).
_AGGREGATES: dict[str, str] = {
    "sum": "total {}",
    "avg": "average {}",
    "max": "max {}",
    "min": "min {}",
}
_PLURAL = {"session": "sessions", "user": "users", "model": "models", "provider": "providers", "workload": "workloads"}

_FRAGMENTS: list[tuple[re.Pattern[str], str]] = [
    # the failed calls over all calls: the error rate (its complement, the success rate)
    (
        re.compile(
            rf"\b(?:countif|count_if)\s*\(\s*{_NOT_OK}\s*\)\s*/\s*(?:{_COUNT}|toFloat64\s*\(\s*{_COUNT}\s*\))"
            rf"(?:\s*\*\s*100)?|\bavg\s*\(\s*{_NOT_OK}\s*\)",
            re.IGNORECASE,
        ),
        "error rate",
    ),
    (
        re.compile(rf"\b(?:countif|count_if)\s*\(\s*{_OK}\s*\)\s*/\s*{_COUNT}(?:\s*\*\s*100)?", re.IGNORECASE),
        "success rate",
    ),
    (re.compile(rf"\b(?:countif|count_if)\s*\(\s*{_NOT_OK}\s*\)", re.IGNORECASE), "failed calls"),
    (re.compile(rf"\b{_COUNT}", re.IGNORECASE), "number of calls"),
    # input and output tokens added: one sum ("sum(prompt_tokens + completion_tokens)", "sum(a) + sum(b)")
    (
        re.compile(
            r"\bsum\s*\(\s*prompt_tokens\s*\+\s*completion_tokens\s*\)|"
            r"\bsum\s*\(\s*prompt_tokens\s*\)\s*\+\s*sum\s*\(\s*completion_tokens\s*\)",
            re.IGNORECASE,
        ),
        "total tokens",
    ),
]
# distinct ids: sessions, users (count(distinct x), uniq(x), uniqExact(x))
_DISTINCT = re.compile(r"\b(?:count\s*\(\s*distinct\s+|uniq(?:exact)?\s*\(\s*)(session_id|user_id)\s*\)", re.IGNORECASE)
_AGGREGATE = re.compile(rf"\b(sum|avg|max|min)\s*\(\s*{_COLUMN}\s*\)", re.IGNORECASE)
_QUANTILE = re.compile(rf"\bquantile\w*\s*\(\s*0?\.(\d+)\s*\)\s*\(\s*{_COLUMN}\s*\)", re.IGNORECASE)
_GROUP_BY = re.compile(rf"\bgroup\s+by\s+{_COLUMN}(?:\s*,\s*{_COLUMN})?", re.IGNORECASE)
_TOP = re.compile(r"\border\s+by\s+[\w()., ]+?\s+(desc|asc)\s+limit\s+(\d+)", re.IGNORECASE)
# a column selected before the aggregate ("session_id, sum(cost_usd) ..."): what the rows are of
_SELECTED = re.compile(rf"^\s*(?:select\s+)?{_COLUMN}\s*,\s*(?=\w+\s*\()", re.IGNORECASE)
_SINCE = re.compile(rf"\b(?:ts|timestamp|time|date)\s*>=?\s*{_DATE}", re.IGNORECASE)
_BETWEEN = re.compile(rf"\b(?:ts|timestamp|time|date)\s+between\s+{_DATE}\s+and\s+{_DATE}", re.IGNORECASE)
_SQL_SAID = re.compile(r"\w\s*\(|\bgroup\s+by\b|\border\s+by\b|\b(?:ts|timestamp)\s*(?:>|<|between)", re.IGNORECASE)


def _distinct(m: re.Match[str]) -> str:
    return "distinct " + _PLURAL[COLUMNS[m.group(1).lower()]]


def _aggregate(m: re.Match[str]) -> str:
    return _AGGREGATES[m.group(1).lower()].format(COLUMNS[m.group(2).lower()])


def _group_by(m: re.Match[str]) -> str:
    columns = [COLUMNS[c.lower()] for c in m.groups() if c]
    return "by " + " and ".join(columns)


def compute_sql_as_words(text: str) -> str:
    """`text` with each SQL fragment written as the words a sentence would use; text with none is returned as is."""
    if not _SQL_SAID.search(text):
        return text
    selected = _SELECTED.match(text)
    out = text[selected.end() :] if selected else text
    out = _DISTINCT.sub(_distinct, out)
    for pattern, words in _FRAGMENTS:
        out = pattern.sub(words, out)
    out = _QUANTILE.sub(lambda m: f"p{m.group(1)[:2].ljust(2, '0')} {COLUMNS[m.group(2).lower()]}", out)
    out = _AGGREGATE.sub(_aggregate, out)
    out = _GROUP_BY.sub(_group_by, out)
    out = _BETWEEN.sub(lambda m: f"from {m.group(1)} to {m.group(2)}", out)
    out = _SINCE.sub(lambda m: f"since {m.group(1)}", out)
    top = _TOP.search(out)
    if top:
        which = "top" if top.group(1).lower() == "desc" else "bottom"
        out = f"{out[: top.start()]}{which} {top.group(2)}{out[top.end() :]}"
    if selected and not re.search(rf"\bby {COLUMNS[selected.group(1).lower()]}\b", out):
        out = f"{out} by {COLUMNS[selected.group(1).lower()]}"
    return out
