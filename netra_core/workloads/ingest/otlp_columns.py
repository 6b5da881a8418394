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
from netra_core.workloads.ingest.otlp_arrow import (
    AttributePivot,
    Fallback,
    as_text,
    field_of,
    items_of,
    truthy,
)
from netra_core.workloads.ingest.otlp_attributes import (
    METADATA_ATTRIBUTES,
    OPERATION_TASKS,
    SPAN_ATTRIBUTES,
)
from netra_core.workloads.ingest.trace_spans import usable

_MIN_PARSE_BLOCK = 4 * 1024 * 1024
_NULL_VALUE = re.compile(rb'Value"\s*:\s*null')


def otlp_block_columns(
    data: pa.Buffer, lines: np.ndarray, line_ends: np.ndarray
) -> tuple[pa.Table, np.ndarray, int, int, pa.Table] | None:
    """(event rows, line of each row, non-model spans, agent spans, trace-context rows) for whole lines, or None.

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
    except (Fallback, pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return None


def _has_null_value(data: pa.Buffer) -> bool:
    """Whether an AnyValue holds an explicit null (the line parser treats it unlike a missing key)."""
    return _NULL_VALUE.search(memoryview(data)) is not None


class _Block:
    """One parsed block of export lines."""

    def __init__(self, table: pa.Table, lines: np.ndarray) -> None:
        resource_spans, rs_row = items_of(combined(table.column("resourceSpans")))
        if field_of(resource_spans, "instrumentationLibrarySpans") is not None:
            raise Fallback("legacy instrumentationLibrarySpans")
        resource = field_of(resource_spans, "resource")
        if resource is not None and not pa.types.is_struct(resource.type):
            raise Fallback("resource is not an object")
        self.resource = AttributePivot(
            field_of(resource, "attributes") if resource is not None else None, len(resource_spans)
        )
        scope_spans, ss_rs = items_of(field_of(resource_spans, "scopeSpans"))
        self.spans, sp_ss = items_of(field_of(scope_spans, "spans"))
        self.n = len(self.spans)
        self.span_rs = ss_rs[sp_ss]
        self.lines = lines[rs_row[self.span_rs]]
        self.attrs = AttributePivot(field_of(self.spans, "attributes"), self.n)

    def first_of(self, keys: tuple[str, ...]) -> pa.Array | None:
        """The first of several attributes that has a value, per span."""
        found = [a for a in (self.attrs.get(k) for k in keys) if a is not None]
        if not found:
            return None
        if len({a.type for a in found}) > 1:
            raise Fallback("values of mixed types")
        return found[0] if len(found) == 1 else pc.coalesce(*found)

    def events(self) -> tuple[pa.Table, np.ndarray, int, int, pa.Table]:
        n = self.n
        agent = self._agents()
        kind = self._kinds()
        columns: dict[str, pa.Array] = {}
        for name, keys in SPAN_ATTRIBUTES.items():
            found = self.first_of(keys) if name != "model" else self._models()
            columns[name] = found if found is not None else pa.nulls(n)
        operation = self._operations()
        has_usage = np.zeros(n, dtype=bool)
        for name in oa.USAGE_FIELDS:
            has_usage |= np.asarray(columns[name].is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        called = truthy(operation, n) | has_usage | truthy(_nullable(columns["provider"]), n)  # otlp.span_to_event
        keep = ~agent & truthy(_nullable(columns["model"]), n) & called
        columns["operation"] = operation
        self._fill_usage(columns, has_usage)
        columns["event_id"] = self._event_ids()
        columns["trace_id"], columns["parent_span_id"] = (
            self._textfield_of("traceId"),
            self._textfield_of("parentSpanId"),
        )
        columns["ts"], columns["latency_ms"] = self._times()
        error_type = _nullable(columns["error_type"])
        has_type = truthy(error_type, n)
        is_error = self._error_codes() | has_type
        context = self._context(~keep, kind, columns, error_type, has_type, is_error)
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
        return table, self.lines[keep], int(n - keep.sum()) - agents, agents, context

    def _kinds(self) -> pa.Array:
        """The trace-context kind of each span (trace_spans.span_kind): the first attribute that maps, else other."""
        found: list[pa.Array] = []
        for key, kinds in oa.SPAN_KINDS:
            values = self._text_attr(key)
            if values is not None:
                index = pc.index_in(values, value_set=pa.array(list(kinds), pa.string()))
                found.append(pc.take(pa.array(list(kinds.values()), pa.string()), index))
        for key, named in oa.NAMED_KINDS:  # trace_spans.other_kind
            values = self._text_attr(key)
            if values is not None:
                found.append(pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.string()), pa.scalar(named)))
        found.append(pa.array(np.full(self.n, oa.OTHER_KIND, dtype=object), pa.string()))
        return found[0] if len(found) == 1 else pc.coalesce(*found)

    def _context(
        self,
        rows: np.ndarray,
        kind: pa.Array,
        columns: dict[str, pa.Array],
        error_type: pa.Array | None,
        has_type: np.ndarray,
        is_error: np.ndarray,
    ) -> pa.Table:
        """Trace-context rows of the spans that are not events (trace_spans.context_row)."""
        n = self.n
        text_or_blank = pa.scalar("", pa.string())
        entity: list[pa.Array] = []
        for key in oa.ENTITY_NAME_ATTRIBUTES:
            values = self.attrs.get(key)
            if values is not None and pa.types.is_string(values.type):
                entity.append(pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.string()), values))
        entity.append(pa.array(np.full(n, "", dtype=object), pa.string()))
        workload = self.resource.get("service.name")
        workload = (
            workload.take(pa.array(self.span_rs))
            if workload is not None and pa.types.is_string(workload.type)
            else pa.nulls(n, pa.string())
        )
        span_id = field_of(self.spans, "spanId")
        name = field_of(self.spans, "name")
        untyped = is_error & ~has_type
        given = error_type if error_type is not None else pa.nulls(n, pa.string())
        if untyped.any():
            named = pc.coalesce(self._exception_types(), pa.scalar(oa.UNKNOWN_ERROR_TYPE))
            given = pc.if_else(pa.array(untyped), named, given)
        table = pa.table(
            {
                "trace_id": columns["trace_id"],
                "span_id": span_id if span_id is not None else pa.nulls(n, pa.string()),
                "parent_span_id": pc.fill_null(columns["parent_span_id"], text_or_blank),
                "name": pc.fill_null(name, text_or_blank)
                if name is not None and pa.types.is_string(name.type)
                else pa.array(np.full(n, "", dtype=object), pa.string()),
                "kind": kind,
                "entity_name": pc.coalesce(*entity) if len(entity) > 1 else entity[0],
                "workload": pc.fill_null(workload, text_or_blank),
                "ts": columns["ts"],
                "latency_ms": columns["latency_ms"],
                "status": pa.array(np.where(is_error, "error", "ok"), pa.string()),
                "error_type": pc.fill_null(given, text_or_blank),
            }
        )
        return usable(table.filter(pa.array(rows)))

    def _text_attr(self, key: str) -> pa.Array | None:
        """A text attribute (null where absent); any other type falls back."""
        found = self.attrs.get(key)
        if found is not None and not pa.types.is_string(found.type):
            raise Fallback(f"{key} that is not text")
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
            out = pc.if_else(pa.array(truthy(given, self.n)), given, out)
        return out

    def _fill_usage(self, columns: dict[str, pa.Array], has_usage: np.ndarray) -> None:
        """usage_known, zeros for an unreported count, cache counts inside prompt_tokens (otlp._fill_usage)."""
        known = pa.array(has_usage)
        for name in (*oa.USAGE_FIELDS, *oa.CACHE_FIELDS):
            kind = columns[name].type
            if not (pa.types.is_null(kind) or pa.types.is_integer(kind)):
                raise Fallback("token counts that are not integers")
        for name in oa.USAGE_FIELDS:
            values = columns[name].cast(pa.int64())
            columns[name] = pc.if_else(pc.and_(known, pc.invert(values.is_valid())), 0, values)
        in_cache = pc.add(*(pc.fill_null(columns[name].cast(pa.int64()), 0) for name in oa.CACHE_FIELDS))
        prompt = columns["prompt_tokens"]
        grow = pc.and_(known, pc.fill_null(pc.greater(in_cache, prompt), False))
        columns["prompt_tokens"] = pc.if_else(grow, pc.add(prompt, in_cache), prompt)
        columns["usage_known"] = pa.array(has_usage.astype(np.int64))

    def _textfield_of(self, name: str) -> pa.Array:
        values = field_of(self.spans, name)
        if values is None or pa.types.is_null(values.type):
            return pa.nulls(self.n, pa.string())
        if not pa.types.is_string(values.type):
            raise Fallback(f"{name} that is not text")
        return values

    def _exception_types(self) -> pa.Array:
        """The type of each span's first `exception` event without its module (otlp._exception_type)."""
        events, owner = items_of(field_of(self.spans, "events"), may_be_null=True)
        out = pa.nulls(self.n, pa.string())
        if not len(events):
            return out
        names = field_of(events, "name")
        if names is None or not pa.types.is_string(names.type):
            raise Fallback("events without a text name")
        types = as_text(AttributePivot(field_of(events, "attributes"), len(events)).get("exception.type"))
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
        trace, span_id = field_of(self.spans, "traceId"), field_of(self.spans, "spanId")
        for ids in (trace, span_id):
            if ids is not None and not pa.types.is_string(ids.type):
                raise Fallback("ids that are not text")
        has_trace = truthy(trace, self.n)
        span_id = span_id if span_id is not None else pa.nulls(self.n, pa.string())
        if (has_trace & ~np.asarray(span_id.is_valid().to_numpy(zero_copy_only=False), dtype=bool)).any():
            raise Fallback("a trace id without a span id")  # "t:" or "t:None": the text cannot tell
        joined = pc.binary_join_element_wise(trace, span_id, ":") if trace is not None else span_id
        alone = pc.if_else(pa.array(truthy(span_id, self.n)), span_id, pa.scalar(None, pa.string()))
        return pc.if_else(pa.array(has_trace), joined, alone)

    def _times(self) -> tuple[pa.Array, pa.Array]:
        start, end = field_of(self.spans, "startTimeUnixNano"), field_of(self.spans, "endTimeUnixNano")
        for t in (start, end):
            if t is not None and not (pa.types.is_string(t.type) or pa.types.is_integer(t.type)):
                raise Fallback("times that are not integers")
        if start is None:
            return pa.nulls(self.n, pa.int64()), pa.nulls(self.n, pa.float64())
        # Integer nanoseconds: validation reads them as the digits the line parser passes on would be.
        begin = start.cast(pa.int64())  # raises on text int() would refuse: falls back
        if end is None:
            return begin, pa.nulls(self.n, pa.float64())
        nanos = pc.subtract_checked(end.cast(pa.int64()), begin)
        return begin, pc.divide(nanos.cast(pa.float64()), 1e6)

    def _error_codes(self) -> np.ndarray:
        status = field_of(self.spans, "status")
        code = field_of(status, "code") if status is not None else None
        if code is None or pa.types.is_null(code.type):
            return np.zeros(self.n, dtype=bool)
        if pa.types.is_integer(code.type):
            hit = pc.equal(code, 2)
        elif pa.types.is_string(code.type):
            hit = pc.is_in(code, pa.array(["2", "STATUS_CODE_ERROR"]))
        else:
            raise Fallback("a status code that is neither a number nor text")
        return np.asarray(pc.fill_null(hit, False).to_numpy(zero_copy_only=False), dtype=bool)

    def _task_types(self, given: pa.Array | None, operation: pa.Array | None, n: int) -> pa.Array:
        ops = operation if operation is not None else pa.nulls(n, pa.string())
        index = pc.index_in(ops, value_set=pa.array(list(OPERATION_TASKS), pa.string()))
        from_operation = pc.take(pa.array(list(OPERATION_TASKS.values()), pa.string()), index).fill_null("")
        if given is None:
            return from_operation
        return pc.if_else(pa.array(truthy(given, n)), given, from_operation)

    def _metadata(self) -> pa.Array:
        names: list[str] = []
        children: list[pa.Array] = []
        for key in METADATA_ATTRIBUTES:
            value = as_text(self.attrs.get(key))
            if value is not None:
                names.append(key.removeprefix("gen_ai."))
                children.append(value)
        name = field_of(self.spans, "name")
        if name is not None and not pa.types.is_null(name.type):
            if not pa.types.is_string(name.type):
                raise Fallback("a span name that is not text")
            names.append("span_name")
            children.append(pc.if_else(pa.array(truthy(name, self.n)), name, pa.scalar(None, pa.string())))
        if not names:
            return pa.StructArray.from_arrays([pa.nulls(self.n, pa.string())], ["span_name"])
        return pa.StructArray.from_arrays(children, names)


def _blank_as_null(values: pa.Array, n: int) -> pa.Array:
    """Text with '' as null (a non-text value falls back, as _truthy does)."""
    truthy(values, n)
    if pa.types.is_null(values.type):
        return values
    return pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.string()), values)


def _nullable(values: pa.Array) -> pa.Array | None:
    return None if pa.types.is_null(values.type) else values
