"""The weekly cost report's content: the numbers the notebook shows, computed here (not in cells)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pandas as pd
from clickhouse_connect.driver.client import Client

from netra_core.analytics.breakdowns import fetch_spend_over_time, fetch_top
from netra_core.analytics.cost_sources import CostSourceMix, fetch_cost_source_mix
from netra_core.analytics.filters import EventFilter
from netra_core.analytics.health import compute_health_notes, fetch_data_health
from netra_core.analytics.kpis import fetch_kpis
from netra_core.analytics.savings import fetch_batchable_spend, fetch_duplicate_share
from netra_core.analytics.sources import decide_rollup
from netra_core.catalog.builtin import builtin_profile
from netra_core.catalog.sync import BATCH_DISCOUNT_BY_PROVIDER
from netra_core.reports.anomalies import compute_anomalies, compute_movers

HISTORY_DAYS = 28


@dataclass(frozen=True)
class WeeklyReport:
    """Everything the weekly cost report shows for one org and period."""

    org_id: str
    start: datetime
    end: datetime
    kpis: pd.DataFrame
    spend_by_model: pd.DataFrame
    spend_by_workload: pd.DataFrame
    workload_movers: pd.DataFrame
    model_movers: pd.DataFrame
    anomalies: pd.DataFrame
    opportunities: pd.DataFrame
    data_notes: list[str] = field(default_factory=list)
    cost_sources: CostSourceMix | None = None  # where the period's costs come from (reported or priced)
    reconciliation: str = ""  # the latest bill's coverage (db/reconciliations.py), when one was reconciled lately


def _batch_discount(provider: str, model: str) -> float:
    profile = builtin_profile(provider, model)
    if profile is not None and profile.batch_discount:
        return profile.batch_discount
    return BATCH_DISCOUNT_BY_PROVIDER.get(provider, 0.0)


def compute_savings_opportunities(duplicates: pd.DataFrame, batchable: pd.DataFrame) -> pd.DataFrame:
    """Cache and batch opportunities per workload; batch savings exclude the cacheable repeats' share (no double count)."""
    rows = []
    dup_share = (
        dict(zip(duplicates["workload"], duplicates["duplicate_share"], strict=True)) if not duplicates.empty else {}
    )
    for r in duplicates.itertuples(index=False):
        if r.duplicate_spend_usd > 0:
            rows.append(
                {
                    "kind": "cache exact duplicates",
                    "workload": r.workload,
                    "savings_usd": float(r.duplicate_spend_usd),
                    "note": f"{r.duplicate_share:.1%} of prompts repeat an earlier one",
                }
            )
    for r in batchable.itertuples(index=False):
        discount = _batch_discount(r.provider, r.model)
        remaining = float(r.spend_usd) * (1 - dup_share.get(r.workload, 0.0))
        if discount and remaining > 0:
            rows.append(
                {
                    "kind": "batch API",
                    "workload": r.workload,
                    "savings_usd": remaining * discount,
                    "note": f"{r.model}: latency-insensitive, {discount:.0%} off through the batch API",
                }
            )
    frame = pd.DataFrame(rows, columns=["kind", "workload", "savings_usd", "note"])
    return frame.sort_values("savings_usd", ascending=False, ignore_index=True)


def fetch_weekly_report(client: Client, org_id: str, end: datetime, days: int = 7) -> WeeklyReport:
    """The report for the `days` ending at `end`, compared with the `days` before."""
    f = EventFilter(org_id, start=end - timedelta(days=days), end=end)
    prev = f.previous()
    history = EventFilter(org_id, start=end - timedelta(days=days + HISTORY_DAYS), end=end)
    daily_workloads = fetch_spend_over_time(client, history, by="workload", grain="day").rename(
        columns={"bucket": "day"}
    )
    daily_workloads["day"] = pd.to_datetime(daily_workloads["day"], utc=True)
    rollup = decide_rollup(client, f)  # one decision for this window and the one before it (same length)
    return WeeklyReport(
        org_id=org_id,
        start=f.start,
        end=f.end,
        kpis=fetch_kpis(client, f, rollup=rollup),
        spend_by_model=fetch_spend_over_time(client, f, by="model", grain="day", rollup=rollup),
        spend_by_workload=fetch_spend_over_time(client, f, by="workload", grain="day", rollup=rollup),
        workload_movers=compute_movers(
            fetch_top(client, f, "workload", 1000, rollup=rollup),
            fetch_top(client, prev, "workload", 1000, rollup=rollup),
            "workload",
        ),
        model_movers=compute_movers(
            fetch_top(client, f, "model", 1000, rollup=rollup),
            fetch_top(client, prev, "model", 1000, rollup=rollup),
            "model",
        ),
        anomalies=compute_anomalies(
            daily_workloads,
            pd.Timestamp(f.start),
            period_end=pd.Timestamp(f.end),
            history_start=pd.Timestamp(history.start),
        ),
        opportunities=compute_savings_opportunities(fetch_duplicate_share(client, f), fetch_batchable_spend(client, f)),
        data_notes=compute_health_notes(fetch_data_health(client, f)),
        cost_sources=fetch_cost_source_mix(client, f),
    )
