"""The gateway's event spool and writer on a real chdb store: nothing lost across rotation, a crash or a busy store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from netra_core.errors import GatewayError, WorkloadStoreError
from netra_core.gateway.events import Usage, finish_event, now_iso
from netra_core.gateway.spool import EventSpool, list_segments, read_segments
from netra_core.gateway.writer import EventWriter
from netra_core.workloads.store import WorkloadStore, query_rows


def _start(event_id: str, org: str = "acme") -> dict[str, Any]:
    return {
        "event_id": event_id,
        "ts": now_iso(),
        "org_id": org,
        "workload": "support",
        "task_type": "chat",
        "user_id": "",
        "provider": "openai",
        "model": "gpt-4o-mini",
        "prompt_hash": "h",
        "source": "gateway",
        "metadata": {"segment": "support/chat/short", "route_reason": "policy"},
    }


def _done(start: dict[str, Any]) -> dict[str, Any]:
    usage = Usage(prompt_tokens=10, completion_tokens=2, is_known=True)
    return finish_event(start, provider="openai", model="gpt-4o-mini", usage=usage, cost_usd=0.001, latency_ms=5.0)


def _stored(store: WorkloadStore, org: str = "acme") -> dict[str, tuple[str, str]]:
    with store.session() as c:
        rows = query_rows(
            c, "SELECT event_id, status, error_type FROM workload_events FINAL WHERE org_id = {o:String}", {"o": org}
        )
    return {r[0]: (r[1], r[2]) for r in rows}


def test_a_call_in_flight_across_rotations_is_written_once_when_it_finishes(
    tmp_path: Path, store: WorkloadStore
) -> None:
    spool = EventSpool(tmp_path / "spool")
    writer = EventWriter(spool, store)
    a, b = _start("a"), _start("b")
    spool.start("a", a)
    spool.start("b", b)
    spool.finish("a", _done(a))
    assert writer.flush() == 1  # b is still in flight: carried into the next segment, not written
    assert writer.flush() == 0
    spool.finish("b", _done(b))
    assert writer.flush() == 1
    assert _stored(store) == {"a": ("ok", ""), "b": ("ok", "")}
    spool.close()
    assert not list((tmp_path / "spool").glob("*.seg"))


def test_calls_a_dead_gateway_left_unfinished_become_interrupted_events(tmp_path: Path, store: WorkloadStore) -> None:
    spool = EventSpool(tmp_path / "spool")
    done, lost = _start("done"), _start("lost")
    spool.start("done", done)
    spool.start("lost", lost)
    spool.finish("done", _done(done))
    EventWriter(spool, store).flush()  # "lost" is carried into a new segment
    with (tmp_path / "spool" / [p.name for p in list_segments(tmp_path / "spool")][-1]).open("ab") as fh:
        fh.write(b'{"k":"f","id":"lost","e":{"torn')  # the process died in the middle of a write
    spool.close()  # as a kill would leave it: the start of "lost" on disk, no finish

    again = EventSpool(tmp_path / "spool")
    assert len(again.orphaned) == 1
    writer = EventWriter(again, store)
    assert writer.flush() == 1 and writer.counters.events_interrupted == 1
    assert _stored(store) == {"done": ("ok", ""), "lost": ("error", "gateway_interrupted")}
    again.close()


def test_segments_stay_until_the_store_takes_them(
    tmp_path: Path, store: WorkloadStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    spool = EventSpool(tmp_path / "spool")
    writer = EventWriter(spool, store)
    e = _start("e")
    spool.start("e", e)
    spool.finish("e", _done(e))

    def busy(*_: object, **__: object) -> None:
        raise WorkloadStoreError("the store is busy: another process holds it")

    monkeypatch.setattr("netra_core.gateway.writer.ingest_files", busy)
    assert writer._drain_safely() == 0 and writer.counters.last_error is not None
    assert read_segments(list_segments(tmp_path / "spool")).finished.keys() == {"e"}
    monkeypatch.undo()
    assert writer.flush() == 1 and _stored(store) == {"e": ("ok", "")}
    spool.close()


def test_one_gateway_per_spool(tmp_path: Path) -> None:
    spool = EventSpool(tmp_path / "spool")
    with pytest.raises(GatewayError, match="already uses the spool"):
        EventSpool(tmp_path / "spool")
    spool.close()
