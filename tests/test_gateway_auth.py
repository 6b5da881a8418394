"""The gateway's key cache: a burst of requests with one key reads the database once; wrong keys are never cached."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import UTC, datetime

from netra_core.db.keys import ApiKeyPublic
from netra_core.gateway.auth import Caller, KeyCache
from tests.gateway_helpers import run_coroutine


class CountingLookup:
    """A slow key lookup that knows one token and counts its calls."""

    def __init__(self, good: str) -> None:
        self.good = good
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(self, token: str) -> ApiKeyPublic | None:
        with self._lock:
            self.calls += 1
        time.sleep(0.05)
        if token != self.good:
            return None
        return ApiKeyPublic(
            id=1,
            org_slug="acme",
            name="support",
            prefix="nk_abc",
            created_by="",
            created_at=datetime.now(UTC),
            last_used_at=None,
            revoked_at=None,
        )


def test_a_burst_with_one_key_reads_the_database_once() -> None:
    lookup = CountingLookup("nk_good")
    cache = KeyCache(lookup, ttl_s=30)

    async def burst() -> list[Caller | None]:
        return await asyncio.gather(*(cache.authenticate("nk_good") for _ in range(20)))

    callers = run_coroutine(burst())
    assert lookup.calls == 1
    assert all(c == Caller("acme", "nk_abc", "support") for c in callers)


def test_a_wrong_key_is_looked_up_every_time_and_never_admitted() -> None:
    lookup = CountingLookup("nk_good")
    cache = KeyCache(lookup, ttl_s=30)

    async def burst() -> list[Caller | None]:
        return await asyncio.gather(*(cache.authenticate("nk_wrong") for _ in range(3)))

    assert run_coroutine(burst()) == [None, None, None]
    assert lookup.calls == 3


def test_an_expired_entry_is_checked_again() -> None:
    lookup = CountingLookup("nk_good")
    cache = KeyCache(lookup, ttl_s=0.1)
    assert run_coroutine(cache.authenticate("nk_good")) is not None
    time.sleep(0.15)
    lookup.good = "revoked"
    assert run_coroutine(cache.authenticate("nk_good")) is None
    assert lookup.calls == 2
