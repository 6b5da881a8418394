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
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
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


TOO_DEEP = "JSON nested too deeply to read (more levels of [ or { than Python's parser allows)"


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Turn a failure of the file itself (a cut gzip stream, a read error, JSON nested without end) into a
    FileError naming the file: without it click shows a cut .gz as a bare "Aborted!" (an EOFError)."""
    try:
        yield
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise FileError(IngestIssue(path.name, f"the gzip file is truncated or corrupt ({exc})")) from exc
    except OSError as exc:
        raise FileError(IngestIssue(path.name, f"cannot read the file ({exc.strerror or exc})")) from exc
    except RecursionError as exc:
        raise FileError(IngestIssue(path.name, TOO_DEEP)) from exc


@dataclass
class RawChunk:
    """Rows read from one file, before validation."""

    table: pa.Table
    locations: np.ndarray  # line numbers (CSV, JSON) or 1-based row numbers (Parquet)
    bytes_done: int
    issues: list[IngestIssue] = field(default_factory=list)  # structural problems, one rejected row each
    skipped_spans: int = 0  # spans that are not model calls (HTTP, app logic)
    agent_spans: int = 0  # agent, tool and chain spans: not model calls either, counted apart
    engine_bodies: int = 0  # OTLP protobuf bodies the engine decoded (fmt otlp_protobuf)
    fallback_bodies: int = 0  # ... and those the Python reader decoded instead
    spans: pa.Table | None = None  # OTLP spans that are not model calls, as trace context (trace_spans.SPAN_SCHEMA)


def decompressed_limit_issue(path: Path, max_bytes: int) -> IngestIssue:
    """The error for a compressed file that expands past the cap (a zip bomb, or a file to split)."""
    return IngestIssue(
        path.name,
        f"decompresses to more than {max_bytes / 2**20:,.0f} MiB, the limit (NETRA_INGEST_MAX_DECOMPRESSED_MB); "
        "split the file or raise the limit",
    )


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


def iter_csv(path: Path, columns: list[str], chunk_rows: int, *, max_bytes: int | None = None) -> Iterator[RawChunk]:
    """CSV rows as binary columns (decoded and checked later, so bad bytes get a line number).

    The file is cut into blocks of whole lines, each parsed on its own: memory stays a few blocks
    (Arrow's streaming reader reads dozens of blocks ahead of a slower consumer), and every row
    keeps the number of the line it is on, blank lines included.
    """
    pending: list[pa.Table] = []
    pending_lines: list[np.ndarray] = []
    issues: list[IngestIssue] = []
    rows = done = 0
    for block in iter_line_blocks(path, block_bytes=CSV_BLOCK_BYTES, max_line=MAX_LINE_BYTES, max_bytes=max_bytes):
        if block.issues:
            message = f"a row is longer than {MAX_LINE_BYTES // 2**20} MiB, or a quoted value never ends"
            raise FileError(IngestIssue(path.name, message, line=block.issues[0].line))
        table, lines, malformed = _csv_block(path, block, columns)
        issues += malformed
        pending.append(table)
        pending_lines.append(lines)
        rows, done = rows + table.num_rows, block.bytes_done
        if rows >= chunk_rows:
            yield RawChunk(_concat(pending), np.concatenate(pending_lines), done, issues)
            pending, pending_lines, issues, rows = [], [], [], 0
    if rows or issues:
        yield RawChunk(_concat(pending), np.concatenate(pending_lines), done, issues)


def _csv_block(path: Path, block: LineBlock, columns: list[str]) -> tuple[pa.Table, np.ndarray, list[IngestIssue]]:
    """The rows of one block of lines, the line each is on, and its malformed rows (skipped)."""
    starts, numbers = line_numbers(block)
    is_first = block.first_line == 1
    if is_first:  # the header: its names are given to the parser
        keep = numbers != 1
        starts, numbers = starts[keep], numbers[keep]
    malformed: list[tuple[str, IngestIssue]] = []

    def on_invalid_row(row: Any) -> str:
        text = f"expected {row.expected_columns} columns, found {row.actual_columns} (truncated or malformed row)"
        malformed.append((row.text, IngestIssue(path.name, text, value=show_value(row.text))))
        return "skip"

    try:
        table = pacsv.read_csv(
            pa.BufferReader(block.data),
            # One thread: malformed rows reach the handler in file order.
            read_options=pacsv.ReadOptions(
                column_names=columns, skip_rows=int(is_first), block_size=CSV_BLOCK_BYTES, use_threads=False
            ),
            parse_options=pacsv.ParseOptions(invalid_row_handler=on_invalid_row),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(columns, pa.binary()), strings_can_be_null=False
            ),
        )
    except pa.ArrowInvalid as exc:
        last = int(block.first_line + len(block.line_ends()) - 1)
        message = f"cannot parse the CSV (lines {block.first_line}-{last}): {exc}"
        raise FileError(IngestIssue(path.name, message, line=block.first_line)) from exc
    issues: list[IngestIssue] = []
    if malformed:
        is_row, issues = _place_malformed(block.data.to_pybytes(), starts, numbers, malformed)
        numbers = numbers[is_row]
    if len(numbers) != table.num_rows:  # the parser also ends rows at a lone "\r": number rows in order
        numbers = block.first_line + int(is_first) + np.arange(table.num_rows, dtype=np.int64)
    return table, numbers, issues


def _place_malformed(
    data: bytes, starts: np.ndarray, numbers: np.ndarray, malformed: list[tuple[str, IngestIssue]]
) -> tuple[np.ndarray, list[IngestIssue]]:
    """Which non-blank lines are rows, and the malformed rows' issues with their line numbers.

    The parser skips blank lines as `line_numbers` does, so rows and non-blank lines pair up in
    order; each malformed row is the next line holding its text.
    """
    is_row = np.ones(len(numbers), dtype=bool)
    issues = []
    at = 0
    for text, issue in malformed:
        wanted = text.encode("utf-8").rstrip(b"\r")
        while at < len(numbers):
            start = int(starts[at])
            if data[start : data.index(b"\n", start)].rstrip(b"\r") == wanted:
                break
            at += 1
        if at == len(numbers):  # not found (cannot happen with the parser's own text): no line then
            issues.append(issue)
            continue
        is_row[at] = False
        issues.append(replace(issue, line=int(numbers[at])))
        at += 1
    return is_row, issues


def _concat(tables: list[pa.Table]) -> pa.Table:
    return tables[0] if len(tables) == 1 else pa.concat_tables(tables)


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

    data: pa.Buffer  # ends with a newline (or is empty)
    first_line: int
    bytes_done: int
    issues: list[IngestIssue] = field(default_factory=list)
    ends: np.ndarray | None = None  # offsets of the newlines in `data`, when the reader found them

    def line_ends(self) -> np.ndarray:
        """Offsets of every newline in the block."""
        if self.ends is None:
            self.ends = np.flatnonzero(np.frombuffer(self.data, dtype=np.uint8) == 10)
        return self.ends


def iter_line_blocks(
    path: Path, block_bytes: int = JSON_BLOCK_BYTES, max_line: int = MAX_LINE_BYTES, max_bytes: int | None = None
) -> Iterator[LineBlock]:
    """Blocks of whole lines; a line over `max_line` bytes is reported and skipped without loading it.

    `bytes_done` of each block is how far through the file (its own bytes) reading has got. A `.gz`
    file that expands past `max_bytes` raises FileError (a small file must not fill the disk).
    """
    if path.suffix == ".gz":
        yield from _iter_stream_blocks(path, block_bytes, max_line, max_bytes)
        return
    # A plain file is read by offset into Arrow buffers: a block ends at its last newline and the
    # next read starts right after it, so no bytes are copied in Python and a block is never joined.
    with pa.OSFile(str(path)) as fh:
        size = fh.size()
        pos, line_no, want = 0, 1, block_bytes
        while pos < size:
            fh.seek(pos)
            buf = fh.read_buffer(want)
            ends = np.flatnonzero(np.frombuffer(buf, dtype=np.uint8) == 10)
            if len(ends):
                last = int(ends[-1]) + 1
                yield LineBlock(buf.slice(0, last), line_no, pos + last, ends=ends)
                pos, line_no, want = pos + last, line_no + len(ends), block_bytes
            elif len(buf) > max_line:
                issue = IngestIssue(
                    path.name, f"line is longer than {max_line // 2**20} MiB (not loaded)", line=line_no
                )
                # Reported first: a caller that stops at it never reads the rest of the line.
                yield LineBlock(pa.py_buffer(b""), line_no + 1, pos + len(buf), [issue])
                fh.seek(pos + len(buf))
                pos += len(buf) + _skip_to_newline(fh)
                line_no, want = line_no + 1, block_bytes
            elif pos + len(buf) >= size:  # the last line has no newline
                yield LineBlock(pa.py_buffer(buf.to_pybytes() + b"\n"), line_no, size)
                return
            else:  # a line longer than a block but maybe within the cap: read it whole
                want = max_line + 1


def _iter_stream_blocks(path: Path, block_bytes: int, max_line: int, max_bytes: int | None) -> Iterator[LineBlock]:
    """Blocks of whole lines from a gzip stream; progress is counted in the file's own (compressed) bytes."""
    with path.open("rb") as raw, gzip.GzipFile(fileobj=raw, mode="rb") as fh:
        carry = b""
        line_no = 1  # line number of the first line in `carry`
        expanded = 0
        while True:
            piece = fh.read(block_bytes)
            done = raw.tell()
            expanded += len(piece)
            if max_bytes is not None and expanded > max_bytes:
                raise FileError(decompressed_limit_issue(path, max_bytes))
            if not piece:
                if carry:
                    yield LineBlock(pa.py_buffer(carry + b"\n"), line_no, done)
                return
            buf = carry + piece
            cut = buf.rfind(b"\n")
            if cut < 0:
                if len(buf) > max_line:
                    issue = IngestIssue(
                        path.name, f"line is longer than {max_line // 2**20} MiB (not loaded)", line=line_no
                    )
                    yield LineBlock(pa.py_buffer(b""), line_no + 1, done, [issue])
                    _skip_to_newline(fh)
                    carry, line_no = b"", line_no + 1
                else:
                    carry = buf
                continue
            block, carry = buf[: cut + 1], buf[cut + 1 :]
            yield LineBlock(pa.py_buffer(block), line_no, done)
            line_no += block.count(b"\n")


def _skip_to_newline(fh: Any) -> int:
    """Read past the next newline; the bytes consumed (the file is left just after the newline)."""
    skipped = 0
    while True:
        piece: bytes = fh.read(16 * 1024 * 1024)
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
    ends = block.line_ends()
    starts = np.concatenate(([0], ends[:-1] + 1))
    lengths = ends - starts
    non_blank = lengths > 0
    if non_blank.any():
        # A line holding only "\r" (Windows line ends) is blank too.
        single = lengths == 1
        non_blank &= ~(single & (arr[np.minimum(starts, len(arr) - 1)] == 13))
    numbers = block.first_line + np.arange(len(ends), dtype=np.int64)
    return starts[non_blank], numbers[non_blank]


def iter_jsonl(path: Path, *, max_bytes: int | None = None) -> Iterator[RawChunk]:
    """JSON lines: each block parsed by Arrow's C++ parser, or line by line when it objects."""
    for block in iter_line_blocks(path, max_bytes=max_bytes):
        _, numbers = line_numbers(block)
        if not len(numbers):
            yield RawChunk(pa.table({}), np.empty(0, np.int64), block.bytes_done, block.issues)
            continue
        # Arrow's JSON parser does not check UTF-8: look first (cheap for ASCII), name the line below.
        table = _fast_json(block.data) if is_utf8(block.data) else None
        if table is not None and table.num_rows == len(numbers):
            yield RawChunk(table, numbers, block.bytes_done, block.issues)
            continue
        table, locs, issues = _slow_json(block, path)
        yield RawChunk(table, locs, block.bytes_done, block.issues + issues)


def is_utf8(data: pa.Buffer) -> bool:
    """Whether the bytes are valid UTF-8 (checked by Arrow, without a Python copy)."""
    if not len(data) or int(np.frombuffer(data, dtype=np.uint8).max()) < 0x80:
        return True
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
    try:
        pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, data]).cast(pa.large_string())
    except pa.ArrowInvalid:
        return False
    return True


def _fast_json(data: pa.Buffer) -> pa.Table | None:
    try:
        return pajson.read_json(
            pa.BufferReader(data),
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
    for number, raw in enumerate(block.data.to_pybytes().split(b"\n"), start=block.first_line):
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
        except RecursionError:
            issues.append(IngestIssue(path.name, TOO_DEEP, line=number, value=show_value(raw)))
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
