"""What-if answers: traffic repriced at another model's prices, and the optimizer's scope and latency limit."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy.orm import Session, sessionmaker

from netra_core.agents.answers import compute_unsupported_numbers, money, ms
from netra_core.agents.assistant import ask
from netra_core.agents.catalog_names import BUILTIN_MODEL_NAMES
from netra_core.agents.names import clear_known_names
from netra_core.agents.triage import compute_plan
from netra_core.catalog.builtin import builtin_profile
from netra_core.db.catalog import save_price_override
from netra_core.db.engine import make_engine, make_session_factory
from netra_core.db.migrate import upgrade_app_db
from netra_core.db.orgs import fetch_org
from netra_core.optimizer.estimates import compute_estimates
from netra_core.optimizer.report import compute_optimization
from netra_core.optimizer.scope import TrafficScope
from netra_core.optimizer.segments import PromptBuckets, compute_segment_table
from netra_core.optimizer.solver import PolicyConstraints
from netra_core.services.recommend import fetch_candidates
from netra_core.workloads.events import save_events
from netra_core.workloads.segments import fetch_optimization_inputs
from netra_core.workloads.store import WorkloadStore
from tests.agents.builders import KNOWN, NOW, AgentEnv, make_events, seed_users
from tests.agents.synced_catalog import load_synced_catalog


def _evidence(result: object) -> list[dict[str, object]]:
    steps = [s for s in result.steps if s.get("kind") == "tool" and s.get("status") == "ok"]  # type: ignore[attr-defined]
    return [{"args": s["args"], "data": s["result"]} for s in steps]


@pytest.fixture
def priced_env(tmp_path: Path, store: WorkloadStore) -> Iterator[tuple[AgentEnv, pd.DataFrame]]:
    """The full catalog (sqlite), and acme's events with cached prompt tokens and batch requests."""
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    upgrade_app_db(engine)
    factory: sessionmaker[Session] = make_session_factory(engine)
    seed_users(factory)
    load_synced_catalog(factory)
    events = make_events("acme", 1500, seed=11)
    rng = np.random.default_rng(3)
    events["cached_tokens"] = (events["prompt_tokens"] * rng.uniform(0, 0.6, len(events))).astype(int)
    events["is_batch"] = (rng.random(len(events)) < 0.3).astype(int)
    with store.session() as client:
        save_events(client, "acme", events)
    clear_known_names()
    yield AgentEnv(factory, store), events
    clear_known_names()
    engine.dispose()


def _independent_cost(events: pd.DataFrame, inp: float, out: float, cached: float, discount: float) -> float:
    """The tokens at a price, computed here from the DataFrame that was ingested (not from the store)."""
    total = 0.0
    for row in events.itertuples():
        c = min(row.cached_tokens, row.prompt_tokens)
        cost = ((row.prompt_tokens - c) * inp + c * cached + row.completion_tokens * out) / 1e6
        total += cost * (1 - discount) if row.is_batch else cost
    return total


def test_repricing_a_workload_equals_an_independent_computation(priced_env: tuple[AgentEnv, pd.DataFrame]) -> None:
    """doc-summarizer's last 7 days at gpt-4o-mini's catalog price: cached and batch prices applied, estimates said."""
    env, events = priced_env
    result = ask(
        env.session_factory,
        env.store,
        env.auth("ana"),
        "how much would the doc summarizer cost on gpt-4o-mini?",
        now=NOW,
    )
    assert result.status == "succeeded", result.error
    step = next(s for s in result.steps if s.get("tool") == "reprice_traffic")
    assert step["args"]["workloads"] == ["doc-summarizer"] and step["args"]["target_model"] == "gpt-4o-mini"
    window = events[(events["workload"] == "doc-summarizer") & (events["ts"] >= NOW - pd.Timedelta(days=7))]
    profile = builtin_profile("openai", "gpt-4o-mini")
    assert profile is not None and profile.cached_input_per_mtok is not None
    expected = _independent_cost(
        window, profile.input_per_mtok, profile.output_per_mtok, profile.cached_input_per_mtok, 0.5
    )
    data = step["result"]
    assert data["requests"] == len(window) and data["repriced_cost_usd"] == pytest.approx(expected, rel=1e-9)
    assert data["current_cost_usd"] == pytest.approx(float(window["cost_usd"].sum()), rel=1e-9)
    assert money(expected) in result.text and money(float(window["cost_usd"].sum())) in result.text
    assert "Estimates, not measurements" in result.text and "p95 latency about" in result.text
    assert data["latency_basis"] in ("observed", "profile") and data["quality_basis"] != "none"
    assert compute_unsupported_numbers(result.text, _evidence(result)) == []


def test_moving_a_models_traffic_uses_the_orgs_own_price(priced_env: tuple[AgentEnv, pd.DataFrame]) -> None:
    """'what if we moved the gpt-4o traffic to gpt-4o-mini' reprices gpt-4o's traffic at acme's override price."""
    env, events = priced_env
    with env.session_factory.begin() as session:
        save_price_override(
            session,
            provider="openai",
            model="gpt-4o-mini",
            input_per_mtok=0.05,
            output_per_mtok=0.2,
            actor="ada",
            org_id=fetch_org(session, "acme").id,
            effective_from=NOW - pd.Timedelta(days=400),
        )
    result = ask(
        env.session_factory,
        env.store,
        env.auth("ana"),
        "what if we moved the gpt-4o traffic to gpt-4o-mini last 30 days?",
        now=NOW,
    )
    assert result.status == "succeeded", result.error
    data = next(s for s in result.steps if s.get("tool") == "reprice_traffic")["result"]
    assert data["scope"]["models"] == ["gpt-4o"] and data["input_per_mtok"] == 0.05
    window = events[(events["model"] == "gpt-4o") & (events["ts"] >= NOW - pd.Timedelta(days=30))]
    # The override has no cached price (the input price applies) and no batch discount.
    assert data["repriced_cost_usd"] == pytest.approx(_independent_cost(window, 0.05, 0.2, 0.05, 0.0), rel=1e-9)
    assert {r["model"] for r in result.payload["tables"][0]["rows"]} == {"gpt-4o"}


def test_an_optimizer_question_is_scoped_to_the_task_type_named(agent_env: AgentEnv) -> None:
    """'save on the summarisation work' optimises summarization traffic only, and says so."""
    result = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("ana"),
        "how can we save on the summarisation work?",
        now=NOW,
    )
    assert result.status == "succeeded", result.error
    step = next(s for s in result.steps if s.get("tool") == "optimize_policy")
    assert step["args"]["task_types"] == ["summarization"]
    scope = TrafficScope(task_types=("summarization",))
    with agent_env.store.session() as client:
        inputs = fetch_optimization_inputs(client, "acme", 30, PromptBuckets(), scope)
    assert set(inputs.events["task_type"]) == {"summarization"}
    report = compute_optimization(
        "acme",
        inputs,
        fetch_candidates(None),
        PolicyConstraints(quality_floor=0.0),
        buckets=PromptBuckets(),
        max_quality_drop=0.0,
        seed=0,
    )
    assert f"{money(report.savings.month_usd)} a month at that rate" in result.text
    assert {r["workload"] for r in step["result"]["policy"]["rules"]} == {"doc-summarizer"}
    assert "Constraints applied: traffic: task types summarization" in result.text


def _fastest_per_segment(agent_env: AgentEnv) -> pd.DataFrame:
    """Per segment, the fastest candidate's p95 estimate, from the optimizer's own estimate table."""
    with agent_env.store.session() as client:
        inputs = fetch_optimization_inputs(client, "acme", 30, PromptBuckets())
    segments = compute_segment_table(inputs.segment_stats, inputs.model_stats)
    est = compute_estimates(
        segments,
        inputs.model_stats,
        fetch_candidates(None),
        eval_stats=inputs.eval_stats,
        window_days=inputs.window_days,
    )
    return est.loc[est.groupby("segment")["latency_p95_ms"].idxmin()]


def test_a_latency_limit_holds_for_every_segment_models_in_use_included(agent_env: AgentEnv) -> None:
    """At the tightest feasible limit every routed model's p95 estimate is under it, though models in use exceed it."""
    fastest = _fastest_per_segment(agent_env)
    limit = math.ceil(float(fastest["latency_p95_ms"].max())) + 1
    with agent_env.store.session() as client:
        inputs = fetch_optimization_inputs(client, "acme", 30, PromptBuckets())
    assert (inputs.model_stats["latency_p95_ms"] > limit).any(), "the exemption would matter here"
    result = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("ana"),
        f"find a routing policy with p95 under {limit} ms and a quality floor of 0.5",
        now=NOW,
    )
    assert result.status == "succeeded", result.error
    step = next(s for s in result.steps if s.get("tool") == "optimize_policy")
    assert step["args"]["p95_ms"] == limit and step["result"]["segments"] > 0
    rows = result.payload["tables"][0]["rows"]
    assert rows and all(r["latency_p95_ms"] <= limit for r in rows)
    assert f"p95 latency ≤ {limit:,} ms on every segment, models in use included" in result.text
    assert f"under the limit of {ms(limit)}" in result.text


def test_an_infeasible_latency_limit_names_the_fastest_candidate(agent_env: AgentEnv) -> None:
    """Under the fastest candidate of some segment, the answer says no policy meets it and names that candidate."""
    fastest = _fastest_per_segment(agent_env)
    worst = fastest.loc[fastest["latency_p95_ms"].idxmax()]
    limit = math.floor(float(worst["latency_p95_ms"])) - 1
    result = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("ana"),
        f"a policy with p95 under {limit} ms please",
        now=NOW,
    )
    assert result.status == "succeeded", result.error
    data = next(s for s in result.steps if s.get("tool") == "optimize_policy")["result"]
    blocked = fastest[fastest["latency_p95_ms"] > limit]
    binding = blocked.loc[blocked["latency_p95_ms"].idxmax()]
    assert data["latency_infeasible"]["fastest_model"] == binding["model"]
    assert f"no policy meets p95 ≤ {limit:,} ms" in result.text
    assert f"the fastest candidate there is {binding['model']} at {binding['latency_p95_ms']:,.0f} ms" in result.text
    assert "Constraints applied" in result.text


@pytest.mark.parametrize(
    ("question", "intent", "args"),
    [
        (
            "what if we moved the gpt-4o traffic to gpt-4o-mini",
            "what_if",
            {"models": ["gpt-4o"], "target_model": "gpt-4o-mini"},
        ),
        (
            "how much would the summarisation workload cost on gpt-4o-mini",
            "what_if",
            {"task_types": ["summarization"], "target_model": "gpt-4o-mini"},
        ),
        (
            "what if support-bot ran on claude haiku",
            "what_if",
            {"workloads": ["support-bot"], "target_model": "claude-3-5-haiku"},
        ),
        # Pinned by the question sets as list-price comparisons: they stay so.
        (
            "what would the support bot cost if we switched to gpt-4.1-mini",
            "cost_on_traffic",
            {"workloads": ["support-bot"], "candidates": ["gpt-4.1-mini"]},
        ),
        ("how much would our traffic cost on claude haiku?", "cost_on_traffic", {"candidates": ["claude-3-5-haiku"]}),
        (
            "what if we compare gpt-4o-mini and claude haiku?",
            "compare_models",
            {"candidates": ["gpt-4o-mini", "claude-3-5-haiku"]},
        ),
    ],
)
def test_what_if_questions_are_planned_as_repricing(question: str, intent: str, args: dict[str, object]) -> None:
    """A move of named traffic onto one model is a what-if; the rest keep their intent."""
    plan = compute_plan(question, known=KNOWN, catalog_models=BUILTIN_MODEL_NAMES, own_org="acme", now=NOW)
    assert plan.intent == intent
    assert {k: plan.calls[0].args.get(k) for k in args} == args


def test_a_what_if_follow_up_keeps_the_traffic_and_changes_the_target() -> None:
    """'and on claude haiku?' after a move reprices the same gpt-4o traffic at haiku's prices."""
    first = compute_plan(
        "what if we moved the gpt-4o traffic to gpt-4o-mini",
        known=KNOWN,
        catalog_models=BUILTIN_MODEL_NAMES,
        own_org="acme",
        now=NOW,
    )
    plan = compute_plan(
        "and on claude haiku?", known=KNOWN, catalog_models=BUILTIN_MODEL_NAMES, own_org="acme", now=NOW, previous=first
    )
    assert plan.intent == "what_if" and plan.calls[0].tool == "reprice_traffic"
    assert plan.calls[0].args["models"] == ["gpt-4o"] and plan.calls[0].args["target_model"] == "claude-3-5-haiku"


@pytest.mark.parametrize(
    ("question", "args"),
    [
        ("cut costs 20% for the openai traffic", {"providers": ["openai"], "allowed_providers": None}),
        (
            "cheapest routing policy using only anthropic models",
            {"providers": None, "allowed_providers": ["anthropic"]},
        ),
        ("reduce spend 30% but stick to openai models", {"providers": None, "allowed_providers": ["openai"]}),
    ],
)
def test_providers_scope_the_traffic_unless_the_models_are_limited(question: str, args: dict[str, object]) -> None:
    """'our openai traffic' is the traffic the policy is for; 'only anthropic models' is what it may route to."""
    plan = compute_plan(question, known=KNOWN, catalog_models=BUILTIN_MODEL_NAMES, own_org="acme", now=NOW)
    assert plan.intent == "optimize" and {k: plan.calls[0].args.get(k) for k in args} == args


def test_allowed_providers_limit_the_models_routed_to(agent_env: AgentEnv) -> None:
    """Every model the policy routes to is an anthropic one; the whole traffic is covered."""
    result = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("ana"),
        "cheapest routing policy using only anthropic models with a quality floor of 0.5",
        now=NOW,
    )
    assert result.status == "succeeded", result.error
    step = next(s for s in result.steps if s.get("tool") == "optimize_policy")
    assert {r["provider"] for r in result.payload["tables"][0]["rows"]} == {"anthropic"}
    assert {r["workload"] for r in step["result"]["policy"]["rules"]} == {w for w in KNOWN["workloads"]}
    assert "models of anthropic only" in result.text
