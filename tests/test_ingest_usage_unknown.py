"""Events whose usage was not reported: stored, marked, counted as requests and errors, left out of token means."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from netra_core.analytics.breakdowns import fetch_token_stats
from netra_core.analytics.filters import EventFilter
from netra_core.analytics.kpis import fetch_kpis
from netra_core.analytics.sources import RollupChoice
from netra_core.errors import IngestRejectedError
from netra_core.optimizer.segments import PromptBuckets
from netra_core.workloads.ingest import ingest_files
from netra_core.workloads.segments import fetch_segment_stats
from netra_core.workloads.store import WorkloadStore
from tests.test_ingest_builders import fetch_events
from tests.test_ingest_formats import by_id

HEADER = "event_id,ts,model,provider,prompt_tokens,completion_tokens,status,error_type,usage_known,cost_usd"
ROWS = [
    "a,2026-11-01T10:00:00Z,gpt-4o-mini,openai,1000,100,ok,,1,",
    "b,2026-11-01T10:05:00Z,gpt-4o-mini,openai,3000,300,ok,,,",  # blank usage_known: known
    "c,2026-11-01T10:10:00Z,gpt-4o-mini,openai,,,error,timeout,0,",  # a failed call without usage
]
WINDOW = EventFilter("acme", datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 3, tzinfo=UTC))


def _csv(tmp_path: Path, header: str, rows: list[str]) -> Path:
    path = tmp_path / "events.csv"
    path.write_text("\n".join([header, *rows]) + "\n")
    return path


def test_a_row_without_usage_is_stored_as_unknown_not_zero(tmp_path: Path, store: WorkloadStore) -> None:
    report = ingest_files(store, [_csv(tmp_path, HEADER, ROWS)], "acme")
    assert (report.rows_written, report.rows_rejected) == (3, 0)
    rows = by_id(fetch_events(store, "acme"))
    assert [rows[k]["usage_known"] for k in "abc"] == [1, 1, 0]
    c = rows["c"]
    assert (c["prompt_tokens"], c["completion_tokens"], c["status"], c["error_type"]) == (0, 0, "error", "timeout")
    assert (c["cost_usd"], c["cost_source"]) == (0, "unknown_usage")
    assert rows["a"]["cost_source"] == "netra" and rows["a"]["cost_usd"] > 0


def test_empty_tokens_without_the_unknown_mark_are_still_refused(tmp_path: Path, store: WorkloadStore) -> None:
    header = HEADER.removesuffix(",usage_known,cost_usd")
    rows = [r.rsplit(",", 2)[0] for r in ROWS]
    with pytest.raises(IngestRejectedError) as err:
        ingest_files(store, [_csv(tmp_path, header, rows)], "acme")
    assert "events.csv line 4: prompt_tokens '': is empty" in str(err.value)


@pytest.mark.parametrize("rollup", [RollupChoice.RAW, RollupChoice.ROLLUPS])
def test_unknown_usage_counts_as_a_request_and_an_error(
    tmp_path: Path, store: WorkloadStore, rollup: RollupChoice
) -> None:
    ingest_files(store, [_csv(tmp_path, HEADER, ROWS)], "acme")
    with store.session() as client:
        kpis = fetch_kpis(client, WINDOW, rollup=rollup)
    value = dict(zip(kpis["metric"], kpis["value"], strict=True))
    assert value["requests"] == 3 and value["error_rate"] == pytest.approx(1 / 3)
    assert value["tokens"] == 1100 + 3300


def test_token_means_leave_out_unknown_usage(tmp_path: Path, store: WorkloadStore) -> None:
    ingest_files(store, [_csv(tmp_path, HEADER, ROWS)], "acme")
    with store.session() as client:
        stats = fetch_token_stats(client, WINDOW, by="model").set_index("model")
    assert stats.loc["gpt-4o-mini", "requests"] == 3
    assert stats.loc["gpt-4o-mini", "prompt_mean"] == pytest.approx(2000)  # not 4000 / 3
    assert stats.loc["gpt-4o-mini", "completion_mean"] == pytest.approx(200)


def test_span_fields_ride_along_in_netras_own_schema(tmp_path: Path, store: WorkloadStore) -> None:
    header = "event_id,ts,model,prompt_tokens,completion_tokens,cached_tokens,cache_write_tokens,operation,"
    header += "finish_reason,trace_id,parent_span_id"
    row = (
        "x,2026-11-01T10:00:00Z,gpt-4o-mini,1000,100,200,50,chat,stop,4bf92f3577b34da6a3ce929d0e0e4736,00f067aa0ba902b7"
    )
    ingest_files(store, [_csv(tmp_path, header, [row])], "acme")
    x = by_id(fetch_events(store, "acme"))["x"]
    assert (x["cache_write_tokens"], x["operation"], x["finish_reason"]) == (50, "chat", "stop")
    assert (x["trace_id"], x["parent_span_id"], x["usage_known"]) == (
        "4bf92f3577b34da6a3ce929d0e0e4736",
        "00f067aa0ba902b7",
        1,
    )


def test_optimizer_segments_leave_out_unknown_usage(tmp_path: Path, store: WorkloadStore) -> None:
    """A successful stream without usage must not appear as a 0-token request in the 'short' segment."""
    rows = [*ROWS[:2], "d,2026-11-01T10:15:00Z,gpt-4o-mini,openai,,,ok,,0,"]
    ingest_files(store, [_csv(tmp_path, HEADER, rows)], "acme")
    with store.session() as client:
        seg = fetch_segment_stats(client, "acme", WINDOW.start, WINDOW.end, PromptBuckets())
    assert seg["requests"].sum() == 2 and set(seg["bucket"]) == {"medium"}  # no 0-token "short" request
    assert seg["prompt_tokens_sum"].sum() == 4000
