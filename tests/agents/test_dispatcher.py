"""The dispatcher: validation before running, retry versus stop, role checks, no org from arguments."""

from __future__ import annotations

from typing import Any

import pytest

from netra_core.agents.assistant import make_registry
from netra_core.agents.context import AuthContext
from netra_core.agents.dispatcher import Dispatcher
from netra_core.agents.tools import ToolContext
from netra_core.errors import PermissionDeniedError, ToolArgumentsError
from netra_core.roles import Role
from tests.agents.builders import NOW, AgentEnv


def _dispatcher(env: AgentEnv, username: str) -> tuple[Dispatcher, list[dict[str, Any]]]:
    seen: list[dict[str, Any]] = []
    ctx = ToolContext(auth=env.auth(username), store=env.store, session_factory=env.session_factory, now=NOW)
    return Dispatcher(make_registry(), ctx, on_step=seen.append), seen


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"days": -3}, "days: Input should be greater than 0 (got -3)"),
        ({"days": 7, "org_id": "globex"}, "org_id: Extra inputs are not permitted"),
        ({"by": "colour"}, "by: Input should be 'workload', 'user', 'session' or 'model'"),
        ({"end": "2026-11-01T00:00:00Z"}, "give `start` with `end`"),
    ],
)
def test_bad_arguments_are_retry_errors_naming_the_field(
    agent_env: AgentEnv, args: dict[str, Any], message: str
) -> None:
    """Nothing runs on bad arguments; the error says which field and value."""
    dispatcher, seen = _dispatcher(agent_env, "ana")
    with pytest.raises(ToolArgumentsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        dispatcher.call("data_analysis", "get_top_spenders", args)
    assert seen[-1]["status"] == "retry" and not dispatcher.calls


def test_unknown_tool_is_a_retry(agent_env: AgentEnv) -> None:
    """A made-up tool name lists the real ones."""
    dispatcher, _ = _dispatcher(agent_env, "ana")
    with pytest.raises(ToolArgumentsError, match="get_kpis"):
        dispatcher.call("supervisor", "run_sql", {"sql": "SELECT * FROM workload_events"})


def test_role_is_checked_before_arguments(agent_env: AgentEnv) -> None:
    """An analyst cannot change prices: the call is denied and recorded before its arguments are looked at."""
    dispatcher, seen = _dispatcher(agent_env, "ana")
    with pytest.raises(PermissionDeniedError, match="needs the admin role"):
        dispatcher.call("catalog", "set_model_price", {"model": "gpt-4o"})
    assert seen[-1]["status"] == "denied"


def test_org_comes_from_the_context_only(agent_env: AgentEnv) -> None:
    """Two users of two orgs, same arguments: each sees their own org's requests."""
    acme, _ = _dispatcher(agent_env, "ana")
    globex, _ = _dispatcher(agent_env, "gus")
    a = acme.call("data_analysis", "get_kpis", {"days": 28})
    g = globex.call("data_analysis", "get_kpis", {"days": 28})
    assert a.data["kpis"]["requests"]["value"] == 3000 and g.data["kpis"]["requests"]["value"] == 800
    assert a.sql[0]["parameters"]["org"] == "acme" and g.sql[0]["parameters"]["org"] == "globex"


def test_role_rank() -> None:
    """viewer < analyst < admin."""
    viewer = AuthContext("acme", 1, 1, "v", Role.VIEWER)
    admin = AuthContext("acme", 1, 2, "a", Role.ADMIN)
    assert not viewer.has_role("analyst") and admin.has_role("analyst") and admin.has_role("admin")
