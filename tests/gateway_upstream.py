"""A scripted OpenAI- and Anthropic-compatible upstream on 127.0.0.1 (Starlette + uvicorn in a thread).

Each model answers from its own script (`script(model, ...)`), then with `ok()` forever:
`ok(text, delay_s=0)`, `status(code)`, `hang(seconds)` (no answer at all), `stall_mid_stream(seconds, after=2)`
(a stream that sends `after` chunks and goes silent); `{**ok(), "linger_s": s}` ends a stream's body `s` seconds
after its last event. Every request's path, headers and body is kept
in `requests`. `latency_s` delays every answer (the benchmark's fixed upstream latency).
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

Reply = dict[str, Any]


def ok(
    text: str = "",
    *,
    prompt_tokens: int = 50,
    completion_tokens: int = 10,
    cost: float | None = None,
    delay_s: float = 0.0,
    usage_details: dict[str, Any] | None = None,
) -> Reply:
    """A normal answer (its text defaults to 'answer from <model>'), streamed if the request asks, after `delay_s`.

    `usage_details` are added to an OpenAI-style usage object as they are (e.g. `prompt_tokens_details`)."""
    return {
        "kind": "ok",
        "text": text,
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "cost": cost,
        "delay_s": delay_s,
        "usage_details": usage_details or {},
    }


def status(code: int, message: str = "scripted error") -> Reply:
    """An HTTP error."""
    return {"kind": "status", "code": code, "message": message}


def hang(seconds: float) -> Reply:
    """Answer nothing for `seconds`."""
    return {"kind": "hang", "seconds": seconds}


def stall_mid_stream(seconds: float, after: int = 2) -> Reply:
    """Stream `after` chunks of an answer, then go silent for `seconds`."""
    return {**ok("a long answer that never ends"), "stall_after": after, "seconds": seconds}


@dataclass
class Received:
    """One request the upstream got."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class ScriptedUpstream:
    """The server's state: scripts per model, and what it received."""

    latency_s: float = 0.0
    scripts: dict[str, list[Reply]] = field(default_factory=dict)
    requests: list[Received] = field(default_factory=list)
    base_url: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def script(self, model: str, *replies: Reply) -> None:
        """Queue replies for a model."""
        with self._lock:
            self.scripts.setdefault(model, []).extend(replies)

    def models_called(self, path: str = "/v1/chat/completions") -> list[str]:
        """The model of each request to `path`, in order."""
        return [r.body.get("model", "") for r in self.requests if r.path == path]

    def _next(self, model: str) -> Reply:
        with self._lock:
            queue = self.scripts.get(model)
            return queue.pop(0) if queue else ok()


def _openai_chunks(model: str, text: str, reply: Reply, include_usage: bool) -> list[dict[str, Any]]:
    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {
            "id": "chatcmpl-up",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            # As OpenAI does: with usage asked for, every chunk but the last carries `"usage": null`.
            **({"usage": None} if include_usage else {}),
        }

    parts = [text[i : i + 8] for i in range(0, len(text), 8)]
    chunks = [chunk({"role": "assistant", "content": ""})] + [chunk({"content": p}) for p in parts]
    chunks.append(chunk({}, "stop"))
    if include_usage:
        usage = {
            "prompt_tokens": reply["prompt_tokens"],
            "completion_tokens": reply["completion_tokens"],
            "total_tokens": reply["prompt_tokens"] + reply["completion_tokens"],
            **reply.get("usage_details", {}),
        }
        chunks.append(
            {
                "id": "chatcmpl-up",
                "object": "chat.completion.chunk",
                "created": 1,
                "model": model,
                "choices": [],
                "usage": usage,
            }
        )
    return chunks


def _anthropic_events(model: str, text: str, reply: Reply) -> list[tuple[str, dict[str, Any]]]:
    message: dict[str, Any] = {
        "id": "msg_up",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": {"input_tokens": reply["prompt_tokens"], "output_tokens": 1},
    }
    events: list[tuple[str, dict[str, Any]]] = [("message_start", {"type": "message_start", "message": message})]
    events.append(
        (
            "content_block_start",
            {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        )
    )
    for i in range(0, len(text), 8):
        events.append(
            (
                "content_block_delta",
                {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": text[i : i + 8]}},
            )
        )
    events.append(("content_block_stop", {"type": "content_block_stop", "index": 0}))
    events.append(
        (
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": reply["completion_tokens"]},
            },
        )
    )
    events.append(("message_stop", {"type": "message_stop"}))
    return events


def make_upstream_app(state: ScriptedUpstream) -> Starlette:
    """The scripted server's app."""

    async def answer(request: Request) -> Response:
        body = json.loads(await request.body() or b"{}")
        path = request.url.path
        state.requests.append(Received(path, dict(request.headers), body))
        model = str(body.get("model", ""))
        reply = state._next(model)
        if state.latency_s or reply.get("delay_s"):
            await asyncio.sleep(state.latency_s + float(reply.get("delay_s") or 0.0))
        if reply["kind"] == "hang":
            await asyncio.sleep(reply["seconds"])
            return Response(status_code=504)
        if reply["kind"] == "status":
            if path.endswith("/messages"):
                err: dict[str, Any] = {"type": "error", "error": {"type": "api_error", "message": reply["message"]}}
            else:
                err = {"error": {"message": reply["message"], "type": "scripted", "code": None}}
            return JSONResponse(err, status_code=reply["code"], headers={"retry-after": "0"})
        text = reply["text"] or f"answer from {model}"
        if path.endswith("/embeddings"):
            inputs = body.get("input")
            n = len(inputs) if isinstance(inputs, list) else 1
            data = [{"object": "embedding", "index": i, "embedding": [0.1 * i, 0.2, 0.3]} for i in range(n)]
            return JSONResponse(
                {
                    "object": "list",
                    "data": data,
                    "model": model,
                    "usage": {"prompt_tokens": reply["prompt_tokens"], "total_tokens": reply["prompt_tokens"]},
                }
            )
        if path.endswith("/responses"):
            return _responses_reply(model, text, reply, bool(body.get("stream")))
        if path.endswith("/messages"):
            if body.get("stream"):
                events = _anthropic_events(model, text, reply)
                lines = [f"event: {name}\ndata: {json.dumps(data)}\n\n".encode() for name, data in events]
                return StreamingResponse(_emit(lines, reply), media_type="text/event-stream")
            usage = {"input_tokens": reply["prompt_tokens"], "output_tokens": reply["completion_tokens"]}
            return JSONResponse(
                {
                    "id": "msg_up",
                    "type": "message",
                    "role": "assistant",
                    "model": model,
                    "content": [{"type": "text", "text": text}],
                    "stop_reason": "end_turn",
                    "stop_sequence": None,
                    "usage": usage,
                }
            )
        if body.get("stream"):
            include = bool((body.get("stream_options") or {}).get("include_usage"))
            chunks = _openai_chunks(model, text, reply, include)
            lines = [f"data: {json.dumps(c)}\n\n".encode() for c in chunks] + [b"data: [DONE]\n\n"]
            return StreamingResponse(_emit(lines, reply), media_type="text/event-stream")
        usage_out: dict[str, Any] = {
            "prompt_tokens": reply["prompt_tokens"],
            "completion_tokens": reply["completion_tokens"],
            "total_tokens": reply["prompt_tokens"] + reply["completion_tokens"],
            **reply.get("usage_details", {}),
        }
        if reply["cost"] is not None:
            usage_out["cost"] = reply["cost"]
        return JSONResponse(
            {
                "id": "chatcmpl-up",
                "object": "chat.completion",
                "created": 1,
                "model": model,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                "usage": usage_out,
            }
        )

    return Starlette(routes=[Route("/v1/{rest:path}", answer, methods=["POST"])])


def _responses_reply(model: str, text: str, reply: Reply, stream: bool) -> Response:
    """OpenAI's Responses API: a response object, or its typed events ending in response.completed."""
    usage: dict[str, Any] = {
        "input_tokens": reply["prompt_tokens"],
        "input_tokens_details": {"cached_tokens": 0},
        "output_tokens": reply["completion_tokens"],
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": reply["prompt_tokens"] + reply["completion_tokens"],
        **reply.get("usage_details", {}),
    }
    part = {"type": "output_text", "text": text, "annotations": []}
    item = {"type": "message", "id": "msg_up", "status": "completed", "role": "assistant", "content": [part]}
    done = {
        "id": "resp_up",
        "object": "response",
        "created_at": 1,
        "status": "completed",
        "model": model,
        "output": [item],
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "usage": usage,
    }
    if not stream:
        return JSONResponse(done)
    started = {**done, "status": "in_progress", "output": [], "usage": None}
    words = text.split(" ")
    events: list[dict[str, Any]] = [{"type": "response.created", "response": started}]
    events += [
        {"type": "response.output_text.delta", "item_id": "msg_up", "output_index": 0, "content_index": 0, "delta": d}
        for d in [words[0], *(" " + w for w in words[1:])]
    ]
    events.append({"type": "response.completed", "response": done})
    lines = [
        f"event: {e['type']}\ndata: {json.dumps({**e, 'sequence_number': i})}\n\n".encode()
        for i, e in enumerate(events)
    ]
    return StreamingResponse(_emit(lines, reply), media_type="text/event-stream")


async def _emit(lines: list[bytes], reply: Reply) -> AsyncIterator[bytes]:
    stall_after = reply.get("stall_after")
    for i, line in enumerate(lines):
        if stall_after is not None and i == stall_after:
            await asyncio.sleep(reply["seconds"])
            return
        yield line
    if reply.get("linger_s"):  # the last event is out, the end of the body comes later
        await asyncio.sleep(reply["linger_s"])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve_in_thread(app: Any, port: int | None = None) -> Iterator[str]:
    """Serve an ASGI app on 127.0.0.1 in a thread for the block; yields its base URL."""
    port = port or _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False, lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def run_upstream(latency_s: float = 0.0) -> Iterator[ScriptedUpstream]:
    """A scripted upstream for the block; point the gateway at `state.base_url`."""
    state = ScriptedUpstream(latency_s=latency_s)
    with serve_in_thread(make_upstream_app(state)) as url:
        state.base_url = f"{url}/v1"
        yield state
