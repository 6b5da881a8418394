"""The Optimize page's policy versions and savings ledger in AppTest: the tables, and who may save or activate."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from netra_core.config import get_settings
from netra_core.db.catalog import save_custom_model
from netra_core.db.orgs import fetch_org
from netra_core.db.policies import fetch_policy_versions
from netra_core.stores import make_store
from netra_core.workloads.events import save_events
from tests.app_helpers import make_app_db, open_app, sign_in
from tests.ledger_helpers import at, make_gateway_event, save_dated_version, write_events
from tests.test_analytics import make_traffic


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine, factory = make_app_db([("ada", "acme", "admin"), ("ana", "acme", "analyst"), ("gus", "globex", "admin")])
    with factory.begin() as s:
        save_custom_model(
            s,
            org_id=fetch_org(s, "acme").id,
            provider="acme-ai",
            model="big",
            context_window=1000,
            input_per_mtok=10.0,
            output_per_mtok=30.0,
            actor="test",
        )
    save_dated_version(factory, "acme", at(1, 0), at(11, 0))
    save_dated_version(factory, "acme", None)
    store = make_store(get_settings())
    try:
        # v1 saved $0.023 of $0.025 on one request; a second request had no baseline
        write_events(
            store,
            tmp_path / "in",
            "acme",
            [
                make_gateway_event("e1", at(2), cost_usd=0.002),
                make_gateway_event("e2", at(3), cost_usd=0.1, metadata={"baseline_model": None}),
            ],
        )
    finally:
        store.close()
    yield factory
    engine.dispose()


def open_optimize(username: str) -> AppTest:
    at_ = sign_in(open_app(), username).switch_page("views/optimize.py").run()
    assert not at_.exception, at_.exception
    return at_


def frame_with(at_: AppTest, column: str) -> pd.DataFrame:
    return next(d.value for d in at_.dataframe if column in d.value.columns)


def test_versions_table_and_ledger(sessions: sessionmaker[Session]) -> None:
    page = open_optimize("ana")
    versions = frame_with(page, "activated")
    assert list(versions["version"]) == [2, 1] and list(versions["status"]) == ["draft", "retired"]
    assert list(versions["forecast_savings_month"]) == [120.0, 120.0]
    ledger = frame_with(page, "realised_savings_usd").set_index("version")
    assert ledger.loc[1, "realised_savings_usd"] == pytest.approx(0.023)
    assert ledger.loc[1, "realised_savings_month"] == pytest.approx(0.023 * 30 / 10)
    assert ledger.loc[1, "requests"] == 2 and ledger.loc[1, "no_baseline_requests"] == 1
    assert ledger.loc[1, "quality"] == "not measured" and ledger.loc[2, "quality"] == "never active"
    segments = frame_with(page, "segment")
    assert list(segments["segment"]) == ["support/chat/short"]
    assert any(c.value.startswith("Realised savings: for the requests") for c in page.caption)
    # another org's admin sees none of it
    other = open_optimize("gus")
    assert not any("activated" in d.value.columns for d in other.dataframe)
    assert any("No policy version yet" in c.value for c in other.caption)


def test_activate_is_for_admins(sessions: sessionmaker[Session]) -> None:
    analyst = open_optimize("ana")
    assert analyst.button(key="policy_activate").disabled and analyst.button(key="policy_retire").disabled
    admin = open_optimize("ada")
    assert not admin.button(key="policy_activate").disabled
    admin.selectbox(key="policy_activate_choice").select(2)
    admin = admin.button(key="policy_activate").click().run()
    assert not admin.exception, admin.exception
    assert any(s.value == "Activated: version 2 (active)" for s in admin.success)
    assert list(frame_with(admin, "activated")["status"]) == ["active", "retired"]
    with sessions() as s:
        assert [v.status for v in fetch_policy_versions(s, "acme")] == ["active", "retired"]


def test_save_as_policy_version_respects_roles(sessions: sessionmaker[Session]) -> None:
    with make_store(get_settings()).session() as client:
        save_events(client, "acme", make_traffic("acme", 800, seed=5))
    page = open_optimize("ana")
    page = page.button(key="FormSubmitter:optimize_constraints-Find the cheapest policy").click().run(timeout=180)
    assert not page.exception, page.exception
    assert page.button(key="policy_save_activate").disabled  # analysts save; admins activate
    page.text_input(key="policy_save_note").input("from the page")
    page = page.button(key="policy_save").click().run(timeout=180)
    assert not page.exception, page.exception
    assert any(s.value == "Saved: version 3 (draft)" for s in page.success)
    with sessions() as s:
        newest = fetch_policy_versions(s, "acme")[0]
    assert (newest.version, newest.status, newest.note, newest.created_by) == (3, "draft", "from the page", "ana")
    # the forecast kept is the figure the page showed
    shown = {m.label: m.value for m in page.metric}["Savings"]
    assert shown == f"${newest.forecast['savings_month']:,.0f}/mo"


def test_the_active_versions_trials_are_listed_with_what_they_measured(sessions: sessionmaker[Session]) -> None:
    from netra_core.db.policies import activate_policy_version
    from netra_core.services.trials import add_trial

    with sessions.begin() as s:
        activate_policy_version(s, "acme", 2)
    add_trial(sessions, "acme", 2, segment="support/*/*", model="acme-ai/big", mode="shadow", share=0.25)
    page = open_optimize("ana")
    trials = frame_with(page, "candidate")
    assert list(trials["trial"]) == ["t1"] and list(trials["mode"]) == ["shadow"]
    assert list(trials["candidate"]) == ["acme-ai/big"] and list(trials["share_pct"]) == [25.0]
    assert list(trials["requests"]) == [0]  # nothing mirrored yet
    assert not any("candidate" in d.value.columns for d in open_optimize("gus").dataframe)
