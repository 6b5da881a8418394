"""A fast OpenAI-compatible upstream with a fixed latency, for the gateway benchmark: raw asyncio HTTP/1.1, keep-alive.

    python -m benchmarks.gateway_upstream --port 9000 --latency-ms 20

POST /v1/chat/completions answers after `latency_ms`: a JSON completion with usage, or (with
`"stream": true`) an SSE stream of `STREAM_PARTS` content chunks, 1 ms apart, then the usage chunk
when `stream_options.include_usage` asks for it, then `[DONE]`. Written on asyncio's streams and not
on uvicorn (which falls back to the pure-Python h11 parser when httptools is missing) so that the
upstream's own cost stays small beside what is measured; it is the same for every target.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import Any

STREAM_PARTS = 10
STREAM_GAP_S = 0.001
ANSWER = "The refund for order 1234 was issued today; it reaches the card in 3-5 business days."


def completion(model: str) -> bytes:
    """A chat completion body with usage."""
    return json.dumps(
        {
            "id": "chatcmpl-bench",
            "object": "chat.completion",
            "created": 1_700_000_000,
            "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": ANSWER}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 120, "completion_tokens": 24, "total_tokens": 144},
        }
    ).encode()


def stream_events(model: str, include_usage: bool) -> list[bytes]:
    """The SSE events of a streamed answer, one per chunk written."""

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> bytes:
        body = {
            "id": "chatcmpl-bench",
            "object": "chat.completion.chunk",
            "created": 1_700_000_000,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **extra,
        }
        return b"data: " + json.dumps(body).encode() + b"\n\n"

    step = -(-len(ANSWER) // STREAM_PARTS)
    events = [chunk({"role": "assistant", "content": ""})]
    events += [chunk({"content": ANSWER[i : i + step]}) for i in range(0, len(ANSWER), step)]
    events.append(chunk({}, "stop"))
    if include_usage:
        usage = {"prompt_tokens": 120, "completion_tokens": 24, "total_tokens": 144}
        events.append(
            b"data: "
            + json.dumps(
                {
                    "id": "chatcmpl-bench",
                    "object": "chat.completion.chunk",
                    "created": 1_700_000_000,
                    "model": model,
                    "choices": [],
                    "usage": usage,
                }
            ).encode()
            + b"\n\n"
        )
    events.append(b"data: [DONE]\n\n")
    return events


async def _serve_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, latency_s: float) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, path, _ = lines[0].split(" ", 2)
            headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
            body = await reader.readexactly(int(headers.get("content-length", "0") or 0))
            if method != "POST" or not path.endswith("/chat/completions"):
                writer.write(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n")
                continue
            request = json.loads(body or b"{}")
            model = str(request.get("model", ""))
            await asyncio.sleep(latency_s)
            if not request.get("stream"):
                reply = completion(model)
                writer.write(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n%s"
                    % (len(reply), reply)
                )
                continue
            include = bool((request.get("stream_options") or {}).get("include_usage"))
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n")
            for i, event in enumerate(stream_events(model, include)):
                if i:
                    await asyncio.sleep(STREAM_GAP_S)
                writer.write(b"%x\r\n%s\r\n" % (len(event), event))
                await writer.drain()
            writer.write(b"0\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
        pass
    finally:
        writer.close()


async def serve(port: int, latency_s: float) -> None:
    """Serve on 127.0.0.1:`port` until killed."""
    server = await asyncio.start_server(
        lambda r, w: _serve_connection(r, w, latency_s), "127.0.0.1", port, backlog=2048
    )
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    args = parser.parse_args()
    asyncio.run(serve(args.port, args.latency_ms / 1000))


if __name__ == "__main__":
    main()
