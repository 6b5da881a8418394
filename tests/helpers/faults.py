"""The fault harness: start Netra processes, kill -9 them at random points, check what the store holds.

Shared by the fault tests (tests/test_faults.py, a few seeded kills) and benchmarks/bench_faults.py (a
longer bounded loop). A kind of process to kill is a `Victim`: how to start one run, and how many rows
a run that printed success acknowledged. Another process (an OTLP receiver, the app) joins by adding
a Victim and, if it acknowledges rows, a way to read them from its output.

The invariants after every kill: the store opens (no lock is left held), the roll-ups equal the raw
events per org and day, and the raw events are exactly what was acknowledged, give or take whole
runs that committed and were killed before they could say so (never part of one).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

from netra_core.workloads.rollups import fetch_rollup_drift
from netra_core.workloads.store import WorkloadStore, query_rows

NETRA = str(Path(sys.executable).parent / "netra")


@dataclass(frozen=True)
class Victim:
    """A kind of Netra process the harness kills."""

    name: str
    argv: Callable[[int], list[str]]  # attempt number -> command line
    acknowledged: Callable[[str], int] = lambda _stdout: 0  # stdout of a run that exited 0 -> rows it vouches for
    # Whether the run (its pid given) has reached its critical section; aimed kills land just after.
    is_critical: Callable[[int], bool] | None = None


def has_entries(directory: Path) -> Callable[[int], bool]:
    """Critical once the directory has an entry (an ingest's write marker)."""

    def check(_pgid: int) -> bool:
        try:
            return any(directory.iterdir())
        except FileNotFoundError:
            return False

    return check


def holds_store(lock_path: Path) -> Callable[[int], bool]:
    """Critical once the run or a child of it (a report's kernel) has taken the embedded store's lock.

    A report's kernel runs in a session of its own, so the kill does not reach it: it notices its
    parent is gone and exits (ipykernel's parent poller), releasing the lock then.
    """
    holder = lock_path.with_name(lock_path.name + ".holder")

    def check(pid: int) -> bool:
        try:
            held_by = int(json.loads(holder.read_text())["pid"])
            if held_by == pid:
                return True
            status = Path(f"/proc/{held_by}/status").read_text()
            return any(line.split()[1:] == [str(pid)] for line in status.splitlines() if line.startswith("PPid:"))
        except (OSError, ValueError, KeyError, IndexError):
            return False

    return check


@dataclass
class Attempt:
    """One run of a victim: killed or not, how it ended, what it acknowledged."""

    victim: str
    killed: bool
    returncode: int | None
    seconds: float
    acknowledged: int
    in_critical_section: bool = False
    stderr_tail: str = ""


@dataclass
class StoreState:
    """What the store holds, read in a fresh session (which recovers any unfinished write first)."""

    raw: int
    hourly: int
    daily: int
    drift: list[str] = field(default_factory=list)


def run_and_maybe_kill(
    victim: Victim,
    attempt: int,
    env: dict[str, str],
    kill_after_s: float | None,
    *,
    aim_at_marker: bool = False,
    timeout_s: float = 300.0,
) -> Attempt:
    """Run the victim once; kill -9 its process group `kill_after_s` after start (or after its marker appears)."""
    started = time.monotonic()
    proc = subprocess.Popen(
        victim.argv(attempt),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **env},
        text=True,
        start_new_session=True,
    )
    killed = in_critical = False
    if kill_after_s is not None:
        deadline = started + timeout_s
        if aim_at_marker and victim.is_critical is not None:
            while proc.poll() is None and time.monotonic() < deadline and not victim.is_critical(proc.pid):
                time.sleep(0.002)
            in_critical = proc.poll() is None and victim.is_critical(proc.pid)
            kill_at = time.monotonic() + kill_after_s
        else:
            kill_at = started + kill_after_s
        while proc.poll() is None and time.monotonic() < kill_at:
            time.sleep(0.002)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # the run's own process group (a report's kernel too)
            killed = True
    out, err = proc.communicate(timeout=timeout_s)
    rc = proc.returncode
    acked = victim.acknowledged(out) if rc == 0 and not killed else 0
    return Attempt(victim.name, killed, rc, time.monotonic() - started, acked, in_critical, err[-500:])


def fetch_store_state(store_url: str) -> StoreState:
    """Raw and roll-up totals of every org, and the drift between them, after recovery."""
    store = WorkloadStore(store_url, lock_timeout_s=60)
    with store.session() as client:
        raw = int(query_rows(client, "SELECT count() FROM workload_events")[0][0])
        hourly = int(query_rows(client, "SELECT sum(requests) FROM workload_hourly")[0][0] or 0)
        daily = int(query_rows(client, "SELECT sum(requests) FROM workload_daily")[0][0] or 0)
        drift = [d.describe() for d in fetch_rollup_drift(client)]
    return StoreState(raw, hourly, daily, drift)


def ingest_victim(files: list[Path], org: str) -> Victim:
    """`netra ingest --json` of files[attempt % len(files)]; acknowledges every valid row of a successful run."""

    def acknowledged(stdout: str) -> int:
        report = json.loads(stdout.strip().splitlines()[-1])
        return int(report["rows_written"]) + int(report["duplicates_skipped"]) if report.get("ok") else 0

    return Victim(
        name="ingest",
        argv=lambda attempt: [NETRA, "ingest", str(files[attempt % len(files)]), "--org", org, "--json"],
        acknowledged=acknowledged,
    )


def report_victim(org: str, out_dir: Path, store_lock: Path | None = None) -> Victim:
    """`netra report run weekly_cost_report`: reads the store (holding its lock) and writes an HTML report."""
    return Victim(
        name="report",
        is_critical=holds_store(store_lock) if store_lock is not None else None,
        argv=lambda _attempt: [
            NETRA,
            "report",
            "run",
            "weekly_cost_report",
            "--org",
            org,
            "--out",
            str(out_dir),
            "--json",
        ],
    )


def generate_victim(org: str, events: int, store_lock: Path) -> Victim:
    """`netra generate --json`: the Data page's "Generate" (the same `save_generated`) in a process of its own.

    Critical once it has taken the store's lock (to look for earlier generated events); it generates, then
    writes in one more session, within the next few seconds. A successful run acknowledges what it wrote.
    """
    return Victim(
        name="generate",
        argv=lambda attempt: [
            *(NETRA, "generate", "--org", org, "--events", str(events), "--seed", str(attempt)),
            *("--replace", "--create-org", "--json"),
        ],
        acknowledged=lambda stdout: int(json.loads(stdout)["events_written"]),
        is_critical=holds_store(store_lock),
    )


@dataclass
class FaultRun:
    """The outcome of a bounded kill loop over ingest files (and, between them, other victims)."""

    attempts: list[Attempt] = field(default_factory=list)
    acknowledged: int = 0  # rows vouched for by runs that printed success (each file's rows counted once)
    violations: list[str] = field(default_factory=list)
    final: StoreState | None = None

    @property
    def kills(self) -> int:
        """How many runs were killed."""
        return sum(a.killed for a in self.attempts)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready figures."""
        by_victim: dict[str, int] = {}
        for a in self.attempts:
            by_victim[a.victim] = by_victim.get(a.victim, 0) + int(a.killed)
        final = self.final or StoreState(0, 0, 0)
        return {
            "attempts": len(self.attempts),
            "kills": self.kills,
            "kills_by_process": by_victim,
            "kills_inside_move": sum(a.killed and a.in_critical_section for a in self.attempts if a.victim == "ingest"),
            "kills_holding_store": sum(
                a.killed and a.in_critical_section for a in self.attempts if a.victim != "ingest"
            ),
            "rows_acknowledged": self.acknowledged,
            "raw_rows": final.raw,
            "rollup_rows_hourly": final.hourly,
            "rollup_rows_daily": final.daily,
            "drift_org_days": len(final.drift),
            "violations": self.violations,
        }


def run_ingest_faults(
    files: list[tuple[Path, int]],
    org: str,
    env: dict[str, str],
    store_url: str,
    markers: Path,
    rng: Random,
    *,
    kill_share: float = 0.6,
    max_kills: int = 10,
    typical_s: float = 4.0,
    between: list[Victim] | None = None,
    on_attempt: Callable[[Attempt], None] | None = None,
) -> FaultRun:
    """Ingest each (file, rows) in turn, killing runs at random points and retrying a file until it succeeds.

    After every killed run the store must hold exactly the files acknowledged so far, plus at most
    the whole of the file being retried; the roll-ups must equal the raw events. `between` victims
    (a report) are started and killed once between files, and must leave the store unchanged.
    """
    run = FaultRun()
    victim = ingest_victim([f for f, _ in files], org)
    victim = Victim(victim.name, victim.argv, victim.acknowledged, has_entries(markers))
    stored = 0
    for index, (_, rows) in enumerate(files):
        while True:
            kill = run.kills < max_kills and rng.random() < kill_share
            aim = kill and rng.random() < 0.5  # half the kills aimed inside the move, half anywhere
            after = rng.uniform(0.0, 0.3) if aim else rng.uniform(0.2, typical_s)
            attempt = run_and_maybe_kill(victim, index, env, after if kill else None, aim_at_marker=aim)
            run.attempts.append(attempt)
            if on_attempt:
                on_attempt(attempt)
            state = fetch_store_state(store_url)
            _check(
                run, state, allowed={stored, stored + rows}, where=f"after {attempt.victim} attempt {len(run.attempts)}"
            )
            if not attempt.killed:
                typical_s = max(typical_s, attempt.seconds)  # aim later kills across a real run's length
                if attempt.returncode != 0:
                    run.violations.append(f"file {index} failed without a kill: {attempt.stderr_tail}")
                    break
                run.acknowledged += attempt.acknowledged
                stored += rows
                break
        for other in between or []:
            aim = other.is_critical is not None and rng.random() < 0.5
            kill_at = rng.uniform(0.0, 0.5) if aim else rng.uniform(0.5, typical_s * 2)
            attempt = run_and_maybe_kill(other, index, env, kill_at, aim_at_marker=aim)
            run.attempts.append(attempt)
            if on_attempt:
                on_attempt(attempt)
            _check(run, fetch_store_state(store_url), allowed={stored}, where=f"after {other.name} attempt")
    run.final = fetch_store_state(store_url)
    if run.final.raw != run.acknowledged:
        run.violations.append(f"raw rows {run.final.raw:,} != acknowledged {run.acknowledged:,}")
    return run


def _check(run: FaultRun, state: StoreState, allowed: set[int], where: str) -> None:
    if state.raw not in allowed:
        run.violations.append(f"{where}: raw rows {state.raw:,} not one of {sorted(allowed)} (a partial ingest)")
    if not state.raw == state.hourly == state.daily or state.drift:
        run.violations.append(
            f"{where}: raw {state.raw:,}, hourly {state.hourly:,}, daily {state.daily:,}; drift {state.drift[:3]}"
        )
