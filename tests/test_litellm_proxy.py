"""The LiteLLM export served by LiteLLM's real proxy: a request naming a segment's model group, as the file's header
tells, reaches the model the policy chose for that segment.

LiteLLM's proxy runs from its own venv (`make litellm-proxy`, which `make test` builds first); without it the test is
skipped with the command to run, and in CI it fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from openai import OpenAI

from benchmarks.litellm_proxy import LITELLM, compute_proxy_config, run_litellm_proxy
from netra_core.optimizer.policy import RouteRule, RouteTarget, RoutingPolicy, compute_litellm_yaml
from netra_core.optimizer.segments import PromptBuckets
from tests.conftest import IS_CI
from tests.gateway_upstream import ScriptedUpstream, run_upstream

pytestmark = pytest.mark.litellm_proxy
MASTER_KEY = "sk-test-master-0123456789abcdef"
UPSTREAM_KEY = "sk-test-upstream"


def make_policy() -> RoutingPolicy:
    """Three segments on three different models, one of them a split, and a fourth model by default."""
    return RoutingPolicy(
        org_id="acme",
        quality_floor=0.85,
        buckets=PromptBuckets(),
        rules=(
            RouteRule("support", "chat", "short", (RouteTarget("openai", "gpt-4o-mini"),), requests=900),
            RouteRule("docs", "summarization", "long", (RouteTarget("openai", "gpt-4.1-mini"),), requests=300),
            RouteRule(
                "sales",
                "chat",
                "short",
                (RouteTarget("openai", "gpt-4.1-nano", 0.5), RouteTarget("openai", "gpt-4o-mini", 0.5)),
                requests=100,
            ),
        ),
        default=RouteTarget("openai", "gpt-4o"),
    )


@pytest.fixture
def proxy(tmp_path: Path) -> Iterator[tuple[OpenAI, ScriptedUpstream, dict[str, str]]]:
    """LiteLLM's proxy serving the export, its deployments on a scripted upstream; the client, the upstream and
    each segment's model group."""
    if not LITELLM.exists():
        message = f"LiteLLM's proxy is not installed at {LITELLM}: run `make litellm-proxy`"
        if IS_CI:
            pytest.fail(message)
        pytest.skip(message)
    # The file as downloaded; each segment's model group read from its header, as a user following it would.
    text = compute_litellm_yaml(make_policy())
    exported = yaml.safe_load(text)
    groups = {
        segment.replace(" / ", "/"): group
        for segment, group in re.findall(r"^#   (\S+ / \S+ / \S+)  ->  model: (\S+)$", text, flags=re.MULTILINE)
    }
    groups["default"] = re.findall(r"goes to the default group, (\S+)\.$", text, flags=re.MULTILINE)[0]
    with run_upstream() as upstream:
        config = compute_proxy_config(exported, upstream.base_url, MASTER_KEY)
        with run_litellm_proxy(config, tmp_path, upstream_key=UPSTREAM_KEY, timeout_s=90) as (url, _):
            client = OpenAI(base_url=f"{url}/v1", api_key=MASTER_KEY, max_retries=0, timeout=30)
            yield client, upstream, groups


def ask(client: OpenAI, group: str) -> str:
    reply = client.chat.completions.create(model=group, messages=[{"role": "user", "content": "Where is my refund?"}])
    return str(reply.choices[0].message.content)


def test_the_proxy_routes_each_segment_to_the_model_the_policy_chose(
    proxy: tuple[OpenAI, ScriptedUpstream, dict[str, str]],
) -> None:
    client, upstream, groups = proxy
    assert ask(client, groups["support/chat/short"]) == "answer from gpt-4o-mini"
    assert ask(client, groups["docs/summarization/long"]) == "answer from gpt-4.1-mini"
    assert ask(client, groups["default"]) == "answer from gpt-4o"
    # A split segment's group goes to one of its two models, by the weights in the export.
    ask(client, groups["sales/chat/short"])
    called = upstream.models_called()
    assert called[:3] == ["gpt-4o-mini", "gpt-4.1-mini", "gpt-4o"]
    assert called[3] in {"gpt-4.1-nano", "gpt-4o-mini"} and len(called) == 4
    assert all(r.headers.get("authorization") == f"Bearer {UPSTREAM_KEY}" for r in upstream.requests)
