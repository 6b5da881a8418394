"""The gateway benchmark's interleaved load generator: every target called in turn, one request each, at concurrency 1.

    python -m benchmarks.gateway_interleaved --arms arms.json --requests 300 [--warmup 20]

`arms.json` is a list of arms, each a target in one mode: `{"target", "mode", "url", "headers", "body"}`
(mode `non_streamed` or `streamed`). A cycle calls every arm once: the modes in turn (their order
alternating from one cycle to the next), and within a mode the targets in an order rotated by one each
cycle, so no target always follows the same one. Each arm has its own httpx client (the OpenAI and
Anthropic SDKs' client) and keep-alive connection. After `--warmup` untimed cycles it prints `START`,
runs `--requests` timed cycles, prints `END` (the caller reads each process's CPU time at those lines),
then one JSON line: per mode and target, the time of each cycle's call to its end and (streamed) to its
first body bytes, in ms, `null` where the call failed, so that call i of one target can be paired with
call i of another, made beside it.

The point is the pairing: in `bench_gateway.py`'s rounds each target's calls run one after the other,
and on a shared machine the rounds drift by more than a sub-millisecond change; here every target sees
the same moments of the machine's load.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.gateway_load import TimedClient

MODES = ("non_streamed", "streamed")
# Per mode and target, "total_ms" (and for streams "first_bytes_ms"): each timed cycle's call, None if it failed.
Calls = dict[str, dict[str, dict[str, list[float | None]]]]
_COUNTS = ("calls", "errors")  # summed over rounds; every other figure is the median of the rounds'


def compute_order(arms: list[dict[str, Any]], cycle: int) -> list[dict[str, Any]]:
    """The arms in the order cycle `cycle` calls them (see the module's docstring)."""
    modes = [m for m in MODES if any(a["mode"] == m for a in arms)]
    if cycle % 2:
        modes.reverse()
    out: list[dict[str, Any]] = []
    for mode in modes:
        mine = [a for a in arms if a["mode"] == mode]
        shift = cycle % len(mine)
        out += mine[shift:] + mine[:shift]
    return out


def _mark(word: str) -> None:
    sys.stdout.write(word + "\n")
    sys.stdout.flush()


async def run(arms: list[dict[str, Any]], requests: int, warmup: int) -> dict[str, Any]:
    """Call the arms in turn; the per-call times of the `requests` timed cycles."""
    clients = []
    for arm in arms:
        body = dict(arm["body"], stream=arm["mode"] == "streamed")
        spec = {
            "url": arm["url"],
            "content": json.dumps(body).encode(),
            "headers": {**arm["headers"], "content-type": "application/json"},
        }
        clients.append(TimedClient("httpx", spec, 1))
    by_arm = {id(arm): client for arm, client in zip(arms, clients, strict=True)}
    calls: Calls = {}
    for arm in arms:
        calls.setdefault(arm["mode"], {})[arm["target"]] = {"total_ms": [], "first_bytes_ms": []}
    try:
        for cycle in range(warmup + requests):
            if cycle == warmup:
                # The warm-up's garbage collected and frozen, so a full collection is unlikely to land in a timed call.
                gc.collect()
                gc.freeze()
                _mark("START")
            for arm in compute_order(arms, cycle):
                is_stream = arm["mode"] == "streamed"
                total, first, ok = await by_arm[id(arm)].one(is_stream)
                if cycle < warmup:
                    continue
                row = calls[arm["mode"]][arm["target"]]
                row["total_ms"].append(round(total * 1000, 4) if ok else None)
                if is_stream:
                    row["first_bytes_ms"].append(round(first * 1000, 4) if ok and first is not None else None)
        _mark("END")
    finally:
        for client in clients:
            await client.close()
    for mode in calls.values():
        for row in mode.values():
            if not any(v is not None for v in row["first_bytes_ms"]):
                row.pop("first_bytes_ms")
    return {"cycles": requests, "calls": calls}


def _quantile(values: list[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 3) if values else None


def _paired(mine: list[float | None], other: list[float | None]) -> float | None:
    """The median over cycles of (this call - the other target's call in the same cycle), failed calls left out."""
    diffs = [a - b for a, b in zip(mine, other, strict=True) if a is not None and b is not None]
    return round(float(np.median(diffs)), 3) if diffs else None


def _minus(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(a - b, 3)


def summarise_round(
    calls: Calls,
    baselines: tuple[str, ...],
    pairs: tuple[tuple[str, str], ...] = (),
) -> dict[str, Any]:
    """One interleaved run's figures per mode and target: p50/p99 (ms), and for each target beside each baseline
    of its mode (a baseline beside the baselines before it) the added p50/p99 (target's quantile minus the baseline's) and the paired p50 (median of call i
    minus the baseline's call i); the same, first bytes, for streams. `pairs` adds (target, reference) pairs
    compared the same way (an A/B of two gateways)."""
    out: dict[str, Any] = {}
    for mode, targets in calls.items():
        block: dict[str, Any] = {}
        for target, row in targets.items():
            ok = [v for v in row["total_ms"] if v is not None]
            figures: dict[str, Any] = {
                "calls": len(ok),
                "errors": len(row["total_ms"]) - len(ok),
                "p50": _quantile(ok, 50),
                "p99": _quantile(ok, 99),
            }
            if "first_bytes_ms" in row:
                figures["first_bytes_p50"] = _quantile([v for v in row["first_bytes_ms"] if v is not None], 50)
            block[target] = figures
        for target, row in targets.items():
            # A baseline is compared only with the baselines before it (direct_usage with direct, not the reverse).
            ahead = baselines[: baselines.index(target)] if target in baselines else baselines
            references = [b for b in ahead if b in targets]
            references += [ref for t, ref in pairs if t == target and ref in targets]
            for ref in references:
                other, mine = targets[ref], block[target]
                vs = {
                    "added_p50": _minus(mine["p50"], block[ref]["p50"]),
                    "added_p99": _minus(mine["p99"], block[ref]["p99"]),
                    "paired_p50": _paired(row["total_ms"], other["total_ms"]),
                }
                if "first_bytes_ms" in row and "first_bytes_ms" in other:
                    vs["added_first_bytes_p50"] = _minus(mine.get("first_bytes_p50"), block[ref].get("first_bytes_p50"))
                    vs["paired_first_bytes_p50"] = _paired(row["first_bytes_ms"], other["first_bytes_ms"])
                mine.setdefault("vs", {})[ref] = vs
        out[mode] = block
    return out


def summarise_rounds(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """Rounds' summaries merged: counts summed, every other figure the median of the rounds that have it."""
    out: dict[str, Any] = {}
    for key in dict.fromkeys(k for r in rounds for k in r):
        values = [r[key] for r in rounds if key in r]
        if any(isinstance(v, dict) for v in values):
            out[key] = summarise_rounds([v for v in values if isinstance(v, dict)])
        elif key in _COUNTS:
            out[key] = sum(values)
        else:
            present = [v for v in values if v is not None]
            out[key] = round(statistics.median(present), 3) if present else None
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--arms", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=300, help="timed cycles (calls per arm)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed cycles first")
    args = parser.parse_args()
    arms = json.loads(args.arms.read_text())
    started = time.perf_counter()
    result = asyncio.run(run(arms, args.requests, args.warmup))
    result["seconds"] = round(time.perf_counter() - started, 1)
    _mark(json.dumps(result))


if __name__ == "__main__":
    main()
