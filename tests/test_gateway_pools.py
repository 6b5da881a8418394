"""The gateway's pooled upstream client: light traffic stays on one warm pool, heavy traffic spreads, slots are freed."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from netra_core.gateway.pools import PooledClient
from tests.gateway_helpers import run_coroutine
from tests.gateway_upstream import run_upstream


def _chat(stream: bool) -> bytes:
    return json.dumps(
        {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], "stream": stream}
    ).encode()


def test_sequential_calls_reuse_the_first_pools_connection() -> None:
    async def main(url: str) -> list[int]:
        client = PooledClient(pools=4, trust_env=False)
        try:
            for _ in range(5):
                resp = await client.post(f"{url}/chat/completions", content=_chat(False))
                assert resp.status_code == 200
            return [len(c._transport._pool.connections) for c in client._clients]  # type: ignore[attr-defined]
        finally:
            await client.aclose()

    with run_upstream() as upstream:
        assert run_coroutine(main(upstream.base_url)) == [1, 0, 0, 0]


def test_concurrent_streams_spread_over_pools_and_free_their_slots_when_closed() -> None:
    async def main(url: str) -> tuple[list[int], list[int], list[bytes]]:
        client = PooledClient(pools=4, trust_env=False)
        try:
            requests = [client.build_request("POST", f"{url}/chat/completions", content=_chat(True)) for _ in range(8)]
            responses = await asyncio.gather(*(client.send(r, stream=True) for r in requests))
            during = list(client._busy)
            bodies = [b"".join([chunk async for chunk in r.aiter_raw()]) for r in responses]
            for r in responses:
                await r.aclose()
                await r.aclose()  # closing twice frees the slot once
            return during, list(client._busy), bodies
        finally:
            await client.aclose()

    with run_upstream(latency_s=0.05) as upstream:
        during, after, bodies = run_coroutine(main(upstream.base_url))
    assert during == [2, 2, 2, 2]
    assert after == [0, 0, 0, 0]
    assert all(b.rstrip().endswith(b"data: [DONE]") for b in bodies)


def test_a_failed_call_frees_its_slot() -> None:
    async def main() -> list[int]:
        client = PooledClient(pools=2, trust_env=False)
        try:
            with pytest.raises(httpx.TransportError):
                await client.post("http://127.0.0.1:9/v1/chat/completions", content=_chat(False))
            return list(client._busy)
        finally:
            await client.aclose()

    assert run_coroutine(main()) == [0, 0]
