"""The supply catalog: genai-prices sync, history-keeping price changes, custom models, pricing by day."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime
from typing import Any

import pandas as pd
import pytest
from sqlalchemy.orm import Session

from netra_core.catalog.sync import CatalogEntry, compute_genai_prices_entries
from netra_core.db.catalog import (
    fetch_catalog,
    fetch_price_book,
    fetch_price_history,
    save_catalog_entries,
    save_custom_model,
    save_price_override,
)
from netra_core.db.orgs import save_org
from netra_core.errors import NotFoundError, ValidationError
from tests.conftest import run_netra


def D(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


@pytest.fixture(scope="module")
def entries() -> list[CatalogEntry]:
    return compute_genai_prices_entries()


def event(
    model: str, ts: datetime, provider: str = "openai", prompt: int = 1_000_000, completion: int = 0
) -> dict[str, Any]:
    return {
        "provider": provider,
        "model": model,
        "ts": ts,
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "cached_tokens": 0,
        "is_batch": 0,
    }


def test_snapshot_has_the_big_providers_with_prices_and_context(entries: list[CatalogEntry]) -> None:
    by_key = {(e.provider, e.model): e for e in entries}
    gpt4o = by_key[("openai", "gpt-4o")]
    assert gpt4o.context_window == 128_000
    standard = [p for p in gpt4o.prices if not p.service_tier]
    assert standard[-1].input_per_mtok == 2.5 and standard[-1].output_per_mtok == 10.0
    assert (
        standard[-1].batch_discount == 0.5
        and gpt4o.ttft_ms is not None
        and gpt4o.quality["chat"]["confidence"] == "low"
    )
    assert {e.provider for e in entries} >= {"openai", "anthropic", "google", "mistral"}
    # Where the data set has dated prices, the periods are contiguous and ordered.
    multi = [[p for p in e.prices if not p.service_tier] for e in entries]
    multi = [prices for prices in multi if len(prices) > 1]
    assert multi
    for prices in multi:
        for a, b in itertools.pairwise(prices):
            assert a.effective_to == b.effective_from and a.effective_from < b.effective_from


def test_sync_is_repeatable_and_prices_events_of_the_right_day(
    db_session: Session, entries: list[CatalogEntry]
) -> None:
    first = save_catalog_entries(db_session, entries)
    second = save_catalog_entries(db_session, entries)
    assert first.models_added == len(entries) and second.models_added == 0 and second.models_updated == len(entries)
    catalog = fetch_catalog(db_session, search="gpt-4o-mini")
    assert "gpt-4o-mini" in set(catalog["model"])
    assert fetch_catalog(db_session, provider="anthropic")["provider"].eq("anthropic").all()
    dated = next(e for e in entries if len([p for p in e.prices if not p.service_tier]) > 1)
    book = fetch_price_book(db_session)
    before, after = [p for p in dated.prices if not p.service_tier][:2]
    # 100k prompt tokens: below every long-context tier, so each event pays its day's base input price.
    frame = pd.DataFrame(
        [
            event(dated.model, before.effective_to - pd.Timedelta(days=1), dated.provider, 100_000),
            event(dated.model, after.effective_from + pd.Timedelta(days=1), dated.provider, 100_000),
        ]
    )
    costs = book.compute_costs(frame).tolist()
    assert costs == pytest.approx([before.input_per_mtok / 10, after.input_per_mtok / 10])


def test_price_override_keeps_history_and_prices_past_events_with_the_old_price(
    db_session: Session, entries: list[CatalogEntry]
) -> None:
    save_catalog_entries(db_session, [e for e in entries if e.provider == "openai"])
    save_price_override(
        db_session,
        provider="openai",
        model="gpt-4o",
        input_per_mtok=2.0,
        output_per_mtok=8.0,
        actor="alice",
        effective_from=D(2026, 6, 1),
    )
    save_price_override(
        db_session,
        provider="openai",
        model="gpt-4o",
        input_per_mtok=1.5,
        output_per_mtok=6.0,
        actor="alice",
        effective_from=D(2026, 9, 1),
    )
    history = fetch_price_history(db_session, "openai", "gpt-4o")
    admin = [p for p in history if p.source == "admin:alice"]
    assert [(p.effective_from, p.effective_to, p.input_per_mtok) for p in admin] == [
        (D(2026, 6, 1), D(2026, 9, 1), 2.0),
        (D(2026, 9, 1), None, 1.5),
    ]
    book = fetch_price_book(db_session)
    frame = pd.DataFrame(
        [event("gpt-4o", D(2026, 1, 5)), event("gpt-4o", D(2026, 7, 5)), event("gpt-4o", D(2026, 10, 5))]
    )
    assert book.compute_costs(frame).tolist() == pytest.approx([2.5, 2.0, 1.5])
    now_price = fetch_catalog(db_session, search="gpt-4o", at=D(2026, 10, 1)).set_index("model").loc["gpt-4o"]
    assert now_price["input_per_mtok"] == 1.5 and now_price["price_source"] == "admin:alice"
    # A re-sync does not erase the admin's prices.
    save_catalog_entries(db_session, [e for e in entries if e.provider == "openai"])
    assert fetch_price_book(db_session).compute_costs(frame).tolist() == pytest.approx([2.5, 2.0, 1.5])


def test_custom_models_are_visible_only_to_their_org(db_session: Session) -> None:
    acme, globex = save_org(db_session, "acme"), save_org(db_session, "globex")
    save_custom_model(
        db_session,
        org_id=acme.id,
        provider="self-hosted",
        model="llama-ft",
        context_window=8192,
        input_per_mtok=0.02,
        output_per_mtok=0.02,
        actor="alice",
        ttft_ms=120,
        output_tokens_per_s=300,
    )
    assert "llama-ft" in set(fetch_catalog(db_session, acme.id)["model"])
    assert fetch_catalog(db_session, globex.id).empty or "llama-ft" not in set(
        fetch_catalog(db_session, globex.id)["model"]
    )
    with pytest.raises(NotFoundError):
        fetch_price_history(db_session, "self-hosted", "llama-ft", globex.id)
    cost = fetch_price_book(db_session, acme.id).compute_costs(
        pd.DataFrame([event("llama-ft", D(2026, 1, 1), "self-hosted")])
    )
    assert cost.tolist() == pytest.approx([0.02])
    assert (
        fetch_price_book(db_session, globex.id)
        .compute_costs(pd.DataFrame([event("llama-ft", D(2026, 1, 1), "self-hosted")]))
        .isna()
        .all()
    )
    with pytest.raises(ValidationError, match="already exists"):
        save_custom_model(
            db_session,
            org_id=acme.id,
            provider="self-hosted",
            model="llama-ft",
            context_window=8192,
            input_per_mtok=0.02,
            output_per_mtok=0.02,
            actor="alice",
        )


@pytest.mark.parametrize(
    ("kwargs", "field"), [({"input_per_mtok": -1.0}, "input_per_mtok"), ({"batch_discount": 1.5}, "batch_discount")]
)
def test_bad_prices_are_refused(db_session: Session, kwargs: dict[str, float], field: str) -> None:
    org = save_org(db_session, "acme")
    values: dict[str, Any] = {"input_per_mtok": 1.0, "output_per_mtok": 1.0, **kwargs}
    with pytest.raises(ValidationError, match=field):
        save_custom_model(db_session, org_id=org.id, provider="p", model="m", context_window=100, actor="a", **values)


def test_catalog_cli() -> None:
    assert run_netra("db", "upgrade").returncode == 0
    synced = run_netra("catalog", "sync", "--json")
    assert synced.returncode == 0, synced.stderr
    assert json.loads(synced.stdout)["models_added"] > 1000
    listed = json.loads(
        run_netra("catalog", "list", "--search", "gpt-4o-mini", "--provider", "openai", "--json").stdout
    )
    assert any(r["model"] == "gpt-4o-mini" and r["input_per_mtok"] == 0.15 for r in listed)
    # Whose price it is must be said: forgetting --org must not change every org's costs.
    unsaid = run_netra("catalog", "set-price", "openai", "gpt-4o-mini", "--input", "0.1", "--output", "0.5")
    assert unsaid.returncode == 2 and "--org SLUG (that org only) or --global (every org)" in unsaid.stderr
    changed = run_netra(
        "catalog", "set-price", "openai", "gpt-4o-mini", "--input", "0.1", "--output", "0.5", "--global"
    )
    assert changed.returncode == 0, changed.stderr
    assert "for every org" in changed.stdout

    def mini_price(*org: str) -> float:
        listed = json.loads(
            run_netra("catalog", "list", "--search", "gpt-4o-mini", "--provider", "openai", "--json", *org).stdout
        )
        return float(next(r for r in listed if r["model"] == "gpt-4o-mini")["input_per_mtok"])

    assert mini_price() == 0.1
    assert (
        run_netra(
            "users", "add", "ada", "--org", "acme", "--password-stdin", "--create-org", input_text="a-long-password\n"
        ).returncode
        == 0
    )
    own = run_netra(
        "catalog", "set-price", "openai", "gpt-4o-mini", "--input", "0.05", "--output", "0.2", "--org", "acme"
    )
    assert own.returncode == 0 and "for org acme" in own.stdout, own.stderr
    assert (mini_price("--org", "acme"), mini_price()) == (0.05, 0.1)
    missing = run_netra("catalog", "set-price", "openai", "no-such-model", "--input", "1", "--output", "1", "--global")
    assert missing.returncode == 1 and "not in the catalog" in missing.stderr
