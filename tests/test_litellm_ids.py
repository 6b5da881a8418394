"""The LiteLLM export names each model by an id its provider's API accepts, or says it cannot (#18).

The ids LiteLLM knows come from tests/data/litellm_model_ids.txt, written from LiteLLM 1.110.2's bundled model map by
scripts/litellm_model_ids.py (Netra's package never imports LiteLLM).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

from netra_core.catalog.builtin import BUILTIN_MODELS
from netra_core.catalog.sync import compute_genai_prices_entries
from netra_core.optimizer.litellm_ids import LITELLM_PROVIDERS, compute_litellm_model
from netra_core.optimizer.policy import (
    RouteRule,
    RouteTarget,
    RoutingPolicy,
    compute_litellm_config,
    compute_litellm_yaml,
)
from netra_core.optimizer.segments import PromptBuckets

SNAPSHOT = Path(__file__).parent / "data" / "litellm_model_ids.txt"
COMMON = ("openai", "anthropic", "google", "mistral", "groq")


@cache
def litellm_ids() -> frozenset[str]:
    lines = SNAPSHOT.read_text().splitlines()
    assert lines[0].startswith("# The model ids LiteLLM 1.110.2 knows")
    return frozenset(line for line in lines if line and not line.startswith("#"))


def export_of(pairs: list[tuple[str, str]]) -> dict[str, object]:
    """The LiteLLM export of a policy whose rules send one segment to each model."""
    rules = tuple(
        RouteRule(f"w{i}", "chat", "short", (RouteTarget(provider, model),), 1)
        for i, (provider, model) in enumerate(pairs)
    )
    policy = RoutingPolicy("acme", 0.8, PromptBuckets(), rules, RouteTarget(*pairs[0]))
    return compute_litellm_config(policy)


def test_every_catalog_model_of_the_common_providers_exports_as_an_id_litellm_knows_or_with_a_warning() -> None:
    pairs = sorted({(e.provider, e.model) for e in compute_genai_prices_entries() if e.provider in COMMON})
    assert len(pairs) > 250
    config = export_of(pairs)
    silent = [
        d["litellm_params"]["model"]
        for d in config["model_list"]  # type: ignore[attr-defined]
        if d["litellm_params"]["model"] not in litellm_ids() and "netra_warning" not in d["model_info"]
    ]
    assert silent == []
    known = sum(compute_litellm_model(p, m).model in litellm_ids() for p, m in pairs)
    assert known >= 166  # 128 before #18's mapping, of 264
    warned = {w.split(":")[0] for w in config["netra_routing"]["warnings"]}  # type: ignore[index]
    assert {"anthropic/claude-3-5-sonnet", "groq/llama-3.1-8b-instant"} <= warned


def test_the_hosted_providers_get_their_real_prefixes_and_never_a_silent_unknown_id() -> None:
    for provider, prefix in (("azure", "azure/"), ("aws", "bedrock/")):
        pairs = sorted({(e.provider, e.model) for e in compute_genai_prices_entries() if e.provider == provider})
        resolved = [compute_litellm_model(p, m) for p, m in pairs]
        assert resolved and all(r.model.startswith(prefix) for r in resolved)
        assert all(r.model in litellm_ids() or r.warning for r in resolved)
        assert sum(r.model in litellm_ids() for r in resolved) > len(resolved) // 3


def test_warnings_are_only_for_ids_litellm_does_not_know() -> None:
    pairs = {(e.provider, e.model) for e in compute_genai_prices_entries() if e.provider in LITELLM_PROVIDERS}
    stale = sorted(
        f"{p}/{m}" for p, m in pairs if (r := compute_litellm_model(p, m)).warning and r.model in litellm_ids()
    )
    assert stale == []


@pytest.mark.parametrize(
    ("provider", "model", "expected"),
    [
        # The builtin catalog's commonly used models (OpenAI, Google, Mistral): ids LiteLLM knows.
        ("openai", "gpt-4o", "openai/gpt-4o"),
        ("openai", "gpt-4.1-nano", "openai/gpt-4.1-nano"),
        ("google", "gemini-2.0-flash", "vertex_ai/gemini-2.0-flash"),
        ("mistral", "mistral-large", "mistral/mistral-large-latest"),  # genai-prices' -latest alias
        ("mistral", "mistral-small", "mistral/mistral-small"),
        # Claude under Google is Claude on Vertex AI, never `gemini/claude-...`.
        ("google", "claude-sonnet-4-5", "vertex_ai/claude-sonnet-4-5"),
        ("google", "claude-3-5-sonnet", "vertex_ai/claude-3-5-sonnet"),
        ("anthropic", "claude-sonnet-4-5", "anthropic/claude-sonnet-4-5"),
        ("aws", "amazon.nova-pro-v1:0", "bedrock/amazon.nova-pro-v1:0"),
        ("azure", "o3-mini", "azure/o3-mini"),
    ],
)
def test_known_ids(provider: str, model: str, expected: str) -> None:
    resolved = compute_litellm_model(provider, model)
    assert (resolved.model, resolved.warning) == (expected, "")
    assert expected in litellm_ids()


def test_the_bad_ids_of_issue_18_are_gone_or_flagged() -> None:
    config = export_of([("google", "claude-3-5-sonnet"), ("anthropic", "claude-3-5-sonnet")])
    deployments = config["model_list"]
    models = [d["litellm_params"]["model"] for d in deployments]  # type: ignore[attr-defined]
    assert "gemini/claude-3-5-sonnet" not in models
    vertex = next(d for d in deployments if d["model_info"]["netra_provider"] == "google")  # type: ignore[attr-defined]
    assert vertex["litellm_params"]["model"] == "vertex_ai/claude-3-5-sonnet"
    assert "api_key" not in vertex["litellm_params"] and "vertex_project" in vertex["litellm_params"]
    # Anthropic's API accepts no id for Claude 3.5 Sonnet any more (LiteLLM 1.110.2 lists none): kept, and flagged in
    # the deployment, the config's warnings and a comment at the top of the YAML.
    anthropic = next(d for d in deployments if d["model_info"]["netra_provider"] == "anthropic")  # type: ignore[attr-defined]
    assert anthropic["litellm_params"]["model"] == "anthropic/claude-3-5-sonnet"
    assert "retired" in anthropic["model_info"]["netra_warning"]
    assert config["netra_routing"]["warnings"] == [  # type: ignore[index]
        "anthropic/claude-3-5-sonnet: no id its provider's API accepts is known "
        f"({anthropic['model_info']['netra_warning']})"
    ]
    policy = RoutingPolicy("acme", 0.8, PromptBuckets(), (), RouteTarget("anthropic", "claude-3-5-sonnet"))
    text = compute_litellm_yaml(policy)
    assert text.startswith("# WARNING: fix these model ids") and "#   anthropic/claude-3-5-sonnet:" in text
    assert yaml.safe_load(text)["netra_routing"]["warnings"]


def test_the_builtin_catalog_exports_known_ids_except_the_retired_ones() -> None:
    resolved = {(p.provider, p.model): compute_litellm_model(p.provider, p.model) for p in BUILTIN_MODELS}
    unknown = sorted(f"{p}/{m}" for (p, m), r in resolved.items() if r.model not in litellm_ids())
    assert unknown == [
        "anthropic/claude-3-5-haiku",
        "anthropic/claude-3-5-sonnet",
        "groq/llama-3.1-8b-instant",
        "groq/llama-3.3-70b-versatile",
    ]
    assert all(resolved[tuple(u.split("/", 1))].warning for u in unknown)  # type: ignore[index]
