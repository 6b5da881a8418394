"""The optimization tool: the optimizer's own pipeline (segments -> policy -> replay) on the org's window."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from netra_core.agents.tools import Tool, ToolContext, ToolResult, WindowArgs, compute_records
from netra_core.catalog.builtin import PRICE_SOURCE
from netra_core.errors import InfeasiblePolicyError, LatencyInfeasibleError, NotFoundError
from netra_core.optimizer.scope import TrafficScope
from netra_core.roles import Role
from netra_core.services.recommend import DEFAULT_DAYS, RecommendRequest, recommend

AGENT = "optimization"
BUILTIN_NOTE = (
    "The model catalog has not been synced, so candidate models are priced from Netra's built-in table "
    f"({PRICE_SOURCE}); run `netra catalog sync` for current prices, admin overrides and custom models."
)


class OptimizeArgs(WindowArgs):
    """The window and constraints; workloads, task types and providers scope the traffic the policy is for."""

    quality_floor: float | None = Field(default=None, ge=0, le=1, description="Quality floor of every workload")
    p95_ms: float | None = Field(default=None, gt=0, description="p95 latency SLO in ms")
    savings_pct: float | None = Field(default=None, gt=0, lt=100, description="Savings target in percent")
    budget_usd: float | None = Field(default=None, gt=0, description="Monthly budget in USD")
    allowed_providers: list[str] = Field(
        default_factory=list, max_length=20, description="Route only to models of these providers"
    )


def compute_optimize_request(ctx: ToolContext, args: OptimizeArgs) -> RecommendRequest:
    """The service request for the tool's arguments: the org is the signed-in user's; a quality floor of 0 is none."""
    window = args.to_filter(ctx) if args.start is not None or args.end is not None else None
    return RecommendRequest(
        ctx.auth.org_slug,
        days=args.days or DEFAULT_DAYS,
        start=None if window is None else window.start,
        end=None if window is None else window.end,
        scope=TrafficScope(tuple(args.workloads), tuple(args.task_types), tuple(args.providers)),
        quality_floor=args.quality_floor or None,
        p95_limit_ms=args.p95_ms,
        allowed_providers=frozenset(args.allowed_providers) if args.allowed_providers else None,
        # The answer states the policy and its replay, never the frontier or the duplicate-cache opportunity.
        with_frontier=False,
        with_duplicates=False,
    )


def run_optimize_policy(ctx: ToolContext, args: OptimizeArgs) -> ToolResult:
    """The cheapest routing policy under the constraints, with replayed savings and their interval."""
    request = compute_optimize_request(ctx, args)
    scope = request.scope
    applied = compute_applied_constraints(args, scope)
    since = len(ctx.sql_log)
    store_key = ctx.store.describe() if ctx.store is not None else ""
    try:
        result = recommend(
            request, ctx.workload_client, ctx.session_factory, store_key=store_key, checkpoint=ctx.check_cancelled
        )
    except NotFoundError as exc:
        return ToolResult(data={"segments": 0, "message": f"{exc}.", "constraints_applied": applied})
    except LatencyInfeasibleError as exc:
        return ToolResult(
            data={
                "segments": 0,
                "message": f"No routing policy meets these constraints: {exc}",
                "constraints_applied": applied,
                "latency_infeasible": {
                    "limit_ms": exc.limit_ms,
                    "segment": exc.segment,
                    "segments": exc.segments,
                    "fastest_model": exc.fastest_model,
                    "fastest_p95_ms": exc.fastest_p95_ms,
                },
            }
        )
    except InfeasiblePolicyError as exc:
        # Not a failure of the run: the honest answer is that no policy meets these constraints.
        message = f"No routing policy meets these constraints: {str(exc).rstrip('.')}."
        if args.p95_ms is not None and not args.quality_floor:
            message += (
                " Under a latency limit the models in use may have to go, and no workload may lose expected "
                "quality unless you name a quality floor."
            )
        return ToolResult(data={"segments": 0, "message": message, "constraints_applied": applied})
    report, candidates = result.report, result.candidates
    days = float(report.inputs.window_days)  # a calendar window's own length
    sol, sav = report.solution.totals, report.savings
    data: dict[str, Any] = {
        "segments": len(report.solution.segments),
        "window_days": days,
        "is_calendar_window": request.window is not None,
        "window_start": None if report.inputs.window_start is None else report.inputs.window_start.isoformat(),
        "window_end": None if report.inputs.window_end is None else report.inputs.window_end.isoformat(),
        # THE savings figure (optimizer/savings.py), the same the Optimize page and the exports state.
        "savings": sav.as_dict(),
        "events": sav.events,
        "savings_window_usd": sav.window_usd,
        "window_spend_usd": sav.window_spend_usd,
        "current_cost_month": sav.current_month_usd,
        "policy_cost_month": sav.policy_month_usd,
        "policy_quality": sol["policy_quality"],
        "quality_floor": sol["quality_floor"],
        "replay_savings_month": sav.month_usd,
        "replay_savings_low": sav.month_lo_usd,
        "replay_savings_high": sav.month_hi_usd,
        "replay_savings_pct": sav.share,
        "savings_definition": sav.definition,
        "prior_only_targets": list(sav.prior_only),
        "interval_level": round(request.confidence_level * 100),
        "savings_pct_target": args.savings_pct,
        "budget_usd": args.budget_usd,
        "workloads_named": list(args.workloads),
        "scope": scope.describe(),
        "is_scoped": not scope.is_everything,
        "constraints_applied": applied,
        "p95_limit_ms": args.p95_ms,
        "policy_p95_max_ms": compute_policy_p95_max(report.solution.assignments),
        "candidates_source": candidates.source,
        "candidates": len(candidates.models),
        "policy": report.policy.to_dict(),
    }
    if candidates.source == "built-in":
        data["candidates_note"] = BUILTIN_NOTE
    # One row per routed model; the dollars are the segment's replayed saving (the headline's rows), never the plan's.
    columns = ["segment", "provider", "model", "share", "quality", "latency_p95_ms"]
    table = report.solution.assignments[[c for c in columns if c in report.solution.assignments]]
    per_segment = sav.by_segment.set_index("segment")
    table = table.assign(
        segment_savings_month=table["segment"].map(per_segment["savings_month"]),
        quality_measured=[
            "no: catalog prior" if m in per_segment["prior_only"].get(seg, ()) else "yes"
            for seg, m in zip(table["segment"], table["model"], strict=True)
        ],
    )
    return ToolResult(data=data, table=compute_records(table), sql=[r.as_dict() for r in ctx.sql_log[since:]])


def compute_applied_constraints(args: OptimizeArgs, scope: TrafficScope) -> list[str]:
    """The constraints the policy search applies, in words, for the answer to state."""
    out = [f"traffic: {scope.describe()}"]
    out.append(
        f"quality floor {args.quality_floor:.3f}"
        if args.quality_floor
        else "no workload below its current expected quality"
    )
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
    """The optimization sub-agent's tool: analysts and admins, as on the Optimize page (viewers read dashboards)."""
    return [
        Tool(
            "optimize_policy",
            "Cheapest routing policy under quality/latency constraints, with replayed savings.",
            OptimizeArgs,
            run_optimize_policy,
            AGENT,
            timeout_s=120.0,
            min_role=Role.ANALYST,
        ),
    ]
