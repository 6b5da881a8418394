"""Report schedules in the app database (cron in UTC). Callers own the transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from croniter import croniter
from sqlalchemy import select
from sqlalchemy.orm import Session

from netra_core.db.models import Org, ReportSchedule
from netra_core.db.orgs import fetch_org
from netra_core.errors import NotFoundError, ValidationError


def compute_next_run(cron: str, after: datetime) -> datetime:
    """The first time strictly after `after` that the cron expression names (UTC)."""
    if not croniter.is_valid(cron):
        raise ValidationError(f'cron: {cron!r} is not a cron expression (five fields, e.g. "0 7 * * MON")')
    nxt: datetime = croniter(cron, after).get_next(datetime)
    return nxt


def save_schedule(
    session: Session,
    *,
    org_slug: str,
    report: str,
    cron: str,
    now: datetime,
    params: dict[str, Any] | None = None,
    actor: str = "",
) -> ReportSchedule:
    """Add a schedule; its first run is the cron's next time after `now`."""
    org = fetch_org(session, org_slug)
    if (
        session.scalar(
            select(ReportSchedule.id).where(
                ReportSchedule.org_id == org.id, ReportSchedule.report == report, ReportSchedule.cron == cron
            )
        )
        is not None
    ):
        raise ValidationError(f"schedule: {report} already runs on {cron!r} for org {org_slug}")
    schedule = ReportSchedule(
        org_id=org.id,
        report=report,
        cron=cron,
        params=params or {},
        created_by=actor,
        next_run_at=compute_next_run(cron, now),
    )
    session.add(schedule)
    session.flush()
    return schedule


def fetch_schedules(session: Session, org_slug: str | None = None) -> list[tuple[ReportSchedule, str]]:
    """Schedules (with their org's slug), optionally of one org."""
    stmt = select(ReportSchedule, Org.slug).join(Org, Org.id == ReportSchedule.org_id).order_by(ReportSchedule.id)
    if org_slug is not None:
        stmt = stmt.where(Org.slug == org_slug)
    return [(s, slug) for s, slug in session.execute(stmt).all()]


def fetch_due_schedules(session: Session, now: datetime) -> list[tuple[ReportSchedule, str]]:
    """Enabled schedules whose next run is at or before `now`."""
    stmt = (
        select(ReportSchedule, Org.slug)
        .join(Org, Org.id == ReportSchedule.org_id)
        .where(ReportSchedule.is_enabled.is_(True), ReportSchedule.next_run_at <= now)
        .order_by(ReportSchedule.next_run_at)
    )
    return [(s, slug) for s, slug in session.execute(stmt).all()]


def record_schedule_run(session: Session, schedule: ReportSchedule, *, ran_at: datetime, status: str) -> None:
    """Stamp the run and move next_run_at past `ran_at` (missed runs are not replayed one by one)."""
    schedule.last_run_at = ran_at
    schedule.last_status = status
    schedule.next_run_at = compute_next_run(schedule.cron, ran_at)


def delete_schedule(session: Session, schedule_id: int, org_slug: str | None = None) -> None:
    """Remove a schedule (only within the org when one is given)."""
    schedule = session.get(ReportSchedule, schedule_id)
    if schedule is None or (org_slug is not None and fetch_org(session, org_slug).id != schedule.org_id):
        raise NotFoundError(f"schedule {schedule_id} does not exist")
    session.delete(schedule)
