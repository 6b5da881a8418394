"""Cost per agent and tool: agent/tool/chain spans kept as trace context, model calls rolled up beneath them.

One scenario, in the real attribute names of the three families (OTel GenAI `invoke_agent`/`execute_tool`,
OpenInference `openinference.span.kind` TOOL, OpenLLMetry `traceloop.span.kind` task), ingested from a file
and through the collector, with every roll-up figure computed by hand:

trace 1  POST /chat (app span)                                   5 200 ms
           invoke_agent support-agent (gen_ai.agent.name)        5 000 ms
             chat M1  $0.010  100+20 tokens
             TOOL lookup_order (tool.name)                         400 ms
               chat M2  $0.002  50+10
               GET orders-api (an HTTP span, no model call beneath)
             execute_tool refund (gen_ai.tool.name)              2 000 ms
               task draft_reply (traceloop.entity.name)          1 500 ms
                 chat M3  $0.030  300+60      (two levels beneath the tool, three beneath the agent)
               chat M4  $0.005  40+5
           chat M5  $0.100  1000+0, parent 0xdead... never arrived: an orphan
trace 2  invoke_agent support-agent                              3 000 ms
           TOOL lookup_order                                       600 ms
             chat M6  $0.004  80+20
         chat M7  $0.001  10+0, no parent (the trace's root)
trace 3  GET /health (no GenAI span in its trace: not kept)

Hand-computed: support-agent 2 runs, M1 M2 M3 M4 M6 = 5 calls, $0.051 ($0.0255 a run), 685 tokens, latency
p50 4 000 ms, p95 3 000 + 0.95 x 2 000 = 4 900 ms. lookup_order 2 runs, M2 M6, $0.006, 160 tokens, p50 500,
p95 590. refund 1 run, M3 M4, $0.035, 405 tokens. draft_reply 1 run, M3, $0.030, 360 tokens. POST /chat
(other) 1 run, M1-M4, $0.047, 585 tokens. GET orders-api is kept (its trace has model calls) but has no call
beneath it, so is not listed. 7 calls in the traces, 5 beneath spans, 2 orphans (M5, M7).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from sqlalchemy import Engine

from netra_core.analytics.agent_costs import AgentCosts, fetch_agent_costs
from netra_core.analytics.filters import EventFilter
from netra_core.collector.decode import parse_protobuf, protobuf_to_line
from netra_core.collector.engine_decode import iter_protobuf_chunks, write_bodies
from netra_core.workloads.ingest import ingest_files, otlp
from netra_core.workloads.store import WorkloadStore, query_rows
from tests.helpers.otlp_requests import make_kv
from tests.test_collector import make_rig

T0 = int(datetime(2026, 11, 20, 9, 0, tzinfo=UTC).timestamp() * 1e9)
MS = 1_000_000
TRACE = {1: "a1" * 16, 2: "b2" * 16, 3: "c3" * 16, 4: "d4" * 16}


def _span(
    trace: int, span: str, parent: str, name: str, start_ms: int, ms: int, attrs: dict[str, Any]
) -> dict[str, Any]:
    return {"trace": trace, "span": span, "parent": parent, "name": name, "start": start_ms, "ms": ms, "attrs": attrs}


def _chat(trace: int, span: str, parent: str, start_ms: int, cost: float, tokens: tuple[int, int]) -> dict[str, Any]:
    attrs = {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.usage.input_tokens": tokens[0],
        "gen_ai.usage.output_tokens": tokens[1],
        "gen_ai.usage.cost": cost,
    }
    return _span(trace, span, parent, "chat gpt-4o-mini", start_ms, 300, attrs)


def scenario(scale: float = 1.0) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(model calls and tool spans, agent and app spans): the order a real exporter sends them in."""
    s = scale
    first = [
        _chat(1, "0000000000000a01", "00000000000000a0", 100, 0.010 * s, (100, 20)),
        _span(
            1,
            "00000000000000b1",
            "00000000000000a0",
            "lookup",
            500,
            400,
            {"openinference.span.kind": "TOOL", "tool.name": "lookup_order"},
        ),
        _chat(1, "0000000000000a02", "00000000000000b1", 550, 0.002 * s, (50, 10)),
        _span(1, "00000000000000e1", "00000000000000b1", "GET orders-api", 560, 20, {"http.request.method": "GET"}),
        _span(
            1,
            "00000000000000b2",
            "00000000000000a0",
            "execute_tool refund",
            1000,
            2000,
            {
                "gen_ai.operation.name": "execute_tool",
                "gen_ai.tool.name": "refund",
                "gen_ai.agent.name": "support-agent",
            },
        ),
        _span(
            1,
            "00000000000000c1",
            "00000000000000b2",
            "draft",
            1100,
            1500,
            {"traceloop.span.kind": "task", "traceloop.entity.name": "draft_reply"},
        ),
        _chat(1, "0000000000000a03", "00000000000000c1", 1200, 0.030 * s, (300, 60)),
        _chat(1, "0000000000000a04", "00000000000000b2", 2700, 0.005 * s, (40, 5)),
        _chat(1, "0000000000000a05", "000000000000dead", 3500, 0.100 * s, (1000, 0)),
        _span(
            2,
            "00000000000002b1",
            "00000000000002a0",
            "lookup",
            10_100,
            600,
            {"openinference.span.kind": "TOOL", "tool.name": "lookup_order"},
        ),
        _chat(2, "0000000000002a06", "00000000000002b1", 10_200, 0.004 * s, (80, 20)),
        _chat(2, "0000000000002a07", "", 13_500, 0.001 * s, (10, 0)),
        _span(3, "00000000000003e1", "", "GET /health", 20_000, 5, {"http.request.method": "GET"}),
    ]
    agent = {"gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "support-agent"}
    second = [
        _span(1, "0000000000000000", "", "POST /chat", 0, 5200, {"http.request.method": "POST"}),
        _span(1, "00000000000000a0", "0000000000000000", "invoke_agent support-agent", 50, 5000, agent),
        _span(2, "00000000000002a0", "", "invoke_agent support-agent", 10_000, 3000, agent),
    ]
    return first, second


def request(spans: list[dict[str, Any]]) -> ExportTraceServiceRequest:
    out = ExportTraceServiceRequest()
    rs = out.resource_spans.add()
    rs.resource.attributes.extend([make_kv("service.name", "support-bot")])
    ss = rs.scope_spans.add()
    for s in spans:
        span = ss.spans.add()
        span.trace_id = bytes.fromhex(TRACE[s["trace"]])
        span.span_id = bytes.fromhex(s["span"])
        if s["parent"]:
            span.parent_span_id = bytes.fromhex(s["parent"])
        span.name = s["name"]
        span.start_time_unix_nano = T0 + s["start"] * MS
        span.end_time_unix_nano = T0 + (s["start"] + s["ms"]) * MS
        span.attributes.extend([make_kv(k, v) for k, v in s["attrs"].items()])
    return out


def otlp_file(path: Path, scale: float = 1.0) -> Path:
    """The scenario as the Collector's file exporter writes it (the receiver's own protobuf -> JSON)."""
    first, second = scenario(scale)
    lines = [protobuf_to_line(parse_protobuf(request(part).SerializeToString())) for part in (first, second)]
    path.write_text("".join(line + "\n" for line in lines))
    return path


def window(org: str = "acme", **dims: Any) -> EventFilter:
    start = datetime(2026, 11, 20, tzinfo=UTC)
    return EventFilter(org, start, start + timedelta(days=1), **dims)


def costs(store: WorkloadStore, f: EventFilter) -> AgentCosts:
    with store.session() as client:
        return fetch_agent_costs(client, f)


def by_name(result: AgentCosts) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["kind"], r["name"]): r for r in result.rows.to_dict(orient="records")}


def assert_hand_figures(result: AgentCosts, scale: float = 1.0) -> None:
    rows = by_name(result)
    assert set(rows) == {
        ("agent", "support-agent"),
        ("tool", "lookup_order"),
        ("tool", "refund"),
        ("chain", "draft_reply"),
        ("other", "POST /chat"),
    }
    want = {  # runs, calls, cost, tokens, p50, p95, as in the module's text
        ("agent", "support-agent"): (2, 5, 0.051, 685, 4000.0, 4900.0),
        ("tool", "lookup_order"): (2, 2, 0.006, 160, 500.0, 590.0),
        ("tool", "refund"): (1, 2, 0.035, 405, 2000.0, 2000.0),
        ("chain", "draft_reply"): (1, 1, 0.030, 360, 1500.0, 1500.0),
        ("other", "POST /chat"): (1, 4, 0.047, 585, 5200.0, 5200.0),
    }
    for key, (runs, calls, cost, tokens, p50, p95) in want.items():
        row = rows[key]
        assert (row["runs"], row["model_calls"], row["tokens"]) == (runs, calls, tokens), key
        assert row["cost_usd"] == pytest.approx(cost * scale), key
        assert row["cost_per_run_usd"] == pytest.approx(cost * scale / runs), key
        assert row["tokens_per_run"] == pytest.approx(tokens / runs), key
        assert (row["latency_p50_ms"], row["latency_p95_ms"]) == (pytest.approx(p50), pytest.approx(p95)), key
    assert list(result.rows["name"])[:2] == ["support-agent", "POST /chat"]  # dearest first
    assert (result.traces, result.calls, result.calls_beneath_spans, result.orphan_calls) == (2, 7, 5, 2)


def stored_spans(store: WorkloadStore, org: str) -> list[tuple[Any, ...]]:
    with store.session() as client:
        return query_rows(
            client,
            "SELECT span_id, kind, entity_name, name, parent_span_id, latency_ms FROM trace_spans "
            "WHERE org_id = {org:String} ORDER BY span_id",
            {"org": org},
        )


KEPT = {  # span id -> (kind, tool or agent name): GET /health is not kept, its trace has no GenAI span
    "0000000000000000": ("other", ""),
    "00000000000000a0": ("agent", "support-agent"),
    "00000000000000b1": ("tool", "lookup_order"),
    "00000000000000b2": ("tool", "refund"),  # the tool's name wins over the calling agent's
    "00000000000000c1": ("chain", "draft_reply"),
    "00000000000000e1": ("other", ""),
    "00000000000002a0": ("agent", "support-agent"),
    "00000000000002b1": ("tool", "lookup_order"),
}


def test_file_ingest_keeps_agent_and_tool_spans_and_rolls_cost_up_to_them(tmp_path: Path, store: WorkloadStore) -> None:
    report = ingest_files(store, [otlp_file(tmp_path / "acme.jsonl")], "acme")
    assert (report.rows_written, report.agent_tool_spans_skipped, report.non_model_spans_skipped) == (7, 6, 3)
    assert report.trace_spans_kept == 8
    assert "6 agent/tool spans skipped (not events; 8 kept as trace context)" in report.summary()
    spans = stored_spans(store, "acme")
    assert {s[0]: (s[1], s[2]) for s in spans} == KEPT
    assert ("00000000000000c1", "chain", "draft_reply", "draft", "00000000000000b2", 1500.0) in spans
    assert_hand_figures(costs(store, window()))
    # Filters: another workload has none; a model the calls do not use leaves the spans without calls.
    assert costs(store, window(workloads=("other-app",))).rows.empty
    no_calls = by_name(costs(store, window(models=("gpt-4o",))))
    assert no_calls[("agent", "support-agent")]["model_calls"] == 0 and ("other", "POST /chat") not in no_calls


def test_a_reingest_adds_nothing_and_another_org_never_appears(tmp_path: Path, store: WorkloadStore) -> None:
    ingest_files(store, [otlp_file(tmp_path / "acme.jsonl")], "acme")
    # globex sends the same trace and span ids, at ten times the cost: acme's figures must not move.
    ingest_files(store, [otlp_file(tmp_path / "globex.jsonl", scale=10)], "globex")
    again = ingest_files(store, [otlp_file(tmp_path / "acme.jsonl")], "acme")
    assert (again.rows_written, again.trace_spans_kept, again.duplicates_skipped) == (0, 0, 7)
    assert len(stored_spans(store, "acme")) == len(KEPT)  # no second row, even before a merge
    assert_hand_figures(costs(store, window()))
    assert_hand_figures(costs(store, window("globex")), scale=10)
    assert costs(store, window("initech")).rows.empty


def test_the_collector_path_gives_the_same_figures(tmp_path: Path, sqlite_engine: Engine, store: WorkloadStore) -> None:
    """Through `netra collect`'s receiver and writer: the engine decodes the bodies. The agent and app spans
    arrive in a later batch than the calls beneath them, as exporters send them (a parent ends last)."""
    rig = make_rig(tmp_path, sqlite_engine, store)
    first, second = scenario()
    for part in (first, second):
        assert rig.post(request(part).SerializeToString()).status_code == 200
        assert rig.writer.drain_once() == 1
    snap = rig.counters.snapshot()
    assert (snap["spans_written"], snap["bodies_engine_decoded"], snap["bodies_fallback"]) == (7, 2, 0)
    assert (snap["spans_not_model_calls"], snap["spans_kept_as_context"]) == (3, 8)
    assert {s[0]: (s[1], s[2]) for s in stored_spans(store, "acme")} == KEPT
    assert_hand_figures(costs(store, window()))
    other = ExportTraceServiceRequest()
    other.CopyFrom(request(scenario(10)[0] + scenario(10)[1]))
    assert rig.post(other.SerializeToString(), key=rig.other_key).status_code == 200
    rig.writer.drain_once()
    assert_hand_figures(costs(store, window()))
    assert_hand_figures(costs(store, window("globex")), scale=10)


def test_the_three_decoders_keep_the_same_spans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The line parser, the Arrow path and the engine give equal trace-context rows for the same spans."""
    first, second = scenario()
    bodies = [request(first).SerializeToString(), request(second).SerializeToString()]
    path = otlp_file(tmp_path / "spans.jsonl")

    def frame(chunks: list[Any]) -> pd.DataFrame:
        tables = [c.spans.to_pandas() for c in chunks if c.spans is not None]
        return pd.concat(tables).sort_values("span_id", ignore_index=True)

    arrow = frame(list(otlp.iter_otlp(path)))
    with monkeypatch.context() as patch:
        patch.setattr(otlp, "otlp_block_columns", lambda *args: None)
        lines = frame(list(otlp.iter_otlp(path)))
    write_bodies(tmp_path / "bodies.pb", bodies)
    chunks = list(iter_protobuf_chunks(tmp_path / "bodies.pb"))
    assert sum(c.engine_bodies for c in chunks) == 2 and sum(c.fallback_bodies for c in chunks) == 0
    engine = frame(chunks)
    assert len(lines) == 9  # every span that is not a model call (GET /health too: the move drops it)
    pd.testing.assert_frame_equal(arrow, lines)
    pd.testing.assert_frame_equal(engine, lines)
    refund = lines[lines["span_id"] == "00000000000000b2"].iloc[0]
    assert (refund["kind"], refund["entity_name"], refund["workload"], refund["latency_ms"]) == (
        "tool",
        "refund",
        "support-bot",
        2000.0,
    )
    assert refund["ts"] == T0 + 1000 * MS and refund["parent_span_id"] == "00000000000000a0"


def test_a_write_cut_short_after_the_spans_leaves_neither_events_nor_spans(
    tmp_path: Path, store: WorkloadStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netra_core.workloads.ingest.trace_spans import move_spans as real

    target = "netra_core.workloads.ingest.pipeline.move_spans"

    def fails_after(*args: Any, **kwargs: Any) -> int:
        real(*args, **kwargs)
        raise RuntimeError("killed after the spans' insert")

    monkeypatch.setattr(target, fails_after)
    with pytest.raises(RuntimeError):
        ingest_files(store, [otlp_file(tmp_path / "acme.jsonl")], "acme")
    assert stored_spans(store, "acme") == []
    with store.session() as client:
        assert query_rows(client, "SELECT count() FROM workload_events WHERE org_id = 'acme'")[0][0] == 0
    monkeypatch.setattr(target, real)
    report = ingest_files(store, [otlp_file(tmp_path / "acme.jsonl")], "acme")
    assert (report.rows_written, report.trace_spans_kept) == (7, 8)
    assert_hand_figures(costs(store, window()))


def test_a_span_whose_parent_never_arrived_still_gets_the_calls_beneath_it(
    tmp_path: Path, store: WorkloadStore
) -> None:
    """tool -> chain -> call, the tool's agent never sent: the call rolls up to the chain and the tool (the
    nearest known ancestors) and stops there; a call under a parent that never arrived is an orphan."""
    spans = [
        _span(
            4,
            "00000000000004b1",
            "00000000000004a0",
            "lookup",
            0,
            800,
            {"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "lookup_order"},
        ),
        _span(4, "00000000000004c1", "00000000000004b1", "rank", 10, 700, {"openinference.span.kind": "CHAIN"}),
        _chat(4, "0000000000004a08", "00000000000004c1", 20, 0.0125, (200, 30)),
        _chat(4, "0000000000004a09", "00000000000004ff", 30, 0.5, (10, 10)),
    ]
    path = tmp_path / "gap.jsonl"
    path.write_text(protobuf_to_line(parse_protobuf(request(spans).SerializeToString())) + "\n")
    assert ingest_files(store, [path], "acme").trace_spans_kept == 2
    result = costs(store, window())
    rows = by_name(result)
    assert set(rows) == {("tool", "lookup_order"), ("chain", "rank")}  # a chain without a name: its span name
    for key in rows:
        assert (rows[key]["runs"], rows[key]["model_calls"], rows[key]["tokens"]) == (1, 1, 230)
        assert rows[key]["cost_usd"] == pytest.approx(0.0125)
    assert (result.traces, result.calls, result.calls_beneath_spans, result.orphan_calls) == (1, 2, 1, 1)
