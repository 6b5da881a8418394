"""Run a report and record it (a run and a `report` reference the app lists); run due schedules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from netra_core.db.models import Reference
from netra_core.db.orgs import fetch_org
from netra_core.db.references import fetch_report_references as fetch_org_report_references
from netra_core.db.references import save_report_reference
from netra_core.db.runs import Owner, add_run_step, fetch_run, save_run, set_run_finished, set_run_running
from netra_core.db.schedules import fetch_due_schedules, record_schedule_run
from netra_core.errors import NetraError
from netra_core.logs import get_logger
from netra_core.reports.runner import RenderedReport, render_report

log = get_logger("netra.reports")
Renderer = Callable[[str, str, Path, dict[str, Any]], RenderedReport]


@dataclass(frozen=True)
class ReportOutcome:
    """One report run: its run id, and the reference (or the error)."""

    run_id: int
    status: str
    html_path: Path | None
    error: str | None


def run_and_record(
    sessions: sessionmaker[Session],
    *,
    report: str,
    org_slug: str,
    out_dir: Path,
    params: dict[str, Any] | None = None,
    user_id: int | None = None,
    renderer: Renderer | None = None,
) -> ReportOutcome:
    """Render a report for an org; the run is recorded as succeeded (with a reference to the HTML) or failed."""
    render = renderer or (lambda name, org, out, p: render_report(name, org, out, p))
    with sessions.begin() as s:
        owner = Owner(org_pk=fetch_org(s, org_slug).id, org_slug=org_slug, user_pk=user_id)
        run = save_run(s, owner, None, kind="report")
        add_run_step(s, run, {"step": "render", "report": report, "params": params or {}})
        set_run_running(s, run)
        run_id = run.id
    try:
        rendered = render(report, org_slug, out_dir, params or {})
    except NetraError as exc:
        with sessions.begin() as s:
            set_run_finished(s, fetch_run(s, owner, run_id), error=str(exc))
        log.warning("report failed", extra={"report": report, "org": org_slug, "error": str(exc)})
        return ReportOutcome(run_id=run_id, status="failed", html_path=None, error=str(exc))
    with sessions.begin() as s:
        set_run_finished(s, fetch_run(s, owner, run_id), usage={"seconds": round(rendered.seconds, 2)})
        save_report_reference(
            s,
            owner,
            name=rendered.html_path.stem,
            description=f"{report} rendered {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            payload={"report": report, "html_path": str(rendered.html_path), "run_id": run_id, "params": params or {}},
        )
    return ReportOutcome(run_id=run_id, status="succeeded", html_path=rendered.html_path, error=None)


def run_due_schedules(
    sessions: sessionmaker[Session], *, now: datetime, out_root: Path, renderer: Renderer | None = None
) -> list[ReportOutcome]:
    """Run every schedule due at `now`; one failure is recorded and does not stop the others."""
    with sessions() as s:
        due = [(sched.id, sched.report, slug, dict(sched.params)) for sched, slug in fetch_due_schedules(s, now)]
    outcomes = []
    for schedule_id, report, slug, params in due:
        outcome = run_and_record(
            sessions, report=report, org_slug=slug, out_dir=out_root / slug, params=params, renderer=renderer
        )
        with sessions.begin() as s:
            from netra_core.db.models import ReportSchedule

            sched = s.get(ReportSchedule, schedule_id)
            if sched is not None:
                record_schedule_run(s, sched, ran_at=now, status=outcome.status)
        outcomes.append(outcome)
    return outcomes


def fetch_report_references(session: Session, org_slug: str) -> list[Reference]:
    """The org's rendered reports, newest first."""
    return fetch_org_report_references(session, fetch_org(session, org_slug).id)
