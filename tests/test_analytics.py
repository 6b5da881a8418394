"""Analytics functions against numbers computed independently with pandas/numpy on the same events."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from netra_core.analytics.breakdowns import (
    fetch_error_breakdown,
    fetch_latency_by_model,
    fetch_spend_over_time,
    fetch_token_histogram,
    fetch_token_stats,
    fetch_top,
)
from netra_core.analytics.filters import EventFilter, choose_grain
from netra_core.analytics.kpis import fetch_kpis
from netra_core.analytics.overview import fetch_overview
from netra_core.analytics.savings import fetch_batchable_spend, fetch_duplicate_share
from netra_core.errors import ValidationError
from netra_core.workloads.events import save_events
from netra_core.workloads.store import WorkloadStore
from tests.conftest import run_netra

END = datetime(2026, 11, 15, tzinfo=UTC)
WORKLOADS = ["support-bot", "summarizer", "nightly-enrich"]
MODELS = [("openai", "gpt-4o"), ("openai", "gpt-4o-mini"), ("anthropic", "claude-3-5-haiku")]


def make_traffic(org: str, n: int, seed: int, days: int = 14) -> pd.DataFrame:
    """Random but fully known events over `days` days ending at END."""
    rng = np.random.default_rng(seed)
    pm = rng.integers(0, len(MODELS), n)
    wl = rng.integers(0, len(WORKLOADS), n)
    status = np.where(rng.random(n) < 0.08, "error", "ok")
    frame = pd.DataFrame(
        {
            "event_id": [f"{org}-{seed}-{i}" for i in range(n)],
            "ts": END - pd.to_timedelta(rng.uniform(0, days * 86400, n), unit="s"),
            "workload": np.array(WORKLOADS)[wl],
            "task_type": np.where(wl == 1, "summarization", "chat"),
            "user_id": [f"u{v}" for v in rng.integers(0, 20, n)],
            "session_id": [f"s{v}" for v in rng.integers(0, 50, n)],
            "provider": [MODELS[i][0] for i in pm],
            "model": [MODELS[i][1] for i in pm],
            "prompt_tokens": rng.integers(10, 4000, n),
            "completion_tokens": rng.integers(1, 800, n),
            "latency_ms": rng.lognormal(6.5, 0.6, n).astype("float32"),
            "ttft_ms": rng.lognormal(5.5, 0.4, n).astype("float32"),
            "cost_usd": rng.uniform(0.0001, 0.05, n).round(6),
            "status": status,
            "error_type": np.where(status == "error", rng.choice(["rate_limit", "timeout"], n), ""),
            "quality": np.where(rng.random(n) < 0.4, rng.uniform(0.5, 1.0, n), np.nan),
            "prompt_hash": [f"h{v}" for v in rng.integers(0, n // 3, n)],
        }
    )
    frame["metadata"] = [{"latency_insensitive": "true"} if w == "nightly-enrich" else {} for w in frame["workload"]]
    return frame


@pytest.fixture
def traffic(store: WorkloadStore) -> pd.DataFrame:
    acme = make_traffic("acme", 3000, seed=1)
    globex = make_traffic("globex", 1000, seed=2)
    with store.session() as client:
        save_events(client, "acme", acme)
        save_events(client, "globex", globex)
    acme["ts"] = pd.to_datetime(acme["ts"], utc=True)
    return acme


def window(frame: pd.DataFrame, f: EventFilter) -> pd.DataFrame:
    m = (frame["ts"] >= f.start) & (frame["ts"] < f.end)
    for col, values in (("workload", f.workloads), ("model", f.models), ("provider", f.providers)):
        if values:
            m &= frame[col].isin(values)
    return frame[m]


@pytest.mark.parametrize(
    "dims",
    [{}, {"workloads": ("support-bot",)}, {"models": ("gpt-4o", "claude-3-5-haiku")}, {"providers": ("openai",)}],
)
def test_kpis_match_pandas_and_compare_with_the_previous_week(
    store: WorkloadStore, traffic: pd.DataFrame, dims: dict[str, tuple[str, ...]]
) -> None:
    f = EventFilter.last_days("acme", 7, now=END, **dims)
    with store.session() as client:
        kpis = fetch_kpis(client, f).set_index("metric")
    for frame, column in ((window(traffic, f), "value"), (window(traffic, f.previous()), "previous")):
        lat = frame["latency_ms"].astype("float64")
        expected = {
            "spend_usd": frame["cost_usd"].sum(),
            "requests": len(frame),
            "tokens": (frame["prompt_tokens"] + frame["completion_tokens"]).sum(),
            "latency_p50_ms": np.quantile(lat, 0.5),
            "latency_p95_ms": np.quantile(lat, 0.95),
            "latency_p99_ms": np.quantile(lat, 0.99),
            "error_rate": (frame["status"] != "ok").mean(),
            "mean_quality": frame["quality"].mean(),
            "cost_per_1k_requests": frame["cost_usd"].sum() / len(frame) * 1000,
        }
        for metric, value in expected.items():
            assert kpis.loc[metric, column] == pytest.approx(value, rel=1e-4), (metric, column)
    assert kpis.loc["spend_usd", "change_pct"] == pytest.approx(
        (kpis.loc["spend_usd", "value"] / kpis.loc["spend_usd", "previous"] - 1) * 100
    )


def test_kpis_of_an_empty_window_are_zero_or_missing(store: WorkloadStore, traffic: pd.DataFrame) -> None:
    f = EventFilter.last_days("acme", 7, now=END - timedelta(days=400))
    with store.session() as client:
        kpis = fetch_kpis(client, f).set_index("metric")
    assert kpis.loc["requests", "value"] == 0 and kpis.loc["spend_usd", "value"] == 0
    assert np.isnan(kpis.loc["latency_p95_ms", "value"]) and np.isnan(kpis.loc["spend_usd", "change_pct"])


@pytest.mark.parametrize("by", ["model", "workload", "provider"])
def test_spend_over_time_by_group(store: WorkloadStore, traffic: pd.DataFrame, by: str) -> None:
    f = EventFilter.last_days("acme", 14, now=END)
    with store.session() as client:
        got = fetch_spend_over_time(client, f, by=by)
    frame = window(traffic, f).assign(bucket=lambda d: d["ts"].dt.floor("D"))
    expected = (
        frame.groupby(["bucket", by]).agg(spend_usd=("cost_usd", "sum"), requests=("event_id", "count")).reset_index()
    )
    got["bucket"] = pd.to_datetime(got["bucket"], utc=True)
    merged = expected.merge(got, on=["bucket", by], suffixes=("", "_got"), how="outer")
    assert len(merged) == len(expected) == len(got)
    np.testing.assert_allclose(merged["spend_usd_got"], merged["spend_usd"], rtol=1e-6)
    assert (merged["requests_got"] == merged["requests"]).all()


def test_grain_follows_the_window() -> None:
    assert [choose_grain(timedelta(hours=h)) for h in (2, 48, 24 * 30, 24 * 365, 24 * 1000)] == [
        "minute",
        "hour",
        "day",
        "week",
        "month",
    ]


def test_latency_by_model(store: WorkloadStore, traffic: pd.DataFrame) -> None:
    f = EventFilter.last_days("acme", 14, now=END)
    with store.session() as client:
        got = fetch_latency_by_model(client, f).set_index("model")
    for model, frame in window(traffic, f).groupby("model"):
        lat = frame["latency_ms"].astype("float64")
        assert got.loc[model, "requests"] == len(frame)
        assert got.loc[model, "latency_p95_ms"] == pytest.approx(np.quantile(lat, 0.95), rel=1e-4)
        assert got.loc[model, "ttft_p50_ms"] == pytest.approx(
            np.quantile(frame["ttft_ms"].astype("float64"), 0.5), rel=1e-4
        )


def test_token_stats_and_histogram(store: WorkloadStore, traffic: pd.DataFrame) -> None:
    f = EventFilter.last_days("acme", 14, now=END)
    frame = window(traffic, f)
    with store.session() as client:
        stats = fetch_token_stats(client, f, by="workload").set_index("workload")
        hist = fetch_token_histogram(client, f, "prompt_tokens")
    for workload, part in frame.groupby("workload"):
        assert stats.loc[workload, "prompt_mean"] == pytest.approx(part["prompt_tokens"].mean())
        assert stats.loc[workload, "completion_p95"] == pytest.approx(np.quantile(part["completion_tokens"], 0.95))
    lo = 2 ** np.floor(np.log2(frame["prompt_tokens"]))
    expected = lo.value_counts().sort_index()
    assert (
        hist["requests"].tolist() == expected.tolist()
        and hist["bucket_lo"].tolist() == expected.index.astype(int).tolist()
    )
    assert (hist["bucket_hi"] == hist["bucket_lo"] * 2).all()


def test_error_breakdown(store: WorkloadStore, traffic: pd.DataFrame) -> None:
    f = EventFilter.last_days("acme", 14, now=END)
    frame = window(traffic, f)
    with store.session() as client:
        got = fetch_error_breakdown(client, f)
    errors = frame[frame["status"] != "ok"].groupby(["model", "error_type"]).size()
    per_model = frame.groupby("model").size()
    assert got["errors"].sum() == errors.sum()
    for row in got.itertuples():
        assert row.errors == errors[(row.model, row.error_type)]
        assert row.error_share == pytest.approx(errors[(row.model, row.error_type)] / per_model[row.model])


@pytest.mark.parametrize(("by", "column"), [("workload", "workload"), ("user", "user_id"), ("session", "session_id")])
def test_top_spenders(store: WorkloadStore, traffic: pd.DataFrame, by: str, column: str) -> None:
    f = EventFilter.last_days("acme", 14, now=END)
    with store.session() as client:
        got = fetch_top(client, f, by=by, limit=5)
    spend = window(traffic, f).groupby(column)["cost_usd"].sum().sort_values(ascending=False)
    assert got[by].tolist() == spend.index[:5].tolist()
    np.testing.assert_allclose(got["spend_usd"], spend.iloc[:5].to_numpy(), rtol=1e-6)
    np.testing.assert_allclose(got["share"], (spend / spend.sum()).iloc[:5].to_numpy(), rtol=1e-6)


def test_duplicate_share_and_cache_savings(store: WorkloadStore, traffic: pd.DataFrame) -> None:
    f = EventFilter.last_days("acme", 14, now=END)
    frame = window(traffic, f).sort_values("ts")
    with store.session() as client:
        got = fetch_duplicate_share(client, f).set_index("workload")
    for workload, part in frame.groupby("workload"):
        repeats = part[part.duplicated("prompt_hash", keep="first")]
        assert got.loc[workload, "duplicate_requests"] == len(repeats)
        assert got.loc[workload, "duplicate_share"] == pytest.approx(len(repeats) / len(part))
        assert got.loc[workload, "duplicate_spend_usd"] == pytest.approx(repeats["cost_usd"].sum(), rel=1e-6)


def test_batchable_spend_is_the_latency_insensitive_workloads_ok_traffic(
    store: WorkloadStore, traffic: pd.DataFrame
) -> None:
    f = EventFilter.last_days("acme", 14, now=END)
    frame = window(traffic, f)
    with store.session() as client:
        tagged = fetch_batchable_spend(client, f)
        named = fetch_batchable_spend(client, f, workloads=("summarizer",))
    expected = frame[(frame["workload"] == "nightly-enrich") & (frame["status"] == "ok")]["cost_usd"].sum()
    assert set(tagged["workload"]) == {"nightly-enrich"}
    assert tagged["spend_usd"].sum() == pytest.approx(expected, rel=1e-6)
    assert set(named["workload"]) == {"nightly-enrich", "summarizer"}


def test_org_a_never_sees_org_b(store: WorkloadStore, traffic: pd.DataFrame) -> None:
    f = EventFilter.last_days("acme", 30, now=END)
    with store.session() as client:
        ov = fetch_overview(client, f)
        tops = fetch_top(client, f, by="user", limit=100)
        nobody = fetch_kpis(client, EventFilter.last_days("acme' OR '1'='1", 30, now=END)).set_index("metric")
    assert ov.kpis.set_index("metric").loc["requests", "value"] == len(window(traffic, f))
    assert set(ov.top_workloads["workload"]) <= set(WORKLOADS)
    assert tops["requests"].sum() == len(window(traffic, f))
    assert nobody.loc["requests", "value"] == 0


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValidationError, match="org"):
        EventFilter("", END - timedelta(days=1), END)
    with pytest.raises(ValidationError, match="not after"):
        EventFilter("acme", END, END - timedelta(days=1))
    with pytest.raises(ValidationError, match="group by"):
        fetch_spend_over_time(None, EventFilter.last_days("acme", 1, now=END), by="cost; DROP TABLE x")  # type: ignore[arg-type]


def test_query_overview_cli(traffic: pd.DataFrame, store: WorkloadStore) -> None:
    env = {"NETRA_WORKLOAD_STORE_URL": store.url}
    out = run_netra("query", "overview", "--org", "acme", "--days", "3650", "--json", env=env)
    assert out.returncode == 0, out.stderr
    payload = json.loads(out.stdout)
    assert payload["kpis"]["requests"]["value"] == len(traffic)
    assert payload["kpis"]["spend_usd"]["value"] == pytest.approx(traffic["cost_usd"].sum(), rel=1e-5)
    text = run_netra("query", "overview", "--org", "acme", "--days", "3650", env=env)
    assert text.returncode == 0 and "spend_usd" in text.stdout


def test_an_empty_window_gives_empty_tables_with_their_columns(store: WorkloadStore, traffic: pd.DataFrame) -> None:
    f = EventFilter.last_days("acme", 7, now=END - timedelta(days=400))
    with store.session() as client:
        latency = fetch_latency_by_model(client, f)
        tokens = fetch_token_stats(client, f)
        errors = fetch_error_breakdown(client, f)
        dup = fetch_duplicate_share(client, f)
    assert latency.empty and "latency_p95_ms" in latency.columns
    assert tokens.empty and "prompt_p95" in tokens.columns
    assert errors.empty and "error_share" in errors.columns
    assert dup.empty and "duplicate_share" in dup.columns
