"""A second process for the shared-store tests: `python -m tests.helpers.store_worker MODE URL ...`."""

from __future__ import annotations

import sys
import time

import pandas as pd

from netra_core.workloads.events import fetch_event_count, save_events
from netra_core.workloads.store import WorkloadStore


def hold(url: str, seconds: float) -> None:
    """Hold a session open for `seconds` (a stuck or long-running process)."""
    store = WorkloadStore(url, lock_timeout_s=60)
    with store.session() as client:
        client.query("SELECT 1")
        print("holding", flush=True)
        time.sleep(seconds)


def write_loop(url: str, org: str, prefix: str, rounds: int) -> None:
    """Open, write one event, read the count, close — `rounds` times, as a notebook or report would."""
    store = WorkloadStore(url, lock_timeout_s=60)
    for i in range(rounds):
        frame = pd.DataFrame(
            {
                "event_id": [f"{prefix}-{i}"],
                "ts": [pd.Timestamp("2026-11-01", tz="UTC") + pd.Timedelta(minutes=i)],
                "workload": ["w"],
                "task_type": ["chat"],
                "provider": ["p"],
                "model": ["m"],
                "prompt_tokens": [10],
                "completion_tokens": [5],
                "latency_ms": [100.0],
                "cost_usd": [0.001],
            }
        )
        with store.session() as client:
            save_events(client, org, frame)
            fetch_event_count(client, org)
    print("done", flush=True)


if __name__ == "__main__":
    mode, target = sys.argv[1], sys.argv[2]
    if mode == "hold":
        hold(target, float(sys.argv[3]))
    else:
        write_loop(target, sys.argv[3], sys.argv[4], int(sys.argv[5]))
