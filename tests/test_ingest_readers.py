"""The line-block reader, the read-ahead thread and integer timestamps, on real files."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from netra_core.errors import IngestRejectedError
from netra_core.workloads.ingest import IngestProgress, IngestReport, ingest_files, readers
from netra_core.workloads.ingest.prefetch import prefetched
from netra_core.workloads.ingest.readers import is_utf8, iter_line_blocks, line_numbers
from netra_core.workloads.store import WorkloadStore
from tests.test_ingest_builders import fetch_events, make_events, write_events

TEXT = b"first\n\nsecond line\r\n\r\nthird, a little longer than the others\n\n\nlast without a newline"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    if name.endswith(".gz"):
        with gzip.open(path, "wb") as fh:
            fh.write(data)
    else:
        path.write_bytes(data)
    return path


def _lines(path: Path, **kwargs: int) -> tuple[list[tuple[int, bytes]], list[str]]:
    """(line number, text) of every non-blank line, and the issues, as the blocks give them."""
    found: list[tuple[int, bytes]] = []
    issues: list[str] = []
    for block in iter_line_blocks(path, **kwargs):
        issues += [str(i) for i in block.issues]
        data = block.data.to_pybytes()
        assert data == b"" or data.endswith(b"\n")
        starts, numbers = line_numbers(block)
        for start, number in zip(starts.tolist(), numbers.tolist(), strict=True):
            found.append((number, data[start : data.index(b"\n", start)].rstrip(b"\r")))
    return found, issues


@pytest.mark.parametrize("name", ["t.txt", "t.txt.gz"])
@pytest.mark.parametrize("block_bytes", [7, 16, 50, 1 << 20])
def test_blocks_hold_whole_lines_with_their_numbers(tmp_path: Path, name: str, block_bytes: int) -> None:
    path = _write(tmp_path, name, TEXT)
    want = [(i + 1, line.rstrip(b"\r")) for i, line in enumerate(TEXT.split(b"\n")) if line.strip(b"\r")]
    assert _lines(path, block_bytes=block_bytes, max_line=1000) == (want, [])


@pytest.mark.parametrize("name", ["t.txt", "t.txt.gz"])
def test_a_line_over_the_cap_is_reported_and_the_next_lines_keep_their_numbers(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path, name, b"a" * 10 + b"\n" + b"b" * 300 + b"\n" + b"c" * 10 + b"\n" + b"d" * 400)
    found, issues = _lines(path, block_bytes=64, max_line=100)
    assert found == [(1, b"a" * 10), (3, b"c" * 10)]
    assert issues == [
        f"{path.name} line 2: line is longer than 0 MiB (not loaded)",
        f"{path.name} line 4: line is longer than 0 MiB (not loaded)",
    ]


def test_utf8_check() -> None:
    assert is_utf8(pa.py_buffer("naïve café".encode())) and is_utf8(pa.py_buffer(b""))
    assert not is_utf8(pa.py_buffer(b"caf\xe9")) and not is_utf8(pa.py_buffer("é".encode()[:1]))


def test_read_ahead_keeps_order_and_raises_where_the_reader_failed() -> None:
    def items() -> Iterator[int]:
        yield from range(5)
        raise ValueError("bad block")

    seen = []
    with pytest.raises(ValueError, match="bad block"):
        for item in prefetched(items()):
            seen.append(item)
    assert seen == [0, 1, 2, 3, 4]


def test_read_ahead_stops_the_reader_when_the_consumer_stops() -> None:
    produced: list[int] = []
    closed = threading.Event()

    def items() -> Iterator[int]:
        try:
            for i in range(1000):
                produced.append(i)
                yield i
        finally:
            closed.set()

    chunks = prefetched(items(), depth=1)
    assert [next(chunks), next(chunks)] == [0, 1]
    chunks.close()  # what a `for` loop left by an exception does
    assert closed.is_set() and len(produced) <= 4
    assert not any(t.name == "netra-ingest-read" for t in threading.enumerate())


def test_integer_epoch_nanoseconds_in_json_lines(store: WorkloadStore, tmp_path: Path) -> None:
    """Regression: integer nanoseconds (beyond float64's exact integers) crashed the ts conversion."""
    path = tmp_path / "ns.jsonl"
    path.write_text(
        '{"event_id": "n1", "ts": 1793523600123000000, "model": "gpt-4o", "prompt_tokens": 1, "completion_tokens": 1}\n'
        '{"event_id": "n2", "ts": 1793523600, "model": "gpt-4o", "prompt_tokens": 1, "completion_tokens": 1}\n'
    )
    assert ingest_files(store, [path], "acme").rows_written == 2
    stored = fetch_events(store, "acme").set_index("event_id")["ts"]
    assert stored["n1"] == pd.Timestamp("2026-11-01T09:00:00.123") and stored["n2"] == pd.Timestamp("2026-11-01T09:00")


def test_csv_errors_name_the_exact_line_past_blank_lines_and_malformed_rows(
    store: WorkloadStore, tmp_path: Path
) -> None:
    good = "{},2026-11-01T00:00:00Z,gpt-4o,10,5\r\n"
    lines = [
        "event_id,ts,model,prompt_tokens,completion_tokens\r\n",
        good.format("a"),
        "\r\n",
        "\n",
        good.format("b"),
        "c,2026-11-01T00:00:00Z,gpt-4o\r\n",
        "   \r\n",
        good.format("d"),
        "e,2026-11-01T00:00:00Z,gpt-4o,ten,5\r\n",
        good.format("f"),
    ]
    path = tmp_path / "gaps.csv"
    path.write_text("".join(lines), newline="")
    with pytest.raises(IngestRejectedError) as caught:
        ingest_files(store, [path], "acme", chunk_rows=2)
    report = caught.value.report
    assert isinstance(report, IngestReport)
    assert [str(e) for e in report.errors] == [
        "gaps.csv line 6: expected 5 columns, found 3 (truncated or malformed row)",
        "gaps.csv line 7: expected 5 columns, found 1 (truncated or malformed row)",
        "gaps.csv line 9: prompt_tokens 'ten': not a number",
    ]
    written = ingest_files(store, [path], "acme", skip_invalid=True)
    assert (written.rows_written, written.rows_rejected) == (4, 3)
    assert sorted(fetch_events(store, "acme")["event_id"]) == ["a", "b", "d", "f"]


def test_gzipped_files_report_progress_in_their_own_bytes(
    store: WorkloadStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "CSV_BLOCK_BYTES", 256 * 1024)  # several blocks from a small file
    raw = write_events(make_events(40_000), tmp_path / "events.csv")
    path = _write(tmp_path, "events.csv.gz", raw.read_bytes())
    seen: list[IngestProgress] = []
    assert ingest_files(store, [path], "acme", progress=seen.append, chunk_rows=500).rows_written == 40_000
    reading = [p.bytes_done for p in seen if p.phase == "reading"]
    size = path.stat().st_size
    assert len(reading) >= 4 and reading == sorted(reading) and reading[0] < size / 2 and reading[-1] == size


def test_a_lone_carriage_return_inside_a_csv_value_is_an_error_not_a_crash(
    store: WorkloadStore, tmp_path: Path
) -> None:
    """The parser ends a row at a lone "\r" where lines do not end: both halves are malformed rows."""
    path = tmp_path / "cr.csv"
    path.write_bytes(b"event_id,ts,model,prompt_tokens,completion_tokens\na,2026-11-01T00:00:00Z,gpt\r-4o,1,1\n")
    with pytest.raises(IngestRejectedError) as caught:
        ingest_files(store, [path], "acme")
    report = caught.value.report
    assert isinstance(report, IngestReport) and report.error_count == 2
    assert all("expected 5 columns, found 3" in str(e) for e in report.errors)
