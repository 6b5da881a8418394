"""The OTLP/HTTP receiver and its spool writer, in process: real app database, real spool, real chdb store."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceResponse
from sqlalchemy import Engine
from starlette.testclient import TestClient

from netra_core.collector.decode import body_to_line, protobuf_to_line
from netra_core.collector.server import make_receiver_app
from netra_core.collector.spool import Spool
from netra_core.collector.status import CollectorCounters, describe_status
from netra_core.collector.writer import SpoolWriter
from netra_core.db.engine import make_session_factory
from netra_core.db.keys import authenticate_api_key, revoke_api_key, save_api_key
from netra_core.db.orgs import save_org
from netra_core.workloads.store import WorkloadStore, query_rows
from tests.helpers.otlp_requests import MODELS, make_request, span_ids

PROTOBUF = "application/x-protobuf"


@dataclass
class Rig:
    client: TestClient
    spool: Spool
    writer: SpoolWriter
    counters: CollectorCounters
    store: WorkloadStore
    key: str
    other_key: str
    revoked_key: str

    def post(self, body: bytes, content_type: str = PROTOBUF, key: str | None = "", **headers: str) -> httpx2.Response:
        sent = {"content-type": content_type, **headers}
        token = self.key if key == "" else key
        if token is not None:
            sent["authorization"] = f"Bearer {token}"
        return self.client.post("/v1/traces", content=body, headers=sent)

    def event_ids(self, org: str = "acme") -> list[str]:
        with self.store.session() as c:
            rows = query_rows(c, "SELECT event_id FROM workload_events WHERE org_id = {org:String}", {"org": org})
        return sorted(r[0] for r in rows)


def make_rig(tmp_path: Path, engine: Engine, store: WorkloadStore, max_spool_bytes: int = 64 << 20) -> Rig:
    sessions = make_session_factory(engine)
    with sessions.begin() as s:
        save_org(s, "acme")
        save_org(s, "globex")
        key = save_api_key(s, "acme", "test").token
        other = save_api_key(s, "globex", "test").token
        revoked = save_api_key(s, "acme", "old")
        revoke_api_key(s, "acme", revoked.key.id)

    def authenticate(token: str) -> str | None:
        with sessions.begin() as s:
            return authenticate_api_key(s, token)

    spool = Spool(tmp_path / "spool", max_spool_bytes)
    counters = CollectorCounters()
    writer = SpoolWriter(spool, store, counters)
    app = make_receiver_app(spool, counters, authenticate, on_spooled=writer.notify)
    return Rig(TestClient(app), spool, writer, counters, store, key, other, revoked.token)


@pytest.fixture
def rig(tmp_path: Path, sqlite_engine: Engine, store: WorkloadStore) -> Iterator[Rig]:
    yield make_rig(tmp_path, sqlite_engine, store)


def test_protobuf_body_is_spooled_acknowledged_and_written(rig: Rig) -> None:
    request = make_request(20, seed=1)
    resp = rig.post(request.SerializeToString())
    assert resp.status_code == 200
    assert resp.headers["content-type"] == PROTOBUF
    ExportTraceServiceResponse().ParseFromString(resp.content)  # what OTLP exporters expect
    assert rig.spool.files == 1  # durable before the 200
    assert rig.writer.drain_once() == 1
    assert rig.event_ids() == sorted(span_ids(request))
    assert rig.spool.pending() == []
    snap = rig.counters.snapshot()
    assert (snap["spans_received"], snap["spans_written"]) == (20, 20)


def test_json_and_gzip_bodies_are_accepted(rig: Rig) -> None:
    as_json = make_request(5, seed=2)
    pretty = json.dumps(json.loads(protobuf_to_line(as_json)), indent=2).encode()  # many lines: must become one
    resp = rig.post(pretty, "application/json")
    assert (resp.status_code, resp.json()) == (200, {})
    gzipped = make_request(7, seed=3)
    resp = rig.post(gzip.compress(gzipped.SerializeToString()), **{"content-encoding": "gzip"})
    assert resp.status_code == 200
    gz_json = make_request(3, seed=4)
    resp = rig.post(
        gzip.compress(protobuf_to_line(gz_json).encode()), "application/json", **{"content-encoding": "gzip"}
    )
    assert resp.status_code == 200
    rig.writer.drain_once()
    assert rig.event_ids() == sorted(span_ids(as_json) + span_ids(gzipped) + span_ids(gz_json))


def test_the_org_comes_from_the_key_only(rig: Rig) -> None:
    request = make_request(4, seed=5)
    assert rig.post(request.SerializeToString(), key=rig.other_key, **{"x-org": "acme"}).status_code == 200
    rig.writer.drain_once()
    assert rig.event_ids("acme") == []
    assert rig.event_ids("globex") == sorted(span_ids(request))


@pytest.mark.parametrize("key", [None, "nk_aaaaaaaa_not-a-real-key-at-all-123", "revoked"])
def test_no_valid_key_gets_401_and_writes_nothing(rig: Rig, key: str | None) -> None:
    token = rig.revoked_key if key == "revoked" else key
    resp = rig.post(make_request(3, seed=6).SerializeToString(), key=token)
    assert resp.status_code == 401
    assert "Bearer" in resp.text
    assert rig.spool.pending() == [] and rig.spool.files == 0
    assert rig.writer.drain_once() == 0
    assert rig.event_ids() == []
    assert rig.counters.snapshot()["unauthorized"] == 1


@pytest.mark.parametrize(
    ("body", "content_type", "status", "message"),
    [
        (b"\xff\xff\xff", PROTOBUF, 400, "not an OTLP ExportTraceServiceRequest"),
        (b"{not json", "application/json", 400, "not JSON"),
        (b"[1, 2]", "application/json", 400, "expected an object with resourceSpans"),
        (b"hello", "text/plain", 415, "is not application/x-protobuf or application/json"),
    ],
)
def test_bad_bodies_get_a_readable_error_and_write_nothing(
    rig: Rig, body: bytes, content_type: str, status: int, message: str
) -> None:
    resp = rig.post(body, content_type)
    assert resp.status_code == status
    assert message in resp.text
    assert rig.spool.files == 0


def test_a_gzip_bomb_stops_at_the_size_limit(tmp_path: Path, sqlite_engine: Engine, store: WorkloadStore) -> None:
    rig = make_rig(tmp_path, sqlite_engine, store)
    bomb = gzip.compress(b"\0" * (64 << 20))  # 64 MB of zeros in ~64 kB
    assert len(bomb) < 100_000
    resp = rig.post(bomb, **{"content-encoding": "gzip"})
    assert resp.status_code == 413
    assert "inflates to more than" in resp.text
    assert rig.spool.files == 0


def test_a_full_spool_answers_503_with_retry_after_and_drops_nothing(
    tmp_path: Path, sqlite_engine: Engine, store: WorkloadStore
) -> None:
    first, second = make_request(50, seed=7), make_request(50, seed=8)
    rig = make_rig(tmp_path, sqlite_engine, store, max_spool_bytes=len(first.SerializeToString()) + 100)
    assert rig.post(first.SerializeToString()).status_code == 200
    refused = rig.post(second.SerializeToString())
    assert refused.status_code == 503
    assert int(refused.headers["retry-after"]) > 0
    assert rig.spool.files == 1
    rig.writer.drain_once()  # the writer catches up ...
    assert rig.post(second.SerializeToString()).status_code == 200  # ... and the retry is accepted
    rig.writer.drain_once()
    assert rig.event_ids() == sorted(span_ids(first) + span_ids(second))
    assert rig.counters.snapshot()["refused_spool_full"] == 1


def test_a_body_that_cannot_be_read_later_goes_to_rejected_and_the_rest_is_written(rig: Rig) -> None:
    good = make_request(6, seed=9)
    assert rig.post(good.SerializeToString()).status_code == 200
    # A body spooled by an earlier version, or damaged on disk: accepted once, unreadable now.
    poison = rig.spool.write("acme", "pb", b"\x0a\xff\xff\xff\xff")
    assert rig.writer.drain_once() == 2
    assert rig.event_ids() == sorted(span_ids(good))
    assert not poison.exists()
    rejected = rig.spool.rejected_dir / poison.name
    assert rejected.exists()
    assert "not an OTLP" in rejected.with_name(rejected.name + ".reason.txt").read_text()
    assert rig.spool.pending() == []
    assert rig.writer.drain_once() == 0  # not retried forever
    assert rig.counters.snapshot()["bodies_rejected"] == 1


def test_resending_the_same_spans_adds_nothing(rig: Rig) -> None:
    body = make_request(10, seed=10).SerializeToString()
    for _ in range(2):
        assert rig.post(body).status_code == 200
        rig.writer.drain_once()
    assert len(rig.event_ids()) == 10
    assert rig.counters.snapshot()["spans_duplicate"] == 10


def test_a_restarted_spool_resumes_what_was_left(tmp_path: Path, sqlite_engine: Engine, store: WorkloadStore) -> None:
    rig = make_rig(tmp_path, sqlite_engine, store)
    request = make_request(8, seed=11)
    assert rig.post(request.SerializeToString()).status_code == 200
    (rig.spool.tmp / "half-written.acme.pb").write_bytes(b"\x0a")  # a crash mid-write: never acknowledged
    rig.spool.release()  # the process is gone
    reopened = Spool(tmp_path / "spool", 64 << 20)
    assert (reopened.files, list(reopened.tmp.iterdir())) == (1, [])
    SpoolWriter(reopened, store, CollectorCounters()).drain_once()
    assert rig.event_ids() == sorted(span_ids(request))


def test_a_second_collector_cannot_take_the_same_spool(tmp_path: Path) -> None:
    from netra_core.errors import CollectorError

    first = Spool(tmp_path / "spool", 1 << 20)
    (first.tmp / "in-flight.acme.pb").write_bytes(b"\x0a")  # the running collector is writing this body
    try:
        with pytest.raises(CollectorError, match="already uses the spool"):
            Spool(tmp_path / "spool", 1 << 20)
        assert (first.tmp / "in-flight.acme.pb").exists()  # the refused one touched nothing
    finally:
        first.release()
    Spool(tmp_path / "spool", 1 << 20).release()  # free again once the first let go


def test_decoded_protobuf_is_the_otlp_json_the_file_exporter_writes() -> None:
    request = make_request(2, seed=12)
    span = request.resource_spans[0].scope_spans[0].spans[0]
    span.parent_span_id = bytes.fromhex("0102030405060708")
    span.status.message = 'quote " and \u00e9'
    doc = json.loads(body_to_line("pb", request.SerializeToString()))
    first = doc["resourceSpans"][0]["scopeSpans"][0]["spans"][0]
    assert first["traceId"] == span.trace_id.hex() and len(first["traceId"]) == 32
    assert first["parentSpanId"] == "0102030405060708"
    assert first["startTimeUnixNano"] == str(span.start_time_unix_nano)
    tokens = next(a for a in first["attributes"] if a["key"] == "gen_ai.usage.input_tokens")
    assert isinstance(tokens["value"]["intValue"], str)
    assert first["status"] == {"code": 1, "message": 'quote " and \u00e9'}
    assert doc["resourceSpans"][0]["resource"]["attributes"][0] == {
        "key": "service.name",
        "value": {"stringValue": "support-bot"},
    }


def test_doctor_line_flags_a_stopped_collector_with_a_full_spool() -> None:
    healthy, line = describe_status({"pid": 0, "spool_files": 3, "spool_bytes": 1000, "spans_received": 5})
    assert not healthy and "start `netra collect`" in line
    healthy, line = describe_status({"pid": 0, "spool_files": 0, "spans_received": 5, "spans_written": 5})
    assert healthy and "received 5 spans, written 5" in line


def test_netra_doctor_shows_the_collector_once_one_has_run(tmp_path: Path) -> None:
    from netra_core.collector.status import save_status, status_path
    from netra_core.doctor import run_doctor
    from tests.conftest import make_test_settings

    settings = make_test_settings(tmp_path / "data")
    assert "collector" not in [c.name for c in run_doctor(settings, 5)]
    save_status(
        status_path(settings.data_dir),
        {"pid": 0, "stopped": True, "spool_files": 2, "spool_bytes": 4096, "spans_received": 9, "spans_written": 4},
    )
    check = {c.name: c for c in run_doctor(settings, 5)}["collector"]
    assert not check.ok
    assert "received 9 spans, written 4" in check.detail and "2 request(s) wait in the spool" in check.detail


def test_collect_says_clearly_when_its_port_is_taken() -> None:
    import socket

    from tests.conftest import run_netra

    assert run_netra("db", "upgrade").returncode == 0
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        out = run_netra("collect", "--port", str(port), timeout=120)
    assert out.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in out.stderr and "pick another --port" in out.stderr


def test_spans_without_a_cost_are_priced_with_the_org_s_price_book(rig: Rig) -> None:
    from netra_core.catalog.pricing import PriceBook, PriceRow

    asked: list[str] = []

    def book_for(org: str) -> PriceBook:
        asked.append(org)
        return PriceBook([PriceRow(p, m, input_per_mtok=1000.0, output_per_mtok=2000.0) for p, m in MODELS])

    rig.writer.price_book_for = book_for
    request = make_request(6, seed=11)
    assert rig.post(request.SerializeToString()).status_code == 200
    rig.writer.drain_once()
    assert asked == ["acme"]
    with rig.store.session() as c:
        rows = query_rows(
            c,
            "SELECT prompt_tokens, completion_tokens, cost_usd, cost_source FROM workload_events "
            "WHERE org_id = {org:String}",
            {"org": "acme"},
        )
    assert len(rows) == 6
    for prompt, completion, cost, source in rows:
        assert cost == pytest.approx(prompt * 1000.0 / 1e6 + completion * 2000.0 / 1e6)
        assert source == "netra"
