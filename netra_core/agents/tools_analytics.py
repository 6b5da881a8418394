"""Data-analysis tools: thin typed wrappers over netra_core.analytics (plus two small org-scoped lookups)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, Literal

import pandas as pd
from pydantic import Field

from netra_core.agents.describe_analytics import (
    describe_batchable_spend,
    describe_duplicate_share,
    describe_error_breakdown,
    describe_kpis,
    describe_latency_by_model,
    describe_spend_change,
    describe_spend_over_time,
    describe_token_stats,
    describe_top_spenders,
    describe_unit_costs,
)
from netra_core.agents.tools import (
    Describer,
    Tool,
    ToolArgs,
    ToolContext,
    ToolResult,
    WindowArgs,
    compute_json_value,
    compute_records,
    compute_window,
)
from netra_core.analytics.breakdowns import (
    fetch_error_breakdown,
    fetch_latency_by_model,
    fetch_spend_over_time,
    fetch_token_stats,
    fetch_top,
)
from netra_core.analytics.filters import EventFilter
from netra_core.analytics.kpis import fetch_kpis, kpis_as_dict
from netra_core.analytics.savings import fetch_batchable_spend, fetch_duplicate_share
from netra_core.analytics.semantic import Comparison, Dimension, Measure, SemanticQuery
from netra_core.analytics.semantic_sql import run_semantic_query
from netra_core.analytics.sources import decide_rollup
from netra_core.workloads.store import query_rows

AGENT = "data_analysis"
GroupBy = Literal["model", "workload", "provider", "task_type"]
TopBy = Literal["workload", "user", "session", "model"]
# How far back the assistant looks to learn an org's workload, model and provider names.
DIMENSION_LOOKBACK_DAYS = 400


def _or_empty(fetch: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """The frame, or an empty one: on a window without events some analytics post-processing finds no columns."""
    try:
        return fetch()
    except KeyError:
        return pd.DataFrame()


def _spend_by(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Spend per group from a spend-over-time frame (an empty window has no columns at all)."""
    if frame.empty:
        return pd.DataFrame({by: pd.Series(dtype="object"), "spend_usd": pd.Series(dtype="float64")})
    return frame.groupby(by, as_index=False)["spend_usd"].sum()


def _sql(ctx: ToolContext, since: int) -> list[dict[str, object]]:
    return [r.as_dict() for r in ctx.sql_log[since:]]


class NoArgs(ToolArgs):
    """No arguments."""


class SpendChangeArgs(WindowArgs):
    by: GroupBy = "model"


class SpendOverTimeArgs(WindowArgs):
    by: GroupBy = "model"
    grain: Literal["hour", "day", "week", "month"] | None = None


class TokenArgs(WindowArgs):
    by: GroupBy = "workload"


class TopArgs(WindowArgs):
    by: TopBy = "workload"
    limit: int = Field(default=10, ge=1, le=100)


def list_dimensions(ctx: ToolContext, args: NoArgs) -> ToolResult:
    """The org's workloads, models, providers and task types with their request counts."""
    f = EventFilter.last_days(ctx.auth.org_slug, DIMENSION_LOOKBACK_DAYS, now=ctx.now + timedelta(days=1))
    where, params = f.where()
    since = len(ctx.sql_log)
    sql = f"""
        SELECT workload, model, provider, task_type, count() AS requests
        FROM workload_events WHERE {where}
        GROUP BY workload, model, provider, task_type
    """
    with ctx.workload_client() as client:
        rows = query_rows(client, sql, params)
    dims: dict[str, dict[str, int]] = {"workloads": {}, "models": {}, "providers": {}, "task_types": {}}
    for workload, model, provider, task_type, n in rows:
        for key, value in (
            ("workloads", workload),
            ("models", model),
            ("providers", provider),
            ("task_types", task_type),
        ):
            if value:
                dims[key][value] = dims[key].get(value, 0) + int(n)
    data = {key: sorted(values) for key, values in dims.items()}
    data["events"] = sum(int(r[4]) for r in rows)  # type: ignore[assignment]
    return ToolResult(data=data, sql=_sql(ctx, since))


def get_kpis(ctx: ToolContext, args: WindowArgs) -> ToolResult:
    """Spend, requests, tokens, latency, errors and quality, with the change versus the previous window."""
    f = args.to_filter(ctx)
    since = len(ctx.sql_log)
    with ctx.workload_client() as client:
        frame = fetch_kpis(client, f)
        coverage = _fetch_coverage(ctx, client, f)
    return ToolResult(
        data={"window": compute_window(f), "kpis": kpis_as_dict(frame), **coverage},
        table=compute_records(frame),
        sql=_sql(ctx, since),
    )


def _fetch_coverage(ctx: ToolContext, client: Any, f: EventFilter) -> dict[str, Any]:
    """The days with data in the window and in the one before it (the semantic layer's coverage read), so a change
    against a period that holds data for only part of its days is said per covered day, or not at all."""
    query = SemanticQuery(
        measures=[Measure.SPEND],
        filters={
            d: list(v)
            for d, v in (
                (Dimension.WORKLOAD, f.workloads),
                (Dimension.MODEL, f.models),
                (Dimension.PROVIDER, f.providers),
                (Dimension.TASK_TYPE, f.task_types),
            )
            if v
        },
        start=f.start,
        end=f.end,
        compare=Comparison.PREVIOUS_PERIOD,
    )
    result = run_semantic_query(client, query, ctx.auth.org_slug, ctx.now, row_limit=10, max_seconds=30)
    if result.comparison_coverage is None:
        return {}
    return {"coverage": result.coverage.as_dict(), "previous_coverage": result.comparison_coverage.as_dict()}


def get_spend_change(ctx: ToolContext, args: SpendChangeArgs) -> ToolResult:
    """Spend per group in this window and the one before it, largest increase first."""
    f = args.to_filter(ctx)
    since = len(ctx.sql_log)
    with ctx.workload_client() as client:
        rollup = decide_rollup(client, f)  # one decision for both windows (same length)
        kpis = kpis_as_dict(fetch_kpis(client, f, rollup=rollup))
        coverage = _fetch_coverage(ctx, client, f)
        by = "model" if args.by == "model" else args.by
        if by in ("model", "workload"):
            cur = fetch_top(client, f, by=by, limit=100, rollup=rollup)
            old = fetch_top(client, f.previous(), by=by, limit=100, rollup=rollup)
        else:
            cur = _spend_by(fetch_spend_over_time(client, f, by=by, grain="month", rollup=rollup), by)
            old = _spend_by(fetch_spend_over_time(client, f.previous(), by=by, grain="month", rollup=rollup), by)
    merged = cur[[by, "spend_usd"]].merge(old[[by, "spend_usd"]], on=by, how="outer", suffixes=("", "_previous"))
    merged = merged.fillna(0.0)
    merged["change_usd"] = merged["spend_usd"] - merged["spend_usd_previous"]
    merged = merged.sort_values(["change_usd", by], ascending=[False, True]).reset_index(drop=True)
    return ToolResult(
        data={"window": compute_window(f), "by": by, "kpis": kpis, **coverage},
        table=compute_records(merged),
        chart={"type": "bar", "x": by, "y": "change_usd"},
        sql=_sql(ctx, since),
    )


def get_spend_over_time(ctx: ToolContext, args: SpendOverTimeArgs) -> ToolResult:
    """Spend, requests and tokens per time bucket and group."""
    f = args.to_filter(ctx)
    since = len(ctx.sql_log)
    with ctx.workload_client() as client:
        frame = fetch_spend_over_time(client, f, by=args.by, grain=args.grain)
    totals = frame.groupby(args.by)["spend_usd"].sum().sort_values(ascending=False) if len(frame) else None
    peak = frame.groupby("bucket")["spend_usd"].sum() if len(frame) else None
    data: dict[str, object] = {"window": compute_window(f), "by": args.by, "total_spend_usd": 0.0}
    if totals is not None and peak is not None:
        data["total_spend_usd"] = compute_json_value(float(totals.sum()))
        data["top_group"] = str(totals.index[0])
        data["top_group_spend_usd"] = compute_json_value(float(totals.iloc[0]))
        data["peak_bucket"] = compute_json_value(peak.idxmax())
        data["peak_spend_usd"] = compute_json_value(float(peak.max()))
        # each bucket's spend over all groups, which the answer lists for a short series
        data["bucket_spend_usd"] = {str(compute_json_value(b)): compute_json_value(float(v)) for b, v in peak.items()}
        data["buckets"] = len(peak)
        data["mean_bucket_spend_usd"] = compute_json_value(float(peak.sum()) / len(peak))
    return ToolResult(
        data=data,
        table=compute_records(frame, limit=500),
        chart={"type": "line", "x": "bucket", "y": "spend_usd", "color": args.by},
        sql=_sql(ctx, since),
    )


def get_latency_by_model(ctx: ToolContext, args: WindowArgs) -> ToolResult:
    """Latency and TTFT percentiles per model."""
    f = args.to_filter(ctx)
    since = len(ctx.sql_log)
    with ctx.workload_client() as client:
        frame = _or_empty(lambda: fetch_latency_by_model(client, f))
        # the window's overall percentiles (all models at once), which the per-model rows cannot give
        kpis = kpis_as_dict(fetch_kpis(client, f, rollup=decide_rollup(client, f))) if len(frame) else {}
    return ToolResult(
        data={"window": compute_window(f), "kpis": kpis},
        table=compute_records(frame),
        chart={"type": "bar", "x": "model", "y": "latency_p95_ms"},
        sql=_sql(ctx, since),
    )


def get_error_breakdown(ctx: ToolContext, args: WindowArgs) -> ToolResult:
    """Errors per model and error type, with each model's error share."""
    f = args.to_filter(ctx)
    since = len(ctx.sql_log)
    with ctx.workload_client() as client:
        rollup = decide_rollup(client, f)
        frame = fetch_error_breakdown(client, f, rollup=rollup)
        kpis = kpis_as_dict(fetch_kpis(client, f, rollup=rollup))
    # each error type's count over all models (the rows are model x type)
    by_type = frame.groupby("error_type")["errors"].sum().sort_values(ascending=False) if len(frame) else None
    errors_by_type = {str(k or "unknown"): int(v) for k, v in by_type.items()} if by_type is not None else {}
    all_errors = sum(errors_by_type.values())
    type_shares = {k: v / all_errors for k, v in errors_by_type.items()} if all_errors else {}
    # each model's errors over all types, and their share of that model's requests ("errors by model")
    by_model = (
        frame.groupby("model").agg(errors=("errors", "sum"), requests=("requests", "first"))
        if len(frame)
        else pd.DataFrame(columns=["errors", "requests"])
    )
    errors_by_model = [
        {
            "model": str(model),
            "errors": int(row.errors),
            "requests": int(row.requests),
            "error_share": row.errors / row.requests,
        }
        for model, row in by_model.sort_values("errors", ascending=False).iterrows()
        if row.requests
    ]
    return ToolResult(
        data={
            "window": compute_window(f),
            "kpis": kpis,
            "errors_by_type": errors_by_type,
            "errors": all_errors,  # the window's failed requests, all types and models
            "error_type_shares": type_shares,
            "errors_by_model": errors_by_model,
        },
        table=compute_records(frame),
        chart={"type": "bar", "x": "model", "y": "errors", "color": "error_type"},
        sql=_sql(ctx, since),
    )


def get_token_stats(ctx: ToolContext, args: TokenArgs) -> ToolResult:
    """Prompt and completion token statistics per group."""
    f = args.to_filter(ctx)
    since = len(ctx.sql_log)
    with ctx.workload_client() as client:
        frame = _or_empty(lambda: fetch_token_stats(client, f, by=args.by))
    return ToolResult(
        data={"window": compute_window(f), "by": args.by}, table=compute_records(frame), sql=_sql(ctx, since)
    )


def get_top_spenders(ctx: ToolContext, args: TopArgs) -> ToolResult:
    """The biggest spenders by workload, user, session or model."""
    f = args.to_filter(ctx)
    since = len(ctx.sql_log)
    with ctx.workload_client() as client:
        frame = fetch_top(client, f, by=args.by, limit=args.limit)
    return ToolResult(
        data={"window": compute_window(f), "by": args.by},
        table=compute_records(frame),
        chart={"type": "bar", "x": args.by, "y": "spend_usd"},
        sql=_sql(ctx, since),
    )


def get_unit_costs(ctx: ToolContext, args: WindowArgs) -> ToolResult:
    """Spend per request, per 1,000 requests, per conversation (session) and per user."""
    f = args.to_filter(ctx)
    where, params = f.where()
    since = len(ctx.sql_log)
    sql = f"""
        SELECT sum(cost_usd), count(), uniqExactIf(session_id, session_id != ''), uniqExactIf(user_id, user_id != '')
        FROM workload_events WHERE {where}
    """
    with ctx.workload_client() as client:
        spend, requests, sessions, users = query_rows(client, sql, params)[0]
    spend, requests, sessions, users = float(spend), int(requests), int(sessions), int(users)
    data = {
        "window": compute_window(f),
        "spend_usd": compute_json_value(spend),
        "requests": requests,
        "sessions": sessions,
        "users": users,
        "cost_per_request_usd": compute_json_value(spend / requests) if requests else None,
        "cost_per_1k_requests_usd": compute_json_value(spend / requests * 1000) if requests else None,
        "cost_per_session_usd": compute_json_value(spend / sessions) if sessions else None,
        "cost_per_user_usd": compute_json_value(spend / users) if users else None,
    }
    return ToolResult(data=data, sql=_sql(ctx, since))


def get_duplicate_share(ctx: ToolContext, args: WindowArgs) -> ToolResult:
    """Repeated prompts per workload and what they cost (what a cache would save)."""
    f = args.to_filter(ctx)
    since = len(ctx.sql_log)
    with ctx.workload_client() as client:
        frame = fetch_duplicate_share(client, f)
    total = float(frame["duplicate_spend_usd"].sum()) if len(frame) else 0.0
    return ToolResult(
        data={"window": compute_window(f), "duplicate_spend_usd": compute_json_value(total)},
        table=compute_records(frame),
        sql=_sql(ctx, since),
    )


def get_batchable_spend(ctx: ToolContext, args: WindowArgs) -> ToolResult:
    """Spend of latency-insensitive workloads not yet sent through a batch API."""
    f = args.to_filter(ctx)
    since = len(ctx.sql_log)
    with ctx.workload_client() as client:
        frame = fetch_batchable_spend(client, f, workloads=tuple(args.workloads))
    total = float(frame["spend_usd"].sum()) if len(frame) else 0.0
    return ToolResult(
        data={"window": compute_window(f), "batchable_spend_usd": compute_json_value(total)},
        table=compute_records(frame),
        sql=_sql(ctx, since),
    )


def make_analytics_tools() -> list[Tool]:
    """The data-analysis sub-agent's tools."""
    spec: list[tuple[str, str, type[ToolArgs], Any]] = [
        ("list_dimensions", "The org's workloads, models, providers and task types.", NoArgs, list_dimensions),
        ("get_kpis", "Headline KPIs for a window with the change versus the previous one.", WindowArgs, get_kpis),
        ("get_spend_change", "Spend per group now versus the previous window.", SpendChangeArgs, get_spend_change),
        ("get_spend_over_time", "Spend per time bucket and group.", SpendOverTimeArgs, get_spend_over_time),
        ("get_latency_by_model", "Latency percentiles per model.", WindowArgs, get_latency_by_model),
        ("get_error_breakdown", "Errors per model and type.", WindowArgs, get_error_breakdown),
        ("get_token_stats", "Token statistics per group.", TokenArgs, get_token_stats),
        ("get_top_spenders", "Biggest spenders by workload, user, session or model.", TopArgs, get_top_spenders),
        ("get_unit_costs", "Cost per request, per conversation and per user.", WindowArgs, get_unit_costs),
        ("get_duplicate_share", "Repeated prompts and their spend (cache savings).", WindowArgs, get_duplicate_share),
        ("get_batchable_spend", "Latency-insensitive spend not using a batch API.", WindowArgs, get_batchable_spend),
    ]
    words: dict[str, Describer] = {
        "get_kpis": describe_kpis,
        "get_spend_change": describe_spend_change,
        "get_spend_over_time": describe_spend_over_time,
        "get_latency_by_model": describe_latency_by_model,
        "get_error_breakdown": describe_error_breakdown,
        "get_token_stats": describe_token_stats,
        "get_top_spenders": describe_top_spenders,
        "get_unit_costs": describe_unit_costs,
        "get_duplicate_share": describe_duplicate_share,
        "get_batchable_spend": describe_batchable_spend,
    }
    return [Tool(name, desc, model, fn, AGENT, describe=words.get(name)) for name, desc, model, fn in spec]
