"""The exact policy solver: minimise expected monthly cost under quality floors, latency SLOs and allow-lists.

Linear programme solved by HiGHS (scipy.optimize.milp): one variable x[s, m] in [0, 1] per
allowed (segment, model) pair, the share of segment s's traffic sent to model m.

    minimise   sum_s,m cost_month[s, m] * x[s, m]
    subject to sum_m x[s, m] = 1                                   for each segment s
               sum_s,m w[s] * quality[s, m] * x[s, m] >= floor     w = request share (global)
               the same within each workload that has its own floor
With `is_floor_per_workload` the floor holds within every workload instead of on the global average (a
workload's average can sit below the floor while the others lift the total above it); a workload that no
allowed model brings up to the floor keeps the models serving it today, at no less than today's quality.
A model is allowed for a segment only if its p95 estimate is under the workload's SLO and it is in
the allowed models/providers. The LP optimum splits at most one segment per quality constraint
between two models (a vertex has as many fractional segments as coupling rows); that split is
reported as shares. `is_integral=True` solves the MILP instead (one model per segment).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix, vstack

from netra_core.errors import InfeasiblePolicyError, LatencyInfeasibleError
from netra_core.optimizer.segments import DAYS_PER_MONTH

SHARE_EPSILON = 1e-6
FLOOR_TOLERANCE = 1e-9


@dataclass(frozen=True)
class PolicyConstraints:
    """What the policy must respect; SLOs in ms, floors as traffic-weighted mean quality in [0, 1]."""

    quality_floor: float
    workload_floors: Mapping[str, float] = field(default_factory=dict)
    # Per segment: no request goes to a model (other than one serving the segment today) whose quality is below
    # the floor, and the segment's expected quality stays at or above it. A workload's average can hide one
    # segment falling far; this cannot.
    segment_floors: Mapping[str, float] = field(default_factory=dict)
    max_p95_ms: float | None = None
    workload_slo_ms: Mapping[str, float] = field(default_factory=dict)
    allowed_models: frozenset[str] | None = None
    allowed_providers: frozenset[str] | None = None
    excluded_models: frozenset[str] = frozenset()
    # A model already serving a segment stays allowed there even when its observed p95 is over the
    # SLO: the workload runs with it today, and a per-segment p95 (long prompts) can exceed a
    # workload-level SLO the workload as a whole meets. False enforces the SLO on every model.
    is_current_exempt_from_slo: bool = True
    # The floor holds within each workload, not only on the traffic-weighted total (compute_workload_floor_constraints
    # turns it into workload floors and pins the workloads that cannot reach it).
    is_floor_per_workload: bool = False
    # Workloads whose segments may only use the models serving them today.
    pinned_workloads: frozenset[str] = frozenset()

    def slo_for(self, workload: str) -> float | None:
        """The p95 SLO (ms) that applies to a workload, if any."""
        return self.workload_slo_ms.get(workload, self.max_p95_ms)


@dataclass(frozen=True)
class PolicySolution:
    """The optimum: assignments (with shares), per-segment before/after and the totals."""

    assignments: pd.DataFrame
    segments: pd.DataFrame
    totals: dict[str, float]
    constraints: PolicyConstraints
    decisions: list[str] = field(default_factory=list)


def compute_allowed_estimates(estimates: pd.DataFrame, constraints: PolicyConstraints) -> pd.DataFrame:
    """The estimates the constraints allow; raises InfeasiblePolicyError naming a segment left with none."""
    allowed = pd.Series(True, index=estimates.index)
    if constraints.allowed_models is not None:
        allowed &= estimates["model"].isin(constraints.allowed_models)
    if constraints.allowed_providers is not None:
        allowed &= estimates["provider"].isin(constraints.allowed_providers)
    if constraints.excluded_models:
        allowed &= ~estimates["model"].isin(constraints.excluded_models)
    listed = allowed.copy()
    slo = estimates["workload"].astype(str).map(dict(constraints.workload_slo_ms)).astype("float64")
    if constraints.max_p95_ms is not None:
        slo = slo.fillna(constraints.max_p95_ms)
    meets_slo = slo.isna() | (estimates["latency_p95_ms"] <= slo)
    if constraints.is_current_exempt_from_slo and "observed_requests" in estimates:
        meets_slo |= estimates["observed_requests"] > 0
    allowed &= meets_slo
    if constraints.pinned_workloads and "observed_requests" in estimates:
        is_serving = estimates["observed_requests"] > 0
        served = set(estimates.loc[allowed & is_serving, "segment"])
        is_pinned = estimates["workload"].astype(str).isin(constraints.pinned_workloads)
        allowed &= ~(is_pinned & estimates["segment"].isin(served)) | is_serving
    if constraints.segment_floors:
        floor = estimates["segment"].astype(str).map(dict(constraints.segment_floors)).astype("float64")
        is_serving = estimates["observed_requests"] > 0 if "observed_requests" in estimates else False
        allowed &= floor.isna() | (estimates["quality"] >= floor - FLOOR_TOLERANCE) | is_serving
    out = estimates[allowed].reset_index(drop=True)
    missing = sorted(set(estimates["segment"]) - set(out["segment"]))
    if missing:
        check_latency_feasible(estimates[listed], missing, constraints)
        seg = missing[0]
        rows = estimates[estimates["segment"] == seg]
        if rows.empty:
            why = "no candidate model has a context window large enough for its prompts"
        else:
            fastest = rows.loc[rows["latency_p95_ms"].idxmin()]
            limit = constraints.slo_for(str(fastest["workload"]))
            why = (
                f"no allowed model meets the p95 SLO of {limit:g} ms (fastest candidate: {fastest['model']} "
                f"at {fastest['latency_p95_ms']:.0f} ms) or the allowed models/providers"
            )
        raise InfeasiblePolicyError(
            f"segment {seg} (and {len(missing) - 1} more) cannot be served: {why}. "
            "Relax --max-p95-ms or allow more models/providers."
        )
    return out


def check_latency_feasible(listed: pd.DataFrame, missing: list[str], constraints: PolicyConstraints) -> None:
    """Raise LatencyInfeasibleError when the p95 limit alone leaves segments unserved.

    `listed` holds the estimates the allow-lists keep; a missing segment with listed candidates lost them all to the
    limit. The segment named is the one whose fastest candidate is slowest: the one that binds.
    """
    rows = listed[listed["segment"].isin(missing)]
    if rows.empty:
        return
    fastest = rows.loc[rows.groupby("segment")["latency_p95_ms"].idxmin()]
    worst = fastest.loc[fastest["latency_p95_ms"].idxmax()]
    limit = constraints.slo_for(str(worst["workload"]))
    if limit is None:
        return
    n = len(fastest)
    raise LatencyInfeasibleError(
        f"no policy meets p95 ≤ {limit:,.0f} ms: segment {worst['segment']}"
        + (f" (and {n - 1} more)" if n > 1 else "")
        + f" has no candidate under its p95 SLO of {limit:g} ms; the fastest candidate there is {worst['model']} at "
        f"{worst['latency_p95_ms']:,.0f} ms. Relax the latency limit (--max-p95-ms) or allow more models/providers.",
        limit_ms=float(limit),
        segment=str(worst["segment"]),
        fastest_model=str(worst["model"]),
        fastest_p95_ms=float(worst["latency_p95_ms"]),
        segments=n,
    )


def _weights(allowed: pd.DataFrame) -> pd.Series:
    per_segment = allowed.drop_duplicates("segment").set_index("segment")["requests"].astype("float64")
    return per_segment / per_segment.sum()


def check_floors_reachable(allowed: pd.DataFrame, constraints: PolicyConstraints) -> None:
    """Raise InfeasiblePolicyError with the best reachable quality when a floor is above it."""
    best = allowed.groupby("segment").agg(quality=("quality", "max"), workload=("workload", "first"))
    w = _weights(allowed).reindex(best.index)
    top = float((w * best["quality"]).sum())
    if not constraints.is_floor_per_workload and constraints.quality_floor > top + 1e-9:
        raise InfeasiblePolicyError(
            f"quality floor {constraints.quality_floor:.3f} is above the best reachable {top:.3f} with the allowed "
            "models and SLOs: lower --quality-floor, relax --max-p95-ms or allow more models."
        )
    for segment, floor in sorted(constraints.segment_floors.items()):
        if segment in best.index and floor > float(best.at[segment, "quality"]) + FLOOR_TOLERANCE:
            raise InfeasiblePolicyError(
                f"segment {segment}: quality floor {floor:.3f} is above its best reachable "
                f"{float(best.at[segment, 'quality']):.3f} with the allowed models and SLOs"
            )
    for workload, floor in sorted(constraints.workload_floors.items()):
        rows = best[best["workload"] == workload]
        if rows.empty:
            raise InfeasiblePolicyError(f"workload floor set for {workload!r}, which has no traffic in the window")
        ww = w.reindex(rows.index)
        reach = float((ww * rows["quality"]).sum() / ww.sum())
        if floor > reach + 1e-9:
            raise InfeasiblePolicyError(
                f"workload {workload!r}: quality floor {floor:.3f} is above its best reachable {reach:.3f}"
            )


def solve_assignment(
    allowed: pd.DataFrame, constraints: PolicyConstraints, *, is_integral: bool = False
) -> pd.DataFrame:
    """Shares x[s, m] of the optimum, as rows of `allowed` with a `share` column (zero shares dropped)."""
    check_floors_reachable(allowed, constraints)
    seg_codes, seg_index = pd.factorize(allowed["segment"])
    n_var, n_seg = len(allowed), len(seg_index)
    w = _weights(allowed).reindex(seg_index).to_numpy()
    wq = w[seg_codes] * allowed["quality"].to_numpy()
    cost = allowed["cost_month"].to_numpy(dtype="float64")
    scale = max(float(np.abs(cost).max()), 1e-12)
    cols = np.arange(n_var)
    rows_list = [csr_matrix((np.ones(n_var), (seg_codes, cols)), shape=(n_seg, n_var))]
    lo = [np.ones(n_seg)]
    hi = [np.ones(n_seg)]
    rows_list.append(csr_matrix((wq, (np.zeros(n_var, dtype=int), cols)), shape=(1, n_var)))
    # Per workload, the floor is in the workload rows below; the total is not held to it as well.
    lo.append(np.array([-np.inf if constraints.is_floor_per_workload else constraints.quality_floor]))
    hi.append(np.array([np.inf]))
    for workload, floor in sorted(constraints.workload_floors.items()):
        mask = (allowed["workload"] == workload).to_numpy()
        wsum = float(w[np.unique(seg_codes[mask])].sum())
        row = np.where(mask, wq, 0.0) / max(wsum, 1e-12)
        rows_list.append(csr_matrix(row.reshape(1, -1)))
        lo.append(np.array([floor]))
        hi.append(np.array([np.inf]))
    floors = pd.Series(dict(constraints.segment_floors), dtype="float64").reindex(seg_index).to_numpy()
    has_floor = ~np.isnan(floors)
    if has_floor.any():
        # One row per floored segment: sum_m quality[s, m] * x[s, m] >= floor_s.
        row_of = np.cumsum(has_floor) - 1
        mask = has_floor[seg_codes]
        n_rows = int(has_floor.sum())
        q = allowed["quality"].to_numpy(dtype="float64")
        rows_list.append(csr_matrix((q[mask], (row_of[seg_codes[mask]], cols[mask])), shape=(n_rows, n_var)))
        lo.append(floors[has_floor] - FLOOR_TOLERANCE)
        hi.append(np.full(n_rows, np.inf))
    a = vstack(rows_list).tocsr()
    result = milp(
        c=cost / scale,
        constraints=LinearConstraint(a, np.concatenate(lo), np.concatenate(hi)),
        bounds=Bounds(np.zeros(n_var), np.ones(n_var)),
        integrality=np.ones(n_var) if is_integral else np.zeros(n_var),
        options={"presolve": True},
    )
    if result.status != 0 or result.x is None:
        raise InfeasiblePolicyError(f"the solver found no policy meeting the constraints ({result.message})")
    out = allowed.copy()
    out["share"] = np.clip(result.x, 0.0, 1.0)
    out = out[out["share"] > SHARE_EPSILON].copy()
    out["share"] = out["share"] / out.groupby("segment")["share"].transform("sum")
    return out.reset_index(drop=True)


def _fmt_money(value: float) -> str:
    return f"${value:,.0f}" if abs(value) >= 10 else f"${value:,.2f}"


def compute_reason(row: Mapping[str, Any], chosen: pd.DataFrame) -> str:
    """One line a user reads: 'wl/summarization/short: gpt-4o -> gpt-4o-mini, quality 0.93 -> 0.91, saves $1,240/month'."""
    parts = sorted(zip(chosen["share"], chosen["model"], strict=True), reverse=True)
    target = " + ".join(m if len(parts) == 1 else f"{m} ({s:.0%})" for s, m in parts)
    current = str(row.get("current_mix") or row["current_model"]) or "unknown"
    savings = float(row["savings_month"])
    q_before, q_after = float(row["current_quality"]), float(row["policy_quality"])
    quality = f"quality {q_before:.2f} -> {q_after:.2f}" if not np.isnan(q_before) else f"quality {q_after:.2f}"
    verb = f"saves {_fmt_money(savings)}/month" if savings >= 0 else f"costs {_fmt_money(-savings)}/month more"
    if len(parts) == 1 and parts[0][1] == current:
        return f"{row['segment']}: keep {current}, {quality}, {verb}"
    return f"{row['segment']}: {current} -> {target}, {quality}, {verb}"


def compute_current_quality(estimates: pd.DataFrame, current_shares: pd.DataFrame) -> pd.Series:
    """Per segment: expected quality of today's model mix (over the traffic whose model has an estimate)."""
    cur = current_shares.merge(estimates[["segment", "model", "quality"]], on=["segment", "model"], how="left")
    cur["qw"] = (cur["quality"] * cur["share"]).fillna(0.0)
    cur["known_share"] = cur["share"].where(cur["quality"].notna(), 0.0)
    sums = cur.groupby("segment")[["qw", "known_share"]].sum()
    return sums["qw"] / sums["known_share"].where(sums["known_share"] > 0)


def compute_current_mix(current_shares: pd.DataFrame) -> pd.Series:
    """Per segment: today's models as text, 'gpt-4o (85%) + gpt-4.1-mini (15%)' (models under 1% left out)."""
    shown = current_shares[current_shares["share"] >= 0.01].sort_values(["segment", "share"], ascending=[True, False])
    return shown.groupby("segment").apply(
        lambda g: (
            g["model"].iat[0]
            if len(g) == 1
            else " + ".join(f"{m} ({x:.0%})" for m, x in zip(g["model"], g["share"], strict=True))
        ),
        include_groups=False,
    )


def compute_segment_floors(estimates: pd.DataFrame, current_shares: pd.DataFrame, max_drop: float) -> dict[str, float]:
    """A floor per segment: the expected quality of its model mix today minus `max_drop`."""
    quality = compute_current_quality(estimates, current_shares).dropna()
    return {str(k): float(v) - max_drop for k, v in quality.items()}


def compute_workload_floors(estimates: pd.DataFrame, current_shares: pd.DataFrame, max_drop: float) -> dict[str, float]:
    """A floor per workload: its current traffic-weighted expected quality minus `max_drop`."""
    quality = compute_current_quality(estimates, current_shares).dropna()
    seg = estimates.drop_duplicates("segment").set_index("segment").reindex(quality.index)
    frame = pd.DataFrame({"workload": seg["workload"], "w": seg["requests"].astype("float64"), "q": quality})
    frame["wq"] = frame["w"] * frame["q"]
    sums = frame.groupby("workload")[["wq", "w"]].sum()
    return {str(k): float(v) - max_drop for k, v in (sums["wq"] / sums["w"]).items()}


def compute_drop_constraints(
    constraints: PolicyConstraints, estimates: pd.DataFrame, current_shares: pd.DataFrame, max_drop: float
) -> PolicyConstraints:
    """The constraints with a maximum quality drop applied per workload and per segment (explicit floors win)."""
    return replace(
        constraints,
        workload_floors={**compute_workload_floors(estimates, current_shares, max_drop), **constraints.workload_floors},
        segment_floors={**compute_segment_floors(estimates, current_shares, max_drop), **constraints.segment_floors},
    )


def compute_workload_reach(allowed: pd.DataFrame) -> pd.Series:
    """Per workload: the best traffic-weighted expected quality the allowed models can give it."""
    best = allowed.groupby("segment").agg(
        quality=("quality", "max"), workload=("workload", "first"), requests=("requests", "first")
    )
    best["wq"] = best["quality"] * best["requests"].astype("float64")
    sums = best.groupby("workload")[["wq", "requests"]].sum()
    return sums["wq"] / sums["requests"].astype("float64")


def compute_workload_floor_constraints(
    constraints: PolicyConstraints, estimates: pd.DataFrame, current_shares: pd.DataFrame
) -> PolicyConstraints:
    """The quality floor as a floor of every workload: where the allowed models can reach it, the workload's expected
    quality stays at or above it; where they cannot, the workload keeps today's models and today's quality (pinned).
    A stricter floor already set for a workload wins."""
    if not constraints.is_floor_per_workload or constraints.quality_floor <= 0:
        return constraints
    reach = compute_workload_reach(compute_allowed_estimates(estimates, constraints))
    today = compute_workload_floors(estimates, current_shares, 0.0)
    floors = dict(constraints.workload_floors)
    pinned = set(constraints.pinned_workloads)
    for workload, best in reach.items():
        name = str(workload)
        if best + FLOOR_TOLERANCE >= constraints.quality_floor:
            floors[name] = max(floors.get(name, 0.0), constraints.quality_floor)
        else:
            pinned.add(name)
            if name in today and name not in floors:
                floors[name] = today[name]
    return replace(constraints, workload_floors=floors, pinned_workloads=frozenset(pinned))


def compute_solution(
    estimates: pd.DataFrame,
    segments: pd.DataFrame,
    current_shares: pd.DataFrame,
    constraints: PolicyConstraints,
    *,
    window_days: float = 30.0,
    is_integral: bool = False,
) -> PolicySolution:
    """Solve and explain: per-segment before/after, savings, and one reason per segment."""
    constraints = compute_workload_floor_constraints(constraints, estimates, current_shares)
    allowed = compute_allowed_estimates(estimates, constraints)
    chosen = solve_assignment(allowed, constraints, is_integral=is_integral)
    chosen["cost_month"] = chosen["cost_month"] * chosen["share"]
    chosen["quality_weighted"] = chosen["quality"] * chosen["share"]
    per_seg = chosen.groupby("segment").agg(
        policy_cost_month=("cost_month", "sum"), policy_quality=("quality_weighted", "sum")
    )
    cur_q = compute_current_quality(estimates, current_shares)
    seg = segments.set_index("segment").reindex(per_seg.index)
    table = pd.DataFrame(
        {
            "segment": per_seg.index,
            "workload": seg["workload"].to_numpy(),
            "task_type": seg["task_type"].to_numpy(),
            "bucket": seg["bucket"].to_numpy(),
            "requests": seg["requests"].to_numpy(),
            "current_model": seg["current_model"].to_numpy(),
            "current_mix": compute_current_mix(current_shares).reindex(per_seg.index).fillna("").to_numpy(),
            "current_cost_month": (seg["cost_usd_sum"] * DAYS_PER_MONTH / window_days).to_numpy(),
            "current_quality": cur_q.reindex(per_seg.index).to_numpy(dtype="float64"),
            "policy_cost_month": per_seg["policy_cost_month"].to_numpy(),
            "policy_quality": per_seg["policy_quality"].to_numpy(),
        }
    )
    table["savings_month"] = table["current_cost_month"] - table["policy_cost_month"]
    groups = dict(tuple(chosen.groupby("segment")))
    table["reason"] = [compute_reason(r, groups[r["segment"]]) for r in table.to_dict("records")]
    table = table.sort_values("savings_month", ascending=False).reset_index(drop=True)
    w = table["requests"].astype("float64") / table["requests"].sum()
    has_q = table["current_quality"].notna()
    totals = {
        "current_cost_month": float(table["current_cost_month"].sum()),
        "policy_cost_month": float(table["policy_cost_month"].sum()),
        "savings_month": float(table["savings_month"].sum()),
        "current_quality": float((w[has_q] * table.loc[has_q, "current_quality"]).sum() / w[has_q].sum())
        if has_q.any()
        else float("nan"),
        "policy_quality": float((w * table["policy_quality"]).sum()),
        "quality_floor": constraints.quality_floor,
        "split_segments": int((chosen.groupby("segment").size() > 1).sum()),
    }
    totals["savings_pct"] = (
        totals["savings_month"] / totals["current_cost_month"] if totals["current_cost_month"] else 0.0
    )
    assignments = chosen.drop(columns=["quality_weighted"]).reset_index(drop=True)
    return PolicySolution(assignments, table, totals, constraints, decisions=list(table["reason"]))
