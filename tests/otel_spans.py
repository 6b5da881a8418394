"""Real OpenTelemetry GenAI spans: the real instrumentation packages drive the real SDKs against 127.0.0.1.

Run as `python -m tests.otel_spans VARIANT OUT.jsonl` (one variant per process: the instrumentations patch
the SDKs globally and read OTEL_SEMCONV_STABILITY_OPT_IN when they are set up). The output is what the
OpenTelemetry Collector's file exporter writes: OTLP/JSON, one ExportTraceServiceRequest per line, hex
trace and span ids, int64 values as strings, enums as numbers.

Every variant runs the same scenarios (see SCENARIOS), each inside a manual "app" span next to an
HTTP-ish span, so the file looks like a real application's export.
"""

from __future__ import annotations

import base64
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from tests.agents.scripted_server import LoopbackServer

# variant -> (instrumentation, extra environment)
VARIANTS: dict[str, tuple[str, dict[str, str]]] = {
    "openai_v2": ("openai_v2", {}),
    "openai_v2_latest": ("openai_v2", {"OTEL_SEMCONV_STABILITY_OPT_IN": "gen_ai_latest_experimental"}),
    "openllmetry_openai": ("openllmetry_openai", {}),
    "openllmetry_anthropic": ("openllmetry_anthropic", {}),
    "openinference_openai": ("openinference_openai", {}),
}
OPENAI_SCENARIOS = (
    "chat",
    "rate_limited",
    "server_error",
    "timeout",
    "stream_usage",
    "stream_no_usage",
    "stream_cancelled",
    "tool_call",
    "embeddings",
)
ANTHROPIC_SCENARIOS = (
    "chat",
    "rate_limited",
    "server_error",
    "timeout",
    "stream_usage",
    "stream_cancelled",
    "tool_call",
)
CLIENT_TIMEOUT_S = 2.0  # generous: a loaded test machine must not turn a plain call into a timeout
# Usage the scripted server reports, so tests can check every field.
CHAT_USAGE = {"prompt_tokens": 120, "completion_tokens": 30, "cached_tokens": 40, "reasoning_tokens": 8}
ANTHROPIC_USAGE = {"input_tokens": 100, "output_tokens": 25, "cache_read": 30, "cache_creation": 10}
EMBEDDING_TOKENS = 12
MODEL = "gpt-4o-mini"
EMBEDDING_MODEL = "text-embedding-3-small"
ANTHROPIC_MODEL = "claude-3-5-haiku-20241022"


def _sse(chunks: list[dict[str, Any]]) -> list[bytes]:
    return [f"data: {json.dumps(c)}\n\n".encode() for c in chunks]


def _openai_chunk(
    delta: dict[str, Any], finish: str | None = None, usage: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "id": "chatcmpl-otel",
        "object": "chat.completion.chunk",
        "created": 1_700_000_000,
        "model": MODEL,
        "choices": [] if usage else [{"index": 0, "delta": delta, "finish_reason": finish}],
        **({"usage": usage} if usage else {}),
    }


def _openai_usage() -> dict[str, Any]:
    u = CHAT_USAGE
    return {
        "prompt_tokens": u["prompt_tokens"],
        "completion_tokens": u["completion_tokens"],
        "total_tokens": u["prompt_tokens"] + u["completion_tokens"],
        "prompt_tokens_details": {"cached_tokens": u["cached_tokens"]},
        "completion_tokens_details": {"reasoning_tokens": u["reasoning_tokens"]},
    }


def _openai_message(message: dict[str, Any], finish: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-otel",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": MODEL,
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": _openai_usage(),
    }


def _anthropic_message(content: list[dict[str, Any]], stop: str) -> dict[str, Any]:
    u = ANTHROPIC_USAGE
    usage = {
        "input_tokens": u["input_tokens"],
        "output_tokens": u["output_tokens"],
        "cache_read_input_tokens": u["cache_read"],
        "cache_creation_input_tokens": u["cache_creation"],
    }
    return {
        "id": "msg_otel",
        "type": "message",
        "role": "assistant",
        "model": ANTHROPIC_MODEL,
        "content": content,
        "stop_reason": stop,
        "stop_sequence": None,
        "usage": usage,
    }


def _anthropic_stream(text: str) -> list[bytes]:
    u = ANTHROPIC_USAGE
    start = _anthropic_message([], "")
    start["stop_reason"] = None
    start["usage"] = {**start["usage"], "output_tokens": 1}
    events: list[tuple[str, dict[str, Any]]] = [
        ("message_start", {"type": "message_start", "message": start}),
        (
            "content_block_start",
            {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        ),
    ]
    for piece in (text[: len(text) // 2], text[len(text) // 2 :]):
        events.append(
            (
                "content_block_delta",
                {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": piece}},
            )
        )
    events += [
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        (
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": u["output_tokens"]},
            },
        ),
        ("message_stop", {"type": "message_stop"}),
    ]
    return [f"event: {name}\ndata: {json.dumps(data)}\n\n".encode() for name, data in events]


class SpanServer(LoopbackServer):
    """Answers OpenAI chat/embeddings and Anthropic messages; the next reply is set by `expect(...)`."""

    def __init__(self) -> None:
        self.reply: dict[str, Any] = {}
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                return None

            def _json(self, code: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(code)
                self.send_header("content-type", "application/json")
                self.send_header("retry-after", "0")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("content-length", 0)))
                with server._lock:
                    reply = server.reply
                if "stall" in reply:
                    time.sleep(reply["stall"])
                    return
                if "status" in reply:
                    self._json(reply["status"], {"type": "error", "error": {"type": "scripted", "message": "scripted"}})
                    return
                if "json" in reply:
                    self._json(200, reply["json"])
                    return
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.send_header("connection", "close")
                self.end_headers()
                for i, chunk in enumerate(reply["stream"]):
                    self.wfile.write(chunk)
                    self.wfile.flush()
                    if reply.get("pause_after") == i:
                        time.sleep(reply["pause"])
                        return
                self.close_connection = True

        self.serve(Handler, "")

    def expect(self, reply: dict[str, Any]) -> None:
        """The reply to the next request."""
        with self._lock:
            self.reply = reply


def _openai_replies() -> dict[str, dict[str, Any]]:
    text_chunks = [
        _openai_chunk({"role": "assistant", "content": ""}),
        _openai_chunk({"content": "Hello "}),
        _openai_chunk({"content": "there"}),
        _openai_chunk({}, finish="stop"),
    ]
    usage_chunk = _openai_chunk({}, usage=_openai_usage())
    tool = {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": '{"city":"Oslo"}'}}
    embedding = {
        "object": "list",
        "model": EMBEDDING_MODEL,
        "data": [{"object": "embedding", "index": 0, "embedding": [0.1, 0.2, 0.3]}],
        "usage": {"prompt_tokens": EMBEDDING_TOKENS, "total_tokens": EMBEDDING_TOKENS},
    }
    return {
        "chat": {"json": _openai_message({"role": "assistant", "content": "Hello there"}, "stop")},
        "rate_limited": {"status": 429},
        "server_error": {"status": 500},
        "timeout": {"stall": CLIENT_TIMEOUT_S * 3},
        "stream_usage": {"stream": [*_sse([*text_chunks, usage_chunk]), b"data: [DONE]\n\n"]},
        "stream_no_usage": {"stream": [*_sse(text_chunks), b"data: [DONE]\n\n"]},
        "stream_cancelled": {"stream": _sse(text_chunks), "pause_after": 1, "pause": CLIENT_TIMEOUT_S * 3},
        "tool_call": {
            "json": _openai_message({"role": "assistant", "content": None, "tool_calls": [tool]}, "tool_calls")
        },
        "embeddings": {"json": embedding},
    }


def _anthropic_replies() -> dict[str, dict[str, Any]]:
    tool = {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Oslo"}}
    return {
        "chat": {"json": _anthropic_message([{"type": "text", "text": "Hello there"}], "end_turn")},
        "rate_limited": {"status": 429},
        "server_error": {"status": 500},
        "timeout": {"stall": CLIENT_TIMEOUT_S * 3},
        "stream_usage": {"stream": _anthropic_stream("Hello there")},
        "stream_cancelled": {
            "stream": _anthropic_stream("Hello there"),
            "pause_after": 2,
            "pause": CLIENT_TIMEOUT_S * 3,
        },
        "tool_call": {"json": _anthropic_message([tool], "tool_use")},
    }


def _call_openai(client: Any, scenario: str) -> None:
    messages = [{"role": "user", "content": "Say hello"}]
    tools = [
        {
            "type": "function",
            "function": {
                "name": "get_weather",
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
            },
        }
    ]
    if scenario == "embeddings":
        client.embeddings.create(model=EMBEDDING_MODEL, input="hello")
    elif scenario.startswith("stream"):
        extra = {"stream_options": {"include_usage": True}} if scenario != "stream_no_usage" else {}
        stream = client.chat.completions.create(model=MODEL, messages=messages, stream=True, **extra)
        for i, _ in enumerate(stream):
            if scenario == "stream_cancelled" and i == 0:
                stream.close()  # the user stops reading: the span ends with what arrived
                break
    elif scenario == "tool_call":
        client.chat.completions.create(model=MODEL, messages=messages, tools=tools)
    else:
        client.chat.completions.create(model=MODEL, messages=messages)


def _call_anthropic(client: Any, scenario: str) -> None:
    messages = [{"role": "user", "content": "Say hello"}]
    if scenario.startswith("stream"):
        with client.messages.stream(model=ANTHROPIC_MODEL, max_tokens=64, messages=messages) as stream:
            for i, _ in enumerate(stream.text_stream):
                if scenario == "stream_cancelled" and i == 0:
                    break  # leaving the block closes the stream midway
    elif scenario == "tool_call":
        tools = [
            {"name": "get_weather", "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}}}
        ]
        client.messages.create(model=ANTHROPIC_MODEL, max_tokens=64, messages=messages, tools=tools)
    else:
        client.messages.create(model=ANTHROPIC_MODEL, max_tokens=64, messages=messages)


def _instrument(kind: str, provider: Any) -> None:
    if kind == "openai_v2":
        from opentelemetry.instrumentation.openai_v2 import OpenAIInstrumentor

        OpenAIInstrumentor().instrument(tracer_provider=provider)  # type: ignore[no-untyped-call]  # untyped __init__
    elif kind == "openllmetry_openai":
        from opentelemetry.instrumentation.openai import OpenAIInstrumentor as LlmetryOpenAI

        LlmetryOpenAI().instrument(tracer_provider=provider)
    elif kind == "openllmetry_anthropic":
        from opentelemetry.instrumentation.anthropic import AnthropicInstrumentor

        AnthropicInstrumentor().instrument(tracer_provider=provider)
    elif kind == "openinference_openai":
        from openinference.instrumentation.openai import OpenAIInstrumentor as OiOpenAI

        OiOpenAI().instrument(tracer_provider=provider)
    else:
        raise ValueError(f"unknown instrumentation {kind!r}")


def _hex_ids(obj: Any) -> Any:
    """protobuf's JSON mapping writes bytes as base64; OTLP/JSON wants trace and span ids as hex."""
    if isinstance(obj, dict):
        return {
            k: base64.b64decode(v).hex() if k in ("traceId", "spanId", "parentSpanId") and v else _hex_ids(v)
            for k, v in obj.items()
        }
    if isinstance(obj, list):
        return [_hex_ids(v) for v in obj]
    return obj


def export_lines(spans: list[Any], per_line: int) -> list[str]:
    """Finished spans as OTLP/JSON export lines, `per_line` spans per ExportTraceServiceRequest."""
    from google.protobuf.json_format import MessageToDict
    from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans

    lines = []
    for start in range(0, len(spans), per_line):
        request = encode_spans(spans[start : start + per_line])
        doc = MessageToDict(request, use_integers_for_enums=True)
        lines.append(json.dumps(_hex_ids(doc), separators=(",", ":")))
    return lines


def generate(variant: str, out: Path) -> None:
    """Run every scenario of `variant` and write its spans to `out` (this process only)."""
    import anthropic
    import openai
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
    from opentelemetry.trace import SpanKind

    kind, env = VARIANTS[variant]
    os.environ.update(env)
    os.environ.setdefault("TRACELOOP_TELEMETRY", "false")
    exporter = InMemorySpanExporter()
    provider = TracerProvider(
        resource=Resource.create({"service.name": f"shop-{variant}", "cloud.region": "eu-west-1"})
    )
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    _instrument(kind, provider)
    tracer = provider.get_tracer("shop.app")
    is_anthropic = kind.endswith("anthropic")
    replies = _anthropic_replies() if is_anthropic else _openai_replies()
    with SpanServer() as server:
        client: Any
        call: Callable[[Any, str], None]
        if is_anthropic:
            client = anthropic.Anthropic(
                base_url=server.base_url, api_key="test", max_retries=0, timeout=CLIENT_TIMEOUT_S
            )
            call = _call_anthropic
        else:
            client = openai.OpenAI(
                base_url=server.base_url + "/v1", api_key="test", max_retries=0, timeout=CLIENT_TIMEOUT_S
            )
            call = _call_openai
        for scenario in ANTHROPIC_SCENARIOS if is_anthropic else OPENAI_SCENARIOS:
            server.expect(replies[scenario])
            with tracer.start_as_current_span(f"POST /api/{scenario}", kind=SpanKind.SERVER) as http:
                http.set_attribute("http.request.method", "POST")
                http.set_attribute("url.path", f"/api/{scenario}")
                with tracer.start_as_current_span("handle_request") as app:
                    app.set_attribute("app.scenario", scenario)
                    try:
                        call(client, scenario)
                    except (openai.OpenAIError, anthropic.AnthropicError) as exc:
                        app.set_attribute("app.error", type(exc).__name__)
    provider.force_flush()
    spans = list(exporter.get_finished_spans())
    out.write_text("\n".join(export_lines(spans, per_line=7)) + "\n")


def main(argv: list[str]) -> int:
    """`python -m tests.otel_spans VARIANT OUT`."""
    if len(argv) != 2 or argv[0] not in VARIANTS:
        print(f"usage: python -m tests.otel_spans {{{'|'.join(VARIANTS)}}} OUT.jsonl", file=sys.stderr)
        return 2
    generate(argv[0], Path(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
