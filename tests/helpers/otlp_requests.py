"""Build OTLP trace export requests of GenAI spans (protobuf), for the collector's tests and benchmark."""

from __future__ import annotations

import random
import time

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, KeyValue
from opentelemetry.proto.trace.v1.trace_pb2 import Status

MODELS = [("openai", "gpt-4o"), ("openai", "gpt-4o-mini"), ("anthropic", "claude-3-5-sonnet-20241022")]


def make_kv(key: str, value: str | int | float) -> KeyValue:
    """One OTLP attribute: text, integer or float."""
    if isinstance(value, str):
        return KeyValue(key=key, value=AnyValue(string_value=value))
    if isinstance(value, int):
        return KeyValue(key=key, value=AnyValue(int_value=value))
    return KeyValue(key=key, value=AnyValue(double_value=value))


def make_request(
    n_spans: int, *, seed: int = 0, service: str = "support-bot", start_ns: int | None = None
) -> ExportTraceServiceRequest:
    """One export of `n_spans` chat spans with the current GenAI conventions; ids are unique per seed."""
    rng = random.Random(seed)
    base = start_ns if start_ns is not None else time.time_ns() - 60_000_000_000
    request = ExportTraceServiceRequest()
    rs = request.resource_spans.add()
    rs.resource.attributes.extend([make_kv("service.name", service), make_kv("deployment.environment", "test")])
    ss = rs.scope_spans.add()
    ss.scope.name = "opentelemetry.instrumentation.openai_v2"
    ss.scope.version = "2.4b0"
    for i in range(n_spans):
        provider, model = MODELS[rng.randrange(len(MODELS))]
        span = ss.spans.add()
        span.trace_id = rng.randbytes(16)
        span.span_id = rng.randbytes(8)
        span.name = f"chat {model}"
        span.kind = 3
        start = base + i * 1_000_000
        span.start_time_unix_nano = start
        span.end_time_unix_nano = start + rng.randrange(200, 3000) * 1_000_000
        span.attributes.extend(
            [
                make_kv("gen_ai.operation.name", "chat"),
                make_kv("gen_ai.provider.name", provider),
                make_kv("gen_ai.request.model", model),
                make_kv("gen_ai.response.model", model),
                make_kv("gen_ai.usage.input_tokens", rng.randrange(50, 4000)),
                make_kv("gen_ai.usage.output_tokens", rng.randrange(5, 800)),
                make_kv("gen_ai.response.id", f"chatcmpl-{rng.getrandbits(64):x}"),
                make_kv("server.address", "api.example.test"),
                make_kv("gen_ai.request.temperature", 0.2),
            ]
        )
        span.status.code = Status.STATUS_CODE_OK
    return request


def span_ids(request: ExportTraceServiceRequest) -> list[str]:
    """The event ids the spans become (traceId:spanId, hex)."""
    return [
        f"{s.trace_id.hex()}:{s.span_id.hex()}"
        for rs in request.resource_spans
        for ss in rs.scope_spans
        for s in ss.spans
    ]
