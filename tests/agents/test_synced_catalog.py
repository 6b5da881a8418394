"""With the full synced catalog (as after `netra up`): model names are recognised and comparisons answer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from netra_core.agents.answers import money, score
from netra_core.agents.assistant import ask
from netra_core.agents.tools_catalog import compute_prior_mean
from netra_core.catalog.builtin import builtin_profile
from netra_core.db.catalog import fetch_catalog
from tests.agents.builders import NOW, AgentEnv
from tests.agents.synced_catalog import make_synced_env

# (question, the catalog models the plan must name, the intent)
NAMED = [
    ("compare gpt-4o-mini and claude haiku for summarization", ["gpt-4o-mini", "claude-3-5-haiku"], "compare_models"),
    ("gpt-4o vs gpt-4.1 on our traffic last 30 days", ["gpt-4o", "gpt-4.1"], "compare_models"),
    (
        "mistral-large or gpt-4o-mini for classification, which is better?",
        ["mistral-large", "gpt-4o-mini"],
        "compare_models",
    ),
    ("how much would our traffic cost on claude haiku?", ["claude-3-5-haiku"], "cost_on_traffic"),
    ("what's the price of mistral large?", ["mistral-large"], "catalog"),
    ("compare claude-haiku-4-5 and gpt-4.1", ["claude-haiku-4-5", "gpt-4.1"], "compare_models"),
    ("what if we moved the gpt-4o traffic to gpt-4o-mini", ["gpt-4o", "gpt-4o-mini"], "what_if"),
    ("how much would the doc summarizer cost on mistral large?", ["mistral-large"], "what_if"),
]


@pytest.fixture(scope="module")
def synced_env(agent_env: AgentEnv) -> Iterator[AgentEnv]:
    """The full catalog in PostgreSQL over the shared store."""
    with make_synced_env(agent_env) as env:
        yield env


def test_the_synced_catalog_is_the_full_one(synced_env: AgentEnv) -> None:
    """The helper loads what `netra up` loads: far more models than one catalog table page of 200 rows."""
    with synced_env.session_factory() as session:
        catalog = fetch_catalog(session, synced_env.auth("ana").org_pk)
    assert len(catalog) > 1000
    assert {"gpt-4o", "gpt-4o-mini", "gpt-4.1", "claude-3-5-haiku", "mistral-large"} <= set(catalog["model"])


@pytest.mark.parametrize(("question", "models", "intent"), NAMED)
def test_names_are_recognised_with_the_full_catalog(
    synced_env: AgentEnv, question: str, models: list[str], intent: str
) -> None:
    """Each model the question names reaches the plan, whatever its price rank in the catalog."""
    result = ask(synced_env.session_factory, synced_env.store, synced_env.auth("ana"), question, now=NOW)
    assert result.status == "succeeded", result.error
    plan = result.payload["plan"]
    # The planner lists the org's own models before catalog-only ones, so the order is not the question's.
    assert plan["intent"] == intent and sorted(plan["candidates"]) == sorted(models), plan


def test_a_comparison_with_synced_priors_does_not_crash(synced_env: AgentEnv) -> None:
    """A synced model's quality prior is a dict; the comparison prints its mean, with the traffic's repriced cost."""
    result = ask(
        synced_env.session_factory,
        synced_env.store,
        synced_env.auth("ana"),
        "compare gpt-4o-mini and claude haiku for summarization",
        now=NOW,
    )
    assert result.status == "succeeded", result.error
    step = next(s for s in result.steps if s.get("tool") == "get_model_comparison")
    rows = {r["model"]: r for r in result.payload["tables"][0]["rows"]}
    assert set(rows) == {"gpt-4o-mini", "claude-3-5-haiku"}  # one row per model, though two providers sell haiku
    for model, provider in (("gpt-4o-mini", "openai"), ("claude-3-5-haiku", "anthropic")):
        profile = builtin_profile(provider, model)
        assert profile is not None and rows[model]["provider"] == provider
        assert rows[model]["quality_prior"] == pytest.approx(profile.quality["summarization"])
        assert f"summarization quality prior {score(profile.quality['summarization'])}" in result.text
        assert money(rows[model]["cost_usd"]) in result.text
    assert step["result"]["requests"] > 0 and not result.payload["unsupported_numbers"]


@pytest.mark.parametrize(
    ("value", "mean"),
    [
        (0.9, 0.9),
        ({"mean": 0.82, "source": "x", "confidence": "low"}, 0.82),
        ({"source": "x"}, None),
        (None, None),
        (float("nan"), None),
        (True, None),
    ],
)
def test_prior_mean_reads_both_prior_shapes(value: object, mean: float | None) -> None:
    """The built-in float and the synced dict give the same number; anything else gives none."""
    assert compute_prior_mean(value) == mean
