"""The routing evaluation as a plotly chart: single models, zero-router hull, oracle and the router's curve."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from netra_core.routing.metrics import compute_hull


def make_routing_figure(report: dict[str, Any], title: str = "Routing on held-out prompts") -> go.Figure:
    """Cost-quality chart of an evaluate_routing() report."""
    fig = go.Figure()
    cost_label = (
        "mean cost per prompt (USD)" if report["data"]["costs_known"] else "share of calls to the stronger model"
    )
    raw = [(p["cost"], p["quality"]) for p in report["router_curve"]]
    fig.add_trace(
        go.Scatter(
            x=[c for c, _ in raw],
            y=[q for _, q in raw],
            mode="markers",
            name="router (operating points)",
            marker={"size": 4, "color": "#1f77b4", "opacity": 0.5},
        )
    )
    # Every hull is drawn flat out to the largest cost compared, as AIQ integrates it.
    c_hi = max([c for c, _ in raw] + [m["cost"] for m in report["models"].values()])
    hull = _extend(compute_hull(raw), c_hi)
    fig.add_trace(
        go.Scatter(
            x=[c for c, _ in hull],
            y=[q for _, q in hull],
            mode="lines",
            name=f"router hull (AIQ {report['aiq_router']:.3f})",
            line={"color": "#1f77b4", "width": 3},
        )
    )
    zero = [
        {"cost": c, "quality": q} for c, q in _extend([(p["cost"], p["quality"]) for p in report["zero_curve"]], c_hi)
    ]
    fig.add_trace(
        go.Scatter(
            x=[p["cost"] for p in zero],
            y=[p["quality"] for p in zero],
            mode="lines",
            name=f"zero router (AIQ {report['aiq_zero']:.3f})",
            line={"color": "#7f7f7f", "dash": "dash"},
        )
    )
    oracle = [
        {"cost": c, "quality": q} for c, q in _extend([(p["cost"], p["quality"]) for p in report["oracle_curve"]], c_hi)
    ]
    fig.add_trace(
        go.Scatter(
            x=[p["cost"] for p in oracle],
            y=[p["quality"] for p in oracle],
            mode="lines",
            name=f"oracle (AIQ {report['aiq_oracle']:.3f})",
            line={"color": "#2ca02c", "dash": "dot"},
        )
    )
    for name, values in report["models"].items():
        fig.add_trace(
            go.Scatter(
                x=[values["cost"]],
                y=[values["quality"]],
                mode="markers+text",
                name=name,
                text=[name],
                textposition="top center",
                marker={"size": 11, "symbol": "diamond"},
            )
        )
    fig.update_layout(title=title, xaxis_title=cost_label, yaxis_title="mean quality", template="plotly_white")
    return fig


def _extend(hull: list[tuple[float, float]], c_hi: float) -> list[tuple[float, float]]:
    return [*hull, (c_hi, hull[-1][1])] if hull and hull[-1][0] < c_hi else hull


def save_figure(fig: go.Figure, path: Path) -> Path:
    """Write the chart; a .png needs kaleido, without it an .html is written beside and its path returned."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".png":
        if importlib.util.find_spec("kaleido") is not None:
            fig.write_image(str(path))
            return path
        path = path.with_suffix(".html")
    # The script is embedded so the page works offline.
    fig.write_html(str(path), include_plotlyjs=True, full_html=True)
    return path
