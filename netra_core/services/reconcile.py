"""Reconcile a provider's bill with what Netra recorded, and keep the result: one door for the CLI and the Data page.

The comparison itself is netra_core/exports/reconcile.py; the saved result (netra_core/db/reconciliations.py) is
what the Overview and the weekly report show as the bill's coverage.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from netra_core.config import Settings
from netra_core.db.orgs import fetch_org_or_none
from netra_core.db.reconciliations import SavedReconciliation, save_reconciliation
from netra_core.exports.reconcile import Reconciliation, read_invoice, reconcile
from netra_core.stores import make_app_engine, make_store


def reconcile_bill(
    settings: Settings, org_slug: str, path: Path, *, file_name: str | None = None, actor: str = "", save: bool = True
) -> tuple[Reconciliation, SavedReconciliation | None]:
    """Read the bill (refused naming file, line and field), compare it with the org's events, and keep the result.

    An org the app database does not know (events written before orgs were checked, or no app database) is
    compared, not saved.
    """
    engine = make_app_engine(settings)
    try:
        try:
            with Session(engine) as session:
                is_known = fetch_org_or_none(session, org_slug) is not None
        except SQLAlchemyError:  # no app database yet: compare, keep nothing
            is_known = False
        bill = read_invoice(path)
        store = make_store(settings)
        try:
            with store.session() as client:
                result = reconcile(client, org_slug, bill)
        finally:
            store.close()
        saved = None
        if save and is_known:
            with Session(engine) as session, session.begin():
                saved = save_reconciliation(session, org_slug, result, file_name=file_name or path.name, actor=actor)
        return result, saved
    finally:
        engine.dispose()
