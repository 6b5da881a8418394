"""Files that cannot be read (a cut gzip, JSON nested without end) and files with nothing in them: each a clear
error naming the file, the same in every format, and nothing written."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from netra_core.cli import main
from netra_core.errors import IngestRejectedError
from netra_core.workloads.ingest import ingest_files
from netra_core.workloads.ingest.evals import ingest_eval_files
from netra_core.workloads.store import WorkloadStore
from tests.test_ingest_builders import FIXTURES, count_all, make_events, staging_tables, write_events

DEEP = "[" * 200_000
HEADER = "event_id,ts,model,prompt_tokens,completion_tokens\n"
GOOD_JSON = (
    '{"event_id": "a", "ts": "2026-11-01T00:00:00Z", "model": "gpt-4o", "prompt_tokens": 1, "completion_tokens": 1}\n'
)


def _bytes(name: str, body: bytes | str) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(body.encode() if isinstance(body, str) else body)
        return path

    return build


def _cut_gzip(name: str, source: Path) -> Callable[[Path], Path]:
    """The first half of a gzip file of many copies of `source`'s rows (what a killed upload leaves)."""

    def build(tmp: Path) -> Path:
        lines = source.read_text().splitlines(keepends=True)
        body = "".join(lines[:1] + lines[1:] * 400) if name.startswith("events.csv") else "".join(lines * 400)
        data = gzip.compress(body.encode())
        path = tmp / name
        path.write_bytes(data[: len(data) // 2])
        return path

    return build


def _empty_parquet(tmp: Path) -> Path:
    return write_events(make_events(5).iloc[:0], tmp / "empty.parquet")


UNREADABLE = {
    "cut csv.gz": (
        _cut_gzip("events.csv.gz", FIXTURES / "events.csv"),
        "events.csv.gz: the gzip file is truncated or corrupt (Compressed file ended",
    ),
    "cut jsonl.gz": (
        _cut_gzip("events.jsonl.gz", FIXTURES / "events.jsonl"),
        "events.jsonl.gz: the gzip file is truncated or corrupt",
    ),
    "csv.gz that is not gzip": (
        _bytes("plain.csv.gz", HEADER + "e1,2026-11-01T00:00:00Z,gpt-4o,1,1\n"),
        "plain.csv.gz: the gzip file is truncated or corrupt (Not a gzipped file",
    ),
    "deep json array": (_bytes("deep.json", DEEP), "deep.json row 1: JSON nested too deeply to read"),
    "deep jsonl": (
        _bytes("deep.jsonl", DEEP),
        "deep.jsonl row 1: JSON nested too deeply to read",
    ),  # a JSON array: element 1
    "deep jsonl line 2": (
        _bytes("deep2.jsonl", GOOD_JSON + DEEP + "\n"),
        "deep2.jsonl line 2: JSON nested too deeply to read",
    ),
    "deep otlp": (_bytes("traces.jsonl", '{"resourceSpans": ' + DEEP + "\n"), "traces.jsonl"),
}

EMPTY = {
    "empty csv": (_bytes("e.csv", ""), "e.csv line 1: the file is empty (no header line)"),
    "header-only csv": (_bytes("h.csv", HEADER), "h.csv: no events found"),
    "empty jsonl": (_bytes("e.jsonl", ""), "e.jsonl: no events found"),
    "blank-lines jsonl": (_bytes("b.jsonl", "\n  \n\r\n"), "b.jsonl: no events found"),
    "empty json array": (_bytes("a.json", "[]"), "a.json: no events found"),
    "empty parquet": (_empty_parquet, "empty.parquet: no events found"),
    "empty csv.gz": (_bytes("e.csv.gz", gzip.compress(HEADER.encode())), "e.csv.gz: no events found"),
    "empty otlp": (_bytes("t.jsonl", ""), "t.jsonl: no events found"),
    "empty litellm": (_bytes("l.json", "[]"), "l.json: no events found"),
}


@pytest.mark.parametrize("case", [*UNREADABLE, *EMPTY])
def test_unreadable_or_empty_files_are_one_clear_error_and_nothing_is_written(
    store: WorkloadStore, tmp_path: Path, case: str
) -> None:
    ingest_files(store, [FIXTURES / "events.csv"], "acme")
    before = count_all(store)
    build, expected = {**UNREADABLE, **EMPTY}[case]
    path = build(tmp_path)
    fmt = "otlp" if "otlp" in case else "litellm" if "litellm" in case else "auto"
    with pytest.raises(IngestRejectedError) as caught:
        ingest_files(store, [path], "acme", fmt=fmt)
    assert expected in str(caught.value), str(caught.value)
    assert count_all(store) == before and staging_tables(store) == []


def test_an_empty_file_among_good_ones_is_skipped_with_skip_invalid(store: WorkloadStore, tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    report = ingest_files(store, [FIXTURES / "events.csv", empty], "acme", skip_invalid=True)
    assert report.rows_written == 5 and [str(e) for e in report.errors] == [
        "empty.jsonl: no events found (the file holds no rows)"
    ]


def test_an_empty_eval_file_is_an_error_too(store: WorkloadStore, tmp_path: Path) -> None:
    path = tmp_path / "evals.csv"
    path.write_text("prompt_id,model,score\n")
    with pytest.raises(IngestRejectedError, match=r"evals\.csv: no eval results found"):
        ingest_eval_files(store, [path], "acme", "math")


def test_netra_ingest_shows_the_file_not_aborted_or_a_traceback(
    store: WorkloadStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETRA_WORKLOAD_STORE_URL", store.url)
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    assert runner.invoke(main, ["orgs", "add", "acme"]).exit_code == 0
    cut = _cut_gzip("events.csv.gz", FIXTURES / "events.csv")(tmp_path)
    deep = _bytes("deep.json", DEEP)(tmp_path)
    empty = _bytes("empty.jsonl", "")(tmp_path)
    for path, message in (
        (cut, "events.csv.gz: the gzip file is truncated or corrupt"),
        (deep, "deep.json row 1: JSON nested too deeply"),
        (empty, "empty.jsonl: no events found"),
    ):
        result = runner.invoke(main, ["ingest", str(path), "--org", "acme"])
        assert result.exit_code == 1, result.output
        assert message in result.stderr and "Aborted!" not in result.output and "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        as_json = runner.invoke(main, ["ingest", str(path), "--org", "acme", "--json"])
        assert as_json.exit_code == 1 and json.loads(as_json.stdout)["ok"] is False
