"""`netra report ...` and `netra scheduler`: render report notebooks now or on a schedule."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import click
from sqlalchemy.orm import Session, sessionmaker


def _sessions() -> tuple[sessionmaker[Session], Path]:
    from netra_core.config import get_settings
    from netra_core.db.engine import make_session_factory
    from netra_core.logs import configure_logging
    from netra_core.stores import make_app_engine

    settings = get_settings()
    configure_logging(settings.log_level, as_json=settings.log_json)
    return make_session_factory(make_app_engine(settings)), settings.data_dir / "reports"


@click.group("report")
def report() -> None:
    """Report notebooks: run one now, or schedule them."""


@report.command("list")
def report_list() -> None:
    """The report notebooks available."""
    from netra_core.reports.runner import list_reports

    for name in list_reports():
        click.echo(name)


@report.command("run")
@click.argument("name")
@click.option("--org", "org_slug", required=True)
@click.option("--period-days", type=int, default=7, show_default=True)
@click.option(
    "--period-end", default="", help="ISO time (UTC); default now, or just after the last event for old data."
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Directory for the HTML (default: <data dir>/reports/<org>).",
)
@click.option("--json", "as_json", is_flag=True)
def report_run(
    name: str, org_slug: str, period_days: int, period_end: str, out_dir: Path | None, as_json: bool
) -> None:
    """Render a report for an org now and record it (the app's Reports page lists it)."""
    from netra_core.errors import NetraError
    from netra_core.reports.runner import report_path
    from netra_core.reports.service import run_and_record

    report_path(name)
    sessions, root = _sessions()
    params = {"period_days": period_days, "period_end": period_end}
    outcome = run_and_record(
        sessions, report=name, org_slug=org_slug, out_dir=out_dir or root / org_slug, params=params
    )
    if as_json:
        click.echo(
            json.dumps(
                {
                    "run_id": outcome.run_id,
                    "status": outcome.status,
                    "html": str(outcome.html_path) if outcome.html_path else None,
                    "error": outcome.error,
                }
            )
        )
    if outcome.status != "succeeded":
        raise NetraError(outcome.error or "report failed")
    if not as_json:
        click.echo(f"wrote {outcome.html_path}")


@report.group("schedule")
def schedule() -> None:
    """Schedules (cron, UTC) run by `netra scheduler`."""


@schedule.command("add")
@click.argument("name")
@click.option("--org", "org_slug", required=True)
@click.option("--cron", required=True, help='Five-field cron in UTC, e.g. "0 7 * * MON".')
@click.option("--period-days", type=int, default=7, show_default=True)
def schedule_add(name: str, org_slug: str, cron: str, period_days: int) -> None:
    """Render NAME for ORG on a cron schedule."""
    from netra_core.db.schedules import save_schedule
    from netra_core.reports.runner import report_path

    report_path(name)
    sessions, _ = _sessions()
    with sessions.begin() as s:
        sched = save_schedule(
            s,
            org_slug=org_slug,
            report=name,
            cron=cron,
            now=datetime.now(UTC),
            params={"period_days": period_days},
            actor="cli",
        )
        click.echo(
            f"schedule {sched.id}: {name} for {org_slug} on {cron!r}; next run {sched.next_run_at:%Y-%m-%d %H:%M} UTC"
        )


@schedule.command("list")
@click.option("--org", "org_slug", default=None)
@click.option("--json", "as_json", is_flag=True)
def schedule_list(org_slug: str | None, as_json: bool) -> None:
    """The schedules and when each runs next."""
    from netra_core.db.schedules import fetch_schedules

    sessions, _ = _sessions()
    with sessions() as s:
        rows = [
            {
                "id": sc.id,
                "org": slug,
                "report": sc.report,
                "cron": sc.cron,
                "next_run_at": sc.next_run_at.isoformat(),
                "last_run_at": sc.last_run_at.isoformat() if sc.last_run_at else None,
                "last_status": sc.last_status,
            }
            for sc, slug in fetch_schedules(s, org_slug)
        ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for r in rows:
        click.echo(
            f"{r['id']:>4} {r['org']:<16} {r['report']:<24} {r['cron']:<16} next {r['next_run_at']}  last {r['last_status'] or '—'}"
        )


@schedule.command("remove")
@click.argument("schedule_id", type=int)
def schedule_remove(schedule_id: int) -> None:
    """Delete a schedule."""
    from netra_core.db.schedules import delete_schedule

    sessions, _ = _sessions()
    with sessions.begin() as s:
        delete_schedule(s, schedule_id)
    click.echo(f"schedule {schedule_id} removed")


@click.command("scheduler")
@click.option(
    "--once", is_flag=True, help="Run what is due now and exit (for cron: `* * * * * netra scheduler --once`)."
)
@click.option("--interval", type=float, default=30.0, show_default=True, help="Seconds between checks.")
def scheduler(once: bool, interval: float) -> None:
    """Run due report schedules, forever (or once). A failed report is recorded and the others still run."""
    from netra_core.reports.service import run_due_schedules

    sessions, root = _sessions()
    while True:
        for outcome in run_due_schedules(sessions, now=datetime.now(UTC), out_root=root):
            click.echo(f"run {outcome.run_id}: {outcome.status} {outcome.html_path or outcome.error}")
        if once:
            return
        time.sleep(interval)


COMMANDS = [report, scheduler]
