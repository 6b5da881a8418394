"""Ingest speed: Netra's pipeline versus the raw engine loading the same file, per format; prints JSON.

    .venv/bin/python -m benchmarks.bench_ingest [--rows 1000000] [--formats parquet,csv,jsonl,otlp] [--repeats 1]

For each format it writes `rows` events to a temp dir, ingests them with `ingest_files` (validation,
pricing, staging, dedupe) into a fresh embedded store, and loads the same file with one
`INSERT INTO t SELECT ... FROM file(path, fmt)` into a table shaped like workload_events (for OTLP,
which the engine cannot map, the raw figure is the engine reading the file as JSONAsString).

Each ingest runs in a fresh process, so that its peak RSS is its own: `peak_rss_read_mb` is the peak
while the file is read, checked and staged, `peak_rss_mb` includes the move (the embedded engine runs
in the same process). `stage_seconds` splits the run (see IngestReport.stage_seconds). The raw table has
no materialized views; `raw_into_events_*` is the engine loading the file into workload_events itself,
roll-up views included: the least any ingest into that table can cost. With `--repeats` > 1 every
figure is the median of the runs.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from netra_core.workloads.ingest import IngestProgress, ingest_files
from netra_core.workloads.migrations import upgrade_store
from netra_core.workloads.store import WorkloadStore

MODELS = ["gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet", "gemini-2.0-flash", "llama-3.1-8b-instant"]
PROVIDERS = {
    "gpt-4o": "openai",
    "gpt-4o-mini": "openai",
    "claude-3-5-sonnet": "anthropic",
    "gemini-2.0-flash": "google",
    "llama-3.1-8b-instant": "groq",
}


def make_frame(n: int, seed: int = 7) -> pd.DataFrame:
    """n realistic events in Netra's schema; about half have no cost, so Netra prices them."""
    rng = np.random.default_rng(seed)
    model = np.array(MODELS)[rng.integers(0, len(MODELS), n)]
    cost = np.round(rng.uniform(0, 0.05, n), 6)
    cost[rng.random(n) < 0.5] = np.nan
    return pd.DataFrame(
        {
            "event_id": pd.Series(np.arange(n)).map("req-{:09d}".format),
            "ts": pd.Timestamp("2026-10-01", tz="UTC")
            + pd.to_timedelta(rng.integers(0, 30 * 86_400_000, n), unit="ms"),
            "workload": np.array(["support-bot", "search", "code-assistant", "summarizer"])[rng.integers(0, 4, n)],
            "task_type": np.array(["chat", "rag", "code", "summarization"])[rng.integers(0, 4, n)],
            "user_id": pd.Series(rng.integers(0, 5000, n)).map("user-{}".format),
            "session_id": pd.Series(rng.integers(0, 50000, n)).map("s-{}".format),
            "provider": pd.Series(model).map(PROVIDERS).to_numpy(),
            "model": model,
            "region": "eu-west-1",
            "prompt_tokens": rng.integers(10, 8000, n),
            "completion_tokens": rng.integers(1, 1200, n),
            "cached_tokens": 0,
            "reasoning_tokens": 0,
            "latency_ms": np.round(rng.uniform(80, 9000, n), 1),
            "ttft_ms": np.round(rng.uniform(50, 900, n), 1),
            "cost_usd": cost,
            "status": np.where(rng.random(n) < 0.02, "error", "ok"),
            "error_type": "",
            "is_batch": 0,
        }
    )


def write(df: pd.DataFrame, path: Path, fmt: str) -> None:
    """The frame as a file of the given format."""
    if fmt == "parquet":
        pq.write_table(pa.Table.from_pandas(df, preserve_index=False), path)
        return
    text = df.copy()
    text["ts"] = text["ts"].dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ").str[:-4] + "Z"
    if fmt == "csv":
        pacsv.write_csv(pa.Table.from_pandas(text, preserve_index=False), path)
    elif fmt == "jsonl":
        text.to_json(path, orient="records", lines=True)
    elif fmt == "otlp":
        write_otlp(df, path)


def write_otlp(df: pd.DataFrame, path: Path, spans_per_line: int = 100) -> None:
    """OTLP/JSON as the Collector's file exporter writes it: one export (many spans) per line."""
    start = (df["ts"].astype("int64") // 1_000_000 * 1_000_000).to_numpy()
    with path.open("w") as fh:
        for lo in range(0, len(df), spans_per_line):
            part = df.iloc[lo : lo + spans_per_line]
            spans = []
            for i, row in enumerate(part.itertuples(index=False)):
                t0 = int(start[lo + i])
                attrs = [
                    {"key": "gen_ai.operation.name", "value": {"stringValue": "chat"}},
                    {"key": "gen_ai.provider.name", "value": {"stringValue": row.provider}},
                    {"key": "gen_ai.request.model", "value": {"stringValue": row.model}},
                    {"key": "gen_ai.usage.input_tokens", "value": {"intValue": str(row.prompt_tokens)}},
                    {"key": "gen_ai.usage.output_tokens", "value": {"intValue": str(row.completion_tokens)}},
                ]
                spans.append(
                    {
                        "traceId": f"{lo + i:032x}",
                        "spanId": f"{lo + i:016x}",
                        "name": f"chat {row.model}",
                        "startTimeUnixNano": str(t0),
                        "endTimeUnixNano": str(t0 + int(row.latency_ms * 1e6)),
                        "attributes": attrs,
                        "status": {},
                    }
                )
            doc = {
                "resourceSpans": [
                    {
                        "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "bench"}}]},
                        "scopeSpans": [{"scope": {"name": "bench"}, "spans": spans}],
                    }
                ]
            }
            fh.write(json.dumps(doc) + "\n")


RAW_COLUMNS = (
    "event_id, ts, org_id, workload, task_type, user_id, session_id, provider, model, region, prompt_tokens, "
    "completion_tokens, cached_tokens, reasoning_tokens, latency_ms, ttft_ms, cost_usd, status, error_type, is_batch"
)
RAW_FORMATS = {"parquet": "Parquet", "csv": "CSVWithNames", "jsonl": "JSONEachRow"}


def raw_load(store: WorkloadStore, path: Path, fmt: str, *, into_events: bool = False) -> float:
    """Seconds for the engine alone to load the file into a table shaped like workload_events.

    With `into_events`, into workload_events itself (its roll-up views run on the insert too).
    """
    table = "workload_events" if into_events else "raw_events"
    with store.session() as client:
        if into_events:
            client.command("TRUNCATE TABLE workload_events")
        else:
            client.command("DROP TABLE IF EXISTS raw_events")
            client.command("CREATE TABLE raw_events AS workload_events")
        started = time.perf_counter()
        if fmt == "otlp":
            client.command(f"SELECT count() FROM file('{path}', 'JSONAsString')")
        else:
            select = RAW_COLUMNS.replace("org_id", "'bench' AS org_id").replace("cost_usd", "ifNull(cost_usd, 0)")
            # Views fill concurrently (parallel_view_processing), as in Netra's own move.
            views = ", parallel_view_processing = 1" if into_events else ""
            client.command(
                f"INSERT INTO {table} ({RAW_COLUMNS}) SELECT {select} FROM file('{path}', '{RAW_FORMATS[fmt]}') "
                f"SETTINGS optimize_on_insert = 0, max_insert_threads = 2{views}"
            )
        seconds = time.perf_counter() - started
        if not into_events:
            client.command("DROP TABLE raw_events")
    return seconds


def _rss_mb(field: str) -> float:
    """VmHWM (peak) or VmRSS of this process, in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure_ingest(path: Path, fmt: str, store_dir: Path) -> dict[str, Any]:
    """One ingest into a fresh store (run in its own process): seconds, stages, peak RSS."""
    store = WorkloadStore(f"chdb://{store_dir}")
    with store.session() as client:
        upgrade_store(client)
    Path("/proc/self/clear_refs").write_text("5")  # start the peak-RSS count here (Linux)
    peak_read: list[float] = []

    def on_progress(update: IngestProgress) -> None:
        if update.phase == "writing":
            peak_read.append(_rss_mb("VmHWM"))

    report = ingest_files(store, [path], "bench", fmt=fmt, progress=on_progress)
    return {
        "rows_written": report.rows_written,
        "summary": report.summary(),
        "seconds": report.seconds,
        "stage_seconds": dict(getattr(report, "stage_seconds", {})),
        "peak_rss_read_mb": peak_read[0] if peak_read else float("nan"),
        "peak_rss_mb": _rss_mb("VmHWM"),
    }


def _median(values: list[float]) -> float:
    return statistics.median(values)


def bench_format(df: pd.DataFrame, tmpdir: Path, fmt: str, repeats: int) -> dict[str, Any]:
    """Figures for one format: Netra's ingest and the raw engine, each the median of `repeats` runs."""
    rows = len(df)
    path = tmpdir / f"events.{'jsonl' if fmt == 'otlp' else fmt}"
    write(df, path, fmt)
    spawn = multiprocessing.get_context("spawn")
    runs: list[dict[str, Any]] = []
    raw: list[float] = []
    raw_events: list[float] = []
    for attempt in range(repeats):
        store_dir = tmpdir / f"store-{fmt}-{attempt}"
        with spawn.Pool(1) as pool:
            run = pool.apply(measure_ingest, (path, fmt, store_dir))
        assert run["rows_written"] == rows, run["summary"]
        runs.append(run)
        store = WorkloadStore(f"chdb://{store_dir}")
        raw.append(raw_load(store, path, fmt))
        if fmt != "otlp":
            raw_events.append(raw_load(store, path, fmt, into_events=True))
        shutil.rmtree(store_dir, ignore_errors=True)
    netra_s, raw_s = _median([r["seconds"] for r in runs]), _median(raw)
    stages = sorted({name for r in runs for name in r["stage_seconds"]})
    out: dict[str, Any] = {
        "file_mb": round(path.stat().st_size / 2**20, 1),
        "netra_seconds": round(netra_s, 3),
        "netra_rows_per_s": round(rows / netra_s),
        "raw_seconds": round(raw_s, 3),
        "raw_rows_per_s": round(rows / raw_s),
        "netra_vs_raw": round(raw_s / netra_s, 3),
        "stage_seconds": {n: round(_median([r["stage_seconds"].get(n, 0.0) for r in runs]), 3) for n in stages},
        "peak_rss_read_mb": round(_median([r["peak_rss_read_mb"] for r in runs])),
        "peak_rss_mb": round(_median([r["peak_rss_mb"] for r in runs])),
        "runs_seconds": [round(r["seconds"], 3) for r in runs],
    }
    if raw_events:
        events_s = _median(raw_events)
        out["raw_into_events_seconds"] = round(events_s, 3)
        out["raw_into_events_rows_per_s"] = round(rows / events_s)
        out["netra_vs_raw_into_events"] = round(events_s / netra_s, 3)
    path.unlink()
    return out


def main() -> None:
    """Run the benchmark and print one JSON document."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--formats", default="parquet,csv,jsonl,otlp")
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="netra-bench-") as tmp:
        df = make_frame(args.rows)
        for fmt in args.formats.split(","):
            results[fmt] = bench_format(df, Path(tmp), fmt, max(args.repeats, 1))
    print(
        json.dumps(
            {
                "benchmark": "ingest",
                "rows": args.rows,
                "repeats": max(args.repeats, 1),
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                },
                "results": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
