"""Per segment x candidate model: expected cost, p95 latency and quality (shrunk toward the catalog prior).

Cost: the segment's mean prompt, cached and completion tokens x the candidate's prices; cached
prompt tokens at the cached-input price (input price when the model has none), batch requests at the
batch discount when the model offers one.

Latency: the observed p95 of that model in that segment when it served at least
MIN_LATENCY_OBSERVATIONS requests there, else the catalog profile
`P95_MULTIPLIER x (ttft + mean completion tokens / output tokens per second)`. The multiplier 1.6
stands for the usual right tail of LLM latencies (provider p95 is commonly 1.4-2x the typical value).

Quality: normal-normal empirical Bayes. The catalog prior for the task type counts as
PRIOR_STRENGTH pseudo-observations; observed event scores of the model in the segment and the
org's eval_results for (task type, model) are added with their counts. The interval is the
posterior mean +- 1.96 posterior standard deviations (score std pooled from the data, else
DEFAULT_SCORE_STD), clipped to [0, 1]. The replay widens its quality-change interval further for the prior's
own error (PRIOR_TRANSFER_SD, weighted by the prior's share of the posterior).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from netra_core.catalog.builtin import ModelProfile
from netra_core.optimizer.segments import DAYS_PER_MONTH, compute_segment_ids

PRIOR_STRENGTH = 20.0
# How far a catalog's task-level quality prior may sit from a model's real quality on one org's traffic (1 sd).
# The posterior interval above treats the prior as PRIOR_STRENGTH observations of this org; the replay adds this
# on top, in proportion to the prior's weight, shared by every segment of the same task type and model.
PRIOR_TRANSFER_SD = 0.1
DEFAULT_SCORE_STD = 0.2
DEFAULT_QUALITY_PRIOR = 0.5
MIN_LATENCY_OBSERVATIONS = 30
P95_MULTIPLIER = 1.6
Z95 = 1.96


def compute_candidate_frame(candidates: Sequence[ModelProfile]) -> pd.DataFrame:
    """The candidates as a DataFrame, one row per model (quality priors stay a dict column)."""
    rows = [
        {
            "provider": c.provider,
            "model": c.model,
            "input_per_mtok": float(c.input_per_mtok),
            "output_per_mtok": float(c.output_per_mtok),
            "cached_input_per_mtok": float(
                c.cached_input_per_mtok if c.cached_input_per_mtok is not None else c.input_per_mtok
            ),
            "batch_discount": float(c.batch_discount or 0.0),
            "context_window": int(c.context_window),
            "ttft_ms": float(c.ttft_ms),
            "output_tokens_per_s": float(c.output_tokens_per_s),
            "quality_prior": dict(c.quality),
        }
        for c in candidates
    ]
    return pd.DataFrame(rows).drop_duplicates("model", keep="first").reset_index(drop=True)


def compute_request_cost(
    prompt_tokens: np.ndarray | float,
    completion_tokens: np.ndarray | float,
    cached_tokens: np.ndarray | float,
    batch_share: np.ndarray | float,
    prices: pd.DataFrame | pd.Series,
) -> np.ndarray:
    """USD per request from token counts and price columns (vectorised over rows)."""
    cached = np.minimum(cached_tokens, prompt_tokens)
    list_cost = (
        (np.asarray(prompt_tokens) - cached) * np.asarray(prices["input_per_mtok"])
        + cached * np.asarray(prices["cached_input_per_mtok"])
        + np.asarray(completion_tokens) * np.asarray(prices["output_per_mtok"])
    ) / 1e6
    return np.asarray(list_cost * (1.0 - np.asarray(batch_share) * np.asarray(prices["batch_discount"])))


def _prior(row_prior: dict[str, float], task_type: str) -> float:
    if task_type in row_prior:
        return float(row_prior[task_type])
    return float(np.mean(list(row_prior.values()))) if row_prior else DEFAULT_QUALITY_PRIOR


def compute_estimates(
    segments: pd.DataFrame,
    model_stats: pd.DataFrame,
    candidates: Sequence[ModelProfile],
    *,
    eval_stats: pd.DataFrame | None = None,
    window_days: float = 30.0,
) -> pd.DataFrame:
    """One row per (segment, candidate) that fits the segment's context: cost, latency, quality and interval.

    segments comes from compute_segment_table; model_stats is the per segment x model table;
    eval_stats has task_type, model, count, mean, std (may be None or empty).
    """
    cand = compute_candidate_frame(candidates)
    seg_cols = [
        "segment",
        "workload",
        "task_type",
        "bucket",
        "requests",
        "prompt_tokens_mean",
        "completion_tokens_mean",
        "cached_tokens_mean",
        "prompt_tokens_p99",
        "batch_requests",
        "cost_usd_sum",
    ]
    grid = segments[seg_cols].merge(cand, how="cross")
    fits = grid["prompt_tokens_p99"] + grid["completion_tokens_mean"] <= grid["context_window"]
    grid = grid[fits].reset_index(drop=True)
    n = grid["requests"].astype("float64")
    grid["cost_per_request"] = compute_request_cost(
        grid["prompt_tokens_mean"].to_numpy(),
        grid["completion_tokens_mean"].to_numpy(),
        grid["cached_tokens_mean"].to_numpy(),
        (grid["batch_requests"] / n).to_numpy(),
        grid,
    )
    grid["cost_month"] = grid["cost_per_request"] * n * (DAYS_PER_MONTH / window_days)

    obs = model_stats.copy()
    obs["segment"] = compute_segment_ids(obs)
    obs = obs.set_index(["segment", "model"])
    key = pd.MultiIndex.from_arrays([grid["segment"], grid["model"]])
    obs_requests = obs["requests"].reindex(key).fillna(0).to_numpy(dtype="float64")
    obs_p95 = obs["latency_p95_ms"].reindex(key).to_numpy(dtype="float64")
    profile_p95 = (
        P95_MULTIPLIER
        * (grid["ttft_ms"] + grid["completion_tokens_mean"] / grid["output_tokens_per_s"] * 1000.0).to_numpy()
    )
    is_observed = (obs_requests >= MIN_LATENCY_OBSERVATIONS) & ~np.isnan(obs_p95)
    grid["latency_p95_ms"] = np.where(is_observed, obs_p95, profile_p95)
    grid["latency_source"] = np.where(is_observed, "observed", "profile")
    grid["observed_requests"] = obs_requests

    q_n = obs["quality_count"].reindex(key).fillna(0).to_numpy(dtype="float64")
    q_mean = obs["quality_mean"].reindex(key).fillna(0).to_numpy(dtype="float64")
    q_std = obs["quality_std"].reindex(key).fillna(0).to_numpy(dtype="float64")
    if eval_stats is not None and not eval_stats.empty:
        ev = eval_stats.set_index(["task_type", "model"])
        ekey = pd.MultiIndex.from_arrays([grid["task_type"], grid["model"]])
        e_n = ev["count"].reindex(ekey).fillna(0).to_numpy(dtype="float64")
        e_mean = ev["mean"].reindex(ekey).fillna(0).to_numpy(dtype="float64")
        e_std = ev["std"].reindex(ekey).fillna(0).to_numpy(dtype="float64")
    else:
        e_n = e_mean = e_std = np.zeros(len(grid))
    prior = np.array([_prior(p, t) for p, t in zip(grid["quality_prior"], grid["task_type"], strict=True)])
    data_n = q_n + e_n
    post_n = PRIOR_STRENGTH + data_n
    post_mean = (PRIOR_STRENGTH * prior + q_n * q_mean + e_n * e_mean) / post_n
    # Pooled within-source variance of the scores; the prior's spread when there are too few.
    dof = np.maximum(q_n - 1, 0) + np.maximum(e_n - 1, 0)
    pooled_var = (np.maximum(q_n - 1, 0) * q_std**2 + np.maximum(e_n - 1, 0) * e_std**2) / np.maximum(dof, 1)
    sigma = np.where(data_n >= 10, np.sqrt(pooled_var), DEFAULT_SCORE_STD)
    half = Z95 * np.maximum(sigma, 0.02) / np.sqrt(post_n)
    grid["quality"] = np.clip(post_mean, 0.0, 1.0)
    grid["quality_lo"] = np.clip(post_mean - half, 0.0, 1.0)
    grid["quality_hi"] = np.clip(post_mean + half, 0.0, 1.0)
    grid["quality_prior_mean"] = prior
    grid["quality_n"] = data_n
    grid["quality_source"] = np.where(
        q_n > 0, np.where(e_n > 0, "observed+evals", "observed"), np.where(e_n > 0, "evals", "prior")
    )
    keep = [
        "segment",
        "workload",
        "task_type",
        "bucket",
        "provider",
        "model",
        "requests",
        "cost_per_request",
        "cost_month",
        "latency_p95_ms",
        "latency_source",
        "observed_requests",
        "quality",
        "quality_lo",
        "quality_hi",
        "quality_prior_mean",
        "quality_n",
        "quality_source",
        "batch_discount",
        "input_per_mtok",
        "cached_input_per_mtok",
        "output_per_mtok",
    ]
    return grid[keep].sort_values(["segment", "cost_per_request", "model"]).reset_index(drop=True)
