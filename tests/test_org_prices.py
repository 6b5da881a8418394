"""Per-org prices (issue 19 item 2): an org admin's price is that org's alone; the catalog's is the operator's."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from netra_core.catalog.sync import CatalogEntry, compute_genai_prices_entries
from netra_core.db.catalog import (
    delete_custom_models,
    fetch_catalog,
    fetch_price_book,
    fetch_price_history,
    save_catalog_entries,
    save_price_override,
)
from netra_core.db.engine import make_engine
from netra_core.db.migrate import downgrade_app_db, upgrade_app_db
from netra_core.db.orgs import save_org
from netra_core.services.recommend import fetch_candidates


def D(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


@pytest.fixture(scope="module")
def openai_entries() -> list[CatalogEntry]:
    return [e for e in compute_genai_prices_entries() if e.provider == "openai"]


def gpt4o_cost(session: Session, org_id: int | None, *days: datetime) -> list[float]:
    """What 1 M input tokens of gpt-4o cost on each day, for the org."""
    events = pd.DataFrame(
        [
            {
                "provider": "openai",
                "model": "gpt-4o",
                "ts": d,
                "prompt_tokens": 1_000_000,
                "completion_tokens": 0,
                "cached_tokens": 0,
                "is_batch": 0,
            }
            for d in days
        ]
    )
    costs: list[float] = fetch_price_book(session, org_id).compute_costs(events).tolist()
    return costs


def listed_input_price(session: Session, org_id: int | None, at: datetime) -> float:
    frame = fetch_catalog(session, org_id, search="gpt-4o", provider="openai", at=at).set_index("model")
    return float(frame.loc["gpt-4o", "input_per_mtok"])


def test_an_org_admins_price_is_that_orgs_alone(db_session: Session, openai_entries: list[CatalogEntry]) -> None:
    acme, globex = save_org(db_session, "acme"), save_org(db_session, "globex")
    save_catalog_entries(db_session, openai_entries)
    save_price_override(
        db_session,
        provider="openai",
        model="gpt-4o",
        input_per_mtok=2.0,
        output_per_mtok=8.0,
        actor="ada",
        org_id=acme.id,
        effective_from=D(2026, 6, 1),
    )
    # acme: the catalog price before June, its own after; globex and the catalog itself: the catalog price.
    assert gpt4o_cost(db_session, acme.id, D(2026, 5, 1), D(2026, 7, 1)) == pytest.approx([2.5, 2.0])
    assert gpt4o_cost(db_session, globex.id, D(2026, 5, 1), D(2026, 7, 1)) == pytest.approx([2.5, 2.5])
    assert gpt4o_cost(db_session, None, D(2026, 7, 1)) == pytest.approx([2.5])
    assert listed_input_price(db_session, acme.id, D(2026, 7, 1)) == 2.0
    assert listed_input_price(db_session, globex.id, D(2026, 7, 1)) == 2.5
    # Nobody else sees acme's admin's name or price in the history.
    # (The standard tier's rows; the catalog's batch/flex/priority rows are listed too, with their tier.)
    history = fetch_price_history(db_session, "openai", "gpt-4o", globex.id)
    assert [p.source for p in history if not p.service_tier] == ["genai-prices"]
    assert {p.service_tier for p in history} >= {"", "batch"}
    acme_history = fetch_price_history(db_session, "openai", "gpt-4o", acme.id)
    assert [(p.source, p.input_per_mtok) for p in acme_history if not p.service_tier] == [
        ("genai-prices", 2.5),
        ("admin:ada", 2.0),
    ]
    # The optimizer's candidates read the same prices.
    by_org = {
        org.slug: next(c for c in fetch_candidates(db_session, org.id) if c.model == "gpt-4o").input_per_mtok
        for org in (acme, globex)
    }
    assert by_org == {"acme": 2.0, "globex": 2.5}
    # A re-sync keeps the org's price; deleting the org's own things removes it.
    save_catalog_entries(db_session, openai_entries)
    assert gpt4o_cost(db_session, acme.id, D(2026, 7, 1)) == pytest.approx([2.0])
    delete_custom_models(db_session, acme.id)
    assert gpt4o_cost(db_session, acme.id, D(2026, 7, 1)) == pytest.approx([2.5])


def test_the_operators_price_is_everyones_and_an_orgs_own_price_wins_over_it(
    db_session: Session, openai_entries: list[CatalogEntry]
) -> None:
    acme, globex = save_org(db_session, "acme"), save_org(db_session, "globex")
    save_catalog_entries(db_session, openai_entries)
    save_price_override(
        db_session,
        provider="openai",
        model="gpt-4o",
        input_per_mtok=3.0,
        output_per_mtok=9.0,
        actor="cli",
        effective_from=D(2026, 3, 1),
    )
    save_price_override(
        db_session,
        provider="openai",
        model="gpt-4o",
        input_per_mtok=2.0,
        output_per_mtok=8.0,
        actor="ada",
        org_id=acme.id,
        effective_from=D(2026, 6, 1),
    )
    # A later correction of the catalog does not end acme's own price, and acme's price did not end the catalog's.
    save_price_override(
        db_session,
        provider="openai",
        model="gpt-4o",
        input_per_mtok=4.0,
        output_per_mtok=9.0,
        actor="cli",
        effective_from=D(2026, 9, 1),
    )
    days = (D(2026, 2, 1), D(2026, 4, 1), D(2026, 7, 1), D(2026, 10, 1))
    assert gpt4o_cost(db_session, acme.id, *days) == pytest.approx([2.5, 3.0, 2.0, 2.0])
    assert gpt4o_cost(db_session, globex.id, *days) == pytest.approx([2.5, 3.0, 3.0, 4.0])
    # A second price of acme's closes acme's first one only.
    save_price_override(
        db_session,
        provider="openai",
        model="gpt-4o",
        input_per_mtok=1.0,
        output_per_mtok=4.0,
        actor="ada",
        org_id=acme.id,
        effective_from=D(2026, 11, 1),
    )
    assert gpt4o_cost(db_session, acme.id, D(2026, 10, 1), D(2026, 11, 2)) == pytest.approx([2.0, 1.0])
    assert gpt4o_cost(db_session, globex.id, D(2026, 11, 2)) == pytest.approx([4.0])


@pytest.fixture(params=["sqlite", "postgresql"])
def migration_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'm.db'}"
    return str(request.getfixturevalue("fresh_pg_url"))


def test_upgrade_gives_each_admins_earlier_price_to_their_org(migration_url: str) -> None:
    """Prices org admins wrote before per-org prices existed become their org's; the CLI's stay the catalog's."""
    engine = make_engine(migration_url)
    try:
        upgrade_app_db(engine, "0002")
        with engine.begin() as conn:
            for stmt in (
                "INSERT INTO orgs (id, slug, name, created_at) VALUES (1, 'acme', 'acme', '2026-01-01'), "
                "(2, 'globex', 'globex', '2026-01-01')",
                "INSERT INTO users (id, org_id, username, email, display_name, password_hash, role, is_active, "
                "failed_attempts, created_at) VALUES (1, 1, 'ada', '', '', 'x', 'admin', true, 0, '2026-01-01')",
                "INSERT INTO supply_catalog (id, org_id, provider, model, display_name, latency_source, quality, "
                "is_custom, source, created_at) VALUES (1, NULL, 'openai', 'gpt-4o', '', '', '{}', false, '', "
                "'2026-01-01'), (2, 2, 'self-hosted', 'llama', '', '', '{}', true, '', '2026-01-01')",
                "INSERT INTO model_prices (id, supply_model_id, input_per_mtok, output_per_mtok, effective_from, source) "
                "VALUES (1, 1, 2.5, 10, '2020-01-01', 'genai-prices'), (2, 1, 2.0, 8, '2026-06-01', 'admin:ada'), "
                "(3, 1, 3.0, 9, '2026-03-01', 'admin:cli'), (4, 2, 0.1, 0.1, '2020-01-01', 'admin:gus')",
            ):
                conn.execute(text(stmt))
        upgrade_app_db(engine)
        with engine.connect() as conn:
            owners: dict[int, int | None] = dict(
                conn.execute(text("SELECT id, org_id FROM model_prices ORDER BY id")).all()
            )
        assert owners == {1: None, 2: 1, 3: None, 4: 2}
        with Session(engine) as session:
            assert gpt4o_cost(session, 2, D(2026, 7, 1)) == pytest.approx([3.0])
            assert gpt4o_cost(session, 1, D(2026, 7, 1)) == pytest.approx([2.0])
    finally:
        downgrade_app_db(engine)
        engine.dispose()
