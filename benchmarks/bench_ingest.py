"""Ingest speed: Netra's pipeline versus the raw engine loading the same file, per format; prints JSON.

    .venv/bin/python benchmarks/bench_ingest.py [--rows 1000000] [--formats parquet,csv,jsonl,otlp]

For each format it writes `rows` events to a temp dir, ingests them with `ingest_files` (validation,
pricing, staging, dedupe) into a fresh embedded store, and loads the same file with one
`INSERT INTO t SELECT ... FROM file(path, fmt)` into a table shaped like workload_events (for OTLP,
which the engine cannot map, the raw figure is the engine reading the file as JSONEachRow).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from netra_core.workloads.ingest import ingest_files
from netra_core.workloads.migrations import upgrade_store
from netra_core.workloads.store import WorkloadStore

MODELS = ["gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet", "gemini-2.0-flash", "llama-3.1-8b-instant"]
PROVIDERS = {"gpt-4o": "openai", "gpt-4o-mini": "openai", "claude-3-5-sonnet": "anthropic",
             "gemini-2.0-flash": "google", "llama-3.1-8b-instant": "groq"}  # fmt: skip


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
                spans.append({"traceId": f"{lo + i:032x}", "spanId": f"{lo + i:016x}", "name": f"chat {row.model}",
                              "startTimeUnixNano": str(t0), "endTimeUnixNano": str(t0 + int(row.latency_ms * 1e6)),
                              "attributes": attrs, "status": {}})  # fmt: skip
            doc = {"resourceSpans": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "bench"}}]},
                                      "scopeSpans": [{"scope": {"name": "bench"}, "spans": spans}]}]}  # fmt: skip
            fh.write(json.dumps(doc) + "\n")


RAW_COLUMNS = ("event_id, ts, org_id, workload, task_type, user_id, session_id, provider, model, region, prompt_tokens, "
               "completion_tokens, cached_tokens, reasoning_tokens, latency_ms, ttft_ms, cost_usd, status, error_type, is_batch")  # fmt: skip
RAW_FORMATS = {"parquet": "Parquet", "csv": "CSVWithNames", "jsonl": "JSONEachRow"}


def raw_load(store: WorkloadStore, path: Path, fmt: str) -> float:
    """Seconds for the engine alone to load the file into a table shaped like workload_events."""
    with store.session() as client:
        client.command("DROP TABLE IF EXISTS raw_events")
        client.command("CREATE TABLE raw_events AS workload_events")
        started = time.perf_counter()
        if fmt == "otlp":
            client.command(f"SELECT count() FROM file('{path}', 'JSONAsString')")
        else:
            select = RAW_COLUMNS.replace("org_id", "'bench' AS org_id").replace("cost_usd", "ifNull(cost_usd, 0)")
            client.command(
                f"INSERT INTO raw_events ({RAW_COLUMNS}) SELECT {select} FROM file('{path}', '{RAW_FORMATS[fmt]}') "
                "SETTINGS optimize_on_insert = 0, max_insert_threads = 2"
            )
        seconds = time.perf_counter() - started
        client.command("DROP TABLE raw_events")
    return seconds


def main() -> None:
    """Run the benchmark and print one JSON document."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--formats", default="parquet,csv,jsonl,otlp")
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="netra-bench-") as tmp:
        tmpdir = Path(tmp)
        df = make_frame(args.rows)
        for fmt in args.formats.split(","):
            path = tmpdir / f"events.{'jsonl' if fmt == 'otlp' else fmt}"
            write(df, path, fmt)
            store_dir = tmpdir / f"store-{fmt}"
            store = WorkloadStore(f"chdb://{store_dir}")
            with store.session() as client:
                upgrade_store(client)
            report = ingest_files(store, [path], "bench", fmt=fmt)
            assert report.rows_written == args.rows, report.summary()
            raw_s = raw_load(store, path, fmt)
            results[fmt] = {
                "file_mb": round(path.stat().st_size / 2**20, 1),
                "netra_seconds": round(report.seconds, 3),
                "netra_rows_per_s": round(args.rows / report.seconds),
                "raw_seconds": round(raw_s, 3),
                "raw_rows_per_s": round(args.rows / raw_s),
                "netra_vs_raw": round(raw_s / report.seconds, 3),
            }
            shutil.rmtree(store_dir, ignore_errors=True)
            path.unlink()
    print(
        json.dumps(
            {
                "benchmark": "ingest",
                "rows": args.rows,
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
