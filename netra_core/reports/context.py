"""What a report notebook calls to get its data with the same settings as the app."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pandas as pd

from netra_core.analytics.dimensions import fetch_time_bounds
from netra_core.config import Settings, get_settings
from netra_core.reports.weekly import WeeklyReport, fetch_weekly_report
from netra_core.stores import make_store

RECONCILIATION_DAYS = 45  # a monthly bill reconciled after the month stays in view until the next one


def resolve_period_end(last_event: datetime | None, period_end: str | None, now: datetime | None = None) -> datetime:
    """An explicit ISO end, else now, else (for historic data older than a day) just after the last event."""
    if period_end:
        end = pd.Timestamp(period_end)
        moment_end: datetime = (end.tz_localize("UTC") if end.tzinfo is None else end.tz_convert("UTC")).to_pydatetime()
        return moment_end
    moment = (now or datetime.now(UTC)).replace(second=0, microsecond=0)
    if last_event is not None:
        last = last_event if last_event.tzinfo else last_event.replace(tzinfo=UTC)
        if moment - last > timedelta(days=1):
            return (last + timedelta(minutes=1)).replace(second=0, microsecond=0)
    return moment


def load_weekly_report(
    org: str, period_end: str | None = None, period_days: int = 7, settings: Settings | None = None
) -> WeeklyReport:
    """Open the store (waiting for its turn), and read the weekly report's content for the org."""
    s = settings or get_settings()
    with make_store(s).session() as client:
        end = resolve_period_end(fetch_time_bounds(client, org)[1], period_end)
        report = fetch_weekly_report(client, org, end, days=period_days)
    return replace(report, reconciliation=load_reconciliation_note(org, s, end))


def load_reconciliation_note(org: str, settings: Settings, at: datetime) -> str:
    """The latest bill reconciled for the org in the RECONCILIATION_DAYS before `at`, as one line ('' if none)."""
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.orm import Session

    from netra_core.db.reconciliations import fetch_latest_reconciliation
    from netra_core.errors import NetraError
    from netra_core.stores import make_app_engine

    engine = make_app_engine(settings)
    try:
        with Session(engine) as session:
            latest = fetch_latest_reconciliation(session, org, since=at - timedelta(days=RECONCILIATION_DAYS))
    except (SQLAlchemyError, NetraError):  # no app database, or an org it does not know: nothing to say
        return ""
    finally:
        engine.dispose()
    return "" if latest is None else f"Bill reconciliation: {latest.summary()}."
