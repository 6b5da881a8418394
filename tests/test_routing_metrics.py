"""AIQ, hulls, the oracle, APGR and CPT against small examples worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from netra_core.routing.data import compute_eval_matrix, compute_share_costs, validate_eval_frame
from netra_core.routing.decision import RoutingPolicy, compute_choices, compute_curve
from netra_core.routing.metrics import (
    compute_aiq,
    compute_apgr,
    compute_cpt,
    compute_hull,
    compute_hull_cost,
    compute_oracle,
    compute_oracle_curve,
)


@pytest.mark.parametrize(
    ("points", "hull"),
    [
        # the middle model sits under the line between the others: mixing the two beats it
        ([(0, 0.5), (0.5, 0.6), (1, 0.9)], [(0, 0.5), (1, 0.9)]),
        # a dominated model (dearer and worse) never appears; the hull stops at the best quality
        ([(0, 0.6), (1, 0.5), (0.5, 0.8)], [(0, 0.6), (0.5, 0.8)]),
        # ties on cost: only the better of the two counts
        ([(0.2, 0.4), (0.2, 0.7), (1, 0.9)], [(0.2, 0.7), (1, 0.9)]),
        # a single model
        ([(0.3, 0.8)], [(0.3, 0.8)]),
        # the cheapest point is the best: nothing to buy
        ([(0, 0.9), (1, 0.5)], [(0, 0.9)]),
    ],
)
def test_hull(points: list[tuple[float, float]], hull: list[tuple[float, float]]) -> None:
    assert compute_hull(points) == [(float(c), float(q)) for c, q in hull]


@pytest.mark.parametrize(
    ("points", "cost_range", "aiq"),
    [
        ([(0, 0.5), (0.5, 0.6), (1, 0.9)], (0, 1), 0.7),  # (0.5 + 0.9) / 2
        ([(0, 0.6), (1, 0.5), (0.5, 0.8)], (0, 1), 0.5 * 0.7 + 0.5 * 0.8),  # rise, then flat at 0.8
        ([(0.3, 0.8)], (0, 1), 0.8),  # a single model: flat
        ([(0.3, 0.8)], (0.3, 0.3), 0.8),  # zero-width range: its quality
        # extended flat to the largest cost among the compared routers (2), divided by that range
        ([(0, 0.5), (1, 0.9)], (0, 2), (0.7 * 1 + 0.9 * 1) / 2),
        # USD costs: the range starts at the cheapest compared point, not 0
        ([(2, 0.5), (4, 0.9)], (2, 4), 0.7),
    ],
)
def test_aiq(points: list[tuple[float, float]], cost_range: tuple[float, float], aiq: float) -> None:
    assert compute_aiq(points, cost_range) == pytest.approx(aiq)


def test_hull_cost_reads_the_cheapest_cost_for_a_quality() -> None:
    hull = compute_hull([(0, 0.5), (1, 0.9)])
    assert compute_hull_cost(hull, 0.7) == pytest.approx(0.5)
    assert compute_hull_cost(hull, 0.4) == 0.0
    assert compute_hull_cost(hull, 0.95) is None


def test_oracle_takes_the_best_score_and_breaks_ties_to_the_cheapest() -> None:
    scores = np.array([[1, 1], [0, 1], [0, 0], [1, 0]], dtype=float)
    costs = np.array([[1, 3]] * 4, dtype=float)
    oracle = compute_oracle(scores, costs)
    assert oracle.choices.tolist() == [0, 1, 0, 0]
    assert oracle.quality == pytest.approx(0.75)
    assert oracle.cost == pytest.approx((1 + 3 + 1 + 1) / 4)


def test_oracle_ties_use_the_cost_on_that_prompt() -> None:
    # model 1 is cheaper on the first prompt only
    scores = np.array([[0.8, 0.8], [0.8, 0.8]])
    costs = np.array([[2.0, 1.0], [1.0, 2.0]])
    assert compute_oracle(scores, costs).choices.tolist() == [1, 0]


def test_oracle_curve_matches_routellm_optimal_accuracy() -> None:
    # RouteLLM's optimum: weak everywhere, strong only where weak is wrong and strong right, linearly in calls.
    rng = np.random.default_rng(3)
    weak = rng.random(200) < 0.6
    strong = rng.random(200) < 0.8
    scores = np.column_stack([weak, strong]).astype(float)
    costs = np.broadcast_to([0.0, 1.0], scores.shape).astype(float)
    bonus = float(np.mean(~weak & strong))
    hull = compute_hull(compute_oracle_curve(scores, costs))
    for share in (0.0, 0.05, bonus / 2, bonus, 0.5, 1.0):
        expected = weak.mean() + min(share, bonus)
        assert compute_hull_cost(hull, expected - 1e-9) is not None
        assert np.interp(share, [p[0] for p in hull], [p[1] for p in hull]) == pytest.approx(expected)


def test_apgr_and_cpt_by_hand() -> None:
    curve = [(0.0, 0.5), (0.5, 0.8), (1.0, 0.9)]
    # AUC = 0.5 * (0.5 + 0.8) / 2 + 0.5 * (0.8 + 0.9) / 2 = 0.75; APGR = (0.75 - 0.5) / (0.9 - 0.5)
    assert compute_apgr(curve, 0.5, 0.9) == pytest.approx(0.625)
    assert compute_apgr([(0, 0.5), (1, 0.9)], 0.5, 0.9) == pytest.approx(0.5)  # the random router
    assert compute_cpt(curve, 0.5, 0.9, 50) == pytest.approx(0.5 * 0.2 / 0.3)  # target 0.7
    assert compute_cpt(curve, 0.5, 0.9, 80) == pytest.approx(0.5 + 0.5 * 0.02 / 0.1)  # target 0.82
    assert compute_cpt([(0, 0.5), (1, 0.6)], 0.5, 0.9, 50) is None
    with pytest.raises(ValueError, match="undefined"):
        compute_apgr(curve, 0.7, 0.7)


def test_missing_costs_are_the_share_of_calls_to_the_stronger_model() -> None:
    frame = pd.DataFrame(
        {
            "prompt_id": ["a", "a", "b", "b", "c", "c"],
            "prompt": ["x", "x", "y", "y", "z", "z"],
            "model": ["big", "small"] * 3,
            "score": [1, 0, 1, 1, 1, 0],
        }
    )
    matrix = compute_eval_matrix(validate_eval_frame(frame, "t"))
    assert not matrix.has_costs
    assert matrix.costs.tolist() == [[1.0, 0.0]] * 3  # "big" scores higher, so it is the expensive one
    # route "a" and "c" to big: mean cost = share of calls to big
    predicted = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 0.0]])
    choices = compute_choices(predicted, matrix.costs.mean(axis=0), RoutingPolicy("lambda", 0.5))
    assert choices.tolist() == [0, 1, 0]
    assert matrix.costs[np.arange(3), choices].mean() == pytest.approx(2 / 3)
    three = compute_share_costs(np.array([[0.2, 0.9, 0.5]]))
    assert three.tolist() == [[0.0, 1.0, 0.5]]


def test_curve_spans_all_cheap_to_all_dear() -> None:
    scores = np.array([[1, 1], [0, 1], [1, 0], [0, 0]], dtype=float)
    costs = np.broadcast_to([0.0, 1.0], scores.shape).astype(float)
    curve = compute_curve(scores, np.array([0.0, 1.0]), scores, costs)
    shares = [p.shares[1] for p in curve]
    assert min(shares) == 0.0 and max(shares) == 1.0
    # knowing the outcomes, one operating point is the oracle: 3/4 right with 1/4 strong calls
    assert any(p.quality == 0.75 and p.cost == 0.25 for p in curve)


def test_threshold_rule_picks_the_cheapest_model_meeting_it() -> None:
    predicted = np.array([[0.9, 0.95, 0.7], [0.4, 0.8, 0.6], [0.1, 0.2, 0.3]])
    model_costs = np.array([1.0, 5.0, 2.0])
    choices = compute_choices(predicted, model_costs, RoutingPolicy("threshold", 0.65))
    # row 0: cheapest meeting 0.65 is model 0; row 1: model 1 (0.8) vs model 2 (0.6 < 0.65); row 2: none -> best
    assert choices.tolist() == [0, 1, 2]
