"""Pages in AppTest: what renders for each role, and the numbers they show."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from netra_core.analytics.filters import EventFilter
from netra_core.analytics.kpis import fetch_kpis
from netra_core.config import get_settings
from netra_core.stores import make_store
from netra_core.workloads.events import save_events
from tests.app_helpers import make_app_db, open_app, sign_in
from tests.test_analytics import make_traffic


@pytest.fixture
def seeded() -> dict[str, pd.DataFrame]:
    engine, _ = make_app_db(
        [("ada", "acme", "admin"), ("ann", "acme", "analyst"), ("vic", "acme", "viewer"), ("gus", "globex", "admin")]
    )
    engine.dispose()
    acme, globex = make_traffic("acme", 2000, seed=11), make_traffic("globex", 500, seed=12)
    with make_store(get_settings()).session() as client:
        save_events(client, "acme", acme)
        save_events(client, "globex", globex)
    return {"acme": acme, "globex": globex}


def signed_in(username: str) -> AppTest:
    return sign_in(open_app(), username)


def anchor(frame: pd.DataFrame) -> pd.Timestamp:
    # Historic data: the page's windows end one minute after the org's last event, on a whole minute.
    return (pd.to_datetime(frame["ts"], utc=True).max() + pd.Timedelta(minutes=1)).floor("min")


def expected_kpis(frame: pd.DataFrame, org: str, days: int = 7, **dims: tuple[str, ...]) -> pd.DataFrame:
    f = EventFilter.last_days(org, days, now=anchor(frame).to_pydatetime(), **dims)
    with make_store(get_settings()).session() as client:
        return fetch_kpis(client, f).set_index("metric")


def test_overview_shows_kpis_and_charts_of_the_users_org(seeded: dict[str, pd.DataFrame]) -> None:
    at = signed_in("ada")
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    kpis = expected_kpis(seeded["acme"], "acme")
    assert metrics["Requests"] == f"{kpis.loc['requests', 'value']:,.0f}"
    assert metrics["Spend"] == f"${kpis.loc['spend_usd', 'value']:,.2f}"
    assert len(at.get("plotly_chart")) >= 3
    assert any(c.value.startswith("Costs: 100% of spend as reported by the provider") for c in at.caption)
    other = signed_in("gus")
    assert {m.label: m.value for m in other.metric}[
        "Requests"
    ] == f"{expected_kpis(seeded['globex'], 'globex').loc['requests', 'value']:,.0f}"


def test_filters_change_the_numbers_and_persist(seeded: dict[str, pd.DataFrame]) -> None:
    at = signed_in("vic")
    workloads = at.sidebar.multiselect[0]
    assert workloads.label == "Workloads" and "support-bot" in workloads.options
    at = workloads.select("support-bot").run()
    kpis = expected_kpis(seeded["acme"], "acme", workloads=("support-bot",))
    assert {m.label: m.value for m in at.metric}["Requests"] == f"{kpis.loc['requests', 'value']:,.0f}"
    at.run()
    assert at.sidebar.multiselect[0].value == ["support-bot"]


def test_time_range_filter(seeded: dict[str, pd.DataFrame]) -> None:
    at = signed_in("ann")
    at = at.sidebar.selectbox[0].select("Last 24 hours").run()
    expected = expected_kpis(seeded["acme"], "acme", days=1).loc["requests", "value"]
    assert {m.label: m.value for m in at.metric}["Requests"] == f"{expected:,.0f}"


def test_overview_without_data_says_what_to_do(tmp_path: Path) -> None:
    engine, _ = make_app_db([("newbie", "empty-org", "viewer")])
    engine.dispose()
    at = signed_in("newbie")
    assert not at.exception
    assert any("No traffic loaded" in i.value for i in at.info)


def test_custom_dates_and_a_shared_link_with_the_filters(seeded: dict[str, pd.DataFrame]) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.app_helpers import APP

    last = anchor(seeded["acme"]).date()
    first_day, last_day = last - pd.Timedelta(days=4), last - pd.Timedelta(days=1)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(
        {
            "range": "custom",
            "from": first_day.isoformat(),
            "to": last_day.isoformat(),
            "workload": ["support-bot", "no-such-workload"],
        }
    )
    at = sign_in(at.run(), "vic")
    assert not at.exception, at.exception
    assert any("no-such-workload" in w.value and "not in your org's traffic" in w.value for w in at.warning)
    start = pd.Timestamp(first_day, tz="UTC")
    f = EventFilter(
        "acme",
        start=start.to_pydatetime(),
        end=(pd.Timestamp(last_day, tz="UTC") + pd.Timedelta(days=1)).to_pydatetime(),
        workloads=("support-bot",),
    )
    with make_store(get_settings()).session() as client:
        want = fetch_kpis(client, f).set_index("metric").loc["requests", "value"]
    assert {m.label: m.value for m in at.metric}["Requests"] == f"{want:,.0f}"
    assert any("compared with the previous 4 days" in c.value for c in at.caption)
    # the current filters are in the URL, so the view can be shared
    params = {k: at.query_params[k] for k in at.query_params}
    assert params["range"] in ("custom", ["custom"]) and params["workload"] in ("support-bot", ["support-bot"])


def test_the_overview_draws_a_windows_partial_first_and_last_day_faded() -> None:
    """A window ending mid-afternoon cuts its first and last day: the Overview's spend chart draws both faded and says
    so, instead of two drops in traffic (#18)."""
    import json

    engine, _ = make_app_db([("pat", "initech", "viewer")])
    engine.dispose()
    traffic = make_traffic("initech", 1500, seed=41)
    traffic["ts"] = pd.to_datetime(traffic["ts"], utc=True) - pd.Timedelta(hours=10)  # the last event ~14:00 UTC
    with make_store(get_settings()).session() as client:
        save_events(client, "initech", traffic)
    at = signed_in("pat")
    assert not at.exception, at.exception
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    spend = next(c for c in charts if c["layout"]["title"]["text"].startswith("Spend over time"))
    assert "partial day" in spend["layout"]["title"]["text"]
    for trace in spend["data"]:
        opacity = trace["marker"]["opacity"]
        assert opacity[0] < 1 and opacity[-1] < 1 and all(o == 1 for o in opacity[1:-1]), opacity
