"""Fair evaluation of the learned router: all tuning inside training folds, every number on held-out prompts."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from netra_core.errors import ValidationError
from netra_core.routing.data import EvalMatrix
from netra_core.routing.decision import Rule, compute_curve
from netra_core.routing.learners import DEFAULT_CANDIDATES
from netra_core.routing.metrics import (
    Point,
    compute_aiq,
    compute_apgr,
    compute_cost_range,
    compute_cpt,
    compute_hull,
    compute_hull_cost,
    compute_hull_quality,
    compute_oracle,
    compute_oracle_curve,
    compute_single_model_points,
)
from netra_core.routing.router import LearnedRouter, compute_folds

FOLD_METRICS = (
    "aiq_router",
    "aiq_zero",
    "aiq_oracle",
    "aiq_margin_vs_zero",
    "quality_gain_at_best_cost",
    "cost_saving_at_best_quality",
    "apgr",
    "cpt50",
    "cpt80",
)


@dataclass(frozen=True)
class HeldOut:
    """Predictions of a router trained without these prompts, and the router's decision costs."""

    matrix: EvalMatrix
    predicted: np.ndarray
    model_costs: np.ndarray


def compute_fold_metrics(held: HeldOut, rule: Rule = "lambda") -> dict[str, Any]:
    """Every routing metric on one set of held-out prompts."""
    m = held.matrix
    curve = compute_curve(held.predicted, held.model_costs, m.scores, m.costs, rule)
    router_points = [(p.cost, p.quality) for p in curve]
    singles = compute_single_model_points(m.scores, m.costs)
    oracle_points = compute_oracle_curve(m.scores, m.costs)
    cost_range = compute_cost_range(router_points, singles, oracle_points)
    best = max(range(len(m.models)), key=lambda i: (singles[i][1], -singles[i][0]))
    router_hull = compute_hull(router_points)
    best_cost, best_quality = singles[best]
    cost_at_best = compute_hull_cost(router_hull, best_quality)
    out: dict[str, Any] = {
        "prompts": m.n_prompts,
        "aiq_router": compute_aiq(router_points, cost_range),
        "aiq_zero": compute_aiq(singles, cost_range),
        "aiq_oracle": compute_aiq(oracle_points, cost_range),
        "quality_gain_at_best_cost": compute_hull_quality(router_hull, best_cost) - best_quality,
        "cost_saving_at_best_quality": (
            None if cost_at_best is None or best_cost <= 0 else 1.0 - cost_at_best / best_cost
        ),
    }
    out["aiq_margin_vs_zero"] = out["aiq_router"] - out["aiq_zero"]
    if len(m.models) == 2:
        strong = int(np.argmax(held.model_costs))
        weak = 1 - strong
        share_curve = [(float(p.shares[strong]), p.quality) for p in curve]
        q_weak, q_strong = singles[weak][1], singles[strong][1]
        out["apgr"] = compute_apgr(share_curve, q_weak, q_strong) if q_strong != q_weak else None
        out["cpt50"] = compute_cpt(share_curve, q_weak, q_strong, 50)
        out["cpt80"] = compute_cpt(share_curve, q_weak, q_strong, 80)
    return out


def _mean_std(values: list[Any]) -> tuple[float | None, float | None]:
    nums = [float(v) for v in values if v is not None and not np.isnan(v)]
    if not nums:
        return None, None
    std = float(np.std(nums, ddof=1)) if len(nums) > 1 else None
    return float(np.mean(nums)), std


def compute_summary(matrix: EvalMatrix, model_costs: np.ndarray, rule: Rule = "lambda") -> dict[str, Any]:
    """Per-model means, the oracle and the zero-router hull on a set of prompts."""
    singles = compute_single_model_points(matrix.scores, matrix.costs)
    oracle = compute_oracle(matrix.scores, matrix.costs)
    best = max(range(len(matrix.models)), key=lambda i: (singles[i][1], -singles[i][0]))
    return {
        "models": {
            name: {"quality": q, "cost": c, "share_of_oracle_calls": float(np.mean(oracle.choices == i))}
            for i, (name, (c, q)) in enumerate(zip(matrix.models, singles, strict=True))
        },
        "best_single_model": {"model": matrix.models[best], "quality": singles[best][1], "cost": singles[best][0]},
        "oracle_quality": oracle.quality,
        "oracle_cost": oracle.cost,
        "zero_curve": [{"cost": c, "quality": q} for c, q in compute_hull(singles)],
        "oracle_curve": [
            {"cost": c, "quality": q} for c, q in compute_hull(compute_oracle_curve(matrix.scores, matrix.costs))
        ],
    }


def compute_curve_points(held: HeldOut, rule: Rule = "lambda", max_points: int = 101) -> list[dict[str, Any]]:
    """The router's curve on held-out prompts, thinned for output."""
    curve = compute_curve(held.predicted, held.model_costs, held.matrix.scores, held.matrix.costs, rule)
    if len(curve) > max_points:
        curve = [curve[i] for i in np.unique(np.linspace(0, len(curve) - 1, max_points).round().astype(int))]
    models = held.matrix.models
    return [
        {
            "cost": p.cost,
            "quality": p.quality,
            "shares": {models[i]: float(s) for i, s in enumerate(p.shares)},
            "policy": p.policy.as_dict(),
        }
        for p in curve
    ]


def evaluate_routing(
    data: EvalMatrix,
    test: EvalMatrix | None = None,
    folds: int = 5,
    seed: int = 0,
    candidates: tuple[tuple[str, dict[str, Any]], ...] = DEFAULT_CANDIDATES,
    inner_folds: int = 3,
    rule: Rule = "lambda",
) -> dict[str, Any]:
    """Train on training folds (or all of `data`), measure on held-out prompts (the other fold, or `test`)."""
    with threadpool_limits(limits=1):  # see LearnedRouter.fit: multi-threaded BLAS spins on a busy machine
        return _evaluate_routing(data, test, folds, seed, candidates, inner_folds, rule)


def _evaluate_routing(
    data: EvalMatrix,
    test: EvalMatrix | None,
    folds: int,
    seed: int,
    candidates: tuple[tuple[str, dict[str, Any]], ...],
    inner_folds: int,
    rule: Rule,
) -> dict[str, Any]:
    if test is not None and test.models != data.models:
        raise ValidationError(f"--test has models {test.models}, --data has {data.models}: they must be the same")
    if test is None and folds < 2:
        raise ValidationError(f"--folds must be at least 2, got {folds}")
    splits: list[tuple[EvalMatrix, EvalMatrix]]
    if test is not None:
        if data.has_costs != test.has_costs:
            raise ValidationError("--data and --test must both have cost_usd, or both lack it")
        if not data.has_costs:
            # Modelled costs follow the training data's ranking of the models, not the test file's own.
            test = replace(test, costs=np.broadcast_to(data.costs[0], test.scores.shape).copy())
        splits = [(data, test)]
        pooled_matrix = test
    else:
        splits = [(data.subset(tr), data.subset(te)) for tr, te in compute_folds(data.prompts, folds, seed)]
        pooled_matrix = data
    fold_results: list[dict[str, Any]] = []
    pooled = np.zeros_like(pooled_matrix.scores)
    index = {pid: i for i, pid in enumerate(pooled_matrix.prompt_ids)}
    train_seconds = []
    for train, held_out in splits:
        t0 = time.perf_counter()
        router = LearnedRouter(candidates=candidates, inner_folds=inner_folds, seed=seed, rule=rule).fit(train)
        train_seconds.append(time.perf_counter() - t0)
        predicted = router.predict_scores(held_out.prompts, held_out.task_types)
        pooled[[index[p] for p in held_out.prompt_ids]] = predicted
        metrics = compute_fold_metrics(HeldOut(held_out, predicted, router.model_costs), rule)
        metrics["learner"] = router.metadata["learner"]
        metrics["cv_scores"] = router.metadata["cv_scores"]
        fold_results.append(metrics)
    pooled_held = HeldOut(pooled_matrix, pooled, pooled_matrix.costs.mean(axis=0))
    report: dict[str, Any] = {
        "data": {
            "prompts": data.n_prompts,
            "test_prompts": test.n_prompts if test is not None else None,
            "models": list(data.models),
            "costs_known": data.has_costs,
            "evaluation": "held-out test file" if test is not None else f"{len(splits)}-fold cross-validation",
            "seed": seed,
        },
        **compute_summary(pooled_matrix, pooled_held.model_costs, rule),
    }
    for key in FOLD_METRICS:
        if key in fold_results[0]:
            report[key], report[f"{key}_std"] = _mean_std([f[key] for f in fold_results])
    report["beats_zero_router"] = _beats(report, "aiq_margin_vs_zero")
    # A lone model has no curve: the router beats it if, beyond the spread, it does better at the model's cost
    # or reaches the model's quality for less.
    report["beats_best_single_model"] = bool(
        _beats(report, "quality_gain_at_best_cost") or _beats(report, "cost_saving_at_best_quality")
    )
    report["pooled"] = {k: v for k, v in compute_fold_metrics(pooled_held, rule).items() if k != "prompts"}
    report["router_curve"] = compute_curve_points(pooled_held, rule)
    report["folds"] = fold_results
    report["train_seconds_mean"] = float(np.mean(train_seconds))
    return report


def _beats(report: dict[str, Any], key: str) -> bool | None:
    """The issue's bar: the mean margin is positive and larger than the router's fold-to-fold spread."""
    margin = report.get(key)
    if margin is None:
        return None
    own = report.get(f"{key}_std")
    spreads = [s for s in ((report.get("aiq_router_std") if key.startswith("aiq") else None), own) if s is not None]
    return bool(margin > max(spreads, default=0.0))


def compute_router_points(report: dict[str, Any]) -> list[Point]:
    """The router's (cost, quality) curve points from a report."""
    return [(p["cost"], p["quality"]) for p in report["router_curve"]]


def compute_json_ready(value: Any) -> Any:
    """The report with numpy numbers as Python ones and NaN/inf as None, so it is strict JSON."""
    if isinstance(value, dict):
        return {str(k): compute_json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [compute_json_ready(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value
