"""Budgets: the org's spend limits and where each stands this window, spend against the limit, the alerts raised;
admins add and delete budgets (netra_core/services/budgets.py refuses anyone else too)."""

import streamlit as st

from netra_app import charts
from netra_app.auth import current_user
from netra_app.budget_frames import compute_alert_frame, compute_status_frame
from netra_app.resources import app_sessions, app_settings, app_store
from netra_app.tables import show_table
from netra_core.db.models import BUDGET_PERIODS, BUDGET_SCOPES
from netra_core.db.types import utcnow
from netra_core.errors import NetraError
from netra_core.services.budgets import (
    add_budget,
    fetch_alert_rows,
    fetch_scope_choices,
    fetch_spend_curve,
    fetch_statuses,
    is_allowed_to_edit,
    remove_budget,
)

FLASH = "budgets_flash"
PENDING_DELETE = "budgets_pending_delete"
FORM_KEYS = ("budget_value", "budget_period", "budget_soft", "budget_hard", "budget_webhook", "budget_name")
SCOPE_LABELS = {"org": "the whole org", "workload": "a workload", "user": "a user", "key": "an API key"}

user = current_user()
settings = app_settings()
sessions, store = app_sessions(settings), app_store(settings)
may_edit = is_allowed_to_edit(user.role)
st.title("Budgets")
st.caption(
    "A soft limit raises an alert (listed here, on the Overview and sent to the budget's webhook); a hard limit makes "
    "the Netra gateway refuse the budget's requests with 429 until its window resets. Windows are UTC days, weeks "
    "from Monday, and months."
)
if FLASH in st.session_state:
    st.success(st.session_state.pop(FLASH))

now = utcnow()
try:
    statuses = fetch_statuses(sessions, store.session, user.org_slug, now=now)
    alerts = fetch_alert_rows(sessions, user.org_slug)
except NetraError as exc:
    st.error(str(exc))
    st.stop()

if statuses:
    show_table(compute_status_frame(statuses), kinds={"share_used": "progress"}, key="budgets_table")
    st.caption(
        "Spent: this window's events in the workload store, every source (a gateway call appears once its event is "
        "written). Share used and run-out against the hard limit, else the soft one; run-out is when the window's "
        "burn rate so far reaches it."
    )
    by_id = {s.budget.id: s for s in statuses}
    chosen = st.selectbox(
        "Spend against the limit for",
        list(by_id),
        key="budgets_chart_choice",
        format_func=lambda i: f"{by_id[i].budget.label} ({by_id[i].budget.covers})",
    )
    status = by_id[chosen]
    try:
        curve = fetch_spend_curve(store.session, status)
    except NetraError as exc:
        st.error(str(exc))
    else:
        st.plotly_chart(charts.budget_spend(curve, status, now), key="budgets_chart")
else:
    st.info("Your org has no budgets yet. " + ("Add one below." if may_edit else "Admins of your org add them."))


def _flash_and_rerun(message: str) -> None:
    st.session_state[FLASH] = message
    st.rerun()


if not may_edit:
    st.caption(f"Admins add and delete budgets (your role: {user.role}).")
else:
    st.subheader("Add a budget")
    scope = st.radio("Covers", BUDGET_SCOPES, format_func=SCOPE_LABELS.__getitem__, horizontal=True, key="budget_scope")
    try:
        choices = fetch_scope_choices(sessions, store.session, user.org_slug)
    except NetraError as exc:
        st.error(str(exc))
        st.stop()
    with st.form("budget_add"):
        value: str | None = ""
        if scope == "workload":
            value = st.selectbox(
                "Workload",
                choices.workloads,
                index=None,
                accept_new_options=True,
                key="budget_value",
                placeholder="pick one of your workloads, or type a name",
            )
        elif scope == "user":
            value = st.selectbox(
                "User id",
                choices.users,
                index=None,
                accept_new_options=True,
                key="budget_value",
                placeholder="pick a user id seen in your traffic, or type one",
            )
        elif scope == "key":
            value = st.selectbox(
                "API key",
                list(choices.keys),
                index=None,
                key="budget_value",
                format_func=choices.keys.__getitem__,
                placeholder="pick one of your org's live keys",
                help="The gateway counts a request against the key it was sent with.",
            )
            if not choices.keys:
                st.caption("Your org has no live API keys; an admin creates them on the Admin page.")
        c1, c2, c3 = st.columns(3)
        period = c1.selectbox("Window", BUDGET_PERIODS, index=BUDGET_PERIODS.index("monthly"), key="budget_period")
        soft = c2.number_input(
            "Soft limit (USD): alert", min_value=0.0, value=None, step=10.0, format="%.2f", key="budget_soft"
        )
        hard = c3.number_input(
            "Hard limit (USD): refuse", min_value=0.0, value=None, step=10.0, format="%.2f", key="budget_hard"
        )
        webhook = st.text_input(
            "Webhook URL for the alerts (optional)",
            key="budget_webhook",
            placeholder="https://hooks.slack.com/services/…",
            help="A Slack-compatible incoming webhook; it is shown redacted after saving.",
        )
        name = st.text_input("Name (optional: how alerts name the budget)", max_chars=100, key="budget_name")
        if st.form_submit_button("Add budget", type="primary"):
            try:
                created = add_budget(
                    sessions,
                    user.org_slug,
                    scope=scope,
                    period=period,
                    scope_value=value or "",
                    soft_limit_usd=soft,
                    hard_limit_usd=hard,
                    webhook_url=webhook,
                    name=name,
                    actor=user.username,
                    role=user.role,
                )
            except NetraError as exc:
                st.error(str(exc))
            else:
                for key in FORM_KEYS:
                    st.session_state.pop(key, None)
                _flash_and_rerun(f"Added budget {created.id} on {created.covers}.")

    if statuses:
        st.subheader("Delete a budget")
        labels = {s.budget.id: f"{s.budget.id}: {s.budget.label} ({s.budget.covers})" for s in statuses}
        pending = st.session_state.get(PENDING_DELETE)
        if pending not in labels:
            c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
            target = c1.selectbox("Budget", list(labels), format_func=labels.__getitem__, key="budget_delete_choice")
            if c2.button("Delete…", key="budget_delete"):
                st.session_state[PENDING_DELETE] = target
                st.rerun()
        else:
            st.warning(
                f"Delete budget {labels[pending]} and its alerts? The gateway stops enforcing it at its next "
                "refresh (within 30 s)."
            )
            c1, c2 = st.columns(2)
            if c1.button("Yes, delete it", key="budget_delete_confirm", type="primary"):
                st.session_state.pop(PENDING_DELETE)
                try:
                    removed = remove_budget(sessions, user.org_slug, int(pending), role=user.role)
                except NetraError as exc:
                    st.error(str(exc))
                else:
                    _flash_and_rerun(f"Deleted budget {removed.id} ({removed.label}).")
            if c2.button("Cancel", key="budget_delete_cancel"):
                st.session_state.pop(PENDING_DELETE)
                st.rerun()

st.subheader("Alerts")
if alerts:
    show_table(compute_alert_frame(alerts), key="budgets_alerts")
    st.caption(
        "Newest first" + (f" (the newest {len(alerts)})." if len(alerts) >= 100 else ".") + " Webhooks are "
        "shown without their secret path."
    )
else:
    st.caption(
        "No alerts yet: they appear when a budget passes a limit or is forecast to run out, or when spend or "
        "errors are far from their usual level."
    )
