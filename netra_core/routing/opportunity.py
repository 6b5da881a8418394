"""Per-prompt routing as an optimization opportunity: where eval results cover several models on the same prompts,
how much a learned router saves at the best single model's quality, measured on held-out prompts only."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from netra_core.errors import ValidationError
from netra_core.routing.data import compute_eval_matrix
from netra_core.routing.evaluate import evaluate_routing

MIN_PROMPTS = 60


@dataclass(frozen=True)
class PerPromptRouting:
    """What routing each prompt (instead of each segment) would do on one eval dataset."""

    dataset: str
    prompts: int
    models: list[str]
    best_single_model: str
    best_single_quality: float
    cost_saving_at_best_quality: float | None
    cost_saving_std: float | None
    quality_gain_at_best_cost: float | None
    quality_gain_std: float | None
    aiq_router: float | None
    aiq_zero: float | None
    beats_zero_router: bool | None
    costs_known: bool
    folds: int
    encoder: str | None = None  # the sentence encoder the router read (None: TF-IDF only, the encoder not installed)
    learners: tuple[str, ...] = ()  # the learner chosen on inner folds of each training split

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return asdict(self)

    def describe(self) -> str:
        """One line for the terminal and the app."""
        saving = "n/a" if self.cost_saving_at_best_quality is None else f"{self.cost_saving_at_best_quality:.1%}"
        spread = "" if self.cost_saving_std is None else f" (± {self.cost_saving_std:.1%} across folds)"
        unit = "cost" if self.costs_known else "share of calls to the stronger models"
        return (
            f"{self.dataset}: routing each prompt reaches {self.best_single_model}'s quality "
            f"({self.best_single_quality:.3f}) at {saving} lower {unit}{spread}; AIQ {self.aiq_router or 0:.4f} "
            f"vs {self.aiq_zero or 0:.4f} for mixing models at random ({self.prompts:,} prompts, {self.folds}-fold, held out)"
            f"; features: {'TF-IDF + ' + self.encoder + ' embeddings' if self.encoder else 'TF-IDF'}"
            f"{'; learners chosen: ' + ', '.join(dict.fromkeys(self.learners)) if self.learners else ''}"
        )


def compute_per_prompt_routing(
    frame: pd.DataFrame, *, folds: int = 3, seed: int = 0, min_prompts: int = MIN_PROMPTS
) -> list[PerPromptRouting]:
    """One estimate per dataset whose prompts are scored on at least two models (datasets too small are skipped)."""
    out = []
    for dataset, part in frame.groupby("dataset", sort=True):
        if part["model"].nunique() < 2:
            continue
        try:
            matrix = compute_eval_matrix(part.drop(columns=["dataset"]))
        except ValidationError:
            continue
        if matrix.n_prompts < min_prompts:
            continue
        report = evaluate_routing(matrix, folds=folds, seed=seed)
        best = report["best_single_model"]
        out.append(
            PerPromptRouting(
                dataset=str(dataset),
                prompts=matrix.n_prompts,
                models=list(matrix.models),
                best_single_model=best["model"],
                best_single_quality=float(best["quality"]),
                cost_saving_at_best_quality=report.get("cost_saving_at_best_quality"),
                cost_saving_std=report.get("cost_saving_at_best_quality_std"),
                quality_gain_at_best_cost=report.get("quality_gain_at_best_cost"),
                quality_gain_std=report.get("quality_gain_at_best_cost_std"),
                aiq_router=report.get("aiq_router"),
                aiq_zero=report.get("aiq_zero"),
                beats_zero_router=report.get("beats_zero_router"),
                costs_known=matrix.has_costs,
                folds=folds,
                encoder=report["data"].get("encoder"),
                learners=tuple(f["learner"]["name"] for f in report["folds"]),
            )
        )
    return out
