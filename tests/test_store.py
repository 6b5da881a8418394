import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from netra_core.errors import ConfigError, StoreBusyError
from netra_core.workloads.events import fetch_event_count, save_events
from netra_core.workloads.migrations import upgrade_store
from netra_core.workloads.store import StoreTarget, WorkloadStore, query_rows

ROOT = Path(__file__).resolve().parents[1]


def make_events(n: int, prefix: str = "e", **overrides: object) -> pd.DataFrame:
    data: dict[str, object] = {
        "event_id": [f"{prefix}{i}" for i in range(n)],
        "ts": pd.date_range("2026-11-01", periods=n, freq="min", tz="UTC"),
        "workload": "support-bot",
        "task_type": "chat",
        "provider": "openai",
        "model": "gpt-4o-mini",
        "prompt_tokens": 100,
        "completion_tokens": 20,
        "latency_ms": 500.0,
        "cost_usd": 0.0001,
    }
    data.update(overrides)
    return pd.DataFrame(data)


def start_worker(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.store_worker", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_parse_urls() -> None:
    t = StoreTarget.parse("https://bob:p%40ss@ch.example:9443/netra")
    assert (t.kind, t.host, t.port, t.username, t.password, t.database, t.secure) == (
        "server",
        "ch.example",
        9443,
        "bob",
        "p@ss",
        "netra",
        True,
    )
    assert StoreTarget.parse("http://ch:8123").database == "default"
    assert StoreTarget.parse("chdb:///var/lib/netra/w").path == Path("/var/lib/netra/w")
    with pytest.raises(ConfigError):
        StoreTarget.parse("mysql://x")


def test_reingesting_the_same_events_adds_nothing(store: WorkloadStore) -> None:
    with store.session() as client:
        assert save_events(client, "acme", make_events(50)) == 50
        assert save_events(client, "acme", make_events(50)) == 0
        assert save_events(client, "acme", make_events(60)) == 10
        assert fetch_event_count(client, "acme") == 60


def test_org_scoping_of_counts_and_ids(store: WorkloadStore) -> None:
    with store.session() as client:
        save_events(client, "acme", make_events(5))
        # The same ids in another org are another org's events, not duplicates.
        assert save_events(client, "globex", make_events(3)) == 3
        assert fetch_event_count(client, "acme") == 5
        assert fetch_event_count(client, "globex") == 3
        assert fetch_event_count(client, "acme' OR 1=1 --") == 0


def test_parameters_are_never_spliced_into_sql(store: WorkloadStore) -> None:
    with store.session() as client:
        save_events(client, "acme", make_events(2))
        rows = query_rows(
            client,
            "SELECT count() FROM workload_events WHERE workload = {w:String}",
            {"w": "x'); DROP TABLE workload_events; --"},
        )
        assert rows == [(0,)]
        assert fetch_event_count(client, "acme") == 2


def test_sessions_nest_within_a_process(store: WorkloadStore) -> None:
    other = WorkloadStore(store.url)
    with store.session() as outer, other.session() as inner:
        assert outer is inner
        assert inner.query("SELECT 1").result_rows == [(1,)]


def open_files_and_threads() -> tuple[int, int]:
    return len(os.listdir("/proc/self/fd")), len(os.listdir("/proc/self/task"))


def test_a_long_running_process_keeps_its_engine_open_between_sessions(store: WorkloadStore) -> None:
    """Every chdb open and close left ~5 engine threads and ~15 files behind: an app reading per page ran out."""
    with store.session() as client:
        save_events(client, "acme", make_events(3))
    before = open_files_and_threads()
    for _ in range(100):
        with store.session() as client:
            assert fetch_event_count(client, "acme") == 3
    files, threads = open_files_and_threads()
    assert files - before[0] <= 5 and threads - before[1] <= 2
    # Closing the store lets go of the engine and the lock at once.
    store.close()
    assert store.target.path is not None
    fd = os.open(store.target.path.parent / f".{store.target.path.name}.lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises BlockingIOError if still held
        fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def test_an_idle_process_hands_the_store_to_one_that_waits(store: WorkloadStore) -> None:
    """This process's engine stays open after its session; another process asking for the store gets it."""
    with store.session() as client:
        save_events(client, "acme", make_events(2, prefix="mine-"))
    worker = start_worker("write", store.url, "acme", "worker", "3")
    out, err = worker.communicate(timeout=60)
    assert worker.returncode == 0 and "done" in out, err
    with store.session() as client:
        assert fetch_event_count(client, "acme") == 5


def test_second_process_shares_the_store_while_the_first_loops(store: WorkloadStore) -> None:
    """The app (this process) keeps opening sessions while a notebook/report process writes."""
    worker = start_worker("write", store.url, "acme", "worker", "40")
    mine = 0
    while worker.poll() is None:
        with store.session() as client:
            save_events(client, "acme", make_events(1, prefix=f"app-{mine}-"))
            fetch_event_count(client, "acme")
        mine += 1
    out, err = worker.communicate()
    assert worker.returncode == 0, err
    assert "done" in out
    with store.session() as client:
        assert fetch_event_count(client, "acme") == 40 + mine
    assert mine > 0


def test_store_held_past_the_timeout_names_the_holder(store: WorkloadStore) -> None:
    holder = start_worker("hold", store.url, "6")
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        impatient = WorkloadStore(store.url, lock_timeout_s=0.5)
        started = time.monotonic()
        with pytest.raises(StoreBusyError) as info, impatient.session():
            pass
        assert time.monotonic() - started < 3
        assert info.value.holder_pid == holder.pid
        assert f"process {holder.pid}" in str(info.value) and "store_worker" in str(info.value)
        assert "NETRA_STORE_LOCK_TIMEOUT_S" in str(info.value)
    finally:
        holder.kill()
        holder.wait()
    # Once the holder is gone the store is usable again.
    with store.session() as client:
        assert upgrade_store(client) == []


def test_every_read_is_stopped_at_its_time_limit_with_a_clear_error(tmp_path: Path) -> None:
    from netra_core.errors import WorkloadStoreError
    from netra_core.workloads import store as store_module
    from netra_core.workloads.store import query_df, query_rows

    store = WorkloadStore(f"chdb://{tmp_path / 'w'}")
    heavy = "SELECT sum(cityHash64(number)) AS s FROM numbers(100000000000)"
    with store.session() as client:
        with pytest.raises(WorkloadStoreError, match=r"ran past its 0\.5 s limit and was stopped"):
            query_rows(client, heavy, max_seconds=0.5)
        default = store_module.READ_TIMEOUT_S
        store_module.READ_TIMEOUT_S = 0.5  # the default applies to every read without its own limit
        try:
            with pytest.raises(WorkloadStoreError, match=r"ran past its 0\.5 s limit"):
                query_df(client, heavy)
        finally:
            store_module.READ_TIMEOUT_S = default
        assert query_rows(client, "SELECT 1") == [(1,)]
