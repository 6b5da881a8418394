"""Spans that are not model calls, kept as trace context: agents, tools, chains, workflows, app spans.

The three OTLP decoders (the line parser `otlp`, the Arrow path `otlp_columns` and the collector's engine
decoder) each give, beside the events, one row per span that is not a model call, in `SPAN_SCHEMA`. An
ingest stages them beside its events (`StagedSpans`) and moves them into `trace_spans` in the same
journalled write, after the events (`move_spans`): every row carries the ingest's id, so a write cut short
is rolled back with its events (`workloads.recovery`). A span the org already has (same trace and span id)
is skipped, so re-ingesting adds nothing.

Agent, tool, chain, workflow (and retriever, guardrail, ...) spans are always kept. Other spans (HTTP
handlers, app logic) are kept only in traces that hold a GenAI span, a model call or an agent/tool span,
written by this ingest or before: they are the parents that tie model calls to a request. An app span whose
trace's GenAI spans all arrive in a later ingest is not kept (the collector writes in batches; a parent
usually ends, and is exported, after its children, so this is rare); the roll-up then stops at the gap.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from clickhouse_connect.driver.client import Client
from clickhouse_connect.driver.exceptions import ClickHouseError

from netra_core.errors import WorkloadStoreError
from netra_core.workloads.ingest import otlp_attributes as oa
from netra_core.workloads.ingest.staging import ArrowStage
from netra_core.workloads.store import query_rows

# What each decoder gives per kept span. ts is the start in Unix nanoseconds.
SPAN_SCHEMA = pa.schema(
    [
        ("trace_id", pa.string()),
        ("span_id", pa.string()),
        ("parent_span_id", pa.string()),
        ("name", pa.string()),
        ("kind", pa.string()),
        ("entity_name", pa.string()),
        ("workload", pa.string()),
        ("ts", pa.int64()),
        ("latency_ms", pa.float64()),
        ("status", pa.string()),
        ("error_type", pa.string()),
    ]
)
SPAN_NAMES = SPAN_SCHEMA.names
_STAGED_SCHEMA = pa.schema([f if f.name != "ts" else pa.field("ts", pa.timestamp("ms", tz="UTC")) for f in SPAN_SCHEMA])
_CH_TYPES = {"ts": "DateTime64(3, 'UTC')", "latency_ms": "Float64"}
SPANS_STAGING_SUFFIX = "_spans"  # the server's staging table: the ingest's events staging name + this


def span_kind(attrs: dict[str, Any]) -> str | None:
    """The trace-context kind of an agent/tool/chain span (SPAN_KINDS), None for any other span."""
    for key, kinds in oa.SPAN_KINDS:
        value = attrs.get(key)
        if isinstance(value, str) and value in kinds:
            return kinds[value]
    return None


def other_kind(attrs: dict[str, Any]) -> str:
    """The kind of a span that is neither a model call nor of SPAN_KINDS: the tool or agent it names (NAMED_KINDS),
    else other."""
    return next((kind for key, kind in oa.NAMED_KINDS if isinstance(attrs.get(key), str) and attrs[key]), oa.OTHER_KIND)


def context_row(res_attrs: dict[str, Any], span: dict[str, Any], attrs: dict[str, Any], kind: str) -> dict[str, Any]:
    """One span as a trace-context row (SPAN_SCHEMA), or {} when it lacks a trace id, span id or start time."""
    trace, span_id, start = span.get("traceId"), span.get("spanId"), span.get("startTimeUnixNano")
    if not (isinstance(trace, str) and trace and isinstance(span_id, str) and span_id):
        return {}
    try:
        begin = int(start) if start is not None else None
        end = span.get("endTimeUnixNano")
        latency = (int(end) - begin) / 1e6 if end is not None and begin is not None else None
    except (TypeError, ValueError):
        return {}
    if begin is None or not 0 <= begin < 2**63 or latency is None or latency < 0:
        return {}
    entity = next((attrs[k] for k in oa.ENTITY_NAME_ATTRIBUTES if isinstance(attrs.get(k), str) and attrs[k]), "")
    status = span.get("status") or {}
    code = status.get("code") if isinstance(status, dict) else None
    given = attrs.get("error.type")
    error_type = given if isinstance(given, str) else ""
    is_error = code in oa.ERROR_STATUS_CODES or bool(error_type)
    if is_error and not error_type:
        from netra_core.workloads.ingest.otlp import exception_type

        error_type = exception_type(span) or oa.UNKNOWN_ERROR_TYPE
    parent = span.get("parentSpanId")
    name = span.get("name")
    workload = res_attrs.get("service.name")
    return {
        "trace_id": trace,
        "span_id": span_id,
        "parent_span_id": parent if isinstance(parent, str) else "",
        "name": name if isinstance(name, str) else "",
        "kind": kind,
        "entity_name": entity,
        "workload": workload if isinstance(workload, str) else "",
        "ts": begin,
        "latency_ms": latency,
        "status": "error" if is_error else "ok",
        "error_type": error_type,
    }


def spans_table(rows: list[dict[str, Any]]) -> pa.Table:
    """Trace-context rows as a table in SPAN_SCHEMA."""
    return pa.Table.from_pylist([r for r in rows if r], schema=SPAN_SCHEMA)


def empty_spans() -> pa.Table:
    return SPAN_SCHEMA.empty_table()


def usable(table: pa.Table) -> pa.Table:
    """Rows a columnar decoder built, minus those the line parser's `context_row` would not keep."""

    def known(mask: pa.Array) -> pa.Array:
        return pc.fill_null(mask, False)

    keep = pc.and_(
        pc.and_(known(pc.not_equal(table["trace_id"], "")), known(pc.not_equal(table["span_id"], ""))),
        pc.and_(known(pc.greater_equal(table["ts"], 0)), known(pc.greater_equal(table["latency_ms"], 0.0))),
    )
    return table.filter(keep).cast(SPAN_SCHEMA)


class StagedSpans(ArrowStage):
    """A local Arrow file of the run's trace-context rows, beside its staged events."""

    def __init__(self, directory: Path) -> None:
        super().__init__(directory / "spans.arrow", _STAGED_SCHEMA)

    def append(self, batch: pa.Table) -> None:
        """Add one chunk of span rows (their `ts` in nanoseconds, staged as milliseconds)."""
        if batch.num_rows == 0:
            return
        ms = pc.divide(batch["ts"], 1_000_000).cast(pa.timestamp("ms", tz="UTC"))
        super().append(batch.set_column(SPAN_NAMES.index("ts"), "ts", ms))


def staging_structure() -> str:
    return ", ".join(f"{f} {_CH_TYPES.get(f, 'String')}" for f in SPAN_NAMES)


def move_spans(client: Client, staged: StagedSpans, org_id: str, *, is_embedded: bool, ingest_id: str) -> int:
    """Move the staged spans into trace_spans (after the run's events); returns the rows written.

    Skips spans the org has already (trace and span id) and repeats inside the run; keeps app spans only in
    traces with a GenAI span (see the module's text). Every row carries `ingest_id`.
    """
    staged.close()
    if staged.rows == 0:
        return 0
    params: dict[str, Any] = {"org": org_id, "path": str(staged.path), "ingest": ingest_id}
    table = None
    if is_embedded:
        source = "file({path:String}, 'Arrow', {structure:String})"
        params["structure"] = staging_structure()
    else:
        from netra_core.workloads.recovery import staging_table_name

        table = staging_table_name(ingest_id) + SPANS_STAGING_SUFFIX
        _command(client, f"CREATE TABLE {table} ({staging_structure()}) ENGINE = MergeTree ORDER BY tuple()")
        with staged.path.open("rb") as fh:
            client.raw_insert(table, None, insert_block=fh, fmt="Arrow")
        source = table
    cols = ", ".join(SPAN_NAMES)
    traces = f"(SELECT trace_id FROM {source})"
    has_genai = (  # a model call or an agent/tool span in the trace: staged now, or stored (this run's events too)
        f"trace_id IN (SELECT trace_id FROM {source} WHERE kind != {{other:String}}) "
        f"OR trace_id IN (SELECT trace_id FROM workload_events WHERE org_id = {{org:String}} AND trace_id IN {traces}) "
        f"OR trace_id IN (SELECT trace_id FROM trace_spans WHERE org_id = {{org:String}} "
        f"AND kind != {{other:String}} AND trace_id IN {traces})"
    )
    sql = (
        f"INSERT INTO trace_spans (org_id, {cols}, ingest_id) SELECT {{org:String}}, {cols}, {{ingest:String}} "
        f"FROM {source} WHERE (trace_id, span_id) NOT IN (SELECT trace_id, span_id FROM trace_spans "
        f"WHERE org_id = {{org:String}} AND trace_id IN {traces}) "
        f"AND (kind != {{other:String}} OR {has_genai}) "
        f"LIMIT 1 BY trace_id, span_id"
    )
    try:
        _command(client, sql, params | {"other": oa.OTHER_KIND})
        rows = query_rows(
            client,
            "SELECT count() FROM trace_spans WHERE org_id = {org:String} AND ingest_id = {ingest:String}",
            {"org": org_id, "ingest": ingest_id},
        )
        return int(rows[0][0])
    finally:
        if table is not None:
            _command(client, f"DROP TABLE IF EXISTS {table}")


def _command(client: Client, sql: str, parameters: dict[str, Any] | None = None) -> None:
    try:
        client.command(sql, parameters=parameters or {})
    except ClickHouseError as exc:
        raise WorkloadStoreError(f"Ingest could not write trace spans to the workload store: {exc}") from exc
