"""`netra evaluate routing` run as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from netra_core.cli import main
from netra_core.routing.router import LearnedRouter
from tests.conftest import run_netra
from tests.test_routing_router import make_rows


def test_evaluate_routing_json_plot_and_artifact(tmp_path: Path) -> None:
    data = tmp_path / "evals.csv"
    rows = make_rows(160)
    rows.to_csv(data, index=False)
    chart, artifact = tmp_path / "chart.html", tmp_path / "router.zip"
    done = run_netra(
        "evaluate",
        "routing",
        "--data",
        str(data),
        "--folds",
        "3",
        "--json",
        "--learners",
        "ridge",
        "--plot",
        str(chart),
        "--save-router",
        str(artifact),
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    for key in (
        "aiq_router",
        "aiq_zero",
        "aiq_oracle",
        "oracle_quality",
        "oracle_cost",
        "best_single_model",
        "apgr",
        "cpt50",
        "cpt80",
        "aiq_router_std",
        "router_curve",
        "models",
    ):
        assert key in report, key
    # independently: per-model means and the oracle from the rows themselves
    wide = rows.pivot(index="prompt_id", columns="model", values="score")
    assert report["models"]["big"]["quality"] == pytest.approx(wide["big"].mean())
    assert report["models"]["small"]["quality"] == pytest.approx(wide["small"].mean())
    assert report["oracle_quality"] == pytest.approx(wide.max(axis=1).mean())
    # costs missing: the oracle pays only where the small model is wrong and the big one right
    assert report["oracle_cost"] == pytest.approx(((wide["small"] == 0) & (wide["big"] == 1)).mean())
    assert report["best_single_model"]["model"] == "big"
    assert report["aiq_router"] > report["aiq_zero"]
    assert chart.exists() and "plotly" in chart.read_text()[:200_000].lower()
    router = LearnedRouter.load(artifact)
    assert router.metadata["training_size"] == 160
    assert router.route("compute the definite integral of the polynomial from zero to 5") == "big"


def test_evaluate_routing_with_a_test_file_and_costs(tmp_path: Path) -> None:
    train, test = tmp_path / "train.jsonl", tmp_path / "test.parquet"
    make_rows(160, seed=1, with_cost=True, models=3).to_json(train, orient="records", lines=True)
    held = make_rows(80, seed=2, with_cost=True, models=3)
    held.to_parquet(test)
    done = run_netra("evaluate", "routing", "--data", str(train), "--test", str(test), "--learners", "ridge,knn")
    assert done.returncode == 0, done.stderr
    assert "held-out test file" in done.stdout and "aiq_router" in done.stdout
    assert "apgr" not in done.stdout  # three models: no APGR
    mean_cost = held.groupby("model")["cost_usd"].mean()
    assert f"{mean_cost['big']:.6g}" in done.stdout


def test_evaluate_routing_reports_bad_input_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("prompt_id,prompt,model,score\n1,a,m,1\n2,b,m,oops\n")
    done = run_netra("evaluate", "routing", "--data", str(bad), "--json")
    assert done.returncode == 1
    assert "bad.csv line 3: score 'oops' is not a number" in done.stderr and "Traceback" not in done.stderr
    # the same group, in-process (start-up of a second subprocess is the slow part of this test)
    both = CliRunner().invoke(main, ["evaluate", "routing", "--data", str(bad), "--test", str(bad), "--folds", "3"])
    assert both.exit_code == 1 and "either --test FILE or --folds K" in both.output


def test_evaluate_routing_reports_dropped_prompts_offers_gbm_and_refuses_one_model(tmp_path: Path) -> None:
    rows = make_rows(90)
    rows = rows[~((rows["prompt_id"] == "0-5") & (rows["model"] == "big"))]
    data = tmp_path / "evals.csv"
    rows.to_csv(data, index=False)
    runner = CliRunner()
    done = runner.invoke(
        main, ["evaluate", "routing", "--data", str(data), "--folds", "2", "--learners", "gbm", "--bootstrap", "10"]
    )
    assert done.exit_code == 0, done.output
    assert "left out 1 prompt(s) without a score from every model (big lacks 1)" in done.output
    assert "learner chosen inside each training split: gbm, gbm" in done.output
    assert "routerbench_aiq_router" in done.output and "random band" in done.output
    one = tmp_path / "one.csv"
    rows[rows["model"] == "big"].to_csv(one, index=False)
    refused = runner.invoke(main, ["evaluate", "routing", "--data", str(one)])
    assert refused.exit_code == 1 and "at least 2 models" in refused.output


def test_evaluate_routing_without_an_encoder_says_so(tmp_path: Path) -> None:
    data = tmp_path / "evals.csv"
    make_rows(120).to_csv(data, index=False)
    done = run_netra(
        "evaluate", "routing", "--data", str(data), "--folds", "3", "--learners", "knn", "--encoder", "none"
    )
    assert done.returncode == 0, done.stderr
    assert "sentence encoder: none (TF-IDF features only)" in done.stdout
    assert "learner chosen inside each training split: knn, knn, knn" in done.stdout


def test_evaluate_routing_learns_from_extra_training_files_never_tested_on(tmp_path: Path) -> None:
    rows = make_rows(400, seed=3)
    maths = rows["prompt"].str.startswith(("compute", "prove"))
    first = rows["prompt_id"].map(lambda p: int(p.split("-")[1]) < 200)
    # Training data without any maths prompt; the test file and the extra file hold them.
    train, extra, test = tmp_path / "train.csv", tmp_path / "extra.csv", tmp_path / "test.csv"
    rows[~maths & first].to_csv(train, index=False)
    rows[maths & first].to_csv(extra, index=False)
    rows[~first].to_csv(test, index=False)
    base = ["evaluate", "routing", "--data", str(train), "--test", str(test), "--json", "--learners", "ridge"]
    base += ["--encoder", "none", "--bootstrap", "20"]
    runner = CliRunner()
    without = runner.invoke(main, base)
    with_extra = runner.invoke(main, [*base, "--extra-train", str(extra)])
    assert without.exit_code == 0 and with_extra.exit_code == 0, without.output + with_extra.output
    plain, joined = json.loads(without.output), json.loads(with_extra.output)
    n_extra = int((maths & first).sum() / 2)
    assert joined["data"]["extra_training_prompts"] == n_extra and plain["data"]["extra_training_prompts"] == 0
    assert joined["data"]["test_prompts"] == plain["data"]["test_prompts"] == int((~first).sum() / 2)
    # Knowing that maths prompts need the big model is worth a lot on the test file's maths prompts.
    assert joined["aiq_router"] > plain["aiq_router"] + 0.03
    # Another pair of models in the extra file is refused, naming the file.
    other = rows[maths & first].replace({"model": {"big": "huge"}})
    other.to_csv(tmp_path / "other.csv", index=False)
    refused = runner.invoke(main, [*base, "--extra-train", str(tmp_path / "other.csv")])
    assert refused.exit_code == 1 and "other.csv has models" in refused.output


def test_export_preferences_writes_a_file_evaluate_routing_reads(tmp_path: Path) -> None:
    from tests.test_routing_preferences import write_alpaca, write_mt_bench

    write_alpaca(tmp_path / "alpaca_eval", {0: 1.9, 1: 1.1, 2: 1.2, 3: 1.7})
    write_mt_bench(tmp_path / "routellm" / "mt_bench")
    out = tmp_path / "prefs.csv"
    done = CliRunner().invoke(main, ["evaluate", "export-preferences", "--data", str(tmp_path), "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert "7 prompts, 14 rows" in done.output
    from netra_core.routing.data import load_eval_matrix

    matrix = load_eval_matrix(out)
    assert matrix.n_prompts == 7 and matrix.scores.sum() == 7 + 4  # GPT-4 everywhere; Mixtral on 2 + 2


def test_evaluate_routing_structure_features_join_the_candidates(tmp_path: Path) -> None:
    data = tmp_path / "evals.csv"
    make_rows(120, seed=6).to_csv(data, index=False)
    base = ["evaluate", "routing", "--data", str(data), "--folds", "2", "--json", "--learners", "ridge"]
    base += ["--encoder", "none", "--bootstrap", "10"]
    runner = CliRunner()
    plain = json.loads(runner.invoke(main, base).output)
    with_structure = json.loads(runner.invoke(main, [*base, "--structure-features"]).output)
    tried = {json.dumps(c["params"], sort_keys=True) for c in with_structure["folds"][0]["cv_scores"]}
    assert '{"alpha": 10.0, "structure": true}' in tried
    assert '{"c": 1.0, "structure": true, "text": false}' in tried
    assert all("structure" not in c["params"] for c in plain["folds"][0]["cv_scores"])
