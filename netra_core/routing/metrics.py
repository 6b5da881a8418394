"""The field's routing metrics: RouterBench's AIQ, oracle and zero router; RouteLLM's APGR and CPT.

Conventions. A router is a set of (cost, quality) operating points. Its non-decreasing convex hull is the best
quality reachable at each average cost by mixing operating points at random (RouterBench). AIQ integrates the hull
over the cost range of the routers being compared, each hull extended flat past its last point, and divides by
the width of that range. With costs modelled as the share of calls to the stronger model the range starts at 0, so
AIQ is the area up to the largest cost divided by that cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

Point = tuple[float, float]


@dataclass(frozen=True)
class OracleResult:
    """Per prompt the best score, ties to the cheapest model."""

    quality: float
    cost: float
    choices: np.ndarray  # model index per prompt


def compute_hull(points: Sequence[Point]) -> list[Point]:
    """The non-decreasing upper convex hull of (cost, quality) points, cheapest point first."""
    if not points:
        raise ValueError("a hull needs at least one point")
    # Highest quality first among equal costs, so the cheapest point kept is the best one at that cost.
    arr = np.asarray(points, dtype=float).reshape(-1, 2)
    arr = arr[np.lexsort((-arr[:, 1], arr[:, 0]))]
    # Only points better than every cheaper one can be vertices of a non-decreasing hull.
    before = np.concatenate([[-np.inf], np.maximum.accumulate(arr[:, 1])[:-1]])
    arr = arr[arr[:, 1] > before]
    pts = [(float(c), float(q)) for c, q in arr]
    upper: list[Point] = []
    for p in pts:
        if upper and p[0] == upper[-1][0]:
            continue
        while len(upper) >= 2 and _cross(upper[-2], upper[-1], p) >= 0:
            upper.pop()
        upper.append(p)
    # Past the best quality the hull would fall; a router can always spend less for it, so it stays flat.
    best = max(range(len(upper)), key=lambda i: (upper[i][1], -upper[i][0]))
    return upper[: best + 1]


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def compute_hull_quality(hull: Sequence[Point], cost: float) -> float:
    """Quality of the hull at a given average cost (flat outside its points)."""
    costs = np.array([p[0] for p in hull])
    quals = np.array([p[1] for p in hull])
    return float(np.interp(cost, costs, quals))


def compute_hull_cost(hull: Sequence[Point], quality: float) -> float | None:
    """The least average cost at which the hull reaches a quality, or None if it never does."""
    costs = np.array([p[0] for p in hull])
    quals = np.array([p[1] for p in hull])
    if quality > quals[-1] + 1e-12:
        return None
    if quality <= quals[0]:
        return float(costs[0])
    return float(np.interp(quality, quals, costs))


def compute_aiq(points: Sequence[Point], cost_range: tuple[float, float]) -> float:
    """RouterBench's AIQ of one router over (c_lo, c_hi): mean hull quality across that cost range."""
    lo, hi = cost_range
    hull = compute_hull(points)
    if hi <= lo:
        return compute_hull_quality(hull, lo)
    costs = np.array([c for c, _ in hull])
    quals = np.array([q for _, q in hull])
    inside = costs[(costs > lo) & (costs < hi)]
    xs = np.concatenate([[lo], inside, [hi]])
    ys = np.interp(xs, costs, quals)
    return float(np.trapezoid(ys, xs) / (hi - lo))


def compute_cost_range(*curves: Sequence[Point]) -> tuple[float, float]:
    """The cost range shared by the routers compared: cheapest to most expensive point among them all."""
    costs = [c for curve in curves for c, _ in curve]
    return float(min(costs)), float(max(costs))


def compute_single_model_points(scores: np.ndarray, costs: np.ndarray) -> list[Point]:
    """(mean cost, mean quality) of each model served alone."""
    return [(float(c), float(q)) for c, q in zip(costs.mean(axis=0), scores.mean(axis=0), strict=True)]


def compute_oracle(scores: np.ndarray, costs: np.ndarray) -> OracleResult:
    """Per prompt the model with the best score, ties broken towards the cheapest on that prompt."""
    is_best = scores >= scores.max(axis=1, keepdims=True)
    choices = np.argmin(np.where(is_best, costs, np.inf), axis=1)
    rows = np.arange(scores.shape[0])
    return OracleResult(
        quality=float(scores[rows, choices].mean()), cost=float(costs[rows, choices].mean()), choices=choices
    )


def compute_apgr(curve: Sequence[Point], weak_quality: float, strong_quality: float) -> float:
    """RouteLLM's APGR: (AUC_router - AUC_weak) / (AUC_strong - AUC_weak), x = share of strong calls on [0, 1].

    `curve` holds (strong share, quality) points; like RouteLLM the raw curve is integrated with the trapezoid
    rule, not its hull.
    """
    if strong_quality == weak_quality:
        raise ValueError("APGR is undefined when the strong and weak models score the same")
    pts = sorted(curve)
    xs = np.array([p[0] for p in pts])
    ys = np.array([p[1] for p in pts])
    span = xs[-1] - xs[0]
    auc = float(np.trapezoid(ys, xs))
    return (auc - weak_quality * span) / ((strong_quality - weak_quality) * span) if span > 0 else float("nan")


def compute_cpt(curve: Sequence[Point], weak_quality: float, strong_quality: float, percent: float) -> float | None:
    """RouteLLM's CPT(x %): the least share of strong calls at which the curve recovers x % of the weak-strong gap.

    The curve is read with linear interpolation between its points; None when it never gets there.
    """
    target = weak_quality + percent / 100.0 * (strong_quality - weak_quality)
    pts = sorted(curve)
    for i, (x, y) in enumerate(pts):
        if y >= target - 1e-12:
            if i == 0:
                return float(x)
            x0, y0 = pts[i - 1]
            return float(x0 + (target - y0) * (x - x0) / (y - y0))
    return None


def compute_oracle_choices(scores: np.ndarray, costs: np.ndarray, max_points: int = 400) -> np.ndarray:
    """The oracle's choices along its frontier, (n_points, n_prompts): per prompt argmax(score - lambda x cost).

    Lambda runs from 0+ (the oracle point: best score, cheapest on ties) to beyond every break (cheapest model).
    """
    m = scores.shape[1]
    breaks = []
    for i in range(m):
        for j in range(m):
            gap = costs[:, j] - costs[:, i]
            gain = scores[:, j] - scores[:, i]
            ok = (gap > 0) & (gain > 0)
            breaks.append(gain[ok] / gap[ok])
    values = np.unique(np.concatenate(breaks)) if breaks else np.zeros(0)
    if len(values) > max_points:
        values = values[np.unique(np.linspace(0, len(values) - 1, max_points).round().astype(int))]
    lams = [float(v) * (1 + 1e-9) for v in values] + [float(values.max()) * 2 + 1 if len(values) else 1.0]
    rows = [compute_oracle(scores, costs).choices]
    rows += [np.argmax(scores - lam * costs, axis=1) for lam in lams]
    return np.vstack(rows)


def compute_oracle_curve(scores: np.ndarray, costs: np.ndarray, max_points: int = 400) -> list[Point]:
    """The oracle's cost-quality curve; its hull is the best any router could do at each budget."""
    choices = compute_oracle_choices(scores, costs, max_points)
    rows = np.arange(scores.shape[0])
    return [(float(costs[rows, c].mean()), float(scores[rows, c].mean())) for c in choices]
