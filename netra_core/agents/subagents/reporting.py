"""The reporting sub-agent: a written summary built from the analysis tools' results."""

from __future__ import annotations

from netra_core.agents.answers import AgentOutput
from netra_core.agents.dispatcher import Dispatcher
from netra_core.agents.subagents.analysis import run_analysis
from netra_core.agents.triage import Plan, ToolCall

AGENT = "reporting"


def run_reporting(calls: list[ToolCall], dispatcher: Dispatcher, plan: Plan) -> AgentOutput:
    """Spend, top workloads, errors and latency, as one written summary."""
    out = run_analysis(calls, dispatcher, plan, agent=AGENT)
    out.paragraphs.insert(0, f"Summary for {plan.window_label}:")
    out.paragraphs.append(
        "Scheduled notebook reports are not available from the assistant yet; this summary is the written report."
    )
    return out
