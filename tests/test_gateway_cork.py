"""The cork that sends a response's headers with its first body bytes: set at the start, cleared after the first body."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from starlette.types import Message

from netra_core.gateway.cork import TCP_CORK, CorkFirstWrite


def _run(coroutine: Any) -> Any:
    """Run a coroutine on a loop of its own thread: an earlier test of the suite may leave a loop running here."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


pytestmark = pytest.mark.skipif(TCP_CORK is None, reason="TCP_CORK is Linux's")


@pytest.fixture
def tcp_socket() -> Iterator[socket.socket]:
    """A connected TCP socket on 127.0.0.1 (the server's side of the connection)."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        client = socket.create_connection(server.getsockname())
        conn, _ = server.accept()
        try:
            yield conn
        finally:
            conn.close()
            client.close()


class _Transport:
    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock

    def get_extra_info(self, name: str) -> Any:
        return self.sock if name == "socket" else None


class _Cycle:
    """Stands for uvicorn's request-response cycle: `send` is its bound method, the transport beside it."""

    def __init__(self, sock: socket.socket) -> None:
        self.transport = _Transport(sock)
        self.sock = sock
        self.seen: list[tuple[str, bool, int]] = []

    async def send(self, message: Message) -> None:
        corked = self.sock.getsockopt(socket.IPPROTO_TCP, TCP_CORK)  # type: ignore[arg-type]
        self.seen.append((message["type"], bool(message.get("more_body")), corked))


async def _receive() -> Message:
    return {"type": "http.disconnect"}


def _corked(sock: socket.socket) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, TCP_CORK)  # type: ignore[arg-type]


def _stream_app(fail_after_start: bool = False) -> Any:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        if fail_after_start:
            raise RuntimeError("boom")
        for part in (b"a", b"b"):
            await send({"type": "http.response.body", "body": part, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    return app


def test_headers_and_the_first_body_go_out_corked_and_later_chunks_do_not(tcp_socket: socket.socket) -> None:
    cycle = _Cycle(tcp_socket)
    _run(CorkFirstWrite(_stream_app())({"type": "http"}, _receive, cycle.send))
    assert cycle.seen == [
        ("http.response.start", False, 1),
        ("http.response.body", True, 1),  # the first body joins the headers' segment ...
        ("http.response.body", True, 0),  # ... and was flushed with them: later chunks are not held back
        ("http.response.body", False, 0),
    ]
    assert _corked(tcp_socket) == 0


def test_an_app_failing_between_its_headers_and_its_body_leaves_the_socket_uncorked(tcp_socket: socket.socket) -> None:
    cycle = _Cycle(tcp_socket)
    with pytest.raises(RuntimeError, match="boom"):
        _run(CorkFirstWrite(_stream_app(fail_after_start=True))({"type": "http"}, _receive, cycle.send))
    assert cycle.seen == [("http.response.start", False, 1)]
    assert _corked(tcp_socket) == 0


def test_without_a_socket_behind_send_or_outside_http_the_app_runs_as_it_is() -> None:
    seen: list[Message] = []

    async def plain_send(message: Message) -> None:  # not uvicorn's: no transport to find
        seen.append(message)

    _run(CorkFirstWrite(_stream_app())({"type": "http"}, _receive, plain_send))
    assert [m["type"] for m in seen] == ["http.response.start"] + ["http.response.body"] * 3

    async def lifespan_app(scope: Any, receive: Any, send: Any) -> None:
        seen.append({"type": scope["type"]})

    _run(CorkFirstWrite(lifespan_app)({"type": "lifespan"}, _receive, plain_send))
    assert seen[-1] == {"type": "lifespan"}
