"""OTLP/JSON export lines to event columns with Arrow, without Python code per span.

The fast path of `otlp.iter_otlp`: Arrow's JSON parser reads a block of export lines into nested
lists, which are flattened (resourceSpans -> scopeSpans -> spans -> attributes) and pivoted by
attribute key. The rows are those `otlp.span_to_event` builds. Whenever a block holds something
this path would not treat exactly as the line-by-line parser does (a shape error, an explicit null
in an AnyValue, one key twice on a span, values of mixed types, a legacy key, token counts that are
not integers), it returns None and the caller parses that block line by line, which also names the
bad line and key.
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pajson

from netra_core.workloads.ingest import otlp_attributes as oa
from netra_core.workloads.ingest.convert import combined
from netra_core.workloads.ingest.otlp_attributes import (
    METADATA_ATTRIBUTES,
    OPERATION_TASKS,
    SPAN_ATTRIBUTES,
    VALUE_KINDS,
)

_NESTED_KINDS = ("arrayValue", "kvlistValue")
_MIN_PARSE_BLOCK = 4 * 1024 * 1024
_NULL_VALUE = re.compile(rb'Value"\s*:\s*null')


class _Fallback(Exception):
    """This block needs the line-by-line parser."""


def otlp_block_columns(
    data: pa.Buffer, lines: np.ndarray, line_ends: np.ndarray
) -> tuple[pa.Table, np.ndarray, int, int] | None:
    """(event rows, line of each row, non-model spans skipped, agent spans skipped) for whole lines, or None.

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
        self.value: pa.Array | None = None
        if not len(items):
            return
        keys, value = _field(items, "key"), _field(items, "value")
        if keys is None or value is None or not pa.types.is_string(keys.type) or keys.null_count:
            raise _Fallback("an attribute without a key")
        if not pa.types.is_struct(value.type) or value.null_count:
            raise _Fallback("an attribute value that is not an object")
        self.value = value
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

    def _rows(self, key: str) -> tuple[np.ndarray, np.ndarray] | None:
        """The items holding `key` and their owners (a key twice on one owner falls back)."""
        code = self.names.get(key)
        if code is None:
            return None
        rows = np.flatnonzero(self.codes == code)
        owners = self.owner[rows]
        if (np.diff(owners) == 0).any():
            raise _Fallback("a key twice on one span")
        return rows, owners

    def _scatter(self, values: pa.Array, owners: np.ndarray) -> pa.Array:
        slot = np.full(self.owners, -1, dtype=np.int64)
        slot[owners] = np.arange(len(owners))
        return values.take(pa.array(slot, mask=slot < 0))

    def first_text(self, key: str) -> pa.Array | None:
        """Each owner's text value of `key`, or the first element of an array of text (as otlp._first_text)."""
        found = self._rows(key)
        if found is None or self.value is None:
            return None
        rows, owners = found
        picked = self.value.take(pa.array(rows))
        parts = []
        text = _field(picked, "stringValue")
        if text is not None and not pa.types.is_null(text.type):
            if not pa.types.is_string(text.type):
                raise _Fallback("a stringValue that is not text")
            parts.append(text)
        array = _field(picked, "arrayValue")
        values = _field(array, "values") if array is not None else None
        if values is not None and not pa.types.is_null(values.type):
            if not pa.types.is_list(values.type):
                raise _Fallback("an arrayValue without a list of values")
            first = np.full(len(rows), -1, dtype=np.int64)
            lengths = np.asarray(pc.fill_null(pc.list_value_length(values), 0).to_numpy(zero_copy_only=False))
            starts = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
            first[lengths > 0] = starts[lengths > 0]
            elements = _field(pc.list_flatten(values), "stringValue")
            if elements is not None and not pa.types.is_null(elements.type):
                if not pa.types.is_string(elements.type):
                    raise _Fallback("an array element that is not text")
                parts.append(elements.take(pa.array(first, mask=first < 0)))
        if not parts:
            return None
        return self._scatter(parts[0] if len(parts) == 1 else pc.coalesce(*parts), owners)

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

    def events(self) -> tuple[pa.Table, np.ndarray, int, int]:
        n = self.n
        agent = self._agents()
        columns: dict[str, pa.Array] = {}
        for name, keys in SPAN_ATTRIBUTES.items():
            found = self.first_of(keys) if name != "model" else self._models()
            columns[name] = found if found is not None else pa.nulls(n)
        operation = self._operations()
        has_usage = np.zeros(n, dtype=bool)
        for name in oa.USAGE_FIELDS:
            has_usage |= np.asarray(columns[name].is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        keep = ~agent & _truthy(_nullable(columns["model"]), n) & (_truthy(operation, n) | has_usage)
        columns["operation"] = operation
        self._fill_usage(columns, has_usage)
        columns["event_id"] = self._event_ids()
        columns["trace_id"], columns["parent_span_id"] = self._text_field("traceId"), self._text_field("parentSpanId")
        columns["ts"], columns["latency_ms"] = self._times()
        error_type = _nullable(columns["error_type"])
        has_type = _truthy(error_type, n)
        is_error = self._error_codes() | has_type
        columns["status"] = pa.array(np.where(is_error, "error", "ok"), pa.string())
        untyped = is_error & ~has_type & keep
        if untyped.any():
            named = pc.coalesce(self._exception_types(), pa.scalar(oa.UNKNOWN_ERROR_TYPE))
            given = error_type if error_type is not None else pa.nulls(n, pa.string())
            columns["error_type"] = pc.if_else(pa.array(untyped), named, given)
        found = [t for t in (self.attrs.first_text(k) for k in oa.FINISH_REASON_ATTRIBUTES) if t is not None]
        columns["finish_reason"] = pa.nulls(n) if not found else found[0] if len(found) == 1 else pc.coalesce(*found)
        rs = pa.array(self.span_rs)
        for name, key in (("workload", "service.name"), ("region", "cloud.region")):
            found_res = self.resource.get(key)
            columns[name] = found_res.take(rs) if found_res is not None else pa.nulls(n)
        columns["task_type"] = self._task_types(_nullable(columns["task_type"]), operation, n)
        columns["metadata"] = self._metadata()
        columns["cost_source"] = pa.array(np.full(n, oa.COST_SOURCE, dtype=object), pa.string())
        columns["source"] = pa.array(np.full(n, "otlp", dtype=object), pa.string())
        table = pa.table(columns).filter(pa.array(keep))
        agents = int(agent.sum())
        return table, self.lines[keep], int(n - keep.sum()) - agents, agents

    def _text_attr(self, key: str) -> pa.Array | None:
        """A text attribute (null where absent); any other type falls back."""
        found = self.attrs.get(key)
        if found is not None and not pa.types.is_string(found.type):
            raise _Fallback(f"{key} that is not text")
        return found

    def _agents(self) -> np.ndarray:
        """Agent, tool and chain spans (otlp.classify_span)."""
        out = np.zeros(self.n, dtype=bool)
        for key, kinds in (
            (oa.OPERATION, oa.AGENT_OPERATIONS),
            (oa.OPENINFERENCE_KIND, oa.AGENT_OPENINFERENCE_KINDS),
            (oa.TRACELOOP_KIND, oa.AGENT_TRACELOOP_KINDS),
        ):
            found = self._text_attr(key)
            if found is not None:
                hit = pc.fill_null(pc.is_in(found, pa.array(kinds, pa.string())), False)
                out |= np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool)
        return out

    def _models(self) -> pa.Array | None:
        """The first non-empty model attribute, else the model in the invocation parameters (otlp._model)."""
        found: list[pa.Array] = []
        for key in SPAN_ATTRIBUTES["model"]:
            value = self.attrs.get(key)
            if value is not None:
                found.append(_blank_as_null(value, self.n))
        for key in oa.INVOCATION_PARAMETERS:
            params = self.attrs.get(key)
            if params is not None and pa.types.is_string(params.type):
                model = pc.struct_field(pc.extract_regex(params, oa.INVOCATION_MODEL_RE2), "model")
                found.append(_blank_as_null(model, self.n))
        if not found:
            return None
        return found[0] if len(found) == 1 else pc.coalesce(*found)

    def _operations(self) -> pa.Array:
        """gen_ai.operation.name, else one read from llm.request.type or the OpenInference span kind."""
        given = self._text_attr(oa.OPERATION)
        out = pa.array(np.full(self.n, "", dtype=object), pa.string())
        for key, table in (
            (oa.OPENINFERENCE_KIND, oa.OPENINFERENCE_OPERATIONS),
            (oa.REQUEST_TYPE, oa.REQUEST_TYPE_OPERATIONS),
        ):  # the last one set wins, so the most preferred goes last
            found = self._text_attr(key)
            if found is not None:
                index = pc.index_in(found, value_set=pa.array(list(table), pa.string()))
                mapped = pc.take(pa.array(list(table.values()), pa.string()), index)
                out = pc.coalesce(mapped, out)
        if given is not None:
            out = pc.if_else(pa.array(_truthy(given, self.n)), given, out)
        return out

    def _fill_usage(self, columns: dict[str, pa.Array], has_usage: np.ndarray) -> None:
        """usage_known, zeros for an unreported count, cache counts inside prompt_tokens (otlp._fill_usage)."""
        known = pa.array(has_usage)
        for name in (*oa.USAGE_FIELDS, *oa.CACHE_FIELDS):
            kind = columns[name].type
            if not (pa.types.is_null(kind) or pa.types.is_integer(kind)):
                raise _Fallback("token counts that are not integers")
        for name in oa.USAGE_FIELDS:
            values = columns[name].cast(pa.int64())
            columns[name] = pc.if_else(pc.and_(known, pc.invert(values.is_valid())), 0, values)
        in_cache = pc.add(*(pc.fill_null(columns[name].cast(pa.int64()), 0) for name in oa.CACHE_FIELDS))
        prompt = columns["prompt_tokens"]
        grow = pc.and_(known, pc.fill_null(pc.greater(in_cache, prompt), False))
        columns["prompt_tokens"] = pc.if_else(grow, pc.add(prompt, in_cache), prompt)
        columns["usage_known"] = pa.array(has_usage.astype(np.int64))

    def _text_field(self, name: str) -> pa.Array:
        values = _field(self.spans, name)
        if values is None or pa.types.is_null(values.type):
            return pa.nulls(self.n, pa.string())
        if not pa.types.is_string(values.type):
            raise _Fallback(f"{name} that is not text")
        return values

    def _exception_types(self) -> pa.Array:
        """The type of each span's first `exception` event without its module (otlp._exception_type)."""
        events, owner = _items(_field(self.spans, "events"), may_be_null=True)
        out = pa.nulls(self.n, pa.string())
        if not len(events):
            return out
        names = _field(events, "name")
        if names is None or not pa.types.is_string(names.type):
            raise _Fallback("events without a text name")
        types = _as_text(_Pivot(_field(events, "attributes"), len(events)).get("exception.type"))
        if types is None:
            return out
        hit = np.flatnonzero(
            np.asarray(pc.fill_null(pc.equal(names, "exception"), False).to_numpy(zero_copy_only=False), dtype=bool)
            & np.asarray(types.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        )
        spans, first = np.unique(owner[hit], return_index=True)
        slot = np.full(self.n, -1, dtype=np.int64)
        slot[spans] = hit[first]
        chosen = types.take(pa.array(slot, mask=slot < 0))
        return pc.replace_substring_regex(chosen, r"(?s)^.*\.", "")

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


def _blank_as_null(values: pa.Array, n: int) -> pa.Array:
    """Text with '' as null (a non-text value falls back, as _truthy does)."""
    _truthy(values, n)
    if pa.types.is_null(values.type):
        return values
    return pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.string()), values)


def _nullable(values: pa.Array) -> pa.Array | None:
    return None if pa.types.is_null(values.type) else values
