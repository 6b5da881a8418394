"""The Budgets page and the Overview's alert notice in AppTest (real app database and chdb store): spend and share
as computed by hand, who may add and delete, errors a user can act on, alerts with redacted webhooks, org scoping."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from netra_app import charts
from netra_app.navigation import may_open
from netra_app.tables import compute_column_config
from netra_core.config import get_settings
from netra_core.db.budgets import (
    BudgetInfo,
    fetch_alert_summary,
    fetch_budgets,
    save_alert,
    save_budget,
    save_delivery_result,
)
from netra_core.db.models import BudgetAlert
from netra_core.db.orgs import save_org
from netra_core.errors import NotFoundError, PermissionDeniedError
from netra_core.gateway.budgets import compute_budget_status, compute_window
from netra_core.services.budgets import add_budget, remove_budget
from netra_core.stores import make_store
from netra_core.workloads.events import save_events
from tests.app_helpers import make_app_db, open_app, sign_in

ACME_HOOK = "https://hooks.example.com/services/T1/B2/acme-s3cr3t"
GLOBEX_HOOK = "https://hooks.globex.example/services/T9/B9/globex-s3cr3t"
SUBMIT = "FormSubmitter:budget_add-Add budget"


def _events(org: str, rows: list[tuple[datetime, str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "event_id": f"{org}-{i}",
                "ts": ts,
                "workload": w,
                "user_id": u,
                "model": "m",
                "provider": "p",
                "cost_usd": c,
            }
            for i, (ts, w, u, c) in enumerate(rows)
        ]
    )


def _alert(session: Session, org: str, key: str, message: str, budget_id: int | None, age: timedelta) -> int:
    alert_id = save_alert(
        session, org, kind="soft_limit", dedupe_key=key, message=message, payload={"text": message}, budget_id=budget_id
    )
    assert alert_id is not None
    row = session.get(BudgetAlert, alert_id)
    assert row is not None
    row.created_at = datetime.now(UTC) - age
    session.flush()
    return alert_id


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[sessionmaker[Session]]:
    """acme (admin ada, analyst ann, viewer vic), globex (admin gus), initech (ivy, no alerts); budgets, alerts and
    events written now, in the current windows, on SQLite or PostgreSQL."""
    if request.param == "postgresql":
        monkeypatch.setenv("NETRA_DATABASE_URL", request.getfixturevalue("fresh_pg_url"))
        get_settings.cache_clear()
    engine, factory = make_app_db(
        [
            ("ada", "acme", "admin"),
            ("ann", "acme", "analyst"),
            ("vic", "acme", "viewer"),
            ("gus", "globex", "admin"),
            ("ivy", "initech", "analyst"),
        ]
    )
    now = datetime.now(UTC)
    day, month = compute_window("daily", now)[0], compute_window("monthly", now)[0]
    inside = max(day, now - timedelta(minutes=1))  # in today's window and this month's
    with make_store(get_settings()).session() as client:
        save_events(
            client,
            "acme",
            _events(
                "acme",
                [
                    (inside, "support", "u1", 1.25),
                    (inside, "support", "u2", 2.50),
                    (inside, "search", "u1", 0.75),
                    (month - timedelta(hours=1), "support", "u1", 4.00),  # last month: in no current window
                ],
            ),
        )
        save_events(client, "globex", _events("globex", [(inside, "support", "g1", 7.00)]))
    with factory.begin() as s:
        save_org(s, "initech")
        org_wide = save_budget(s, "acme", scope="org", period="monthly", hard_limit_usd=10.0)
        support = save_budget(
            s,
            "acme",
            scope="workload",
            scope_value="support",
            period="daily",
            soft_limit_usd=3.0,
            hard_limit_usd=5.0,
            webhook_url=ACME_HOOK,
            name="support bot",
        )
        globex = save_budget(
            s, "globex", scope="org", period="monthly", hard_limit_usd=20.0, webhook_url=GLOBEX_HOOK, name="globex only"
        )
        _alert(s, "acme", "old", "acme: an alert from ten days ago", org_wide.id, timedelta(days=10))
        failed = _alert(s, "acme", "a1", "acme: support bot passed its soft limit", support.id, timedelta(hours=2))
        save_delivery_result(s, failed, f"HTTP 404: no such hook at {ACME_HOOK}")
        sent = _alert(s, "acme", "a2", "acme: the org will run out", org_wide.id, timedelta(minutes=5))
        save_delivery_result(s, sent, None, now)
        _alert(s, "globex", "g1", "globex: its own alert", globex.id, timedelta(minutes=1))
    yield factory
    engine.dispose()


def open_page(username: str, page: str = "views/budgets.py") -> AppTest:
    at = sign_in(open_app(), username).switch_page(page).run()
    assert not at.exception, at.exception
    return at


def frame_with(at: AppTest, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


def shown_text(at: AppTest) -> str:
    """Everything the page shows as text: tables, messages, captions, widgets' labels and options."""
    parts = [d.value.to_csv() for d in at.dataframe]
    parts += [
        str(e.value) for kind in (at.markdown, at.caption, at.info, at.warning, at.error, at.success) for e in kind
    ]
    parts += [str(o) for s in at.selectbox for o in s.options]
    return "\n".join(parts)


def test_the_table_shows_spend_share_and_state_of_the_users_org_only(app: sessionmaker[Session]) -> None:
    page = open_page("ann")
    table = frame_with(page, "share_used").set_index("covers")
    assert list(table.index) == ["the whole org, monthly", "workload 'support', daily"]
    # org-wide this month: 1.25 + 2.50 + 0.75 (last month's 4.00 is not in it; globex's 7.00 is another org's)
    assert table.loc["the whole org, monthly", "spent_usd"] == pytest.approx(4.50)
    assert table.loc["the whole org, monthly", "share_used"] == pytest.approx(0.45)
    assert table.loc["the whole org, monthly", "state"] == "ok"
    # support today: 1.25 + 2.50 against the hard limit of 5.00, past the soft one of 3.00
    assert table.loc["workload 'support', daily", "spent_usd"] == pytest.approx(3.75)
    assert table.loc["workload 'support', daily", "share_used"] == pytest.approx(0.75)
    assert table.loc["workload 'support', daily", "state"] == "soft: over the soft limit"
    assert table.loc["workload 'support', daily", "webhook"] == "https://hooks.example.com/…"
    assert table.loc["workload 'support', daily", "burn_usd_per_hour"] > 0
    assert len(page.get("plotly_chart")) == 1
    # analysts see, admins edit: no form, and the page says who can
    assert not any(b.label == "Add budget" for b in page.button) and not page.get("form")
    assert any(c.value == "Admins add and delete budgets (your role: analyst)." for c in page.caption)
    text = shown_text(page)
    assert "s3cr3t" not in text and "globex" not in text


def test_alerts_are_listed_newest_first_with_delivery_and_redacted_webhooks(app: sessionmaker[Session]) -> None:
    page = open_page("ann")
    alerts = frame_with(page, "delivery")
    assert list(alerts["message"]) == [
        "acme: the org will run out",
        "acme: support bot passed its soft limit",
        "acme: an alert from ten days ago",
    ]
    assert alerts["delivery"][0].startswith("delivered ")
    assert alerts["delivery"][1] == "failed: HTTP 404: no such hook at https://hooks.example.com/…"
    assert alerts["delivery"][2] == "in the app only (no webhook)"
    assert list(alerts["webhook"]) == ["—", "https://hooks.example.com/…", "—"]
    assert list(alerts["budget"]) == ["the whole org, monthly", "support bot", "the whole org, monthly"]
    other = open_page("gus")
    assert list(frame_with(other, "delivery")["message"]) == ["globex: its own alert"]
    assert "acme" not in shown_text(other) and "s3cr3t" not in shown_text(other)


def test_an_admin_adds_a_budget_on_a_known_workload(app: sessionmaker[Session]) -> None:
    page = open_page("ada")
    page = page.radio(key="budget_scope").set_value("workload").run()
    value = page.selectbox(key="budget_value")
    assert value.options == ["search", "support"]  # the org's workloads (globex's are not offered)
    value.select("search")
    page.number_input(key="budget_soft").set_value(0.5)
    page.number_input(key="budget_hard").set_value(2.0)
    page.text_input(key="budget_webhook").input(ACME_HOOK)
    page.text_input(key="budget_name").input("search")
    page = page.button(key=SUBMIT).click().run()
    assert not page.exception, page.exception
    assert [s.value for s in page.success] == [
        f"Added budget {max(b.id for b in fetch_budgets_of(app, 'acme'))} on workload 'search', monthly."
    ]
    row = frame_with(page, "share_used").set_index("covers").loc["workload 'search', monthly"]
    assert row["spent_usd"] == pytest.approx(0.75) and row["share_used"] == pytest.approx(0.375)
    assert row["state"] == "soft: over the soft limit" and row["webhook"] == "https://hooks.example.com/…"
    [added] = [b for b in fetch_budgets_of(app, "acme") if b.scope_value == "search"]
    assert (added.period, added.soft_limit_usd, added.hard_limit_usd, added.webhook_url) == (
        "monthly",
        0.5,
        2.0,
        ACME_HOOK,
    )
    assert page.text_input(key="budget_webhook").value == ""  # the form is cleared after saving


def fetch_budgets_of(factory: sessionmaker[Session], org: str) -> list:  # type: ignore[type-arg]
    with factory() as s:
        return fetch_budgets(s, org)


@pytest.mark.parametrize(
    ("scope", "soft", "hard", "webhook", "error"),
    [
        ("org", 20.0, 10.0, "", "soft: the soft limit $20.00 is above the hard limit $10.00"),
        ("user", None, None, "", "limit: give a soft limit (alerts), a hard limit (refuses requests), or both"),
        ("user", 1.0, None, "hooks.example.com/x", "webhook: give an http(s) URL with a host"),
        (
            "org",
            None,
            5.0,
            "",
            "scope: org 'acme' already has a monthly budget on the whole org (budget 1); delete it first (the Budgets page",
        ),
        ("workload", None, 5.0, "", "value: a workload budget needs the workload name"),
    ],
)
def test_bad_input_is_refused_with_a_clear_error(
    app: sessionmaker[Session], scope: str, soft: float | None, hard: float | None, webhook: str, error: str
) -> None:
    page = open_page("ada")
    page = page.radio(key="budget_scope").set_value(scope).run()
    if scope == "user":
        page.selectbox(key="budget_value").select("u1")
    page.number_input(key="budget_soft").set_value(soft)
    page.number_input(key="budget_hard").set_value(hard)
    page.text_input(key="budget_webhook").input(webhook)
    page = page.button(key=SUBMIT).click().run()
    assert not page.exception, page.exception
    assert len(page.error) == 1 and page.error[0].value.startswith(error), [e.value for e in page.error]
    assert len(fetch_budgets_of(app, "acme")) == 2
    assert page.number_input(key="budget_hard").value == hard  # what was typed stays, to be corrected


def test_an_admin_deletes_a_budget_after_confirming(app: sessionmaker[Session]) -> None:
    page = open_page("ada")
    [support] = [b for b in fetch_budgets_of(app, "acme") if b.scope == "workload"]
    page.selectbox(key="budget_delete_choice").select(support.id)
    page = page.button(key="budget_delete").click().run()
    assert any(w.value.startswith(f"Delete budget {support.id}: support bot") for w in page.warning)
    page = page.button(key="budget_delete_cancel").click().run()
    assert len(fetch_budgets_of(app, "acme")) == 2 and not page.warning
    page.selectbox(key="budget_delete_choice").select(support.id)
    page = page.button(key="budget_delete").click().run()
    page = page.button(key="budget_delete_confirm").click().run()
    assert not page.exception, page.exception
    assert [s.value for s in page.success] == [f"Deleted budget {support.id} (support bot)."]
    assert [b.scope for b in fetch_budgets_of(app, "acme")] == ["org"]
    assert list(frame_with(page, "share_used")["covers"]) == ["the whole org, monthly"]
    assert "support bot passed" not in frame_with(page, "delivery")["message"].tolist()  # its alerts went with it
    assert [b.name for b in fetch_budgets_of(app, "globex")] == ["globex only"]


def test_only_admins_of_the_org_may_change_budgets(app: sessionmaker[Session]) -> None:
    with pytest.raises(PermissionDeniedError, match=r"your role \(analyst\) cannot add a budget; admins can"):
        add_budget(app, "acme", scope="org", period="daily", hard_limit_usd=1.0, role="analyst")
    [globex] = fetch_budgets_of(app, "globex")
    with pytest.raises(PermissionDeniedError):
        remove_budget(app, "acme", globex.id, role="viewer")
    with pytest.raises(NotFoundError, match=f"budget {globex.id} does not exist in org 'acme'"):
        remove_budget(app, "acme", globex.id, role="admin")
    assert len(fetch_budgets_of(app, "globex")) == 1 and len(fetch_budgets_of(app, "acme")) == 2
    # the page itself is for analysts and admins (a viewer's is the refusal, registered hidden at the same path)
    assert [may_open(role, "budgets.py") for role in ("viewer", "analyst", "admin")] == [False, True, True]


def test_the_overview_names_recent_alerts_and_links_to_budgets(app: sessionmaker[Session]) -> None:
    analyst = open_page("ann", "views/overview.py")
    [warning] = analyst.warning
    assert warning.value.startswith(
        "2 budget alerts in the last 7 days; latest ("
    )  # the ten-day-old one is not counted
    assert warning.value.endswith("UTC): acme: the org will run out")
    [link] = analyst.get("page_link")
    assert link.proto.page == "budgets"
    viewer = open_page("vic", "views/overview.py")  # viewers cannot open Budgets: the notice, without the link
    assert viewer.warning[0].value == warning.value and not viewer.get("page_link")
    other = open_page("gus", "views/overview.py")
    assert other.warning[0].value.startswith("1 budget alert in the last 7 days")
    assert other.warning[0].value.endswith("globex: its own alert")
    quiet = open_page("ivy", "views/overview.py")
    assert not quiet.warning and not quiet.get("page_link")


def test_the_alert_summary_is_one_orgs_recent_alerts(db_session: Session) -> None:
    for org in ("acme", "globex"):
        save_org(db_session, org)
    db_session.flush()
    now = datetime.now(UTC)
    assert fetch_alert_summary(db_session, "acme", now - timedelta(days=7)) == (0, None)
    _alert(db_session, "acme", "k1", "older", None, timedelta(days=3))
    _alert(db_session, "acme", "k2", "newest", None, timedelta(hours=1))
    _alert(db_session, "acme", "k3", "too old", None, timedelta(days=8))
    _alert(db_session, "globex", "k1", "another org's", None, timedelta(minutes=1))
    count, latest = fetch_alert_summary(db_session, "acme", now - timedelta(days=7))
    assert count == 2 and latest is not None and latest.message == "newest" and latest.org_slug == "acme"


def test_the_chart_draws_spend_so_far_the_burn_to_the_windows_end_and_the_limits() -> None:
    now = datetime(2026, 12, 9, 12, 0, tzinfo=UTC)  # a Wednesday
    budget = BudgetInfo(7, "acme", "support bot", "workload", "support", "weekly", 30.0, 60.0, None, True, now)
    status = compute_budget_status(budget, 12.0, now)  # 12 USD in 60 hours since Monday: 0.2 USD/h
    curve = pd.DataFrame(
        {"bucket": pd.to_datetime(["2026-12-07 10:00", "2026-12-09 11:00"], utc=True), "spend_usd": [5.0, 7.0]}
    ).assign(cumulative_usd=lambda f: f["spend_usd"].cumsum())
    fig = charts.budget_spend(curve, status, now)
    spent, burn, soft, hard = fig.data
    assert list(spent.y) == [0.0, 5.0, 12.0, 12.0]
    assert [pd.Timestamp(x) for x in spent.x][1:] == [
        pd.Timestamp("2026-12-07 11:00"),
        pd.Timestamp("2026-12-09 12:00"),
        pd.Timestamp("2026-12-09 12:00"),
    ]
    assert burn.y[-1] == pytest.approx(12.0 + 0.2 * 108)  # 108 hours to Monday 00:00
    assert (list(soft.y), list(hard.y)) == ([30.0, 30.0], [60.0, 60.0])
    assert fig.layout.title.text == "Spend this week against the limit: support bot"


def test_share_used_is_drawn_as_a_bar() -> None:
    config = compute_column_config(pd.DataFrame({"share_used": [0.45]}), {"share_used": "progress"})
    assert config["share_used"]["type_config"]["type"] == "progress"
