"""Generated blocks as Arrow tables (what the writer inserts) and DataFrames (what `compute_events` returns).

Strings are built by Arrow compute or straight into Arrow buffers, never row by row in Python:
event ids `gen-{seed}-{i}`, users `{workload}-u{n}`, sessions `{user}-s{n}`, 16-hex-digit prompt
hashes. Metadata holds a few small entries: agent_step on agent requests, http_status or timeout_ms
on failures, and latency_insensitive = 'true' on workloads that can wait (the analytics' batch tag).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from netra_core.generator.event_blocks import ERROR_TYPES, OK, TIMEOUT, EventBlock
from netra_core.workloads.events import EVENT_COLUMNS

SOURCE = "generator"
META_KEYS = ("agent_step", "http_status", "timeout_ms", "latency_insensitive")
_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def _labels(codes: np.ndarray, names: list[str] | tuple[str, ...], as_dictionary: bool) -> pa.Array:
    """Names by code, as an Arrow dictionary array (a dictionary must not repeat a value) or plain strings."""
    unique = list(dict.fromkeys(names))
    remap = np.array([unique.index(name) for name in names], dtype=np.int32)
    dictionary = pa.DictionaryArray.from_arrays(pa.array(remap[codes]), pa.array(unique, pa.string()))
    return dictionary if as_dictionary else dictionary.cast(pa.string())


def _constant(value: str, n: int, as_dictionary: bool) -> pa.Array:
    return _labels(np.zeros(n, np.int32), [value], as_dictionary)


def _hex16(keys: np.ndarray) -> pa.Array:
    """64-bit keys as 16-character hex strings, built straight into an Arrow buffer."""
    n = len(keys)
    nibbles = keys.astype(">u8").view(np.uint8).reshape(n, 8)
    chars = np.empty((n, 16), np.uint8)
    chars[:, 0::2] = _HEX[nibbles >> 4]
    chars[:, 1::2] = _HEX[nibbles & 15]
    offsets = np.arange(0, 16 * (n + 1), 16, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(chars.tobytes()))


def _metadata_entries(block: EventBlock) -> tuple[np.ndarray, np.ndarray, np.ndarray, pa.Array]:
    """(entries per row, row of each entry, key code into META_KEYS, value) for the small metadata maps."""
    plan = block.plan
    is_insensitive = plan.workload_array("is_latency_insensitive").astype(bool)[block.workload]
    present = np.stack([block.agent_step > 0, block.error != OK, is_insensitive], axis=1)
    flat = np.flatnonzero(present.ravel())
    rows, column = flat // 3, flat % 3
    timeout_ms = plan.workload_array("timeout_ms")[block.workload].astype(np.int64)
    is_timeout = block.error[rows] == TIMEOUT
    key = np.select([column == 0, column == 2, is_timeout], [0, 3, 2], 1)
    number = np.where(
        column == 0, block.agent_step[rows], np.where(is_timeout, timeout_ms[rows], block.http_status[rows])
    )
    value = pc.if_else(pa.array(column == 2), "true", pc.cast(pa.array(number.astype(np.int64)), pa.string()))
    return present.sum(axis=1), rows, key, value


def compute_event_table(block: EventBlock, org_id: str, as_dictionary: bool = True) -> pa.Table:
    """The block as an Arrow table in the workload_events column order (what the writer inserts)."""
    plan, n = block.plan, len(block)
    workload_names = pa.array(list(plan.workload_names), pa.string()).take(pa.array(block.workload))
    user_id = pc.binary_join_element_wise(workload_names, pc.cast(pa.array(block.user), pa.string()), "-u")
    session_id = pc.binary_join_element_wise(user_id, pc.cast(pa.array(block.session), pa.string()), "-s")
    counts, _, key, value = _metadata_entries(block)
    metadata = pa.MapArray.from_arrays(
        pa.array(np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)),
        pa.array(list(META_KEYS), pa.string()).take(pa.array(key)),
        value,
    )
    regions = [w.region for w in plan.spec.workloads]
    columns: dict[str, pa.Array] = {
        "event_id": pc.binary_join_element_wise(f"gen-{plan.seed}", pc.cast(pa.array(block.index), pa.string()), "-"),
        "ts": pa.array(block.ts_ms, pa.timestamp("ms", tz="UTC")),
        "org_id": _constant(org_id, n, as_dictionary),
        "workload": _labels(block.workload, plan.workload_names, as_dictionary),
        "task_type": _labels(block.task, plan.task_names, as_dictionary),
        "user_id": user_id,
        "session_id": session_id,
        "provider": _labels(block.model, [m.provider for m in plan.models], as_dictionary),
        "model": _labels(block.model, [m.model for m in plan.models], as_dictionary),
        "region": _labels(block.workload, regions, as_dictionary),
        "prompt_tokens": pa.array(block.prompt_tokens.astype(np.uint32)),
        "completion_tokens": pa.array(block.completion_tokens.astype(np.uint32)),
        "cached_tokens": pa.array(block.cached_tokens.astype(np.uint32)),
        "reasoning_tokens": pa.array(np.zeros(n, np.uint32)),
        "latency_ms": pa.array(block.latency_ms.astype(np.float32)),
        "ttft_ms": pa.array(block.ttft_ms.astype(np.float32), from_pandas=True),
        "cost_usd": pa.array(block.cost_usd),
        "cost_source": _constant("billed", n, as_dictionary),
        "status": _labels((block.error != OK).astype(np.int32), ["ok", "error"], as_dictionary),
        "error_type": _labels(block.error, ERROR_TYPES, as_dictionary),
        "quality": pa.array(block.quality.astype(np.float32), from_pandas=True),
        "prompt_hash": _hex16(block.prompt_key),
        "is_batch": pa.array(np.zeros(n, np.uint8)),
        "metadata": metadata,
        "source": _constant(SOURCE, n, as_dictionary),
    }
    assert list(columns) == list(EVENT_COLUMNS)
    return pa.table(columns)


def compute_event_frame(block: EventBlock, org_id: str = "") -> pd.DataFrame:
    """The block as a DataFrame with EVENT_COLUMNS (string columns, metadata as dicts)."""
    frame = compute_event_table(block, org_id, as_dictionary=False).drop_columns(["metadata"]).to_pandas()
    _, rows, key, value = _metadata_entries(block)
    metadata: list[dict[str, str]] = [{} for _ in range(len(block))]
    for row, k, v in zip(rows.tolist(), key.tolist(), value.to_pylist(), strict=True):
        metadata[row][META_KEYS[k]] = v
    frame.insert(list(EVENT_COLUMNS).index("metadata"), "metadata", metadata)
    return frame


def compute_truth_frame(block: EventBlock) -> pd.DataFrame:
    """The columns the planted truth needs, without building any strings (prompt_key stands for prompt_hash)."""
    plan = block.plan

    def categorical(codes: np.ndarray, names: list[str] | tuple[str, ...]) -> pd.Categorical:
        dictionary = _labels(codes, names, as_dictionary=True)
        return pd.Categorical.from_codes(
            dictionary.indices.to_numpy(zero_copy_only=False), categories=dictionary.dictionary.to_pylist()
        )

    return pd.DataFrame(
        {
            "ts": block.ts_ms,
            "workload": categorical(block.workload, plan.workload_names),
            "task_type": categorical(block.task, plan.task_names),
            "provider": categorical(block.model, [m.provider for m in plan.models]),
            "model": categorical(block.model, [m.model for m in plan.models]),
            "prompt_tokens": block.prompt_tokens,
            "completion_tokens": block.completion_tokens,
            "cached_tokens": block.cached_tokens,
            "cost_usd": block.cost_usd,
            "latency_ms": block.latency_ms,
            "status": categorical((block.error != OK).astype(np.int64), ["ok", "error"]),
            "prompt_key": block.prompt_key,
        }
    )
