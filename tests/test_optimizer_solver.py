"""The exact solver against brute force, its constraints, its errors, and the frontier."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from netra_core.errors import InfeasiblePolicyError
from netra_core.optimizer.frontier import compute_frontier, compute_frontier_cost_at
from netra_core.optimizer.solver import (
    PolicyConstraints,
    PolicySolution,
    compute_allowed_estimates,
    compute_drop_constraints,
    compute_solution,
    compute_workload_floors,
    solve_assignment,
)

PROVIDERS = {"cheap": "acme-ai", "mid": "acme-ai", "top": "bigco", "fast": "speedy"}


def make_estimates(
    rows: list[tuple[str, str, float, float, float, int]], workload_of: dict[str, str] | None = None
) -> pd.DataFrame:
    """Rows of (segment, model, cost_month, quality, latency_p95_ms, requests) as an estimates frame."""
    frame = pd.DataFrame(rows, columns=["segment", "model", "cost_month", "quality", "latency_p95_ms", "requests"])
    frame["workload"] = frame["segment"].map(workload_of or {}).fillna(frame["segment"].str.split("/").str[0])
    frame["provider"] = frame["model"].map(PROVIDERS).fillna("other")
    frame["task_type"] = "chat"
    frame["bucket"] = "short"
    frame["observed_requests"] = 0
    return frame


def random_case(seed: int, n_seg: int = 3, n_model: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for s in range(n_seg):
        requests = int(rng.integers(10, 1000))
        for m in range(n_model):
            rows.append(
                (f"w{s % 2}/s{s}", f"m{m}", float(rng.uniform(1, 100)), float(rng.uniform(0.5, 0.95)), 100.0, requests)
            )
    return make_estimates(rows)


def brute_force(est: pd.DataFrame, floor: float, workload_floors: dict[str, float] | None = None) -> float | None:
    """Cheapest cost over every one-model-per-segment assignment meeting the floors (None if none does)."""
    segments = list(dict.fromkeys(est["segment"]))
    options = [est[est["segment"] == s].to_dict("records") for s in segments]
    total = sum(o[0]["requests"] for o in options)
    best = None
    for combo in itertools.product(*options):
        quality = sum(r["requests"] * r["quality"] for r in combo) / total
        ok = quality >= floor - 1e-9
        for workload, wf in (workload_floors or {}).items():
            mine = [r for r in combo if r["workload"] == workload]
            n = sum(r["requests"] for r in mine)
            ok &= sum(r["requests"] * r["quality"] for r in mine) / n >= wf - 1e-9
        cost = sum(r["cost_month"] for r in combo)
        if ok and (best is None or cost < best):
            best = cost
    return best


def solved_cost(
    est: pd.DataFrame, constraints: PolicyConstraints, *, is_integral: bool = False
) -> tuple[float, pd.DataFrame]:
    chosen = solve_assignment(compute_allowed_estimates(est, constraints), constraints, is_integral=is_integral)
    return float((chosen["cost_month"] * chosen["share"]).sum()), chosen


def weighted_quality(est: pd.DataFrame, chosen: pd.DataFrame) -> float:
    req = chosen["requests"] * chosen["share"]
    return float((req * chosen["quality"]).sum() / est.drop_duplicates("segment")["requests"].sum())


@pytest.mark.parametrize(("seed", "floor"), [(s, f) for s in range(6) for f in (0.55, 0.7, 0.8, 0.88)])
def test_lp_is_never_worse_than_brute_force_and_milp_equals_it(seed: int, floor: float) -> None:
    est = random_case(seed)
    best = brute_force(est, floor)
    constraints = PolicyConstraints(quality_floor=floor)
    if best is None:
        # No integral assignment reaches the floor; the LP may still (splits) or must raise clearly.
        try:
            _, chosen = solved_cost(est, constraints)
        except InfeasiblePolicyError:
            return
        assert weighted_quality(est, chosen) >= floor - 1e-6
        return
    lp_cost, chosen = solved_cost(est, constraints)
    assert lp_cost <= best + 1e-6 * max(best, 1)
    assert weighted_quality(est, chosen) >= floor - 1e-6
    assert chosen.groupby("segment")["share"].sum().round(9).eq(1).all()
    if (chosen["share"] > 1 - 1e-9).all():  # integral LP optimum: it is the brute-force optimum
        assert lp_cost == pytest.approx(best, rel=1e-6)
    milp_cost, milp_chosen = solved_cost(est, constraints, is_integral=True)
    assert milp_cost == pytest.approx(best, rel=1e-6)
    assert (milp_chosen["share"] == 1).all()


@pytest.mark.parametrize("seed", range(4))
def test_workload_floors_against_brute_force(seed: int) -> None:
    est = random_case(seed, n_seg=4)
    floors = {"w0": 0.75}
    best = brute_force(est, 0.6, floors)
    constraints = PolicyConstraints(quality_floor=0.6, workload_floors=floors)
    try:
        milp_cost, _ = solved_cost(est, constraints, is_integral=True)
    except InfeasiblePolicyError:
        assert best is None
        return
    assert best is not None
    assert milp_cost == pytest.approx(best, rel=1e-6)
    lp_cost, chosen = solved_cost(est, constraints)
    assert lp_cost <= best + 1e-6
    w0 = chosen[chosen["workload"] == "w0"]
    assert (w0["requests"] * w0["share"] * w0["quality"]).sum() / w0.drop_duplicates("segment")[
        "requests"
    ].sum() >= 0.75 - 1e-6


# Hand-worked cases: (floor, expected cost, expected {segment: {model: share}})
TWO_SEGMENTS = [
    ("a/x", "cheap", 10.0, 0.70, 100.0, 100),
    ("a/x", "top", 50.0, 0.90, 100.0, 100),
    ("b/y", "cheap", 20.0, 0.80, 100.0, 100),
    ("b/y", "top", 35.0, 0.90, 100.0, 100),
]


@pytest.mark.parametrize(
    ("floor", "cost", "shares"),
    [
        # Both on cheap: quality 0.75 for $30. Upgrading b/y costs $15 for 0.05 ($300/pt), a/x $40 for 0.10 ($400/pt).
        (0.70, 30.0, {"a/x": {"cheap": 1.0}, "b/y": {"cheap": 1.0}}),
        (0.775, 37.5, {"a/x": {"cheap": 1.0}, "b/y": {"cheap": 0.5, "top": 0.5}}),
        (0.80, 45.0, {"a/x": {"cheap": 1.0}, "b/y": {"top": 1.0}}),
        (0.85, 65.0, {"a/x": {"cheap": 0.5, "top": 0.5}, "b/y": {"top": 1.0}}),
        (0.90, 85.0, {"a/x": {"top": 1.0}, "b/y": {"top": 1.0}}),
    ],
)
def test_hand_worked_optimum_and_split(floor: float, cost: float, shares: dict[str, dict[str, float]]) -> None:
    est = make_estimates(TWO_SEGMENTS)
    got, chosen = solved_cost(est, PolicyConstraints(quality_floor=floor))
    assert got == pytest.approx(cost, abs=1e-6)
    for segment, expect in shares.items():
        mine = chosen[chosen["segment"] == segment].set_index("model")["share"].to_dict()
        assert mine == pytest.approx(expect, abs=1e-6)


def test_infeasible_floor_names_the_best_reachable_quality() -> None:
    est = make_estimates(TWO_SEGMENTS)
    with pytest.raises(InfeasiblePolicyError, match=r"quality floor 0\.950 is above the best reachable 0\.900"):
        solve_assignment(compute_allowed_estimates(est, PolicyConstraints(0.95)), PolicyConstraints(0.95))


def test_infeasible_workload_floor_and_unservable_segment() -> None:
    est = make_estimates(TWO_SEGMENTS)
    c = PolicyConstraints(0.7, workload_floors={"a": 0.95})
    with pytest.raises(InfeasiblePolicyError, match="workload 'a'"):
        solve_assignment(compute_allowed_estimates(est, c), c)
    with pytest.raises(InfeasiblePolicyError, match=r"segment a/x .*p95 SLO of 50 ms"):
        compute_allowed_estimates(est, PolicyConstraints(0.7, max_p95_ms=50))


def test_slo_and_allowed_provider_are_respected() -> None:
    rows = [
        ("chat/x", "cheap", 10.0, 0.80, 5_000.0, 100),
        ("chat/x", "fast", 30.0, 0.80, 300.0, 100),
        ("chat/x", "top", 60.0, 0.95, 900.0, 100),
        ("etl/y", "cheap", 10.0, 0.80, 5_000.0, 100),
        ("etl/y", "top", 60.0, 0.95, 900.0, 100),
    ]
    est = make_estimates(rows)
    c = PolicyConstraints(0.8, workload_slo_ms={"chat": 1_000})
    _, chosen = solved_cost(est, c)
    picks = chosen.set_index("segment")["model"].to_dict()
    assert picks == {"chat/x": "fast", "etl/y": "cheap"}  # slow cheap model kept off the chat SLO only
    assert (chosen.loc[chosen["workload"] == "chat", "latency_p95_ms"] <= 1_000).all()
    c2 = PolicyConstraints(0.8, allowed_providers=frozenset({"bigco", "speedy"}))
    _, chosen2 = solved_cost(est, c2)
    assert set(chosen2["provider"]) <= {"bigco", "speedy"}
    assert chosen2.set_index("segment")["model"].to_dict() == {"chat/x": "fast", "etl/y": "top"}
    c3 = PolicyConstraints(0.8, excluded_models=frozenset({"cheap"}), allowed_models=frozenset({"cheap", "top"}))
    _, chosen3 = solved_cost(est, c3)
    assert set(chosen3["model"]) == {"top"}


@pytest.mark.parametrize("seed", range(5))
def test_frontier_is_monotone_and_matches_the_lp(seed: int) -> None:
    est = random_case(seed, n_seg=12, n_model=6)
    allowed = compute_allowed_estimates(est, PolicyConstraints(0.0))
    frontier = compute_frontier(allowed)
    assert frontier["quality"].is_monotonic_increasing
    assert frontier["cost_month"].diff().dropna().ge(-1e-9).all()
    # Convex: the marginal cost of quality never falls.
    slopes = frontier["cost_month"].diff() / frontier["quality"].diff()
    assert slopes.dropna().diff().dropna().ge(-1e-6).all()
    for floor in np.linspace(frontier["quality"].iloc[0], frontier["quality"].iloc[-1], 7):
        lp, _ = solved_cost(est, PolicyConstraints(float(floor)))
        assert compute_frontier_cost_at(frontier, float(floor)) == pytest.approx(lp, rel=1e-7, abs=1e-9)


def test_frontier_with_workload_floors_sweeps_the_lp() -> None:
    est = random_case(3, n_seg=6, n_model=4)
    c = PolicyConstraints(0.0, workload_floors={"w0": 0.7})
    frontier = compute_frontier(compute_allowed_estimates(est, c), c, n_points=8)
    assert (frontier["method"] == "lp-sweep").all()
    assert len(frontier) >= 2
    assert frontier["cost_month"].diff().dropna().ge(-1e-6).all()


def test_solution_reasons_and_totals() -> None:
    est = make_estimates(TWO_SEGMENTS)
    segments = pd.DataFrame(
        {
            "segment": ["a/x", "b/y"],
            "workload": ["a", "b"],
            "task_type": "chat",
            "bucket": "short",
            "requests": [100, 100],
            "current_model": ["top", "top"],
            "cost_usd_sum": [50.0, 35.0],
        }
    )
    current = pd.DataFrame(
        {
            "segment": ["a/x", "b/y", "b/y"],
            "provider": "bigco",
            "model": ["top", "top", "cheap"],
            "share": [1.0, 0.8, 0.2],
        }
    )
    sol = compute_solution(est, segments, current, PolicyConstraints(0.85), window_days=30)
    assert sol.totals["current_cost_month"] == pytest.approx(85.0)
    assert sol.totals["policy_cost_month"] == pytest.approx(65.0)
    assert sol.totals["savings_month"] == pytest.approx(20.0)
    assert sol.totals["policy_quality"] == pytest.approx(0.85)
    assert sol.totals["current_quality"] == pytest.approx((0.90 + 0.8 * 0.9 + 0.2 * 0.8) / 2)
    assert sol.totals["split_segments"] == 1
    assert sol.decisions == [
        "a/x: top -> cheap (50%) + top (50%), quality 0.90 -> 0.80, saves $20/month",
        "b/y: top (80%) + cheap (20%) -> top, quality 0.88 -> 0.90, saves $0.00/month",
    ]


def test_models_serving_a_segment_today_stay_allowed_unless_the_slo_is_strict() -> None:
    est = make_estimates([("chat/x", "top", 60.0, 0.95, 2_000.0, 100), ("chat/x", "fast", 30.0, 0.80, 300.0, 100)])
    est.loc[est["model"] == "top", "observed_requests"] = 100  # served today, observed p95 over the SLO
    lenient = PolicyConstraints(0.95, max_p95_ms=1_000)
    _, chosen = solved_cost(est, lenient)
    assert chosen["model"].tolist() == ["top"]
    strict = PolicyConstraints(0.95, max_p95_ms=1_000, is_current_exempt_from_slo=False)
    with pytest.raises(InfeasiblePolicyError, match=r"best reachable 0\.800"):
        solved_cost(est, strict)


def test_max_quality_drop_keeps_every_workload_near_its_current_quality() -> None:
    rows = [
        ("a/x", "cheap", 10.0, 0.70, 100.0, 300),
        ("a/x", "top", 50.0, 0.90, 100.0, 300),
        ("b/y", "cheap", 20.0, 0.60, 100.0, 100),
        ("b/y", "top", 35.0, 0.99, 100.0, 100),
    ]
    est = make_estimates(rows)
    current = pd.DataFrame(
        {"segment": ["a/x", "a/x", "b/y"], "provider": "p", "model": ["top", "cheap", "top"], "share": [0.5, 0.5, 1.0]}
    )
    floors = compute_workload_floors(est, current, 0.02)
    assert floors == pytest.approx({"a": 0.80 - 0.02, "b": 0.99 - 0.02})
    c = PolicyConstraints(0.0, workload_floors=floors)
    _, chosen = solved_cost(est, c)
    q = chosen.assign(wq=lambda f: f["quality"] * f["share"]).groupby("workload")["wq"].sum()
    assert q["a"] == pytest.approx(0.78)  # a/x split between cheap and top to sit on its floor
    assert q["b"] == pytest.approx(0.97)
    # The same overall quality under a global floor alone buys b/y's cheaper quality points and lets a fall.
    _, global_only = solved_cost(est, PolicyConstraints(float(0.75 * 0.78 + 0.25 * 0.97)))
    q_global = global_only.assign(wq=lambda f: f["quality"] * f["share"]).groupby("workload")["wq"].sum()
    assert q_global["b"] == pytest.approx(0.99)
    assert q_global["a"] < 0.78 - 0.005


def test_max_quality_drop_holds_per_segment_not_only_on_the_workload_average() -> None:
    # One workload, two segments, today all on "top" (0.89). "cheap" matches it on the big segment but falls to
    # 0.71 on the small one: the workload's average would stay within a 0.05 drop, the small segment would not.
    rows = [
        ("w/big", "top", 900.0, 0.89, 100.0, 900),
        ("w/big", "cheap", 100.0, 0.89, 100.0, 900),
        ("w/small", "top", 100.0, 0.89, 100.0, 100),
        ("w/small", "cheap", 10.0, 0.71, 100.0, 100),
    ]
    est = make_estimates(rows)
    est.loc[est["model"] == "top", "observed_requests"] = est["requests"]
    current = pd.DataFrame({"segment": ["w/big", "w/small"], "provider": "p", "model": "top", "share": 1.0})
    c = compute_drop_constraints(PolicyConstraints(0.0), est, current, 0.05)
    _, chosen = solved_cost(est, c)
    by_segment = chosen.set_index("segment")
    assert by_segment.loc["w/big", "model"] == "cheap"  # no drop there: switched
    assert by_segment.loc["w/small", "model"] == "top"  # 0.89 -> 0.71 is over the limit: not switched
    workload_avg = float((chosen["requests"] * chosen["quality"] * chosen["share"]).sum() / 1000)
    assert workload_avg >= 0.89 - 0.05
    # The workload floor alone (the old rule) lets the small segment fall.
    _, average_only = solved_cost(est, PolicyConstraints(0.0, workload_floors=c.workload_floors))
    assert set(average_only["model"]) == {"cheap"}


def test_the_quality_floor_holds_in_every_workload_not_only_on_the_traffic_weighted_total() -> None:
    """#18: "'quality floor' is a traffic-weighted average, not per workload". Workload a (900 requests) can carry
    the total over 0.85 while workload b (100 requests) falls to 0.60; per workload, b stays at or above 0.85 too, and
    c, which no model brings to 0.85, keeps the model serving it today."""
    rows = [
        ("a/x", "top", 90.0, 0.95, 100.0, 900),
        ("a/x", "cheap", 10.0, 0.70, 100.0, 900),
        ("b/y", "top", 50.0, 0.95, 100.0, 100),
        ("b/y", "cheap", 5.0, 0.60, 100.0, 100),
        ("c/z", "mid", 20.0, 0.78, 100.0, 100),
        ("c/z", "top", 60.0, 0.80, 100.0, 100),
        ("c/z", "cheap", 2.0, 0.50, 100.0, 100),
    ]
    est = make_estimates(rows)
    today = {"a/x": "top", "b/y": "top", "c/z": "mid"}
    est["observed_requests"] = [r[5] if today[r[0]] == r[1] else 0 for r in rows]
    segments = pd.DataFrame(
        {
            "segment": list(today),
            "workload": ["a", "b", "c"],
            "task_type": "chat",
            "bucket": "short",
            "requests": [900, 100, 100],
            "current_model": list(today.values()),
            "cost_usd_sum": [90.0, 50.0, 20.0],
        }
    )
    current = pd.DataFrame({"segment": list(today), "provider": "p", "model": list(today.values()), "share": 1.0})

    def by_workload(sol: PolicySolution) -> dict[str, float]:
        return dict(zip(sol.segments["workload"], sol.segments["policy_quality"], strict=True))

    # The traffic-weighted floor (the old rule) is met on the total while b falls to cheap's 0.60.
    total_only = compute_solution(est, segments, current, PolicyConstraints(0.85), window_days=30)
    assert total_only.totals["policy_quality"] >= 0.85 - 1e-9 and by_workload(total_only)["b"] < 0.85 - 0.1
    per_workload = compute_solution(
        est, segments, current, PolicyConstraints(0.85, is_floor_per_workload=True), window_days=30
    )
    quality = by_workload(per_workload)
    assert quality["a"] >= 0.85 - 1e-6 and quality["b"] >= 0.85 - 1e-6
    assert quality["c"] == pytest.approx(0.78)  # cannot reach 0.85 with any model: kept on its current one
    assert set(per_workload.assignments.loc[per_workload.assignments["workload"] == "c", "model"]) == {"mid"}
    # The cheapest way to hold the floor in each: a and b split between cheap and top right at 0.85.
    assert per_workload.totals["policy_cost_month"] == pytest.approx(
        10 + 80 * (0.15 / 0.25) + 5 + 45 * (0.25 / 0.35) + 20, rel=1e-6
    )
    assert per_workload.constraints.pinned_workloads == frozenset({"c"})
