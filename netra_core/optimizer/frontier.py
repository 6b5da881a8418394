"""The whole cost-quality frontier: minimum monthly cost for every reachable global quality floor.

With one coupling constraint (the global floor) the LP is a multiple-choice knapsack relaxation,
whose exact optimum for every floor is known in closed form (Sinha & Zoltners, 1979): take each
segment's cheapest allowed model, then apply the segments' lower-convex-hull upgrade steps in
increasing order of dollars per quality point. Each prefix of the sorted steps is an exact LP
optimum (the last step may be partial: a split segment), so the breakpoints are the frontier,
computed in O(n log n) instead of one LP per floor. Per-workload floors add coupling rows; with
them the frontier is swept with the LP solver at a grid of floors instead.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pandas as pd

from netra_core.errors import InfeasiblePolicyError
from netra_core.optimizer.solver import PolicyConstraints, solve_assignment


def _lower_hull(q: list[float], c: list[float]) -> list[int]:
    """Lower convex hull, from the cheapest point upward, of points sorted by quality then cost."""
    start = min(range(len(q)), key=lambda i: (c[i], -q[i]))  # cheapest, ties to the higher quality
    hull = [start]
    last_q = q[start]
    for i in range(start + 1, len(q)):  # everything after start in this order has quality >= start's
        if q[i] <= last_q:  # same quality as a point already seen, and not cheaper: never on the hull
            continue
        last_q = q[i]
        while len(hull) >= 2:
            a, b = hull[-2], hull[-1]
            # Drop b when it lies on or above the segment a -> i (cross product test).
            if (c[b] - c[a]) * (q[i] - q[a]) >= (c[i] - c[a]) * (q[b] - q[a]):
                hull.pop()
            else:
                break
        hull.append(i)
    return hull


def compute_frontier_steps(allowed: pd.DataFrame) -> tuple[float, float, pd.DataFrame]:
    """(start quality, start cost, steps sorted by $ per quality point) for a global-floor-only problem."""
    codes, names = pd.factorize(allowed["segment"])
    quality = allowed["quality"].to_numpy(dtype="float64")
    cost = allowed["cost_month"].to_numpy(dtype="float64")
    order = np.lexsort((cost, quality, codes))
    requests = np.bincount(codes, weights=allowed["requests"].to_numpy(dtype="float64"), minlength=len(names))
    counts = np.bincount(codes, minlength=len(names))
    weights = (requests / counts) / (requests / counts).sum()  # each row carries its segment's requests
    q_sorted, c_sorted = quality[order].tolist(), cost[order].tolist()
    bounds = np.concatenate([[0], np.cumsum(counts)]).tolist()
    start_q = start_c = 0.0
    from_rows: list[int] = []
    to_rows: list[int] = []
    for seg in range(len(names)):
        lo, hi = bounds[seg], bounds[seg + 1]
        hull = _lower_hull(q_sorted[lo:hi], c_sorted[lo:hi])
        start_q += weights[seg] * q_sorted[lo + hull[0]]
        start_c += c_sorted[lo + hull[0]]
        for a, b in itertools.pairwise(hull):
            from_rows.append(lo + a)
            to_rows.append(lo + b)
    src, dst = order[np.asarray(from_rows, dtype=int)], order[np.asarray(to_rows, dtype=int)]
    models = allowed["model"].to_numpy()
    frame = pd.DataFrame(
        {
            "d_quality": weights[codes[dst]] * (quality[dst] - quality[src]),
            "d_cost": cost[dst] - cost[src],
            "segment": np.asarray(names, dtype=object)[codes[dst]],
            "from_model": models[src],
            "to_model": models[dst],
        }
    )
    frame["slope"] = frame["d_cost"] / frame["d_quality"]
    frame = frame.sort_values(["slope", "segment"], kind="stable").reset_index(drop=True)
    return float(start_q), float(start_c), frame


def compute_frontier(
    allowed: pd.DataFrame,
    constraints: PolicyConstraints | None = None,
    *,
    n_points: int = 25,
    checkpoint: Callable[[], None] | None = None,
) -> pd.DataFrame:
    """Frontier points (quality, cost_month), quality increasing, cost non-decreasing.

    `allowed` are estimates already filtered by compute_allowed_estimates. Without per-workload
    floors every breakpoint is returned (exact); with them, n_points LP solves across the range,
    calling `checkpoint` (which raises to stop) before each.
    """
    if constraints is None or not (constraints.workload_floors or constraints.segment_floors):
        q0, c0, steps = compute_frontier_steps(allowed)
        quality = q0 + np.concatenate([[0.0], np.cumsum(steps["d_quality"].to_numpy())])
        cost = c0 + np.concatenate([[0.0], np.cumsum(steps["d_cost"].to_numpy())])
        return pd.DataFrame({"quality": quality, "cost_month": cost, "method": "exact-hull"})
    lo = float(allowed.groupby("segment")["quality"].min().mean())
    weights = allowed.drop_duplicates("segment").set_index("segment")["requests"].astype("float64")
    best = allowed.groupby("segment")["quality"].max().reindex(weights.index)
    hi = float((weights * best).sum() / weights.sum())
    points: list[tuple[float, float]] = []
    for floor in np.linspace(min(lo, hi), hi, n_points):
        if checkpoint is not None:
            checkpoint()
        trial = replace(constraints, quality_floor=float(floor))
        try:
            chosen = solve_assignment(allowed, trial)
        except InfeasiblePolicyError:
            continue
        w = weights.reindex(chosen["segment"]).to_numpy() / weights.sum()
        points.append(
            (
                float((w * chosen["quality"] * chosen["share"]).sum()),
                float((chosen["cost_month"] * chosen["share"]).sum()),
            )
        )
    frame = pd.DataFrame(points, columns=["quality", "cost_month"]).drop_duplicates()
    frame["method"] = "lp-sweep"
    return frame.sort_values("quality").reset_index(drop=True)


def compute_frontier_cost_at(frontier: pd.DataFrame, quality_floor: float) -> float:
    """Minimum monthly cost at a floor, read off an exact frontier (linear between breakpoints)."""
    q = frontier["quality"].to_numpy()
    if quality_floor > q[-1] + 1e-12:
        raise InfeasiblePolicyError(f"quality floor {quality_floor:.3f} is above the frontier's top {q[-1]:.3f}")
    return float(np.interp(max(quality_floor, q[0]), q, frontier["cost_month"].to_numpy()))
