"""Routers as fixed choices per prompt, so every metric can be recomputed on a bootstrap resample cheaply.

A router's policies (or the oracle's lambdas, or the single models) decide a model per prompt once; a resample of
the prompts only reweights those decisions. Every metric the evaluation reports is computed here from weights.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from netra_core.routing.decision import (
    RoutingPolicy,
    Rule,
    compute_choices,
    compute_cost_order,
    compute_policy_candidates,
)
from netra_core.routing.metrics import (
    Point,
    compute_aiq,
    compute_apgr,
    compute_cost_range,
    compute_cpt,
    compute_hull,
    compute_hull_cost,
    compute_hull_quality,
    compute_oracle_choices,
)
from netra_core.routing.routerbench import compute_routerbench_aiq

QUARTER = 0.25


def compute_choice_matrix(predicted: np.ndarray, model_costs: np.ndarray, policies: list[RoutingPolicy]) -> np.ndarray:
    """compute_choices for many policies at once, (n_policies, n_prompts)."""
    if not policies or policies[0].rule != "lambda":
        return np.vstack([compute_choices(predicted, model_costs, p) for p in policies])
    order = compute_cost_order(model_costs)  # cheapest first: argmax's first hit is the cheapest, as there
    ranked = predicted[:, order]
    ranked_costs = model_costs[..., order][None]  # (1, m) or (1, n, m)
    lams = np.array([p.value for p in policies])
    out = np.empty((len(lams), len(predicted)), dtype=np.int16)
    step = max(1, 4_000_000 // max(1, predicted.size))
    for start in range(0, len(lams), step):
        lam = lams[start : start + step]
        utility = ranked[None, :, :] - lam[:, None, None] * ranked_costs
        out[start : start + step] = order[np.argmax(utility, axis=2)]
    return out


@dataclass(frozen=True)
class ChoiceCurve:
    """Model chosen per operating point and prompt, with the outcome of each choice."""

    choices: np.ndarray  # (n_points, n_prompts) model index
    chosen_scores: np.ndarray  # (n_points, n_prompts)
    chosen_costs: np.ndarray

    @classmethod
    def from_choices(cls, choices: np.ndarray, scores: np.ndarray, costs: np.ndarray) -> ChoiceCurve:
        """Outcomes of given choices."""
        choices = np.atleast_2d(choices).astype(np.int16)
        rows = np.arange(scores.shape[0])[None, :]
        return cls(choices, scores[rows, choices].astype(np.float32), costs[rows, choices].astype(np.float32))

    @classmethod
    def from_predictions(
        cls,
        predicted: np.ndarray,
        model_costs: np.ndarray,
        scores: np.ndarray,
        costs: np.ndarray,
        rule: Rule = "lambda",
        max_points: int = 400,
    ) -> ChoiceCurve:
        """Every operating point of a scoring router (all-cheapest to all-dearest)."""
        policies = compute_policy_candidates(predicted, model_costs, rule, max_points)
        return cls.from_choices(compute_choice_matrix(predicted, model_costs, policies), scores, costs)

    @classmethod
    def singles(cls, scores: np.ndarray, costs: np.ndarray) -> ChoiceCurve:
        """Each model served alone: the zero router's points."""
        n, m = scores.shape
        return cls.from_choices(np.repeat(np.arange(m)[:, None], n, axis=1), scores, costs)

    @classmethod
    def oracle(cls, scores: np.ndarray, costs: np.ndarray) -> ChoiceCurve:
        """The oracle's frontier; its first point is the oracle itself."""
        return cls.from_choices(compute_oracle_choices(scores, costs), scores, costs)

    def points(self, weights: np.ndarray) -> list[Point]:
        """(mean cost, mean quality) of each operating point under prompt weights."""
        total = float(weights.sum())
        costs = self.chosen_costs @ weights / total
        quals = self.chosen_scores @ weights / total
        return [(float(c), float(q)) for c, q in zip(costs, quals, strict=True)]

    def shares(self, model: int, weights: np.ndarray) -> np.ndarray:
        """Share of calls to one model at each operating point."""
        return np.asarray(((self.choices == model) @ weights) / float(weights.sum()))


def compute_curve_metrics(
    router: ChoiceCurve, singles: ChoiceCurve, oracle: ChoiceCurve, weights: np.ndarray
) -> dict[str, Any]:
    """Every routing metric of one router on weighted prompts (weights of ones: the prompts as they are)."""
    router_pts = router.points(weights)
    single_pts = singles.points(weights)
    oracle_pts = oracle.points(weights)
    cost_range = compute_cost_range(router_pts, single_pts, oracle_pts)
    best = max(range(len(single_pts)), key=lambda i: (single_pts[i][1], -single_pts[i][0]))
    best_cost, best_quality = single_pts[best]
    hull = compute_hull(router_pts)
    cost_at_best = compute_hull_cost(hull, best_quality)
    rb_router, rb_zero, rb_oracle = compute_routerbench_aiq([router_pts, single_pts, oracle_pts[:1]])
    out: dict[str, Any] = {
        "aiq_router": compute_aiq(router_pts, cost_range),
        "aiq_zero": compute_aiq(single_pts, cost_range),
        "aiq_oracle": compute_aiq(oracle_pts, cost_range),
        "routerbench_aiq_router": rb_router,
        "routerbench_aiq_zero": rb_zero,
        "routerbench_aiq_oracle": rb_oracle,
        "quality_gain_at_best_cost": compute_hull_quality(hull, best_cost) - best_quality,
        "cost_saving_at_best_quality": (
            None if cost_at_best is None or best_cost <= 0 else 1.0 - cost_at_best / best_cost
        ),
        "quality_at_quarter_best_cost": compute_hull_quality(hull, QUARTER * best_cost),
    }
    out["aiq_margin_vs_zero"] = out["aiq_router"] - out["aiq_zero"]
    out["routerbench_aiq_margin_vs_zero"] = rb_router - rb_zero
    n_models = singles.choices.shape[0]
    if n_models == 2:
        strong = int(np.argmax([c for c, _ in single_pts]))
        q_weak, q_strong = single_pts[1 - strong][1], single_pts[strong][1]
        share_curve = [(float(s), q) for s, (_, q) in zip(router.shares(strong, weights), router_pts, strict=True)]
        out["apgr"] = compute_apgr(share_curve, q_weak, q_strong) if q_strong != q_weak else None
        out["cpt50"] = compute_cpt(share_curve, q_weak, q_strong, 50)
        out["cpt80"] = compute_cpt(share_curve, q_weak, q_strong, 80)
    return out


def compute_realised_metrics(chosen: ChoiceCurve, singles: ChoiceCurve, weights: np.ndarray) -> list[dict[str, float]]:
    """Each fixed decision's realised cost and quality, and both against the best single model on these prompts."""
    single_pts = singles.points(weights)
    best_cost, best_quality = max(single_pts, key=lambda p: (p[1], -p[0]))
    return [
        {
            "cost": c,
            "quality": q,
            "cost_vs_best_single": c / best_cost if best_cost > 0 else float("nan"),
            "quality_vs_best_single": q - best_quality,
        }
        for c, q in chosen.points(weights)
    ]
