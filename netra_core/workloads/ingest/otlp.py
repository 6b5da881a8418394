"""OpenTelemetry GenAI spans as the Collector's file exporter writes them (OTLP/JSON, one export per line).

Each line is {"resourceSpans": [{"resource": {"attributes": [...]}, "scopeSpans": [{"scope": {...},
"spans": [...]}]}]}. Attribute values are {"stringValue"|"intValue"|"doubleValue"|"boolValue": v}
with intValue as a JSON string; times are nanosecond strings. Which attributes are read is in
`otlp_attributes`. Spans that are not model calls are not events; they are counted, agent, tool and
chain spans apart from the rest (HTTP calls, app logic), and kept as trace context (`trace_spans`). A
model call without usage (a failed call, a stream without usage) is an event with `usage_known` = 0; a
failed one is an error whose type is `error.type`, else the type of the span's exception event, else
`_OTHER`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from netra_core.workloads.ingest import otlp_attributes as oa
from netra_core.workloads.ingest.otlp_attributes import (
    METADATA_ATTRIBUTES,
    OPERATION_TASKS,
    SPAN_ATTRIBUTES,
    VALUE_KINDS,
)
from netra_core.workloads.ingest.otlp_columns import otlp_block_columns
from netra_core.workloads.ingest.readers import RawChunk, is_utf8, iter_line_blocks, line_numbers, rows_to_table
from netra_core.workloads.ingest.report import IngestIssue, show_value
from netra_core.workloads.ingest.trace_spans import context_row, other_kind, span_kind, spans_table

SPANS_PER_CHUNK = 50_000
# The Collector writes one export batch per line: thousands of spans, so lines run to megabytes.
MAX_OTLP_LINE_BYTES = 64 * 1024 * 1024


class OtlpShapeError(ValueError):
    """A line is JSON but not OTLP/JSON traces; the message says which key is wrong."""


def _attr_value(value: Any, key: str) -> Any:
    if not isinstance(value, dict):
        raise OtlpShapeError(f"attribute {key!r} has value {show_value(value)}, expected an AnyValue object")
    for kind in VALUE_KINDS:
        if kind in value:
            raw = value[kind]
            if kind == "intValue":
                try:
                    return int(raw)
                except (TypeError, ValueError) as exc:
                    raise OtlpShapeError(f"attribute {key!r} intValue {show_value(raw)} is not an integer") from exc
            return raw
    if "arrayValue" in value or "kvlistValue" in value:
        return json.dumps(value)
    return None


def attributes(items: Any, where: str) -> dict[str, Any]:
    """An OTLP attribute list as a dict."""
    if items is None:
        return {}
    if not isinstance(items, list):
        raise OtlpShapeError(f"{where}.attributes must be a list of {{key, value}}, found {type(items).__name__}")
    out: dict[str, Any] = {}
    for item in items:
        if not isinstance(item, dict) or "key" not in item:
            raise OtlpShapeError(f"{where}.attributes has an entry without a key: {show_value(item)}")
        out[str(item["key"])] = _attr_value(item.get("value"), str(item["key"]))
    return out


def _list(obj: dict[str, Any], key: str, where: str, *fallbacks: str) -> list[Any]:
    for name in (key, *fallbacks):
        if name in obj:
            value = obj[name]
            if not isinstance(value, list):
                raise OtlpShapeError(f"{where}.{name} must be a list, found {type(value).__name__}")
            return value
    return []


def spans_of_export(doc: Any) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(resource attributes, span) for every span of one exported line."""
    if not isinstance(doc, dict):
        raise OtlpShapeError(f"expected a JSON object with resourceSpans, found {type(doc).__name__}")
    if "resourceSpans" not in doc:
        other = next((k for k in ("resourceMetrics", "resourceLogs") if k in doc), None)
        found = f"found {other} (metrics or logs, not traces)" if other else f"found keys {sorted(doc)[:5]}"
        raise OtlpShapeError(f"no resourceSpans: {found}")
    for r, resource_spans in enumerate(_list(doc, "resourceSpans", "")):
        if not isinstance(resource_spans, dict):
            raise OtlpShapeError(f"resourceSpans[{r}] must be an object")
        resource = resource_spans.get("resource") or {}
        if not isinstance(resource, dict):
            raise OtlpShapeError(f"resourceSpans[{r}].resource must be an object")
        res_attrs = attributes(resource.get("attributes"), f"resourceSpans[{r}].resource")
        where = f"resourceSpans[{r}]"
        for s, scope_spans in enumerate(_list(resource_spans, "scopeSpans", where, "instrumentationLibrarySpans")):
            if not isinstance(scope_spans, dict):
                raise OtlpShapeError(f"{where}.scopeSpans[{s}] must be an object")
            for span in _list(scope_spans, "spans", f"{where}.scopeSpans[{s}]"):
                if not isinstance(span, dict):
                    raise OtlpShapeError(f"{where}.scopeSpans[{s}].spans has a non-object entry")
                yield res_attrs, span


AGENT_SPAN = "agent"  # span_to_event's answer for agent, tool and chain spans
OTHER_SPAN = "other"  # ... and for spans that are not GenAI model calls


@dataclass(frozen=True)
class NotAnEvent:
    """span_to_event's answer for a span that is not a model call: AGENT_SPAN or OTHER_SPAN, and its
    trace-context row ({} when it lacks the ids or start time to be kept)."""

    what: str
    context: dict[str, Any]


def classify_span(attrs: dict[str, Any]) -> str | None:
    """AGENT_SPAN for spans that orchestrate model calls, else None (the span may be a model call)."""
    return AGENT_SPAN if span_kind(attrs) is not None else None


def _model(attrs: dict[str, Any]) -> Any:
    model = next((attrs[a] for a in SPAN_ATTRIBUTES["model"] if attrs.get(a)), None)
    if model:
        return model
    for key in oa.INVOCATION_PARAMETERS:
        params = attrs.get(key)
        found = oa.INVOCATION_MODEL.search(params) if isinstance(params, str) else None
        if found and found.group(1):
            return found.group(1)
    return None


def _operation(attrs: dict[str, Any]) -> Any:
    return (
        attrs.get(oa.OPERATION)
        or oa.REQUEST_TYPE_OPERATIONS.get(str(attrs.get(oa.REQUEST_TYPE)))
        or oa.OPENINFERENCE_OPERATIONS.get(str(attrs.get(oa.OPENINFERENCE_KIND)))
        or ""
    )


def _first_text(items: Any, keys: tuple[str, ...]) -> str | None:
    """The first of `keys` holding text, or an array whose first element is text (finish reasons)."""
    values = {item.get("key"): item.get("value") for item in items or () if isinstance(item, dict)}
    for key in keys:
        value = values.get(key)
        if not isinstance(value, dict):
            continue
        if isinstance(value.get("stringValue"), str):
            return str(value["stringValue"])
        array = value.get("arrayValue")
        first = (array.get("values") or [None])[0] if isinstance(array, dict) else None
        if isinstance(first, dict) and isinstance(first.get("stringValue"), str):
            return str(first["stringValue"])
    return None


def exception_type(span: dict[str, Any]) -> str | None:
    """The type named by the span's first `exception` event, without its module (`openai.X` -> `X`)."""
    for event in span.get("events") or ():
        if isinstance(event, dict) and event.get("name") == "exception":
            found = attributes(event.get("attributes"), "exception event").get("exception.type")
            if found is not None:
                return str(found).rsplit(".", 1)[-1]
    return None


def _fill_usage(row: dict[str, Any]) -> None:
    """usage_known, zeros for the count a call did not report, and cache counts inside prompt_tokens."""
    known = any(row[f] is not None for f in oa.USAGE_FIELDS)
    row["usage_known"] = int(known)
    if not known:
        return
    for name in oa.USAGE_FIELDS:
        if row[name] is None:
            row[name] = 0  # an embeddings call has input tokens only
    prompt, cache = row["prompt_tokens"], [row[f] for f in oa.CACHE_FIELDS]
    if type(prompt) is int and all(c is None or type(c) is int for c in cache):
        in_cache = sum(c for c in cache if c is not None)
        if in_cache > prompt:  # input reported without the cache (Anthropic's own usage): add it
            row["prompt_tokens"] = prompt + in_cache


def span_to_event(res_attrs: dict[str, Any], span: dict[str, Any]) -> dict[str, Any] | NotAnEvent:
    """One model-call span as an event row (raw values: validation checks them), or why it is not one."""
    attrs = attributes(span.get("attributes"), f"span {span.get('spanId', '?')}")
    kind = span_kind(attrs)
    if kind is not None:
        return NotAnEvent(AGENT_SPAN, context_row(res_attrs, span, attrs, kind))
    model, operation = _model(attrs), _operation(attrs)
    row: dict[str, Any] = {}
    for name, keys in SPAN_ATTRIBUTES.items():
        row[name] = next((attrs[a] for a in keys if attrs.get(a) is not None), None)
    has_usage = any(row[f] is not None for f in oa.USAGE_FIELDS)
    # A model and a provider make a model call even without an operation name or usage: a failed call of an
    # instrumentation that names neither (the Vercel AI SDK's doGenerate, Logfire's OpenAI spans) is an error event.
    if not model or not (operation or has_usage or row["provider"]):
        return NotAnEvent(OTHER_SPAN, context_row(res_attrs, span, attrs, other_kind(attrs)))
    row["model"] = model
    row["operation"] = operation
    _fill_usage(row)
    trace, span_id = span.get("traceId", ""), span.get("spanId", "")
    row["event_id"] = f"{trace}:{span_id}" if trace else span_id or None
    row["trace_id"] = span.get("traceId")
    row["parent_span_id"] = span.get("parentSpanId")
    start, end = span.get("startTimeUnixNano"), span.get("endTimeUnixNano")
    row["ts"] = str(start) if start is not None else None
    try:
        row["latency_ms"] = (int(end) - int(start)) / 1e6 if start is not None and end is not None else None
    except (TypeError, ValueError):
        row["latency_ms"] = None  # the ts check reports the bad start time
    status = span.get("status") or {}
    code = status.get("code") if isinstance(status, dict) else None
    is_error = code in oa.ERROR_STATUS_CODES or bool(row.get("error_type"))
    row["status"] = "error" if is_error else "ok"
    if is_error and not row.get("error_type"):
        row["error_type"] = exception_type(span) or oa.UNKNOWN_ERROR_TYPE
    row["finish_reason"] = _first_text(span.get("attributes"), oa.FINISH_REASON_ATTRIBUTES)
    row["workload"] = res_attrs.get("service.name")
    row["region"] = res_attrs.get("cloud.region")
    if not row["task_type"]:
        row["task_type"] = OPERATION_TASKS.get(str(operation), "")
    meta = {k.removeprefix("gen_ai."): str(attrs[k]) for k in METADATA_ATTRIBUTES if attrs.get(k) is not None}
    if span.get("name"):
        meta["span_name"] = str(span["name"])
    row["metadata"] = json.dumps(meta)
    row["cost_source"] = oa.COST_SOURCE
    row["source"] = "otlp"
    return row


def iter_otlp(path: Path, max_bytes: int | None = None) -> Iterator[RawChunk]:
    """Events from an OTLP/JSON file, in chunks; structural problems name the line and the key.

    Each block of lines goes through Arrow (`otlp_columns`) when it can; a block that path declines
    is parsed line by line here.
    """
    rows: list[dict[str, Any]] = []
    locs: list[int] = []
    issues: list[IngestIssue] = []
    contexts: list[dict[str, Any]] = []
    skipped = agents = 0
    bytes_done = 0

    def chunk() -> RawChunk:
        return RawChunk(
            rows_to_table(rows),
            np.asarray(locs, np.int64),
            bytes_done,
            issues,
            skipped,
            agents,
            spans=spans_table(contexts),
        )

    for block in iter_line_blocks(path, max_line=MAX_OTLP_LINE_BYTES, max_bytes=max_bytes):
        issues.extend(block.issues)
        bytes_done = block.bytes_done
        _, numbers = line_numbers(block)
        fast = (
            otlp_block_columns(block.data, numbers, block.line_ends()) if len(numbers) and is_utf8(block.data) else None
        )
        if fast is not None:
            if rows or issues or skipped or agents:  # keep the file's order: what came before goes first
                yield chunk()
                rows, locs, issues, contexts, skipped, agents = [], [], [], [], 0, 0
            table, lines, skipped_here, agents_here, spans = fast
            yield RawChunk(table, lines, bytes_done, [], skipped_here, agents_here, spans=spans)
            continue
        for number, raw in enumerate(block.data.to_pybytes().split(b"\n")[:-1], start=block.first_line):
            if not raw.strip():
                continue
            try:
                doc = json.loads(raw.decode("utf-8"))
                found = [span_to_event(res, span) for res, span in spans_of_export(doc)]
            except UnicodeDecodeError as exc:
                issues.append(IngestIssue(path.name, f"not valid UTF-8 (byte {raw[exc.start]:#04x})", line=number))
                continue
            except json.JSONDecodeError as exc:
                issues.append(IngestIssue(path.name, f"not valid JSON ({exc.msg} at column {exc.colno})", line=number))
                continue
            except OtlpShapeError as exc:
                issues.append(IngestIssue(path.name, f"not OTLP/JSON traces: {exc}", line=number))
                continue
            for row in found:
                if isinstance(row, NotAnEvent):
                    if row.what == AGENT_SPAN:
                        agents += 1
                    else:
                        skipped += 1
                    if row.context:
                        contexts.append(row.context)
                else:
                    rows.append(row)
                    locs.append(number)
            if len(rows) >= SPANS_PER_CHUNK or len(contexts) >= SPANS_PER_CHUNK:
                yield chunk()
                rows, locs, issues, contexts, skipped, agents = [], [], [], [], 0, 0
    if rows or issues or skipped or agents:
        yield chunk()


def is_otlp_line(first_line: bytes) -> bool:
    """Whether a first line looks like an OTLP/JSON traces export."""
    return b'"resourceSpans"' in first_line[:4096] or b'"resourceSpans"' in first_line
