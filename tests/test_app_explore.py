"""The Explore page in AppTest: the signed-in user's org only, the same figures as run_semantic_query of the same
query, roles, URL parameters (shared links, bad ones) and errors named by field."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from netra_app.explore_state import (
    COMPARISONS,
    MEASURE_LABELS,
    ROW_LIMIT,
    ExploreState,
    make_query,
    parse_params,
    to_params,
)
from netra_app.filters import window_anchor
from netra_core.analytics.semantic import Comparison, Dimension, Grain, Measure
from netra_core.analytics.semantic_result import SemanticResult
from netra_core.analytics.semantic_sql import run_semantic_query
from netra_core.config import get_settings
from netra_core.stores import make_store
from tests.app_helpers import open_app, sign_in
from tests.test_app_pages import seeded  # noqa: F401  (fixture: acme and globex traffic, users of both)

OPTIONS = {"workloads": ["support-bot", "summarizer"], "models": ["gpt-4o"], "providers": [], "task_types": []}


def explore(username: str, params: dict[str, list[str]] | None = None) -> AppTest:
    at = sign_in(open_app(), username)
    for key, values in (params or {}).items():
        at.query_params[key] = values
    return at.switch_page("views/explore.py").run()


def expected(traffic: pd.DataFrame, org: str, state: ExploreState) -> SemanticResult:
    last = pd.to_datetime(traffic["ts"], utc=True).max().to_pydatetime()
    query = make_query(state, window_anchor(last))
    with make_store(get_settings()).session() as client:
        return run_semantic_query(client, query, org, datetime.now(UTC), row_limit=ROW_LIMIT)


def numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Measure columns as floats (a missing value may arrive as None or NaN), group columns as they are."""
    keys = {d.value for d in Dimension} | {"bucket"}
    return frame.apply(lambda c: c if c.name in keys else pd.to_numeric(c, errors="coerce").astype(float))


def shown_table(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value.reset_index(drop=True)


def test_analyst_sees_the_same_figures_as_the_semantic_query_of_their_org(seeded: dict[str, pd.DataFrame]) -> None:  # noqa: F811
    params = {"m": ["spend", "latency_p99"], "by": ["workload"], "w": ["last_7_days"], "cmp": ["previous_period"]}
    at = explore("ann", {**params, "org": ["globex"], "org_id": ["globex"]})  # no URL can pick another org
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    state, warnings = parse_params(params, OPTIONS)
    assert not warnings
    want = expected(seeded["acme"], "acme", state).frame
    got = shown_table(at)
    assert list(got.columns) == list(want.columns)
    assert got["workload"].tolist() == want["workload"].tolist()
    assert want["spend_previous"].notna().all()  # the previous week holds traffic: a real comparison
    pd.testing.assert_frame_equal(numbers(got), numbers(want), check_dtype=False)
    other = expected(seeded["globex"], "globex", state).frame
    assert got["spend"].sum() != pytest.approx(other["spend"].sum())
    answer = next(m.value for m in at.markdown if m.value.startswith("**Spend, p99 latency**"))
    assert "Compared with the previous period" in answer and "```sql" not in answer  # the SQL is in its expander
    assert any(c.value.startswith("SELECT") for c in at.code)
    assert len(at.get("plotly_chart")) == 1  # one dimension, no grain: bars
    # The widgets reflect the link and the URL keeps it (a view can be shared).
    assert at.multiselect(key="ex_measures").value == ["spend", "latency_p99"]
    url = {k: [v] if isinstance(v, str) else list(v) for k, v in at.query_params.items()}
    assert url["cmp"] == ["previous_period"] and url["m"] == ["spend", "latency_p99"] and url["by"] == ["workload"]


def test_another_org_sees_only_its_own_figures(seeded: dict[str, pd.DataFrame]) -> None:  # noqa: F811
    at = explore("gus", {"m": ["requests"], "by": [""], "w": ["last_90_days"]})
    assert not at.exception and not at.error
    table = shown_table(at)
    assert int(table["requests"].iloc[0]) == len(seeded["globex"])


def test_a_viewer_may_explore_with_a_trend(seeded: dict[str, pd.DataFrame]) -> None:  # noqa: F811
    params = {"m": ["requests"], "by": ["model"], "grain": ["day"], "w": ["last_7_days"]}
    at = explore("vic", params)
    assert not at.exception and not at.error
    want = expected(seeded["acme"], "acme", parse_params(params, OPTIONS)[0]).frame
    got = shown_table(at)
    assert got["requests"].astype(int).tolist() == want["requests"].astype(int).tolist()
    assert "bucket" in got and len(at.get("plotly_chart")) == 1


def test_bad_url_params_fall_back_to_defaults_with_a_warning(seeded: dict[str, pd.DataFrame]) -> None:  # noqa: F811
    at = explore("ann", {"m": ["bogus"], "w": ["fortnight"], "top": ["lots"], "f_model": ["not-ours"]})
    assert not at.exception and not at.error
    warnings = " ".join(w.value for w in at.warning)
    assert "m: ignored unknown value(s) bogus" in warnings
    assert "w: 'fortnight'" in warnings and "top: 'lots'" in warnings and "f_model" in warnings
    assert at.multiselect(key="ex_measures").value == ["spend", "requests"]
    assert at.selectbox(key="ex_window").value == "last_30_days"
    want = expected(seeded["acme"], "acme", ExploreState()).frame
    pd.testing.assert_frame_equal(numbers(shown_table(at)), numbers(want), check_dtype=False)


def test_an_unsupported_measure_is_an_error_naming_the_field(seeded: dict[str, pd.DataFrame]) -> None:  # noqa: F811
    at = explore("ann", {"m": ["cache_savings"], "w": ["last_7_days"]})
    assert not at.exception
    assert any("measures.cache_savings" in e.value for e in at.error)
    assert not at.dataframe


def test_a_projection_of_a_closed_month_is_an_error_naming_the_field(seeded: dict[str, pd.DataFrame]) -> None:  # noqa: F811
    at = explore("ann", {"m": ["spend"], "w": ["last_month"], "proj": ["1"]})
    assert not at.exception
    assert any(e.value.startswith("project_to:") for e in at.error)


def test_the_url_round_trips_the_state() -> None:
    state = ExploreState(
        measures=(Measure.SPEND, Measure.LATENCY_P95),
        dimensions=(Dimension.MODEL, Dimension.WORKLOAD),
        grain=Grain.WEEK,
        filters={Dimension.WORKLOAD: ("support-bot",)},
        window="custom",
        start=datetime(2026, 11, 1).date(),
        end=datetime(2026, 11, 14).date(),
        compare=Comparison.PREVIOUS_YEAR,
        top_n=5,
        project=False,
    )
    parsed, warnings = parse_params(to_params(state), OPTIONS)
    assert parsed == state and not warnings


def test_filter_values_keep_their_commas_and_unknown_ones_are_dropped() -> None:
    options = {**OPTIONS, "workloads": ["search, ranking", "support-bot"]}
    state = ExploreState(filters={Dimension.WORKLOAD: ("search, ranking",)})
    assert parse_params(to_params(state), options) == (state, [])
    parsed, warnings = parse_params({"f_workload": ["search, ranking", "someone-elses"]}, options)
    assert parsed.filters == {Dimension.WORKLOAD: ("search, ranking",)}
    assert warnings == ["f_workload: ignored value(s) your org has no traffic for"]


def test_window_presets() -> None:
    anchor = datetime(2026, 3, 10, 12, 30, tzinfo=UTC)
    last_month = make_query(ExploreState(window="last_month"), anchor)
    assert (last_month.start, last_month.end) == (datetime(2026, 2, 1, tzinfo=UTC), datetime(2026, 3, 1, tzinfo=UTC))
    mtd = make_query(ExploreState(window="month_to_date", project=True), anchor)
    assert (mtd.start, mtd.end, mtd.project_to) == (
        datetime(2026, 3, 1, tzinfo=UTC),
        anchor,
        datetime(2026, 4, 1, tzinfo=UTC),
    )
    custom = make_query(ExploreState(window="custom", start=anchor.date(), end=anchor.date()), anchor)
    assert custom.end - custom.start == pd.Timedelta(days=1)


def plotly_array(value: Any) -> list[float]:
    """A trace's numbers (plotly may ship them base64-encoded with their dtype)."""
    if isinstance(value, dict):
        numbers: list[float] = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
        return numbers
    return list(value)


def test_the_overview_top_workloads_chart_is_unchanged(seeded: dict[str, pd.DataFrame]) -> None:  # noqa: F811
    import json

    from netra_core.analytics.breakdowns import fetch_top
    from netra_core.analytics.filters import EventFilter

    at = sign_in(open_app(), "ann")
    assert not at.exception
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    top = next(c for c in charts if c["layout"]["title"]["text"] == "Top workloads by cost")
    last = pd.to_datetime(seeded["acme"]["ts"], utc=True).max().to_pydatetime()
    f = EventFilter.last_days("acme", 7, now=window_anchor(last))
    with make_store(get_settings()).session() as client:
        old = fetch_top(client, f, by="workload").sort_values("spend_usd")  # the chart draws the largest on top
    trace = top["data"][0]
    assert list(trace["y"]) == old["workload"].tolist()
    assert plotly_array(trace["x"]) == pytest.approx(old["spend_usd"].astype(float).tolist(), rel=1e-9)
    assert list(trace["text"]) == [f"{s:.0%}" for s in old["share"]]


def test_changing_the_widgets_reruns_the_query_and_rewrites_the_url(seeded: dict[str, pd.DataFrame]) -> None:  # noqa: F811
    at = explore("ann", {"m": ["requests"], "by": ["workload"], "w": ["last_7_days"]})
    at = at.multiselect(key="ex_by").set_value(["provider"]).run()
    at = at.multiselect(key="ex_f_workload").set_value(["support-bot"]).run()
    assert not at.exception and not at.error
    state = ExploreState(
        measures=(Measure.REQUESTS,),
        dimensions=(Dimension.PROVIDER,),
        window="last_7_days",
        filters={Dimension.WORKLOAD: ("support-bot",)},
    )
    want = expected(seeded["acme"], "acme", state).frame
    got = shown_table(at)
    assert got["provider"].tolist() == want["provider"].tolist()
    assert got["requests"].astype(int).tolist() == want["requests"].astype(int).tolist()
    url = {k: [v] if isinstance(v, str) else list(v) for k, v in at.query_params.items()}
    assert url["by"] == ["provider"] and url["f_workload"] == ["support-bot"]


def test_a_query_without_measures_is_an_error_naming_the_field() -> None:
    from netra_core.errors import ValidationError

    with pytest.raises(ValidationError, match=r"^measures: "):
        make_query(ExploreState(measures=()), datetime(2026, 3, 10, tzinfo=UTC))


def test_every_comparison_and_measure_has_a_label() -> None:
    """A comparison or measure added to the semantic layer shows on the page with a name (a missing one crashed it)."""
    assert set(COMPARISONS) == set(Comparison) - {Comparison.CHOSEN_WINDOW} and set(MEASURE_LABELS) == set(Measure)
    state, warnings = parse_params({"cmp": ["chosen_window"]}, OPTIONS)
    assert state.compare == Comparison.NONE and warnings and warnings[0].startswith("cmp:")
