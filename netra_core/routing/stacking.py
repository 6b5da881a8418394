"""A stacked learner: several learners' held-out predictions combined per model into calibrated scores.

Each member predicts every model's score; on internal folds of the training data their out-of-fold predictions
are the inputs of one small combiner per model: a logistic regression on the members' logits for 0/1 scores
(Platt-style calibrated probabilities), non-negative least squares for graded scores. The members are then refit
on all the training data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.model_selection import KFold

from netra_core.routing.features import FeatureSet
from netra_core.routing.learners import Learner, is_binary, make_learner


def _rows(x: FeatureSet, rows: np.ndarray) -> FeatureSet:
    return x.rows(rows)


def _logit(p: np.ndarray) -> np.ndarray:
    q = np.clip(p, 1e-4, 1 - 1e-4)
    return np.asarray(np.log(q / (1 - q)))


@dataclass
class StackedLearner:
    """Members' out-of-fold predictions, combined per model and calibrated."""

    members: tuple[tuple[str, dict[str, Any]], ...] = ()
    folds: int = 3
    name: str = "stack"
    fitted: list[Learner] = field(default_factory=list)
    combiners: list[tuple[np.ndarray, float]] = field(default_factory=list)  # per model: weights, intercept
    binary: bool = False

    @property
    def needs_dense(self) -> bool:
        """Whether any member reads the TF-IDF projection."""
        return any(make_learner(n, **p).needs_dense for n, p in self.members)

    @property
    def needs_embedding(self) -> bool:
        """Whether any member reads sentence embeddings."""
        return any(make_learner(n, **p).needs_embedding for n, p in self.members)

    def _inputs(self, predictions: list[np.ndarray], model: int) -> np.ndarray:
        cols = np.column_stack([p[:, model] for p in predictions])
        return _logit(cols) if self.binary else cols

    def fit(self, x: FeatureSet, y: np.ndarray) -> StackedLearner:
        """Out-of-fold member predictions, one combiner per model, then the members refit on everything."""
        self.binary = is_binary(y)
        n = y.shape[0]
        oof = [np.zeros_like(y, dtype=float) for _ in self.members]
        splitter = KFold(n_splits=min(self.folds, n), shuffle=True, random_state=0)
        for train, test in splitter.split(np.zeros(n)):
            for k, (name, params) in enumerate(self.members):
                learner = make_learner(name, **params).fit(_rows(x, train), y[train])
                oof[k][test] = learner.predict(_rows(x, test))
        self.combiners = []
        for j in range(y.shape[1]):
            inputs = self._inputs(oof, j)
            labels = y[:, j]
            if self.binary and labels.min() != labels.max():
                clf = LogisticRegression(C=1.0).fit(inputs, (labels >= 0.5).astype(int))
                self.combiners.append((clf.coef_[0].astype(float), float(clf.intercept_[0])))
            elif self.binary:
                self.combiners.append((np.zeros(len(self.members)), 30.0 if labels[0] >= 0.5 else -30.0))
            else:
                reg = LinearRegression(positive=True).fit(inputs, labels)
                self.combiners.append((reg.coef_.astype(float), float(reg.intercept_)))
        self.fitted = [make_learner(name, **params).fit(x, y) for name, params in self.members]
        return self

    def predict(self, x: FeatureSet) -> np.ndarray:
        """Calibrated probability (0/1 scores) or combined score (graded), per prompt and model."""
        predictions = [m.predict(x) for m in self.fitted]
        out = np.empty((x.sparse.shape[0], len(self.combiners)))
        for j, (weights, intercept) in enumerate(self.combiners):
            z = self._inputs(predictions, j) @ weights + intercept
            out[:, j] = 1.0 / (1.0 + np.exp(-z)) if self.binary else np.clip(z, 0.0, 1.0)
        return out

    def params(self) -> dict[str, Any]:
        """Members and folds."""
        return {"members": [[n, p] for n, p in self.members], "folds": self.folds}
