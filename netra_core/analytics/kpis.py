"""Headline KPIs for a window, with the change versus the window of the same length just before it."""

from __future__ import annotations

import math

import pandas as pd
from clickhouse_connect.driver.client import Client

from netra_core.analytics.filters import EventFilter
from netra_core.analytics.sources import ROLLUP_COLUMNS, RollupChoice, is_rollup_read, rollup_source
from netra_core.workloads.store import query_rows

KPI_METRICS = (
    "spend_usd",
    "requests",
    "tokens",
    "latency_p50_ms",
    "latency_p95_ms",
    "latency_p99_ms",
    "error_rate",
    "mean_quality",
    "cost_per_1k_requests",
)


def kpi_sql(f: EventFilter, rollup: bool = False) -> tuple[str, dict[str, object]]:
    """One scan over both windows: If-combinators split current from previous.

    With `rollup`, both windows read the hourly roll-up (see analytics.sources) instead of the raw events.
    """
    prev = f.previous()
    cur_src, prev_src = (rollup_source(f, "c"), rollup_source(prev, "p")) if rollup else (None, None)
    if cur_src is not None and prev_src is not None:
        cols = ROLLUP_COLUMNS
        table = (
            f"(SELECT 1 AS cur, {cols} FROM {cur_src.table} UNION ALL SELECT 0 AS cur, {cols} FROM {prev_src.table})"
        )
        sql = f"""
            SELECT
                sumIf(cost_usd, cur = 1), sumIf(cost_usd, cur = 0),
                sumIf(requests, cur = 1), sumIf(requests, cur = 0),
                sumIf(prompt_tokens + completion_tokens, cur = 1), sumIf(prompt_tokens + completion_tokens, cur = 0),
                quantilesTDigestMergeIf(0.5, 0.95, 0.99)(latency, cur = 1),
                quantilesTDigestMergeIf(0.5, 0.95, 0.99)(latency, cur = 0),
                sumIf(errors, cur = 1), sumIf(errors, cur = 0),
                sumIf(quality_sum, cur = 1) / sumIf(quality_n, cur = 1),
                sumIf(quality_sum, cur = 0) / sumIf(quality_n, cur = 0)
            FROM {table}
        """
        return sql, cur_src.params | prev_src.params
    # The dimension filters are the same for both windows; only the time range differs.
    where, params = prev.where()
    params["end"] = f.end
    params["cur_start"] = f.start
    cur = "ts >= {cur_start:DateTime64(3, 'UTC')}"
    sql = f"""
        SELECT
            sumIf(cost_usd, {cur}), sumIf(cost_usd, NOT ({cur})),
            countIf({cur}), countIf(NOT ({cur})),
            sumIf(prompt_tokens + completion_tokens, {cur}), sumIf(prompt_tokens + completion_tokens, NOT ({cur})),
            quantilesIf(0.5, 0.95, 0.99)(latency_ms, {cur}), quantilesIf(0.5, 0.95, 0.99)(latency_ms, NOT ({cur})),
            countIf(status != 'ok' AND {cur}), countIf(status != 'ok' AND NOT ({cur})),
            avgIf(quality, {cur}), avgIf(quality, NOT ({cur}))
        FROM workload_events
        WHERE {where}
    """
    return sql, params


def _nan(value: object) -> float:
    if value is None:
        return math.nan
    number = float(value)  # type: ignore[arg-type]
    return number


def fetch_kpis(client: Client, f: EventFilter, rollup: RollupChoice = RollupChoice.AUTO) -> pd.DataFrame:
    """metric, value, previous, change, change_pct (NaN where there is nothing to compare).

    `rollup` picks the source (analytics.sources); AUTO decides from the window's size.
    """
    sql, params = kpi_sql(f, is_rollup_read(client, f, rollup))
    row = query_rows(client, sql, params)[0]
    spend, prev_spend, req, prev_req, tok, prev_tok, lat, prev_lat, err, prev_err, q, prev_q = row

    def quant(values: list[float], i: int, n: int) -> float:
        return float(values[i]) if n else math.nan

    current = {
        "spend_usd": float(spend),
        "requests": float(req),
        "tokens": float(tok),
        "latency_p50_ms": quant(lat, 0, req),
        "latency_p95_ms": quant(lat, 1, req),
        "latency_p99_ms": quant(lat, 2, req),
        "error_rate": err / req if req else math.nan,
        "mean_quality": _nan(q),
        "cost_per_1k_requests": spend / req * 1000 if req else math.nan,
    }
    previous = {
        "spend_usd": float(prev_spend),
        "requests": float(prev_req),
        "tokens": float(prev_tok),
        "latency_p50_ms": quant(prev_lat, 0, prev_req),
        "latency_p95_ms": quant(prev_lat, 1, prev_req),
        "latency_p99_ms": quant(prev_lat, 2, prev_req),
        "error_rate": prev_err / prev_req if prev_req else math.nan,
        "mean_quality": _nan(prev_q),
        "cost_per_1k_requests": prev_spend / prev_req * 1000 if prev_req else math.nan,
    }
    frame = pd.DataFrame(
        {
            "metric": list(KPI_METRICS),
            "value": [current[m] for m in KPI_METRICS],
            "previous": [previous[m] for m in KPI_METRICS],
        }
    )
    frame["change"] = frame["value"] - frame["previous"]
    frame["change_pct"] = (frame["change"] / frame["previous"].where(frame["previous"] != 0)) * 100
    return frame


def kpis_as_dict(frame: pd.DataFrame) -> dict[str, dict[str, float | None]]:
    """The KPI frame as JSON-ready {metric: {value, previous, change, change_pct}} (NaN -> None)."""
    out: dict[str, dict[str, float | None]] = {}
    for row in frame.itertuples(index=False):
        out[str(row.metric)] = {
            k: (None if pd.isna(v) else round(float(v), 6))
            for k, v in (
                ("value", row.value),
                ("previous", row.previous),
                ("change", row.change),
                ("change_pct", row.change_pct),
            )
        }
    return out
