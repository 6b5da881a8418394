"""Ingest is all or nothing across crashes, duplicate ids are skipped at any time, and roll-ups stay exact."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from netra_core.errors import WorkloadStoreError
from netra_core.workloads.events import save_events
from netra_core.workloads.ingest import ingest_files, staging
from netra_core.workloads.journal import STARTED, fetch_unfinished_ops, make_write_op, save_marker, save_op_state
from netra_core.workloads.recovery import rebuild_rollups
from netra_core.workloads.rollups import fetch_rollup_drift
from netra_core.workloads.store import WorkloadStore, query_rows
from tests.conftest import run_netra
from tests.test_ingest_builders import count_all, make_events, write_events

ORG = "acme"


def totals(store: WorkloadStore, org: str = ORG) -> dict[str, tuple[int, float]]:
    """Requests and spend of the org in the raw events and in each roll-up."""
    out = {}
    with store.session() as client:
        for name, sql in {
            "raw": "SELECT count(), sum(cost_usd) FROM workload_events WHERE org_id = {org:String}",
            "hourly": "SELECT sum(requests), sum(cost_usd) FROM workload_hourly WHERE org_id = {org:String}",
            "daily": "SELECT sum(requests), sum(cost_usd) FROM workload_daily WHERE org_id = {org:String}",
        }.items():
            n, cost = query_rows(client, sql, {"org": org})[0]
            out[name] = (int(n or 0), round(float(cost or 0), 6))
    return out


def leave_half_written_ingest(store: WorkloadStore, prefix: str, n: int) -> str:
    """What a process killed during its move leaves: a journal entry and marker, and some of its rows."""
    frame = make_events(n, prefix=prefix, cost_usd=0.01)
    frame["org_id"] = ORG
    lo, hi = frame["ts"].min().to_pydatetime(), frame["ts"].max().to_pydatetime()
    with store.session() as client:
        op = make_write_op("ingest", ORG, lo, hi)
        assert store.write_markers is not None
        save_marker(store.write_markers, op)
        save_op_state(client, op, STARTED)
        frame["ingest_id"] = op.op_id
        # Through the views, as the real move writes: the roll-ups count these rows too.
        client.insert_df("workload_events", frame.head(n // 2))
    return op.op_id


def test_a_move_cut_short_is_rolled_back_when_the_next_session_opens(store: WorkloadStore, tmp_path: Path) -> None:
    path = write_events(make_events(300, prefix="ok"), tmp_path / "events.parquet")
    ingest_files(store, [path], ORG)
    before = totals(store)
    # The marker is what a new session looks at; turn recovery off to see the damage first.
    store.recover_writes = False
    leave_half_written_ingest(store, "cut", 200)
    damaged = totals(store)
    assert damaged["raw"][0] == 400 and damaged["daily"][0] == 400
    store.recover_writes = True
    with store.session() as client:
        assert fetch_unfinished_ops(client) == []
    assert totals(store) == before
    assert count_all(store) == 300
    assert store.write_markers is not None and not any(store.write_markers.iterdir())


def test_rows_of_a_rolled_back_ingest_come_back_when_the_file_is_ingested_again(
    store: WorkloadStore, tmp_path: Path
) -> None:
    """The duplicate check must not see the dead ingest's rows (they are rolled back first)."""
    store.recover_writes = False
    leave_half_written_ingest(store, "x", 100)
    store.recover_writes = True
    path = write_events(make_events(100, prefix="x", cost_usd=0.01), tmp_path / "again.csv")
    assert ingest_files(store, [path], ORG).rows_written == 100
    t = totals(store)
    assert t["raw"] == t["hourly"] == t["daily"] == (100, 1.0)


def test_a_failure_between_move_statements_leaves_nothing(
    store: WorkloadStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The move runs one INSERT per id bucket; the second failing must take the first one's rows away."""
    monkeypatch.setattr(staging, "MOVE_BUCKET_ROWS", 100)
    real = staging._command
    inserts = []

    def failing_second_insert(client: object, sql: str, parameters: dict[str, object] | None = None) -> None:
        if sql.startswith("INSERT"):
            inserts.append(sql)
            if len(inserts) == 2:
                raise WorkloadStoreError("disk full (simulated)")
        real(client, sql, parameters)  # type: ignore[arg-type]

    monkeypatch.setattr(staging, "_command", failing_second_insert)
    path = write_events(make_events(400), tmp_path / "events.parquet")
    with pytest.raises(WorkloadStoreError, match="disk full"):
        ingest_files(store, [path], ORG)
    assert totals(store) == {"raw": (0, 0.0), "hourly": (0, 0.0), "daily": (0, 0.0)}


def test_same_ids_with_shifted_timestamps_are_not_added_again(store: WorkloadStore, tmp_path: Path) -> None:
    """Issue 19 item 4: dedup looked only inside the new batch's time range (515 of 1,000 were added again)."""
    first = make_events(1000)
    ingest_files(store, [write_events(first, tmp_path / "a.parquet")], ORG)
    shifted = first.assign(ts=first["ts"] + pd.Timedelta(days=3))
    report = ingest_files(store, [write_events(shifted, tmp_path / "b.parquet")], ORG)
    assert (report.rows_written, report.duplicates_skipped) == (0, 1000)
    t = totals(store)
    assert t["raw"][0] == t["hourly"][0] == t["daily"][0] == 1000


def test_staging_lives_in_the_data_dir_and_dead_leftovers_are_removed(store: WorkloadStore, tmp_path: Path) -> None:
    root = tmp_path / "staging"
    dead = root / "999999999-leftover"  # a pid no process has
    dead.mkdir(parents=True)
    (dead / "staged.arrow").write_bytes(b"x" * 1000)
    alive = root / f"{os.getpid()}-running"
    alive.mkdir()
    ingest_files(store, [write_events(make_events(10), tmp_path / "e.csv")], ORG, staging_dir=root)
    assert sorted(p.name for p in root.iterdir()) == [alive.name]
    assert oct(root.stat().st_mode & 0o777) == "0o700"


def test_rebuilt_rollups_equal_the_ones_the_views_wrote(store: WorkloadStore, tmp_path: Path) -> None:
    ingest_files(store, [write_events(make_events(3000), tmp_path / "e.parquet")], ORG)
    sql = (
        "SELECT hour, workload, model, provider, sum(requests), round(sum(cost_usd), 9), sum(prompt_tokens), "
        "sum(errors), quantilesTDigestMerge(0.5, 0.95)(latency) FROM workload_hourly WHERE org_id = {org:String} "
        "GROUP BY hour, workload, model, provider ORDER BY hour, workload, model, provider"
    )
    with store.session() as client:
        by_views = query_rows(client, sql, {"org": ORG})
        report = rebuild_rollups(client, ORG)
        rebuilt = query_rows(client, sql, {"org": ORG})
        assert fetch_rollup_drift(client) == []
    assert report.raw_rows == 3000 and report.orgs == [ORG]
    assert rebuilt == by_views


def test_doctor_reports_rollup_drift_and_rebuild_rollups_fixes_it(tmp_path: Path) -> None:
    env = {"NETRA_DATA_DIR": str(tmp_path / "data")}
    assert run_netra("db", "upgrade", env=env).returncode == 0
    path = write_events(make_events(500), tmp_path / "e.parquet")
    assert run_netra("ingest", str(path), "--org", ORG, "--create-org", env=env).returncode == 0
    store = WorkloadStore(f"chdb://{tmp_path / 'data' / 'workloads'}")
    with store.session() as client:  # raw rows lost behind the views' back, as a crash used to leave
        client.command("DELETE FROM workload_events WHERE org_id = 'acme' AND event_id LIKE 'e1%'")
    doctor = run_netra("doctor", env=env)
    assert doctor.returncode == 1
    assert "roll-ups differ from the raw events" in doctor.stdout and "acme 2026-11-01" in doctor.stdout
    assert "netra db rebuild-rollups --org acme" in doctor.stdout
    rebuilt = run_netra("db", "rebuild-rollups", "--org", ORG, "--from", "2026-11-01", "--to", "2026-11-01", env=env)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "rebuilt the roll-ups of 1 org(s) over 1 day(s)" in rebuilt.stdout
    doctor = run_netra("doctor", env=env)
    assert doctor.returncode == 0, doctor.stdout
    assert "roll-ups match the raw events" in doctor.stdout


def test_a_rebuild_cut_short_is_redone(store: WorkloadStore, tmp_path: Path) -> None:
    ingest_files(store, [write_events(make_events(200), tmp_path / "e.parquet")], ORG)
    day = datetime(2026, 11, 1, tzinfo=UTC)
    store.recover_writes = False
    with store.session() as client:
        op = make_write_op("rebuild", ORG, day, datetime(2026, 11, 2, tzinfo=UTC))
        assert store.write_markers is not None
        save_marker(store.write_markers, op)
        save_op_state(client, op, STARTED)
        client.command("DELETE FROM workload_hourly WHERE org_id = 'acme'")  # killed after the first DELETE
    store.recover_writes = True
    t = totals(store)
    assert t["raw"] == t["hourly"] == t["daily"]


def test_save_events_skips_ids_stored_on_another_day(store: WorkloadStore) -> None:
    """The small writer (tests, the receiver) had the same range-only duplicate check as ingest."""
    frame = make_events(50)
    with store.session() as client:
        assert save_events(client, ORG, frame) == 50
        assert save_events(client, ORG, frame.assign(ts=frame["ts"] + pd.Timedelta(days=2))) == 0
    assert count_all(store) == 50
