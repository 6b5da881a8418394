"""Generator speed: events/s for generation alone and for generation + insert into an embedded store.

Run `python -m benchmarks.bench_generator [--events N ...]`; prints one JSON document. The baseline
in the same run is the engine loading the very same Arrow tables, generated beforehand, in the same
batches (chdb's `INSERT ... SELECT FROM Python(table)`), so the end-to-end figure shows what
generation adds on top of writing. cpu_s (all threads of the process) does not grow with the load
other processes put on the machine; seconds do.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

import pyarrow as pa

from netra_core.generator import iter_event_chunks, save_generated
from netra_core.generator.event_blocks import iter_event_blocks
from netra_core.generator.event_tables import compute_event_table, compute_truth_frame
from netra_core.generator.generated_events import ROWS_PER_SESSION, save_event_tables
from netra_core.generator.generation_plan import compute_plan
from netra_core.generator.planted import TruthAccumulator
from netra_core.generator.traffic_profiles import default_spec
from netra_core.workloads.migrations import upgrade_store
from netra_core.workloads.store import WorkloadStore

DAYS, SEED = 30, 1


def _machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_average_1m_at_start": round(os.getloadavg()[0], 2),
    }


def _cpu_s() -> float:
    """CPU seconds of this process, all threads (the engine's included): a figure that load does not inflate."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _rate(n: int, seconds: float, cpu_s: float | None = None) -> dict[str, float]:
    out = {"seconds": round(seconds, 3), "events_per_s": round(n / seconds)}
    if cpu_s is not None:
        out["cpu_s"] = round(cpu_s, 3)
    return out


def measure_generation(n_events: int) -> dict[str, Any]:
    """Generation alone: the write path's work without the insert, and the DataFrame path."""
    spec = default_spec()
    started, cpu = time.perf_counter(), _cpu_s()
    accumulator = TruthAccumulator(spec)
    rows = 0
    for block in iter_event_blocks(compute_plan(spec, n_events, DAYS, SEED)):
        accumulator.add(compute_truth_frame(block))
        rows += compute_event_table(block, "bench").num_rows
    accumulator.finish()
    arrow_s, arrow_cpu = time.perf_counter() - started, _cpu_s() - cpu
    started, cpu = time.perf_counter(), _cpu_s()
    frame_rows = sum(len(chunk) for chunk in iter_event_chunks(spec, n_events, DAYS, SEED))
    frames_s, frames_cpu = time.perf_counter() - started, _cpu_s() - cpu
    assert rows == frame_rows == n_events
    return {
        "arrow_tables_with_truth": _rate(n_events, arrow_s, arrow_cpu),
        "dataframes": _rate(n_events, frames_s, frames_cpu),
    }


def measure_insert(n_events: int, workdir: Path) -> dict[str, Any]:
    """Generation + insert through save_generated, and the raw insert of the same tables as the baseline."""
    spec = default_spec()
    store = WorkloadStore(f"chdb://{workdir / 'workloads'}", lock_timeout_s=60)
    with store.session() as client:
        upgrade_store(client)
    cpu = _cpu_s()
    report = save_generated(store, "bench", spec, n_events, DAYS, SEED)
    save_cpu = _cpu_s() - cpu
    # The baseline: the engine loading the same tables in the same batches, generated beforehand.
    raw_s = raw_cpu = 0.0
    batch: list[pa.Table] = []
    blocks = list(iter_event_blocks(compute_plan(spec, n_events, DAYS, SEED)))
    for i, block in enumerate(blocks):
        batch.append(compute_event_table(block, "baseline"))
        if sum(t.num_rows for t in batch) < ROWS_PER_SESSION and i < len(blocks) - 1:
            continue
        started, cpu = time.perf_counter(), _cpu_s()
        save_event_tables(store, batch)
        raw_s, raw_cpu, batch = raw_s + time.perf_counter() - started, raw_cpu + _cpu_s() - cpu, []
    return {
        "netra_save_generated": _rate(report.events_written, report.seconds, save_cpu),
        "baseline_raw_insert_arrow_of_same_rows": _rate(n_events, raw_s, raw_cpu),
        "spend_usd": round(report.spend_usd, 2),
    }


def run(sizes: list[int]) -> dict[str, Any]:
    """All measurements, one entry per size."""
    out: dict[str, Any] = {"benchmark": "generator", "machine": _machine(), "days": DAYS, "results": []}
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="netra-bench-gen-") as tmp:
            out["results"].append(
                {
                    "events": n,
                    "generation": measure_generation(n),
                    "generation_plus_insert": measure_insert(n, Path(tmp)),
                }
            )
    out["machine"]["load_average_1m_at_end"] = round(os.getloadavg()[0], 2)
    return out


def main() -> None:
    """Parse --events and print the JSON document."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, nargs="+", default=[1_000_000])
    print(json.dumps(run(parser.parse_args().events), indent=2))


if __name__ == "__main__":
    main()
