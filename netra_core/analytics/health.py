"""Data-quality notes: what is missing from the events that the numbers rest on."""

from __future__ import annotations

import pandas as pd
from clickhouse_connect.driver.client import Client

from netra_core.analytics.filters import EventFilter
from netra_core.workloads.store import query_df


def fetch_data_health(client: Client, f: EventFilter) -> pd.DataFrame:
    """Per source of cost: events, events without a quality score, unpriced events (tokens but no cost), no prompt hash."""
    where, params = f.where()
    sql = f"""
        SELECT count() AS events,
               countIf(quality IS NULL) AS without_quality,
               countIf(cost_source = 'unpriced' OR (cost_usd = 0 AND prompt_tokens + completion_tokens > 0)) AS unpriced,
               countIf(cost_source = 'netra') AS priced_by_netra,
               countIf(prompt_hash = '') AS without_prompt_hash,
               countIf(ttft_ms IS NULL) AS without_ttft
        FROM workload_events WHERE {where}
    """
    return query_df(client, sql, params)


def compute_health_notes(health: pd.DataFrame) -> list[str]:
    """Readable notes from fetch_data_health's row (nothing when everything is present)."""
    row = health.iloc[0]
    total = int(row["events"])
    if total == 0:
        return ["No events in this period: load traffic with `netra ingest` or the Data page."]
    notes = []
    checks = (
        ("without_quality", "have no quality score; quality figures rest on the others (add evals or feedback scores)"),
        (
            "unpriced",
            "have tokens but no cost and no catalog price; spend is understated (add the model's price in the Catalog)",
        ),
        ("priced_by_netra", "had no billed cost and were priced by Netra from the catalog prices of their day"),
        (
            "without_prompt_hash",
            "have no prompt hash, so duplicate-prompt (cache) savings cannot be estimated for them",
        ),
    )
    for column, text in checks:
        n = int(row[column])
        if n:
            notes.append(f"{n:,} of {total:,} events ({n / total:.1%}) {text}.")
    return notes
