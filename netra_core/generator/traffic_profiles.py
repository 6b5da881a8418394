"""What the traffic generator produces: workload specs, seasonality shapes and calibrated token sizes.

Token sizes are calibrated on the Azure LLM inference trace 2023 (Patel et al., "Splitwise:
Efficient generative LLM inference using phase splitting", ISCA 2024; CC-BY-4.0;
github.com/Azure/AzurePublicDataset, `AzureLLMInferenceTrace_{code,conv}.csv`). The quantiles of
log(tokens) are embedded below so the generator runs without the trace; `compute_trace_calibration`
recomputes them from the CSV files and a test checks the two agree. In the trace, prompt and output
sizes are nearly independent (Spearman rho -0.02 for code, 0.07 for conversation), so they are drawn
independently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

TRACE_FILES = {"code": "AzureLLMInferenceTrace_code.csv", "conv": "AzureLLMInferenceTrace_conv.csv"}
TRACE_DIR_NAME = "azure_llm_inference_trace_2023"

# Probabilities at which the quantiles of log(tokens) are kept (denser in the tails).
CALIBRATION_PROBS: tuple[float, ...] = (
    0.0,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.15,
    0.2,
    0.25,
    0.3,
    0.35,
    0.4,
    0.45,
    0.5,
    0.55,
    0.6,
    0.65,
    0.7,
    0.75,
    0.8,
    0.85,
    0.9,
    0.95,
    0.975,
    0.99,
    0.995,
    1.0,
)

# Quantiles of log(tokens) at CALIBRATION_PROBS, computed from the Azure LLM inference trace 2023
# (Splitwise, ISCA 2024, CC-BY-4.0): (trace, "prompt" = ContextTokens | "output" = GeneratedTokens).
TOKEN_LOG_QUANTILES: dict[tuple[str, str], tuple[float, ...]] = {
    ("code", "prompt"): (
        1.0986,
        2.4849,
        2.8332,
        3.7842,
        4.3175,
        4.9904,
        5.4467,
        5.9548,
        6.3596,
        6.6464,
        6.8444,
        6.9801,
        7.1397,
        7.2923,
        7.4325,
        7.5543,
        7.6796,
        7.7969,
        7.9174,
        8.0685,
        8.2739,
        8.5540,
        8.8961,
        8.9140,
        8.9141,
        8.9141,
        8.9142,
    ),
    ("code", "output"): (
        1.7918,
        1.7918,
        1.7918,
        1.7918,
        1.7918,
        1.9459,
        1.9459,
        2.0794,
        2.1972,
        2.1972,
        2.3026,
        2.3979,
        2.4849,
        2.5649,
        2.6391,
        2.7726,
        2.8904,
        2.9957,
        3.1781,
        3.3673,
        3.6636,
        4.0073,
        4.4998,
        4.9767,
        5.5273,
        5.8843,
        7.5491,
    ),
    ("conv", "prompt"): (
        0.6931,
        2.8226,
        3.3673,
        4.7875,
        5.1985,
        5.3327,
        5.9189,
        5.9584,
        5.9814,
        5.9989,
        6.0259,
        6.5554,
        6.8916,
        6.9276,
        6.9518,
        6.9763,
        7.0003,
        7.0300,
        7.0809,
        7.1816,
        7.5370,
        7.9137,
        8.3146,
        8.3168,
        8.3289,
        8.4828,
        9.5504,
    ),
    ("conv", "output"): (
        1.9459,
        2.6391,
        2.7726,
        3.3322,
        3.7136,
        3.9890,
        4.2047,
        4.3438,
        4.4427,
        4.5109,
        4.5643,
        4.6347,
        4.7274,
        4.8598,
        5.0173,
        5.1761,
        5.3799,
        5.9506,
        5.9789,
        5.9915,
        6.0186,
        6.0497,
        6.1115,
        6.2577,
        6.3986,
        6.4664,
        6.9078,
    ),
}

# Relative traffic by UTC hour (index 0 = 00:00-01:00) and by weekday (index 0 = Monday).
DIURNAL_SHAPES: dict[str, tuple[float, ...]] = {
    # office software used from Europe and the Americas: busy 08-20 UTC, quiet at night
    "business": (
        0.18,
        0.14,
        0.12,
        0.11,
        0.12,
        0.16,
        0.28,
        0.50,
        0.80,
        1.00,
        1.05,
        1.05,
        1.00,
        1.10,
        1.20,
        1.25,
        1.20,
        1.05,
        0.85,
        0.65,
        0.50,
        0.38,
        0.28,
        0.22,
    ),
    # consumer-facing: later and broader peak, into the evening
    "consumer": (
        0.45,
        0.35,
        0.28,
        0.24,
        0.22,
        0.25,
        0.32,
        0.45,
        0.62,
        0.78,
        0.88,
        0.95,
        1.00,
        1.02,
        1.05,
        1.08,
        1.12,
        1.18,
        1.22,
        1.25,
        1.18,
        1.00,
        0.80,
        0.60,
    ),
    # automated agents and monitors run around the clock, a little busier in office hours
    "always_on": (
        0.80,
        0.78,
        0.76,
        0.75,
        0.76,
        0.80,
        0.86,
        0.94,
        1.00,
        1.05,
        1.08,
        1.10,
        1.10,
        1.10,
        1.10,
        1.08,
        1.05,
        1.02,
        0.98,
        0.94,
        0.90,
        0.86,
        0.83,
        0.81,
    ),
    # a nightly job: everything between 01:00 and 05:00 UTC
    "nightly": (0, 1.0, 1.0, 1.0, 1.0) + (0,) * 19,
}
WEEKLY_SHAPES: dict[str, tuple[float, ...]] = {
    "business": (1.0, 1.05, 1.05, 1.0, 0.92, 0.32, 0.26),
    "consumer": (1.0, 1.0, 1.0, 1.0, 1.02, 0.86, 0.82),
    "always_on": (1.0, 1.0, 1.0, 1.0, 1.0, 0.85, 0.82),
    "nightly": (1.0,) * 7,
}


@dataclass(frozen=True)
class TokenShape:
    """Token sizes of one workload: a trace's calibrated distribution times a scale."""

    prompt_trace: str = "conv"
    prompt_scale: float = 1.0
    output_trace: str = "conv"
    output_scale: float = 1.0


@dataclass(frozen=True)
class WorkloadSpec:
    """One application feature sending LLM traffic."""

    name: str
    tasks: dict[str, float]  # task type -> share of this workload's requests
    models: dict[str, float]  # model name (from BUILTIN_MODELS) -> share of requests
    share: float  # share of all generated events
    slo_p95_ms: float
    pattern: str = "business"  # key of DIURNAL_SHAPES and WEEKLY_SHAPES
    users: int = 500
    session_minutes: int = 30
    tokens: TokenShape = field(default_factory=TokenShape)
    duplicate_share: float = 0.02  # share of requests repeating an earlier prompt of this workload
    repeats_per_prompt: float = 20.0  # how often a repeated prompt recurs on average
    cached_prefix_tokens: int = 0  # shared system prompt a provider can cache
    prompt_cache_hit_rate: float = 0.0
    context_overflow_rate: float = 0.0  # requests whose context exceeds the window of a model below 1M tokens
    bursts_per_day: float = 1.0
    region: str = "us-east-1"
    is_latency_insensitive: bool = False
    planted: tuple[str, ...] = ()  # opportunities put here on purpose: model_switch, cache, batch

    @property
    def timeout_ms(self) -> float:
        """Client timeout: long enough for slow answers, bounded for the batch job."""
        return float(min(600_000.0, max(30_000.0, 4 * self.slo_p95_ms)))


@dataclass(frozen=True)
class TrafficSpec:
    """The whole generated org: its workloads and the rates shared by all of them."""

    workloads: tuple[WorkloadSpec, ...]
    quality_share: float = 0.3  # share of successful requests with a quality score
    quality_concentration: float = 40.0  # Beta(prior * k, (1 - prior) * k): higher means less noise
    rate_limit_rate: float = 0.006  # multiplied by the burst factor of the minute
    server_error_rate: float = 0.003
    timeout_rate: float = 0.001  # on top of requests slower than the workload's timeout
    burst_multiplier: tuple[float, float] = (2.0, 6.0)

    def workload(self, name: str) -> WorkloadSpec:
        """The workload called `name`."""
        for w in self.workloads:
            if w.name == name:
                return w
        raise KeyError(name)


def default_spec() -> TrafficSpec:
    """Eight workloads of a typical company, with a model switch, a cache and a batch opportunity planted.

    Outside the planted workloads each model mix is already the cheapest choice at its quality (no
    cheaper catalog model within 0.02 of its prior), so the planted opportunities stand out. Each p95
    SLO sits above what the current mix achieves, as a team would set it (the classifier's is tight).
    """
    return TrafficSpec(
        workloads=(
            WorkloadSpec(
                "support-bot",
                {"chat": 1.0},
                {"gpt-4.1": 0.4, "gpt-4.1-mini": 0.4, "gemini-2.0-flash": 0.2},
                share=0.30,
                slo_p95_ms=9000,
                pattern="consumer",
                users=5000,
                duplicate_share=0.06,
                cached_prefix_tokens=1024,
                prompt_cache_hit_rate=0.5,
                bursts_per_day=1.5,
            ),
            WorkloadSpec(
                "doc-summarizer",
                {"summarization": 1.0},
                {"gpt-4.1-mini": 0.6, "gemini-2.0-flash": 0.4},
                share=0.10,
                slo_p95_ms=10000,
                users=800,
                tokens=TokenShape("conv", 3.0, "conv", 1.2),
                duplicate_share=0.04,
                region="eu-west-1",
            ),
            WorkloadSpec(
                "ticket-classifier",
                {"classification": 1.0},
                {"gpt-4o": 0.85, "gpt-4.1-mini": 0.15},
                share=0.15,
                slo_p95_ms=1500,
                users=40,
                session_minutes=5,
                tokens=TokenShape("conv", 0.5, "code", 0.3),
                duplicate_share=0.20,
                cached_prefix_tokens=512,
                prompt_cache_hit_rate=0.3,
                planted=("model_switch", "cache"),
            ),
            WorkloadSpec(
                "invoice-extractor",
                {"extraction": 1.0},
                {"gpt-4.1": 0.6, "gpt-4.1-mini": 0.4},
                share=0.08,
                slo_p95_ms=8000,
                users=120,
                tokens=TokenShape("conv", 1.5, "conv", 0.8),
                duplicate_share=0.02,
                region="eu-west-1",
            ),
            WorkloadSpec(
                "code-assistant",
                {"code": 1.0},
                {"gpt-4.1": 0.7, "gpt-4.1-mini": 0.3},
                share=0.15,
                slo_p95_ms=4000,
                users=1500,
                session_minutes=45,
                tokens=TokenShape("code", 1.0, "code", 1.0),
                duplicate_share=0.03,
                cached_prefix_tokens=2048,
                prompt_cache_hit_rate=0.6,
            ),
            WorkloadSpec(
                "kb-search",
                {"rag": 1.0},
                {"gpt-4.1-mini": 0.45, "gemini-2.0-flash": 0.4, "llama-3.1-8b-instant": 0.15},
                share=0.12,
                slo_p95_ms=9000,
                pattern="consumer",
                users=3000,
                tokens=TokenShape("conv", 2.5, "conv", 1.0),
                duplicate_share=0.25,
                repeats_per_prompt=40.0,
                bursts_per_day=2.0,
                planted=("cache",),
            ),
            WorkloadSpec(
                "ops-agent",
                {"agent": 1.0},
                {"gpt-4.1": 0.6, "mistral-large": 0.4},
                share=0.06,
                slo_p95_ms=15000,
                pattern="always_on",
                users=40,
                session_minutes=20,
                tokens=TokenShape("code", 1.5, "code", 2.0),
                duplicate_share=0.01,
                cached_prefix_tokens=3072,
                prompt_cache_hit_rate=0.7,
                context_overflow_rate=0.005,  # long tool outputs overflow the 128k-token models
            ),
            WorkloadSpec(
                "nightly-enrichment",
                {"extraction": 1.0},
                {"gpt-4.1": 0.8, "gpt-4.1-mini": 0.1, "llama-3.1-8b-instant": 0.1},
                share=0.04,
                slo_p95_ms=86_400_000,  # results are needed by the next morning
                pattern="nightly",
                users=1,
                session_minutes=1440,
                tokens=TokenShape("conv", 2.0, "conv", 0.8),
                duplicate_share=0.0,
                bursts_per_day=0.0,
                is_latency_insensitive=True,
                planted=("batch",),
            ),
        )
    )


def compute_trace_calibration(trace_dir: Path) -> dict[tuple[str, str], tuple[float, ...]]:
    """Recompute TOKEN_LOG_QUANTILES from the Azure trace CSV files in `trace_dir`."""
    import pandas as pd

    out: dict[tuple[str, str], tuple[float, ...]] = {}
    for trace, filename in TRACE_FILES.items():
        frame = pd.read_csv(trace_dir / filename)
        for kind, column in (("prompt", "ContextTokens"), ("output", "GeneratedTokens")):
            logs = np.log(frame[column].to_numpy(dtype="float64"))
            out[(trace, kind)] = tuple(round(float(q), 4) for q in np.quantile(logs, CALIBRATION_PROBS))
    return out


def compute_token_sample(trace: str, kind: str, u: np.ndarray, scale: float | np.ndarray = 1.0) -> np.ndarray:
    """Token counts for uniform draws `u` (inverse CDF, linear in log tokens between the quantiles)."""
    logs = np.interp(u, CALIBRATION_PROBS, TOKEN_LOG_QUANTILES[(trace, kind)])
    tokens: np.ndarray = np.maximum(1, np.rint(np.exp(logs) * scale)).astype(np.int64)
    return tokens
