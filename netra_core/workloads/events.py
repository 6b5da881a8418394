"""Writing and counting workload events (the full ingest pipeline builds on `save_events`)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from clickhouse_connect.driver.client import Client

from netra_core.errors import ValidationError
from netra_core.revisions import EVENTS, bump_revision
from netra_core.workloads.store import query_rows

EVENT_COLUMNS: dict[str, Any] = {
    "event_id": "",
    "ts": None,
    "org_id": "",
    "workload": "",
    "task_type": "",
    "user_id": "",
    "session_id": "",
    "provider": "",
    "model": "",
    "region": "",
    "prompt_tokens": 0,
    "completion_tokens": 0,
    "cached_tokens": 0,
    "reasoning_tokens": 0,
    "latency_ms": 0.0,
    "ttft_ms": None,
    "cost_usd": 0.0,
    "cost_source": "billed",
    "status": "ok",
    "error_type": "",
    "quality": None,
    "prompt_hash": "",
    "is_batch": 0,
    "metadata": None,
    "source": "",
}


def fetch_existing_ids(client: Client, org_id: str, event_ids: list[str]) -> set[str]:
    """Which of these event ids the org already has, at any time.

    Not only inside the batch's time range: the same id with a shifted timestamp sorts elsewhere in
    ReplacingMergeTree's key, is never merged away, and would be counted twice.
    """
    if not event_ids:
        return set()
    rows = query_rows(
        client,
        "SELECT DISTINCT event_id FROM workload_events WHERE org_id = {org:String} AND event_id IN {ids:Array(String)}",
        {"org": org_id, "ids": event_ids},
    )
    return {r[0] for r in rows}


def save_events(client: Client, org_id: str, events: pd.DataFrame) -> int:
    """Insert events for one org, skipping ids already stored; returns the number written."""
    if events.empty:
        return 0
    frame = events.copy()
    if "org_id" in frame and (frame["org_id"] != org_id).any():
        raise ValidationError(f"org_id: events for another org cannot be written into {org_id!r}")
    frame["org_id"] = org_id
    for column, default in EVENT_COLUMNS.items():
        if column not in frame:
            frame[column] = default
    frame["ts"] = pd.to_datetime(frame["ts"], utc=True)
    frame["metadata"] = frame["metadata"].apply(lambda m: m if isinstance(m, dict) else {})
    frame = frame.drop_duplicates("event_id", keep="last")
    existing = fetch_existing_ids(client, org_id, frame["event_id"].tolist())
    if existing:
        frame = frame[~frame["event_id"].isin(existing)]
    if frame.empty:
        return 0
    client.insert_df("workload_events", frame[list(EVENT_COLUMNS)])
    bump_revision(EVENTS)
    return len(frame)


def fetch_event_count(client: Client, org_id: str) -> int:
    """How many events the org has."""
    rows = query_rows(client, "SELECT count() FROM workload_events FINAL WHERE org_id = {org:String}", {"org": org_id})
    return int(rows[0][0])


def fetch_has_events(client: Client, org_id: str) -> bool:
    """Whether the org has any event (one indexed row read, not a count)."""
    rows = query_rows(client, "SELECT 1 FROM workload_events WHERE org_id = {org:String} LIMIT 1", {"org": org_id})
    return bool(rows)


def fetch_event_counts_by_org(client: Client) -> dict[str, int]:
    """Events per org id, for every org in the store (an operator's view: `netra orgs list`)."""
    rows = query_rows(client, "SELECT org_id, count() FROM workload_events FINAL GROUP BY org_id ORDER BY org_id")
    return {str(org): int(n) for org, n in rows}
