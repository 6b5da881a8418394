"""A gateway call as a workload event: the start record, usage read from upstream replies, cost and the finish.

Token convention (as ingest's): `prompt_tokens` counts all input tokens, cached ones included;
`completion_tokens` all output tokens, reasoning included; audio tokens are parts of both (OpenAI's
`*_tokens_details.audio_tokens`), priced at the audio prices, and so are image tokens
(`*_tokens_details.image_tokens`: images in the prompt, images made; of the cached ones
`prompt_tokens_details.cached_tokens_details.image_tokens`), priced at the image prices where the model has them, else as the text tokens they are billed as. Anthropic reports cache reads and
writes beside `input_tokens`, so they are added to it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from netra_core.catalog.pricing import PriceBook

SOURCE = "gateway"
INTERRUPTED = "gateway_interrupted"
INTERRUPTED_NOTE = "unknown: the gateway stopped before the call finished, so tokens and cost are 0"


@dataclass
class Usage:
    """Tokens (and a cost, when the upstream reports one) read from a reply."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    reasoning_tokens: int = 0
    cache_write_tokens: int = 0
    cache_write_1h_tokens: int = 0
    audio_prompt_tokens: int = 0
    cached_audio_tokens: int = 0
    audio_completion_tokens: int = 0
    image_prompt_tokens: int = 0
    cached_image_tokens: int = 0
    image_completion_tokens: int = 0
    service_tier: str = ""
    reported_cost_usd: float | None = None
    is_known: bool = False

    def add_service_tier(self, reply: dict[str, Any]) -> None:
        """The tier an OpenAI reply (or stream chunk) says it was served on; 'default' is the standard one."""
        tier = reply.get("service_tier")
        if isinstance(tier, str) and tier not in ("", "default", "auto", "standard"):
            self.service_tier = tier

    def add_openai(self, usage: dict[str, Any]) -> None:
        """Read an OpenAI `usage` object (chat completions, embeddings)."""
        self.prompt_tokens = int(usage.get("prompt_tokens") or 0)
        self.completion_tokens = int(usage.get("completion_tokens") or 0)
        prompt_details = usage.get("prompt_tokens_details") or {}
        completion_details = usage.get("completion_tokens_details") or {}
        self.cached_tokens = int(prompt_details.get("cached_tokens") or 0)
        self.reasoning_tokens = int(completion_details.get("reasoning_tokens") or 0)
        # Audio parts of the counts above (audio chat models); cached audio where the details say so.
        self.audio_prompt_tokens = int(prompt_details.get("audio_tokens") or 0)
        self.cached_audio_tokens = int((prompt_details.get("cached_tokens_details") or {}).get("audio_tokens") or 0)
        self.audio_completion_tokens = int(completion_details.get("audio_tokens") or 0)
        # Image parts of the counts above: images in the prompt, images made (image-generation models).
        self.image_prompt_tokens = int(prompt_details.get("image_tokens") or 0)
        self.cached_image_tokens = int((prompt_details.get("cached_tokens_details") or {}).get("image_tokens") or 0)
        self.image_completion_tokens = int(completion_details.get("image_tokens") or 0)
        cost = usage.get("cost")
        if isinstance(cost, int | float) and not isinstance(cost, bool) and cost >= 0:
            self.reported_cost_usd = float(cost)
        self.is_known = True

    def add_openai_responses(self, usage: dict[str, Any]) -> None:
        """Read a Responses API `usage` object: input tokens include the cached ones, output the reasoning ones."""
        input_details = usage.get("input_tokens_details") or {}
        output_details = usage.get("output_tokens_details") or {}
        self.prompt_tokens = int(usage.get("input_tokens") or 0)
        self.completion_tokens = int(usage.get("output_tokens") or 0)
        self.cached_tokens = int(input_details.get("cached_tokens") or 0)
        self.reasoning_tokens = int(output_details.get("reasoning_tokens") or 0)
        self.audio_prompt_tokens = int(input_details.get("audio_tokens") or 0)
        self.image_prompt_tokens = int(input_details.get("image_tokens") or 0)
        self.audio_completion_tokens = int(output_details.get("audio_tokens") or 0)
        self.image_completion_tokens = int(output_details.get("image_tokens") or 0)
        self.is_known = True

    def add_anthropic(self, usage: dict[str, Any]) -> None:
        """Read an Anthropic `usage` object (message_start carries input, message_delta the final output)."""
        if "input_tokens" in usage:
            cache_read = int(usage.get("cache_read_input_tokens") or 0)
            cache_write = int(usage.get("cache_creation_input_tokens") or 0)
            self.prompt_tokens = int(usage.get("input_tokens") or 0) + cache_read + cache_write
            self.cached_tokens = cache_read
            self.cache_write_tokens = cache_write
            # Writes to the one-hour cache are priced higher than five-minute ones.
            self.cache_write_1h_tokens = int((usage.get("cache_creation") or {}).get("ephemeral_1h_input_tokens") or 0)
        if isinstance(usage.get("service_tier"), str):
            self.add_service_tier(usage)
        if "output_tokens" in usage:
            self.completion_tokens = int(usage.get("output_tokens") or 0)
        self.is_known = True


@functools.cache
def _id_source() -> random.Random:
    # Seeded once from the OS; a generator of its own, so code seeding `random` cannot make ids repeat.
    return random.Random(os.urandom(32))  # noqa: S311 - ids must be unique, not secret


def new_event_id() -> str:
    """A random 128-bit event id, 32 hex digits like uuid4().hex (0.7 µs here instead of uuid4's ~14)."""
    return f"{_id_source().getrandbits(128):032x}"


def now_iso() -> str:
    """UTC now with milliseconds, as events store it."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def compute_prompt_hash(messages: object) -> str:
    """A stable hash of the prompt (for duplicate and cache analysis), never the prompt itself."""
    raw = json.dumps(messages, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def compute_prompt_text(body: dict[str, Any]) -> str:
    """The text of a chat, messages, responses or embeddings request, concatenated (for size and the router's split)."""
    parts: list[str] = []

    def take(content: object) -> None:
        if isinstance(content, str):
            parts.append(content)
        elif isinstance(content, list):
            for item in content:
                if isinstance(item, dict) and isinstance(item.get("text"), str):
                    parts.append(item["text"])
                elif isinstance(item, str):
                    parts.append(item)

    take(body.get("system"))
    take(body.get("instructions"))  # the Responses API's system prompt
    for message in body.get("messages") or []:
        if isinstance(message, dict):
            take(message.get("content"))
    given = body.get("input")
    if isinstance(given, list) and any(isinstance(item, dict) and "content" in item for item in given):
        for item in given:  # the Responses API's input items: messages whose content is text or typed parts
            take(item.get("content") if isinstance(item, dict) else item)
    else:
        take(given)
    return "\n".join(parts)


def estimate_tokens(text: str) -> int:
    """Prompt tokens estimated as characters / 4 (the usual rule of thumb for English; no tokenizer is loaded)."""
    return (len(text) + 3) // 4


def compute_cost(book: PriceBook, provider: str, model: str, usage: Usage) -> float | None:
    """USD for a call's tokens at the price in effect now on every dimension (catalog/pricing.py), or None."""
    cost = book.price_call(
        provider,
        model,
        time.time_ns(),
        float(usage.prompt_tokens),
        float(usage.completion_tokens),
        float(usage.cached_tokens),
        cache_write_tokens=float(usage.cache_write_tokens),
        cache_write_1h_tokens=float(usage.cache_write_1h_tokens),
        audio_prompt_tokens=float(usage.audio_prompt_tokens),
        cached_audio_tokens=float(usage.cached_audio_tokens),
        audio_completion_tokens=float(usage.audio_completion_tokens),
        image_prompt_tokens=float(usage.image_prompt_tokens),
        cached_image_tokens=float(usage.cached_image_tokens),
        image_completion_tokens=float(usage.image_completion_tokens),
        service_tier=usage.service_tier,
    )
    return None if math.isnan(cost) else float(cost)


def compute_estimate(book: PriceBook, provider: str, model: str, prompt_tokens: int, max_tokens: int) -> float:
    """The worst-case cost of a call before it is made (0 when the model has no price)."""
    cost = compute_cost(book, provider, model, Usage(prompt_tokens=prompt_tokens, completion_tokens=max_tokens))
    return cost or 0.0


def finish_event(
    start: dict[str, Any],
    *,
    provider: str,
    model: str,
    usage: Usage,
    cost_usd: float | None,
    latency_ms: float,
    ttft_ms: float | None = None,
    error_type: str = "",
    metadata: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The whole event from its start record and what the call did."""
    if usage.reported_cost_usd is not None:
        cost, source = usage.reported_cost_usd, "reported"
    elif cost_usd is not None and usage.is_known:
        cost, source = cost_usd, "netra"
    elif error_type:
        cost, source = 0.0, "unknown_usage"
    else:
        cost, source = None, ""  # no price known: ingest marks it unpriced
    return {
        **start,
        "provider": provider,
        "model": model,
        "prompt_tokens": usage.prompt_tokens,
        "completion_tokens": usage.completion_tokens,
        "cached_tokens": usage.cached_tokens,
        "reasoning_tokens": usage.reasoning_tokens,
        "cache_write_tokens": usage.cache_write_tokens,
        "cache_write_1h_tokens": usage.cache_write_1h_tokens,
        "audio_prompt_tokens": usage.audio_prompt_tokens,
        "cached_audio_tokens": usage.cached_audio_tokens,
        "audio_completion_tokens": usage.audio_completion_tokens,
        "image_prompt_tokens": usage.image_prompt_tokens,
        "cached_image_tokens": usage.cached_image_tokens,
        "image_completion_tokens": usage.image_completion_tokens,
        "service_tier": usage.service_tier,
        "usage_known": usage.is_known,
        "latency_ms": round(latency_ms, 3),
        "ttft_ms": None if ttft_ms is None else round(ttft_ms, 3),
        "cost_usd": cost,
        "cost_source": source,
        "status": "error" if error_type else "ok",
        "error_type": error_type,
        "metadata": {**start.get("metadata", {}), **(metadata or {})},
    }


def interrupted_event(start: dict[str, Any]) -> dict[str, Any]:
    """The event of a call whose gateway died before it finished (tokens unknown, so 0, and said so)."""
    return finish_event(
        start,
        provider=str(start.get("provider", "")),
        model=str(start.get("model", "")),
        usage=Usage(),
        cost_usd=0.0,
        latency_ms=0.0,
        error_type=INTERRUPTED,
        metadata={"usage": INTERRUPTED_NOTE},
    )
