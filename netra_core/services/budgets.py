"""Budgets and their alerts: one function per use case, for the Budgets page and the Overview's notice (`netra
budget` calls netra_core/db/budgets.py directly: the same validation, in one place).

Who may do what (the page passes the signed-in user's role; `role` None is the operator's CLI): reading the org's
budgets and alerts is analyst work (the Budgets page is theirs, like Optimize); adding or deleting a budget
changes what the gateway refuses for the whole org, so it is an admin's. Every function is scoped to one org: a
budget of another org is not found. Webhook URLs never leave this module in clear: rows carry `redact_url`'s form.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd
from clickhouse_connect.driver.client import Client
from sqlalchemy.orm import Session, sessionmaker

from netra_core.analytics.budget_spend import fetch_budget_spend_series
from netra_core.analytics.dimensions import fetch_dimension_values, fetch_user_ids
from netra_core.db.budgets import (
    AlertInfo,
    BudgetInfo,
    delete_budget,
    fetch_alert_summary,
    fetch_alerts,
    fetch_budgets,
    redact_url,
    save_budget,
)
from netra_core.db.keys import fetch_api_keys
from netra_core.db.types import utcnow
from netra_core.errors import PermissionDeniedError
from netra_core.gateway.budgets import BudgetStatus, fetch_budget_statuses
from netra_core.roles import Role

OpenClient = Callable[[], AbstractContextManager[Client]]
READ_ROLE = Role.ANALYST
EDIT_ROLE = Role.ADMIN
RECENT_ALERTS = timedelta(days=7)


def is_allowed_to_edit(role: Role | str) -> bool:
    """Whether `role` may add or delete budgets."""
    return Role.parse(role).includes(EDIT_ROLE)


def _check_edit(role: Role | str | None, action: str) -> None:
    if role is not None and not is_allowed_to_edit(role):
        raise PermissionDeniedError(f"budget: your role ({role}) cannot {action} a budget; {EDIT_ROLE}s can")


@dataclass(frozen=True)
class ScopeChoices:
    """What a budget of each scope can cover in the org: its workloads and user ids seen in traffic, its API keys
    (prefix -> "nk_<prefix>_... name")."""

    workloads: list[str]
    users: list[str]
    keys: dict[str, str]


@dataclass(frozen=True)
class AlertRow:
    """An alert as listed: what, on which budget, and whether it reached the webhook (shown redacted)."""

    created_at: datetime
    kind: str
    budget: str
    message: str
    webhook: str
    delivery: str


@dataclass(frozen=True)
class AlertNotice:
    """The org's recent alerts in a line: how many in the last `days` days, and the newest."""

    count: int
    latest: AlertInfo | None
    days: int

    def describe(self) -> str:
        """'2 budget alerts in the last 7 days; latest (2026-12-09 14:05 UTC): ...' ('' when there are none)."""
        if self.latest is None:
            return ""
        noun = "alert" if self.count == 1 else "alerts"
        return (
            f"{self.count} budget {noun} in the last {self.days} days; latest "
            f"({self.latest.created_at:%Y-%m-%d %H:%M} UTC): {self.latest.message}"
        )


def fetch_statuses(
    sessions: sessionmaker[Session], open_client: OpenClient, org_slug: str, *, now: datetime | None = None
) -> list[BudgetStatus]:
    """The org's budgets, each with its spend this window as the store counts it (every source), share used, state,
    burn rate and run-out forecast: what `netra budget list` shows."""
    with sessions() as session:
        budgets = fetch_budgets(session, org_slug)
    if not budgets:
        return []
    with open_client() as client:
        return fetch_budget_statuses(client, budgets, now or utcnow())


def fetch_scope_choices(sessions: sessionmaker[Session], open_client: OpenClient, org_slug: str) -> ScopeChoices:
    """The org's known workloads, user ids and live API keys, for picking what a new budget covers."""
    with sessions() as session:
        keys = {
            k.prefix: f"{k.display} {k.name}".strip() for k in fetch_api_keys(session, org_slug, include_revoked=False)
        }
    with open_client() as client:
        workloads = fetch_dimension_values(client, org_slug)["workloads"]
        users = fetch_user_ids(client, org_slug)
    return ScopeChoices(workloads, users, keys)


def add_budget(
    sessions: sessionmaker[Session],
    org_slug: str,
    *,
    scope: str,
    period: str,
    scope_value: str = "",
    soft_limit_usd: float | None = None,
    hard_limit_usd: float | None = None,
    webhook_url: str | None = None,
    name: str = "",
    actor: str = "",
    role: Role | str | None = None,
) -> BudgetInfo:
    """Add a budget to the org; ValidationError naming the field when the input does not fit (as the CLI's)."""
    _check_edit(role, "add")
    with sessions.begin() as session:
        return save_budget(
            session,
            org_slug,
            scope=scope,
            period=period,
            scope_value=scope_value,
            soft_limit_usd=soft_limit_usd,
            hard_limit_usd=hard_limit_usd,
            webhook_url=(webhook_url or "").strip() or None,
            name=name,
            created_by=actor,
        )


def remove_budget(
    sessions: sessionmaker[Session], org_slug: str, budget_id: int, *, role: Role | str | None = None
) -> BudgetInfo:
    """Delete one of the org's budgets and its alerts (NotFoundError for another org's)."""
    _check_edit(role, "delete")
    with sessions.begin() as session:
        return delete_budget(session, org_slug, budget_id)


def _delivery(alert: AlertInfo, budget: BudgetInfo | None) -> str:
    if alert.delivered_at is not None:
        return f"delivered {alert.delivered_at:%Y-%m-%d %H:%M} UTC"
    if budget is None or not budget.webhook_url:
        return "in the app only (no webhook)"
    if alert.delivery_error:
        # Delivery errors are kept without the URL (gateway/alerts.py); redacted again in case a receiver echoed it.
        return "failed: " + alert.delivery_error.replace(budget.webhook_url, redact_url(budget.webhook_url))
    return "pending"


def fetch_alert_rows(sessions: sessionmaker[Session], org_slug: str, limit: int = 100) -> list[AlertRow]:
    """The org's alerts, newest first, with their budget and delivery (the webhook redacted)."""
    with sessions() as session:
        alerts = fetch_alerts(session, org_slug, limit)
        budgets = {b.id: b for b in fetch_budgets(session, org_slug)}
    rows = []
    for a in alerts:
        budget = budgets.get(a.budget_id) if a.budget_id is not None else None
        rows.append(
            AlertRow(
                a.created_at,
                a.kind,
                budget.label if budget else "—",
                a.message,
                budget.webhook_display if budget else "",
                _delivery(a, budget),
            )
        )
    return rows


def fetch_alert_notice(sessions: sessionmaker[Session], org_slug: str, *, now: datetime | None = None) -> AlertNotice:
    """The org's alerts raised in the last 7 days: their number and the newest (one small query)."""
    with sessions() as session:
        count, latest = fetch_alert_summary(session, org_slug, (now or utcnow()) - RECENT_ALERTS)
    return AlertNotice(count, latest, RECENT_ALERTS.days)


def compute_spend_grain(period: str) -> str:
    """The chart's bucket for a budget's window: hours for a day or a week, days for a month."""
    return "day" if period == "monthly" else "hour"


def fetch_spend_curve(open_client: OpenClient, status: BudgetStatus) -> pd.DataFrame:
    """The budget's spend in its current window so far, bucket by bucket: bucket, spend_usd and cumulative_usd
    (which ends at the status's spend when nothing was written since it was read)."""
    with open_client() as client:
        frame = fetch_budget_spend_series(
            client, status.budget, status.window_start, status.window_end, compute_spend_grain(status.budget.period)
        )
    frame["cumulative_usd"] = frame["spend_usd"].cumsum()
    return frame
