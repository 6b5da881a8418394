"""`netra collect` throughput: spans/s from OTLP/HTTP senders into the store, versus `ingest_files` on the same spans.

    .venv/bin/python -m benchmarks.bench_collector [--spans 200000] [--batch 512] [--senders 4]

Builds `spans` GenAI chat spans as protobuf export requests of `batch` spans, starts `netra collect`
as a subprocess on a fresh data dir, and posts them from `senders` concurrent HTTP clients (a 503
is retried after its Retry-After, as OTLP exporters do). Sustained spans/s is from the first
request until the collector's status file says every span is written to the store; the receive
rate stops when the last request is acknowledged (spooled). Peak RSS is the collector's VmHWM.
The baseline is `ingest_files` on the same spans written as one OTLP/JSON file, in a fresh store.
It also times the two protobuf decoders on the same requests: the hand-written walk the collector
uses and `json_format.MessageToDict` + `json.dumps`.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import machine
from netra_core.collector.decode import body_to_line, parse_protobuf, protobuf_to_line
from tests.helpers.otlp_requests import make_request


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _decoders(bodies: list[bytes]) -> dict[str, float]:
    from google.protobuf.json_format import MessageToDict

    n = sum(len(parse_protobuf(b).resource_spans[0].scope_spans[0].spans) for b in bodies)
    started = time.perf_counter()
    for b in bodies:
        body_to_line("pb", b)
    walk = time.perf_counter() - started
    started = time.perf_counter()
    for b in bodies:
        json.dumps(MessageToDict(parse_protobuf(b)), separators=(",", ":"))
    generic = time.perf_counter() - started
    return {
        "hand_walk_spans_per_s": round(n / walk),
        "message_to_dict_spans_per_s": round(n / generic),
        "speedup": round(generic / walk, 2),
    }


def _setup(data_dir: Path) -> str:
    # Everything in the temp dir: never the developer's own app database or store.
    for name in [k for k in os.environ if k.startswith("NETRA_")]:
        del os.environ[name]
    os.environ["NETRA_DATA_DIR"] = str(data_dir)
    os.environ["NETRA_ENV"] = "test"
    from netra_core.cli import upgrade_all
    from netra_core.config import get_settings
    from netra_core.db.engine import make_session_factory
    from netra_core.db.keys import save_api_key
    from netra_core.db.orgs import save_org
    from netra_core.stores import make_app_engine

    get_settings.cache_clear()
    settings = get_settings()
    upgrade_all(settings)
    engine = make_app_engine(settings)
    with make_session_factory(engine).begin() as s:
        save_org(s, "bench")
        token = save_api_key(s, "bench", "bench").token
    engine.dispose()
    return token


def _send_all(port: int, key: str, bodies: list[bytes], senders: int) -> dict[str, Any]:
    work: queue.Queue[bytes] = queue.Queue()
    for b in bodies:
        work.put(b)
    retries = [0]
    errors: list[str] = []

    def sender() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        headers = {"Content-Type": "application/x-protobuf", "Authorization": f"Bearer {key}"}
        while True:
            try:
                body = work.get_nowait()
            except queue.Empty:
                break
            while True:
                conn.request("POST", "/v1/traces", body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                if resp.status == 200:
                    break
                if resp.status in {429, 503}:
                    retries[0] += 1
                    time.sleep(float(resp.getheader("retry-after", "1")))
                    continue
                errors.append(f"{resp.status}")
                break
        conn.close()

    threads = [threading.Thread(target=sender) for _ in range(senders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"retries_after_503": retries[0], "errors": errors[:5]}


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def run(n_spans: int, batch: int, senders: int, batch_mb: float | None = None) -> dict[str, Any]:
    from netra_core.collector.status import fetch_status, status_path
    from netra_core.workloads.ingest import ingest_files
    from netra_core.workloads.migrations import upgrade_store
    from netra_core.workloads.store import WorkloadStore

    n_requests = max(1, n_spans // batch)
    started = time.perf_counter()
    bodies = [make_request(batch, seed=i).SerializeToString() for i in range(n_requests)]
    total = n_requests * batch
    build_s = time.perf_counter() - started
    result: dict[str, Any] = {
        "spans": total,
        "batch": batch,
        "senders": senders,
        "requests": n_requests,
        "request_mb": round(sum(map(len, bodies)) / 1e6, 1),
        "build_seconds": round(build_s, 1),
    }
    result["decode"] = _decoders(bodies[: min(20, len(bodies))])

    with tempfile.TemporaryDirectory(prefix="netra-bench-collect-") as tmp:
        root = Path(tmp)
        key = _setup(root / "data")
        port = _free_port()
        log = (root / "collect.log").open("wb")
        netra = str(Path(sys.executable).parent / "netra")
        proc = subprocess.Popen(
            [
                netra,
                "collect",
                "--port",
                str(port),
                "--max-spool-mb",
                "4096",
                "--batch-interval",
                "0.5",
                "--status-interval",
                "2",
                *(["--batch-mb", str(batch_mb)] if batch_mb else []),
            ],
            stdout=log,
            stderr=log,
        )
        try:
            status_file = status_path(root / "data")
            while not ((s := fetch_status(status_file)) and s.get("pid") == proc.pid):
                assert proc.poll() is None, (root / "collect.log").read_text()
                time.sleep(0.1)
            result["load_average_1m_before"] = round(os.getloadavg()[0], 2)
            t0 = time.perf_counter()
            result["send"] = _send_all(port, key, bodies, senders)
            received_s = time.perf_counter() - t0
            while True:
                s = fetch_status(status_file) or {}
                if int(s.get("spans_written", 0)) + int(s.get("spans_duplicate", 0)) >= total:
                    break
                assert proc.poll() is None, (root / "collect.log").read_text()[-3000:]
                time.sleep(0.05)
            stored_s = time.perf_counter() - t0
            result["collector"] = {
                "received_spans_per_s": round(total / received_s),
                "sustained_spans_per_s": round(total / stored_s),
                "seconds_to_store": round(stored_s, 2),
                "peak_rss_mb": _peak_rss_mb(proc.pid),
                "batches": s.get("batches"),
                "spans_written": s.get("spans_written"),
                "bodies_engine_decoded": s.get("bodies_engine_decoded"),
                "bodies_fallback": s.get("bodies_fallback"),
                "load_average_1m_after": round(os.getloadavg()[0], 2),
            }
        finally:
            proc.terminate()
            proc.wait(60)

        # Baseline: the same spans as one OTLP/JSON file, through `ingest_files` into a fresh store.
        path = root / "spans.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for b in bodies:
                fh.write(protobuf_to_line(parse_protobuf(b)) + "\n")
        store = WorkloadStore(f"chdb://{root / 'baseline'}", lock_timeout_s=600)
        with store.session() as client:
            upgrade_store(client)
        started = time.perf_counter()
        report = ingest_files(store, [path], "bench", fmt="otlp")
        file_s = time.perf_counter() - started
        result["file_ingest"] = {
            "spans_per_s": round(report.rows_written / file_s),
            "seconds": round(file_s, 2),
            "rows_written": report.rows_written,
        }
    result["ratio_to_file_ingest"] = round(
        result["collector"]["sustained_spans_per_s"] / result["file_ingest"]["spans_per_s"], 2
    )
    result["targets"] = {"sustained_spans_per_s": 50_000, "ratio_to_file_ingest": 0.5}
    result["met"] = {
        "sustained_spans_per_s": result["collector"]["sustained_spans_per_s"] >= 50_000,
        "ratio_to_file_ingest": result["ratio_to_file_ingest"] >= 0.5,
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spans", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=512)
    parser.add_argument("--senders", type=int, default=4)
    parser.add_argument("--batch-mb", type=float, default=None, help="the collector's --batch-mb")
    args = parser.parse_args()
    print(
        json.dumps(
            {
                "benchmark": "collector",
                "machine": machine(),
                **run(args.spans, args.batch, args.senders, args.batch_mb),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
