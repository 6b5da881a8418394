"""Run the optimizer for an org: read its window from the store, pick candidates from the catalog, solve."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from sqlalchemy.orm import Session

from netra_core.catalog.builtin import BUILTIN_MODELS, ModelProfile
from netra_core.db.catalog import fetch_catalog
from netra_core.optimizer.policy import RouteTarget, RoutingPolicy
from netra_core.optimizer.report import OptimizationReport, compute_optimization
from netra_core.optimizer.segments import PromptBuckets
from netra_core.optimizer.solver import PolicyConstraints
from netra_core.workloads.segments import fetch_optimization_inputs
from netra_core.workloads.store import WorkloadStore

# For catalog models Netra has no latency profile for (documented defaults, replaced by observations).
DEFAULT_TTFT_MS = 500.0
DEFAULT_OUTPUT_TPS = 80.0


def fetch_candidates(session: Session | None, org_id: int | None = None) -> list[ModelProfile]:
    """The built-in models at the catalog's price in effect now (admin overrides included) plus the org's custom models.

    Without a synced catalog (session None or empty), the built-in table as it is.
    """
    return fetch_candidates_and_source(session, org_id)[0]


def fetch_candidates_and_source(session: Session | None, org_id: int | None = None) -> tuple[list[ModelProfile], bool]:
    """fetch_candidates, and whether the prices came from the catalog (False: the built-in table)."""
    if session is None:
        return list(BUILTIN_MODELS), False
    catalog = fetch_catalog(session, org_id)
    if catalog.empty:
        return list(BUILTIN_MODELS), False
    by_key = {(r.provider, r.model): r for r in catalog.itertuples(index=False)}
    out: list[ModelProfile] = []
    for profile in BUILTIN_MODELS:
        row = by_key.get((profile.provider, profile.model))
        if row is None or row.input_per_mtok is None:
            out.append(profile)
            continue
        out.append(
            replace(
                profile,
                input_per_mtok=float(row.input_per_mtok),
                output_per_mtok=float(row.output_per_mtok),
                cached_input_per_mtok=None if _missing(row.cached_input_per_mtok) else float(row.cached_input_per_mtok),
            )
        )
    for row in catalog[catalog["is_custom"]].itertuples(index=False):
        if row.input_per_mtok is None:
            continue
        quality = {
            task: float(v["mean"]) for task, v in (row.quality or {}).items() if isinstance(v, dict) and "mean" in v
        }
        out.append(
            ModelProfile(
                provider=row.provider,
                model=row.model,
                input_per_mtok=float(row.input_per_mtok),
                output_per_mtok=float(row.output_per_mtok),
                cached_input_per_mtok=None if _missing(row.cached_input_per_mtok) else float(row.cached_input_per_mtok),
                batch_discount=None if _missing(row.batch_discount) else float(row.batch_discount),
                context_window=int(row.context_window or 8192),
                ttft_ms=DEFAULT_TTFT_MS if _missing(row.ttft_ms) else float(row.ttft_ms),
                output_tokens_per_s=DEFAULT_OUTPUT_TPS
                if _missing(row.output_tokens_per_s)
                else float(row.output_tokens_per_s),
                quality=quality,
            )
        )
    return out, True


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def fetch_recommendation(
    store: WorkloadStore,
    org_id: str,
    *,
    days: float,
    constraints: PolicyConstraints,
    candidates: list[ModelProfile] | None = None,
    batch_workloads: Iterable[str] = (),
    max_quality_drop: float | None = None,
    seed: int = 0,
) -> OptimizationReport:
    """The recommended policy for the org's last `days` of traffic (one short store session, then pure compute)."""
    buckets = PromptBuckets()
    with store.session() as client:
        inputs = fetch_optimization_inputs(client, org_id, days, buckets)
    return compute_optimization(
        org_id, inputs, candidates or list(BUILTIN_MODELS), constraints, buckets=buckets,
        batch_workloads=batch_workloads, max_quality_drop=max_quality_drop, seed=seed,
    )  # fmt: skip


def compute_what_if_policy(
    policy: RoutingPolicy, *, provider: str, model: str, workload: str | None = None, task_type: str | None = None
) -> RoutingPolicy:
    """A copy of `policy` that sends the matching segments (by workload and/or task type) entirely to one model."""
    target = RouteTarget(provider=provider, model=model, share=1.0)
    rules = tuple(
        replace(rule, targets=(target,), cascade=None, reason=f"what-if: all to {model}")
        if (workload is None or rule.workload == workload) and (task_type is None or rule.task_type == task_type)
        else rule
        for rule in policy.rules
    )
    return replace(policy, rules=rules)
