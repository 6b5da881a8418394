"""The catalog sub-agent: prices, comparisons and what a model would cost on the org's own traffic."""

from __future__ import annotations

from netra_core.agents.answers import AgentOutput, count, money, score
from netra_core.agents.dispatcher import Dispatcher
from netra_core.agents.tools import ToolResult
from netra_core.agents.triage import Plan, ToolCall
from netra_core.markup import escape_values

AGENT = "catalog"


def describe(tool: str, result: ToolResult, plan: Plan) -> str:
    """One paragraph for one catalog result; names from the catalog are escaped (custom models are org data)."""
    data, rows = escape_values(result.data), escape_values(result.table)
    if tool == "get_catalog":
        if not rows:
            return "No model in the catalog matches; run `netra catalog sync` or name a model."
        prior = data.get("task_type")
        lines = []
        for r in rows[:12]:
            line = (
                f"{r['model']} ({r['provider']}): {money(r['input_per_mtok'])} input / "
                f"{money(r['output_per_mtok'])} output per million tokens"
            )
            if prior and r.get("quality_prior") is not None:
                line += f", {prior} quality prior {score(r['quality_prior'])}"
            lines.append(line)
        head = f"Cheapest by input price: {data['cheapest_model']}. " if len(rows) > 1 else ""
        return head + "; ".join(lines) + "."
    if tool == "get_model_comparison":
        if not data["requests"]:
            return (
                f"There is no traffic for the filter in {plan.window_label}, so the comparison can only use list "
                "prices: "
                + "; ".join(
                    f"{r['model']} {money(r['input_per_mtok'])} input / "
                    f"{money(r['output_per_mtok'])} output per million tokens"
                    for r in rows
                )
                + "."
            )
        text = (
            f"Your traffic over {plan.window_label} ({count(data['requests'])} requests, "
            f"{money(data['actual_spend_usd'])} actually spent) would cost at list prices: "
        )
        parts = []
        for r in rows:
            part = f"{r['model']} {money(r['cost_usd'])}"
            if data.get("task_type") and r.get("quality_prior") is not None:
                part += f" ({data['task_type']} quality prior {score(r['quality_prior'])})"
            parts.append(part)
        text += "; ".join(parts) + ". Quality priors are catalog defaults, not measured on your traffic."
        return text
    if tool == "set_model_price":
        return (
            f"The price of {data['model']} is now {money(data['input_per_mtok'])} input / "
            f"{money(data['output_per_mtok'])} output per million tokens for your org, from now on "
            "(other orgs keep theirs; history kept)."
        )
    return ""


def run_catalog(calls: list[ToolCall], dispatcher: Dispatcher, plan: Plan) -> AgentOutput:
    """Run the planned catalog calls and describe each result."""
    out = AgentOutput(agent=AGENT)
    for call in calls:
        result = dispatcher.call(AGENT, call.tool, call.args)
        out.paragraphs.append(describe(call.tool, result, plan))
        out.sql.extend(result.sql)
        if result.table:
            out.tables.append({"title": call.tool, "rows": result.table})
        if result.chart:
            out.charts.append({**result.chart, "data": call.tool})
    return out
