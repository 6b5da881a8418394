"""Saved reconciliations of an org's bills. Callers own the transaction: nothing here commits."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from netra_core.db.models import BillReconciliation
from netra_core.db.orgs import fetch_org
from netra_core.exports.reconcile import Reconciliation

MAX_ROWS = 5_000  # per-day-and-model rows kept per reconciliation (a year of 13 models)


@dataclass(frozen=True)
class SavedReconciliation:
    """A bill compared with what Netra recorded, as saved."""

    id: int
    org_slug: str
    file_name: str
    providers: tuple[str, ...]
    first_day: date
    last_day: date
    invoice_usd: float
    netra_usd: float
    coverage: float
    rows: list[dict[str, Any]]
    created_by: str
    created_at: datetime

    def summary(self) -> str:
        """One line: what was compared and the coverage."""
        return (
            f"Netra saw {self.coverage:.1%} of the {', '.join(self.providers)} bill for {self.first_day:%Y-%m-%d} to "
            f"{self.last_day:%Y-%m-%d} (${self.netra_usd:,.2f} recorded against ${self.invoice_usd:,.2f} billed; "
            f"{self.file_name}, reconciled {self.created_at:%Y-%m-%d})"
        )


def _saved(row: BillReconciliation, org_slug: str) -> SavedReconciliation:
    return SavedReconciliation(
        id=row.id,
        org_slug=org_slug,
        file_name=row.file_name,
        providers=tuple(p for p in row.providers.split(",") if p),
        first_day=row.first_day.date(),
        last_day=row.last_day.date(),
        invoice_usd=row.invoice_usd,
        netra_usd=row.netra_usd,
        coverage=row.coverage,
        rows=list(row.rows or []),
        created_by=row.created_by,
        created_at=row.created_at,
    )


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def save_reconciliation(
    session: Session, org_slug: str, result: Reconciliation, *, file_name: str, actor: str = ""
) -> SavedReconciliation:
    """Keep a reconciliation's totals and rows for the org."""
    org = fetch_org(session, org_slug)
    days = list(result.rows["day"])
    rows = [{k: _json_value(v) for k, v in r.items()} for r in result.rows.head(MAX_ROWS).to_dict(orient="records")]
    row = BillReconciliation(
        org_id=org.id,
        file_name=file_name[:255],
        providers=",".join(sorted(set(result.rows["provider"])))[:200],
        first_day=datetime.combine(min(days), time(), UTC),
        last_day=datetime.combine(max(days), time(), UTC),
        invoice_usd=result.invoice_usd,
        netra_usd=result.netra_usd,
        coverage=result.coverage,
        rows=rows,
        created_by=actor,
    )
    session.add(row)
    session.flush()
    return _saved(row, org_slug)


def fetch_reconciliations(session: Session, org_slug: str, limit: int = 20) -> list[SavedReconciliation]:
    """The org's reconciliations, newest first."""
    org = fetch_org(session, org_slug)
    rows = session.scalars(
        select(BillReconciliation)
        .where(BillReconciliation.org_id == org.id)
        .order_by(BillReconciliation.created_at.desc(), BillReconciliation.id.desc())
        .limit(limit)
    ).all()
    return [_saved(r, org_slug) for r in rows]


def fetch_latest_reconciliation(
    session: Session, org_slug: str, since: datetime | None = None
) -> SavedReconciliation | None:
    """The org's newest reconciliation (made at or after `since`, when given), or None."""
    org = fetch_org(session, org_slug)
    stmt = select(BillReconciliation).where(BillReconciliation.org_id == org.id)
    if since is not None:
        stmt = stmt.where(BillReconciliation.created_at >= since)
    row = session.scalars(
        stmt.order_by(BillReconciliation.created_at.desc(), BillReconciliation.id.desc()).limit(1)
    ).first()
    return None if row is None else _saved(row, org_slug)
