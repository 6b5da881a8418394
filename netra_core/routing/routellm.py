"""Convert RouteLLM's published per-prompt outcomes (MMLU, GSM8K) to Netra's long eval format.

The files are RouteLLM's own (lm-sys/RouteLLM, Apache-2.0; see shared/data/routellm/SOURCE.md). Like RouteLLM's
benchmarks.py, prompts listed in each contaminated_prompts.jsonl (field `eval_prompt`) are left out.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from netra_core.errors import ValidationError
from netra_core.routing.data import ROUTELLM_STRONG, ROUTELLM_WEAK

MODELS = (ROUTELLM_WEAK, ROUTELLM_STRONG)


def fetch_contaminated_prompts(path: Path) -> set[str]:
    """The eval prompts RouteLLM excludes because they overlap its router's training data."""
    if not path.exists():
        raise ValidationError(f"{path}: contaminated-prompt list not found")
    return set(pd.read_json(path, lines=True)["eval_prompt"].astype(str))


def _to_long(wide: pd.DataFrame, ids: list[str], task_types: list[str]) -> pd.DataFrame:
    parts = []
    for model in MODELS:
        parts.append(
            pd.DataFrame(
                {
                    "prompt_id": ids,
                    "prompt": wide["prompt"].astype(str).to_numpy(),
                    "model": model,
                    "score": wide[model].astype(float).to_numpy(),
                    "task_type": task_types,
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def convert_routellm_mmlu(directory: Path, subjects: list[str] | None = None) -> pd.DataFrame:
    """The MMLU per-subject CSVs as long rows (prompt_id `<subject>/<row>`, task_type = subject)."""
    files = sorted(directory.glob("mmlu_*.csv"))
    if not files:
        raise ValidationError(f"{directory}: no mmlu_<subject>.csv files")
    contaminated = fetch_contaminated_prompts(directory / "contaminated_prompts.jsonl")
    frames = []
    for path in files:
        subject = path.stem.removeprefix("mmlu_")
        if subjects is not None and subject not in subjects:
            continue
        wide = pd.read_csv(path)
        missing = [c for c in ("prompt", *MODELS) if c not in wide.columns]
        if missing:
            raise ValidationError(f"{path}: missing column(s) {', '.join(missing)}")
        ids = [f"{subject}/{i}" for i in range(len(wide))]
        keep = ~wide["prompt"].astype(str).isin(contaminated)
        frames.append(
            _to_long(wide[keep], [i for i, k in zip(ids, keep, strict=True) if k], [subject] * int(keep.sum()))
        )
    if not frames:
        raise ValidationError(f"{directory}: none of the subjects {subjects} exist")
    return pd.concat(frames, ignore_index=True)


def convert_routellm_gsm8k(directory: Path) -> pd.DataFrame:
    """GSM8K responses as long rows (prompt_id `gsm8k/<row>`, task_type `math`)."""
    path = directory / "gsm8k_responses.csv"
    if not path.exists():
        raise ValidationError(f"{path}: not found")
    wide = pd.read_csv(path)
    contaminated = fetch_contaminated_prompts(directory / "contaminated_prompts.jsonl")
    ids = [f"gsm8k/{i}" for i in range(len(wide))]
    keep = ~wide["prompt"].astype(str).isin(contaminated)
    kept_ids = [i for i, k in zip(ids, keep, strict=True) if k]
    return _to_long(wide[keep], kept_ids, ["math"] * len(kept_ids))
