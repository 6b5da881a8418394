"""The gateway's budget guard: exact hard limits under parallel clients, window rollover, refresh from the store
without counting the gateway's own spend twice, and org scoping."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pandas as pd
import pytest
from sqlalchemy.orm import Session

from netra_core.db.budgets import delete_budget, save_budget
from netra_core.db.orgs import save_org
from netra_core.gateway.budgets import (
    BudgetGuard,
    compute_window,
    fetch_window_spend,
)
from netra_core.gateway.hooks import BudgetRefused, SpendScope
from netra_core.workloads.events import save_events
from netra_core.workloads.store import WorkloadStore

ACME = SpendScope(org="acme", workload="support", user="u1", api_key="abc12345")
T0 = datetime(2026, 12, 9, 12, 0, tzinfo=UTC)  # a Wednesday


class Clock:
    """An injected clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def session_scope(session: Session) -> Callable[[], AbstractContextManager[Session]]:
    """The guard's `sessions` over the test's own session (the fixture owns, and rolls back, the transaction)."""

    @contextmanager
    def scope() -> Iterator[Session]:
        yield session
        session.flush()

    return scope


def put_events(store: WorkloadStore, org: str, rows: list[dict[str, Any]]) -> None:
    """Write events the way ingest does; each row needs ts and cost_usd."""
    frame = pd.DataFrame(
        [
            {"event_id": f"{org}-{i}-{r['ts'].timestamp()}-{random.random()}", "model": "m", "provider": "p", **r}
            for i, r in enumerate(rows)
        ]
    )
    with store.session() as client:
        save_events(client, org, frame)


@pytest.fixture
def orgs(pg_session: Session) -> Session:
    """Two orgs in PostgreSQL (the guard's counting is in memory; the budget queries run on SQLite too, in
    test_gateway_budgets_db.py)."""
    save_org(pg_session, "acme")
    save_org(pg_session, "globex")
    pg_session.flush()
    return pg_session


def make_guard(session: Session, store: WorkloadStore, clock: Clock) -> BudgetGuard:
    guard = BudgetGuard(session_scope(session), store, clock=clock)
    guard.refresh()
    return guard


def spent(guard: BudgetGuard, budget_id: int) -> float:
    return next(s.spent_usd for s in guard.fetch_statuses() if s.budget.id == budget_id)


def run_clients(guard: BudgetGuard, threads: int, rounds: int, estimate: float, cost: Callable[[], float]) -> float:
    """`threads` clients each doing admit -> (yield) -> settle `rounds` times; returns the total settled cost."""
    totals = [0.0] * threads
    start = threading.Barrier(threads)

    def client(n: int) -> None:
        start.wait()
        for _ in range(rounds):
            try:
                reservation = guard.admit(ACME, estimate)
            except BudgetRefused:
                continue
            time.sleep(0)  # let the other clients run while this request is "in flight"
            c = cost()
            guard.settle(reservation, c)
            totals[n] += c

    workers = [threading.Thread(target=client, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return sum(totals)


def test_a_hard_limit_holds_exactly_under_parallel_clients_when_estimates_are_upper_bounds(
    orgs: Session, store: WorkloadStore
) -> None:
    budget = save_budget(orgs, "acme", scope="workload", scope_value="support", period="daily", hard_limit_usd=10.0)
    guard = make_guard(orgs, store, Clock(T0))
    rng = random.Random(7)
    total = run_clients(guard, 16, 250, estimate=0.05, cost=lambda: rng.uniform(0.02, 0.05))
    assert total <= 10.0 + 1e-9
    assert spent(guard, budget.id) == pytest.approx(total)
    # The budget was used up, not refused early: at the last refusal spent + in flight > $9.95, and what was in
    # flight (at most 15 x $0.05) settled at no less than 40 % of its estimate.
    assert total > 9.95 - 0.6 * 15 * 0.05
    with pytest.raises(BudgetRefused):
        guard.admit(ACME, 0.05)


def test_with_too_low_estimates_the_overspend_is_at_most_one_in_flight_request_per_client(
    orgs: Session, store: WorkloadStore
) -> None:
    budget = save_budget(orgs, "acme", scope="org", period="daily", hard_limit_usd=5.0)
    guard = make_guard(orgs, store, Clock(T0))
    total = run_clients(guard, 16, 100, estimate=0.01, cost=lambda: 0.03)
    assert 5.0 < total <= 5.0 + 16 * (0.03 - 0.01) + 1e-9
    assert spent(guard, budget.id) == pytest.approx(total)


def test_a_refusal_names_the_budget_its_limit_the_spend_and_when_it_resets(orgs: Session, store: WorkloadStore) -> None:
    save_budget(orgs, "acme", scope="user", scope_value="u1", period="daily", hard_limit_usd=2.0, name="ada daily")
    clock = Clock(datetime(2026, 12, 9, 22, 30, tzinfo=UTC))
    guard = make_guard(orgs, store, clock)
    guard.settle(guard.admit(ACME, 1.5), 1.75)
    in_flight = guard.admit(ACME, 0.2)
    with pytest.raises(BudgetRefused) as refused:
        guard.admit(ACME, 0.1)
    message = refused.value.message
    assert "'ada daily'" in message and "user 'u1', daily" in message and "'acme'" in message
    assert "$2.00" in message and "$1.75 spent" in message and "$0.20 in flight" in message
    assert "resets at 2026-12-10 00:00 UTC (in 1 h 30 min)" in message
    assert refused.value.retry_after_s == 90 * 60
    guard.settle(in_flight, 0.0)  # a failed call costs nothing and frees its reservation
    guard.settle(guard.admit(ACME, 0.25), 0.25)
    assert spent(guard, guard.fetch_statuses()[0].budget.id) == pytest.approx(2.0)
    with pytest.raises(BudgetRefused):
        guard.admit(ACME, 0.0)  # used up: even a request estimated at nothing is refused


@pytest.mark.parametrize(
    ("period", "now", "start", "end"),
    [
        ("daily", "2026-12-09 23:59:59", "2026-12-09", "2026-12-10"),
        ("weekly", "2026-12-09 12:00", "2026-12-07", "2026-12-14"),  # Wednesday -> Monday to Monday
        ("weekly", "2026-12-13 23:59", "2026-12-07", "2026-12-14"),  # Sunday night is still that week
        ("weekly", "2026-12-14 00:00", "2026-12-14", "2026-12-21"),
        ("monthly", "2026-12-31 23:00", "2026-12-01", "2027-01-01"),
        ("monthly", "2027-02-15 00:00", "2027-02-01", "2027-03-01"),
    ],
)
def test_windows_are_utc_days_weeks_from_monday_and_calendar_months(
    period: str, now: str, start: str, end: str
) -> None:
    window = compute_window(period, datetime.fromisoformat(now).replace(tzinfo=UTC))
    assert window == (
        datetime.fromisoformat(start).replace(tzinfo=UTC),
        datetime.fromisoformat(end).replace(tzinfo=UTC),
    )


def test_a_used_up_budget_admits_again_when_its_window_rolls_over(orgs: Session, store: WorkloadStore) -> None:
    budget = save_budget(orgs, "acme", scope="key", scope_value="abc12345", period="weekly", hard_limit_usd=1.0)
    clock = Clock(datetime(2026, 12, 13, 23, 59, 0, tzinfo=UTC))  # Sunday, a minute before the week ends
    guard = make_guard(orgs, store, clock)
    guard.settle(guard.admit(ACME, 0.9), 0.9)
    late = guard.admit(ACME, 0.1)  # in flight across the reset
    with pytest.raises(BudgetRefused) as refused:
        guard.admit(ACME, 0.1)
    assert refused.value.retry_after_s == 60
    clock.now = datetime(2026, 12, 14, 0, 0, 1, tzinfo=UTC)
    fresh = guard.admit(ACME, 0.85)  # the new week: 0 spent, but the late request's 0.1 is still reserved
    with pytest.raises(BudgetRefused):
        guard.admit(ACME, 0.1)
    guard.settle(late, 0.1)  # its cost belongs to the week it started in, like its event
    assert spent(guard, budget.id) == 0.0
    guard.admit(ACME, 0.1)
    guard.settle(fresh, 0.5)
    assert spent(guard, budget.id) == pytest.approx(0.5)


def test_the_stores_spend_and_the_gateways_own_are_not_counted_twice_across_a_refresh(
    orgs: Session, store: WorkloadStore
) -> None:
    budget = save_budget(orgs, "acme", scope="org", period="daily", hard_limit_usd=10.0)
    clock = Clock(T0)
    before = T0 - timedelta(hours=2)
    put_events(
        store,
        "acme",
        [
            {"ts": before, "cost_usd": 2.0, "source": "ingest"},
            {"ts": before, "cost_usd": 1.0, "source": "gateway"},  # an earlier gateway run: only the store knows it
            {"ts": T0 - timedelta(days=1), "cost_usd": 50.0, "source": "ingest"},  # yesterday: another window
        ],
    )
    guard = make_guard(orgs, store, clock)
    assert spent(guard, budget.id) == pytest.approx(3.0)

    clock.now = T0 + timedelta(minutes=1)
    guard.settle(guard.admit(ACME, 0.5), 0.5)
    assert spent(guard, budget.id) == pytest.approx(3.5)
    # The gateway's event for that request reaches the store, with one from another source.
    put_events(
        store,
        "acme",
        [
            {"ts": T0 + timedelta(minutes=1), "cost_usd": 0.5, "source": "gateway"},
            {"ts": T0 + timedelta(minutes=2), "cost_usd": 0.25, "source": "collector"},
        ],
    )
    clock.now = T0 + timedelta(minutes=3)
    guard.refresh()
    assert spent(guard, budget.id) == pytest.approx(3.75)
    guard.refresh()
    assert spent(guard, budget.id) == pytest.approx(3.75)


def test_one_orgs_spend_never_counts_in_another_orgs_budget(orgs: Session, store: WorkloadStore) -> None:
    acme = save_budget(orgs, "acme", scope="workload", scope_value="support", period="daily", hard_limit_usd=1.0)
    globex = save_budget(orgs, "globex", scope="workload", scope_value="support", period="daily", hard_limit_usd=1.0)
    put_events(store, "globex", [{"ts": T0 - timedelta(hours=1), "cost_usd": 0.9, "workload": "support"}])
    guard = make_guard(orgs, store, Clock(T0))
    assert spent(guard, acme.id) == 0.0 and spent(guard, globex.id) == pytest.approx(0.9)
    guard.settle(guard.admit(ACME, 0.5), 0.5)  # acme's request
    other = SpendScope(org="globex", workload="support", user="u1", api_key="abc12345")
    with pytest.raises(BudgetRefused, match="'globex'"):
        guard.admit(other, 0.2)
    assert spent(guard, acme.id) == pytest.approx(0.5) and spent(guard, globex.id) == pytest.approx(0.9)
    assert [s.budget.id for s in guard.fetch_statuses("acme")] == [acme.id]


def test_each_scope_counts_only_its_workload_user_or_key(orgs: Session, store: WorkloadStore) -> None:
    budgets = {
        scope: save_budget(orgs, "acme", scope=scope, scope_value=value, period="monthly", soft_limit_usd=100.0)
        for scope, value in [("org", ""), ("workload", "support"), ("user", "u1"), ("key", "abc12345")]
    }
    ts = T0 - timedelta(days=2)
    put_events(
        store,
        "acme",
        [
            {"ts": ts, "cost_usd": 1.0, "workload": "support", "user_id": "u1", "metadata": {"api_key": "abc12345"}},
            {"ts": ts, "cost_usd": 2.0, "workload": "support", "user_id": "u2", "metadata": {"api_key": "zzz99999"}},
            {"ts": ts, "cost_usd": 4.0, "workload": "search", "user_id": "u1", "metadata": {}},
            {"ts": ts, "cost_usd": 8.0, "workload": "search", "user_id": "u3", "metadata": {"api_key": "abc12345"}},
        ],
    )
    put_events(
        store,
        "globex",
        [{"ts": ts, "cost_usd": 16.0, "workload": "support", "user_id": "u1", "metadata": {"api_key": "abc12345"}}],
    )
    start, end = compute_window("monthly", T0)
    with store.session() as client:
        got = {scope: fetch_window_spend(client, b, start, end) for scope, b in budgets.items()}
    assert got == {"org": 15.0, "workload": 3.0, "user": 5.0, "key": 9.0}


def test_budgets_added_or_removed_take_effect_at_the_next_refresh(orgs: Session, store: WorkloadStore) -> None:
    clock = Clock(T0)
    guard = make_guard(orgs, store, clock)
    guard.settle(guard.admit(ACME, 0.4), 0.4)  # no budget yet: admitted, and the gateway's event is stored
    put_events(store, "acme", [{"ts": T0, "cost_usd": 0.4, "source": "gateway", "workload": "support"}])
    budget = save_budget(orgs, "acme", scope="workload", scope_value="support", period="daily", hard_limit_usd=0.5)
    clock.now = T0 + timedelta(seconds=30)
    guard.refresh()
    assert spent(guard, budget.id) == pytest.approx(0.4)  # spent before the guard tracked it: from the store
    with pytest.raises(BudgetRefused):
        guard.admit(ACME, 0.2)
    delete_budget(orgs, "acme", budget.id)
    guard.refresh()
    guard.admit(ACME, 0.2)
    assert guard.fetch_statuses() == []


def test_settling_twice_counts_once(orgs: Session, store: WorkloadStore) -> None:
    budget = save_budget(orgs, "acme", scope="org", period="daily", hard_limit_usd=1.0)
    guard = make_guard(orgs, store, Clock(T0))
    reservation = guard.admit(ACME, 0.3)
    guard.settle(reservation, 0.3)
    guard.settle(reservation, 0.3)
    assert spent(guard, budget.id) == pytest.approx(0.3)
    guard.admit(ACME, 0.7)  # the reservation was released once, not twice
