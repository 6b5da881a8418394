"""Recommend a routing policy: one request with one set of defaults, for the CLI, the page and the assistant.

The documented defaults (`RecommendRequest`):
- window: the 30 days ending at the org's latest event; a calendar window (`start`, `end`) is read as given;
- traffic: all of the org's (a `TrafficScope` narrows it to workloads / task types / providers serving it today);
- quality: with neither a floor nor a maximum drop, no workload may lose expected quality (a drop of 0); a floor
  alone is traffic-weighted; a drop alone keeps each workload within it of its quality today;
- latency: no limit; a limit named holds for every model, the ones serving a segment today included;
- candidates: the org's catalog (built-in models at the price in effect now, admin overrides, its custom models),
  else the built-in table, with the reason;
- one exact LP solve (traffic splits allowed), 95 % bootstrap intervals, seed 0.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from clickhouse_connect.driver.client import Client
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from netra_core.catalog.builtin import BUILTIN_MODELS, ModelProfile
from netra_core.db.catalog import fetch_catalog
from netra_core.db.migrate import fetch_app_db_revision, head_revision
from netra_core.db.orgs import fetch_org_or_none
from netra_core.errors import NetraError, ValidationError
from netra_core.optimizer.policy import RouteTarget, RoutingPolicy
from netra_core.optimizer.report import OptimizationReport, compute_optimization
from netra_core.optimizer.scope import TrafficScope
from netra_core.optimizer.segments import PromptBuckets
from netra_core.optimizer.solver import PolicyConstraints
from netra_core.optimizer.stages import Progress, Stage
from netra_core.workloads.segments import fetch_cached_optimization_inputs, fetch_optimization_inputs

if TYPE_CHECKING:
    from netra_core.routing.opportunity import PerPromptRouting

# For catalog models Netra has no latency profile for (documented defaults, replaced by observations).
DEFAULT_TTFT_MS = 500.0
DEFAULT_OUTPUT_TPS = 80.0
DEFAULT_DAYS = 30.0
DEFAULT_CONFIDENCE_LEVEL = 0.95

CandidateSource = Literal["catalog", "built-in", "given"]
OpenClient = Callable[[], AbstractContextManager[Client]]


@dataclass(frozen=True)
class RecommendRequest:
    """What to recommend a policy for and under which constraints; every default is the documented one above."""

    org_id: str
    days: float = DEFAULT_DAYS
    start: datetime | None = None
    end: datetime | None = None
    scope: TrafficScope = field(default_factory=TrafficScope)
    quality_floor: float | None = None
    max_quality_drop: float | None = None
    workload_floors: Mapping[str, float] = field(default_factory=dict)
    p95_limit_ms: float | None = None
    workload_slo_ms: Mapping[str, float] = field(default_factory=dict)
    is_current_exempt_from_slo: bool = False
    allowed_providers: frozenset[str] | None = None
    excluded_models: frozenset[str] = frozenset()
    batch_workloads: tuple[str, ...] = ()
    candidates: tuple[ModelProfile, ...] | None = None
    is_integral: bool = False
    confidence_level: float = DEFAULT_CONFIDENCE_LEVEL
    seed: int = 0
    with_frontier: bool = True
    with_duplicates: bool = True

    def __post_init__(self) -> None:
        if not self.org_id:
            raise ValidationError("recommend: an org is required")
        if not self.days > 0:
            raise ValidationError(f"recommend: days {self.days!r} must be above 0")
        if (self.start is None) != (self.end is None):
            raise ValidationError("recommend: give both the window's start and its end, or neither")
        if self.start is not None and self.end is not None and _naive_utc(self.start) >= _naive_utc(self.end):
            raise ValidationError(f"recommend: the window's start {self.start} is not before its end {self.end}")
        for name in ("quality_floor", "max_quality_drop"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 1:
                raise ValidationError(f"recommend: {name.replace('_', ' ')} {value!r} must be between 0 and 1")
        if self.p95_limit_ms is not None and not self.p95_limit_ms > 0:
            raise ValidationError(f"recommend: p95 limit {self.p95_limit_ms!r} ms must be above 0")
        if not 0 < self.confidence_level < 1:
            raise ValidationError(f"recommend: confidence level {self.confidence_level!r} must be between 0 and 1")

    @property
    def window(self) -> tuple[datetime, datetime] | None:
        """The calendar window as naive UTC (the store's convention), or None for the last `days`."""
        if self.start is None or self.end is None:
            return None
        return _naive_utc(self.start), _naive_utc(self.end)

    def compute_constraints(self) -> tuple[PolicyConstraints, float | None]:
        """The solver's constraints and the per-workload maximum quality drop, with the quality default applied."""
        is_quality_named = self.quality_floor is not None or self.max_quality_drop is not None
        constraints = PolicyConstraints(
            quality_floor=self.quality_floor or 0.0,
            workload_floors=dict(self.workload_floors),
            max_p95_ms=self.p95_limit_ms,
            workload_slo_ms=dict(self.workload_slo_ms),
            allowed_providers=self.allowed_providers,
            excluded_models=self.excluded_models,
            is_current_exempt_from_slo=self.is_current_exempt_from_slo,
            is_floor_per_workload=True,  # a floor the user sets holds in every workload, not only on average
        )
        return constraints, self.max_quality_drop if is_quality_named else 0.0


@dataclass(frozen=True)
class PricedCandidates:
    """The models the optimizer may choose, where their prices came from, and that in words."""

    models: tuple[ModelProfile, ...]
    source: CandidateSource
    note: str


@dataclass(frozen=True)
class Recommendation:
    """The optimizer's report for a request, with the candidates it chose from."""

    request: RecommendRequest
    report: OptimizationReport
    candidates: PricedCandidates

    @property
    def savings_month(self) -> float:
        """The replayed savings per 30-day month (the headline figure every front door shows)."""
        return self.report.savings.month_usd


def recommend(
    request: RecommendRequest,
    open_client: OpenClient,
    sessions: sessionmaker[Session] | None,
    *,
    store_key: str | None = None,
    checkpoint: Callable[[], None] | None = None,
    progress: Progress | None = None,
) -> Recommendation:
    """The recommended policy for the request: one short store session, then pure compute.

    `open_client` opens a workload-store session (`store.session`, or the assistant's recorded one); `sessions`
    is the app database (None: built-in prices). With `store_key` (the store's location) the inputs are reused
    while the store's data is unchanged. `checkpoint` is called between stages; it raises to stop. `progress` is
    told as each stage starts (optimizer/stages.py: traffic, candidates, solving, replaying, savings).
    """
    tell = progress or _no_progress
    buckets = PromptBuckets()
    tell(Stage.TRAFFIC)
    with open_client() as client:
        if store_key is None:
            inputs = fetch_optimization_inputs(
                client,
                request.org_id,
                request.days,
                buckets,
                request.scope,
                with_duplicates=request.with_duplicates,
                window=request.window,
            )
        else:
            inputs = fetch_cached_optimization_inputs(
                client,
                store_key,
                request.org_id,
                request.days,
                buckets,
                request.scope,
                with_duplicates=request.with_duplicates,
                window=request.window,
            )
    if checkpoint is not None:
        checkpoint()
    tell(Stage.CANDIDATES)
    candidates = (
        PricedCandidates(request.candidates, "given", "the candidate models given")
        if request.candidates is not None
        else fetch_priced_candidates(sessions, request.org_id)
    )
    constraints, max_quality_drop = request.compute_constraints()
    report = compute_optimization(
        request.org_id,
        inputs,
        list(candidates.models),
        constraints,
        buckets=buckets,
        batch_workloads=request.batch_workloads,
        is_integral=request.is_integral,
        max_quality_drop=max_quality_drop,
        seed=request.seed,
        checkpoint=checkpoint,
        with_frontier=request.with_frontier,
        level=request.confidence_level,
        progress=progress,
    )
    return Recommendation(request, report, candidates)


def fetch_priced_candidates(sessions: sessionmaker[Session] | None, org_id: str) -> PricedCandidates:
    """The org's candidates from the app database's catalog, else the built-in table with the reason.

    An unreachable, unmigrated or unsynced app database is not an error: the optimizer still runs on built-in prices.
    """
    builtin = tuple(BUILTIN_MODELS)
    if sessions is None:
        return PricedCandidates(builtin, "built-in", "built-in prices (no app database)")
    try:
        with sessions() as session:
            org = fetch_org_or_none(session, org_id)
            models, is_catalog = fetch_candidates_and_source(session, None if org is None else org.id)
    except (SQLAlchemyError, NetraError) as exc:
        return PricedCandidates(builtin, "built-in", _unreadable_note(sessions, exc))
    if not is_catalog:
        return PricedCandidates(builtin, "built-in", "built-in prices (no synced catalog: run `netra catalog sync`)")
    return PricedCandidates(tuple(models), "catalog", "catalog prices in effect now")


def _unreadable_note(sessions: sessionmaker[Session], exc: Exception) -> str:
    """Why the app database could not price the candidates: not migrated, or another error (named)."""
    bind = sessions.kw.get("bind")
    try:
        if bind is not None and fetch_app_db_revision(bind) != head_revision(bind):
            return "built-in prices (the app database is not migrated: run `netra db upgrade`)"
    except (SQLAlchemyError, NetraError):
        pass
    return f"built-in prices (the app database could not be read: {type(exc).__name__})"


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


def fetch_per_prompt_routing(open_client: OpenClient, org_id: str, *, seed: int = 0) -> list[PerPromptRouting]:
    """What routing each prompt (learned from the org's eval results) would add; empty when none cover two models."""
    from netra_core.routing.opportunity import compute_per_prompt_routing  # the router's learners load slowly
    from netra_core.workloads.eval_results import fetch_eval_frame

    with open_client() as client:
        frame = fetch_eval_frame(client, org_id)
    return compute_per_prompt_routing(frame, seed=seed) if not frame.empty else []


def _no_progress(stage: Stage) -> None:
    return None


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _naive_utc(value: datetime) -> datetime:
    return value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)
