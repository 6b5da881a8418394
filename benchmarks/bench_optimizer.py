"""Optimizer speed: the full cost-quality frontier for 1,000 segments x 50 models, and router decision time.

Prints one JSON document. Run: .venv/bin/python benchmarks/bench_optimizer.py
Synthetic inputs (seeded): 1,000 segments over 20 workloads and 7 task types, 50 models with
prices spread over three orders of magnitude and quality loosely rising with price.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import time

import numpy as np
import pandas as pd

from netra_core.catalog.builtin import TASK_TYPES, ModelProfile
from netra_core.optimizer.estimates import compute_estimates
from netra_core.optimizer.frontier import compute_frontier
from netra_core.optimizer.policy import compute_policy
from netra_core.optimizer.runtime import make_router
from netra_core.optimizer.segments import PromptBuckets, compute_current_shares, compute_segment_table
from netra_core.optimizer.solver import PolicyConstraints, compute_allowed_estimates, compute_solution

N_SEGMENTS = 1_000
N_MODELS = 50
SEED = 7


def make_models(rng: np.random.Generator) -> list[ModelProfile]:
    """50 synthetic models, price and quality correlated."""
    models = []
    for i in range(N_MODELS):
        price = float(np.exp(rng.uniform(np.log(0.05), np.log(15.0))))
        base = 0.6 + 0.3 * (np.log(price) - np.log(0.05)) / (np.log(15) - np.log(0.05)) + rng.normal(0, 0.03)
        quality = {t: float(np.clip(base + rng.normal(0, 0.04), 0, 0.99)) for t in TASK_TYPES}
        models.append(
            ModelProfile(
                f"prov{i % 6}",
                f"model-{i:02d}",
                price,
                price * 4,
                price / 4,
                0.5,
                200_000,
                float(rng.uniform(150, 800)),
                float(rng.uniform(50, 300)),
                quality,
            )
        )
    return models


def make_segments(rng: np.random.Generator, buckets: PromptBuckets) -> tuple[pd.DataFrame, pd.DataFrame]:
    """1,000 segments (20 workloads x 7 tasks x 4 buckets, first 1,000) and their observed model."""
    keys = [(f"wl-{w:02d}", t, b) for w in range(40) for t in TASK_TYPES for b in buckets.names][:N_SEGMENTS]
    n = rng.integers(100, 50_000, len(keys))
    prompt = rng.integers(200, 12_000, len(keys))
    seg = pd.DataFrame(keys, columns=["workload", "task_type", "bucket"])
    seg = seg.assign(
        requests=n,
        prompt_tokens_sum=n * prompt,
        completion_tokens_sum=n * rng.integers(50, 800, len(keys)),
        cached_tokens_sum=0,
        prompt_tokens_p99=prompt * 2,
        cost_usd_sum=n * 0.01,
        batch_requests=0,
        duplicate_requests=0,
        duplicate_cost_usd=0.0,
        cached_share_p90=0.0,
    )
    models = seg[["workload", "task_type", "bucket", "requests"]].assign(
        provider="prov0",
        model="model-00",
        latency_p95_ms=np.nan,
        quality_mean=np.nan,
        quality_count=0,
        quality_std=np.nan,
        prompt_tokens_sum=seg["prompt_tokens_sum"],
        completion_tokens_sum=seg["completion_tokens_sum"],
        cached_tokens_sum=0,
        cost_usd_sum=seg["cost_usd_sum"],
    )
    return seg, models


def timed(fn, repeat: int = 5):  # type: ignore[no-untyped-def]
    """(result of the last run, median seconds)."""
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return result, statistics.median(times)


def main() -> None:
    rng = np.random.default_rng(SEED)
    buckets = PromptBuckets()
    models = make_models(rng)
    seg_stats, model_stats = make_segments(rng, buckets)
    segments = compute_segment_table(seg_stats, model_stats)
    estimates, t_est = timed(lambda: compute_estimates(segments, model_stats, models, window_days=30))
    constraints = PolicyConstraints(quality_floor=0.8)
    allowed, t_allowed = timed(lambda: compute_allowed_estimates(estimates, constraints))
    frontier, t_frontier = timed(lambda: compute_frontier(allowed))
    floors = np.linspace(frontier["quality"].iloc[0], frontier["quality"].iloc[-1], 7)[1:-1]

    def lp_sweep() -> list[float]:
        return [
            compute_solution(
                estimates, segments, compute_current_shares(model_stats), PolicyConstraints(float(f))
            ).totals["policy_cost_month"]
            for f in floors
        ]

    lp_costs, t_sweep = timed(lp_sweep, repeat=1)
    hull_costs = np.interp(floors, frontier["quality"], frontier["cost_month"])
    max_gap = float(np.max(np.abs(np.array(lp_costs) - hull_costs) / hull_costs))
    solution, t_solve = timed(
        lambda: compute_solution(estimates, segments, compute_current_shares(model_stats), constraints), repeat=3
    )
    policy = compute_policy(solution, buckets, "bench")
    router = make_router(policy)
    features = [
        (r.workload, r.task_type, int(rng.integers(0, 20_000)))
        for r in segments.sample(2_000, replace=True, random_state=SEED).itertuples()
    ]
    route = router.route
    for w, t, p in features:  # warm-up
        route(w, t, p)
    samples = []
    clock = time.perf_counter_ns
    for _ in range(50):
        for w, t, p in features:
            t0 = clock()
            route(w, t, p)
            samples.append(clock() - t0)
    samples_us = np.array(samples) / 1000.0
    t0 = clock()
    for _ in range(20):
        for w, t, p in features:
            route(w, t, p)
    throughput_us = (clock() - t0) / 1000.0 / (20 * len(features))
    print(
        json.dumps(
            {
                "machine": {
                    "python": platform.python_version(),
                    "processor": platform.machine(),
                    "load_average_1m": round(os.getloadavg()[0], 2),
                },
                "segments": N_SEGMENTS,
                "models": N_MODELS,
                "estimate_rows": len(estimates),
                "estimates_s": round(t_est, 4),
                "constraints_filter_s": round(t_allowed, 4),
                "frontier_exact_s": round(t_frontier, 4),
                "frontier_with_estimates_and_constraints_s": round(t_est + t_allowed + t_frontier, 4),
                "frontier_breakpoints": len(frontier),
                "frontier_target_s": 1.0,
                "single_lp_solve_with_explanations_s": round(t_solve, 4),
                "lp_sweep_5_floors_s": round(t_sweep, 4),
                "lp_vs_hull_max_relative_cost_gap": max_gap,
                "router_decision_us": {
                    "p50": round(float(np.percentile(samples_us, 50)), 3),
                    "p99": round(float(np.percentile(samples_us, 99)), 3),
                    "mean_in_loop": round(throughput_us, 3),
                    "target_p99": 20.0,
                    "n": len(samples),
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
