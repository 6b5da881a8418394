"""Each tool owns the words for its result (issue #15): the sub-agents ask the tool, not an if-chain on names."""

from __future__ import annotations

from netra_core.agents.assistant import make_registry
from netra_core.agents.context import AuthContext
from netra_core.agents.dispatcher import Dispatcher
from netra_core.agents.intents import Intent
from netra_core.agents.subagents.analysis import run_analysis
from netra_core.agents.tools import Tool, ToolArgs, ToolContext, ToolRegistry, ToolResult
from netra_core.agents.triage import Plan, ToolCall
from netra_core.roles import Role

# The tools whose results the analysis and catalog sub-agents put in words.
DESCRIBED = {
    "query_metrics",
    "get_kpis",
    "get_spend_change",
    "get_spend_over_time",
    "get_latency_by_model",
    "get_error_breakdown",
    "get_token_stats",
    "get_top_spenders",
    "get_unit_costs",
    "get_duplicate_share",
    "get_batchable_spend",
    "get_catalog",
    "get_model_comparison",
    "set_model_price",
}


def test_every_described_tool_carries_its_own_words() -> None:
    registry = make_registry()
    missing = sorted(name for name in DESCRIBED if (t := registry.get(name)) is None or t.describe is None)
    assert missing == []


def test_a_sub_agent_says_what_the_tool_describes() -> None:
    def fn(ctx: ToolContext, args: ToolArgs) -> ToolResult:
        return ToolResult(data={"n": 3}, table=[{"n": 3}])

    def words(result: ToolResult, plan: Plan) -> str:
        return f"{result.data['n']} things over {plan.window_label}"

    registry = ToolRegistry([Tool("count_things", "Counts things.", ToolArgs, fn, "data_analysis", describe=words)])
    auth = AuthContext(org_slug="acme", org_pk=1, user_pk=1, username="ana", role=Role.ANALYST)
    dispatcher = Dispatcher(registry=registry, ctx=ToolContext(auth=auth, store=None, session_factory=None))
    plan = Plan(intent=Intent.KPIS, window_label="the last 7 days")
    out = run_analysis([ToolCall(agent="data_analysis", tool="count_things")], dispatcher, plan)
    assert out.paragraphs == ["3 things over the last 7 days"]
    assert out.tables == [{"title": "count_things", "rows": [{"n": 3}]}]


def test_a_plan_read_back_from_json_has_its_intent_as_the_enum() -> None:
    plan = Plan.model_validate({"intent": "optimize"})
    assert plan.intent is Intent.OPTIMIZE
    assert plan.model_dump(mode="json")["intent"] == "optimize"
