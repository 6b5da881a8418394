"""Who is calling: the org and key behind an `nk_...` token, cached for a short TTL so the hot path skips the database.

Only verified keys are cached (by the token's SHA-256, never the token), so a revoked key stops
working within the TTL and a wrong key always reaches the database. Concurrent requests with the
same unverified token share one lookup: without that, a burst at start (or at each expiry) sent
every request in flight to the database, each committing its last-used time.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool

from netra_core.db.keys import ApiKeyPublic, hash_api_key


@dataclass(frozen=True)
class Caller:
    """The org and key a request authenticated with."""

    org: str
    key_prefix: str
    key_name: str


class KeyCache:
    """token hash -> Caller, trusted for `ttl_s` seconds."""

    def __init__(self, lookup: Callable[[str], ApiKeyPublic | None], ttl_s: float) -> None:
        self.lookup = lookup
        self.ttl_s = ttl_s
        self._known: dict[str, tuple[float, Caller]] = {}
        self._pending: dict[str, asyncio.Lock] = {}

    async def authenticate(self, token: str) -> Caller | None:
        """The caller a token is, or None (unknown, malformed or revoked)."""
        digest = hash_api_key(token)
        hit = self._known.get(digest)
        if hit is not None and hit[0] > time.monotonic():
            return hit[1]
        lock = self._pending.setdefault(digest, asyncio.Lock())
        try:
            async with lock:
                hit = self._known.get(digest)
                if hit is not None and hit[0] > time.monotonic():
                    return hit[1]  # verified by the request this one waited for
                return await self._verify(token, digest)
        finally:
            if not lock.locked() and self._pending.get(digest) is lock:
                del self._pending[digest]

    async def _verify(self, token: str, digest: str) -> Caller | None:
        key = await run_in_threadpool(self.lookup, token)
        now = time.monotonic()
        if key is None:
            self._known.pop(digest, None)
            return None
        caller = Caller(org=key.org_slug, key_prefix=key.prefix, key_name=key.name)
        if len(self._known) > 100_000:  # bounded: old entries go first
            self._known = {k: v for k, v in self._known.items() if v[0] > now}
        self._known[digest] = (now + self.ttl_s, caller)
        return caller


def token_of(authorization: str | None, x_api_key: str | None) -> str | None:
    """The key of `Authorization: Bearer <key>` (OpenAI SDKs) or `x-api-key: <key>` (Anthropic SDKs)."""
    if authorization:
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            return token.strip()
    if x_api_key and x_api_key.strip():
        return x_api_key.strip()
    return None
