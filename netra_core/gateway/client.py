"""The gateway's upstream HTTP client: aiohttp's HTTP/1.1 client (its C parser) behind a small interface of our own.

One `aiohttp.ClientSession`, made on the event loop of the first call: keep-alive connections (one pool,
whose cost per call does not grow with the calls in flight, unlike httpcore's), TCP_NODELAY on every
connection (aiohttp sets it), no cookies, no redirects, no proxy from the environment. Timeouts are per
attempt: `connect_s` to connect, `read_s` between two reads of the socket (so a stream that goes silent
mid-reply fails after `read_s`, however long it ran before). Errors are `UpstreamTimeoutError` or
`UpstreamTransportError` (netra_core/errors.py), never aiohttp's own types, so callers need not know the
library. An `UpstreamResponse` whose body was not read to its end closes its connection instead of
returning it to the pool.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

import aiohttp

from netra_core.errors import UpstreamTimeoutError, UpstreamTransportError

KEEPALIVE_S = 30.0
MAX_CONNECTIONS = 1000


def _translate(url: str, exc: BaseException) -> UpstreamTransportError:
    if isinstance(exc, TimeoutError):  # aiohttp's timeouts subclass it
        return UpstreamTimeoutError(url, type(exc).__name__)
    return UpstreamTransportError(url, type(exc).__name__)


def failure_reason(exc: BaseException) -> str:
    """The underlying error's class name, for an attempt's failure record: the library's (carried by our own
    errors), or the exception's own (asyncio's TimeoutError of a deadline)."""
    return exc.reason if isinstance(exc, UpstreamTransportError) else type(exc).__name__


class UpstreamResponse:
    """An upstream's reply whose headers arrived; read the body whole (`read`) or as it comes (`next_chunk`)."""

    __slots__ = ("_resp", "headers", "status_code", "url")

    def __init__(self, resp: aiohttp.ClientResponse, url: str) -> None:
        self._resp = resp
        self.url = url
        self.status_code = resp.status
        self.headers: Mapping[str, str] = resp.headers

    async def read(self) -> bytes:
        """The whole body (decompressed); the connection goes back to the pool."""
        try:
            return await self._resp.read()
        except (aiohttp.ClientError, TimeoutError) as exc:
            self._resp.close()
            raise _translate(self.url, exc) from exc

    async def next_chunk(self) -> bytes:
        """The body's next bytes as they arrived (b"" at its end)."""
        try:
            return await self._resp.content.readany()
        except (aiohttp.ClientError, TimeoutError) as exc:
            self._resp.close()
            raise _translate(self.url, exc) from exc

    async def aclose(self) -> None:
        """Free the connection: back to the pool if the body was read to its end, else closed."""
        resp = self._resp
        if resp.content.is_eof():
            resp.release()
        else:
            resp.close()


class UpstreamClient:
    """POSTs to upstream providers over pooled keep-alive connections (see the module's docstring)."""

    def __init__(
        self, *, connect_s: float = 10.0, read_s: float = 30.0, max_connections: int = MAX_CONNECTIONS
    ) -> None:
        self.max_connections = max_connections
        self._timeout = self.make_timeout(connect_s, read_s)
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @staticmethod
    def make_timeout(connect_s: float, read_s: float) -> aiohttp.ClientTimeout:
        """A per-attempt timeout for `send` (no total: a long stream is fine while bytes keep coming)."""
        return aiohttp.ClientTimeout(total=None, connect=connect_s, sock_connect=connect_s, sock_read=read_s)

    def _session_here(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        session = self._session
        if session is None or self._loop is not loop or session.closed:
            # The first call on this loop (tests serve one gateway from several loops, one after another).
            connector = aiohttp.TCPConnector(
                limit=self.max_connections, limit_per_host=0, keepalive_timeout=KEEPALIVE_S, ttl_dns_cache=300
            )
            session = aiohttp.ClientSession(
                connector=connector,
                cookie_jar=aiohttp.DummyCookieJar(),
                timeout=self._timeout,
                trust_env=False,
            )
            self._session, self._loop = session, loop
        return session

    async def send(
        self,
        url: str,
        body: bytes,
        headers: Mapping[str, str],
        *,
        timeout: aiohttp.ClientTimeout | None = None,
    ) -> UpstreamResponse:
        """POST `body` and return once the reply's headers arrived; close the response when done with it."""
        try:
            resp = await self._session_here().post(
                url, data=body, headers=headers, timeout=timeout or self._timeout, allow_redirects=False
            )
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise _translate(url, exc) from exc
        return UpstreamResponse(resp, url)

    async def fetch(
        self,
        url: str,
        body: bytes,
        headers: Mapping[str, str],
        *,
        timeout: aiohttp.ClientTimeout | None = None,
    ) -> tuple[int, bytes]:
        """POST `body` and read the whole reply: (status, body)."""
        resp = await self.send(url, body, headers, timeout=timeout)
        try:
            return resp.status_code, await resp.read()
        finally:
            await resp.aclose()

    async def aclose(self) -> None:
        """Close every pooled connection (on the loop that opened them)."""
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()
