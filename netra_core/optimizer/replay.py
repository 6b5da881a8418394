"""Counterfactual replay: re-price and re-score the historic window as if the policy had routed it.

Per event: the policy's model for its segment (share-weighted when split, cheap + escalation rate x
strong for a cascade) priced on the event's own tokens, cached tokens and batch flag; quality is
the estimate for (segment, model) on both sides (policy and actual model), so the change compares
like with like. Savings = what the event cost (cost_usd) - what it would have cost.

Intervals: a seeded nonparametric bootstrap over the traffic, plus (for the quality change) the
uncertainty of the quality estimates themselves, drawn per (segment, model) in each replicate. Events are resampled with replacement; above
MAX_BOOTSTRAP_UNITS events, contiguous blocks of events in time order are resampled instead (a
block bootstrap, which also keeps day-to-day correlation), so the cost stays flat in the size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from netra_core.catalog.builtin import ModelProfile
from netra_core.optimizer.estimates import compute_candidate_frame, compute_request_cost
from netra_core.optimizer.opportunities import GATE_SHAPE, compute_cascade_quality
from netra_core.optimizer.policy import RoutingPolicy
from netra_core.optimizer.segments import DAYS_PER_MONTH, compute_segment_ids

MAX_BOOTSTRAP_UNITS = 4000


@dataclass(frozen=True)
class ReplayResult:
    """Replay totals and per-workload figures with bootstrap intervals, and the per-event frame."""

    totals: dict[str, float]
    by_workload: pd.DataFrame
    events: pd.DataFrame


def _policy_targets(policy: RoutingPolicy) -> pd.DataFrame:
    rows = []
    for rule in policy.rules:
        sid = f"{rule.workload}/{rule.task_type}/{rule.bucket}"
        if rule.cascade is not None:
            c = rule.cascade
            rows.append((sid, c.cheap_model, 1.0, "cheap", c.escalation_rate))
            rows.append((sid, c.strong_model, c.escalation_rate, "strong", c.escalation_rate))
        else:
            rows += [(sid, t.model, t.share, "direct", 0.0) for t in rule.targets]
    return pd.DataFrame(rows, columns=["segment", "policy_model", "weight", "role", "escalation_rate"])


def compute_replay_events(
    events: pd.DataFrame,
    policy: RoutingPolicy,
    candidates: Sequence[ModelProfile],
    estimates: pd.DataFrame,
) -> pd.DataFrame:
    """The per-event counterfactual: policy_cost, savings, quality_actual, quality_policy (pure, vectorised)."""
    ev = events.reset_index(drop=True).copy()
    ev["bucket"] = policy.buckets.names_of(ev["prompt_tokens"])
    ev["segment"] = compute_segment_ids(ev)
    ev["row"] = np.arange(len(ev))
    targets = _policy_targets(policy)
    fallback = pd.DataFrame(
        {"segment": ["*"], "policy_model": [policy.default.model], "weight": [1.0], "role": ["direct"],
         "escalation_rate": [0.0]}
    )  # fmt: skip
    known = ev["segment"].isin(targets["segment"])
    ev["policy_segment"] = np.where(known, ev["segment"], "*")
    pairs = ev[["row", "segment", "policy_segment"]].merge(
        pd.concat([targets, fallback]).rename(columns={"segment": "policy_segment"}), on="policy_segment"
    )
    prices = compute_candidate_frame(candidates).set_index("model")
    p = prices.reindex(pairs["policy_model"])
    e = ev.loc[pairs["row"]]
    pairs["cost"] = compute_request_cost(
        e["prompt_tokens"].to_numpy(dtype="float64"),
        e["completion_tokens"].to_numpy(dtype="float64"),
        e["cached_tokens"].to_numpy(dtype="float64"),
        e["is_batch"].astype("float64").to_numpy(),
        p,
    )
    q = estimates.set_index(["segment", "model"])["quality"]
    pairs["quality"] = q.reindex(pd.MultiIndex.from_arrays([pairs["segment"], pairs["policy_model"]])).to_numpy()
    pairs["weighted_cost"] = pairs["cost"] * pairs["weight"]
    ev["policy_cost"] = pairs.groupby("row")["weighted_cost"].sum().reindex(ev["row"]).to_numpy()
    direct = pairs[pairs["role"] == "direct"].assign(wq=lambda f: f["quality"] * f["weight"])
    q_policy = direct.groupby("row")["wq"].sum(min_count=1).reindex(ev["row"])
    cheap = pairs[pairs["role"] == "cheap"].set_index("row")
    strong = pairs[pairs["role"] == "strong"].set_index("row")
    if not cheap.empty:
        cq = np.array(
            [
                compute_cascade_quality(a, b, r)
                for a, b, r in zip(
                    cheap["quality"], strong["quality"].reindex(cheap.index), cheap["escalation_rate"], strict=True
                )
            ]
        )
        q_policy.loc[cheap.index] = cq
    ev["quality_policy"] = q_policy.to_numpy()
    ev["quality_actual"] = q.reindex(pd.MultiIndex.from_arrays([ev["segment"], ev["model"]])).to_numpy()
    ev["savings"] = ev["cost_usd"].astype("float64") - ev["policy_cost"]
    return ev.drop(columns=["row", "policy_segment"])


def compute_quality_exposure(ev: pd.DataFrame, policy: RoutingPolicy, estimates: pd.DataFrame) -> pd.DataFrame:
    """Per (segment, model): net events whose quality the estimate decides (policy weight - actual), and its sd.

    The replayed quality change is linear in the (segment, model) estimates, so their uncertainty
    enters each bootstrap replicate as sum_k exposure_k * error_k / N with error_k ~ N(0, sd_k)
    (sd from the estimate's 95% interval; errors taken as independent).
    """
    scored = ev[ev["quality_policy"].notna() & ev["quality_actual"].notna()]
    targets = _policy_targets(policy)
    gain = 1.0 - (1.0 - targets["escalation_rate"]) ** GATE_SHAPE
    targets["q_weight"] = np.select(
        [targets["role"] == "cheap", targets["role"] == "strong"], [1.0 - gain, gain], targets["weight"]
    )
    counts = scored.groupby(["workload", "segment"]).size().rename("n").reset_index()
    pol = counts.merge(targets, on="segment")
    pol = pol.assign(exposure=pol["n"] * pol["q_weight"]).rename(columns={"policy_model": "model"})
    act = scored.groupby(["workload", "segment", "model"]).size().rename("exposure").reset_index()
    act["exposure"] = -act["exposure"]
    both = pd.concat([pol[["workload", "segment", "model", "exposure"]], act])
    both = both.groupby(["workload", "segment", "model"], as_index=False)["exposure"].sum()
    est = estimates.set_index(["segment", "model"])
    sd = (est["quality_hi"] - est["quality_lo"]) / (2 * 1.96)
    both["sd"] = sd.reindex(pd.MultiIndex.from_arrays([both["segment"], both["model"]])).fillna(0.0).to_numpy()
    return both


def _unit_sums(frame: pd.DataFrame) -> np.ndarray:
    """Per bootstrap unit: [cost, policy_cost, quality diff sum, quality count]."""
    has_q = frame["quality_policy"].notna() & frame["quality_actual"].notna()
    diff = (frame["quality_policy"] - frame["quality_actual"]).where(has_q, 0.0).to_numpy(dtype="float64")
    vals = np.column_stack(
        [frame["cost_usd"].to_numpy(dtype="float64"), frame["policy_cost"].to_numpy(dtype="float64"), diff, has_q]
    ).astype("float64")
    if len(vals) <= MAX_BOOTSTRAP_UNITS:
        return vals
    block = np.arange(len(vals)) * MAX_BOOTSTRAP_UNITS // len(vals)
    return np.vstack([np.bincount(block, weights=vals[:, k]) for k in range(4)]).T


def _stats(sums: np.ndarray, scale: float) -> dict[str, np.ndarray]:
    cost, policy, qdiff, qn = (sums[..., k] for k in range(4))
    return {
        "current_cost_month": cost * scale,
        "policy_cost_month": policy * scale,
        "savings_month": (cost - policy) * scale,
        "savings_pct": np.divide(cost - policy, cost, out=np.zeros_like(cost), where=cost != 0),
        "quality_change": np.divide(qdiff, qn, out=np.zeros_like(qdiff), where=qn != 0),
    }


def compute_bootstrap(
    frame: pd.DataFrame,
    scale: float,
    rng: np.random.Generator,
    n_boot: int,
    exposure: pd.DataFrame | None = None,
    level: float = 0.95,
) -> dict[str, float]:
    """Point estimates and percentile intervals (`name`, `name_lo`, `name_hi`) of the replay statistics."""
    if frame.empty:
        return {}
    units = _unit_sums(frame.sort_values("ts") if "ts" in frame else frame)
    point = _stats(units.sum(axis=0), scale)
    idx = rng.integers(0, len(units), size=(n_boot, len(units)))
    boot = _stats(units[idx].sum(axis=1), scale)
    n_scored = float(units[:, 3].sum())
    if exposure is not None and not exposure.empty and n_scored > 0:
        errors = rng.normal(0.0, 1.0, size=(n_boot, len(exposure))) * exposure["sd"].to_numpy()
        boot["quality_change"] = boot["quality_change"] + errors @ exposure["exposure"].to_numpy() / n_scored
    alpha = (1 - level) / 2
    out: dict[str, float] = {"events": float(len(frame))}
    for name, value in point.items():
        out[name] = float(value)
        out[f"{name}_lo"] = float(np.quantile(boot[name], alpha))
        out[f"{name}_hi"] = float(np.quantile(boot[name], 1 - alpha))
    return out


def compute_replay(
    events: pd.DataFrame,
    policy: RoutingPolicy,
    candidates: Sequence[ModelProfile],
    estimates: pd.DataFrame,
    *,
    window_days: float,
    seed: int = 0,
    n_boot: int = 1000,
) -> ReplayResult:
    """Replay the window under the policy: totals and per-workload savings/quality change with intervals."""
    ev = compute_replay_events(events, policy, candidates, estimates)
    scale = DAYS_PER_MONTH / window_days
    rng = np.random.default_rng(seed)
    exposure = compute_quality_exposure(ev, policy, estimates)
    totals = compute_bootstrap(ev, scale, rng, n_boot, exposure)
    rows = []
    for i, (workload, group) in enumerate(sorted(ev.groupby("workload"), key=lambda kv: str(kv[0]))):
        mine = exposure[exposure["workload"] == workload]
        stats = compute_bootstrap(group, scale, np.random.default_rng([seed, i + 1]), n_boot, mine)
        rows.append({"workload": workload, **stats})
    by_workload = pd.DataFrame(rows)
    if not by_workload.empty:
        by_workload = by_workload.sort_values("savings_month", ascending=False).reset_index(drop=True)
    return ReplayResult(totals, by_workload, ev)
