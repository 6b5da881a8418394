"""AIQ as RouterBench's own code computes it (withmartian/routerbench, `evaluation/AIQ.py`), beside Netra's.

Netra's convention (metrics.compute_aiq): the exact non-decreasing upper convex hull, integrated over
[cheapest, dearest] of the compared routers, divided by that width; the oracle is a frontier (per prompt
argmax(score - lambda x cost) for every lambda).

RouterBench's code differs in three ways that change the numbers, reproduced here:
- each curve is integrated from its OWN cheapest point (no extension to the left) up to the largest cost of any
  compared curve (extended flat to the right), and the area is divided by that largest cost, not by a range;
- its "hull" keeps, at every cost strictly inside the curve's span, the best of the point itself and every chord
  between two points around it (the concave envelope), takes the cheapest point as it is, keeps the dearest point
  only if it is at least the envelope's last value, and then drops each point lower than its predecessor in a
  single pass (a point lower than an earlier but not its immediate predecessor survives);
- the oracle is one point (best model per prompt, cheapest on ties), not a frontier.
Where the original raises (a curve with no point strictly inside its span, e.g. a lone point or two models), the
envelope is the points themselves and the dearest point is kept when it is at least the cheapest's quality.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from netra_core.routing.metrics import Point


def compute_routerbench_hull(points: Sequence[Point]) -> list[Point]:
    """The 'non-decreasing convex hull' of RouterBench's get_non_descreasing_convex_hull_of."""
    if not points:
        raise ValueError("a hull needs at least one point")
    order = sorted(range(len(points)), key=lambda i: points[i][0])  # stable, like argsort on distinct costs
    pts = [(float(points[i][0]), float(points[i][1])) for i in order]
    lo, hi = pts[0][0], pts[-1][0]
    # The best chord through any cost strictly inside the span is the upper concave envelope there.
    env_x, env_y = _upper_envelope(pts)
    xs = np.unique([x for x, _ in pts if lo < x < hi])
    inner = list(zip(xs.tolist(), np.interp(xs, env_x, env_y).tolist(), strict=True))
    hull = [pts[0], *inner]
    last = pts[-1]
    if last[0] != hull[-1][0] and last[1] >= hull[-1][1]:
        hull.append(last)
    # One pass against the immediate predecessor in the list before removal, as np.delete of precomputed indices.
    keep = [hull[0]] + [hull[i] for i in range(1, len(hull)) if not hull[i][1] < hull[i - 1][1]]
    return keep


def _upper_envelope(pts: list[Point]) -> tuple[np.ndarray, np.ndarray]:
    best: dict[float, float] = {}
    for x, y in pts:
        best[x] = max(best.get(x, -np.inf), y)
    upper: list[Point] = []
    for p in sorted(best.items()):
        while (
            len(upper) >= 2
            and (
                (upper[-1][0] - upper[-2][0]) * (p[1] - upper[-2][1])
                - (upper[-1][1] - upper[-2][1]) * (p[0] - upper[-2][0])
            )
            >= 0
        ):
            upper.pop()
        upper.append(p)
    return np.array([p[0] for p in upper]), np.array([p[1] for p in upper])


def compute_routerbench_aiq(curves: Sequence[Sequence[Point]]) -> list[float]:
    """RouterBench's calc_AIQ: each curve's hull area up to the largest cost of all, divided by that cost."""
    hulls = [compute_routerbench_hull(c) for c in curves]
    max_x = max(h[-1][0] for h in hulls)
    out = []
    for hull in hulls:
        pts = [*hull, (max_x, hull[-1][1])]
        xs = np.array([p[0] for p in pts])
        ys = np.array([p[1] for p in pts])
        area = float(np.trapezoid(ys, xs))
        out.append(area / max_x if max_x > 0 else float(ys[-1]))
    return out
