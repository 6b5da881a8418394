"""Read the genai-prices package's snapshot into plain catalog entries (time-versioned prices).

genai-prices is a maintained, offline data set of provider prices. A model's price is either one
ModelPrice or a list of ConditionalPrice whose StartDateConstraint says from when each applies;
we turn that into rows with effective_from/effective_to so past events get the price of their
day. Off-peak (time-of-day) prices are not used: the standard price is kept. Every token dimension
the snapshot prices is kept: input, output, cache read, cache write (5-minute and 1-hour), audio tokens
(input, cached input, output: `input_audio_mtok`, `cache_audio_read_mtok`, `output_audio_mtok`), image tokens
(input, cached input, output: `input_image_mtok`, `cache_image_read_mtok`, `output_image_mtok`), and
long-context tiers (e.g. above 200 k prompt tokens all tokens pay more) as PriceTier rows. A
model's price variants for the batch API (`processing: batch`) and the `flex` and `priority`
service tiers become rows of their own service tier (the variant's prices over the base ones, from
the variant's start date). Where the snapshot has no batch variant, the built-in discount of the
provider's batch API applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from decimal import Decimal
from typing import Any

from netra_core.catalog.builtin import BUILTIN_MODELS, PROFILE_SOURCE
from netra_core.catalog.pricing import EPOCH, PriceRow, PriceTier

SOURCE = "genai-prices"
# Providers whose batch API takes 50 % off list prices (their public batch pricing pages).
BATCH_DISCOUNT_BY_PROVIDER = {"openai": 0.5, "anthropic": 0.5, "google": 0.5}


@dataclass(frozen=True)
class CatalogEntry:
    """One model as the catalog stores it."""

    provider: str
    model: str
    display_name: str
    context_window: int | None
    prices: tuple[PriceRow, ...]
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


# genai-prices' price keys -> PriceTier's fields.
_TIERED_KEYS = {
    "input_mtok": "input_per_mtok",
    "output_mtok": "output_per_mtok",
    "cache_read_mtok": "cached_input_per_mtok",
    "cache_write_mtok": "cache_write_per_mtok",
    "cache_write_1h_mtok": "cache_write_1h_per_mtok",
    "input_audio_mtok": "audio_input_per_mtok",
    "cache_audio_read_mtok": "audio_cached_input_per_mtok",
    "output_audio_mtok": "audio_output_per_mtok",
    "input_image_mtok": "image_input_per_mtok",
    "cache_image_read_mtok": "image_cached_per_mtok",
    "output_image_mtok": "image_output_per_mtok",
}
# A variant's request context -> Netra's service tier (other variants, e.g. regional routes, are not used).
_VARIANT_TIERS = {
    ("processing", "batch"): "batch",
    ("service_tier", "flex"): "flex",
    ("service_tier", "priority"): "priority",
}


def _tiers(price: Any) -> tuple[PriceTier, ...]:
    """The long-context tiers of one ModelPrice: one PriceTier per distinct start, each dimension's price there."""
    from genai_prices.types import TieredPrices

    tiered: dict[str, TieredPrices] = {}
    for key in _TIERED_KEYS:
        value = getattr(price, key, None)
        if isinstance(value, TieredPrices):
            tiered[key] = value
    starts = sorted({int(t.start) for v in tiered.values() for t in v.tiers})
    out = []
    for start in starts:
        fields: dict[str, float] = {}
        for key, value in tiered.items():
            passed = [t for t in value.tiers if int(t.start) <= start]
            if passed:
                fields[_TIERED_KEYS[key]] = float(max(passed, key=lambda t: t.start).price)
        out.append(PriceTier(start=start, **fields))
    return tuple(out)


def _entry(
    price: Any, pair: tuple[str, str], start: datetime, end: datetime | None, discount: float | None, tier: str = ""
) -> PriceRow | None:
    inp, outp = _number(getattr(price, "input_mtok", None)), _number(getattr(price, "output_mtok", None))
    if inp is None or outp is None:
        return None  # not a token-priced model (priced per image, per hour of audio, per search)
    return PriceRow(
        provider=pair[0],
        model=pair[1],
        input_per_mtok=inp,
        output_per_mtok=outp,
        cached_input_per_mtok=_number(getattr(price, "cache_read_mtok", None)),
        batch_discount=discount,
        effective_from=start,
        effective_to=end,
        source=SOURCE,
        cache_write_per_mtok=_number(getattr(price, "cache_write_mtok", None)),
        cache_write_1h_per_mtok=_number(getattr(price, "cache_write_1h_mtok", None)),
        tiers=_tiers(price),
        service_tier=tier,
        # Audio tokens of a token-priced model (realtime, audio chat, Gemini's audio input).
        audio_input_per_mtok=_number(getattr(price, "input_audio_mtok", None)),
        audio_cached_input_per_mtok=_number(getattr(price, "cache_audio_read_mtok", None)),
        audio_output_per_mtok=_number(getattr(price, "output_audio_mtok", None)),
        # Image tokens of a token-priced model (gpt-image-*, gpt-realtime*, gemini-*-image, Gemini live).
        image_input_per_mtok=_number(getattr(price, "input_image_mtok", None)),
        image_cached_per_mtok=_number(getattr(price, "cache_image_read_mtok", None)),
        image_output_per_mtok=_number(getattr(price, "output_image_mtok", None)),
    )


def _merged(base: Any, variant: Any) -> Any:
    """A variant's prices over the base ones (a variant lists only what differs)."""
    from genai_prices.types import ModelPrice

    values = {k: v for k, v in vars(base).items() if not k.startswith("_") and v is not None}
    values.update({k: v for k, v in vars(variant).items() if not k.startswith("_") and v is not None})
    return ModelPrice(**values)


def _periods(prices: Any, pair: tuple[str, str], variants: Any = ()) -> list[PriceRow]:
    from genai_prices.types import ModelPrice, StartDateConstraint

    discount = BATCH_DISCOUNT_BY_PROVIDER.get(pair[0])
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
        end = dated[i + 1][0] if i + 1 < len(dated) else None
        entry = _entry(price, pair, start, end, discount)
        if entry is None:
            continue
        out.append(entry)
        for variant in variants or ():
            tier = next((t for (k, v), t in _VARIANT_TIERS.items() if variant.when == {k: v}), None)
            constraint = variant.constraint
            if tier is None or (constraint is not None and not isinstance(constraint, StartDateConstraint)):
                continue
            v_start = start
            if constraint is not None:
                v_start = max(start, datetime.combine(constraint.start_date, time(), tzinfo=UTC))
            if end is not None and v_start >= end:
                continue
            merged = _entry(_merged(price, variant.prices), pair, v_start, end, None, tier)
            if merged is not None:
                out.append(merged)
    return out


def compute_genai_prices_entries() -> list[CatalogEntry]:
    """Every token-priced model of the genai-prices snapshot, with Netra's profiles where known."""
    from genai_prices import data_snapshot

    entries = []
    for provider in data_snapshot.get_snapshot().providers:
        for model in provider.models:
            periods = _periods(model.prices, (provider.id, model.id), getattr(model, "price_variants", None))
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
            price = p.price_row("netra built-in")
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
