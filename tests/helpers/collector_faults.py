"""The collector joins the fault harness: `netra collect` killed with SIGKILL while a sender posts to it.

A sender thread posts OTLP/HTTP protobuf requests of `spans_per_request` GenAI spans, one after the
other, and records which got a 200 (the collector's promise: the spans are spooled durably). The main
thread kills the collector's process group at seeded random moments (half of them aimed at a batch
being moved into the store, when an ingest's write marker appears), opens the store while it is down
(which recovers an unfinished move) and restarts it on the same data directory. At the end a SIGTERM
lets it drain its spool. Then every acknowledged span must be in the store exactly once, every request
must be there whole or not at all, the roll-ups must equal the raw events, and neither the store's
lock nor the spool's may be left held.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

from netra_core.workloads.store import WorkloadStore, query_rows
from tests.helpers.faults import NETRA, StoreState, fetch_store_state, has_entries
from tests.helpers.otlp_requests import make_request, span_ids

START_TIMEOUT_S = 120.0


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def add_ingest_key(env: dict[str, str], org: str) -> str:
    """`netra keys add --json` for the org (created first); returns the key."""
    full = {**os.environ, **env}
    subprocess.run([NETRA, "orgs", "add", org], env=full, capture_output=True, check=False)  # already there is fine
    out = subprocess.run(
        [NETRA, "keys", "add", "--org", org, "--name", "faults", "--json"],
        env=full,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return str(json.loads(out)["key"])


class CollectorProcess:
    """One `netra collect` at a time on a fixed port, started in its own process group."""

    def __init__(self, env: dict[str, str], port: int, log_path: Path) -> None:
        self.env = {**os.environ, **env}
        self.port = port
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start it and wait until it accepts connections."""
        args = [NETRA, "collect", "--port", str(self.port), "--batch-interval", "0.2", "--status-interval", "1"]
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(args, stdout=log, stderr=log, env=self.env, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"collector exited {self.proc.returncode}:\n{self.log_path.read_text()[-2000:]}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise AssertionError(f"collector did not start:\n{self.log_path.read_text()[-2000:]}")

    def kill9(self) -> None:
        """SIGKILL its process group and reap it."""
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(30)

    def stop(self, timeout_s: float = 120.0) -> int | None:
        """SIGTERM (which drains the spool) and wait; returns the exit code."""
        if self.proc is None or self.proc.poll() is not None:
            return None if self.proc is None else self.proc.returncode
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            self.kill9()
            return None


@dataclass
class Sender:
    """Posts requests 0, 1, 2, ... (each once, as an exporter that drops a failed batch) until stopped."""

    port: int
    key: str
    spans_per_request: int
    sent: dict[int, list[str]] = field(default_factory=dict)  # request number -> its span ids
    acknowledged: set[int] = field(default_factory=set)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        """Send until `stop` is set; a refused connection waits a moment (the collector is restarting)."""
        start_ns = time.time_ns() - 3_600_000_000_000
        number = 0
        while not self.stop.is_set():
            request = make_request(self.spans_per_request, seed=number, start_ns=start_ns + number * 10**9)
            self.sent[number] = span_ids(request)
            if self._post(request.SerializeToString()):
                self.acknowledged.add(number)
            else:
                time.sleep(0.05)
            number += 1

    def _post(self, body: bytes) -> bool:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            headers = {"Content-Type": "application/x-protobuf", "Authorization": f"Bearer {self.key}"}
            conn.request("POST", "/v1/traces", body=body, headers=headers)
            return conn.getresponse().status == 200
        except OSError:  # refused, reset, or cut off mid-answer: not acknowledged
            return False
        finally:
            conn.close()


@dataclass
class CollectorFaultRun:
    """Figures of a collector kill loop."""

    kills: int = 0
    kills_in_move: int = 0
    requests_sent: int = 0
    requests_acknowledged: int = 0
    spans_acknowledged: int = 0
    spans_stored: int = 0
    requests_stored_unacknowledged: int = 0  # whole requests spooled whose 200 the kill cut off
    final: StoreState | None = None
    violations: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready figures."""
        final = self.final or StoreState(0, 0, 0)
        return {
            "kills": self.kills,
            "kills_inside_move": self.kills_in_move,
            "requests_sent": self.requests_sent,
            "requests_acknowledged": self.requests_acknowledged,
            "spans_acknowledged": self.spans_acknowledged,
            "requests_stored_without_ack": self.requests_stored_unacknowledged,
            "raw_rows": final.raw,
            "rollup_rows_hourly": final.hourly,
            "rollup_rows_daily": final.daily,
            "drift_org_days": len(final.drift),
            "violations": self.violations,
        }


def run_collector_faults(
    env: dict[str, str],
    data_dir: Path,
    org: str,
    rng: Random,
    tmp: Path,
    *,
    kills: int = 3,
    spans_per_request: int = 20,
    up_s: tuple[float, float] = (0.5, 3.0),
) -> CollectorFaultRun:
    """Kill the collector `kills` times under a steady sender, then stop it cleanly and check the store."""
    store_url = f"chdb://{data_dir / 'workloads'}"
    run = CollectorFaultRun()
    collector = CollectorProcess(env, free_port(), tmp / "collect.log")
    sender = Sender(collector.port, add_ingest_key(env, org), spans_per_request)
    in_move = has_entries(data_dir / ".workloads.writes")
    collector.start()
    thread = threading.Thread(target=sender.run, name="otlp-sender", daemon=True)
    thread.start()
    try:
        for k in range(kills):
            time.sleep(rng.uniform(*up_s))
            if rng.random() < 0.5:  # aimed: wait (a while at most) for a batch's move into the store
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline and not in_move(0):
                    time.sleep(0.002)
            run.kills_in_move += in_move(0)
            collector.kill9()
            run.kills += 1
            _check_store(run, store_url, sender, where=f"after kill {k + 1}")
            collector.start()  # same data dir and spool: proves the spool's lock went with the process
        time.sleep(rng.uniform(*up_s))
    finally:
        sender.stop.set()
        thread.join(30)
        code = collector.stop()
    if code != 0:
        run.violations.append(f"collector did not stop cleanly on SIGTERM (exit {code})")
    run.requests_sent = len(sender.sent)
    run.requests_acknowledged = len(sender.acknowledged)
    run.spans_acknowledged = sum(len(sender.sent[n]) for n in sender.acknowledged)
    stored = _check_store(run, store_url, sender, where="after the final drain")
    missing = [n for n in sender.acknowledged if not set(sender.sent[n]) <= stored]
    if missing:
        run.violations.append(f"{len(missing)} acknowledged requests not (wholly) stored, e.g. {sorted(missing)[:5]}")
    run.requests_stored_unacknowledged = sum(
        1 for n, ids in sender.sent.items() if n not in sender.acknowledged and ids[0] in stored
    )
    run.spans_stored = len(stored)
    spool = data_dir / "spool"
    left = [p.name for p in spool.iterdir() if p.name[0].isdigit()] if spool.exists() else []
    if left:
        run.violations.append(f"{len(left)} bodies left in the spool after a clean stop")
    run.final = fetch_store_state(store_url)
    return run


def _check_store(run: CollectorFaultRun, store_url: str, sender: Sender, where: str) -> set[str]:
    """Open the store (short lock wait: it must not be held), check whole requests and roll-ups; stored ids."""
    store = WorkloadStore(store_url, lock_timeout_s=10)
    with store.session() as client:
        ids = [r[0] for r in query_rows(client, "SELECT event_id FROM workload_events")]
    stored = set(ids)
    if len(ids) != len(stored):
        run.violations.append(f"{where}: {len(ids) - len(stored)} spans stored twice")
    by_request = {span: n for n, spans in dict(sender.sent).items() for span in spans}
    strangers = stored - by_request.keys()
    if strangers:
        run.violations.append(f"{where}: {len(strangers)} stored spans were never sent")
    counts: dict[int, int] = {}
    for span in stored & by_request.keys():
        counts[by_request[span]] = counts.get(by_request[span], 0) + 1
    partial = [n for n, c in counts.items() if c != len(sender.sent[n])]
    if partial:
        run.violations.append(f"{where}: requests {sorted(partial)[:5]} stored in part")
    state = fetch_store_state(store_url)
    if not state.raw == state.hourly == state.daily == len(ids) or state.drift:
        run.violations.append(
            f"{where}: raw {state.raw:,}, hourly {state.hourly:,}, daily {state.daily:,}; drift {state.drift[:3]}"
        )
    return stored
