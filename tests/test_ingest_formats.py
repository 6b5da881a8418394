"""Every input format, from fixtures in the real shapes, with numbers checked independently."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from netra_core.workloads.events import fetch_event_count
from netra_core.workloads.ingest import IngestProgress, ingest_files
from netra_core.workloads.store import WorkloadStore
from tests.test_ingest_builders import (
    FIXTURES,
    count_all,
    expected_cost,
    fetch_events,
    make_events,
    staging_tables,
    write_events,
)


def by_id(df: pd.DataFrame) -> dict[str, dict[str, Any]]:
    return {row["event_id"]: row for row in df.to_dict(orient="records")}


def test_csv_with_aliases_prices_what_was_not_billed(store: WorkloadStore) -> None:
    report = ingest_files(store, [FIXTURES / "events.csv"], "acme")
    assert (report.rows_read, report.rows_written, report.rows_rejected) == (5, 5, 0)
    assert (report.priced_by_netra, report.unpriced, report.unpriced_models) == (3, 1, ["acme-ai/in-house-7b"])
    rows = by_id(fetch_events(store, "acme"))
    first = rows["req-001"]
    assert (first["workload"], first["task_type"], first["user_id"], first["model"]) == (
        "support-bot",
        "chat",
        "u1",
        "gpt-4o",
    )
    assert first["cost_usd"] == pytest.approx(0.0045) and first["cost_source"] == "billed"
    assert first["latency_ms"] == pytest.approx(850.5) and first["ttft_ms"] == pytest.approx(120)
    assert first["metadata"] == {"team": "cx"} and first["status"] == "ok"
    second = rows["req-002"]
    assert second["cost_source"] == "netra"
    assert second["cost_usd"] == pytest.approx(expected_cost("gpt-4o-mini", 2000, 100, cached=1000))
    third = rows["req-003"]  # a batch request, +01:00 offset, "failure" status
    assert third["cost_usd"] == pytest.approx(expected_cost("claude-3-5-sonnet", 3000, 500, is_batch=True))
    assert third["ts"] == pd.Timestamp("2026-11-01T08:10:00.250") and third["status"] == "error"
    assert third["metadata"] == {"team": "dev", "pr": "42"}
    # Epoch seconds, and the provider filled in from the price book for a known model.
    assert rows["req-004"]["ts"] == pd.Timestamp("2026-11-01T08:50:00") and rows["req-004"]["provider"] == "openai"
    assert rows["req-005"]["cost_source"] == "unpriced" and rows["req-005"]["cost_usd"] == 0


def test_jsonl_objects_epoch_ms_and_errors(store: WorkloadStore) -> None:
    report = ingest_files(store, [FIXTURES / "events.jsonl"], "acme")
    assert (report.rows_read, report.rows_written) == (3, 3)
    rows = by_id(fetch_events(store, "acme"))
    assert rows["j-1"]["metadata"] == {"doc_type": "email", "pages": "3"}
    assert rows["j-1"]["cost_usd"] == pytest.approx(expected_cost("gpt-4o-mini", 4000, 300))
    assert rows["j-2"]["cost_usd"] == pytest.approx(0.0135) and rows["j-2"]["cost_source"] == "billed"
    j3 = rows["j-3"]
    assert j3["ts"] == pd.Timestamp("2026-11-01T10:01:00") and j3["status"] == "error"
    assert j3["error_type"] == "timeout" and j3["quality"] == pytest.approx(0.5) and j3["provider"] == "google"


def test_otlp_spans_current_and_older_attribute_names(store: WorkloadStore) -> None:
    report = ingest_files(store, [FIXTURES / "otlp_traces.jsonl"], "acme")
    assert report.files[0].format == "otlp"
    assert (report.rows_read, report.rows_written, report.non_model_spans_skipped) == (2, 2, 1)
    assert report.agent_tool_spans_skipped == 1  # the execute_tool span
    rows = by_id(fetch_events(store, "acme"))
    new = rows["5b8efff798038103d269b633813fc60c:eee19b7ec3c1b174"]
    assert (new["workload"], new["provider"], new["model"], new["region"], new["session_id"]) == (
        "support-bot",
        "openai",
        "gpt-4o-mini",
        "eu-west-1",
        "sess-9",
    )
    assert (new["prompt_tokens"], new["completion_tokens"], new["cached_tokens"]) == (1200, 300, 200)
    assert new["latency_ms"] == pytest.approx(850) and new["status"] == "ok"
    assert new["ts"] == pd.Timestamp("2026-11-01T09:00:00")
    assert new["cost_usd"] == pytest.approx(expected_cost("gpt-4o-mini", 1200, 300, cached=200))
    assert new["metadata"]["response.model"] == "gpt-4o-mini-2024-07-18"
    old = rows["0af7651916cd43dd8448eb211c80319c:b7ad6b7169203331"]
    assert (old["provider"], old["model"], old["prompt_tokens"], old["completion_tokens"]) == (
        "anthropic",
        "claude-3-5-sonnet",
        500,
        100,
    )
    assert (old["reasoning_tokens"], old["status"], old["error_type"]) == (50, "error", "rate_limit_error")
    assert old["cost_usd"] == pytest.approx(0.0123) and old["cost_source"] == "reported"
    assert old["latency_ms"] == pytest.approx(2500) and old["workload"] == "code-assistant"


def test_litellm_spend_logs_csv(store: WorkloadStore) -> None:
    report = ingest_files(store, [FIXTURES / "litellm_spend_logs.csv"], "acme")
    assert report.files[0].format == "litellm" and report.rows_written == 2
    rows = by_id(fetch_events(store, "acme"))
    a1 = rows["chatcmpl-a1"]
    assert (a1["workload"], a1["user_id"], a1["session_id"], a1["provider"]) == (
        "support-bot",
        "alice",
        "s-1",
        "openai",
    )
    assert a1["cost_usd"] == pytest.approx(0.00123) and a1["cost_source"] == "billed"
    assert a1["latency_ms"] == pytest.approx(1500) and a1["ttft_ms"] == pytest.approx(400)
    assert a1["cached_tokens"] == 400 and a1["metadata"]["team_id"] == "team-1"
    a2 = rows["chatcmpl-a2"]
    assert (a2["status"], a2["error_type"]) == ("error", "RateLimitError") and pd.isna(a2["ttft_ms"])


def test_litellm_spend_logs_json_array(store: WorkloadStore) -> None:
    report = ingest_files(store, [FIXTURES / "litellm_spend_logs.json"], "acme")
    assert report.files[0].format == "litellm" and report.rows_written == 2
    rows = by_id(fetch_events(store, "acme"))
    b1 = rows["chatcmpl-b1"]
    assert (b1["workload"], b1["model"], b1["latency_ms"], b1["ttft_ms"]) == ("analytics", "gpt-4o", 2000, 500)
    assert b1["metadata"]["request_tags"] == '["batch-job"]'
    assert rows["chatcmpl-b2"]["metadata"]["cache_hit"] == "True"


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_each_format_stores_the_same_numbers(store: WorkloadStore, tmp_path: Path, suffix: str) -> None:
    df = make_events(300)
    path = write_events(df, tmp_path / f"events{suffix}")
    report = ingest_files(store, [path], "acme", chunk_rows=64)  # several chunks
    assert report.rows_written == 300 and report.duplicates_skipped == 0
    stored = fetch_events(store, "acme").set_index("event_id").loc[df["event_id"]]
    assert stored["prompt_tokens"].sum() == df["prompt_tokens"].sum()
    assert stored["completion_tokens"].sum() == df["completion_tokens"].sum()
    billed = df["cost_usd"].notna().to_numpy()
    assert stored["cost_usd"].to_numpy()[billed] == pytest.approx(df["cost_usd"].to_numpy()[billed])
    unbilled = df[~billed]
    want = [expected_cost(m, p, c) for m, p, c in unbilled[["model", "prompt_tokens", "completion_tokens"]].to_numpy()]
    assert stored["cost_usd"].to_numpy()[~billed] == pytest.approx(want)
    assert (stored["cost_source"].to_numpy()[~billed] == "netra").all()
    assert (stored["ts"].to_numpy() == df["ts"].dt.tz_localize(None).to_numpy()).all()
    assert staging_tables(store) == []


def test_reingest_adds_nothing_and_in_file_repeats_are_written_once(store: WorkloadStore, tmp_path: Path) -> None:
    df = make_events(40)
    df = pd.concat([df, df.iloc[:5]], ignore_index=True)  # five rows repeated inside the file
    path = write_events(df, tmp_path / "events.csv")
    first = ingest_files(store, [path], "acme")
    assert (first.rows_read, first.rows_written, first.duplicates_skipped) == (45, 40, 5)
    second = ingest_files(store, [path], "acme")
    assert (second.rows_written, second.duplicates_skipped) == (0, 45)
    with store.session() as client:
        assert fetch_event_count(client, "acme") == 40
    assert count_all(store) == 40


def test_rows_without_ids_get_stable_ids(store: WorkloadStore, tmp_path: Path) -> None:
    df = make_events(20).drop(columns=["event_id"])
    path = write_events(df, tmp_path / "no_ids.parquet")
    assert ingest_files(store, [path], "acme").rows_written == 20
    assert ingest_files(store, [path], "acme").rows_written == 0
    assert count_all(store) == 20


def test_one_org_never_touches_another(store: WorkloadStore, tmp_path: Path) -> None:
    path = write_events(make_events(30), tmp_path / "events.parquet")
    ingest_files(store, [path], "org-a")
    before_a = fetch_events(store, "org-a")
    # The same ids are new events for org B, and B's re-ingest leaves A's rows as they were.
    assert ingest_files(store, [path], "org-b").rows_written == 30
    assert ingest_files(store, [path], "org-b").rows_written == 0
    other = write_events(make_events(10, prefix="b"), tmp_path / "b.csv")
    ingest_files(store, [other], "org-b")
    after_a = fetch_events(store, "org-a")
    pd.testing.assert_frame_equal(before_a.drop(columns=["version"]), after_a.drop(columns=["version"]))
    assert len(fetch_events(store, "org-b")) == 40


def test_progress_reports_rows_and_bytes(store: WorkloadStore, tmp_path: Path) -> None:
    path = write_events(make_events(500), tmp_path / "events.jsonl")
    seen: list[IngestProgress] = []
    ingest_files(store, [path], "acme", progress=seen.append, chunk_rows=100)
    reading = [p for p in seen if p.phase == "reading"]
    assert reading and reading[-1].rows_done == 500 and reading[-1].bytes_done == path.stat().st_size
    assert all(a.rows_done <= b.rows_done for a, b in itertools.pairwise(reading))
    assert seen[-1].phase == "writing" and seen[-1].fraction == 1.0


def test_gzipped_csv_and_a_client_instead_of_a_store(store: WorkloadStore, tmp_path: Path) -> None:
    import gzip

    raw = write_events(make_events(12), tmp_path / "events.csv")
    gz = tmp_path / "events.csv.gz"
    with raw.open("rb") as src, gzip.open(gz, "wb") as dst:
        shutil.copyfileobj(src, dst)
    with store.session() as client:
        assert ingest_files(client, [gz], "acme").rows_written == 12


def test_server_path_stages_through_a_table_and_drops_it(store: WorkloadStore, tmp_path: Path) -> None:
    """A ClickHouse server cannot read our temp file, so the move streams it into a staging table."""
    import pyarrow as pa

    from netra_core.workloads.ingest import staging
    from netra_core.workloads.ingest.sources import iter_mapped_chunks
    from netra_core.workloads.ingest.validate import check_chunk

    path = write_events(make_events(25), tmp_path / "events.parquet")
    staged = staging.StagedRows(tmp_path / "staging")
    try:
        for chunk in iter_mapped_chunks(path, "parquet", "parquet", 10):
            checked = check_chunk(chunk.raw.table, chunk.mapping, chunk.raw.locations, file="x")
            checked.columns["cost_usd"] = checked.columns["cost_usd"].fill_null(0.0)
            staged.append(staging.make_staging_batch(checked.columns, 0, pa.array(chunk.raw.locations)))
        with store.session() as client:
            assert staging.move_staged(client, staged, "acme", is_embedded=False, ingest_id="first") == 25
            assert staging.move_staged(client, staged, "acme", is_embedded=False, ingest_id="second") == 0
    finally:
        staged.remove()
    assert not staged.directory.exists()
    assert staging_tables(store) == [] and count_all(store) == 25


def test_optional_counts_missing_everywhere_stay_zero(store: WorkloadStore, tmp_path: Path) -> None:
    """Regression: a column that is null in every row (spans without cache attributes) is not 'negative'."""
    import json

    span = {
        "traceId": "t1",
        "spanId": "s1",
        "startTimeUnixNano": "1793523600000000000",
        "endTimeUnixNano": "1793523601000000000",
        "attributes": [
            {"key": "gen_ai.operation.name", "value": {"stringValue": "chat"}},
            {"key": "gen_ai.request.model", "value": {"stringValue": "gpt-4o"}},
            {"key": "gen_ai.usage.input_tokens", "value": {"intValue": "10"}},
            {"key": "gen_ai.usage.output_tokens", "value": {"intValue": "4"}},
        ],
    }
    otlp = tmp_path / "spans.jsonl"
    otlp.write_text(json.dumps({"resourceSpans": [{"scopeSpans": [{"spans": [span]}]}]}) + "\n")
    assert ingest_files(store, [otlp], "acme").rows_written == 1
    jsonl = tmp_path / "events.jsonl"
    rows = [
        {
            "event_id": f"x{i}",
            "ts": "2026-11-01T00:00:00Z",
            "model": "gpt-4o",
            "prompt_tokens": 10.0,
            "completion_tokens": 2,
            "cached_tokens": None,
            "latency_ms": None,
        }
        for i in range(3)
    ]
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert ingest_files(store, [jsonl], "acme").rows_written == 3
    stored = fetch_events(store, "acme")
    assert stored["cached_tokens"].tolist() == [0, 0, 0, 0] and stored["reasoning_tokens"].tolist() == [0, 0, 0, 0]
    assert stored["prompt_tokens"].tolist() == [10, 10, 10, 10] and stored["latency_ms"].tolist()[1:] == [0, 0, 0]


def test_formats_are_sniffed_without_telling_extensions(store: WorkloadStore, tmp_path: Path) -> None:
    traces = tmp_path / "export.log"
    shutil.copy(FIXTURES / "otlp_traces.jsonl", traces)
    parquet = write_events(make_events(5), tmp_path / "events.parquet").rename(tmp_path / "events.dat")
    report = ingest_files(store, [traces, parquet], "acme")
    assert [f.format for f in report.files] == ["otlp", "parquet"] and report.rows_written == 7


def test_a_price_book_passed_in_is_used(store: WorkloadStore) -> None:
    from netra_core.catalog.pricing import PriceBook, PriceRow

    book = PriceBook([PriceRow(provider="acme-ai", model="in-house-7b", input_per_mtok=1.0, output_per_mtok=2.0)])
    report = ingest_files(store, [FIXTURES / "events.csv"], "acme", price_book=book)
    rows = by_id(fetch_events(store, "acme"))
    assert rows["req-005"]["cost_usd"] == pytest.approx((800 * 1.0 + 80 * 2.0) / 1e6)
    assert rows["req-005"]["cost_source"] == "netra"
    # Models this book does not know are now the unpriced ones.
    assert report.unpriced == 3 and rows["req-002"]["cost_source"] == "unpriced"


def test_large_runs_move_in_id_buckets_without_losing_or_doubling_rows(
    store: WorkloadStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netra_core.workloads.ingest import staging

    monkeypatch.setattr(staging, "MOVE_BUCKET_ROWS", 7)  # 45 staged rows -> 7 buckets
    df = make_events(40)
    df = pd.concat([df, df.iloc[10:15]], ignore_index=True)
    path = write_events(df, tmp_path / "events.parquet")
    report = ingest_files(store, [path], "acme")
    assert (report.rows_written, report.duplicates_skipped) == (40, 5)
    assert sorted(fetch_events(store, "acme")["event_id"]) == sorted(df["event_id"].unique())
    assert ingest_files(store, [path], "acme").rows_written == 0


def test_events_are_priced_at_the_price_in_effect_at_their_time(store: WorkloadStore, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from netra_core.catalog.pricing import PriceBook, PriceRow

    change = datetime(2026, 11, 1, 1, 0, tzinfo=UTC)
    book = PriceBook(
        [
            PriceRow("openai", "gpt-4o", 2.0, 8.0, effective_to=change),
            PriceRow("openai", "gpt-4o", 1.0, 4.0, 0.5, 0.5, effective_from=change),
            PriceRow("openai", "gpt-4o-mini", 0.1, 0.2),
        ]
    )
    df = make_events(300, is_batch=np.arange(300) % 3 == 0)  # 00:00 to 03:04, one every 37 s
    path = write_events(df, tmp_path / "events.parquet")
    report = ingest_files(store, [path], "acme", price_book=book, chunk_rows=64)
    stored = fetch_events(store, "acme").set_index("event_id").loc[df["event_id"]]
    unbilled = df["cost_usd"].isna().to_numpy()
    before = (df["ts"] < pd.Timestamp(change)).to_numpy()
    is_4o, is_mini = (df["model"] == "gpt-4o").to_numpy(), (df["model"] == "gpt-4o-mini").to_numpy()
    p, c = df["prompt_tokens"].to_numpy(), df["completion_tokens"].to_numpy()
    want = np.where(before, (p * 2.0 + c * 8.0) / 1e6, (p * 1.0 + c * 4.0) / 1e6 * np.where(df["is_batch"], 0.5, 1.0))
    want = np.where(is_mini, (p * 0.1 + c * 0.2) / 1e6, want)
    priced = unbilled & (is_4o | is_mini)
    assert (unbilled & is_4o & before).any() and (unbilled & is_4o & ~before).any()
    assert stored["cost_usd"].to_numpy()[priced] == pytest.approx(want[priced])
    assert (stored["cost_source"].to_numpy()[priced] == "netra").all()
    assert report.unpriced == int((unbilled & ~is_4o & ~is_mini).sum()) and report.unpriced_models == [
        "anthropic/claude-3-5-sonnet"
    ]


@pytest.mark.parametrize("bucket_rows", [1_000_000, 7])
def test_the_first_of_repeated_ids_is_the_one_written(
    store: WorkloadStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bucket_rows: int
) -> None:
    from netra_core.workloads.ingest import staging

    monkeypatch.setattr(staging, "MOVE_BUCKET_ROWS", bucket_rows)
    df = make_events(30)
    later = df.iloc[[3, 8, 20]].assign(prompt_tokens=999_999)  # same ids, other values, further down the file
    path = write_events(pd.concat([df, later], ignore_index=True), tmp_path / "events.csv")
    report = ingest_files(store, [path], "acme", chunk_rows=8)
    assert (report.rows_written, report.duplicates_skipped) == (30, 3)
    stored = fetch_events(store, "acme").set_index("event_id").loc[df["event_id"]]
    assert stored["prompt_tokens"].tolist() == df["prompt_tokens"].tolist()


def test_report_splits_the_time_by_stage(store: WorkloadStore, tmp_path: Path) -> None:
    path = write_events(make_events(200), tmp_path / "events.jsonl")
    report = ingest_files(store, [path], "acme", chunk_rows=50)
    assert set(report.stage_seconds) == {"read", "validate", "price", "stage", "move"}
    assert 0 < sum(report.stage_seconds.values()) <= report.seconds
    assert report.as_dict()["stage_seconds"] == report.stage_seconds
