"""Traffic segments: workload x task type x prompt-size bucket, and the per-segment view the solver needs."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import numpy as np
import pandas as pd

from netra_core.errors import ValidationError

SEGMENT_KEYS = ["workload", "task_type", "bucket"]
DAYS_PER_MONTH = 30.0


@dataclass(frozen=True)
class PromptBuckets:
    """Prompt-size buckets: `edges` are the token counts where the next bucket starts."""

    edges: tuple[int, ...] = (1_000, 4_000, 16_000)
    names: tuple[str, ...] = ("short", "medium", "long", "xlong")

    def __post_init__(self) -> None:
        if len(self.names) != len(self.edges) + 1:
            raise ValidationError(f"prompt buckets: {len(self.edges)} edges need {len(self.edges) + 1} names")
        if list(self.edges) != sorted(set(self.edges)) or any(e <= 0 for e in self.edges):
            raise ValidationError(f"prompt buckets: edges {list(self.edges)} must be positive and increasing")

    def index_of(self, prompt_tokens: int) -> int:
        """The bucket index of one prompt size (same rule as the SQL: count of edges <= tokens)."""
        return bisect_right(self.edges, prompt_tokens)  # per request in the gateway: numpy's call costs ~10x more

    def name_of(self, prompt_tokens: int) -> str:
        """The bucket name of one prompt size."""
        return self.names[self.index_of(prompt_tokens)]

    def names_of(self, prompt_tokens: pd.Series) -> pd.Series:
        """Bucket names for a column of prompt sizes (vectorised)."""
        idx = np.searchsorted(np.asarray(self.edges), prompt_tokens.to_numpy(dtype="int64"), side="right")
        return pd.Series(np.asarray(self.names, dtype=object)[idx], index=prompt_tokens.index)


def compute_segment_ids(frame: pd.DataFrame) -> pd.Series:
    """The readable id of each row's segment: 'workload/task_type/bucket'."""
    return frame["workload"].astype(str) + "/" + frame["task_type"].astype(str) + "/" + frame["bucket"].astype(str)


def compute_segment_table(segment_stats: pd.DataFrame, model_stats: pd.DataFrame) -> pd.DataFrame:
    """One row per segment with its means, the model serving most of it and its current model mix.

    segment_stats: one row per segment (requests, token sums, prompt_tokens_p99, cost_usd_sum, ...).
    model_stats: one row per segment x observed model (requests, cost_usd_sum, ...).
    """
    missing = {"requests", "prompt_tokens_sum", "completion_tokens_sum", "prompt_tokens_p99"} - set(segment_stats)
    if missing:
        raise ValidationError(f"segment statistics lack columns {sorted(missing)}")
    seg = segment_stats[segment_stats["requests"] > 0].copy()
    seg["segment"] = compute_segment_ids(seg)
    n = seg["requests"].astype("float64")
    seg["prompt_tokens_mean"] = seg["prompt_tokens_sum"] / n
    seg["completion_tokens_mean"] = seg["completion_tokens_sum"] / n
    seg["cached_tokens_mean"] = seg.get("cached_tokens_sum", 0.0) / n
    for column in ("batch_requests", "duplicate_requests", "duplicate_cost_usd", "cached_share_p90", "cost_usd_sum"):
        if column not in seg:
            seg[column] = 0.0
    models = model_stats.copy()
    models["segment"] = compute_segment_ids(models)
    models = models.sort_values(["segment", "requests", "model"], ascending=[True, False, True])
    top = models.drop_duplicates("segment").set_index("segment")
    seg["current_model"] = seg["segment"].map(top["model"]).fillna("")
    seg["current_provider"] = seg["segment"].map(top["provider"]).fillna("")
    return seg.reset_index(drop=True)


def compute_current_shares(model_stats: pd.DataFrame) -> pd.DataFrame:
    """segment, provider, model, share: how each segment's traffic is split across models today."""
    models = model_stats.copy()
    models["segment"] = compute_segment_ids(models)
    totals = models.groupby("segment")["requests"].transform("sum").astype("float64")
    models["share"] = models["requests"] / totals
    return models[["segment", "provider", "model", "share"]].reset_index(drop=True)
