"""The Optimize page's long job in AppTest: its stages shown, its constraints in the URL, its runs kept per org."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from netra_core.config import get_settings
from netra_core.db.models import OptimizerRun
from netra_core.db.orgs import fetch_org
from netra_core.optimizer.stages import Stage
from netra_core.stores import make_store
from netra_core.workloads.events import save_events
from tests.app_helpers import APP, find_none_cells, make_app_db, sign_in
from tests.test_analytics import make_traffic

SUBMIT = "FormSubmitter:optimize_constraints-Find the cheapest policy"


@pytest.fixture
def sessions():  # type: ignore[no-untyped-def]
    from netra_app import data

    data.recent_recommendations.clear()
    engine, factory = make_app_db([("ana", "acme", "analyst"), ("vic", "acme", "viewer"), ("gil", "globex", "analyst")])
    with make_store(get_settings()).session() as client:
        save_events(client, "acme", make_traffic("acme", 3000, seed=23))
        save_events(client, "globex", make_traffic("globex", 500, seed=24))
    yield factory
    data.recent_recommendations.clear()
    engine.dispose()


def open_optimize(username: str, query: dict[str, str | list[str]] | None = None) -> AppTest:
    """A new session (a reload, or a shared link with `query`), signed in, on the Optimize page."""
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params.update(query or {})
    at = sign_in(at.run(), username)
    at.query_params.update(query or {})
    at = at.switch_page("views/optimize.py").run()
    assert not at.exception, at.exception
    return at


def past_runs(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "Run" in d.value.columns or "run" in d.value.columns)


def save_run(factory: sessionmaker[Session], org: str, when: datetime, **params: object) -> int:
    with factory.begin() as s:
        row = OptimizerRun(
            org_id=fetch_org(s, org).id,
            params={"days": 30, "drop": 0.0, **params},
            created_by=f"someone-at-{org}",
            created_at=when,
            window_usd=10.0,
            month_usd=30.0,
            month_lo_usd=20.0,
            month_hi_usd=40.0,
            share=0.1,
            level=0.95,
            quality_change=0.0,
        )
        s.add(row)
        s.flush()
        return row.id


def test_a_run_shows_its_stages_keeps_its_constraints_in_the_url_and_is_kept(sessions) -> None:  # type: ignore[no-untyped-def]
    at = open_optimize("ana")
    assert not at.status, "nothing runs before the button"
    next(n for n in at.number_input if n.label.startswith("Quality floor")).set_value(0.7)
    next(s for s in at.slider if s.label.startswith("Max quality drop")).set_value(0.05)
    at = at.button(key=SUBMIT).click().run()
    assert not at.exception, at.exception
    # Progress: the stages, in order, in a status box that ends as done.
    [box] = at.status
    assert box.label.startswith("Finding the cheapest policy: done in")
    lines = [m.value for m in box.markdown]
    assert [line.split(". ", 1)[1].split(" (at ")[0] for line in lines] == [s.label for s in Stage]
    savings = {m.label: m.value for m in at.metric}["Savings"]
    # The URL holds the constraints.
    assert (at.query_params["days"], at.query_params["floor"], at.query_params["drop"]) == ("30", "0.7", "0.05")
    # The run is kept: who, the constraints, the headline figure.
    runs = past_runs(at)
    assert len(runs) == 1
    row = runs.iloc[0]
    assert row["by"] == "ana" and "floor 0.70" in row["constraints"] and "drop ≤ 0.05" in row["constraints"]
    assert f"${row['savings_month_usd']:,.0f}/mo" == savings
    # A policy version saved from the result is named on its run.
    at = at.button(key="policy_save").click().run()
    assert not at.exception, at.exception
    assert list(past_runs(at)["policy_version"]) == ["v1"]
    # A reload (a new session with the same URL) shows the same result at once, without a new run.
    again = open_optimize("ana", {"days": "30", "floor": "0.7", "drop": "0.05"})
    assert {m.label: m.value for m in again.metric}["Savings"] == savings
    assert next(n for n in again.number_input if n.label.startswith("Quality floor")).value == 0.7
    assert not again.status  # kept from the run above: nothing to wait for
    assert len(past_runs(again)) == 1
    # Viewers still cannot open the page.
    viewer = sign_in(AppTest.from_file(APP, default_timeout=60).run(), "vic")
    with pytest.raises(ValueError, match="registered"):
        viewer.switch_page("views/optimize.py")


def test_past_runs_are_the_orgs_own_newest_first_and_reopen(sessions) -> None:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    older = save_run(sessions, "acme", now - timedelta(days=2), days=14)
    newer = save_run(sessions, "acme", now - timedelta(hours=1), days=90, floor=0.75)
    save_run(sessions, "globex", now, days=7)
    at = open_optimize("ana")
    runs = past_runs(at)
    assert list(runs["run"]) == [newer, older]  # globex's run is never shown
    assert set(runs["by"]) == {"someone-at-acme"}
    other = open_optimize("gil")
    assert list(past_runs(other)["by"]) == ["someone-at-globex"]
    # Re-open the older run's parameters: the URL and the form hold them, and its recommendation is shown.
    at.selectbox(key="past_run_choice").select(older)
    at = at.button(key="past_run_open").click().run()
    assert not at.exception, at.exception
    assert at.query_params["days"] == "14"
    assert next(s for s in at.selectbox if s.label.startswith("Window")).value == 14
    assert "Savings" in {m.label for m in at.metric}


def test_every_table_on_the_page_reads_as_words_with_formats(sessions) -> None:  # type: ignore[no-untyped-def]
    """The Optimize page's tables look like the rest of the app's: headers in words, dollars as dollars, shares as
    percentages (#18); and each segment's decision names the model it leaves and the model it goes to."""
    import json

    at = open_optimize("ana")
    at = at.button(key=SUBMIT).click().run()
    assert not at.exception, at.exception
    configs = {}
    for table in at.dataframe:
        config = json.loads(table.proto.columns or "{}")
        for column in table.value.columns:
            label = config.get(str(column), {}).get("label") or str(column)
            assert "_" not in label and label[:1] == label[:1].upper(), (column, label)
        configs[tuple(table.value.columns)] = config
    assert find_none_cells(at) == []  # a missing value is "—", never "None" (#18)
    decisions = next(d.value for d in at.dataframe if "segment" in d.value.columns)
    config = configs[tuple(decisions.columns)]
    assert config["saves $/mo"]["type_config"]["format"].startswith("$%,.")
    assert (config["model now"]["label"], config["model then"]["label"]) == ("Model now", "Model then")
    assert config["quality now"]["type_config"]["format"] == "%.3f"
    # The diff: a segment switched shows both models, a kept one the same model twice.
    assert decisions["model now"].notna().all() and decisions["model then"].notna().all()
    switched = decisions[decisions["model now"] != decisions["model then"]]
    assert len(switched) >= 1 and (switched["saves $/mo"] != 0).all()
    policy = next(d.value for d in at.dataframe if "task_type" in d.value.columns)
    assert configs[tuple(policy.columns)]["share"]["type_config"]["format"] == "percent"
    # A policy model with no id its provider's API accepts is named in a warning by the LiteLLM download (#18).
    from netra_core.optimizer.litellm_ids import compute_litellm_model

    resolved = [compute_litellm_model(p, m) for p, m in zip(policy["provider"], policy["model"], strict=True)]
    notes = " ".join(w.value for w in at.warning if "LiteLLM config" in w.value)
    assert all(f"- {r.model}: " in notes for r in resolved if r.warning)
    assert bool(notes) == ("- " in notes)
    by_workload = next(d.value for d in at.dataframe if "low $/mo" in d.value.columns)
    assert configs[tuple(by_workload.columns)]["high $/mo"]["type_config"]["format"].startswith("$%,.")
