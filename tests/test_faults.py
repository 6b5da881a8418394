"""Fault suite (issue 19): ingest, report and collector processes killed with SIGKILL at random points, seeded and bounded.

Each kill is followed by a fresh session on the store, which must find raw events = roll-ups = what
was acknowledged (whole files only). benchmarks/bench_faults.py runs the same harness for longer.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from random import Random

import pandas as pd
import pytest

from netra_core.workloads.store import WorkloadStore, query_rows
from tests.conftest import run_netra
from tests.helpers.collector_faults import run_collector_faults
from tests.helpers.faults import (
    fetch_store_state,
    generate_victim,
    has_entries,
    report_victim,
    run_and_maybe_kill,
    run_ingest_faults,
)
from tests.test_ingest_builders import make_events, write_events

pytestmark = pytest.mark.faults
ORG = "acme"


def make_files(tmp_path: Path, n_files: int, rows: int) -> list[tuple[Path, int]]:
    """Files of distinct ids spread over a few days, so every file touches several roll-up days."""
    files = []
    for i in range(n_files):
        frame = make_events(rows, prefix=f"f{i}-", seed=i)
        frame["ts"] = frame["ts"] + pd.to_timedelta(frame.index.to_series() % 5, unit="D")
        files.append((write_events(frame, tmp_path / f"events{i}.parquet"), rows))
    return files


def test_killed_ingests_leave_whole_files_or_nothing_and_exact_rollups(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {"NETRA_DATA_DIR": str(data)}
    assert run_netra("db", "upgrade", env=env).returncode == 0
    assert run_netra("orgs", "add", ORG, env=env).returncode == 0  # ingest writes only to a known org
    run = run_ingest_faults(
        make_files(tmp_path, 3, 60_000),
        ORG,
        env,
        f"chdb://{data / 'workloads'}",
        data / ".workloads.writes",
        Random(19),
        kill_share=0.7,
        max_kills=4,
        typical_s=3.0,
    )
    assert run.violations == []
    assert run.kills >= 2
    assert run.final is not None and run.final.raw == run.acknowledged == 180_000
    # The last run succeeded after the kills: it removed the staging they left, then its own.
    assert list((data / "staging").iterdir()) == []


def test_a_killed_report_leaves_the_store_usable_and_unchanged(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {"NETRA_DATA_DIR": str(data)}
    assert run_netra("up", "--no-serve", "--demo-events", "0", env=env).returncode == 0
    assert run_netra("orgs", "add", ORG, env=env).returncode == 0
    user = ("users", "add", "ana", "--org", ORG, "--role", "analyst", "--password-stdin")
    assert run_netra(*user, env=env, input_text="a-long-enough-password\n").returncode == 0
    path = write_events(make_events(2000), tmp_path / "e.parquet")
    assert run_netra("ingest", str(path), "--org", ORG, env=env).returncode == 0
    before = fetch_store_state(f"chdb://{data / 'workloads'}")
    out = tmp_path / "reports"
    report = report_victim(ORG, out, data / ".workloads.lock")
    attempt = run_and_maybe_kill(report, 0, env, kill_after_s=0.05, aim_at_marker=True)
    assert attempt.killed and attempt.in_critical_section  # killed while its kernel held (or had held) the store
    after = fetch_store_state(f"chdb://{data / 'workloads'}")
    assert (after.raw, after.hourly, after.daily, after.drift) == (before.raw, before.hourly, before.daily, [])
    assert run_netra("ingest", str(path), "--org", ORG, env=env).returncode == 0  # the lock was not left held


def test_killed_collectors_lose_no_acknowledged_span_and_store_whole_requests(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {"NETRA_DATA_DIR": str(data)}
    assert run_netra("db", "upgrade", env=env).returncode == 0
    run = run_collector_faults(env, data, ORG, Random(19), tmp_path, kills=3, spans_per_request=20)
    assert run.violations == []
    assert run.kills == 3
    assert run.requests_acknowledged >= 10  # the sender got through between kills
    assert run.final is not None
    # Every acknowledged span once, plus whole requests whose 200 a kill cut off after spooling them.
    assert run.final.raw == run.spans_acknowledged + 20 * run.requests_stored_unacknowledged


def test_a_killed_generation_leaves_all_of_its_events_or_none_and_exact_rollups(tmp_path: Path) -> None:
    # The Data page's "Generate" is save_generated in the app's process; `netra generate` runs it in one of its own.
    # Before the generator's writes were journalled, a kill mid-insert left raw 150,000, daily 150,000, hourly 0.
    data = tmp_path / "data"
    env = {"NETRA_DATA_DIR": str(data)}
    assert run_netra("db", "upgrade", env=env).returncode == 0
    events, url = 150_000, f"chdb://{data / 'workloads'}"
    # Aimed at the write itself: killed within 0.3 s of its journal marker appearing.
    victim = replace(
        generate_victim(ORG, events, data / ".workloads.lock"), is_critical=has_entries(data / ".workloads.writes")
    )
    rng, rolled_back = Random(19), 0
    for attempt in range(8):
        killed = run_and_maybe_kill(victim, attempt, env, rng.uniform(0.0, 0.3), aim_at_marker=True)
        state = fetch_store_state(url)
        # A run the kill missed (a fast machine) must be whole; a killed one whole or nothing.
        assert state.raw in ({0, events} if killed.killed else {events}), f"attempt {attempt}: {state.raw:,} events"
        assert state.raw == state.hourly == state.daily and state.drift == [], state
        rolled_back = _rolled_back_writes(url)
        if rolled_back >= 1 and attempt >= 2:
            break
    assert rolled_back >= 1  # at least one kill landed inside the insert (and was undone)
    done = run_and_maybe_kill(victim, 9, env, None)
    assert done.returncode == 0, done.stderr_tail
    final = fetch_store_state(url)
    assert final.raw == final.hourly == final.daily == done.acknowledged == events and final.drift == []


def _rolled_back_writes(url: str) -> int:
    with WorkloadStore(url).session() as client:
        return int(query_rows(client, "SELECT countIf(state = 'rolled_back') FROM netra_write_journal")[0][0])
