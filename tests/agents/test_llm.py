"""The LLM supervisor through the real `openai` SDK against a scripted server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest

from netra_core.agents.answers import money
from netra_core.agents.assistant import ask
from netra_core.agents.llm_supervisor import make_llm_supervisor
from netra_core.agents.providers import make_provider
from netra_core.agents.providers.openai_compat import OpenAICompatProvider
from netra_core.config import Settings
from netra_core.db.models import Run
from netra_core.db.runs import fetch_messages
from netra_core.errors import ConfigError
from tests.agents.builders import NOW, AgentEnv, make_events
from tests.agents.conftest import ALLOWED_MODEL_URLS
from tests.agents.scripted_server import (
    ScriptedServer,
    run_scripted_server,
    stall,
    stall_mid_stream,
    status,
    stream_text,
    stream_tool_calls,
)

ACME = make_events("acme", 3000, seed=1)


@contextmanager
def scripted(script: list[dict[str, Any]], timeout_s: float = 5.0) -> Iterator[tuple[ScriptedServer, Any]]:
    """A scripted server and a provider pointed at it (and only it)."""
    with run_scripted_server(script) as server:
        ALLOWED_MODEL_URLS.add(server.base_url)
        provider = OpenAICompatProvider(
            base_url=server.base_url, model="gpt-4o-mini", api_key="test", timeout_s=timeout_s, max_retries=1
        )
        yield server, provider


def _week_spend() -> float:
    week = ACME[(ACME["ts"] >= NOW - timedelta(days=7)) & (ACME["ts"] < NOW)]
    return float(week["cost_usd"].sum())


def test_tool_calls_and_streamed_answer(agent_env: AgentEnv) -> None:
    """The model calls get_kpis; the dispatcher runs it for acme; the streamed text is the answer; usage is kept."""
    spend = money(_week_spend())
    script = [stream_tool_calls(("get_kpis", {"days": 7})), stream_text(f"You spent {spend} in the last 7 days.")]
    deltas: list[str] = []
    with scripted(script) as (server, provider):
        result = ask(
            agent_env.session_factory,
            agent_env.store,
            agent_env.auth("ana"),
            "spend last week?",
            now=NOW,
            supervisor=make_llm_supervisor(provider, on_text=deltas.append),
        )
    assert result.status == "succeeded", result.error
    assert result.text == f"You spent {spend} in the last 7 days." and len(deltas) >= 2
    call = next(s for s in result.steps if s.get("tool") == "get_kpis")
    assert call["agent"] == "data_analysis" and call["sql"][0]["parameters"]["org"] == "acme"
    second = server.requests[1]["body"]["messages"]
    tool_msg = next(m for m in second if m["role"] == "tool")
    assert '"spend_usd"' in tool_msg["content"] and server.requests[0]["body"]["stream"] is True
    assert "acme" in server.requests[0]["body"]["messages"][0]["content"]
    with agent_env.session_factory() as session:
        run = session.get(Run, result.run_id)
        assert run is not None
        assert run.usage["prompt_tokens"] == 320 and run.usage["completion_tokens"] == 50
        assert run.usage["cost_usd"] == pytest.approx((320 * 0.15 + 50 * 0.6) / 1e6)


def test_an_org_argument_is_refused_and_retried(agent_env: AgentEnv) -> None:
    """A model that passes org_id gets "bad arguments, retry"; the retry runs for the signed-in org only."""
    script = [
        stream_tool_calls(("get_kpis", {"days": 7, "org_id": "globex"})),
        stream_tool_calls(("get_kpis", {"days": 7})),
        stream_text(f"Spend was {money(_week_spend())}."),
    ]
    with scripted(script) as (server, provider):
        result = ask(
            agent_env.session_factory,
            agent_env.store,
            agent_env.auth("ana"),
            "spend of org globex",
            now=NOW,
            supervisor=make_llm_supervisor(provider),
        )
    tools = [s for s in result.steps if s.get("tool") == "get_kpis"]
    assert [s["status"] for s in tools] == ["retry", "ok"]
    assert "org_id" in tools[0]["error"] and tools[1]["sql"][0]["parameters"]["org"] == "acme"
    assert "Extra inputs are not permitted" in server.requests[1]["body"]["messages"][-1]["content"]


def test_a_viewer_cannot_change_a_price_through_the_model(agent_env: AgentEnv) -> None:
    """The tool is not offered to a viewer; called anyway, it is denied and recorded."""
    script = [
        stream_tool_calls(("set_model_price", {"model": "gpt-4o", "input_per_mtok": 0, "output_per_mtok": 0})),
        stream_text("I cannot change prices with your role."),
    ]
    with scripted(script) as (server, provider):
        result = ask(
            agent_env.session_factory,
            agent_env.store,
            agent_env.auth("vic"),
            "make gpt-4o free",
            now=NOW,
            supervisor=make_llm_supervisor(provider),
        )
    offered = [t["function"]["name"] for t in server.requests[0]["body"]["tools"]]
    assert "set_model_price" not in offered and "get_kpis" in offered
    denied = next(s for s in result.steps if s.get("tool") == "set_model_price")
    assert denied["status"] == "denied" and result.status == "succeeded"


def test_untraced_numbers_are_flagged(agent_env: AgentEnv) -> None:
    """A number the model made up is marked on the answer and the run."""
    script = [stream_tool_calls(("get_kpis", {"days": 7})), stream_text("You spent $999,999.99 last week.")]
    with scripted(script) as (_server, provider):
        result = ask(
            agent_env.session_factory,
            agent_env.store,
            agent_env.auth("ana"),
            "spend?",
            now=NOW,
            supervisor=make_llm_supervisor(provider),
        )
    assert "could not be traced" in result.text and result.payload["unsupported_numbers"] == ["999,999.99"]
    assert any(s.get("kind") == "untraced_numbers" for s in result.steps)


def test_a_429_is_retried_by_the_sdk(agent_env: AgentEnv) -> None:
    """One 429 then a normal answer: the run succeeds."""
    with scripted([status(429, "slow down"), stream_text("No numbers needed.")]) as (server, provider):
        result = ask(
            agent_env.session_factory,
            agent_env.store,
            agent_env.auth("ana"),
            "hello",
            now=NOW,
            supervisor=make_llm_supervisor(provider),
        )
    assert result.status == "succeeded" and len(server.requests) == 2


@pytest.mark.parametrize(
    ("script", "reason", "timeout_s"),
    [
        ([status(429, "slow down"), status(429, "slow down")], "HTTP 429", 5.0),
        ([status(500, "boom"), status(500, "boom")], "HTTP 500", 5.0),
        ([stall(2.0), stall(2.0)], "did not answer within 0.3 s", 0.3),
        ([stall_mid_stream(stream_text("Spend was"), 2, 2.0)], "did not answer within 0.3 s", 0.3),
    ],
    ids=["429", "500", "timeout", "stall-mid-stream"],
)
def test_a_failed_model_call_fails_the_run_and_keeps_the_thread(
    agent_env: AgentEnv, script: list[dict[str, Any]], reason: str, timeout_s: float
) -> None:
    """Retries exhausted: the run is failed with the reason; the earlier exchange is intact."""
    sf, st, auth = agent_env.session_factory, agent_env.store, agent_env.auth("ana")
    first = ask(sf, st, auth, "spend last week", now=NOW)
    with scripted(script, timeout_s=timeout_s) as (_server, provider):
        result = ask(
            sf, st, auth, "and yesterday?", thread_id=first.thread_id, now=NOW, supervisor=make_llm_supervisor(provider)
        )
    assert result.status == "failed" and reason in (result.error or "")
    with sf() as session:
        messages = fetch_messages(session, first.thread_id)
    assert [m.content for m in messages[:2]] == ["spend last week", first.text]
    assert any(s.get("kind") == "model" and s["detail"]["status"] == "failed" for s in result.steps)


def test_the_guard_refuses_any_other_model_endpoint() -> None:
    """A provider pointed at a real endpoint cannot even be built in a test."""
    with pytest.raises(AssertionError, match="tried to call a model"):
        OpenAICompatProvider(base_url="https://api.openai.com/v1", model="gpt-4o", api_key="sk-test")


def test_make_provider_follows_settings(tmp_path: Any) -> None:
    """No LLM by default; the OpenAI path needs a model (Anthropic's settings: test_llm_anthropic.py)."""
    assert make_provider(Settings(_env_file=None, data_dir=tmp_path)) is None  # type: ignore[call-arg]
    with pytest.raises(ConfigError, match="NETRA_LLM_MODEL is not set"):
        make_provider(Settings(_env_file=None, data_dir=tmp_path, llm_provider="openai"))  # type: ignore[call-arg]
