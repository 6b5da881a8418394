"""The long eval format and RouteLLM's published files converted to it."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from netra_core.errors import ValidationError
from netra_core.routing.data import ROUTELLM_STRONG, ROUTELLM_WEAK, compute_eval_matrix, load_eval_file
from netra_core.routing.routellm import convert_routellm_gsm8k, convert_routellm_mmlu

ROUTELLM = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "routellm"


def routellm_dir() -> Path:
    """The shared RouteLLM data; absent outside this workplace (skip), but required under CI."""
    if not ROUTELLM.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"shared RouteLLM data must be present in CI: {ROUTELLM}")
        pytest.skip("shared RouteLLM data not present")
    return ROUTELLM


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_csv_with_aliases_and_costs(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "evals.csv",
        "id,question,model,correct,cost,task\n"
        "1,what is 2+2,small,True,0.001,math\n"
        "1,what is 2+2,big,True,0.01,math\n"
        "2,hello,small,False,0.002,chat\n"
        "2,hello,big,True,0.02,chat\n"
        "3,only one model,small,1,0.001,chat\n",
    )
    matrix = compute_eval_matrix(load_eval_file(path))
    assert matrix.prompt_ids == ["1", "2"]  # prompt 3 lacks the big model: dropped, and reported
    assert matrix.dropped_prompts == 1 and matrix.missing_by_model == {"big": 1}
    assert matrix.models == ["big", "small"]
    assert matrix.scores.tolist() == [[1.0, 1.0], [1.0, 0.0]]
    assert matrix.has_costs and matrix.costs.tolist() == [[0.01, 0.001], [0.02, 0.002]]
    assert matrix.task_types == ["math", "chat"]


def test_jsonl_and_parquet_read_the_same(tmp_path: Path) -> None:
    frame = pd.DataFrame({"prompt_id": ["a", "a"], "prompt": ["p", "p"], "model": ["m1", "m2"], "score": [0.25, 0.75]})
    frame.to_json(tmp_path / "e.jsonl", orient="records", lines=True)
    frame.to_parquet(tmp_path / "e.parquet")
    for name in ("e.jsonl", "e.parquet"):
        matrix = compute_eval_matrix(load_eval_file(tmp_path / name))
        assert matrix.scores.tolist() == [[0.25, 0.75]] and not matrix.has_costs


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("prompt_id,prompt,model\n1,a,m\n", "missing column(s) score"),
        ("prompt_id,prompt,model,score\n1,a,m,1\n2,b,m,fast\n", "line 3: score 'fast' is not a number"),
        ("prompt_id,prompt,model,score\n1,a,m,1.5\n", "line 2: score 1.5 is outside 0-1"),
        ("prompt_id,prompt,model,score,cost_usd\n1,a,m,1,-2\n", "line 2: cost_usd -2 is negative"),
        ("prompt_id,prompt,model,score\n1,a,m,1\n1,a,m,0\n", "line 3: prompt_id '1' has a second row"),
        ("prompt_id,prompt,model,score\n1,a,m,1\n2,b,m,\n", "line 3: score is empty (NaN); give a number"),
        ("prompt_id,prompt,model,score\n1,a,m,1\n2,b,m,NaN\n", "line 3: score is empty (NaN); give a number"),
    ],
)
def test_bad_rows_are_named(tmp_path: Path, text: str, message: str) -> None:
    path = write_csv(tmp_path / "bad.csv", text)
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_eval_file(path)


def test_unknown_format_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="unknown format"):
        load_eval_file(write_csv(tmp_path / "e.txt", "x"))
    with pytest.raises(ValidationError, match="no such file"):
        load_eval_file(tmp_path / "nope.csv")


def test_routellm_mmlu_excludes_contaminated_prompts() -> None:
    directory = routellm_dir() / "mmlu_responses"
    long = convert_routellm_mmlu(directory)
    matrix = compute_eval_matrix(long)
    assert matrix.n_prompts == 14_042 - 5  # SOURCE.md: 14,042 rows, 5 contaminated prompts
    contaminated = set(pd.read_json(directory / "contaminated_prompts.jsonl", lines=True)["eval_prompt"])
    assert not contaminated & set(matrix.prompts)
    # SOURCE.md's quick facts (on all rows): Mixtral 0.681, GPT-4 0.806
    means = dict(zip(matrix.models, matrix.scores.mean(axis=0), strict=True))
    assert means[ROUTELLM_WEAK] == pytest.approx(0.681, abs=0.001)
    assert means[ROUTELLM_STRONG] == pytest.approx(0.806, abs=0.001)
    assert len(set(matrix.task_types or [])) == 57


def test_routellm_gsm8k_excludes_contaminated_prompts() -> None:
    directory = routellm_dir() / "gsm8k"
    matrix = compute_eval_matrix(convert_routellm_gsm8k(directory))
    assert matrix.n_prompts == 1_319 - 12
    raw = pd.read_csv(directory / "gsm8k_responses.csv")
    contaminated = set(pd.read_json(directory / "contaminated_prompts.jsonl", lines=True)["eval_prompt"])
    kept = raw[~raw["prompt"].isin(contaminated)]
    np.testing.assert_allclose(
        matrix.scores.mean(axis=0), [kept[m].mean() for m in matrix.models]
    )  # same outcomes, columns in model order
    # no per-prompt cost in RouteLLM's files: cost is the share of GPT-4 calls
    assert not matrix.has_costs
    assert matrix.costs[0].tolist() == [1.0 if m == ROUTELLM_STRONG else 0.0 for m in matrix.models]


def test_routellm_mmlu_subset_by_subject() -> None:
    long = convert_routellm_mmlu(routellm_dir() / "mmlu_responses", subjects=["anatomy", "virology"])
    assert set(long["task_type"]) == {"anatomy", "virology"}
    raw = sum(len(pd.read_csv(routellm_dir() / "mmlu_responses" / f"mmlu_{s}.csv")) for s in ("anatomy", "virology"))
    assert len(long) == 2 * raw


def test_router_on_a_subset_of_routellm_mmlu() -> None:
    from netra_core.routing.evaluate import evaluate_routing

    # GPT-4 is far better on conceptual physics and formal logic, far worse on RouteLLM's high-school maths
    # answers and level on marketing: a router that reads the prompt can beat any mix of the two models.
    subjects = ["conceptual_physics", "formal_logic", "high_school_mathematics", "marketing"]
    long = convert_routellm_mmlu(routellm_dir() / "mmlu_responses", subjects=subjects)
    matrix = compute_eval_matrix(long)
    report = evaluate_routing(matrix, folds=3, candidates=(("ridge", {"alpha": 10.0}),))
    weak, strong = (matrix.scores[:, matrix.models.index(m)].mean() for m in (ROUTELLM_WEAK, ROUTELLM_STRONG))
    assert report["aiq_zero"] == pytest.approx((weak + strong) / 2, abs=0.01)  # the straight line between them
    assert report["aiq_router"] > report["aiq_zero"] + 0.03
    assert report["beats_zero_router"] is True and report["apgr"] > 0.6


def test_general_preferences_from_the_shared_data() -> None:
    from netra_core.routing.routellm import convert_general_preferences

    frame = convert_general_preferences(routellm_dir().parent)
    matrix = compute_eval_matrix(frame)
    weak = matrix.models.index(ROUTELLM_WEAK)
    sources = np.array(matrix.task_types)
    assert (sources == "alpaca_eval").sum() == 805 and (sources == "mt_bench").sum() == 80
    # Mixtral-8x7B (concise) is preferred to GPT-4-Turbo on 105 of 805 AlpacaEval instructions (preference >= 1.5);
    # on MT-bench's first turns it loses 25 of 80 (a tie is not a loss).
    assert int(matrix.scores[sources == "alpaca_eval", weak].sum()) == 105
    assert int((matrix.scores[sources == "mt_bench", weak] == 0).sum()) == 25
    assert (matrix.scores[:, 1 - weak] == 1).all()
