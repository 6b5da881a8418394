"""The whole optimisation as one pure call: inputs from the store in, policy, savings and opportunities out."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from netra_core.catalog.builtin import ModelProfile
from netra_core.optimizer.estimates import compute_estimates
from netra_core.optimizer.frontier import compute_frontier
from netra_core.optimizer.opportunities import (
    compute_opportunities,
    compute_opportunity_map,
    compute_opportunity_summary,
)
from netra_core.optimizer.policy import RoutingPolicy, compute_policy
from netra_core.optimizer.replay import ReplayResult, compute_replay
from netra_core.optimizer.savings import (
    Savings,
    compute_opportunity_rows,
    compute_policy_with_savings,
    compute_savings,
)
from netra_core.optimizer.segments import PromptBuckets, compute_current_shares, compute_segment_table
from netra_core.optimizer.solver import (
    PolicyConstraints,
    PolicySolution,
    compute_allowed_estimates,
    compute_drop_constraints,
    compute_solution,
)
from netra_core.optimizer.stages import Progress, Stage

MAX_FRONTIER_POINTS = 60


@dataclass(frozen=True)
class OptimizationInputs:
    """What the store gives the optimizer for one org and window (see workloads/segments.py)."""

    segment_stats: pd.DataFrame
    model_stats: pd.DataFrame
    eval_stats: pd.DataFrame
    events: pd.DataFrame
    window_days: float
    window_start: datetime | None = None
    window_end: datetime | None = None


@dataclass(frozen=True)
class OptimizationReport:
    """The recommended policy with its evidence: solution, frontier, opportunities, replay and THE savings figure.

    `savings` is the one savings figure every front door states; `solution.totals` holds the solver's plan, a
    diagnostic only.
    """

    org_id: str
    inputs: OptimizationInputs
    estimates: pd.DataFrame
    solution: PolicySolution
    policy: RoutingPolicy
    frontier: pd.DataFrame
    opportunities: pd.DataFrame
    opportunity_map: pd.DataFrame
    opportunity_summary: pd.DataFrame
    replay: ReplayResult
    savings: Savings


def compute_optimization(
    org_id: str,
    inputs: OptimizationInputs,
    candidates: Sequence[ModelProfile],
    constraints: PolicyConstraints,
    *,
    buckets: PromptBuckets | None = None,
    batch_workloads: Iterable[str] = (),
    is_integral: bool = False,
    max_quality_drop: float | None = None,
    seed: int = 0,
    n_boot: int = 1000,
    checkpoint: Callable[[], None] | None = None,
    with_frontier: bool = True,
    level: float = 0.95,
    progress: Progress | None = None,
) -> OptimizationReport:
    """Segments -> estimates -> exact policy -> opportunities -> replay, for one org's window.

    max_quality_drop adds a floor per workload and per segment: its current expected quality minus the drop (so
    no segment falls further than that, whatever the workload's average does).
    `checkpoint`, when given, is called between stages and inside the long loops (frontier sweep,
    replay); it raises to stop the computation (the caller's cancellation), and nothing is returned.
    Without `with_frontier` the cost-quality frontier (a sweep of solves under per-workload floors, nothing
    the policy depends on) is left empty, for callers that do not show it.
    `level` is the confidence level of the replay's bootstrap intervals.
    `progress`, when given, is told as the solving, replaying and savings stages start.
    """
    check = checkpoint or _no_check
    tell = progress or _no_progress
    tell(Stage.SOLVING)
    buckets = buckets or PromptBuckets()
    segments = compute_segment_table(inputs.segment_stats, inputs.model_stats)
    estimates = compute_estimates(
        segments, inputs.model_stats, candidates, eval_stats=inputs.eval_stats, window_days=inputs.window_days
    )
    check()
    current_shares = compute_current_shares(inputs.model_stats)
    if max_quality_drop is not None:
        constraints = compute_drop_constraints(constraints, estimates, current_shares, max_quality_drop)
    solution = compute_solution(
        estimates,
        segments,
        current_shares,
        constraints,
        window_days=inputs.window_days,
        is_integral=is_integral,
    )
    check()
    allowed = compute_allowed_estimates(estimates, constraints)
    frontier = (
        # The frontier is the trade-off of the traffic-weighted total: each point a floor on it, not per workload.
        compute_frontier(allowed, replace(constraints, is_floor_per_workload=False), checkpoint=check)
        if with_frontier
        else pd.DataFrame({"quality": [], "cost_month": [], "method": []})
    )
    check()
    opportunities, cascades = compute_opportunities(
        solution,
        segments,
        allowed,
        batch_workloads=batch_workloads,
        estimates=estimates,
        current_shares=current_shares,
    )
    policy = compute_policy(solution, buckets, org_id, cascades)
    check()
    tell(Stage.REPLAYING)
    replay = compute_replay(
        inputs.events,
        policy,
        candidates,
        estimates,
        window_days=inputs.window_days,
        seed=seed,
        n_boot=n_boot,
        checkpoint=check,
        level=level,
    )
    tell(Stage.SAVINGS)
    savings = compute_savings(
        replay,
        solution,
        policy,
        estimates,
        window_days=inputs.window_days,
        window_start=inputs.window_start,
        window_end=inputs.window_end,
        level=level,
    )
    policy = compute_policy_with_savings(policy, savings)
    return OptimizationReport(
        org_id,
        inputs,
        estimates,
        solution,
        policy,
        frontier,
        opportunities,
        compute_opportunity_map(opportunities),
        compute_opportunity_summary(opportunities),
        replay,
        savings,
    )


def _no_check() -> None:
    return None


def _no_progress(stage: Stage) -> None:
    return None


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, datetime | pd.Timestamp):
        return value.isoformat()
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [_clean(r) for r in frame.to_dict("records")]


def compute_report_dict(report: OptimizationReport) -> dict[str, Any]:
    """A JSON-safe summary of the report (what `netra optimize --json` prints)."""
    frontier = report.frontier
    if len(frontier) > MAX_FRONTIER_POINTS:
        idx = np.unique(np.linspace(0, len(frontier) - 1, MAX_FRONTIER_POINTS).round().astype(int))
        frontier = frontier.iloc[idx]
    opp_map = report.opportunity_map.reset_index()
    data: dict[str, Any] = _clean(
        {
            "org_id": report.org_id,
            "window": {
                "days": report.inputs.window_days,
                "start": report.inputs.window_start,
                "end": report.inputs.window_end,
                "events": int(report.inputs.events["n"].sum())
                if "n" in report.inputs.events
                else len(report.inputs.events),
            },
            "constraints": {
                "quality_floor": report.solution.constraints.quality_floor,
                "max_p95_ms": report.solution.constraints.max_p95_ms,
                "workload_slo_ms": dict(report.solution.constraints.workload_slo_ms),
                "workload_floors": dict(report.solution.constraints.workload_floors),
                "is_floor_per_workload": report.solution.constraints.is_floor_per_workload,
                # Workloads no allowed model brings up to the floor: kept on today's models.
                "pinned_workloads": sorted(report.solution.constraints.pinned_workloads),
            },
            "savings": report.savings.as_dict(),
            "savings_by_segment": _records(report.savings.by_segment.drop(columns=["line"])),
            "plan_diagnostic": report.solution.totals,
            "replay": report.replay.totals,
            "replay_by_workload": _records(report.replay.by_workload),
            "decisions": list(report.savings.by_segment["line"]),
            "assignments": _records(
                report.solution.assignments[
                    ["segment", "provider", "model", "share", "cost_month", "quality", "latency_p95_ms"]
                ]
            ),
            "opportunities": _records(report.opportunities),
            "opportunity_summary": _records(report.opportunity_summary.reset_index()),
            # What a user reads: the policy's own kinds as THE replayed figure, then the kinds beyond the policy.
            "opportunity_rows": _records(
                compute_opportunity_rows(report.savings, report.opportunity_summary).reset_index()
            ),
            "opportunity_map": _records(opp_map),
            "frontier": _records(frontier),
            "policy": report.policy.to_dict(),
        }
    )
    return data
