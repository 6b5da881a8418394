"""Read the genai-prices package's snapshot into plain catalog entries (time-versioned prices).

genai-prices is a maintained, offline data set of provider prices. A model's price is either one
ModelPrice or a list of ConditionalPrice whose StartDateConstraint says from when each applies;
we turn that into rows with effective_from/effective_to so past events get the price of their
day. Off-peak (time-of-day) prices are not used: the standard price is kept. Tiered prices
(e.g. above 128 k prompt tokens) keep their base tier. Batch discounts are not in the data set:
the built-in table's discount is used where Netra knows the provider's batch API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from decimal import Decimal
from typing import Any

from netra_core.catalog.builtin import BUILTIN_MODELS, PROFILE_SOURCE
from netra_core.catalog.pricing import EPOCH

SOURCE = "genai-prices"
# Providers whose batch API takes 50 % off list prices (their public batch pricing pages).
BATCH_DISCOUNT_BY_PROVIDER = {"openai": 0.5, "anthropic": 0.5, "google": 0.5}


@dataclass(frozen=True)
class PriceEntry:
    """One price period of a model."""

    input_per_mtok: float
    output_per_mtok: float
    cached_input_per_mtok: float | None
    batch_discount: float | None
    effective_from: datetime
    effective_to: datetime | None


@dataclass(frozen=True)
class CatalogEntry:
    """One model as the catalog stores it."""

    provider: str
    model: str
    display_name: str
    context_window: int | None
    prices: tuple[PriceEntry, ...]
    ttft_ms: float | None = None
    output_tokens_per_s: float | None = None
    latency_source: str = ""
    quality: dict[str, Any] = field(default_factory=dict)
    source: str = SOURCE


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, Decimal | int | float):
        return float(value)
    base = getattr(value, "base", None)  # TieredPrices: keep the base tier
    return float(base) if base is not None else None


def _profile_fields(provider: str, model: str) -> dict[str, Any]:
    for p in BUILTIN_MODELS:
        if p.provider == provider and p.model == model:
            return {
                "ttft_ms": p.ttft_ms,
                "output_tokens_per_s": p.output_tokens_per_s,
                "latency_source": PROFILE_SOURCE,
                "quality": {
                    task: {"mean": q, "source": PROFILE_SOURCE, "confidence": "low"} for task, q in p.quality.items()
                },
            }
    return {}


def _periods(prices: Any, provider: str) -> list[PriceEntry]:
    from genai_prices.types import ModelPrice, StartDateConstraint

    discount = BATCH_DISCOUNT_BY_PROVIDER.get(provider)
    if isinstance(prices, ModelPrice):
        dated = [(EPOCH, prices)]
    else:
        dated = []
        for conditional in prices:
            constraint = conditional.constraint
            if constraint is None:
                dated.append((EPOCH, conditional.prices))
            elif isinstance(constraint, StartDateConstraint):
                dated.append((datetime.combine(constraint.start_date, time(), tzinfo=UTC), conditional.prices))
        dated.sort(key=lambda pair: pair[0])
    out = []
    for i, (start, price) in enumerate(dated):
        inp, outp = _number(getattr(price, "input_mtok", None)), _number(getattr(price, "output_mtok", None))
        if inp is None or outp is None:
            continue  # not a token-priced model (images, audio, search)
        end = dated[i + 1][0] if i + 1 < len(dated) else None
        out.append(PriceEntry(inp, outp, _number(getattr(price, "cache_read_mtok", None)), discount, start, end))
    return out


def compute_genai_prices_entries() -> list[CatalogEntry]:
    """Every token-priced model of the genai-prices snapshot, with Netra's profiles where known."""
    from genai_prices import data_snapshot

    entries = []
    for provider in data_snapshot.get_snapshot().providers:
        for model in provider.models:
            periods = _periods(model.prices, provider.id)
            if not periods:
                continue
            entries.append(
                CatalogEntry(
                    provider=provider.id,
                    model=model.id,
                    display_name=model.name or model.id,
                    context_window=model.context_window,
                    prices=tuple(periods),
                    **_profile_fields(provider.id, model.id),
                )
            )
    known = {(e.provider, e.model) for e in entries}
    # Built-in models the snapshot names differently (e.g. dated aliases) are kept too.
    for p in BUILTIN_MODELS:
        if (p.provider, p.model) not in known:
            price = PriceEntry(
                p.input_per_mtok, p.output_per_mtok, p.cached_input_per_mtok, p.batch_discount, EPOCH, None
            )
            entries.append(
                CatalogEntry(
                    p.provider,
                    p.model,
                    p.model,
                    p.context_window,
                    (price,),
                    source="netra built-in",
                    **_profile_fields(p.provider, p.model),
                )
            )
    return entries
