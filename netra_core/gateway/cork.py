"""One TCP segment for a response's headers and its first body bytes: TCP_CORK around them (Linux).

uvicorn writes a response's status line and headers as soon as the app sends `http.response.start`,
and each body message in a write of its own; the gateway's sockets have TCP_NODELAY, so the headers
leave as a segment of their own. On a client waiting for its reply that segment is a wake-up with
nothing to read but headers: measured on this 2-core machine (scratch probe, perf_counter on both
sides), the gateway's `http.response.start` took 0.57 ms at p50 to return, the client's process
running in its place, against 0.07 ms for the body that followed. Corking the socket from the start
message to the end of the first body message makes them one segment, as the upstream's own reply
is; the later chunks of a stream go out as they come, uncorked (they are not delayed).

The socket is found through uvicorn's `send` (the bound method of its request-response cycle, which
holds the connection's transport), so this must be the outermost layer of the app; with another
server, or where TCP_CORK does not exist, the app runs unchanged.
"""

from __future__ import annotations

import socket
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

TCP_CORK: int | None = getattr(socket, "TCP_CORK", None)


def socket_of(send: Send) -> Any:
    """The connection's socket behind uvicorn's `send`, or None if it cannot be found."""
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    if transport is None:
        return None
    sock = transport.get_extra_info("socket")
    if sock is None or getattr(sock, "family", None) not in (socket.AF_INET, socket.AF_INET6):
        return None
    return sock


def _cork(sock: Any, on: int) -> bool:
    try:
        sock.setsockopt(socket.IPPROTO_TCP, TCP_CORK, on)
    except (OSError, ValueError):  # the client left (a closed socket), or a socket that refuses it
        return False
    return True


class CorkFirstWrite:
    """ASGI middleware: a response's headers and first body message leave in one segment."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        sock = socket_of(send) if scope["type"] == "http" and TCP_CORK is not None else None
        if sock is None:
            await self.app(scope, receive, send)
            return
        is_corked = False

        async def corked_send(message: Message) -> None:
            nonlocal is_corked
            if not is_corked:
                if message["type"] == "http.response.start":
                    is_corked = _cork(sock, 1)
                await send(message)
                return
            try:
                await send(message)
            finally:
                if message["type"] == "http.response.body":
                    is_corked = False
                    _cork(sock, 0)

        try:
            await self.app(scope, receive, corked_send)
        finally:
            if is_corked:  # the app ended (or failed) between its headers and its body
                _cork(sock, 0)
