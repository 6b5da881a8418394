"""The plan of a generated data set: how many events each workload sends in each minute, and the lookup tables.

Drawing the per-minute counts once (a multinomial over minutes x workloads, shaped by diurnal and
weekly seasonality, minute-level noise and bursts) fixes the whole time line up front. Events are
then produced block by block, each block a run of whole minutes with its own seeded generator, so
the output is identical however it is chunked and never needs all events in memory.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np

from netra_core.catalog.builtin import BUILTIN_MODELS, TASK_TYPES, ModelProfile
from netra_core.errors import ValidationError
from netra_core.generator.traffic_profiles import (
    DIURNAL_SHAPES,
    TOKEN_LOG_QUANTILES,
    WEEKLY_SHAPES,
    TrafficSpec,
    compute_token_sample,
)

BLOCK_EVENTS = 250_000  # events per block (a block is a run of whole minutes)
MINUTE_MS = 60_000
# A fixed default end (a Monday) so generated data never depends on the clock; the CLI passes "now".
DEFAULT_END = datetime(2025, 6, 2, tzinfo=UTC)
MAX_DAYS = 400
TRACES = ("code", "conv")


@dataclass(frozen=True, eq=False)
class GenerationPlan:
    """Everything block generation needs; pure data derived from (spec, n_events, days, seed, end)."""

    spec: TrafficSpec
    n_events: int
    days: int
    seed: int
    start_ms: int
    end_ms: int
    workload_names: tuple[str, ...]
    task_names: tuple[str, ...]
    models: tuple[ModelProfile, ...]
    counts: np.ndarray  # (minutes, workloads) events per minute per workload
    burst: np.ndarray  # (minutes, workloads) traffic multiplier of bursts (1 outside bursts)
    blocks: tuple[tuple[int, int, int], ...]  # (first minute, end minute, index of the first event)
    task_cum: np.ndarray  # (workloads, tasks) cumulative task mix
    model_cum: np.ndarray  # (workloads, models) cumulative model mix
    pool_offset: np.ndarray  # (workloads,) where each workload's repeated prompts start in the pool
    pool_size: np.ndarray  # (workloads,)
    pool_task: np.ndarray  # (pool,) task code of each repeated prompt
    pool_prompt: np.ndarray  # (pool,) prompt tokens of each repeated prompt

    def workload_array(self, attribute: str) -> np.ndarray:
        """One WorkloadSpec attribute for every workload, as an array indexed by workload code."""
        return np.array([getattr(w, attribute) for w in self.spec.workloads])

    def model_array(self, attribute: str) -> np.ndarray:
        """One ModelProfile attribute for every model (None -> NaN), indexed by model code."""
        values = [getattr(m, attribute) for m in self.models]
        return np.array([np.nan if v is None else v for v in values], dtype="float64")

    def quality_prior(self) -> np.ndarray:
        """(models, tasks) prior quality of each model on each task."""
        return np.array([[m.quality.get(t, 0.5) for t in self.task_names] for m in self.models], dtype="float64")


def _validate(spec: TrafficSpec, n_events: int, days: int, seed: int, end: datetime) -> None:
    if n_events < 1:
        raise ValidationError(f"events: must be at least 1, got {n_events}")
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(f"days: must be between 1 and {MAX_DAYS}, got {days}")
    if not 0 <= seed < 2**63:
        raise ValidationError(f"seed: must be between 0 and 2**63 - 1, got {seed}")
    if end.tzinfo is None:
        raise ValidationError(f"end: must be timezone-aware (UTC), got {end.isoformat()}")
    if not spec.workloads:
        raise ValidationError("spec: needs at least one workload")
    known = {m.model for m in BUILTIN_MODELS}
    for w in spec.workloads:
        where = f"workload {w.name!r}"
        if w.share <= 0:
            raise ValidationError(f"{where}: share must be positive, got {w.share}")
        if w.pattern not in DIURNAL_SHAPES or w.pattern not in WEEKLY_SHAPES:
            raise ValidationError(f"{where}: unknown pattern {w.pattern!r} (use one of {sorted(DIURNAL_SHAPES)})")
        for model in w.models:
            if model not in known:
                raise ValidationError(f"{where}: model {model!r} is not in the built-in catalog")
        for task in w.tasks:
            if task not in TASK_TYPES:
                raise ValidationError(f"{where}: task type {task!r} is not one of {list(TASK_TYPES)}")
        for trace in (w.tokens.prompt_trace, w.tokens.output_trace):
            if (trace, "prompt") not in TOKEN_LOG_QUANTILES:
                raise ValidationError(f"{where}: token trace {trace!r} is not one of {list(TRACES)}")
        if not (0 <= w.duplicate_share < 1 and w.users >= 1 and w.session_minutes >= 1):
            raise ValidationError(f"{where}: duplicate_share must be in [0, 1), users and session_minutes >= 1")


def _cumulative(mixes: list[dict[str, float]], names: tuple[str, ...]) -> np.ndarray:
    table = np.array([[mix.get(n, 0.0) for n in names] for mix in mixes], dtype="float64")
    table /= table.sum(axis=1, keepdims=True)
    cum = np.cumsum(table, axis=1)
    cum[:, -1] = 1.0 + 1e-9  # a draw of exactly 1 - eps must never fall off the end
    return cum


def _compute_intensity(spec: TrafficSpec, minute_ms: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """(weights, burst factor), each (minutes, workloads): the share of events in each cell."""
    n_bins = len(minute_ms)
    hour = (minute_ms // 3_600_000) % 24
    weekday = ((minute_ms // 86_400_000) + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    weights = np.empty((n_bins, len(spec.workloads)))
    burst = np.ones((n_bins, len(spec.workloads)))
    days = n_bins / 1440
    lo, hi = spec.burst_multiplier
    for j, w in enumerate(spec.workloads):
        base = np.asarray(DIURNAL_SHAPES[w.pattern])[hour] * np.asarray(WEEKLY_SHAPES[w.pattern])[weekday]
        # Minute-to-minute noise: real traffic is over-dispersed compared with a smooth curve.
        base = base * rng.gamma(25.0, 1 / 25.0, n_bins)
        for _ in range(rng.poisson(w.bursts_per_day * days)):
            first = int(rng.integers(0, n_bins))
            length = 5 + int(rng.geometric(1 / 15))
            burst[first : first + length, j] = np.maximum(burst[first : first + length, j], rng.uniform(lo, hi))
        intensity = base * burst[:, j]
        total = intensity.sum()
        weights[:, j] = w.share * intensity / total if total > 0 else 0.0
    weights /= weights.sum()
    return weights, burst


def _compute_blocks(per_minute: np.ndarray) -> tuple[tuple[int, int, int], ...]:
    before = np.cumsum(per_minute) - per_minute
    block_of_minute = before // BLOCK_EVENTS
    edges = np.flatnonzero(np.diff(block_of_minute)) + 1
    starts = np.concatenate([[0], edges])
    ends = np.concatenate([edges, [len(per_minute)]])
    return tuple((int(s), int(e), int(before[s])) for s, e in zip(starts, ends, strict=True))


def compute_generation_plan(
    spec: TrafficSpec, n_events: int, days: int, seed: int, end: datetime = DEFAULT_END
) -> GenerationPlan:
    """Draw the time line (events per minute per workload) and build the lookup tables."""
    _validate(spec, n_events, days, seed, end)
    rng = np.random.default_rng([seed, 0])
    end_ms = int(end.timestamp() * 1000) // MINUTE_MS * MINUTE_MS
    start_ms = end_ms - days * 86_400_000
    minute_ms = start_ms + np.arange(days * 1440, dtype=np.int64) * MINUTE_MS
    weights, burst = _compute_intensity(spec, minute_ms, rng)
    counts = rng.multinomial(n_events, weights.ravel()).reshape(weights.shape)

    workloads = spec.workloads
    task_names = tuple(t for t in TASK_TYPES if any(t in w.tasks for w in workloads))
    models = BUILTIN_MODELS
    model_names = tuple(m.model for m in models)
    # Repeated prompts: each workload has a pool; a repeated request picks a pool entry, which
    # keeps the same task and prompt size every time it recurs.
    sizes = [
        math.ceil(n_events * w.share * w.duplicate_share / w.repeats_per_prompt) if w.duplicate_share > 0 else 0
        for w in workloads
    ]
    pool_task_parts, pool_prompt_parts = [], []
    task_cum = _cumulative([w.tasks for w in workloads], task_names)
    for j, w in enumerate(workloads):
        u = rng.random(sizes[j])
        pool_task_parts.append((u[:, None] >= task_cum[j][None, :]).sum(axis=1))
        pool_prompt_parts.append(
            compute_token_sample(w.tokens.prompt_trace, "prompt", rng.random(sizes[j]), w.tokens.prompt_scale)
        )
    return GenerationPlan(
        spec=spec,
        n_events=n_events,
        days=days,
        seed=seed,
        start_ms=start_ms,
        end_ms=end_ms,
        workload_names=tuple(w.name for w in workloads),
        task_names=task_names,
        models=models,
        counts=counts,
        burst=burst,
        blocks=_compute_blocks(counts.sum(axis=1)),
        task_cum=task_cum,
        model_cum=_cumulative([w.models for w in workloads], model_names),
        pool_offset=np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64),
        pool_size=np.asarray(sizes, dtype=np.int64),
        pool_task=np.concatenate(pool_task_parts).astype(np.int64),
        pool_prompt=np.concatenate(pool_prompt_parts).astype(np.int64),
    )


def compute_end(days: int, start: datetime | None = None, end: datetime | None = None) -> datetime:
    """The end of the generated window: `end`, else `start + days`, else the fixed DEFAULT_END."""
    if start is not None and end is not None and start + timedelta(days=days) != end:
        raise ValidationError(f"start {start.isoformat()} + {days} days is not end {end.isoformat()}: give one")
    if end is not None:
        return end
    return start + timedelta(days=days) if start is not None else DEFAULT_END


def compute_plan(
    spec: TrafficSpec, n_events: int, days: int, seed: int, start: datetime | None = None, end: datetime | None = None
) -> GenerationPlan:
    """The generation plan for these arguments (see generation_plan.py)."""
    return compute_generation_plan(spec, n_events, days, seed, compute_end(days, start, end))
