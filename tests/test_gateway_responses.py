"""OpenAI's Responses API through the gateway: the real openai SDK's `client.responses`, streamed and not,
against the scripted upstream; the call is passed through to the model asked for and recorded as an event."""

from __future__ import annotations

import time
from collections.abc import Iterator

import openai
import pytest

from netra_core.gateway.hooks import NoBudgetGuard
from tests.gateway_helpers import LiveGateway, make_policy, module_gateway, reset_for_test
from tests.gateway_upstream import ok, status

HEADERS = {"X-Netra-Workload": "support", "X-Netra-Task": "chat", "X-Netra-User": "u-9"}
# gpt-4o-mini's built-in prices, $ per 1M tokens: input 0.15, output 0.6, cached input 0.075.
DETAILS = {"input_tokens_details": {"cached_tokens": 400}, "output_tokens_details": {"reasoning_tokens": 120}}


@pytest.fixture(scope="module")
def _shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveGateway]:
    with module_gateway(tmp_path_factory.mktemp("gateway-responses")) as gw:
        yield gw


@pytest.fixture
def live(_shared: LiveGateway, request: pytest.FixtureRequest) -> Iterator[LiveGateway]:
    reset_for_test(_shared, request.node.nodeid)
    yield _shared
    _shared.gateway.core.guard = NoBudgetGuard()


def _client(live: LiveGateway) -> openai.OpenAI:
    return openai.OpenAI(base_url=live.url, api_key=live.keys["acme"], max_retries=0)


def test_a_response_is_passed_through_and_priced_with_its_cached_and_reasoning_tokens(live: LiveGateway) -> None:
    # An active policy would send support/chat to gpt-4o-mini: a Responses call keeps the model it asked for.
    live.activate("acme", make_policy("acme", chat_model="claude-3-5-haiku", chat_provider="anthropic"))
    time.sleep(0.25)
    live.upstream.script("gpt-4o-mini", ok(prompt_tokens=1000, completion_tokens=200, usage_details=DETAILS))
    reply = _client(live).responses.create(
        model="gpt-4o-mini", instructions="Be brief.", input="where is my parcel?", extra_headers=HEADERS
    )
    assert reply.output_text == "answer from gpt-4o-mini"
    (sent,) = live.upstream.requests
    assert sent.path == "/v1/responses" and sent.body["model"] == "gpt-4o-mini"
    assert "stream_options" not in sent.body and sent.headers["authorization"] == "Bearer sk-upstream-openai"
    (event,) = live.events()
    assert (event["model"], event["provider"], event["status"], event["usage_known"]) == (
        "gpt-4o-mini",
        "openai",
        "ok",
        1,
    )
    assert (event["prompt_tokens"], event["cached_tokens"], event["completion_tokens"]) == (1000, 400, 200)
    assert (event["workload"], event["user_id"], event["cost_source"]) == ("support", "u-9", "netra")
    # 600 uncached input + 400 cached input + 200 output (reasoning included), at gpt-4o-mini's prices.
    assert event["cost_usd"] == pytest.approx((600 * 0.15 + 400 * 0.075 + 200 * 0.6) / 1e6)
    assert event["metadata"]["route_reason"] != "policy"


def test_a_streamed_response_is_relayed_whole_and_its_usage_read_from_response_completed(live: LiveGateway) -> None:
    live.upstream.script("gpt-4o-mini", ok("three small words", prompt_tokens=70, completion_tokens=3))
    events = list(
        _client(live).responses.create(
            model="gpt-4o-mini",
            input=[{"role": "user", "content": [{"type": "input_text", "text": "say three words"}]}],
            stream=True,
            extra_headers=HEADERS,
        )
    )
    kinds = [e.type for e in events]
    assert kinds[0] == "response.created" and kinds[-1] == "response.completed"
    text = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    assert text == "three small words"
    assert events[-1].response.usage is not None and events[-1].response.usage.input_tokens == 70  # type: ignore[union-attr]
    assert "stream_options" not in live.upstream.requests[0].body
    (event,) = live.events()
    assert (event["prompt_tokens"], event["completion_tokens"], event["status"]) == (70, 3, "ok")
    assert event["ttft_ms"] is not None and 0 < event["ttft_ms"] <= event["latency_ms"]
    assert event["cost_usd"] == pytest.approx((70 * 0.15 + 3 * 0.6) / 1e6)


def test_an_upstream_error_reaches_the_sdk_as_its_error_and_is_recorded(live: LiveGateway) -> None:
    live.upstream.script("gpt-4o-mini", status(503))
    with pytest.raises(openai.APIStatusError) as raised:
        _client(live).responses.create(model="gpt-4o-mini", input="hello", extra_headers=HEADERS)
    assert raised.value.status_code == 503
    (event,) = live.events()
    assert (event["status"], event["error_type"], event["usage_known"]) == ("error", "http_503", 0)
