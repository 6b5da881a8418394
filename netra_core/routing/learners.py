"""Learners that predict each model's score on a prompt from its features; the router picks among them by CV.

Tried: ridge (multi-output, sparse TF-IDF), logistic (one per model, sparse; 0/1 scores only), kNN (cosine on the
dense projection), gradient boosting (one per model, dense) and a RouteLLM-style matrix factorisation (a shared
low-rank prompt projection scored against a learned vector per model, logistic loss).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.linear_model import LogisticRegression, Ridge

from netra_core.errors import ValidationError
from netra_core.routing.features import FeatureSet


class Learner(Protocol):
    """Predicts a (n_prompts, n_models) matrix of scores in 0-1."""

    name: str

    @property
    def needs_dense(self) -> bool: ...

    @property
    def needs_embedding(self) -> bool: ...

    def fit(self, x: FeatureSet, y: np.ndarray) -> Learner: ...

    def predict(self, x: FeatureSet) -> np.ndarray: ...

    def params(self) -> dict[str, Any]: ...


def compute_space(x: FeatureSet, space: str) -> np.ndarray:
    """The dense matrix a learner reads: the TF-IDF projection ("dense") or the sentence embeddings."""
    if space == "embedding":
        if x.embedding is None:
            raise ValidationError("this learner reads sentence embeddings: train the router with an encoder")
        return x.embedding
    return x.dense


def compute_sparse(
    x: FeatureSet, with_embedding: bool, with_structure: bool = False, with_text: bool = True
) -> sp.csr_matrix:
    """The sparse TF-IDF block (unless with_text is False), with the embeddings and/or the prompt statistics
    appended as columns when asked."""
    blocks = [x.sparse] if with_text else []
    if with_embedding:
        if x.embedding is None:
            raise ValidationError("this learner reads sentence embeddings: train the router with an encoder")
        blocks.append(sp.csr_matrix(x.embedding))
    if with_structure:
        if x.structure is None:
            raise ValidationError("this learner reads the prompt statistics: featurise with TextFeaturizer.transform")
        blocks.append(sp.csr_matrix(x.structure))
    if not blocks:
        raise ValueError("a learner must read at least one feature block")
    return blocks[0] if len(blocks) == 1 else sp.hstack(blocks, format="csr")


def is_binary(y: np.ndarray) -> bool:
    """Whether every score is exactly 0 or 1 (correct / incorrect)."""
    return bool(np.isin(y, (0.0, 1.0)).all())


def anchor_best(coef: np.ndarray, intercept: np.ndarray, y: np.ndarray, logit: bool) -> None:
    """In place: the model with the best mean training score gets no prompt dependence, only its mean (as a logit
    for a logistic model). A prompt's predicted gain from it is then the others' predicted failure: routing by
    difficulty, which may transfer to another benchmark where the per-model differences a learner fits do not."""
    best = int(np.argmax(y.mean(axis=0)))
    mean = float(np.clip(y[:, best].mean(), 1e-4, 1 - 1e-4))
    coef[:, best] = 0.0
    intercept[best] = np.log(mean / (1 - mean)) if logit else mean


@dataclass
class RidgeLearner:
    """Multi-output ridge regression on the sparse features."""

    alpha: float = 3.0
    embedding: bool = False  # also read the sentence embeddings (as extra columns)
    structure: bool = False  # also read the benchmark-independent prompt statistics (features.STRUCTURE)
    text: bool = True  # read the TF-IDF block (False: only the blocks asked for above)
    # Difficulty routing: the best model on average is predicted by its training mean on every prompt, so the
    # decision ranks prompts by the other models' predicted failures alone (see anchor_best).
    anchor: bool = False
    name: str = "ridge"
    needs_dense: bool = False
    coef: np.ndarray | None = None  # (n_features, n_models), contiguous for a fast sparse product
    intercept: np.ndarray | None = None

    @property
    def needs_embedding(self) -> bool:
        """Whether the router must have an encoder."""
        return self.embedding

    def fit(self, x: FeatureSet, y: np.ndarray) -> RidgeLearner:
        """Fit all models' scores at once."""
        model = Ridge(alpha=self.alpha, solver="sparse_cg", random_state=0).fit(
            compute_sparse(x, self.embedding, self.structure, self.text), y
        )
        self.coef = np.ascontiguousarray(np.atleast_2d(model.coef_).T, dtype=np.float32)
        self.intercept = np.atleast_1d(model.intercept_).astype(np.float32)
        if self.anchor:
            anchor_best(self.coef, self.intercept, y, logit=False)
        return self

    def predict(self, x: FeatureSet) -> np.ndarray:
        """Predicted scores, clipped to 0-1."""
        assert self.coef is not None and self.intercept is not None
        # Not Ridge.predict: its input validation costs milliseconds per call, the product microseconds.
        predicted = (
            np.asarray(compute_sparse(x, self.embedding, self.structure, self.text) @ self.coef) + self.intercept
        )
        return np.asarray(np.clip(predicted, 0.0, 1.0), dtype=float)

    def params(self) -> dict[str, Any]:
        """Hyperparameters."""
        return {
            "alpha": self.alpha,
            "embedding": self.embedding,
            "structure": self.structure,
            "text": self.text,
            "anchor": self.anchor,
        }


@dataclass
class LogisticLearner:
    """One L2 logistic regression per model on the sparse features (0/1 scores)."""

    c: float = 1.0
    embedding: bool = False
    structure: bool = False
    text: bool = True
    anchor: bool = False  # as RidgeLearner.anchor
    name: str = "logistic"
    needs_dense: bool = False
    coef: np.ndarray | None = None  # (n_features, n_models)
    intercept: np.ndarray | None = None

    @property
    def needs_embedding(self) -> bool:
        """Whether the router must have an encoder."""
        return self.embedding

    def fit(self, x: FeatureSet, y: np.ndarray) -> LogisticLearner:
        """Fit one classifier per model; a model that is always right (or wrong) gets a constant."""
        features = compute_sparse(x, self.embedding, self.structure, self.text)
        coefs, intercepts = [], []
        for col in y.T:
            labels = (col >= 0.5).astype(int)
            if labels.min() == labels.max():
                coefs.append(np.zeros(features.shape[1]))
                intercepts.append(30.0 if labels[0] else -30.0)
            else:
                model = LogisticRegression(C=self.c, solver="liblinear").fit(features, labels)
                coefs.append(model.coef_[0])
                intercepts.append(float(model.intercept_[0]))
        self.coef = np.ascontiguousarray(np.column_stack(coefs), dtype=np.float32)
        self.intercept = np.asarray(intercepts, dtype=np.float32)
        if self.anchor:
            anchor_best(self.coef, self.intercept, y, logit=True)
        return self

    def predict(self, x: FeatureSet) -> np.ndarray:
        """Predicted probability that each model is right."""
        assert self.coef is not None and self.intercept is not None
        z = np.asarray(compute_sparse(x, self.embedding, self.structure, self.text) @ self.coef) + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=float)

    def params(self) -> dict[str, Any]:
        """Hyperparameters."""
        return {
            "C": self.c,
            "embedding": self.embedding,
            "structure": self.structure,
            "text": self.text,
            "anchor": self.anchor,
        }


@dataclass
class KnnLearner:
    """Mean score of the k most similar training prompts (cosine on the dense projection)."""

    k: int = 40
    space: str = "dense"  # "dense" (TF-IDF projection) or "embedding" (sentence encoder)
    name: str = "knn"
    train_x: np.ndarray | None = None
    train_y: np.ndarray | None = None

    @property
    def needs_dense(self) -> bool:
        """Whether the featurizer must keep its TF-IDF projection."""
        return self.space == "dense"

    @property
    def needs_embedding(self) -> bool:
        """Whether the router must have an encoder."""
        return self.space == "embedding"

    @staticmethod
    def _unit(x: np.ndarray) -> np.ndarray:
        return np.asarray(x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9))

    def fit(self, x: FeatureSet, y: np.ndarray) -> KnnLearner:
        """Remember the training prompts."""
        self.train_x = self._unit(compute_space(x, self.space)).astype(np.float32)
        self.train_y = y.astype(np.float32)
        return self

    def predict(self, x: FeatureSet) -> np.ndarray:
        """Similarity-weighted mean of the neighbours' scores."""
        assert self.train_x is not None and self.train_y is not None
        k = min(self.k, len(self.train_x))
        features = compute_space(x, self.space)
        out = np.empty((features.shape[0], self.train_y.shape[1]))
        query = self._unit(features).astype(np.float32)
        for start in range(0, len(query), 1024):  # bounded memory on large test sets
            sims = query[start : start + 1024] @ self.train_x.T
            idx = np.argpartition(-sims, k - 1, axis=1)[:, :k]
            weights = np.maximum(np.take_along_axis(sims, idx, axis=1), 0.0) + 1e-6
            out[start : start + 1024] = np.einsum("nk,nkm->nm", weights, self.train_y[idx]) / weights.sum(1)[:, None]
        return out

    def params(self) -> dict[str, Any]:
        """Hyperparameters."""
        return {"k": self.k, "space": self.space}


@dataclass
class BoostingLearner:
    """One histogram gradient-boosting regressor per model on the dense features."""

    max_iter: int = 150
    learning_rate: float = 0.05
    name: str = "gbm"
    needs_dense: bool = True
    needs_embedding: bool = False
    models: list[HistGradientBoostingRegressor] = field(default_factory=list)

    def fit(self, x: FeatureSet, y: np.ndarray) -> BoostingLearner:
        """Fit one booster per model."""
        self.models = [
            HistGradientBoostingRegressor(
                max_iter=self.max_iter,
                learning_rate=self.learning_rate,
                max_leaf_nodes=15,
                l2_regularization=1.0,
                min_samples_leaf=20,
                early_stopping=False,
                random_state=0,
            ).fit(x.dense, col)
            for col in y.T
        ]
        return self

    def predict(self, x: FeatureSet) -> np.ndarray:
        """Predicted scores, clipped to 0-1."""
        return np.asarray(np.clip(np.column_stack([m.predict(x.dense) for m in self.models]), 0.0, 1.0))

    def params(self) -> dict[str, Any]:
        """Hyperparameters."""
        return {"max_iter": self.max_iter, "learning_rate": self.learning_rate}


@dataclass
class FactorisationLearner:
    """RouteLLM-style matrix factorisation: score_m(q) = sigmoid(u_m . (W q) + b_m), W shared and low rank.

    With two models and rank >= 2 this is a linear logistic model on the dense projection; its sharing pays off
    with many models.
    """

    rank: int = 16
    l2: float = 1e-3
    space: str = "dense"
    name: str = "mf"
    w: np.ndarray | None = None
    u: np.ndarray | None = None
    b: np.ndarray | None = None

    @property
    def needs_dense(self) -> bool:
        """Whether the featurizer must keep its TF-IDF projection."""
        return self.space == "dense"

    @property
    def needs_embedding(self) -> bool:
        """Whether the router must have an encoder."""
        return self.space == "embedding"

    def fit(self, x: FeatureSet, y: np.ndarray) -> FactorisationLearner:
        """Minimise the cross-entropy (scores as soft labels) with L-BFGS."""
        xs = compute_space(x, self.space).astype(np.float64)
        n, d = xs.shape
        m = y.shape[1]
        r = min(self.rank, d)
        rng = np.random.default_rng(0)
        start = np.concatenate([rng.normal(0, 0.1, d * r), rng.normal(0, 0.1, m * r), np.zeros(m)])

        def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
            w = theta[: d * r].reshape(d, r)
            u = theta[d * r : d * r + m * r].reshape(m, r)
            b = theta[d * r + m * r :]
            h = xs @ w
            z = h @ u.T + b
            p = 1.0 / (1.0 + np.exp(-z))
            eps = 1e-9
            value = -np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)) * m
            value += self.l2 * (np.sum(w * w) + np.sum(u * u))
            g = (p - y) / n
            grad_w = xs.T @ (g @ u) + 2 * self.l2 * w
            grad_u = g.T @ h + 2 * self.l2 * u
            return float(value), np.concatenate([grad_w.ravel(), grad_u.ravel(), g.sum(axis=0)])

        result = minimize(loss, start, jac=True, method="L-BFGS-B", options={"maxiter": 300})
        theta = result.x
        self.w = theta[: d * r].reshape(d, r)
        self.u = theta[d * r : d * r + m * r].reshape(m, r)
        self.b = theta[d * r + m * r :]
        return self

    def predict(self, x: FeatureSet) -> np.ndarray:
        """Predicted scores."""
        assert self.w is not None and self.u is not None and self.b is not None
        z = (compute_space(x, self.space) @ self.w) @ self.u.T + self.b
        return np.asarray(1.0 / (1.0 + np.exp(-z)))

    def params(self) -> dict[str, Any]:
        """Hyperparameters."""
        return {"rank": self.rank, "l2": self.l2, "space": self.space}


LEARNERS: dict[str, Any] = {
    "ridge": RidgeLearner,
    "logistic": LogisticLearner,
    "knn": KnnLearner,
    "gbm": BoostingLearner,
    "mf": FactorisationLearner,
    "stack": None,  # netra_core/routing/stacking.py (it builds its members through make_learner)
}


def make_learner(name: str, **params: Any) -> Learner:
    """A fresh, unfitted learner by name."""
    if name not in LEARNERS:
        raise ValueError(f"unknown learner {name!r}; known: {', '.join(LEARNERS)}")
    if name == "stack":
        from netra_core.routing.stacking import StackedLearner

        members = tuple((str(n), dict(p)) for n, p in params.pop("members", STACK_MEMBERS))
        return StackedLearner(members=members, **params)
    learner: Learner = LEARNERS[name](**params)
    return learner


EMBEDDING = {"space": "embedding"}
STACK_MEMBERS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("ridge", {"alpha": 10.0, "embedding": True}),
    ("knn", {"k": 40, **EMBEDDING}),
    ("mf", {"rank": 16, **EMBEDDING}),
)
# Candidates chosen among on inner folds of the training data. Those reading embeddings are skipped (and the
# skip recorded) when the router has no encoder.
DEFAULT_CANDIDATES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("ridge", {"alpha": 10.0}),
    ("logistic", {"c": 1.0}),
    ("knn", {"k": 40}),
    ("mf", {"rank": 16}),
    ("ridge", {"alpha": 10.0, "embedding": True}),
    ("logistic", {"c": 1.0, "embedding": True}),
    ("knn", {"k": 40, **EMBEDDING}),
    ("mf", {"rank": 16, **EMBEDDING}),
    ("stack", {"members": STACK_MEMBERS}),
)
# Also tried on RouteLLM's MMLU and GSM8K (benchmarks/ROUTER_RESULTS.md) and never chosen on any training split:
# ridge alpha=1 and gradient boosting ("gbm", also the slowest by far). Both stay available through make_learner.


def compute_with_structure(
    candidates: tuple[tuple[str, dict[str, Any]], ...],
) -> tuple[tuple[str, dict[str, Any]], ...]:
    """The candidates plus, for each ridge and logistic one, the same learner also reading the prompt statistics
    (features.STRUCTURE), and a logistic regression on the statistics alone: the inner folds choose among them.
    Not in DEFAULT_CANDIDATES: on RouteLLM's MMLU -> GSM8K they won the inner folds by 0.00003 AIQ and moved the
    held-out APGR within its interval (benchmarks/ROUTER_RESULTS.md, issue 17)."""
    extra = [(name, {**params, "structure": True}) for name, params in candidates if name in ("ridge", "logistic")]
    extra.append(("logistic", {"c": 1.0, "structure": True, "text": False}))
    out = list(candidates)
    for item in extra:
        if item not in out:
            out.append(item)
    return tuple(out)
