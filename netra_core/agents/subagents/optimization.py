"""The optimization sub-agent: the routing policy, its replayed savings with an interval, risks, the export."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from netra_core.agents.answers import AgentOutput, money, ms, pct, score
from netra_core.agents.dispatcher import Dispatcher
from netra_core.agents.triage import Plan, ToolCall
from netra_core.errors import PermissionDeniedError
from netra_core.markup import escape_markdown

AGENT = "optimization"
UNAVAILABLE = (
    "Optimization is not available from the assistant yet: the policy solver is not wired in as a tool, "
    "so I will not guess savings. The constraints I understood are recorded on this run."
)
DENIED = (
    "Routing recommendations are for analysts and admins, as on the Optimize page: {error}. Spend, latency, "
    "errors and quality are open to your role; an analyst can run the recommendation and share the policy."
)


def compute_constraints_text(applied: list[str]) -> str:
    """The constraints a policy search applied, as one sentence (names in them are escaped)."""
    return "Constraints applied: " + "; ".join(escape_markdown(c) for c in applied) + "."


def compute_window_text(data: dict[str, Any]) -> str:
    """How the answer names the window: the last N days, or a calendar window's start and end (UTC)."""
    if not data.get("is_calendar_window"):
        return f"Over the last {data['window_days']:g} days of traffic"
    start, end = datetime.fromisoformat(data["window_start"]), datetime.fromisoformat(data["window_end"])
    return f"Over the traffic from {start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M} UTC"


def run_optimization(calls: list[ToolCall], dispatcher: Dispatcher, plan: Plan) -> AgentOutput:
    """Run the optimizer tool when it exists; otherwise say so plainly (never a made-up number)."""
    out = AgentOutput(agent=AGENT)
    for call in calls:
        if dispatcher.registry.get(call.tool) is None:
            dispatcher.note(AGENT, "unavailable", {"tool": call.tool, "args": call.args})
            out.paragraphs.append(UNAVAILABLE)
            continue
        try:
            result = dispatcher.call(AGENT, call.tool, call.args)
        except PermissionDeniedError as exc:  # the denial is on the run's steps
            out.paragraphs.append(DENIED.format(error=escape_markdown(exc)))
            continue
        d = result.data
        if not d.get("segments"):
            # The solver's reason names workloads and models: data, so escaped (the other strings are ours).
            text = escape_markdown(d.get("message", "There is not enough traffic in the window to optimize."))
            if d.get("constraints_applied"):
                text += " " + compute_constraints_text(d["constraints_applied"])
            out.paragraphs.append(text)
            continue
        # One savings figure (the replay), stated once: window dollars, share, run-rate and interval, then its definition.
        text = (
            f"{compute_window_text(d)}, the recommended routing policy saves {money(d['savings_window_usd'])} on "
            f"those {d['events']:,} requests ({pct(d['replay_savings_pct'])} of their spend): "
            f"{money(d['replay_savings_month'])} a month at that rate, {d['interval_level']} % interval "
            f"{money(d['replay_savings_low'])} to {money(d['replay_savings_high'])}, spend going from "
            f"{money(d['current_cost_month'])} to {money(d['policy_cost_month'])} a month. "
            f"How it is counted: {escape_markdown(d['savings_definition'])} "
            f"Expected quality {score(d['policy_quality'])}"
        )
        text += (
            f" against a floor of {score(d['quality_floor'])}."
            if d["quality_floor"]
            else ", with no workload below its current expected quality."
        )
        target = d.get("savings_pct_target")
        if target is not None:
            met = d["replay_savings_pct"] * 100 >= target
            text += f" Your target of {target:g} % is {'met' if met else 'not met at this quality floor'}."
        if d.get("budget_usd") is not None:
            fits = d["policy_cost_month"] <= d["budget_usd"]
            text += f" Your budget of {money(d['budget_usd'])} a month is {'met' if fits else 'not met'}."
        if d.get("prior_only_targets"):
            text += (
                " Quality risk: these substitutions go to models with no measured quality in your own traffic, "
                "so their quality is the catalog's prior: "
                + "; ".join(escape_markdown(t) for t in d["prior_only_targets"])
                + "."
            )
        if d.get("constraints_applied"):
            text += " " + compute_constraints_text(d["constraints_applied"])
        if d.get("p95_limit_ms") is not None and d.get("policy_p95_max_ms") is not None:
            text += (
                f" The slowest segment of the policy has an estimated p95 of {ms(d['policy_p95_max_ms'])}, "
                f"under the limit of {ms(d['p95_limit_ms'])}."
            )
        text += " The policy is attached as JSON (exportable with `netra optimize --export`)."
        if d.get("candidates_note"):
            text += " " + d["candidates_note"]
        out.paragraphs.append(text)
        out.tables.append({"title": "policy", "rows": result.table})
        out.sql.extend(result.sql)
    return out
