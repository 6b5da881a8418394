"""Spans written by the real instrumentation packages land as events with every field right.

The session fixture runs tests/otel_spans.py once per variant (a subprocess each: the instrumentations
patch the SDKs globally and read their conventions at set-up), so these tests always exercise the
installed packages, not a hand-written imitation of their output.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from netra_core.analytics.filters import EventFilter
from netra_core.analytics.kpis import fetch_kpis
from netra_core.workloads.ingest import ingest_files
from netra_core.workloads.store import WorkloadStore
from tests import otel_spans
from tests.test_ingest_builders import PRICES, expected_cost, fetch_events
from tests.test_ingest_otlp_columns import _arrow_blocks_taken, _events

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "otel" / "openai_v2.jsonl"
FAILURES = {"rate_limited": "RateLimitError", "server_error": "InternalServerError", "timeout": "APITimeoutError"}
NO_USAGE = {"stream_no_usage", "stream_cancelled"}


def _scenarios_by_span(path: Path) -> dict[str, str]:
    """span id of each app span -> the scenario it ran (the model-call span is its child)."""
    out = {}
    for line in path.read_text().splitlines():
        for rs in json.loads(line)["resourceSpans"]:
            for ss in rs["scopeSpans"]:
                for span in ss["spans"]:
                    for attr in span.get("attributes", []):
                        if attr["key"] == "app.scenario":
                            out[span["spanId"]] = attr["value"]["stringValue"]
    return out


def _scenarios(variant: str) -> tuple[str, ...]:
    if variant == "openllmetry_anthropic":
        # The OpenLLMetry Anthropic instrumentation ends no span for a stream closed midway: nothing to read.
        return tuple(s for s in otel_spans.ANTHROPIC_SCENARIOS if s != "stream_cancelled")
    return otel_spans.OPENAI_SCENARIOS


def _expected(variant: str, scenario: str) -> dict[str, Any]:
    """Every field the event of one scenario must have, from what the scripted server answered."""
    is_anthropic = variant == "openllmetry_anthropic"
    failed = scenario in FAILURES
    known = not failed and scenario not in NO_USAGE
    out: dict[str, Any] = {
        "model": otel_spans.ANTHROPIC_MODEL if is_anthropic else otel_spans.MODEL,
        "provider": "anthropic" if is_anthropic else "openai",
        "operation": "chat",
        "task_type": "",
        "usage_known": int(known),
        "status": "error" if failed else "ok",
        "error_type": FAILURES.get(scenario, ""),
        "workload": f"shop-{variant}",
        "region": "eu-west-1",
        "source": "otlp",
    }
    if scenario == "embeddings":
        out |= {"model": otel_spans.EMBEDDING_MODEL, "operation": "embeddings", "task_type": "embedding"}
        out |= {"prompt_tokens": otel_spans.EMBEDDING_TOKENS, "completion_tokens": 0, "cached_tokens": 0}
        out |= {"reasoning_tokens": 0, "cache_write_tokens": 0}
        return out
    if not known:
        return out | {k: 0 for k in ("prompt_tokens", "completion_tokens", "cached_tokens", "reasoning_tokens")}
    if is_anthropic:
        u = otel_spans.ANTHROPIC_USAGE
        # Anthropic's input_tokens excludes the cache; the instrumentation adds reads and writes back in.
        prompt = u["input_tokens"] + u["cache_read"] + u["cache_creation"]
        # Its stream handler adds message_start's output count (1) to message_delta's.
        completion = u["output_tokens"] + (1 if scenario == "stream_usage" else 0)
        return out | {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "cached_tokens": u["cache_read"],
            "cache_write_tokens": u["cache_creation"],
            "reasoning_tokens": 0,
        }
    u = otel_spans.CHAT_USAGE
    # What each instrumentation reads of OpenAI's usage details.
    has_cache = variant in ("openllmetry_openai", "openinference_openai")
    has_reasoning = variant == "openinference_openai" or (
        variant == "openllmetry_openai" and scenario != "stream_usage"
    )
    return out | {
        "prompt_tokens": u["prompt_tokens"],
        "completion_tokens": u["completion_tokens"],
        "cached_tokens": u["cached_tokens"] if has_cache else 0,
        "reasoning_tokens": u["reasoning_tokens"] if has_reasoning else 0,
        "cache_write_tokens": 0,
    }


def _finish_reason(variant: str, scenario: str) -> set[str]:
    """Finish reasons each instrumentation records (a set where one may or may not be recorded)."""
    if scenario in FAILURES or scenario == "embeddings":
        return {""}
    stop = "tool_call" if variant.startswith("openllmetry") and scenario == "tool_call" else "stop"
    if scenario == "tool_call" and not variant.startswith("openllmetry"):
        stop = "tool_calls"
    if scenario == "stream_cancelled":
        return {""}
    if variant.startswith("openai_v2") and scenario.startswith("stream"):
        return {""}  # openai-v2 records no finish reason for streams
    if variant == "openllmetry_openai" and scenario == "stream_no_usage":
        return {"stop"}
    return {stop}


def _cost(variant: str, row: pd.Series) -> tuple[float, str]:
    if not row["usage_known"]:
        return 0.0, "unknown_usage"
    if row["model"] not in PRICES:
        return row["cost_usd"], row["cost_source"]  # priced or not by the catalog: checked elsewhere
    return expected_cost(row["model"], row["prompt_tokens"], row["completion_tokens"], row["cached_tokens"]), "netra"


@pytest.mark.parametrize("variant", list(otel_spans.VARIANTS))
def test_every_span_of_the_real_instrumentation_lands_with_its_fields(
    span_files: dict[str, Path], store: WorkloadStore, variant: str
) -> None:
    path = span_files[variant]
    report = ingest_files(store, [path], "acme")
    scenarios = _scenarios(variant)
    assert report.rows_rejected == 0 and report.error_count == 0, report.errors
    assert report.rows_written == len(scenarios)
    assert report.non_model_spans_skipped == 2 * len(
        otel_spans.OPENAI_SCENARIOS if "anthropic" not in variant else otel_spans.ANTHROPIC_SCENARIOS
    )
    events = fetch_events(store, "acme")
    by_parent = _scenarios_by_span(path)
    events["scenario"] = events["parent_span_id"].map(by_parent)
    assert sorted(events["scenario"]) == sorted(scenarios)
    for _, row in events.iterrows():
        scenario = row["scenario"]
        for field, want in _expected(variant, scenario).items():
            assert row[field] == want, f"{variant} {scenario}: {field} is {row[field]!r}, expected {want!r}"
        assert row["finish_reason"] in _finish_reason(variant, scenario), (variant, scenario, row["finish_reason"])
        assert row["event_id"] == f"{row['trace_id']}:{row['event_id'].split(':')[1]}" and len(row["trace_id"]) == 32
        cost, source = _cost(variant, row)
        assert row["cost_usd"] == pytest.approx(cost) and row["cost_source"] == source, (variant, scenario)
        if scenario == "timeout":
            assert row["latency_ms"] >= otel_spans.CLIENT_TIMEOUT_S * 1000
        assert 0 < row["latency_ms"] < 10_000


def test_failures_count_as_errors_and_reingest_adds_nothing(span_files: dict[str, Path], store: WorkloadStore) -> None:
    paths = [span_files["openai_v2"], span_files["openai_v2_latest"]]
    first = ingest_files(store, paths, "acme")
    assert first.rows_written == 2 * len(otel_spans.OPENAI_SCENARIOS) and first.rows_rejected == 0
    now = datetime.now(UTC)
    with store.session() as client:
        kpis = fetch_kpis(client, EventFilter("acme", now - timedelta(days=1), now + timedelta(hours=1)))
    value = dict(zip(kpis["metric"], kpis["value"], strict=True))
    assert value["requests"] == 2 * len(otel_spans.OPENAI_SCENARIOS)
    assert value["error_rate"] == pytest.approx(len(FAILURES) / len(otel_spans.OPENAI_SCENARIOS))
    again = ingest_files(store, paths, "acme")
    assert (again.rows_written, again.duplicates_skipped) == (0, first.rows_written)


def test_the_arrow_path_and_the_line_parser_agree_on_real_spans(
    span_files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    merged = tmp_path / "all.jsonl"
    merged.write_text("".join(p.read_text() for p in span_files.values()))
    assert _arrow_blocks_taken(merged) == [True]  # real exports take the fast path
    fast = _events(merged, monkeypatch, arrow=True)
    assert fast == _events(merged, monkeypatch, arrow=False)
    assert len(fast[0]) > 35 and not any(r["bad"] for r in fast[0])


def test_the_committed_sample_is_what_the_generator_writes(span_files: dict[str, Path], store: WorkloadStore) -> None:
    """The sample under tests/fixtures/otel is for readers; it must keep the generator's shape and ingest whole."""
    report = ingest_files(store, [SAMPLE], "acme")
    assert report.rows_written == len(otel_spans.OPENAI_SCENARIOS) and report.rows_rejected == 0
    sample_keys = {a["key"] for line in SAMPLE.read_text().splitlines() for a in _all_attributes(json.loads(line))}
    fresh = span_files["openai_v2"].read_text().splitlines()
    assert sample_keys == {a["key"] for line in fresh for a in _all_attributes(json.loads(line))}


def _all_attributes(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        a
        for rs in doc["resourceSpans"]
        for ss in rs["scopeSpans"]
        for s in ss["spans"]
        for a in s.get("attributes", [])
    ]
