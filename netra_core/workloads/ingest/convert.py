"""Vectorised conversion of one raw Arrow column to an event field's type, with the rows that fail.

Every converter returns the typed array (bad rows filled with a neutral value) and a list of
(mask, message) problems. The happy path is a single Arrow cast; only when it fails do we fall
back to slower code whose job is to find which rows are wrong and why.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pajson

Problems = list[tuple[np.ndarray, str]]

_TS_MIN_MS = 946_684_800_000  # 2000-01-01: earlier values are almost always a unit mistake
_TS_MAX_MS = 4_102_444_800_000  # 2100-01-01
_TRUE = ("true", "1", "yes", "y", "t")
_FALSE = ("false", "0", "no", "n", "f", "")


def combined(arr: pa.Array | pa.ChunkedArray) -> pa.Array:
    """One contiguous array."""
    if isinstance(arr, pa.ChunkedArray):
        return arr.chunk(0) if arr.num_chunks == 1 else arr.combine_chunks()
    return arr


def _mask(arr: pa.Array) -> np.ndarray:
    return np.asarray(arr.to_numpy(zero_copy_only=False), dtype=bool)


def _is_nested(t: pa.DataType) -> bool:
    return bool(pa.types.is_struct(t) or pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_map(t))


def to_text(arr: pa.Array) -> tuple[pa.Array, Problems]:
    """A nullable string array; bytes that are not UTF-8 and nested values are problems."""
    t = arr.type
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return arr.cast(pa.string()), []
    if pa.types.is_null(t):
        return pa.nulls(len(arr), pa.string()), []
    if _is_nested(t):
        bad = _mask(arr.is_valid())
        return pa.nulls(len(arr), pa.string()), [(bad, "expected a single value, found an object or a list")]
    if pa.types.is_binary(t) or pa.types.is_large_binary(t):
        try:
            return arr.cast(pa.string()), []
        except pa.ArrowInvalid:
            values = arr.to_pylist()
            bad = np.zeros(len(values), dtype=bool)
            for i, v in enumerate(values):
                try:
                    v is None or v.decode("utf-8")
                except UnicodeDecodeError:
                    bad[i] = True
            cleaned = pc.if_else(pa.array(bad), pa.scalar(b"", pa.binary()), arr)
            return cleaned.cast(pa.string()), [(bad, "not valid UTF-8")]
    return arr.cast(pa.string()), []


def to_str(arr: pa.Array) -> tuple[pa.Array, Problems]:
    """Text with surrounding spaces removed; missing becomes ''."""
    text, problems = to_text(arr)
    return pc.utf8_trim_whitespace(text).fill_null(""), problems


def _numeric_text(arr: pa.Array) -> tuple[pa.Array, Problems]:
    text, problems = to_text(arr)
    text = pc.utf8_trim_whitespace(text)
    return pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text), problems


def to_float(arr: pa.Array) -> tuple[pa.Array, Problems]:
    """float64 with nulls; text that is not a number is a problem."""
    t = arr.type
    if pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t):
        out = arr.cast(pa.float64())
    elif pa.types.is_null(t):
        return pa.nulls(len(arr), pa.float64()), []
    elif pa.types.is_boolean(t):
        return pa.nulls(len(arr), pa.float64()), [(_mask(arr.is_valid()), "expected a number, found true/false")]
    else:
        text, problems = _numeric_text(arr)
        if problems and problems[0][1].startswith("expected a single"):
            return pa.nulls(len(arr), pa.float64()), [(problems[0][0], "expected a number, found an object or a list")]
        try:
            out = text.cast(pa.float64())
        except pa.ArrowInvalid:
            parsed = pd.to_numeric(pd.Series(text.to_pandas(), dtype=object), errors="coerce")
            bad = parsed.isna().to_numpy() & _mask(text.is_valid())
            problems = [*problems, (bad, "not a number")]
            out = pa.array(parsed.to_numpy(dtype="float64", na_value=np.nan), pa.float64(), from_pandas=True)
        if problems:
            return out, problems
    bad = _mask(pc.fill_null(pc.is_nan(out), False)) | _mask(pc.fill_null(pc.is_inf(out), False))
    if bad.any():
        return pc.if_else(pa.array(bad), pa.scalar(None, pa.float64()), out), [(bad, "not a finite number")]
    return out, []


def to_int(arr: pa.Array) -> tuple[pa.Array, Problems]:
    """int64 with nulls; fractions and non-numbers are problems."""
    t = arr.type
    if pa.types.is_integer(t):
        return arr.cast(pa.int64()), []
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_binary(t) or pa.types.is_large_binary(t):
        text, problems = _numeric_text(arr)
        if not problems:
            try:
                return text.cast(pa.int64()), []
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                pass
    as_float, problems = to_float(arr)
    if problems:
        return pc.if_else(pa.array(problems[0][0]), pa.scalar(None, pa.int64()), _trunc(as_float)), problems
    values = as_float.to_numpy(zero_copy_only=False)
    with np.errstate(invalid="ignore"):
        bad = ~np.isnan(values) & (np.floor(values) != values)
    out = _trunc(as_float)
    if bad.any():
        return pc.if_else(pa.array(bad), pa.scalar(None, pa.int64()), out), [(bad, "not a whole number")]
    return out, []


def _trunc(arr: pa.Array) -> pa.Array:
    # skip_nulls=False: a missing value must stay missing, not become the clip bound.
    clipped = pc.min_element_wise(pc.max_element_wise(pc.trunc(arr), -9e18, skip_nulls=False), 9e18, skip_nulls=False)
    return clipped.cast(pa.int64())


def _epoch_to_ms(values: np.ndarray) -> np.ndarray:
    """Epoch numbers to ms, reading the unit from the magnitude (s, ms, us or ns)."""
    mag = np.abs(values)
    return np.select(
        [mag >= 1e17, mag >= 1e14, mag >= 1e11], [values / 1e6, values / 1e3, values], default=values * 1e3
    )


def to_ts_ms(arr: pa.Array) -> tuple[pa.Array, Problems]:
    """int64 epoch milliseconds (UTC) with nulls; naive times are read as UTC."""
    t = arr.type
    if pa.types.is_timestamp(t):
        ms = arr.cast(pa.timestamp(t.unit, tz="UTC") if t.tz is None else arr.type)
        return _check_range(pc.cast(ms.cast(pa.timestamp("ms", tz="UTC"), safe=False), pa.int64()))
    if pa.types.is_date(t):
        return _check_range(pc.cast(arr.cast(pa.timestamp("ms")), pa.int64()))
    if pa.types.is_integer(t) or pa.types.is_floating(t):
        # safe=False: epoch nanoseconds exceed float64's exact integers; the unit is read as text is.
        values = arr.cast(pa.float64(), safe=False).to_numpy(zero_copy_only=False)
        return _check_range(pa.array(_epoch_to_ms(values), pa.float64(), from_pandas=True).cast(pa.int64(), safe=False))
    if pa.types.is_null(t):
        return pa.nulls(len(arr), pa.int64()), []
    text, problems = _numeric_text(arr)
    if problems:
        return pa.nulls(len(arr), pa.int64()), [(problems[0][0], "expected a timestamp, " + problems[0][1])]
    for target in (pa.timestamp("ns", tz="UTC"), pa.timestamp("ns")):
        try:
            return to_ts_ms(text.cast(target))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            continue
    try:
        return to_ts_ms(text.cast(pa.float64()))
    except pa.ArrowInvalid:
        pass
    series = pd.Series(text.to_pandas(), dtype=object)
    parsed = pd.to_datetime(series, utc=True, errors="coerce", format="ISO8601")
    numeric = pd.to_numeric(series, errors="coerce")
    ms = _dt_to_ms(parsed)
    epoch = numeric.to_numpy(dtype="float64")
    ms = np.where(np.isnan(ms) & ~np.isnan(epoch), _epoch_to_ms(epoch), ms)
    bad = np.isnan(ms) & _mask(text.is_valid())
    out, range_problems = _check_range(pa.array(ms, pa.float64(), from_pandas=True).cast(pa.int64(), safe=False))
    return out, [
        (bad, "not a timestamp (use ISO 8601, e.g. 2026-11-01T12:00:00Z, or epoch seconds/ms)"),
        *range_problems,
    ]


def _dt_to_ms(parsed: pd.Series) -> np.ndarray:
    values = parsed.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[ms]")
    out: np.ndarray = values.astype("int64").astype("float64")
    out[np.isnat(values)] = np.nan
    return out


def _check_range(ms: pa.Array) -> tuple[pa.Array, Problems]:
    values = ms.to_numpy(zero_copy_only=False)
    valid = _mask(ms.is_valid())
    with np.errstate(invalid="ignore"):
        bad = valid & ((np.nan_to_num(values, nan=_TS_MIN_MS) < _TS_MIN_MS) | (np.nan_to_num(values) > _TS_MAX_MS))
    if bad.any():
        return pc.if_else(pa.array(bad), pa.scalar(None, pa.int64()), ms), [
            (bad, "timestamp outside 2000-2100 (wrong unit?)")
        ]
    return ms, []


def to_bool(arr: pa.Array) -> tuple[pa.Array, Problems]:
    """uint8 0/1 from booleans, 0/1 numbers or true/false/yes/no text."""
    t = arr.type
    if pa.types.is_boolean(t):
        return arr.fill_null(False).cast(pa.uint8()), []
    if pa.types.is_null(t):
        return pa.array(np.zeros(len(arr), np.uint8)), []
    if pa.types.is_integer(t) or pa.types.is_floating(t):
        bad = _mask(pc.fill_null(pc.invert(pc.is_in(arr.cast(pa.float64()), pa.array([0.0, 1.0]))), False))
        return pc.if_else(pa.array(bad), 0, arr.fill_null(0)).cast(pa.uint8()), (
            [(bad, "expected 0 or 1")] if bad.any() else []
        )
    text, problems = to_str(arr)
    lower = pc.utf8_lower(text)
    is_true = _mask(pc.is_in(lower, pa.array(_TRUE)))
    bad = ~is_true & ~_mask(pc.is_in(lower, pa.array(_FALSE)))
    if bad.any():
        problems = [*problems, (bad, "expected true/false")]
    return pa.array(is_true.astype(np.uint8)), problems


MAP_TYPE = pa.map_(pa.string(), pa.string())


def to_map(arr: pa.Array) -> tuple[pa.Array, Problems]:
    """Map(String, String) from a JSON object (nested values become JSON text) or JSON text."""
    t = arr.type
    n = len(arr)
    if pa.types.is_null(t):
        return _empty_maps(n), []
    if pa.types.is_struct(t):
        return struct_to_map(arr), []
    if pa.types.is_map(t):
        return pa.array([[(str(k), _as_text(v)) for k, v in (row or [])] for row in arr.to_pylist()], MAP_TYPE), []
    text, problems = to_str(arr)
    if problems:
        return _empty_maps(n), problems
    present = _mask(pc.not_equal(text, ""))
    if not present.any():
        return _empty_maps(n), []
    values = text.filter(pa.array(present))
    parsed = _fast_objects(values)
    if parsed is not None:
        maps = struct_to_map(parsed)
        out = _scatter_maps(maps, present)
        return out, []
    rows: list[list[tuple[str, str]] | None] = [[] for _ in range(n)]
    bad = np.zeros(n, dtype=bool)
    for i, raw in zip(np.flatnonzero(present), values.to_pylist(), strict=True):
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError:
            obj = None
        if not isinstance(obj, dict):
            bad[i] = True
            continue
        rows[i] = [(str(k), _as_text(v)) for k, v in obj.items() if v is not None]
    return pa.array(rows, MAP_TYPE), [(bad, "not a JSON object")] if bad.any() else []


def _empty_maps(n: int) -> pa.Array:
    return pa.MapArray.from_arrays(
        pa.array(np.zeros(n + 1, np.int32)), pa.array([], pa.string()), pa.array([], pa.string())
    )


def _as_text(v: Any) -> str:
    return v if isinstance(v, str) else json.dumps(v)


def _fast_objects(values: pa.Array) -> pa.StructArray | None:
    """Parse many JSON-object strings at once with Arrow's parser (None if any is not an object)."""
    if _mask(pc.match_substring(values, "\n")).any():
        return None
    data = "\n".join(values.to_pylist()).encode() if len(values) < 1000 else _join_lines(values)
    try:
        table = pajson.read_json(io_bytes(data), read_options=pajson.ReadOptions(block_size=1 << 24))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if table.num_rows != len(values):
        return None
    return table.to_struct_array().combine_chunks()


def _join_lines(values: pa.Array) -> bytes:
    joined = pc.binary_join_element_wise(values, pa.scalar("\n"), pa.scalar(""))
    return b"".join(joined.cast(pa.binary()).to_pylist())


def io_bytes(data: bytes) -> Any:
    """A file object over bytes (pyarrow readers take one)."""
    import io

    return io.BytesIO(data)


def struct_to_map(arr: pa.StructArray) -> pa.MapArray:
    """A flat struct column to a map column, without a Python loop over rows."""
    arr = combined(arr)
    n = len(arr)
    names = [arr.type.field(i).name for i in range(arr.type.num_fields)]
    if not names or n == 0:
        return _empty_maps(n)
    children = []
    for i, _ in enumerate(names):
        child = arr.field(i)
        if _is_nested(child.type):
            child = pa.array([None if v is None else json.dumps(v) for v in child.to_pylist()], pa.string())
        elif not pa.types.is_string(child.type):
            child = child.cast(pa.string())
        children.append(child)
    k = len(names)
    # Row-major interleave: row 0's k values, then row 1's, ...
    order = np.arange(n * k).reshape(k, n).T.ravel()
    values = pa.concat_arrays(children).take(pa.array(order))
    keys = pa.array(np.tile(np.array(names, dtype=object), n), pa.string())
    keep = _mask(values.is_valid())
    if arr.null_count:
        keep &= np.repeat(_mask(arr.is_valid()), k)
    counts = keep.reshape(n, k).sum(axis=1)
    offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int32)
    mask = pa.array(keep)
    return pa.MapArray.from_arrays(pa.array(offsets), keys.filter(mask), values.filter(mask))


def _scatter_maps(maps: pa.MapArray, present: np.ndarray) -> pa.MapArray:
    """Put maps for the present rows back among empty maps for the others."""
    counts = np.zeros(len(present), dtype=np.int64)
    offs = maps.offsets.to_numpy()
    counts[present] = np.diff(offs)
    offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int32)
    return pa.MapArray.from_arrays(pa.array(offsets), maps.keys, maps.items)
