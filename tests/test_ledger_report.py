"""The weekly report's "Policy savings: forecast vs realised" section, rendered for real (papermill + nbconvert)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from netra_core.cli import upgrade_all
from netra_core.config import get_settings
from netra_core.db.catalog import save_custom_model
from netra_core.db.engine import make_session_factory
from netra_core.db.orgs import save_org
from netra_core.optimizer.ledger import PolicyLedger
from netra_core.reports.policy_savings import HEADING, policy_savings_md
from netra_core.reports.service import run_and_record
from netra_core.stores import make_app_engine, make_store
from tests.ledger_helpers import at, make_gateway_event, save_dated_version, write_events
from tests.test_reports import visible_text

END = "2026-11-15T00:00:00Z"


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    settings = get_settings()
    upgrade_all(settings)
    engine = make_app_engine(settings)
    factory = make_session_factory(engine)
    with factory.begin() as s:
        for slug in ("acme", "globex"):
            org = save_org(s, slug)
            save_custom_model(
                s,
                org_id=org.id,
                provider="acme-ai",
                model="big",
                context_window=1000,
                input_per_mtok=10.0,
                output_per_mtok=30.0,
                actor="test",
            )
    save_dated_version(factory, "acme", at(1, 0), at(11, 0))
    save_dated_version(factory, "acme", at(11, 0))
    store = make_store(settings)
    try:
        # v1: $0.025 counterfactual, $0.002 actual; one request without a baseline
        write_events(
            store,
            tmp_path / "in",
            "acme",
            [
                make_gateway_event("e1", at(2), cost_usd=0.002),
                make_gateway_event("e2", at(3), cost_usd=0.1, metadata={"baseline_model": None}),
            ],
        )
        write_events(store, tmp_path / "in", "globex", [make_gateway_event("g1", at(2), cost_usd=0.002)])
    finally:
        store.close()
    yield factory
    engine.dispose()


def test_section_present_with_versions_and_absent_without(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    acme = run_and_record(
        sessions,
        report="weekly_cost_report",
        org_slug="acme",
        out_dir=tmp_path / "out",
        params={"period_end": END, "period_days": 7},
    )
    assert acme.status == "succeeded", acme.error
    text = visible_text(acme.html_path.read_text())  # type: ignore[union-attr]
    assert "Policy savings: forecast vs realised" in text
    # version 1: forecast $120/month; realised $0.023 over 10 days = $0.07/month, 92.0 % of $0.025; 2 requests, 1 without
    assert "| 1 | retired | 2026-11-01 to 2026-11-11 | $120.00 ($90.00 to $150.00) | $0.07 | $0.02 (92.0%) | 2 (1)" in (
        policy_savings_md(_ledger("acme"))
    )
    assert "$120.00 ($90.00 to $150.00) $0.07 $0.02 (92.0%) 2 (1) 0.0% not measured" in text
    assert "2 active since 2026-11-11 $120.00" in text
    assert "Realised savings: for the requests the Netra gateway routed" in text
    globex = run_and_record(
        sessions,
        report="weekly_cost_report",
        org_slug="globex",
        out_dir=tmp_path / "out",
        params={"period_end": END, "period_days": 7},
    )
    assert globex.status == "succeeded", globex.error
    other = visible_text(globex.html_path.read_text())  # type: ignore[union-attr]
    assert "Policy savings" not in other and "Weekly cost report" in other


def _ledger(org: str) -> PolicyLedger | None:
    from datetime import datetime

    from netra_core.reports.policy_savings import load_policy_ledger

    return load_policy_ledger(org, datetime.fromisoformat(END))


def test_no_versions_means_no_section() -> None:
    assert policy_savings_md(None) == ""
    assert HEADING.startswith("## Policy savings")
