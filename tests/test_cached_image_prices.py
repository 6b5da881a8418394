"""Cached image tokens (#13): the image part of the cache reads priced at the catalog's cached-image price
(`cache_image_read_mtok`), as a part of `cached_tokens` and of `image_prompt_tokens` (never twice; an unset
cached-image price is the cache-read price, else the image input price, as cached audio); by hand, kept by the
catalog sync, the app database and an admin's override; read by the file doors, LiteLLM spend logs and the
gateway's OpenAI usage, with the roll-ups equal to the raw events after ingest and after a reprice."""

from __future__ import annotations

import itertools
import json
import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from netra_core.catalog.pricing import PriceBook, PriceRow, PriceTier
from netra_core.catalog.sync import compute_genai_prices_entries
from netra_core.db.catalog import fetch_price_book, save_catalog_entries, save_price_override
from netra_core.db.orgs import fetch_org, save_org
from netra_core.db.price_fields import ExtraPrices
from netra_core.gateway.events import Usage, compute_cost, finish_event
from netra_core.workloads.ingest import ingest_files
from netra_core.workloads.reprice import reprice_events
from netra_core.workloads.rollups import fetch_rollup_drift
from netra_core.workloads.store import WorkloadStore, query_df, query_rows
from tests.conftest import run_netra

NOV = datetime(2026, 11, 1, tzinfo=UTC)
# gpt-image-1 as genai-prices prices it: $5 text in, $1.25 cached text, $10 image in, $2.50 cached image, $40 out.
GPT_IMAGE = PriceRow(
    "openai",
    "gpt-image-1",
    5.0,
    40.0,
    cached_input_per_mtok=1.25,
    image_input_per_mtok=10.0,
    image_cached_per_mtok=2.5,
)
# An image edit repeated with the same input image: 50 text tokens and a 323-token image in, 256 of the image's
# tokens read from the cache (OpenAI's usage: cached_tokens 256, cached_tokens_details.image_tokens 256), a
# 4,160-token image out.
CACHED_EDIT: dict[str, Any] = {
    "prompt_tokens": 373,
    "cached_tokens": 256,
    "image_prompt_tokens": 323,
    "cached_image_tokens": 256,
    "completion_tokens": 4_160,
}
# 50*5 + 67*10 + 256*2.5 + 4,160*40 = 250 + 670 + 640 + 166,400 = 167,960 per million.
CACHED_EDIT_COST = 167_960 / 1e6
# Without the cached-image count (what Netra charged before): the 256 cached tokens at the text cache-read price
# and the image count taken from the 117 uncached tokens: 256*1.25 + 117*10 + 4,160*40 = 320 + 1,170 + 166,400.
NO_CACHED_IMAGE_COST = 167_890 / 1e6


def cost(book: PriceBook, *, model: str = "gpt-image-1", **event: object) -> float:
    row = {"provider": "openai", "model": model, "ts": NOV, "completion_tokens": 0, **event}
    return float(book.compute_costs(pd.DataFrame([row])).iloc[0])


def test_cached_image_tokens_pay_the_cached_image_price_and_the_rest_their_own() -> None:
    book = PriceBook([GPT_IMAGE])
    assert cost(book, **CACHED_EDIT) == pytest.approx(CACHED_EDIT_COST)
    without = {k: v for k, v in CACHED_EDIT.items() if k != "cached_image_tokens"}
    assert cost(book, **without) == pytest.approx(NO_CACHED_IMAGE_COST)
    # A cache read of text and image: 300 cached of which 256 image: 6*5 + 67*10 + 44*1.25 + 256*2.5 + 166,400
    # = 30 + 670 + 55 + 640 + 166,400 = 167,795 per million.
    assert cost(book, **{**CACHED_EDIT, "cached_tokens": 300}) == pytest.approx(167_795 / 1e6)
    # Each dimension alone: 1M cached image tokens = $2.50.
    one_m: dict[str, Any] = {
        "prompt_tokens": 1e6,
        "cached_tokens": 1e6,
        "image_prompt_tokens": 1e6,
        "cached_image_tokens": 1e6,
    }
    assert cost(book, **one_m) == pytest.approx(2.5)
    # Never counted twice: a cached-image count past the cache reads is clipped to them (256 of 300 stated), and a
    # cached-image count without an image count still prices the cache reads' image part at the cached price.
    assert cost(book, **{**CACHED_EDIT, "cached_image_tokens": 300}) == pytest.approx(CACHED_EDIT_COST)
    no_image_count = {**CACHED_EDIT, "image_prompt_tokens": 0}
    # 117*5 + 256*2.5 + 166,400 = 585 + 640 + 166,400 = 167,625 per million.
    assert cost(book, **no_image_count) == pytest.approx(167_625 / 1e6)
    # With cached audio in the same cache reads: audio takes its part first, the images the rest.
    audio = PriceRow("openai", "rt", 4.0, 16.0, 0.4, audio_cached_input_per_mtok=0.4, image_cached_per_mtok=0.5)
    mixed = {"prompt_tokens": 1_000, "cached_tokens": 600, "cached_audio_tokens": 400, "cached_image_tokens": 300}
    # 600 cached: 400 audio at 0.4, 200 image (the rest, of 300 stated) at 0.5; 400 plain input at 4: 160 + 100 +
    # 1,600 per million.
    assert cost(PriceBook([audio]), model="rt", **mixed) == pytest.approx(1_860 / 1e6)


def test_an_unset_cached_image_price_falls_back_as_cached_audio_does() -> None:
    # No cached-image price: a cached image token pays the cache-read price (1.25):
    # 50*5 + 67*10 + 256*1.25 + 166,400 = 250 + 670 + 320 + 166,400 = 167,640 per million.
    no_cached_image = PriceRow("openai", "a", 5.0, 40.0, cached_input_per_mtok=1.25, image_input_per_mtok=10.0)
    # No cache-read price either: the image input price (10), as if not cached: 250 + 323*10 + 166,400 = 169,880.
    no_cache_prices = PriceRow("openai", "b", 5.0, 40.0, image_input_per_mtok=10.0)
    # No image prices at all (a chat model): the cache-read price, as any cached token.
    chat = PriceRow("openai", "c", 5.0, 40.0, cached_input_per_mtok=1.25)
    book = PriceBook([no_cached_image, no_cache_prices, chat])
    assert cost(book, model="a", **CACHED_EDIT) == pytest.approx(167_640 / 1e6)
    assert cost(book, model="b", **CACHED_EDIT) == pytest.approx(169_880 / 1e6)
    # 117*5 + 256*1.25 + 166,400 = 585 + 320 + 166,400 = 167,305: the image part changes nothing at text prices.
    assert cost(book, model="c", **CACHED_EDIT) == pytest.approx(167_305 / 1e6)
    no_breakdown = {k: v for k, v in CACHED_EDIT.items() if "image" not in k}
    assert cost(book, model="c", **no_breakdown) == pytest.approx(167_305 / 1e6)
    # A long-context tier: its own cached-image price wins, else the row's, else the tier's cache-read price.
    tiers = (PriceTier(300, 6.0, 48.0, 1.5, image_input_per_mtok=12.0),)
    own = PriceTier(300, 6.0, 48.0, 1.5, image_input_per_mtok=12.0, image_cached_per_mtok=3.5)
    rows = [
        PriceRow("openai", "t1", 5.0, 40.0, 1.25, image_input_per_mtok=10.0, image_cached_per_mtok=2.5, tiers=tiers),
        PriceRow("openai", "t2", 5.0, 40.0, 1.25, image_input_per_mtok=10.0, tiers=tiers),
        PriceRow("openai", "t3", 5.0, 40.0, 1.25, image_input_per_mtok=10.0, image_cached_per_mtok=2.5, tiers=(own,)),
    ]
    tiered = PriceBook(rows)
    # Past 300 prompt tokens: 50*6 + 67*12 + 256*X + 4,160*48 = 300 + 804 + 199,680 + 256*X.
    base = 300 + 804 + 199_680
    assert cost(tiered, model="t1", **CACHED_EDIT) == pytest.approx((base + 256 * 2.5) / 1e6)
    assert cost(tiered, model="t2", **CACHED_EDIT) == pytest.approx((base + 256 * 1.5) / 1e6)
    assert cost(tiered, model="t3", **CACHED_EDIT) == pytest.approx((base + 256 * 3.5) / 1e6)


def test_price_call_prices_cached_images_as_price_events_does() -> None:
    book = PriceBook(
        [
            GPT_IMAGE,
            PriceRow("openai", "a", 5.0, 40.0, cached_input_per_mtok=1.25, image_input_per_mtok=10.0),
            PriceRow("openai", "rt", 4.0, 16.0, 0.4, audio_cached_input_per_mtok=0.4, image_cached_per_mtok=0.5),
        ]
    )
    ts = int(NOV.timestamp() * 1e9)
    grid = itertools.product(
        ("gpt-image-1", "a", "rt"), (0, 256, 600), (0, 100, 400), (0, 323, 900), (0, 200, 700), (False, True)
    )
    for model, cached, cached_audio, image, cached_image, batch in grid:
        counts: dict[str, Any] = {
            "prompt_tokens": 1_000,
            "completion_tokens": 500,
            "cached_tokens": cached,
            "cached_audio_tokens": cached_audio,
            "image_prompt_tokens": image,
            "cached_image_tokens": cached_image,
        }
        one = book.price_call(
            "openai",
            model,
            ts,
            1_000,
            500,
            cached,
            cached_audio_tokens=cached_audio,
            image_prompt_tokens=image,
            cached_image_tokens=cached_image,
            is_batch=batch,
        )
        many = cost(book, model=model, is_batch=batch, **counts)
        assert not math.isnan(one) and one == pytest.approx(many, rel=1e-12)


def test_cached_image_breakdown_of_many_events_sums_like_the_parts() -> None:
    rng = np.random.default_rng(13)
    n = 400
    prompt = rng.integers(0, 5_000, n)
    cached = (prompt * rng.random(n)).astype(int)
    image = (prompt * rng.random(n)).astype(int)
    cached_image = (np.minimum(cached, image) * rng.random(n)).astype(int)
    events = pd.DataFrame(
        {
            "provider": "openai",
            "model": "gpt-image-1",
            "ts": NOV,
            "prompt_tokens": prompt,
            "completion_tokens": rng.integers(0, 5_000, n),
            "cached_tokens": cached,
            "image_prompt_tokens": image,
            "cached_image_tokens": cached_image,
        }
    )
    got = PriceBook([GPT_IMAGE]).compute_costs(events)
    # By the parts: text input, image input, cached text, cached image, output.
    expected = (
        (prompt - cached - (image - cached_image)) * 5.0
        + (image - cached_image) * 10.0
        + (cached - cached_image) * 1.25
        + cached_image * 2.5
        + events["completion_tokens"].to_numpy() * 40.0
    ) / 1e6
    fits = image - cached_image <= prompt - cached  # where the uncached image part fits the uncached input
    assert fits.sum() > 100
    assert np.allclose(got.to_numpy()[fits], expected[fits])


def test_the_catalog_sync_keeps_cached_image_prices_and_the_app_database_gives_them_back(
    db_session: Session,
) -> None:
    entries = [e for e in compute_genai_prices_entries() if e.provider == "openai"]
    by_key = {(e.provider, e.model): e for e in entries}

    def prices(model: str, tier: str = "") -> PriceRow:
        return [p for p in by_key[("openai", model)].prices if p.service_tier == tier][-1]

    assert prices("gpt-image-1").image_cached_per_mtok == 2.5
    assert prices("gpt-image-1", "batch").image_cached_per_mtok == 1.25  # the batch variant's own
    assert prices("gpt-realtime").image_cached_per_mtok == 0.5
    assert prices("gpt-4o").image_cached_per_mtok is None
    save_catalog_entries(db_session, entries)
    book = fetch_price_book(db_session, save_org(db_session, "acme").id)
    row = book.price_at("openai", "gpt-image-1", NOV)
    assert row is not None and row.image_cached_per_mtok == 2.5
    assert cost(book, **CACHED_EDIT) == pytest.approx(CACHED_EDIT_COST)


def test_an_orgs_override_prices_cached_images_at_its_own_price(db_session: Session) -> None:
    save_catalog_entries(db_session, [e for e in compute_genai_prices_entries() if e.provider == "openai"])
    acme = save_org(db_session, "acme")
    save_price_override(
        db_session,
        provider="openai",
        model="gpt-image-1",
        input_per_mtok=5.0,
        output_per_mtok=40.0,
        cached_input_per_mtok=1.25,
        actor="ada",
        org_id=acme.id,
        effective_from=datetime(2026, 11, 10, tzinfo=UTC),
        extra=ExtraPrices(image_input_per_mtok=10.0, image_cached_per_mtok=1.0),
    )
    book = fetch_price_book(db_session, acme.id)
    row = {"provider": "openai", "model": "gpt-image-1", "ts": datetime(2026, 11, 20, tzinfo=UTC), **CACHED_EDIT}
    # 250 + 670 + 256*1 + 166,400 = 167,576 per million.
    assert float(book.compute_costs(pd.DataFrame([row])).iloc[0]) == pytest.approx(167_576 / 1e6)
    assert cost(book, **CACHED_EDIT) == pytest.approx(CACHED_EDIT_COST)  # before the override: the catalog's


def test_the_cli_sets_an_orgs_cached_image_price(tmp_path: Path) -> None:
    env = {"NETRA_DATA_DIR": str(tmp_path / "data")}
    assert run_netra("db", "upgrade", env=env).returncode == 0
    assert run_netra("orgs", "add", "acme", env=env).returncode == 0
    assert run_netra("catalog", "sync", env=env).returncode == 0
    args = ["catalog", "set-price", "openai", "gpt-image-1", "--input", "4", "--output", "32", "--cached", "1"]
    done = run_netra(
        *args, "--image-input", "8", "--image-cached", "2", "--org", "acme", "--from", "2026-11-01", env=env
    )
    assert done.returncode == 0, done.stderr
    engine = create_engine(f"sqlite:///{tmp_path / 'data' / 'netra.db'}")
    with Session(engine) as session:
        book = fetch_price_book(session, fetch_org(session, "acme").id)
    engine.dispose()
    row = book.price_at("openai", "gpt-image-1", datetime(2026, 11, 20, tzinfo=UTC))
    assert row is not None and (row.image_input_per_mtok, row.image_cached_per_mtok) == (8.0, 2.0)
    # 50*4 + 67*8 + 256*2 + 4,160*32 = 200 + 536 + 512 + 133,120 = 134,368 per million.
    edit = {"provider": "openai", "model": "gpt-image-1", "ts": datetime(2026, 11, 20, tzinfo=UTC), **CACHED_EDIT}
    assert float(book.compute_costs(pd.DataFrame([edit])).iloc[0]) == pytest.approx(134_368 / 1e6)


def test_every_file_door_reads_cached_image_tokens_and_the_rollups_stay_exact(
    store: WorkloadStore, tmp_path: Path
) -> None:
    book = PriceBook([GPT_IMAGE])
    jsonl = tmp_path / "events.jsonl"
    edit = {"event_id": "edit", "ts": "2026-11-01T10:00:00Z", "provider": "openai", "model": "gpt-image-1"}
    jsonl.write_text(json.dumps({**edit, **CACHED_EDIT}) + "\n")
    # The Images API's usage, flattened: input_tokens_details.cached_tokens_details.image_tokens.
    images_api = tmp_path / "images.jsonl"
    images_api.write_text(
        json.dumps(
            {
                "event_id": "images-api",
                "ts": "2026-11-01T11:00:00Z",
                "provider": "openai",
                "model": "gpt-image-1",
                "input_tokens": 373,
                "input_tokens_details_cached_tokens": 256,
                "input_tokens_details_image_tokens": 323,
                "input_tokens_details_cached_tokens_details_image_tokens": 256,
                "output_tokens": 4_160,
            }
        )
        + "\n"
    )
    csv = tmp_path / "events.csv"
    csv.write_text(
        "request_id,timestamp,provider,model,input_tokens,output_tokens,cache_read_tokens,input_image_tokens,"
        "cache_read_image_tokens\n"
        "csv-1,2026-11-02T09:00:00Z,openai,gpt-image-1,373,4160,300,323,256\n"
    )
    for path in (jsonl, images_api, csv):
        assert ingest_files(store, [path], "acme", price_book=book).rows_written == 1
    with store.session() as client:
        got = query_df(
            client,
            "SELECT event_id, cost_usd, prompt_tokens, cached_tokens, image_prompt_tokens, cached_image_tokens "
            "FROM workload_events FINAL WHERE org_id = {org:String}",
            {"org": "acme"},
        ).set_index("event_id")
        assert fetch_rollup_drift(client) == []
        daily = query_rows(client, "SELECT sum(cost_usd), sum(prompt_tokens) FROM workload_daily")[0]
        raw = query_rows(client, "SELECT sum(cost_usd), sum(prompt_tokens) FROM workload_events FINAL")[0]
    counts = ["prompt_tokens", "cached_tokens", "image_prompt_tokens", "cached_image_tokens"]
    for event_id in ("edit", "images-api"):
        assert got.loc[event_id, counts].tolist() == [373, 256, 323, 256]
        assert got.loc[event_id, "cost_usd"] == pytest.approx(CACHED_EDIT_COST)
    assert got.loc["csv-1", counts].tolist() == [373, 300, 323, 256]
    assert got.loc["csv-1", "cost_usd"] == pytest.approx(167_795 / 1e6)
    # The roll-ups hold the same sums: cached image tokens are inside the prompt and cache-read counts.
    assert daily[0] == pytest.approx(raw[0]) == pytest.approx(2 * CACHED_EDIT_COST + 167_795 / 1e6)
    assert daily[1] == raw[1] == 3 * 373


def test_a_reprice_applies_the_cached_image_price_and_keeps_the_rollups_exact(
    store: WorkloadStore, tmp_path: Path
) -> None:
    path = tmp_path / "events.jsonl"
    row = {"event_id": "edit", "ts": "2026-11-01T10:00:00Z", "provider": "openai", "model": "gpt-image-1"}
    path.write_text(json.dumps({**row, **CACHED_EDIT}) + "\n")
    # Ingested while the book had no cached-image price: the cached image paid the text cache-read price.
    before_book = PriceBook([PriceRow("openai", "gpt-image-1", 5.0, 40.0, 1.25, image_input_per_mtok=10.0)])
    assert ingest_files(store, [path], "acme", price_book=before_book).rows_written == 1
    with store.session() as client:
        before = query_rows(client, "SELECT cost_usd FROM workload_events FINAL WHERE org_id = 'acme'")[0][0]
        assert before == pytest.approx(167_640 / 1e6)
        result = reprice_events(
            client, "acme", PriceBook([GPT_IMAGE]), NOV, datetime(2026, 11, 30, tzinfo=UTC), markers=store.write_markers
        )
        after = query_rows(client, "SELECT cost_usd, cached_image_tokens FROM workload_events FINAL")[0]
        assert fetch_rollup_drift(client) == []
        daily = query_rows(client, "SELECT sum(cost_usd) FROM workload_daily WHERE org_id = 'acme'")[0][0]
    assert result.events_changed == 1
    assert after[0] == pytest.approx(CACHED_EDIT_COST) and after[1] == 256
    assert daily == pytest.approx(CACHED_EDIT_COST)


def test_the_gateway_reads_cached_images_from_openai_usage_and_prices_them() -> None:
    usage = Usage()
    usage.add_openai(
        {
            "prompt_tokens": 373,
            "completion_tokens": 4_160,
            "prompt_tokens_details": {
                "cached_tokens": 256,
                "image_tokens": 323,
                "cached_tokens_details": {"text_tokens": 0, "image_tokens": 256},
            },
        }
    )
    assert (usage.cached_tokens, usage.image_prompt_tokens, usage.cached_image_tokens) == (256, 323, 256)
    priced = compute_cost(PriceBook([GPT_IMAGE]), "openai", "gpt-image-1", usage)
    assert priced == pytest.approx(CACHED_EDIT_COST)
    event = finish_event(
        {"event_id": "e"}, provider="openai", model="gpt-image-1", usage=usage, cost_usd=priced, latency_ms=10
    )
    assert {k: event[k] for k in CACHED_EDIT} == CACHED_EDIT


def test_litellm_spend_logs_give_the_cached_image_details_of_their_usage_object(
    store: WorkloadStore, tmp_path: Path
) -> None:
    usage = {
        "prompt_tokens": 373,
        "completion_tokens": 4_160,
        "prompt_tokens_details": {
            "cached_tokens": 256,
            "image_tokens": 323,
            "cached_tokens_details": {"image_tokens": 256},
        },
    }
    log = {
        "request_id": "img-edit",
        "call_type": "image_edit",
        "spend": 0.17,
        "prompt_tokens": 373,
        "completion_tokens": 4_160,
        "startTime": "2026-11-04T10:00:00.000Z",
        "endTime": "2026-11-04T10:00:30.000Z",
        "model": "gpt-image-1",
        "custom_llm_provider": "openai",
        "metadata": {"user_api_key_team_alias": "design", "usage_object": usage},
        "status": "success",
    }
    # The same edit logged with the Images API's spelling of the usage (input_tokens_details).
    images_usage = {
        "input_tokens": 373,
        "output_tokens": 4_160,
        "input_tokens_details": {
            "cached_tokens": 256,
            "image_tokens": 323,
            "cached_tokens_details": {"image_tokens": 256},
        },
    }
    images_log = {**log, "request_id": "img-edit-2", "metadata": {"usage_object": images_usage}}
    path = tmp_path / "spend_logs.json"
    path.write_text(json.dumps([log, images_log]))
    report = ingest_files(store, [path], "acme", price_book=PriceBook([GPT_IMAGE]))
    assert report.files[0].format == "litellm" and report.rows_written == 2
    with store.session() as client:
        got = query_df(
            client,
            "SELECT cached_tokens, image_prompt_tokens, cached_image_tokens, cost_usd, priced_cost_usd "
            "FROM workload_events FINAL WHERE org_id = 'acme'",
        )
        assert fetch_rollup_drift(client) == []
    assert got[["cached_tokens", "image_prompt_tokens", "cached_image_tokens"]].values.tolist() == [[256, 323, 256]] * 2
    assert got["cost_usd"].tolist() == [0.17] * 2
    assert got["priced_cost_usd"].tolist() == pytest.approx([CACHED_EDIT_COST] * 2)
