"""Each model's expected cost on a prompt, learned from the eval data's per-prompt costs.

A call's cost is mostly its output tokens x the model's output price, and output length depends on both the prompt
(a poem vs a yes/no answer) and the model (a verbose model writes more). Where the data's costs vary across prompts
(AlpacaEval: catalog prices x recorded answer lengths), a ridge regression per model predicts log cost from the
prompt's features; where a model's cost is the same on every prompt (or modelled as a share of calls), its mean is
used.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import Ridge

from netra_core.routing.features import FeatureSet

VARIES = 1e-6  # relative spread under which a model's cost is taken as constant


@dataclass
class CostModel:
    """Predicted cost per prompt and model; constant models keep their training mean."""

    per_prompt: bool = True  # False: every model's training mean (chosen when predicting costs did not pay)
    alpha: float = 1.0  # log costs span orders of magnitude; alpha 10 shrank a 40x spread to 2x on 120 prompts
    means: np.ndarray = field(default_factory=lambda: np.zeros(0))
    coef: np.ndarray | None = None  # (n_features, n_models) on log cost; zero columns for constant models
    intercept: np.ndarray | None = None
    scale: np.ndarray | None = None  # per model: mean cost / mean predicted cost on training (undoes log's bias)
    learned: list[bool] = field(default_factory=list)

    @staticmethod
    def _features(x: FeatureSet) -> sp.csr_matrix:
        if x.embedding is None:
            return x.sparse
        return sp.hstack([x.sparse, sp.csr_matrix(x.embedding)], format="csr")

    def fit(self, x: FeatureSet, costs: np.ndarray) -> CostModel:
        """Learn each varying model's log cost from the prompt features."""
        self.means = costs.mean(axis=0)
        spread = costs.std(axis=0) / np.maximum(np.abs(self.means), 1e-12)
        self.learned = [bool(self.per_prompt and s > VARIES and (costs[:, j] > 0).all()) for j, s in enumerate(spread)]
        if not any(self.learned):
            return self
        features = self._features(x)
        cols = [j for j, ok in enumerate(self.learned) if ok]
        target = np.log(costs[:, cols])
        model = Ridge(alpha=self.alpha, solver="sparse_cg", random_state=0).fit(features, target)
        coef = np.zeros((features.shape[1], costs.shape[1]), dtype=np.float32)
        coef[:, cols] = np.atleast_2d(model.coef_).T
        intercept = np.zeros(costs.shape[1], dtype=np.float32)
        intercept[cols] = np.atleast_1d(model.intercept_)
        self.coef, self.intercept = np.ascontiguousarray(coef), intercept
        self.scale = np.ones(costs.shape[1])
        predicted = self._raw(features)
        for j in cols:
            self.scale[j] = self.means[j] / max(float(predicted[:, j].mean()), 1e-30)
        return self

    def _raw(self, features: sp.csr_matrix) -> np.ndarray:
        assert self.coef is not None and self.intercept is not None
        return np.asarray(np.exp(np.asarray(features @ self.coef) + self.intercept))

    def predict(self, x: FeatureSet) -> np.ndarray:
        """Expected cost of every model on every prompt, (n_prompts, n_models)."""
        n = x.sparse.shape[0]
        out = np.tile(self.means, (n, 1)).astype(float)
        if self.coef is None or self.scale is None:
            return out
        predicted = self._raw(self._features(x)) * self.scale
        learned = np.array(self.learned)
        out[:, learned] = predicted[:, learned]
        return out

    def describe(self) -> dict[str, object]:
        """Which models' costs are predicted per prompt."""
        return {"per_prompt": [bool(v) for v in self.learned], "alpha": self.alpha}
