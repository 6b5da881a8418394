"""Audio tokens (#13): priced at the audio prices as a part of the input, cache-read and output counts (never twice),
by hand; kept by the catalog sync and the app database; read by every door (JSONL, CSV, OpenInference spans, the
gateway's OpenAI usage) with the roll-ups equal to the raw events after ingest."""

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
from sqlalchemy.orm import Session

from netra_core.catalog.pricing import PriceBook, PriceRow, PriceTier
from netra_core.catalog.sync import compute_genai_prices_entries
from netra_core.db.catalog import fetch_price_book, save_catalog_entries
from netra_core.db.orgs import save_org
from netra_core.gateway.events import Usage, compute_cost, finish_event
from netra_core.workloads.ingest import ingest_files
from netra_core.workloads.rollups import fetch_rollup_drift
from netra_core.workloads.store import WorkloadStore, query_df, query_rows

NOV = datetime(2026, 11, 1, tzinfo=UTC)
# A realtime model: text $4 in / $0.40 cache read / $16 out; audio $32 in / $2 cached / $64 out.
REALTIME = PriceRow(
    "openai",
    "gpt-realtime",
    4.0,
    16.0,
    cached_input_per_mtok=0.4,
    audio_input_per_mtok=32.0,
    audio_cached_input_per_mtok=2.0,
    audio_output_per_mtok=64.0,
)
# 10,000 prompt tokens: 3,000 read from cache (1,000 of them audio), 6,000 audio in all (so 5,000 uncached audio),
# 2,000 plain text; 2,000 out, 1,500 of them audio.
VOICE: dict[str, Any] = {
    "prompt_tokens": 10_000,
    "cached_tokens": 3_000,
    "audio_prompt_tokens": 6_000,
    "cached_audio_tokens": 1_000,
    "completion_tokens": 2_000,
    "audio_completion_tokens": 1_500,
}
# 2,000*4 + 2,000*0.4 + 1,000*2 + 5,000*32 + 500*16 + 1,500*64 = 8,000 + 800 + 2,000 + 160,000 + 8,000 + 96,000
VOICE_COST = 274_800 / 1e6


def cost(book: PriceBook, *, model: str = "gpt-realtime", **event: object) -> float:
    row = {"provider": "openai", "model": model, "ts": NOV, "completion_tokens": 0, **event}
    return float(book.compute_costs(pd.DataFrame([row])).iloc[0])


def test_audio_input_cached_audio_and_audio_output_each_pay_their_price_and_the_rest_the_text_price() -> None:
    book = PriceBook([REALTIME])
    assert cost(book, **VOICE) == pytest.approx(VOICE_COST)
    # The same tokens without the audio breakdown are all text: 7,000*4 + 3,000*0.4 + 2,000*16 = 61,200.
    text_only: dict[str, Any] = {k: v for k, v in VOICE.items() if "audio" not in k}
    assert cost(book, **text_only) == pytest.approx(61_200 / 1e6)
    # Each dimension alone: 1M audio in = $32; 1M cached audio (of 1M cached, of 1M audio) = $2; 1M audio out = $64.
    assert cost(book, prompt_tokens=1_000_000, audio_prompt_tokens=1_000_000) == pytest.approx(32.0)
    cached_audio: dict[str, Any] = {
        "prompt_tokens": 1_000_000,
        "cached_tokens": 1_000_000,
        "cached_audio_tokens": 1_000_000,
    }
    assert cost(book, audio_prompt_tokens=1_000_000, **cached_audio) == pytest.approx(2.0)
    assert cost(book, prompt_tokens=0, completion_tokens=1_000_000, audio_completion_tokens=1_000_000) == (
        pytest.approx(64.0)
    )
    # Counts past their whole are clipped, never priced twice: 5,000 audio of a 1,000-token prompt is 1,000 audio;
    # 800 audio out of 500 out is 500; cached audio past the cache reads is the cache reads.
    assert cost(book, prompt_tokens=1_000, audio_prompt_tokens=5_000) == pytest.approx(1_000 * 32 / 1e6)
    assert cost(book, prompt_tokens=0, completion_tokens=500, audio_completion_tokens=800) == pytest.approx(
        500 * 64 / 1e6
    )
    assert cost(
        book, prompt_tokens=1_000, cached_tokens=100, cached_audio_tokens=400, audio_prompt_tokens=400
    ) == pytest.approx((600 * 4 + 100 * 2 + 300 * 32) / 1e6)


def test_unset_audio_prices_fall_back_to_the_text_prices() -> None:
    # No audio price: audio pays as text, the same as without the breakdown.
    text = PriceBook([PriceRow("openai", "gpt-realtime", 4.0, 16.0, cached_input_per_mtok=0.4)])
    assert cost(text, **VOICE) == pytest.approx(61_200 / 1e6)
    # Cached audio with no price of its own: the cache-read price where the row has one, else the audio input price.
    one_m: dict[str, Any] = {
        "prompt_tokens": 1_000_000,
        "cached_tokens": 1_000_000,
        "audio_prompt_tokens": 1_000_000,
        "cached_audio_tokens": 1_000_000,
    }
    with_read = PriceRow("openai", "gpt-realtime", 4.0, 16.0, cached_input_per_mtok=0.4, audio_input_per_mtok=32.0)
    assert cost(PriceBook([with_read]), **one_m) == pytest.approx(0.4)
    without_read = PriceRow("openai", "gpt-realtime", 4.0, 16.0, audio_input_per_mtok=32.0)
    assert cost(PriceBook([without_read]), **one_m) == pytest.approx(32.0)
    # Past a long-context tier that sets no audio price: the row's audio price stays, and audio without one
    # follows the tier's text price.
    tiered = PriceRow("openai", "m", 1.0, 2.0, audio_input_per_mtok=10.0, tiers=(PriceTier(1_000, 3.0, 6.0),))
    untiered_audio = PriceRow("openai", "m2", 1.0, 2.0, tiers=(PriceTier(1_000, 3.0, 6.0),))
    book = PriceBook([tiered, untiered_audio])
    assert cost(book, model="m", prompt_tokens=2_000, audio_prompt_tokens=1_000) == pytest.approx(
        (1_000 * 3 + 1_000 * 10) / 1e6
    )
    assert cost(book, model="m2", prompt_tokens=2_000, audio_prompt_tokens=1_000) == pytest.approx(2_000 * 3 / 1e6)


def test_price_call_prices_audio_as_price_events_does() -> None:
    book = PriceBook(
        [
            REALTIME,
            PriceRow("openai", "gpt-realtime", 2.0, 8.0, audio_input_per_mtok=16.0, service_tier="flex"),
            PriceRow("openai", "plain", 1.0, 2.0, cached_input_per_mtok=0.5, tiers=(PriceTier(500, 2.0, 4.0),)),
        ]
    )
    usages = [(1_000, 300, 200, 600, 100, 250), (10_000, 2_000, 3_000, 6_000, 1_000, 1_500), (50, 10, 80, 90, 70, 40)]
    compared = 0
    for model, usage, tier in itertools.product(("gpt-realtime", "plain"), usages, ("", "flex")):
        prompt, completion, cached, audio, cached_audio, audio_out = usage
        got = book.price_call(
            "openai",
            model,
            int(NOV.timestamp()) * 1_000_000_000,
            prompt,
            completion,
            cached,
            audio_prompt_tokens=audio,
            cached_audio_tokens=cached_audio,
            audio_completion_tokens=audio_out,
            service_tier=tier,
        )
        expected = float(
            book.compute_costs(
                pd.DataFrame(
                    [
                        {
                            "provider": "openai",
                            "model": model,
                            "ts": NOV,
                            "prompt_tokens": prompt,
                            "completion_tokens": completion,
                            "cached_tokens": cached,
                            "audio_prompt_tokens": audio,
                            "cached_audio_tokens": cached_audio,
                            "audio_completion_tokens": audio_out,
                            "service_tier": tier,
                        }
                    ]
                )
            ).iloc[0]
        )
        assert not math.isnan(expected) and got == pytest.approx(expected, rel=1e-12)
        compared += 1
    assert compared == 12


def test_the_catalog_sync_keeps_audio_prices_and_the_app_database_gives_them_back(db_session: Session) -> None:
    entries = [e for e in compute_genai_prices_entries() if e.provider in {"openai", "google"}]
    by_key = {(e.provider, e.model): e for e in entries}
    realtime = [p for p in by_key[("openai", "gpt-realtime")].prices if not p.service_tier][-1]
    assert (realtime.audio_input_per_mtok, realtime.audio_cached_input_per_mtok, realtime.audio_output_per_mtok) == (
        32.0,
        0.4,
        64.0,
    )
    flash_batch = [p for p in by_key[("google", "gemini-2.5-flash")].prices if p.service_tier == "batch"][-1]
    assert flash_batch.audio_input_per_mtok == 0.5  # the batch variant's own audio price
    save_catalog_entries(db_session, entries)
    book = fetch_price_book(db_session, save_org(db_session, "acme").id)
    row = book.price_at("openai", "gpt-realtime", NOV)
    assert row is not None and row.audio_output_per_mtok == 64.0
    # The catalog's gpt-realtime ($4 / $0.40 / $16, audio $32 / $0.40 / $64) on the voice call:
    # 2,000*4 + 2,000*0.4 + 1,000*0.4 + 5,000*32 + 500*16 + 1,500*64 = 273,200 per million.
    assert cost(book, **VOICE) == pytest.approx(273_200 / 1e6)


def _span(attrs: dict[str, object]) -> str:
    values = [
        {"key": k, "value": {"intValue": str(v)} if isinstance(v, int) else {"stringValue": str(v)}}
        for k, v in attrs.items()
    ]
    span = {
        "traceId": "0af7651916cd43dd8448eb211c80319c",
        "spanId": "b7ad6b7169203331",
        "name": "ChatCompletion",
        "startTimeUnixNano": "1793527200000000000",  # 2026-11-01T10:00:00Z
        "endTimeUnixNano": "1793527201000000000",
        "attributes": values,
    }
    resource = {"attributes": [{"key": "service.name", "value": {"stringValue": "voice-bot"}}]}
    return json.dumps({"resourceSpans": [{"resource": resource, "scopeSpans": [{"spans": [span]}]}]})


def test_every_file_door_reads_audio_tokens_and_the_rollups_stay_equal_to_the_raw_events(
    store: WorkloadStore, tmp_path: Path
) -> None:
    book = PriceBook([REALTIME])
    jsonl = tmp_path / "events.jsonl"
    rows = [
        {"event_id": "voice", "ts": "2026-11-01T10:00:00Z", "provider": "openai", "model": "gpt-realtime", **VOICE},
        {
            "event_id": "text",
            "ts": "2026-11-01T11:00:00Z",
            "provider": "openai",
            "model": "gpt-realtime",
            "prompt_tokens": 1_000,
            "completion_tokens": 100,
        },
    ]
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows))
    # A CSV with other spellings of the audio columns: 2,000 in (500 audio), 1,000 out (all audio).
    csv = tmp_path / "events.csv"
    csv.write_text(
        "request_id,timestamp,provider,model,input_tokens,output_tokens,input_audio_tokens,output_audio_tokens\n"
        "csv-1,2026-11-02T09:00:00Z,openai,gpt-realtime,2000,1000,500,1000\n"
    )
    # An OpenInference span: 1,000 in (400 audio), 200 out (150 audio).
    spans = tmp_path / "traces.jsonl"
    spans.write_text(
        _span(
            {
                "openinference.span.kind": "LLM",
                "llm.model_name": "gpt-realtime",
                "llm.provider": "openai",
                "llm.token_count.prompt": 1_000,
                "llm.token_count.prompt_details.audio": 400,
                "llm.token_count.completion": 200,
                "llm.token_count.completion_details.audio": 150,
            }
        )
        + "\n"
    )
    for path in (jsonl, csv, spans):
        assert ingest_files(store, [path], "acme", price_book=book).rows_written >= 1
    with store.session() as client:
        got = query_df(
            client,
            "SELECT event_id, cost_usd, cost_source, audio_prompt_tokens, cached_audio_tokens, audio_completion_tokens "
            "FROM workload_events FINAL WHERE org_id = {org:String}",
            {"org": "acme"},
        ).set_index("event_id")
        assert fetch_rollup_drift(client) == []
        daily = query_rows(client, "SELECT sum(cost_usd), sum(prompt_tokens) FROM workload_daily")[0]
        raw = query_rows(client, "SELECT sum(cost_usd), sum(prompt_tokens) FROM workload_events FINAL")[0]
    span_id = "0af7651916cd43dd8448eb211c80319c:b7ad6b7169203331"
    assert got.loc["voice", ["audio_prompt_tokens", "cached_audio_tokens", "audio_completion_tokens"]].tolist() == [
        6_000,
        1_000,
        1_500,
    ]
    assert got.loc["voice", "cost_usd"] == pytest.approx(VOICE_COST) and got.loc["voice", "cost_source"] == "netra"
    assert got.loc["text", "cost_usd"] == pytest.approx((1_000 * 4 + 100 * 16) / 1e6)
    # 1,500*4 + 500*32 + 1,000*64 = 86,000 per million.
    assert got.loc["csv-1", "cost_usd"] == pytest.approx(86_000 / 1e6)
    assert got.loc["csv-1", ["audio_prompt_tokens", "audio_completion_tokens"]].tolist() == [500, 1_000]
    # 600*4 + 400*32 + 50*16 + 150*64 = 25,600 per million.
    assert got.loc[span_id, "cost_usd"] == pytest.approx(25_600 / 1e6)
    assert got.loc[span_id, ["audio_prompt_tokens", "audio_completion_tokens"]].tolist() == [400, 150]
    assert daily[0] == pytest.approx(raw[0]) and daily[1] == raw[1] == 10_000 + 1_000 + 2_000 + 1_000
    assert daily[0] == pytest.approx(VOICE_COST + 0.0056 + 0.086 + 0.0256)


def test_the_gateway_reads_audio_from_openai_usage_and_prices_it() -> None:
    usage = Usage()
    usage.add_openai(
        {
            "prompt_tokens": 10_000,
            "completion_tokens": 2_000,
            "prompt_tokens_details": {
                "cached_tokens": 3_000,
                "audio_tokens": 6_000,
                "cached_tokens_details": {"audio_tokens": 1_000},
            },
            "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 1_500},
        }
    )
    assert (usage.audio_prompt_tokens, usage.cached_audio_tokens, usage.audio_completion_tokens) == (
        6_000,
        1_000,
        1_500,
    )
    priced = compute_cost(PriceBook([REALTIME]), "openai", "gpt-realtime", usage)
    assert priced == pytest.approx(VOICE_COST)
    event = finish_event(
        {"event_id": "g"}, provider="openai", model="gpt-realtime", usage=usage, cost_usd=priced, latency_ms=10.0
    )
    assert {k: event[k] for k in VOICE} == VOICE


def test_audio_breakdown_of_many_events_sums_like_the_parts() -> None:
    """Vectorised over many events the price is the sum of each event's (no row's audio leaks into another's)."""
    rng = np.random.default_rng(3)
    n = 200
    prompt = rng.integers(0, 5_000, n)
    frame = pd.DataFrame(
        {
            "provider": "openai",
            "model": "gpt-realtime",
            "ts": NOV,
            "prompt_tokens": prompt,
            "cached_tokens": prompt // 3,
            "audio_prompt_tokens": prompt // 2,
            "cached_audio_tokens": prompt // 6,
            "completion_tokens": rng.integers(0, 1_000, n),
            "audio_completion_tokens": rng.integers(0, 1_000, n),
        }
    )
    book = PriceBook([REALTIME])
    together = book.compute_costs(frame).to_numpy()
    one_by_one = np.array(
        [
            cost(book, **{k: v for k, v in r.items() if k not in ("provider", "model", "ts")})
            for r in frame.to_dict("records")
        ]
    )
    assert np.allclose(together, one_by_one, rtol=1e-12)


def test_litellm_spend_logs_give_the_audio_details_of_their_usage_object(store: WorkloadStore, tmp_path: Path) -> None:
    usage = {
        "prompt_tokens": 10_000,
        "completion_tokens": 2_000,
        "prompt_tokens_details": {
            "cached_tokens": 3_000,
            "audio_tokens": 6_000,
            "cached_tokens_details": {"audio_tokens": 1_000},
        },
        "completion_tokens_details": {"audio_tokens": 1_500},
    }
    log = {
        "request_id": "chatcmpl-voice",
        "call_type": "completion",
        "spend": 0.25,
        "prompt_tokens": 10_000,
        "completion_tokens": 2_000,
        "startTime": "2026-11-04T10:00:00.000Z",
        "endTime": "2026-11-04T10:00:02.000Z",
        "model": "gpt-realtime",
        "custom_llm_provider": "openai",
        "metadata": {"user_api_key_team_alias": "voice", "usage_object": usage},
        "status": "success",
    }
    path = tmp_path / "spend_logs.json"
    path.write_text(json.dumps([log]))
    report = ingest_files(store, [path], "acme", price_book=PriceBook([REALTIME]))
    assert report.files[0].format == "litellm" and report.rows_written == 1
    with store.session() as client:
        got = query_df(
            client,
            "SELECT cached_tokens, audio_prompt_tokens, cached_audio_tokens, audio_completion_tokens, cost_usd, "
            "priced_cost_usd FROM workload_events FINAL WHERE org_id = 'acme'",
        ).iloc[0]
    assert got[["cached_tokens", "audio_prompt_tokens", "cached_audio_tokens", "audio_completion_tokens"]].tolist() == [
        3_000,
        6_000,
        1_000,
        1_500,
    ]
    # The spend LiteLLM logged is the cost of record; Netra's price of the audio sits beside it.
    assert got["cost_usd"] == 0.25 and got["priced_cost_usd"] == pytest.approx(VOICE_COST)
