"""The traffic generator: reproducible, realistic in shape, honest about what it planted, fast to write."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from netra_core.catalog.builtin import BUILTIN_MODELS, builtin_profile
from netra_core.catalog.pricing import PriceBook, PriceRow
from netra_core.errors import GeneratedEventsExistError, ValidationError
from netra_core.generator import compute_events, compute_planted_truth, iter_event_chunks, save_generated
from netra_core.generator.planted import QUALITY_TOLERANCE, TruthAccumulator
from netra_core.generator.traffic_profiles import (
    CALIBRATION_PROBS,
    TOKEN_LOG_QUANTILES,
    TRACE_DIR_NAME,
    compute_trace_calibration,
    default_spec,
)
from netra_core.workloads.events import EVENT_COLUMNS, fetch_event_count, save_events
from netra_core.workloads.store import WorkloadStore, query_rows
from tests.conftest import IS_CI, run_netra

ROOT = Path(__file__).resolve().parents[1]
TRACE_DIR = ROOT.parent / "shared" / "data" / TRACE_DIR_NAME
END = datetime(2026, 11, 2, tzinfo=UTC)  # a Monday: the window holds four whole weeks
SPEC = default_spec()
PRICES = {m.model: m for m in BUILTIN_MODELS}


@cache
def make_generated(n: int = 80_000, days: int = 28, seed: int = 11) -> pd.DataFrame:
    """Generated events, built once per argument set (tests must not modify the frame)."""
    return compute_events(SPEC, n, days, seed, end=END)


@cache
def make_chunks() -> tuple[pd.DataFrame, ...]:
    """300k events over 3 days: more than one block (a block is at most 250k events)."""
    return tuple(iter_event_chunks(SPEC, 300_000, 3, 5, end=END))


def ok_rows(events: pd.DataFrame, workload: str | None = None) -> pd.DataFrame:
    rows = events[events["status"] == "ok"]
    return rows if workload is None else rows[rows["workload"] == workload]


def expected_cost(events: pd.DataFrame) -> np.ndarray:
    """tokens x list prices of the built-in catalog, computed here without the PriceBook."""
    price = {
        name: np.array([getattr(PRICES[m], name) or PRICES[m].input_per_mtok for m in events["model"]])
        for name in ("input_per_mtok", "cached_input_per_mtok", "output_per_mtok")
    }
    prompt, cached = events["prompt_tokens"].to_numpy(float), events["cached_tokens"].to_numpy(float)
    cost: np.ndarray = (
        (prompt - cached) * price["input_per_mtok"]
        + cached * price["cached_input_per_mtok"]
        + events["completion_tokens"].to_numpy(float) * price["output_per_mtok"]
    ) / 1e6
    return cost


# --- reproducibility and shape ------------------------------------------------------------------


def test_same_seed_same_frame_other_seed_other_frame() -> None:
    first = compute_events(SPEC, 5_000, 7, 3, end=END)
    pd.testing.assert_frame_equal(first, compute_events(SPEC, 5_000, 7, 3, end=END))
    other = compute_events(SPEC, 5_000, 7, 4, end=END)
    assert not first["prompt_tokens"].equals(other["prompt_tokens"])
    assert first["event_id"].tolist()[:3] == ["gen-3-0", "gen-3-1", "gen-3-2"]
    assert other["event_id"].iloc[0] == "gen-4-0"


def test_columns_types_and_window() -> None:
    events = make_generated()
    assert list(events.columns) == list(EVENT_COLUMNS)
    assert len(events) == 80_000 and events["event_id"].is_unique
    assert str(events["ts"].dt.tz) == "UTC" and events["ts"].is_monotonic_increasing
    assert events["ts"].min() >= pd.Timestamp("2026-10-05", tz="UTC") and events["ts"].max() < pd.Timestamp(END)
    assert set(events["source"]) == {"generator"} and set(events["org_id"]) == {""}
    assert set(events["is_batch"]) == {0} and set(events["cost_source"]) == {"billed"}
    assert set(events["workload"]) == {w.name for w in SPEC.workloads}
    assert all(isinstance(m, dict) for m in events["metadata"])
    agent = events[events["task_type"] == "agent"]
    assert agent["metadata"].map(lambda m: int(m["agent_step"]) >= 1).all()
    # The analytics find batchable spend by this tag; only the workload that can wait carries it.
    tagged = events["metadata"].map(lambda m: m.get("latency_insensitive") == "true")
    assert (tagged == (events["workload"] == "nightly-enrichment")).all()


def test_chunks_are_time_ordered_blocks_of_one_sequence() -> None:
    chunks = make_chunks()
    assert len(chunks) >= 2
    joined = pd.concat(chunks, ignore_index=True)
    assert joined["ts"].is_monotonic_increasing
    assert joined["event_id"].tolist() == [f"gen-5-{i}" for i in range(300_000)]


def test_diurnal_and_weekly_seasonality() -> None:
    events = make_generated()
    business = events[events["workload"].isin(["doc-summarizer", "invoice-extractor", "code-assistant"])]
    hours = business["ts"].dt.hour
    peak, night = hours.between(13, 16).sum(), hours.between(1, 4).sum()
    assert peak > 5 * night
    weekday = business["ts"].dt.dayofweek
    per_weekday_day = (weekday < 5).sum() / 20
    per_weekend_day = (weekday >= 5).sum() / 8
    assert per_weekday_day > 2.5 * per_weekend_day
    nightly = events[events["workload"] == "nightly-enrichment"]
    assert nightly["ts"].dt.hour.between(1, 4).all() and len(nightly) > 1000


def test_bursts_make_some_minutes_far_busier_than_their_hour() -> None:
    events = make_generated()
    per_minute = events[events["workload"] == "support-bot"].set_index("ts").resample("1min").size()
    hourly_mean = per_minute.groupby(per_minute.index.floor("1h")).transform("mean")
    busy = per_minute[hourly_mean > 2]
    assert (busy > 3 * hourly_mean[busy.index]).sum() >= 5


@pytest.mark.parametrize(("workload", "trace"), [("support-bot", "conv"), ("code-assistant", "code")])
def test_token_quantiles_follow_the_calibrated_trace(workload: str, trace: str) -> None:
    rows = ok_rows(make_generated(), workload)
    probs = [0.1, 0.25, 0.5, 0.75, 0.9]
    for column, kind in (("prompt_tokens", "prompt"), ("completion_tokens", "output")):
        observed = np.quantile(np.log(rows[column].to_numpy(float)), probs)
        expected = np.interp(probs, CALIBRATION_PROBS, TOKEN_LOG_QUANTILES[(trace, kind)])
        assert np.abs(observed - expected).max() < 0.15, (column, observed, expected)


def test_embedded_calibration_matches_the_trace() -> None:
    if not TRACE_DIR.exists():
        if IS_CI:
            pytest.fail(f"the Azure trace must be present in CI at {TRACE_DIR}")
        pytest.skip(f"no Azure trace at {TRACE_DIR}")
    recomputed = compute_trace_calibration(TRACE_DIR)
    assert recomputed.keys() == TOKEN_LOG_QUANTILES.keys()
    for key, values in TOKEN_LOG_QUANTILES.items():
        assert np.allclose(recomputed[key], values, atol=1e-4), key


# --- latency, errors, quality, duplicates, costs --------------------------------------------------


def test_quality_follows_the_catalog_priors() -> None:
    events = make_generated()
    ok = ok_rows(events)
    assert 0.27 < ok["quality"].notna().mean() < 0.33
    assert events.loc[events["status"] == "error", "quality"].isna().all()
    means = ok.groupby(["model", "task_type"])["quality"].agg(["mean", "count"]).reset_index()
    means = means[means["count"] >= 200]
    priors = np.array([PRICES[m].quality[t] for m, t in zip(means["model"], means["task_type"], strict=True)])
    assert len(means) >= 8
    assert np.abs(means["mean"].to_numpy() - priors).max() < 0.015
    classifier = ok_rows(events, "ticket-classifier").groupby("model")["quality"].mean()
    assert classifier["gpt-4o"] - classifier["gpt-4.1-mini"] == pytest.approx(0.02, abs=0.008)


def test_errors_are_realistic_and_unbilled() -> None:
    events = make_generated()
    failed = events[events["status"] == "error"]
    assert 0.005 < len(failed) / len(events) < 0.04
    assert set(failed["error_type"]) == {"rate_limit", "timeout", "server_error", "context_length"}
    assert (events.loc[events["status"] == "ok", "error_type"] == "").all()
    assert (failed["cost_usd"] == 0).all() and (failed["completion_tokens"] == 0).all()
    assert failed["ttft_ms"].isna().all()
    assert failed.loc[failed["error_type"] == "rate_limit", "metadata"].map(lambda m: m["http_status"] == "429").all()
    overflow = failed[failed["error_type"] == "context_length"]
    windows = overflow["model"].map(lambda m: PRICES[m].context_window)
    assert (overflow["prompt_tokens"] > windows).all()


def test_latency_comes_from_the_model_profiles() -> None:
    ok = ok_rows(make_generated())
    assert (ok["latency_ms"] >= ok["ttft_ms"]).all() and (ok["ttft_ms"] > 0).all()
    ttft = ok.groupby("model")["ttft_ms"].median()
    # llama-3.1-8b-instant starts in ~150 ms, mistral-large in ~600 ms (plus prompt processing).
    assert ttft["llama-3.1-8b-instant"] < ttft["gpt-4.1"] < ttft["mistral-large"]
    p99_over_p50 = ok["latency_ms"].quantile(0.99) / ok["latency_ms"].quantile(0.5)
    assert p99_over_p50 > 3  # a heavy tail


def test_duplicates_where_planted_and_same_hash_means_same_prompt() -> None:
    events = make_generated()
    share = events.groupby("workload")["prompt_hash"].agg(lambda h: 1 - h.nunique() / len(h))
    for w in SPEC.workloads:
        assert share[w.name] == pytest.approx(w.duplicate_share, abs=0.03), w.name
    assert share["nightly-enrichment"] == 0
    repeated = (
        ok_rows(events)
        .groupby(["workload", "prompt_hash"])
        .agg(sizes=("prompt_tokens", "nunique"), tasks=("task_type", "nunique"), n=("prompt_tokens", "size"))
    )
    assert (repeated["n"] > 1).sum() > 100
    assert (repeated["sizes"] == 1).all() and (repeated["tasks"] == 1).all()


def test_costs_are_tokens_times_list_prices() -> None:
    ok = ok_rows(make_generated())
    assert np.allclose(ok["cost_usd"].to_numpy(), expected_cost(ok), rtol=1e-9, atol=1e-12)
    cached = ok[ok["cached_tokens"] > 0]
    assert len(cached) > 100 and set(cached["provider"]) <= {"openai", "anthropic", "google", "mistral"}
    assert (cached["prompt_tokens"] >= 1024).all()


def test_costs_use_the_price_in_effect_at_each_event() -> None:
    change = datetime(2026, 10, 29, 12, 0, tzinfo=UTC)
    rows = [
        PriceRow(m.provider, m.model, m.input_per_mtok, m.output_per_mtok, m.cached_input_per_mtok, m.batch_discount)
        for m in BUILTIN_MODELS
        if m.model != "gpt-4o"
    ]
    gpt4o = PRICES["gpt-4o"]
    rows += [
        PriceRow("openai", "gpt-4o", 2.5, 10.0, 1.25, 0.5, effective_to=change),
        PriceRow("openai", "gpt-4o", 1.0, 4.0, 0.5, 0.5, effective_from=change),
    ]
    events = compute_events(SPEC, 20_000, 7, 6, end=END, price_book=PriceBook(rows))
    ok = ok_rows(events)
    ok = ok[ok["model"] == "gpt-4o"]
    before, after = ok[ok["ts"] < pd.Timestamp(change)], ok[ok["ts"] >= pd.Timestamp(change)]
    assert len(before) > 100 and len(after) > 100
    assert np.allclose(before["cost_usd"], expected_cost(before), rtol=1e-9)
    assert np.allclose(after["cost_usd"], expected_cost(after) * 0.4, rtol=1e-9)  # every price fell to 40 %
    assert gpt4o.input_per_mtok == 2.5


# --- planted truth ----------------------------------------------------------------------------


def test_planted_truth_matches_an_independent_computation() -> None:
    events = make_generated()
    truth = compute_planted_truth(SPEC, events)
    assert truth.events == len(events) and truth.spend_usd == pytest.approx(events["cost_usd"].sum())

    (switch,) = [s for s in truth.model_switches if s.is_planted]
    assert (switch.workload, switch.model, switch.to_model) == ("ticket-classifier", "gpt-4o", "gpt-4.1-mini")
    assert switch.quality_prior - switch.to_quality_prior <= QUALITY_TOLERANCE + 1e-9
    segment = ok_rows(events, "ticket-classifier")
    segment = segment[segment["model"] == "gpt-4o"]
    repriced = expected_cost(segment.assign(model="gpt-4.1-mini")).sum()
    assert switch.events == len(segment)
    assert switch.savings_usd == pytest.approx(segment["cost_usd"].sum() - repriced, rel=1e-9)
    assert switch.savings_usd > 0.7 * switch.spend_usd
    # Outside the planted workloads no cheaper model of about the same quality exists.
    assert all(s.is_planted for s in truth.model_switches)

    ok = ok_rows(events)
    for cache_truth in truth.caches:
        rows = events[events["workload"] == cache_truth.workload]
        assert cache_truth.duplicate_share == pytest.approx(1 - rows["prompt_hash"].nunique() / len(rows))
        w_ok = ok[ok["workload"] == cache_truth.workload]
        repeats = w_ok[w_ok.duplicated("prompt_hash", keep="first")]
        assert cache_truth.savings_usd == pytest.approx(repeats["cost_usd"].sum(), abs=1e-9)
    planted_caches = {c.workload for c in truth.caches if c.is_planted}
    assert planted_caches == {"ticket-classifier", "kb-search"}

    (batch,) = truth.batches
    nightly = ok[ok["workload"] == "nightly-enrichment"]
    discount = nightly["model"].map(lambda m: PRICES[m].batch_discount or 0.0)
    assert batch.is_planted and batch.savings_usd == pytest.approx((nightly["cost_usd"] * discount).sum())
    assert batch.batchable_spend_usd == pytest.approx(nightly.loc[discount > 0, "cost_usd"].sum())
    assert batch.batchable_spend_usd < batch.spend_usd  # llama-3.1-8b on groq has no batch API


def test_truth_from_chunks_equals_truth_from_the_whole_frame() -> None:
    chunks = make_chunks()
    accumulator = TruthAccumulator(SPEC)
    for chunk in chunks:
        accumulator.add(chunk)
    whole = compute_planted_truth(SPEC, pd.concat(chunks, ignore_index=True))
    assert_close(accumulator.finish().as_dict(), whole.as_dict())


def assert_close(a: object, b: object, path: str = "truth") -> None:
    """Nested dicts and lists equal, floats up to rounding of sums taken in another order."""
    if isinstance(a, dict) and isinstance(b, dict):
        assert a.keys() == b.keys(), path
        for key in a:
            assert_close(a[key], b[key], f"{path}.{key}")
    elif isinstance(a, list | tuple) and isinstance(b, list | tuple):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_close(x, y, f"{path}[{i}]")
    elif isinstance(a, float):
        # The p95 estimate averages per-chunk p95s; everything else is exact up to summation order.
        rel = 0.02 if path.endswith("to_p95_ms_estimate") else 1e-9
        assert a == pytest.approx(b, rel=rel, abs=1e-9), path
    else:
        assert a == b, path


def test_bad_arguments_are_named() -> None:
    with pytest.raises(ValidationError, match="events"):
        compute_events(SPEC, 0, 7, 1)
    with pytest.raises(ValidationError, match="days"):
        compute_events(SPEC, 10, 0, 1)
    with pytest.raises(ValidationError, match="timezone"):
        compute_events(SPEC, 10, 1, 1, end=datetime(2026, 1, 1))


# --- writing to the store and the CLI ------------------------------------------------------------


def test_save_generated_writes_every_row_and_refuses_a_second_run(store: WorkloadStore) -> None:
    seen: list[tuple[int, int]] = []
    report = save_generated(store, "acme", SPEC, 20_000, 7, 2, end=END, progress=lambda a, b: seen.append((a, b)))
    assert report.events_written == 20_000 and seen[-1] == (20_000, 20_000)
    expected = compute_events(SPEC, 20_000, 7, 2, end=END)
    with store.session() as client:
        save_events(client, "acme", pd.DataFrame({"event_id": ["mine"], "ts": [END], "workload": ["real"]}))
        save_events(client, "globex", pd.DataFrame({"event_id": ["theirs"], "ts": [END], "workload": ["real"]}))
        ((count, spend, ids, tokens, steps, first, last),) = query_rows(
            client,
            "SELECT count(), sum(cost_usd), uniqExact(event_id), sum(prompt_tokens), "
            "countIf(mapContains(metadata, 'agent_step')), min(ts), max(ts) FROM workload_events "
            "WHERE org_id = {org:String} AND source = 'generator'",
            {"org": "acme"},
        )
    assert (count, ids) == (20_000, 20_000)
    as_utc = [pd.Timestamp(t) if pd.Timestamp(t).tzinfo else pd.Timestamp(t).tz_localize("UTC") for t in (first, last)]
    assert as_utc == [expected["ts"].min(), expected["ts"].max()]
    assert spend == pytest.approx(expected["cost_usd"].sum()) == pytest.approx(report.spend_usd)
    assert tokens == expected["prompt_tokens"].sum()
    assert steps == expected["metadata"].map(lambda m: "agent_step" in m).sum()

    # A frame from compute_events goes through the ordinary writer too, and its ids are already there.
    with store.session() as client:
        assert save_events(client, "acme", compute_events(SPEC, 20_000, 7, 2, end=END, org_id="acme")) == 0
    with pytest.raises(GeneratedEventsExistError, match="already has 20,000 generated events"):
        save_generated(store, "acme", SPEC, 1_000, 7, 2, end=END)
    again = save_generated(store, "acme", SPEC, 1_000, 7, 9, end=END, replace=True)
    assert (again.events_deleted, again.events_written) == (20_000, 1_000)
    with store.session() as client:
        assert fetch_event_count(client, "acme") == 1_001  # the org's own event survived
        assert fetch_event_count(client, "globex") == 1


def test_cli_generate_json(tmp_path: Path) -> None:
    env = {"NETRA_DATA_DIR": str(tmp_path / "data")}
    args = ("generate", "--org", "demo", "--events", "3000", "--days", "7", "--seed", "4", "--end", "2026-11-02")
    result = run_netra(*args, "--json", "--create-org", env=env)  # a fresh install: the org is created with it
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["events_written"] == 3000 and data["org_id"] == "demo"
    expected = compute_events(SPEC, 3000, 7, 4, end=END)
    assert data["spend_usd"] == pytest.approx(expected["cost_usd"].sum()) and data["end"] == END.isoformat()
    assert data["spend_usd"] == pytest.approx(data["truth"]["spend_usd"]) and data["spend_usd"] > 0
    assert any(s["is_planted"] for s in data["truth"]["model_switches"])
    assert builtin_profile("openai", data["truth"]["model_switches"][0]["to_model"]) is not None
    again = run_netra("generate", "--org", "demo", "--events", "3000", "--days", "7", env=env)
    assert again.returncode == 1 and "--replace" in again.stderr and again.stdout == ""


@pytest.mark.skipif(os.environ.get("NETRA_TEST_CLICKHOUSE_URL") is None, reason="no ClickHouse server configured")
def test_save_generated_on_a_server() -> None:
    server = WorkloadStore(os.environ["NETRA_TEST_CLICKHOUSE_URL"])
    org = f"gen-test-{os.getpid()}"
    report = save_generated(server, org, SPEC, 5_000, 3, 1, end=END, replace=True)
    with server.session() as client:
        assert fetch_event_count(client, org) == report.events_written == 5_000
        client.command("DELETE FROM workload_events WHERE org_id = {org:String}", parameters={"org": org})
    server.close()
