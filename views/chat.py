"""Chat: ask Netra in plain words; the answer shows its numbers, charts and the SQL behind them."""

from datetime import UTC, datetime
from typing import Any

import streamlit as st

from netra_app.auth import current_user
from netra_app.chat_render import compute_thread_label, describe_step, render_payload
from netra_app.resources import app_sessions, app_settings, app_store
from netra_core.agents.assistant import ask
from netra_core.agents.context import fetch_auth_context
from netra_core.db.references import fetch_references
from netra_core.db.runs import delete_thread, fetch_messages, fetch_threads, rename_thread
from netra_core.errors import NetraError
from netra_core.services.assistant import make_supervisor

user = current_user()
settings = app_settings()
sessions = app_sessions(settings)
store = app_store(settings)
with sessions() as s:
    auth = fetch_auth_context(s, user.username, user.org_slug)
    rows = fetch_threads(s, auth)
    threads = [(t.id, t.title) for t in rows]
    used = {t.id: t.updated_at for t in rows}
    references = [r.name for r in fetch_references(s, auth)]

current = st.session_state.get("chat_thread")
if current not in {tid for tid, _ in threads}:
    current = None

with st.sidebar:
    st.subheader("Conversations")
    if st.button("New conversation", key="chat_new", width="stretch"):
        current = None
    for tid, title in threads[:30]:
        label = compute_thread_label(title, used[tid], datetime.now(UTC), current=tid == current)
        if st.button(label, key=f"chat_thread_{tid}", width="stretch"):
            current = tid
st.session_state["chat_thread"] = current

st.title("Ask Netra")
if current is not None:
    with st.expander("Rename or delete this conversation"):
        c1, c2, c3 = st.columns([3, 1, 1])
        new_title = c1.text_input("Title", value=dict(threads).get(current, ""), key=f"chat_title_{current}")
        if c2.button("Rename", key="chat_rename"):
            try:
                with sessions.begin() as s:
                    rename_thread(s, auth, current, new_title)
                st.rerun()
            except NetraError as exc:
                st.error(str(exc))
        if c3.button("Delete", key="chat_delete"):
            with sessions.begin() as s:
                delete_thread(s, auth, current)
            st.session_state["chat_thread"] = None
            st.rerun()
else:
    st.caption(
        'Try: "what did we spend last week by model?", "why did spend jump last Tuesday?", '
        '"cut our bill 30 % without dropping quality below 0.9", "compare gpt-4o-mini and claude haiku for summarization".'
    )
if references:
    st.caption("Saved references you can cite: " + ", ".join(f"`@{r}`" for r in references))

if current is not None:
    with sessions() as s:
        history = [(m.id, m.role, m.content, m.payload or {}) for m in fetch_messages(s, current)]
    for mid, role, content, payload in history:
        with st.chat_message(role):
            st.markdown(content)
            if role == "assistant":
                render_payload(payload, key=f"m{mid}")

prompt = st.chat_input("Ask about your spend, latency, quality, or how to cut cost…")
if prompt:
    with st.chat_message("user"):
        st.markdown(prompt)
    with st.chat_message("assistant"):
        status = st.status("Working…", expanded=True)
        supervisor = make_supervisor(settings)

        def show_step(step: dict[str, Any]) -> None:
            status.markdown(describe_step(step))

        result = ask(
            sessions,
            store,
            auth,
            prompt,
            thread_id=current,
            on_step=show_step,
            supervisor=supervisor,
        )
        status.update(
            label="Done" if result.status == "succeeded" else "The run failed",
            state="complete" if result.status == "succeeded" else "error",
            expanded=False,
        )
        st.markdown(result.text)
        render_payload(result.payload, key=f"run{result.run_id}")
    st.session_state["chat_thread"] = result.thread_id
