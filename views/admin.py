"""Admin: the users of the org — add, change role, reset password, lock/unlock, end sessions."""

from collections.abc import Callable
from typing import Concatenate, ParamSpec

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session, sessionmaker

from netra_app import admin_actions
from netra_app.auth import current_user
from netra_app.resources import app_sessions, app_settings
from netra_app.tables import show_table
from netra_core.db.users import fetch_users, to_public
from netra_core.errors import NetraError
from netra_core.roles import Role

user = current_user()
sessions = app_sessions(app_settings())
st.title("Admin")
st.caption(f"Users of org `{user.org_slug}`")

table_slot = st.container()
with sessions() as s:
    names = [u.username for u in fetch_users(s, user.org_slug)]


def render_table() -> None:
    """Drawn last, so it shows the effect of an action taken on this run."""
    with sessions() as s:
        people = [to_public(u) for u in fetch_users(s, user.org_slug)]
    table = pd.DataFrame(
        [
            {
                "username": p.username,
                "name": p.display_name,
                "email": p.email,
                "role": p.role,
                "state": "locked" if p.is_locked else ("active" if p.is_active else "disabled"),
                "last sign-in": p.last_login_at,
            }
            for p in people
        ]
    )
    show_table(table, container=table_slot)


P = ParamSpec("P")


def run(action: Callable[Concatenate[sessionmaker[Session], str, P], str], *args: P.args, **kwargs: P.kwargs) -> None:
    """Do one admin action in the user's org and show its line (or the error)."""
    try:
        st.success(action(sessions, user.org_slug, *args, **kwargs))
    except NetraError as exc:
        st.error(str(exc))


add, manage, keys = st.tabs(["Add a user", "Manage a user", "Ingest keys"])
with add, st.form("admin_add_user", clear_on_submit=True):
    username = st.text_input("Username")
    name = st.text_input("Display name")
    email = st.text_input("Email")
    role = st.selectbox("Role", list(Role), index=list(Role).index(Role.VIEWER))
    password = st.text_input("Temporary password", type="password")
    if st.form_submit_button("Add user") and role is not None:
        run(admin_actions.add_user, username, password, role, email, name)

with manage:
    target = st.selectbox("User", names, key="admin_target")
    col_role, col_pw = st.columns(2)
    with col_role.form("admin_role"):
        new_role = st.selectbox("New role", list(Role), key="admin_new_role")
        if st.form_submit_button("Change role") and new_role is not None:
            run(admin_actions.change_role, target, new_role)
    with col_pw.form("admin_password", clear_on_submit=True):
        new_password = st.text_input("New password", type="password", key="admin_new_password")
        if st.form_submit_button("Reset password"):
            run(admin_actions.reset_password, target, new_password)
    c1, c2, c3 = st.columns(3)
    if c1.button("Lock", key="admin_lock"):
        run(admin_actions.set_locked, target, True)
    if c2.button("Unlock", key="admin_unlock"):
        run(admin_actions.set_locked, target, False)
    if c3.button("End sessions", key="admin_revoke"):
        run(admin_actions.revoke_sessions, target)

with keys:
    st.caption(
        "Keys let `netra collect` accept OpenTelemetry traces for this org (`Authorization: Bearer <key>`). "
        "A key is shown once, when it is created; only its hash is kept."
    )
    with st.form("admin_add_key", clear_on_submit=True):
        key_name = st.text_input("Key name", placeholder="e.g. support-bot production")
        if st.form_submit_button("Create key"):
            try:
                message, token = admin_actions.create_key(sessions, user.org_slug, key_name, user.username)
                st.success(message)
                st.warning("Copy the key now: it will not be shown again.")
                st.code(token, language=None)
            except NetraError as exc:
                st.error(str(exc))
    rows = admin_actions.key_rows(sessions, user.org_slug)
    active = [r for r in rows if r["state"] == "active"]
    if active:
        c1, c2 = st.columns([3, 1])
        labels = {r["id"]: f"{r['key']} {r['name']}" for r in active}
        target_key = c1.selectbox("Key", list(labels), format_func=labels.__getitem__, key="admin_key_target")
        if c2.button("Revoke key", key="admin_key_revoke") and target_key is not None:
            run(admin_actions.revoke_key, target_key)
            rows = admin_actions.key_rows(sessions, user.org_slug)
    if rows:
        show_table(pd.DataFrame(rows))
    else:
        st.caption("No keys yet.")

render_table()
