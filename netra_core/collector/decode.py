"""Request bodies -> OTLP/JSON lines exactly as the OpenTelemetry Collector's file exporter writes them.

One ExportTraceServiceRequest per line, camelCase keys, hex trace and span ids, 64-bit integers as
decimal strings, attribute values as AnyValue objects. The ingest parser reads those lines, so every
improvement of it reaches live traffic too.

Protobuf is decoded by a hand-written walk of the parsed message that writes the JSON text
directly: `json_format.MessageToDict` plus `json.dumps` is several times slower on GenAI spans
(benchmarks/bench_collector.py measures both) and writes ids as base64, which OTLP/JSON forbids.
"""

from __future__ import annotations

import base64
import json
from json.encoder import encode_basestring as _enc
from typing import Any

from google.protobuf.message import DecodeError
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import AnyValue

KIND_PROTOBUF = "pb"
KIND_JSON = "json"


class BodyError(ValueError):
    """A body that is not an OTLP trace export; the message says why, for a 400 or a rejected/ note."""


def parse_protobuf(body: bytes) -> ExportTraceServiceRequest:
    """The decoded export request, or BodyError."""
    request = ExportTraceServiceRequest()
    try:
        request.ParseFromString(body)
    except (DecodeError, ValueError) as exc:
        raise BodyError(f"body is not an OTLP ExportTraceServiceRequest in protobuf: {exc}") from exc
    return request


def parse_json(body: bytes) -> dict[str, Any]:
    """The export request as OTLP/JSON, or BodyError."""
    try:
        doc = json.loads(body)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BodyError(f"body is not JSON: {exc}") from exc
    if not isinstance(doc, dict):
        raise BodyError(f"body is JSON {type(doc).__name__}, expected an object with resourceSpans")
    spans = doc.get("resourceSpans", doc.get("resource_spans", []))
    if not isinstance(spans, list):
        raise BodyError("resourceSpans must be a list")
    return doc


def count_protobuf_spans(request: ExportTraceServiceRequest) -> int:
    """How many spans the request carries."""
    return sum(len(ss.spans) for rs in request.resource_spans for ss in rs.scope_spans)


def count_json_spans(doc: dict[str, Any]) -> int:
    """How many spans an OTLP/JSON request carries (structure checked loosely; the parser checks the rest)."""
    total = 0
    for rs in doc.get("resourceSpans", doc.get("resource_spans", [])):
        if isinstance(rs, dict):
            for ss in rs.get("scopeSpans", rs.get("scope_spans", [])) or []:
                if isinstance(ss, dict) and isinstance(ss.get("spans"), list):
                    total += len(ss["spans"])
    return total


# Attribute keys repeat in every span: their encoded prefix is built once.
_KEY_PREFIXES: dict[str, str] = {}


def _key(key: str) -> str:
    prefix = _KEY_PREFIXES.get(key)
    if prefix is None:
        prefix = '{"key":' + _enc(key) + ',"value":'
        if len(_KEY_PREFIXES) < 10_000:  # keys are a small vocabulary; never let odd senders grow it unbounded
            _KEY_PREFIXES[key] = prefix
    return prefix


def _value(v: AnyValue) -> str:
    kind = v.WhichOneof("value")
    if kind == "string_value":
        return '{"stringValue":' + _enc(v.string_value) + "}"
    if kind == "int_value":
        return '{"intValue":"' + str(v.int_value) + '"}'
    if kind == "double_value":
        return '{"doubleValue":' + json.dumps(v.double_value) + "}"
    if kind == "bool_value":
        return '{"boolValue":true}' if v.bool_value else '{"boolValue":false}'
    if kind == "array_value":
        return '{"arrayValue":{"values":[' + ",".join([_value(x) for x in v.array_value.values]) + "]}}"
    if kind == "kvlist_value":
        return '{"kvlistValue":{"values":' + _attributes(v.kvlist_value.values) + "}}"
    if kind == "bytes_value":
        return '{"bytesValue":"' + base64.b64encode(v.bytes_value).decode() + '"}'
    return "{}"


def _attributes(items: Any) -> str:
    return "[" + ",".join([_key(kv.key) + _value(kv.value) + "}" for kv in items]) + "]"


def _span(s: Any) -> str:
    status = s.status
    parts = [
        '{"traceId":"',
        s.trace_id.hex(),
        '","spanId":"',
        s.span_id.hex(),
        '"',
    ]
    if s.parent_span_id:
        parts += [',"parentSpanId":"', s.parent_span_id.hex(), '"']
    parts += [
        ',"name":',
        _enc(s.name),
        ',"kind":',
        str(s.kind),
        ',"startTimeUnixNano":"',
        str(s.start_time_unix_nano),
        '","endTimeUnixNano":"',
        str(s.end_time_unix_nano),
        '","attributes":',
        _attributes(s.attributes),
    ]
    if s.flags:
        parts += [',"flags":', str(s.flags)]
    if s.events:
        events = [
            '{"timeUnixNano":"'
            + str(e.time_unix_nano)
            + '","name":'
            + _enc(e.name)
            + ',"attributes":'
            + _attributes(e.attributes)
            + "}"
            for e in s.events
        ]
        parts += [',"events":[', ",".join(events), "]"]
    if s.links:
        links = [
            '{"traceId":"'
            + k.trace_id.hex()
            + '","spanId":"'
            + k.span_id.hex()
            + '","attributes":'
            + _attributes(k.attributes)
            + "}"
            for k in s.links
        ]
        parts += [',"links":[', ",".join(links), "]"]
    parts += [',"status":{"code":', str(status.code)]
    if status.message:
        parts += [',"message":', _enc(status.message)]
    parts.append("}}")
    return "".join(parts)


def protobuf_to_line(request: ExportTraceServiceRequest) -> str:
    """The request as the OTLP/JSON line the Collector's file exporter would write (no newline)."""
    resource_spans = []
    for rs in request.resource_spans:
        scope_spans = []
        for ss in rs.scope_spans:
            scope = '{"name":' + _enc(ss.scope.name)
            if ss.scope.version:
                scope += ',"version":' + _enc(ss.scope.version)
            spans = ",".join([_span(s) for s in ss.spans])
            scope_spans.append('{"scope":' + scope + '},"spans":[' + spans + "]}")
        schema = ',"schemaUrl":' + _enc(rs.schema_url) if rs.schema_url else ""
        resource_spans.append(
            '{"resource":{"attributes":'
            + _attributes(rs.resource.attributes)
            + '},"scopeSpans":['
            + ",".join(scope_spans)
            + "]"
            + schema
            + "}"
        )
    return '{"resourceSpans":[' + ",".join(resource_spans) + "]}"


def body_to_line(kind: str, body: bytes) -> str:
    """One spooled body as one OTLP/JSON line (no newline); BodyError if it cannot be read."""
    if kind == KIND_PROTOBUF:
        return protobuf_to_line(parse_protobuf(body))
    if kind == KIND_JSON:
        # Re-dumped, not copied: a pretty-printed body spans many lines, the file format wants one.
        return json.dumps(parse_json(body), separators=(",", ":"), ensure_ascii=False)
    raise BodyError(f"unknown spooled body kind {kind!r}")
