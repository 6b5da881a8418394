"""Streaming readers: CSV, Parquet and JSON lines in bounded chunks, never a whole file in memory.

Each reader yields RawChunk: an Arrow table with the file's own column names and raw types, the
line (or row) number of every row, and the structural problems met on the way (a line that is
not JSON, a row with the wrong number of columns, a line longer than the cap).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.json as pajson
import pyarrow.parquet as pq

from netra_core.workloads.ingest.report import IngestIssue, show_value

MAX_LINE_BYTES = 16 * 1024 * 1024  # a longer line is reported, never loaded
JSON_BLOCK_BYTES = 32 * 1024 * 1024
CSV_BLOCK_BYTES = MAX_LINE_BYTES  # pyarrow refuses a row longer than its block: the same cap
_FAST_JSON_BLOCK = 4 * 1024 * 1024


class FileError(Exception):
    """A file cannot be read at all; carries the issue to report."""

    def __init__(self, issue: IngestIssue) -> None:
        super().__init__(str(issue))
        self.issue = issue


@dataclass
class RawChunk:
    """Rows read from one file, before validation."""

    table: pa.Table
    locations: np.ndarray  # line numbers (CSV, JSON) or 1-based row numbers (Parquet)
    bytes_done: int
    issues: list[IngestIssue] = field(default_factory=list)  # structural problems, one rejected row each
    skipped_spans: int = 0


def open_binary(path: Path) -> IO[bytes]:
    """The file's bytes, gunzipped when it ends in .gz."""
    if path.suffix == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _decode_line(raw: bytes, path: Path, line: int) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileError(
            IngestIssue(path.name, f"not valid UTF-8 (byte {raw[exc.start]:#04x} at column {exc.start + 1})", line=line)
        ) from exc


def read_csv_header(path: Path) -> list[str]:
    """The column names on the first line (which may not exceed the line cap)."""
    with open_binary(path) as fh:
        first = fh.readline(MAX_LINE_BYTES + 1)
    if not first.strip():
        raise FileError(IngestIssue(path.name, "the file is empty (no header line)", line=1))
    if len(first) > MAX_LINE_BYTES:
        raise FileError(IngestIssue(path.name, f"line is longer than {MAX_LINE_BYTES // 2**20} MiB", line=1))
    names = next(csv.reader([_decode_line(first, path, 1).rstrip("\r\n")]))
    return [n.strip() for n in names]


def iter_csv(path: Path, columns: list[str], chunk_rows: int) -> Iterator[RawChunk]:
    """CSV rows as binary columns (decoded and checked later, so bad bytes get a line number)."""
    invalid: list[IngestIssue] = []
    invalid_lines: list[int] = []

    def on_invalid_row(row: Any) -> str:
        line = int(row.number) if row.number is not None else None
        if line is not None:
            invalid_lines.append(line)
        invalid.append(
            IngestIssue(
                path.name,
                f"expected {row.expected_columns} columns, found {row.actual_columns} (truncated or malformed row)",
                line=line,
                value=show_value(row.text),
            )
        )
        return "skip"

    raw_file = pa.OSFile(str(path))
    # Progress is measured on the file's own bytes (a gzip stream cannot tell its position).
    source = pa.CompressedInputStream(raw_file, "gzip") if path.suffix == ".gz" else raw_file
    total_rows = 0
    try:
        # Single-threaded parsing is as fast here (conversion is deferred) and reports the line
        # number of malformed rows, which keeps every later row's line number exact.
        reader = pacsv.open_csv(
            source,
            read_options=pacsv.ReadOptions(block_size=CSV_BLOCK_BYTES, use_threads=False),
            parse_options=pacsv.ParseOptions(invalid_row_handler=on_invalid_row),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(columns, pa.binary()),
                include_columns=columns,
                strings_can_be_null=False,
            ),
        )
        pending: list[pa.RecordBatch] = []
        pending_rows = 0
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            pending.append(batch)
            pending_rows += batch.num_rows
            if pending_rows >= chunk_rows:
                yield _csv_chunk(pending, total_rows, invalid_lines, raw_file.tell(), invalid)
                total_rows += pending_rows
                pending, pending_rows, invalid = [], 0, []
        if pending or invalid:
            yield _csv_chunk(pending, total_rows, invalid_lines, raw_file.tell(), invalid)
    except pa.ArrowInvalid as exc:
        text = str(exc)
        if "straddling" in text or "block" in text:
            message = f"a row is longer than {MAX_LINE_BYTES // 2**20} MiB, or a quoted value never ends"
        else:
            message = f"cannot parse the CSV: {text}"
        raise FileError(IngestIssue(path.name, message, line=total_rows + len(invalid_lines) + 2)) from exc
    finally:
        source.close()
        raw_file.close()


def _csv_chunk(
    batches: list[pa.RecordBatch],
    rows_before: int,
    invalid_lines: list[int],
    bytes_done: int,
    issues: list[IngestIssue],
) -> RawChunk:
    table = pa.Table.from_batches(batches) if batches else pa.table({})
    # Row k (0-based, valid rows only) is on line k + 2 plus the malformed lines before it.
    ordinals = np.arange(rows_before, rows_before + table.num_rows, dtype=np.int64)
    inv = np.asarray(invalid_lines, dtype=np.int64)
    shifts = np.searchsorted(inv - 2 - np.arange(len(inv)), ordinals, side="right") if len(inv) else 0
    return RawChunk(table, ordinals + 2 + shifts, bytes_done, list(issues))


def read_parquet_columns(path: Path) -> list[str]:
    """The column names of a Parquet file (its footer must be intact)."""
    try:
        return list(pq.ParquetFile(str(path)).schema_arrow.names)
    except (pa.ArrowInvalid, OSError) as exc:
        raise FileError(IngestIssue(path.name, f"not a readable Parquet file (truncated or corrupt): {exc}")) from exc


def iter_parquet(path: Path, columns: list[str], chunk_rows: int) -> Iterator[RawChunk]:
    """Parquet rows by batches of `chunk_rows`; locations are 1-based row numbers."""
    try:
        pfile = pq.ParquetFile(str(path))
        size = path.stat().st_size
        total = max(pfile.metadata.num_rows, 1)
        done = 0
        for batch in pfile.iter_batches(batch_size=chunk_rows, columns=columns):
            table = pa.Table.from_batches([batch])
            locations = np.arange(done + 1, done + 1 + table.num_rows, dtype=np.int64)
            done += table.num_rows
            yield RawChunk(table, locations, int(size * done / total))
    except (pa.ArrowInvalid, OSError) as exc:
        raise FileError(IngestIssue(path.name, f"cannot read the Parquet file: {exc}", row=done + 1)) from exc


@dataclass
class LineBlock:
    """Whole lines from a text file: the bytes, the line number of the first, and problems met."""

    data: bytes
    first_line: int
    bytes_done: int
    issues: list[IngestIssue] = field(default_factory=list)


def iter_line_blocks(
    path: Path, block_bytes: int = JSON_BLOCK_BYTES, max_line: int = MAX_LINE_BYTES
) -> Iterator[LineBlock]:
    """Blocks of whole lines; a line over `max_line` bytes is reported and skipped without loading it."""
    with open_binary(path) as fh:
        carry = b""
        line_no = 1  # line number of the first line in `carry`
        done = 0
        while True:
            piece = fh.read(block_bytes)
            done += len(piece)
            if not piece:
                if carry:
                    yield LineBlock(carry + b"\n", line_no, done)
                return
            buf = carry + piece
            cut = buf.rfind(b"\n")
            if cut < 0:
                if len(buf) > max_line:
                    issue = IngestIssue(
                        path.name, f"line is longer than {max_line // 2**20} MiB (not loaded)", line=line_no
                    )
                    done += _skip_to_newline(fh)
                    yield LineBlock(b"", line_no + 1, done, [issue])
                    carry, line_no = b"", line_no + 1
                else:
                    carry = buf
                continue
            block, carry = buf[: cut + 1], buf[cut + 1 :]
            yield LineBlock(block, line_no, done)
            line_no += block.count(b"\n")


def _skip_to_newline(fh: IO[bytes]) -> int:
    skipped = 0
    while True:
        piece = fh.read(16 * 1024 * 1024)
        if not piece:
            return skipped
        cut = piece.find(b"\n")
        if cut >= 0:
            # Re-reading the rest of this piece is simpler than keeping it: seek back when we can.
            if fh.seekable():
                fh.seek(cut + 1 - len(piece), io.SEEK_CUR)
            return skipped + cut + 1
        skipped += len(piece)


def line_numbers(block: LineBlock) -> tuple[np.ndarray, np.ndarray]:
    """(start offset, line number) of every non-blank line in the block."""
    arr = np.frombuffer(block.data, dtype=np.uint8)
    ends = np.flatnonzero(arr == 10)
    starts = np.concatenate(([0], ends[:-1] + 1))
    lengths = ends - starts
    non_blank = lengths > 0
    if non_blank.any():
        # A line holding only "\r" (Windows line ends) is blank too.
        single = lengths == 1
        non_blank &= ~(single & (arr[np.minimum(starts, len(arr) - 1)] == 13))
    numbers = block.first_line + np.arange(len(ends), dtype=np.int64)
    return starts[non_blank], numbers[non_blank]


def iter_jsonl(path: Path) -> Iterator[RawChunk]:
    """JSON lines: each block parsed by Arrow's C++ parser, or line by line when it objects."""
    for block in iter_line_blocks(path):
        if not block.data.strip():
            yield RawChunk(pa.table({}), np.empty(0, np.int64), block.bytes_done, block.issues)
            continue
        _, numbers = line_numbers(block)
        # Arrow's JSON parser does not check UTF-8: look first (free for ASCII), name the line below.
        table = _fast_json(block.data) if _is_utf8(block.data) else None
        if table is not None and table.num_rows == len(numbers):
            yield RawChunk(table, numbers, block.bytes_done, block.issues)
            continue
        table, locs, issues = _slow_json(block, path)
        yield RawChunk(table, locs, block.bytes_done, block.issues + issues)


def _is_utf8(data: bytes) -> bool:
    if data.isascii():
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _fast_json(data: bytes) -> pa.Table | None:
    try:
        return pajson.read_json(
            io.BytesIO(data),
            read_options=pajson.ReadOptions(block_size=_FAST_JSON_BLOCK),
            parse_options=pajson.ParseOptions(newlines_in_values=False, unexpected_field_behavior="infer"),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None


def _slow_json(block: LineBlock, path: Path) -> tuple[pa.Table, np.ndarray, list[IngestIssue]]:
    """Parse line by line to name each bad line; values of mixed types become strings."""
    rows: list[dict[str, Any]] = []
    locs: list[int] = []
    issues: list[IngestIssue] = []
    for number, raw in enumerate(block.data.split(b"\n"), start=block.first_line):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            issues.append(IngestIssue(path.name, f"not valid UTF-8 (byte {raw[exc.start]:#04x})", line=number))
            continue
        except json.JSONDecodeError as exc:
            issues.append(
                IngestIssue(
                    path.name, f"not valid JSON ({exc.msg} at column {exc.colno})", line=number, value=show_value(raw)
                )
            )
            continue
        if not isinstance(value, dict):
            issues.append(IngestIssue(path.name, f"expected a JSON object, found {type(value).__name__}", line=number))
            continue
        rows.append(value)
        locs.append(number)
    return rows_to_table(rows), np.asarray(locs, dtype=np.int64), issues


def rows_to_table(rows: list[dict[str, Any]]) -> pa.Table:
    """Dicts to an Arrow table; a key whose values have mixed types becomes strings."""
    keys: dict[str, None] = {}
    for row in rows:
        keys.update(dict.fromkeys(row))
    columns: dict[str, pa.Array] = {}
    for key in keys:
        values = [row.get(key) for row in rows]
        try:
            columns[key] = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            columns[key] = pa.array(
                [None if v is None else v if isinstance(v, str) else json.dumps(v) for v in values], pa.string()
            )
    return pa.table(columns) if columns else pa.table({"_": pa.nulls(len(rows))}).drop_columns(["_"])
