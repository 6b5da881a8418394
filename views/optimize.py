"""Optimize: constraints in; the cost-quality frontier, per-segment decisions, savings with intervals and exports out."""

import json

import plotly.graph_objects as go
import streamlit as st
import yaml

from netra_app import data
from netra_app.auth import current_user
from netra_app.resources import app_settings
from netra_core.errors import NetraError
from netra_core.optimizer.policy import compute_litellm_yaml, compute_policy_table

user = current_user()
store_url = app_settings().resolved_store_url
st.title("Optimize")
st.caption(
    "The cheapest way to serve your traffic at the quality and latency you require, replayed on your own events."
)
options, last_event = data.org_dimensions(store_url, user.org_slug)
if last_event is None:
    st.info("No traffic loaded for your org yet.")
    st.stop()

with st.form("optimize_constraints"):
    c1, c2, c3 = st.columns(3)
    days = c1.selectbox("Window (days before the latest event)", [7, 14, 30, 90], index=2)
    floor = c2.slider("Quality floor (traffic-weighted)", 0.50, 1.00, 0.80, 0.01)
    drop = c3.slider(
        "Max quality drop per workload",
        0.00,
        0.20,
        0.05,
        0.01,
        help="Each workload stays within this of its quality today.",
    )
    c4, c5, c6 = st.columns(3)
    p95 = c4.number_input("p95 latency SLO for every workload (ms, 0 = none)", min_value=0, value=0, step=250)
    providers = c5.multiselect(
        "Allowed providers (empty = all)", sorted({p.provider for p in data.candidate_profiles(user.org_slug)})
    )
    batch = c6.multiselect("Latency-insensitive workloads (may use batch APIs)", options["workloads"])
    submitted = st.form_submit_button("Find the cheapest policy", type="primary")

params = {"days": days, "floor": floor, "drop": drop, "p95": p95, "providers": tuple(providers), "batch": tuple(batch)}
if submitted:
    st.session_state["optimize_params"] = params
params = st.session_state.get("optimize_params")
if params is None:
    st.info("Set the constraints and press the button.")
    st.stop()
try:
    with st.spinner("Solving and replaying your traffic…"):
        recommendation = data.recommendation(store_url, user.org_slug, **params)
except NetraError as exc:
    st.error(str(exc))
    st.stop()
report = recommendation.report

sol, rep = report.solution.totals, report.replay.totals
m1, m2, m3, m4 = st.columns(4)
m1.metric("Spend now", f"${rep['current_cost_month']:,.0f}/mo", border=True)
m2.metric("With the policy", f"${rep['policy_cost_month']:,.0f}/mo", border=True)
m3.metric("Savings", f"${rep['savings_month']:,.0f}/mo", f"{rep['savings_pct']:.1%}", border=True,
          help=f"95% interval ${rep['savings_month_lo']:,.0f} to ${rep['savings_month_hi']:,.0f} per month (bootstrap over events)")  # fmt: skip
m4.metric("Quality change", f"{rep['quality_change']:+.3f}", border=True,
          help=f"95% interval {rep['quality_change_lo']:+.3f} to {rep['quality_change_hi']:+.3f}")  # fmt: skip
st.caption(
    f"Savings 95% interval: ${rep['savings_month_lo']:,.0f} to ${rep['savings_month_hi']:,.0f} per month; "
    f"quality {sol['current_quality'] or float('nan'):.3f} → {sol['policy_quality']:.3f} (floor {sol['quality_floor']:.2f}); "
    f"{recommendation.candidates.note}."
)

frontier = report.frontier
fig = go.Figure()
fig.add_scatter(x=frontier["quality"], y=frontier["cost_month"], mode="lines", name="Cheapest cost at each quality")
if sol.get("current_quality") is not None:
    fig.add_scatter(x=[sol["current_quality"]], y=[sol["current_cost_month"]], mode="markers", name="Today",
                    marker={"size": 14, "symbol": "x"})  # fmt: skip
fig.add_scatter(x=[sol["policy_quality"]], y=[sol["policy_cost_month"]], mode="markers", name="Recommendation",
                marker={"size": 14, "symbol": "star"})  # fmt: skip
fig.update_layout(
    title="Cost-quality frontier", xaxis_title="Expected quality", yaxis_title="USD per month", margin={"t": 40}
)
st.plotly_chart(fig, key="frontier")

st.subheader("Decisions by segment")
for line in report.solution.decisions[:15]:
    st.markdown(f"- {line}")
if len(report.solution.decisions) > 15:
    with st.expander(f"All {len(report.solution.decisions)} decisions"):
        st.markdown("\n".join(f"- {line}" for line in report.solution.decisions))

left, right = st.columns(2)
left.subheader("Savings by workload")
by_wl = report.replay.by_workload[
    ["workload", "savings_month", "savings_month_lo", "savings_month_hi", "quality_change"]
]
left.dataframe(by_wl.rename(columns={"savings_month": "saves $/mo", "savings_month_lo": "low", "savings_month_hi": "high"}),
               hide_index=True)  # fmt: skip
right.subheader("Other opportunities")
summary = report.opportunity_summary.reset_index()
right.dataframe(summary[["kind", "savings_month", "standalone_month"]].rename(
    columns={"savings_month": "in turn $/mo", "standalone_month": "alone $/mo"}), hide_index=True)  # fmt: skip
right.caption(
    "In turn: applied one after another on the spend the previous ones leave, so they add up. Alone: each on today's spend."
)

st.subheader("Per-prompt routing")
estimates = data.per_prompt_routing(store_url, user.org_slug)
if not estimates:
    st.caption("Load evaluation results that score several models on the same prompts (Data page) to see what routing "
               "each prompt, instead of each segment, would add.")  # fmt: skip
for item in estimates:
    st.markdown(f"- {item.describe()}")

st.subheader("The policy")
st.dataframe(compute_policy_table(report.policy), hide_index=True, width="stretch")
policy = report.policy.to_dict()
d1, d2, d3 = st.columns(3)
d1.download_button(
    "Policy (JSON)", json.dumps(policy, indent=2), "netra-policy.json", "application/json", key="dl_json"
)
d2.download_button(
    "Policy (YAML)", yaml.safe_dump(policy, sort_keys=False), "netra-policy.yaml", "text/yaml", key="dl_yaml"
)
d3.download_button(
    "LiteLLM config", compute_litellm_yaml(report.policy), "litellm-config.yaml", "text/yaml", key="dl_litellm"
)
