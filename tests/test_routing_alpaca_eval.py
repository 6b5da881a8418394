"""AlpacaEval's per-prompt preferences as a multi-model eval file with costs from catalog prices."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from netra_core.routing.alpaca_eval import CHARS_PER_TOKEN, PRICE_REFS, convert_alpaca_eval, fetch_prices
from netra_core.routing.data import compute_eval_matrix, validate_eval_frame

ALPACA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "alpaca_eval"


def alpaca_dir() -> Path:
    """The shared AlpacaEval data; absent outside this workplace (skip), but required under CI."""
    if not ALPACA.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"shared AlpacaEval data must be present in CI: {ALPACA}")
        pytest.skip("shared AlpacaEval data not present")
    return ALPACA


def test_priced_models_scores_and_costs_follow_the_source_files() -> None:
    frame = convert_alpaca_eval(alpaca_dir())
    matrix = compute_eval_matrix(validate_eval_frame(frame, "alpaca_eval"))
    assert set(matrix.models) == set(PRICE_REFS)  # the baseline and unpriced models are left out
    # SOURCE.md: gpt35_turbo_instruct misses one instruction; that prompt is dropped and reported
    assert matrix.n_prompts == 804 and matrix.missing_by_model == {"gpt35_turbo_instruct": 1}
    raw = pd.read_csv(alpaca_dir() / "per_prompt_preference_vs_gpt4_turbo.csv")
    claude = raw[raw["model"] == "claude-2"]
    # score = preference - 1: its mean is the AlpacaEval 2.0 win rate / 100
    assert matrix.scores[:, matrix.models.index("claude-2")].mean() == pytest.approx(
        (claude["preference"] - 1).loc[claude["instruction_id"].astype(str).isin(matrix.prompt_ids)].mean()
    )
    # cost of one row by hand: instruction and answer characters / 4 at the catalog's per-token prices
    instructions = pd.read_csv(alpaca_dir() / "instructions.csv").set_index("instruction_id")
    row = claude.iloc[0]
    price_in, price_out = fetch_prices({"claude-2.0"})["claude-2.0"]
    expected = (
        len(instructions.loc[row["instruction_id"], "instruction"]) / CHARS_PER_TOKEN * price_in
        + row["model_output_chars"] / CHARS_PER_TOKEN * price_out
    )
    got = frame[(frame["model"] == "claude-2") & (frame["prompt_id"] == str(row["instruction_id"]))]["cost_usd"]
    assert float(got.iloc[0]) == pytest.approx(expected)
    # a longer answer from the same model costs more: cost is per prompt, not a constant
    costs = matrix.costs[:, matrix.models.index("claude-2")]
    assert np.std(costs) > 0.1 * np.mean(costs)
    assert set(matrix.task_types or []) == {"helpful_base", "koala", "oasst", "selfinstruct", "vicuna"}
