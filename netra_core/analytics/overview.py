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


@dataclass(frozen=True)
class Overview:
    """Everything the overview page draws."""

    kpis: pd.DataFrame
    spend_over_time: pd.DataFrame
    latency_by_model: pd.DataFrame
    errors: pd.DataFrame
    top_workloads: pd.DataFrame


def fetch_overview(client: Client, f: EventFilter, spend_by: str = "model") -> Overview:
    """KPIs with change, spend over time, latency by model, error breakdown, top workloads."""
    return Overview(
        kpis=fetch_kpis(client, f),
        spend_over_time=fetch_spend_over_time(client, f, by=spend_by),
        latency_by_model=fetch_latency_by_model(client, f),
        errors=fetch_error_breakdown(client, f),
        top_workloads=fetch_top(client, f, by="workload"),
    )
