"""A reconciled bill is kept (#13): the Data page reconciles an upload, the Overview and the weekly report show the
latest bill's coverage, and the CLI keeps its result too."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from netra_core.config import get_settings
from netra_core.db.reconciliations import fetch_latest_reconciliation, fetch_reconciliations
from netra_core.reports.context import load_reconciliation_note, load_weekly_report
from netra_core.reports.render import kpi_table_md
from tests.app_helpers import make_app_db, open_app, sign_in
from tests.conftest import run_netra
from tests.test_reconcile import recorded  # noqa: F401 - the recorded events fixture

BILL = "date,provider,model,cost\n2026-11-01,openai,gpt-4o,10.00\n2026-11-02,openai,gpt-4o,5.10\n"


@pytest.fixture
def sessions(recorded: None) -> Iterator[sessionmaker[Session]]:  # noqa: F811
    engine, factory = make_app_db([("ana", "acme", "analyst"), ("gus", "globex", "analyst")])
    yield factory
    engine.dispose()


def test_the_data_page_reconciles_an_upload_and_the_overview_shows_its_coverage(
    sessions: sessionmaker[Session],
) -> None:
    at = sign_in(open_app(), "ana").switch_page("views/data.py").run()
    [uploader] = [u for u in at.file_uploader if u.proto.id.endswith("bill_file")]
    uploader.set_value(("bill.csv", BILL.encode(), "text/csv"))
    at = at.button(key="FormSubmitter:data_bill-Reconcile").click().run(timeout=120)
    assert not at.exception, at.exception
    assert any("Netra saw 99.3% of the bill" in s.value and "kept" in s.value for s in at.success), at.error
    # Shown as a chart and a table: per day and model, the bill beside what Netra recorded and the likely cause.
    assert [c.proto.id.endswith("chart_bill") for c in at.get("plotly_chart")] == [True]
    [table] = [d.value for d in at.dataframe if "cause" in d.value.columns]
    causes = dict(zip(zip(table["day"].astype(str), table["model"], strict=True), table["cause"], strict=True))
    assert causes[("2026-11-02", "gpt-4o")] == "matches" and causes[("2026-11-01", "gpt-4o-mini")].startswith("not on")
    with sessions() as s:
        [saved] = fetch_reconciliations(s, "acme")
        assert fetch_reconciliations(s, "globex") == []  # another org sees none of it
    assert (saved.invoice_usd, saved.coverage) == pytest.approx((15.10, 15.0 / 15.10))
    assert saved.created_by == "ana" and saved.file_name == "bill.csv" and saved.providers == ("openai",)
    overview = sign_in(open_app(), "ana").switch_page("views/overview.py").run()
    assert any("Bill reconciliation: Netra saw 99.3% of the openai bill" in c.value for c in overview.caption)
    other = sign_in(open_app(), "gus").switch_page("views/overview.py").run()
    assert not any("Bill reconciliation" in c.value for c in other.caption)


def test_the_cli_keeps_its_result_and_the_weekly_report_states_the_coverage(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    bill = tmp_path / "bill.csv"
    bill.write_text(BILL)
    done = run_netra("reconcile", "--org", "acme", "--invoice", str(bill))
    assert done.returncode == 0 and "kept as reconciliation" in done.stdout, done.stderr
    assert run_netra("reconcile", "--org", "acme", "--invoice", str(bill), "--no-save").returncode == 0
    with sessions() as s:
        assert len(fetch_reconciliations(s, "acme")) == 1
        latest = fetch_latest_reconciliation(s, "acme")
    assert latest is not None and latest.rows[0]["day"] == "2026-11-01"
    now = datetime.now(UTC)
    note = load_reconciliation_note("acme", get_settings(), now)
    assert note.startswith("Bill reconciliation: Netra saw 99.3%")
    assert load_reconciliation_note("acme", get_settings(), datetime(2027, 6, 1, tzinfo=UTC)) == ""  # long ago
    report = load_weekly_report("acme", "2026-11-03T00:00:00", 7)
    assert "Bill reconciliation: Netra saw 99.3%" in kpi_table_md(report)
    assert json.dumps(latest.rows)  # JSON-safe as stored
