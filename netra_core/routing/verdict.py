"""The evaluation's numbers with their uncertainty, and the decision whether the router beats its baselines.

Every AIQ is read off the hull of up to 400 operating points measured on the held-out prompts themselves, so even
a router that scores at random looks better than the zero router (its hull picks up the lucky points). Hence:
- bootstrap intervals over held-out prompts (paired: router, zero router, oracle and lookup on the same resample);
- a band of routers that score at random, run through the same sweep on the same prompts;
- the per-task lookup baseline (no text);
- the realised points of policies calibrated on training prompts and applied unchanged (no hull, no test tuning);
and a router "beats" a baseline only when the interval of its margin clears zero AND the point estimate is above
every one of the random-score routers (40 by default: about a 1-in-41 chance for a router that knows nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from netra_core.routing.baselines import compute_random_scores
from netra_core.routing.curves import ChoiceCurve, compute_curve_metrics, compute_realised_metrics
from netra_core.routing.data import EvalMatrix
from netra_core.routing.decision import Rule

# Calibrated on the training prompts (inner-fold predictions), then applied unchanged to the held-out prompts.
CALIBRATION_TARGETS = ("best_single_quality", "half_best_single_cost", "quarter_best_single_cost")
LEVEL = 0.95
LOOKUP_KEYS = (
    "aiq_router",
    "routerbench_aiq_router",
    "quality_gain_at_best_cost",
    "cost_saving_at_best_quality",
    "apgr",
    "cpt50",
)
# Metrics where lower is better (a share of strong calls needed).
LOWER_IS_BETTER = {"cpt50", "cpt80"}
BAND_KEYS = (
    "aiq_router",
    "routerbench_aiq_router",
    "aiq_margin_vs_zero",
    "quality_gain_at_best_cost",
    "cost_saving_at_best_quality",
    "quality_at_quarter_best_cost",
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
    lookup: np.ndarray | None = None  # the per-task lookup's predictions, trained on the same training part
    calibrated: np.ndarray | None = None  # (targets, prompts): model chosen by each calibrated policy, -1 if none
    predicted_costs: np.ndarray | None = None  # (prompts, models): the router's expected cost per prompt

    @property
    def decision_costs(self) -> np.ndarray:
        """The costs the router decides with: its per-prompt expectations, else one (training) cost per model."""
        return self.model_costs if self.predicted_costs is None else self.predicted_costs


def compute_interval(values: list[float | None]) -> list[float] | None:
    """The central 95 % percentile interval of bootstrap values (None when no resample had a value)."""
    nums = np.array([v for v in values if v is not None and np.isfinite(v)], dtype=float)
    if not len(nums):
        return None
    tail = (1 - LEVEL) / 2 * 100
    return [float(np.percentile(nums, tail)), float(np.percentile(nums, 100 - tail))]


def compute_evaluation(
    held: HeldOut, seed: int = 0, bootstrap: int = 200, random_routers: int = 40, rule: Rule = "lambda"
) -> dict[str, Any]:
    """Point estimates, intervals, baselines and verdicts on pooled held-out predictions."""
    m = held.matrix
    n = m.n_prompts
    singles = ChoiceCurve.singles(m.scores, m.costs)
    oracle = ChoiceCurve.oracle(m.scores, m.costs)
    router = ChoiceCurve.from_predictions(held.predicted, held.decision_costs, m.scores, m.costs, rule)
    lookup = None
    if held.lookup is not None:
        lookup = ChoiceCurve.from_predictions(held.lookup, held.model_costs, m.scores, m.costs, rule)
    ones = np.ones(n)
    out: dict[str, Any] = compute_curve_metrics(router, singles, oracle, ones)
    lookup_point = compute_curve_metrics(lookup, singles, oracle, ones) if lookup is not None else None
    calibrated = _calibrated_curve(held)
    rng = np.random.default_rng(seed)
    samples: dict[str, list[Any]] = {k: [] for k in out}
    lookup_samples: dict[str, list[Any]] = {"aiq_router": [], "margin": []}
    cal_samples: list[list[dict[str, float]]] = []
    for _ in range(bootstrap):
        weights = np.bincount(rng.integers(0, n, n), minlength=n).astype(np.float64)
        res = compute_curve_metrics(router, singles, oracle, weights)
        for k, v in res.items():
            samples[k].append(v)
        if lookup is not None:
            look = compute_curve_metrics(lookup, singles, oracle, weights)
            lookup_samples["aiq_router"].append(look["aiq_router"])
            lookup_samples["margin"].append(res["aiq_router"] - look["aiq_router"])
        if calibrated is not None:
            cal_samples.append(compute_realised_metrics(calibrated[1], singles, weights))
    for k, vals in samples.items():
        out[f"{k}_ci"] = compute_interval(vals)
    band = compute_random_band(held, singles, oracle, seed, random_routers, rule)
    out["random_band"] = band
    if lookup_point is not None:
        out["lookup_baseline"] = {
            "what": "each model's mean training score per task type (no prompt text); overall mean if unseen",
            **{k: lookup_point.get(k) for k in LOOKUP_KEYS},
            "aiq_router_ci": compute_interval(lookup_samples["aiq_router"]),
            "router_margin": out["aiq_router"] - lookup_point["aiq_router"],
            "router_margin_ci": compute_interval(lookup_samples["margin"]),
        }
    out["calibrated_on_training"] = _calibrated_report(calibrated, singles, ones, cal_samples)
    out.update(compute_verdicts(out))
    return out


def compute_random_band(
    held: HeldOut, singles: ChoiceCurve, oracle: ChoiceCurve, seed: int, routers: int, rule: Rule
) -> dict[str, Any]:
    """The central 95 % of each metric over routers that score at random, on the same prompts and sweep."""
    m = held.matrix
    values: dict[str, list[Any]] = {k: [] for k in BAND_KEYS}
    for k in range(routers):
        predicted = compute_random_scores(m.n_prompts, len(m.models), seed=10_000 + 7919 * seed + k)
        curve = ChoiceCurve.from_predictions(predicted, held.model_costs, m.scores, m.costs, rule)
        res = compute_curve_metrics(curve, singles, oracle, np.ones(m.n_prompts))
        for key in BAND_KEYS:
            if key in res:
                values[key].append(res[key])
    band: dict[str, Any] = {"routers": routers, "best": {}}
    for key, vals in values.items():
        nums = [v for v in vals if v is not None and np.isfinite(v)]
        if nums:
            band[key] = compute_interval(nums)
            band["best"][key] = float(min(nums) if key in LOWER_IS_BETTER else max(nums))
    return band


def compute_verdicts(out: dict[str, Any]) -> dict[str, bool | None]:
    """Beats = the margin's interval clears zero and the point clears every router that scored at random."""
    best_random = out["random_band"].get("best", {})

    def clears(key: str) -> bool | None:
        value, ci, edge = out.get(key), out.get(f"{key}_ci"), best_random.get(key)
        if value is None or ci is None:
            return None
        return bool(ci[0] > 0 and (edge is None or value > edge))

    zero = clears("aiq_margin_vs_zero")
    best = [clears("quality_gain_at_best_cost"), clears("cost_saving_at_best_quality")]
    lookup = out.get("lookup_baseline")
    beats_lookup = None
    if lookup is not None and lookup.get("router_margin_ci") is not None:
        beats_lookup = bool(lookup["router_margin_ci"][0] > 0)
    return {
        "beats_zero_router": zero,
        "beats_best_single_model": bool(any(b for b in best)),
        "beats_lookup_baseline": beats_lookup,
    }


def _calibrated_curve(held: HeldOut) -> tuple[list[str], ChoiceCurve] | None:
    if held.calibrated is None:
        return None
    usable = [i for i in range(len(held.calibrated)) if (held.calibrated[i] >= 0).all()]
    if not usable:
        return None
    m = held.matrix
    names = [CALIBRATION_TARGETS[i] for i in usable]
    return names, ChoiceCurve.from_choices(held.calibrated[usable], m.scores, m.costs)


def _calibrated_report(
    calibrated: tuple[list[str], ChoiceCurve] | None,
    singles: ChoiceCurve,
    ones: np.ndarray,
    samples: list[list[dict[str, float]]],
) -> dict[str, Any]:
    if calibrated is None:
        return {}
    names, curve = calibrated
    point = compute_realised_metrics(curve, singles, ones)
    report: dict[str, Any] = {}
    for i, name in enumerate(names):
        entry: dict[str, Any] = dict(point[i])
        for key in ("cost_vs_best_single", "quality_vs_best_single", "quality"):
            entry[f"{key}_ci"] = compute_interval([s[i][key] for s in samples])
        report[name] = entry
    return report
