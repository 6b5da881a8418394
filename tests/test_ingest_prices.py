"""Ingest prices with the org's price book (issue 19 item 5): the synced catalog by day, the org's own prices, aliases."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from netra_core.catalog.providers import PROVIDER_FALLBACKS, compute_catalog_providers, compute_undated_model
from netra_core.catalog.sync import CatalogEntry, compute_genai_prices_entries
from netra_core.config import get_settings
from netra_core.db.catalog import save_catalog_entries, save_price_override
from netra_core.db.engine import make_engine
from netra_core.db.orgs import save_org
from netra_core.db.prices import fetch_org_price_book
from netra_core.workloads.ingest import ingest_files
from netra_core.workloads.store import WorkloadStore, query_df
from tests.conftest import run_netra


def D(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


# One million prompt tokens each, so a cost is the input price per Mtok.
EVENTS = [
    ("o3", "2026-11-10T10:00:00Z", "openai", "o3-mini"),
    ("o3-no-provider", "2026-11-10T10:00:00Z", "", "o3-mini"),
    ("azure", "2026-11-10T10:00:00Z", "azure", "gpt-4"),
    ("azure-litellm", "2026-11-10T10:00:00Z", "azure_openai", "gpt-4"),
    ("azure-otel", "2026-11-10T10:00:00Z", "az.ai.openai", "gpt-4-0613"),
    ("4o-before", "2026-11-10T10:00:00Z", "openai", "gpt-4o"),
    ("4o-after", "2026-11-20T10:00:00Z", "openai", "gpt-4o"),
    ("4o-dated-after", "2026-11-20T10:00:00Z", "openai", "gpt-4o-2024-08-06"),
]


@pytest.fixture(scope="module")
def entries() -> list[CatalogEntry]:
    return [e for e in compute_genai_prices_entries() if e.provider in {"openai", "azure", "anthropic", "google"}]


def write_events(folder: Path) -> Path:
    path = folder / "events.csv"
    lines = ["event_id,ts,provider,model,prompt_tokens,completion_tokens"]
    lines += [f"{eid},{ts},{provider},{model},1000000,0" for eid, ts, provider, model in EVENTS]
    path.write_text("\n".join(lines) + "\n")
    return path


def stored_costs(store: WorkloadStore, org: str) -> dict[str, float]:
    with store.session() as client:
        rows = query_df(
            client,
            "SELECT event_id, cost_usd, cost_source FROM workload_events FINAL WHERE org_id = {org:String}",
            {"org": org},
        )
    assert set(rows["cost_source"]) <= {"netra", "unpriced"}
    return {r.event_id: (r.cost_usd if r.cost_source == "netra" else float("nan")) for r in rows.itertuples()}


def test_ingest_prices_with_the_synced_catalog_and_the_orgs_own_prices(
    sqlite_engine: Engine,
    store: WorkloadStore,
    entries: list[CatalogEntry],
    tmp_path: Path,
) -> None:
    with Session(sqlite_engine) as session, session.begin():
        save_catalog_entries(session, entries)
        acme, _ = save_org(session, "acme"), save_org(session, "globex")
        save_price_override(
            session,
            provider="openai",
            model="gpt-4o",
            input_per_mtok=1.0,
            output_per_mtok=4.0,
            actor="ada",
            org_id=acme.id,
            effective_from=D(2026, 11, 15),
        )
    path = write_events(tmp_path)
    for org in ("acme", "globex"):
        with Session(sqlite_engine) as session:
            book = fetch_org_price_book(session, org)
        report = ingest_files(store, [path], org, price_book=book)
        assert (report.priced_by_netra, report.unpriced, report.price_source) == (len(EVENTS), 0, "catalog")
    common = {
        "o3": 1.1,
        "o3-no-provider": 1.1,
        "azure": 30.0,
        "azure-litellm": 30.0,
        "azure-otel": 30.0,
        "4o-before": 2.5,
    }
    # acme's own price from Nov 15 prices its later events only; globex keeps the catalog's.
    assert stored_costs(store, "acme") == pytest.approx({**common, "4o-after": 1.0, "4o-dated-after": 1.0})
    assert stored_costs(store, "globex") == pytest.approx({**common, "4o-after": 2.5, "4o-dated-after": 2.5})


def test_an_empty_catalog_prices_with_the_built_in_table_and_the_report_says_so(
    sqlite_engine: Engine, store: WorkloadStore, tmp_path: Path
) -> None:
    with Session(sqlite_engine) as session:
        book = fetch_org_price_book(session, "acme")
    report = ingest_files(store, [write_events(tmp_path)], "acme", price_book=book)
    assert report.price_source.startswith("built-in table (no synced catalog")
    assert "prices from the built-in table (no synced catalog: run `netra catalog sync`)" in report.summary()
    costs = stored_costs(store, "acme")
    assert costs["4o-after"] == pytest.approx(2.5) and costs["azure-litellm"] != costs["azure-litellm"]  # gpt-4: NaN
    assert report.unpriced_models == [
        "az.ai.openai/gpt-4-0613",
        "azure/gpt-4",
        "azure_openai/gpt-4",
        "o3-mini",
        "openai/o3-mini",
    ]


def test_the_cli_front_doors_use_the_orgs_prices(tmp_path: Path, entries: list[CatalogEntry]) -> None:
    """netra ingest and netra generate, after set-price --org for acme: acme's events use it, globex's do not."""
    assert run_netra("db", "upgrade").returncode == 0
    engine = make_engine(get_settings().resolved_database_url)
    with Session(engine) as session, session.begin():
        save_catalog_entries(session, entries)  # what `netra catalog sync` writes, for fewer providers
    engine.dispose()
    for user, org in (("ada", "acme"), ("gus", "globex")):
        added = run_netra(
            "users",
            "add",
            user,
            "--org",
            org,
            "--role",
            "admin",
            "--password-stdin",
            "--create-org",
            input_text="a-long-password\n",
        )
        assert added.returncode == 0, added.stderr
    changed = run_netra(
        "catalog",
        "set-price",
        "openai",
        "gpt-4o",
        "--input",
        "1",
        "--output",
        "4",
        "--org",
        "acme",
        "--from",
        "2026-11-15",
    )
    assert changed.returncode == 0, changed.stderr
    path = write_events(tmp_path)
    for org in ("acme", "globex"):
        done = run_netra("ingest", str(path), "--org", org, "--json")
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout)
        assert (report["priced_by_netra"], report["unpriced"], report["price_source"]) == (len(EVENTS), 0, "catalog")
    store = WorkloadStore(get_settings().resolved_store_url)
    acme, globex = stored_costs(store, "acme"), stored_costs(store, "globex")
    assert (acme["4o-after"], globex["4o-after"], acme["o3"], acme["azure-otel"]) == pytest.approx((1.0, 2.5, 1.1, 30))
    # Generated traffic is priced the same way: same seed, same events, acme's gpt-4o is cheaper.
    spend = {}
    for org in ("acme", "globex"):
        generated = run_netra(
            "generate", "--org", org, "--events", "3000", "--days", "5", "--end", "2026-11-30", "--json"
        )
        assert generated.returncode == 0, generated.stderr
        data = json.loads(generated.stdout)
        assert data["prices_from"] == "catalog"
        spend[org] = data["spend_usd"]
    assert 0 < spend["acme"] < spend["globex"]


def test_provider_fallbacks_are_genai_prices_own() -> None:
    from genai_prices import data_snapshot

    snapshot = {
        p.id: tuple(p.fallback_model_providers)
        for p in data_snapshot.get_snapshot().providers
        if p.fallback_model_providers
    }
    assert snapshot == PROVIDER_FALLBACKS


@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("azure", "azure"),
        ("azure_openai", "azure"),
        ("Azure OpenAI", "azure"),
        ("azure.ai.openai", "azure"),
        ("az.ai.inference", "azure"),
        ("aws.bedrock", "aws"),
        ("bedrock", "aws"),
        ("gcp.vertex_ai", "google"),
        ("vertex_ai", "google"),
        ("gemini", "google"),
        ("x_ai", "x-ai"),
        ("xai", "x-ai"),
        ("mistral_ai", "mistral"),
        ("together_ai", "together"),
        ("OpenAI", "openai"),
    ],
)
def test_event_provider_names_find_the_catalogs_provider(name: str, first: str) -> None:
    known = {
        "openai": "openai",
        "x_ai": "x-ai",
        "azure": "azure",
        "aws": "aws",
        "google": "google",
        "mistral": "mistral",
        "together": "together",
    }
    assert compute_catalog_providers(name, known)[0] == first


@pytest.mark.parametrize(
    ("model", "undated"),
    [
        ("gpt-4o-2024-08-06", "gpt-4o"),
        ("claude-3-5-sonnet-20241022", "claude-3-5-sonnet"),
        ("claude-3-5-sonnet@20240620", "claude-3-5-sonnet"),
        ("gpt-4-0613", "gpt-4"),
        ("gpt-4o", None),
        ("llama-3.1-405b", None),
    ],
)
def test_snapshot_dates_come_off_model_names(model: str, undated: str | None) -> None:
    assert compute_undated_model(model) == undated


def test_ingest_into_a_fresh_app_database_says_it_used_the_built_in_table(tmp_path: Path) -> None:
    assert run_netra("db", "upgrade").returncode == 0
    elsewhere = {"NETRA_DATABASE_URL": f"sqlite:///{tmp_path / 'never-migrated.db'}"}
    done = run_netra("ingest", str(write_events(tmp_path)), "--org", "acme", "--create-org", env=elsewhere)
    assert done.returncode == 0, done.stderr
    assert "prices from the built-in table (no synced catalog: run `netra catalog sync`)" in done.stdout
