"""Presentation for report notebooks: Markdown and Plotly figures from a WeeklyReport (no numbers computed here).

Every value that comes from the org's data (names, notes) goes through `escape_markdown`: nbconvert keeps HTML
in Markdown live, so a workload named like a tag would otherwise run in whoever opens the report.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from netra_core.markup import escape_markdown as md
from netra_core.reports.weekly import WeeklyReport

KPI_LABELS = {
    "spend_usd": ("Spend", "${:,.2f}"),
    "requests": ("Requests", "{:,.0f}"),
    "tokens": ("Tokens", "{:,.0f}"),
    "latency_p50_ms": ("p50 latency", "{:,.0f} ms"),
    "latency_p95_ms": ("p95 latency", "{:,.0f} ms"),
    "latency_p99_ms": ("p99 latency", "{:,.0f} ms"),
    "error_rate": ("Error rate", "{:.2%}"),
    "mean_quality": ("Mean quality", "{:.3f}"),
    "cost_per_1k_requests": ("Cost per 1k requests", "${:,.2f}"),
}


def _fmt(fmt: str, value: float) -> str:
    return "—" if value is None or (isinstance(value, float) and math.isnan(value)) else fmt.format(value)


def title_md(report: WeeklyReport) -> str:
    """The report's heading."""
    return (
        f"# Weekly cost report — {md(report.org_id)}\n\n"
        f"{report.start:%Y-%m-%d %H:%M} to {report.end:%Y-%m-%d %H:%M} UTC, compared with the same length of time before."
    )


def kpi_table_md(report: WeeklyReport) -> str:
    """KPIs with the previous period and the change, as a Markdown table."""
    lines = ["| KPI | This period | Previous | Change |", "|---|---:|---:|---:|"]
    for row in report.kpis.itertuples(index=False):
        label, fmt = KPI_LABELS[str(row.metric)]
        change = "—" if pd.isna(row.change_pct) else f"{row.change_pct:+.1f} %"
        lines.append(f"| {label} | {_fmt(fmt, row.value)} | {_fmt(fmt, row.previous)} | {change} |")
    sources = report.cost_sources.describe() if report.cost_sources is not None else ""
    notes = [md(text) for text in (sources, report.reconciliation) if text]
    return "\n".join(lines) + "".join(f"\n\n{note}" for note in notes)


def spend_figure(frame: pd.DataFrame, by: str) -> go.Figure:
    """Daily spend stacked by model or workload."""
    fig = px.bar(
        frame,
        x="bucket",
        y="spend_usd",
        color=by,
        labels={"bucket": "", "spend_usd": "Spend (USD)"},
        title=f"Daily spend by {by}",
    )
    fig.update_layout(legend={"orientation": "h", "y": -0.2}, margin={"t": 40})
    return fig


def movers_md(movers: pd.DataFrame, key: str) -> str:
    """Top movers as a Markdown table."""
    if movers.empty:
        return f"No {key} spent anything in either period."
    lines = [f"| {key.title()} | Previous | This period | Change |", "|---|---:|---:|---:|"]
    for r in movers.itertuples(index=False):
        pct = "new" if pd.isna(r.change_pct) else f"{r.change_pct:+.1f} %"
        lines.append(f"| {md(getattr(r, key))} | ${r.previous:,.2f} | ${r.current:,.2f} | {r.change:+,.2f} ({pct}) |")
    return "\n".join(lines)


def anomalies_md(anomalies: pd.DataFrame) -> str:
    """Flagged days with the rule that flagged them."""
    if anomalies.empty:
        return (
            "No workload had a whole day far off its usual level (rule: robust z-score beyond ±3.5 against the "
            "days of the same kind, weekdays or weekend days, before the period; today's partial day is left out)."
        )
    lines = ["| Workload | Day | Spend | Usual | Rule |", "|---|---|---:|---:|---|"]
    for r in anomalies.itertuples(index=False):
        lines.append(f"| {md(r.workload)} | {r.day:%Y-%m-%d} | ${r.spend_usd:,.2f} | ${r.usual:,.2f} | {md(r.rule)} |")
    return "\n".join(lines)


def opportunities_md(opportunities: pd.DataFrame) -> str:
    """Savings opportunities, largest first."""
    if opportunities.empty:
        return "No cache or batch opportunity found in this period."
    lines = ["| Opportunity | Workload | Savings in this period | Why |", "|---|---|---:|---|"]
    for r in opportunities.head(10).itertuples(index=False):
        lines.append(f"| {md(r.kind)} | {md(r.workload)} | ${r.savings_usd:,.2f} | {md(r.note)} |")
    return "\n".join(lines)


def notes_md(notes: list[str]) -> str:
    """Data-quality notes as a bullet list."""
    return (
        "\n".join(f"- {md(n)}" for n in notes)
        if notes
        else "- Every event has a cost, a quality score and a prompt hash."
    )
