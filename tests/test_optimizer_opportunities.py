"""Opportunities beyond substitution on hand-built frames with known answers, and no double counting."""

from __future__ import annotations

import pandas as pd
import pytest

from netra_core.catalog.builtin import ModelProfile
from netra_core.optimizer.estimates import compute_estimates
from netra_core.optimizer.opportunities import (
    DEFAULT_PREFIX_SHARE,
    compute_best_cascade,
    compute_cascade_quality,
    compute_escalation_rate,
    compute_opportunities,
    compute_opportunity_map,
    compute_opportunity_summary,
)
from netra_core.optimizer.segments import compute_current_shares, compute_segment_table
from netra_core.optimizer.solver import PolicyConstraints, compute_allowed_estimates, compute_solution

ONLY = ModelProfile("p1", "solo", 1.0, 4.0, 0.25, 0.5, 128_000, 200, 100, {"extraction": 0.9, "chat": 0.9})


def make_stats(
    workload: str,
    *,
    requests: int,
    prompt: int,
    completion: int,
    dups: int = 0,
    cached: int = 0,
    cached_p90: float = 0.0,
    batch: int = 0,
) -> tuple[dict[str, object], dict[str, object]]:
    key = {"workload": workload, "task_type": "extraction", "bucket": "short"}
    seg = {
        **key,
        "requests": requests,
        "prompt_tokens_sum": requests * prompt,
        "completion_tokens_sum": requests * completion,
        "cached_tokens_sum": requests * cached,
        "prompt_tokens_p99": prompt,
        "cached_share_p90": cached_p90,
        "cost_usd_sum": 100.0,
        "batch_requests": batch,
        "duplicate_requests": dups,
        "duplicate_cost_usd": 0.0,
    }
    model: dict[str, object] = {
        **key,
        "provider": "p1",
        "model": "solo",
        "requests": requests,
        "latency_p95_ms": 900.0,
        "quality_mean": None,
        "quality_count": 0,
        "quality_std": None,
        "cost_usd_sum": 100.0,
    }
    return seg, model


def run(stats: list[tuple[dict[str, object], dict[str, object]]], **kwargs: object) -> tuple[pd.DataFrame, float]:
    seg_stats = pd.DataFrame([s for s, _ in stats])
    model_stats = pd.DataFrame([m for _, m in stats])
    segments = compute_segment_table(seg_stats, model_stats)
    est = compute_estimates(segments, model_stats, [ONLY], window_days=30)
    constraints = PolicyConstraints(0.5, workload_slo_ms=kwargs.pop("slo", {}))  # type: ignore[arg-type]
    sol = compute_solution(est, segments, compute_current_shares(model_stats), constraints)
    opps, _ = compute_opportunities(
        sol,
        segments,
        compute_allowed_estimates(est, constraints),
        estimates=est,
        current_shares=compute_current_shares(model_stats),
        **kwargs,  # type: ignore[arg-type]
    )
    return opps, float(sol.totals["policy_cost_month"])


def test_duplicates_prompt_cache_and_batch_are_applied_in_turn() -> None:
    # 1,000 requests of 2,000 prompt + 100 completion tokens at $1 / $4 per Mtok = $2,400 per 1,000 requests.
    stats = [make_stats("etl", requests=1000, prompt=2000, completion=100, dups=100, cached_p90=0.5)]
    opps, policy_cost = run(stats, batch_workloads=["etl"])
    got = opps.set_index("kind")["savings_month"]
    per_request = (2000 * 1.0 + 100 * 4.0) / 1e6
    assert policy_cost == pytest.approx(per_request * 1000)
    dup = policy_cost * 0.1
    left = policy_cost - dup
    cache_frac = 0.5 * 2000 * (1.0 - 0.25) / 1e6 / per_request  # half the prompt moves to the cached price
    cache = left * cache_frac
    batch = (left - cache) * 0.5
    assert got["duplicate_cache"] == pytest.approx(dup)
    assert got["prompt_cache"] == pytest.approx(cache)
    assert got["batch"] == pytest.approx(batch)
    assert "cascade" not in got  # a single model: nothing to cascade to
    # Nothing counted twice: together they leave exactly what doing all three would.
    remaining = policy_cost * 0.9 * (1 - cache_frac) * 0.5
    assert got.drop("substitution").sum() == pytest.approx(policy_cost - remaining)
    # Alone on today's spend ($100 a month on the same model), as alternatives.
    alone = opps.set_index("kind")["standalone_month"]
    assert alone["duplicate_cache"] == pytest.approx(100 * 0.1)
    half = 1.96 * (0.1 * 0.9 / 1000) ** 0.5  # binomial interval of the 10 % duplicate share
    dup_row = opps.set_index("kind").loc["duplicate_cache"]
    assert (dup_row["savings_lo"], dup_row["savings_hi"]) == pytest.approx(
        (policy_cost * (0.1 - half), policy_cost * (0.1 + half))
    )
    assert (dup_row["standalone_lo"], dup_row["standalone_hi"]) == pytest.approx(
        (100 * (0.1 - half), 100 * (0.1 + half))
    )
    assert alone["prompt_cache"] == pytest.approx(100 * cache_frac)
    assert alone["batch"] == pytest.approx(100 * 0.5)


@pytest.mark.parametrize(
    ("prompt", "cached", "p90", "expect_share"),
    [
        (500, 0, 0.0, None),  # below the providers' 1,024-token minimum: no opportunity
        (3000, 0, 0.0, DEFAULT_PREFIX_SHARE),  # no evidence: the documented default prefix share
        (3000, 600, 0.8, 0.8),  # some requests already get 80 % cached: that is reachable for all
        (3000, 2700, 0.8, None),  # already caching more than reachable
    ],
)
def test_prompt_caching_potential(prompt: int, cached: int, p90: float, expect_share: float | None) -> None:
    opps, _ = run([make_stats("app", requests=100, prompt=prompt, completion=50, cached=cached, cached_p90=p90)])
    rows = opps[opps["kind"] == "prompt_cache"]
    if expect_share is None:
        assert rows.empty
        return
    per_request = ((prompt - cached) * 1.0 + cached * 0.25 + 50 * 4.0) / 1e6
    gain = (expect_share - cached / prompt) * prompt * 0.75 / 1e6
    assert rows["savings_month"].iloc[0] == pytest.approx(per_request * 100 * gain / per_request)


def test_batch_only_for_latency_insensitive_workloads() -> None:
    stats = [
        make_stats("nightly", requests=100, prompt=500, completion=50, batch=40),
        make_stats("chat", requests=100, prompt=500, completion=50),
    ]
    opps, _ = run(stats, slo={"nightly": 7_200_000})
    batch = opps[opps["kind"] == "batch"].set_index("workload")["savings_month"]
    assert list(batch.index) == ["nightly"]
    full = (500 * 1.0 + 50 * 4.0) / 1e6 * 100
    now = full * (1 - 0.4 * 0.5)  # 40 % already batched at half price
    assert batch["nightly"] == pytest.approx(full * 0.6 * 0.5)
    assert now - batch["nightly"] == pytest.approx(full * 0.5)  # all of it at the batch price


def test_escalation_rate_and_cascade_quality_are_inverse() -> None:
    rate = compute_escalation_rate(0.6, 0.9, 0.8)
    assert rate == pytest.approx(1 - (1 / 3) ** (1 / 3))
    assert compute_cascade_quality(0.6, 0.9, rate) == pytest.approx(0.8)
    assert compute_escalation_rate(0.85, 0.9, 0.8) == 0.0
    assert compute_escalation_rate(0.6, 0.8, 0.8) == 1.0


OPTIONS = pd.DataFrame(
    {
        "provider": ["p", "p"],
        "model": ["small", "big"],
        "quality": [0.6, 0.95],
        "cost_month": [10.0, 100.0],
        "latency_p95_ms": [100.0, 500.0],
    }
)


@pytest.mark.parametrize(
    ("target", "slo", "expect_rate"),
    [
        (0.9, None, 1 - (1 - 0.3 / 0.35) ** (1 / 3)),
        (0.9, 550.0, None),  # both models' p95 in a row break the SLO
        (0.94, None, None),  # needs escalating over half the requests
    ],
)
def test_best_cascade(target: float, slo: float | None, expect_rate: float | None) -> None:
    found = compute_best_cascade(OPTIONS, target, 100.0, slo)
    if expect_rate is None:
        assert found is None
        return
    assert found is not None
    cascade, cost, quality = found
    assert (cascade.cheap_model, cascade.strong_model) == ("small", "big")
    assert cascade.escalation_rate == pytest.approx(expect_rate, abs=1e-4)
    assert cost == pytest.approx(10 + expect_rate * 100)
    assert quality == pytest.approx(target)


def test_opportunity_map_and_summary_add_up() -> None:
    stats = [
        make_stats("a", requests=1000, prompt=2000, completion=100, dups=50),
        make_stats("b", requests=500, prompt=300, completion=100, dups=25),
    ]
    opps, _ = run(stats, batch_workloads=["b"])
    table = compute_opportunity_map(opps)
    assert table.loc["a", "total"] == pytest.approx(opps.loc[opps["workload"] == "a", "savings_month"].sum())
    assert table["total"].is_monotonic_decreasing  # largest first
    assert set(table.index) == {"a", "b"}
    summary = compute_opportunity_summary(opps)
    assert summary["savings_month"].sum() == pytest.approx(table["total"].sum())
    assert (summary["savings_lo"] <= summary["savings_month"]).all()
    assert (summary["savings_month"] <= summary["savings_hi"]).all()
