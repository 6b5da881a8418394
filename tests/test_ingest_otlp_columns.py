"""OTLP spans read with Arrow give exactly the events (and the errors) the line-by-line parser gives."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from netra_core.workloads.ingest import otlp
from netra_core.workloads.ingest.columns import resolve_columns
from netra_core.workloads.ingest.otlp_columns import otlp_block_columns
from netra_core.workloads.ingest.readers import iter_line_blocks, line_numbers
from netra_core.workloads.ingest.validate import check_chunk

T0 = 1_793_523_600_000_000_000  # 2026-11-01T09:00:00Z in nanoseconds


def _attr(key: str, value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"key": key, "value": {"boolValue": value}}
    if isinstance(value, int):
        return {"key": key, "value": {"intValue": str(value)}}
    if isinstance(value, float):
        return {"key": key, "value": {"doubleValue": value}}
    return {"key": key, "value": {"stringValue": value}}


def _span(rng: np.random.Generator, i: int) -> dict[str, Any]:
    """A model call in one of the shapes instrumentations write, or now and then a span that is not one."""
    kind = rng.integers(0, 12)
    start = T0 + int(rng.integers(0, 86_400)) * 10**9
    span: dict[str, Any] = {
        "traceId": f"{i:032x}",
        "spanId": f"{i:016x}",
        "name": f"call {i}",
        "startTimeUnixNano": str(start),
        "endTimeUnixNano": str(start + int(rng.integers(1, 9_000)) * 10**6),
    }
    if kind == 0:  # an HTTP span: skipped, its own attributes ignored
        span["attributes"] = [_attr("http.request.method", "POST"), _attr("http.response.status_code", 200)]
        return span
    model = str(rng.choice(["gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet"]))
    attrs = [_attr("gen_ai.operation.name", str(rng.choice(["chat", "embeddings", "invoke_agent", "text"])))]
    if kind == 1:  # older names
        attrs += [
            _attr("gen_ai.system", "openai"),
            _attr("gen_ai.response.model", model),
            _attr("gen_ai.usage.prompt_tokens", int(rng.integers(1, 5000))),
            _attr("gen_ai.usage.completion_tokens", int(rng.integers(1, 900))),
        ]
    else:
        attrs += [
            _attr("gen_ai.provider.name", "openai"),
            _attr("gen_ai.request.model", model),
            _attr("gen_ai.usage.input_tokens", int(rng.integers(1, 5000))),
            _attr("gen_ai.usage.output_tokens", int(rng.integers(1, 900))),
        ]
    if kind == 2:
        attrs += [
            _attr("gen_ai.usage.cost.amount", round(float(rng.uniform(0, 0.05)), 6)),
            _attr("error.type", "timeout"),
        ]
        span["status"] = {"code": 2, "message": "deadline exceeded"}
    if kind == 3:
        attrs += [
            _attr("gen_ai.usage.cache_read.input_tokens", 10),
            _attr("user.id", f"u{i % 7}"),
            _attr("gen_ai.conversation.id", f"c{i % 3}"),
            _attr("gen_ai.response.id", f"r{i}"),
        ]
        span["status"] = {"code": 1}
    if kind == 4:
        attrs += [_attr("netra.task_type", "rag"), _attr("gen_ai.request.stream", True)]
        span.pop("traceId")
    if kind == 5:
        attrs = [a for a in attrs if a["key"] != "gen_ai.request.model"]
        attrs += [
            _attr("gen_ai.request.model", ""),
            _attr("gen_ai.response.model", model),
        ]  # the empty one is passed over
        span["name"] = ""
    if kind == 6:  # OpenInference: no operation name, the span kind says what it is
        attrs = [
            _attr("llm.system", "openai"),
            _attr("llm.model_name", model),
            _attr("openinference.span.kind", str(rng.choice(["LLM", "EMBEDDING", "CHAIN", "TOOL"]))),
            _attr("llm.token_count.prompt", int(rng.integers(50, 5000))),
            _attr("llm.token_count.completion", int(rng.integers(1, 900))),
            _attr("llm.token_count.prompt_details.cache_read", 40),
            _attr("llm.cost.total", 0.002),
            _attr("session.id", f"s{i % 4}"),
        ]
    if kind == 7:  # a failed call: no usage, the type only on the exception event, sometimes no model attribute
        attrs = [a for a in attrs if not a["key"].startswith("gen_ai.usage")]
        if i % 2:
            attrs = [a for a in attrs if not a["key"].endswith(".model")]
            attrs.append(_attr("llm.invocation_parameters", json.dumps({"model": model, "temperature": 0})))
        span["status"] = {"code": 2, "message": "Error code: 429"}
        events: list[dict[str, Any]] = [{"timeUnixNano": str(start), "name": "log"}] if i % 3 else []
        if i % 5:
            exception = [_attr("exception.type", "openai.RateLimitError"), _attr("exception.message", "429")]
            events.append({"timeUnixNano": str(start), "name": "exception", "attributes": exception})
        span["events"] = events
    if kind == 8:  # OpenLLMetry: request type, finish reasons as an array, input without the cache
        attrs = [
            _attr("gen_ai.system", "anthropic"),
            _attr("gen_ai.request.model", model),
            _attr("llm.request.type", str(rng.choice(["chat", "completion", "embedding", "rerank"]))),
            _attr("gen_ai.usage.prompt_tokens", 5),
            _attr("gen_ai.usage.completion_tokens", 9),
            _attr("gen_ai.usage.cache_read_input_tokens", 30),
            _attr("gen_ai.usage.cache_creation_input_tokens", 10),
            _attr("gen_ai.usage.reasoning_tokens", 4),
            _attr("llm.usage.total_tokens", 54),
            {
                "key": "gen_ai.response.finish_reasons",
                "value": {"arrayValue": {"values": [{"stringValue": "stop"}, {"stringValue": "length"}]}},
            },
        ]
        span["parentSpanId"] = f"{i + 1:016x}"
    if kind == 9:  # an agent or a tool: not a model call, even with usage
        attrs += [_attr("traceloop.span.kind", str(rng.choice(["tool", "agent", "workflow"])))]
    if kind == 10:  # a failed call naming its provider and model only (the Vercel AI SDK's doGenerate): an event
        attrs = [_attr("gen_ai.system", "openai"), _attr("gen_ai.request.model", model)]
        if i % 2:
            attrs.append(_attr("gen_ai.provider.name", ""))  # an empty provider: not a call, trace context
        span["status"] = {"code": 2}
    if kind == 11:  # pydantic-ai's agent run (usage summed, no model attribute) and tool spans: their kinds by name
        attrs = [_attr("model_name", model), _attr("gen_ai.usage.input_tokens", 90)]
        attrs.append(_attr("gen_ai.agent.name", "triage") if i % 2 else _attr("gen_ai.tool.name", "lookup"))
    rng.shuffle(attrs)
    span["attributes"] = attrs
    return span


def _export(rng: np.random.Generator, first: int, n: int) -> dict[str, Any]:
    resource: dict[str, Any] = {"attributes": [_attr("service.name", str(rng.choice(["bot", "search"])))]}
    if first % 3 == 0:
        resource["attributes"].append(_attr("cloud.region", "eu-west-1"))
    spans = [_span(rng, first + k) for k in range(n)]
    return {
        "resourceSpans": [
            {
                "resource": resource,
                "scopeSpans": [{"scope": {"name": "x"}, "spans": spans[: n // 2]}, {"spans": spans[n // 2 :]}],
            }
        ]
    }


def _write(path: Path, docs: list[Any]) -> Path:
    path.write_text("".join((d if isinstance(d, str) else json.dumps(d)) + "\n" for d in docs))
    return path


def _events(path: Path, monkeypatch: pytest.MonkeyPatch, *, arrow: bool) -> tuple[list[dict[str, Any]], int, list[str]]:
    """Validated rows, skipped spans (agents as negative thousands) and issues, with or without the Arrow path."""
    with monkeypatch.context() as patch:
        if not arrow:
            patch.setattr(otlp, "otlp_block_columns", lambda *args: None)
        rows: list[dict[str, Any]] = []
        skipped, issues = 0, []
        for raw in otlp.iter_otlp(path):
            skipped += raw.skipped_spans - 1000 * raw.agent_spans
            issues += [str(i) for i in raw.issues]
            if len(raw.locations):
                checked = check_chunk(raw.table, resolve_columns(raw.table.column_names), raw.locations, file="t")
                issues += [str(i) for i in checked.issues]
                table = pa.table(checked.columns).append_column("line", pa.array(raw.locations))
                rows += table.append_column("bad", pa.array(checked.bad)).to_pylist()
    for row in rows:
        row["metadata"] = dict(row["metadata"])  # a map: compared as a dict
    return rows, skipped, issues


def _spans(path: Path, monkeypatch: pytest.MonkeyPatch, *, arrow: bool) -> pd.DataFrame:
    """The trace-context rows of the spans that are not events, with or without the Arrow path."""
    with monkeypatch.context() as patch:
        if not arrow:
            patch.setattr(otlp, "otlp_block_columns", lambda *args: None)
        tables = [raw.spans for raw in otlp.iter_otlp(path) if raw.spans is not None]
    frame = pa.concat_tables(tables).to_pandas() if tables else pd.DataFrame()
    return frame.sort_values(["trace_id", "span_id"], ignore_index=True)


def _arrow_blocks_taken(path: Path) -> list[bool]:
    taken = []
    for block in iter_line_blocks(path):
        _, numbers = line_numbers(block)
        taken.append(otlp_block_columns(block.data, numbers, block.line_ends()) is not None)
    return taken


def test_arrow_path_gives_the_line_parsers_events(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3)
    path = _write(tmp_path / "spans.jsonl", [_export(rng, i * 40, 40) for i in range(30)])
    assert _arrow_blocks_taken(path) == [True]
    fast, fast_skipped, fast_issues = _events(path, monkeypatch, arrow=True)
    slow, slow_skipped, slow_issues = _events(path, monkeypatch, arrow=False)
    assert len(fast) > 600 and fast_skipped == slow_skipped
    assert fast == slow and fast_issues == slow_issues
    statuses = {r["status"] for r in fast}
    assert statuses == {"ok", "error"} and any(r["task_type"] == "embedding" for r in fast)
    assert any(r["metadata"].get("span_name") for r in fast) and any(r["region"] == "eu-west-1" for r in fast)
    # Every new attribute family is exercised, so the equality above covers it.
    assert {r["error_type"] for r in fast} >= {"timeout", "RateLimitError", "_OTHER"}
    assert {r["operation"] for r in fast} >= {"chat", "embeddings", "text_completion", "text"}
    assert {r["usage_known"] for r in fast} == {0, 1} and {r["finish_reason"] for r in fast} == {"", "stop"}
    assert any(r["prompt_tokens"] == 45 and r["cache_write_tokens"] == 10 for r in fast)  # 5 + 30 + 10
    assert any(r["cost_usd"] == 0.002 for r in fast) and any(r["parent_span_id"] for r in fast)
    assert not any(r["bad"] for r in fast)
    # The spans that are not events are kept as trace context alike (trace_spans), agents and app spans.
    fast_spans, slow_spans = _spans(path, monkeypatch, arrow=True), _spans(path, monkeypatch, arrow=False)
    pd.testing.assert_frame_equal(fast_spans, slow_spans)
    assert set(fast_spans["kind"]) >= {"agent", "tool", "workflow", "chain", "other"}
    named = fast_spans[fast_spans["entity_name"].isin(["triage", "lookup"])]  # pydantic-ai's, by what they name
    assert set(zip(named["entity_name"], named["kind"], strict=True)) == {("triage", "agent"), ("lookup", "tool")}
    failed = [r for r in fast if r["operation"] == "" and not r["usage_known"] and r["provider"] == "openai"]
    assert failed and all(r["status"] == "error" and r["error_type"] == "_OTHER" for r in failed)
    assert set(fast_spans["status"]) == {"ok", "error"} and (fast_spans["latency_ms"] >= 0).all()


BAD_LINES = {
    "intValue that is not an integer, on a span that is skipped": {
        "resourceSpans": [
            {
                "scopeSpans": [
                    {
                        "spans": [
                            {
                                "spanId": "h",
                                "attributes": [
                                    _attr("http.response.status_code", 200),
                                    {"key": "http.size", "value": {"intValue": "many"}},
                                ],
                            }
                        ]
                    }
                ]
            }
        ]
    },
    "an explicit null value": {
        "resourceSpans": [
            {
                "scopeSpans": [
                    {
                        "spans": [
                            {
                                "spanId": "n",
                                "attributes": [
                                    _attr("gen_ai.operation.name", "chat"),
                                    _attr("gen_ai.request.model", "m"),
                                    {"key": "gen_ai.usage.input_tokens", "value": {"intValue": None}},
                                ],
                            }
                        ]
                    }
                ]
            }
        ]
    },
    "the same key twice": {
        "resourceSpans": [
            {
                "scopeSpans": [
                    {
                        "spans": [
                            {
                                "spanId": "d",
                                "attributes": [
                                    _attr("gen_ai.operation.name", "chat"),
                                    _attr("gen_ai.request.model", "a"),
                                    _attr("gen_ai.request.model", "b"),
                                    _attr("gen_ai.usage.input_tokens", 3),
                                    _attr("gen_ai.usage.output_tokens", 1),
                                ],
                                "startTimeUnixNano": str(T0),
                            }
                        ]
                    }
                ]
            }
        ]
    },
    "an array value": {
        "resourceSpans": [
            {
                "scopeSpans": [
                    {
                        "spans": [
                            {
                                "spanId": "a",
                                "attributes": [
                                    _attr("gen_ai.operation.name", "chat"),
                                    _attr("gen_ai.request.model", "m"),
                                    {"key": "gen_ai.response.id", "value": {"arrayValue": {"values": []}}},
                                    _attr("gen_ai.usage.input_tokens", 3),
                                    _attr("gen_ai.usage.output_tokens", 1),
                                ],
                                "startTimeUnixNano": str(T0),
                            }
                        ]
                    }
                ]
            }
        ]
    },
    "metrics, not traces": {"resourceMetrics": []},
    "spans that are not a list": {"resourceSpans": [{"scopeSpans": [{"spans": {"a": 1}}]}]},
    "a line that is not JSON": '{"resourceSpans": [',
}


EXPECTED = {
    "intValue that is not an integer, on a span that is skipped": "intValue 'many' is not an integer",
    "an explicit null value": "intValue None is not an integer",
    "the same key twice": "",
    "an array value": "",
    "metrics, not traces": "no resourceSpans: found resourceMetrics",
    "spans that are not a list": "spans must be a list",
    "a line that is not JSON": "not valid JSON",
}


@pytest.mark.parametrize("case", list(BAD_LINES))
def test_blocks_the_arrow_path_declines_keep_the_line_parsers_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    rng = np.random.default_rng(5)
    path = _write(tmp_path / "spans.jsonl", [_export(rng, 0, 10), BAD_LINES[case], _export(rng, 10, 10)])
    assert _arrow_blocks_taken(path) == [False]
    fast = _events(path, monkeypatch, arrow=True)
    assert fast == _events(path, monkeypatch, arrow=False)
    rows, _, issues = fast
    assert len(rows) >= 10  # the good lines around the bad one are read
    on_line_two = [i for i in issues if " line 2:" in i]
    if EXPECTED[case]:
        assert len(on_line_two) == 1 and EXPECTED[case] in on_line_two[0], issues
    else:
        assert on_line_two == [], issues


def test_small_blocks_mix_both_paths_in_file_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks the Arrow path declines and blocks it reads come out in file order, with exact line numbers."""
    rng = np.random.default_rng(9)
    docs: list[Any] = [_export(rng, i * 2, 2) for i in range(40)]
    docs[5] = BAD_LINES["metrics, not traces"]
    path = _write(tmp_path / "spans.jsonl", docs)
    small_blocks = functools.partial(iter_line_blocks, block_bytes=4096)
    monkeypatch.setattr(otlp, "iter_line_blocks", small_blocks)
    declined = []
    blocks = 0
    for block in small_blocks(path):
        numbers = line_numbers(block)[1]
        blocks += 1
        if otlp_block_columns(block.data, numbers, block.line_ends()) is None:
            declined += numbers.tolist()
    assert blocks > 5 and 6 in declined and len(declined) <= 4  # only the block holding line 6
    chunks = list(otlp.iter_otlp(path))
    assert [str(i) for c in chunks for i in c.issues] == [
        "spans.jsonl line 6: not OTLP/JSON traces: no resourceSpans: "
        "found resourceMetrics (metrics or logs, not traces)"
    ]
    lines = np.concatenate([c.locations for c in chunks])
    assert (np.diff(lines) >= 0).all() and 6 not in lines and lines.max() == 40
    ids = [i for c in chunks if "event_id" in c.table.column_names for i in c.table.column("event_id").to_pylist()]
    fast, _, _ = _events(path, monkeypatch, arrow=True)
    assert len(ids) == len(fast) == len(_events(path, monkeypatch, arrow=False)[0])
