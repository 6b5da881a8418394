"""The engine's decode of OTLP protobuf bodies equals the Python reader, column for column.

Each case turns the same export requests into events twice: through `engine_decode` (chdb reads the
protobuf) and through the receiver's Python decoder (protobuf -> OTLP/JSON line) and the file
reader's line parser. Both results are validated as ingest validates them and compared row by row.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest
from google.protobuf import json_format
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, ArrayValue, KeyValue, KeyValueList
from sqlalchemy import Engine

from netra_core.collector import engine_decode
from netra_core.collector.decode import parse_protobuf, protobuf_to_line
from netra_core.collector.engine_decode import EngineDecodeError, iter_protobuf_chunks, read_bodies, write_bodies
from netra_core.collector.otlp_schema import schema_text
from netra_core.collector.status import describe_status
from netra_core.workloads.ingest import ingest_files, otlp
from netra_core.workloads.ingest.columns import resolve_columns
from netra_core.workloads.ingest.readers import RawChunk
from netra_core.workloads.ingest.validate import check_chunk
from netra_core.workloads.store import WorkloadStore
from tests.helpers.otlp_requests import make_request, span_ids
from tests.test_collector import Rig, make_rig

Rows = tuple[list[dict[str, Any]], int, int, list[str]]


def _validated(chunks: list[RawChunk]) -> Rows:
    """Validated rows (with their body number), non-model spans, agent spans, issues."""
    rows: list[dict[str, Any]] = []
    skipped = agents = 0
    issues: list[str] = []
    for raw in chunks:
        skipped += raw.skipped_spans
        agents += raw.agent_spans
        issues += [str(i) for i in raw.issues]
        if len(raw.locations):
            checked = check_chunk(raw.table, resolve_columns(raw.table.column_names), raw.locations, file="t")
            issues += [str(i) for i in checked.issues]
            table = pa.table(checked.columns).append_column("body", pa.array(raw.locations))
            rows += table.append_column("bad", pa.array(checked.bad)).to_pylist()
    for row in rows:
        row["metadata"] = dict(row["metadata"])  # a map: compared as a dict
    return rows, skipped, agents, issues


def _python_path(bodies: list[bytes], folder: Path, monkeypatch: pytest.MonkeyPatch) -> Rows:
    path = folder / "python.jsonl"
    path.write_text("".join(protobuf_to_line(parse_protobuf(b)) + "\n" for b in bodies))
    with monkeypatch.context() as patch:
        patch.setattr(otlp, "otlp_block_columns", lambda *args: None)  # the line parser, span by span
        return _validated(list(otlp.iter_otlp(path)))


def _engine_path(bodies: list[bytes], folder: Path) -> tuple[Rows, int, int]:
    path = folder / "bodies.pb"
    write_bodies(path, bodies)
    chunks = list(iter_protobuf_chunks(path))
    return _validated(chunks), sum(c.engine_bodies for c in chunks), sum(c.fallback_bodies for c in chunks)


def _both(bodies: list[bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Rows, int, int]:
    """The engine's result (asserted equal to the Python reader's), and how many bodies each path took."""
    engine, by_engine, by_fallback = _engine_path(bodies, tmp_path)
    python = _python_path(bodies, tmp_path, monkeypatch)
    # The one difference: start times are integers here (as on the file reader's Arrow path), text in the
    # line parser, so a refused one is quoted differently in the message. The rows are equal.
    python = (*python[:3], [re.sub(r"ts '(\d+)'", r"ts \1", i) for i in python[3]])
    engine = (*engine[:3], [re.sub(r"ts '(\d+)'", r"ts \1", i) for i in engine[3]])
    assert engine[1:] == python[1:]
    assert len(engine[0]) == len(python[0])
    # Bodies the engine hands to the Python reader come after its own: compare in body order (stable).
    ordered = sorted(engine[0], key=lambda r: int(r["body"]))
    for ours, theirs in zip(ordered, python[0], strict=True):
        assert ours == theirs
    engine = (ordered, *engine[1:])
    assert by_engine + by_fallback == len(bodies)
    engine_spans, python_spans = _span_frames(bodies, tmp_path, monkeypatch)  # the spans kept as trace context
    pd.testing.assert_frame_equal(engine_spans, python_spans)
    return engine, by_engine, by_fallback


def otlp_json_to_request(doc: dict[str, Any]) -> ExportTraceServiceRequest:
    """An OTLP/JSON export (hex ids) as the protobuf request an SDK's OTLP/HTTP exporter would send."""

    def ids_to_base64(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                k: base64.b64encode(bytes.fromhex(v)).decode()
                if k in ("traceId", "spanId", "parentSpanId") and isinstance(v, str)
                else ids_to_base64(v)
                for k, v in node.items()
            }
        if isinstance(node, list):
            return [ids_to_base64(v) for v in node]
        return node

    request = ExportTraceServiceRequest()
    json_format.ParseDict(ids_to_base64(doc), request)
    return request


def _span_frames(
    bodies: list[bytes], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The trace-context rows (spans that are not events) of the engine and of the Python reader."""

    def frame(chunks: list[RawChunk]) -> pd.DataFrame:
        tables = [c.spans for c in chunks if c.spans is not None]
        if not tables:
            return pd.DataFrame()
        return pa.concat_tables(tables).to_pandas().sort_values(["trace_id", "span_id"], ignore_index=True)

    write_bodies(folder / "spans.pb", bodies)
    engine = frame(list(iter_protobuf_chunks(folder / "spans.pb")))
    path = folder / "spans.jsonl"
    path.write_text("".join(protobuf_to_line(parse_protobuf(b)) + "\n" for b in bodies))
    with monkeypatch.context() as patch:
        patch.setattr(otlp, "otlp_block_columns", lambda *args: None)
        python = frame(list(otlp.iter_otlp(path)))
    return engine, python


def test_the_schema_is_written_from_the_installed_descriptors() -> None:
    text = schema_text()
    assert "message ExportTraceServiceRequest {" in text and "repeated ResourceSpans resource_spans = 1;" in text
    assert "message Span_Event {" in text and "fixed64 start_time_unix_nano = 7;" in text
    # The recursion AnyValue -> ArrayValue -> AnyValue is cut by a leaf copy whose messages are bytes.
    assert "repeated AnyValueLeaf values = 1;" in text and "bytes array_value = 5;" in text


def test_real_instrumentation_spans_decode_equal_in_the_engine(
    span_files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bodies = [
        otlp_json_to_request(json.loads(line)).SerializeToString()
        for path in span_files.values()
        for line in path.read_text().splitlines()
        if line.strip()
    ]
    (rows, skipped, agents, issues), by_engine, by_fallback = _both(bodies, tmp_path, monkeypatch)
    assert (by_engine, by_fallback) == (len(bodies), 0)  # real spans take the engine path whole
    assert len(rows) > 35 and not any(r["bad"] for r in rows) and not issues
    assert skipped > 0  # the app and HTTP spans around each call
    assert {r["status"] for r in rows} == {"ok", "error"}
    assert {r["usage_known"] for r in rows} == {0, 1}
    engine_spans, _ = _span_frames(bodies, tmp_path, monkeypatch)
    assert len(engine_spans) == skipped + agents and "other" in set(engine_spans["kind"])


def test_generated_requests_decode_equal_in_the_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bodies = [make_request(300, seed=s).SerializeToString() for s in range(4)]
    (rows, *_), by_engine, _ = _both(bodies, tmp_path, monkeypatch)
    assert len(rows) == 1200 and by_engine == 4
    assert [r["body"] for r in rows] == [b for b in range(1, 5) for _ in range(300)]


def _value(kind: str) -> AnyValue:
    return {
        "string": AnyValue(string_value="gpt-x"),
        "empty_string": AnyValue(string_value=""),
        "int": AnyValue(int_value=7),
        "zero": AnyValue(int_value=0),
        "double": AnyValue(double_value=0.25),
        "bool": AnyValue(bool_value=True),
        "array": AnyValue(array_value=ArrayValue(values=[AnyValue(string_value="stop"), AnyValue(int_value=1)])),
        "empty_array": AnyValue(array_value=ArrayValue()),
        "kvlist": AnyValue(kvlist_value=KeyValueList(values=[KeyValue(key="a", value=AnyValue(string_value="b"))])),
        "bytes": AnyValue(bytes_value=b"\x00\x01"),
        "unset": AnyValue(),
    }[kind]


KINDS = ("string", "empty_string", "int", "zero", "double", "bool", "array", "empty_array", "kvlist", "bytes", "unset")


def _chat_request(extra: dict[str, AnyValue], *, seed: int = 0, status: int = 0, events: bool = False) -> bytes:
    """One chat span carrying the usual attributes plus `extra` (which replace same-named ones)."""
    request = make_request(1, seed=seed)
    span = request.resource_spans[0].scope_spans[0].spans[0]
    kept = [kv for kv in span.attributes if kv.key not in extra]
    del span.attributes[:]
    span.attributes.extend(kept + [KeyValue(key=k, value=v) for k, v in extra.items()])
    span.status.code = status
    if events:
        event = span.events.add(name="exception", time_unix_nano=span.start_time_unix_nano)
        event.attributes.add(key="exception.type", value=AnyValue(string_value="openai.RateLimitError"))
    return bytes(request.SerializeToString())


KEYS = (
    "gen_ai.request.model",
    "gen_ai.provider.name",
    "gen_ai.usage.input_tokens",
    "gen_ai.usage.cache_read.input_tokens",
    "llm.token_count.prompt_details.audio",
    "llm.token_count.completion_details.audio",
    "gen_ai.usage.cost",
    "gen_ai.operation.name",
    "gen_ai.response.finish_reasons",
    "gen_ai.response.id",
    "error.type",
    "llm.request.type",
    "openinference.span.kind",
    "llm.invocation_parameters",
)


@pytest.mark.parametrize("key", KEYS)
def test_attribute_values_of_every_kind_decode_equal(key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bodies = [_chat_request({key: _value(kind)}, seed=i, status=2 if i % 2 else 0) for i, kind in enumerate(KINDS)]
    _, by_engine, _ = _both(bodies, tmp_path, monkeypatch)
    assert by_engine > 0  # text, missing and bytes values at least are the engine's own


def test_values_the_engine_does_not_reproduce_go_to_the_python_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bodies = [
        _chat_request({}),  # plain: the engine's
        _chat_request({"gen_ai.usage.input_tokens": AnyValue(string_value="12")}),  # tokens as text
        _chat_request({"gen_ai.request.model": AnyValue(bool_value=True)}),  # a model that is not text
        _chat_request({"gen_ai.provider.name": AnyValue(bytes_value=b"x")}),  # bytes read as None: the engine's
    ]
    (rows, *_), by_engine, by_fallback = _both(bodies, tmp_path, monkeypatch)
    assert (by_engine, by_fallback) == (2, 2)
    assert [r["body"] for r in rows] == [1, 2, 3, 4]


def test_duplicate_keys_finish_reasons_exceptions_and_parameters_decode_equal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = ExportTraceServiceRequest()
    json_format.ParseDict(json.loads(_chat_request_json()), request)
    bodies = [
        request.SerializeToString(),
        _chat_request({}, status=2, events=True),  # error typed by its exception event: RateLimitError
        _chat_request({"error.type": AnyValue(string_value="")}, status=2),  # _OTHER
        _chat_request(
            {
                "gen_ai.request.model": AnyValue(string_value=""),  # model from the parameters
                "gen_ai.response.model": AnyValue(string_value=""),
                "llm.invocation_parameters": AnyValue(string_value='{"model" : "gpt-p", "n": 1}'),
            }
        ),
        _chat_request({"gen_ai.agent.name": AnyValue(string_value="helper"), "user.id": AnyValue(string_value="u1")}),
    ]
    (rows, *_), by_engine, _ = _both(bodies, tmp_path, monkeypatch)
    assert by_engine == len(bodies)
    by_body = {r["body"]: r for r in rows}
    assert by_body[1]["model"] == "second" and by_body[1]["finish_reason"] == "length"
    assert by_body[2]["error_type"] == "RateLimitError" and by_body[3]["error_type"] == "_OTHER"
    assert by_body[4]["model"] == "gpt-p" and by_body[5]["metadata"]["agent.name"] == "helper"


def test_openinference_audio_token_counts_decode_equal_in_the_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    audio = {
        "llm.token_count.prompt_details.audio": AnyValue(int_value=400),
        "llm.token_count.completion_details.audio": AnyValue(int_value=150),
    }
    bodies = [_chat_request(audio, seed=1), _chat_request({}, seed=2)]
    (rows, *_), by_engine, _ = _both(bodies, tmp_path, monkeypatch)
    assert by_engine == 2
    assert [(r["audio_prompt_tokens"], r["audio_completion_tokens"]) for r in rows] == [(400, 150), (0, 0)]


def _chat_request_json() -> str:
    """A span with a key twice (the last wins, as in a dict), an array finish reason, an agent span beside it."""
    attrs = [
        {"key": "gen_ai.request.model", "value": {"stringValue": "first"}},
        {"key": "gen_ai.operation.name", "value": {"stringValue": "chat"}},
        {"key": "gen_ai.usage.input_tokens", "value": {"intValue": "5"}},
        {"key": "gen_ai.response.finish_reasons", "value": {"arrayValue": {"values": [{"stringValue": "length"}]}}},
        {"key": "gen_ai.request.model", "value": {"stringValue": "second"}},
    ]
    agent = [{"key": "gen_ai.operation.name", "value": {"stringValue": "invoke_agent"}}]
    span = {
        "traceId": "AAECAwQFBgcICQoLDA0ODw==",
        "spanId": "AQIDBAUGBwg=",
        "name": "chat",
        "startTimeUnixNano": "1796457353868458669",
        "endTimeUnixNano": "1796457354868458669",
    }
    return json.dumps(
        {
            "resourceSpans": [
                {
                    "resource": {"attributes": []},
                    "scopeSpans": [
                        {
                            "spans": [
                                {**span, "attributes": attrs},
                                {**span, "spanId": "AQIDBAUGBwk=", "attributes": agent},
                            ]
                        }
                    ],
                }
            ]
        }
    )


def _span_request(attrs: dict[str, AnyValue], *, status: int = 0) -> bytes:
    """One span of a trace carrying only `attrs`."""
    request = make_request(1, seed=0)
    span = request.resource_spans[0].scope_spans[0].spans[0]
    del span.attributes[:]
    span.attributes.extend(KeyValue(key=k, value=v) for k, v in attrs.items())
    span.status.code = status
    return bytes(request.SerializeToString())


def test_failed_calls_naming_only_a_model_and_pydantic_ai_agent_and_tool_spans_decode_equal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def text(value: str) -> AnyValue:
        return AnyValue(string_value=value)

    bodies = [
        # a failed call with a provider and a model and nothing else (the Vercel AI SDK's doGenerate): an event
        _span_request({"gen_ai.system": text("openai"), "gen_ai.request.model": text("gpt-4o")}, status=2),
        # an empty provider names no call: trace context, as in the Python reader
        _span_request({"gen_ai.provider.name": text(""), "gen_ai.request.model": text("gpt-4o")}, status=2),
        # pydantic-ai's agent run (its usage summed, its model under a name no convention has) and a tool span
        _span_request(
            {
                "model_name": text("gpt-4o"),
                "gen_ai.agent.name": text("triage"),
                "gen_ai.usage.input_tokens": AnyValue(int_value=90),
            }
        ),
        _span_request({"gen_ai.tool.name": text("lookup")}),
    ]
    (rows, *_), by_engine, _ = _both(bodies, tmp_path, monkeypatch)
    assert by_engine == len(bodies)
    assert [(r["body"], r["model"], r["status"], r["error_type"], r["usage_known"]) for r in rows] == [
        (1, "gpt-4o", "error", "_OTHER", 0)
    ]
    spans, _ = _span_frames(bodies, tmp_path, monkeypatch)
    assert sorted(zip(spans["entity_name"], spans["kind"], strict=True)) == [
        ("", "other"),
        ("lookup", "tool"),
        ("triage", "agent"),
    ]


def test_empty_requests_and_spans_without_ids_decode_equal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    no_ids = ExportTraceServiceRequest.FromString(_chat_request({}))
    span = no_ids.resource_spans[0].scope_spans[0].spans[0]
    span.trace_id, span.parent_span_id = b"", b""
    empty_scope = ExportTraceServiceRequest()
    empty_scope.resource_spans.add().scope_spans.add()
    bodies = [b"", empty_scope.SerializeToString(), no_ids.SerializeToString(), _chat_request({}, seed=3)]
    (rows, *_), by_engine, _ = _both(bodies, tmp_path, monkeypatch)
    assert by_engine == 4 and [r["body"] for r in rows] == [3, 4]
    assert rows[0]["event_id"] == span.span_id.hex() and rows[0]["trace_id"] == ""


def test_a_malformed_body_makes_the_engine_refuse_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bodies.pb"
    write_bodies(path, [_chat_request({}), b"\x0a\xff\xff\xff\xff"])
    assert read_bodies(path)[1] == b"\x0a\xff\xff\xff\xff"
    with pytest.raises(EngineDecodeError):
        list(iter_protobuf_chunks(path))
    path.write_bytes(b"\x05ab")  # a length prefix longer than what follows
    issues = [str(i) for c in iter_protobuf_chunks(path) for i in c.issues]
    assert issues and "cut short" in issues[0]


def test_ingest_files_reads_a_file_of_bodies(tmp_path: Path, store: WorkloadStore) -> None:
    path = tmp_path / "bodies.pb"
    bodies = [make_request(50, seed=s).SerializeToString() for s in range(3)]
    write_bodies(path, bodies)
    report = ingest_files(store, [path], "acme", fmt=engine_decode.FORMAT)
    assert (report.rows_written, report.bodies_engine_decoded, report.bodies_fallback) == (150, 3, 0)
    again = ingest_files(store, [path], "acme", fmt=engine_decode.FORMAT)
    assert (again.rows_written, again.duplicates_skipped) == (0, 150)


@pytest.fixture
def rig(tmp_path: Path, sqlite_engine: Engine, store: WorkloadStore) -> Rig:
    return make_rig(tmp_path, sqlite_engine, store)


def test_the_writer_sends_protobuf_through_the_engine_and_json_through_python(rig: Rig) -> None:
    as_pb = [make_request(20, seed=s) for s in (1, 2)]
    as_json = make_request(5, seed=3)
    for request in as_pb:
        assert rig.post(request.SerializeToString()).status_code == 200
    assert rig.post(protobuf_to_line(as_json).encode(), "application/json").status_code == 200
    assert rig.writer.drain_once() == 3
    assert rig.event_ids() == sorted(span_ids(as_pb[0]) + span_ids(as_pb[1]) + span_ids(as_json))
    counts = rig.counters.snapshot()
    assert (counts["bodies_engine_decoded"], counts["bodies_fallback"], counts["spans_written"]) == (2, 1, 45)
    assert "decoded 2 bodies in the engine, 1 in Python" in describe_status(counts)[1]
    assert rig.spool.pending() == []


def test_a_batch_the_engine_refuses_is_written_by_the_python_path_exactly_once(rig: Rig) -> None:
    good = [make_request(8, seed=s) for s in (4, 5)]
    for request in good:
        assert rig.post(request.SerializeToString()).status_code == 200
    poison = rig.spool.write("acme", "pb", b"\x0a\xff\xff\xff\xff")  # damaged on disk after its 200
    assert rig.writer.drain_once() == 3
    assert rig.event_ids() == sorted(span_ids(good[0]) + span_ids(good[1]))
    counts = rig.counters.snapshot()
    assert (counts["bodies_engine_decoded"], counts["bodies_fallback"], counts["bodies_rejected"]) == (0, 3, 1)
    assert (rig.spool.rejected_dir / poison.name).exists() and rig.spool.pending() == []
    # Sent again: the engine takes them, and the store keeps one copy of each span.
    for request in good:
        assert rig.post(request.SerializeToString()).status_code == 200
    assert rig.writer.drain_once() == 2
    assert rig.event_ids() == sorted(span_ids(good[0]) + span_ids(good[1]))
    counts = rig.counters.snapshot()
    assert (counts["bodies_engine_decoded"], counts["spans_duplicate"]) == (2, 16)


def test_several_resources_and_scopes_and_odd_times_decode_equal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = ExportTraceServiceRequest()
    for r, service in enumerate(("billing", "search")):
        part = make_request(3, seed=20 + r, service=service)
        rs = request.resource_spans.add()
        rs.CopyFrom(part.resource_spans[0])
        rs.resource.attributes.add(key="cloud.region", value=AnyValue(string_value=f"eu-{r}"))
        rs.scope_spans.add().CopyFrom(make_request(2, seed=30 + r).resource_spans[0].scope_spans[0])
    spans = [s for rs in request.resource_spans for ss in rs.scope_spans for s in ss.spans]
    spans[0].start_time_unix_nano, spans[0].end_time_unix_nano = 0, 0  # refused by validation, in both paths
    spans[1].end_time_unix_nano = spans[1].start_time_unix_nano - 5_000_000  # ends before it starts
    spans[2].start_time_unix_nano = 2**63 + 1  # past int64: the Python reader's
    _, by_engine, by_fallback = _both([request.SerializeToString()], tmp_path, monkeypatch)
    assert (by_engine, by_fallback) == (0, 1)
    (rows, *_), by_engine, _ = _both([_without_huge(request)], tmp_path, monkeypatch)
    assert by_engine == 1 and len(rows) == 10
    assert [r["workload"] for r in rows] == ["billing"] * 5 + ["search"] * 5
    assert {r["region"] for r in rows} == {"eu-0", "eu-1"} and rows[0]["bad"]


def _without_huge(request: ExportTraceServiceRequest) -> bytes:
    copy = ExportTraceServiceRequest.FromString(request.SerializeToString())
    copy.resource_spans[0].scope_spans[0].spans[2].start_time_unix_nano = 1
    return bytes(copy.SerializeToString())
