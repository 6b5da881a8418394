"""Savings beyond substitution: cascades, duplicate-prompt caching, provider prompt caching, batch APIs.

Nothing is counted twice: per segment the opportunities are applied in a fixed order, each to the
monthly spend the previous ones leave (substitution -> cascade -> duplicate caching -> prompt
caching -> batch), so their savings add up to the total of doing them all.

Cascade model: the cheap model answers, a confidence gate escalates a share r of requests to the
strong model. A gate of RouteLLM-like quality recovers g(r) = 1 - (1 - r)^GATE_SHAPE of the
quality gap (GATE_SHAPE = 3 is an APGR of 0.75; a random gate would be g(r) = r), so the cascade
reaches quality q_c + g(r) (q_s - q_c) at cost c_c + r c_s. r is the smallest rate that keeps the
segment's policy quality; p95 latency is taken as the sum of both models' p95 (escalated path).

Provider prompt caching: a long prompt (>= PROMPT_CACHE_MIN_TOKENS, the providers' minimum) can
have its repeated prefix cached. The reachable cached share is the p90 share some of the
segment's requests already get, and at least DEFAULT_PREFIX_SHARE (an assumption: system prompt
plus shared context); the gain is that share above the current one, at input minus cached price.
Batch: workloads whose p95 SLO is at least BATCH_MIN_SLO_MS, or named as batch-eligible, move their
non-batch requests to the provider's batch API at its discount.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from netra_core.optimizer.policy import Cascade
from netra_core.optimizer.solver import PolicySolution

GATE_SHAPE = 3.0
MAX_ESCALATION_RATE = 0.5
PROMPT_CACHE_MIN_TOKENS = 1024
DEFAULT_PREFIX_SHARE = 0.3
BATCH_MIN_SLO_MS = 3_600_000.0
KINDS = ("substitution", "cascade", "duplicate_cache", "prompt_cache", "batch")


def compute_escalation_rate(q_cheap: float, q_strong: float, q_target: float) -> float:
    """Smallest escalation rate whose gated cascade reaches q_target (1.0 when only escalating everything does)."""
    if q_target <= q_cheap:
        return 0.0
    if q_strong <= q_target:
        return 1.0
    gap_share = (q_target - q_cheap) / (q_strong - q_cheap)
    return float(1.0 - (1.0 - gap_share) ** (1.0 / GATE_SHAPE))


def compute_cascade_quality(q_cheap: float, q_strong: float, rate: float) -> float:
    """Expected quality of a cascade at an escalation rate."""
    return float(q_cheap + (1.0 - (1.0 - rate) ** GATE_SHAPE) * (q_strong - q_cheap))


def compute_best_cascade(
    options: pd.DataFrame, q_target: float, cost_target: float, slo_ms: float | None
) -> tuple[Cascade, float, float] | None:
    """The cheapest cascade over a segment's allowed models keeping q_target: (cascade, cost_month, quality)."""
    q = options["quality"].to_numpy(dtype="float64")
    c = options["cost_month"].to_numpy(dtype="float64")
    lat = options["latency_p95_ms"].to_numpy(dtype="float64")
    best: tuple[Cascade, float, float] | None = None
    for i in np.flatnonzero(q < q_target):
        for j in np.flatnonzero(q > q_target):
            if slo_ms is not None and lat[i] + lat[j] > slo_ms:
                continue
            rate = compute_escalation_rate(q[i], q[j], q_target)
            cost = c[i] + rate * c[j]
            if rate > MAX_ESCALATION_RATE or cost >= cost_target - 1e-12:
                continue
            if best is None or cost < best[1]:
                cascade = Cascade(
                    str(options["provider"].iat[i]),
                    str(options["model"].iat[i]),
                    str(options["provider"].iat[j]),
                    str(options["model"].iat[j]),
                    round(rate, 4),
                )
                best = (cascade, float(cost), compute_cascade_quality(q[i], q[j], rate))
    return best


def _prompt_cache_fraction(s: pd.Series, mix: pd.DataFrame) -> tuple[float, float, float]:
    """(share of the mix's spend saved, cached share now, reachable cached share) for one segment."""
    prompt_mean = float(s["prompt_tokens_mean"])
    if prompt_mean < PROMPT_CACHE_MIN_TOKENS or mix.empty:
        return 0.0, 0.0, 0.0
    now = float(s["cached_tokens_mean"]) / prompt_mean
    reach = max(float(s["cached_share_p90"]), DEFAULT_PREFIX_SHARE)
    gain_tokens = max(reach - now, 0.0) * prompt_mean
    per_req_cost = float((mix["cost_per_request"] * mix["share"]).sum())
    per_req_gain = float(
        (gain_tokens * (mix["input_per_mtok"] - mix["cached_input_per_mtok"]) * mix["share"]).sum() / 1e6
    )
    frac = min(per_req_gain / per_req_cost, 1.0) if per_req_gain > 0 and per_req_cost > 0 else 0.0
    return frac, now, reach


def _batch_fraction(s: pd.Series, mix: pd.DataFrame) -> tuple[float, float, float]:
    """(share of the mix's spend saved, batch share now, discount) for one segment."""
    n = float(s["requests"])
    b = float(s["batch_requests"]) / n if n else 0.0
    # Spend-weighted: a cheap model without a batch API should not dilute an expensive one's discount.
    spend = mix["cost_per_request"] * mix["share"]
    disc = float((mix["batch_discount"] * spend).sum() / spend.sum()) if not mix.empty and spend.sum() > 0 else 0.0
    return (disc * (1 - b) / (1 - b * disc) if disc > 0 else 0.0), b, disc


def _current_mixes(estimates: pd.DataFrame | None, current_shares: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    if estimates is None or current_shares is None:
        return {}
    cols = ["segment", "model", "cost_per_request", "input_per_mtok", "cached_input_per_mtok", "batch_discount"]
    mix = current_shares[["segment", "model", "share"]].merge(estimates[cols], on=["segment", "model"], how="inner")
    return dict(tuple(mix.groupby("segment")))


def compute_opportunities(
    solution: PolicySolution,
    segments: pd.DataFrame,
    allowed: pd.DataFrame,
    *,
    batch_workloads: Iterable[str] = (),
    with_cascades: bool = True,
    estimates: pd.DataFrame | None = None,
    current_shares: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, dict[str, Cascade]]:
    """One row per (segment, kind), plus the cascades found by segment id.

    savings_month (with savings_lo/hi) is sequential: on the spend the earlier kinds leave, so the
    rows add up. standalone_month is the same opportunity alone on today's traffic and models
    (needs estimates and current_shares; the alternatives do not add up).
    """
    batch_set = set(batch_workloads)
    slo: Mapping[str, float] = solution.constraints.workload_slo_ms
    seg = segments.set_index("segment")
    by_segment = dict(tuple(allowed.groupby("segment")))
    assigned = dict(tuple(solution.assignments.groupby("segment")))
    current = _current_mixes(estimates, current_shares)
    empty = pd.DataFrame(
        columns=["share", "cost_per_request", "input_per_mtok", "cached_input_per_mtok", "batch_discount"]
    )
    rows: list[dict[str, object]] = []
    cascades: dict[str, Cascade] = {}
    for r in solution.segments.to_dict("records"):
        sid, workload = str(r["segment"]), str(r["workload"])
        s = seg.loc[sid]
        n = float(s["requests"])
        spend = float(r["policy_cost_month"])
        now_cost = float(r["current_cost_month"])
        now_mix = current.get(sid, empty)

        def add(
            kind: str,
            saving: float,
            standalone: float,
            detail: str,
            lo: float | None = None,
            hi: float | None = None,
            sid: str = sid,
            workload: str = workload,
        ) -> None:
            rows.append(
                {
                    "segment": sid,
                    "workload": workload,
                    "kind": kind,
                    "savings_month": saving,
                    "savings_lo": saving if lo is None else lo,
                    "savings_hi": saving if hi is None else hi,
                    "standalone_month": standalone,
                    # The same share of a different spend: the same relative interval.
                    "standalone_lo": standalone * (lo / saving) if lo is not None and saving else standalone,
                    "standalone_hi": standalone * (hi / saving) if hi is not None and saving else standalone,
                    "detail": detail,
                }
            )

        add("substitution", float(r["savings_month"]), float(r["savings_month"]), str(r["reason"]))
        limit = slo.get(workload, solution.constraints.max_p95_ms)
        if with_cascades and sid in by_segment:
            found = compute_best_cascade(by_segment[sid], float(r["policy_quality"]), spend, limit)
            if found is not None:
                cascade, cost, quality = found
                cascades[sid] = cascade
                detail = (
                    f"{sid}: {cascade.cheap_model} first, escalate {cascade.escalation_rate:.0%} to "
                    f"{cascade.strong_model}; quality {quality:.3f}"
                )
                add("cascade", spend - cost, now_cost - cost, detail)
                spend = cost
        dup = float(s["duplicate_requests"]) / n if n else 0.0
        if dup > 0:
            half = 1.96 * np.sqrt(dup * (1 - dup) / n)
            detail = f"{sid}: {dup:.1%} of requests repeat an earlier prompt exactly; serve them from a response cache"
            add(
                "duplicate_cache",
                spend * dup,
                now_cost * dup,
                detail,
                spend * max(dup - half, 0.0),
                spend * min(dup + half, 1.0),
            )
            spend *= 1 - dup
        mix = assigned[sid]
        frac, now, reach = _prompt_cache_fraction(s, mix)
        if frac > 0:
            seen = max(float(s["cached_share_p90"]) - now, 0.0) / max(reach - now, 1e-12)
            detail = f"{sid}: cache the repeated prompt prefix ({now:.0%} of prompt tokens cached now, {reach:.0%} reachable)"
            add(
                "prompt_cache",
                spend * frac,
                now_cost * _prompt_cache_fraction(s, now_mix)[0],
                detail,
                spend * frac * seen,
                spend * frac,
            )
            spend *= 1 - frac
        if workload in batch_set or (limit is not None and limit >= BATCH_MIN_SLO_MS):
            frac, b, disc = _batch_fraction(s, mix)
            if frac > 0:
                detail = f"{sid}: send {1 - b:.0%} of requests through the batch API ({disc:.0%} off)"
                add("batch", spend * frac, now_cost * _batch_fraction(s, now_mix)[0], detail)
                spend *= 1 - frac
    frame = pd.DataFrame(
        rows,
        columns=[
            "segment",
            "workload",
            "kind",
            "savings_month",
            "savings_lo",
            "savings_hi",
            "standalone_month",
            "standalone_lo",
            "standalone_hi",
            "detail",
        ],
    )
    return frame, cascades


def compute_opportunity_map(opportunities: pd.DataFrame) -> pd.DataFrame:
    """Dollars recoverable per month, workload x opportunity kind, with a total column (largest first)."""
    table = opportunities.pivot_table(
        index="workload", columns="kind", values="savings_month", aggfunc="sum", fill_value=0.0
    )
    table = table.reindex(columns=[k for k in KINDS if k in table.columns])
    table["total"] = table.sum(axis=1)
    return table.sort_values("total", ascending=False)


def compute_opportunity_summary(opportunities: pd.DataFrame) -> pd.DataFrame:
    """Savings per kind: sequential (the column sums to the total) and standalone (alternatives, no sum)."""
    columns = ["savings_month", "savings_lo", "savings_hi", "standalone_month", "standalone_lo", "standalone_hi"]
    summary = opportunities.groupby("kind")[columns].sum()
    return summary.reindex([k for k in KINDS if k in summary.index])
