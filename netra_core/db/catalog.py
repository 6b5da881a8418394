"""The supply catalog in the app database: sync, listing, price overrides with history, custom models.

Prices are never updated in place: a change closes the open price (effective_to) and adds a new
row, so events are always priced with the price of their own day. A price row is the catalog's
(org_id null: synced, or an operator's correction from the CLI, seen by every org) or one org's
(an org admin's override or a custom model's price, seen by that org alone). When several rows
cover the same moment, the order is: synced, then the operator's, then the org's; the last wins.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session, selectinload

from netra_core.catalog.pricing import CATALOG_PRICES, EPOCH, PriceBook, PriceRow, PriceTier
from netra_core.catalog.sync import CatalogEntry
from netra_core.db.models import ModelPrice, SupplyModel
from netra_core.db.price_fields import ExtraPrices, check_prices
from netra_core.db.types import utcnow
from netra_core.errors import NotFoundError, ValidationError
from netra_core.revisions import CATALOG, bump_revision

ADMIN_SOURCE_PREFIX = "admin:"


@dataclass(frozen=True)
class SyncReport:
    """What `netra catalog sync` changed."""

    models_added: int
    models_updated: int
    price_rows: int


def price_columns(price: PriceRow) -> dict[str, Any]:
    """A price's columns in the prices table (its provider and model are the row's model's)."""
    return {
        "input_per_mtok": price.input_per_mtok,
        "output_per_mtok": price.output_per_mtok,
        "cached_input_per_mtok": price.cached_input_per_mtok,
        "batch_discount": price.batch_discount,
        "effective_from": price.effective_from,
        "effective_to": price.effective_to,
        "source": price.source,
        "cache_write_per_mtok": price.cache_write_per_mtok,
        "cache_write_1h_per_mtok": price.cache_write_1h_per_mtok,
        "tiers": [asdict(t) for t in price.tiers],
        "service_tier": price.service_tier,
        "audio_input_per_mtok": price.audio_input_per_mtok,
        "audio_cached_input_per_mtok": price.audio_cached_input_per_mtok,
        "audio_output_per_mtok": price.audio_output_per_mtok,
        "image_input_per_mtok": price.image_input_per_mtok,
        "image_cached_per_mtok": price.image_cached_per_mtok,
        "image_output_per_mtok": price.image_output_per_mtok,
    }


def _is_synced(price: ModelPrice) -> bool:
    return not price.source.startswith(ADMIN_SOURCE_PREFIX)


def _is_seen_by(price: ModelPrice, org_id: int | None) -> bool:
    return price.org_id is None or price.org_id == org_id


def _layer(price: ModelPrice) -> int:
    """Which price wins when two cover the same moment: the higher layer (synced 0, operator 1, org 2)."""
    if price.org_id is not None:
        return 2
    return 0 if _is_synced(price) else 1


def fetch_is_catalog_empty(session: Session) -> bool:
    """Whether no model is in the catalog yet (a new install)."""
    return session.scalar(select(SupplyModel.id).limit(1)) is None


def save_catalog_entries(session: Session, entries: list[CatalogEntry]) -> SyncReport:
    """Upsert the global (org-less) models and replace their synced prices; admin prices are kept."""
    existing = {
        (m.provider, m.model): m
        for m in session.scalars(
            select(SupplyModel).where(SupplyModel.org_id.is_(None)).options(selectinload(SupplyModel.prices))
        )
    }
    added = updated = rows = 0
    for entry in entries:
        model = existing.get((entry.provider, entry.model))
        if model is None:
            model = SupplyModel(provider=entry.provider, model=entry.model)
            session.add(model)
            existing[(entry.provider, entry.model)] = model
            added += 1
        else:
            updated += 1
            for price in [p for p in model.prices if _is_synced(p)]:
                model.prices.remove(price)
        model.display_name = entry.display_name
        model.context_window = entry.context_window
        model.source = entry.source
        if entry.ttft_ms is not None:
            model.ttft_ms, model.output_tokens_per_s, model.latency_source = (
                entry.ttft_ms,
                entry.output_tokens_per_s,
                entry.latency_source,
            )
        if entry.quality:
            model.quality = entry.quality
        for p in entry.prices:
            model.prices.append(ModelPrice(**{**price_columns(p), "source": entry.source}))
            rows += 1
    session.flush()
    bump_revision(CATALOG)
    return SyncReport(models_added=added, models_updated=updated, price_rows=rows)


def _visible(org_id: int | None):  # type: ignore[no-untyped-def]
    return (
        or_(SupplyModel.org_id.is_(None), SupplyModel.org_id == org_id)
        if org_id is not None
        else SupplyModel.org_id.is_(None)
    )


def fetch_supply_model(session: Session, provider: str, model: str, org_id: int | None = None) -> SupplyModel:
    """One model visible to the org (its own custom model first), or NotFoundError."""
    candidates = list(
        session.scalars(
            select(SupplyModel).where(SupplyModel.provider == provider, SupplyModel.model == model, _visible(org_id))
        )
    )
    if not candidates:
        raise NotFoundError(
            f"model {provider}/{model} is not in the catalog (run `netra catalog sync`, or add it as a custom model)"
        )
    return sorted(candidates, key=lambda m: m.org_id is None)[0]


def _current(prices: list[ModelPrice], at: datetime, org_id: int | None) -> ModelPrice | None:
    live = [
        p
        for p in prices
        if _is_seen_by(p, org_id)
        and not p.service_tier  # the standard tier's price; batch/flex/priority rows are in the history
        and p.effective_from <= at
        and (p.effective_to is None or at < p.effective_to)
    ]
    # Same order as the price book: synced, operator, the org's own, then by start; the last one wins.
    live.sort(key=lambda p: (_layer(p), p.effective_from))
    return live[-1] if live else None


def fetch_catalog(
    session: Session, org_id: int | None = None, search: str = "", provider: str = "", at: datetime | None = None
) -> pd.DataFrame:
    """Models visible to the org with the price in effect at `at` (default now), sorted by provider and model."""
    moment = at or utcnow()
    stmt = select(SupplyModel).where(_visible(org_id)).options(selectinload(SupplyModel.prices))
    if search:
        stmt = stmt.where(or_(SupplyModel.model.ilike(f"%{search}%"), SupplyModel.display_name.ilike(f"%{search}%")))
    if provider:
        stmt = stmt.where(SupplyModel.provider == provider)
    records = []
    for m in session.scalars(stmt.order_by(SupplyModel.provider, SupplyModel.model)):
        price = _current(list(m.prices), moment, org_id)
        records.append(
            {
                "provider": m.provider,
                "model": m.model,
                "display_name": m.display_name,
                "context_window": m.context_window,
                "input_per_mtok": price.input_per_mtok if price else None,
                "output_per_mtok": price.output_per_mtok if price else None,
                "cached_input_per_mtok": price.cached_input_per_mtok if price else None,
                "cache_write_per_mtok": price.cache_write_per_mtok if price else None,
                "cache_write_1h_per_mtok": price.cache_write_1h_per_mtok if price else None,
                "audio_input_per_mtok": price.audio_input_per_mtok if price else None,
                "audio_cached_input_per_mtok": price.audio_cached_input_per_mtok if price else None,
                "audio_output_per_mtok": price.audio_output_per_mtok if price else None,
                "image_input_per_mtok": price.image_input_per_mtok if price else None,
                "image_cached_per_mtok": price.image_cached_per_mtok if price else None,
                "image_output_per_mtok": price.image_output_per_mtok if price else None,
                "has_long_context_tiers": bool(price and price.tiers),
                "batch_discount": price.batch_discount if price else None,
                "price_source": price.source if price else "",
                "is_org_price": price is not None and price.org_id is not None,
                "ttft_ms": m.ttft_ms,
                "output_tokens_per_s": m.output_tokens_per_s,
                "is_custom": m.is_custom,
                "quality": m.quality,
            }
        )
    return pd.DataFrame.from_records(records)


def fetch_catalog_model_names(session: Session, org_id: int | None = None) -> list[tuple[str, str, bool]]:
    """(provider, model, is_custom) of every model the org sees, without prices (cheap: names only)."""
    stmt = select(SupplyModel.provider, SupplyModel.model, SupplyModel.is_custom).where(_visible(org_id))
    return [
        (str(p), str(m), bool(c)) for p, m, c in session.execute(stmt.order_by(SupplyModel.provider, SupplyModel.model))
    ]


def fetch_price_history(session: Session, provider: str, model: str, org_id: int | None = None) -> list[ModelPrice]:
    """Every price period of a model the org sees (the catalog's and its own), oldest first."""
    m = fetch_supply_model(session, provider, model, org_id)
    return sorted((p for p in m.prices if _is_seen_by(p, org_id)), key=lambda p: (p.effective_from, _layer(p)))


def save_price_override(
    session: Session,
    *,
    provider: str,
    model: str,
    input_per_mtok: float,
    output_per_mtok: float,
    actor: str,
    cached_input_per_mtok: float | None = None,
    batch_discount: float | None = None,
    effective_from: datetime | None = None,
    org_id: int | None = None,
    extra: ExtraPrices | None = None,
) -> ModelPrice:
    """A new price from `effective_from` (default now) for one org, or for every org when `org_id` is None.

    An org's price applies to that org alone; the catalog's price (org_id None) is the operator's, for
    catalog corrections. The price of the same scope open at `effective_from` is closed there. `extra`
    carries cache-write, audio, image and long-context tier prices; without them a cache write pays the input
    price, audio and image tokens the text prices, and every prompt length the same price.
    """
    check_prices(
        input_per_mtok=input_per_mtok,
        output_per_mtok=output_per_mtok,
        cached_input_per_mtok=cached_input_per_mtok,
        batch_discount=batch_discount,
    )
    extra = extra or ExtraPrices()
    extra.check()
    start = effective_from or utcnow()
    m = fetch_supply_model(session, provider, model, org_id)
    scope = [p for p in m.prices if not _is_synced(p) and p.org_id == org_id]
    for p in scope:
        if p.effective_from < start and (p.effective_to is None or p.effective_to > start):
            p.effective_to = start
    later = [p.effective_from for p in scope if p.effective_from > start]
    row = ModelPrice(
        input_per_mtok=input_per_mtok,
        output_per_mtok=output_per_mtok,
        cached_input_per_mtok=cached_input_per_mtok,
        batch_discount=batch_discount,
        effective_from=start,
        effective_to=min(later) if later else None,
        source=f"{ADMIN_SOURCE_PREFIX}{actor}",
        org_id=org_id,
        **extra.row_fields(),
    )
    m.prices.append(row)
    session.flush()
    return row


def save_custom_model(
    session: Session,
    *,
    org_id: int,
    provider: str,
    model: str,
    context_window: int,
    input_per_mtok: float,
    output_per_mtok: float,
    actor: str,
    cached_input_per_mtok: float | None = None,
    batch_discount: float | None = None,
    ttft_ms: float | None = None,
    output_tokens_per_s: float | None = None,
    extra: ExtraPrices | None = None,
) -> SupplyModel:
    """An org's own model (self-hosted or private deployment) with its first price."""
    if not provider.strip() or not model.strip():
        raise ValidationError("provider and model: both are required")
    if context_window <= 0:
        raise ValidationError(f"context_window: {context_window} must be a positive number of tokens")
    check_prices(
        input_per_mtok=input_per_mtok,
        output_per_mtok=output_per_mtok,
        cached_input_per_mtok=cached_input_per_mtok,
        batch_discount=batch_discount,
    )
    extra = extra or ExtraPrices()
    extra.check()
    exists = session.scalar(
        select(SupplyModel.id).where(
            SupplyModel.org_id == org_id, SupplyModel.provider == provider, SupplyModel.model == model
        )
    )
    if exists is not None:
        raise ValidationError(
            f"model: {provider}/{model} already exists in this org's catalog; change its price instead"
        )
    m = SupplyModel(
        org_id=org_id,
        provider=provider,
        model=model,
        display_name=model,
        context_window=context_window,
        is_custom=True,
        ttft_ms=ttft_ms,
        output_tokens_per_s=output_tokens_per_s,
        latency_source=f"{ADMIN_SOURCE_PREFIX}{actor}" if ttft_ms else "",
        source=f"{ADMIN_SOURCE_PREFIX}{actor}",
    )
    m.prices.append(
        ModelPrice(
            input_per_mtok=input_per_mtok,
            output_per_mtok=output_per_mtok,
            cached_input_per_mtok=cached_input_per_mtok,
            batch_discount=batch_discount,
            effective_from=EPOCH,
            source=f"{ADMIN_SOURCE_PREFIX}{actor}",
            org_id=org_id,
            **extra.row_fields(),
        )
    )
    session.add(m)
    session.flush()
    bump_revision(CATALOG)
    return m


def delete_custom_models(session: Session, org_id: int) -> None:
    """Remove an org's custom models and its own prices (used when an org is deleted)."""
    session.execute(delete(ModelPrice).where(ModelPrice.org_id == org_id))
    session.execute(delete(SupplyModel).where(SupplyModel.org_id == org_id))
    session.expire_all()  # loaded models still hold the deleted prices in their collections
    bump_revision(CATALOG)


def fetch_price_book(session: Session, org_id: int | None = None) -> PriceBook:
    """All prices the org sees (the catalog's and its own) as a PriceBook (empty when never synced)."""
    # Plain rows, not ORM objects: a synced catalog has thousands of prices and ingest reads them all.
    stmt = (
        select(
            SupplyModel.provider,
            SupplyModel.model,
            ModelPrice.input_per_mtok,
            ModelPrice.output_per_mtok,
            ModelPrice.cached_input_per_mtok,
            ModelPrice.batch_discount,
            ModelPrice.effective_from,
            ModelPrice.effective_to,
            ModelPrice.source,
            ModelPrice.org_id,
            ModelPrice.cache_write_per_mtok,
            ModelPrice.cache_write_1h_per_mtok,
            ModelPrice.tiers,
            ModelPrice.service_tier,
            ModelPrice.audio_input_per_mtok,
            ModelPrice.audio_cached_input_per_mtok,
            ModelPrice.audio_output_per_mtok,
            ModelPrice.image_input_per_mtok,
            ModelPrice.image_cached_per_mtok,
            ModelPrice.image_output_per_mtok,
        )
        .join(ModelPrice, ModelPrice.supply_model_id == SupplyModel.id)
        .where(_visible(org_id), or_(ModelPrice.org_id.is_(None), ModelPrice.org_id == org_id))
    )
    rows = []
    for r in session.execute(stmt):
        layer = 2 if r.org_id is not None else (1 if r.source.startswith(ADMIN_SOURCE_PREFIX) else 0)
        price = PriceRow(
            provider=r.provider,
            model=r.model,
            input_per_mtok=r.input_per_mtok,
            output_per_mtok=r.output_per_mtok,
            cached_input_per_mtok=r.cached_input_per_mtok,
            batch_discount=r.batch_discount,
            effective_from=r.effective_from,
            effective_to=r.effective_to,
            source=r.source,
            cache_write_per_mtok=r.cache_write_per_mtok,
            cache_write_1h_per_mtok=r.cache_write_1h_per_mtok,
            tiers=tuple(PriceTier(**t) for t in r.tiers or ()),
            service_tier=r.service_tier or "",
            audio_input_per_mtok=r.audio_input_per_mtok,
            audio_cached_input_per_mtok=r.audio_cached_input_per_mtok,
            audio_output_per_mtok=r.audio_output_per_mtok,
            image_input_per_mtok=r.image_input_per_mtok,
            image_cached_per_mtok=r.image_cached_per_mtok,
            image_output_per_mtok=r.image_output_per_mtok,
        )
        rows.append(((layer, r.effective_from), price))
    # An operator's or the org's own price replaces the catalog's for the model on every tier: the catalog's
    # batch/flex/priority rows would otherwise still price those requests at list.
    overridden = {(row.provider, row.model) for (layer, _), row in rows if layer > 0}
    rows = [
        (key, row)
        for key, row in rows
        if not (row.service_tier and key[0] == 0 and (row.provider, row.model) in overridden)
    ]
    rows.sort(key=lambda pair: pair[0])
    return PriceBook([row for _, row in rows], source=CATALOG_PRICES)
