"""What a version's trials measured: per trial, the candidate beside the policy's own model. Pure: frames in, values out.

- canary: requests = the requests the candidate was tried on (its eval rows); errors = those it failed (the policy's
  model then served them). Its latency and cost are those of the requests it answered; the policy's model's are
  those of the same segment's other requests under the version (not the same prompts: compare with care when the
  share is small).
- shadow: requests = the shadow calls made (dropped or budget-refused ones are not calls, see the gateway's
  counters); errors = those that failed. Latency and cost are paired: each answered shadow beside its own primary.
  Agreement is the mean of the pairs' `shadow_agreement` (gateway/shadow.py); the extra spend is what the shadows
  cost (it is real spend).

Latency percentiles are the linear-interpolation quantiles of latency_ms; costs are the mean cost_usd per request.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from netra_core.optimizer.trials import Trial

# The columns the results read from a version's gateway events (workloads/trial_events.py returns them).
EVENT_COLUMNS = (
    "event_id",
    "workload",
    "task_type",
    "bucket",
    "model",
    "status",
    "error_type",
    "latency_ms",
    "cost_usd",
    "route_reason",
    "trial_id",
    "trial_model",
    "shadow_of",
)
EVAL_COLUMNS = ("dataset", "prompt_id", "model", "score")
NOT_TRIED = ("budget_exceeded", "client_disconnected", "gateway_interrupted", "shadow_cancelled")
PRIMARY_REASONS = ("policy", "default", "requested", "fallback")


@dataclass(frozen=True)
class Side:
    """Latency and cost of one side of a comparison (NaN when it has no requests)."""

    requests: int
    latency_p50_ms: float
    latency_p95_ms: float
    cost_per_request_usd: float


@dataclass(frozen=True)
class TrialResult:
    """One trial's numbers: what a user needs to decide whether to promote the candidate."""

    trial: Trial
    requests: int
    candidate_errors: int
    candidate: Side
    primary: Side
    agreement_mean: float
    agreement_pairs: int
    extra_spend_usd: float

    @property
    def error_rate(self) -> float:
        """Share of the tried requests the candidate failed (NaN with none)."""
        return self.candidate_errors / self.requests if self.requests else math.nan

    @property
    def cost_change(self) -> float:
        """Candidate cost per request relative to the primary's (-0.4: 40% cheaper; NaN when unknown)."""
        a, b = self.candidate.cost_per_request_usd, self.primary.cost_per_request_usd
        return a / b - 1 if b and not math.isnan(a) and not math.isnan(b) else math.nan

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON values (NaN as None)."""

        def clean(value: Any) -> Any:
            if isinstance(value, dict):
                return {k: clean(v) for k, v in value.items()}
            return None if isinstance(value, float) and math.isnan(value) else value

        out = asdict(self)
        out["trial"] = {**self.trial.to_dict(), "segment": self.trial.segment}
        out["error_rate"], out["cost_change"] = self.error_rate, self.cost_change
        return clean(out)  # type: ignore[no-any-return]


def compute_side(latency_ms: pd.Series, cost_usd: pd.Series) -> Side:
    """Percentiles of latency and mean cost of one group of requests."""
    lat = pd.to_numeric(latency_ms, errors="coerce").dropna().to_numpy(dtype=float)
    cost = pd.to_numeric(cost_usd, errors="coerce").dropna()
    p50, p95 = (float(np.quantile(lat, q)) for q in (0.5, 0.95)) if len(lat) else (math.nan, math.nan)
    return Side(len(latency_ms), p50, p95, float(cost.mean()) if len(cost) else math.nan)


def _in_segment(events: pd.DataFrame, trial: Trial) -> pd.Series:
    mask = pd.Series(True, index=events.index)
    for column, value in (("workload", trial.workload), ("task_type", trial.task_type), ("bucket", trial.bucket)):
        if value != "*":
            mask &= events[column].astype(str) == value
    return mask


def _canary(trial: Trial, events: pd.DataFrame, scores: pd.Series) -> TrialResult:
    mine = events[events["trial_id"] == trial.id]
    served = mine[(mine["route_reason"] == "canary") & (mine["status"] == "ok") & (mine["model"] == trial.model)]
    others = events[
        _in_segment(events, trial)
        & (events["trial_id"] == "")
        & (events["status"] == "ok")
        & events["route_reason"].isin(PRIMARY_REASONS)
    ]
    errors = int((scores < 0.5).sum())
    return TrialResult(
        trial,
        len(scores),
        errors,
        compute_side(served["latency_ms"], served["cost_usd"]),
        compute_side(others["latency_ms"], others["cost_usd"]),
        math.nan,
        0,
        0.0,
    )


def _shadow(trial: Trial, events: pd.DataFrame, scores: pd.Series) -> TrialResult:
    shadows = events[(events["trial_id"] == trial.id) & (events["route_reason"] == "shadow")]
    tried = shadows[~shadows["error_type"].isin(NOT_TRIED)]
    answered = tried[tried["status"] == "ok"]
    primaries = events[events["route_reason"] != "shadow"].set_index("event_id")
    paired = answered[answered["shadow_of"].isin(primaries.index)]
    prim = primaries.loc[paired["shadow_of"]]
    spend = float(pd.to_numeric(shadows["cost_usd"], errors="coerce").fillna(0.0).sum())
    return TrialResult(
        trial,
        len(tried),
        int((tried["status"] != "ok").sum()),
        compute_side(paired["latency_ms"], paired["cost_usd"]),
        compute_side(prim["latency_ms"], prim["cost_usd"]),
        float(scores.mean()) if len(scores) else math.nan,
        len(scores),
        spend,
    )


def compute_trial_results(
    trials: Sequence[Trial], events: pd.DataFrame, evals: pd.DataFrame, datasets: dict[str, str]
) -> list[TrialResult]:
    """Each trial's results from its version's gateway events and its eval rows (`datasets`: trial id -> dataset)."""
    ev = events.reindex(columns=list(EVENT_COLUMNS)).copy()
    for column in ("trial_id", "route_reason", "status", "error_type", "model", "shadow_of"):
        ev[column] = ev[column].fillna("").astype(str)
    out = []
    for trial in trials:
        rows = evals[evals["dataset"] == datasets.get(trial.id, "")] if len(evals) else evals
        scores = pd.to_numeric(rows["score"], errors="coerce").dropna() if len(rows) else pd.Series([], dtype=float)
        out.append(_canary(trial, ev, scores) if trial.mode == "canary" else _shadow(trial, ev, scores))
    return out
