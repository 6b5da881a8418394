"""The listening socket of Netra's servers (`netra collect`, `netra gateway`)."""

from __future__ import annotations

import socket

from netra_core.errors import NetraError


def bind_listening_socket(host: str, port: int, error: type[NetraError]) -> socket.socket:
    """A listening TCP socket on host:port, or `error` saying the port cannot be used."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that say they are TCP, and without it a
    # reply written as headers then body waits for the client's delayed ACK (~40 ms per keep-alive call).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise error(f"cannot listen on {host}:{port}: {exc.strerror}; pick another --port") from exc
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock
