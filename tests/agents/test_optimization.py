"""The optimization sub-agent: "cut 30 %" gets a policy with replayed savings and an interval, from the optimizer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from netra_core.agents.answers import compute_unsupported_numbers, money, pct
from netra_core.agents.assistant import ask
from netra_core.agents.context import fetch_auth_context
from netra_core.agents.tools_optimize import BUILTIN_NOTE
from netra_core.catalog.builtin import BUILTIN_MODELS, TASK_TYPES
from netra_core.db.catalog import save_custom_model
from netra_core.db.engine import make_engine, make_session_factory
from netra_core.db.migrate import upgrade_app_db
from netra_core.db.orgs import fetch_org
from netra_core.optimizer.report import compute_optimization
from netra_core.optimizer.segments import PromptBuckets
from netra_core.optimizer.solver import PolicyConstraints
from netra_core.services.recommend import fetch_candidates
from netra_core.workloads.segments import fetch_optimization_inputs
from tests.agents.builders import NOW, AgentEnv, seed_users


def test_cut_30_percent_reports_replayed_savings_with_an_interval(agent_env: AgentEnv) -> None:
    """The answer's savings and interval are the optimizer's replay for acme's last 30 days at the floor."""
    result = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("ana"),
        "cut our LLM bill 30% without dropping quality below 0.8",
        now=NOW,
    )
    assert result.status == "succeeded", result.error
    step = next(s for s in result.steps if s.get("tool") == "optimize_policy")
    assert step["args"]["savings_pct"] == 30 and step["args"]["quality_floor"] == 0.8 and step["args"]["days"] == 30
    with agent_env.store.session() as client:
        inputs = fetch_optimization_inputs(client, "acme", 30, PromptBuckets())
    report = compute_optimization(
        "acme",
        inputs,
        BUILTIN_MODELS,
        PolicyConstraints(quality_floor=0.8, is_floor_per_workload=True),
        buckets=PromptBuckets(),
        seed=0,
    )
    replay, sav = report.replay.totals, report.savings
    # One figure, the replay: over the window, its share, the monthly run-rate and interval, then its definition.
    assert (
        f"saves {money(sav.window_usd)} on those {sav.events:,} requests ({pct(sav.share)} of their spend): "
        f"{money(replay['savings_month'])} a month at that rate"
    ) in result.text
    assert f"95 % interval {money(replay['savings_month_lo'])} to {money(replay['savings_month_hi'])}" in result.text
    assert f"spend going from {money(sav.current_month_usd)} to {money(sav.policy_month_usd)} a month" in result.text
    assert sav.definition in result.text.replace("\\", "")
    # The solver's plan is not a second savings figure in the answer.
    plan = report.solution.totals
    assert money(plan["policy_cost_month"]) not in result.text or plan["policy_cost_month"] == pytest.approx(
        sav.policy_month_usd, abs=0.005
    )
    assert step["result"]["savings"]["savings_month"] == pytest.approx(sav.month_usd)
    assert step["result"]["policy"]["summary"]["savings_month"] == pytest.approx(sav.month_usd)
    # Targets priced on the catalog's priors are named as a quality risk.
    assert ("Quality risk" in result.text) == bool(sav.prior_only)
    for target in sav.prior_only:
        assert target.split(" -> ")[1].split(",")[0] in result.text
    assert ("is met" in result.text) == (sav.share >= 0.30)
    rows = result.payload["tables"][0]["rows"]
    assert rows and all("cost_month" not in r for r in rows)  # the table carries no plan dollars either
    flagged = {(r["segment"], r["model"]) for r in rows if r["quality_measured"] != "yes"}
    assert flagged == {
        (seg, m)
        for seg, ms in zip(sav.by_segment["segment"], sav.by_segment["prior_only"], strict=True)
        for m in ms
        if (seg, m) in {(r["segment"], r["model"]) for r in rows}
    }
    assert step["result"]["policy"]["rules"], "the exportable policy is on the run"
    assert step["result"]["candidates_source"] == "built-in" and BUILTIN_NOTE in result.text  # no catalog synced
    evidence = [{"args": step["args"], "data": step["result"]}]
    assert compute_unsupported_numbers(result.text, evidence) == []


def test_viewers_get_no_policy_through_chat_as_on_the_optimize_page(agent_env: AgentEnv) -> None:
    """The Optimize page refuses viewers; so does the assistant, saying why, with the denial on the run's steps."""
    result = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("vic"),
        "cut our LLM bill 30% without dropping quality below 0.8",
        now=NOW,
    )
    assert result.status == "succeeded", result.error
    step = next(s for s in result.steps if s.get("tool") == "optimize_policy")
    assert step["status"] == "denied" and "needs the analyst role" in step["error"]
    assert "Routing recommendations are for analysts and admins" in result.text
    assert "saves" not in result.text and "policy" not in str(result.payload.get("tables", ""))


@pytest.fixture
def catalog_factory(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    """An app database of its own (the shared one has no catalog) where acme has a free, excellent custom model."""
    engine = make_engine(f"sqlite:///{tmp_path / 'catalog.db'}")
    upgrade_app_db(engine)
    factory = make_session_factory(engine)
    seed_users(factory)
    with factory.begin() as session:
        model = save_custom_model(
            session,
            org_id=fetch_org(session, "acme").id,
            provider="acme-ai",
            model="acme-llm",
            context_window=200_000,
            input_per_mtok=0.0,
            output_per_mtok=0.0,
            actor="ada",
            ttft_ms=100.0,
            output_tokens_per_s=500.0,
        )
        model.quality = {task: {"mean": 0.99} for task in TASK_TYPES}
    yield factory
    engine.dispose()


def test_candidates_come_from_the_orgs_catalog(agent_env: AgentEnv, catalog_factory: sessionmaker[Session]) -> None:
    """acme's custom model is priced and chosen as the app would; globex cannot see it and falls back, with a note."""
    question = "cut our LLM bill 30% without dropping quality below 0.8"
    with catalog_factory() as session:
        auth = fetch_auth_context(session, "ana")
        candidates = fetch_candidates(session, auth.org_pk)
    result = ask(catalog_factory, agent_env.store, auth, question, now=NOW)
    assert result.status == "succeeded", result.error
    step = next(s for s in result.steps if s.get("tool") == "optimize_policy")
    assert step["result"]["candidates_source"] == "catalog" and step["result"]["candidates"] == len(candidates)
    assert "acme-llm" in {t["model"] for rule in step["result"]["policy"]["rules"] for t in rule["targets"]}
    with agent_env.store.session() as client:
        inputs = fetch_optimization_inputs(client, "acme", 30, PromptBuckets())
    report = compute_optimization(
        "acme",
        inputs,
        candidates,
        PolicyConstraints(quality_floor=0.8, is_floor_per_workload=True),
        buckets=PromptBuckets(),
        seed=0,
    )
    assert f"{money(report.savings.month_usd)} a month at that rate" in result.text
    assert "has not been synced" not in result.text

    with catalog_factory() as session:
        gus = fetch_auth_context(session, "gus")
    other = ask(catalog_factory, agent_env.store, gus, question, now=NOW)
    step = next(s for s in other.steps if s.get("tool") == "optimize_policy")
    assert step["result"]["candidates_source"] == "built-in" and "has not been synced" in other.text
    assert "acme-llm" not in repr(step["result"]["policy"])
