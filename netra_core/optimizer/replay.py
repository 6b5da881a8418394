"""Counterfactual replay: re-price and re-score the historic window as if the policy had routed it.

Per event: the policy's model for its segment (share-weighted when split, cheap + escalation rate x
strong for a cascade) priced on the event's own tokens, cached tokens and batch flag; quality is
the estimate for (segment, model) on both sides (policy and actual model), so the change compares
like with like. Savings = what the event cost (cost_usd) - what it would have cost.

Intervals: a seeded nonparametric bootstrap over the traffic, plus (for the quality change) the
uncertainty of the quality estimates themselves, drawn per (segment, model) in each replicate, and the error of the
catalog prior they lean on, drawn per (task type, model) and weighted by the prior's share (so a target never measured
in the org's traffic widens the interval by the prior's full PRIOR_TRANSFER_SD). Events are resampled with replacement; above
MAX_BOOTSTRAP_UNITS events, contiguous blocks of events in time order are resampled instead (a
block bootstrap, which also keeps day-to-day correlation), so the cost stays flat in the size.

The replay also takes events already summed per time unit (a `unit` column, an `n` column with the
events each row holds, token and cost columns holding sums, and a `bucket` column since a sum of prompt
sizes has no bucket): what the store returns at scale (workloads/segments.py fetch_replay_units). Every
replayed figure is linear in those sums, so the point figures equal the per-event replay's; the bootstrap
then resamples the time units (equal spans of the window, the workload's units in the per-workload
intervals) instead of equal-count blocks, which changes its intervals only by resampling noise.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from netra_core.catalog.builtin import ModelProfile
from netra_core.optimizer.estimates import PRIOR_STRENGTH, PRIOR_TRANSFER_SD, compute_candidate_frame
from netra_core.optimizer.opportunities import GATE_SHAPE, compute_cascade_quality
from netra_core.optimizer.policy import RoutingPolicy
from netra_core.optimizer.segments import DAYS_PER_MONTH, PromptBuckets

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


def _segment_codes(ev: pd.DataFrame, buckets: PromptBuckets) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Per event: its bucket index and segment code; and each code's id 'workload/task_type/bucket'.

    Integer codes instead of per-event strings: at millions of events, string joins and merges dominate.
    """
    w_codes, w_names = pd.factorize(ev["workload"], use_na_sentinel=False)
    t_codes, t_names = pd.factorize(ev["task_type"], use_na_sentinel=False)
    if "n" in ev:  # summed rows: the bucket is given, the prompt column is a sum
        index = {name: i for i, name in enumerate(buckets.names)}
        b_idx = np.array([index[b] for b in ev["bucket"]], dtype="int64")
    else:
        b_idx = np.searchsorted(np.asarray(buckets.edges), ev["prompt_tokens"].to_numpy(dtype="int64"), side="right")
    n_t, n_b = len(t_names), len(buckets.names)
    key = (w_codes.astype("int64") * n_t + t_codes) * n_b + b_idx
    codes, keys = pd.factorize(key)
    names = [f"{w_names[k // (n_t * n_b)]}/{t_names[(k // n_b) % n_t]}/{buckets.names[k % n_b]}" for k in keys]
    return b_idx, codes, names


def _segment_prices(pairs: pd.DataFrame, candidates: Sequence[ModelProfile], n_seg: int) -> np.ndarray:
    """Per segment, the policy's share-weighted prices: input, cached, output, and each times the batch discount.

    A request's cost is linear in the prices, so pricing it at these weighted prices equals the
    share-weighted sum of its cost on each policy model (a model without a price counts zero).
    """
    p = compute_candidate_frame(candidates).set_index("model").reindex(pairs["policy_model"])
    w = pairs["weight"].to_numpy(dtype="float64")
    bd = p["batch_discount"].to_numpy(dtype="float64")
    cols = []
    for name in ("input_per_mtok", "cached_input_per_mtok", "output_per_mtok"):
        price = p[name].to_numpy(dtype="float64")
        cols += [w * price, w * price * bd]
    codes = pairs["code"].to_numpy()
    return np.column_stack([np.bincount(codes, weights=np.nan_to_num(c), minlength=n_seg) for c in cols])


def _segment_policy_quality(pairs: pd.DataFrame, n_seg: int) -> np.ndarray:
    """Per segment, the policy's expected quality: share-weighted for direct targets, the gated mix for a cascade."""
    direct = pairs[pairs["role"] == "direct"]
    weighted = (direct["quality"] * direct["weight"]).groupby(direct["code"]).sum(min_count=1)
    quality = np.array(weighted.reindex(range(n_seg)), dtype="float64")
    cheap = pairs[pairs["role"] == "cheap"]
    strong = pairs[pairs["role"] == "strong"].set_index("code")["quality"]
    # One cascade per segment, so this loop runs per cascaded segment, never per event.
    for code, q_cheap, rate in zip(cheap["code"], cheap["quality"], cheap["escalation_rate"], strict=True):
        quality[code] = compute_cascade_quality(q_cheap, strong[code], rate)
    return quality


def compute_replay_events(
    events: pd.DataFrame,
    policy: RoutingPolicy,
    candidates: Sequence[ModelProfile],
    estimates: pd.DataFrame,
) -> pd.DataFrame:
    """The per-event counterfactual: policy_cost, savings, quality_actual, quality_policy (pure, vectorised)."""
    ev = events.reset_index(drop=True)
    b_idx, seg_codes, seg_names = _segment_codes(ev, policy.buckets)
    n_seg = len(seg_names)
    targets = _policy_targets(policy)
    fallback = pd.DataFrame(
        {
            "segment": ["*"],
            "policy_model": [policy.default.model],
            "weight": [1.0],
            "role": ["direct"],
            "escalation_rate": [0.0],
        }
    )
    segments = pd.DataFrame({"code": np.arange(n_seg), "segment": seg_names})
    segments["policy_segment"] = np.where(segments["segment"].isin(targets["segment"]), segments["segment"], "*")
    pairs = segments.merge(
        pd.concat([targets, fallback]).rename(columns={"segment": "policy_segment"}), on="policy_segment"
    )
    q = estimates.set_index(["segment", "model"])["quality"]
    pairs["quality"] = q.reindex(pd.MultiIndex.from_arrays([pairs["segment"], pairs["policy_model"]])).to_numpy()

    prices = _segment_prices(pairs, candidates, n_seg)[seg_codes]
    prompt = ev["prompt_tokens"].to_numpy(dtype="float64")
    cached = np.minimum(ev["cached_tokens"].to_numpy(dtype="float64"), prompt)
    batch = ev["is_batch"].to_numpy(dtype="float64")
    policy_cost = (
        (prompt - cached) * (prices[:, 0] - batch * prices[:, 1])
        + cached * (prices[:, 2] - batch * prices[:, 3])
        + ev["completion_tokens"].to_numpy(dtype="float64") * (prices[:, 4] - batch * prices[:, 5])
    ) / 1e6

    m_codes, m_names = pd.factorize(ev["model"], use_na_sentinel=False)
    pair_codes, pair_keys = pd.factorize(seg_codes.astype("int64") * len(m_names) + m_codes)
    actual_keys = pd.MultiIndex.from_arrays(
        [
            np.asarray(seg_names, dtype=object)[pair_keys // len(m_names)],
            np.asarray(m_names, dtype=object)[pair_keys % len(m_names)],
        ]
    )
    ev["bucket"] = np.asarray(policy.buckets.names, dtype=object)[b_idx]
    ev["segment"] = pd.Categorical.from_codes(seg_codes, categories=seg_names)
    ev["policy_cost"] = policy_cost
    ev["quality_policy"] = _segment_policy_quality(pairs, n_seg)[seg_codes]
    ev["quality_actual"] = q.reindex(actual_keys).to_numpy(dtype="float64")[pair_codes]
    ev["savings"] = ev["cost_usd"].to_numpy(dtype="float64") - policy_cost
    return ev


def compute_quality_exposure(ev: pd.DataFrame, policy: RoutingPolicy, estimates: pd.DataFrame) -> pd.DataFrame:
    """Per (segment, model): net events whose quality the estimate decides (policy weight - actual), and its sd.

    The replayed quality change is linear in the (segment, model) estimates, so their uncertainty
    enters each bootstrap replicate as sum_k exposure_k * error_k / N with error_k ~ N(0, sd_k)
    (sd from the estimate's 95% interval; errors taken as independent).
    """
    is_scored = (ev["quality_policy"].notna() & ev["quality_actual"].notna()).to_numpy()
    keys = ev.loc[is_scored, ["workload", "segment", "model"]].astype({"segment": "category", "model": "category"})
    keys["n"] = ev.loc[is_scored, "n"].to_numpy(dtype="float64") if "n" in ev else 1.0
    targets = _policy_targets(policy)
    gain = 1.0 - (1.0 - targets["escalation_rate"]) ** GATE_SHAPE
    targets["q_weight"] = np.select(
        [targets["role"] == "cheap", targets["role"] == "strong"], [1.0 - gain, gain], targets["weight"]
    )
    # A segment belongs to one workload, so counting by segment (category codes) and mapping back is exact.
    by_segment = keys.groupby("segment", observed=True).agg(workload=("workload", "first"), n=("n", "sum"))
    counts = by_segment.reset_index().assign(segment=lambda f: f["segment"].astype(str))
    pol = counts.merge(targets, on="segment")
    pol = pol.assign(exposure=pol["n"] * pol["q_weight"]).rename(columns={"policy_model": "model"})
    act = keys.groupby(["segment", "model"], observed=True)["n"].sum().rename("exposure").reset_index()
    act = act.astype({"segment": str, "model": str})
    act["workload"] = act["segment"].map(counts.set_index("segment")["workload"])
    act["exposure"] = -act["exposure"]
    both = pd.concat(
        [pol[["workload", "segment", "model", "exposure"]], act[["workload", "segment", "model", "exposure"]]]
    )
    both = both.groupby(["workload", "segment", "model"], as_index=False)["exposure"].sum()
    est = estimates.set_index(["segment", "model"])
    sd = (est["quality_hi"] - est["quality_lo"]) / (2 * 1.96)
    key = pd.MultiIndex.from_arrays([both["segment"], both["model"]])
    both["sd"] = sd.reindex(key).fillna(0.0).to_numpy()
    # The catalog prior's own error: shared by every segment of one (task type, model), weighted by the prior's share
    # of the posterior (1 for a model never measured in the org's traffic or evals).
    if "quality_n" in est and "task_type" in est:
        prior_weight = PRIOR_STRENGTH / (PRIOR_STRENGTH + est["quality_n"].astype("float64"))
        both["prior_sd"] = (PRIOR_TRANSFER_SD * prior_weight).reindex(key).fillna(0.0).to_numpy()
        both["prior_key"] = est["task_type"].astype(str).reindex(key).fillna("").to_numpy() + "/" + both["model"]
    return both


def _unit_sums(frame: pd.DataFrame) -> np.ndarray:
    """Per bootstrap unit: [cost, policy_cost, quality diff sum, quality count].

    Summed rows (a `unit` column) add up per unit; single events are their own units up to MAX_BOOTSTRAP_UNITS,
    then equal-count blocks in frame order.
    """
    has_q = frame["quality_policy"].notna() & frame["quality_actual"].notna()
    n = frame["n"].to_numpy(dtype="float64") if "n" in frame else 1.0
    diff = (frame["quality_policy"] - frame["quality_actual"]).where(has_q, 0.0).to_numpy(dtype="float64") * n
    vals = np.column_stack(
        [
            frame["cost_usd"].to_numpy(dtype="float64"),
            frame["policy_cost"].to_numpy(dtype="float64"),
            diff,
            has_q.to_numpy(dtype="float64") * n,
        ]
    ).astype("float64")
    if "unit" in frame:
        codes = pd.factorize(frame["unit"].to_numpy(), sort=True)[0]
        return np.vstack([np.bincount(codes, weights=vals[:, k]) for k in range(4)]).T
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
    units = _unit_sums(frame.sort_values("ts") if "ts" in frame and "unit" not in frame else frame)
    point = _stats(units.sum(axis=0), scale)
    m = len(units)
    idx = rng.integers(0, m, size=(n_boot, m))
    # How often each replicate drew each unit, then one matrix product: the same sums as units[idx].sum(axis=1)
    # (up to rounding) without materialising n_boot x m x 4 values.
    counts = np.bincount((idx + np.arange(n_boot)[:, None] * m).ravel(), minlength=n_boot * m).reshape(n_boot, m)
    boot = _stats(counts.astype("float64") @ units, scale)
    n_scored = float(units[:, 3].sum())
    if exposure is not None and not exposure.empty and n_scored > 0:
        errors = rng.normal(0.0, 1.0, size=(n_boot, len(exposure))) * exposure["sd"].to_numpy()
        boot["quality_change"] = boot["quality_change"] + errors @ exposure["exposure"].to_numpy() / n_scored
        if "prior_sd" in exposure and (exposure["prior_sd"] > 0).any():
            codes, keys = pd.factorize(exposure["prior_key"])
            shared = rng.normal(0.0, 1.0, size=(n_boot, len(keys)))[:, codes] * exposure["prior_sd"].to_numpy()
            boot["quality_change"] = boot["quality_change"] + shared @ exposure["exposure"].to_numpy() / n_scored
    alpha = (1 - level) / 2
    out: dict[str, float] = {"events": float(frame["n"].sum()) if "n" in frame else float(len(frame))}
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
    checkpoint: Callable[[], None] | None = None,
    level: float = 0.95,
) -> ReplayResult:
    """Replay the window under the policy: totals and per-workload savings/quality change with `level` intervals.

    `checkpoint`, when given, is called between steps and per workload; it raises to stop the replay.
    """
    check = checkpoint or _no_check
    ev = compute_replay_events(events, policy, candidates, estimates)
    check()
    scale = DAYS_PER_MONTH / window_days
    rng = np.random.default_rng(seed)
    exposure = compute_quality_exposure(ev, policy, estimates)
    # The bootstrap needs these columns only; carrying the event's text columns through sorts and groups is slow.
    slim = ev[
        [
            c
            for c in ("ts", "unit", "n", "workload", "cost_usd", "policy_cost", "quality_policy", "quality_actual")
            if c in ev
        ]
    ]
    check()
    totals = compute_bootstrap(slim, scale, rng, n_boot, exposure, level)
    rows = []
    for i, (workload, group) in enumerate(sorted(slim.groupby("workload"), key=lambda kv: str(kv[0]))):
        check()
        mine = exposure[exposure["workload"] == workload]
        stats = compute_bootstrap(group, scale, np.random.default_rng([seed, i + 1]), n_boot, mine, level)
        rows.append({"workload": workload, **stats})
    by_workload = pd.DataFrame(rows)
    if not by_workload.empty:
        by_workload = by_workload.sort_values("savings_month", ascending=False).reset_index(drop=True)
    return ReplayResult(totals, by_workload, ev)


def _no_check() -> None:
    return None
