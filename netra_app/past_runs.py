"""The Optimize page's "Past runs": the org's optimizer runs, newest first, and opening one's parameters again."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from netra_app.auth import CurrentUser
from netra_app.optimize_state import URL_KEYS, OptimizeParams, from_dict
from netra_app.resources import app_sessions, app_settings
from netra_app.tables import show_table
from netra_core.db.optimizer_runs import OptimizerRunInfo
from netra_core.errors import NetraError
from netra_core.services.optimizer_runs import fetch_run, fetch_runs


def compute_runs_frame(runs: list[OptimizerRunInfo]) -> pd.DataFrame:
    """One row per run: when, who, the constraints, the headline savings with its interval, quality, version."""
    rows = [
        {
            "run": r.id,
            "when (UTC)": f"{r.created_at:%Y-%m-%d %H:%M}",
            "by": r.created_by,
            "constraints": from_dict(r.params).describe(),
            "savings_month_usd": r.month_usd,
            "savings_share": r.share,
            "interval": f"${r.month_lo_usd:,.0f} to ${r.month_hi_usd:,.0f} ({r.level:.0%})",
            "savings_window_usd": r.window_usd,
            "quality_change": None if r.quality_change is None else f"{r.quality_change:+.3f}",
            "policy_version": None if r.policy_version is None else f"v{r.policy_version}",
            "seconds": round(r.seconds, 1),
        }
        for r in runs
    ]
    columns = [
        "run",
        "when (UTC)",
        "by",
        "constraints",
        "savings_month_usd",
        "savings_share",
        "interval",
        "savings_window_usd",
        "quality_change",
        "policy_version",
        "seconds",
    ]
    return pd.DataFrame(rows, columns=columns)


def open_params(params: OptimizeParams) -> None:
    """Put `params` in the URL (a reload or a shared link shows this recommendation)."""
    for key in URL_KEYS:
        if key in st.query_params:
            del st.query_params[key]
    st.query_params.update(params.to_params())


def render_past_runs(user: CurrentUser) -> None:
    """The org's past runs and a button that opens one's parameters (the result is shown again)."""
    st.subheader("Past runs")
    sessions = app_sessions(app_settings())
    try:
        runs = fetch_runs(sessions, user.org_slug)
    except NetraError as exc:
        st.error(str(exc))
        return
    if not runs:
        st.caption("No optimizer run yet: each run is kept here with its constraints and headline savings.")
        return
    show_table(compute_runs_frame(runs), key="past_runs_table")
    c1, c2 = st.columns([3, 1])
    chosen = c1.selectbox(
        "Run to open again",
        [r.id for r in runs],
        format_func=lambda i: next(f"#{r.id}: {from_dict(r.params).describe()}" for r in runs if r.id == i),
        key="past_run_choice",
    )
    if c2.button("Open its parameters", key="past_run_open"):
        try:
            run = fetch_run(sessions, user.org_slug, int(chosen))
        except NetraError as exc:
            st.error(str(exc))
            return
        open_params(from_dict(run.params))
        st.rerun()
