"""Image inputs (#13): the providers bill an image in a prompt as input tokens, so Netra prices the image's tokens as
part of `prompt_tokens` at the input price, never on top of them; by hand, at the gateway (OpenAI's and
Anthropic's usage) and through a file that also states an image token count. gpt-4o has no image-token price of
its own, so its image tokens, kept as `image_prompt_tokens`, pay the input price (tests/test_image_prices.py covers
models that have one)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from netra_core.catalog.pricing import PriceBook, PriceRow
from netra_core.gateway.events import Usage, compute_cost, finish_event
from netra_core.workloads.ingest import ingest_files
from netra_core.workloads.rollups import fetch_rollup_drift
from netra_core.workloads.store import WorkloadStore, query_df

BOOK = PriceBook(
    [
        PriceRow("openai", "gpt-4o", 2.5, 10.0, cached_input_per_mtok=1.25),
        PriceRow("anthropic", "claude-sonnet-4", 3.0, 15.0, cached_input_per_mtok=0.3),
    ]
)


def test_openai_image_tokens_are_input_tokens_at_the_input_price() -> None:
    # A 512x512 image is 255 tokens on gpt-4o (85 base + 170 per tile); 1,020 prompt tokens in all, 256 of them
    # read from the cache; the usage's image count is a part of the prompt count, not more tokens.
    usage = Usage()
    usage.add_openai(
        {
            "prompt_tokens": 1_020,
            "completion_tokens": 100,
            "prompt_tokens_details": {"cached_tokens": 256, "audio_tokens": 0, "image_tokens": 255},
            "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0},
        }
    )
    priced = compute_cost(BOOK, "openai", "gpt-4o", usage)
    # 764*2.5 + 256*1.25 + 100*10 = 1,910 + 320 + 1,000 = 3,230 per million.
    assert priced == pytest.approx(3_230 / 1e6)
    event = finish_event(
        {"event_id": "img"}, provider="openai", model="gpt-4o", usage=usage, cost_usd=priced, latency_ms=5
    )
    assert (event["prompt_tokens"], event["cached_tokens"], event["audio_prompt_tokens"]) == (1_020, 256, 0)
    assert event["image_prompt_tokens"] == 255


def test_anthropic_image_tokens_are_in_its_input_tokens() -> None:
    # Anthropic counts an image as (width x height) / 750 tokens inside `input_tokens`: 1,092x1,092 px ~ 1,590.
    usage = Usage()
    usage.add_anthropic({"input_tokens": 1_600, "cache_read_input_tokens": 0, "output_tokens": 0})
    usage.add_anthropic({"output_tokens": 200})
    # 1,600*3 + 200*15 = 4,800 + 3,000 = 7,800 per million.
    assert compute_cost(BOOK, "anthropic", "claude-sonnet-4", usage) == pytest.approx(7_800 / 1e6)


def test_a_file_stating_image_tokens_prices_them_once_as_input(store: WorkloadStore, tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    rows = [
        {
            "event_id": "with-image",
            "ts": datetime(2026, 11, 3, 8, tzinfo=UTC).isoformat(),
            "provider": "openai",
            "model": "gpt-4o",
            "prompt_tokens": 1_020,
            "image_tokens": 255,
            "completion_tokens": 100,
        },
        {
            "event_id": "text-only",
            "ts": datetime(2026, 11, 3, 9, tzinfo=UTC).isoformat(),
            "provider": "openai",
            "model": "gpt-4o",
            "prompt_tokens": 765,
            "completion_tokens": 100,
        },
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert ingest_files(store, [path], "acme", price_book=BOOK).rows_written == 2
    with store.session() as client:
        got = query_df(
            client,
            "SELECT event_id, cost_usd, cost_source, prompt_tokens, cached_tokens, cache_write_tokens, audio_prompt_tokens, "
            "image_prompt_tokens FROM workload_events FINAL WHERE org_id = 'acme'",
        ).set_index("event_id")
        assert fetch_rollup_drift(client) == []
    # 1,020*2.5 + 100*10 = 3,550 per million: the image's 255 tokens are inside the 1,020, at the input price.
    assert got.loc["with-image", "cost_usd"] == pytest.approx(3_550 / 1e6)
    assert got.loc["with-image", "prompt_tokens"] == 1_020 and got.loc["with-image", "cost_source"] == "netra"
    # Not read as another kind of input token (cache read or write, audio), which has a price of its own.
    assert got.loc["with-image", ["cached_tokens", "cache_write_tokens", "audio_prompt_tokens"]].tolist() == [0, 0, 0]
    # Kept as the image part of the input (gpt-4o has no image price, so it pays the input price).
    assert got.loc["with-image", "image_prompt_tokens"] == 255 and got.loc["text-only", "image_prompt_tokens"] == 0
    # The same request without the image: 255 fewer input tokens, 255 * $2.50 per million cheaper.
    assert got.loc["with-image", "cost_usd"] - got.loc["text-only", "cost_usd"] == pytest.approx(255 * 2.5 / 1e6)
