"""Router benchmark: held-out routing quality, training time and routing latency.

Prints one JSON document. Data: ../shared/data/routellm (RouteLLM, Apache-2.0; see its SOURCE.md), contaminated
prompts excluded as RouteLLM does, and ../shared/data/alpaca_eval (AlpacaEval 2.0 per-prompt preferences; see its
SOURCE.md) with costs from catalog prices. Every routing figure is on held-out prompts (K-fold, folds by task type,
or another benchmark); the learner is chosen inside each training split. Sections (each a few minutes here):

    ood     RouteLLM: train on MMLU, test on GSM8K, and back (prompt text only, as RouteLLM's routers)
    ood-prefs  a different protocol: train on MMLU + general preferences between the same two models (AlpacaEval,
            MT-bench), test on GSM8K, and GSM8K + them -> MMLU
    cv      RouteLLM: 5-fold on GSM8K and MMLU, and MMLU in folds by subject (unseen subjects), with latency
    alpaca  AlpacaEval, 10 priced models: 5-fold and leave-one-source-out
    speed   the sentence encoder: routing one prompt (p50/p99, wall and CPU), batch featurisation, the cache

    .venv/bin/python benchmarks/bench_router.py --only ood [--folds 5] [--quick] [--encoder minilm-static|none]
        [--learners small] [--out results.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from netra_core.routing.alpaca_eval import convert_alpaca_eval  # noqa: E402
from netra_core.routing.data import EvalMatrix, compute_eval_matrix, validate_eval_frame  # noqa: E402
from netra_core.routing.evaluate import compute_json_ready, evaluate_routing  # noqa: E402
from netra_core.routing.learners import DEFAULT_CANDIDATES, EMBEDDING  # noqa: E402
from netra_core.routing.routellm import (  # noqa: E402
    convert_general_preferences,
    convert_routellm_gsm8k,
    convert_routellm_mmlu,
)
from netra_core.routing.router import LearnedRouter  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "routellm"
ALPACA = REPO.parent / "shared" / "data" / "alpaca_eval"
HEADLINE = (
    "aiq_router",
    "aiq_zero",
    "aiq_oracle",
    "aiq_margin_vs_zero",
    "routerbench_aiq_router",
    "routerbench_aiq_zero",
    "routerbench_aiq_oracle",
    "routerbench_aiq_margin_vs_zero",
    "apgr",
    "cpt50",
    "cpt80",
    "quality_gain_at_best_cost",
    "cost_saving_at_best_quality",
    "quality_at_quarter_best_cost",
)
# A smaller candidate set for the large OOD training set (14,037 MMLU prompts), fixed before any run: one of each
# family; the choice among them is still made on inner folds of the training data.
SMALL_CANDIDATES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("ridge", {"alpha": 10.0}),
    ("ridge", {"alpha": 10.0, "embedding": True}),
    ("logistic", {"c": 1.0, "embedding": True}),
    ("knn", {"k": 40, **EMBEDDING}),
)
# The small set plus learners that also read the benchmark-independent prompt statistics (features.STRUCTURE), and
# one that reads only them; as always the choice is made on inner folds of the training data.
# (Fixed as measured in ROUTER_RESULTS.md; `netra evaluate routing --structure-features` adds a structure variant of
# every ridge and logistic candidate instead: learners.compute_with_structure.)
STRUCTURE_CANDIDATES: tuple[tuple[str, dict[str, Any]], ...] = (
    *SMALL_CANDIDATES,
    ("ridge", {"alpha": 10.0, "structure": True}),
    ("logistic", {"c": 1.0, "embedding": True, "structure": True}),
    ("logistic", {"c": 1.0, "structure": True, "text": False}),
)
# The structure set plus difficulty routing (learners.anchor_best) on the same features.
DIFFICULTY_CANDIDATES: tuple[tuple[str, dict[str, Any]], ...] = (
    *STRUCTURE_CANDIDATES,
    ("ridge", {"alpha": 10.0, "anchor": True}),
    ("ridge", {"alpha": 10.0, "structure": True, "anchor": True}),
    ("logistic", {"c": 1.0, "embedding": True, "anchor": True}),
    ("logistic", {"c": 1.0, "structure": True, "text": False, "anchor": True}),
)
QUICK_SUBJECTS = ["high_school_mathematics", "high_school_us_history", "virology", "college_physics", "marketing"]


def load(name: str, quick: bool) -> EvalMatrix:
    """A RouteLLM data set as the router's matrix."""
    if name == "gsm8k":
        return compute_eval_matrix(convert_routellm_gsm8k(DATA / "gsm8k"))
    subjects = QUICK_SUBJECTS if quick else None
    return compute_eval_matrix(convert_routellm_mmlu(DATA / "mmlu_responses", subjects=subjects))


def without_task_types(matrix: EvalMatrix) -> EvalMatrix:
    """The same data routed on the prompt text alone, as RouteLLM's routers are."""
    return EvalMatrix(
        matrix.prompt_ids, matrix.prompts, None, matrix.models, matrix.scores, matrix.costs, matrix.has_costs
    )


def summarise(report: dict[str, Any]) -> dict[str, Any]:
    """Headline numbers with their bootstrap CIs, the baselines, the calibrated points, and the learners chosen."""
    out: dict[str, Any] = {
        "prompts": report["data"]["prompts"],
        "test_prompts": report["data"]["test_prompts"],
        "evaluation": report["data"]["evaluation"],
        "dropped_prompts": report["data"]["dropped_prompts"],
    }
    for key in HEADLINE:
        if key in report:
            out[key] = report[key]
            out[f"{key}_ci"] = report.get(f"{key}_ci")
    out["random_band"] = report["random_band"]
    out["needs_dearer_model_auc"] = report.get("needs_dearer_model_auc")
    out["lookup_baseline"] = report.get("lookup_baseline")
    out["calibrated_on_training"] = report["calibrated_on_training"]
    for key in ("beats_zero_router", "beats_lookup_baseline", "beats_best_single_model"):
        out[key] = report[key]
    out["models"] = report["models"]
    out["best_single_model"] = report["best_single_model"]
    out["oracle_quality"] = report["oracle_quality"]
    out["oracle_cost"] = report["oracle_cost"]
    out["learners_chosen"] = [
        f["learner"]["name"] + json.dumps(f["learner"]["params"]) + " costs=" + f.get("costs", "mean")
        for f in report["folds"]
    ]
    tried: dict[str, list[float]] = {}
    for fold in report["folds"]:
        for c in fold["cv_scores"]:
            key = c["learner"] + json.dumps(c["params"]) + " costs=" + c.get("costs", "mean")
            tried.setdefault(key, []).append(c["aiq"])
    out["inner_cv_aiq_by_learner"] = {k: float(np.mean(v)) for k, v in tried.items()}
    out["train_seconds_per_fold"] = report["train_seconds_mean"]
    out["encoder"] = report["data"].get("encoder")
    return out


def measure_latency(router: LearnedRouter, prompts: list[str], task_types: list[str] | None) -> dict[str, float]:
    """Wall time of routing one prompt at a time (featurisation included), in milliseconds."""
    for p in prompts[:20]:
        router.route(p)
    times = []
    for i, p in enumerate(prompts):
        t0 = time.perf_counter()
        router.route(p, None if task_types is None else task_types[i])
        times.append((time.perf_counter() - t0) * 1000)
    return {
        "p50_ms": float(np.percentile(times, 50)),
        "p99_ms": float(np.percentile(times, 99)),
        "max_ms": float(np.max(times)),
        "prompts": len(times),
    }


OPTIONS: dict[str, Any] = {"encoder": "auto", "candidates": DEFAULT_CANDIDATES, "subject_folds": False}


def evaluate(matrix: EvalMatrix, **kwargs: Any) -> dict[str, Any]:
    """evaluate_routing with the run's encoder and candidate learners."""
    return summarise(
        evaluate_routing(matrix, seed=0, encoder=OPTIONS["encoder"], candidates=OPTIONS["candidates"], **kwargs)
    )


def bench_dataset(name: str, folds: int, quick: bool) -> dict[str, Any]:
    """K-fold results, then a router trained on all of it: training time, latency, artifact size."""
    matrix = load(name, quick)
    result: dict[str, Any] = {"kfold": evaluate(matrix, folds=folds)}
    if matrix.task_types is not None and len(set(matrix.task_types)) > 1:
        result["unseen_task_types"] = evaluate(matrix, folds=folds, split="task")
    t0 = time.perf_counter()
    router = LearnedRouter(seed=0, encoder=OPTIONS["encoder"], candidates=OPTIONS["candidates"]).fit(matrix)
    result["train_seconds_full"] = time.perf_counter() - t0
    result["learner_full"] = router.metadata["learner"]
    rng = np.random.default_rng(0)
    rows = rng.choice(matrix.n_prompts, size=min(500, matrix.n_prompts), replace=False)
    result["latency"] = measure_latency(
        router,
        [matrix.prompts[i] for i in rows],
        None if matrix.task_types is None else [matrix.task_types[i] for i in rows],
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "router.zip"
        router.save(path)
        result["artifact_bytes"] = path.stat().st_size
    return result


def bench_ood(quick: bool) -> dict[str, Any]:
    """Train on one RouteLLM benchmark, test on the other, on the prompt text alone."""
    mmlu, gsm8k = without_task_types(load("mmlu", quick)), without_task_types(load("gsm8k", quick))
    if OPTIONS["subject_folds"]:
        # MMLU's subjects kept for training: the learner is chosen on random and leave-subject-out inner folds
        # (and the subject is a feature, absent on GSM8K); GSM8K has one task type, so only this direction.
        return {"mmlu_by_subject_to_gsm8k": evaluate(load("mmlu", quick), test=gsm8k)}
    return {
        "mmlu_to_gsm8k": evaluate(mmlu, test=gsm8k),
        "gsm8k_to_mmlu": evaluate(gsm8k, test=mmlu),
    }


def load_with_preferences(name: str, quick: bool) -> EvalMatrix:
    """A RouteLLM benchmark plus the general-purpose preferences between the same two models (AlpacaEval's
    Mixtral-vs-GPT-4-Turbo judgements, RouteLLM's MT-bench judgements), prompt text only."""
    frame = convert_routellm_gsm8k(DATA / "gsm8k") if name == "gsm8k" else None
    if frame is None:
        frame = convert_routellm_mmlu(DATA / "mmlu_responses", subjects=QUICK_SUBJECTS if quick else None)
    both = pd.concat([frame, convert_general_preferences(DATA.parent)], ignore_index=True)
    return without_task_types(compute_eval_matrix(both))


def bench_ood_preferences(quick: bool) -> dict[str, Any]:
    """Different protocols from `ood`: train on one benchmark plus general preferences, test on the other; and
    train on the general preferences alone (as RouteLLM trains), test on each benchmark."""
    preferences = without_task_types(compute_eval_matrix(convert_general_preferences(DATA.parent)))
    return {
        "preferences_to_gsm8k": evaluate(preferences, test=load("gsm8k", quick)),
        "preferences_to_mmlu": evaluate(preferences, test=without_task_types(load("mmlu", quick))),
        "mmlu_plus_preferences_to_gsm8k": evaluate(load_with_preferences("mmlu", quick), test=load("gsm8k", quick)),
        "gsm8k_plus_preferences_to_mmlu": evaluate(
            load_with_preferences("gsm8k", quick), test=without_task_types(load("mmlu", quick))
        ),
    }


def bench_alpaca(folds: int) -> dict[str, Any]:
    """AlpacaEval's 10 priced models: K-fold, and folds by AlpacaEval source (each source unseen in training)."""
    matrix = compute_eval_matrix(validate_eval_frame(convert_alpaca_eval(ALPACA), "alpaca_eval"))
    return {
        "kfold": evaluate(matrix, folds=folds),
        "unseen_sources": evaluate(matrix, folds=folds, split="task"),
    }


def bench_speed(n_batch: int = 2000) -> dict[str, Any]:
    """The encoder alone and a router using it: one prompt at a time (as routing), batches, and the cache."""
    from netra_core.routing.encoders import ContextualEncoder, StaticEncoder, compute_table_dir

    matrix = load("gsm8k", quick=True)
    alpaca = compute_eval_matrix(validate_eval_frame(convert_alpaca_eval(ALPACA), "alpaca_eval"))
    prompts = matrix.prompts + alpaca.prompts + load("mmlu", quick=True).prompts
    out: dict[str, Any] = {}
    t0, c0 = time.perf_counter(), time.process_time()
    static = StaticEncoder(compute_table_dir())
    out["static_load_seconds"] = {"wall": time.perf_counter() - t0, "cpu": time.process_time() - c0}
    batch = (prompts * (n_batch // len(prompts) + 1))[:n_batch]
    t0, c0 = time.perf_counter(), time.process_time()
    static.encode(batch)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    out["static_batch"] = {
        "prompts": n_batch,
        "prompts_per_second_wall": n_batch / wall,
        "prompts_per_second_cpu": n_batch / cpu,
    }
    one = [timed(lambda p=p: static.encode([p])) for p in prompts[:500]]
    out["static_one_prompt_ms"] = percentiles(one)
    # A learner that reads the embeddings: routing then pays for TF-IDF and the encoder (the slowest path).
    reads_embeddings = (("ridge", {"alpha": 10.0, "embedding": True}),)
    router = LearnedRouter(seed=0, encoder="minilm-static", candidates=reads_embeddings).fit(matrix)
    out["router_learner"] = router.metadata["learner"]
    rows = np.random.default_rng(0).choice(len(prompts), size=500, replace=False)
    fresh = [prompts[i] + f" (variant {i})" for i in rows]  # never cached: every call encodes
    out["route_one_prompt_ms_uncached"] = percentiles([timed(lambda p=p: router.route(p)) for p in fresh])
    out["route_one_prompt_ms_cached"] = percentiles([timed(lambda p=p: router.route(p)) for p in fresh])
    x0 = time.perf_counter()
    router.featurizer.transform(batch)
    out["featurise_batch_prompts_per_second"] = n_batch / (time.perf_counter() - x0)
    t0, c0 = time.perf_counter(), time.process_time()
    contextual = ContextualEncoder()
    out["contextual_load_seconds"] = {"wall": time.perf_counter() - t0, "cpu": time.process_time() - c0}
    out["contextual_one_prompt_ms"] = percentiles([timed(lambda p=p: contextual.encode([p])) for p in prompts[:60]])
    t0, c0 = time.perf_counter(), time.process_time()
    contextual.encode(prompts[:256])
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    out["contextual_batch"] = {
        "prompts": 256,
        "prompts_per_second_wall": 256 / wall,
        "prompts_per_second_cpu": 256 / cpu,
    }
    return out


def timed(call: Any) -> tuple[float, float]:
    """Wall and CPU milliseconds of one call."""
    t0, c0 = time.perf_counter(), time.process_time()
    call()
    return (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000


def percentiles(samples: list[tuple[float, float]]) -> dict[str, float]:
    """p50 / p99 of wall and CPU milliseconds."""
    wall = [w for w, _ in samples]
    cpu = [c for _, c in samples]
    return {
        "n": len(samples),
        "wall_p50": float(np.percentile(wall, 50)),
        "wall_p99": float(np.percentile(wall, 99)),
        "cpu_p50": float(np.percentile(cpu, 50)),
        "cpu_p99": float(np.percentile(cpu, 99)),
    }


def main() -> None:
    """Run the benchmark and print its JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="five MMLU subjects instead of 57")
    parser.add_argument(
        "--only", choices=["ood", "ood-prefs", "cv", "alpaca", "speed"], action="append", help="sections to run"
    )
    parser.add_argument("--encoder", default="auto", help="minilm-static, minilm, auto or none")
    parser.add_argument("--learners", choices=["default", "small", "structure", "difficulty"], default="default")
    parser.add_argument(
        "--subject-folds",
        action="store_true",
        help="ood: train on MMLU with its subjects (leave-subject-out inner folds too), test on GSM8K",
    )
    parser.add_argument("--out", type=Path, default=None, help="also write the JSON here")
    parser.add_argument("--data", type=Path, default=None, help="the shared data folder (default ../shared/data)")
    args = parser.parse_args()
    if args.data is not None:
        global DATA, ALPACA
        DATA, ALPACA = args.data / "routellm", args.data / "alpaca_eval"
    if not DATA.exists():
        raise SystemExit(f"RouteLLM data not found at {DATA}")
    sections = args.only or ["ood", "cv", "alpaca", "speed"]
    OPTIONS["encoder"] = None if args.encoder == "none" else args.encoder
    OPTIONS["subject_folds"] = args.subject_folds
    OPTIONS["candidates"] = {
        "small": SMALL_CANDIDATES,
        "structure": STRUCTURE_CANDIDATES,
        "difficulty": DIFFICULTY_CANDIDATES,
    }.get(args.learners, DEFAULT_CANDIDATES)
    started = time.perf_counter()
    doc: dict[str, Any] = {
        "benchmark": "router",
        "folds": args.folds,
        "quick": args.quick,
        "sections": sections,
        "encoder": args.encoder,
        "learners": args.learners,
    }
    if "ood" in sections:
        doc["out_of_distribution"] = bench_ood(args.quick)
    if "ood-prefs" in sections:
        doc["out_of_distribution_with_preferences"] = bench_ood_preferences(args.quick)
    if "cv" in sections:
        doc["datasets"] = {name: bench_dataset(name, args.folds, args.quick) for name in ("gsm8k", "mmlu")}
    if "alpaca" in sections:
        doc["alpaca_eval"] = bench_alpaca(args.folds)
    if "speed" in sections:
        doc["speed"] = bench_speed()
    doc["wall_seconds"] = time.perf_counter() - started
    text = json.dumps(compute_json_ready(doc), indent=2, allow_nan=False)
    if args.out is not None:
        args.out.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
