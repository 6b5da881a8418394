"""`netra evaluate routing`: the learned router measured on held-out prompts in the field's metrics."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from netra_core.errors import ValidationError


@click.group()
def evaluate() -> None:
    """Measure routing and models on eval data."""


def _parse_learners(value: str | None) -> tuple[tuple[str, dict[str, Any]], ...] | None:
    from netra_core.routing.learners import DEFAULT_CANDIDATES, LEARNERS

    if not value:
        return None
    wanted = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [w for w in wanted if w not in LEARNERS]
    if unknown:
        raise ValidationError(f"--learners: unknown {', '.join(unknown)}; choose from {', '.join(LEARNERS)}")
    # Every default variant of a named learner (with and without embeddings); one outside the defaults (gbm) runs
    # with its own default hyperparameters.
    out = [(name, params) for name, params in DEFAULT_CANDIDATES if name in wanted]
    out += [(name, {}) for name in dict.fromkeys(wanted) if name not in dict(DEFAULT_CANDIDATES)]
    return tuple(out)


def _fmt(value: Any, digits: int = 4) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _with_ci(values: dict[str, Any], key: str) -> str:
    ci = values.get(f"{key}_ci")
    text = _fmt(values.get(key)) + ("" if ci is None else f"  [{ci[0]:.4f}, {ci[1]:.4f}]")
    band = values.get("random_band", {}).get(key)
    return text + ("" if band is None else f"  random band [{band[0]:.4f}, {band[1]:.4f}]")


REPORT_KEYS = (
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


def _print_report(report: dict[str, Any], plot_path: Path | None) -> None:
    data = report["data"]
    click.echo(f"{data['prompts']} prompts, {len(data['models'])} models, {data['evaluation']}")
    cost_note = "" if data["costs_known"] else " (cost = share of calls to the stronger model)"
    click.echo(f"\n{'model':<44} {'quality':>8} {'cost':>12}{cost_note}")
    for name, values in report["models"].items():
        click.echo(f"{name:<44} {values['quality']:>8.4f} {values['cost']:>12.6g}")
    best = report["best_single_model"]
    click.echo(
        f"{'oracle (best per prompt, ties to cheapest)':<44} {report['oracle_quality']:>8.4f} {report['oracle_cost']:>12.6g}"
    )
    click.echo(f"\nbest single model: {best['model']}")
    if data.get("dropped_prompts"):
        missing = ", ".join(f"{m} lacks {n}" for m, n in data["missing_scores_by_model"].items())
        click.echo(f"left out {data['dropped_prompts']} prompt(s) without a score from every model ({missing})")
    click.echo("\nmetric (held-out)              value  [95 % bootstrap CI]  random-score routers' 95 % band")
    click.echo("aiq_*: Netra's convention; routerbench_aiq_*: as RouterBench's evaluation/AIQ.py computes it")
    for key in REPORT_KEYS:
        if key in report:
            click.echo(f"{key:<32} {_with_ci(report, key)}")
    lookup = report.get("lookup_baseline")
    if lookup:
        ci = lookup.get("router_margin_ci")
        margin = _fmt(lookup["router_margin"]) + ("" if ci is None else f"  [{ci[0]:.4f}, {ci[1]:.4f}]")
        click.echo(f"per-task lookup (no text): aiq {_fmt(lookup['aiq_router'])}; router minus lookup {margin}")
    for name, point in report.get("calibrated_on_training", {}).items():
        ci = point.get("cost_vs_best_single_ci")
        qci = point.get("quality_vs_best_single_ci")
        click.echo(
            f"policy calibrated on training for {name}: on held-out cost {point['cost_vs_best_single']:.1%} of the "
            f"best single model's"
            + ("" if ci is None else f" [{ci[0]:.1%}, {ci[1]:.1%}]")
            + f", quality {point['quality_vs_best_single']:+.4f} vs it"
            + ("" if qci is None else f" [{qci[0]:+.4f}, {qci[1]:+.4f}]")
        )
    click.echo(f"beats the zero router (CI clears 0, above every random-score router): {report['beats_zero_router']}")
    click.echo(f"beats the per-task lookup (CI clears 0): {report.get('beats_lookup_baseline')}")
    click.echo(
        f"beats the best single model (CI clears 0, above every random-score router): {report['beats_best_single_model']}"
    )
    learners = [f["learner"]["name"] for f in report["folds"]]
    click.echo(f"learner chosen inside each training split: {', '.join(learners)}")
    click.echo(f"sentence encoder: {report['data'].get('encoder') or 'none (TF-IDF features only)'}")
    if plot_path is not None:
        click.echo(f"chart: {plot_path}")


@evaluate.command("routing")
@click.option(
    "--data", "data_path", type=click.Path(path_type=Path), required=True, help="Long eval file (CSV/JSONL/Parquet)."
)
@click.option("--test", "test_path", type=click.Path(path_type=Path), default=None, help="Held-out eval file.")
@click.option("--folds", type=int, default=None, help="K-fold cross-validation (default 5 without --test).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--plot", "plot_path", type=click.Path(path_type=Path), default=None, help="Write the chart (.html or .png)."
)
@click.option(
    "--learners", default=None, help="Comma-separated learners to choose from (ridge,logistic,knn,gbm,mf,stack)."
)
@click.option(
    "--encoder",
    type=click.Choice(["auto", "minilm-static", "minilm", "none"]),
    default="auto",
    show_default=True,
    help="Sentence encoder: auto = minilm-static when installed; minilm = the full transformer (slow); none = "
    "TF-IDF only.",
)
@click.option(
    "--split",
    type=click.Choice(["random", "time", "task"]),
    default="random",
    show_default=True,
    help="Without --test: random K-fold; time = train on the oldest prompts, test on the newest (needs a "
    "ts column); task = folds by task type, every test task unseen in training.",
)
@click.option(
    "--extra-train",
    "extra_paths",
    type=click.Path(path_type=Path),
    multiple=True,
    help="Long eval file(s) of the same models added to every training split and never held out (e.g. general "
    "preferences: `netra evaluate export-preferences`). Repeatable.",
)
@click.option(
    "--structure-features",
    is_flag=True,
    help="Also try the ridge/logistic learners reading benchmark-independent prompt statistics (numbers, "
    "sentences, question marks, computation cues, multiple-choice options, word rarity), chosen on inner folds.",
)
@click.option("--test-fraction", type=float, default=0.2, show_default=True, help="Share held out by --split time.")
@click.option("--bootstrap", type=int, default=200, show_default=True, help="Bootstrap resamples for the CIs.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--save-router",
    "router_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Also train on all of --data and save the router artifact (.zip) here.",
)
def evaluate_routing_command(
    data_path: Path,
    test_path: Path | None,
    folds: int | None,
    as_json: bool,
    plot_path: Path | None,
    learners: str | None,
    split: str,
    test_fraction: float,
    bootstrap: int,
    seed: int,
    router_path: Path | None,
    encoder: str = "auto",
    extra_paths: tuple[Path, ...] = (),
    structure_features: bool = False,
) -> None:
    """Evaluate the learned per-prompt router on held-out prompts: AIQ, oracle, zero router, APGR, CPT."""
    from netra_core.config import get_settings
    from netra_core.logs import configure_logging
    from netra_core.routing.data import compute_joined, load_eval_matrix
    from netra_core.routing.evaluate import compute_json_ready, evaluate_routing
    from netra_core.routing.learners import DEFAULT_CANDIDATES, compute_with_structure
    from netra_core.routing.plot import make_routing_figure, save_figure
    from netra_core.routing.router import LearnedRouter

    settings = get_settings()
    configure_logging(settings.log_level, as_json=settings.log_json)
    if test_path is not None and folds is not None:
        raise ValidationError("give either --test FILE or --folds K, not both")
    if test_path is not None and split != "random":
        raise ValidationError("--split applies without --test: the test file is the held-out set")
    candidates = _parse_learners(learners) or DEFAULT_CANDIDATES
    if structure_features:
        candidates = compute_with_structure(candidates)
    data = load_eval_matrix(data_path)
    test = load_eval_matrix(test_path) if test_path is not None else None
    extra = None
    for path in extra_paths:
        loaded = load_eval_matrix(path)
        compute_joined(data, loaded, str(path))  # the same models and cost kind, no shared prompt id: named errors
        extra = loaded if extra is None else compute_joined(extra, loaded, str(path))
    report = evaluate_routing(
        data,
        test=test,
        folds=folds or 5,
        seed=seed,
        candidates=candidates,
        split=split,
        test_fraction=test_fraction,
        bootstrap=bootstrap,
        encoder=None if encoder == "none" else encoder,
        extra_train=extra,
    )
    written = None
    if plot_path is not None:
        written = save_figure(
            make_routing_figure(report, title=f"Routing on held-out prompts of {data_path.name}"), plot_path
        )
        report["plot"] = str(written)
    if router_path is not None:
        router = LearnedRouter(candidates=candidates, seed=seed, encoder=None if encoder == "none" else encoder)
        router = router.fit(data if extra is None else compute_joined(data, extra))
        router.save(router_path)
        report["router_artifact"] = str(router_path)
    if as_json:
        click.echo(json.dumps(compute_json_ready(report), indent=2, allow_nan=False))
        return
    _print_report(report, written)
    if router_path is not None:
        click.echo(f"router saved: {router_path}")


@evaluate.command("export-preferences")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder holding alpaca_eval/ and routellm/ (the shared data; see their SOURCE.md).",
)
@click.option("--out", "out_path", type=click.Path(path_type=Path), required=True, help="Long eval file (.csv).")
def export_preferences_command(data_dir: Path, out_path: Path) -> None:
    """Write general-purpose preferences between GPT-4-1106-preview and Mixtral-8x7B (AlpacaEval, MT-bench) as a long
    eval file for `netra evaluate routing --extra-train`: GPT-4 scored 1, Mixtral 1 where it does not lose."""
    from netra_core.routing.routellm import convert_general_preferences

    frame = convert_general_preferences(data_dir)
    frame.to_csv(out_path, index=False)
    click.echo(f"{out_path}: {frame['prompt_id'].nunique()} prompts, {len(frame)} rows")


COMMANDS = [evaluate]
