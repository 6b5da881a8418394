"""The gateway's writer in a process of its own, on a real chdb store: it resumes from the spool after a kill -9,
records a dead gateway's unfinished calls, and leaves in-flight calls to a later segment."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from netra_core.gateway.spool import EventSpool, list_segments
from netra_core.gateway.writer_process import WriterConfig, WriterProcess, read_status
from netra_core.workloads.store import WorkloadStore
from tests.test_gateway_spool import _done, _start, _stored


def _wait_for(store: WorkloadStore, n: int, timeout_s: float = 60) -> dict[str, tuple[str, str]]:
    deadline = time.monotonic() + timeout_s
    while True:
        stored = _stored(store)
        store.close()  # let the writer process have the embedded store at once
        if len(stored) >= n or time.monotonic() > deadline:
            return stored
        time.sleep(0.1)


def _finished(spool: EventSpool, event_id: str) -> None:
    start = _start(event_id)
    spool.start(event_id, start)
    spool.finish(event_id, _done(start))


def test_a_killed_writer_process_resumes_from_the_spool_and_loses_nothing(tmp_path: Path, store: WorkloadStore) -> None:
    directory = tmp_path / "spool"
    dead = EventSpool(directory)  # a gateway killed with one call in flight
    dead.start("lost", _start("lost"))
    dead.close()

    spool = EventSpool(directory)
    assert len(spool.orphaned) == 1
    writer = WriterProcess(
        WriterConfig(
            spool_dir=str(directory),
            store_url=store.url,
            database_url=f"sqlite:///{tmp_path / 'app.db'}",  # no app database: built-in prices
            interval_s=0.1,
            orphaned=[p.name for p in spool.orphaned],
            lock_timeout_s=20,
        )
    )
    store.close()
    writer.start()
    first_pid = writer.pid
    for i in range(5):
        _finished(spool, f"a{i}")
    spool.start("open", _start("open"))  # in flight across the kill and two rotations
    spool.rotate()
    assert _wait_for(store, 6) == {**{f"a{i}": ("ok", "") for i in range(5)}, "lost": ("error", "gateway_interrupted")}

    assert first_pid is not None
    os.kill(first_pid, signal.SIGKILL)
    for i in range(5):
        _finished(spool, f"b{i}")
    spool.rotate()  # sealed while no writer runs
    deadline = time.monotonic() + 10
    while writer.restarts == 0 and time.monotonic() < deadline:
        writer.ensure_running()  # what the gateway's sealing thread does each interval
        time.sleep(0.05)
    assert writer.restarts == 1 and writer.pid != first_pid
    assert len(_wait_for(store, 11)) == 11

    spool.finish("open", _done(_start("open")))
    spool.rotate()
    assert writer.stop() == 0  # its last drain takes what was sealed before the pipe closed
    spool.close()
    stored = _stored(store)
    assert len(stored) == 12 and stored["open"] == ("ok", "") and stored["lost"] == ("error", "gateway_interrupted")
    assert list_segments(directory) == []  # every segment taken and removed, the empty active one too
    status = read_status(directory)
    assert status.events_written == 6 and status.last_error is None  # the second writer: b0-b4 and open


def test_segments_are_sealed_by_rename_with_in_flight_calls_carried_forward(tmp_path: Path) -> None:
    spool = EventSpool(tmp_path / "spool")
    spool.start("x", _start("x"))
    _finished(spool, "y")
    sealed = spool.rotate()
    assert [p.suffix for p in sealed] == [".sealed"]
    active = [p for p in list_segments(tmp_path / "spool") if p.suffix == ".seg"]
    assert len(active) == 1 and b'"id":"x"' in active[0].read_bytes()  # the start of x is in the new segment
    spool.close()
