"""Plotly figures with one look across the app; Streamlit's theme adapts them to light and dark mode."""

from __future__ import annotations

import hashlib

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

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


def spend_over_time(frame: pd.DataFrame, by: str) -> go.Figure:
    """Stacked bars of spend per time bucket, one colour per group."""
    fig = px.bar(frame, x="bucket", y="spend_usd", color=by, color_discrete_map=color_map(frame[by]),
                 labels={"bucket": "", "spend_usd": "Spend (USD)", by: by.replace("_", " ")})  # fmt: skip
    fig.update_traces(hovertemplate="%{fullData.name}: $%{y:,.2f}<extra></extra>")
    return _style(fig, f"Spend over time by {by.replace('_', ' ')}")


def latency_by_model(frame: pd.DataFrame) -> go.Figure:
    """p50/p95/p99 latency per model as grouped bars."""
    long = frame.melt(
        id_vars="model",
        value_vars=["latency_p50_ms", "latency_p95_ms", "latency_p99_ms"],
        var_name="percentile",
        value_name="ms",
    )
    long["percentile"] = long["percentile"].str.extract(r"(p\d+)")[0]
    fig = px.bar(long, x="model", y="ms", color="percentile", barmode="group", color_discrete_sequence=PALETTE,
                 labels={"ms": "Latency (ms)", "model": ""})  # fmt: skip
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
    fig = px.bar(ordered, x="spend_usd", y="workload", orientation="h", color_discrete_sequence=PALETTE,
                 labels={"spend_usd": "Spend (USD)", "workload": ""}, text=ordered["share"].map(lambda s: f"{s:.0%}"))  # fmt: skip
    fig.update_layout(hovermode="closest")
    return _style(fig, "Top workloads by cost")


def _group_label(frame: pd.DataFrame, dims: list[str]) -> pd.Series:
    return frame[dims].astype(str).agg(" · ".join, axis=1) if dims else pd.Series("all", index=frame.index)


def semantic_chart(frame: pd.DataFrame, measure: str, label: str, dims: list[str]) -> go.Figure | None:
    """A semantic query's first measure: one line per group over time when there is a bucket, bars for one
    dimension, nothing otherwise (the table says it)."""
    if frame.empty:
        return None
    if "bucket" in frame:
        data = frame.assign(group=_group_label(frame, dims))
        fig = px.line(data, x="bucket", y=measure, color="group", markers=True,
                      color_discrete_map=color_map(data["group"]), labels={"bucket": "", measure: label, "group": ""})  # fmt: skip
        return _style(fig, f"{label} over time")
    if len(dims) == 1:
        fig = px.bar(frame, x=dims[0], y=measure, color_discrete_sequence=PALETTE,
                     labels={dims[0]: "", measure: label})  # fmt: skip
        fig.update_layout(hovermode="closest")
        return _style(fig, f"{label} by {dims[0].replace('_', ' ')}")
    return None
