"""Builders shared by the ingest tests (no tests here): events in Netra's schema, files in each format, store reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from netra_core.workloads.store import WorkloadStore, query_df, query_rows

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"

# USD per million tokens, copied here so the tests check pricing against numbers of their own.
PRICES = {"gpt-4o": (2.5, 10.0, 1.25), "gpt-4o-mini": (0.15, 0.6, 0.075), "claude-3-5-sonnet": (3.0, 15.0, 0.3)}


def expected_cost(model: str, prompt: int, completion: int, cached: int = 0, is_batch: bool = False) -> float:
    """The list-price cost of one request, computed independently of Netra's price book."""
    inp, out, cached_price = PRICES[model]
    cost = ((prompt - cached) * inp + cached * cached_price + completion * out) / 1e6
    return cost * 0.5 if is_batch else cost


def make_events(n: int, prefix: str = "e", seed: int = 0, **overrides: Any) -> pd.DataFrame:
    """n events in Netra's own schema; half carry a billed cost, half are left for Netra to price."""
    rng = np.random.default_rng(seed)
    models = np.array(["gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet"])
    model = models[rng.integers(0, 3, n)]
    data: dict[str, Any] = {
        "event_id": [f"{prefix}{i}" for i in range(n)],
        "ts": pd.date_range("2026-11-01", periods=n, freq="37s", tz="UTC"),
        "workload": np.where(np.arange(n) % 2 == 0, "support-bot", "search"),
        "task_type": "chat",
        "provider": np.where(model == "claude-3-5-sonnet", "anthropic", "openai"),
        "model": model,
        "prompt_tokens": rng.integers(10, 5000, n),
        "completion_tokens": rng.integers(1, 800, n),
        "latency_ms": np.round(rng.uniform(50, 3000, n), 1),
        "cost_usd": np.where(np.arange(n) % 2 == 0, np.round(rng.uniform(0, 0.02, n), 6), np.nan),
    }
    data.update(overrides)
    return pd.DataFrame(data)


def write_events(df: pd.DataFrame, path: Path) -> Path:
    """Write events as CSV, JSON lines or Parquet, chosen by the file's extension."""
    if path.suffix == ".csv":
        out = df.copy()
        out["ts"] = out["ts"].dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        out.to_csv(path, index=False)
    elif path.suffix == ".jsonl":
        out = df.copy()
        out["ts"] = out["ts"].dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        with path.open("w") as fh:
            for rec in out.to_dict(orient="records"):
                fh.write(
                    json.dumps({k: v for k, v in rec.items() if not (isinstance(v, float) and np.isnan(v))}) + "\n"
                )
    elif path.suffix == ".parquet":
        pq.write_table(pa.Table.from_pandas(df, preserve_index=False), path)
    else:
        raise ValueError(path)
    return path


def fetch_events(store: WorkloadStore, org: str) -> pd.DataFrame:
    """The org's stored events, ordered by id."""
    with store.session() as client:
        return query_df(
            client, "SELECT * FROM workload_events FINAL WHERE org_id = {org:String} ORDER BY event_id", {"org": org}
        )


def count_all(store: WorkloadStore) -> int:
    """Every stored event of every org (the store must be unchanged after a rejected run)."""
    with store.session() as client:
        return int(query_rows(client, "SELECT count() FROM workload_events")[0][0])


def staging_tables(store: WorkloadStore) -> list[str]:
    """Staging tables still present (a run must never leave one behind)."""
    with store.session() as client:
        rows = query_rows(client, "SELECT name FROM system.tables WHERE startsWith(name, 'netra_ingest_')")
    return [r[0] for r in rows]
