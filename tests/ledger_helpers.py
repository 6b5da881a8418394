"""What the ledger suites share: gateway events written as JSONL into a real store, a policy, a dated version."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from netra_core.db.models import Org, PolicyVersion
from netra_core.db.policies import save_policy_version
from netra_core.optimizer.policy import RouteRule, RouteTarget, RoutingPolicy
from netra_core.optimizer.segments import PromptBuckets
from netra_core.workloads.ingest import ingest_files
from netra_core.workloads.store import WorkloadStore

FORECAST = {
    "savings_window_usd": 120.0,
    "window_spend_usd": 400.0,
    "savings_share": 0.3,
    "savings_month": 120.0,
    "savings_month_lo": 90.0,
    "savings_month_hi": 150.0,
    "interval_level": 0.95,
    "events": 1000,
    "window_days": 30.0,
    "definition": "Replayed on your own 1,000 requests of the last 30 days: ...",
}


def at(day: int, hour: int = 12) -> datetime:
    """A moment in November 2026 (UTC)."""
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def make_policy(org: str, model: str = "small", forecast: dict[str, Any] | None = None) -> RoutingPolicy:
    """A one-rule policy carrying a replayed-savings summary as `netra optimize` writes it."""
    rule = RouteRule("support", "chat", "short", (RouteTarget("acme-ai", model),), requests=10)
    return RoutingPolicy(
        org_id=org,
        quality_floor=0.8,
        buckets=PromptBuckets((500,), ("short", "long")),
        rules=(rule,),
        default=RouteTarget("acme-ai", "big"),
        summary=dict(FORECAST if forecast is None else forecast),
    )


def make_gateway_event(event_id: str, ts: datetime, **overrides: Any) -> dict[str, Any]:
    """One event as the gateway writes it (source 'gateway', routing metadata); overrides replace any field."""
    meta = {
        "policy_version": "1",
        "segment": "support/chat/short",
        "route_reason": "policy",
        "requested_model": "big",
        "baseline_provider": "acme-ai",
        "baseline_model": "big",
        "attempts": "1",
    }
    meta.update(overrides.pop("metadata", {}))
    event = {
        "event_id": event_id,
        "ts": ts.isoformat().replace("+00:00", "Z"),
        "workload": "support",
        "task_type": "chat",
        "provider": "acme-ai",
        "model": "small",
        "prompt_tokens": 1000,
        "completion_tokens": 500,
        "cached_tokens": 0,
        "latency_ms": 100.0,
        "cost_usd": 0.0,
        "source": "gateway",
        "metadata": {k: v for k, v in meta.items() if v is not None},
    }
    event.update(overrides)
    return event


def write_events(store: WorkloadStore, folder: Path, org: str, events: list[dict[str, Any]]) -> None:
    """Ingest the events as a JSONL file, as any JSONL upload is ingested."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{org}-{events[0]['event_id']}.jsonl"
    path.write_text("".join(json.dumps(e) + "\n" for e in events))
    ingest_files(store, [path], org, fmt="jsonl")


def save_dated_version(
    sessions: sessionmaker[Session],
    org: str,
    activated: datetime | None,
    retired: datetime | None = None,
    policy: RoutingPolicy | None = None,
) -> int:
    """Save a version and date its active period (activation stamps 'now'; the ledger's test needs known times)."""
    with sessions.begin() as s:
        info = save_policy_version(s, org, policy or make_policy(org), actor="test")
        row = s.scalars(
            select(PolicyVersion).join(Org).where(Org.slug == org, PolicyVersion.version == info.version)
        ).one()
        if activated is not None:
            row.status = "retired" if retired is not None else "active"
            row.activated_at, row.retired_at = activated, retired
        return info.version
