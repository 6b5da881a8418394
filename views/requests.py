"""Requests: the org's events one by one (newest first) under the sidebar filters, searchable and paged; pick a trace
to see every span that shares it. The log's own choices live in the URL so a view can be shared."""

from datetime import timedelta

import pandas as pd
import plotly.express as px
import streamlit as st

from netra_app import data
from netra_app.auth import current_user
from netra_app.filters import render_filters, window_anchor
from netra_app.resources import app_settings, app_store
from netra_app.tables import show_table
from netra_core.analytics.request_log import Status, fetch_request_log, fetch_trace
from netra_core.errors import NetraError

STATUSES: dict[Status, str] = {"all": "All", "errors": "Errors only", "ok": "Successful only"}
PAGE_SIZES = [50, 100, 250, 500]

user = current_user()
settings = app_settings()
st.title("Requests")
try:
    options, last_event = data.org_dimensions(settings.resolved_store_url, user.org_slug)
except NetraError as exc:
    st.error(str(exc))
    st.stop()
state = render_filters(options, window_anchor(last_event).date())
if last_event is None:
    st.info("No traffic loaded for your org yet. Upload logs on the Data page, or send spans to `netra collect`.")
    st.stop()
f = state.to_filter(user.org_slug, window_anchor(last_event))

if "rl_status" not in st.session_state:  # first visit this session: a shared link sets the choices
    url_status = st.query_params.get("status", "all")
    st.session_state.update(
        rl_status=url_status if url_status in STATUSES else "all",
        rl_search=st.query_params.get("q", ""),
        rl_trace=st.query_params.get("trace", ""),
    )
c1, c2, c3 = st.columns([2, 3, 1])
status = c1.segmented_control("Status", list(STATUSES), format_func=STATUSES.__getitem__, key="rl_status") or "all"
search = c2.text_input("Search", key="rl_search", placeholder="event, user, session or trace id, error type")
size = c3.selectbox("Rows", PAGE_SIZES, index=1, key="rl_size")
page = int(st.session_state.get("rl_page", 1))  # the page asked for; back to 1 when it is past the last
try:
    with app_store(settings).session() as client:
        log = fetch_request_log(client, f, status=status, search=search, limit=size, offset=(page - 1) * size)
        pages = max(1, -(-log.total // size))
        if page > pages:
            page = 1
            log = fetch_request_log(client, f, status=status, search=search, limit=size)
except NetraError as exc:
    st.error(str(exc))
    st.stop()
st.session_state["rl_page"] = page
st.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, key="rl_page")
st.query_params.update({"status": status, "q": search, "trace": st.session_state.get("rl_trace", "")})

st.caption(
    f"{log.total:,} requests from {f.start:%Y-%m-%d %H:%M} to {f.end:%Y-%m-%d %H:%M} UTC match; showing "
    f"{log.offset + 1:,} to {log.offset + len(log.rows):,}, newest first. Tokens of a request whose usage was "
    "not reported (a failed call, a stream without usage) are blank, not zero."
)
if log.rows.empty:
    st.info("No request matches these filters.")
    st.stop()
shown = log.rows.copy()
unknown = shown["usage_known"] == 0
for column in ("prompt_tokens", "completion_tokens", "cached_tokens"):
    shown[column] = shown[column].astype("Float64").mask(unknown)
show_table(shown.drop(columns=["usage_known"]), key="rl_table", height=420)

st.subheader("Trace")
traces = [t for t in dict.fromkeys(log.rows["trace_id"]) if t]
if not traces:
    st.caption("No request on this page carries a trace id (traces come from OpenTelemetry spans).")
    st.stop()
saved = st.session_state.get("rl_trace", "")
trace = st.selectbox("Trace id", traces, index=traces.index(saved) if saved in traces else 0, key="rl_trace_pick")
st.session_state["rl_trace"] = trace
st.query_params["trace"] = trace
with app_store(settings).session() as client:
    spans = fetch_trace(client, user.org_slug, trace)
if spans.empty:
    st.info("No span of your org has this trace id.")
    st.stop()
spans["start"] = pd.to_datetime(spans["ts"])
spans["end"] = spans["start"] + pd.to_timedelta(spans["latency_ms"].astype(float), unit="ms")
spans["span"] = [f"{m} ({e[-8:]})" for m, e in zip(spans["model"], spans["event_id"], strict=True)]
fig = px.timeline(
    spans,
    x_start="start",
    x_end="end",
    y="span",
    color="status",
    hover_data=["workload", "operation", "latency_ms", "cost_usd", "error_type"],
)
fig.update_yaxes(autorange="reversed", title="")
fig.update_layout(
    margin={"t": 30},
    height=max(200, 40 * len(spans) + 80),
    title=f"{len(spans):,} spans over {(spans['end'].max() - spans['start'].min()) / timedelta(seconds=1):,.2f} s",
)
st.plotly_chart(fig, key="rl_trace_chart")
show_table(spans.drop(columns=["start", "end", "span", "usage_known"]), key="rl_trace_table")
