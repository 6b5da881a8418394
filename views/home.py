"""Home: the org's traffic at a glance (the full overview dashboard replaces this)."""

import streamlit as st

from netra_app.auth import current_user
from netra_app.resources import app_settings, app_store
from netra_core.errors import NetraError
from netra_core.workloads.events import fetch_event_count

user = current_user()
st.title("Netra")
st.caption("Where your LLM spend, latency and quality go — and which model should serve what.")
try:
    with app_store(app_settings()).session() as client:
        count = fetch_event_count(client, user.org_slug)
except NetraError as exc:
    st.error(str(exc))
    st.stop()
st.metric("Events stored for your org", f"{count:,}")
if count == 0:
    st.info("No traffic loaded yet. Load your logs with `netra ingest`, or generate demo traffic.")
