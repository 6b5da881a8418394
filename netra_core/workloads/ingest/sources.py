"""Which format a file is in, and the chunks of rows it holds, with their column mapping."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from netra_core.workloads.ingest.columns import ColumnMapping, describe_aliases, normalise_name, resolve_columns
from netra_core.workloads.ingest.json_array import iter_array_items
from netra_core.workloads.ingest.litellm import adapt_litellm, is_litellm_columns
from netra_core.workloads.ingest.otlp import is_otlp_line, iter_otlp
from netra_core.workloads.ingest.readers import (
    MAX_LINE_BYTES,
    FileError,
    RawChunk,
    iter_csv,
    iter_jsonl,
    iter_parquet,
    open_binary,
    read_csv_header,
    read_parquet_columns,
    reading,
    rows_to_table,
)
from netra_core.workloads.ingest.report import IngestIssue

# otlp_protobuf: a file of length-delimited OTLP ExportTraceServiceRequest bodies (what the collector spools).
FORMATS = ("auto", "csv", "jsonl", "parquet", "otlp", "litellm", "otlp_protobuf")
# Elements of a JSON array become Python dicts before Arrow: a smaller chunk keeps that memory bounded.
JSON_ARRAY_CHUNK_ROWS = 50_000


@dataclass
class MappedChunk:
    """A raw chunk and how its columns map to event fields."""

    raw: RawChunk
    mapping: ColumnMapping
    location_kind: str  # "line" or "row"


def _base_suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def _first_line(path: Path) -> bytes:
    with open_binary(path) as fh:
        return fh.readline(64 * 1024)


def detect_format(path: Path, fmt: str = "auto") -> tuple[str, str]:
    """(format, container): format is csv|jsonl|parquet|otlp|litellm; container is csv|json|parquet."""
    with reading(path):
        return _detect_format(path, fmt)


def _detect_format(path: Path, fmt: str) -> tuple[str, str]:
    suffix = _base_suffix(path)
    if suffix in (".parquet", ".pq"):
        container = "parquet"
    elif suffix in (".csv", ".tsv"):
        container = "csv"
    elif suffix in (".jsonl", ".ndjson", ".json"):
        container = "json"
    else:
        with open_binary(path) as fh:
            head = fh.read(4)
        container = "parquet" if head == b"PAR1" else "json" if head.lstrip()[:1] in (b"{", b"[") else "csv"
    if fmt != "auto":
        if (
            fmt in ("csv", "jsonl", "parquet")
            and {"csv": "csv", "jsonl": "json", "parquet": "parquet"}[fmt] != container
        ):
            container = {"csv": "csv", "jsonl": "json", "parquet": "parquet"}[fmt]
        return fmt, container
    if container == "parquet":
        return "parquet", container
    if container == "csv":
        names = {normalise_name(n) for n in read_csv_header(path)}
        return ("litellm" if is_litellm_columns(names) else "csv"), container
    first = _first_line(path)
    if is_otlp_line(first):
        return "otlp", container
    if first.lstrip().startswith(b"["):
        with open_binary(path) as fh:
            head = fh.read(64 * 1024)
        is_spend_log = b'"spend"' in head and (b'"custom_llm_provider"' in head or b'"request_id"' in head)
        return ("litellm" if is_spend_log else "jsonl"), container
    try:
        keys = {normalise_name(k) for k in json.loads(first)}
    except (ValueError, TypeError, UnicodeDecodeError, RecursionError):
        return "jsonl", container
    return ("litellm" if is_litellm_columns(keys) else "jsonl"), container


def _require(mapping: ColumnMapping, path: Path, names: list[str]) -> None:
    missing = mapping.missing_required()
    if missing:
        wanted = "; ".join(f"{m} (any of: {describe_aliases(m)})" for m in missing)
        raise FileError(
            IngestIssue(
                path.name, f"missing required column(s) {wanted}; the file has {', '.join(names)[:300]}", line=1
            )
        )


def iter_mapped_chunks(
    path: Path, fmt: str, container: str, chunk_rows: int, *, is_events: bool = True, max_bytes: int | None = None
) -> Iterator[MappedChunk]:
    """Chunks of a file in any supported format, each with its column mapping.

    A file with nothing in it (empty, blank lines, a header or an empty array only) is a FileError, in
    every format alike: a user who loads a file expects its rows, and 0 written would hide a wrong export.
    """
    is_empty = True
    with reading(path):
        for chunk in _iter_mapped_chunks(path, fmt, container, chunk_rows, is_events=is_events, max_bytes=max_bytes):
            raw = chunk.raw
            is_empty = is_empty and not (len(raw.locations) or raw.issues or raw.skipped_spans or raw.agent_spans)
            yield chunk
    if is_empty:
        what = "events" if is_events else "eval results"
        raise FileError(IngestIssue(path.name, f"no {what} found (the file holds no rows)"))


def _iter_mapped_chunks(
    path: Path, fmt: str, container: str, chunk_rows: int, *, is_events: bool = True, max_bytes: int | None = None
) -> Iterator[MappedChunk]:
    """`max_bytes` caps how far a `.gz` file may expand (FileError past it)."""
    if fmt == "otlp":
        for raw in iter_otlp(path, max_bytes=max_bytes):
            yield MappedChunk(raw, resolve_columns(raw.table.column_names), "line")
        return
    if fmt == "otlp_protobuf":
        from netra_core.collector.engine_decode import iter_protobuf_chunks  # the engine's decoder of OTLP bodies

        for raw in iter_protobuf_chunks(path):
            yield MappedChunk(raw, resolve_columns(raw.table.column_names), "line")
        return
    is_litellm = fmt == "litellm"
    if container == "parquet":
        names = read_parquet_columns(path)
        mapping = resolve_columns(names)
        if is_events:
            _require(mapping, path, names)
        for raw in iter_parquet(path, names, chunk_rows):
            yield _adapted(raw, is_litellm, "row")
        return
    if container == "csv":
        names = read_csv_header(path)
        if len(set(names)) != len(names):
            dupes = sorted({n for n in names if names.count(n) > 1})
            raise FileError(IngestIssue(path.name, f"duplicate column names in the header: {', '.join(dupes)}", line=1))
        mapping = resolve_columns(names)
        if is_events:
            _require(mapping, path, names)
        for raw in iter_csv(path, names, chunk_rows, max_bytes=max_bytes):
            yield _adapted(raw, is_litellm, "line")
        return
    if _first_line(path).lstrip().startswith(b"["):
        yield from _iter_json_array(path, is_litellm, chunk_rows, max_bytes)
        return
    for raw in iter_jsonl(path, max_bytes=max_bytes):
        yield _adapted(raw, is_litellm, "line")


def _adapted(raw: RawChunk, is_litellm: bool, location_kind: str) -> MappedChunk:
    table = raw.table
    if is_litellm and table.num_rows:
        table = adapt_litellm(table)
        raw = RawChunk(table, raw.locations, raw.bytes_done, raw.issues, raw.skipped_spans, raw.agent_spans)
    return MappedChunk(raw, resolve_columns(table.column_names), location_kind)


def _iter_json_array(path: Path, is_litellm: bool, chunk_rows: int, max_bytes: int | None) -> Iterator[MappedChunk]:
    """A file holding one JSON array of objects (what LiteLLM's API returns), streamed element by element."""
    limit = max(1, min(chunk_rows, JSON_ARRAY_CHUNK_ROWS))
    rows: list[dict[str, object]] = []
    locs: list[int] = []
    issues: list[IngestIssue] = []
    done = 0
    for element, value, done in iter_array_items(path, max_bytes):
        if isinstance(value, dict):
            rows.append(value)
            locs.append(element)
        else:
            issues.append(IngestIssue(path.name, "expected a JSON object", row=element))
        if len(rows) + len(issues) >= limit:
            yield _adapted(
                RawChunk(rows_to_table(rows), np.asarray(locs, dtype=np.int64), done, issues), is_litellm, "row"
            )
            rows, locs, issues = [], [], []
    if rows or issues:
        yield _adapted(RawChunk(rows_to_table(rows), np.asarray(locs, dtype=np.int64), done, issues), is_litellm, "row")


__all__ = ["FORMATS", "MAX_LINE_BYTES", "FileError", "MappedChunk", "detect_format", "iter_mapped_chunks"]
