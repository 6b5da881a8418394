"""The long eval format (one row per prompt x model) and the prompt x model matrix the router learns from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from netra_core.errors import ValidationError

REQUIRED_COLUMNS = ("prompt_id", "prompt", "model", "score")
# Names other tools write for the same fields.
COLUMN_ALIASES = {
    "id": "prompt_id",
    "question_id": "prompt_id",
    "text": "prompt",
    "question": "prompt",
    "model_name": "model",
    "quality": "score",
    "correct": "score",
    "cost": "cost_usd",
    "task": "task_type",
    "timestamp": "ts",
    "created_at": "ts",
    "time": "ts",
}
# RouteLLM's published pair (see shared/data/routellm/SOURCE.md).
ROUTELLM_WEAK = "mistralai/Mixtral-8x7B-Instruct-v0.1"
ROUTELLM_STRONG = "gpt-4-1106-preview"


@dataclass(frozen=True)
class EvalMatrix:
    """Outcomes of every model on every prompt: rows are prompts, columns are models."""

    prompt_ids: list[str]
    prompts: list[str]
    task_types: list[str] | None
    models: list[str]
    scores: np.ndarray  # (n_prompts, n_models), 0-1
    costs: np.ndarray  # (n_prompts, n_models); see has_costs
    has_costs: bool  # False: costs are modelled as the share of calls to the stronger models
    timestamps: np.ndarray | None = None  # datetime64[ns, UTC] per prompt, when the file has a ts column
    # Prompts left out because some model has no score on them, and how many prompts each model lacks.
    dropped_prompts: int = 0
    missing_by_model: dict[str, int] = field(default_factory=dict)

    @property
    def n_prompts(self) -> int:
        """How many prompts."""
        return len(self.prompt_ids)

    def subset(self, rows: np.ndarray) -> EvalMatrix:
        """The same matrix restricted to some prompts (the cost model is kept as it is)."""
        idx = [int(i) for i in rows]
        return EvalMatrix(
            prompt_ids=[self.prompt_ids[i] for i in idx],
            prompts=[self.prompts[i] for i in idx],
            task_types=None if self.task_types is None else [self.task_types[i] for i in idx],
            models=list(self.models),
            scores=self.scores[idx],
            costs=self.costs[idx],
            has_costs=self.has_costs,
            timestamps=None if self.timestamps is None else self.timestamps[idx],
            dropped_prompts=self.dropped_prompts,
            missing_by_model=dict(self.missing_by_model),
        )


def compute_joined(matrix: EvalMatrix, extra: EvalMatrix, source: str = "extra training data") -> EvalMatrix:
    """`matrix` with `extra`'s prompts appended (training data from elsewhere, e.g. general-purpose preferences
    between the same models). The models must be the same; a prompt id in both is refused; costs must be known in
    both or in neither (modelled costs are the share of calls to the dearer model in both). Task types are kept only
    when both have them; time stamps are dropped unless both have them."""
    if extra.models != matrix.models:
        raise ValidationError(
            f"{source} has models {extra.models}, the eval data {matrix.models}: they must be the same"
        )
    if extra.has_costs != matrix.has_costs:
        raise ValidationError(f"{source} and the eval data must both have cost_usd, or both lack it")
    clash = sorted(set(extra.prompt_ids) & set(matrix.prompt_ids))
    if clash:
        raise ValidationError(f"{source}: prompt_id(s) {', '.join(clash[:5])} are also in the eval data")
    costs = extra.costs
    if not matrix.has_costs:
        costs = np.broadcast_to(matrix.costs[0], extra.scores.shape).copy()
    both_tasks = matrix.task_types is not None and extra.task_types is not None
    both_ts = matrix.timestamps is not None and extra.timestamps is not None
    return EvalMatrix(
        prompt_ids=matrix.prompt_ids + extra.prompt_ids,
        prompts=matrix.prompts + extra.prompts,
        task_types=(matrix.task_types or []) + (extra.task_types or []) if both_tasks else None,
        models=list(matrix.models),
        scores=np.vstack([matrix.scores, extra.scores]),
        costs=np.vstack([matrix.costs, costs]),
        has_costs=matrix.has_costs,
        timestamps=np.concatenate([matrix.timestamps, extra.timestamps]) if both_ts else None,
        dropped_prompts=matrix.dropped_prompts,
        missing_by_model=dict(matrix.missing_by_model),
    )


def load_eval_file(path: Path) -> pd.DataFrame:
    """Read a long-format eval file (CSV, JSONL or Parquet) and check its columns and values."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise ValidationError(f"{path}: no such file")
    try:
        if suffix == ".csv":
            frame = pd.read_csv(path, dtype={"prompt_id": str, "model": str})
        elif suffix in (".jsonl", ".ndjson"):
            frame = pd.read_json(path, lines=True, dtype={"prompt_id": str})
        elif suffix in (".parquet", ".pq"):
            frame = pd.read_parquet(path)
        else:
            raise ValidationError(f"{path}: unknown format {suffix!r}; use .csv, .jsonl or .parquet")
    except ValueError as exc:
        raise ValidationError(f"{path}: cannot be read as {suffix[1:]}: {exc}") from exc
    return validate_eval_frame(frame, str(path), header_lines=1 if suffix == ".csv" else 0)


def validate_eval_frame(frame: pd.DataFrame, source: str, header_lines: int = 0) -> pd.DataFrame:
    """Rename known aliases, check the required columns and that scores and costs are numbers in range."""
    renames = {c: COLUMN_ALIASES[c] for c in frame.columns if c in COLUMN_ALIASES and COLUMN_ALIASES[c] not in frame}
    frame = frame.rename(columns=renames)
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise ValidationError(
            f"{source}: missing column(s) {', '.join(missing)}; the long eval format needs "
            "prompt_id, prompt, model, score (optional cost_usd, task_type)"
        )
    frame = frame.reset_index(drop=True)
    score = _numeric_column(frame, "score", source, header_lines)
    bad = np.flatnonzero((score < 0) | (score > 1))
    if len(bad):
        line = int(bad[0]) + 1 + header_lines
        raise ValidationError(f"{source} line {line}: score {float(score[bad[0]]):g} is outside 0-1")
    frame["score"] = score
    if "cost_usd" in frame.columns:
        cost = _numeric_column(frame, "cost_usd", source, header_lines, allow_missing=True)
        negative = np.flatnonzero(cost < 0)
        if len(negative):
            line = int(negative[0]) + 1 + header_lines
            raise ValidationError(f"{source} line {line}: cost_usd {float(cost[negative[0]]):g} is negative")
        frame["cost_usd"] = cost
    for column in ("prompt_id", "model"):
        blank = np.flatnonzero(frame[column].isna().to_numpy() | (frame[column].astype(str).str.strip() == ""))
        if len(blank):
            raise ValidationError(f"{source} line {int(blank[0]) + 1 + header_lines}: {column} is empty")
        frame[column] = frame[column].astype(str)
    frame["prompt"] = frame["prompt"].fillna("").astype(str)
    dupes = frame.duplicated(["prompt_id", "model"], keep="first").to_numpy()
    if dupes.any():
        i = int(np.flatnonzero(dupes)[0])
        raise ValidationError(
            f"{source} line {i + 1 + header_lines}: prompt_id {frame.at[i, 'prompt_id']!r} has a second row "
            f"for model {frame.at[i, 'model']!r}"
        )
    return frame


def _numeric_column(
    frame: pd.DataFrame, column: str, source: str, header_lines: int, allow_missing: bool = False
) -> np.ndarray:
    raw = frame[column]
    if raw.dtype == bool:
        return np.asarray(raw.to_numpy(dtype=float))
    lowered = raw.map(lambda v: {"true": 1.0, "false": 0.0}.get(v.strip().lower(), v) if isinstance(v, str) else v)
    values = pd.to_numeric(lowered, errors="coerce").to_numpy(dtype=float)
    bad = np.isnan(values) & raw.notna().to_numpy()
    if not allow_missing:
        bad |= raw.isna().to_numpy()
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        value = raw.iloc[i]
        if pd.isna(value) or (isinstance(value, str) and value.strip().lower() in ("", "nan")):
            raise ValidationError(f"{source} line {i + 1 + header_lines}: {column} is empty (NaN); give a number")
        raise ValidationError(f"{source} line {i + 1 + header_lines}: {column} {str(value)!r} is not a number")
    return np.asarray(values, dtype=float)


def compute_eval_matrix(frame: pd.DataFrame, models: list[str] | None = None) -> EvalMatrix:
    """Pivot a validated long frame into the prompt x model matrix; prompts lacking any model are dropped."""
    chosen = models or sorted(frame["model"].unique().tolist())
    unknown = [m for m in chosen if m not in set(frame["model"])]
    if unknown:
        raise ValidationError(f"model(s) {', '.join(unknown)} have no rows in the eval data")
    frame = frame[frame["model"].isin(chosen)]
    scores = frame.pivot(index="prompt_id", columns="model", values="score").reindex(columns=chosen)
    complete = scores.notna().all(axis=1)
    if not complete.any():
        raise ValidationError("no prompt has a score for every model; routing needs the same prompts on all models")
    missing = {m: int(n) for m, n in scores.isna().sum().items() if n}
    dropped = int((~complete).sum())
    scores = scores[complete]
    firsts = frame.drop_duplicates("prompt_id").set_index("prompt_id").reindex(scores.index)
    has_costs = "cost_usd" in frame.columns and bool(frame["cost_usd"].notna().any())
    if has_costs:
        cost_frame = frame.pivot(index="prompt_id", columns="model", values="cost_usd").reindex(
            index=scores.index, columns=chosen
        )
        no_cost = [m for m in chosen if cost_frame[m].isna().all()]
        if no_cost:
            raise ValidationError(f"cost_usd: model(s) {', '.join(no_cost)} have no cost on any prompt")
        # A row without a cost gets that model's mean cost on the other prompts.
        costs = cost_frame.fillna(cost_frame.mean()).to_numpy(dtype=float)
    else:
        costs = compute_share_costs(scores.to_numpy(dtype=float))
    task_types = None
    if "task_type" in firsts.columns and firsts["task_type"].notna().any():
        task_types = firsts["task_type"].fillna("").astype(str).tolist()
    timestamps = None
    if "ts" in firsts.columns:
        parsed = pd.to_datetime(firsts["ts"], utc=True, errors="coerce")
        if parsed.isna().any():
            pid = str(firsts.index[int(np.flatnonzero(parsed.isna().to_numpy())[0])])
            raise ValidationError(f"ts: prompt_id {pid!r} has no readable timestamp")
        timestamps = parsed.to_numpy()
    return EvalMatrix(
        prompt_ids=[str(p) for p in scores.index],
        prompts=firsts["prompt"].astype(str).tolist(),
        task_types=task_types,
        models=list(chosen),
        scores=scores.to_numpy(dtype=float),
        costs=costs,
        has_costs=has_costs,
        timestamps=timestamps,
        dropped_prompts=dropped,
        missing_by_model=missing,
    )


def compute_share_costs(scores: np.ndarray) -> np.ndarray:
    """Costs when none are known: models ranked by mean score cost rank/(n-1) per call.

    With two models this makes the mean cost exactly the share of calls to the stronger (more expensive) one.
    """
    n_models = scores.shape[1]
    if n_models == 1:
        return np.zeros_like(scores)
    order = np.argsort(np.argsort(scores.mean(axis=0), kind="stable"), kind="stable")
    per_call = order / (n_models - 1)
    return np.broadcast_to(per_call, scores.shape).astype(float).copy()


def load_eval_matrix(path: Path) -> EvalMatrix:
    """Read a long-format eval file straight into the matrix."""
    return compute_eval_matrix(load_eval_file(path))
