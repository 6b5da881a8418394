"""A scripted OpenAI-compatible server on 127.0.0.1: each request gets the next scripted reply.

Replies: `stream_text(...)`, `stream_tool_calls(...)`, `status(429)`, `status(500)`, `stall(seconds)`,
`stall_mid_stream(reply, after, seconds)`.
Every request body is kept in `requests` so tests can check what the SDK sent.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

Reply = dict[str, Any]


def _chunk(delta: dict[str, Any], finish: str | None = None, usage: dict[str, int] | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion.chunk",
        "created": 1_700_000_000,
        "model": "scripted",
        "choices": [] if usage else [{"index": 0, "delta": delta, "finish_reason": finish}],
        **({"usage": usage} if usage else {}),
    }


def stream_text(text: str, *, pieces: int = 3, prompt_tokens: int = 120, completion_tokens: int = 30) -> Reply:
    """A streamed assistant message, split into `pieces` deltas, then usage."""
    size = max(1, len(text) // pieces)
    parts = [text[i : i + size] for i in range(0, len(text), size)]
    chunks = [_chunk({"role": "assistant", "content": ""})]
    chunks += [_chunk({"content": p}) for p in parts]
    chunks += [
        _chunk({}, finish="stop"),
        _chunk(
            {},
            usage={
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        ),
    ]
    return {"stream": chunks}


def stream_tool_calls(
    *calls: tuple[str, dict[str, Any] | str], prompt_tokens: int = 200, completion_tokens: int = 20
) -> Reply:
    """Streamed tool calls; each call's JSON arguments arrive in two fragments, as real servers send them."""
    chunks = [_chunk({"role": "assistant", "content": None})]
    for i, (name, args) in enumerate(calls):
        raw = args if isinstance(args, str) else json.dumps(args)
        half = len(raw) // 2
        chunks.append(
            _chunk(
                {
                    "tool_calls": [
                        {
                            "index": i,
                            "id": f"call_{i}",
                            "type": "function",
                            "function": {"name": name, "arguments": raw[:half]},
                        }
                    ]
                }
            )
        )
        chunks.append(_chunk({"tool_calls": [{"index": i, "function": {"arguments": raw[half:]}}]}))
    chunks += [
        _chunk({}, finish="tool_calls"),
        _chunk(
            {},
            usage={
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        ),
    ]
    return {"stream": chunks}


def status(code: int, message: str = "scripted error") -> Reply:
    """An HTTP error (429 carries retry-after: 0 so the SDK's retry is immediate)."""
    return {"status": code, "message": message}


def stall(seconds: float) -> Reply:
    """Hold the request longer than the client's timeout."""
    return {"stall": seconds}


def stall_mid_stream(reply: Reply, after: int, seconds: float) -> Reply:
    """Send the first `after` chunks of a streamed reply, then go silent for `seconds`."""
    return {"stream": reply["stream"][:after], "stall_after": seconds}


class LoopbackServer:
    """A threaded HTTP server on 127.0.0.1 with a free port; a `with` block serves for its duration."""

    def serve(self, handler: type[BaseHTTPRequestHandler], path: str = "") -> None:
        """Bind `handler`; `base_url` is the server's address followed by `path`."""
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> None:
        """Serve in a background thread."""
        self._thread.start()

    def stop(self) -> None:
        """Shut down."""
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class ScriptedServer(LoopbackServer):
    """The server and its script; `base_url` is what the SDK is pointed at."""

    def __init__(self, script: list[Reply]) -> None:
        self.script = list(script)
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return None

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
                with server._lock:
                    server.requests.append({"path": self.path, "body": body})
                    reply = server.script.pop(0) if server.script else status(500, "script exhausted")
                if "stall" in reply:
                    time.sleep(reply["stall"])
                    return
                if "status" in reply:
                    payload = json.dumps({"error": {"message": reply["message"], "type": "scripted"}}).encode()
                    self.send_response(reply["status"])
                    self.send_header("content-type", "application/json")
                    self.send_header("retry-after", "0")
                    self.send_header("content-length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.end_headers()
                for chunk in reply["stream"]:
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                if "stall_after" in reply:
                    self.wfile.flush()
                    time.sleep(reply["stall_after"])
                    return
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

        self.serve(Handler, "/v1")


@contextmanager
def run_scripted_server(script: list[Reply]) -> Iterator[ScriptedServer]:
    """Start a scripted server for the `with` block."""
    with ScriptedServer(script) as server:
        yield server
