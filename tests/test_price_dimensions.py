"""Every price dimension, by hand (issue #13 step 1): cache reads and writes (5-minute, 1-hour), long-context
tiers, batch/flex/priority service tiers, a price change mid-window — in the price book, through the
catalog sync and the app database, and through ingest into the store (with Netra's own price kept beside a
reported cost)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from netra_core.catalog.pricing import PriceBook, PriceRow, PriceTier
from netra_core.catalog.sync import compute_genai_prices_entries
from netra_core.db.catalog import fetch_price_book, save_catalog_entries, save_price_override
from netra_core.db.orgs import fetch_org, save_org
from netra_core.db.price_fields import ExtraPrices
from netra_core.errors import ValidationError
from netra_core.gateway.events import Usage, compute_cost
from netra_core.workloads.ingest import ingest_files
from netra_core.workloads.store import WorkloadStore, query_df
from tests.conftest import run_netra


def D(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


# Anthropic-like: $3 input, $15 output, $0.30 cache read, $3.75 five-minute write, $6 one-hour write;
# past 200k prompt tokens: $6 / $22.50 / $0.60 / $7.50 / $12.
SONNET = PriceRow(
    "anthropic",
    "sonnet",
    3.0,
    15.0,
    cached_input_per_mtok=0.3,
    batch_discount=0.5,
    cache_write_per_mtok=3.75,
    cache_write_1h_per_mtok=6.0,
    tiers=(PriceTier(200_000, 6.0, 22.5, 0.6, 7.5, 12.0),),
)


def cost(book: PriceBook, **event: object) -> float:
    row = {"provider": "anthropic", "model": "sonnet", "ts": D(2026, 11, 1), "completion_tokens": 0, **event}
    return float(book.compute_costs(pd.DataFrame([row])).iloc[0])


def test_cache_reads_and_five_minute_and_one_hour_writes_each_pay_their_price() -> None:
    book = PriceBook([SONNET])
    # 10,000 prompt tokens: 4,000 read from cache, 3,000 written (1,000 of them for an hour), 3,000 plain; 500 out.
    # 3000*3 + 4000*0.3 + 2000*3.75 + 1000*6 + 500*15 = 9000 + 1200 + 7500 + 6000 + 7500 = 31,200 per million.
    got = cost(
        book,
        prompt_tokens=10_000,
        cached_tokens=4_000,
        cache_write_tokens=3_000,
        cache_write_1h_tokens=1_000,
        completion_tokens=500,
    )
    assert got == pytest.approx(0.0312)
    # Without a write price of its own a write pays the input price; a 1-hour write the 5-minute price.
    plain = PriceBook([PriceRow("anthropic", "sonnet", 3.0, 15.0, cached_input_per_mtok=0.3)])
    assert cost(
        plain, prompt_tokens=10_000, cached_tokens=4_000, cache_write_tokens=3_000, cache_write_1h_tokens=1_000
    ) == pytest.approx((6000 * 3 + 4000 * 0.3) / 1e6)
    # Counts that overrun the prompt are clamped, never priced twice.
    assert cost(book, prompt_tokens=1_000, cached_tokens=800, cache_write_tokens=900) == pytest.approx(
        (800 * 0.3 + 200 * 3.75) / 1e6
    )


def test_past_a_long_context_tier_all_the_tokens_pay_the_tier_price() -> None:
    book = PriceBook([SONNET])
    assert cost(book, prompt_tokens=200_000, completion_tokens=1_000) == pytest.approx((200_000 * 3 + 1_000 * 15) / 1e6)
    assert cost(book, prompt_tokens=200_001, completion_tokens=1_000) == pytest.approx(
        (200_001 * 6 + 1_000 * 22.5) / 1e6
    )
    # The tier's cache prices too: 100k read, 50k written, 50,001 plain.
    assert cost(book, prompt_tokens=200_001, cached_tokens=100_000, cache_write_tokens=50_000) == pytest.approx(
        (50_001 * 6 + 100_000 * 0.6 + 50_000 * 7.5) / 1e6
    )


def test_service_tiers_pay_their_own_prices_else_the_standard_one() -> None:
    standard = PriceRow("openai", "gpt", 2.0, 8.0, batch_discount=0.5)
    flex = PriceRow("openai", "gpt", 1.0, 4.0, service_tier="flex")
    priority = PriceRow("openai", "gpt", 3.5, 14.0, service_tier="priority")
    book = PriceBook([standard, flex, priority])
    frame = pd.DataFrame(
        {
            "provider": "openai",
            "model": "gpt",
            "ts": D(2026, 11, 1),
            "prompt_tokens": 1_000_000,
            "completion_tokens": 1_000_000,
            "service_tier": ["", "flex", "priority", "scale", ""],
            "is_batch": [False, False, False, False, True],
        }
    )
    # standard 10; flex 5; priority 17.5; an unknown tier pays standard; batch without a batch row: 50 % off.
    assert book.compute_costs(frame).tolist() == pytest.approx([10.0, 5.0, 17.5, 10.0, 5.0])
    with_batch = PriceBook([standard, PriceRow("openai", "gpt", 0.8, 3.2, service_tier="batch")])
    assert with_batch.compute_costs(frame).tolist()[4] == pytest.approx(4.0)
    assert book.price_at("openai", "gpt", D(2026, 11, 1)) == standard
    assert book.price_at("openai", "gpt", D(2026, 11, 1), "flex") == flex


def test_a_price_change_mid_window_prices_each_event_by_its_day_on_every_dimension() -> None:
    before = PriceRow("anthropic", "sonnet", 3.0, 15.0, cache_write_per_mtok=3.75, effective_to=D(2026, 11, 15))
    after = PriceRow("anthropic", "sonnet", 2.0, 10.0, cache_write_per_mtok=2.5, effective_from=D(2026, 11, 15))
    book = PriceBook([before, after])
    frame = pd.DataFrame(
        {
            "provider": "anthropic",
            "model": "sonnet",
            "ts": [D(2026, 11, 14, 23), D(2026, 11, 15, 1)],
            "prompt_tokens": 2_000,
            "cache_write_tokens": 1_000,
            "completion_tokens": 100,
        }
    )
    assert book.compute_costs(frame).tolist() == pytest.approx(
        [(1000 * 3 + 1000 * 3.75 + 100 * 15) / 1e6, (1000 * 2 + 1000 * 2.5 + 100 * 10) / 1e6]
    )


def test_reasoning_tokens_are_output_tokens_priced_once_at_the_output_price() -> None:
    book = PriceBook([SONNET])
    # 2,000 output tokens of which 1,500 were reasoning (thinking): 1,000*3 + 2,000*15 = 33,000 per million, the
    # reasoning part neither added to the output nor left out of it.
    assert cost(book, prompt_tokens=1_000, completion_tokens=2_000, reasoning_tokens=1_500) == pytest.approx(0.033)
    assert cost(book, prompt_tokens=1_000, completion_tokens=2_000) == pytest.approx(0.033)
    # At the gateway, from OpenAI's usage details, the same.
    usage = Usage()
    usage.add_openai(
        {
            "prompt_tokens": 1_000,
            "completion_tokens": 2_000,
            "completion_tokens_details": {"reasoning_tokens": 1_500},
        }
    )
    assert usage.reasoning_tokens == 1_500
    assert compute_cost(book, "anthropic", "sonnet", usage) == pytest.approx(0.033)


def test_the_catalog_sync_keeps_every_dimension_and_the_app_database_gives_them_back(db_session: Session) -> None:
    entries = [e for e in compute_genai_prices_entries() if e.provider in {"anthropic", "openai"}]
    by_key = {(e.provider, e.model): e for e in entries}
    sonnet = [p for p in by_key[("anthropic", "claude-sonnet-4-5")].prices if not p.service_tier][-1]
    assert (sonnet.cache_write_per_mtok, sonnet.cache_write_1h_per_mtok) == (3.75, 6.0)
    assert sonnet.tiers and sonnet.tiers[0].start == 200_000 and sonnet.tiers[0].input_per_mtok == 6.0
    assert {p.service_tier for p in by_key[("openai", "gpt-5")].prices} >= {"", "flex", "priority"}
    save_catalog_entries(db_session, entries)
    acme = save_org(db_session, "acme")
    book = fetch_price_book(db_session, acme.id)
    ts = D(2026, 11, 20)
    # 300k prompt tokens (past the tier), 100k of them cache writes (20k for an hour), 1,000 out.
    expected = (200_000 * 6.0 + 80_000 * 7.5 + 20_000 * 12.0 + 1_000 * 22.5) / 1e6
    assert cost(
        book,
        model="claude-sonnet-4-5",
        ts=ts,
        prompt_tokens=300_000,
        cache_write_tokens=100_000,
        cache_write_1h_tokens=20_000,
        completion_tokens=1_000,
    ) == pytest.approx(expected)
    flex = book.price_at("openai", "gpt-5", ts, "flex")
    assert flex is not None and flex.input_per_mtok < book.price_at("openai", "gpt-5", ts).input_per_mtok  # type: ignore[union-attr]
    # The org's own price replaces the catalog's on every tier: its flex requests pay the org's price too.
    save_price_override(
        db_session,
        provider="openai",
        model="gpt-5",
        input_per_mtok=1.0,
        output_per_mtok=1.0,
        actor="ada",
        org_id=acme.id,
        effective_from=D(2026, 11, 1),
    )
    own = fetch_price_book(db_session, acme.id)
    flex_request = {
        "model": "gpt-5",
        "provider": "openai",
        "ts": ts,
        "prompt_tokens": 1_000_000,
        "service_tier": "flex",
    }
    assert cost(own, **flex_request) == pytest.approx(1.0)


def test_ingest_prices_every_dimension_and_keeps_its_own_price_beside_a_reported_cost(
    store: WorkloadStore, tmp_path: Path
) -> None:
    book = PriceBook([SONNET, PriceRow("anthropic", "sonnet", 1.5, 7.5, service_tier="batch")])
    rows = [
        {
            "event_id": "cache",
            "ts": "2026-11-01T10:00:00Z",
            "provider": "anthropic",
            "model": "sonnet",
            "prompt_tokens": 10_000,
            "cached_tokens": 4_000,
            "cache_creation_input_tokens": 3_000,
            "cache_write_1h_tokens": 1_000,
            "completion_tokens": 500,
        },
        {
            "event_id": "long",
            "ts": "2026-11-01T10:00:00Z",
            "provider": "anthropic",
            "model": "sonnet",
            "prompt_tokens": 250_000,
            "completion_tokens": 1_000,
        },
        {
            "event_id": "batch",
            "ts": "2026-11-01T10:00:00Z",
            "provider": "anthropic",
            "model": "sonnet",
            "prompt_tokens": 1_000_000,
            "completion_tokens": 0,
            "is_batch": True,
        },
        {
            "event_id": "reported",
            "ts": "2026-11-01T10:00:00Z",
            "provider": "anthropic",
            "model": "sonnet",
            "prompt_tokens": 1_000_000,
            "completion_tokens": 0,
            "cost_usd": 2.5,
            "service_tier": "flex",
        },
    ]
    path = tmp_path / "events.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    report = ingest_files(store, [path], "acme", price_book=book)
    assert report.rows_written == 4
    with store.session() as client:
        got = query_df(
            client,
            "SELECT event_id, cost_usd, cost_source, priced_cost_usd, cache_write_1h_tokens, service_tier "
            "FROM workload_events FINAL WHERE org_id = {org:String}",
            {"org": "acme"},
        ).set_index("event_id")
    assert got.loc["cache", "cost_usd"] == pytest.approx(0.0312)
    assert got.loc["cache", "cache_write_1h_tokens"] == 1_000
    assert got.loc["long", "cost_usd"] == pytest.approx((250_000 * 6 + 1_000 * 22.5) / 1e6)
    assert got.loc["batch", "cost_usd"] == pytest.approx(1.5)
    # A cost the file gave is the cost of record; Netra's price sits beside it (flex has no row here, so the
    # standard one, and 1M prompt tokens are past the 200k tier: $6).
    assert got.loc["reported", "cost_usd"] == 2.5 and got.loc["reported", "cost_source"] == "billed"
    assert got.loc["reported", "priced_cost_usd"] == pytest.approx(6.0)
    assert got.loc["reported", "service_tier"] == "flex"
    assert (got["priced_cost_usd"] - got["cost_usd"]).drop("reported").abs().max() < 1e-12


def test_an_orgs_override_prices_cache_writes_audio_and_tiers_at_its_own_prices(db_session: Session) -> None:
    save_catalog_entries(db_session, [e for e in compute_genai_prices_entries() if e.provider == "anthropic"])
    acme = save_org(db_session, "acme")
    save_price_override(
        db_session,
        provider="anthropic",
        model="claude-sonnet-4-5",
        input_per_mtok=2.0,
        output_per_mtok=10.0,
        cached_input_per_mtok=0.2,
        actor="ada",
        org_id=acme.id,
        effective_from=D(2026, 11, 1),
        extra=ExtraPrices(
            cache_write_per_mtok=2.5,
            cache_write_1h_per_mtok=4.0,
            audio_input_per_mtok=20.0,
            tiers=(PriceTier(200_000, 4.0, 15.0, 0.4, 5.0, 8.0),),
        ),
    )
    book = fetch_price_book(db_session, acme.id)
    ts = D(2026, 11, 20)
    # 10,000 prompt tokens: 3,000 written (1,000 for an hour), 7,000 plain; the override's write prices, not
    # its input price: 7,000*2 + 2,000*2.5 + 1,000*4 = 23,000 per million.
    writes = {"prompt_tokens": 10_000, "cache_write_tokens": 3_000, "cache_write_1h_tokens": 1_000}
    assert cost(book, model="claude-sonnet-4-5", ts=ts, **writes) == pytest.approx(23_000 / 1e6)
    # 1,000 audio tokens of 2,000 in: 1,000*2 + 1,000*20 = 22,000 per million.
    audio = {"prompt_tokens": 2_000, "audio_prompt_tokens": 1_000}
    assert cost(book, model="claude-sonnet-4-5", ts=ts, **audio) == pytest.approx(22_000 / 1e6)
    # Past its own long-context tier: 300,000 in, 100,000 of them written: 200,000*4 + 100,000*5 = 1.3 M per million.
    long = {"prompt_tokens": 300_000, "cache_write_tokens": 100_000}
    assert cost(book, model="claude-sonnet-4-5", ts=ts, **long) == pytest.approx(1.3)
    # Before the override the catalog's prices hold ($3 in, $3.75 five-minute write, $6 one-hour write).
    assert cost(book, model="claude-sonnet-4-5", ts=D(2026, 10, 20), **writes) == pytest.approx(
        (7_000 * 3 + 2_000 * 3.75 + 1_000 * 6) / 1e6
    )
    # Another org keeps the catalog's.
    globex = save_org(db_session, "globex")
    assert cost(fetch_price_book(db_session, globex.id), model="claude-sonnet-4-5", ts=ts, **writes) == pytest.approx(
        (7_000 * 3 + 2_000 * 3.75 + 1_000 * 6) / 1e6
    )
    with pytest.raises(ValidationError, match="cache_write_per_mtok"):
        save_price_override(
            db_session,
            provider="anthropic",
            model="claude-sonnet-4-5",
            input_per_mtok=2.0,
            output_per_mtok=10.0,
            actor="ada",
            org_id=acme.id,
            extra=ExtraPrices(cache_write_per_mtok=-1.0),
        )


def test_the_cli_sets_an_orgs_cache_write_audio_and_tier_prices(tmp_path: Path) -> None:
    env = {"NETRA_DATA_DIR": str(tmp_path / "data")}
    assert run_netra("db", "upgrade", env=env).returncode == 0
    assert run_netra("orgs", "add", "acme", env=env).returncode == 0
    assert run_netra("catalog", "sync", env=env).returncode == 0
    args = ["catalog", "set-price", "anthropic", "claude-sonnet-4-5", "--input", "2", "--output", "10"]
    extra = ["--cache-write", "2.5", "--cache-write-1h", "4", "--audio-input", "20", "--tier", "200000:4:15"]
    done = run_netra(*args, *extra, "--org", "acme", "--from", "2026-11-01", env=env)
    assert done.returncode == 0, done.stderr
    bad = run_netra(*args, "--tier", "200k", "--org", "acme", env=env)
    assert bad.returncode != 0 and "START:INPUT:OUTPUT" in bad.stderr
    engine = create_engine(f"sqlite:///{tmp_path / 'data' / 'netra.db'}")
    with Session(engine) as session:
        book = fetch_price_book(session, fetch_org(session, "acme").id)
    engine.dispose()
    row = book.price_at("anthropic", "claude-sonnet-4-5", D(2026, 11, 20))
    assert row is not None
    assert (row.cache_write_per_mtok, row.cache_write_1h_per_mtok, row.audio_input_per_mtok) == (2.5, 4.0, 20.0)
    assert row.tiers == (PriceTier(200_000, 4.0, 15.0),)


def test_tiers_are_read_and_written_in_one_syntax() -> None:
    from netra_core.catalog.pricing import PriceTier
    from netra_core.db.price_fields import format_tiers, parse_tiers
    from netra_core.errors import ValidationError

    assert parse_tiers("") == () and format_tiers(()) == ""
    tiers = parse_tiers(" 200_000:6:22.5:0.6 ; 1000000:8:30 ")
    assert tiers == (PriceTier(200000, 6.0, 22.5, 0.6), PriceTier(1000000, 8.0, 30.0))
    assert format_tiers(tiers) == "200000:6:22.5:0.6, 1000000:8:30"
    assert parse_tiers(format_tiers(tiers)) == tiers
    kept = parse_tiers(
        "200000:7:25", keep=[{"start": 200000, "cached_input_per_mtok": 0.6, "cache_write_per_mtok": 7.5}]
    )
    assert kept == (PriceTier(200000, 7.0, 25.0, 0.6, cache_write_per_mtok=7.5),)
    for bad in ("200000:6", "2e5:6:22.5", "200000:six:22.5", "1:2:3:4:5"):
        with pytest.raises(ValidationError, match="START:INPUT:OUTPUT"):
            parse_tiers(bad)
