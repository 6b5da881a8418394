"""Helpers shared by the benchmarks: timing, machine facts, a fresh embedded store."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from netra_core.workloads.migrations import upgrade_store
from netra_core.workloads.store import WorkloadStore


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    import chdb

    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "chdb": getattr(chdb, "__version__", "?"),
    }


def median_seconds(fn: Callable[[], Any], repeats: int = 5, warmup: int = 1) -> float:
    """Median wall time of `fn` over `repeats` runs after `warmup` runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def make_bench_store(directory: Path) -> WorkloadStore:
    """A migrated embedded store in `directory`."""
    store = WorkloadStore(f"chdb://{directory}", lock_timeout_s=600)
    with store.session() as client:
        upgrade_store(client)
    return store
