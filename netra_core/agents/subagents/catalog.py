"""The catalog sub-agent: prices, comparisons and what a model would cost on the org's own traffic."""

from __future__ import annotations

from netra_core.agents.answers import AgentOutput
from netra_core.agents.dispatcher import Dispatcher
from netra_core.agents.triage import Plan, ToolCall

AGENT = "catalog"


def run_catalog(calls: list[ToolCall], dispatcher: Dispatcher, plan: Plan) -> AgentOutput:
    """Run the planned catalog calls and describe each result."""
    out = AgentOutput(agent=AGENT)
    for call in calls:
        result = dispatcher.call(AGENT, call.tool, call.args)
        out.paragraphs.append(dispatcher.describe(call.tool, result, plan))
        out.sql.extend(result.sql)
        if result.table:
            out.tables.append({"title": call.tool, "rows": result.table})
        if result.chart:
            out.charts.append({**result.chart, "data": call.tool})
    return out
