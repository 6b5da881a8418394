"""The what-if sub-agent: traffic repriced at another model's prices, with quality and latency stated as estimates."""

from __future__ import annotations

from typing import Any

from netra_core.agents.answers import AgentOutput, count, money, ms, pct, score
from netra_core.agents.dispatcher import Dispatcher
from netra_core.agents.triage import Plan, ToolCall
from netra_core.markup import escape_values

AGENT = "whatif"
QUALITY_BASIS = {
    "eval_results": "from {n} eval results of that model on the same task types",
    "observed": "from {n} scored requests it already served on the same task types",
    "catalog prior": "the catalog prior for these task types, not measured on your traffic",
    "none": "unknown: no eval results, no scored traffic and no catalog prior",
}
LATENCY_BASIS = {
    "observed": "observed on {n} requests it already served on the same task types",
    "profile": "from its catalog profile of time to first token and output speed, not measured on your traffic",
}


def compute_scope_text(scope: dict[str, Any]) -> str:
    """What traffic was repriced, in words: "the doc-summarizer workload", "gpt-4o traffic for summarization"."""
    parts = []
    if scope.get("workloads"):
        parts.append(f"the {', '.join(scope['workloads'])} workload{'s' if len(scope['workloads']) > 1 else ''}")
    if scope.get("models"):
        parts.append(f"{', '.join(scope['models'])} traffic")
    if scope.get("providers"):
        parts.append(f"traffic served by {', '.join(scope['providers'])}")
    if scope.get("task_types"):
        parts.append(f"{', '.join(scope['task_types'])} requests")
    return " / ".join(parts) if parts else "all your traffic"


def describe_reprice(data: dict[str, Any], window_label: str) -> str:
    """The repricing paragraph; every number comes from the tool's data."""
    d = escape_values(data)
    scope = compute_scope_text(d["scope"])
    prices = f"{money(d['input_per_mtok'])} input / {money(d['output_per_mtok'])} output per million tokens" + (
        f", {money(d['cached_input_per_mtok'])} cached input" if d.get("cached_input_per_mtok") is not None else ""
    )
    if not d["requests"]:
        return (
            f"There is no traffic for {scope} in {window_label}, so there is nothing to reprice. "
            f"{d['target_model']} ({d['target_provider']}) costs {prices}."
        )
    change = d["change_pct"]
    direction = (
        "the same"
        if not d["change_usd"]
        else f"{'more' if d['change_usd'] > 0 else 'less'}: {money(abs(d['change_usd']))}"
        + (f", {'up' if change > 0 else 'down'} {pct(abs(change))}" if change is not None else "")
    )
    text = (
        f"Over {window_label}, {scope} ({count(d['requests'])} requests; {count(d['prompt_tokens'])} prompt tokens, "
        f"{count(d['cached_tokens'])} of them cached, and {count(d['completion_tokens'])} completion tokens) cost "
        f"{money(d['current_cost_usd'])}. At {d['target_model']} ({d['target_provider']}) prices from your price "
        f"book ({prices}) the same tokens would have cost {money(d['repriced_cost_usd'])}, {direction}."
    )
    if d.get("batch_requests"):
        text += f" {count(d['batch_requests'])} batch requests are priced with the batch discount."
    quality = QUALITY_BASIS[d["quality_basis"]].format(n=count(d.get("quality_n")))
    latency = LATENCY_BASIS[d["latency_basis"]].format(n=count(d.get("latency_n")))
    text += (
        f" Estimates, not measurements: on {d['target_model']} expected quality {score(d['target_quality'])} "
        f"({quality})"
    )
    if d.get("current_quality") is not None:
        text += f" against {score(d['current_quality'])} observed on this traffic now"
    text += f"; p95 latency about {ms(d['target_p95_ms'])} ({latency})"
    if d.get("current_p95_ms") is not None:
        text += f" against {ms(d['current_p95_ms'])} now"
    return text + "."


def run_whatif(calls: list[ToolCall], dispatcher: Dispatcher, plan: Plan) -> AgentOutput:
    """Run the planned what-if calls and describe each result."""
    out = AgentOutput(agent=AGENT)
    for call in calls:
        result = dispatcher.call(AGENT, call.tool, call.args)
        out.paragraphs.append(describe_reprice(result.data, plan.window_label or "the window"))
        out.sql.extend(result.sql)
        if result.table:
            out.tables.append({"title": call.tool, "rows": result.table})
        if result.chart:
            out.charts.append({**result.chart, "data": call.tool})
    return out
