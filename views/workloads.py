"""Workloads: one workload's traffic, models, cost per request, latency against its SLO, quality and savings."""

import math
from dataclasses import replace

import plotly.graph_objects as go
import streamlit as st

from netra_app import charts, data
from netra_app.auth import current_user
from netra_app.filters import render_filters, window_anchor
from netra_app.resources import app_sessions, app_settings
from netra_app.tables import show_table
from netra_core.db.workload_settings import DEFAULT_P95_SLO_MS, MAX_P95_SLO_MS, fetch_p95_slos, save_p95_slo
from netra_core.errors import NetraError
from netra_core.roles import Role

user = current_user()
settings = app_settings()
store_url = settings.resolved_store_url
sessions = app_sessions(settings)
st.title("Workloads")
try:
    options, last_event = data.org_dimensions(store_url, user.org_slug)
except NetraError as exc:
    st.error(str(exc))
    st.stop()
state = render_filters(options, window_anchor(last_event).date())
if not options["workloads"]:
    st.info("No traffic loaded for your org yet.")
    st.stop()
pick_col, slo_col = st.columns([3, 1])
# The sidebar's workload filter narrows the choice; with none chosen every workload is offered.
choices = [w for w in options["workloads"] if w in state.workloads] or options["workloads"]
workload = pick_col.selectbox("Workload", choices, key="workloads_pick")
f = replace(state.to_filter(user.org_slug, window_anchor(last_event)), workloads=(workload,))
detail = data.workload_detail(store_url, f)
ov = detail["overview"]
kpis = ov.kpis.set_index("metric")["value"]
with sessions() as s:
    saved_slo = fetch_p95_slos(s, user.org_slug).get(workload)
slo = int(
    slo_col.number_input(
        "p95 latency SLO (ms)",
        min_value=1,
        max_value=MAX_P95_SLO_MS,
        value=saved_slo or DEFAULT_P95_SLO_MS,
        step=100,
        key=f"slo_input_{workload}",
        disabled=user.role == Role.VIEWER,
        help="Saved for your org: everyone sees this workload against the same SLO. Analysts and admins may change it.",
    )
)
if user.role != Role.VIEWER and slo != (saved_slo or DEFAULT_P95_SLO_MS):
    try:
        with sessions.begin() as s:
            save_p95_slo(s, org_slug=user.org_slug, workload=workload, p95_ms=slo, actor=user.username)
        slo_col.caption(f"Saved: {slo:,} ms")
    except NetraError as exc:
        slo_col.error(str(exc))


def show(value: float, fmt: str) -> str:
    return "—" if math.isnan(value) else fmt.format(value)


cols = st.columns(5)
cols[0].metric("Requests", show(kpis["requests"], "{:,.0f}"), border=True)
cols[1].metric("Spend", show(kpis["spend_usd"], "${:,.2f}"), border=True)
cols[2].metric(
    "Cost per request",
    show(kpis["spend_usd"] / kpis["requests"] if kpis["requests"] else math.nan, "${:,.5f}"),
    border=True,
)
p95 = kpis["latency_p95_ms"]
cols[3].metric(
    "p95 latency",
    show(p95, "{:,.0f} ms"),
    None if math.isnan(p95) else f"{p95 - slo:+,.0f} ms vs SLO",
    delta_color="inverse",
    border=True,
)
cols[4].metric("Quality", show(kpis["mean_quality"], "{:.3f}"), border=True)

if ov.spend_over_time.empty:
    st.info("No events for this workload in the window.")
    st.stop()
st.plotly_chart(charts.spend_over_time(ov.spend_over_time, "model", (f.start, f.end)), key="wl_spend")
lat = charts.latency_by_model(ov.latency_by_model)
lat.add_hline(y=slo, line_dash="dash", annotation_text=f"SLO {slo:,} ms")
left, right = st.columns(2)
left.plotly_chart(lat, key="wl_latency")
tokens = detail["tokens"]
fig = go.Figure(go.Bar(x=tokens["model"], y=tokens["prompt_mean"], name="prompt (mean)"))
fig.add_bar(x=tokens["model"], y=tokens["completion_mean"], name="completion (mean)")
fig.update_layout(title="Tokens per request by model", barmode="group", margin={"t": 36})
right.plotly_chart(fig, key="wl_tokens")

st.subheader("Savings without changing models")
dup, batch = detail["duplicates"], detail["batchable"]
c1, c2 = st.columns(2)
if dup.empty:
    c1.info("No prompt hashes recorded: duplicate-prompt analysis needs prompt_hash.")
else:
    row = dup.iloc[0]
    c1.metric("Repeated prompts", f"{row['duplicate_share']:.1%}", border=True)
    c1.caption(f"An exact-match cache would have saved ${row['duplicate_spend_usd']:,.2f} in this window.")
if batch.empty:
    c2.caption("This workload is not marked latency-insensitive, so it is not counted as batchable.")
else:
    c2.metric("Batchable spend", f"${batch['spend_usd'].sum():,.2f}", border=True)
    c2.caption("Latency-insensitive traffic sent in real time; provider batch APIs typically cost half.")
st.subheader("Cost per request chain")
traces, dearest = detail["traces"], detail["dearest_traces"]
if traces.empty:
    st.caption(
        "No span of this workload carries a trace id: send OpenTelemetry spans (or a trace_id column) to see "
        "what one user request or agent run costs."
    )
else:
    row = traces.iloc[0]
    t1, t2, t3, t4 = st.columns(4)
    t1.metric("Traces", f"{int(row['traces']):,}", border=True)
    t2.metric(
        "Cost per trace",
        f"${row['cost_per_trace']:,.4f}",
        border=True,
        help=f"median ${row['median_cost_per_trace']:,.4f}, p95 ${row['p95_cost_per_trace']:,.4f}",
    )
    t3.metric("Spans per trace", f"{row['spans_per_trace']:,.1f}", border=True)
    t4.metric("Median duration", f"{row['median_duration_ms']:,.0f} ms", border=True)
    st.caption("The dearest request chains (open one on the Requests page by its trace id):")
    show_table(dearest, key="wl_dearest_traces")
st.subheader("Cost per agent and tool")
try:
    agents = data.agent_costs(store_url, f)
except NetraError as exc:
    st.warning(str(exc))
else:
    if agents.rows.empty:
        st.caption(
            "No agent or tool spans for this workload in the window. Send the spans of your agent framework with "
            "the model calls (OpenTelemetry GenAI `invoke_agent`/`execute_tool`, OpenInference "
            "`openinference.span.kind` AGENT/TOOL/CHAIN, or OpenLLMetry `traceloop.span.kind`), to `netra collect` "
            "or as an OTLP/JSON file: the cost of the model calls beneath each agent and tool is shown here."
        )
    else:
        st.caption(
            f"{agents.calls_beneath_spans:,} of the {agents.calls:,} model calls in {agents.traces:,} traces run "
            f"beneath an agent, tool or app span; {agents.orphan_calls:,} have no known parent and count to their "
            "trace only. A call counts for every span above it, so nested rows overlap."
        )
        show_table(agents.rows, key="wl_agent_costs")
st.subheader("Top users")
show_table(detail["users"])
