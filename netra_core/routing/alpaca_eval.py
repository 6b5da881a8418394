"""AlpacaEval 2.0's per-prompt preferences as Netra's long eval format, with costs from catalog prices.

Data: shared/data/alpaca_eval (tatsu-lab/alpaca_eval, Apache-2.0 code; see its SOURCE.md): per instruction and
model, the weighted GPT-4-Turbo judge's preference against the gpt4_1106_preview baseline in [1, 2], and the
character length of both answers. Score = preference - 1 (the probability the model's answer is preferred).
Cost per prompt = instruction tokens x input price + answer tokens x output price, tokens taken as characters / 4
(SOURCE.md's proxy), prices from the genai-prices snapshot the catalog uses.

Models mapped to a priced model (AlpacaEval folder -> price reference):
gpt4_0613_concise -> gpt-4-0613; gpt-3.5-turbo-0301 -> gpt-3.5-turbo-0301; gpt-3.5-turbo-1106 and its _concise
and _verbose prompt variants -> gpt-3.5-turbo-1106; gpt35_turbo_instruct -> gpt-3.5-turbo-instruct; claude-2 ->
claude-2.0; claude-2.1 and claude-2.1_concise -> claude-2.1; Mixtral-8x7B-Instruct-v0.1_concise ->
mixtral-8x7b-instruct. Left out: gpt4_1106_preview (the judge's baseline: its preference against itself is 0.5 by
construction), NullModel and gpt4_gamed (adversarial entries), and every model without a price in the snapshot
(claude, claude-instant-1.2, text_davinci_001/003, gemma, open-weight fine-tunes): with --all-models they are kept
with no cost, which the long format then models as ranks.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from netra_core.errors import ValidationError

CHARS_PER_TOKEN = 4.0
PRICE_REFS = {
    "gpt4_0613_concise": "gpt-4-0613",
    "gpt-3.5-turbo-0301": "gpt-3.5-turbo-0301",
    "gpt-3.5-turbo-1106": "gpt-3.5-turbo-1106",
    "gpt-3.5-turbo-1106_concise": "gpt-3.5-turbo-1106",
    "gpt-3.5-turbo-1106_verbose": "gpt-3.5-turbo-1106",
    "gpt35_turbo_instruct": "gpt-3.5-turbo-instruct",
    "claude-2": "claude-2.0",
    "claude-2.1": "claude-2.1",
    "claude-2.1_concise": "claude-2.1",
    "Mixtral-8x7B-Instruct-v0.1_concise": "mixtral-8x7b-instruct",
}
EXCLUDED = ("gpt4_1106_preview", "NullModel", "gpt4_gamed")
PREFERENCES = "per_prompt_preference_vs_gpt4_turbo.csv"


def fetch_prices(refs: set[str]) -> dict[str, tuple[float, float]]:
    """USD per token (input, output) for each price reference, from the genai-prices snapshot."""
    from genai_prices import Usage, calc_price

    out = {}
    for ref in sorted(refs):
        try:
            price = calc_price(Usage(input_tokens=1_000_000, output_tokens=1_000_000), model_ref=ref)
        except LookupError as exc:
            raise ValidationError(f"no catalog price for {ref!r}: {exc}") from exc
        out[ref] = (float(price.input_price) / 1e6, float(price.output_price) / 1e6)
    return out


def convert_alpaca_eval(directory: Path, all_models: bool = False) -> pd.DataFrame:
    """Long eval rows: prompt_id, prompt, model, score, task_type (AlpacaEval sub-source), cost_usd."""
    path = directory / PREFERENCES
    if not path.exists() or not (directory / "instructions.csv").exists():
        raise ValidationError(f"{directory}: needs {PREFERENCES} and instructions.csv")
    prefs = pd.read_csv(path)
    instructions = pd.read_csv(directory / "instructions.csv").set_index("instruction_id")
    prefs = prefs[~prefs["model"].isin(EXCLUDED)]
    if not all_models:
        prefs = prefs[prefs["model"].isin(PRICE_REFS)]
    prices = fetch_prices({PRICE_REFS[m] for m in prefs["model"].unique() if m in PRICE_REFS})
    text = instructions.loc[prefs["instruction_id"], "instruction"].astype(str).to_numpy()
    in_tokens = pd.Series([len(t) for t in text], index=prefs.index) / CHARS_PER_TOKEN
    out_tokens = prefs["model_output_chars"].astype(float) / CHARS_PER_TOKEN
    per_in = prefs["model"].map(lambda m: prices[PRICE_REFS[m]][0] if m in PRICE_REFS else float("nan"))
    per_out = prefs["model"].map(lambda m: prices[PRICE_REFS[m]][1] if m in PRICE_REFS else float("nan"))
    return pd.DataFrame(
        {
            "prompt_id": prefs["instruction_id"].astype(str).to_numpy(),
            "prompt": text,
            "model": prefs["model"].to_numpy(),
            "score": (prefs["preference"].astype(float) - 1.0).clip(0.0, 1.0).to_numpy(),
            "task_type": instructions.loc[prefs["instruction_id"], "dataset"].astype(str).to_numpy(),
            "cost_usd": (in_tokens * per_in + out_tokens * per_out).to_numpy(),
        }
    )
