"""General-purpose preference data as router training rows (issue 17) and the benchmark-independent prompt
statistics learners may read."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from netra_core.errors import ValidationError
from netra_core.routing.data import ROUTELLM_STRONG, ROUTELLM_WEAK, compute_eval_matrix
from netra_core.routing.features import STRUCTURE, TextFeaturizer, compute_structure
from netra_core.routing.learners import LogisticLearner, RidgeLearner, make_learner
from netra_core.routing.routellm import (
    ALPACA_BASELINE,
    ALPACA_WEAK,
    convert_alpaca_pairwise,
    convert_general_preferences,
    convert_routellm_mt_bench,
)


def write_alpaca(directory: Path, preferences: dict[int, float], baseline: str = ALPACA_BASELINE) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(
        {
            "instruction_id": [0, 1, 2, 3],
            "dataset": ["koala", "oasst", "oasst", "vicuna"],
            "instruction": ["Write a haiku.", "Prove that 2+2=4.", "Name a fruit.", "Plan a trip to Rome."],
        }
    ).to_csv(directory / "instructions.csv", index=False)
    rows = [
        {
            "model": ALPACA_WEAK,
            "generator_2": ALPACA_WEAK,
            "instruction_id": i,
            "preference": p,
            "model_output_chars": 100,
            "baseline_output_chars": 120,
            "baseline_model": baseline,
        }
        for i, p in preferences.items()
    ]
    # Another model's rows must not leak in.
    rows.append({**rows[0], "model": "claude-2", "generator_2": "claude-2", "preference": 1.0})
    pd.DataFrame(rows).to_csv(directory / "per_prompt_preference_vs_gpt4_turbo.csv", index=False)
    return directory


def write_mt_bench(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    questions = [
        {"question_id": 81, "category": "writing", "turns": ["Write a blog post.", "Shorten it."]},
        {"question_id": 111, "category": "math", "turns": ["Find the area of a triangle.", "And its perimeter?"]},
        {"question_id": 120, "category": "math", "turns": ["Solve x^2 = 4.", "And x^3 = 8?"]},
    ]
    (directory / "question.jsonl").write_text("\n".join(json.dumps(q) for q in questions) + "\n")
    scores = {  # (question, model, turn) -> score
        (81, ROUTELLM_STRONG, 1): 9,
        (81, ROUTELLM_WEAK, 1): 9,  # a tie: not a loss
        (81, ROUTELLM_WEAK, 2): 2,  # the second turn is not read
        (81, ROUTELLM_STRONG, 2): 9,
        (111, ROUTELLM_STRONG, 1): 10,
        (111, ROUTELLM_WEAK, 1): 3,  # loses
        (120, ROUTELLM_STRONG, 1): 6,
        (120, ROUTELLM_WEAK, 1): 8,  # wins
    }
    lines = [
        json.dumps({"question_id": q, "model": m, "judge": ["gpt-4", "single-v1"], "turn": t, "score": s})
        for (q, m, t), s in scores.items()
    ]
    (directory / "judgements.jsonl").write_text("\n".join(lines) + "\n")
    return directory


def test_alpaca_preferences_mark_the_strong_model_needed_where_the_weak_one_loses(tmp_path: Path) -> None:
    directory = write_alpaca(tmp_path / "alpaca_eval", {0: 1.9, 1: 1.1, 2: 1.5, 3: 1.49})
    matrix = compute_eval_matrix(convert_alpaca_pairwise(directory))
    assert set(matrix.models) == {ROUTELLM_WEAK, ROUTELLM_STRONG}
    weak, strong = matrix.models.index(ROUTELLM_WEAK), matrix.models.index(ROUTELLM_STRONG)
    by_id = dict(zip(matrix.prompt_ids, range(matrix.n_prompts), strict=True))
    assert [matrix.scores[by_id[f"alpaca/{i}"], weak] for i in range(4)] == [1.0, 0.0, 1.0, 0.0]
    assert (matrix.scores[:, strong] == 1.0).all()
    assert matrix.prompts[by_id["alpaca/1"]] == "Prove that 2+2=4."


def test_alpaca_preferences_refuse_another_baseline_or_a_missing_model(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="judged against"):
        convert_alpaca_pairwise(write_alpaca(tmp_path / "a", {0: 1.2}, baseline="gpt4"))
    with pytest.raises(ValidationError, match="no rows for model"):
        convert_alpaca_pairwise(write_alpaca(tmp_path / "b", {0: 1.2}), weak="nobody")
    with pytest.raises(ValidationError, match="not found"):
        convert_alpaca_pairwise(tmp_path / "absent")


def test_mt_bench_first_turn_judgements_decide(tmp_path: Path) -> None:
    matrix = compute_eval_matrix(convert_routellm_mt_bench(write_mt_bench(tmp_path / "mt_bench")))
    weak = matrix.models.index(ROUTELLM_WEAK)
    got = {pid: matrix.scores[i, weak] for i, pid in enumerate(matrix.prompt_ids)}
    assert got == {"mt_bench/81": 1.0, "mt_bench/111": 0.0, "mt_bench/120": 1.0}
    assert matrix.prompts[matrix.prompt_ids.index("mt_bench/111")] == "Find the area of a triangle."


def test_mt_bench_without_a_models_judgements_is_refused(tmp_path: Path) -> None:
    directory = write_mt_bench(tmp_path / "mt_bench")
    lines = [ln for ln in (directory / "judgements.jsonl").read_text().splitlines() if ROUTELLM_WEAK not in ln]
    (directory / "judgements.jsonl").write_text("\n".join(lines) + "\n")
    with pytest.raises(ValidationError, match="no first-turn judgements"):
        convert_routellm_mt_bench(directory)


def test_general_preferences_join_both_sources(tmp_path: Path) -> None:
    write_alpaca(tmp_path / "alpaca_eval", {0: 1.9, 1: 1.1})
    write_mt_bench(tmp_path / "routellm" / "mt_bench")
    frame = convert_general_preferences(tmp_path)
    assert sorted(set(frame["task_type"])) == ["alpaca_eval", "mt_bench"]
    assert frame["prompt_id"].nunique() == 5


def test_structure_statistics_read_numbers_questions_and_options() -> None:
    prompts = [
        "Tom has 3 apples and buys 12 more. How many apples does he have in total?",
        "Which is a mammal?\nA. shark\nB. whale\nC. trout\nD. eel\nAnswer:",
        "Write a poem about the sea.",
    ]
    got = compute_structure(prompts, idf={"write": 2.0, "poem": 4.0}, max_idf=4.0)
    col = {name: got[:, i] for i, name in enumerate(STRUCTURE)}
    assert col["log numbers"][0] == pytest.approx(np.log1p(2) / 3.0)
    assert col["log numbers"][2] == 0.0
    assert col["asks for a computation or derivation"][0] > 0 and col["asks for a computation or derivation"][2] == 0
    assert list(col["multiple-choice options"]) == [0.0, 1.0, 0.0]
    assert list(col["log question marks"] > 0) == [True, True, False]
    # "write" and "poem" known (idf 2, 4 of max 4), "a", "about", "the", "sea" not.
    assert col["mean word rarity (idf)"][2] == pytest.approx(0.75)
    assert col["share of out-of-vocabulary words"][2] == pytest.approx(4 / 6)


def test_learners_read_the_statistics_only_when_asked() -> None:
    prompts = [f"item {i} " + ("how many in total? " + "7 " * (i % 5) if i % 2 else "describe it") for i in range(60)]
    featurizer = TextFeaturizer(seed=0).fit(prompts)
    x = featurizer.transform(prompts)
    assert x.structure is not None and x.structure.shape == (60, len(STRUCTURE))
    assert x.rows(np.arange(5)).structure is not None
    y = np.column_stack([np.arange(60) % 2 == 0, np.ones(60)]).astype(float)
    plain = RidgeLearner(alpha=10.0).fit(x, y)
    only = RidgeLearner(alpha=1.0, structure=True, text=False).fit(x, y)
    both = LogisticLearner(c=1.0, structure=True).fit(x, y)
    assert plain.coef is not None and only.coef is not None and both.coef is not None
    assert only.coef.shape[0] == len(STRUCTURE)
    assert both.coef.shape[0] == plain.coef.shape[0] + len(STRUCTURE)
    # The statistics separate the two halves on their own.
    predicted = only.predict(x)
    assert predicted[::2, 0].mean() > predicted[1::2, 0].mean() + 0.3
    with pytest.raises(ValueError, match="at least one feature block"):
        make_learner("ridge", text=False).fit(x, y)


def test_extra_training_prompts_join_every_training_fold_and_are_never_held_out() -> None:
    from netra_core.routing.data import compute_joined
    from netra_core.routing.evaluate import evaluate_routing
    from tests.test_routing_router import make_matrix

    data, extra = make_matrix(90, seed=4), make_matrix(60, seed=5)
    joined = compute_joined(data, extra)
    assert joined.n_prompts == 150 and joined.prompt_ids[90:] == extra.prompt_ids
    assert np.array_equal(joined.scores[90:], extra.scores)
    with pytest.raises(ValidationError, match="also in the eval data"):
        compute_joined(data, data.subset(np.arange(3)))
    report = evaluate_routing(
        data, folds=3, candidates=(("ridge", {"alpha": 1.0}),), encoder=None, extra_train=extra, bootstrap=10
    )
    assert report["data"]["extra_training_prompts"] == 60
    assert sum(f["prompts"] for f in report["folds"]) == 90  # held-out prompts: the data's only
    assert "plus 60 extra training prompts" in report["data"]["evaluation"]


def test_routing_computes_the_statistics_only_when_the_learner_reads_them(tmp_path: Path) -> None:
    from netra_core.routing.router import LearnedRouter
    from tests.test_routing_router import make_matrix

    matrix = make_matrix(90, seed=7)
    plain = LearnedRouter(candidates=(("ridge", {"alpha": 1.0}),), encoder=None).fit(matrix)
    assert plain.featurizer.transform(["prove it"]).structure is None
    reads = LearnedRouter(candidates=(("ridge", {"alpha": 1.0, "structure": True}),), encoder=None).fit(matrix)
    assert reads.featurizer.transform(["prove it"]).structure is not None
    reads.save(tmp_path / "router.zip")
    loaded = LearnedRouter.load(tmp_path / "router.zip")
    prompt = "compute the definite integral of the polynomial from zero to 7"
    assert np.allclose(loaded.predict_scores([prompt]), reads.predict_scores([prompt]))
    assert loaded.route(prompt) in matrix.models


def test_difficulty_routing_pins_the_best_model_to_its_mean() -> None:
    prompts = [f"item {i} " + ("hard " * (i % 3)) for i in range(60)]
    x = TextFeaturizer(seed=0).fit(prompts).transform(prompts)
    weak = (np.arange(60) % 3 == 0).astype(float)  # right only on the easy prompts
    strong = (np.arange(60) % 7 != 0).astype(float)  # right on 6 of 7, whatever the prompt
    y = np.column_stack([weak, strong])
    for learner in (RidgeLearner(alpha=1.0, anchor=True), LogisticLearner(c=1.0, anchor=True)):
        predicted = learner.fit(x, y).predict(x)
        assert np.allclose(predicted[:, 1], strong.mean(), atol=1e-4)  # no prompt dependence left
        assert predicted[weak == 1, 0].mean() > predicted[weak == 0, 0].mean() + 0.5
    free = RidgeLearner(alpha=1.0).fit(x, y).predict(x)
    assert free[:, 1].std() > 0.01  # without the anchor the best model's score follows the prompt
