"""The request log: one org's events one by one, newest first, filtered and paged; and the spans of one trace.
An event stored again (re-ingested, replaced) is listed once, as last written (FINAL).

Every query is scoped to the filter's org and parameterised (the search text is a parameter, never SQL).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd
from clickhouse_connect.driver.client import Client

from netra_core.analytics.filters import EventFilter
from netra_core.errors import ValidationError
from netra_core.workloads.store import query_df, query_rows

LOG_COLUMNS = (
    "ts",
    "event_id",
    "workload",
    "task_type",
    "provider",
    "model",
    "operation",
    "status",
    "error_type",
    "prompt_tokens",
    "completion_tokens",
    "cached_tokens",
    "usage_known",
    "latency_ms",
    "ttft_ms",
    "cost_usd",
    "cost_source",
    "quality",
    "user_id",
    "session_id",
    "trace_id",
    "finish_reason",
    "source",
)
SEARCHED = ("event_id", "user_id", "session_id", "trace_id", "error_type", "finish_reason")
MAX_PAGE = 1000
Status = Literal["all", "ok", "errors"]


@dataclass(frozen=True)
class LogPage:
    """One page of the log and how many events match in all."""

    rows: pd.DataFrame
    total: int
    offset: int
    limit: int


def _where(f: EventFilter, status: Status, search: str) -> tuple[str, dict[str, object]]:
    where, params = f.where()
    if status == "errors":
        where += " AND status != 'ok'"
    elif status == "ok":
        where += " AND status = 'ok'"
    elif status != "all":
        raise ValidationError(f"status: {status!r} is not one of all, ok, errors")
    text = search.strip()
    if text:
        where += " AND (" + " OR ".join(f"positionCaseInsensitive({c}, {{q:String}}) > 0" for c in SEARCHED) + ")"
        params["q"] = text
    return where, params


def fetch_request_log(
    client: Client, f: EventFilter, *, status: Status = "all", search: str = "", limit: int = 100, offset: int = 0
) -> LogPage:
    """The filter's events newest first (`limit` rows from `offset`), with the total that match.

    `status` keeps all events, only successful ones or only failed ones; `search` matches part of an event, user,
    session or trace id, an error type or a finish reason (case-insensitive)."""
    if not 1 <= limit <= MAX_PAGE:
        raise ValidationError(f"limit: {limit} is not between 1 and {MAX_PAGE}")
    if offset < 0:
        raise ValidationError(f"offset: {offset} is negative")
    where, params = _where(f, status, search)
    total = int(query_rows(client, f"SELECT count() FROM workload_events FINAL WHERE {where}", params)[0][0])
    sql = (
        f"SELECT {', '.join(LOG_COLUMNS)} FROM workload_events FINAL WHERE {where} "
        "ORDER BY ts DESC, event_id LIMIT {limit:UInt32} OFFSET {offset:UInt64}"
    )
    rows = query_df(client, sql, params | {"limit": limit, "offset": offset})
    return LogPage(rows=rows, total=total, offset=offset, limit=limit)


def fetch_trace(client: Client, org_id: str, trace_id: str, limit: int = MAX_PAGE) -> pd.DataFrame:
    """Every event of the org that shares the trace id, in the order they started (an empty id matches nothing)."""
    if not trace_id.strip():
        return pd.DataFrame(columns=list(LOG_COLUMNS))
    sql = (
        f"SELECT {', '.join(LOG_COLUMNS)}, parent_span_id FROM workload_events FINAL "
        "WHERE org_id = {org:String} AND trace_id = {trace:String} ORDER BY ts, event_id LIMIT {limit:UInt32}"
    )
    return query_df(client, sql, {"org": org_id, "trace": trace_id.strip(), "limit": limit})


def fetch_trace_costs(client: Client, f: EventFilter, limit: int = 10) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What one user request or agent run costs, where spans share a trace id: per workload, the traces' count
    and their cost, tokens and duration (mean, median, p95); and the `limit` dearest traces. A trace belongs to
    the workload of its first span.

    The filter's spans are summed per trace (a trace crossing the window's edge counts its spans inside it); its
    duration runs from its first span's start to its last span's end. Events without a trace id are left out."""
    where, params = f.where()
    per_trace = f"""
        SELECT trace_id, argMin(workload, ts) AS trace_workload, count() AS spans, sum(cost_usd) AS trace_cost,
               sumIf(prompt_tokens + completion_tokens, usage_known = 1) AS trace_tokens,
               countIf(status != 'ok') AS failed_spans,
               dateDiff('millisecond', min(ts), max(ts + toIntervalMillisecond(toInt64(latency_ms)))) AS duration_ms,
               min(ts) AS started
        FROM workload_events FINAL WHERE {where} AND trace_id != ''
        GROUP BY trace_id
    """
    summary = query_df(
        client,
        f"""
        SELECT trace_workload AS workload, count() AS traces, avg(spans) AS spans_per_trace,
               sum(trace_cost) AS cost_usd, avg(trace_cost) AS cost_per_trace,
               quantileExact(0.5)(trace_cost) AS median_cost_per_trace,
               quantileExact(0.95)(trace_cost) AS p95_cost_per_trace, avg(trace_tokens) AS tokens_per_trace,
               quantileExact(0.5)(duration_ms) AS median_duration_ms,
               countIf(failed_spans > 0) / count() AS failed_share
        FROM ({per_trace}) GROUP BY workload ORDER BY cost_usd DESC, workload
    """,
        params,
    )
    dearest = query_df(
        client,
        f"""
        SELECT trace_id, trace_workload AS workload, started, spans, trace_cost AS cost_usd, trace_tokens AS tokens,
               duration_ms, failed_spans
        FROM ({per_trace}) ORDER BY cost_usd DESC, trace_id LIMIT {{limit:UInt32}}
    """,
        params | {"limit": limit},
    )
    return summary, dearest
