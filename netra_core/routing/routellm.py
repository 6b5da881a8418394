"""Convert RouteLLM's published per-prompt outcomes (MMLU, GSM8K) to Netra's long eval format.

The files are RouteLLM's own (lm-sys/RouteLLM, Apache-2.0; see shared/data/routellm/SOURCE.md). Like RouteLLM's
benchmarks.py, prompts listed in each contaminated_prompts.jsonl (field `eval_prompt`) are left out.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from netra_core.errors import ValidationError
from netra_core.routing.data import ROUTELLM_STRONG, ROUTELLM_WEAK

MODELS = (ROUTELLM_WEAK, ROUTELLM_STRONG)


def fetch_contaminated_prompts(path: Path) -> set[str]:
    """The eval prompts RouteLLM excludes because they overlap its router's training data."""
    if not path.exists():
        raise ValidationError(f"{path}: contaminated-prompt list not found")
    return set(pd.read_json(path, lines=True)["eval_prompt"].astype(str))


def _to_long(wide: pd.DataFrame, ids: list[str], task_types: list[str]) -> pd.DataFrame:
    parts = []
    for model in MODELS:
        parts.append(
            pd.DataFrame(
                {
                    "prompt_id": ids,
                    "prompt": wide["prompt"].astype(str).to_numpy(),
                    "model": model,
                    "score": wide[model].astype(float).to_numpy(),
                    "task_type": task_types,
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def convert_routellm_mmlu(directory: Path, subjects: list[str] | None = None) -> pd.DataFrame:
    """The MMLU per-subject CSVs as long rows (prompt_id `<subject>/<row>`, task_type = subject)."""
    files = sorted(directory.glob("mmlu_*.csv"))
    if not files:
        raise ValidationError(f"{directory}: no mmlu_<subject>.csv files")
    contaminated = fetch_contaminated_prompts(directory / "contaminated_prompts.jsonl")
    frames = []
    for path in files:
        subject = path.stem.removeprefix("mmlu_")
        if subjects is not None and subject not in subjects:
            continue
        wide = pd.read_csv(path)
        missing = [c for c in ("prompt", *MODELS) if c not in wide.columns]
        if missing:
            raise ValidationError(f"{path}: missing column(s) {', '.join(missing)}")
        ids = [f"{subject}/{i}" for i in range(len(wide))]
        keep = ~wide["prompt"].astype(str).isin(contaminated)
        frames.append(
            _to_long(wide[keep], [i for i, k in zip(ids, keep, strict=True) if k], [subject] * int(keep.sum()))
        )
    if not frames:
        raise ValidationError(f"{directory}: none of the subjects {subjects} exist")
    return pd.concat(frames, ignore_index=True)


def convert_routellm_gsm8k(directory: Path) -> pd.DataFrame:
    """GSM8K responses as long rows (prompt_id `gsm8k/<row>`, task_type `math`)."""
    path = directory / "gsm8k_responses.csv"
    if not path.exists():
        raise ValidationError(f"{path}: not found")
    wide = pd.read_csv(path)
    contaminated = fetch_contaminated_prompts(directory / "contaminated_prompts.jsonl")
    ids = [f"gsm8k/{i}" for i in range(len(wide))]
    keep = ~wide["prompt"].astype(str).isin(contaminated)
    kept_ids = [i for i, k in zip(ids, keep, strict=True) if k]
    return _to_long(wide[keep], kept_ids, ["math"] * len(kept_ids))


# General-purpose preferences between the same two models, for training only (RouteLLM trains its routers on Chatbot
# Arena preferences, never on the benchmark it is tested on). Each becomes a 0/1 row per model: the strong model is
# marked adequate (1) everywhere, the weak one 1 where it does not lose to the strong one: "the strong model is
# needed" is exactly where the weak one loses. Used by `netra evaluate routing --extra-train` and the benchmark.
ALPACA_WEAK = "Mixtral-8x7B-Instruct-v0.1_concise"
ALPACA_BASELINE = "gpt4_1106_preview"


def convert_routellm_mt_bench(directory: Path) -> pd.DataFrame:
    """RouteLLM's MT-bench GPT-4 judgements (1-10, per turn) of GPT-4 and Mixtral as preference rows.

    The prompt is the question's first turn; the weak model loses where its first-turn score is below GPT-4's
    (a tie is not a loss). Prompt ids `mt_bench/<question_id>`, task type `mt_bench`."""
    questions_path, judgements_path = directory / "question.jsonl", directory / "judgements.jsonl"
    for path in (questions_path, judgements_path):
        if not path.exists():
            raise ValidationError(f"{path}: not found")
    questions = pd.read_json(questions_path, lines=True)
    judgements = pd.read_json(judgements_path, lines=True)
    for path, frame, columns in (
        (questions_path, questions, ("question_id", "turns")),
        (judgements_path, judgements, ("question_id", "model", "turn", "score")),
    ):
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise ValidationError(f"{path}: missing field(s) {', '.join(missing)}")
    first = judgements[judgements["turn"] == 1].pivot_table(index="question_id", columns="model", values="score")
    absent = [m for m in MODELS if m not in first.columns]
    if absent:
        raise ValidationError(f"{judgements_path}: no first-turn judgements of {', '.join(absent)}")
    first = first.dropna(subset=list(MODELS))
    text = questions.set_index("question_id")["turns"].map(lambda turns: str(turns[0]))
    first = first[first.index.isin(text.index)]
    weak_loses = (first[ROUTELLM_WEAK] < first[ROUTELLM_STRONG]).to_numpy()
    return _preference_rows([f"mt_bench/{q}" for q in first.index], list(text.loc[first.index]), weak_loses, "mt_bench")


def convert_alpaca_pairwise(directory: Path, weak: str = ALPACA_WEAK) -> pd.DataFrame:
    """AlpacaEval 2.0's per-instruction preference of `weak` against its baseline (gpt4_1106_preview, the same
    strong model as RouteLLM's) as preference rows: the weak model loses where the judge's preference is below 1.5
    (1 = baseline better, 2 = model better; see the data's SOURCE.md). Prompt ids `alpaca/<instruction_id>`."""
    path, instructions_path = directory / "per_prompt_preference_vs_gpt4_turbo.csv", directory / "instructions.csv"
    for p in (path, instructions_path):
        if not p.exists():
            raise ValidationError(f"{p}: not found")
    prefs = pd.read_csv(path)
    missing = [c for c in ("model", "instruction_id", "preference", "baseline_model") if c not in prefs.columns]
    if missing:
        raise ValidationError(f"{path}: missing column(s) {', '.join(missing)}")
    prefs = prefs[prefs["model"] == weak]
    if prefs.empty:
        raise ValidationError(f"{path}: no rows for model {weak!r}")
    baselines = set(prefs["baseline_model"].astype(str))
    if baselines != {ALPACA_BASELINE}:
        raise ValidationError(f"{path}: {weak} is judged against {sorted(baselines)}, not {ALPACA_BASELINE}")
    instructions = pd.read_csv(instructions_path).set_index("instruction_id")["instruction"].astype(str)
    unknown = sorted(set(prefs["instruction_id"]) - set(instructions.index))
    if unknown:
        raise ValidationError(f"{path}: instruction_id(s) {unknown[:5]} not in {instructions_path.name}")
    weak_loses = (prefs["preference"].astype(float) < 1.5).to_numpy()
    ids = [f"alpaca/{i}" for i in prefs["instruction_id"]]
    return _preference_rows(ids, list(instructions.loc[prefs["instruction_id"]]), weak_loses, "alpaca_eval")


def _preference_rows(ids: list[str], prompts: list[str], weak_loses: np.ndarray, source: str) -> pd.DataFrame:
    n = len(ids)
    wide = pd.DataFrame(
        {"prompt": prompts, ROUTELLM_WEAK: (~weak_loses).astype(float), ROUTELLM_STRONG: np.ones(n, dtype=float)}
    )
    return _to_long(wide, ids, [source] * n)


def convert_general_preferences(data: Path) -> pd.DataFrame:
    """AlpacaEval's Mixtral-vs-GPT-4-Turbo preferences and RouteLLM's MT-bench judgements, as training rows.

    `data` is the folder holding `alpaca_eval/` and `routellm/` (see their SOURCE.md)."""
    return pd.concat(
        [convert_alpaca_pairwise(data / "alpaca_eval"), convert_routellm_mt_bench(data / "routellm" / "mt_bench")],
        ignore_index=True,
    )
