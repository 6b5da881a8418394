"""The gateway end to end in-process: the real openai and anthropic SDKs, real app database and chdb store,
a scripted upstream as the only fake."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import anthropic
import httpx
import openai
import pytest
from openai._legacy_response import LegacyAPIResponse  # the raw response's type; openai exports it nowhere public
from openai.types.chat import ChatCompletion, ChatCompletionMessageParam

from netra_core.db.engine import make_session_factory
from netra_core.db.keys import fetch_api_keys, revoke_api_key
from netra_core.gateway.hooks import BudgetRefused, NoBudgetGuard, SpendScope
from netra_core.workloads.store import WorkloadStore
from tests.gateway_helpers import LiveGateway, live_gateway, make_policy, module_gateway, reset_for_test
from tests.gateway_upstream import hang, ok, run_upstream, status

MESSAGES: list[ChatCompletionMessageParam] = [{"role": "user", "content": "where is my parcel?"}]
SUPPORT_CHAT = {"X-Netra-Workload": "support", "X-Netra-Task": "chat", "X-Netra-User": "u-7"}


@pytest.fixture(scope="module")
def _shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveGateway]:
    """One gateway, app database, store and upstream for the module; each test gets orgs of its own."""
    with module_gateway(tmp_path_factory.mktemp("gateway")) as gw:
        yield gw


@pytest.fixture
def live(_shared: LiveGateway, request: pytest.FixtureRequest) -> Iterator[LiveGateway]:
    reset_for_test(_shared, request.node.nodeid)
    yield _shared
    _shared.gateway.core.guard = NoBudgetGuard()


def _client(live: LiveGateway, org: str = "acme", **kw: object) -> openai.OpenAI:
    return openai.OpenAI(base_url=live.url, api_key=live.keys[org], max_retries=0, **kw)  # type: ignore[arg-type]


def _chat(
    client: openai.OpenAI, model: str = "gpt-4o", headers: dict[str, str] | None = None
) -> LegacyAPIResponse[ChatCompletion]:
    return client.chat.completions.with_raw_response.create(
        model=model,
        messages=MESSAGES,
        extra_headers=headers or SUPPORT_CHAT,
    )


def test_routes_by_the_active_policy_and_follows_a_new_activation(live: LiveGateway) -> None:
    client = _client(live)
    raw = _chat(client)
    assert raw.headers["x-netra-model"] == "gpt-4o" and "x-netra-policy-version" not in raw.headers
    assert raw.parse().choices[0].message.content == "answer from gpt-4o"

    v1 = live.activate("acme", make_policy("acme"))
    time.sleep(0.25)  # the gateway re-reads policies every 0.2 s in this test
    raw = _chat(client)
    assert raw.parse().choices[0].message.content == "answer from gpt-4o-mini"
    assert raw.headers["x-netra-policy-version"] == str(v1)
    assert raw.headers["x-netra-segment"] == "support/chat/short"

    v2 = live.activate("acme", make_policy("acme", chat_model="claude-3-5-haiku", chat_provider="anthropic"))
    time.sleep(0.25)
    raw = _chat(client)
    assert raw.headers["x-netra-model"] == "claude-3-5-haiku" and raw.headers["x-netra-policy-version"] == str(v2)
    assert live.upstream.models_called() == ["gpt-4o", "gpt-4o-mini", "claude-3-5-haiku"]
    # Upstream keys come from settings, per provider; the client's Netra key never leaves the gateway.
    auths = [r.headers["authorization"] for r in live.upstream.requests]
    assert auths == ["Bearer sk-upstream-openai"] * 2 + ["Bearer sk-upstream-anthropic"]

    events = live.events()
    assert [e["model"] for e in events] == ["gpt-4o", "gpt-4o-mini", "claude-3-5-haiku"]
    first, second, third = (e["metadata"] for e in events)
    assert first == {
        "segment": "support/chat/short",
        "route_reason": "passthrough",
        "requested_model": "gpt-4o",
        "baseline_provider": "openai",
        "baseline_model": "gpt-4o",
        "attempts": "1",
        "api_key": live.keys["acme"].split("_")[1],
    }
    assert second["policy_version"] == str(v1) and second["route_reason"] == "policy"
    assert second["baseline_model"] == "gpt-4o" and second["requested_model"] == "gpt-4o"
    assert third["policy_version"] == str(v2)
    e = events[1]
    assert (e["workload"], e["task_type"], e["user_id"], e["source"]) == ("support", "chat", "u-7", "gateway")
    assert (e["prompt_tokens"], e["completion_tokens"], e["status"], e["cost_source"]) == (50, 10, "ok", "netra")
    assert e["cost_usd"] == pytest.approx((50 * 0.15 + 10 * 0.6) / 1e6)  # gpt-4o-mini's built-in price
    assert e["latency_ms"] > 0 and len(e["prompt_hash"]) == 32


def test_netra_auto_pinning_and_unrouted_segments(live: LiveGateway) -> None:
    client = _client(live)
    with pytest.raises(openai.BadRequestError, match="needs a routing policy"):
        _chat(client, model="netra-auto")
    live.activate("acme", make_policy("acme"))
    time.sleep(0.25)
    assert _chat(client, model="netra-auto").headers["x-netra-model"] == "gpt-4o-mini"
    pinned = _chat(client, headers={**SUPPORT_CHAT, "X-Netra-Route": "off"})
    assert pinned.headers["x-netra-model"] == "gpt-4o"
    unseen = _chat(client, model="gpt-4o-mini", headers={"X-Netra-Workload": "search", "X-Netra-Task": "rag"})
    assert unseen.headers["x-netra-model"] == "gpt-4o" and unseen.headers["x-netra-segment"] == "search/rag/short"
    cascade = _chat(client, headers={"X-Netra-Workload": "support", "X-Netra-Task": "summarize"})
    assert cascade.headers["x-netra-model"] == "gpt-4o-mini"  # a cascade serves its cheap model
    meta = [e["metadata"] for e in live.events()]
    assert [m["route_reason"] for m in meta] == ["policy", "pinned", "default", "policy"]
    assert "baseline_model" not in meta[0] and meta[0]["requested_model"] == "netra-auto"
    assert meta[2]["baseline_model"] == "gpt-4o-mini"


@pytest.mark.parametrize("failure", [status(429), status(500), hang(1.5)], ids=["429", "500", "timeout"])
def test_falls_back_to_the_next_model_before_anything_was_sent(live: LiveGateway, failure: dict) -> None:  # type: ignore[type-arg]
    live.activate("acme", make_policy("acme"))
    time.sleep(0.25)
    live.upstream.script("gpt-4o-mini", failure)
    raw = _chat(_client(live))
    assert raw.headers["x-netra-model"] == "gpt-4o" and raw.parse().choices[0].message.content == "answer from gpt-4o"
    assert live.upstream.models_called() == ["gpt-4o-mini", "gpt-4o"]
    (event,) = live.events()
    assert event["model"] == "gpt-4o" and event["status"] == "ok"
    assert event["metadata"]["route_reason"] == "fallback" and event["metadata"]["fallback_from"] == "gpt-4o-mini"
    assert event["metadata"]["attempts"] == "2"


def test_every_attempt_failing_is_one_error_event_and_a_clear_error(live: LiveGateway) -> None:
    live.activate("acme", make_policy("acme"))
    time.sleep(0.25)
    live.upstream.script("gpt-4o-mini", status(500))
    live.upstream.script("gpt-4o", status(503))
    with pytest.raises(openai.APIStatusError) as caught:
        _chat(_client(live))
    assert caught.value.status_code == 503 and "gpt-4o-mini: HTTP 500; gpt-4o: HTTP 503" in caught.value.message
    (event,) = live.events()
    assert (event["status"], event["error_type"], event["cost_usd"]) == ("error", "http_503", 0.0)
    assert event["metadata"]["fallback_from"] == "gpt-4o-mini,gpt-4o" and event["metadata"]["attempts"] == "2"


def test_a_client_error_is_not_retried(live: LiveGateway) -> None:
    live.upstream.script("gpt-4o", status(400, "bad tool schema"))
    with pytest.raises(openai.BadRequestError, match="bad tool schema"):
        _chat(_client(live))
    assert live.upstream.models_called() == ["gpt-4o"]
    assert live.events()[0]["error_type"] == "http_400"


def test_streams_relay_content_and_record_usage_and_ttft(live: LiveGateway) -> None:
    client = _client(live)
    live.upstream.script("gpt-4o", ok("a streamed answer in pieces", prompt_tokens=70, completion_tokens=9))
    chunks = list(
        client.chat.completions.create(
            model="gpt-4o",
            messages=MESSAGES,
            stream=True,
            extra_headers=SUPPORT_CHAT,
        )
    )
    # The client did not ask for usage: the usage-only chunk the gateway asked for is not relayed.
    assert all(c.choices for c in chunks)
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == "a streamed answer in pieces"
    assert live.upstream.requests[0].body["stream_options"] == {"include_usage": True}

    with_usage = list(
        client.chat.completions.create(
            model="gpt-4o",
            messages=MESSAGES,
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    assert with_usage[-1].usage is not None and with_usage[-1].usage.prompt_tokens == 50

    first, second = live.events()
    assert (first["prompt_tokens"], first["completion_tokens"], first["usage_known"]) == (70, 9, 1)
    assert first["ttft_ms"] is not None and 0 < first["ttft_ms"] <= first["latency_ms"]
    assert first["cost_source"] == "netra" and first["cost_usd"] > 0
    assert second["prompt_tokens"] == 50 and second["status"] == "ok"


def test_a_stream_ends_for_the_client_at_its_done_and_is_recorded_after(live: LiveGateway) -> None:
    # The upstream's body ends 3 s after its `[DONE]`: the client's response ends at the `[DONE]`, and the
    # call is still recorded whole (usage read from the usage-only chunk the client never sees) once it has.
    live.upstream.script("gpt-4o", {**ok("done means done", prompt_tokens=70, completion_tokens=9), "linger_s": 3.0})
    body = {"model": "gpt-4o", "messages": MESSAGES, "stream": True}
    headers = {"Authorization": f"Bearer {live.keys['acme']}", **SUPPORT_CHAT}
    started = time.perf_counter()
    with httpx.stream("POST", f"{live.url}/chat/completions", json=body, headers=headers, timeout=10) as resp:
        raw = b"".join(resp.iter_raw())
    elapsed = time.perf_counter() - started
    assert resp.status_code == 200 and elapsed < 1.0
    events = [e for e in raw.split(b"\n\n") if e.strip()]
    assert events[-1] == b"data: [DONE]" and raw.count(b"[DONE]") == 1
    chunks = [json.loads(e.removeprefix(b"data: ")) for e in events[:-1]]
    assert all(c["choices"] for c in chunks)  # the usage-only chunk the gateway asked for is not relayed
    assert "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks) == "done means done"
    (event,) = live.events()
    assert (event["status"], event["prompt_tokens"], event["completion_tokens"]) == ("ok", 70, 9)
    assert event["cost_source"] == "netra" and event["cost_usd"] > 0
    # The call's latency is to the client's last byte, not to the upstream's end of body.
    assert 0 < event["ttft_ms"] <= event["latency_ms"] < elapsed * 1000


def test_a_stream_falls_back_when_its_first_model_fails(live: LiveGateway) -> None:
    live.activate("acme", make_policy("acme"))
    time.sleep(0.25)
    live.upstream.script("gpt-4o-mini", hang(1.5))
    stream = _client(live).chat.completions.create(
        model="gpt-4o",
        messages=MESSAGES,
        stream=True,
        extra_headers=SUPPORT_CHAT,
    )
    assert "".join(c.choices[0].delta.content or "" for c in stream if c.choices) == "answer from gpt-4o"
    (event,) = live.events()
    assert event["metadata"]["fallback_from"] == "gpt-4o-mini" and event["model"] == "gpt-4o"


def test_embeddings_and_models(live: LiveGateway) -> None:
    client = _client(live)
    vectors = client.embeddings.create(model="text-embedding-3-small", input=["a", "b"])
    assert len(vectors.data) == 2 and vectors.data[1].embedding == [0.1, 0.2, 0.3]
    assert live.upstream.requests[0].path == "/v1/embeddings"
    assert "netra-auto" not in [m.id for m in client.models.list()]  # no policy yet: nothing to route by
    live.activate("acme", make_policy("acme"))
    time.sleep(0.25)
    ids = {m.id for m in client.models.list()}
    assert ids == {"netra-auto", "gpt-4o-mini", "claude-3-5-sonnet", "gpt-4o"}
    (event,) = live.events()
    assert (event["model"], event["prompt_tokens"], event["status"]) == ("text-embedding-3-small", 50, "ok")


def test_auth_no_key_wrong_key_revoked_key_and_org_isolation(live: LiveGateway) -> None:
    for key in ("", "nk_abcdefgh_" + "x" * 40, "sk-not-netra"):
        with pytest.raises(openai.AuthenticationError):
            _chat(openai.OpenAI(base_url=live.url, api_key=key or "missing", max_retries=0))
    assert httpx.post(f"{live.url}/chat/completions", json={"model": "gpt-4o", "messages": MESSAGES}).status_code == 401
    # globex routes everything to claude; acme has no policy, so acme's requests pass through.
    live.activate("globex", make_policy("globex", chat_model="claude-3-5-haiku", chat_provider="anthropic"))
    time.sleep(0.25)
    assert _chat(_client(live, "globex")).headers["x-netra-model"] == "claude-3-5-haiku"
    assert _chat(_client(live, "acme")).headers["x-netra-model"] == "gpt-4o"
    assert {e["model"] for e in live.events("acme")} == {"gpt-4o"}
    with make_session_factory(live.engine).begin() as s:
        revoke_api_key(s, live.slug("acme"), fetch_api_keys(s, live.slug("acme"))[0].id)
    time.sleep(0.35)  # the key cache trusts a key for 0.3 s in this test
    with pytest.raises(openai.AuthenticationError):
        _chat(_client(live, "acme"))
    assert len(live.upstream.requests) == 2


class _CappedGuard:
    """A tiny guard: refuses the workload 'capped', remembers admits and settlements."""

    def __init__(self) -> None:
        self.admitted: list[tuple[SpendScope, float]] = []
        self.settled: list[tuple[object, object]] = []  # the test compares costs with pytest.approx

    def admit(self, scope: SpendScope, estimate_usd: float) -> object:
        if scope.workload == "capped":
            raise BudgetRefused("workload capped is over its daily budget of $5.00", retry_after_s=120)
        self.admitted.append((scope, estimate_usd))
        return len(self.admitted)

    def settle(self, reservation: object, cost_usd: float) -> None:
        self.settled.append((reservation, cost_usd))


def test_a_budget_guard_refusal_is_a_429_and_an_event(live: LiveGateway) -> None:
    guard = _CappedGuard()
    live.gateway.core.guard = guard
    client = _client(live)
    _chat(client)
    with pytest.raises(openai.RateLimitError) as caught:
        client.chat.completions.create(model="gpt-4o", messages=MESSAGES, extra_headers={"X-Netra-Workload": "capped"})
    body = caught.value.body
    assert body == {
        "message": "workload capped is over its daily budget of $5.00",
        "type": "budget_exceeded",
        "code": "budget_exceeded",
    }
    assert caught.value.response.headers["retry-after"] == "120"
    assert live.upstream.models_called() == ["gpt-4o"]
    ok_event, refused = live.events()
    scope, estimate = guard.admitted[0]
    assert scope == SpendScope(live.slug("acme"), "support", "u-7", live.keys["acme"].split("_")[1])
    # Worst case: the prompt (19 characters: 5 tokens at chars/4) plus the default cap of 4096 completion tokens.
    assert estimate == pytest.approx((5 * 2.5 + 4096 * 10.0) / 1e6)
    assert guard.settled == [(1, pytest.approx(ok_event["cost_usd"]))]
    assert (refused["status"], refused["error_type"], refused["cost_usd"]) == ("error", "budget_exceeded", 0.0)
    assert refused["workload"] == "capped"


def test_anthropic_messages_pass_through(live: LiveGateway) -> None:
    client = anthropic.Anthropic(base_url=live.url.removesuffix("/v1"), api_key=live.keys["acme"], max_retries=0)
    live.upstream.script("claude-3-5-haiku", ok("hello from claude", prompt_tokens=40, completion_tokens=6))
    reply = client.messages.create(model="claude-3-5-haiku", max_tokens=100, messages=MESSAGES)  # type: ignore[arg-type]
    assert reply.content[0].text == "hello from claude"  # type: ignore[union-attr]
    with client.messages.stream(model="claude-3-5-haiku", max_tokens=100, messages=MESSAGES) as stream:  # type: ignore[arg-type]
        assert "".join(stream.text_stream) == "answer from claude-3-5-haiku"
    sent = live.upstream.requests[0]
    assert sent.path == "/v1/messages" and sent.headers["x-api-key"] == "sk-upstream-anthropic"
    assert "authorization" not in sent.headers
    first, second = live.events()
    assert (first["prompt_tokens"], first["completion_tokens"], first["provider"]) == (40, 6, "anthropic")
    assert (second["prompt_tokens"], second["completion_tokens"]) == (50, 10)
    assert second["ttft_ms"] is not None and second["metadata"]["route_reason"] == "passthrough"


def test_a_client_leaving_mid_stream_is_one_event(live: LiveGateway) -> None:
    live.upstream.script("gpt-4o", {**ok("x" * 200), "stall_after": 3, "seconds": 1.5})
    body = {"model": "gpt-4o", "messages": MESSAGES, "stream": True}
    headers = {"Authorization": f"Bearer {live.keys['acme']}"}
    with httpx.stream("POST", f"{live.url}/chat/completions", json=body, headers=headers) as resp:
        assert resp.status_code == 200
        next(resp.iter_raw())
    deadline = time.monotonic() + 5
    while live.gateway.spool.in_flight and time.monotonic() < deadline:
        time.sleep(0.02)
    (event,) = live.events()
    assert (event["status"], event["error_type"]) == ("error", "client_disconnected")


def test_routes_and_authenticates_on_postgresql(tmp_path: Path, store: WorkloadStore, fresh_pg_url: str) -> None:
    # A database of its own: the gateway commits orgs and keys, which must not show in other tests' shared one.
    with run_upstream() as up, live_gateway(tmp_path, store, up, database_url=fresh_pg_url, orgs=()) as live:
        live.add_orgs("acme", suffix=f"-pg-{uuid.uuid4().hex[:6]}")
        version = live.activate("acme", make_policy("acme"))
        raw = _chat(_client(live))
        assert raw.headers["x-netra-model"] == "gpt-4o-mini" and raw.headers["x-netra-policy-version"] == str(version)
        with make_session_factory(live.engine).begin() as s:
            revoke_api_key(s, live.slug("acme"), fetch_api_keys(s, live.slug("acme"))[0].id)
        time.sleep(0.35)
        with pytest.raises(openai.AuthenticationError):
            _chat(_client(live))
        (event,) = live.events()
        assert event["metadata"]["policy_version"] == str(version) and event["model"] == "gpt-4o-mini"
