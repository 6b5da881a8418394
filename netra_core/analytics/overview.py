"""The overview dashboard's query set, run together on one store session."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from clickhouse_connect.driver.client import Client

from netra_core.analytics.breakdowns import (
    fetch_error_breakdown,
    fetch_latency_by_model,
    fetch_spend_over_time,
    fetch_top,
)
from netra_core.analytics.filters import EventFilter
from netra_core.analytics.kpis import fetch_kpis
from netra_core.analytics.sources import use_rollup


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
    rollup = use_rollup(client, f)
    return Overview(
        kpis=fetch_kpis(client, f, rollup=rollup),
        spend_over_time=fetch_spend_over_time(client, f, by=spend_by, rollup=rollup),
        latency_by_model=fetch_latency_by_model(client, f, rollup=rollup),
        errors=fetch_error_breakdown(client, f, rollup=rollup),
        top_workloads=fetch_top(client, f, by="workload", rollup=rollup),
    )
