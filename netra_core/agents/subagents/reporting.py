"""The reporting sub-agent: a written summary from the analysis tools, and the notebook report when asked to run it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from netra_core.agents.answers import AgentOutput, count, money, ms, pct
from netra_core.agents.dispatcher import Dispatcher
from netra_core.agents.subagents.analysis import compute_scope, run_analysis
from netra_core.agents.tools_reports import DEFAULT_REPORT
from netra_core.agents.triage import Plan, ToolCall
from netra_core.errors import PermissionDeniedError
from netra_core.markup import escape_markdown

AGENT = "reporting"
SUMMARY_ONLY = (
    'This is a written summary. Ask me to "run the weekly cost report" to render the full notebook '
    "report as HTML (analysts and admins)."
)
REPORT_DONE = "I ran the {report} notebook for {period} (run {run_id}).{where}"
# Where a reader opens it: the Reports page (view or download there); the file's name only, never a server path.
REPORT_LISTED = " Open it on the Reports page as `{reference}` (view it there or download the HTML)."
REPORT_FILE = " The HTML file is `{name}`, in the org's reports folder."
REPORT_FIGURES = "Its key figures: spend {spend} on {requests} requests, p95 latency {p95}, error rate {errors}."
REPORT_FAILED = (
    "The {report} notebook run {run_id} for {period} failed: {error}. The run is recorded with the error; "
    "the summary above does not depend on it."
)
REPORT_DENIED = (
    "I did not run the {report} notebook: {error}. Analysts and admins can run it here or on the Reports "
    "page; the summary above is what your role can get."
)
REPORT_SCOPE = "The notebook report covers all of the org's traffic; the summary above is for {scope} only."


def compute_period(data: dict[str, Any]) -> str:
    """The report's period as text ("2026-11-13 12:00 to 2026-11-20 12:00 UTC")."""
    start, end = datetime.fromisoformat(data["period_start"]), datetime.fromisoformat(data["period_end"])
    return f"{start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M} UTC"


def describe_report_run(data: dict[str, Any]) -> str:
    """Where the rendered report is and its key figures, or why the run failed."""
    values = {"report": escape_markdown(data["report"]), "run_id": data["run_id"], "period": compute_period(data)}
    if data["status"] != "succeeded":
        return REPORT_FAILED.format(**values, error=escape_markdown(data.get("error") or "unknown error"))
    where = (
        REPORT_LISTED.format(reference=escape_markdown(data["reference"]))
        if data.get("reference")
        else REPORT_FILE.format(name=escape_markdown(Path(data["html_path"]).name))
    )
    text = REPORT_DONE.format(**values, where=where)
    head = data.get("headline") or {}
    if head.get("requests", {}).get("value"):
        text += " " + REPORT_FIGURES.format(
            spend=money(head["spend_usd"]["value"]),
            requests=count(head["requests"]["value"]),
            p95=ms(head["latency_p95_ms"]["value"]),
            errors=pct(head["error_rate"]["value"]),
        )
    return text


def run_report_call(call: ToolCall, dispatcher: Dispatcher, plan: Plan, out: AgentOutput) -> None:
    """Run the notebook report; a role that may not run it gets the reason (the denial is on the run's steps)."""
    try:
        result = dispatcher.call(AGENT, call.tool, call.args)
    except PermissionDeniedError as exc:
        out.paragraphs.append(
            REPORT_DENIED.format(
                report=escape_markdown(call.args.get("report", DEFAULT_REPORT)), error=escape_markdown(exc)
            )
        )
        return
    out.paragraphs.append(describe_report_run(result.data))
    out.sql.extend(result.sql)
    scope = compute_scope(plan)
    if scope != "all traffic":
        out.paragraphs.append(REPORT_SCOPE.format(scope=scope))


def run_reporting(calls: list[ToolCall], dispatcher: Dispatcher, plan: Plan) -> AgentOutput:
    """Spend, top workloads, errors and latency as one written summary; then the notebook report if planned."""
    runs = [c for c in calls if c.tool == "run_report"]
    out = run_analysis([c for c in calls if c.tool != "run_report"], dispatcher, plan, agent=AGENT)
    out.paragraphs.insert(0, f"Summary for {plan.window_label}:")
    for call in runs:
        run_report_call(call, dispatcher, plan, out)
    if not runs:
        out.paragraphs.append(SUMMARY_ONLY)
    return out
