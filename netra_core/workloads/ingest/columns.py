"""The event schema ingest writes, and the column names users' files call its fields.

Token convention (one for every input format): `prompt_tokens` counts ALL input tokens, including the
ones read from a provider's prompt cache (`cached_tokens`) and the ones written to it
(`cache_write_tokens`); `completion_tokens` counts all output tokens, including `reasoning_tokens`.
This is the OpenTelemetry GenAI convention (cache reads are part of `gen_ai.usage.input_tokens`), and
what OpenLLMetry and OpenInference send too (OpenLLMetry's Anthropic instrumentation adds the cache
reads and writes to Anthropic's `input_tokens`, which excludes them). A span whose cache counts exceed
its input count evidently reported input without the cache, and ingest adds them (otlp.py).
`cache_write_1h_tokens` are the part of `cache_write_tokens` written to a one-hour cache (Anthropic
prices those higher than five-minute writes). Audio tokens are counted the way OpenAI's usage counts them:
`audio_prompt_tokens` are the audio part of `prompt_tokens` (cached audio included), `cached_audio_tokens` the
audio part of `cached_tokens`, `audio_completion_tokens` the audio part of `completion_tokens`; each is
priced at its audio price and the rest of its count at the text price. Image tokens likewise:
`image_prompt_tokens` are the image part of `prompt_tokens` (cached images included), `cached_image_tokens` the
image part of `cached_tokens`, `image_completion_tokens` the image part of `completion_tokens` (images made by
gpt-image-* or gemini-*-image), each priced at its image price where the catalog has one, else at the text price
(a cached image token at the cache-read price). `service_tier` names the tier a request was served on
('' standard, or e.g. `flex`, `priority`; batch requests say so in `is_batch`). Pricing follows
catalog/pricing.py: each dimension at its own price, long-context tiers, service tiers.

`priced_cost_usd` is Netra's own price of the event, kept beside `cost_usd` whatever `cost_source` says,
so a reported or billed cost can be compared with the catalog's price (NULL: no price or no usage).

`usage_known` = 0 marks an event whose usage was not reported (a failed call, a stream read without
`stream_options.include_usage`, a cancelled stream): its token fields hold 0, which is "unknown", not
"none"; averages of tokens per request must leave such rows out.

`cost_source` says where `cost_usd` came from:
- `billed`: the file's cost column (CSV, JSONL, Parquet, LiteLLM spend logs); older rows all say this;
- `reported`: the span carried a cost (`gen_ai.usage.cost`, `llm.cost.total`);
- `netra`: priced by Netra from the tokens and the price book;
- `unpriced`: no price known for the model (cost 0);
- `unknown_usage`: no cost given and no usage reported, so nothing to price (cost 0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["str", "int", "float", "ts", "bool", "map"]


@dataclass(frozen=True)
class FieldSpec:
    """One field of an event: its type, whether a row needs it, and its default."""

    name: str
    kind: Kind
    is_required: bool = False
    is_nullable: bool = False
    min_value: float | None = None
    max_value: float | None = None
    default: int | None = None  # for bool fields whose missing value is not 0


UINT32_MAX = 4_294_967_295

# Order matters: it is the order of the staging table and of the final INSERT.
EVENT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("event_id", "str", is_required=True),
    FieldSpec("ts", "ts", is_required=True),
    FieldSpec("workload", "str"),
    FieldSpec("task_type", "str"),
    FieldSpec("user_id", "str"),
    FieldSpec("session_id", "str"),
    FieldSpec("provider", "str"),
    FieldSpec("model", "str", is_required=True),
    FieldSpec("region", "str"),
    FieldSpec("prompt_tokens", "int", is_required=True, min_value=0, max_value=UINT32_MAX),
    FieldSpec("completion_tokens", "int", is_required=True, min_value=0, max_value=UINT32_MAX),
    FieldSpec("cached_tokens", "int", min_value=0, max_value=UINT32_MAX),
    FieldSpec("reasoning_tokens", "int", min_value=0, max_value=UINT32_MAX),
    FieldSpec("latency_ms", "float", min_value=0),
    FieldSpec("ttft_ms", "float", is_nullable=True, min_value=0),
    FieldSpec("cost_usd", "float", is_nullable=True, min_value=0),
    FieldSpec("cost_source", "str"),
    FieldSpec("status", "str"),
    FieldSpec("error_type", "str"),
    FieldSpec("quality", "float", is_nullable=True, min_value=0, max_value=1),
    FieldSpec("prompt_hash", "str"),
    FieldSpec("is_batch", "bool"),
    FieldSpec("metadata", "map"),
    FieldSpec("source", "str"),
    FieldSpec("usage_known", "bool", default=1),
    FieldSpec("operation", "str"),
    FieldSpec("cache_write_tokens", "int", min_value=0, max_value=UINT32_MAX),
    FieldSpec("cache_write_1h_tokens", "int", min_value=0, max_value=UINT32_MAX),
    FieldSpec("audio_prompt_tokens", "int", min_value=0, max_value=UINT32_MAX),
    FieldSpec("cached_audio_tokens", "int", min_value=0, max_value=UINT32_MAX),
    FieldSpec("audio_completion_tokens", "int", min_value=0, max_value=UINT32_MAX),
    FieldSpec("image_prompt_tokens", "int", min_value=0, max_value=UINT32_MAX),
    FieldSpec("cached_image_tokens", "int", min_value=0, max_value=UINT32_MAX),
    FieldSpec("image_completion_tokens", "int", min_value=0, max_value=UINT32_MAX),
    FieldSpec("service_tier", "str"),
    FieldSpec("priced_cost_usd", "float", is_nullable=True, min_value=0),
    FieldSpec("finish_reason", "str"),
    FieldSpec("trace_id", "str"),
    FieldSpec("parent_span_id", "str"),
)
COST_SOURCES = ("billed", "reported", "netra", "unpriced", "unknown_usage")
FIELDS_BY_NAME = {f.name: f for f in EVENT_FIELDS}

# Helper fields a file may carry that are turned into event fields (end time -> latency, ...).
EXTRA_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("end_time", "ts", is_nullable=True),
    FieldSpec("first_token_time", "ts", is_nullable=True),
)
ALL_FIELDS = {f.name: f for f in (*EVENT_FIELDS, *EXTRA_FIELDS)}

# canonical name -> accepted spellings (after normalisation: snake_case, lower case).
# A spelling may carry a scale, e.g. seconds -> milliseconds.
ALIASES: dict[str, tuple[str, ...]] = {
    "event_id": ("event_id", "request_id", "id", "call_id", "generation_id", "uuid"),
    "ts": ("ts", "timestamp", "start_time", "created_at", "time", "request_time", "datetime", "created", "start_ts"),
    "workload": ("workload", "app", "application", "feature", "service", "service_name", "project"),
    "task_type": ("task_type", "task", "use_case", "category"),
    "user_id": ("user_id", "user", "end_user", "customer_id"),
    "session_id": ("session_id", "session", "conversation_id", "thread_id"),
    "provider": ("provider", "custom_llm_provider", "llm_provider", "vendor", "model_provider"),
    "model": ("model", "model_name", "model_id", "engine"),
    "region": ("region", "cloud_region", "location"),
    "prompt_tokens": ("prompt_tokens", "input_tokens", "tokens_in", "prompt_token_count", "input_token_count"),
    "completion_tokens": (
        "completion_tokens",
        "output_tokens",
        "tokens_out",
        "completion_token_count",
        "output_token_count",
        "generated_tokens",
    ),
    "cached_tokens": (
        "cached_tokens",
        "cache_read_tokens",
        "cache_read_input_tokens",
        "cached_input_tokens",
        "prompt_cache_hit_tokens",
        "prompt_tokens_details_cached_tokens",
        "input_tokens_details_cached_tokens",
    ),
    "reasoning_tokens": ("reasoning_tokens", "thinking_tokens", "reasoning_output_tokens"),
    "latency_ms": ("latency_ms", "duration_ms", "latency", "duration", "response_time_ms", "elapsed_ms"),
    "ttft_ms": ("ttft_ms", "ttft", "time_to_first_token_ms", "first_token_ms"),
    "cost_usd": ("cost_usd", "cost", "spend", "total_cost", "response_cost", "price_usd"),
    "cost_source": ("cost_source",),
    "status": ("status", "outcome", "result"),
    "error_type": ("error_type", "error", "error_class", "error_code", "exception_type"),
    "quality": ("quality", "quality_score", "score", "feedback_score", "rating"),
    "prompt_hash": ("prompt_hash", "prompt_sha256", "input_hash"),
    "is_batch": ("is_batch", "batch"),
    "metadata": ("metadata", "meta", "attributes", "extra"),
    "source": ("source",),
    "usage_known": ("usage_known", "is_usage_known"),
    "operation": ("operation", "operation_name", "gen_ai_operation_name"),
    "cache_write_tokens": ("cache_write_tokens", "cache_creation_tokens", "cache_creation_input_tokens"),
    "cache_write_1h_tokens": (
        "cache_write_1h_tokens",
        "cache_creation_1h_tokens",
        "ephemeral_1h_input_tokens",
        "cache_creation_1h_input_tokens",
    ),
    "audio_prompt_tokens": (
        "audio_prompt_tokens",
        "audio_input_tokens",
        "input_audio_tokens",
        "prompt_audio_tokens",
        "prompt_tokens_details_audio_tokens",
    ),
    "cached_audio_tokens": (
        "cached_audio_tokens",
        "cached_audio_input_tokens",
        "cache_read_audio_tokens",
        "cache_audio_read_tokens",
    ),
    "audio_completion_tokens": (
        "audio_completion_tokens",
        "audio_output_tokens",
        "output_audio_tokens",
        "completion_audio_tokens",
        "completion_tokens_details_audio_tokens",
    ),
    "image_prompt_tokens": (
        "image_prompt_tokens",
        "image_tokens",
        "image_input_tokens",
        "input_image_tokens",
        "prompt_image_tokens",
        "prompt_tokens_details_image_tokens",
        "input_tokens_details_image_tokens",
    ),
    "cached_image_tokens": (
        "cached_image_tokens",
        "cached_image_input_tokens",
        "cache_read_image_tokens",
        "cache_image_read_tokens",
        "prompt_tokens_details_cached_tokens_details_image_tokens",
        "input_tokens_details_cached_tokens_details_image_tokens",
    ),
    "image_completion_tokens": (
        "image_completion_tokens",
        "image_output_tokens",
        "output_image_tokens",
        "completion_image_tokens",
        "completion_tokens_details_image_tokens",
        "output_tokens_details_image_tokens",
    ),
    "service_tier": ("service_tier", "processing_tier"),
    "finish_reason": ("finish_reason", "finish_reasons"),
    "trace_id": ("trace_id",),
    "parent_span_id": ("parent_span_id",),
    "end_time": ("end_time", "finished_at", "completed_at", "end_ts"),
    "first_token_time": ("completion_start_time", "first_token_time", "first_token_at"),
}
# Spellings in seconds: multiplied by 1000 into the *_ms field.
SECONDS_ALIASES: dict[str, tuple[str, ...]] = {
    "latency_ms": ("latency_s", "latency_seconds", "duration_s", "duration_seconds", "response_time_s"),
    "ttft_ms": ("ttft_s", "ttft_seconds", "time_to_first_token_s", "time_to_first_token"),
}

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def normalise_name(name: str) -> str:
    """`startTime`, `Start Time` and `start-time` all become `start_time`."""
    snake = _CAMEL.sub("_", name.strip())
    return re.sub(r"[\s\-.]+", "_", snake).lower()


@dataclass(frozen=True)
class ColumnSource:
    """Where a field comes from in a file: the file's column name and a scale for its unit."""

    column: str
    scale: float = 1.0


@dataclass
class ColumnMapping:
    """How a file's columns map to event fields, and what could not be mapped."""

    sources: dict[str, ColumnSource] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)

    def missing_required(self, derivable: frozenset[str] = frozenset({"event_id"})) -> list[str]:
        """Required fields with no column (event_id can be derived by hashing the row)."""
        return [
            f.name for f in EVENT_FIELDS if f.is_required and f.name not in self.sources and f.name not in derivable
        ]


def resolve_columns(names: list[str], extra_aliases: dict[str, tuple[str, ...]] | None = None) -> ColumnMapping:
    """Map a file's column names onto event fields; the canonical name wins over an alias."""
    by_norm: dict[str, str] = {}
    for name in names:
        by_norm.setdefault(normalise_name(name), name)
    aliases = {k: (*(extra_aliases or {}).get(k, ()), *v) for k, v in ALIASES.items()}
    for key, spellings in (extra_aliases or {}).items():
        aliases.setdefault(key, spellings)
    mapping = ColumnMapping()
    used: set[str] = set()
    for canonical, spellings in aliases.items():
        for spelling in (canonical, *spellings):
            if spelling in by_norm and by_norm[spelling] not in used:
                mapping.sources[canonical] = ColumnSource(by_norm[spelling])
                used.add(by_norm[spelling])
                break
        else:
            for spelling in SECONDS_ALIASES.get(canonical, ()):
                if spelling in by_norm and by_norm[spelling] not in used:
                    mapping.sources[canonical] = ColumnSource(by_norm[spelling], scale=1000.0)
                    used.add(by_norm[spelling])
                    break
    mapping.ignored = [n for n in names if n not in used]
    return mapping


def describe_aliases(canonical: str) -> str:
    """The accepted spellings of a field, for error messages."""
    return ", ".join((canonical, *[a for a in ALIASES.get(canonical, ()) if a != canonical]))
