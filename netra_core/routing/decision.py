"""Turning predicted scores into a choice of model, sweeping that choice into a curve, and calibrating it.

Scoring (the learner), deciding (here) and calibrating (here) are separate, as in RouteLLM: a router only scores.
Two decision rules: `lambda` picks argmax(predicted score - lambda x cost), `threshold` picks the cheapest model
whose predicted score meets the threshold (the best predicted one if none does).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from netra_core.errors import ValidationError

Rule = Literal["lambda", "threshold"]


@dataclass(frozen=True)
class RoutingPolicy:
    """A decision rule and its value (lambda in score per unit of cost, or a score threshold)."""

    rule: Rule
    value: float

    def as_dict(self) -> dict[str, object]:
        """Plain values for JSON."""
        return {"rule": self.rule, "value": self.value}


@dataclass(frozen=True)
class OperatingPoint:
    """What one policy does on a set of prompts with known outcomes."""

    policy: RoutingPolicy
    cost: float
    quality: float
    shares: np.ndarray  # share of calls per model


def compute_cost_order(model_costs: np.ndarray) -> np.ndarray:
    """Models from cheapest to dearest (by mean cost when costs are given per prompt)."""
    mean = model_costs.mean(axis=0) if model_costs.ndim == 2 else model_costs
    return np.argsort(mean, kind="stable")


def compute_choices(predicted: np.ndarray, model_costs: np.ndarray, policy: RoutingPolicy) -> np.ndarray:
    """The model index chosen for each prompt under a policy (ties go to the cheaper model).

    model_costs: one cost per model, or (n_prompts, n_models) expected costs per prompt.
    """
    order = compute_cost_order(model_costs)  # cheapest first, so argmax's first hit is the cheapest
    ranked = predicted[:, order]
    if policy.rule == "lambda":
        utility = ranked - policy.value * model_costs[..., order]
        picked = np.argmax(utility, axis=1)
    else:
        meets = ranked >= policy.value
        first_meeting = np.argmax(meets, axis=1)
        picked = np.where(meets.any(axis=1), first_meeting, np.argmax(ranked, axis=1))
    return np.asarray(order[picked], dtype=int)


def compute_operating_point(
    predicted: np.ndarray, model_costs: np.ndarray, scores: np.ndarray, costs: np.ndarray, policy: RoutingPolicy
) -> OperatingPoint:
    """Realised mean cost, mean quality and call shares of a policy on prompts with known outcomes."""
    choices = compute_choices(predicted, model_costs, policy)
    rows = np.arange(len(choices))
    shares = np.bincount(choices, minlength=scores.shape[1]) / max(len(choices), 1)
    return OperatingPoint(policy, float(costs[rows, choices].mean()), float(scores[rows, choices].mean()), shares)


def compute_policy_candidates(
    predicted: np.ndarray, model_costs: np.ndarray, rule: Rule, max_points: int = 400
) -> list[RoutingPolicy]:
    """Policies spanning every distinct decision from all-cheapest to all-dearest, thinned to about max_points."""
    if rule == "threshold":
        values = np.unique(predicted)
        edges = np.concatenate([values, [values.max() + 1.0]])
    else:
        # A prompt switches between models i and j where lambda = (p_j - p_i) / (c_j - c_i).
        order = compute_cost_order(model_costs)
        per_prompt = np.broadcast_to(model_costs, predicted.shape)
        breaks = []
        for a in range(len(order)):
            for b in range(a + 1, len(order)):
                i, j = order[a], order[b]
                gap = per_prompt[:, j] - per_prompt[:, i]
                ok = gap != 0
                if ok.any():
                    breaks.append((predicted[ok, j] - predicted[ok, i]) / gap[ok])
        if not breaks:
            return [RoutingPolicy("lambda", 0.0)]
        values = np.unique(np.concatenate(breaks))
        # Just either side of each break, plus far beyond both ends: all-dearest and all-cheapest.
        span = float(np.abs(values).max()) + 1.0
        edges = np.concatenate([[values.min() - span], (values[:-1] + values[1:]) / 2, [values.max() + span]])
    if len(edges) > max_points:
        picks = np.unique(np.linspace(0, len(edges) - 1, max_points).round().astype(int))
        edges = edges[picks]
    return [RoutingPolicy(rule, float(v)) for v in edges]


def compute_curve(
    predicted: np.ndarray,
    model_costs: np.ndarray,
    scores: np.ndarray,
    costs: np.ndarray,
    rule: Rule = "lambda",
    max_points: int = 400,
) -> list[OperatingPoint]:
    """The router's cost-quality curve on prompts with known outcomes, cheapest operating point first."""
    policies = compute_policy_candidates(predicted, model_costs, rule, max_points)
    points = [compute_operating_point(predicted, model_costs, scores, costs, p) for p in policies]
    return sorted(points, key=lambda p: (p.cost, p.quality))


def compute_calibrated_policy(
    curve: list[OperatingPoint],
    *,
    target_share: float | None = None,
    share_model: int | None = None,
    target_cost: float | None = None,
    target_quality: float | None = None,
) -> OperatingPoint:
    """Pick the operating point that meets one target: a share of calls to a model, a mean cost, or a quality.

    share: the point whose share of calls to `share_model` is closest to the target (the cheaper on ties);
    cost: the best quality whose mean cost stays within the target; quality: the cheapest point that reaches it.
    """
    given = [t is not None for t in (target_share, target_cost, target_quality)]
    if sum(given) != 1:
        raise ValidationError("calibration: give exactly one of target_share, target_cost, target_quality")
    if target_share is not None:
        if share_model is None:
            raise ValidationError("calibration: target_share needs the model whose share is targeted")
        if not 0 <= target_share <= 1:
            raise ValidationError(f"calibration: target_share {target_share} is outside 0-1")
        return min(curve, key=lambda p: (abs(p.shares[share_model] - target_share), p.cost))
    if target_cost is not None:
        within = [p for p in curve if p.cost <= target_cost + 1e-12]
        if not within:
            cheapest = min(p.cost for p in curve)
            raise ValidationError(
                f"calibration: target_cost {target_cost} is below the cheapest policy ({cheapest:.6g})"
            )
        return max(within, key=lambda p: (p.quality, -p.cost))
    assert target_quality is not None
    reaching = [p for p in curve if p.quality >= target_quality - 1e-12]
    if not reaching:
        best = max(p.quality for p in curve)
        raise ValidationError(f"calibration: target_quality {target_quality} is above the best policy ({best:.4f})")
    return min(reaching, key=lambda p: (p.cost, -p.quality))
