"""Budgets in the app database (SQLite and PostgreSQL) and `netra budget add|list|rm|alerts` as a user runs them."""

from __future__ import annotations

import json
import socket
from datetime import UTC, datetime

import pandas as pd
import pytest
from click.testing import CliRunner, Result
from sqlalchemy.orm import Session

from netra_core.cli import main, upgrade_all
from netra_core.config import get_settings
from netra_core.db.budgets import delete_budget, fetch_alerts, fetch_budgets, redact_url, save_alert, save_budget
from netra_core.db.engine import make_session_factory
from netra_core.db.orgs import save_org
from netra_core.errors import NotFoundError, ValidationError
from netra_core.stores import make_app_engine, make_store
from netra_core.workloads.events import save_events
from netra_core.workloads.store import release_embedded_sessions
from tests.conftest import run_netra


@pytest.fixture
def orgs(db_session: Session) -> Session:
    save_org(db_session, "acme")
    save_org(db_session, "globex")
    db_session.flush()
    return db_session


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"scope": "org", "period": "daily"}, "limit: give a soft limit"),
        (
            {"scope": "org", "period": "daily", "soft_limit_usd": 20.0, "hard_limit_usd": 10.0},
            "soft: the soft limit $20.00 is above",
        ),
        ({"scope": "org", "period": "daily", "hard_limit_usd": -1.0}, "hard: the limit must be a positive"),
        (
            {"scope": "org", "period": "daily", "hard_limit_usd": 1.0, "webhook_url": "hooks.slack.com/x"},
            "webhook: give an http",
        ),
        (
            {"scope": "org", "period": "daily", "hard_limit_usd": 1.0, "webhook_url": "ftp://x.org/a"},
            "webhook: give an http",
        ),
        ({"scope": "team", "period": "daily", "hard_limit_usd": 1.0}, "scope: 'team' is not one of"),
        ({"scope": "org", "period": "hourly", "hard_limit_usd": 1.0}, "period: 'hourly' is not one of"),
        (
            {"scope": "workload", "period": "daily", "hard_limit_usd": 1.0},
            "value: a workload budget needs the workload name",
        ),
        ({"scope": "org", "scope_value": "x", "period": "daily", "hard_limit_usd": 1.0}, "value: an org budget"),
    ],
)
def test_a_budget_that_does_not_fit_is_refused_naming_the_field(orgs: Session, kwargs: dict, error: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValidationError) as refused:
        save_budget(orgs, "acme", **kwargs)
    assert str(refused.value).startswith(error)
    assert fetch_budgets(orgs, "acme") == []


def test_budgets_belong_to_one_org_and_are_unique_per_scope_and_period(orgs: Session) -> None:
    with pytest.raises(NotFoundError, match="org 'nobody' does not exist"):
        save_budget(orgs, "nobody", scope="org", period="daily", hard_limit_usd=1.0)
    first = save_budget(
        orgs,
        "acme",
        scope="key",
        scope_value="abc12345",
        period="daily",
        hard_limit_usd=1.0,
        webhook_url=" https://hooks.example.com/services/T1/B2/secret ",
    )
    assert first.webhook_url == "https://hooks.example.com/services/T1/B2/secret"
    assert first.webhook_display == "https://hooks.example.com/…" == redact_url(first.webhook_url)
    with pytest.raises(ValidationError, match=f"already has a daily budget on key 'abc12345' \\(budget {first.id}\\)"):
        save_budget(orgs, "acme", scope="key", scope_value="abc12345", period="daily", soft_limit_usd=1.0)
    save_budget(orgs, "acme", scope="key", scope_value="abc12345", period="monthly", soft_limit_usd=1.0)
    other = save_budget(orgs, "globex", scope="key", scope_value="abc12345", period="daily", hard_limit_usd=1.0)
    assert [b.period for b in fetch_budgets(orgs, "acme")] == ["daily", "monthly"]
    with pytest.raises(NotFoundError, match=f"budget {other.id} does not exist in org 'acme'"):
        delete_budget(orgs, "acme", other.id)
    delete_budget(orgs, "acme", first.id)
    assert [b.period for b in fetch_budgets(orgs, "acme")] == ["monthly"]
    assert [b.id for b in fetch_budgets(orgs, "globex")] == [other.id]


def test_an_alert_is_saved_once_per_org_and_dedupe_key(orgs: Session) -> None:
    budget = save_budget(orgs, "acme", scope="org", period="daily", soft_limit_usd=1.0)
    window = datetime(2026, 12, 9, tzinfo=UTC)
    args = {
        "kind": "soft_limit",
        "dedupe_key": "budget:1:soft_limit:2026-12-09",
        "message": "m",
        "payload": {"text": "m"},
        "budget_id": budget.id,
        "window_start": window,
    }
    first = save_alert(orgs, "acme", **args)  # type: ignore[arg-type]
    assert first is not None
    assert save_alert(orgs, "acme", **args) is None  # type: ignore[arg-type]
    assert save_alert(orgs, "globex", **{**args, "budget_id": None}) is not None  # type: ignore[arg-type]
    [alert] = fetch_alerts(orgs, "acme")
    assert (alert.id, alert.kind, alert.window_start, alert.delivered_at) == (first, "soft_limit", window, None)


def _setup_acme_with_spend() -> None:
    """Both stores migrated, org acme, and $4.50 of 'support' and $10 of 'search' spend now (in-process: fast)."""
    settings = get_settings()
    upgrade_all(settings)
    engine = make_app_engine(settings)
    with make_session_factory(engine).begin() as session:
        save_org(session, "acme")
    engine.dispose()
    now = datetime.now(UTC)
    frame = pd.DataFrame(
        [
            {"event_id": f"e{i}", "ts": now, "workload": w, "model": "m", "provider": "p", "cost_usd": c}
            for i, (w, c) in enumerate([("support", 3.0), ("support", 1.5), ("search", 10.0)])
        ]
    )
    store = make_store(settings)
    with store.session() as client:
        save_events(client, "acme", frame)
    store.close()


def budget(*args: str) -> Result:
    """`netra budget ...` in-process (the real command group; one test runs the installed command too)."""
    return CliRunner().invoke(main, ["budget", *args])


def test_cli_adds_lists_with_spend_shows_alerts_and_removes_budgets() -> None:
    _setup_acme_with_spend()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}/services/T1/B2/s3cr3t"  # nothing listens there once closed

    added = budget(
        "add",
        "--org",
        "acme",
        "--scope",
        "workload",
        "--value",
        "support",
        "--period",
        "monthly",
        "--soft",
        "4",
        "--hard",
        "9",
        "--webhook",
        url,
        "--name",
        "support bot",
        "--json",
    )
    assert added.exit_code == 0, added.output
    budget_id = json.loads(added.stdout)["id"]

    release_embedded_sessions()
    listed = run_netra("budget", "list", "--org", "acme", "--json")  # the installed command, as a user runs it
    assert listed.returncode == 0, listed.stderr
    [row] = json.loads(listed.stdout)
    assert (row["id"], row["name"], row["scope"], row["value"]) == (budget_id, "support bot", "workload", "support")
    assert row["spent_usd"] == pytest.approx(4.5) and row["share_used"] == pytest.approx(0.5) and row["state"] == "soft"
    assert row["webhook"] == "http://127.0.0.1/…" and "s3cr3t" not in listed.stdout
    text = budget("list", "--org", "acme")
    assert "support bot" in text.stdout and "$4.50" in text.stdout and "soft" in text.stdout

    checked = budget("check", "--org", "acme")
    assert checked.exit_code == 0 and "new alert(s)" in checked.stdout, checked.output
    alerts = json.loads(budget("alerts", "--org", "acme", "--json").stdout)
    assert "soft_limit" in [a["kind"] for a in alerts]  # and runs_out too, later in the month (it is real time)
    assert all(a["delivered_at"] is None and a["delivery_error"].startswith("ConnectError") for a in alerts)
    again = budget("check", "--org", "acme")
    assert "0 new alert(s)" in again.stdout
    assert "failed: ConnectError" in budget("alerts", "--org", "acme").stdout

    for args, error in [
        (("--scope", "org", "--period", "daily"), "limit: give a soft limit"),
        (("--scope", "org", "--period", "daily", "--soft", "5", "--hard", "2"), "soft: the soft limit $5.00 is above"),
        (("--scope", "org", "--period", "daily", "--hard", "2", "--webhook", "nope"), "webhook: give an http(s) URL"),
    ]:
        refused = budget("add", "--org", "acme", *args)
        assert refused.exit_code == 1 and error in refused.stderr, refused.output
    unknown = budget("add", "--org", "acme-typo", "--scope", "org", "--period", "daily", "--hard", "2")
    assert unknown.exit_code == 1 and "org 'acme-typo' does not exist (did you mean 'acme'?)" in unknown.stderr

    removed = budget("rm", str(budget_id), "--org", "acme")
    assert removed.exit_code == 0 and "is removed" in removed.stdout
    assert json.loads(budget("list", "--org", "acme", "--json").stdout) == []
    assert json.loads(budget("alerts", "--org", "acme", "--json").stdout) == []  # its alerts went with it
    missing = budget("rm", str(budget_id), "--org", "acme")
    assert missing.exit_code == 1 and f"budget {budget_id} does not exist" in missing.stderr
