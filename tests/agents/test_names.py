"""The planner's names: the whole catalog, the org's values from the daily roll-up, a per-process cache."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from netra_core.agents.context import fetch_auth_context
from netra_core.agents.names import clear_known_names, compute_known_names, fetch_known_names
from netra_core.agents.tools import ToolContext
from netra_core.agents.triage import compute_plan
from netra_core.db.catalog import save_custom_model
from netra_core.db.engine import make_engine, make_session_factory
from netra_core.db.migrate import upgrade_app_db
from netra_core.db.orgs import fetch_org
from netra_core.workloads.events import save_events
from netra_core.workloads.store import WorkloadStore, query_rows
from tests.agents.builders import KNOWN, NOW, AgentEnv, make_events, seed_users

CATALOG = [
    ("anthropic", "claude-3-haiku", False),
    ("anthropic", "claude-3-5-haiku", False),
    ("google", "claude-3-5-haiku", False),
    ("anthropic", "claude-haiku-4-5", False),
    ("openai", "ada", False),
    ("cohere", "command", False),
    ("openai", "gpt-4o", False),
    ("openai", "gpt-4o-2024-05-13", False),
    ("acme-ai", "acme-llm-2", True),
]


def _plan(text: str, names_catalog: list[str]) -> list[str]:
    return compute_plan(text, known=KNOWN, catalog_models=names_catalog, own_org="acme", now=NOW).candidates


@pytest.mark.parametrize(
    ("question", "models"),
    [
        ("compare claude haiku and gpt-4o", ["claude-3-5-haiku", "gpt-4o"]),  # loose: the built-in haiku
        ("compare claude-3-haiku and gpt-4o", ["claude-3-haiku", "gpt-4o"]),  # exact: that one
        ("compare claude haiku 4.5 and gpt-4o", ["claude-haiku-4-5", "gpt-4o"]),  # the same name, other punctuation
        ("compare acme-llm-2 and gpt-4o", ["acme-llm-2", "gpt-4o"]),  # the org's custom model
        ("compare gpt-4o-2024-05-13 and gpt-4o", ["gpt-4o-2024-05-13", "gpt-4o"]),
    ],
)
def test_loose_names_resolve_among_preferred_models_and_exact_names_anywhere(question: str, models: list[str]) -> None:
    """A loose mention means a built-in or org model; any catalog model counts when spelled out."""
    names = compute_known_names(KNOWN, CATALOG)
    assert sorted(_plan(question, names.compute_planner_catalog(question))) == sorted(models)


def test_single_word_model_names_are_not_read_from_text() -> None:
    """The catalog models "ada" (a user here) and "command" are plain words in a message."""
    names = compute_known_names(KNOWN, CATALOG)
    text = "ada wants the command to compare gpt-4o and claude haiku"
    assert set(names.compute_planner_catalog(text)) == set(names.preferred_models)
    assert "ada" in names.catalog_models and "ada" not in names.preferred_models


def test_an_unsynced_catalog_gives_the_built_in_names() -> None:
    """Without a sync, the built-in table is the catalog (and is marked so)."""
    names = compute_known_names(KNOWN, [])
    assert not names.is_synced and {"gpt-4o-mini", "mistral-large"} <= set(names.catalog_models)


@pytest.fixture
def own_env(tmp_path: Path, store: WorkloadStore) -> Iterator[AgentEnv]:
    """An app database and a store of the test's own (this test ingests)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    upgrade_app_db(engine)
    factory: sessionmaker[Session] = make_session_factory(engine)
    seed_users(factory)
    with store.session() as client:
        save_events(client, "acme", make_events("acme", 300, seed=5))
    clear_known_names()
    yield AgentEnv(factory, store)
    clear_known_names()
    engine.dispose()


def _ctx(env: AgentEnv) -> ToolContext:
    with env.session_factory() as session:
        auth = fetch_auth_context(session, "ana")
    return ToolContext(auth=auth, store=env.store, session_factory=env.session_factory, now=NOW)


def test_org_values_come_from_the_daily_rollup_and_match_the_events(own_env: AgentEnv) -> None:
    """The values equal the distinct values of the raw events; the query read the roll-up, not the events."""
    ctx = _ctx(own_env)
    names, is_cached = fetch_known_names(ctx)
    assert not is_cached
    with own_env.store.session() as client:
        for key, column in (
            ("workloads", "workload"),
            ("models", "model"),
            ("providers", "provider"),
            ("task_types", "task_type"),
        ):
            rows = query_rows(client, f"SELECT DISTINCT {column} FROM workload_events WHERE org_id = 'acme'", {})
            assert names.dimensions[key] == sorted(r[0] for r in rows)
    assert ctx.sql_log and all("workload_daily" in r.sql and "workload_events" not in r.sql for r in ctx.sql_log)


def test_the_cache_serves_repeats_and_drops_on_ingest_catalog_change_and_age(own_env: AgentEnv) -> None:
    """A second question reads nothing; an ingest or a new custom model shows at once; old entries refetch."""
    ctx = _ctx(own_env)
    fetch_known_names(ctx)
    runs = len(ctx.sql_log)
    names, is_cached = fetch_known_names(ctx)
    assert is_cached and len(ctx.sql_log) == runs
    assert "invoice-parser" not in names.dimensions["workloads"]

    new = make_events("acme", 20, seed=9, workloads={"invoice-parser": ("extraction", ["gpt-4o-mini"])})
    new["ts"] = [NOW - timedelta(hours=1)] * len(new)
    with own_env.store.session() as client:
        save_events(client, "acme", new)
    names, is_cached = fetch_known_names(ctx)
    assert not is_cached and "invoice-parser" in names.dimensions["workloads"]

    with own_env.session_factory.begin() as session:
        save_custom_model(
            session,
            org_id=fetch_org(session, "acme").id,
            provider="acme-ai",
            model="acme-llm-9",
            context_window=8000,
            input_per_mtok=0.1,
            output_per_mtok=0.2,
            actor="ada",
        )
    names, is_cached = fetch_known_names(ctx)
    assert not is_cached and "acme-llm-9" in names.preferred_models

    assert fetch_known_names(ctx)[1] and not fetch_known_names(ctx, max_age_s=0)[1]
