"""Bad input, tried for real: each is a clear error naming file, line and field, and the store is unchanged."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from netra_core.errors import IngestRejectedError
from netra_core.workloads.ingest import IngestReport, ingest_files
from netra_core.workloads.ingest.readers import MAX_LINE_BYTES
from netra_core.workloads.store import WorkloadStore
from tests.test_ingest_builders import FIXTURES, count_all, make_events, staging_tables, write_events

HEADER = "event_id,ts,model,prompt_tokens,completion_tokens\n"
GOOD = "e1,2026-11-01T00:00:00Z,gpt-4o,10,5\n"
GOOD_JSON = (
    '{"event_id": "a", "ts": "2026-11-01T00:00:00Z", "model": "gpt-4o", "prompt_tokens": 1, "completion_tokens": 1}\n'
)


def _text(name: str, body: str | bytes) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(body if isinstance(body, bytes) else body.encode())
        return path

    return build


def _one_line_of(size: int, name: str, head: bytes = b"") -> Callable[[Path], Path]:
    """A sparse file of `size` bytes with no newline: created instantly, and must never be loaded."""

    def build(tmp: Path) -> Path:
        path = tmp / name
        with path.open("wb") as fh:
            fh.write(head)
            fh.seek(size - 1)
            fh.write(b"x")
        return path

    return build


def _truncated_parquet(tmp: Path) -> Path:
    path = write_events(make_events(200), tmp / "cut.parquet")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _otlp(doc: object) -> Callable[[Path], Path]:
    return _text("traces.jsonl", json.dumps(doc) + "\n")


GB = 1024**3
CASES = {
    "wrong type": (
        _text("e.csv", HEADER + GOOD + "e2,2026-11-01T00:00:00Z,gpt-4o,ten,5\n"),
        "e.csv line 3: prompt_tokens 'ten': not a number",
    ),
    "negative tokens": (
        _text("e.csv", HEADER + GOOD + "e2,2026-11-01T00:00:00Z,gpt-4o,10,-5\n"),
        "e.csv line 3: completion_tokens '-5': is negative",
    ),
    "unparsable timestamp": (
        _text("e.csv", HEADER + "e2,last tuesday,gpt-4o,10,5\n" + GOOD),
        "e.csv line 2: ts 'last tuesday': not a timestamp",
    ),
    "missing required column": (
        _text("e.csv", "event_id,ts,prompt_tokens,completion_tokens\ne1,2026-11-01,1,1\n"),
        "e.csv line 1: missing required column(s) model",
    ),
    "empty model": (_text("e.csv", HEADER + "e2,2026-11-01T00:00:00Z,,10,5\n"), "e.csv line 2: model '': is empty"),
    "truncated csv": (
        _text("e.csv", HEADER + GOOD + "e2,2026-11-01T00:00:00Z,gpt"),
        "e.csv line 3: expected 5 columns, found 3",
    ),
    "truncated jsonl": (
        _text(
            "e.jsonl",
            json.dumps(
                {
                    "event_id": "a",
                    "ts": "2026-11-01T00:00:00Z",
                    "model": "gpt-4o",
                    "prompt_tokens": 1,
                    "completion_tokens": 1,
                }
            )
            + '\n{"event_id": "b", "ts',
        ),
        "e.jsonl line 2: not valid JSON",
    ),
    "truncated parquet": (_truncated_parquet, "cut.parquet: not a readable Parquet file"),
    "non-UTF-8 csv": (
        _text("e.csv", HEADER.encode() + GOOD.encode() + b"e2,2026-11-01T00:00:00Z,gpt-4\xff,10,5\n"),
        "e.csv line 3: model b'gpt-4\\xff': not valid UTF-8",
    ),
    "non-UTF-8 jsonl": (
        _text("e.jsonl", b'{"event_id": "a\xfe", "ts": 1, "model": "m", "prompt_tokens": 1, "completion_tokens": 1}\n'),
        "e.jsonl line 1: not valid UTF-8",
    ),
    "1 GB single-line jsonl": (
        _one_line_of(GB, "huge.jsonl", b'{"event_id": "'),
        f"huge.jsonl line 1: line is longer than {MAX_LINE_BYTES // 2**20} MiB",
    ),
    "1 GB single-line csv": (
        _one_line_of(GB, "huge.csv", HEADER.encode()),
        f"huge.csv line 2: a row is longer than {MAX_LINE_BYTES // 2**20} MiB",
    ),
    "json array of numbers": (_text("e.jsonl", "[1, 2, 3]\n"), "e.jsonl row 1: expected a JSON object"),
    "jsonl line that is not an object": (
        _text("e.jsonl", GOOD_JSON + "[1, 2]\n"),
        "e.jsonl line 2: expected a JSON object, found list",
    ),
    "otlp metrics not traces": (
        _otlp({"resourceMetrics": []}),
        "traces.jsonl line 1: not OTLP/JSON traces: no resourceSpans",
    ),
    "otlp spans not a list": (
        _otlp({"resourceSpans": [{"scopeSpans": [{"spans": {"a": 1}}]}]}),
        "resourceSpans[0].scopeSpans[0].spans must be a list",
    ),
    "otlp intValue not an integer": (
        _otlp(
            {
                "resourceSpans": [
                    {
                        "scopeSpans": [
                            {
                                "spans": [
                                    {
                                        "spanId": "s1",
                                        "attributes": [
                                            {"key": "gen_ai.usage.input_tokens", "value": {"intValue": "many"}}
                                        ],
                                    }
                                ]
                            }
                        ]
                    }
                ]
            }
        ),
        "traces.jsonl line 1: not OTLP/JSON traces: attribute 'gen_ai.usage.input_tokens' intValue 'many' is not an integer",
    ),
    "empty file": (_text("e.csv", ""), "e.csv line 1: the file is empty"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_rejected_whole_and_the_store_is_unchanged(
    store: WorkloadStore, tmp_path: Path, case: str
) -> None:
    ingest_files(store, [FIXTURES / "events.csv"], "acme")
    before = count_all(store)
    build, expected = CASES[case]
    path = build(tmp_path)
    fmt = "otlp" if case.startswith("otlp") else "auto"
    with pytest.raises(IngestRejectedError) as caught:
        ingest_files(store, [path], "acme", fmt=fmt)
    assert expected in str(caught.value), str(caught.value)
    report = caught.value.report
    assert isinstance(report, IngestReport) and report.error_count >= 1 and not report.is_written
    assert count_all(store) == before
    assert staging_tables(store) == []


def test_good_rows_are_not_written_when_another_file_is_bad(store: WorkloadStore, tmp_path: Path) -> None:
    good = write_events(make_events(50), tmp_path / "good.parquet")
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "x,2026-11-01T00:00:00Z,gpt-4o,1,oops\n")
    with pytest.raises(IngestRejectedError, match=re.escape("bad.csv line 2: completion_tokens 'oops'")):
        ingest_files(store, [good, bad], "acme")
    assert count_all(store) == 0


def test_first_twenty_errors_and_the_total_count(store: WorkloadStore, tmp_path: Path) -> None:
    df = make_events(300)
    df["prompt_tokens"] = df["prompt_tokens"].astype(object)
    df.loc[df.index[::10], "prompt_tokens"] = "n/a"  # 30 bad rows, spread over several chunks
    path = write_events(df, tmp_path / "events.csv")
    with pytest.raises(IngestRejectedError) as caught:
        ingest_files(store, [path], "acme", chunk_rows=50)
    report = caught.value.report
    assert report.error_count == 30 and len(report.errors) == 20
    assert [e.line for e in report.errors] == [2 + i for i in range(0, 200, 10)]
    assert "and 10 more" in str(caught.value)
    assert count_all(store) == 0


def test_skip_invalid_writes_valid_rows_and_a_rejects_file(store: WorkloadStore, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        HEADER + GOOD + "e2,2026-11-01T00:01:00Z,gpt-4o,-1,5\n" + "e3,2026-11-01T00:02:00Z,gpt-4o-mini,7,7\n"
        "e4,whenever,gpt-4o,1,1\n" + "e5,2026-11-01T00:03:00Z,gpt-4o\n"
    )
    report = ingest_files(store, [path], "acme", skip_invalid=True)
    assert (report.rows_written, report.rows_rejected, report.error_count) == (2, 3, 3)
    rejects = tmp_path / "events.csv.rejects.csv"
    assert report.files[0].rejects_path == str(rejects)
    with rejects.open() as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["location", "reason", "record"]
    by_line = {r[0]: r for r in rows[1:]}
    assert sorted(by_line) == ["line 3", "line 5", "line 6"]
    assert by_line["line 3"][1] == "prompt_tokens: is negative"
    assert json.loads(by_line["line 3"][2])["prompt_tokens"] == "-1"
    assert by_line["line 5"][1].startswith("ts: not a timestamp")
    assert by_line["line 6"][1].startswith("expected 5 columns, found 3")
    assert count_all(store) == 2


def test_skip_invalid_on_a_clean_file_leaves_no_rejects_file(store: WorkloadStore, tmp_path: Path) -> None:
    path = write_events(make_events(10), tmp_path / "events.jsonl")
    assert ingest_files(store, [path], "acme", skip_invalid=True).rows_written == 10
    assert not (tmp_path / "events.jsonl.rejects.csv").exists()
