"""The Requests page in AppTest: the org's own events newest first, status and search filters, paging, a trace."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from netra_core.config import get_settings
from netra_core.stores import make_store
from netra_core.workloads.events import EVENT_COLUMNS
from tests.app_helpers import make_app_db, open_app, sign_in
from tests.test_analytics import make_traffic


def stored(org: str, n: int, seed: int) -> pd.DataFrame:
    frame = make_traffic(org, n, seed=seed, days=3)
    frame["ts"] = pd.Timestamp.now(tz="UTC").floor("s") - pd.to_timedelta(range(n), unit="min")  # the last hours
    frame["trace_id"] = [f"{org}-trace-{i // 4}" for i in range(n)]
    frame = frame.assign(org_id=org, version=int(time.time() * 1000))
    for column, default in EVENT_COLUMNS.items():
        if column not in frame:
            frame[column] = default
    return frame[[*EVENT_COLUMNS, "trace_id", "version"]]


@pytest.fixture
def seeded() -> Iterator[dict[str, pd.DataFrame]]:
    engine, _ = make_app_db([("vic", "acme", "viewer")])
    frames = {"acme": stored("acme", 300, 1), "globex": stored("globex", 200, 2)}
    with make_store(get_settings()).session() as client:
        for frame in frames.values():
            client.insert_df("workload_events", frame)
    yield frames
    engine.dispose()


def open_requests() -> AppTest:
    at = sign_in(open_app(), "vic").switch_page("views/requests.py").run()
    assert not at.exception, at.exception
    return at


def log_table(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value  # the log; the trace table comes after it


def test_viewers_see_their_orgs_requests_newest_first(seeded: dict[str, pd.DataFrame]) -> None:
    at = open_requests()
    rows = log_table(at)
    want = seeded["acme"].sort_values(["ts", "event_id"], ascending=[False, True])
    assert list(rows["event_id"]) == list(want["event_id"].iloc[:100])
    assert any("300 requests" in c.value for c in at.caption)
    trace = at.selectbox(key="rl_trace_pick").value
    assert trace == want["trace_id"].iloc[0]
    spans = [d.value for d in at.dataframe if "event_id" in d.value.columns][-1]
    assert sorted(spans["event_id"]) == sorted(want[want["trace_id"] == trace]["event_id"])
    assert at.query_params["trace"] in (trace, [trace])  # the view is in the URL


def test_errors_only_search_and_the_next_page(seeded: dict[str, pd.DataFrame]) -> None:
    acme = seeded["acme"]
    at = open_requests()
    at.text_input(key="rl_search").input("timeout").run()
    assert set(log_table(at)["error_type"]) == {"timeout"}
    assert any(f"{int((acme['error_type'] == 'timeout').sum())} requests" in c.value for c in at.caption)
    at.text_input(key="rl_search").input("").run()
    at.number_input(key="rl_page").set_value(3).run()
    want = acme.sort_values(["ts", "event_id"], ascending=[False, True])
    assert list(log_table(at)["event_id"]) == list(want["event_id"].iloc[200:300])


def test_the_workloads_page_says_what_one_request_chain_costs(seeded: dict[str, pd.DataFrame]) -> None:
    acme = seeded["acme"]
    at = sign_in(open_app(), "vic").switch_page("views/workloads.py").run()
    workload = at.selectbox(key="workloads_pick").value
    spans = acme[acme["workload"] == workload]
    costs = spans.groupby("trace_id")["cost_usd"].sum()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Traces"] == f"{len(costs):,}"
    assert metrics["Cost per trace"] == f"${costs.mean():,.4f}"
    dearest = next(d.value for d in at.dataframe if "trace_id" in d.value.columns)
    assert list(dearest["trace_id"]) == list(costs.sort_values(ascending=False).index[:10])
