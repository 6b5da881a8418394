"""Estimates per segment x candidate: cost from real tokens and prices, latency, shrunk quality, context fit."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from netra_core.catalog.builtin import ModelProfile
from netra_core.errors import ValidationError
from netra_core.optimizer.estimates import (
    DEFAULT_SCORE_STD,
    P95_MULTIPLIER,
    PRIOR_STRENGTH,
    compute_estimates,
)
from netra_core.optimizer.segments import PromptBuckets, compute_current_shares, compute_segment_table

ALPHA = ModelProfile("p1", "alpha", 1.0, 2.0, 0.5, 0.5, 128_000, 200, 100, {"summarization": 0.8, "chat": 0.6})
BETA = ModelProfile("p2", "beta", 10.0, 20.0, None, None, 1_000, 100, 50, {"summarization": 0.95})
GAMMA = ModelProfile("p3", "gamma", 0.1, 0.2, None, None, 8_000, 300, 200, {"chat": 0.5, "code": 0.7})


def make_segment_stats(**overrides: object) -> pd.DataFrame:
    row: dict[str, object] = {
        "workload": "docs",
        "task_type": "summarization",
        "bucket": "short",
        "requests": 100,
        "prompt_tokens_sum": 50_000,
        "completion_tokens_sum": 20_000,
        "cached_tokens_sum": 10_000,
        "prompt_tokens_p99": 900.0,
        "cached_share_p90": 0.2,
        "cost_usd_sum": 1.0,
        "batch_requests": 50,
        "duplicate_requests": 0,
        "duplicate_cost_usd": 0.0,
    }
    row.update(overrides)
    return pd.DataFrame([row])


def make_model_stats(**overrides: object) -> pd.DataFrame:
    row: dict[str, object] = {
        "workload": "docs",
        "task_type": "summarization",
        "bucket": "short",
        "provider": "p1",
        "model": "alpha",
        "requests": 40,
        "prompt_tokens_sum": 20_000,
        "completion_tokens_sum": 8_000,
        "cached_tokens_sum": 4_000,
        "cost_usd_sum": 0.4,
        "latency_p50_ms": 800.0,
        "latency_p95_ms": 1234.0,
        "quality_mean": 0.9,
        "quality_count": 30,
        "quality_std": 0.1,
        "errors": 0,
        "error_rate": 0.0,
    }
    row.update(overrides)
    return pd.DataFrame([row])


EVALS = pd.DataFrame([{"task_type": "summarization", "model": "alpha", "count": 50, "mean": 0.7, "std": 0.2}])


def estimate(
    seg: pd.DataFrame | None = None, models: pd.DataFrame | None = None, evals: pd.DataFrame | None = EVALS
) -> pd.DataFrame:
    seg = make_segment_stats() if seg is None else seg
    models = make_model_stats() if models is None else models
    table = compute_segment_table(seg, models)
    return compute_estimates(table, models, [ALPHA, BETA, GAMMA], eval_stats=evals, window_days=10).set_index("model")


def test_cost_uses_real_tokens_cached_and_batch_prices() -> None:
    est = estimate()
    # 400 uncached x $1 + 100 cached x $0.5 + 200 out x $2 per Mtok, half the requests at 50 % off.
    per_request = (400 * 1.0 + 100 * 0.5 + 200 * 2.0) / 1e6 * (1 - 0.5 * 0.5)
    assert est.loc["alpha", "cost_per_request"] == pytest.approx(per_request)
    assert est.loc["alpha", "cost_month"] == pytest.approx(per_request * 100 * 30 / 10)
    # gamma has no cached price (cached tokens at the input price) and no batch discount.
    assert est.loc["gamma", "cost_per_request"] == pytest.approx((500 * 0.1 + 200 * 0.2) / 1e6)


def test_models_whose_context_is_too_small_are_excluded() -> None:
    assert "beta" not in estimate().index  # p99 prompt 900 + mean completion 200 > 1,000
    assert "beta" in estimate(make_segment_stats(prompt_tokens_p99=700.0)).index


def test_latency_is_observed_when_enough_else_the_profile() -> None:
    est = estimate()
    assert est.loc["alpha", "latency_p95_ms"] == 1234.0
    assert est.loc["alpha", "latency_source"] == "observed"
    assert est.loc["gamma", "latency_p95_ms"] == pytest.approx(P95_MULTIPLIER * (300 + 200 / 200 * 1000))
    assert est.loc["gamma", "latency_source"] == "profile"
    few = estimate(models=make_model_stats(requests=5))
    assert few.loc["alpha", "latency_source"] == "profile"
    assert few.loc["alpha", "latency_p95_ms"] == pytest.approx(P95_MULTIPLIER * (200 + 2000))


def test_quality_is_shrunk_toward_the_prior_with_an_interval() -> None:
    est = estimate()
    n0 = PRIOR_STRENGTH
    mean = (n0 * 0.8 + 30 * 0.9 + 50 * 0.7) / (n0 + 80)
    sigma = math.sqrt((29 * 0.1**2 + 49 * 0.2**2) / 78)
    half = 1.96 * sigma / math.sqrt(n0 + 80)
    row = est.loc["alpha"]
    assert row["quality"] == pytest.approx(mean)
    assert (row["quality_lo"], row["quality_hi"]) == pytest.approx((mean - half, mean + half))
    assert row["quality_source"] == "observed+evals"
    # No data: the prior, with the default spread; a task without a prior uses the model's mean prior.
    gamma = est.loc["gamma"]
    assert gamma["quality"] == pytest.approx(0.6)
    assert gamma["quality_hi"] - gamma["quality"] == pytest.approx(1.96 * DEFAULT_SCORE_STD / math.sqrt(n0))
    assert gamma["quality_source"] == "prior"


@pytest.mark.parametrize("n", [0, 20, 2000])
def test_more_observations_pull_the_estimate_to_the_data(n: int) -> None:
    est = estimate(models=make_model_stats(quality_count=n, quality_mean=0.95), evals=None)
    # The prior (0.8) keeps PRIOR_STRENGTH / (PRIOR_STRENGTH + n) of the gap to the observed 0.95.
    assert 0.95 - est.loc["alpha", "quality"] == pytest.approx(0.15 * PRIOR_STRENGTH / (PRIOR_STRENGTH + n))
    width = est.loc["alpha", "quality_hi"] - est.loc["alpha", "quality_lo"]
    assert width == pytest.approx(2 * 1.96 * (0.1 if n >= 10 else DEFAULT_SCORE_STD) / math.sqrt(PRIOR_STRENGTH + n))


@pytest.mark.parametrize(
    ("tokens", "name"),
    [(0, "short"), (999, "short"), (1_000, "medium"), (3_999, "medium"), (4_000, "long"), (16_000, "xlong")],
)
def test_prompt_buckets(tokens: int, name: str) -> None:
    buckets = PromptBuckets()
    assert buckets.name_of(tokens) == name
    assert buckets.names_of(pd.Series([tokens])).iloc[0] == name


def test_bad_bucket_configuration_is_refused() -> None:
    with pytest.raises(ValidationError, match="2 edges need 3 names"):
        PromptBuckets((100, 200), ("a", "b"))
    with pytest.raises(ValidationError, match="increasing"):
        PromptBuckets((200, 100), ("a", "b", "c"))


def test_segment_table_and_current_shares() -> None:
    models = pd.concat([make_model_stats(), make_model_stats(model="gamma", provider="p3", requests=60)])
    table = compute_segment_table(make_segment_stats(), models)
    assert table.loc[0, "segment"] == "docs/summarization/short"
    assert table.loc[0, "current_model"] == "gamma"
    assert table.loc[0, "prompt_tokens_mean"] == 500
    shares = compute_current_shares(models).set_index("model")["share"].to_dict()
    assert shares == {"alpha": 0.4, "gamma": 0.6}
