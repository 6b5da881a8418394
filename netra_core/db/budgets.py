"""Budgets and their alerts in the app database. Callers own the transaction: nothing here commits.

A budget limits the spend of an org, or of one of its workloads, users or API keys (by key prefix), per UTC
day, week or month. Alerts are saved once per `dedupe_key` and org (a unique constraint), so the same alert is
never raised twice, even by two processes at once. Webhook URLs are treated as secrets: `redact_url` is what
logs and listings show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from netra_core.db.models import ALERT_KINDS, BUDGET_PERIODS, BUDGET_SCOPES, Budget, BudgetAlert, Org
from netra_core.db.orgs import fetch_org
from netra_core.db.types import utcnow
from netra_core.errors import NotFoundError, ValidationError

_SCOPE_VALUE_NAMES = {"workload": "the workload name", "user": "the user id", "key": "the API key prefix"}


@dataclass(frozen=True)
class BudgetInfo:
    """A budget as callers see it (the webhook URL included: show `webhook_display`, never the URL)."""

    id: int
    org_slug: str
    name: str
    scope: str
    scope_value: str
    period: str
    soft_limit_usd: float | None
    hard_limit_usd: float | None
    webhook_url: str | None
    is_enabled: bool
    created_at: datetime

    @property
    def label(self) -> str:
        """How messages name the budget: its name, else what it covers."""
        return self.name or self.covers

    @property
    def described(self) -> str:
        """The budget in a sentence: "'support bot' (workload 'support', monthly)", or "on the whole org, daily"."""
        return f"{self.name!r} ({self.covers})" if self.name else f"on {self.covers}"

    @property
    def covers(self) -> str:
        """What the budget covers and per what, e.g. "workload 'support', monthly"."""
        what = "the whole org" if self.scope == "org" else f"{self.scope} {self.scope_value!r}"
        return f"{what}, {self.period}"

    @property
    def webhook_display(self) -> str:
        """The webhook without its secret path."""
        return redact_url(self.webhook_url) if self.webhook_url else ""


@dataclass(frozen=True)
class AlertInfo:
    """A saved alert."""

    id: int
    org_slug: str
    budget_id: int | None
    kind: str
    dedupe_key: str
    window_start: datetime | None
    message: str
    payload: dict[str, Any]
    created_at: datetime
    delivered_at: datetime | None
    delivery_error: str | None


@dataclass(frozen=True)
class PendingDelivery:
    """An alert not yet delivered to its budget's webhook."""

    alert_id: int
    org_slug: str
    webhook_url: str
    payload: dict[str, Any]


def redact_url(url: str) -> str:
    """scheme://host/… — incoming-webhook URLs carry their secret in the path."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or '?'}/…"


def check_webhook_url(url: str) -> str:
    """The URL stripped, or ValidationError: http(s), a host, at most 500 characters."""
    value = url.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in value):
        raise ValidationError("webhook: give an http(s) URL with a host (e.g. a Slack incoming-webhook URL)")
    if len(value) > 500:
        raise ValidationError(f"webhook: at most 500 characters (got {len(value)})")
    return value


def _info(row: Budget, org_slug: str) -> BudgetInfo:
    return BudgetInfo(
        id=row.id,
        org_slug=org_slug,
        name=row.name,
        scope=row.scope,
        scope_value=row.scope_value,
        period=row.period,
        soft_limit_usd=row.soft_limit_usd,
        hard_limit_usd=row.hard_limit_usd,
        webhook_url=row.webhook_url,
        is_enabled=row.is_enabled,
        created_at=row.created_at,
    )


def _check_limits(soft: float | None, hard: float | None) -> None:
    if soft is None and hard is None:
        raise ValidationError("limit: give a soft limit (alerts), a hard limit (refuses requests), or both")
    for field, value in (("soft", soft), ("hard", hard)):
        if value is not None and not value > 0:
            raise ValidationError(f"{field}: the limit must be a positive amount of USD (got {value})")
    if soft is not None and hard is not None and soft > hard:
        raise ValidationError(f"soft: the soft limit ${soft:,.2f} is above the hard limit ${hard:,.2f}")


def save_budget(
    session: Session,
    org_slug: str,
    *,
    scope: str,
    period: str,
    scope_value: str = "",
    soft_limit_usd: float | None = None,
    hard_limit_usd: float | None = None,
    webhook_url: str | None = None,
    name: str = "",
    created_by: str = "",
) -> BudgetInfo:
    """Create a budget; ValidationError naming the field when the input does not fit."""
    org = fetch_org(session, org_slug)
    if scope not in BUDGET_SCOPES:
        raise ValidationError(f"scope: {scope!r} is not one of {', '.join(BUDGET_SCOPES)}")
    if period not in BUDGET_PERIODS:
        raise ValidationError(f"period: {period!r} is not one of {', '.join(BUDGET_PERIODS)}")
    value = scope_value.strip()
    if scope == "org" and value:
        raise ValidationError("value: an org budget covers the whole org; give no value")
    if scope != "org" and not value:
        raise ValidationError(f"value: a {scope} budget needs {_SCOPE_VALUE_NAMES[scope]}")
    if len(value) > 200:
        raise ValidationError(f"value: at most 200 characters (got {len(value)})")
    if len(name.strip()) > 100:
        raise ValidationError("name: at most 100 characters")
    _check_limits(soft_limit_usd, hard_limit_usd)
    url = check_webhook_url(webhook_url) if webhook_url else None
    existing = session.scalar(
        select(Budget.id).where(
            Budget.org_id == org.id, Budget.scope == scope, Budget.scope_value == value, Budget.period == period
        )
    )
    if existing is not None:
        what = "the whole org" if scope == "org" else f"{scope} {value!r}"
        raise ValidationError(
            f"scope: org {org.slug!r} already has a {period} budget on {what} (budget {existing}); delete it first "
            f"(the Budgets page, or `netra budget rm {existing} --org {org.slug}`), or pick another period"
        )
    row = Budget(
        org_id=org.id,
        name=name.strip(),
        scope=scope,
        scope_value=value,
        period=period,
        soft_limit_usd=soft_limit_usd,
        hard_limit_usd=hard_limit_usd,
        webhook_url=url,
        is_enabled=True,
        created_by=created_by,
    )
    session.add(row)
    session.flush()
    return _info(row, org.slug)


def fetch_budgets(session: Session, org_slug: str) -> list[BudgetInfo]:
    """The org's budgets, oldest first."""
    org = fetch_org(session, org_slug)
    rows = session.scalars(select(Budget).where(Budget.org_id == org.id).order_by(Budget.id))
    return [_info(r, org.slug) for r in rows]


def fetch_enabled_budgets(session: Session) -> list[BudgetInfo]:
    """Every org's enabled budgets (what the gateway enforces), by id."""
    rows = session.execute(
        select(Budget, Org.slug).join(Org, Org.id == Budget.org_id).where(Budget.is_enabled).order_by(Budget.id)
    )
    return [_info(budget, slug) for budget, slug in rows]


def delete_budget(session: Session, org_slug: str, budget_id: int) -> BudgetInfo:
    """Remove one of the org's budgets (its alerts go with it); a budget of another org is not found."""
    org = fetch_org(session, org_slug)
    row = session.scalar(select(Budget).where(Budget.id == budget_id, Budget.org_id == org.id))
    if row is None:
        raise NotFoundError(
            f"budget {budget_id} does not exist in org {org.slug!r} (see `netra budget list --org {org.slug}`)"
        )
    info = _info(row, org.slug)
    session.delete(row)
    session.flush()
    return info


def save_alert(
    session: Session,
    org_slug: str,
    *,
    kind: str,
    dedupe_key: str,
    message: str,
    payload: dict[str, Any],
    budget_id: int | None = None,
    window_start: datetime | None = None,
) -> int | None:
    """Save an alert and return its id, or None when the org already has one with this dedupe key."""
    if kind not in ALERT_KINDS:
        raise ValidationError(f"kind: {kind!r} is not one of {', '.join(ALERT_KINDS)}")
    org = fetch_org(session, org_slug)
    if session.scalar(select(BudgetAlert.id).where(BudgetAlert.org_id == org.id, BudgetAlert.dedupe_key == dedupe_key)):
        return None
    row = BudgetAlert(
        org_id=org.id,
        budget_id=budget_id,
        kind=kind,
        dedupe_key=dedupe_key,
        window_start=window_start,
        message=message,
        payload=payload,
    )
    try:
        # A savepoint: another process saving the same alert first must not poison the caller's transaction.
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return None
    return row.id


def fetch_alerts(session: Session, org_slug: str, limit: int = 100) -> list[AlertInfo]:
    """The org's alerts, newest first."""
    org = fetch_org(session, org_slug)
    rows = session.scalars(
        select(BudgetAlert)
        .where(BudgetAlert.org_id == org.id)
        .order_by(BudgetAlert.created_at.desc(), BudgetAlert.id.desc())
        .limit(limit)
    )
    return [_alert_info(r, org.slug) for r in rows]


def fetch_alert_summary(session: Session, org_slug: str, since: datetime) -> tuple[int, AlertInfo | None]:
    """How many alerts the org has raised since `since`, and the newest of them: one query (the Overview's notice)."""
    row = session.execute(
        select(BudgetAlert, func.count().over())
        .join(Org, Org.id == BudgetAlert.org_id)
        .where(Org.slug == org_slug, BudgetAlert.created_at >= since)
        .order_by(BudgetAlert.created_at.desc(), BudgetAlert.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return 0, None
    return int(row[1]), _alert_info(row[0], org_slug)


def _alert_info(r: BudgetAlert, org_slug: str) -> AlertInfo:
    return AlertInfo(
        id=r.id,
        org_slug=org_slug,
        budget_id=r.budget_id,
        kind=r.kind,
        dedupe_key=r.dedupe_key,
        window_start=r.window_start,
        message=r.message,
        payload=dict(r.payload or {}),
        created_at=r.created_at,
        delivered_at=r.delivered_at,
        delivery_error=r.delivery_error,
    )


def fetch_pending_deliveries(session: Session, since: datetime, limit: int = 100) -> list[PendingDelivery]:
    """Alerts created since `since`, not delivered yet, whose budget has a webhook (every org), oldest first."""
    rows = session.execute(
        select(BudgetAlert.id, Org.slug, Budget.webhook_url, BudgetAlert.payload)
        .join(Budget, Budget.id == BudgetAlert.budget_id)
        .join(Org, Org.id == BudgetAlert.org_id)
        .where(
            BudgetAlert.delivered_at.is_(None),
            Budget.webhook_url.is_not(None),
            Budget.org_id == BudgetAlert.org_id,
            BudgetAlert.created_at >= since,
        )
        .order_by(BudgetAlert.id)
        .limit(limit)
    )
    return [PendingDelivery(int(i), str(slug), str(url), dict(payload or {})) for i, slug, url, payload in rows]


def save_delivery_result(session: Session, alert_id: int, error: str | None, at: datetime | None = None) -> None:
    """Record a delivery: delivered (error None) or the error of the failed attempt, kept for the next retry."""
    row = session.get(BudgetAlert, alert_id)
    if row is None:
        return
    if error is None:
        row.delivered_at, row.delivery_error = at or utcnow(), None
    else:
        row.delivery_error = error[:1000]
    session.flush()
