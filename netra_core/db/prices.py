"""The price book an org's events are priced with, for every front door that ingests or generates events.

The catalog's prices by the event's day with the org's own prices over them; the built-in table
only while the catalog was never synced (or the app database cannot be read), and the book's
`source` says which, so the ingest report can tell the user.
"""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from netra_core.catalog.pricing import BUILTIN_PRICES, PriceBook, make_builtin_price_book
from netra_core.db.catalog import fetch_price_book
from netra_core.db.models import Org, SupplyModel
from netra_core.errors import NetraError
from netra_core.logs import get_logger

log = get_logger("netra.prices")


def fetch_org_price_book(session: Session, org_slug: str) -> PriceBook:
    """The catalog's prices with the org's own (an org not in the app database gets the catalog's alone)."""
    org_id = session.scalar(select(Org.id).where(Org.slug == org_slug))
    book = fetch_price_book(session, org_id)
    is_synced = session.scalar(select(SupplyModel.id).where(SupplyModel.org_id.is_(None)).limit(1)) is not None
    if is_synced:
        return book
    builtin = make_builtin_price_book()
    # The org's custom models come after the built-in rows, so they win where both price a model.
    return PriceBook(
        [*builtin.rows, *book.rows], source=f"{BUILTIN_PRICES} (no synced catalog: run `netra catalog sync`)"
    )


def fetch_org_price_book_or_builtin(engine: Engine, org_slug: str) -> PriceBook:
    """fetch_org_price_book on a short session; the built-in table, saying why, when the app database cannot give it."""
    from netra_core.db.migrate import fetch_app_db_revision, head_revision

    try:
        if fetch_app_db_revision(engine) != head_revision(engine):
            reason = "the app database is not migrated: run `netra db upgrade`"
        else:
            with Session(engine) as session:
                return fetch_org_price_book(session, org_slug)
    except (SQLAlchemyError, NetraError) as exc:
        reason = f"the app database could not be read: {type(exc).__name__}"
    log.warning("pricing with the built-in table", extra={"org": org_slug, "reason": reason})
    return PriceBook(make_builtin_price_book().rows, source=f"{BUILTIN_PRICES} ({reason})")
