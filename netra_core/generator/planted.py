"""The truth about generated traffic: the opportunities it holds, computed from the rows themselves.

Three kinds, each measured against the traffic as generated (never on top of each other, so nothing
is counted twice):
- model switches: for every (workload, task type, model) segment, the cheapest catalog model whose
  prior quality on the task is within QUALITY_TOLERANCE of the current model's, whose context window
  holds the segment's largest successful prompt and whose estimated p95 latency (the observed p95
  scaled by the two models' mean latency on the segment's tokens) meets the workload's SLO, with the
  dollars saved by re-pricing the segment's successful requests on it;
- exact caching of repeated prompts: per workload, the share of requests repeating an earlier
  prompt_hash and the dollars saved by answering every successful repeat from a cache;
- batch APIs for latency-insensitive workloads: the spend on models with a batch discount and the
  dollars saved at that discount.
Segments of workloads that planted an opportunity on purpose are flagged `is_planted`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from netra_core.catalog.builtin import BUILTIN_MODELS, ModelProfile, builtin_profile
from netra_core.generator.event_blocks import compute_mean_latency
from netra_core.generator.traffic_profiles import TrafficSpec

QUALITY_TOLERANCE = 0.02
_EPS = 1e-9
_SEGMENT = ["workload", "task_type", "provider", "model"]


@dataclass(frozen=True)
class ModelSwitch:
    """Move a segment's traffic to a cheaper model of about the same prior quality."""

    workload: str
    task_type: str
    provider: str
    model: str
    to_provider: str
    to_model: str
    quality_prior: float
    to_quality_prior: float
    events: int  # successful requests re-priced
    spend_usd: float
    spend_after_usd: float
    savings_usd: float
    to_p95_ms_estimate: float
    slo_p95_ms: float
    is_planted: bool


@dataclass(frozen=True)
class CacheOpportunity:
    """Answer exact repeats of a prompt from a cache."""

    workload: str
    events: int
    distinct_prompts: int
    duplicate_share: float  # (events - distinct prompt hashes) / events, over all requests
    spend_usd: float  # successful requests
    savings_usd: float  # spend of successful requests whose prompt already succeeded earlier
    is_planted: bool


@dataclass(frozen=True)
class BatchOpportunity:
    """Send a latency-insensitive workload through the providers' batch APIs."""

    workload: str
    events: int
    spend_usd: float
    batchable_spend_usd: float  # spend on models that have a batch API
    savings_usd: float
    is_planted: bool


@dataclass(frozen=True)
class WorkloadFacts:
    """What the spec says about a workload (the optimizer needs the SLOs)."""

    name: str
    slo_p95_ms: float
    is_latency_insensitive: bool
    planted: tuple[str, ...]


@dataclass(frozen=True)
class PlantedTruth:
    """Everything planted in a generated data set, with its dollars."""

    events: int
    spend_usd: float
    workloads: tuple[WorkloadFacts, ...]
    model_switches: tuple[ModelSwitch, ...]
    caches: tuple[CacheOpportunity, ...]
    batches: tuple[BatchOpportunity, ...]
    quality_tolerance: float = QUALITY_TOLERANCE

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)


def _price(profile: ModelProfile, prompt: float, cached: float, completion: float) -> float:
    cached_price = (
        profile.cached_input_per_mtok if profile.cached_input_per_mtok is not None else profile.input_per_mtok
    )
    return (
        (prompt - cached) * profile.input_per_mtok + cached * cached_price + completion * profile.output_per_mtok
    ) / 1e6


def _prompt_keys(events: pd.DataFrame) -> np.ndarray:
    if "prompt_key" in events:
        keys: np.ndarray = events["prompt_key"].to_numpy(dtype=np.uint64)
        return keys
    hashed: np.ndarray = pd.util.hash_pandas_object(events["prompt_hash"], index=False).to_numpy(dtype=np.uint64)
    return hashed


def _first_occurrences(keys: np.ndarray) -> np.ndarray:
    """Mask of the first row of each key, in row order (a hash table: no sort)."""
    mask: np.ndarray = ~pd.Series(keys).duplicated(keep="first").to_numpy()
    return mask


@dataclass
class TruthAccumulator:
    """Collects what the truth needs chunk by chunk (chunks in time order), then `finish` computes it."""

    spec: TrafficSpec
    events: int = 0
    spend: float = 0.0
    segments: list[pd.DataFrame] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    ok_spend: dict[str, float] = field(default_factory=dict)
    all_keys: dict[str, list[np.ndarray]] = field(default_factory=dict)
    first_keys: dict[str, list[np.ndarray]] = field(default_factory=dict)
    first_costs: dict[str, list[np.ndarray]] = field(default_factory=dict)

    def add(self, events: pd.DataFrame) -> None:
        """Take one chunk of events (segment, token, cost, latency, status, ts and prompt_hash columns)."""
        if events.empty:
            return
        if not events["ts"].is_monotonic_increasing:
            events = events.sort_values("ts", kind="stable")
        self.events += len(events)
        self.spend += float(events["cost_usd"].sum())
        is_ok = (events["status"] == "ok").to_numpy()
        ok = events[is_ok]
        self.segments.append(
            ok.groupby(_SEGMENT, observed=True, sort=False)
            .agg(
                events=("cost_usd", "size"),
                spend=("cost_usd", "sum"),
                prompt=("prompt_tokens", "sum"),
                cached=("cached_tokens", "sum"),
                completion=("completion_tokens", "sum"),
                max_prompt=("prompt_tokens", "max"),
                p95=("latency_ms", lambda latency: latency.quantile(0.95)),
            )
            .reset_index()
        )
        # p95 x events, so that chunks combine into an events-weighted mean of their p95s.
        self.segments[-1]["p95_x_events"] = self.segments[-1].pop("p95") * self.segments[-1]["events"]
        keys = _prompt_keys(events)
        codes, names = pd.factorize(events["workload"])
        costs = events["cost_usd"].to_numpy(dtype="float64")
        for code, name in enumerate(names):
            rows = codes == code
            w_keys = keys[rows]
            self.counts[name] = self.counts.get(name, 0) + len(w_keys)
            self.all_keys.setdefault(name, []).append(pd.unique(w_keys))
            ok_rows = rows & is_ok
            ok_keys, ok_costs = keys[ok_rows], costs[ok_rows]
            self.ok_spend[name] = self.ok_spend.get(name, 0.0) + float(ok_costs.sum())
            first = _first_occurrences(ok_keys)
            self.first_keys.setdefault(name, []).append(ok_keys[first])
            self.first_costs.setdefault(name, []).append(ok_costs[first])

    def finish(self) -> PlantedTruth:
        """The truth over every chunk added."""
        spec = self.spec
        facts = tuple(WorkloadFacts(w.name, w.slo_p95_ms, w.is_latency_insensitive, w.planted) for w in spec.workloads)
        segments = (
            pd.concat(self.segments, ignore_index=True)
            .groupby(_SEGMENT, observed=True)
            .agg(
                events=("events", "sum"),
                spend=("spend", "sum"),
                prompt=("prompt", "sum"),
                cached=("cached", "sum"),
                completion=("completion", "sum"),
                max_prompt=("max_prompt", "max"),
                p95_x_events=("p95_x_events", "sum"),
            )
            .reset_index()
            if self.segments
            else pd.DataFrame(
                columns=[*_SEGMENT, "events", "spend", "prompt", "cached", "completion", "max_prompt", "p95_x_events"]
            )
        )
        return PlantedTruth(
            events=self.events,
            spend_usd=self.spend,
            workloads=facts,
            model_switches=self._switches(segments),
            caches=self._caches(),
            batches=self._batches(segments),
        )

    def _switches(self, segments: pd.DataFrame) -> tuple[ModelSwitch, ...]:
        out = []
        for seg in segments.itertuples(index=False):
            current = builtin_profile(str(seg.provider), str(seg.model))
            if current is None or str(seg.workload) not in {w.name for w in self.spec.workloads}:
                continue
            workload = self.spec.workload(str(seg.workload))
            task = str(seg.task_type)
            prior = current.quality.get(task, 0.0)
            n = int(seg.events)
            best: tuple[float, ModelProfile, float] | None = None
            for candidate in BUILTIN_MODELS:
                if candidate is current or candidate.quality.get(task, 0.0) < prior - QUALITY_TOLERANCE - _EPS:
                    continue
                if candidate.context_window < int(seg.max_prompt):
                    continue
                # The segment's observed p95, scaled by how much faster or slower the candidate is.
                speed = compute_mean_latency(candidate, seg.prompt / n, seg.completion / n) / compute_mean_latency(
                    current, seg.prompt / n, seg.completion / n
                )
                p95 = seg.p95_x_events / n * speed
                if p95 > workload.slo_p95_ms:
                    continue
                cost = _price(candidate, seg.prompt, seg.cached, seg.completion)
                if best is None or cost < best[0]:
                    best = (cost, candidate, p95)
            if best is None or best[0] >= _price(current, seg.prompt, seg.cached, seg.completion) * (1 - _EPS):
                continue
            cost, candidate, p95 = best
            out.append(
                ModelSwitch(
                    workload=workload.name,
                    task_type=task,
                    provider=current.provider,
                    model=current.model,
                    to_provider=candidate.provider,
                    to_model=candidate.model,
                    quality_prior=prior,
                    to_quality_prior=candidate.quality.get(task, 0.0),
                    events=n,
                    spend_usd=float(seg.spend),
                    spend_after_usd=cost,
                    savings_usd=float(seg.spend) - cost,
                    to_p95_ms_estimate=p95,
                    slo_p95_ms=workload.slo_p95_ms,
                    is_planted="model_switch" in workload.planted,
                )
            )
        return tuple(sorted(out, key=lambda s: -s.savings_usd))

    def _caches(self) -> tuple[CacheOpportunity, ...]:
        out = []
        for w in self.spec.workloads:
            n = self.counts.get(w.name, 0)
            if n == 0:
                continue
            distinct = len(pd.unique(np.concatenate(self.all_keys[w.name])))
            keys = np.concatenate(self.first_keys[w.name])
            costs = np.concatenate(self.first_costs[w.name])
            first = _first_occurrences(keys)  # chunks are in time order: the earliest success
            spend = self.ok_spend[w.name]
            out.append(
                CacheOpportunity(
                    workload=w.name,
                    events=n,
                    distinct_prompts=distinct,
                    duplicate_share=(n - distinct) / n,
                    spend_usd=spend,
                    savings_usd=max(0.0, spend - float(costs[first].sum())),
                    is_planted="cache" in w.planted,
                )
            )
        return tuple(out)

    def _batches(self, segments: pd.DataFrame) -> tuple[BatchOpportunity, ...]:
        out = []
        for w in self.spec.workloads:
            rows = segments[segments["workload"] == w.name]
            if not w.is_latency_insensitive or rows.empty:
                continue
            discounts = np.array(
                [
                    (getattr(builtin_profile(str(p), str(m)), "batch_discount", None) or 0.0)
                    for p, m in zip(rows["provider"], rows["model"], strict=True)
                ]
            )
            spend = rows["spend"].to_numpy(dtype="float64")
            out.append(
                BatchOpportunity(
                    workload=w.name,
                    events=int(rows["events"].sum()),
                    spend_usd=float(spend.sum()),
                    batchable_spend_usd=float(spend[discounts > 0].sum()),
                    savings_usd=float((spend * discounts).sum()),
                    is_planted="batch" in w.planted,
                )
            )
        return tuple(out)


def compute_planted_truth(spec: TrafficSpec, events: pd.DataFrame) -> PlantedTruth:
    """The planted opportunities of generated `events` (all of them, in one frame)."""
    accumulator = TruthAccumulator(spec)
    accumulator.add(events)
    return accumulator.finish()
