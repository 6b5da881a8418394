"""The Anthropic provider and the LLM supervisor through the real `anthropic` SDK against a scripted server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import anthropic
import pytest

from netra_core.agents.answers import money
from netra_core.agents.assistant import ask
from netra_core.agents.llm_supervisor import make_llm_supervisor
from netra_core.agents.providers import make_provider
from netra_core.agents.providers.anthropic_messages import (
    AnthropicProvider,
    compute_anthropic_messages,
    compute_anthropic_tools,
    compute_base_url,
)
from netra_core.config import Settings
from netra_core.db.models import Run
from netra_core.db.runs import fetch_messages
from netra_core.errors import ConfigError, LLMError
from tests.agents.builders import NOW, AgentEnv, make_events
from tests.agents.conftest import ALLOWED_MODEL_URLS
from tests.agents.scripted_anthropic import (
    ScriptedAnthropicServer,
    run_scripted_anthropic,
    stall,
    stall_mid_stream,
    status,
    stream_error,
    stream_text,
    stream_tool_calls,
)

ACME = make_events("acme", 3000, seed=1)
MODEL = "claude-3-5-haiku"  # in the built-in catalog, so the run's cost can be checked


@contextmanager
def scripted(
    script: list[dict[str, Any]], timeout_s: float = 5.0, max_tokens: int = 1024
) -> Iterator[tuple[ScriptedAnthropicServer, AnthropicProvider]]:
    """A scripted server and a provider pointed at it (and only it)."""
    with run_scripted_anthropic(script) as server:
        ALLOWED_MODEL_URLS.add(server.base_url)
        provider = AnthropicProvider(
            model=MODEL,
            api_key="sk-ant-test",
            base_url=server.base_url,
            timeout_s=timeout_s,
            max_tokens=max_tokens,
            max_retries=1,
        )
        yield server, provider


def _settings(tmp_path: Path, **values: Any) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path, **values)  # type: ignore[call-arg]


def _sent_key(headers: dict[str, str]) -> str:
    # SDK versions differ: `x-api-key: KEY` or `authorization: Bearer KEY`.
    return headers.get("x-api-key") or headers.get("authorization", "").removeprefix("Bearer ")


def _week_spend() -> float:
    week = ACME[(ACME["ts"] >= NOW - timedelta(days=7)) & (ACME["ts"] < NOW)]
    return float(week["cost_usd"].sum())


# --- translation (pure) -------------------------------------------------------------------------------------------


def test_openai_format_chat_becomes_messages_api_turns() -> None:
    """System -> `system`; tool_calls -> tool_use blocks; consecutive tool results -> one user turn, ids kept."""
    chat: list[dict[str, Any]] = [
        {"role": "system", "content": "You are Netra."},
        {"role": "user", "content": "spend and errors?"},
        {
            "role": "assistant",
            "content": "Checking.",
            "tool_calls": [
                {"id": "toolu_a", "type": "function", "function": {"name": "get_kpis", "arguments": '{"days": 7}'}},
                {"id": "toolu_b", "type": "function", "function": {"name": "get_errors", "arguments": "{not json"}},
            ],
        },
        {"role": "tool", "tool_call_id": "toolu_a", "content": '{"spend_usd": 12.5}'},
        {"role": "tool", "tool_call_id": "toolu_b", "content": "bad arguments, retry"},
        {"role": "assistant", "content": None},
        {"role": "user", "content": "thanks"},
    ]
    system, turns = compute_anthropic_messages(chat)
    assert system == "You are Netra."
    assert [t["role"] for t in turns] == ["user", "assistant", "user"]
    assert turns[1]["content"] == [
        {"type": "text", "text": "Checking."},
        {"type": "tool_use", "id": "toolu_a", "name": "get_kpis", "input": {"days": 7}},
        {"type": "tool_use", "id": "toolu_b", "name": "get_errors", "input": {}},
    ]
    assert turns[2]["content"] == [
        {"type": "tool_result", "tool_use_id": "toolu_a", "content": '{"spend_usd": 12.5}'},
        {"type": "tool_result", "tool_use_id": "toolu_b", "content": "bad arguments, retry"},
        {"type": "text", "text": "thanks"},
    ]
    with pytest.raises(LLMError, match="'function'"):
        compute_anthropic_messages([{"role": "function", "content": "x"}])


def test_function_tools_become_input_schema_tools() -> None:
    """{"type": "function", "function": {...}} -> {name, description, input_schema}."""
    params = {"type": "object", "properties": {"days": {"type": "integer"}}, "required": ["days"]}
    tools = [
        {"type": "function", "function": {"name": "get_kpis", "description": "KPIs", "parameters": params}},
        {"type": "function", "function": {"name": "list_dimensions"}},
    ]
    assert compute_anthropic_tools(tools) == [
        {"name": "get_kpis", "description": "KPIs", "input_schema": params},
        {"name": "list_dimensions", "input_schema": {"type": "object", "properties": {}}},
    ]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, "https://api.anthropic.com"),
        ("https://api.anthropic.com/v1/", "https://api.anthropic.com"),
        ("http://127.0.0.1:4000", "http://127.0.0.1:4000"),
        ("http://proxy:4000/anthropic/v1", "http://proxy:4000/anthropic"),
    ],
)
def test_base_url_drops_a_trailing_v1(given: str | None, expected: str) -> None:
    """The SDK adds /v1/messages itself, so a URL copied with /v1 still works."""
    assert compute_base_url(given) == expected


# --- the provider through the SDK ----------------------------------------------------------------------------------


def test_streamed_text_reaches_the_callback_and_usage_is_read() -> None:
    """Text deltas arrive one by one; prompt tokens include cached ones; the request is what the API expects."""
    deltas: list[str] = []
    with scripted(
        [stream_text("Spend is flat this week.", pieces=4, input_tokens=90, output_tokens=12, cache_read_tokens=10)]
    ) as (server, provider):
        response = provider.complete([{"role": "user", "content": "hi"}], [], deltas.append)
    assert response.text == "Spend is flat this week." and len(deltas) >= 4 and "".join(deltas) == response.text
    assert (response.prompt_tokens, response.completion_tokens, response.tool_calls) == (100, 12, [])
    request = server.requests[0]
    assert request["path"] == "/v1/messages" and _sent_key(request["headers"]) == "sk-ant-test"
    assert "anthropic-version" in request["headers"]
    body = request["body"]
    assert body["model"] == MODEL and body["max_tokens"] == 1024 and body["stream"] is True
    assert "system" not in body and "tools" not in body
    assert body["messages"] == [{"role": "user", "content": [{"type": "text", "text": "hi"}]}]


def test_tool_use_fragments_are_joined_per_block() -> None:
    """Two tool_use blocks after a text block: each block's input_json_delta fragments make its arguments."""
    args = {"days": 7, "group_by": "model", "note": 'naïve "quoted" text'}
    with scripted([stream_tool_calls(("get_kpis", args), ("list_dimensions", {}), text="Let me look.")]) as (
        _server,
        provider,
    ):
        response = provider.complete([{"role": "user", "content": "hi"}], [])
    assert response.text == "Let me look."
    assert [(c.id, c.name) for c in response.tool_calls] == [
        ("toolu_scripted_1", "get_kpis"),
        ("toolu_scripted_2", "list_dimensions"),
    ]
    assert json.loads(response.tool_calls[0].arguments) == args and json.loads(response.tool_calls[1].arguments) == {}


def test_an_error_event_inside_the_stream_is_an_llm_error() -> None:
    """The API can fail after a 200 (overloaded); the message says so and names the error type."""
    error = stream_error("overloaded_error", "Overloaded")
    with (
        scripted([error]) as (_server, provider),
        pytest.raises(LLMError, match="stream stopped with an error: overloaded_error: Overloaded"),
    ):
        provider.complete([{"role": "user", "content": "hi"}], [])


def test_a_tool_call_cut_by_max_tokens_says_which_setting_to_raise() -> None:
    """Half a tool call is not run: the error names NETRA_LLM_MAX_TOKENS and its value."""
    cut = stream_tool_calls(("get_kpis", '{"days": '), stop_reason="max_tokens")
    with scripted([cut], max_tokens=64) as (_server, provider), pytest.raises(LLMError, match="MAX_TOKENS=64 "):
        provider.complete([{"role": "user", "content": "hi"}], [])


def test_a_refused_key_says_which_setting_to_check() -> None:
    """HTTP 401 is not retried; the message carries the API's reason, the request id and the setting."""
    with scripted([status(401, "invalid x-api-key")]) as (server, provider), pytest.raises(LLMError) as info:
        provider.complete([{"role": "user", "content": "hi"}], [])
    assert str(info.value) == (
        "the model endpoint answered HTTP 401: authentication_error: invalid x-api-key "
        "(request id req_scripted); check NETRA_LLM_API_KEY"
    )
    assert len(server.requests) == 1
    assert isinstance(info.value.__cause__, anthropic.AuthenticationError)


def test_a_base_url_with_v1_reaches_v1_messages() -> None:
    """NETRA_LLM_BASE_URL copied with /v1 still posts to /v1/messages."""
    with run_scripted_anthropic([stream_text("ok")]) as server:
        ALLOWED_MODEL_URLS.add(server.base_url)
        provider = AnthropicProvider(model=MODEL, api_key="k", base_url=server.base_url + "/v1/")
        assert provider.complete([{"role": "user", "content": "hi"}], []).text == "ok"
    assert [r["path"] for r in server.requests] == ["/v1/messages"]


# --- settings -------------------------------------------------------------------------------------------------------


def test_make_provider_builds_the_anthropic_provider(tmp_path: Path) -> None:
    """NETRA_LLM_PROVIDER=anthropic: model, key, URL, timeout and max tokens come from settings."""
    with run_scripted_anthropic([stream_text("ok")]) as server:
        ALLOWED_MODEL_URLS.add(server.base_url)
        provider = make_provider(
            _settings(
                tmp_path,
                llm_provider="anthropic",
                llm_model=MODEL,
                llm_api_key="sk-ant-settings",
                llm_base_url=server.base_url,
                llm_timeout_s=7,
                llm_max_tokens=333,
            )
        )
        assert isinstance(provider, AnthropicProvider)
        assert (provider.model, provider.timeout_s, provider.max_tokens) == (MODEL, 7, 333)
        provider.complete([{"role": "user", "content": "hi"}], [])
    assert server.requests[0]["body"]["max_tokens"] == 333
    assert _sent_key(server.requests[0]["headers"]) == "sk-ant-settings"


def test_a_proxy_needs_no_key(tmp_path: Path) -> None:
    """With NETRA_LLM_BASE_URL at a proxy that holds the key, no NETRA_LLM_API_KEY is needed."""
    with run_scripted_anthropic([stream_text("ok")]) as server:
        ALLOWED_MODEL_URLS.add(server.base_url)
        provider = make_provider(
            _settings(tmp_path, llm_provider="anthropic", llm_model=MODEL, llm_base_url=server.base_url)
        )
        assert provider is not None and provider.complete([{"role": "user", "content": "hi"}], []).text == "ok"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"llm_model": MODEL}, "NETRA_LLM_API_KEY is not set"),
        ({"llm_model": MODEL, "llm_base_url": "https://api.anthropic.com/v1"}, "NETRA_LLM_API_KEY is not set"),
        ({"llm_api_key": "sk-ant-x"}, r"NETRA_LLM_MODEL is not set.*claude"),
    ],
    ids=["no-key", "no-key-anthropic-url", "no-model"],
)
def test_make_provider_refuses_missing_settings(tmp_path: Path, values: dict[str, Any], message: str) -> None:
    """A missing key (talking to Anthropic itself) or model is a ConfigError naming the variable."""
    with pytest.raises(ConfigError, match=message):
        make_provider(_settings(tmp_path, llm_provider="anthropic", **values))


def test_the_guard_refuses_the_real_anthropic_endpoint() -> None:
    """A provider pointed at Anthropic itself cannot even be built in a test."""
    with pytest.raises(AssertionError, match=r"tried to call a model at https://api\.anthropic\.com"):
        AnthropicProvider(model=MODEL, api_key="sk-ant-test")
    with pytest.raises(AssertionError, match="the default Anthropic endpoint"):
        anthropic.Anthropic(api_key="sk-ant-test")


# --- the whole assistant ------------------------------------------------------------------------------------------


def test_tool_calls_and_streamed_answer(agent_env: AgentEnv) -> None:
    """The model calls get_kpis; it runs for acme; the tool_result carries the tool_use id; tokens are kept."""
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
    first, second = server.requests[0]["body"], server.requests[1]["body"]
    assert isinstance(first["system"], str) and "acme" in first["system"]
    assert all(m["role"] != "system" for m in first["messages"])
    kpis = next(t for t in first["tools"] if t["name"] == "get_kpis")
    assert kpis["input_schema"]["type"] == "object" and "days" in kpis["input_schema"]["properties"]
    assert [m["role"] for m in second["messages"]] == ["user", "assistant", "user"]
    tool_use = second["messages"][1]["content"][-1]
    assert tool_use == {"type": "tool_use", "id": "toolu_scripted_0", "name": "get_kpis", "input": {"days": 7}}
    (tool_result,) = second["messages"][2]["content"]
    assert tool_result["type"] == "tool_result" and tool_result["tool_use_id"] == "toolu_scripted_0"
    assert '"spend_usd"' in tool_result["content"]
    with agent_env.session_factory() as session:
        run = session.get(Run, result.run_id)
        assert run is not None
        assert run.usage["model"] == MODEL and run.usage["calls"] == 2
        assert run.usage["prompt_tokens"] == 320 and run.usage["completion_tokens"] == 50
        assert run.usage["cost_usd"] == pytest.approx((320 * 0.8 + 50 * 4.0) / 1e6)


def test_parallel_tool_calls_answer_in_one_user_turn(agent_env: AgentEnv) -> None:
    """Two tool_use blocks in one turn: both results go back in one user message, each with its own id."""
    script = [
        stream_tool_calls(("get_kpis", {"days": 7}), ("get_kpis", {"days": 1}), text="Comparing."),
        stream_text("Done."),
    ]
    with scripted(script) as (server, provider):
        result = ask(
            agent_env.session_factory,
            agent_env.store,
            agent_env.auth("ana"),
            "week vs day",
            now=NOW,
            supervisor=make_llm_supervisor(provider),
        )
    assert result.status == "succeeded", result.error
    assistant, results = server.requests[1]["body"]["messages"][1:]
    assert [b["type"] for b in assistant["content"]] == ["text", "tool_use", "tool_use"]
    assert [b["tool_use_id"] for b in results["content"]] == ["toolu_scripted_1", "toolu_scripted_2"]


def test_a_viewer_is_not_offered_a_write_tool(agent_env: AgentEnv) -> None:
    """The tools sent to Anthropic follow the role; a forbidden call is denied and the model told."""
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
    offered = [t["name"] for t in server.requests[0]["body"]["tools"]]
    assert "set_model_price" not in offered and "get_kpis" in offered
    denied = next(s for s in result.steps if s.get("tool") == "set_model_price")
    assert denied["status"] == "denied" and result.status == "succeeded"
    (tool_result,) = server.requests[1]["body"]["messages"][-1]["content"]
    assert tool_result["tool_use_id"] == "toolu_scripted_0"


def test_a_429_is_retried_by_the_sdk(agent_env: AgentEnv) -> None:
    """One 429 (retry-after: 0) then a normal answer: the run succeeds."""
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
        ([status(500, "boom"), status(500, "boom")], "HTTP 500: api_error: boom", 5.0),
        ([stall(2.0), stall(2.0)], "did not answer within 0.3 s", 0.3),
        ([stream_error()], "stream stopped with an error: overloaded_error", 5.0),
        ([stall_mid_stream(2.0)], "stopped answering for 0.3 s mid-reply", 0.3),
    ],
    ids=["429", "500", "timeout", "stream-error", "stall-mid-stream"],
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
        run = session.get(Run, result.run_id)
        assert run is not None and run.status == "failed" and reason in (run.error or "")
    assert [m.content for m in messages[:2]] == ["spend last week", first.text]
    assert any(s.get("kind") == "model" and s["detail"]["status"] == "failed" for s in result.steps)
