"""`netra budget add|list|rm|alerts|check`: spend limits per org, workload, user or API key (run by an admin)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from netra_core.config import Settings


@contextmanager
def _transaction() -> Iterator[tuple[Settings, Session]]:
    from netra_core.config import get_settings
    from netra_core.db.engine import make_session_factory
    from netra_core.logs import configure_logging
    from netra_core.stores import make_app_engine

    settings = get_settings()
    configure_logging(settings.log_level, as_json=settings.log_json)
    engine = make_app_engine(settings)
    try:
        with make_session_factory(engine).begin() as session:
            yield settings, session
    finally:
        engine.dispose()


def _money(value: float | None) -> str:
    return "-" if value is None else f"${value:,.2f}"


@click.group("budget")
def budget() -> None:
    """Budgets: soft limits alert (webhook and app), hard limits make the gateway refuse with 429 until the window resets."""


@budget.command("add")
@click.option("--org", "org_slug", required=True)
@click.option("--scope", type=click.Choice(["org", "workload", "user", "key"]), required=True)
@click.option("--value", default="", help="The workload name, user id or API key prefix (none for --scope org).")
@click.option("--period", type=click.Choice(["daily", "weekly", "monthly"]), required=True, help="UTC windows.")
@click.option("--soft", type=float, default=None, help="USD: alert when reached.")
@click.option("--hard", type=float, default=None, help="USD: refuse requests that could pass it.")
@click.option("--webhook", default=None, help="Slack-compatible incoming-webhook URL for the alerts.")
@click.option("--name", default="", help="How alerts name the budget.")
@click.option("--json", "as_json", is_flag=True)
def budget_add(
    org_slug: str,
    scope: str,
    value: str,
    period: str,
    soft: float | None,
    hard: float | None,
    webhook: str | None,
    name: str,
    as_json: bool,
) -> None:
    """Add a budget (at least one of --soft and --hard)."""
    from netra_core.db.budgets import save_budget

    with _transaction() as (_, session):
        created = save_budget(
            session,
            org_slug,
            scope=scope,
            scope_value=value,
            period=period,
            soft_limit_usd=soft,
            hard_limit_usd=hard,
            webhook_url=webhook,
            name=name,
            created_by="cli",
        )
    if as_json:
        click.echo(json.dumps({"id": created.id, "org": created.org_slug, "covers": created.covers}))
        return
    limits = f"soft {_money(soft)}, hard {_money(hard)}"
    click.echo(f"budget {created.id} of org {created.org_slug} on {created.covers}: {limits}")


@budget.command("list")
@click.option("--org", "org_slug", required=True)
@click.option("--json", "as_json", is_flag=True)
def budget_list(org_slug: str, as_json: bool) -> None:
    """The org's budgets with their spend in the current window, share used and run-out forecast."""
    from netra_core.db.budgets import fetch_budgets
    from netra_core.db.types import utcnow
    from netra_core.gateway.budgets import fetch_budget_statuses
    from netra_core.stores import make_store

    with _transaction() as (settings, session):
        budgets = fetch_budgets(session, org_slug)
    statuses = []
    if budgets:
        with make_store(settings).session() as client:
            statuses = fetch_budget_statuses(client, budgets, utcnow())
    if as_json:
        click.echo(json.dumps([s.as_dict() for s in statuses], indent=2))
        return
    if not statuses:
        click.echo(
            f"org {org_slug} has no budgets; add one with `netra budget add --org {org_slug} --scope org "
            "--period monthly --hard USD`"
        )
    for s in statuses:
        b = s.budget
        runs_out = f"runs out {s.runs_out_at:%Y-%m-%d %H:%M}" if s.runs_out_at else ""
        off = "" if b.is_enabled else " (disabled)"
        click.echo(
            f"{b.id:<5} {b.label[:32]:<32} soft {_money(b.soft_limit_usd):>10} hard {_money(b.hard_limit_usd):>10}"
            f"  spent {_money(s.spent_usd):>10} {s.share_used:>6.0%} {s.state:<4} {runs_out}{off}"
        )


@budget.command("rm")
@click.argument("budget_id", type=int)
@click.option("--org", "org_slug", required=True)
def budget_rm(budget_id: int, org_slug: str) -> None:
    """Remove a budget (and its alerts)."""
    from netra_core.db.budgets import delete_budget

    with _transaction() as (_, session):
        removed = delete_budget(session, org_slug, budget_id)
    click.echo(f"budget {removed.id} ({removed.label}) of org {removed.org_slug} is removed")


@budget.command("alerts")
@click.option("--org", "org_slug", required=True)
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def budget_alerts(org_slug: str, limit: int, as_json: bool) -> None:
    """The org's alerts, newest first, and whether each reached its webhook."""
    from netra_core.db.budgets import fetch_alerts

    with _transaction() as (_, session):
        alerts = fetch_alerts(session, org_slug, limit)
    if as_json:
        rows = [{k: v for k, v in vars(a).items() if k != "payload"} for a in alerts]
        click.echo(json.dumps(rows, default=str, indent=2))
        return
    if not alerts:
        click.echo(f"org {org_slug} has no alerts")
    for a in alerts:
        sent = "delivered" if a.delivered_at else ("failed: " + a.delivery_error if a.delivery_error else "not sent")
        click.echo(f"{a.created_at:%Y-%m-%d %H:%M} {a.kind:<13} {a.message} [{sent}]")


@budget.command("check")
@click.option("--org", "org_slug", required=True)
def budget_check(org_slug: str) -> None:
    """Raise and deliver the org's alerts now from the store's spend (for cron, when no gateway runs)."""
    from netra_core.db.budgets import fetch_budgets
    from netra_core.db.engine import make_session_factory
    from netra_core.db.types import utcnow
    from netra_core.gateway.alerts import AlertMonitor
    from netra_core.gateway.budgets import fetch_budget_statuses
    from netra_core.stores import make_app_engine, make_store

    with _transaction() as (settings, session):
        budgets = [b for b in fetch_budgets(session, org_slug) if b.is_enabled]
    store = make_store(settings)
    with store.session() as client:
        statuses = fetch_budget_statuses(client, budgets, utcnow())
    engine = make_app_engine(settings)
    try:
        saved = AlertMonitor(make_session_factory(engine).begin, store).check(statuses)
    finally:
        engine.dispose()
    click.echo(f"org {org_slug}: {len(statuses)} budget(s) checked, {saved} new alert(s)")


COMMANDS = [budget]
