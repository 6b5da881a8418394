"""Image-token prices (#13): image tokens priced at the catalog's image prices as a part of the input and output
counts (never twice; unset image prices are the text ones), by hand; kept by the catalog sync, the app database
and an admin's override; read by the file doors, LiteLLM spend logs and the gateway's OpenAI usage, with the
roll-ups equal to the raw events after ingest and after a reprice."""

from __future__ import annotations

import itertools
import json
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import openai
import pandas as pd
import pytest
from openai.types.chat import ChatCompletionMessageParam
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from netra_core.catalog.pricing import PriceBook, PriceRow, PriceTier
from netra_core.catalog.sync import compute_genai_prices_entries
from netra_core.db.catalog import fetch_price_book, save_catalog_entries, save_price_override
from netra_core.db.engine import make_session_factory
from netra_core.db.orgs import fetch_org, save_org
from netra_core.db.price_fields import ExtraPrices
from netra_core.errors import ValidationError
from netra_core.gateway.events import Usage, compute_cost, finish_event
from netra_core.workloads.ingest import ingest_files
from netra_core.workloads.migrations import upgrade_store
from netra_core.workloads.reprice import reprice_events
from netra_core.workloads.rollups import fetch_rollup_drift
from netra_core.workloads.store import WorkloadStore, query_df, query_rows
from tests.conftest import run_netra
from tests.gateway_helpers import live_gateway
from tests.gateway_upstream import ok, run_upstream

NOV = datetime(2026, 11, 1, tzinfo=UTC)
# gemini-2.5-flash-image as genai-prices prices it: $0.30 in, $2.50 text out, $30 image out.
FLASH_IMAGE = PriceRow("google", "gemini-2.5-flash-image", 0.3, 2.5, image_output_per_mtok=30.0)
# gpt-image-1: $5 text in, $10 image in, $40 out (its output is the image; no separate image output price).
GPT_IMAGE = PriceRow("openai", "gpt-image-1", 5.0, 40.0, cached_input_per_mtok=1.25, image_input_per_mtok=10.0)
# A chat model without image prices: an image in its prompt is input tokens at the input price.
GPT_4O = PriceRow("openai", "gpt-4o", 2.5, 10.0, cached_input_per_mtok=1.25)
# One generated 1024x1024 image from a 1,200-token prompt: Gemini bills it as 1,290 output image tokens, beside
# 60 output text tokens.
GENERATE: dict[str, Any] = {
    "prompt_tokens": 1_200,
    "completion_tokens": 1_350,
    "image_completion_tokens": 1_290,
}
# 1,200*0.3 + 60*2.5 + 1,290*30 = 360 + 150 + 38,700 = 39,210 per million.
GENERATE_COST = 39_210 / 1e6
# The same call at the text prices only (what Netra charged before): 1,200*0.3 + 1,350*2.5 = 3,735 per million.
GENERATE_TEXT_COST = 3_735 / 1e6
# An image edit on gpt-image-1: 50 text tokens and a 323-token image in, a 4,160-token image out (1024x1024, high).
EDIT: dict[str, Any] = {"prompt_tokens": 373, "image_prompt_tokens": 323, "completion_tokens": 4_160}
# 50*5 + 323*10 + 4,160*40 = 250 + 3,230 + 166,400 = 169,880 per million.
EDIT_COST = 169_880 / 1e6


def cost(book: PriceBook, *, provider: str = "google", model: str = "gemini-2.5-flash-image", **event: object) -> float:
    row = {"provider": provider, "model": model, "ts": NOV, "completion_tokens": 0, **event}
    return float(book.compute_costs(pd.DataFrame([row])).iloc[0])


def test_image_input_and_image_output_each_pay_their_price_and_the_rest_the_text_price() -> None:
    book = PriceBook([FLASH_IMAGE, GPT_IMAGE])
    assert cost(book, **GENERATE) == pytest.approx(GENERATE_COST)
    text_only = {k: v for k, v in GENERATE.items() if "image" not in k}
    assert cost(book, **text_only) == pytest.approx(GENERATE_TEXT_COST)
    assert cost(book, provider="openai", model="gpt-image-1", **EDIT) == pytest.approx(EDIT_COST)
    # Each dimension alone: 1M image out on gemini = $30; 1M image in on gpt-image-1 = $10.
    assert cost(book, prompt_tokens=0, completion_tokens=1_000_000, image_completion_tokens=1_000_000) == (
        pytest.approx(30.0)
    )
    one_m_in = {"prompt_tokens": 1_000_000, "image_prompt_tokens": 1_000_000}
    assert cost(book, provider="openai", model="gpt-image-1", **one_m_in) == pytest.approx(10.0)
    # Counts past their whole are clipped, never priced twice: 5,000 image of a 1,000-token prompt is 1,000 image;
    # 800 image out of 500 out is 500.
    over_in = {"prompt_tokens": 1_000, "image_prompt_tokens": 5_000}
    assert cost(book, provider="openai", model="gpt-image-1", **over_in) == pytest.approx(1_000 * 10 / 1e6)
    assert cost(book, prompt_tokens=0, completion_tokens=500, image_completion_tokens=800) == pytest.approx(
        500 * 30 / 1e6
    )
    # Image input is a part of the plain input: cache reads pay the cache-read price and are no image tokens.
    # 1,000 in, 400 read from cache, 500 image: 100*5 + 400*1.25 + 500*10 = 6,000 per million.
    cached = {"prompt_tokens": 1_000, "cached_tokens": 400, "image_prompt_tokens": 500}
    assert cost(book, provider="openai", model="gpt-image-1", **cached) == pytest.approx(6_000 / 1e6)
    # Audio and image both inside one count: each part once (gpt-realtime-like row, $4 in, $32 audio, $5 image).
    both = PriceRow("openai", "rt", 4.0, 16.0, audio_input_per_mtok=32.0, image_input_per_mtok=5.0)
    mixed = {"prompt_tokens": 1_000, "audio_prompt_tokens": 600, "image_prompt_tokens": 600}
    # 600 audio at $32, the 400 left are image at $5 (the image count is clipped to what audio left): 21,200.
    assert cost(PriceBook([both]), provider="openai", model="rt", **mixed) == pytest.approx(21_200 / 1e6)


def test_unset_image_prices_fall_back_to_the_text_prices() -> None:
    # A chat call with a 255-token image in a 1,020-token prompt on a model WITHOUT image prices: unchanged, the
    # image is input at the input price: 764*2.5 + 256*1.25 + 100*10 = 3,230 per million.
    book = PriceBook([GPT_4O])
    chat = {"prompt_tokens": 1_020, "cached_tokens": 256, "image_prompt_tokens": 255, "completion_tokens": 100}
    assert cost(book, provider="openai", model="gpt-4o", **chat) == pytest.approx(3_230 / 1e6)
    no_breakdown = {k: v for k, v in chat.items() if k != "image_prompt_tokens"}
    assert cost(book, provider="openai", model="gpt-4o", **no_breakdown) == pytest.approx(3_230 / 1e6)
    # gpt-image-1 has no image output price: its output pays the output price.
    gpt_image = PriceBook([GPT_IMAGE])
    out = {"prompt_tokens": 0, "completion_tokens": 1_000, "image_completion_tokens": 1_000}
    assert cost(gpt_image, provider="openai", model="gpt-image-1", **out) == pytest.approx(40_000 / 1e6)
    # Past a long-context tier that sets no image price: the row's image price stays, and an image without one
    # follows the tier's text price.
    tiered = PriceRow("google", "m", 1.0, 2.0, image_output_per_mtok=20.0, tiers=(PriceTier(1_000, 3.0, 6.0),))
    untiered = PriceRow("google", "m2", 1.0, 2.0, tiers=(PriceTier(1_000, 3.0, 6.0),))
    long: dict[str, Any] = {"prompt_tokens": 2_000, "completion_tokens": 1_000, "image_completion_tokens": 500}
    two = PriceBook([tiered, untiered])
    assert cost(two, model="m", **long) == pytest.approx((2_000 * 3 + 500 * 6 + 500 * 20) / 1e6)
    assert cost(two, model="m2", **long) == pytest.approx((2_000 * 3 + 1_000 * 6) / 1e6)
    # A tier's own image price wins over the row's.
    own = PriceRow(
        "google",
        "m3",
        1.0,
        2.0,
        image_output_per_mtok=20.0,
        tiers=(PriceTier(1_000, 3.0, 6.0, image_output_per_mtok=40.0),),
    )
    assert cost(PriceBook([own]), model="m3", **long) == pytest.approx((2_000 * 3 + 500 * 6 + 500 * 40) / 1e6)


def test_price_call_prices_images_as_price_events_does() -> None:
    book = PriceBook(
        [
            FLASH_IMAGE,
            PriceRow("google", "gemini-2.5-flash-image", 0.15, 1.25, image_output_per_mtok=15.0, service_tier="batch"),
            GPT_IMAGE,
            PriceRow("openai", "plain", 1.0, 2.0, cached_input_per_mtok=0.5, tiers=(PriceTier(500, 2.0, 4.0),)),
        ]
    )
    usages = [(1_200, 1_350, 0, 0, 1_290), (373, 4_160, 100, 323, 0), (50, 10, 80, 90, 70), (900, 40, 200, 300, 30)]
    models = (("google", "gemini-2.5-flash-image"), ("openai", "gpt-image-1"), ("openai", "plain"))
    compared = 0
    for (provider, model), usage, batch in itertools.product(models, usages, (False, True)):
        prompt, completion, cached, image_in, image_out = usage
        got = book.price_call(
            provider,
            model,
            int(NOV.timestamp()) * 1_000_000_000,
            prompt,
            completion,
            cached,
            image_prompt_tokens=image_in,
            image_completion_tokens=image_out,
            is_batch=batch,
        )
        row = {
            "provider": provider,
            "model": model,
            "ts": NOV,
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "cached_tokens": cached,
            "image_prompt_tokens": image_in,
            "image_completion_tokens": image_out,
            "is_batch": batch,
        }
        expected = float(book.compute_costs(pd.DataFrame([row])).iloc[0])
        assert not math.isnan(expected) and got == pytest.approx(expected, rel=1e-12)
        compared += 1
    assert compared == 24
    # The batch row's own image price: 1,200*0.15 + 60*1.25 + 1,290*15 = 19,605 per million.
    batch_cost = book.price_call(
        "google", "gemini-2.5-flash-image", int(NOV.timestamp()) * 1_000_000_000, 1_200, 1_350, 0,
        image_completion_tokens=1_290, is_batch=True,
    )  # fmt: skip
    assert batch_cost == pytest.approx(19_605 / 1e6)


def test_image_breakdown_of_many_events_sums_like_the_parts() -> None:
    """Vectorised over many events the price is the sum of each event's (no row's images leak into another's)."""
    rng = np.random.default_rng(5)
    n = 200
    prompt = rng.integers(0, 5_000, n)
    frame = pd.DataFrame(
        {
            "provider": "openai",
            "model": "gpt-image-1",
            "ts": NOV,
            "prompt_tokens": prompt,
            "cached_tokens": prompt // 5,
            "image_prompt_tokens": prompt // 2,
            "completion_tokens": rng.integers(0, 5_000, n),
            "image_completion_tokens": rng.integers(0, 5_000, n),
        }
    )
    book = PriceBook([GPT_IMAGE.__class__(**{**GPT_IMAGE.__dict__, "image_output_per_mtok": 32.0})])
    together = book.compute_costs(frame).to_numpy()
    one_by_one = np.array(
        [
            cost(
                book,
                provider="openai",
                model="gpt-image-1",
                **{k: v for k, v in r.items() if k not in ("provider", "model", "ts")},
            )
            for r in frame.to_dict("records")
        ]
    )
    assert np.allclose(together, one_by_one, rtol=1e-12)


def test_the_catalog_sync_keeps_image_prices_and_the_app_database_gives_them_back(db_session: Session) -> None:
    entries = [e for e in compute_genai_prices_entries() if e.provider in {"openai", "google"}]
    by_key = {(e.provider, e.model): e for e in entries}

    def standard(provider: str, model: str) -> PriceRow:
        return [p for p in by_key[(provider, model)].prices if not p.service_tier][-1]

    flash = standard("google", "gemini-2.5-flash-image")
    assert (flash.input_per_mtok, flash.output_per_mtok, flash.image_output_per_mtok) == (0.3, 2.5, 30.0)
    gpt_image = standard("openai", "gpt-image-1")
    assert (gpt_image.image_input_per_mtok, gpt_image.image_output_per_mtok) == (10.0, None)
    gpt_image_batch = [p for p in by_key[("openai", "gpt-image-1")].prices if p.service_tier == "batch"][-1]
    assert gpt_image_batch.image_input_per_mtok == 5.0  # the batch variant's own image price
    assert standard("openai", "gpt-4o").image_input_per_mtok is None
    priced = {
        (e.provider, e.model) for e in entries for p in e.prices if p.image_input_per_mtok or p.image_output_per_mtok
    }
    assert {("openai", "gpt-realtime"), ("openai", "gpt-image-1"), ("google", "gemini-2.5-flash-image")} <= priced
    save_catalog_entries(db_session, entries)
    book = fetch_price_book(db_session, save_org(db_session, "acme").id)
    row = book.price_at("google", "gemini-2.5-flash-image", NOV)
    assert row is not None and row.image_output_per_mtok == 30.0
    # The catalog's prices on the hand-computed calls.
    assert cost(book, **GENERATE) == pytest.approx(GENERATE_COST)
    assert cost(book, provider="openai", model="gpt-image-1", **EDIT) == pytest.approx(EDIT_COST)
    # gpt-4o has no image prices: its image-bearing prompt costs what it did (1,020*2.5 + 100*10 = 3,550).
    chat = {"prompt_tokens": 1_020, "image_prompt_tokens": 255, "completion_tokens": 100}
    assert cost(book, provider="openai", model="gpt-4o", **chat) == pytest.approx(3_550 / 1e6)


def test_an_orgs_override_prices_images_at_its_own_prices(db_session: Session) -> None:
    save_catalog_entries(db_session, [e for e in compute_genai_prices_entries() if e.provider == "google"])
    acme = save_org(db_session, "acme")
    save_price_override(
        db_session,
        provider="google",
        model="gemini-2.5-flash-image",
        input_per_mtok=0.25,
        output_per_mtok=2.0,
        actor="ada",
        org_id=acme.id,
        effective_from=datetime(2026, 11, 10, tzinfo=UTC),
        extra=ExtraPrices(image_input_per_mtok=1.0, image_output_per_mtok=24.0),
    )
    book = fetch_price_book(db_session, acme.id)
    after = datetime(2026, 11, 20, tzinfo=UTC)
    # 1,200*0.25 + 60*2 + 1,290*24 = 300 + 120 + 30,960 = 31,380 per million.
    row = {"provider": "google", "model": "gemini-2.5-flash-image", "ts": after, **GENERATE}
    assert float(book.compute_costs(pd.DataFrame([row])).iloc[0]) == pytest.approx(31_380 / 1e6)
    # With a 500-token image in the prompt: 700*0.25 + 500*1 + 60*2 + 1,290*24 = 31,755 per million.
    with_image = {**row, "image_prompt_tokens": 500}
    assert float(book.compute_costs(pd.DataFrame([with_image])).iloc[0]) == pytest.approx(31_755 / 1e6)
    # Before the override the catalog's hold; another org keeps the catalog's.
    assert cost(book, **GENERATE) == pytest.approx(GENERATE_COST)
    globex = fetch_price_book(db_session, save_org(db_session, "globex").id)
    assert float(globex.compute_costs(pd.DataFrame([row])).iloc[0]) == pytest.approx(GENERATE_COST)
    with pytest.raises(ValidationError, match="image_output_per_mtok"):
        save_price_override(
            db_session,
            provider="google",
            model="gemini-2.5-flash-image",
            input_per_mtok=0.25,
            output_per_mtok=2.0,
            actor="ada",
            org_id=acme.id,
            extra=ExtraPrices(image_output_per_mtok=-1.0),
        )


def test_the_cli_sets_an_orgs_image_prices(tmp_path: Path) -> None:
    env = {"NETRA_DATA_DIR": str(tmp_path / "data")}
    assert run_netra("db", "upgrade", env=env).returncode == 0
    assert run_netra("orgs", "add", "acme", env=env).returncode == 0
    assert run_netra("catalog", "sync", env=env).returncode == 0
    args = ["catalog", "set-price", "openai", "gpt-image-1", "--input", "4", "--output", "32"]
    done = run_netra(
        *args, "--image-input", "8", "--image-output", "36", "--org", "acme", "--from", "2026-11-01", env=env
    )
    assert done.returncode == 0, done.stderr
    engine = create_engine(f"sqlite:///{tmp_path / 'data' / 'netra.db'}")
    with Session(engine) as session:
        book = fetch_price_book(session, fetch_org(session, "acme").id)
    engine.dispose()
    row = book.price_at("openai", "gpt-image-1", datetime(2026, 11, 20, tzinfo=UTC))
    assert row is not None and (row.image_input_per_mtok, row.image_output_per_mtok) == (8.0, 36.0)
    # The edit, its output stated as image tokens: 50*4 + 323*8 + 4,160*36 = 200 + 2,584 + 149,760 = 152,544 per
    # million; without the output's image count the output pays the text output price: 200 + 2,584 + 4,160*32.
    edit = {"provider": "openai", "model": "gpt-image-1", "ts": datetime(2026, 11, 20, tzinfo=UTC), **EDIT}
    image_out = {**edit, "image_completion_tokens": 4_160}
    assert float(book.compute_costs(pd.DataFrame([image_out])).iloc[0]) == pytest.approx(152_544 / 1e6)
    assert float(book.compute_costs(pd.DataFrame([edit])).iloc[0]) == pytest.approx(135_904 / 1e6)


def test_every_file_door_reads_image_tokens_and_the_rollups_stay_equal_to_the_raw_events(
    store: WorkloadStore, tmp_path: Path
) -> None:
    book = PriceBook([FLASH_IMAGE, GPT_IMAGE, GPT_4O])
    jsonl = tmp_path / "events.jsonl"
    rows = [
        {
            "event_id": "generate",
            "ts": "2026-11-01T10:00:00Z",
            "provider": "google",
            "model": "gemini-2.5-flash-image",
            **GENERATE,
        },
        # A chat with an image in the prompt on a model without image prices: the input price, as before.
        {
            "event_id": "chat",
            "ts": "2026-11-01T12:00:00Z",
            "provider": "openai",
            "model": "gpt-4o",
            "prompt_tokens": 1_020,
            "image_tokens": 255,
            "completion_tokens": 100,
        },
    ]
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows))
    # An edit in the Images API's spelling (input_tokens, input_tokens_details.image_tokens flattened, output_tokens).
    images_api = tmp_path / "images.jsonl"
    edit = {
        "event_id": "edit",
        "ts": "2026-11-01T11:00:00Z",
        "provider": "openai",
        "model": "gpt-image-1",
        "input_tokens": 373,
        "input_tokens_details_image_tokens": 323,
        "output_tokens": 4_160,
    }
    images_api.write_text(json.dumps(edit) + "\n")
    # A CSV with other spellings: 2,000 in (500 image), 1,500 out (1,290 image).
    csv = tmp_path / "events.csv"
    csv.write_text(
        "request_id,timestamp,provider,model,input_tokens,output_tokens,input_image_tokens,output_image_tokens\n"
        "csv-1,2026-11-02T09:00:00Z,google,gemini-2.5-flash-image,2000,1500,500,1290\n"
    )
    for path in (jsonl, images_api, csv):
        assert ingest_files(store, [path], "acme", price_book=book).rows_written >= 1
    with store.session() as client:
        got = query_df(
            client,
            "SELECT event_id, cost_usd, cost_source, prompt_tokens, completion_tokens, image_prompt_tokens, "
            "image_completion_tokens FROM workload_events FINAL WHERE org_id = {org:String}",
            {"org": "acme"},
        ).set_index("event_id")
        assert fetch_rollup_drift(client) == []
        daily = query_rows(
            client, "SELECT sum(cost_usd), sum(prompt_tokens), sum(completion_tokens) FROM workload_daily"
        )[0]
        raw = query_rows(
            client, "SELECT sum(cost_usd), sum(prompt_tokens), sum(completion_tokens) FROM workload_events FINAL"
        )[0]
    image_columns = ["image_prompt_tokens", "image_completion_tokens"]
    assert got.loc["generate", image_columns].tolist() == [0, 1_290]
    assert got.loc["generate", "cost_usd"] == pytest.approx(GENERATE_COST)
    assert got.loc["generate", "cost_source"] == "netra"
    assert got.loc["edit", ["prompt_tokens", "completion_tokens", *image_columns]].tolist() == [373, 4_160, 323, 0]
    assert got.loc["edit", "cost_usd"] == pytest.approx(EDIT_COST)
    assert got.loc["chat", "image_prompt_tokens"] == 255
    assert got.loc["chat", "cost_usd"] == pytest.approx(3_550 / 1e6)
    # 1,500*0.3 + 500*0.3 + 210*2.5 + 1,290*30 = 450 + 150 + 525 + 38,700 = 39,825 per million.
    assert got.loc["csv-1", image_columns].tolist() == [500, 1_290]
    assert got.loc["csv-1", "cost_usd"] == pytest.approx(39_825 / 1e6)
    # The roll-ups hold the same sums: image tokens are inside the prompt and completion counts, not added.
    assert daily[0] == pytest.approx(raw[0]) and daily[1] == raw[1] == 1_200 + 373 + 1_020 + 2_000
    assert daily[2] == raw[2] == 1_350 + 4_160 + 100 + 1_500
    assert daily[0] == pytest.approx(GENERATE_COST + EDIT_COST + 0.00355 + 0.039825)


def test_a_reprice_applies_image_prices_to_events_priced_before_and_keeps_the_rollups_exact(
    store: WorkloadStore, tmp_path: Path
) -> None:
    path = tmp_path / "events.jsonl"
    row = {
        "event_id": "generate",
        "ts": "2026-11-01T10:00:00Z",
        "provider": "google",
        "model": "gemini-2.5-flash-image",
    }
    path.write_text(json.dumps({**row, **GENERATE}) + "\n")
    # Ingested while the book had no image price: the image output paid the text output price.
    text_book = PriceBook([PriceRow("google", "gemini-2.5-flash-image", 0.3, 2.5)])
    assert ingest_files(store, [path], "acme", price_book=text_book).rows_written == 1
    with store.session() as client:
        before = query_rows(client, "SELECT cost_usd FROM workload_events FINAL WHERE org_id = 'acme'")[0][0]
        assert before == pytest.approx(GENERATE_TEXT_COST)
        result = reprice_events(
            client,
            "acme",
            PriceBook([FLASH_IMAGE]),
            NOV,
            datetime(2026, 11, 30, tzinfo=UTC),
            markers=store.write_markers,
        )
        after = query_rows(client, "SELECT cost_usd, image_completion_tokens FROM workload_events FINAL")[0]
        assert fetch_rollup_drift(client) == []
        daily = query_rows(client, "SELECT sum(cost_usd) FROM workload_daily WHERE org_id = 'acme'")[0][0]
    assert result.events_changed == 1
    assert after[0] == pytest.approx(GENERATE_COST) and after[1] == 1_290
    assert daily == pytest.approx(GENERATE_COST)


def test_the_gateway_reads_images_from_openai_usage_and_prices_them() -> None:
    book = PriceBook([FLASH_IMAGE, GPT_4O])
    # An image made by gemini-2.5-flash-image behind an OpenAI-compatible API: the usage's completion details.
    usage = Usage()
    usage.add_openai(
        {
            "prompt_tokens": 1_200,
            "completion_tokens": 1_350,
            "prompt_tokens_details": {"cached_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 0, "image_tokens": 1_290},
        }
    )
    assert (usage.image_prompt_tokens, usage.image_completion_tokens) == (0, 1_290)
    priced = compute_cost(book, "google", "gemini-2.5-flash-image", usage)
    assert priced == pytest.approx(GENERATE_COST)
    event = finish_event(
        {"event_id": "g"},
        provider="google",
        model="gemini-2.5-flash-image",
        usage=usage,
        cost_usd=priced,
        latency_ms=10,
    )
    assert {k: event[k] for k in GENERATE} == {**GENERATE}
    assert event["image_prompt_tokens"] == 0
    # A chat with an image in its prompt on gpt-4o (no image prices): the image is input at the input price.
    chat = Usage()
    chat.add_openai(
        {
            "prompt_tokens": 1_020,
            "completion_tokens": 100,
            "prompt_tokens_details": {"cached_tokens": 256, "image_tokens": 255},
        }
    )
    assert chat.image_prompt_tokens == 255
    # 764*2.5 + 256*1.25 + 100*10 = 3,230 per million, as without the image count.
    assert compute_cost(book, "openai", "gpt-4o", chat) == pytest.approx(3_230 / 1e6)


def test_litellm_spend_logs_give_the_image_details_of_their_usage_object(store: WorkloadStore, tmp_path: Path) -> None:
    usage = {
        "prompt_tokens": 1_200,
        "completion_tokens": 1_350,
        "prompt_tokens_details": {"cached_tokens": 0, "image_tokens": 0},
        "completion_tokens_details": {"image_tokens": 1_290},
    }
    log = {
        "request_id": "chatcmpl-image",
        "call_type": "completion",
        "spend": 0.04,
        "prompt_tokens": 1_200,
        "completion_tokens": 1_350,
        "startTime": "2026-11-04T10:00:00.000Z",
        "endTime": "2026-11-04T10:00:09.000Z",
        "model": "gemini-2.5-flash-image",
        "custom_llm_provider": "google",
        "metadata": {"user_api_key_team_alias": "design", "usage_object": usage},
        "status": "success",
    }
    path = tmp_path / "spend_logs.json"
    path.write_text(json.dumps([log]))
    report = ingest_files(store, [path], "acme", price_book=PriceBook([FLASH_IMAGE]))
    assert report.files[0].format == "litellm" and report.rows_written == 1
    with store.session() as client:
        got = query_df(
            client,
            "SELECT image_prompt_tokens, image_completion_tokens, cost_usd, priced_cost_usd "
            "FROM workload_events FINAL WHERE org_id = 'acme'",
        ).iloc[0]
    assert got[["image_prompt_tokens", "image_completion_tokens"]].tolist() == [0, 1_290]
    # The spend LiteLLM logged is the cost of record; Netra's price of the image sits beside it.
    assert got["cost_usd"] == 0.04 and got["priced_cost_usd"] == pytest.approx(GENERATE_COST)


def test_the_gateway_stores_and_prices_the_image_tokens_of_a_chat_end_to_end(tmp_path: Path) -> None:
    """Through the real gateway and the openai SDK: an org with an image price of its own pays it for the image in
    a prompt; an org on the catalog's gpt-4o (no image price) pays the input price, as before; streamed or not."""
    store = WorkloadStore(f"chdb://{tmp_path / 'workloads'}", lock_timeout_s=20)
    with store.session() as client:
        upgrade_store(client)
    image_message: list[ChatCompletionMessageParam] = [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "what is on this label?"},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
            ],
        }
    ]
    details = {
        "prompt_tokens_details": {"cached_tokens": 256, "audio_tokens": 0, "image_tokens": 255},
        "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0},
    }
    with run_upstream() as up, live_gateway(tmp_path, store, up, orgs=("acme", "globex")) as live:
        with make_session_factory(live.engine).begin() as s:
            save_catalog_entries(s, [e for e in compute_genai_prices_entries() if e.provider == "openai"])
            save_price_override(
                s,
                provider="openai",
                model="gpt-4o",
                input_per_mtok=2.5,
                output_per_mtok=10.0,
                cached_input_per_mtok=1.25,
                actor="ada",
                org_id=fetch_org(s, live.slug("acme")).id,
                effective_from=datetime.now(UTC) - timedelta(days=1),
                extra=ExtraPrices(image_input_per_mtok=5.0),
            )
        for org, stream in (("acme", False), ("globex", False), ("globex", True)):
            up.script("gpt-4o", ok(prompt_tokens=1_020, completion_tokens=100, usage_details=details))
            sdk = openai.OpenAI(base_url=live.url, api_key=live.keys[org], max_retries=0)
            if stream:
                chunks = sdk.chat.completions.create(
                    model="gpt-4o", messages=image_message, stream=True, stream_options={"include_usage": True}
                )
                assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "answer from gpt-4o"
            else:
                reply = sdk.chat.completions.create(model="gpt-4o", messages=image_message)
                assert reply.choices[0].message.content == "answer from gpt-4o"
        assert [e["model"] for e in live.events("acme") + live.events("globex")] == ["gpt-4o"] * 3
        with store.session() as c:
            got = query_df(
                c,
                "SELECT org_id, prompt_tokens, cached_tokens, image_prompt_tokens, image_completion_tokens, cost_usd, "
                "cost_source FROM workload_events FINAL ORDER BY org_id, ts",
            )
            assert fetch_rollup_drift(c) == []
    assert got["org_id"].tolist() == [live.slug("acme"), live.slug("globex"), live.slug("globex")]
    assert (
        got[["prompt_tokens", "cached_tokens", "image_prompt_tokens", "image_completion_tokens"]].values.tolist()
        == [[1_020, 256, 255, 0]] * 3
    )
    assert set(got["cost_source"]) == {"netra"}
    # acme's own image price: 509*2.5 + 256*1.25 + 255*5 + 100*10 = 1,272.5 + 320 + 1,275 + 1,000 = 3,867.5 per million.
    assert got["cost_usd"].iloc[0] == pytest.approx(3_867.5 / 1e6)
    # globex, the catalog's gpt-4o without image prices: 764*2.5 + 256*1.25 + 100*10 = 3,230 per million, as before.
    assert got["cost_usd"].iloc[1:].tolist() == pytest.approx([3_230 / 1e6] * 2)
