"""Fair evaluation of the learned router: all tuning inside training folds, every number on held-out prompts."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from netra_core.errors import ValidationError
from netra_core.routing.baselines import TaskLookup
from netra_core.routing.curves import ChoiceCurve, compute_curve_metrics
from netra_core.routing.data import EvalMatrix, compute_joined
from netra_core.routing.decision import Rule, compute_choices, compute_curve
from netra_core.routing.learners import DEFAULT_CANDIDATES
from netra_core.routing.metrics import (
    Point,
    compute_hull,
    compute_oracle,
    compute_oracle_curve,
    compute_single_model_points,
)
from netra_core.routing.router import LearnedRouter, compute_folds
from netra_core.routing.splits import compute_task_folds, compute_time_split
from netra_core.routing.verdict import CALIBRATION_TARGETS, HeldOut, compute_evaluation

SPLITS = ("random", "time", "task")
HEADLINE = (
    "aiq_router",
    "aiq_zero",
    "aiq_oracle",
    "aiq_margin_vs_zero",
    "routerbench_aiq_router",
    "routerbench_aiq_zero",
    "routerbench_aiq_oracle",
    "routerbench_aiq_margin_vs_zero",
    "quality_gain_at_best_cost",
    "cost_saving_at_best_quality",
    "quality_at_quarter_best_cost",
    "apgr",
    "cpt50",
    "cpt80",
)
AIQ_CONVENTIONS = {
    "aiq_*": "Netra: exact non-decreasing convex hull integrated over [cheapest, dearest] of router, single models "
    "and oracle frontier, divided by that width; the oracle is a frontier",
    "routerbench_aiq_*": "RouterBench's evaluation/AIQ.py: its hull from each curve's own cheapest point, extended "
    "flat to the dearest point of all, area divided by that cost; the zero router is the single models' points, "
    "the oracle one point",
}


def compute_fold_metrics(held: HeldOut, rule: Rule = "lambda") -> dict[str, Any]:
    """Every routing metric on one set of held-out prompts."""
    m = held.matrix
    curve = ChoiceCurve.from_predictions(held.predicted, held.decision_costs, m.scores, m.costs, rule)
    ones = np.ones(m.n_prompts)
    metrics = compute_curve_metrics(
        curve, ChoiceCurve.singles(m.scores, m.costs), ChoiceCurve.oracle(m.scores, m.costs), ones
    )
    return {"prompts": m.n_prompts, **metrics}


def compute_summary(matrix: EvalMatrix) -> dict[str, Any]:
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


def compute_curve_points(held: HeldOut, rule: Rule = "lambda") -> list[dict[str, Any]]:
    """Every operating point of the router on held-out prompts (not thinned: reading a thinned curve overstates
    the cost of a quality), with the models it calls."""
    curve = compute_curve(held.predicted, held.decision_costs, held.matrix.scores, held.matrix.costs, rule)
    models = held.matrix.models
    return [
        {
            "cost": p.cost,
            "quality": p.quality,
            "shares": {models[i]: float(s) for i, s in enumerate(p.shares) if s > 0},
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
    split: str = "random",
    test_fraction: float = 0.2,
    bootstrap: int = 200,
    random_routers: int = 40,
    encoder: str | None = "auto",
    extra_train: EvalMatrix | None = None,
) -> dict[str, Any]:
    """Train on training folds (or all of `data`), measure on held-out prompts (the other fold, or `test`).

    extra_train: prompts from elsewhere (e.g. general-purpose preferences between the same models) added to every
    training split and never held out, so every figure stays on `data`'s (or `test`'s) prompts.

    split: "random" K-fold, "time" (train on the oldest prompts, test on the newest `test_fraction`), or "task"
    (folds by task type: every test prompt's task type is unseen in training, so it is routed by its text).
    encoder: the sentence encoder the routers use ("auto": the default one when installed; None: TF-IDF only).
    """
    with threadpool_limits(limits=1):  # see LearnedRouter.fit: multi-threaded BLAS spins on a busy machine
        splits, pooled_matrix, label = compute_splits(data, test, folds, seed, split, test_fraction)
        if extra_train is not None:
            splits = [(compute_joined(train, extra_train), held_out) for train, held_out in splits]
            label += f", plus {extra_train.n_prompts} extra training prompts"
        held, fold_results, train_seconds = _fit_splits(
            splits,
            pooled_matrix,
            seed,
            candidates,
            inner_folds,
            rule,
            group_by_task=True if split == "task" else None,
            encoder=encoder,
        )
        report: dict[str, Any] = {
            "data": {
                "prompts": data.n_prompts,
                "extra_training_prompts": extra_train.n_prompts if extra_train is not None else 0,
                "test_prompts": pooled_matrix.n_prompts if pooled_matrix is not data else None,
                "models": list(data.models),
                "costs_known": data.has_costs,
                "evaluation": label,
                "split": "test file" if test is not None else split,
                "seed": seed,
                "encoder": fold_results[0]["encoder"] if fold_results else None,
                "dropped_prompts": data.dropped_prompts + (test.dropped_prompts if test is not None else 0),
                "missing_scores_by_model": _merge_missing(data, test),
            },
            "aiq_conventions": AIQ_CONVENTIONS,
            **compute_summary(pooled_matrix),
        }
        report.update(
            compute_evaluation(held, seed=seed, bootstrap=bootstrap, random_routers=random_routers, rule=rule)
        )
        for key in HEADLINE:
            values = [f[key] for f in fold_results if key in f]
            if len(values) > 1:
                report[f"{key}_std"] = _mean_std(values)[1]
        report["needs_dearer_model_auc"] = compute_needs_dearer_auc(held)
        report["router_curve"] = compute_curve_points(held, rule)
        report["folds"] = fold_results
        report["train_seconds_mean"] = float(np.mean(train_seconds))
        return report


def compute_needs_dearer_auc(held: HeldOut) -> float | None:
    """With two models: the ROC AUC of the router's predicted score gap (dearer minus cheaper) for the held-out
    prompts where only the dearer model is right (or scores higher), against all others. 0.5 = no better than
    random at finding the prompts that need the dearer model; None with more than two models or one class."""
    m = held.matrix
    if len(m.models) != 2:
        return None
    dear = int(np.argmax(held.model_costs))
    cheap = 1 - dear
    needs = m.scores[:, dear] > m.scores[:, cheap]
    if needs.all() or not needs.any():
        return None
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(needs, held.predicted[:, dear] - held.predicted[:, cheap]))


def _merge_missing(data: EvalMatrix, test: EvalMatrix | None) -> dict[str, int]:
    out = dict(data.missing_by_model)
    for model, n in (test.missing_by_model if test is not None else {}).items():
        out[model] = out.get(model, 0) + n
    return out


def compute_splits(
    data: EvalMatrix, test: EvalMatrix | None, folds: int, seed: int, split: str, test_fraction: float
) -> tuple[list[tuple[EvalMatrix, EvalMatrix]], EvalMatrix, str]:
    """(training, held-out) pairs, the matrix all held-out prompts form together, and a label for the report."""
    if len(data.models) < 2:
        raise ValidationError(
            f"routing needs at least 2 models on the same prompts; the data has only {', '.join(data.models)}"
        )
    if split not in SPLITS:
        raise ValidationError(f"split {split!r}: choose from {', '.join(SPLITS)}")
    if test is not None:
        if test.models != data.models:
            raise ValidationError(f"--test has models {test.models}, --data has {data.models}: they must be the same")
        if data.has_costs != test.has_costs:
            raise ValidationError("--data and --test must both have cost_usd, or both lack it")
        if not data.has_costs:
            # Modelled costs follow the training data's ranking of the models, not the test file's own.
            test = replace(test, costs=np.broadcast_to(data.costs[0], test.scores.shape).copy())
        return [(data, test)], test, "held-out test file"
    if split == "time":
        train_rows, test_rows = compute_time_split(data, test_fraction)
        held = data.subset(test_rows)
        return (
            [(data.subset(train_rows), held)],
            held,
            f"time-ordered: oldest {len(train_rows)} train, newest {len(test_rows)} test",
        )
    if folds < 2:
        raise ValidationError(f"--folds must be at least 2, got {folds}")
    if split == "task":
        pairs = compute_task_folds(data, folds)
        return (
            [(data.subset(tr), data.subset(te)) for tr, te in pairs],
            data,
            f"{len(pairs)} folds by task type (test task types unseen in training)",
        )
    pairs = compute_folds(data.prompts, folds, seed)
    return [(data.subset(tr), data.subset(te)) for tr, te in pairs], data, f"{len(pairs)}-fold cross-validation"


def _fit_splits(
    splits: list[tuple[EvalMatrix, EvalMatrix]],
    pooled_matrix: EvalMatrix,
    seed: int,
    candidates: tuple[tuple[str, dict[str, Any]], ...],
    inner_folds: int,
    rule: Rule,
    group_by_task: bool | None,
    encoder: str | None = "auto",
) -> tuple[HeldOut, list[dict[str, Any]], list[float]]:
    index = {pid: i for i, pid in enumerate(pooled_matrix.prompt_ids)}
    pooled = np.zeros_like(pooled_matrix.scores)
    pooled_costs = np.zeros_like(pooled_matrix.costs)
    lookup = np.zeros_like(pooled_matrix.scores)
    calibrated = np.full((len(CALIBRATION_TARGETS), pooled_matrix.n_prompts), -1, dtype=int)
    fold_results: list[dict[str, Any]] = []
    train_seconds = []
    for train, held_out in splits:
        t0 = time.perf_counter()
        router = LearnedRouter(
            candidates=candidates,
            inner_folds=inner_folds,
            seed=seed,
            rule=rule,
            group_by_task=group_by_task,
            encoder=encoder,
        ).fit(train)
        train_seconds.append(time.perf_counter() - t0)
        rows = [index[p] for p in held_out.prompt_ids]
        predicted, costs = router.predict(held_out.prompts, held_out.task_types)
        pooled[rows] = predicted
        pooled_costs[rows] = costs
        lookup[rows] = TaskLookup().fit(train).predict(held_out.task_types, held_out.n_prompts)
        calibrated[:, rows] = compute_calibrated_choices(router, train, predicted, costs)
        metrics = compute_fold_metrics(HeldOut(held_out, predicted, router.model_costs, predicted_costs=costs), rule)
        metrics["learner"] = router.metadata["learner"]
        metrics["encoder"] = router.encoder
        metrics["costs"] = router.metadata["costs"]
        metrics["cv_scores"] = router.metadata["cv_scores"]
        fold_results.append(metrics)
    # Pooled decisions weigh the models by their training costs (averaged over the splits), never the test's.
    model_costs = np.mean([train.costs.mean(axis=0) for train, _ in splits], axis=0)
    held = HeldOut(pooled_matrix, pooled, model_costs, lookup, calibrated, pooled_costs)
    return held, fold_results, train_seconds


def compute_calibrated_choices(
    router: LearnedRouter, train: EvalMatrix, predicted: np.ndarray, costs: np.ndarray
) -> np.ndarray:
    """Model chosen per held-out prompt by each policy calibrated on training (-1 where no policy meets a target)."""
    singles = compute_single_model_points(train.scores, train.costs)
    best_cost, best_quality = max(singles, key=lambda p: (p[1], -p[0]))
    targets: dict[str, dict[str, float]] = {
        "best_single_quality": {"target_quality": best_quality},
        "half_best_single_cost": {"target_cost": 0.5 * best_cost},
        "quarter_best_single_cost": {"target_cost": 0.25 * best_cost},
    }
    out = np.full((len(CALIBRATION_TARGETS), len(predicted)), -1, dtype=int)
    saved = router.policy
    for i, name in enumerate(CALIBRATION_TARGETS):
        try:
            point = router.calibrate(
                target_quality=targets[name].get("target_quality"), target_cost=targets[name].get("target_cost")
            )
        except ValidationError:
            continue
        out[i] = compute_choices(predicted, costs, point.policy)
    router.policy = saved
    return out


def _mean_std(values: list[Any]) -> tuple[float | None, float | None]:
    nums = [float(v) for v in values if v is not None and not np.isnan(v)]
    if not nums:
        return None, None
    std = float(np.std(nums, ddof=1)) if len(nums) > 1 else None
    return float(np.mean(nums)), std


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
