"""Turn a raw chunk into typed event columns, marking every bad row with the field, value and reason."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from netra_core.workloads.ingest import convert
from netra_core.workloads.ingest.columns import ALL_FIELDS, EVENT_FIELDS, ColumnMapping, FieldSpec
from netra_core.workloads.ingest.report import MAX_REPORTED_ISSUES, IngestIssue, show_value

Converter = Callable[[pa.Array], tuple[pa.Array, convert.Problems]]
_CONVERTERS: dict[str, Converter] = {
    "str": convert.to_str,
    "int": convert.to_int,
    "float": convert.to_float,
    "ts": convert.to_ts_ms,
    "bool": convert.to_bool,
    "map": convert.to_map,
}
_OK_STATUSES = ["ok", "success", "succeeded", "completed", "200"]
_ERROR_STATUSES = ["error", "failure", "failed", "fail", "exception"]


@dataclass
class CheckedChunk:
    """Typed event columns for every row, which rows are bad, and why."""

    columns: dict[str, pa.Array]
    bad: np.ndarray
    issues: list[IngestIssue] = field(default_factory=list)
    issue_count: int = 0
    reasons: dict[int, str] = field(default_factory=dict)  # row index -> reason, for the rejects file


@dataclass
class _Collector:
    n: int
    file: str
    locations: np.ndarray
    location_kind: str
    keep_reasons: bool
    room: int
    bad: np.ndarray = field(init=False)
    issues: list[IngestIssue] = field(default_factory=list)
    count: int = 0
    reasons: dict[int, str] = field(default_factory=dict)
    usage_unknown: np.ndarray = field(init=False)  # rows marked usage_known = 0: empty tokens are fine

    def __post_init__(self) -> None:
        self.bad = np.zeros(self.n, dtype=bool)
        self.usage_unknown = np.zeros(self.n, dtype=bool)

    def add(self, mask: np.ndarray, name: str, message: str, raw: pa.Array | None) -> None:
        rows = np.flatnonzero(mask)
        if not len(rows):
            return
        self.bad |= mask
        self.count += len(rows)
        for i in rows[: max(self.room - len(self.issues), 0)]:
            value = show_value(raw[int(i)].as_py()) if raw is not None else ""
            loc = int(self.locations[i])
            self.issues.append(
                IngestIssue(
                    self.file,
                    message,
                    line=loc if self.location_kind == "line" else None,
                    row=loc if self.location_kind == "row" else None,
                    field=name,
                    value=value,
                )
            )
        if self.keep_reasons:
            for i in rows:
                text = f"{name}: {message}"
                self.reasons[int(i)] = f"{self.reasons[int(i)]}; {text}" if int(i) in self.reasons else text


def check_chunk(
    table: pa.Table,
    mapping: ColumnMapping,
    locations: np.ndarray,
    *,
    file: str,
    location_kind: str = "line",
    keep_reasons: bool = False,
    room: int = MAX_REPORTED_ISSUES,
    latest_ts_ms: int | None = None,
    future_note: str = "",
) -> CheckedChunk:
    """Convert every mapped column; required fields that are missing or empty make their row bad.

    A `ts` after `latest_ts_ms` (epoch ms) is rejected: a clock or unit mistake, never real traffic.
    """
    n = len(locations)
    out = _Collector(n, file, locations, location_kind, keep_reasons, room)
    typed: dict[str, pa.Array] = {}
    for name, source in mapping.sources.items():
        spec = ALL_FIELDS[name]
        if source.column not in table.column_names:
            if spec.is_required:
                out.add(np.ones(n, dtype=bool), name, "missing (no such key on this line)", None)
            continue
        raw = convert.combined(table.column(source.column))
        values, problems = _CONVERTERS[spec.kind](raw)
        for mask, message in problems:
            out.add(mask, name, message, raw)
        if spec.default is not None:
            values = _with_default(values, raw, spec.default)
        if source.scale != 1.0:
            values = pc.multiply(values, source.scale)
        typed[name] = _check_bounds(values, spec, raw, out)
        if name == "ts" and latest_ts_ms is not None:
            future = convert._mask(pc.fill_null(pc.greater(values, latest_ts_ms), False))
            out.add(future, name, f"is in the future{future_note}", raw)
    _derive_durations(typed, out)
    if "usage_known" in typed:
        out.usage_unknown = ~convert._mask(typed["usage_known"].cast(pa.bool_()))
    columns: dict[str, pa.Array] = {}
    for spec in EVENT_FIELDS:
        columns[spec.name] = _finish(spec, typed.get(spec.name), n, out, table, mapping)
    columns["status"] = _normalise_status(columns["status"], columns["error_type"])
    if "event_id" not in mapping.sources:
        columns["event_id"] = compute_row_ids(columns)
    return CheckedChunk(columns, out.bad, out.issues, out.count, out.reasons)


def _check_bounds(values: pa.Array, spec: FieldSpec, raw: pa.Array, out: _Collector) -> pa.Array:
    if spec.min_value is not None:
        low = convert._mask(pc.fill_null(pc.less(values, spec.min_value), False))
        out.add(low, spec.name, "is negative" if spec.min_value == 0 else f"is below {spec.min_value:g}", raw)
    if spec.max_value is not None:
        high = convert._mask(pc.fill_null(pc.greater(values, spec.max_value), False))
        out.add(high, spec.name, f"is above {spec.max_value:g}", raw)
    return values


def _derive_durations(typed: dict[str, pa.Array], out: _Collector) -> None:
    """latency from start and end time, ttft from start and first-token time, when not given."""
    ts = typed.get("ts")
    if ts is None:
        return
    for target, other in (("latency_ms", "end_time"), ("ttft_ms", "first_token_time")):
        if other in typed and target not in typed:
            diff = pc.subtract(typed[other], ts).cast(pa.float64())
            negative = convert._mask(pc.fill_null(pc.less(diff, 0), False))
            out.add(negative, other, "is before the start time", typed[other])
            typed[target] = diff


def _finish(
    spec: FieldSpec, values: pa.Array | None, n: int, out: _Collector, table: pa.Table, mapping: ColumnMapping
) -> pa.Array:
    """Fill defaults, flag missing required values, and cast to the staging type."""
    if spec.kind == "map":
        return values if values is not None else convert._empty_maps(n)
    if values is None:
        if spec.is_required and spec.name != "event_id":
            out.add(np.ones(n, dtype=bool), spec.name, "missing", None)
        values = pa.nulls(n, _ARROW_TYPES[spec.kind])
    if spec.is_required:
        missing = ~convert._mask(values.is_valid())
        if spec.kind == "str":
            missing |= convert._mask(pc.equal(values, ""))
        if spec.name != "event_id" or spec.name in mapping.sources:
            src = mapping.sources.get(spec.name)
            raw = convert.combined(table.column(src.column)) if src and src.column in table.column_names else None
            if spec.name in _USAGE_FIELDS:
                missing &= ~out.usage_unknown
            out.add(missing & ~out.bad, spec.name, "is empty", raw)
    if spec.kind == "ts":
        return values.fill_null(0).cast(pa.timestamp("ms", tz="UTC"))
    if spec.kind == "int":
        clipped = pc.if_else(pa.array(out.bad), 0, values.fill_null(0))
        return clipped.cast(pa.uint32())
    if spec.kind == "float":
        values = pc.if_else(pa.array(out.bad), pa.scalar(None, pa.float64()), values)
        return values if spec.is_nullable else values.fill_null(0.0)
    if spec.kind == "bool":
        return values.fill_null(spec.default or 0).cast(pa.uint8())
    if spec.name == "finish_reason":
        values = first_of_text_array(values)
    return values.fill_null("") if spec.kind == "str" else values


_USAGE_FIELDS = ("prompt_tokens", "completion_tokens")
_FIRST_OF_ARRAY = r'^\s*\[\s*(?:"(?P<first>[^"\\]*)"|(?P<empty>\]))'  # '["stop", ...]' or '[]'


def first_of_text_array(values: pa.Array) -> pa.Array:
    """Reasons given as the JSON text of an array ('["stop"]': LiteLLM's spans, some files) are its first element
    ('' for an empty array); any other text stays as it is."""
    if not pa.types.is_string(values.type) or len(values) == 0:
        return values
    found = pc.extract_regex(values, _FIRST_OF_ARRAY)
    return pc.if_else(pc.is_valid(found), pc.fill_null(pc.struct_field(found, "first"), ""), values)


def _with_default(values: pa.Array, raw: pa.Array, default: int) -> pa.Array:
    """Rows whose raw value is missing or blank take the field's default."""
    blank = ~convert._mask(raw.is_valid())
    if pa.types.is_string(raw.type) or pa.types.is_large_string(raw.type):
        blank |= convert._mask(pc.fill_null(pc.equal(pc.utf8_trim_whitespace(raw), ""), False))
    elif pa.types.is_binary(raw.type) or pa.types.is_large_binary(raw.type):  # CSV cells arrive as bytes
        blank |= convert._mask(pc.fill_null(pc.equal(pc.binary_length(raw), 0), False))
    if not blank.any():
        return values
    return pc.if_else(pa.array(blank), pa.scalar(default, values.type), values)


_ARROW_TYPES = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "ts": pa.int64(), "bool": pa.uint8()}


def _normalise_status(status: pa.Array, error_type: pa.Array) -> pa.Array:
    """'success' -> 'ok', 'failure' -> 'error'; empty is ok unless an error type is given."""
    lower = pc.utf8_lower(status)
    lower = pc.if_else(pc.is_in(lower, pa.array(_OK_STATUSES)), "ok", lower)
    lower = pc.if_else(pc.is_in(lower, pa.array(_ERROR_STATUSES)), "error", lower)
    empty = pc.equal(lower, "")
    return pc.if_else(empty, pc.if_else(pc.equal(error_type, ""), "ok", "error"), lower)


def compute_row_ids(columns: dict[str, pa.Array]) -> pa.Array:
    """A stable id for rows that carry none: two 64-bit hashes of the event's own values."""
    frame = pd.DataFrame(
        {
            k: columns[k].to_numpy(zero_copy_only=False)
            for k in (
                "ts",
                "workload",
                "user_id",
                "session_id",
                "provider",
                "model",
                "prompt_tokens",
                "completion_tokens",
                "latency_ms",
                "prompt_hash",
            )
        }
    )
    first = pd.util.hash_pandas_object(frame, index=False, hash_key="netra-event-id-1").to_numpy()
    second = pd.util.hash_pandas_object(frame, index=False, hash_key="netra-event-id-2").to_numpy()
    return pc.binary_join_element_wise(
        pa.array(first).cast(pa.string()), pa.array(second).cast(pa.string()), pa.scalar("-")
    )
