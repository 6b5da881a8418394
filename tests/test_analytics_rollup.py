"""The hourly roll-up: its answers equal the raw events' (sums and counts exactly, quantiles closely), it is
chosen only for large windows, it never counts an event twice, and deleting generated events clears its share."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np
import pandas as pd
import pytest

from netra_core.analytics import sources
from netra_core.analytics.breakdowns import (
    fetch_error_breakdown,
    fetch_latency_by_model,
    fetch_spend_over_time,
    fetch_top,
)
from netra_core.analytics.dimensions import fetch_dimension_values
from netra_core.analytics.filters import EventFilter
from netra_core.analytics.kpis import fetch_kpis
from netra_core.analytics.overview import fetch_overview
from netra_core.analytics.sources import RollupChoice
from netra_core.generator.generated_events import delete_generated
from netra_core.workloads.events import save_events
from netra_core.workloads.migrations import load_migrations, upgrade_store
from netra_core.workloads.store import WorkloadStore, query_rows
from tests.test_analytics import END, make_traffic, window

EXACT = ("spend_usd", "requests", "tokens", "error_rate", "mean_quality", "cost_per_1k_requests")
# t-digests merged from many small hourly groups: close in the body, looser in the far tail of a small sample
# (a few hundred events here; the benchmark reports the error at 1 M and 10 M events).
QUANTILES = {"latency_p50_ms": 0.03, "latency_p95_ms": 0.03, "latency_p99_ms": 0.1}

# An aligned window, one whose ends fall inside hours (the partial hours come from the raw events), and filters.
WINDOWS = [
    {"days": 7, "now": END},
    {"days": 6.3, "now": END - timedelta(minutes=37)},
    {"days": 10, "now": END - timedelta(hours=5, minutes=11), "workloads": ("support-bot", "summarizer")},
    {"days": 9, "now": END, "providers": ("anthropic",)},
]


@pytest.fixture
def traffic(store: WorkloadStore) -> pd.DataFrame:
    acme = make_traffic("acme", 6000, seed=11)
    with store.session() as client:
        save_events(client, "acme", acme)
        save_events(client, "globex", make_traffic("globex", 2000, seed=12))
    acme["ts"] = pd.to_datetime(acme["ts"], utc=True)
    return acme


def _filter(w: dict[str, Any]) -> EventFilter:
    dims = {k: v for k, v in w.items() if k not in {"days", "now"}}
    return EventFilter.last_days("acme", w["days"], now=w["now"], **dims)


@pytest.mark.parametrize("w", WINDOWS)
def test_rollup_kpis_equal_the_raw_events(store: WorkloadStore, traffic: pd.DataFrame, w: dict[str, Any]) -> None:
    f = _filter(w)
    with store.session() as client:
        raw = fetch_kpis(client, f, rollup=RollupChoice.RAW).set_index("metric")
        rolled = fetch_kpis(client, f, rollup=RollupChoice.ROLLUPS).set_index("metric")
    assert raw.loc["requests", "value"] == len(window(traffic, f)) > 0
    for column in ("value", "previous"):
        for metric in EXACT:
            assert rolled.loc[metric, column] == pytest.approx(raw.loc[metric, column], rel=1e-9), (metric, column)
        for metric, rel in QUANTILES.items():
            assert rolled.loc[metric, column] == pytest.approx(raw.loc[metric, column], rel=rel), (metric, column)


@pytest.mark.parametrize("w", WINDOWS)
def test_rollup_breakdowns_equal_the_raw_events(store: WorkloadStore, traffic: pd.DataFrame, w: dict[str, Any]) -> None:
    f = _filter(w)
    with store.session() as client:
        pairs = {
            name: (fn(client, f, rollup=RollupChoice.RAW), fn(client, f, rollup=RollupChoice.ROLLUPS))
            for name, fn in (
                ("spend", lambda c, f, rollup: fetch_spend_over_time(c, f, by="workload", grain="day", rollup=rollup)),
                ("hourly", lambda c, f, rollup: fetch_spend_over_time(c, f, by="model", grain="hour", rollup=rollup)),
                ("errors", fetch_error_breakdown),
                ("top", lambda c, f, rollup: fetch_top(c, f, by="model", rollup=rollup)),
                ("latency", fetch_latency_by_model),
            )
        }
    raw, rolled = pairs["spend"]
    pd.testing.assert_frame_equal(rolled.drop(columns="spend_usd"), raw.drop(columns="spend_usd"), check_dtype=False)
    np.testing.assert_allclose(rolled["spend_usd"], raw["spend_usd"], rtol=1e-9)
    raw, rolled = pairs["hourly"]  # hourly buckets never come from the daily roll-up
    assert rolled["requests"].tolist() == raw["requests"].tolist() and len(raw) > 24
    np.testing.assert_allclose(rolled["spend_usd"], raw["spend_usd"], rtol=1e-9)
    raw, rolled = pairs["errors"]
    pd.testing.assert_frame_equal(rolled, raw, check_dtype=False)
    raw, rolled = pairs["top"]
    assert rolled["model"].tolist() == raw["model"].tolist()
    assert rolled["requests"].tolist() == raw["requests"].tolist()
    np.testing.assert_allclose(rolled["share"], raw["share"], rtol=1e-9)
    raw, rolled = (frame.set_index("model") for frame in pairs["latency"])
    assert rolled["requests"].to_dict() == raw["requests"].to_dict()
    for column in ("latency_p50_ms", "latency_p95_ms", "ttft_p50_ms", "ttft_p95_ms"):
        np.testing.assert_allclose(rolled[column], raw.loc[rolled.index, column], rtol=0.03)


def test_the_overview_reads_the_rollup_only_for_large_windows(
    store: WorkloadStore, traffic: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = EventFilter.last_days("acme", 7, now=END)
    n = len(window(traffic, f))
    seen: list[str] = []

    class Recording:
        def __init__(self, client: Any) -> None:
            self.client = client

        def query(self, sql: str, parameters: Any = None, **kw: Any) -> Any:
            seen.append(sql)
            return self.client.query(sql, parameters=parameters, **kw)

        def query_df(self, sql: str, parameters: Any = None, **kw: Any) -> Any:
            seen.append(sql)
            return self.client.query_df(sql, parameters=parameters, **kw)

    with store.session() as client:
        for threshold, expect_rollup in ((n + 2000, False), (n // 2, True)):
            monkeypatch.setattr(sources, "ROLLUP_MIN_EVENTS", threshold)
            seen.clear()
            overview = fetch_overview(Recording(client), f)  # type: ignore[arg-type]
            data_queries = seen[1:]  # the first asks the roll-up how many events the window holds
            assert len(data_queries) == 6  # top workloads (semantic layer) also reads its coverage
            reads = [("workload_hourly" in sql or "workload_daily" in sql) for sql in data_queries]
            assert reads == [expect_rollup] * 6, threshold
            # A day-aligned window reads whole days only: no hourly rows, no raw events.
            assert not expect_rollup or not any("workload_events" in sql for sql in data_queries)
            assert overview.kpis.set_index("metric").loc["requests", "value"] == n


def _rollup_total(client: Any, org: str) -> int:
    rows = query_rows(client, "SELECT sum(requests) FROM workload_hourly WHERE org_id = {o:String}", {"o": org})
    return int(rows[0][0] or 0)


def test_rewriting_the_same_events_does_not_count_them_twice(store: WorkloadStore, traffic: pd.DataFrame) -> None:
    with store.session() as client:
        assert _rollup_total(client, "acme") == 6000 and _rollup_total(client, "globex") == 2000
        assert save_events(client, "acme", make_traffic("acme", 6000, seed=11)) == 0
        assert _rollup_total(client, "acme") == 6000


def test_deleting_generated_events_removes_their_rollup_rows(store: WorkloadStore, traffic: pd.DataFrame) -> None:
    generated = make_traffic("acme", 500, seed=13).assign(source="generator")
    generated["event_id"] = "gen-" + generated["event_id"]
    with store.session() as client:
        assert save_events(client, "acme", generated) == 500
        assert _rollup_total(client, "acme") == 6500
        delete_generated(client, "acme")
        assert _rollup_total(client, "acme") == 6000


def test_the_migration_rolls_up_events_stored_before_it(tmp_path: Any) -> None:
    st = WorkloadStore(f"chdb://{tmp_path / 'old'}", lock_timeout_s=20)
    with st.session() as client:
        upgrade_store(client, [m for m in load_migrations() if m.version < 3])
        save_events(client, "acme", make_traffic("acme", 1500, seed=14))
        assert upgrade_store(client, [m for m in load_migrations() if m.version <= 3]) == [3]
        assert _rollup_total(client, "acme") == 1500
        f = EventFilter.last_days("acme", 14, now=END)
        raw = fetch_top(client, f, by="workload", rollup=RollupChoice.RAW)
        rolled = fetch_top(client, f, by="workload", rollup=RollupChoice.ROLLUPS)
    assert rolled["requests"].tolist() == raw["requests"].tolist()


def test_filter_options_come_from_the_rollup_and_stay_in_their_org(store: WorkloadStore) -> None:
    acme = make_traffic("acme", 1000, seed=15)
    globex = make_traffic("globex", 300, seed=16).assign(workload="globex-only", model="globex-model")
    with store.session() as client:
        save_events(client, "acme", acme)
        save_events(client, "globex", globex)
        values = fetch_dimension_values(client, "acme")
        since = fetch_dimension_values(client, "acme", since=END - timedelta(days=1))
    assert values == {
        "workloads": sorted(acme["workload"].unique()),
        "models": sorted(acme["model"].unique()),
        "providers": sorted(acme["provider"].unique()),
        "task_types": sorted(acme["task_type"].unique()),
    }
    recent = acme[pd.to_datetime(acme["ts"], utc=True) >= END - timedelta(days=1)]
    assert since["workloads"] == sorted(recent["workload"].unique())
    assert "globex-only" not in values["workloads"] and "globex-model" not in values["models"]
