"""The responses that carry an upstream's reply to the client, the call's end work after their last byte.

`WholeReply` is a reply read whole (not streamed): it is sent, then `on_sent` records the call (pricing,
the event's finish record, the budget settlement), so that work no longer delays the client's bytes.

Starlette's `StreamingResponse` runs its body in a task of its own beside a task that waits for the
client to leave, so the first bytes wait for a new task to be scheduled, and the call's end work
(pricing, the event's finish record, the budget settlement) ran in the body's generator, before the
response's final chunk. This response instead sends the headers and the first bytes at once in the
request's own task, relays each later read as it comes (a chunk without usage is passed through
as is, see `StreamTally.feed`), ends the client's response at the stream's `data: [DONE]` (OpenAI's
end; the upstream's own end of body follows it and is read afterwards, so the connection goes back
to the pool), and only then runs `on_end`. A watcher task started after the first bytes cancels the
relay if the client leaves; the call then ends as "client_disconnected", as before.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import anyio
from starlette.responses import Response

from netra_core.errors import UpstreamTimeoutError, UpstreamTransportError
from netra_core.gateway.client import UpstreamResponse
from netra_core.gateway.streams import StreamTally

DRAIN_S = 1.0  # after the client's last byte: how long the upstream may take to end its body


class WholeReply(Response):
    """A whole reply; `on_sent()` runs once after its last byte went out (or its sending failed)."""

    def __init__(
        self,
        content: bytes,
        *,
        status_code: int,
        media_type: str,
        headers: dict[str, str],
        on_sent: Callable[[], None],
    ) -> None:
        super().__init__(content, status_code=status_code, media_type=media_type, headers=headers)
        self.on_sent = on_sent

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
            await send({"type": "http.response.body", "body": self.body})
        finally:
            self.on_sent()


class StreamRelay(Response):
    """Relay `upstream`'s stream (its first read `first` already in hand); `on_end(error_type, ended_at)` once.

    `ended_at` is the `time.perf_counter()` of the client's last byte (or of the relay's end when it failed).
    `copy`, when given, collects what the client was sent (a shadow trial compares with it).
    """

    media_type = "text/event-stream"

    def __init__(
        self,
        upstream: UpstreamResponse,
        first: bytes,
        tally: StreamTally,
        *,
        headers: dict[str, str],
        on_end: Callable[[str, float], None],
        copy: list[bytes] | None = None,
    ) -> None:
        self.status_code = 200
        self.background = None
        self.init_headers(headers)
        self.upstream = upstream
        self.first = first
        self.tally = tally
        self.on_end = on_end
        self.copy = copy
        self.is_closing = False  # the final chunk is on its way: a disconnect after it is the normal end

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        error_type = "client_disconnected"
        ended_at: float | None = None
        watcher: asyncio.Task[None] | None = None
        try:
            with anyio.CancelScope() as left:
                tally, copy = self.tally, self.copy
                await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
                out = tally.feed(self.first)
                try:
                    while not tally.is_done:
                        if out:
                            if copy is not None:
                                copy.append(out)
                            await send({"type": "http.response.body", "body": out, "more_body": True})
                            out = b""
                        if watcher is None:  # after the first bytes, so they do not wait for it
                            watcher = asyncio.ensure_future(self._watch(receive, left))
                        chunk = await self.upstream.next_chunk()
                        if not chunk:
                            break
                        out = tally.feed(chunk)
                    out += tally.flush()
                    error_type = ""
                except UpstreamTimeoutError:
                    error_type = "timeout_mid_stream"
                except UpstreamTransportError:
                    error_type = "upstream_disconnected"
                if out and copy is not None:
                    copy.append(out)
                self.is_closing = True
                await send({"type": "http.response.body", "body": out, "more_body": False})
                ended_at = time.perf_counter()
        finally:
            if watcher is not None:
                watcher.cancel()
            try:
                self.on_end(error_type, time.perf_counter() if ended_at is None else ended_at)
            finally:
                if not error_type:
                    await self._drain()
                await self.upstream.aclose()

    async def _watch(self, receive: Any, left: anyio.CancelScope) -> None:
        """Cancel the relay when the client leaves before its last byte."""
        while (await receive())["type"] != "http.disconnect":
            pass
        if not self.is_closing:
            left.cancel()

    async def _drain(self) -> None:
        """Read the upstream's body to its end after `[DONE]` (bounded), so its connection can be reused."""
        try:
            with anyio.fail_after(DRAIN_S):
                while await self.upstream.next_chunk():
                    pass
        except (TimeoutError, UpstreamTransportError):
            pass  # aclose closes a connection whose body did not end
