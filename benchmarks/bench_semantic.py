"""Semantic queries (analytics.semantic_sql) at 1 M events (or `--events N`): each query end to end, median of runs.

Prints one JSON document. Data: the traffic generator's default spec for org `bench` over 30 days, plus 10 % as
many events for another org. Each query is timed as `run_semantic_query` inside one open store session (window
read, coverage read, and the comparison window's two reads when asked); the roll-up queries are also timed
forced onto the raw events, and the exact quantiles are the raw events' by design.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from benchmarks.common import machine, make_bench_store, median_seconds
from netra_core.analytics.semantic import SemanticQuery
from netra_core.analytics.semantic_sql import run_semantic_query
from netra_core.analytics.sources import RollupChoice

DAYS = 30
QUERIES: dict[str, dict[str, Any]] = {
    "spend_requests_by_model": {"measures": ["spend", "requests", "error_rate"], "dimensions": ["model"]},
    "spend_by_workload_per_day": {"measures": ["spend"], "dimensions": ["workload"], "grain": "day"},
    "spend_vs_previous_period_per_model": {
        "measures": ["spend"],
        "dimensions": ["model"],
        "compare": "previous_period",
    },
    "latency_p50_p95_p99_by_model": {
        "measures": ["latency_p50", "latency_p95", "latency_p99"],
        "dimensions": ["model"],
    },
    "ttft_p95_by_workload_vs_last_week": {
        "measures": ["ttft_p95"],
        "dimensions": ["workload"],
        "compare": "same_weekday_last_week",
    },
    "top10_users_by_spend": {"measures": ["spend", "requests"], "dimensions": ["user"], "top_n": 10},
    "cost_per_1k_tokens_by_model": {"measures": ["cost_per_1k_tokens", "avg_input_tokens"], "dimensions": ["model"]},
    "error_spend_by_error_type": {"measures": ["error_spend", "errors"], "dimensions": ["error_type"]},
}


def main() -> None:
    """Load, then time each query (and the roll-up ones forced raw)."""
    from netra_core.generator import default_spec, save_generated

    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    end = pd.Timestamp("2026-11-01", tz="UTC").to_pydatetime()
    with tempfile.TemporaryDirectory() as tmp:
        store = make_bench_store(Path(tmp) / "store")
        started = time.perf_counter()
        save_generated(store, "bench", default_spec(), n_events=args.events, days=DAYS, seed=1, end=end)
        save_generated(
            store, "other", default_spec(), n_events=max(args.events // 10, 1000), days=DAYS, seed=2, end=end
        )
        load_s = time.perf_counter() - started
        now = end - timedelta(hours=3, minutes=20)  # a window whose ends fall inside hours
        out: dict[str, Any] = {}
        with store.session() as client:
            for name, spec in QUERIES.items():
                query = SemanticQuery.model_validate({"start": now - timedelta(days=7), "end": now, **spec})
                result = run_semantic_query(client, query, "bench", now)
                entry: dict[str, Any] = {
                    "source": result.source,
                    "rows": len(result.frame),
                    "seconds": round(
                        median_seconds(partial(run_semantic_query, client, query, "bench", now), repeats=args.repeats),
                        4,
                    ),
                }
                if result.source == "rollup":
                    entry["forced_raw_seconds"] = round(
                        median_seconds(
                            partial(run_semantic_query, client, query, "bench", now, rollup=RollupChoice.RAW),
                            repeats=args.repeats,
                        ),
                        4,
                    )
                out[name] = entry
    print(
        json.dumps(
            {
                "benchmark": "semantic",
                "machine": machine(),
                "events": args.events,
                "window_days": 7,
                "load_s": round(load_s, 2),
                "queries": out,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
