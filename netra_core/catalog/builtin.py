"""A small built-in catalog: used until `netra catalog sync` fills the app database, and by the generator.

Prices (USD per million tokens) are the genai-prices package's snapshot for each model. Latency
(time to first token, output tokens/s) and per-task quality are Netra's documented defaults —
round figures in line with public provider benchmarks, not measurements of your traffic — and
carry low confidence; observed events and eval results replace them as soon as there are enough.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netra_core.catalog.pricing import PriceRow

PRICE_SOURCE = "genai-prices snapshot"
PROFILE_SOURCE = "Netra default profile (not measured on your traffic)"
TASK_TYPES = ("chat", "summarization", "classification", "extraction", "code", "rag", "agent")


@dataclass(frozen=True)
class ModelProfile:
    """One model's prices, context window, latency and quality priors."""

    provider: str
    model: str
    input_per_mtok: float
    output_per_mtok: float
    cached_input_per_mtok: float | None
    batch_discount: float | None  # fraction off list price through the provider's batch API
    context_window: int
    ttft_ms: float
    output_tokens_per_s: float
    quality: dict[str, float] = field(default_factory=dict)  # task type -> prior mean score in [0, 1]

    def price_row(self, source: str = "") -> PriceRow:
        """The profile's prices as the one price value the price book and the catalog use, in effect since 2020."""
        from netra_core.catalog.pricing import PriceRow

        return PriceRow(
            provider=self.provider,
            model=self.model,
            input_per_mtok=self.input_per_mtok,
            output_per_mtok=self.output_per_mtok,
            cached_input_per_mtok=self.cached_input_per_mtok,
            batch_discount=self.batch_discount,
            source=source,
        )


def _q(base: float, **deltas: float) -> dict[str, float]:
    return {task: round(min(0.99, max(0.0, base + deltas.get(task, 0.0))), 3) for task in TASK_TYPES}


BUILTIN_MODELS: tuple[ModelProfile, ...] = (
    ModelProfile(
        "openai",
        "gpt-4o",
        2.5,
        10.0,
        1.25,
        0.5,
        128_000,
        450,
        90,
        _q(0.90, classification=0.04, code=-0.02, agent=-0.03),
    ),
    ModelProfile(
        "openai",
        "gpt-4o-mini",
        0.15,
        0.6,
        0.075,
        0.5,
        128_000,
        350,
        110,
        _q(0.82, classification=0.07, summarization=0.05, code=-0.08, agent=-0.12),
    ),
    ModelProfile("openai", "gpt-4.1", 2.0, 8.0, 0.5, 0.5, 1_000_000, 500, 85, _q(0.91, code=0.01, agent=0.0)),
    ModelProfile(
        "openai",
        "gpt-4.1-mini",
        0.4,
        1.6,
        0.1,
        0.5,
        1_000_000,
        400,
        100,
        _q(0.86, classification=0.06, summarization=0.04, code=-0.04, agent=-0.07),
    ),
    ModelProfile(
        "openai",
        "gpt-4.1-nano",
        0.1,
        0.4,
        0.025,
        0.5,
        1_000_000,
        300,
        140,
        _q(0.76, classification=0.09, extraction=0.04, code=-0.14, agent=-0.18),
    ),
    ModelProfile(
        "anthropic", "claude-3-5-sonnet", 3.0, 15.0, 0.3, 0.5, 200_000, 700, 75, _q(0.91, code=0.03, agent=0.02)
    ),
    ModelProfile(
        "anthropic",
        "claude-3-5-haiku",
        0.8,
        4.0,
        0.08,
        0.5,
        200_000,
        500,
        95,
        _q(0.83, classification=0.06, summarization=0.04, code=-0.06, agent=-0.1),
    ),
    ModelProfile(
        "google",
        "gemini-2.0-flash",
        0.1,
        0.4,
        0.025,
        0.5,
        1_000_000,
        350,
        160,
        _q(0.80, classification=0.07, summarization=0.05, code=-0.09, agent=-0.12),
    ),
    ModelProfile("mistral", "mistral-large", 2.0, 6.0, None, None, 128_000, 600, 60, _q(0.85, code=-0.03)),
    ModelProfile(
        "mistral",
        "mistral-small",
        0.15,
        0.6,
        0.015,
        None,
        32_000,
        300,
        120,
        _q(0.75, classification=0.08, code=-0.13, agent=-0.2),
    ),
    ModelProfile(
        "groq", "llama-3.3-70b-versatile", 0.59, 0.79, None, None, 128_000, 200, 250, _q(0.82, code=-0.06, agent=-0.1)
    ),
    ModelProfile(
        "groq",
        "llama-3.1-8b-instant",
        0.05,
        0.08,
        None,
        None,
        128_000,
        150,
        600,
        _q(0.66, classification=0.1, extraction=0.03, code=-0.2, agent=-0.26),
    ),
)


def builtin_profile(provider: str, model: str) -> ModelProfile | None:
    """The built-in profile of a model, if Netra knows it."""
    for profile in BUILTIN_MODELS:
        if profile.provider == provider and profile.model == model:
            return profile
    return None
