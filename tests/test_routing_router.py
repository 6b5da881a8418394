"""The learned router on data where the right model can be learned from the text."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from netra_core.errors import ValidationError
from netra_core.routing.data import EvalMatrix, compute_eval_matrix, validate_eval_frame
from netra_core.routing.evaluate import evaluate_routing
from netra_core.routing.router import LearnedRouter

FAST = (("ridge", {"alpha": 1.0}), ("knn", {"k": 15}))
TOPICS = {
    # topic: (probability the small model is right, the big one)
    "integral": (0.1, 0.9),
    "proof": (0.2, 0.9),
    "greeting": (0.95, 0.95),
    "weather": (0.9, 0.9),
}
WORDS = {
    "integral": "compute the definite integral of the polynomial from zero to {n}",
    "proof": "prove by induction that the sum of the first {n} odd numbers is a square",
    "greeting": "say hello politely to a new colleague named person{n}",
    "weather": "describe the weather today in city number {n} briefly",
}


def make_rows(n_prompts: int, seed: int = 0, with_cost: bool = False, models: int = 2) -> pd.DataFrame:
    """Long eval rows: a small model that fails on maths prompts, a big one that does not (and a mid one)."""
    rng = np.random.default_rng(seed)
    rows = []
    topics = list(TOPICS)
    for i in range(n_prompts):
        topic = topics[i % len(topics)]
        prompt = WORDS[topic].format(n=int(rng.integers(1, 10_000)))
        p_small, p_big = TOPICS[topic]
        outcomes = {"small": rng.random() < p_small, "big": rng.random() < p_big}
        prices = {"small": 0.001, "big": 0.01}
        if models == 3:
            outcomes["mid"] = rng.random() < (p_small + p_big) / 2
            prices["mid"] = 0.004
        for model, ok in outcomes.items():
            row = {"prompt_id": f"{seed}-{i}", "prompt": prompt, "model": model, "score": float(ok), "task_type": "qa"}
            if with_cost:
                row["cost_usd"] = prices[model] * (1 + 0.1 * rng.random())
            rows.append(row)
    return pd.DataFrame(rows)


def make_matrix(n_prompts: int, seed: int = 0, **kwargs: object) -> EvalMatrix:
    """The synthetic rows as the matrix the router trains on."""
    return compute_eval_matrix(validate_eval_frame(make_rows(n_prompts, seed, **kwargs), "synthetic"))  # type: ignore[arg-type]


def test_router_beats_the_zero_router_on_held_out_prompts() -> None:
    report = evaluate_routing(make_matrix(240), folds=3, candidates=FAST)
    # a 50/50 mix of the models is the zero router's best; knowing the topic is worth far more
    assert report["aiq_router"] > report["aiq_zero"] + 0.05
    assert report["beats_zero_router"] is True
    assert report["aiq_router"] <= report["aiq_oracle"] + 1e-9
    assert report["apgr"] > 0.7
    assert report["cpt50"] is not None and report["cpt50"] < 0.4


def test_router_sends_maths_to_the_big_model_and_chat_to_the_small_one() -> None:
    router = LearnedRouter(candidates=FAST).fit(make_matrix(200, with_cost=True))
    router.calibrate(target_share=0.5)
    assert router.route("compute the definite integral of the polynomial from zero to 77") == "big"
    assert router.route("say hello politely to a new colleague named person12") == "small"


def test_calibration_hits_a_target_share_of_calls() -> None:
    router = LearnedRouter(candidates=FAST).fit(make_matrix(400, with_cost=True))
    point = router.calibrate(target_share=0.3)
    big = router.models.index("big")
    assert abs(point.shares[big] - 0.3) <= 0.02
    # on fresh prompts from the same traffic the share holds (maths prompts are half of it, so 0.3 is a
    # threshold inside the maths group: loose tolerance)
    fresh = make_matrix(400, seed=7, with_cost=True)
    routed = router.route_many(fresh.prompts, fresh.task_types)
    assert abs(np.mean([m == "big" for m in routed]) - 0.3) <= 0.1


def test_calibration_to_a_cost_and_to_a_quality() -> None:
    router = LearnedRouter(candidates=FAST).fit(make_matrix(300, with_cost=True))
    cheap = router.calibrate(target_cost=0.004)
    assert cheap.cost <= 0.004
    good = router.calibrate(target_quality=0.85)
    assert good.quality >= 0.85
    with pytest.raises(ValidationError, match="target_quality"):
        router.calibrate(target_quality=1.01)
    with pytest.raises(ValidationError, match="exactly one"):
        router.calibrate(target_cost=0.01, target_quality=0.8)


def test_three_models_and_the_threshold_rule() -> None:
    matrix = make_matrix(240, models=3, with_cost=True)
    report = evaluate_routing(matrix, folds=3, candidates=FAST, rule="threshold")
    assert "apgr" not in report  # APGR and CPT are two-model metrics
    assert report["aiq_router"] > report["aiq_zero"]
    assert set(report["models"]) == {"small", "mid", "big"}


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    matrix = make_matrix(200, with_cost=True)
    router = LearnedRouter(candidates=FAST).fit(matrix)
    router.calibrate(target_share=0.4)
    path = tmp_path / "router.zip"
    router.save(path)
    with zipfile.ZipFile(path) as archive:
        assert set(archive.namelist()) == {"metadata.json", "router.joblib"}
    loaded = LearnedRouter.load(path)
    fresh = make_matrix(50, seed=9)
    np.testing.assert_allclose(loaded.predict_scores(fresh.prompts), router.predict_scores(fresh.prompts))
    assert loaded.route_many(fresh.prompts) == router.route_many(fresh.prompts)
    meta = loaded.metadata
    assert meta["training_size"] == 200 and meta["models"] == ["big", "small"]
    assert meta["learner"]["name"] in {"ridge", "knn"} and {c["learner"] for c in meta["cv_scores"]} == {"ridge", "knn"}
    assert meta["policy"] == router.policy.as_dict() and "created_at" in meta
    # a sparse-only learner ships without the dense projection, and still routes after loading
    sparse_only = LearnedRouter(candidates=(("ridge", {"alpha": 1.0}),)).fit(matrix)
    sparse_only.save(tmp_path / "ridge.zip")
    assert sparse_only.metadata["features"]["dense_dim"] == 0
    assert (tmp_path / "ridge.zip").stat().st_size < path.stat().st_size or meta["learner"]["name"] == "ridge"
    reloaded = LearnedRouter.load(tmp_path / "ridge.zip")
    assert reloaded.route_many(fresh.prompts) == sparse_only.route_many(fresh.prompts)
    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    with pytest.raises(ValidationError, match="not a Netra router artifact"):
        LearnedRouter.load(tmp_path / "junk.zip")


def test_model_selection_happens_inside_the_training_data() -> None:
    # evaluate_routing must fit one router per fold, each choosing from CV scores on its own training part
    report = evaluate_routing(make_matrix(180), folds=3, candidates=FAST)
    assert len(report["folds"]) == 3
    for fold in report["folds"]:
        assert {c["learner"] for c in fold["cv_scores"]} == {"ridge", "knn"}
        best = max(fold["cv_scores"], key=lambda c: (c["aiq"], -c["brier"]))
        assert fold["learner"]["name"] == best["learner"]
    assert sum(f["prompts"] for f in report["folds"]) == 180


def test_fast_featurisation_equals_scikit_learns_tfidf() -> None:
    import scipy.sparse as sp
    from sklearn.preprocessing import normalize

    from netra_core.routing.features import TextFeaturizer

    matrix = make_matrix(120)
    featurizer = TextFeaturizer().fit(matrix.prompts[:80], matrix.task_types)
    assert featurizer.word is not None and featurizer.char is not None and featurizer.svd is not None
    unseen = [*matrix.prompts[80:], "a prompt with words never seen, Ünïcode and 123"]
    ours = featurizer.transform(unseen)
    reference = normalize(sp.hstack([featurizer.word.transform(unseen), featurizer.char.transform(unseen)]).tocsr())
    text_width = reference.shape[1]
    np.testing.assert_allclose(ours.sparse[:, :text_width].toarray(), reference.toarray(), atol=1e-6)
    dims = featurizer.svd.n_components
    np.testing.assert_allclose(ours.dense[:, :dims], featurizer.svd.transform(reference), atol=1e-5)


def test_a_test_file_must_match_the_training_costs() -> None:
    with pytest.raises(ValidationError, match="both have cost_usd"):
        evaluate_routing(make_matrix(60, with_cost=True), test=make_matrix(30, seed=3), candidates=FAST)
