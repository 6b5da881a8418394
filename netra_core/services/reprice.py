"""Reprice an org's stored events by its price book: one door for the CLI and the Catalog page (#13 step 2).

The price book is the org's own (the synced catalog, operator corrections, the org's overrides), read strictly:
a reprice never falls back to the built-in table, since that would move every cost of the org to other prices.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from netra_core.catalog.pricing import BUILTIN_PRICES
from netra_core.config import Settings
from netra_core.db.orgs import fetch_org
from netra_core.db.prices import fetch_org_price_book
from netra_core.errors import ValidationError
from netra_core.stores import make_app_engine, make_store
from netra_core.workloads.reprice import RepriceReport, reprice_events
from netra_core.workloads.rollups import fetch_org_days


def reprice_org(
    settings: Settings,
    org_slug: str,
    start: datetime | None = None,
    end: datetime | None = None,
    *,
    dry_run: bool = False,
) -> RepriceReport:
    """Reprice the org's events from `start` (default: its first day) to `end` (default: now), or say what would change."""
    engine = make_app_engine(settings)
    try:
        with Session(engine) as session:
            fetch_org(session, org_slug)
            book = fetch_org_price_book(session, org_slug)
    finally:
        engine.dispose()
    if not book.rows or book.source.startswith(BUILTIN_PRICES):
        raise ValidationError("prices: the catalog has no prices yet; run `netra catalog sync` first")
    store = make_store(settings)
    try:
        with store.session() as client:
            span = fetch_org_days(client, org_slug)
            lo = start or (span[0] if span else datetime.now(UTC))
            hi = end or datetime.now(UTC) + timedelta(seconds=1)
            return reprice_events(client, org_slug, book, lo, hi, dry_run=dry_run, markers=store.write_markers)
    finally:
        store.close()
