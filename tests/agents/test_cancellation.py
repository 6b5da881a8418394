"""Timeouts stop tools: the dispatcher cancels a call, the tool stops at a safe point and lets go of the store."""

from __future__ import annotations

import dataclasses
import threading
import time
from typing import Any

import pytest

from netra_core.agents.assistant import make_registry
from netra_core.agents.dispatcher import Dispatcher
from netra_core.agents.tools import Tool, ToolArgs, ToolContext, ToolRegistry, ToolResult
from netra_core.catalog.builtin import BUILTIN_MODELS
from netra_core.errors import ToolFailedError
from netra_core.optimizer.report import compute_optimization
from netra_core.optimizer.segments import PromptBuckets
from netra_core.optimizer.solver import PolicyConstraints
from netra_core.workloads.segments import fetch_optimization_inputs
from tests.agents.builders import NOW, AgentEnv

# A cancelled call must stop within this long after its timeout (it reaches a safe point, then the dispatcher returns).
STOP_WITHIN_S = 1.0


class StopHereError(Exception):
    """Raised by a test checkpoint."""


def scan_until_cancelled(ctx: ToolContext, args: ToolArgs) -> ToolResult:
    """Holds a store session and queries in a loop: without cancellation it never returns."""
    with ctx.workload_client() as client:
        while True:
            client.query(
                "SELECT count() FROM workload_events WHERE org_id = {org:String}", parameters={"org": ctx.auth.org_slug}
            )


def _tool_threads(name: str) -> list[threading.Thread]:
    """The tool's worker threads still alive (an idle pool thread takes a moment to exit after the call ends)."""
    threads = [t for t in threading.enumerate() if t.name.startswith(f"tool-{name}")]
    for thread in threads:
        thread.join(timeout=1.0)
    return [t for t in threads if t.is_alive()]


def _assert_store_free(env: AgentEnv) -> None:
    """This thread gets a session at once: no tool thread of this process still holds the store."""
    with env.store.session(timeout_s=0.2) as client:
        assert client.query("SELECT 1").result_rows == [(1,)]


def test_a_timed_out_tool_stops_and_releases_the_store(agent_env: AgentEnv) -> None:
    """A tool that would scan forever is cancelled at its timeout; its session is closed right after."""
    tool = Tool("scan_until_cancelled", "test tool", ToolArgs, scan_until_cancelled, "data_analysis", timeout_s=0.5)
    seen: list[dict[str, Any]] = []
    ctx = ToolContext(
        auth=agent_env.auth("ana"), store=agent_env.store, session_factory=agent_env.session_factory, now=NOW
    )
    registry = make_registry()
    registry.add(tool)
    dispatcher = Dispatcher(registry, ctx, on_step=seen.append)
    started = time.perf_counter()
    with pytest.raises(ToolFailedError, match=r"scan_until_cancelled did not finish within 0\.5 s and was cancelled"):
        dispatcher.call("data_analysis", "scan_until_cancelled", {})
    assert time.perf_counter() - started < tool.timeout_s + STOP_WITHIN_S
    assert seen[-1]["status"] == "failed" and not dispatcher.calls
    assert _tool_threads("scan_until_cancelled") == []
    _assert_store_free(agent_env)
    # The run goes on: the next call has its own cancel event and runs normally.
    assert dispatcher.call("data_analysis", "get_kpis", {"days": 28}).data["kpis"]["requests"]["value"] == 3000


def test_optimize_policy_is_cancelled_at_its_timeout(agent_env: AgentEnv) -> None:
    """The optimizer pipeline (store reads, stages, frontier and replay loops) stops once its time is up."""
    registry = make_registry()
    optimize = registry.get("optimize_policy")
    assert optimize is not None
    quick = dataclasses.replace(optimize, timeout_s=0.05)
    ctx = ToolContext(
        auth=agent_env.auth("ana"), store=agent_env.store, session_factory=agent_env.session_factory, now=NOW
    )
    dispatcher = Dispatcher(ToolRegistry([quick]), ctx)
    started = time.perf_counter()
    with pytest.raises(ToolFailedError, match=r"optimize_policy did not finish within 0\.05 s and was cancelled"):
        dispatcher.call("optimization", "optimize_policy", {"days": 30, "budget_usd": 500})
    assert time.perf_counter() - started < quick.timeout_s + STOP_WITHIN_S
    assert _tool_threads("optimize_policy") == []
    _assert_store_free(agent_env)


def test_the_optimizer_stops_at_each_checkpoint(agent_env: AgentEnv) -> None:
    """compute_optimization calls its checkpoint between stages and in its loops; an error there stops it."""
    with agent_env.store.session() as client:
        inputs = fetch_optimization_inputs(client, "acme", 30, PromptBuckets())

    def optimize(check: Any) -> object:
        # No floor named: per-workload floors, so the frontier is an LP sweep (a loop with checkpoints).
        return compute_optimization(
            "acme",
            inputs,
            BUILTIN_MODELS,
            PolicyConstraints(quality_floor=0.0),
            max_quality_drop=0.0,
            n_boot=50,
            checkpoint=check,
        )

    calls: list[int] = []
    optimize(lambda: calls.append(1))
    workloads = inputs.segment_stats["workload"].nunique()
    assert len(calls) >= 5 + workloads  # the stages, plus one per workload in the replay
    for stop_at in (1, len(calls) // 2, len(calls)):
        seen: list[int] = []

        def check(stop_at: int = stop_at, seen: list[int] = seen) -> None:
            seen.append(1)
            if len(seen) == stop_at:
                raise StopHereError

        with pytest.raises(StopHereError):
            optimize(check)
        assert len(seen) == stop_at
