"""What each catalog tool's result says: prices, comparisons and what a model would cost on the org's traffic.

Each function is the `describe` of one tool (attached in tools_catalog.py); names from the catalog are escaped
(custom models are org data).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netra_core.agents.answers import count, money, score
from netra_core.agents.tools import ToolResult
from netra_core.markup import escape_values

if TYPE_CHECKING:
    from netra_core.agents.triage import Plan


def describe_catalog(result: ToolResult, plan: Plan) -> str:
    """Catalog prices, cheapest first, with the task's quality prior where asked."""
    data, rows = escape_values(result.data), escape_values(result.table)
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


def describe_model_comparison(result: ToolResult, plan: Plan) -> str:
    """Models compared on the org's own traffic (or on list prices when there is none)."""
    data, rows = escape_values(result.data), escape_values(result.table)
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


def describe_set_model_price(result: ToolResult, plan: Plan) -> str:
    """A price set for the org."""
    data = escape_values(result.data)
    return (
        f"The price of {data['model']} is now {money(data['input_per_mtok'])} input / "
        f"{money(data['output_per_mtok'])} output per million tokens for your org, from now on "
        "(other orgs keep theirs; history kept)."
    )
