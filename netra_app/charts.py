"""Plotly figures with one look across the app; Streamlit's theme adapts them to light and dark mode."""

from __future__ import annotations

import hashlib
from datetime import datetime

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from netra_core.analytics.filters import choose_grain
from netra_core.gateway.budgets import BudgetStatus
from netra_core.services.budgets import compute_spend_grain

PALETTE = px.colors.qualitative.Safe + px.colors.qualitative.Vivid
_LAYOUT = {
    "margin": {"l": 8, "r": 8, "t": 36, "b": 8},
    "legend": {"orientation": "h", "y": -0.2},
    "hovermode": "x unified",
}


def color_map(values: pd.Series) -> dict[str, str]:
    """The same colour for the same name on every chart and page: a slot from the name's hash, the next free slot
    on a collision within the chart."""
    taken: dict[int, str] = {}
    out: dict[str, str] = {}
    for v in sorted(map(str, values.unique())):
        slot = int(hashlib.md5(v.encode()).hexdigest(), 16) % len(PALETTE)  # noqa: S324 - a colour, not security
        while slot in taken and len(taken) < len(PALETTE):
            slot = (slot + 1) % len(PALETTE)
        taken[slot] = v
        out[v] = PALETTE[slot]
    return out


def _style(fig: go.Figure, title: str) -> go.Figure:
    fig.update_layout(title={"text": title, "x": 0, "font": {"size": 15}}, **_LAYOUT)
    return fig


_GRAIN_STEP = {
    "minute": pd.Timedelta(minutes=1),
    "hour": pd.Timedelta(hours=1),
    "day": pd.Timedelta(days=1),
    "week": pd.Timedelta(days=7),
}


def _naive_utc(value: datetime | pd.Timestamp) -> pd.Timestamp:
    ts = pd.Timestamp(value)
    return ts.tz_convert("UTC").tz_localize(None) if ts.tzinfo is not None else ts


def compute_bucket_coverage(buckets: pd.Series, start: datetime, end: datetime, grain: str) -> pd.Series:
    """The share of each time bucket that lies inside the window [start, end): 1.0 for a whole bucket, less for the
    first and last ones when the window starts or ends inside them (a partial day is not a drop in traffic)."""
    begin, stop = _naive_utc(start), _naive_utc(end)
    out = []
    for value in buckets:
        b0 = _naive_utc(value)
        b1 = b0 + pd.DateOffset(months=1) if grain == "month" else b0 + _GRAIN_STEP[grain]
        inside = min(b1, stop) - max(b0, begin)
        out.append(max(inside / (b1 - b0), 0.0))
    return pd.Series(out, index=buckets.index, dtype=float)


def spend_over_time(frame: pd.DataFrame, by: str, window: tuple[datetime, datetime] | None = None) -> go.Figure:
    """Stacked bars of spend per time bucket, one colour per group. With the window, a bucket the window only partly
    covers (today so far, a first day cut at the window's start) is drawn faded and says so in its hover text."""
    fig = px.bar(
        frame,
        x="bucket",
        y="spend_usd",
        color=by,
        color_discrete_map=color_map(frame[by]),
        labels={"bucket": "", "spend_usd": "Spend (USD)", by: by.replace("_", " ")},
    )
    fig.update_traces(hovertemplate="%{fullData.name}: $%{y:,.2f}<extra></extra>")
    title = f"Spend over time by {by.replace('_', ' ')}"
    if window is not None and not frame.empty:
        grain = choose_grain(window[1] - window[0])
        for trace in fig.data:
            xs = pd.Series(trace.x)
            share = compute_bucket_coverage(xs, window[0], window[1], grain)
            trace.marker.opacity = [1.0 if s >= 0.999 else 0.45 for s in share]
            trace.customdata = [
                [f" (partial {grain}: {s:.0%} of it in the window)" if s < 0.999 else ""] for s in share
            ]
            trace.hovertemplate = "%{fullData.name}: $%{y:,.2f}%{customdata[0]}<extra></extra>"
        if (compute_bucket_coverage(frame["bucket"], window[0], window[1], grain) < 0.999).any():
            title += f" (faded: a partial {grain})"
    return _style(fig, title)


def latency_by_model(frame: pd.DataFrame) -> go.Figure:
    """p50/p95/p99 latency per model as grouped bars."""
    long = frame.melt(
        id_vars="model",
        value_vars=["latency_p50_ms", "latency_p95_ms", "latency_p99_ms"],
        var_name="percentile",
        value_name="ms",
    )
    long["percentile"] = long["percentile"].str.extract(r"(p\d+)")[0]
    fig = px.bar(
        long,
        x="model",
        y="ms",
        color="percentile",
        barmode="group",
        color_discrete_sequence=PALETTE,
        labels={"ms": "Latency (ms)", "model": ""},
    )
    fig.update_layout(hovermode="closest")
    return _style(fig, "Latency percentiles by model")


def error_breakdown(frame: pd.DataFrame) -> go.Figure:
    """Errors per model, stacked by error type."""
    fig = px.bar(
        frame,
        x="model",
        y="errors",
        color="error_type",
        color_discrete_sequence=PALETTE,
        labels={"model": "", "errors": "Errors"},
    )
    fig.update_layout(hovermode="closest")
    return _style(fig, "Errors by model and type")


def top_workloads(frame: pd.DataFrame) -> go.Figure:
    """Horizontal bars of spend per workload, largest on top."""
    ordered = frame.sort_values("spend_usd")
    fig = px.bar(
        ordered,
        x="spend_usd",
        y="workload",
        orientation="h",
        color_discrete_sequence=PALETTE,
        labels={"spend_usd": "Spend (USD)", "workload": ""},
        text=ordered["share"].map(lambda s: f"{s:.0%}"),
    )
    fig.update_layout(hovermode="closest")
    return _style(fig, "Top workloads by cost")


def bill_vs_recorded(rows: pd.DataFrame) -> go.Figure:
    """Per UTC day: what the bill charged beside what Netra recorded (reconcile's rows)."""
    daily = rows.groupby("day", as_index=False)[["invoice_usd", "netra_usd"]].sum()
    long = daily.melt(id_vars="day", var_name="side", value_name="usd")
    long["side"] = long["side"].map({"invoice_usd": "billed", "netra_usd": "recorded by Netra"})
    fig = px.bar(
        long,
        x="day",
        y="usd",
        color="side",
        barmode="group",
        color_discrete_sequence=PALETTE,
        labels={"day": "", "usd": "USD", "side": ""},
    )
    return _style(fig, "The bill against what Netra recorded, per day")


_WINDOW_NAMES = {"daily": "day", "weekly": "week", "monthly": "month"}


def budget_spend(curve: pd.DataFrame, status: BudgetStatus, now: datetime) -> go.Figure:
    """A budget's spend so far in its window (cumulative, at the end of each bucket) against its limits, and the
    run-out forecast: the current burn rate drawn from now to the window's end."""
    b = status.budget
    start, end = _naive_utc(status.window_start), _naive_utc(status.window_end)
    here = min(_naive_utc(now), end)
    step = _GRAIN_STEP[compute_spend_grain(b.period)]
    spent = float(curve["cumulative_usd"].iloc[-1]) if len(curve) else 0.0
    xs = [start, *(min(_naive_utc(t) + step, here) for t in curve["bucket"]), here]
    ys = [0.0, *curve["cumulative_usd"], spent]
    fig = go.Figure()
    fig.add_scatter(
        x=xs,
        y=ys,
        mode="lines",
        line_shape="hv",
        fill="tozeroy",
        name="Spent",
        line={"color": PALETTE[0]},
        hovertemplate="$%{y:,.2f} by %{x|%Y-%m-%d %H:%M}<extra></extra>",
    )
    if status.burn_usd_per_hour > 0 and here < end:
        projected = spent + status.burn_usd_per_hour * (end - here).total_seconds() / 3600
        fig.add_scatter(
            x=[here, end],
            y=[spent, projected],
            mode="lines",
            name="At the current burn",
            line={"color": PALETTE[0], "dash": "dot"},
            hovertemplate="$%{y:,.2f} by %{x|%Y-%m-%d %H:%M}<extra></extra>",
        )
    for label, limit, dash in (("Soft limit", b.soft_limit_usd, "dash"), ("Hard limit", b.hard_limit_usd, "solid")):
        if limit is not None:
            fig.add_scatter(
                x=[start, end],
                y=[limit, limit],
                mode="lines",
                name=f"{label} ${limit:,.2f}",
                line={"color": PALETTE[1] if dash == "dash" else PALETTE[2], "dash": dash},
                hovertemplate=f"{label}: ${limit:,.2f}<extra></extra>",
            )
    fig.update_layout(xaxis={"range": [start, end]}, yaxis={"title": "Spend (USD)", "rangemode": "tozero"})
    return _style(fig, f"Spend this {_WINDOW_NAMES[b.period]} against the limit: {b.label}")


def _group_label(frame: pd.DataFrame, dims: list[str]) -> pd.Series:
    return frame[dims].astype(str).agg(" · ".join, axis=1) if dims else pd.Series("all", index=frame.index)


def semantic_chart(frame: pd.DataFrame, measure: str, label: str, dims: list[str]) -> go.Figure | None:
    """A semantic query's first measure: one line per group over time when there is a bucket, bars for one
    dimension, nothing otherwise (the table says it)."""
    if frame.empty:
        return None
    if "bucket" in frame:
        data = frame.assign(group=_group_label(frame, dims))
        fig = px.line(
            data,
            x="bucket",
            y=measure,
            color="group",
            markers=True,
            color_discrete_map=color_map(data["group"]),
            labels={"bucket": "", measure: label, "group": ""},
        )
        return _style(fig, f"{label} over time")
    if len(dims) == 1:
        fig = px.bar(frame, x=dims[0], y=measure, color_discrete_sequence=PALETTE, labels={dims[0]: "", measure: label})
        fig.update_layout(hovermode="closest")
        return _style(fig, f"{label} by {dims[0].replace('_', ' ')}")
    return None
