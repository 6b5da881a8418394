"""LiteLLM spend logs: a CSV or JSON export of the proxy's SpendLogs table.

Columns: request_id, model, custom_llm_provider, spend, prompt_tokens, completion_tokens,
startTime, endTime, completionStartTime, status, cache_hit, user, team_id, metadata (a JSON
string), request_tags (a JSON list), session_id, ... The generic aliases map most of them; this
module reads the JSON metadata for what it holds (team alias as workload, error class, cached
prompt tokens) and keeps flat values as event metadata.
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa

from netra_core.workloads.ingest.convert import combined

LITELLM_MARKERS = frozenset({"spend", "custom_llm_provider", "request_id", "start_time"})
# LiteLLM columns kept in the event metadata, beside its own metadata keys.
_KEPT_COLUMNS = (
    "team_id",
    "call_type",
    "api_base",
    "model_group",
    "cache_hit",
    "cache_key",
    "request_tags",
    "end_user",
)
_METADATA_KEYS = ("user_api_key_alias", "user_api_key_team_alias", "user_api_key_team_id", "model_group", "api_base")


def is_litellm_columns(normalised: set[str]) -> bool:
    """Whether a set of (normalised) column names is a SpendLogs export."""
    return "spend" in normalised and ("custom_llm_provider" in normalised or "request_id" in normalised)


def _loads(raw: Any) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    if not isinstance(raw, str) or not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        return {"raw_metadata": raw[:1000]}
    return value if isinstance(value, dict) else {}


def _dig(obj: dict[str, Any], *path: str) -> Any:
    cur: Any = obj
    for key in path:
        if not isinstance(cur, dict):
            return None
        cur = cur.get(key)
    return cur


# Token counts LiteLLM keeps only inside the OpenAI usage object of its metadata: event field -> path in the usage.
_USAGE_DETAILS = {
    "cached_tokens": ("prompt_tokens_details", "cached_tokens"),
    "audio_prompt_tokens": ("prompt_tokens_details", "audio_tokens"),
    "cached_audio_tokens": ("prompt_tokens_details", "cached_tokens_details", "audio_tokens"),
    "audio_completion_tokens": ("completion_tokens_details", "audio_tokens"),
    "image_prompt_tokens": ("prompt_tokens_details", "image_tokens"),
    "cached_image_tokens": ("prompt_tokens_details", "cached_tokens_details", "image_tokens"),
    "image_completion_tokens": ("completion_tokens_details", "image_tokens"),
}
# The Images and Responses APIs' usage spells the details `input_tokens_details` / `output_tokens_details`.
_OTHER_SPELLING = {
    "prompt_tokens_details": "input_tokens_details",
    "completion_tokens_details": "output_tokens_details",
}


def adapt_litellm(table: pa.Table) -> pa.Table:
    """Add workload, error_type, the usage details (cached, audio and image tokens) and a flat metadata column from
    LiteLLM's own columns."""
    n = table.num_rows
    names = {name.lower(): name for name in table.column_names}
    meta_raw = combined(table.column(names["metadata"])).to_pylist() if "metadata" in names else [None] * n
    kept = {c: combined(table.column(names[c])).to_pylist() for c in _KEPT_COLUMNS if c in names}
    workload: list[str | None] = []
    error_type: list[str | None] = []
    details: dict[str, list[int | None]] = {name: [] for name in _USAGE_DETAILS}
    flat: list[str] = []
    for i in range(n):
        meta = _loads(meta_raw[i])
        workload.append(meta.get("user_api_key_team_alias") or meta.get("user_api_key_alias"))
        error_type.append(_dig(meta, "error_information", "error_class") or None)
        for name, path in _USAGE_DETAILS.items():
            tokens = _dig(meta, "usage_object", *path)
            if tokens is None:
                tokens = _dig(meta, "additional_usage_values", *path)
            if tokens is None:
                tokens = _dig(meta, "usage_object", _OTHER_SPELLING[path[0]], *path[1:])
            details[name].append(tokens if isinstance(tokens, int) and not isinstance(tokens, bool) else None)
        out = {k: str(meta[k]) for k in _METADATA_KEYS if meta.get(k) not in (None, "")}
        for column, values in kept.items():
            value = values[i]
            if isinstance(value, bytes):
                value = value.decode("utf-8", "replace")
            if value not in (None, "", "[]"):
                out[column] = value if isinstance(value, str) else json.dumps(value)
        flat.append(json.dumps(out))
    drop = [names[c] for c in ("metadata", "workload", "error_type", *_USAGE_DETAILS) if c in names]
    table = table.drop_columns(drop)
    table = table.append_column("workload", pa.array(workload, pa.string())).append_column(
        "error_type", pa.array(error_type, pa.string())
    )
    for name, values in details.items():
        table = table.append_column(name, pa.array(values, pa.int64()))
    return table.append_column("metadata", pa.array(flat, pa.string()))
