"""Held-out splits beyond random K-fold: time-ordered (train on the past, test on the future) and by task type."""

from __future__ import annotations

import numpy as np
from sklearn.model_selection import GroupKFold

from netra_core.errors import ValidationError
from netra_core.routing.data import EvalMatrix


def compute_time_split(matrix: EvalMatrix, test_fraction: float) -> tuple[np.ndarray, np.ndarray]:
    """Rows of the oldest prompts (training) and of the newest `test_fraction` of them (test).

    Prompts sharing the newest training timestamp stay in training, so no test prompt is older than a training one.
    """
    if matrix.timestamps is None:
        raise ValidationError("a time-ordered split needs a ts (timestamp) column in the eval data")
    if not 0 < test_fraction < 1:
        raise ValidationError(f"test fraction {test_fraction} must be between 0 and 1")
    order = np.argsort(matrix.timestamps, kind="stable")
    cut = round(len(order) * (1 - test_fraction))
    if cut < 1 or cut >= len(order):
        raise ValidationError(f"{matrix.n_prompts} prompts are too few to keep {test_fraction:.0%} for the test")
    stamps = matrix.timestamps[order]
    while cut < len(order) and stamps[cut] == stamps[cut - 1]:
        cut += 1
    if cut >= len(order):
        raise ValidationError("every prompt after the cut has the same timestamp as the last training prompt")
    return order[:cut], order[cut:]


def compute_task_folds(matrix: EvalMatrix, n_folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Folds grouped by task type: each fold's task types never appear in its training part (one task per fold
    when n_folds >= the number of task types: leave-one-task-out)."""
    groups = compute_task_groups(matrix)
    n_tasks = int(groups.max()) + 1
    if n_tasks < 2:
        raise ValidationError("a split by task type needs at least 2 task types in the task_type column")
    splitter = GroupKFold(n_splits=min(n_folds, n_tasks))
    return [(tr, te) for tr, te in splitter.split(np.zeros(len(groups)), groups=groups)]


def compute_task_groups(matrix: EvalMatrix) -> np.ndarray:
    """A group number per prompt, one per task type."""
    if matrix.task_types is None:
        raise ValidationError("a split by task type needs a task_type column in the eval data")
    index: dict[str, int] = {}
    return np.array([index.setdefault(t, len(index)) for t in matrix.task_types])
