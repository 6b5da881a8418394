"""A fast OpenAI-compatible upstream with a fixed latency, for the gateway benchmark: raw asyncio HTTP/1.1, keep-alive.

    python -m benchmarks.gateway_upstream --port 9000 --latency-ms 20 [--usage-chunk with-finish|spaced]

POST /v1/chat/completions answers after `latency_ms`: a JSON completion with usage, or (with
`"stream": true`) an SSE stream: a role chunk, `STREAM_PARTS` content chunks and the finish chunk,
1 ms apart, then the usage chunk when `stream_options.include_usage` asks for it, then `[DONE]` 1 ms
after the chunk before it.

When the usage chunk is sent (`--usage-chunk`):
- `with-finish` (the default): in the same write as the finish chunk, as OpenAI's API sends it (the usage
  is known when generation ends, so the chunk follows the finish chunk at once; its order, just before
  `[DONE]`, is OpenAI's documented one, its timing the assumption this option models). A stream that asks
  for usage then takes as long as one that does not.
- `spaced`: 1 ms after the finish chunk, like every other chunk (the benchmark's upstream before
  2026-12-07 afternoon): a stream that asks for usage is one 1 ms gap longer. Kept so that the earlier
  figures in benchmarks/README.md can be reproduced.

Written on asyncio's streams and not on uvicorn (which falls back to the pure-Python h11 parser when
httptools is missing) so that the upstream's own cost stays small beside what is measured; it is the
same for every target.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import Any

STREAM_PARTS = 10
STREAM_GAP_S = 0.001
USAGE_CHUNK_TIMINGS = ("with-finish", "spaced")
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


def stream_events(model: str, include_usage: bool, usage_chunk: str = "with-finish") -> list[list[bytes]]:
    """The SSE events of a streamed answer, grouped by write: the groups go out `STREAM_GAP_S` apart, the events
    of one group in one write (`usage_chunk`: see the module's docstring)."""

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

    if usage_chunk not in USAGE_CHUNK_TIMINGS:
        raise ValueError(f"usage_chunk must be one of {USAGE_CHUNK_TIMINGS}, not {usage_chunk!r}")
    step = -(-len(ANSWER) // STREAM_PARTS)
    writes = [[chunk({"role": "assistant", "content": ""})]]
    writes += [[chunk({"content": ANSWER[i : i + step]})] for i in range(0, len(ANSWER), step)]
    writes.append([chunk({}, "stop")])
    if include_usage:
        usage = {"prompt_tokens": 120, "completion_tokens": 24, "total_tokens": 144}
        event = (
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
        if usage_chunk == "with-finish":
            writes[-1].append(event)
        else:
            writes.append([event])
    writes.append([b"data: [DONE]\n\n"])
    return writes


async def _serve_connection(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, latency_s: float, usage_chunk: str
) -> None:
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
            for i, events in enumerate(stream_events(model, include, usage_chunk)):
                if i:
                    await asyncio.sleep(STREAM_GAP_S)
                # One HTTP chunk per event, the events of a group in one write (one segment on loopback).
                writer.write(b"".join(b"%x\r\n%s\r\n" % (len(e), e) for e in events))
                await writer.drain()
            writer.write(b"0\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
        pass
    finally:
        writer.close()


async def serve(port: int, latency_s: float, usage_chunk: str = "with-finish") -> None:
    """Serve on 127.0.0.1:`port` until killed."""
    server = await asyncio.start_server(
        lambda r, w: _serve_connection(r, w, latency_s, usage_chunk), "127.0.0.1", port, backlog=2048
    )
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument(
        "--usage-chunk",
        choices=USAGE_CHUNK_TIMINGS,
        default="with-finish",
        help="when a stream's usage chunk is sent: with the finish chunk (OpenAI's way) or 1 ms after it",
    )
    args = parser.parse_args()
    asyncio.run(serve(args.port, args.latency_ms / 1000, args.usage_chunk))


if __name__ == "__main__":
    main()
