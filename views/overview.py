"""Overview: where the money, latency and quality go for the signed-in user's org."""

import math
from typing import Literal

import streamlit as st

from netra_app import charts, data
from netra_app.auth import current_user
from netra_app.filters import render_filters, window_anchor
from netra_app.navigation import may_open
from netra_app.resources import app_sessions, app_settings
from netra_core.errors import NetraError
from netra_core.services.budgets import fetch_alert_notice

# metric -> (label, format, delta colour: "inverse" where a rise is bad)
CARDS: dict[str, tuple[str, str, Literal["normal", "inverse"]]] = {
    "spend_usd": ("Spend", "${:,.2f}", "inverse"),
    "requests": ("Requests", "{:,.0f}", "normal"),
    "latency_p95_ms": ("p95 latency", "{:,.0f} ms", "inverse"),
    "error_rate": ("Error rate", "{:.2%}", "inverse"),
    "mean_quality": ("Quality", "{:.3f}", "normal"),
    "cost_per_1k_requests": ("Cost / 1k requests", "${:,.2f}", "inverse"),
}

user = current_user()
settings = app_settings()
store_url = settings.resolved_store_url
st.title("Overview")
if (notice := fetch_alert_notice(app_sessions(settings), user.org_slug)).count:
    st.warning(notice.describe())
    if may_open(user.role, "budgets.py"):
        st.page_link("views/budgets.py", label="See the Budgets page")
try:
    options, last_event = data.org_dimensions(store_url, user.org_slug)
except NetraError as exc:
    st.error(str(exc))
    st.stop()
state = render_filters(options, window_anchor(last_event).date())
if last_event is None:
    st.info(
        "No traffic loaded for your org yet. Upload logs on the Data page, or run `netra generate` for demo traffic."
    )
    st.stop()
f = state.to_filter(user.org_slug, window_anchor(last_event))
spend_by = (
    st.segmented_control("Spend by", ["model", "workload", "provider"], default="model", key="overview_spend_by")
    or "model"
)
try:
    ov = data.overview(store_url, f, spend_by)
except NetraError as exc:
    st.error(str(exc))
    st.stop()

st.caption(f"{f.start:%Y-%m-%d %H:%M} to {f.end:%Y-%m-%d %H:%M} UTC, compared with the {state.previous_label}")
kpis = ov.kpis.set_index("metric")
grid = [*st.columns(3), *st.columns(3)]
for column, (metric, (label, fmt, colour)) in zip(grid, CARDS.items(), strict=True):
    value, change = kpis.loc[metric, "value"], kpis.loc[metric, "change_pct"]
    column.metric(
        label,
        "—" if math.isnan(value) else fmt.format(value),
        None if math.isnan(change) else f"{change:+.1f} %",
        delta_color=colour,
        border=True,
    )

if mix := data.cost_source_mix(store_url, f):
    st.caption(mix)
if bill := data.latest_reconciliation(user.org_slug):
    st.caption(bill)

if ov.spend_over_time.empty:
    st.info("No events in this window for these filters.")
    st.stop()
st.plotly_chart(charts.spend_over_time(ov.spend_over_time, spend_by, (f.start, f.end)), key="chart_spend")
left, right = st.columns(2)
left.plotly_chart(charts.latency_by_model(ov.latency_by_model), key="chart_latency")
right.plotly_chart(charts.top_workloads(ov.top_workloads), key="chart_top")
if ov.errors.empty:
    st.success("No errors in this window.")
else:
    st.plotly_chart(charts.error_breakdown(ov.errors), key="chart_errors")
