"""The optimization sub-agent: "cut 30 %" gets a policy with replayed savings and an interval, from the optimizer."""

from __future__ import annotations

from netra_core.agents.answers import compute_unsupported_numbers, money, pct
from netra_core.agents.assistant import ask
from netra_core.catalog.builtin import BUILTIN_MODELS
from netra_core.optimizer.report import compute_optimization
from netra_core.optimizer.segments import PromptBuckets
from netra_core.optimizer.solver import PolicyConstraints
from netra_core.workloads.segments import fetch_optimization_inputs
from tests.agents.builders import NOW, AgentEnv


def test_cut_30_percent_reports_replayed_savings_with_an_interval(agent_env: AgentEnv) -> None:
    """The answer's savings and interval are the optimizer's replay for acme's last 30 days at the floor."""
    result = ask(agent_env.session_factory, agent_env.store, agent_env.auth("vic"),
                 "cut our LLM bill 30% without dropping quality below 0.8", now=NOW)  # fmt: skip
    assert result.status == "succeeded", result.error
    step = next(s for s in result.steps if s.get("tool") == "optimize_policy")
    assert step["args"]["savings_pct"] == 30 and step["args"]["quality_floor"] == 0.8 and step["args"]["days"] == 30
    with agent_env.store.session() as client:
        inputs = fetch_optimization_inputs(client, "acme", 30, PromptBuckets())
    report = compute_optimization("acme", inputs, BUILTIN_MODELS, PolicyConstraints(quality_floor=0.8),
                                  buckets=PromptBuckets(), seed=0)  # fmt: skip
    replay = report.replay.totals
    assert f"saves {money(replay['savings_month'])} a month ({pct(replay['savings_pct'])})" in result.text
    assert f"95 % interval {money(replay['savings_month_lo'])} to {money(replay['savings_month_hi'])}" in result.text
    assert ("is met" in result.text) == (replay["savings_pct"] >= 0.30)
    assert step["result"]["policy"]["rules"], "the exportable policy is on the run"
    evidence = [{"args": step["args"], "data": step["result"]}]
    assert compute_unsupported_numbers(result.text, evidence) == []
