"""The request log: an org's events one by one, newest first, filtered, searched and paged; a trace's spans."""

from __future__ import annotations

import time
from datetime import timedelta

import pandas as pd
import pytest

from netra_core.analytics.filters import EventFilter
from netra_core.analytics.request_log import fetch_request_log, fetch_trace
from netra_core.errors import ValidationError
from netra_core.workloads.events import EVENT_COLUMNS, save_events
from netra_core.workloads.store import WorkloadStore
from tests.test_analytics import END, make_traffic


@pytest.fixture
def traffic(store: WorkloadStore) -> pd.DataFrame:
    acme = make_traffic("acme", 600, seed=5)
    acme["trace_id"] = [f"t{i // 3}" for i in range(len(acme))]  # three spans per trace
    globex = make_traffic("globex", 300, seed=6)
    globex["trace_id"] = acme["trace_id"].iloc[:300].to_numpy()  # the same trace ids in another org
    with store.session() as client:
        for org, frame in (("acme", acme), ("globex", globex)):
            save_events(client, org, frame.drop(columns="trace_id"))
            # trace ids come from OpenTelemetry spans (the collector's writer); set them the way it stores them
            client.insert_df("workload_events", compute_stored(org, frame))
    return acme


def compute_stored(org: str, frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.assign(org_id=org, ts=pd.to_datetime(frame["ts"], utc=True), version=int(time.time() * 1000) + 60_000)
    for column, default in EVENT_COLUMNS.items():
        if column not in out:
            out[column] = default
    return out[[*EVENT_COLUMNS, "trace_id", "version"]]


def window(days: int = 7, **dims: tuple[str, ...]) -> EventFilter:
    return EventFilter("acme", start=END - timedelta(days=days), end=END, **dims)


def test_newest_first_with_the_total_and_pages(store: WorkloadStore, traffic: pd.DataFrame) -> None:
    inside = traffic[traffic["ts"] >= END - timedelta(days=7)].sort_values(["ts", "event_id"], ascending=[False, True])
    with store.session() as client:
        first = fetch_request_log(client, window(), limit=50)
        second = fetch_request_log(client, window(), limit=50, offset=50)
    assert first.total == len(inside) and second.total == len(inside)
    assert list(first.rows["event_id"]) == list(inside["event_id"].iloc[:50])
    assert list(second.rows["event_id"]) == list(inside["event_id"].iloc[50:100])
    assert first.rows["cost_usd"].round(6).tolist() == inside["cost_usd"].iloc[:50].round(6).tolist()


def test_status_dimension_and_search_filters(store: WorkloadStore, traffic: pd.DataFrame) -> None:
    inside = traffic[traffic["ts"] >= END - timedelta(days=7)]
    with store.session() as client:
        errors = fetch_request_log(client, window(), status="errors", limit=1000)
        ok = fetch_request_log(client, window(), status="ok", limit=1)
        bot = fetch_request_log(client, window(workloads=("support-bot",)), limit=1000)
        limits = fetch_request_log(client, window(), search="RATE_LIM", limit=1000)
        user = fetch_request_log(client, window(), search="u7", limit=1000)
        hostile = fetch_request_log(client, window(), search="') OR 1=1 --", limit=1000)
    assert errors.total == int((inside["status"] != "ok").sum()) and set(errors.rows["status"]) == {"error"}
    assert ok.total == int((inside["status"] == "ok").sum())
    assert bot.total == int((inside["workload"] == "support-bot").sum())
    assert limits.total == int((inside["error_type"] == "rate_limit").sum())
    assert user.total == int(inside["user_id"].str.contains("u7").sum())  # u7 and u17
    assert hostile.total == 0


def test_bad_paging_is_refused_clearly(store: WorkloadStore, traffic: pd.DataFrame) -> None:
    with store.session() as client, pytest.raises(ValidationError, match="limit: 5000 is not between 1 and 1000"):
        fetch_request_log(client, window(), limit=5000)
    with store.session() as client, pytest.raises(ValidationError, match="status: 'failed' is not one of"):
        fetch_request_log(client, window(), status="failed")  # type: ignore[arg-type]


def test_a_trace_is_its_orgs_spans_only_in_start_order(store: WorkloadStore, traffic: pd.DataFrame) -> None:
    want = traffic[traffic["trace_id"] == "t4"].sort_values(["ts", "event_id"])
    with store.session() as client:
        spans = fetch_trace(client, "acme", "t4")
        other = fetch_trace(client, "globex", "t4")
        none = fetch_trace(client, "acme", " ")
    assert list(spans["event_id"]) == list(want["event_id"]) and len(spans) == 3
    assert all(e.startswith("globex-") for e in other["event_id"]) and none.empty


def test_what_one_trace_costs_per_workload(store: WorkloadStore, traffic: pd.DataFrame) -> None:
    from netra_core.analytics.request_log import fetch_trace_costs

    inside = traffic[traffic["ts"] >= END - timedelta(days=7)]  # the window's spans, summed per trace
    costs = inside.groupby("trace_id")["cost_usd"].sum()
    with store.session() as client:
        summary, dearest = fetch_trace_costs(client, window(), limit=5)
        bot, _ = fetch_trace_costs(client, window(workloads=("support-bot",)))
    assert summary["traces"].sum() == len(costs)
    assert summary["cost_usd"].sum() == pytest.approx(inside["cost_usd"].sum())
    assert list(dearest["trace_id"]) == list(costs.sort_values(ascending=False).index[:5])
    assert dearest["cost_usd"].tolist() == pytest.approx(costs.sort_values(ascending=False).iloc[:5].tolist())
    assert float(summary["median_cost_per_trace"].max()) <= float(summary["p95_cost_per_trace"].max())
    assert set(bot["workload"]) == {"support-bot"}


def test_the_cost_source_mix(store: WorkloadStore) -> None:
    from netra_core.analytics.cost_sources import fetch_cost_source_mix

    frame = make_traffic("acme", 400, seed=9)
    frame["cost_source"] = ["billed", "reported", "netra", "unpriced"] * 100
    frame.loc[frame["cost_source"] == "unpriced", "cost_usd"] = 0.0
    with store.session() as client:
        client.insert_df("workload_events", compute_stored("acme", frame.assign(trace_id="")))
        mix = fetch_cost_source_mix(client, window(days=14))
    inside = frame[frame["ts"] >= END - timedelta(days=14)]
    reported = inside[inside["cost_source"].isin(["billed", "reported"])]
    assert mix.reported_usd == pytest.approx(reported["cost_usd"].sum())
    assert mix.priced_usd == pytest.approx(inside[inside["cost_source"] == "netra"]["cost_usd"].sum())
    assert mix.unpriced_requests == int((inside["cost_source"] == "unpriced").sum())
    share = reported["cost_usd"].sum() / inside["cost_usd"].sum()
    assert mix.describe().startswith(f"Costs: {share:.0%} of spend as reported by the provider")
    assert f"{mix.unpriced_requests:,} requests of models without a price" in mix.describe()
