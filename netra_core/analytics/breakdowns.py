"""Spend over time, latency by model, tokens, errors and top spenders."""

from __future__ import annotations

import pandas as pd
from clickhouse_connect.driver.client import Client

from netra_core.analytics.filters import EventFilter, bucket_expr, choose_grain
from netra_core.analytics.sources import RollupChoice, choose_source
from netra_core.errors import ValidationError
from netra_core.workloads.store import query_df

GROUP_BY = {"model": "model", "workload": "workload", "provider": "provider", "task_type": "task_type"}
TOP_BY = {"workload": "workload", "user": "user_id", "session": "session_id", "model": "model"}


def _column(choices: dict[str, str], key: str, what: str) -> str:
    # Only names from a fixed list ever reach the SQL text.
    if key not in choices:
        raise ValidationError(f"{what}: {key!r} is not one of {', '.join(choices)}")
    return choices[key]


def fetch_spend_over_time(
    client: Client,
    f: EventFilter,
    by: str = "model",
    grain: str | None = None,
    rollup: RollupChoice = RollupChoice.AUTO,
) -> pd.DataFrame:
    """bucket, <by>, spend_usd, requests, tokens — one row per time bucket and group.

    `rollup` picks the source (analytics.sources; None: by the window's size); minute buckets read raw events.
    """
    column = _column(GROUP_BY, by, "group by")
    grain = grain or choose_grain(f.span)
    # Hourly buckets cannot come from the daily roll-up, minute buckets from neither.
    src = choose_source(client, f, rollup=RollupChoice.RAW if grain == "minute" else rollup, daily=grain != "hour")
    bucket = bucket_expr(grain, src.m("time"))
    sql = f"""
        SELECT {bucket} AS bucket, {column} AS `{by}`, {src.m("spend")} AS spend_usd,
               {src.m("requests")} AS requests, {src.m("tokens")} AS tokens
        FROM {src.table} WHERE {src.where}
        GROUP BY bucket, `{by}` ORDER BY bucket, `{by}`
    """
    return query_df(client, sql, src.params)


def fetch_latency_by_model(client: Client, f: EventFilter, rollup: RollupChoice = RollupChoice.AUTO) -> pd.DataFrame:
    """model, requests, latency p50/p95/p99, TTFT p50/p95 (ms), sorted by requests."""
    src = choose_source(client, f, rollup=rollup)
    sql = f"""
        SELECT model, {src.m("requests")} AS requests, {src.m("latency")} AS q, {src.m("ttft")} AS t
        FROM {src.table} WHERE {src.where}
        GROUP BY model ORDER BY requests DESC, model
    """
    frame = query_df(client, sql, src.params)
    out = pd.DataFrame({"model": frame["model"], "requests": frame["requests"]})
    for i, name in enumerate(("latency_p50_ms", "latency_p95_ms", "latency_p99_ms")):
        out[name] = frame["q"].map(lambda q, i=i: q[i])
    for i, name in enumerate(("ttft_p50_ms", "ttft_p95_ms")):
        out[name] = frame["t"].map(lambda t, i=i: t[i] if len(t) else float("nan"))
    return out


def fetch_token_stats(client: Client, f: EventFilter, by: str = "workload") -> pd.DataFrame:
    """Per group: requests and prompt/completion token mean, p50, p95, max (of requests with known usage)."""
    column = _column(GROUP_BY, by, "group by")
    where, params = f.where()
    sql = f"""
        SELECT {column} AS `{by}`, count() AS requests,
               avgIf(prompt_tokens, usage_known = 1) AS prompt_mean,
               quantilesIf(0.5, 0.95)(prompt_tokens, usage_known = 1) AS pq,
               maxIf(prompt_tokens, usage_known = 1) AS prompt_max,
               avgIf(completion_tokens, usage_known = 1) AS completion_mean,
               quantilesIf(0.5, 0.95)(completion_tokens, usage_known = 1) AS cq,
               maxIf(completion_tokens, usage_known = 1) AS completion_max
        FROM workload_events WHERE {where}
        GROUP BY `{by}` ORDER BY requests DESC
    """
    frame = query_df(client, sql, params)
    for prefix, col in (("prompt", "pq"), ("completion", "cq")):
        frame[f"{prefix}_p50"] = frame[col].map(lambda q: q[0])
        frame[f"{prefix}_p95"] = frame[col].map(lambda q: q[1])
    return frame.drop(columns=["pq", "cq"])


def fetch_token_histogram(client: Client, f: EventFilter, column: str = "prompt_tokens") -> pd.DataFrame:
    """Requests with known usage per power-of-two token bucket: bucket_lo, bucket_hi, requests."""
    col = _column({"prompt_tokens": "prompt_tokens", "completion_tokens": "completion_tokens"}, column, "column")
    where, params = f.where()
    sql = f"""
        SELECT if({col} = 0, 0, toUInt64(pow(2, floor(log2({col}))))) AS bucket_lo, count() AS requests
        FROM workload_events WHERE {where} AND usage_known = 1
        GROUP BY bucket_lo ORDER BY bucket_lo
    """
    frame = query_df(client, sql, params)
    frame["bucket_hi"] = (frame["bucket_lo"] * 2).where(frame["bucket_lo"] > 0, 1)
    return frame[["bucket_lo", "bucket_hi", "requests"]]


def fetch_error_breakdown(client: Client, f: EventFilter, rollup: RollupChoice = RollupChoice.AUTO) -> pd.DataFrame:
    """model, error_type, errors, requests of that model, error_share of that model's requests."""
    src = choose_source(client, f, rollup=rollup)
    if src.kind == "rollup":
        # The roll-up counts errors per type in a map: sum the maps per model, then one row per type.
        per_type = f"""
            SELECT model, error_type, errors, model_requests
            FROM (
                SELECT model, sumMap(error_types) AS by_type, sum(requests) AS model_requests
                FROM {src.table} WHERE {src.where} GROUP BY model
            )
            ARRAY JOIN mapKeys(by_type) AS error_type, mapValues(by_type) AS errors
        """
    else:
        # Group first, then a window over the few groups gives each model's request count.
        per_type = f"""
            SELECT model, error_type, countIf(status != 'ok') AS errors,
                   sum(count()) OVER (PARTITION BY model) AS model_requests
            FROM {src.table} WHERE {src.where}
            GROUP BY model, error_type
        """
    sql = f"""
        SELECT model, error_type, errors, model_requests AS requests, errors / model_requests AS error_share
        FROM ({per_type})
        WHERE errors > 0
        ORDER BY errors DESC, model, error_type
    """
    return query_df(client, sql, src.params)


def fetch_top(
    client: Client, f: EventFilter, by: str = "workload", limit: int = 10, rollup: RollupChoice = RollupChoice.AUTO
) -> pd.DataFrame:
    """The biggest spenders by workload, user, session or model: <by>, spend_usd, requests, share of spend."""
    column = _column(TOP_BY, by, "top by")
    # Users and sessions are not in the roll-up.
    src = choose_source(client, f, rollup=RollupChoice.RAW if by in {"user", "session"} else rollup)
    params = src.params | {"limit": int(limit)}
    sql = f"""
        SELECT {column} AS `{by}`, {src.m("spend")} AS spend_usd, {src.m("requests")} AS requests,
               spend_usd / nullIf(sum(spend_usd) OVER (), 0) AS share
        FROM {src.table} WHERE {src.where}
        GROUP BY `{by}` ORDER BY spend_usd DESC, `{by}` LIMIT {{limit:UInt32}}
    """
    return query_df(client, sql, params)
