"""The report tool: render a report notebook (papermill -> HTML) for the signed-in user's org and record the run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import Field

from netra_core.agents.tools import Tool, ToolArgs, ToolContext, ToolResult
from netra_core.config import Settings, get_settings
from netra_core.errors import ConfigError, NotFoundError, ToolArgumentsError
from netra_core.roles import Role
from netra_core.workloads.store import WorkloadStore

AGENT = "reporting"
DEFAULT_REPORT = "weekly_cost_report"
HEADLINE_METRICS = ("spend_usd", "requests", "latency_p95_ms", "error_rate", "mean_quality")
# The notebook runs in its own kernel (papermill), a cell may take minutes on a large store.
REPORT_TIMEOUT_S = 600.0


class RunReportArgs(ToolArgs):
    report: str = Field(default=DEFAULT_REPORT, min_length=1, max_length=100, description="Report notebook name")
    days: int = Field(default=7, ge=1, le=90, description="Report period: the N days before `end`")
    end: datetime | None = Field(default=None, description="Period end (UTC, exclusive); default now")


def check_report_store(store: WorkloadStore, settings: Settings) -> None:
    """The notebook opens the store its settings name; refuse when that is not this run's store."""
    from netra_core.stores import make_store

    notebook_store = make_store(settings)
    if notebook_store.target != store.target:
        raise ConfigError(
            f"the report notebook reads {notebook_store.describe()} (from the NETRA_* settings) but this run uses "
            f"{store.describe()}; point NETRA_WORKLOAD_STORE_URL at the same store"
        )


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def run_report(ctx: ToolContext, args: RunReportArgs) -> ToolResult:
    """Render the report for the org over the period, record the run, return where it is and its key figures."""
    from netra_core.analytics.filters import EventFilter
    from netra_core.analytics.kpis import fetch_kpis, kpis_as_dict
    from netra_core.reports.runner import report_path
    from netra_core.reports.service import fetch_report_references, run_and_record

    if ctx.session_factory is None or ctx.store is None:
        raise ToolArgumentsError("run_report needs the app database and the workload store; this run has neither")
    try:
        report_path(args.report)
    except NotFoundError as exc:
        raise ToolArgumentsError(f"report: {exc}") from exc
    # The notebook's kernel reads the same settings (environment, .env) to open the store.
    settings = get_settings()
    check_report_store(ctx.store, settings)
    end = _utc(args.end or ctx.now)
    start = end - timedelta(days=args.days)
    # Where the Reports page and `netra report run` put them.
    out_dir = (settings.data_dir / "reports" / ctx.auth.org_slug).resolve()
    ctx.check_cancelled()
    # The period is passed explicitly so the notebook and this run's other tools cover the same days.
    outcome = run_and_record(
        ctx.session_factory,
        report=args.report,
        org_slug=ctx.auth.org_slug,
        out_dir=out_dir,
        params={"period_end": end.isoformat(), "period_days": args.days},
        user_id=ctx.auth.user_pk,
    )
    data: dict[str, Any] = {
        "report": args.report,
        "run_id": outcome.run_id,
        "status": outcome.status,
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "period_days": args.days,
    }
    if outcome.status != "succeeded" or outcome.html_path is None:
        data["error"] = outcome.error
        return ToolResult(data=data)
    data["html_path"] = str(outcome.html_path)
    with ctx.session_factory() as session:
        refs = fetch_report_references(session, ctx.auth.org_slug)
        data["reference"] = next((r.name for r in refs if r.payload.get("run_id") == outcome.run_id), None)
    # The report's key figures are fetch_kpis over its period, the same call its notebook makes.
    since = len(ctx.sql_log)
    with ctx.workload_client() as client:
        kpis = kpis_as_dict(fetch_kpis(client, EventFilter(ctx.auth.org_slug, start=start, end=end)))
    data["headline"] = {k: kpis[k] for k in HEADLINE_METRICS if k in kpis}
    return ToolResult(data=data, sql=[r.as_dict() for r in ctx.sql_log[since:]])


def make_report_tools() -> list[Tool]:
    """The reporting sub-agent's tool: analysts and admins run reports (as on the Reports page); viewers read them."""
    return [
        Tool(
            "run_report",
            "Render a notebook report (default the weekly cost report) to HTML for the last `days`, and record it.",
            RunReportArgs,
            run_report,
            AGENT,
            min_role=Role.ANALYST,
            changes_data=True,
            timeout_s=REPORT_TIMEOUT_S,
        ),
    ]
