"""How the chat page draws an answer's tables, charts and SQL (payloads come from netra_core.agents)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pandas as pd
import plotly.express as px
import streamlit as st

from netra_app.charts import color_map
from netra_app.tables import show_table


def render_payload(payload: dict[str, Any], key: str) -> None:
    """Tables with their chart, then the SQL behind them; an error payload shows the reason."""
    if payload.get("error"):
        st.error(f"The run failed: {payload['error']}")
        return
    charts = {c.get("data"): c for c in payload.get("charts", [])}
    for i, table in enumerate(payload.get("tables", [])):
        frame = pd.DataFrame(table.get("rows", []))
        if frame.empty:
            continue
        spec = charts.get(table.get("title"))
        if spec and spec.get("x") in frame and spec.get("y") in frame:
            color = spec.get("color") if spec.get("color") in frame else None
            draw = px.line if spec.get("type") == "line" else px.bar
            fig = draw(
                frame,
                x=spec["x"],
                y=spec["y"],
                color=color,
                color_discrete_map=color_map(frame[color]) if color else None,
            )
            fig.update_layout(margin={"t": 10, "b": 10}, height=320, legend={"orientation": "h", "y": -0.25})
            st.plotly_chart(fig, key=f"{key}_chart_{i}")
        show_table(frame, key=f"{key}_table_{i}")
    if payload.get("unsupported_numbers"):
        st.warning("These numbers in the answer come from no tool result: " + ", ".join(payload["unsupported_numbers"]))
    sql = payload.get("sql") or []
    plan = payload.get("plan")
    if sql or plan:
        with st.expander("How this was answered"):
            for item in sql:
                st.code(item.get("sql", ""), language="sql")
                if item.get("parameters"):
                    st.caption(f"parameters: {item['parameters']}")
            if plan:
                st.json(plan, expanded=False)


def describe_step(step: dict[str, Any]) -> str:
    """One line per step for the live status box."""
    if step.get("kind") == "tool":
        parts = [f"**{step.get('agent', '?')}** → `{step.get('tool')}`"]
        if step.get("duration_ms") is not None:
            parts.append(f"{step['duration_ms']:.0f} ms")
        if step.get("rows") is not None:
            parts.append(f"{step['rows']} rows")
        if step.get("error"):
            parts.append(f"error: {step['error']}")
        return " · ".join(parts)
    return f"**{step.get('agent', '?')}** · {step.get('kind')}: {step.get('detail', '')}"


def compute_thread_label(title: str, updated_at: datetime, now: datetime, *, current: bool = False) -> str:
    """A conversation's sidebar label: its title and when it was last used (14:02 today, yesterday, 3 Dec, 3 Dec 2025)."""
    at = updated_at if updated_at.tzinfo else updated_at.replace(tzinfo=UTC)
    days = (now.date() - at.date()).days
    if days <= 0:
        when = f"{at:%H:%M}"
    elif days == 1:
        when = "yesterday"
    elif at.year == now.year:
        when = f"{at.day} {at:%b}"
    else:
        when = f"{at.day} {at:%b %Y}"
    name = title.strip() or "Untitled"
    name = name if len(name) <= 36 else name[:35] + "…"
    return ("▸ " if current else "") + f"{name} · {when}"
