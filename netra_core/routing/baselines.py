"""Baselines a learned router must clear: routers that score at random, and a per-task lookup that reads no text.

"Routing Plateau" and LLMRouterBench report that most routers only learn global averages; the lookup is exactly
that (each model's mean training score per task type), so a router that does not beat it has learned nothing
from the prompt text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from netra_core.routing.data import EvalMatrix


def compute_random_scores(n_prompts: int, n_models: int, seed: int) -> np.ndarray:
    """Scores of a router that knows nothing: independent uniform numbers per prompt and model."""
    return np.random.default_rng(seed).random((n_prompts, n_models))


@dataclass
class TaskLookup:
    """Each model's mean training score per task type; an unseen or missing task type gets the overall mean."""

    overall: np.ndarray = field(default_factory=lambda: np.zeros(0))
    by_task: dict[str, np.ndarray] = field(default_factory=dict)

    def fit(self, matrix: EvalMatrix) -> TaskLookup:
        """Learn the means from training prompts."""
        self.overall = matrix.scores.mean(axis=0)
        self.by_task = {}
        if matrix.task_types is not None:
            tasks = np.array(matrix.task_types)
            for task in sorted(set(matrix.task_types)):
                self.by_task[task] = matrix.scores[tasks == task].mean(axis=0)
        return self

    def predict(self, task_types: list[str] | None, n_prompts: int) -> np.ndarray:
        """Predicted score of every model on every prompt, from its task type alone."""
        if task_types is None:
            return np.tile(self.overall, (n_prompts, 1))
        return (
            np.vstack([self.by_task.get(t, self.overall) for t in task_types])
            if n_prompts
            else np.zeros((0, len(self.overall)))
        )
