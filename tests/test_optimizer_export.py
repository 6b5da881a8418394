"""Policy export (JSON, YAML, LiteLLM Router config) and the runtime router's decisions."""

from __future__ import annotations

import json
import math
import socket
from collections import Counter
from typing import Any

import pytest
import yaml

from netra_core.errors import ValidationError
from netra_core.optimizer.policy import (
    Cascade,
    RouteRule,
    RouteTarget,
    RoutingPolicy,
    compute_litellm_config,
    compute_litellm_yaml,
    compute_policy_table,
)
from netra_core.optimizer.runtime import make_router
from netra_core.optimizer.segments import PromptBuckets

BUCKETS = PromptBuckets((1_000, 4_000), ("short", "medium", "long"))


def make_policy() -> RoutingPolicy:
    rules = (
        RouteRule("support", "chat", "short", (RouteTarget("openai", "gpt-4o-mini"),), 900, reason="r1"),
        RouteRule(
            "support",
            "chat",
            "medium",
            (RouteTarget("openai", "gpt-4.1-mini", 0.7), RouteTarget("openai", "gpt-4o", 0.3)),
            300,
        ),
        RouteRule(
            "docs",
            "summarization",
            "long",
            (RouteTarget("google", "gemini-2.0-flash"),),
            50,
            cascade=Cascade("google", "gemini-2.0-flash", "anthropic", "claude-3-5-sonnet", 0.18),
        ),
        RouteRule("sales", "chat", "short", (RouteTarget("groq", "llama-3.1-8b-instant"),), 100),
    )
    return RoutingPolicy(
        "acme",
        0.85,
        BUCKETS,
        rules,
        RouteTarget("openai", "gpt-4o-mini"),
        {"savings_month": 1234.5, "current_quality": math.nan},
    )


def test_json_and_yaml_round_trip() -> None:
    policy = make_policy()
    back_json = RoutingPolicy.from_json(policy.to_json())
    back_yaml = RoutingPolicy.from_yaml(policy.to_yaml())
    for back in (back_json, back_yaml):
        assert back.rules == policy.rules
        assert back.buckets == policy.buckets
        assert back.default == policy.default
        assert back.summary["savings_month"] == 1234.5
        assert math.isnan(back.summary["current_quality"])
    assert json.loads(policy.to_json())["summary"]["current_quality"] is None  # strict JSON, no NaN
    assert back_json.to_dict() == policy.to_dict() == back_yaml.to_dict()


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="other/v9"), "format"),
        (lambda d: d["rules"][0].pop("targets"), "targets"),
        (lambda d: d.update(buckets={"edges": [5], "names": ["a"]}), "1 edges need 2 names"),
    ],
)
def test_malformed_policies_are_refused(mutate: Any, message: str) -> None:
    data = make_policy().to_dict()
    mutate(data)
    with pytest.raises(ValidationError, match=message):
        RoutingPolicy.from_dict(data)


def test_litellm_config_loads_in_litellm_router_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    for key in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GROQ_API_KEY", "VERTEXAI_PROJECT"):
        monkeypatch.setenv(key, "sk-test-not-used")

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network call attempted: {args}")

    monkeypatch.setenv("VERTEXAI_LOCATION", "us-central1")
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    from litellm.router import Router

    config = yaml.safe_load(compute_litellm_yaml(make_policy()))
    router = Router(model_list=config["model_list"], **config["router_settings"])
    groups = {d["model_name"] for d in config["model_list"]}
    assert set(router.get_model_names()) == groups
    rules = config["netra_routing"]["rules"]
    assert {r["model_group"] for r in rules} <= groups
    split = next(r for r in rules if r["bucket"] == "medium")
    weights = {
        d["litellm_params"]["model"]: d["litellm_params"]["weight"]
        for d in config["model_list"]
        if d["model_name"] == split["model_group"]
    }
    assert weights == {"openai/gpt-4.1-mini": 0.7, "openai/gpt-4o": 0.3}
    cascade = next(r for r in rules if "cascade" in r)["cascade"]
    assert cascade["first"] in groups and cascade["escalate_to"] in groups
    models = {d["litellm_params"]["model"] for d in config["model_list"]}
    # Gemini 2.0 Flash is served by Vertex AI now; Claude 3.5 Sonnet and Llama 3.1 8B have no id their providers
    # accept any more (#18): kept under their catalog ids, and said so.
    assert {"vertex_ai/gemini-2.0-flash", "anthropic/claude-3-5-sonnet", "groq/llama-3.1-8b-instant"} <= models
    warned = {w.split(":")[0] for w in config["netra_routing"]["warnings"]}
    assert warned == {"anthropic/claude-3-5-sonnet", "groq/llama-3.1-8b-instant"}
    assert config["netra_routing"]["default_group"] in groups


def test_litellm_config_dedupes_groups() -> None:
    config = compute_litellm_config(make_policy())
    # gpt-4o-mini serves a rule and the default: one deployment, not two.
    assert sum(d["litellm_params"]["model"] == "openai/gpt-4o-mini" for d in config["model_list"]) == 1


@pytest.mark.parametrize(
    ("workload", "task", "tokens", "model", "escalate", "is_fallback"),
    [
        ("support", "chat", 10, "gpt-4o-mini", None, False),
        ("support", "chat", 999, "gpt-4o-mini", None, False),
        ("docs", "summarization", 9_000, "gemini-2.0-flash", "claude-3-5-sonnet", False),
        ("sales", "chat", 200, "llama-3.1-8b-instant", None, False),
        ("brand-new", "chat", 200, "gpt-4o-mini", None, True),  # busiest workload with chat/short
        ("support", "code", 200, "gpt-4o-mini", None, True),  # nothing known: the default
    ],
)
def test_router_decisions_match_the_policy(
    workload: str, task: str, tokens: int, model: str, escalate: str | None, is_fallback: bool
) -> None:
    decision = make_router(make_policy()).route(workload, task, tokens)
    assert (decision.model, decision.escalate_to, decision.is_fallback) == (model, escalate, is_fallback)


def test_router_agrees_with_the_policy_table_everywhere() -> None:
    policy = make_policy()
    router = make_router(policy)
    table = compute_policy_table(policy)
    bounds = {"short": 0, "medium": 1_000, "long": 4_000}
    for rule in table.drop_duplicates(["workload", "task_type", "bucket"]).to_dict("records"):
        allowed = set(table[(table["workload"] == rule["workload"]) & (table["bucket"] == rule["bucket"])]["model"])
        for _ in range(20):
            assert router.route(rule["workload"], rule["task_type"], bounds[rule["bucket"]] + 5).model in allowed


def test_router_splits_follow_the_shares() -> None:
    router = make_router(make_policy())
    served = Counter(router.route("support", "chat", 2_000).model for _ in range(10_000))
    assert served["gpt-4.1-mini"] / 10_000 == pytest.approx(0.7, abs=0.01)
    by_prompt = Counter(router.route("support", "chat", 2_000, prompt=f"question {i}").model for i in range(10_000))
    assert by_prompt["gpt-4.1-mini"] / 10_000 == pytest.approx(0.7, abs=0.03)
    # The same prompt always goes to the same model.
    assert len({router.route("support", "chat", 2_000, prompt="same text").model for _ in range(50)}) == 1


def test_the_litellm_export_says_how_to_serve_it_and_route_by_it() -> None:
    """#18: the per-segment rules sat in a block LiteLLM ignores, with no instructions. The file's top says what it
    is, how to run it, which block is LiteLLM's and which Netra's, and which model group each segment's requests name."""
    policy = make_policy()
    text = compute_litellm_yaml(policy)
    header = text[: text.index("\nmodel_list:")]
    assert header.splitlines() and all(line.startswith("#") for line in header.splitlines() if line)
    assert "litellm --config" in header and "model_list" in header and "router_settings" in header
    assert "`netra_routing` block. LiteLLM ignores it" in header
    assert '"model": "netra-' in header  # a request names its segment's model group
    config = compute_litellm_config(policy)
    assert f"default group, {config['netra_routing']['default_group']}" in header
    names, edges = policy.buckets.names, policy.buckets.edges
    assert (
        f"{names[0]}: under {edges[0]:,} prompt tokens" in header and f"{names[-1]}: {edges[-1]:,} and more" in header
    )
    for rule in config["netra_routing"]["rules"]:
        segment = f"{rule['workload']} / {rule['task_type']} / {rule['bucket']}  ->  "
        assert segment in header and (rule["model_group"] in header or "cascade" in rule)
    loaded = yaml.safe_load(text)  # the comments change nothing LiteLLM (or Netra) reads
    assert (loaded["model_list"], loaded["router_settings"]) == (config["model_list"], config["router_settings"])
    assert loaded["netra_routing"]["rules"] == config["netra_routing"]["rules"]
