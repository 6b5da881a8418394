"""The Optimize page's policy versions: the org's versions, the savings ledger, and saving / activating a version.

Saving is for analysts and admins, activating and retiring for admins (netra_core/services/policies.py decides and
refuses too; the buttons only show it). The ledger is read fresh on each run: it is a few small queries.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from netra_app.auth import CurrentUser
from netra_app.resources import app_sessions, app_settings, app_store
from netra_app.tables import show_table
from netra_core.db.policies import PolicyVersionInfo
from netra_core.errors import NetraError
from netra_core.optimizer.ledger import PolicyLedger
from netra_core.optimizer.policy import RoutingPolicy
from netra_core.optimizer.trial_results import TrialResult
from netra_core.services.policies import (
    activate_policy,
    fetch_savings_ledger,
    fetch_versions,
    is_allowed_to,
    retire_policy,
    save_policy,
)
from netra_core.services.trials import fetch_trial_results

FLASH_KEY = "policy_versions_flash"


def _when(moment: Any) -> str | None:
    return None if moment is None else f"{moment:%Y-%m-%d %H:%M}"


def compute_versions_frame(infos: list[PolicyVersionInfo]) -> pd.DataFrame:
    """One row per version: number, status, dates, the forecast saved with it, the note."""
    rows = [
        {
            "version": i.version,
            "status": i.status,
            "created": _when(i.created_at),
            "activated": _when(i.activated_at),
            "retired": _when(i.retired_at),
            "forecast_savings_month": i.forecast.get("savings_month"),
            "forecast_share": i.forecast.get("savings_share"),
            "note": i.note,
        }
        for i in infos
    ]
    columns = [
        "version",
        "status",
        "created",
        "activated",
        "retired",
        "forecast_savings_month",
        "forecast_share",
        "note",
    ]
    return pd.DataFrame(rows, columns=columns)


def compute_ledger_frame(ledger: PolicyLedger) -> pd.DataFrame:
    """One row per version: the forecast run-rate and interval beside the realised run-rate, dollars and counts."""
    rows = []
    for v in ledger.versions:
        f, r = v.forecast, v.realised
        rows.append(
            {
                "version": v.version,
                "status": v.status,
                "forecast_savings_month": f.month_usd,
                "forecast_low": f.month_lo_usd,
                "forecast_high": f.month_hi_usd,
                "realised_savings_month": None if r is None else r.month_usd,
                "realised_savings_usd": None if r is None else r.savings_usd,
                "realised_share": None if r is None else r.share,
                "requests": None if r is None else r.requests,
                "no_baseline_requests": None if r is None else r.no_baseline,
                "fallback_share": None if r is None else r.fallback_share,
                "quality": (
                    "never active"
                    if r is None
                    else f"{r.quality_before:.3f} -> {r.quality_after:.3f}"
                    if r.quality_before is not None and r.quality_after is not None
                    else "not measured"
                ),
            }
        )
    return pd.DataFrame(rows)


def _run(action: str, fn: Any, *args: Any, **kwargs: Any) -> None:
    try:
        info = fn(*args, **kwargs)
    except NetraError as exc:
        st.error(str(exc))
        return
    st.session_state[FLASH_KEY] = action if info is None else f"{action}: version {info.version} ({info.status})"
    st.rerun()


def render_versions(user: CurrentUser) -> None:
    """The versions table, the activate/retire controls and the savings ledger (forecast vs realised)."""
    settings = app_settings()
    sessions = app_sessions(settings)
    if FLASH_KEY in st.session_state:
        st.success(st.session_state.pop(FLASH_KEY))
    try:
        infos = fetch_versions(sessions, user.org_slug)
        ledger = fetch_savings_ledger(app_store(settings).session, sessions, user.org_slug) if infos else None
    except NetraError as exc:
        st.error(str(exc))
        return
    if not infos:
        st.caption(
            "No policy version yet: find a policy below and save it as a version; the gateway routes by the "
            "active one, and its savings are measured here."
        )
        return
    st.markdown("**Versions**")
    show_table(compute_versions_frame(infos), key="policy_versions_table")
    may_activate = is_allowed_to(user.role, "activate")
    why = None if may_activate else f"Admins activate and retire policies (your role: {user.role})."
    c1, c2, c3 = st.columns([2, 1, 1])
    choices = [i.version for i in infos if i.status != "active"]
    chosen = c1.selectbox("Version to activate", choices, key="policy_activate_choice", disabled=not choices)
    if c2.button("Activate", key="policy_activate", disabled=not may_activate or chosen is None, help=why):
        _run("Activated", activate_policy, sessions, user.org_slug, int(chosen), actor=user.username, role=user.role)
    if c3.button(
        "Retire the active version",
        key="policy_retire",
        help=why,
        disabled=not may_activate or not any(i.is_active for i in infos),
    ):
        _run("Retired the active version", retire_policy, sessions, user.org_slug, role=user.role)
    active = next((i for i in infos if i.is_active), None)
    if active is not None and active.policy.trials:
        render_trials(sessions, user.org_slug, active.version)
    if ledger is None:
        return
    st.markdown("**Savings: forecast vs realised**")
    show_table(compute_ledger_frame(ledger), key="policy_ledger_table")
    st.caption(ledger.definition + " Forecast: the replayed savings saved with the version when it was made.")
    measured = [v for v in ledger.versions if v.realised is not None and v.realised.requests]
    if measured:
        pick = st.selectbox(
            "Realised savings by segment of version", [v.version for v in measured], key="policy_ledger_version"
        )
        line = next(v for v in measured if v.version == pick)
        assert line.realised is not None
        show_table(line.realised.by_segment, key="policy_ledger_segments")


def compute_trials_frame(results: list[TrialResult]) -> pd.DataFrame:
    """One row per trial: the candidate beside the policy's model on the same traffic (trial_results.py)."""
    return pd.DataFrame(
        [
            {
                "trial": r.trial.id,
                "mode": r.trial.mode,
                "segment": r.trial.segment,
                "candidate": f"{r.trial.provider}/{r.trial.model}",
                "share_pct": 100 * r.trial.share,
                "requests": r.requests,
                "candidate_error_pct": 100 * r.error_rate,
                "candidate_p95_ms": r.candidate.latency_p95_ms,
                "primary_p95_ms": r.primary.latency_p95_ms,
                "candidate_cost_per_request_usd": r.candidate.cost_per_request_usd,
                "primary_cost_per_request_usd": r.primary.cost_per_request_usd,
                "cost_change_pct": 100 * r.cost_change,
                "agreement": r.agreement_mean,
                "extra_spend_usd": r.extra_spend_usd,
            }
            for r in results
        ]
    )


def render_trials(sessions: Any, org_slug: str, version: int) -> None:
    """The active version's canary and shadow trials and what they measured (`netra policy trial` manages them)."""
    try:
        results = fetch_trial_results(app_store(app_settings()).session, sessions, org_slug, version)
    except NetraError as exc:
        st.error(str(exc))
        return
    st.markdown(f"**Trials of version {version}** (canary: served by the candidate; shadow: mirrored, not returned)")
    show_table(compute_trials_frame(results), key="policy_trials_table")
    st.caption(
        "Agreement: word overlap of the shadow's answer with the one returned (shadows only); no LLM judge. "
        "Add or remove trials with `netra policy trial add|rm`."
    )


def render_save(user: CurrentUser, policy: RoutingPolicy, optimizer_run: int | None = None) -> None:
    """'Save as policy version' (analysts and admins) and 'Save and activate' (admins) for the recommended policy
    (from the org's past `optimizer_run`, which then names the version)."""
    may_save, may_activate = is_allowed_to(user.role, "save"), is_allowed_to(user.role, "activate")
    note = st.text_input("Note for the version (optional)", key="policy_save_note", disabled=not may_save)
    c1, c2 = st.columns(2)
    sessions = app_sessions(app_settings())
    if c1.button("Save as policy version", key="policy_save", disabled=not may_save):
        _run(
            "Saved",
            save_policy,
            sessions,
            user.org_slug,
            policy,
            note=note,
            actor=user.username,
            role=user.role,
            optimizer_run=optimizer_run,
        )
    if c2.button(
        "Save and activate",
        key="policy_save_activate",
        disabled=not may_activate,
        help=None if may_activate else f"Admins activate policies (your role: {user.role}).",
    ):
        _run(
            "Saved and activated",
            save_policy,
            sessions,
            user.org_slug,
            policy,
            note=note,
            actor=user.username,
            activate=True,
            role=user.role,
            optimizer_run=optimizer_run,
        )
