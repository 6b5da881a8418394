"""OTLP protobuf export requests to event columns in the engine: no Python code per span.

The collector spools raw ExportTraceServiceRequest bodies. Decoding them in Python (protobuf ->
OTLP/JSON text -> JSON parse) cost about 90 us a span; here the engine (chdb) reads a file of
length-delimited bodies with its `Protobuf` input format, against a schema written from the installed
opentelemetry-proto descriptors (`otlp_schema`), and computes in SQL the event columns that
`otlp.span_to_event` computes for the same spans, attribute family by attribute family.

Equal, column for column, to the Python reader on the OTLP/JSON the receiver's own decoder writes:
where a span carries something the SQL does not reproduce exactly (a value of an unexpected kind for
a field, e.g. a token count sent as text or a model as an array), its whole body is marked and read
by the Python reader instead (`fallback_bodies`). An input the engine refuses (a malformed body)
raises EngineDecodeError and the caller falls back for the whole batch.

A file of bodies is what `ingest_files(..., fmt="otlp_protobuf")` reads: `iter_protobuf_chunks`.
"""

from __future__ import annotations

import mmap
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from netra_core.collector.otlp_schema import ROOT_MESSAGE, write_schema
from netra_core.errors import NetraError
from netra_core.workloads.ingest import otlp_attributes as oa
from netra_core.workloads.ingest.readers import RawChunk
from netra_core.workloads.ingest.report import IngestIssue
from netra_core.workloads.ingest.trace_spans import empty_spans, usable

FORMAT = "otlp_protobuf"  # ingest_files' name for a file of length-delimited export requests

# AnyValue's oneof `value`, as the engine reports which member was present (field numbers).
_KIND_ENUM = (
    "Enum8('none' = 0, 'string_value' = 1, 'bool_value' = 2, 'int_value' = 3, 'double_value' = 4, "
    "'array_value' = 5, 'kvlist_value' = 6, 'bytes_value' = 7, 'string_value_strindex' = 8)"
)
# Kinds the Python reader turns into a value (bytes and unset read as None there).
_STRING, _BOOL, _INT, _DOUBLE, _ARRAY, _KVLIST = 1, 2, 3, 4, 5, 6
_VALUE_KINDS = (_STRING, _BOOL, _INT, _DOUBLE, _ARRAY, _KVLIST)
# Only members mapped to a column set the oneof's presence: every member that makes a value is listed,
# even those whose content is not read (bool, key-value list). Bytes and unset both read as None.
_ANY_VALUE = (
    f"Tuple(string_value String, bool_value Bool, int_value Int64, double_value Float64, "
    f"array_value Tuple(values Array(Tuple(string_value String, value {_KIND_ENUM}))), "
    f"kvlist_value Tuple(values Array(Tuple(key String))), value {_KIND_ENUM})"
)
_ATTRS = f"Array(Tuple(key String, value {_ANY_VALUE}))"
STRUCTURE = (
    f"resource_spans Array(Tuple(resource Tuple(attributes {_ATTRS}), scope_spans Array(Tuple(spans Array(Tuple("
    f"trace_id String, span_id String, parent_span_id String, name String, start_time_unix_nano UInt64, "
    f"end_time_unix_nano UInt64, attributes {_ATTRS}, events Array(Tuple(name String, attributes {_ATTRS})), "
    f"status Tuple(code Int32)))))))"
)
_INT64_MAX = 2**63 - 1

# Columns of the result, in the order the Arrow path of the file reader builds them.
EVENT_COLUMNS = (
    *oa.SPAN_ATTRIBUTES,
    "operation",
    "usage_known",
    "event_id",
    "trace_id",
    "parent_span_id",
    "ts",
    "latency_ms",
    "status",
    "finish_reason",
    "workload",
    "region",
    "task_type",
    "metadata",
    "cost_source",
    "source",
)


class EngineDecodeError(NetraError):
    """The engine could not read this file of bodies (a malformed body, or a store session open in this
    process): the caller uses the Python path for all of them (the collector's writer does)."""


@dataclass
class EngineResult:
    """Events of the bodies the engine read, and which bodies (1-based) need the Python reader."""

    table: pa.Table
    locations: np.ndarray  # the body (1-based) each row came from
    skipped_spans: int
    agent_spans: int
    bodies: int
    fallback_bodies: list[int] = field(default_factory=list)
    spans: pa.Table = field(default_factory=empty_spans)  # trace-context rows of the spans that are not events


def _q(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _in(values: tuple[str, ...] | list[str]) -> str:
    return "(" + ", ".join(_q(v) for v in values) + ")"


class _Sql:
    """Builds the SELECT: one `WITH` alias per attribute looked up, as the Python dict would see it."""

    def __init__(self) -> None:
        self.aliases: dict[str, str] = {}
        self.keys: dict[str, list[str]] = {}  # source -> keys looked up, in slot order (slot = index + 1)
        self.prefixes: dict[str, str] = {}
        self.lookups: list[str] = []
        self.forbidden: dict[str, int] = {}  # "source|key" -> bit mask of kinds this path does not reproduce

    def _value(self, key: str, source: str, prefix: str) -> str:
        """A handle `h` on the AnyValue of `key` in an attribute list, the last one winning as in a dict.

        `h_k` is its kind (0 when absent), `h_s`, `h_i`, `h_d` its text, integer and double, `h_a` the
        values of its array. Unused aliases cost nothing.
        """
        name = f"{prefix}{len(self.aliases)}"
        alias = self.aliases.setdefault(f"{source}|{key}", name)
        if alias != name:
            return alias
        keys = self.keys.setdefault(source, [])
        self.prefixes[source] = prefix
        keys.append(key)
        slots = f"{prefix}_slots"
        at = f"indexOf({slots}, {len(keys)})"
        self.lookups += [
            f"if({at} = 0, 0, length({slots}) + 1 - {at}) AS {alias}_at",
            f"{prefix}_kinds[{alias}_at] AS {alias}_k",
            f"{prefix}_strs[{alias}_at] AS {alias}_s",
            f"{prefix}_ints[{alias}_at] AS {alias}_i",
            f"{prefix}_dbls[{alias}_at] AS {alias}_d",
            f"{prefix}_arrs[{alias}_at] AS {alias}_a",
        ]
        return alias

    def forbid(self, handle_key: tuple[str, str], kinds: tuple[int, ...]) -> None:
        """Values of these kinds under this key send the span's body to the Python reader."""
        source, key = handle_key
        self.forbidden[f"{source}|{key}"] = self.forbidden.get(f"{source}|{key}", 0) | sum(1 << k for k in kinds)

    def defs(self) -> list[str]:
        """Each attribute list split once into one array per member, and its keys turned into slot numbers
        (0 for keys not looked up), reversed so that indexOf finds the last; then the lookups."""
        out: list[str] = []
        for source, keys in self.keys.items():
            prefix = self.prefixes[source]
            value = f"tupleElement({source}, 'value')"
            names = ", ".join(_q(k) for k in keys)
            slots = ", ".join(f"toUInt8({i})" for i in range(1, len(keys) + 1))
            masks = ", ".join(str(self.forbidden.get(f"{source}|{k}", 0)) for k in keys)
            out += [
                f"arrayMap(k -> transform(k, [{names}], [{slots}], 0), tupleElement({source}, 'key')) AS {prefix}_slot",
                f"arrayReverse({prefix}_slot) AS {prefix}_slots",
                f"CAST(tupleElement({value}, 'value'), 'Array(UInt8)') AS {prefix}_kinds",
                # Whether any looked-up key holds a value of a kind forbidden for it (conservative: every
                # occurrence counts, not only the one that would be read).
                f"arrayExists((s, k) -> bitTest([toUInt8(0), {masks}][s + 1], k), {prefix}_slot, {prefix}_kinds) "
                f"AS {prefix}_odd",
                f"tupleElement({value}, 'string_value') AS {prefix}_strs",
                f"tupleElement({value}, 'int_value') AS {prefix}_ints",
                f"tupleElement({value}, 'double_value') AS {prefix}_dbls",
                f"tupleElement(tupleElement({value}, 'array_value'), 'values') AS {prefix}_arrs",
            ]
        return out + self.lookups

    def span(self, key: str) -> str:
        return self._value(key, "sp.attributes", "v")

    def resource(self, key: str) -> str:
        return self._value(key, "res_attrs", "r")


def _kind(v: str) -> str:
    return f"{v}_k"


def _present(v: str) -> str:
    """The Python reader's value is not None."""
    return f"({_kind(v)} BETWEEN {_STRING} AND {_KVLIST})"


def _first(sql: _Sql, keys: tuple[str, ...], value: str, allowed: tuple[int, ...]) -> str:
    """The first present value of `keys`; other kinds of value are forbidden (sent to the Python reader)."""
    vals = []
    for key in keys:
        v = sql.span(key)
        vals += [_present(v), value.format(v=v)]
        sql.forbid(("sp.attributes", key), tuple(k for k in _VALUE_KINDS if k not in allowed))
    return f"multiIf({', '.join(vals)}, NULL)"


def build_query(path: Path, schema: Path) -> str:
    """The SELECT reading a file of length-delimited export requests into one row per span."""
    sql = _Sql()
    text = "{v}_s"
    integer = "{v}_i"
    number = f"if({_kind('{v}')} = {_INT}, toFloat64({{v}}_i), {{v}}_d)"
    cols: list[str] = []
    not_text = (_BOOL, _INT, _DOUBLE, _ARRAY, _KVLIST)
    kinds = {
        "prompt_tokens": (integer, (_INT,)),
        "completion_tokens": (integer, (_INT,)),
        "cached_tokens": (integer, (_INT,)),
        "cache_write_tokens": (integer, (_INT,)),
        "reasoning_tokens": (integer, (_INT,)),
        "audio_prompt_tokens": (integer, (_INT,)),
        "audio_completion_tokens": (integer, (_INT,)),
        "cost_usd": (number, (_INT, _DOUBLE)),
    }
    for name, keys in oa.SPAN_ATTRIBUTES.items():
        if name == "model":
            continue
        value, allowed = kinds.get(name, (text, (_STRING,)))
        cols.append(f"{_first(sql, keys, value, allowed)} AS f_{name}")
    # Agent, tool and chain spans (otlp.classify_span): text values only can match.
    agent_terms = []
    for key, table in (
        (oa.OPERATION, oa.AGENT_OPERATIONS),
        (oa.OPENINFERENCE_KIND, oa.AGENT_OPENINFERENCE_KINDS),
        (oa.TRACELOOP_KIND, oa.AGENT_TRACELOOP_KINDS),
    ):
        v = sql.span(key)
        agent_terms.append(f"({_kind(v)} = {_STRING} AND {v}_s IN {_in(table)})")
    cols.append(f"({' OR '.join(agent_terms)}) AS is_agent")
    # The trace-context kind (trace_spans.span_kind) and the tool or agent name, text values only.
    kind_terms = []
    for key, by_value in oa.SPAN_KINDS:
        v = sql.span(key)
        names, values = list(by_value), list(by_value.values())
        kind_terms += [
            f"{_kind(v)} = {_STRING} AND {v}_s IN {_in(names)}",
            f"transform({v}_s, [{', '.join(map(_q, names))}], [{', '.join(map(_q, values))}], '')",
        ]
    for key, named in oa.NAMED_KINDS:  # trace_spans.other_kind
        v = sql.span(key)
        kind_terms += [f"{_kind(v)} = {_STRING} AND {v}_s != ''", _q(named)]
    cols.append(f"multiIf({', '.join(kind_terms)}, {_q(oa.OTHER_KIND)}) AS span_kind")
    entity_terms = []
    for key in oa.ENTITY_NAME_ATTRIBUTES:
        v = sql.span(key)
        entity_terms += [f"{_kind(v)} = {_STRING} AND {v}_s != ''", f"{v}_s"]
    cols.append(f"multiIf({', '.join(entity_terms)}, '') AS entity_name")
    # The model: the first non-empty text of the model keys, else the invocation parameters' "model".
    model_terms = []
    for key in oa.SPAN_ATTRIBUTES["model"]:
        v = sql.span(key)
        model_terms.append(f"{_kind(v)} = {_STRING} AND {v}_s != ''")
        model_terms.append(f"{v}_s")
        sql.forbid(("sp.attributes", key), not_text)
    for key in oa.INVOCATION_PARAMETERS:
        v = sql.span(key)
        found = f"extract({v}_s, {_q(oa.INVOCATION_MODEL.pattern)})"
        model_terms += [f"{_kind(v)} = {_STRING} AND {found} != ''", found]
    cols.append(f"multiIf({', '.join(model_terms)}, NULL) AS f_model")
    # The operation: gen_ai.operation.name, else from llm.request.type, else from the OpenInference kind.
    op, rt, oi = sql.span(oa.OPERATION), sql.span(oa.REQUEST_TYPE), sql.span(oa.OPENINFERENCE_KIND)
    sql.forbid(("sp.attributes", oa.OPERATION), not_text)

    def mapped(v: str, table: dict[str, str]) -> tuple[str, str]:
        keys, values = list(table), list(table.values())
        return (
            f"{_kind(v)} = {_STRING} AND {v}_s IN {_in(keys)}",
            f"transform({v}_s, [{', '.join(map(_q, keys))}], [{', '.join(map(_q, values))}], '')",
        )

    rt_has, rt_val = mapped(rt, oa.REQUEST_TYPE_OPERATIONS)
    oi_has, oi_val = mapped(oi, oa.OPENINFERENCE_OPERATIONS)
    cols.append(
        f"multiIf({_kind(op)} = {_STRING} AND {op}_s != '', "
        f"{op}_s, {rt_has}, {rt_val}, {oi_has}, {oi_val}, '') AS f_operation"
    )
    # Finish reason: text, or the first element of an array when that is text (otlp._first_text).
    finish = []
    for key in oa.FINISH_REASON_ATTRIBUTES:
        v = sql.span(key)
        first = f"{v}_a[1]"
        finish += [
            f"{_kind(v)} = {_STRING}",
            f"{v}_s",
            f"{_kind(v)} = {_ARRAY} AND length({v}_a) > 0 AND toUInt8(tupleElement({first}, 'value')) = {_STRING}",
            f"tupleElement({first}, 'string_value')",
        ]
    cols.append(f"multiIf({', '.join(finish)}, NULL) AS f_finish_reason")
    # Metadata: text values only here (str() of other kinds is left to the Python reader).
    for key in oa.METADATA_ATTRIBUTES:
        v = sql.span(key)
        cols.append(f"if({_present(v)}, {v}_s, NULL) AS m_{_ident(key)}")
        sql.forbid(("sp.attributes", key), not_text)
    # Resource attributes.
    for name, key in (("workload", "service.name"), ("region", "cloud.region")):
        v = sql.resource(key)
        cols.append(f"if({_present(v)}, {v}_s, NULL) AS f_{name}")
        sql.forbid(("res_attrs", key), not_text)
    # The first `exception` event with an exception.type (otlp._exception_type).
    ev = "toUInt8(e.attributes[arrayLastIndex(a -> a.key = 'exception.type', e.attributes)].value.value)"
    cols.append(
        f"arrayFirstIndex(e -> e.name = 'exception' AND {ev} BETWEEN {_STRING} AND {_KVLIST}, sp.events) AS exc_at"
    )
    cols.append(
        "sp.events[exc_at].attributes[arrayLastIndex(a -> a.key = 'exception.type', "
        "sp.events[exc_at].attributes)].value AS exc_value"
    )
    withs = ",\n  ".join([*sql.defs(), *cols])
    schema_ref = f"{schema}:{ROOT_MESSAGE}"
    return f"""
WITH
  {withs}
SELECT
  body, is_agent, span_kind, entity_name, f_model, f_operation, f_finish_reason, f_workload, f_region,
  {", ".join(f"f_{n}" for n in oa.SPAN_ATTRIBUTES if n != "model")},
  {", ".join(f"m_{_ident(k)}" for k in oa.METADATA_ATTRIBUTES)},
  lower(hex(sp.trace_id)) AS trace_hex, lower(hex(sp.span_id)) AS span_hex,
  if(sp.parent_span_id = '', NULL, lower(hex(sp.parent_span_id))) AS parent_hex,
  sp.name AS span_name,
  sp.start_time_unix_nano AS start_ns, sp.end_time_unix_nano AS end_ns,
  tupleElement(sp.status, 'code') AS status_code,
  exc_at, toUInt8(tupleElement(exc_value, 'value')) AS exc_kind, tupleElement(exc_value, 'string_value') AS exc_text,
  (v_odd OR r_odd) AS is_odd
FROM (
  -- One row per resource: its attributes and its spans (flattened across scopes, in order). Only what a
  -- span needs is carried into the span ARRAY JOIN, which copies the other columns once per span.
  SELECT body, rs.resource.attributes AS res_attrs, arrayFlatten(arrayMap(s -> s.spans, rs.scope_spans)) AS spans
  FROM (
    SELECT rowNumberInAllBlocks() + 1 AS body, resource_spans
    FROM file({_q(str(path))}, 'Protobuf', {_q(STRUCTURE)})
  )
  ARRAY JOIN resource_spans AS rs
)
ARRAY JOIN spans AS sp
SETTINGS format_schema = {_q(schema_ref)}, input_format_protobuf_oneof_presence = 1
"""


def _ident(key: str) -> str:
    return key.replace(".", "_")


def _run(sql: str) -> pa.Table:
    import chdb

    from netra_core.workloads.store import borrow_open_engine

    try:
        # One engine per process: through the store's engine when this process has it open (it reads only the file).
        with borrow_open_engine() as engine_path:
            if engine_path is None:
                result = chdb.query(sql, "ArrowTable")  # type: ignore[no-untyped-call]
            else:
                conn = chdb.connect(f"file:{engine_path}")  # type: ignore[no-untyped-call]
                try:
                    result = conn.query(sql, "ArrowTable")
                finally:
                    conn.close()
    except Exception as exc:  # chdb raises plain RuntimeErrors: a malformed body, or a store busy elsewhere
        raise EngineDecodeError(str(exc)[:500]) from exc
    assert isinstance(result, pa.Table)
    return result


def _b(values: pa.Array) -> np.ndarray:
    """A boolean (or 0/1) column as a numpy mask, null as False."""
    if not pa.types.is_boolean(values.type):
        values = values.cast(pa.bool_())
    return np.asarray(pc.fill_null(values, False).to_numpy(zero_copy_only=False), dtype=bool)


def decode_file(path: Path, bodies: int, schema_dir: Path | None = None) -> EngineResult:
    """Event rows of a file of `bodies` length-delimited export requests (EngineDecodeError if unreadable)."""
    schema = write_schema(schema_dir or default_schema_dir())
    raw = _run(build_query(path, schema)).combine_chunks()
    if raw.num_rows == 0:
        return EngineResult(_EMPTY, _NO_ROWS, 0, 0, bodies, spans=empty_spans())
    body = raw.column("body").to_numpy().astype(np.int64)
    col = {
        name: raw.column(name).chunk(0) if raw.column(name).num_chunks else raw.column(name)
        for name in raw.column_names
    }
    n = raw.num_rows
    agent = _b(col["is_agent"])
    # Large unsigned times the Python reader keeps as exact integers: its path.
    start, end = col["start_ns"], col["end_ns"]
    odd = _b(col["is_odd"]) & ~agent
    limit = pa.scalar(_INT64_MAX, pa.uint64())
    huge = _b(pc.greater(start.cast(pa.uint64()), limit)) | _b(pc.greater(end.cast(pa.uint64()), limit))
    model = col["f_model"]
    operation = col["f_operation"]
    has_usage = _b(pc.is_valid(col["f_prompt_tokens"])) | _b(pc.is_valid(col["f_completion_tokens"]))
    has_provider = _b(pc.not_equal(col["f_provider"], ""))  # otlp.span_to_event
    keep = ~agent & _b(pc.is_valid(model)) & (_b(pc.not_equal(operation, "")) | has_usage | has_provider)
    columns: dict[str, pa.Array] = {}
    for name in oa.SPAN_ATTRIBUTES:
        columns[name] = model if name == "model" else col[f"f_{name}"]
    columns["operation"] = operation
    # usage_known, zeros for an unreported count, cache counts inside prompt_tokens (otlp._fill_usage).
    known = pa.array(has_usage)
    for name in oa.USAGE_FIELDS:
        columns[name] = pc.if_else(pc.and_(known, pc.invert(columns[name].is_valid())), 0, columns[name])
    in_cache = pc.add(*(pc.fill_null(columns[name], 0) for name in oa.CACHE_FIELDS))
    prompt = columns["prompt_tokens"]
    grow = pc.and_(known, pc.fill_null(pc.greater(in_cache, prompt), False))
    columns["prompt_tokens"] = pc.if_else(grow, pc.add(prompt, in_cache), prompt)
    columns["usage_known"] = pa.array(has_usage.astype(np.int64))
    trace, span = col["trace_hex"], col["span_hex"]
    null_text = pa.scalar(None, pa.string())
    columns["event_id"] = pc.if_else(
        pc.not_equal(trace, ""),
        pc.binary_join_element_wise(trace, span, ":"),
        pc.if_else(pc.not_equal(span, ""), span, null_text),
    )
    columns["trace_id"] = trace
    columns["parent_span_id"] = col["parent_hex"]
    zero = pa.scalar(0, pa.uint64())  # huge times are replaced here; their bodies go to the Python reader
    begin = pc.if_else(pa.array(huge), zero, start.cast(pa.uint64())).cast(pa.int64())
    finish_ns = pc.if_else(pa.array(huge), zero, end.cast(pa.uint64())).cast(pa.int64())
    columns["ts"] = begin
    # Both within int64 and begin >= 0: the difference cannot overflow. Converted to float as Python's
    # int / float does (nearest double), so a span of any length gives the Python reader's latency.
    columns["latency_ms"] = pc.divide(pc.subtract(finish_ns, begin).cast(pa.float64(), safe=False), 1e6)
    error_type = columns["error_type"]
    has_type = _b(pc.not_equal(error_type, ""))
    is_error = _b(pc.equal(col["status_code"], 2)) | has_type
    columns["status"] = pa.array(np.where(is_error, "error", "ok"), pa.string())
    untyped = is_error & ~has_type
    exc_found = _b(pc.greater(col["exc_at"], 0))
    odd |= untyped & exc_found & ~_b(pc.equal(col["exc_kind"], _STRING))
    named = pc.replace_substring_regex(col["exc_text"], r"(?s)^.*\.", "")
    named = pc.if_else(pa.array(exc_found & _b(pc.not_equal(named, ""))), named, pa.scalar(oa.UNKNOWN_ERROR_TYPE))
    columns["error_type"] = pc.if_else(pa.array(untyped), named, error_type)
    columns["finish_reason"] = col["f_finish_reason"]
    columns["workload"], columns["region"] = col["f_workload"], col["f_region"]
    given = columns["task_type"]
    index = pc.index_in(operation, value_set=pa.array(list(oa.OPERATION_TASKS), pa.string()))
    from_operation = pc.take(pa.array(list(oa.OPERATION_TASKS.values()), pa.string()), index).fill_null("")
    columns["task_type"] = pc.if_else(pc.fill_null(pc.not_equal(given, ""), False), given, from_operation)
    meta = [col[f"m_{_ident(k)}"] for k in oa.METADATA_ATTRIBUTES]
    name = col["span_name"]
    meta.append(pc.if_else(pc.not_equal(name, ""), name, null_text))
    columns["metadata"] = pa.StructArray.from_arrays(
        meta, [k.removeprefix("gen_ai.") for k in oa.METADATA_ATTRIBUTES] + ["span_name"]
    )
    columns["cost_source"] = pa.array(np.full(n, oa.COST_SOURCE, dtype=object), pa.string())
    columns["source"] = pa.array(np.full(n, "otlp", dtype=object), pa.string())
    # A body with any span this path does not reproduce exactly goes to the Python reader whole.
    flagged = np.unique(body[odd | huge])
    ours = ~np.isin(body, flagged)
    table = pa.table({k: columns[k] for k in EVENT_COLUMNS}).filter(pa.array(keep & ours))
    blank = pa.scalar("", pa.string())
    context = pa.table(
        {
            "trace_id": trace,
            "span_id": span,
            "parent_span_id": pc.fill_null(col["parent_hex"], blank),
            "name": name,
            "kind": col["span_kind"],
            "entity_name": col["entity_name"],
            "workload": pc.fill_null(col["f_workload"], blank),
            "ts": begin,
            "latency_ms": columns["latency_ms"],
            "status": columns["status"],
            "error_type": pc.fill_null(columns["error_type"], blank),
        }
    )
    return EngineResult(
        table=table,
        locations=body[keep & ours],
        skipped_spans=int((~keep & ~agent & ours).sum()),
        agent_spans=int((agent & ours).sum()),
        bodies=bodies,
        fallback_bodies=[int(b) for b in flagged],
        spans=usable(context.filter(pa.array(~keep & ours))),
    )


def default_schema_dir() -> Path:
    """A private directory under the data dir for the generated schema."""
    from netra_core.config import get_settings

    return get_settings().data_dir / "otlp_schema"


def length_prefix(value: int) -> bytes:
    """The varint that precedes each body in a file of length-delimited bodies."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def write_bodies(path: Path, bodies: list[bytes]) -> None:
    """A file of length-delimited bodies: the engine's `Protobuf` format, what FORMAT names."""
    with path.open("wb") as fh:
        for body in bodies:
            fh.write(length_prefix(len(body)))
            fh.write(body)


def read_bodies(path: Path) -> list[bytes]:
    """The bodies of such a file (ValueError if it is cut short)."""
    data = path.read_bytes()
    return [data[start:end] for start, end in body_spans(data)]


def body_spans(data: bytes | mmap.mmap) -> list[tuple[int, int]]:
    """(start, end) of each body in the bytes of such a file (ValueError if it is cut short)."""
    out: list[tuple[int, int]] = []
    pos = 0
    while pos < len(data):
        size = shift = 0
        while True:
            if pos >= len(data) or shift > 63:
                raise ValueError("a length prefix is cut short")
            byte = data[pos]
            pos += 1
            size |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        if pos + size > len(data):
            raise ValueError("a body is cut short")
        out.append((pos, pos + size))
        pos += size
    return out


def iter_protobuf_chunks(path: Path) -> Iterator[RawChunk]:
    """Events of a file of length-delimited export requests, as the OTLP/JSON reader would make them.

    Bodies holding a value the engine's SQL does not reproduce exactly are turned into OTLP/JSON lines by
    the receiver's Python decoder and read by the line reader. Locations are body numbers (1-based). The
    first chunk carries how many bodies went each way. EngineDecodeError if the engine refuses the file.
    """
    size = path.stat().st_size
    with path.open("rb") as fh, _mapped(fh, size) as data:  # the bodies are read only if some need Python
        try:
            bodies = body_spans(data)
        except ValueError as exc:
            issue = IngestIssue(path.name, f"not length-delimited OTLP bodies: {exc}")
            yield RawChunk(_EMPTY, _NO_ROWS, size, [issue])
            return
        yield from _chunks(path, size, data, bodies)


@contextmanager
def _mapped(fh: BinaryIO, size: int) -> Iterator[bytes | mmap.mmap]:
    if size == 0:
        yield b""
        return
    with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        yield data


def _chunks(path: Path, size: int, data: bytes | mmap.mmap, bodies: list[tuple[int, int]]) -> Iterator[RawChunk]:
    from netra_core.collector.decode import BodyError, parse_protobuf, protobuf_to_line
    from netra_core.workloads.ingest.otlp import iter_otlp

    found = decode_file(path, len(bodies)) if bodies else None
    fallback = found.fallback_bodies if found is not None else []
    by_engine, by_python = len(bodies) - len(fallback), len(fallback)
    if found is not None:
        yield RawChunk(
            found.table,
            found.locations,
            size,
            [],
            found.skipped_spans,
            found.agent_spans,
            by_engine,
            by_python,
            spans=found.spans,
        )
    else:
        yield RawChunk(_EMPTY, _NO_ROWS, size, [], 0, 0, by_engine, by_python)
    if not fallback:
        return
    issues: list[IngestIssue] = []
    numbers: list[int] = []
    fd, name = tempfile.mkstemp(prefix="netra-otlp-", suffix=".jsonl", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for number in fallback:
                try:
                    start, end = bodies[number - 1]
                    line = protobuf_to_line(parse_protobuf(bytes(data[start:end])))
                except BodyError as exc:
                    issues.append(IngestIssue(path.name, str(exc), line=number))
                    continue
                fh.write(line)
                fh.write("\n")
                numbers.append(number)
        if issues:
            yield RawChunk(_EMPTY, _NO_ROWS, size, issues)
        body_of_line = np.asarray([0, *numbers], np.int64)
        for chunk in iter_otlp(Path(name)):
            moved = [
                replace(i, file=path.name, line=int(body_of_line[i.line]) if i.line else i.line) for i in chunk.issues
            ]
            yield RawChunk(
                chunk.table,
                body_of_line[chunk.locations],
                size,
                moved,
                chunk.skipped_spans,
                chunk.agent_spans,
                spans=chunk.spans,
            )
    finally:
        Path(name).unlink(missing_ok=True)


_EMPTY = pa.table({})
_NO_ROWS = np.empty(0, np.int64)


__all__ = [
    "FORMAT",
    "EngineDecodeError",
    "EngineResult",
    "decode_file",
    "iter_protobuf_chunks",
    "read_bodies",
    "write_bodies",
]
