"""A scripted Anthropic-Messages-compatible server on 127.0.0.1: each POST /v1/messages gets the next reply.

Replies: `stream_text(...)`, `stream_tool_calls(...)`, `stream_error(...)`, `status(429)`, `status(500)`,
`stall(seconds)`, `stall_mid_stream(seconds)`. Streams are real SSE (`event:` and `data:` lines) in the order
the Messages API sends them.
Every request's path, body and headers are kept in `requests` so tests can check what the SDK sent.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.agents.scripted_server import LoopbackServer

Reply = dict[str, Any]
Event = tuple[str, dict[str, Any]]
ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    404: "not_found_error",
    429: "rate_limit_error",
    500: "api_error",
    529: "overloaded_error",
}


def _message_start(input_tokens: int, cache_read_tokens: int = 0) -> Event:
    usage = {
        "input_tokens": input_tokens,
        "output_tokens": 1,
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": cache_read_tokens,
    }
    message: dict[str, Any] = {
        "id": "msg_scripted",
        "type": "message",
        "role": "assistant",
        "model": "scripted",
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": usage,
    }
    return "message_start", {"type": "message_start", "message": message}


def _end(stop_reason: str, output_tokens: int) -> list[Event]:
    delta = {"stop_reason": stop_reason, "stop_sequence": None}
    usage = {"output_tokens": output_tokens}
    return [
        ("message_delta", {"type": "message_delta", "delta": delta, "usage": usage}),
        ("message_stop", {"type": "message_stop"}),
    ]


def _text_block(index: int, text: str, pieces: int) -> list[Event]:
    size = max(1, len(text) // pieces)
    parts = [text[i : i + size] for i in range(0, len(text), size)]
    events: list[Event] = [
        (
            "content_block_start",
            {"type": "content_block_start", "index": index, "content_block": {"type": "text", "text": ""}},
        )
    ]
    events += [
        (
            "content_block_delta",
            {"type": "content_block_delta", "index": index, "delta": {"type": "text_delta", "text": p}},
        )
        for p in parts
    ]
    events.append(("content_block_stop", {"type": "content_block_stop", "index": index}))
    return events


def stream_text(
    text: str,
    *,
    pieces: int = 3,
    input_tokens: int = 120,
    output_tokens: int = 30,
    cache_read_tokens: int = 0,
    stop_reason: str = "end_turn",
) -> Reply:
    """A streamed assistant message: one text block split into `pieces` deltas; usage at start and end."""
    events = [_message_start(input_tokens, cache_read_tokens), ("ping", {"type": "ping"})]
    events += _text_block(0, text, pieces)
    return {"events": events + _end(stop_reason, output_tokens)}


def stream_tool_calls(
    *calls: tuple[str, dict[str, Any] | str],
    text: str = "",
    input_tokens: int = 200,
    output_tokens: int = 20,
    stop_reason: str = "tool_use",
) -> Reply:
    """Optional text, then one tool_use block per call; each input arrives as input_json_delta fragments."""
    events = [_message_start(input_tokens)]
    if text:
        events += _text_block(0, text, 2)
    first = 1 if text else 0
    for i, (name, args) in enumerate(calls, start=first):
        raw = args if isinstance(args, str) else json.dumps(args)
        third = max(1, len(raw) // 3)
        # The real API opens with an empty fragment, then sends the JSON in pieces that are not valid alone.
        fragments = ["", raw[:third], raw[third : 2 * third], raw[2 * third :]]
        events.append(
            (
                "content_block_start",
                {
                    "type": "content_block_start",
                    "index": i,
                    "content_block": {"type": "tool_use", "id": f"toolu_scripted_{i}", "name": name, "input": {}},
                },
            )
        )
        events += [
            (
                "content_block_delta",
                {"type": "content_block_delta", "index": i, "delta": {"type": "input_json_delta", "partial_json": f}},
            )
            for f in fragments
        ]
        events.append(("content_block_stop", {"type": "content_block_stop", "index": i}))
    return {"events": events + _end(stop_reason, output_tokens)}


def stream_error(kind: str = "overloaded_error", message: str = "Overloaded") -> Reply:
    """A 200 stream that fails part-way with an `event: error`, as the API does when it is overloaded."""
    events = [_message_start(50), *_text_block(0, "Let me", 1)[:2]]
    return {"events": [*events, ("error", {"type": "error", "error": {"type": kind, "message": message}})]}


def stall_mid_stream(seconds: float) -> Reply:
    """Start a text stream, then go silent longer than the client's timeout (a connection that hangs)."""
    return {"events": [_message_start(50), *_text_block(0, "Let me", 1)[:2]], "stall_after": seconds}


def status(code: int, message: str = "scripted error") -> Reply:
    """An HTTP error with the API's error body (429 carries retry-after: 0 so the SDK's retry is immediate)."""
    return {"status": code, "message": message}


def stall(seconds: float) -> Reply:
    """Hold the request longer than the client's timeout."""
    return {"stall": seconds}


class ScriptedAnthropicServer(LoopbackServer):
    """The server and its script; `base_url` is what the SDK is pointed at (the SDK adds /v1/messages)."""

    def __init__(self, script: list[Reply]) -> None:
        self.script = list(script)
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return None

            def _send_error(self, code: int, message: str) -> None:
                error = {"type": ERROR_TYPES.get(code, "api_error"), "message": message}
                payload = json.dumps({"type": "error", "error": error}).encode()
                self.send_response(code)
                self.send_header("content-type", "application/json")
                self.send_header("request-id", "req_scripted")
                self.send_header("retry-after", "0")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
                with server._lock:
                    server.requests.append(
                        {"path": self.path, "body": body, "headers": {k.lower(): v for k, v in self.headers.items()}}
                    )
                    if self.path != "/v1/messages":
                        reply = status(404, f"scripted server has no {self.path}")
                    else:
                        reply = server.script.pop(0) if server.script else status(500, "script exhausted")
                if "stall" in reply:
                    time.sleep(reply["stall"])
                    return
                if "status" in reply:
                    self._send_error(reply["status"], reply["message"])
                    return
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.send_header("request-id", "req_scripted")
                self.end_headers()
                for name, data in reply["events"]:
                    self.wfile.write(f"event: {name}\ndata: {json.dumps(data)}\n\n".encode())
                self.wfile.flush()
                if "stall_after" in reply:
                    time.sleep(reply["stall_after"])

        self.serve(Handler)


@contextmanager
def run_scripted_anthropic(script: list[Reply]) -> Iterator[ScriptedAnthropicServer]:
    """Start a scripted Anthropic server for the `with` block."""
    with ScriptedAnthropicServer(script) as server:
        yield server
