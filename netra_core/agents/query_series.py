"""A series with a grouping ("spend per workload per week", "daily spend by model"): each group's line, with its
figure in every time bucket and its total over the window, so neither the grouping nor the grain is lost (issue #16).

`describe_query_result` (query_answer.py) hands such a result here when it has no comparison, top N or bound: a
row per group and bucket would list only the first few rows in the text.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from netra_core.agents.query_answer import (
    _bucket_cut,
    _bucket_text,
    _dim_value_text,
    _label,
    _number,
    format_measure,
)
from netra_core.analytics.semantic import SemanticQuery
from netra_core.analytics.semantic_compare import SUMMABLE

# A grouped series is laid out by group when it has at most this many groups and buckets.
MAX_GROUPS = 30
MAX_BUCKETS = 40


def compute_grouped_series_lines(query: SemanticQuery, rows: list[dict[str, Any]]) -> list[str] | None:
    """One line per group of a series by time bucket and dimension, in order of the group's total of the first
    measure; the buckets the window cuts said once. None when the result is not such a series or is too long."""
    if query.grain is None or not query.dimensions or not rows:
        return None
    keys = [d.value for d in query.dimensions]
    buckets = sorted({pd.Timestamp(r["bucket"]) for r in rows})
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(str(row[k]) for k in keys), []).append(row)
    if len(groups) > MAX_GROUPS or len(buckets) > MAX_BUCKETS:
        return None
    first = query.measures[0]

    def total(members: list[dict[str, Any]], m: Any) -> float:
        return sum(_number(r.get(m.value)) or 0.0 for r in members)

    ordered = sorted(groups.items(), key=lambda kv: -total(kv[1], first))
    lines = []
    cuts = [f"{_bucket_text(query.grain, b)}{_bucket_cut(query, b)}" for b in buckets if _bucket_cut(query, b)]
    if cuts:
        lines.append("The window cuts some " + query.grain.value + "s: " + "; ".join(cuts) + ".")
    for _, members in ordered:
        label = ", ".join(_dim_value_text(d, members[0][d.value]) for d in query.dimensions)
        by_bucket = sorted(members, key=lambda r: pd.Timestamp(r["bucket"]))
        cells = []
        for row in by_bucket:
            figures = ", ".join(f"{_label(query, m)} {format_measure(m, row[m.value])}" for m in query.measures)
            cells.append(f"{_bucket_text(query.grain, row['bucket'])} {figures}")
        summed = [m for m in query.measures if m in SUMMABLE]
        whole = ", ".join(f"{_label(query, m)} {format_measure(m, total(members, m))}" for m in summed)
        tail = f" (in all: {whole})" if whole else ""
        lines.append(f"- {label}{tail}: " + "; ".join(cells))
    missing = sum(len(buckets) - len(members) for members in groups.values())
    if missing:
        lines.append(f"A {query.grain.value} missing from a group's line had none of its traffic.")
    return lines
