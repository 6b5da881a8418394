"""The gateway benchmark's load generator: an async HTTP client with N concurrent keep-alive connections.

    python -m benchmarks.gateway_load --spec target.json --concurrency 1 --requests 200 [--stream] [--client httpx]
    python -m benchmarks.gateway_load --spec target.json --concurrency 64 --duration 5 [--stream]

The client is aiohttp unless `--client httpx`: on this 2-core machine httpx's client cost about 3.5 ms
of CPU per call (one AsyncClient at 64 connections made 38-84 calls/s against the 20 ms upstream,
aiohttp 1,600), and the load generator's CPU is taken from the target it measures.

`target.json` holds the URL, headers and body to POST. With --requests, every request after a warm-up
is timed (latency mode); with --duration, requests completed inside the window are counted (throughput
mode). It prints `START` and `END` lines when the measured part begins and ends (so the caller can read
the target's CPU time at those moments), then one JSON line of results. A streamed request is timed to
its first body bytes (TTFT) and to its end; a reply that is not 200 or holds no answer is an error.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import numpy as np

WARMUP_REQUESTS = 20
WARMUP_S = 1.0


class TimedClient:
    """POST the spec's request; returns (seconds to the end, seconds to the first body bytes, is ok)."""

    def __init__(self, kind: str, spec: dict[str, Any], concurrency: int) -> None:
        self.kind, self.spec = kind, spec
        if kind == "httpx":
            limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
            self.httpx = httpx.AsyncClient(limits=limits, timeout=60.0, trust_env=False)
        else:
            connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
            self.aiohttp = aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=60))

    async def close(self) -> None:
        await (self.httpx.aclose() if self.kind == "httpx" else self.aiohttp.close())

    async def one(self, stream: bool) -> tuple[float, float | None, bool]:
        spec = self.spec
        started = time.perf_counter()
        first: float | None = None
        seen = b""
        if self.kind == "aiohttp":
            async with self.aiohttp.post(spec["url"], headers=spec["headers"], data=spec["content"]) as resp:
                if not stream:
                    data = await resp.read()
                    return time.perf_counter() - started, None, resp.status == 200 and b'"content"' in data
                async for chunk in resp.content.iter_any():
                    if first is None:
                        first = time.perf_counter() - started
                    seen = (seen + chunk)[-64:]
                ok = resp.status == 200 and b"[DONE]" in seen
            return time.perf_counter() - started, first, ok
        if not stream:
            r = await self.httpx.post(spec["url"], headers=spec["headers"], content=spec["content"])
            return time.perf_counter() - started, None, r.status_code == 200 and b'"content"' in r.content
        async with self.httpx.stream("POST", spec["url"], headers=spec["headers"], content=spec["content"]) as r:
            async for chunk in r.aiter_raw():
                if first is None:
                    first = time.perf_counter() - started
                seen = (seen + chunk)[-64:]
            ok = r.status_code == 200 and b"[DONE]" in seen
        return time.perf_counter() - started, first, ok


def _quantiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ms = np.asarray(values) * 1000
    return {
        "p50_ms": round(float(np.percentile(ms, 50)), 3),
        "p99_ms": round(float(np.percentile(ms, 99)), 3),
        "mean_ms": round(float(ms.mean()), 3),
    }


def _mark(word: str) -> None:
    sys.stdout.write(word + "\n")
    sys.stdout.flush()


async def run(
    spec: dict[str, Any],
    concurrency: int,
    stream: bool,
    requests: int | None,
    duration: float | None,
    client_kind: str = "aiohttp",
) -> dict[str, Any]:
    """Drive the target; latency mode when `requests` is set, throughput mode when `duration` is."""
    body = dict(spec["body"], stream=stream)
    spec = {
        **spec,
        "content": json.dumps(body).encode(),
        "headers": {**spec["headers"], "content-type": "application/json"},
    }
    totals: list[float] = []
    firsts: list[float] = []
    errors = 0
    client = TimedClient(client_kind, spec, concurrency)
    try:
        if requests is not None:
            left = [WARMUP_REQUESTS + requests]

            async def worker() -> None:
                nonlocal errors
                while left[0] > 0:
                    left[0] -= 1
                    is_measured = left[0] < requests
                    total, first, ok = await client.one(stream)
                    if not is_measured:
                        continue
                    if not ok:
                        errors += 1
                    totals.append(total)
                    if first is not None:
                        firsts.append(first)

            # The warm-up opens the connections; START is marked when the last warm-up request is sent.
            warm = [asyncio.create_task(worker()) for _ in range(concurrency)]
            while left[0] > requests:
                await asyncio.sleep(0.001)
            _mark("START")
            started = time.perf_counter()
            await asyncio.gather(*warm)
            wall = time.perf_counter() - started
            _mark("END")
        else:
            assert duration is not None
            window: list[float] = [float("inf"), float("inf")]
            stop = [False]

            async def loop() -> None:
                nonlocal errors
                while not stop[0]:
                    total, first, ok = await client.one(stream)
                    now = time.perf_counter()
                    if window[0] <= now <= window[1]:
                        if not ok:
                            errors += 1
                        totals.append(total)
                        if first is not None:
                            firsts.append(first)

            tasks = [asyncio.create_task(loop()) for _ in range(concurrency)]
            await asyncio.sleep(WARMUP_S)
            _mark("START")
            window[0] = time.perf_counter()
            window[1] = window[0] + duration
            await asyncio.sleep(duration)
            _mark("END")
            wall = duration
            stop[0] = True
            await asyncio.gather(*tasks)
    finally:
        await client.close()
    result: dict[str, Any] = {
        "requests": len(totals),
        "errors": errors,
        "seconds": round(wall, 3),
        "requests_per_s": round(len(totals) / wall, 1),
        "total": _quantiles(totals),
    }
    if firsts:
        result["first_bytes"] = _quantiles(firsts)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spec", type=Path, required=True)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--stream", action="store_true")
    parser.add_argument("--client", choices=("aiohttp", "httpx"), default="aiohttp")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--requests", type=int)
    group.add_argument("--duration", type=float)
    args = parser.parse_args()
    spec = json.loads(args.spec.read_text())
    result = asyncio.run(run(spec, args.concurrency, args.stream, args.requests, args.duration, args.client))
    _mark(json.dumps(result))


if __name__ == "__main__":
    main()
