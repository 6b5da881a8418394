"""Input that must never be accepted or must never fill memory: bombs, huge arrays, impossible values; private files."""

from __future__ import annotations

import gzip
import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from netra_core.errors import IngestRejectedError
from netra_core.workloads.ingest import ingest_files, json_array
from netra_core.workloads.ingest.readers import FileError
from netra_core.workloads.store import WorkloadStore
from tests.conftest import make_test_settings, run_netra
from tests.test_ingest_builders import count_all, make_events, write_events

MIB = 2**20
EVENT = {"event_id": "a", "ts": "2026-11-01T00:00:00Z", "model": "gpt-4o", "prompt_tokens": 1, "completion_tokens": 2}


def rejected(store: WorkloadStore, path: Path, **kwargs: object) -> str:
    with pytest.raises(IngestRejectedError) as info:
        ingest_files(store, [path], "acme", **kwargs)  # type: ignore[arg-type]
    assert count_all(store) == 0
    return str(info.value)


@pytest.mark.parametrize("suffix", [".json.gz", ".jsonl.gz", ".csv.gz"])
def test_a_compressed_file_is_stopped_at_the_decompressed_size_cap(
    store: WorkloadStore, tmp_path: Path, suffix: str
) -> None:
    """Issue 19 item 6: the cap was checked on the compressed size, so 10.9 MB held 3 GB."""
    path = tmp_path / f"bomb{suffix}"
    n = 40_000  # about 5 MiB of text, a few hundred KiB compressed
    with gzip.open(path, "wt") as fh:
        if suffix == ".json.gz":
            fh.write("[" + ",".join(json.dumps({**EVENT, "event_id": f"e{i}"}) for i in range(n)) + "]")
        elif suffix == ".jsonl.gz":
            fh.writelines(json.dumps({**EVENT, "event_id": f"e{i}"}) + "\n" for i in range(n))
        else:
            fh.write("event_id,ts,model,prompt_tokens,completion_tokens\n")
            fh.writelines(f"e{i},2026-11-01T00:00:00Z,gpt-4o,1,2\n" for i in range(n))
    assert path.stat().st_size < MIB
    message = rejected(store, path, max_decompressed_bytes=MIB)
    assert f"bomb{suffix}: decompresses to more than 1 MiB" in message
    assert "NETRA_INGEST_MAX_DECOMPRESSED_MB" in message
    assert ingest_files(store, [path], "acme", max_decompressed_bytes=64 * MIB).rows_written == n


def test_a_json_array_is_streamed_not_loaded_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Elements come out before the end of the file is read (the old reader loaded the whole array)."""
    monkeypatch.setattr(json_array, "BLOCK_BYTES", 64)  # every element straddles a block boundary
    items = [{**EVENT, "event_id": f"e{i}", "note": "é ünïcode", "n": i * 1.5} for i in range(50)]
    path = tmp_path / "array.json"
    path.write_text("[\n  " + ",\n  ".join(json.dumps(x, indent=2) for x in items) + "\n]\n")
    assert [v for _, v, _ in json_array.iter_array_items(path)] == items
    broken = tmp_path / "broken.json"
    broken.write_text("[" + ",".join(json.dumps(x) for x in items) + ", {oops")
    seen = []
    with pytest.raises(FileError) as info:
        for number, _, _ in json_array.iter_array_items(broken):
            seen.append(number)
    assert seen == list(range(1, 51))
    assert "broken.json row 51: not valid JSON" in str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2", "the array never ends"),
        ("[1 2]", "expected ',' or ']'"),
        ("[1] x", "text after the array"),
        ("[]", None),
    ],
)
def test_json_array_syntax_errors_are_named(tmp_path: Path, text: str, message: str | None) -> None:
    path = tmp_path / "a.json"
    path.write_text(text)
    if message is None:
        assert list(json_array.iter_array_items(path)) == []
        return
    with pytest.raises(FileError, match=message):
        list(json_array.iter_array_items(path))


def test_a_timestamp_far_in_the_future_is_rejected(store: WorkloadStore, tmp_path: Path) -> None:
    """Issue 19 item 9: a 2099 timestamp was accepted."""
    frame = make_events(3)
    frame.loc[1, "ts"] = datetime(2099, 1, 1, tzinfo=UTC)
    message = rejected(store, write_events(frame, tmp_path / "e.csv"))
    assert "e.csv line 3: ts '2099-01-01T00:00:00.000000Z': is in the future (more than 24 h ahead of now)" in message
    soon = make_events(2, ts=[datetime.now(UTC) + timedelta(hours=2)] * 2)
    path = write_events(soon, tmp_path / "soon.parquet")
    assert "more than 1 h ahead" in rejected(store, path, max_future=timedelta(hours=1))
    assert ingest_files(store, [path], "acme").rows_written == 2


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "-5"])
def test_latency_must_be_a_finite_non_negative_number(store: WorkloadStore, tmp_path: Path, value: str) -> None:
    path = tmp_path / "e.csv"
    path.write_text(f"event_id,ts,model,prompt_tokens,completion_tokens,latency_ms\na,2026-11-01,gpt-4o,1,2,{value}\n")
    message = rejected(store, path)
    assert f"e.csv line 2: latency_ms '{value}'" in message


def mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def test_data_dir_database_and_secrets_are_private(tmp_path: Path) -> None:
    """Issue 19 item 9: netra.db and the data dirs were 0644/0755."""
    data = tmp_path / "data"
    env = {"NETRA_DATA_DIR": str(data)}
    assert run_netra("up", "--no-serve", "--demo-events", "0", env=env).returncode == 0
    ingest = run_netra(
        "ingest", str(write_events(make_events(5), tmp_path / "e.csv")), "--org", "acme", "--create-org", env=env
    )
    assert ingest.returncode == 0, ingest.stderr
    assert mode(data) == "0o700"
    assert mode(data / "workloads") == "0o700" and mode(data / "staging") == "0o700"
    for name in ("netra.db", "cookie_key", "demo-credentials.json"):
        assert mode(data / name) == "0o600", name
    # An install made by an older version is tightened by `netra db upgrade`.
    data.chmod(0o755)
    (data / "netra.db").chmod(0o644)
    (data / "workloads").chmod(0o755)
    assert run_netra("db", "upgrade", env=env).returncode == 0
    assert (mode(data), mode(data / "netra.db"), mode(data / "workloads")) == ("0o700", "0o600", "0o700")


def test_settings_carry_the_ingest_limits(tmp_path: Path) -> None:
    settings = make_test_settings(tmp_path, ingest_max_decompressed_mb=5, ingest_max_future_hours=2)
    assert (settings.ingest_max_decompressed_mb, settings.ingest_max_future_hours) == (5, 2)
