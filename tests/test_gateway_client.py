"""The gateway's upstream client against real servers on 127.0.0.1: keep-alive, TCP_NODELAY, timeouts, streams, errors."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypeVar

import pytest

from netra_core.errors import UpstreamTimeoutError, UpstreamTransportError
from netra_core.gateway.client import UpstreamClient
from tests.gateway_helpers import run_coroutine
from tests.gateway_upstream import hang, run_upstream, stall_mid_stream

HEADERS = {"content-type": "application/json"}
T = TypeVar("T")


def _chat(stream: bool = False, model: str = "gpt-4o-mini") -> bytes:
    return json.dumps({"model": model, "messages": [{"role": "user", "content": "hi"}], "stream": stream}).encode()


@dataclass
class RawServer:
    """An HTTP/1.1 server written on bare asyncio, so a test sees its connections: opened, closed, TCP_NODELAY."""

    url: str = ""
    opened: int = 0
    closed: int = 0
    nodelay: list[bool] = field(default_factory=list)


async def _handle(server: RawServer, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    server.opened += 1
    sock = writer.get_extra_info("socket")
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode().split("\r\n")
            path = lines[0].split(" ")[1]
            length = next((int(x.split(":")[1]) for x in lines if x.lower().startswith("content-length:")), 0)
            await reader.readexactly(length)
            server.nodelay.append(bool(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)))
            if path == "/ok":
                writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n")
                writer.write(b'{"ok":true}')
            elif path == "/cut":  # promises 100 bytes, sends 10 and hangs up
                writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n0123456789")
                await writer.drain()
                return
            elif path == "/slow-stream":  # an endless chunked stream, one chunk every 20 ms
                writer.write(
                    b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
                )
                for i in range(500):
                    data = f"data: {i}\n\n".encode()
                    writer.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                    await writer.drain()
                    await asyncio.sleep(0.02)
                return
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        server.closed += 1
        writer.close()


@contextmanager
def raw_server() -> Iterator[RawServer]:
    """A RawServer on a free port, its loop in a thread, for the block."""
    state = RawServer()
    loop = asyncio.new_event_loop()
    ready = threading.Event()

    async def main() -> asyncio.Server:
        srv = await asyncio.start_server(lambda r, w: _handle(state, r, w), "127.0.0.1", 0)
        state.url = f"http://127.0.0.1:{srv.sockets[0].getsockname()[1]}"
        return srv

    def run() -> None:
        asyncio.set_event_loop(loop)
        srv = loop.run_until_complete(main())
        ready.set()
        loop.run_forever()
        srv.close()
        pending = asyncio.all_tasks(loop)  # connections still open (keep-alive): end their handlers
        for task in pending:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(10)
    try:
        yield state
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


def _run(body: Callable[[UpstreamClient], Awaitable[T]], read_s: float = 30.0) -> T:
    async def main() -> T:
        client = UpstreamClient(read_s=read_s)
        try:
            return await body(client)
        finally:
            await client.aclose()

    result: T = run_coroutine(main())
    return result


def _until(check: Callable[[], bool], timeout_s: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while not check() and time.monotonic() < deadline:
        time.sleep(0.01)
    return check()


def test_sequential_calls_reuse_one_keep_alive_connection_with_tcp_nodelay() -> None:
    with raw_server() as srv:

        async def calls(client: UpstreamClient) -> list[tuple[int, bytes]]:
            return [await client.fetch(f"{srv.url}/ok", b"{}", HEADERS) for _ in range(5)]

        assert _run(calls) == [(200, b'{"ok":true}')] * 5
        assert srv.opened == 1 and srv.nodelay == [True] * 5


def test_a_stream_comes_chunk_by_chunk_and_closing_it_early_closes_its_connection() -> None:
    with raw_server() as srv:

        async def stream(client: UpstreamClient) -> list[bytes]:
            resp = await client.send(f"{srv.url}/slow-stream", b"{}", HEADERS)
            got = [await resp.next_chunk() for _ in range(3)]
            await resp.aclose()  # the client left: the rest is never read
            assert srv.opened == 1
            await client.fetch(f"{srv.url}/ok", b"{}", HEADERS)  # a new connection: the stream's was not reused
            return got

        assert _run(stream) == [b"data: 0\n\n", b"data: 1\n\n", b"data: 2\n\n"]
        assert srv.opened == 2
        assert _until(lambda: srv.closed >= 1)  # the server saw the stream's connection go


def test_an_upstream_hanging_up_mid_body_is_a_transport_error_not_a_timeout() -> None:
    with raw_server() as srv:

        async def cut(client: UpstreamClient) -> None:
            await client.fetch(f"{srv.url}/cut", b"{}", HEADERS)

        with pytest.raises(UpstreamTransportError) as caught:
            _run(cut)
        assert not isinstance(caught.value, UpstreamTimeoutError) and caught.value.url.endswith("/cut")


def test_nothing_listening_is_a_transport_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound, never listening: connections are refused

        async def refused(client: UpstreamClient) -> None:
            await client.send(f"http://127.0.0.1:{port}/v1/chat/completions", _chat(), HEADERS)

        with pytest.raises(UpstreamTransportError) as caught:
            _run(refused)
    assert not isinstance(caught.value, UpstreamTimeoutError)


def test_no_answer_within_the_read_timeout_is_a_timeout() -> None:
    with run_upstream() as up:
        up.script("gpt-4o-mini", hang(2.0))

        async def slow(client: UpstreamClient) -> float:
            started = time.perf_counter()
            with pytest.raises(UpstreamTimeoutError):
                await client.send(f"{up.base_url}/chat/completions", _chat(), HEADERS)
            return time.perf_counter() - started

        assert 0.25 <= _run(slow, read_s=0.3) < 1.5


def test_a_stream_going_silent_mid_reply_times_out_after_the_read_timeout() -> None:
    with run_upstream() as up:
        up.script("gpt-4o-mini", stall_mid_stream(3.0, after=2))

        async def stalled(client: UpstreamClient) -> tuple[bytes, float]:
            resp = await client.send(f"{up.base_url}/chat/completions", _chat(stream=True), HEADERS)
            received = b""
            started = time.perf_counter()
            try:
                with pytest.raises(UpstreamTimeoutError):
                    while chunk := await resp.next_chunk():
                        received += chunk
            finally:
                await resp.aclose()
            return received, time.perf_counter() - started

        received, waited = _run(stalled, read_s=0.4)
        assert received.count(b"data: ") == 2 and 0.35 <= waited < 2.0


def test_a_whole_stream_ends_with_an_empty_chunk_and_errors_keep_their_status() -> None:
    with run_upstream() as up:
        up.script("gpt-4o", *[{"kind": "status", "code": 503, "message": "busy"}])

        async def calls(client: UpstreamClient) -> tuple[bytes, int, bytes]:
            resp = await client.send(
                f"{up.base_url}/chat/completions", _chat(stream=True, model="gpt-4o-mini"), HEADERS
            )
            assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/event-stream")
            body = b""
            while chunk := await resp.next_chunk():
                body += chunk
            await resp.aclose()
            status, error = await client.fetch(f"{up.base_url}/chat/completions", _chat(model="gpt-4o"), HEADERS)
            return body, status, error

        body, status, error = _run(calls)
        assert body.endswith(b"data: [DONE]\n\n") and b"answer from gpt-4o-mini" not in body  # sent in 8-char pieces
        assert status == 503 and json.loads(error)["error"]["message"] == "busy"
        assert [r.headers["content-type"] for r in up.requests] == ["application/json"] * 2
