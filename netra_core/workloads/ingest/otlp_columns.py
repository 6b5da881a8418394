"""OTLP/JSON export lines to event columns with Arrow, without Python code per span.

The fast path of `otlp.iter_otlp`: Arrow's JSON parser reads a block of export lines into nested
lists, which are flattened (resourceSpans -> scopeSpans -> spans -> attributes) and pivoted by
attribute key. The rows are those `otlp.span_to_event` builds. Whenever a block holds something
this path would not treat exactly as the line-by-line parser does (a shape error, an explicit null
in an AnyValue, one key twice on a span, values of mixed types, a legacy key), it returns None and
the caller parses that block line by line, which also names the bad line and key.
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pajson

from netra_core.workloads.ingest.convert import combined

# event field -> attribute names, current name first, then older ones.
SPAN_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "model": ("gen_ai.request.model", "gen_ai.response.model"),
    "provider": ("gen_ai.provider.name", "gen_ai.system"),
    "prompt_tokens": ("gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"),
    "completion_tokens": ("gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"),
    "cached_tokens": ("gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_read_input_tokens"),
    "reasoning_tokens": ("gen_ai.usage.reasoning.output_tokens", "gen_ai.usage.reasoning_tokens"),
    "cost_usd": ("gen_ai.usage.cost.amount", "gen_ai.usage.cost"),
    "error_type": ("error.type",),
    "user_id": ("user.id", "enduser.id"),
    "session_id": ("session.id", "gen_ai.conversation.id"),
    "task_type": ("netra.task_type", "gen_ai.task_type"),
}
METADATA_ATTRIBUTES = ("gen_ai.operation.name", "gen_ai.response.model", "gen_ai.response.id", "gen_ai.agent.name")
OPERATION_TASKS = {"embeddings": "embedding", "invoke_agent": "agent", "create_agent": "agent"}
VALUE_KINDS = ("stringValue", "intValue", "doubleValue", "boolValue")  # AnyValue keys, in the order read
_NESTED_KINDS = ("arrayValue", "kvlistValue")
_MIN_PARSE_BLOCK = 4 * 1024 * 1024
_NULL_VALUE = re.compile(rb'Value"\s*:\s*null')


class _Fallback(Exception):
    """This block needs the line-by-line parser."""


def otlp_block_columns(
    data: pa.Buffer, lines: np.ndarray, line_ends: np.ndarray
) -> tuple[pa.Table, np.ndarray, int] | None:
    """(event rows, line of each row, non-model spans skipped) for whole export lines, or None.

    `lines` are the numbers of the block's non-blank lines and `line_ends` the offsets of its newlines.
    """
    if _has_null_value(data):
        return None
    longest = int(np.diff(line_ends, prepend=-1).max()) if len(line_ends) else 0
    try:
        table = pajson.read_json(
            pa.BufferReader(data),
            read_options=pajson.ReadOptions(block_size=max(_MIN_PARSE_BLOCK, longest + 1)),
            parse_options=pajson.ParseOptions(newlines_in_values=False, unexpected_field_behavior="infer"),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if table.num_rows != len(lines) or "resourceSpans" not in table.column_names:
        return None
    try:
        return _Block(table, lines).events()
    except (_Fallback, pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return None


def _has_null_value(data: pa.Buffer) -> bool:
    """Whether an AnyValue holds an explicit null (the line parser treats it unlike a missing key)."""
    return _NULL_VALUE.search(memoryview(data)) is not None


def _field(struct: pa.Array, name: str) -> pa.Array | None:
    """A child of a struct column (null where the struct is null), or None if no row has it."""
    if not pa.types.is_struct(struct.type) or struct.type.get_field_index(name) < 0:
        return None
    return pc.struct_field(struct, name)


def _items(lists: pa.Array | None, *, may_be_null: bool = False) -> tuple[pa.Array, np.ndarray]:
    """The objects of a list-of-objects column and the row each came from."""
    if lists is None:
        return pa.array([], pa.struct([])), np.empty(0, np.int64)
    if not pa.types.is_list(lists.type) or not pa.types.is_struct(lists.type.value_type):
        raise _Fallback("not a list of objects")
    if lists.null_count and not may_be_null:
        raise _Fallback("a list is null or missing")
    items = pc.list_flatten(lists)
    if items.null_count:
        raise _Fallback("a list holds a null")
    return items, pc.list_parent_indices(lists).to_numpy(zero_copy_only=False)


def _truthy(values: pa.Array | None, n: int) -> np.ndarray:
    """Python truthiness of text values (a non-text value falls back)."""
    if values is None:
        return np.zeros(n, dtype=bool)
    if pa.types.is_null(values.type):
        return np.zeros(n, dtype=bool)
    if not pa.types.is_string(values.type):
        raise _Fallback("expected text")
    return np.asarray(pc.fill_null(pc.not_equal(values, ""), False).to_numpy(zero_copy_only=False), dtype=bool)


def _as_text(values: pa.Array | None) -> pa.Array | None:
    """Values as str() would print them: text as is, integers cast; anything else falls back."""
    if values is None or pa.types.is_string(values.type):
        return values
    if pa.types.is_integer(values.type):
        return values.cast(pa.string())
    raise _Fallback("expected text or an integer")


class _Pivot:
    """Attribute values by key: one slot per owner (span or resource), null where absent or valueless."""

    def __init__(self, lists: pa.Array | None, owners: int) -> None:
        self.owners = owners
        items, self.owner = _items(lists, may_be_null=True)
        self.codes = np.empty(0, np.int32)
        self.names: dict[str, int] = {}
        self.kinds: list[pa.Array] = []  # one per AnyValue key present, in VALUE_KINDS order
        self.nested: list[pa.Array] = []
        if not len(items):
            return
        keys, value = _field(items, "key"), _field(items, "value")
        if keys is None or value is None or not pa.types.is_string(keys.type) or keys.null_count:
            raise _Fallback("an attribute without a key")
        if not pa.types.is_struct(value.type) or value.null_count:
            raise _Fallback("an attribute value that is not an object")
        encoded = keys.dictionary_encode()
        self.codes = encoded.indices.to_numpy(zero_copy_only=False)
        self.names = {k: i for i, k in enumerate(encoded.dictionary.to_pylist())}
        # Every intValue is checked, wanted or not: the line parser converts them all, and refuses a line
        # with one that is not an integer.
        self.kinds = [
            _as_int(pc.struct_field(value, k)) if k == "intValue" else pc.struct_field(value, k)
            for k in VALUE_KINDS
            if value.type.get_field_index(k) >= 0
        ]
        self.nested = [pc.struct_field(value, k) for k in _NESTED_KINDS if value.type.get_field_index(k) >= 0]

    def get(self, key: str) -> pa.Array | None:
        """Each owner's value of `key`, typed as the line parser types it; None if no owner has a value."""
        code = self.names.get(key)
        if code is None:
            return None
        rows = np.flatnonzero(self.codes == code)
        owners = self.owner[rows]
        if (np.diff(owners) == 0).any():  # owners ascend with the rows: a repeat is adjacent
            raise _Fallback("a key twice on one span")
        picked = pa.array(rows)
        if any(child.take(picked).null_count < len(rows) for child in self.nested):
            raise _Fallback("an array or key-value list value")  # the line parser writes these as JSON
        left = np.ones(len(rows), dtype=bool)
        parts: list[tuple[np.ndarray, pa.Array]] = []
        for child in self.kinds:  # the first kind present wins, as in otlp._attr_value
            values = child.take(picked)
            has = np.asarray(values.is_valid().to_numpy(zero_copy_only=False), dtype=bool) & left
            if not has.any():
                continue
            parts.append((has, values))
            left &= ~has
        if not parts:
            return None
        if len({v.type for _, v in parts}) > 1:
            raise _Fallback("values of mixed types under one key")
        out = pa.nulls(len(rows), parts[0][1].type)
        for has, values in parts:
            out = pc.if_else(pa.array(has), values, out)
        slot = np.full(self.owners, -1, dtype=np.int64)
        slot[owners] = np.arange(len(rows))
        return out.take(pa.array(slot, mask=slot < 0))


def _as_int(values: pa.Array) -> pa.Array:
    if pa.types.is_null(values.type):
        return values
    if pa.types.is_integer(values.type):
        return values.cast(pa.int64())
    if pa.types.is_string(values.type):
        return values.cast(pa.int64())  # raises ArrowInvalid on text int() would refuse: falls back
    raise _Fallback("intValue that is not an integer")


class _Block:
    """One parsed block of export lines."""

    def __init__(self, table: pa.Table, lines: np.ndarray) -> None:
        resource_spans, rs_row = _items(combined(table.column("resourceSpans")))
        if _field(resource_spans, "instrumentationLibrarySpans") is not None:
            raise _Fallback("legacy instrumentationLibrarySpans")
        resource = _field(resource_spans, "resource")
        if resource is not None and not pa.types.is_struct(resource.type):
            raise _Fallback("resource is not an object")
        self.resource = _Pivot(_field(resource, "attributes") if resource is not None else None, len(resource_spans))
        scope_spans, ss_rs = _items(_field(resource_spans, "scopeSpans"))
        self.spans, sp_ss = _items(_field(scope_spans, "spans"))
        self.n = len(self.spans)
        self.span_rs = ss_rs[sp_ss]
        self.lines = lines[rs_row[self.span_rs]]
        self.attrs = _Pivot(_field(self.spans, "attributes"), self.n)

    def first_of(self, keys: tuple[str, ...]) -> pa.Array | None:
        """The first of several attributes that has a value, per span."""
        found = [a for a in (self.attrs.get(k) for k in keys) if a is not None]
        if not found:
            return None
        if len({a.type for a in found}) > 1:
            raise _Fallback("values of mixed types")
        return found[0] if len(found) == 1 else pc.coalesce(*found)

    def events(self) -> tuple[pa.Table, np.ndarray, int]:
        n = self.n
        model_keys = SPAN_ATTRIBUTES["model"]
        is_model = np.zeros(n, dtype=bool)
        for key in model_keys:
            is_model |= _truthy(self.attrs.get(key), n)
        operation = self.attrs.get("gen_ai.operation.name")
        keep = is_model & _truthy(operation, n)
        columns: dict[str, pa.Array] = {}
        for name, keys in SPAN_ATTRIBUTES.items():
            found = self.first_of(keys)
            columns[name] = found if found is not None else pa.nulls(n)
        columns["event_id"] = self._event_ids()
        columns["ts"], columns["latency_ms"] = self._times()
        is_error = self._error_codes() | _truthy(_nullable(columns["error_type"]), n)
        columns["status"] = pa.array(np.where(is_error, "error", "ok"), pa.string())
        rs = pa.array(self.span_rs)
        for name, key in (("workload", "service.name"), ("region", "cloud.region")):
            found = self.resource.get(key)
            columns[name] = found.take(rs) if found is not None else pa.nulls(n)
        columns["task_type"] = self._task_types(_nullable(columns["task_type"]), operation, n)
        columns["metadata"] = self._metadata()
        columns["source"] = pa.array(np.full(n, "otlp", dtype=object), pa.string())
        table = pa.table(columns).filter(pa.array(keep))
        return table, self.lines[keep], int(n - keep.sum())

    def _event_ids(self) -> pa.Array:
        trace, span_id = _field(self.spans, "traceId"), _field(self.spans, "spanId")
        for ids in (trace, span_id):
            if ids is not None and not pa.types.is_string(ids.type):
                raise _Fallback("ids that are not text")
        has_trace = _truthy(trace, self.n)
        span_id = span_id if span_id is not None else pa.nulls(self.n, pa.string())
        if (has_trace & ~np.asarray(span_id.is_valid().to_numpy(zero_copy_only=False), dtype=bool)).any():
            raise _Fallback("a trace id without a span id")  # "t:" or "t:None": the text cannot tell
        joined = pc.binary_join_element_wise(trace, span_id, ":") if trace is not None else span_id
        alone = pc.if_else(pa.array(_truthy(span_id, self.n)), span_id, pa.scalar(None, pa.string()))
        return pc.if_else(pa.array(has_trace), joined, alone)

    def _times(self) -> tuple[pa.Array, pa.Array]:
        start, end = _field(self.spans, "startTimeUnixNano"), _field(self.spans, "endTimeUnixNano")
        for t in (start, end):
            if t is not None and not (pa.types.is_string(t.type) or pa.types.is_integer(t.type)):
                raise _Fallback("times that are not integers")
        if start is None:
            return pa.nulls(self.n, pa.int64()), pa.nulls(self.n, pa.float64())
        # Integer nanoseconds: validation reads them as the digits the line parser passes on would be.
        begin = start.cast(pa.int64())  # raises on text int() would refuse: falls back
        if end is None:
            return begin, pa.nulls(self.n, pa.float64())
        nanos = pc.subtract_checked(end.cast(pa.int64()), begin)
        return begin, pc.divide(nanos.cast(pa.float64()), 1e6)

    def _error_codes(self) -> np.ndarray:
        status = _field(self.spans, "status")
        code = _field(status, "code") if status is not None else None
        if code is None or pa.types.is_null(code.type):
            return np.zeros(self.n, dtype=bool)
        if pa.types.is_integer(code.type):
            hit = pc.equal(code, 2)
        elif pa.types.is_string(code.type):
            hit = pc.is_in(code, pa.array(["2", "STATUS_CODE_ERROR"]))
        else:
            raise _Fallback("a status code that is neither a number nor text")
        return np.asarray(pc.fill_null(hit, False).to_numpy(zero_copy_only=False), dtype=bool)

    def _task_types(self, given: pa.Array | None, operation: pa.Array | None, n: int) -> pa.Array:
        ops = operation if operation is not None else pa.nulls(n, pa.string())
        index = pc.index_in(ops, value_set=pa.array(list(OPERATION_TASKS), pa.string()))
        from_operation = pc.take(pa.array(list(OPERATION_TASKS.values()), pa.string()), index).fill_null("")
        if given is None:
            return from_operation
        return pc.if_else(pa.array(_truthy(given, n)), given, from_operation)

    def _metadata(self) -> pa.Array:
        names: list[str] = []
        children: list[pa.Array] = []
        for key in METADATA_ATTRIBUTES:
            value = _as_text(self.attrs.get(key))
            if value is not None:
                names.append(key.removeprefix("gen_ai."))
                children.append(value)
        name = _field(self.spans, "name")
        if name is not None and not pa.types.is_null(name.type):
            if not pa.types.is_string(name.type):
                raise _Fallback("a span name that is not text")
            names.append("span_name")
            children.append(pc.if_else(pa.array(_truthy(name, self.n)), name, pa.scalar(None, pa.string())))
        if not names:
            return pa.StructArray.from_arrays([pa.nulls(self.n, pa.string())], ["span_name"])
        return pa.StructArray.from_arrays(children, names)


def _nullable(values: pa.Array) -> pa.Array | None:
    return None if pa.types.is_null(values.type) else values
