"""Optimize: constraints in; the cost-quality frontier, per-segment decisions, savings with intervals and exports out."""

import json

import plotly.graph_objects as go
import streamlit as st
import yaml

from netra_app import data
from netra_app.auth import current_user
from netra_app.optimize_state import MAX_DROP, WINDOW_DAYS, OptimizeParams, parse_params
from netra_app.past_runs import open_params, render_past_runs
from netra_app.policy_versions import render_save, render_versions
from netra_app.resources import app_settings
from netra_app.stage_status import StageStatus
from netra_app.tables import show_table
from netra_core.errors import NetraError
from netra_core.optimizer.policy import (
    compute_litellm_config,
    compute_litellm_warnings,
    compute_litellm_yaml,
    compute_policy_table,
)
from netra_core.optimizer.savings import compute_opportunity_rows

user = current_user()
store_url = app_settings().resolved_store_url
st.title("Optimize")
st.caption(
    "The cheapest way to serve your traffic at the quality and latency you require, replayed on your own events."
)
with st.expander("Policy versions and savings: forecast vs realised", expanded=True):
    render_versions(user)
options, last_event = data.org_dimensions(store_url, user.org_slug)
if last_event is None:
    st.info("No traffic loaded for your org yet.")
    st.stop()

provider_options = sorted({p.provider for p in data.candidate_profiles(user.org_slug)})
# The constraints live in the URL: a reload or a shared link shows the same recommendation.
linked, warnings = parse_params(
    {k: st.query_params.get_all(k) for k in st.query_params}, provider_options, options["workloads"]
)
for warning in warnings:
    st.warning(f"Link: {warning}")
shown = linked or OptimizeParams()
with st.form("optimize_constraints"):
    c1, c2, c3 = st.columns(3)
    days = c1.selectbox("Window (days before the latest event)", WINDOW_DAYS, index=WINDOW_DAYS.index(shown.days))
    # Defaults never sit below today's measured quality: no floor of its own, and no drop.
    floor = c2.number_input(
        "Quality floor per workload (empty = none)",
        min_value=0.0,
        max_value=1.0,
        value=shown.floor,
        step=0.01,
        placeholder="none: today's quality holds",
        help="Every workload's expected quality stays at or above it (not only the average over all traffic); a "
        "workload no allowed model brings up to it keeps the models serving it today.",
    )
    drop = c3.slider(
        "Max quality drop per segment and workload",
        0.00,
        MAX_DROP,
        shown.drop or 0.0,
        0.01,
        help="Every segment, and every workload, stays within this of its measured quality today (0: no drop).",
    )
    c4, c5, c6 = st.columns(3)
    p95 = c4.number_input("p95 latency SLO for every workload (ms, 0 = none)", min_value=0, value=shown.p95, step=250)
    providers = c5.multiselect("Allowed providers (empty = all)", provider_options, default=list(shown.providers))
    batch = c6.multiselect(
        "Latency-insensitive workloads (may use batch APIs)", options["workloads"], default=list(shown.batch)
    )
    submitted = st.form_submit_button("Find the cheapest policy", type="primary")

params = linked
if submitted:
    params = OptimizeParams(int(days), floor, drop, int(p95), tuple(sorted(providers)), tuple(sorted(batch)))
    open_params(params)
if params is None:
    st.info("Set the constraints and press the button.")
    render_past_runs(user)
    st.stop()
progress = StageStatus("Finding the cheapest policy")
try:
    result = data.optimizer_result(store_url, user.org_slug, params, actor=user.username, progress=progress)
except NetraError as exc:
    progress.fail()
    st.error(str(exc))
    render_past_runs(user)
    st.stop()
progress.finish()
recommendation, run = result.recommendation, result.run
st.caption(
    f"Run #{run.id} by {run.created_by or 'unknown'} at {run.created_at:%Y-%m-%d %H:%M} UTC, {run.seconds:.0f} s "
    "(a result is kept for five minutes: the same constraints show it again at once)."
)
report = recommendation.report

sol, rep, sav = report.solution.totals, report.replay.totals, report.savings
level = f"{sav.level:.0%}"
m1, m2, m3, m4 = st.columns(4)
m1.metric("Spend now", f"${sav.current_month_usd:,.0f}/mo", border=True)
m2.metric("With the policy", f"${sav.policy_month_usd:,.0f}/mo", border=True)
m3.metric(
    "Savings",
    f"${sav.month_usd:,.0f}/mo",
    f"{sav.share:.1%}",
    border=True,
    help=f"{level} interval ${sav.month_lo_usd:,.0f} to ${sav.month_hi_usd:,.0f} per month",
)
m4.metric(
    "Quality change",
    f"{rep['quality_change']:+.3f}",
    border=True,
    help=f"{level} interval {rep['quality_change_lo']:+.3f} to {rep['quality_change_hi']:+.3f} (traffic "
    "resampling and the uncertainty of the quality estimates, catalog priors included)",
)
st.caption(
    f"**Savings: ${sav.window_usd:,.2f} over the window, {sav.share:.1%} of its ${sav.window_spend_usd:,.2f} spend; "
    f"${sav.month_usd:,.0f} per 30-day month ({level} interval ${sav.month_lo_usd:,.0f} to "
    f"${sav.month_hi_usd:,.0f}).** {sav.definition} Quality change {level} interval "
    f"{rep['quality_change_lo']:+.3f} to {rep['quality_change_hi']:+.3f}; {recommendation.candidates.note}."
)
if sav.prior_only:
    st.warning(
        "Quality risk: these substitutions go to models with no measured quality in your own traffic, so their "
        "quality is the catalog's prior (run an eval or a shadow test before switching): " + "; ".join(sav.prior_only)
    )
pinned = sorted(report.solution.constraints.pinned_workloads)
if pinned:
    st.info(
        f"No allowed model brings {', '.join(pinned)} up to the quality floor of "
        f"{report.solution.constraints.quality_floor:.2f}: kept on the models serving "
        f"{'it' if len(pinned) == 1 else 'them'} today."
    )

frontier = report.frontier
fig = go.Figure()
fig.add_scatter(x=frontier["quality"], y=frontier["cost_month"], mode="lines", name="Cheapest cost at each quality")
if sol.get("current_quality") is not None:
    fig.add_scatter(
        x=[sol["current_quality"]],
        y=[sol["current_cost_month"]],
        mode="markers",
        name="Today",
        marker={"size": 14, "symbol": "x"},
    )
fig.add_scatter(
    x=[sol["policy_quality"]],
    y=[sol["policy_cost_month"]],
    mode="markers",
    name="Recommendation (plan)",
    marker={"size": 14, "symbol": "star"},
)
fig.update_layout(
    title="Cost-quality frontier (solver plan, a diagnostic)",
    xaxis_title="Expected quality",
    yaxis_title="USD per month",
    margin={"t": 40},
)
st.plotly_chart(fig, key="frontier")

st.subheader("Decisions by segment")
rows = sav.by_segment
show_table(
    rows.assign(quality_measured=rows["prior_only"].map(lambda p: "no: catalog prior" if p else "yes"))[
        ["segment", "current", "target", "quality_before", "quality_after", "savings_month", "quality_measured"]
    ].rename(
        columns={
            "current": "model now",
            "target": "model then",
            "savings_month": "saves $/mo",
            "quality_before": "quality now",
            "quality_after": "quality then",
        }
    ),
    key="decisions",
)
row_sum = float(rows["savings_month"].sum())
st.caption(
    f"The rows add up to the headline: ${row_sum:,.0f}/mo (the same replay, summed per segment; a kept segment can "
    "still save or cost a little where today's catalog prices its model differently from what you were billed)."
)
st.caption(
    f"Diagnostic, not the savings figure: the solver's plan (segment means x prices) estimated "
    f"${sol['savings_month']:,.0f}/mo; the frontier below is on that plan's scale."
)

left, right = st.columns(2)
left.subheader("Savings by workload")
by_wl = report.replay.by_workload[
    ["workload", "savings_month", "savings_month_lo", "savings_month_hi", "quality_change"]
]
show_table(
    by_wl.rename(
        columns={"savings_month": "saves $/mo", "savings_month_lo": "low $/mo", "savings_month_hi": "high $/mo"}
    ),
    container=left,
)
right.subheader("Other opportunities")
summary = compute_opportunity_rows(sav, report.opportunity_summary).reset_index()
show_table(
    summary[["kind", "savings_month", "standalone_month"]].rename(
        columns={"savings_month": "in turn $/mo", "standalone_month": "alone $/mo"}
    ),
    container=right,
    key="opportunities",
)
right.caption(
    "The routing policy's row is the headline (its substitutions and cascades, replayed). The others go beyond the "
    "policy and are estimates. In turn: one after another on the spend the previous ones leave. Alone: each on "
    "today's spend."
)

st.subheader("Per-prompt routing")
estimates = data.per_prompt_routing(store_url, user.org_slug)
if not estimates:
    st.caption(
        "Load evaluation results that score several models on the same prompts (Data page) to see what routing "
        "each prompt, instead of each segment, would add."
    )
for item in estimates:
    st.markdown(f"- {item.describe()}")

st.subheader("The policy")
show_table(compute_policy_table(report.policy), key="policy_table")
policy = report.policy.to_dict()
d1, d2, d3 = st.columns(3)
d1.download_button(
    "Policy (JSON)", json.dumps(policy, indent=2), "netra-policy.json", "application/json", key="dl_json"
)
d2.download_button(
    "Policy (YAML)", yaml.safe_dump(policy, sort_keys=False), "netra-policy.yaml", "text/yaml", key="dl_yaml"
)
litellm_yaml = compute_litellm_yaml(report.policy)
d3.download_button("LiteLLM config", litellm_yaml, "litellm-config.yaml", "text/yaml", key="dl_litellm")
litellm_warnings = compute_litellm_warnings(compute_litellm_config(report.policy))
if litellm_warnings:
    st.warning(
        "The LiteLLM config names models with no id their provider's API is known to accept; fix these before "
        "serving it (the file says so at the top):\n" + "\n".join(f"- {w}" for w in litellm_warnings),
    )
render_save(user, report.policy, optimizer_run=run.id)
render_past_runs(user)
