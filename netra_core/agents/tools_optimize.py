"""The optimization tool: the optimizer's own pipeline (segments -> policy -> replay) on the org's window."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from netra_core.agents.tools import Tool, ToolContext, ToolResult, WindowArgs, compute_records
from netra_core.catalog.builtin import BUILTIN_MODELS, PRICE_SOURCE, ModelProfile
from netra_core.errors import InfeasiblePolicyError, LatencyInfeasibleError, NotFoundError
from netra_core.optimizer.scope import TrafficScope

AGENT = "optimization"
INTERVAL_LEVEL = 95  # compute_bootstrap's default level, in percent
BUILTIN_NOTE = ("The model catalog has not been synced, so candidate models are priced from Netra's built-in table "
                f"({PRICE_SOURCE}); run `netra catalog sync` for current prices, admin overrides and custom models.")  # fmt: skip


class OptimizeArgs(WindowArgs):
    """The window and constraints; workloads, task types and providers scope the traffic the policy is for."""

    quality_floor: float | None = Field(default=None, ge=0, le=1, description="Traffic-weighted quality floor")
    p95_ms: float | None = Field(default=None, gt=0, description="p95 latency SLO in ms")
    savings_pct: float | None = Field(default=None, gt=0, lt=100, description="Savings target in percent")
    budget_usd: float | None = Field(default=None, gt=0, description="Monthly budget in USD")
    allowed_providers: list[str] = Field(default_factory=list, max_length=20,
                                         description="Route only to models of these providers")  # fmt: skip


def fetch_optimize_candidates(ctx: ToolContext) -> tuple[list[ModelProfile], str]:
    """The org's candidate models as the app prices them (synced catalog, overrides, custom models) and the source.

    The built-in table when there is no app database or its catalog is empty.
    """
    from netra_core.recommend import fetch_candidates_and_source

    if ctx.session_factory is not None:
        with ctx.session_factory() as session:
            candidates, is_catalog = fetch_candidates_and_source(session, ctx.auth.org_pk)
        if is_catalog:
            return candidates, "catalog"
    return list(BUILTIN_MODELS), "built-in"


def run_optimize_policy(ctx: ToolContext, args: OptimizeArgs) -> ToolResult:
    """The cheapest routing policy under the constraints, with replayed savings and their interval."""
    from netra_core.optimizer.report import compute_optimization
    from netra_core.optimizer.segments import PromptBuckets
    from netra_core.optimizer.solver import PolicyConstraints
    from netra_core.workloads.segments import fetch_cached_optimization_inputs

    days = args.days or 30.0
    if args.start is not None:
        days = args.to_filter(ctx).span.total_seconds() / 86400
    candidates, source = fetch_optimize_candidates(ctx)
    buckets = PromptBuckets()
    scope = TrafficScope(tuple(args.workloads), tuple(args.task_types), tuple(args.providers))
    applied = compute_applied_constraints(args, scope)
    since = len(ctx.sql_log)
    try:
        with ctx.workload_client() as client:
            store_key = ctx.store.describe() if ctx.store is not None else ""
            # The answer states the policy and its replay, never the duplicate-cache opportunity: skip that read.
            inputs = fetch_cached_optimization_inputs(client, store_key, ctx.auth.org_slug, days, buckets, scope,
                                                      with_duplicates=False)  # fmt: skip
    except NotFoundError as exc:
        return ToolResult(data={"segments": 0, "message": f"{exc}.", "constraints_applied": applied})
    ctx.check_cancelled()
    # Without a floor, no workload may lose expected quality (the floor the user did not name is not lowered).
    # A latency limit the user names holds for every segment, the models serving it today included.
    constraints = PolicyConstraints(
        quality_floor=args.quality_floor or 0.0,
        max_p95_ms=args.p95_ms,
        allowed_providers=frozenset(args.allowed_providers) if args.allowed_providers else None,
        is_current_exempt_from_slo=args.p95_ms is None,
    )
    try:
        report = compute_optimization(ctx.auth.org_slug, inputs, candidates, constraints, buckets=buckets,
                                      max_quality_drop=None if args.quality_floor else 0.0, seed=0,
                                      checkpoint=ctx.check_cancelled, with_frontier=False)  # fmt: skip
    except LatencyInfeasibleError as exc:
        return ToolResult(data={"segments": 0, "message": f"No routing policy meets these constraints: {exc}",
                                "constraints_applied": applied, "latency_infeasible": {
                                    "limit_ms": exc.limit_ms, "segment": exc.segment, "segments": exc.segments,
                                    "fastest_model": exc.fastest_model, "fastest_p95_ms": exc.fastest_p95_ms}})  # fmt: skip
    except InfeasiblePolicyError as exc:
        # Not a failure of the run: the honest answer is that no policy meets these constraints.
        message = f"No routing policy meets these constraints: {str(exc).rstrip('.')}."
        if args.p95_ms is not None and not args.quality_floor:
            message += (" Under a latency limit the models in use may have to go, and no workload may lose expected "
                        "quality unless you name a quality floor.")  # fmt: skip
        return ToolResult(data={"segments": 0, "message": message, "constraints_applied": applied})
    sol, rep = report.solution.totals, report.replay.totals
    data: dict[str, Any] = {
        "segments": len(report.solution.segments),
        "window_days": days,
        "current_cost_month": sol["current_cost_month"],
        "policy_cost_month": sol["policy_cost_month"],
        "policy_quality": sol["policy_quality"],
        "quality_floor": sol["quality_floor"],
        "replay_savings_month": rep.get("savings_month", 0.0),
        "replay_savings_low": rep.get("savings_month_lo", 0.0),
        "replay_savings_high": rep.get("savings_month_hi", 0.0),
        "replay_savings_pct": rep.get("savings_pct", 0.0),
        "interval_level": INTERVAL_LEVEL,
        "savings_pct_target": args.savings_pct,
        "budget_usd": args.budget_usd,
        "workloads_named": list(args.workloads),
        "scope": scope.describe(),
        "is_scoped": not scope.is_everything,
        "constraints_applied": applied,
        "p95_limit_ms": args.p95_ms,
        "policy_p95_max_ms": compute_policy_p95_max(report.solution.assignments),
        "candidates_source": source,
        "candidates": len(candidates),
        "policy": report.policy.to_dict(),
    }
    if source == "built-in":
        data["candidates_note"] = BUILTIN_NOTE
    columns = ["segment", "provider", "model", "share", "cost_month", "quality", "latency_p95_ms"]
    table = report.solution.assignments[[c for c in columns if c in report.solution.assignments]]
    return ToolResult(data=data, table=compute_records(table), sql=[r.as_dict() for r in ctx.sql_log[since:]])


def compute_applied_constraints(args: OptimizeArgs, scope: TrafficScope) -> list[str]:
    """The constraints the policy search applies, in words, for the answer to state."""
    out = [f"traffic: {scope.describe()}"]
    out.append(f"quality floor {args.quality_floor:.3f}" if args.quality_floor else
               "no workload below its current expected quality")  # fmt: skip
    if args.p95_ms is not None:
        out.append(f"p95 latency ≤ {args.p95_ms:,.0f} ms on every segment, models in use included")
    if args.allowed_providers:
        out.append(f"models of {', '.join(args.allowed_providers)} only")
    return out


def compute_policy_p95_max(assignments: Any) -> float | None:
    """The highest estimated p95 (ms) among the models the policy routes to (None without estimates)."""
    if "latency_p95_ms" not in assignments or assignments.empty:
        return None
    return float(assignments["latency_p95_ms"].max())


def make_optimization_tools() -> list[Tool]:
    """The optimization sub-agent's tool (read-only: every role may ask for a recommendation)."""
    return [
        Tool(
            "optimize_policy",
            "Cheapest routing policy under quality/latency constraints, with replayed savings.",
            OptimizeArgs,
            run_optimize_policy,
            AGENT,
            timeout_s=120.0,
        ),
    ]
