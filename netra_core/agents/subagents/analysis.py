"""The data-analysis sub-agent: runs analytics tools and writes what they found, numbers from results only."""

from __future__ import annotations

from netra_core.agents.answers import AgentOutput
from netra_core.agents.describe_analytics import compute_scope
from netra_core.agents.dispatcher import Dispatcher
from netra_core.agents.triage import Plan, ToolCall

AGENT = "data_analysis"
__all__ = ["AGENT", "compute_scope", "run_analysis"]


def run_analysis(calls: list[ToolCall], dispatcher: Dispatcher, plan: Plan, agent: str = AGENT) -> AgentOutput:
    """Run the planned analytics calls and describe each result."""
    out = AgentOutput(agent=agent)
    said: set[str] = set()
    for call in calls:
        result = dispatcher.call(agent, call.tool, call.args)
        # Two breakdowns of one window share their headline sentence; say it once.
        sentences = [x for x in dispatcher.describe(call.tool, result, plan).split(". ") if x not in said]
        said.update(sentences)
        out.paragraphs.append(". ".join(sentences))
        out.sql.extend(result.sql)
        if result.table:
            out.tables.append({"title": call.tool, "rows": result.table})
        if result.chart:
            out.charts.append({**result.chart, "data": call.tool})
    return out
