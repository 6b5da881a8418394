"""Costs for ingested events: keep what was billed, price the rest from the price book."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from netra_core.catalog.pricing import PriceBook


@dataclass
class CostOutcome:
    """How many events were priced by Netra, and which models had no price."""

    priced: int = 0
    unpriced: int = 0
    unpriced_models: set[str] = field(default_factory=set)


def fill_providers(columns: dict[str, pa.Array], price_book: PriceBook) -> None:
    """Events with no provider get the one the price book knows for their model (when unambiguous)."""
    provider = columns["provider"]
    empty = pc.equal(provider, "")
    if not pc.any(empty).as_py():
        return
    owners: dict[str, set[str]] = {}
    for p, m in price_book.models():
        owners.setdefault(m, set()).add(p)
    known = {m: next(iter(ps)) for m, ps in owners.items() if len(ps) == 1}
    if not known:
        return
    models = pa.array(list(known), pa.string())
    idx = pc.index_in(columns["model"], value_set=models)
    guessed = pc.take(pa.array(list(known.values()), pa.string()), idx)
    columns["provider"] = pc.if_else(pc.and_(empty, pc.is_valid(guessed)), guessed, provider)


def apply_costs(columns: dict[str, pa.Array], valid: np.ndarray, price_book: PriceBook) -> CostOutcome:
    """Set cost_usd and cost_source in place: 'billed' (given), 'netra' (priced) or 'unpriced'."""
    cost = columns["cost_usd"]
    given = np.asarray(cost.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    given_source = columns["cost_source"]
    source = pc.if_else(pc.equal(given_source, ""), "billed", given_source)
    todo = ~given & valid
    outcome = CostOutcome()
    prices = np.full(len(cost), np.nan)
    if todo.any():
        mask = pa.array(todo)
        frame = pd.DataFrame(
            {
                # Dictionary-encoded in Arrow, categorical in pandas: the price book compares codes.
                "provider": columns["provider"].filter(mask).dictionary_encode().to_pandas(),
                "model": columns["model"].filter(mask).dictionary_encode().to_pandas(),
                "ts": columns["ts"].filter(mask).to_pandas(),
                "prompt_tokens": columns["prompt_tokens"].filter(mask).to_numpy(zero_copy_only=False),
                "completion_tokens": columns["completion_tokens"].filter(mask).to_numpy(zero_copy_only=False),
                "cached_tokens": columns["cached_tokens"].filter(mask).to_numpy(zero_copy_only=False),
                "is_batch": columns["is_batch"].filter(mask).to_numpy(zero_copy_only=False),
            }
        )
        computed = price_book.compute_costs(frame).to_numpy(dtype="float64")
        prices[todo] = computed
        missing = np.isnan(computed)
        outcome.priced = int((~missing).sum())
        outcome.unpriced = int(missing.sum())
        if outcome.unpriced:
            outcome.unpriced_models = {
                f"{p}/{m}" if p else str(m)
                for p, m in frame.loc[missing, ["provider", "model"]].drop_duplicates().itertuples(index=False)
            }
    priced_ok = ~np.isnan(prices)
    labels = np.where(given, "", np.where(priced_ok, "netra", "unpriced"))
    columns["cost_source"] = pc.if_else(pa.array(given), source, pa.array(labels, pa.string()))
    filled = np.where(
        given, np.nan_to_num(cost.to_numpy(zero_copy_only=False).astype("float64")), np.nan_to_num(prices)
    )
    columns["cost_usd"] = pa.array(filled, pa.float64())
    return outcome
