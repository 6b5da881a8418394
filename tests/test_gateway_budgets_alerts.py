"""Budget alerts: the run-out forecast by hand, soft and hard alerts once per window, webhook delivery to a
scripted server (failed, recorded, retried), and anomalies on planted spikes but not on normal traffic."""

from __future__ import annotations

import json
import logging
import random
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from netra_core.db.budgets import BudgetInfo, fetch_alerts, save_budget
from netra_core.db.engine import make_session_factory
from netra_core.db.orgs import save_org
from netra_core.gateway.alerts import AlertMonitor, compute_anomaly_alerts, compute_budget_alerts
from netra_core.gateway.budgets import BudgetGuard, compute_budget_status
from netra_core.gateway.hooks import BudgetRefused, SpendScope
from netra_core.workloads.store import WorkloadStore
from tests.test_gateway_budgets import ACME, Clock, put_events, session_scope

DEC = datetime(2026, 12, 1, tzinfo=UTC)


def budget_info(**overrides: Any) -> BudgetInfo:
    values: dict[str, Any] = {
        "id": 7,
        "org_slug": "acme",
        "name": "",
        "scope": "org",
        "scope_value": "",
        "period": "monthly",
        "soft_limit_usd": None,
        "hard_limit_usd": 310.0,
        "webhook_url": None,
        "is_enabled": True,
        "created_at": DEC,
    }
    return BudgetInfo(**(values | overrides))


# -- the status and its forecast -------------------------------------------------------------------------------


def test_runs_out_forecast_on_a_case_computed_by_hand() -> None:
    # December has 31 days. 10 days in, $150 spent: $15/day = $0.625/h. $160 left / $15 a day = 10 2/3 days,
    # so the $310 budget runs out on Dec 21 at 16:00, ten days before the month ends.
    now = datetime(2026, 12, 11, tzinfo=UTC)
    status = compute_budget_status(budget_info(), 150.0, now)
    assert status.burn_usd_per_hour == pytest.approx(0.625)
    assert status.runs_out_at == datetime(2026, 12, 21, 16, 0, tzinfo=UTC)
    assert (status.window_start, status.window_end) == (DEC, datetime(2027, 1, 1, tzinfo=UTC))
    assert status.share_used == pytest.approx(150 / 310) and status.state == "ok"
    [alert] = compute_budget_alerts(status, now)
    assert alert.kind == "runs_out" and "2026-12-21 16:00 UTC" in alert.message
    assert alert.dedupe_key == "budget:7:runs_out:2026-12-01"


def test_a_tiny_burn_never_runs_out_and_raises_nothing() -> None:
    # $1e-9 in 10 days against $310: the budget would last far beyond what a timedelta holds (it raised before).
    status = compute_budget_status(budget_info(), 1e-9, datetime(2026, 12, 11, tzinfo=UTC))
    assert status.runs_out_at is None and status.state == "ok"


@pytest.mark.parametrize(
    ("spent", "soft", "hard", "state", "runs_out", "kinds"),
    [
        (90.0, None, 310.0, "ok", None, []),  # $9/day: $279 by the month's end, never the limit
        (200.0, 150.0, 310.0, "soft", datetime(2026, 12, 16, 12, tzinfo=UTC), ["soft_limit", "runs_out"]),
        (310.0, 150.0, 310.0, "hard", None, ["soft_limit", "hard_limit"]),  # already out: no forecast
        (120.0, 100.0, None, "soft", None, ["soft_limit"]),  # soft-only: measured against the soft limit
    ],
)
def test_status_state_forecast_and_the_alerts_they_call_for(
    spent: float, soft: float | None, hard: float | None, state: str, runs_out: datetime | None, kinds: list[str]
) -> None:
    now = datetime(2026, 12, 11, tzinfo=UTC)
    status = compute_budget_status(budget_info(soft_limit_usd=soft, hard_limit_usd=hard), spent, now)
    assert (status.state, status.runs_out_at) == (state, runs_out)
    assert [a.kind for a in compute_budget_alerts(status, now)] == kinds


def test_no_run_out_alert_early_in_the_window() -> None:
    now = datetime(2026, 12, 2, tzinfo=UTC)  # one day of 31: one busy day must not forecast the month
    status = compute_budget_status(budget_info(), 50.0, now)
    assert status.runs_out_at is not None
    assert compute_budget_alerts(status, now) == []


# -- alerts saved once per window ----------------------------------------------------------------------------------


@pytest.fixture
def acme(pg_session: Session) -> Session:
    save_org(pg_session, "acme")
    save_org(pg_session, "globex")
    pg_session.flush()
    return pg_session


def test_the_soft_limit_alerts_once_per_window_and_a_refusal_raises_the_hard_alert(
    acme: Session, store: WorkloadStore
) -> None:
    budget = save_budget(acme, "acme", scope="org", period="daily", soft_limit_usd=1.0, hard_limit_usd=3.0)
    clock = Clock(datetime(2026, 12, 9, 12, tzinfo=UTC))
    guard = BudgetGuard(session_scope(acme), store, clock=clock)
    monitor = AlertMonitor(session_scope(acme), store, clock=clock)
    guard.refresh()
    guard.settle(guard.admit(ACME, 0.9), 0.9)
    assert (
        monitor.save_drafts(("acme", d) for s in guard.fetch_statuses() for d in compute_budget_alerts(s, clock())) == 0
    )
    for _ in range(3):
        guard.settle(guard.admit(ACME, 0.2), 0.2)
        monitor.check(guard.fetch_statuses())
    assert [a.kind for a in fetch_alerts(acme, "acme")] == ["soft_limit"]

    with pytest.raises(BudgetRefused):
        guard.admit(ACME, 2.0)  # $1.50 spent + $2 could pass $3: refused, and that is news
    monitor.check(guard.fetch_statuses())
    monitor.check(guard.fetch_statuses())
    alerts = fetch_alerts(acme, "acme")
    assert sorted(a.kind for a in alerts) == ["hard_limit", "soft_limit"]
    hard = next(a for a in alerts if a.kind == "hard_limit")
    assert "refuses its requests" in hard.message and "$3.00" in hard.message and hard.budget_id == budget.id

    clock.now = datetime(2026, 12, 10, 9, tzinfo=UTC)  # the next day: a new window, a new soft alert
    guard.settle(guard.admit(ACME, 1.1), 1.1)
    monitor.check(guard.fetch_statuses())
    soft = [a for a in fetch_alerts(acme, "acme") if a.kind == "soft_limit"]
    assert [a.window_start for a in soft] == [datetime(2026, 12, 10, tzinfo=UTC), datetime(2026, 12, 9, tzinfo=UTC)]
    assert fetch_alerts(acme, "globex") == []


# -- webhook delivery --------------------------------------------------------------------------------------------


class Hook:
    """A scripted webhook on 127.0.0.1: answers each POST with the next status of `statuses` (then 200)."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.bodies: list[dict[str, Any]] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                hook.bodies.append(json.loads(body))
                status = hook.statuses.pop(0) if hook.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok" if status == 200 else b"internal_error")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/services/T0001/B0002/s3cr3tT0ken"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hook() -> Iterator[Hook]:
    h = Hook([500])
    yield h
    h.close()


def test_an_alert_reaches_the_webhook_as_slack_blocks_and_a_failed_delivery_is_recorded_then_retried(
    acme: Session, store: WorkloadStore, hook: Hook, caplog: pytest.LogCaptureFixture
) -> None:
    save_budget(
        acme,
        "acme",
        scope="workload",
        scope_value="support",
        period="daily",
        soft_limit_usd=1.0,
        webhook_url=hook.url,
        name="support bot",
    )
    clock = Clock(datetime(2026, 12, 9, 12, tzinfo=UTC))
    guard = BudgetGuard(session_scope(acme), store, clock=clock)
    monitor = AlertMonitor(session_scope(acme), store, clock=clock, retry_base_s=60)
    guard.refresh()
    guard.settle(guard.admit(ACME, 1.5), 1.5)
    with caplog.at_level(logging.INFO):
        assert monitor.check(guard.fetch_statuses()) == 1
    [alert] = fetch_alerts(acme, "acme")
    assert alert.delivered_at is None and alert.delivery_error == "HTTP 500: internal_error"
    assert "s3cr3tT0ken" not in caplog.text and "127.0.0.1" in caplog.text  # the URL is logged redacted

    assert monitor.deliver_pending() == 0  # backing off: not retried at once
    clock.now += timedelta(seconds=61)
    assert monitor.deliver_pending() == 1
    [alert] = fetch_alerts(acme, "acme")
    assert alert.delivered_at == clock.now and alert.delivery_error is None
    assert monitor.deliver_pending() == 0 and len(hook.bodies) == 2  # delivered once, never again

    body = hook.bodies[-1]
    assert isinstance(body["text"], str) and "support bot" in body["text"] and "$1.00" in body["text"]
    assert [b["type"] for b in body["blocks"]] == ["header", "section", "context"]
    assert body["blocks"][1]["text"]["type"] == "mrkdwn" and "soft limit" in body["blocks"][1]["text"]["text"]


def test_an_unreachable_webhook_never_raises_and_the_alert_is_kept(acme: Session, store: WorkloadStore) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends: nothing listens there
    url = f"http://127.0.0.1:{port}/hooks/s3cr3tT0ken"
    save_budget(acme, "acme", scope="org", period="monthly", hard_limit_usd=1.0, webhook_url=url)
    clock = Clock(datetime(2026, 12, 9, 12, tzinfo=UTC))
    guard = BudgetGuard(session_scope(acme), store, clock=clock)
    guard.refresh()
    guard.settle(guard.admit(ACME, 1.0), 1.0)
    AlertMonitor(session_scope(acme), store, clock=clock, timeout_s=1.0).check(guard.fetch_statuses())
    [alert] = fetch_alerts(acme, "acme")
    assert alert.kind == "hard_limit" and alert.delivered_at is None
    assert alert.delivery_error is not None and alert.delivery_error.startswith("ConnectError")
    assert "s3cr3tT0ken" not in alert.delivery_error


# -- anomalies -----------------------------------------------------------------------------------------------------


def normal_hours(days: int, seed: int) -> dict[datetime, tuple[float, int, int]]:
    """Normal traffic: a daily curve, quieter weekends, 10 % noise on spend, a 2 % error rate (binomial)."""
    rng = random.Random(seed)
    start = datetime(2026, 11, 1, tzinfo=UTC)
    hours = {}
    for n in range(days * 24):
        hour = start + timedelta(hours=n)
        level = (0.3 + 0.7 * max(0.0, 1 - abs(hour.hour - 14) / 9)) * (0.7 if hour.weekday() >= 5 else 1.0)
        requests = int(400 * level * rng.uniform(0.9, 1.1)) + 20
        errors = sum(rng.random() < 0.02 for _ in range(requests))
        hours[hour] = (requests * 0.05 * rng.gauss(1, 0.1), requests, errors)
    return hours


def test_no_anomaly_in_two_weeks_of_normal_traffic() -> None:
    hours = normal_hours(42, seed=3)
    checked = [h for h in sorted(hours) if h >= min(hours) + timedelta(days=28)]
    assert len(checked) == 14 * 24
    raised = [d.dedupe_key for h in checked for d in compute_anomaly_alerts(h, hours[h], hours)]
    assert raised == []


@pytest.mark.parametrize(
    ("change", "kinds"),
    [
        (lambda s, r, e: (s * 3, r, e), ["spend_anomaly"]),  # a runaway loop triples the spend
        (lambda s, r, e: (s * 0.2, r, e), ["spend_anomaly"]),  # traffic collapses
        (lambda s, r, e: (s, r, int(r * 0.3)), ["error_anomaly"]),  # a provider outage: 30 % errors
        (lambda s, r, e: (s * 1.15, r, e + 2), []),  # a busy hour is not an anomaly
    ],
)
def test_a_planted_anomaly_fires_and_a_busy_hour_does_not(change: Any, kinds: list[str]) -> None:
    hours = normal_hours(36, seed=5)
    hour = max(hours)  # a Sunday night: compared with earlier weekend nights
    drafts = compute_anomaly_alerts(hour, change(*hours[hour]), hours)
    assert [d.kind for d in drafts] == kinds
    for d in drafts:
        assert f"{hour:%Y-%m-%d %H}:00 UTC" in d.message and d.dedupe_key.endswith(f"{hour:%Y-%m-%dT%H}")


def test_no_anomaly_without_a_week_of_history_or_below_the_minimum_volume() -> None:
    hour = datetime(2026, 12, 9, 14, tzinfo=UTC)  # a Wednesday
    weekdays = [hour - timedelta(days=d) for d in range(1, 29) if (hour - timedelta(days=d)).weekday() < 5]
    five = {h: (10.0, 100, 2) for h in weekdays[:5]}
    weekends = {
        h - timedelta(days=d): (10.0, 100, 2)
        for h in [hour]
        for d in range(1, 29)
        if (h - timedelta(days=d)).weekday() >= 5
    }
    assert compute_anomaly_alerts(hour, (500.0, 1000, 400), five | weekends) == []  # 5 weekdays: not enough
    assert len(compute_anomaly_alerts(hour, (500.0, 1000, 400), five | {weekdays[5]: (10.0, 100, 2)})) == 2
    tiny = {h: (0.01 * (1 + 0.01 * i), 3, 0) for i, h in enumerate(weekdays)}
    assert compute_anomaly_alerts(hour, (0.5, 3, 0), tiny) == []  # 50x, but half a dollar
    assert compute_anomaly_alerts(hour, (5.0, 3, 0), tiny)[0].kind == "spend_anomaly"


def test_anomalies_are_found_in_the_store_per_org(acme: Session, store: WorkloadStore, hook: Hook) -> None:
    hook.statuses.clear()
    budget = save_budget(acme, "acme", scope="org", period="monthly", soft_limit_usd=10_000.0, webhook_url=hook.url)
    save_budget(acme, "globex", scope="org", period="monthly", soft_limit_usd=10_000.0)
    now = datetime(2026, 12, 9, 15, 5, tzinfo=UTC)
    hour = datetime(2026, 12, 9, 14, tzinfo=UTC)
    rng = random.Random(11)
    for org, spike in (("acme", 4.0), ("globex", 1.0)):
        rows = []
        for d in range(29):
            factor = spike if d == 0 else rng.uniform(0.9, 1.1)
            rows += [
                {"ts": hour - timedelta(days=d) + timedelta(minutes=i), "cost_usd": 0.05 * factor} for i in range(60)
            ]
        put_events(store, org, rows)
    guard = BudgetGuard(session_scope(acme), store, clock=Clock(now))
    guard.refresh()
    monitor = AlertMonitor(session_scope(acme), store, clock=Clock(now))
    monitor.check(guard.fetch_statuses())
    [alert] = fetch_alerts(acme, "acme")
    assert alert.kind == "spend_anomaly" and alert.budget_id == budget.id and alert.delivered_at is not None
    assert "$12.00" in alert.message and "far above" in alert.message
    assert fetch_alerts(acme, "globex") == []
    assert "Unusual spend" in hook.bodies[-1]["text"]


# -- the background thread -----------------------------------------------------------------------------------------


def test_the_running_guard_alerts_as_soon_as_a_limit_is_crossed(
    sqlite_engine: Engine, store: WorkloadStore, tmp_path: Path
) -> None:
    factory = make_session_factory(sqlite_engine)
    with factory.begin() as session:
        save_org(session, "acme")
        save_budget(session, "acme", scope="user", scope_value="u1", period="daily", soft_limit_usd=0.5)
    guard = BudgetGuard(factory.begin, store, refresh_s=60, monitor=AlertMonitor(factory.begin, store))
    guard.start()
    try:
        guard.settle(guard.admit(SpendScope("acme", "w", "u1", "k"), 0.6), 0.6)
        deadline = time.monotonic() + 10
        kinds: list[str] = []
        while time.monotonic() < deadline and not kinds:
            time.sleep(0.05)
            with factory() as session:
                kinds = [a.kind for a in fetch_alerts(session, "acme")]
        assert kinds == ["soft_limit"]  # long before the next 60 s refresh
    finally:
        guard.stop()
