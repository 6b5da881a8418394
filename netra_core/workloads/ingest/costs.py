"""Costs for ingested events: keep what was billed, price the rest from the price book."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from netra_core.catalog.pricing import PriceBook, pair_codes


@dataclass
class CostOutcome:
    """How many events were priced by Netra, and which models had no price."""

    priced: int = 0
    unpriced: int = 0
    unpriced_models: set[str] = field(default_factory=set)


def fill_providers(columns: dict[str, pa.Array], price_book: PriceBook) -> None:
    """Events with no provider get the one that sells their model under its own name (when only one does)."""
    provider = columns["provider"]
    empty = pc.equal(provider, "")
    if not pc.any(empty).as_py():
        return
    known = price_book.compute_model_owners()
    if not known:
        return
    models = pa.array(list(known), pa.string())
    idx = pc.index_in(columns["model"], value_set=models)
    guessed = pc.take(pa.array(list(known.values()), pa.string()), idx)
    columns["provider"] = pc.if_else(pc.and_(empty, pc.is_valid(guessed)), guessed, provider)


def apply_costs(columns: dict[str, pa.Array], valid: np.ndarray, price_book: PriceBook) -> CostOutcome:
    """Set cost_usd and cost_source in place (the values are listed in columns.py).

    A given cost keeps its source ('billed' unless the row names one, 'reported' for spans); the rest are
    'netra' (priced), 'unpriced' (no price for the model) or 'unknown_usage' (no tokens to price).
    Every valid row with known usage is priced, so `priced_cost_usd` holds Netra's price beside a given cost.
    """
    cost = columns["cost_usd"]
    given = np.asarray(cost.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    given_source = columns["cost_source"]
    source = pc.if_else(pc.equal(given_source, ""), "billed", given_source)
    known = np.asarray(columns["usage_known"].to_numpy(zero_copy_only=False), dtype=bool)
    todo = ~given & valid & known
    outcome = CostOutcome()
    prices = np.full(len(cost), np.nan)
    to_price = valid & known
    if to_price.any():
        rows = None if to_price.all() else pa.array(np.flatnonzero(to_price))
        computed, _ = _price(columns, rows, price_book)
        prices[to_price] = computed
        missing = np.isnan(prices) & todo
        outcome.unpriced_models = _unpriced_models(columns, missing)
        outcome.unpriced = int(missing.sum())
        outcome.priced = int(todo.sum()) - outcome.unpriced
    columns["priced_cost_usd"] = pa.array(prices, pa.float64(), from_pandas=True)
    priced_ok = pa.array(~np.isnan(prices))
    computed_source = pc.if_else(priced_ok, pa.scalar("netra"), pa.scalar("unpriced"))
    computed_source = pc.if_else(pa.array(known), computed_source, pa.scalar("unknown_usage"))
    columns["cost_source"] = pc.if_else(pa.array(given), source, computed_source)
    filled = np.where(
        given, np.nan_to_num(cost.to_numpy(zero_copy_only=False).astype("float64")), np.nan_to_num(prices)
    )
    columns["cost_usd"] = pa.array(filled, pa.float64())
    return outcome


def _unpriced_models(columns: dict[str, pa.Array], missing: np.ndarray) -> set[str]:
    """'provider/model' (or the model alone) of the rows that needed a price and had none."""
    if not missing.any():
        return set()
    rows = pa.array(np.flatnonzero(missing))
    pairs = zip(columns["provider"].take(rows).to_pylist(), columns["model"].take(rows).to_pylist(), strict=True)
    return {f"{p}/{m}" if p else str(m) for p, m in set(pairs)}


def _price(columns: dict[str, pa.Array], rows: pa.Array | None, price_book: PriceBook) -> tuple[np.ndarray, set[str]]:
    """Costs of the chosen rows (all when `rows` is None), and the provider/model pairs with no price."""

    def pick(name: str) -> pa.Array:
        arr = columns[name]
        return arr if rows is None else arr.take(rows)

    def as_float(name: str) -> np.ndarray:
        return np.asarray(pick(name).to_numpy(zero_copy_only=False), dtype="float64")

    def optional(name: str) -> np.ndarray | None:
        return as_float(name) if name in columns else None

    # Dictionary codes: the price book matches each distinct (provider, model) once, not every row.
    provider = pick("provider").dictionary_encode()
    model = pick("model").dictionary_encode()
    pairs, pair_index = pair_codes(
        provider.indices.to_numpy(zero_copy_only=False),
        provider.dictionary.to_pylist(),
        model.indices.to_numpy(zero_copy_only=False),
        model.dictionary.to_pylist(),
    )
    ts_ms = pick("ts").cast(pa.int64()).to_numpy(zero_copy_only=False)
    computed = price_book.price_events(
        pairs,
        pair_index,
        ts_ms * 1_000_000,
        as_float("prompt_tokens"),
        as_float("completion_tokens"),
        as_float("cached_tokens"),
        np.asarray(pick("is_batch").to_numpy(zero_copy_only=False), dtype=bool),
        cache_write_tokens=optional("cache_write_tokens"),
        cache_write_1h_tokens=optional("cache_write_1h_tokens"),
        audio_prompt_tokens=optional("audio_prompt_tokens"),
        cached_audio_tokens=optional("cached_audio_tokens"),
        audio_completion_tokens=optional("audio_completion_tokens"),
        image_prompt_tokens=optional("image_prompt_tokens"),
        cached_image_tokens=optional("cached_image_tokens"),
        image_completion_tokens=optional("image_completion_tokens"),
        service_tier=(
            np.asarray(pick("service_tier").to_numpy(zero_copy_only=False), dtype=object).astype(str)
            if "service_tier" in columns
            else None
        ),
    )
    missing = np.unique(pair_index[np.isnan(computed)])
    unpriced = {f"{pairs[k][0]}/{pairs[k][1]}" if pairs[k][0] else pairs[k][1] for k in missing if k >= 0}
    return computed, unpriced
