"""The overview dashboard's query set, run together on one store session."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from clickhouse_connect.driver.client import Client

from netra_core.analytics.breakdowns import (
    fetch_error_breakdown,
    fetch_latency_by_model,
    fetch_spend_over_time,
)
from netra_core.analytics.filters import EventFilter
from netra_core.analytics.kpis import fetch_kpis
from netra_core.analytics.semantic import Dimension, Measure, SemanticQuery
from netra_core.analytics.semantic_sql import run_semantic_query
from netra_core.analytics.sources import RollupChoice, decide_rollup

# The semantic dimension each EventFilter field filters.
_FILTERS = {
    "workloads": Dimension.WORKLOAD,
    "models": Dimension.MODEL,
    "providers": Dimension.PROVIDER,
    "task_types": Dimension.TASK_TYPE,
}
# Groups read to compute each one's share of spend (an org has far fewer workloads).
_SHARE_ROWS = 10_000


@dataclass(frozen=True)
class Overview:
    """Everything the overview page draws."""

    kpis: pd.DataFrame
    spend_over_time: pd.DataFrame
    latency_by_model: pd.DataFrame
    errors: pd.DataFrame
    top_workloads: pd.DataFrame


def fetch_overview(client: Client, f: EventFilter, spend_by: str = "model") -> Overview:
    """KPIs with change, spend over time, latency by model, error breakdown, top workloads.

    The source (raw events or the hourly roll-up, see analytics.sources) is chosen once for all five.
    """
    rollup = decide_rollup(client, f)
    return Overview(
        kpis=fetch_kpis(client, f, rollup=rollup),
        spend_over_time=fetch_spend_over_time(client, f, by=spend_by, rollup=rollup),
        latency_by_model=fetch_latency_by_model(client, f, rollup=rollup),
        errors=fetch_error_breakdown(client, f, rollup=rollup),
        top_workloads=fetch_top_workloads(client, f, rollup=rollup),
    )


def make_semantic_filters(f: EventFilter) -> dict[Dimension, list[str]]:
    """The EventFilter's workload, model, provider and task-type filters as a SemanticQuery's `filters`."""
    return {dim: list(getattr(f, name)) for name, dim in _FILTERS.items() if getattr(f, name)}


def fetch_top_workloads(
    client: Client, f: EventFilter, limit: int = 10, rollup: RollupChoice = RollupChoice.AUTO
) -> pd.DataFrame:
    """The biggest spenders by workload, through the semantic layer: workload, spend_usd, requests, share of the
    window's spend; sorted by spend (largest first), then workload."""
    query = SemanticQuery(
        measures=[Measure.SPEND, Measure.REQUESTS],
        dimensions=[Dimension.WORKLOAD],
        filters=make_semantic_filters(f),
        start=f.start,
        end=f.end,
    )
    frame = run_semantic_query(client, query, f.org_id, now=f.end, row_limit=_SHARE_ROWS, rollup=rollup).frame
    frame = frame.rename(columns={"spend": "spend_usd"})
    total = float(frame["spend_usd"].sum())
    frame["share"] = frame["spend_usd"] / total if total else float("nan")
    return frame.head(limit).reset_index(drop=True)
