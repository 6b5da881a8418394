"""What the collector wrote lately, for the Data page: the org's most recently stored OTLP spans."""

from __future__ import annotations

import pandas as pd
from clickhouse_connect.driver.client import Client

from netra_core.workloads.store import query_df

RECENT_COLUMNS = [
    "ts",
    "workload",
    "provider",
    "model",
    "prompt_tokens",
    "completion_tokens",
    "latency_ms",
    "cost_usd",
    "status",
    "error_type",
    "event_id",
]


def fetch_recent_spans(client: Client, org_id: str, limit: int = 20) -> pd.DataFrame:
    """The org's last `limit` events that came from OpenTelemetry spans, newest write first."""
    return query_df(
        client,
        f"SELECT {', '.join(RECENT_COLUMNS)} FROM workload_events "
        "WHERE org_id = {org:String} AND source = 'otlp' ORDER BY version DESC, ts DESC LIMIT {limit:UInt32}",
        {"org": org_id, "limit": max(1, min(int(limit), 1000))},
    )
