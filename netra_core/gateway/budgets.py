"""Budget enforcement for the gateway: in-memory, exact under concurrency, kept in step with the store.

The rule. Each budget keeps, for its current UTC window (day; week from Monday; month from the 1st), the
spend counted so far (`spent`) and the estimates of the requests it has admitted that have not settled yet
(`reserved`). `admit` lets a request through only if, for every budget with a hard limit that covers it,
`spent + reserved + estimate <= hard limit` (an estimate counts as at least one nano-dollar, so a budget used up
refuses even "free" requests); then the estimate is reserved on every budget that covers the request, under
one lock. `settle` swaps the estimate for the actual cost. So when estimates are upper bounds the spend never
passes a hard limit, whatever the number of parallel clients; when they are too low it passes it by at most the
shortfall of the requests in flight (one per client). Amounts are counted in integer nano-dollars: no float
drift at the limit.

Not counting twice. At start, and every `refresh_s` in a background thread, budgets are reloaded from the app
database and each one's spend in its window is read from the workload store. Each budget is tracked from a
moment `tracked_since` (the guard's first load, or when the budget first appeared). From then on the guard
counts its own settled requests in memory, so the store's spend excludes events with source='gateway' and
ts >= tracked_since; everything else (other sources, gateway events from before) comes from the store. This
assumes one gateway process per store and that the gateway stamps an event with the time its request started.

A window rolls over at its end: spend restarts at 0; estimates still in flight stay reserved until they settle
(their cost belongs to the window they started in, as their events do).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from clickhouse_connect.driver.client import Client
from sqlalchemy.orm import Session

from netra_core.db.budgets import BudgetInfo, fetch_enabled_budgets
from netra_core.db.types import utcnow
from netra_core.gateway.hooks import BudgetRefused, SpendScope
from netra_core.logs import get_logger
from netra_core.workloads.store import WorkloadStore, query_rows

if TYPE_CHECKING:
    from netra_core.gateway.alerts import AlertMonitor

log = get_logger("netra.budgets")

NANO = 1_000_000_000
# Which events a budget of each scope covers: a fixed column expression per scope, never user text.
_SCOPE_COLUMNS = {"workload": "workload", "user": "user_id", "key": "metadata['api_key']"}


@dataclass(frozen=True)
class Reservation:
    """An admitted request's estimate, held on each budget that covers it until `settle`."""

    id: int
    org: str
    estimate_nanos: int
    # (budget id, start of the window it was admitted in) per covering budget.
    budgets: tuple[tuple[int, datetime], ...]


@dataclass(frozen=True)
class BudgetStatus:
    """Where a budget stands in its current window (what the CLI and the app show, what alerts are raised on)."""

    budget: BudgetInfo
    spent_usd: float
    window_start: datetime
    window_end: datetime
    burn_usd_per_hour: float
    runs_out_at: datetime | None
    refused_requests: int = 0

    @property
    def limit_usd(self) -> float:
        """The limit the share and the forecast are measured against: the hard one, else the soft one."""
        limit = self.budget.hard_limit_usd or self.budget.soft_limit_usd
        assert limit is not None
        return limit

    @property
    def share_used(self) -> float:
        """Spend as a share of the limit (1.0 = all of it)."""
        return self.spent_usd / self.limit_usd

    @property
    def state(self) -> str:
        """'hard' at or past the hard limit, 'soft' at or past the soft one, else 'ok'."""
        b = self.budget
        if b.hard_limit_usd is not None and self.spent_usd >= b.hard_limit_usd:
            return "hard"
        if b.soft_limit_usd is not None and self.spent_usd >= b.soft_limit_usd:
            return "soft"
        return "ok"

    def as_dict(self) -> dict[str, object]:
        """Plain values for JSON."""
        b = self.budget
        return {
            "id": b.id,
            "name": b.name,
            "scope": b.scope,
            "value": b.scope_value,
            "period": b.period,
            "soft_limit_usd": b.soft_limit_usd,
            "hard_limit_usd": b.hard_limit_usd,
            "webhook": b.webhook_display,
            "is_enabled": b.is_enabled,
            "spent_usd": round(self.spent_usd, 6),
            "share_used": round(self.share_used, 4),
            "state": self.state,
            "window_start": self.window_start.isoformat(),
            "window_end": self.window_end.isoformat(),
            "burn_usd_per_hour": round(self.burn_usd_per_hour, 6),
            "runs_out_at": self.runs_out_at.isoformat() if self.runs_out_at else None,
        }


def compute_window(period: str, now: datetime) -> tuple[datetime, datetime]:
    """The UTC window [start, end) of a daily, weekly (from Monday) or monthly budget that holds `now`."""
    day = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "daily":
        return day, day + timedelta(days=1)
    if period == "weekly":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=7)
    if period == "monthly":
        start = day.replace(day=1)
        end = start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)
        return start, end
    raise ValueError(f"period: {period!r} is not daily, weekly or monthly")


def compute_budget_status(
    budget: BudgetInfo, spent_usd: float, now: datetime, refused_requests: int = 0
) -> BudgetStatus:
    """The budget's standing at `now`: the burn rate is the window's spend over its elapsed time, and the
    run-out forecast is when that rate reaches the limit (None if not before the window ends, or already past)."""
    start, end = compute_window(budget.period, now)
    elapsed_h = (now - start).total_seconds() / 3600
    burn = spent_usd / elapsed_h if elapsed_h > 0 else 0.0
    limit = budget.hard_limit_usd or budget.soft_limit_usd or 0.0
    runs_out: datetime | None = None
    hours_left = (limit - spent_usd) / burn if burn > 0 and spent_usd < limit else None
    # (compared in hours first: a tiny burn gives more hours than a timedelta holds, and never runs out this window)
    if hours_left is not None and hours_left < (end - now).total_seconds() / 3600:
        runs_out = now + timedelta(hours=hours_left)
    return BudgetStatus(budget, spent_usd, start, end, burn, runs_out, refused_requests)


def fetch_window_spend(
    client: Client, budget: BudgetInfo, start: datetime, end: datetime, gateway_since: datetime | None = None
) -> float:
    """The spend in the store of the events the budget covers in [start, end), its org only; with
    `gateway_since`, gateway events from then on are left out (the guard counts them itself)."""
    where = ["org_id = {org:String}", "ts >= {start:DateTime64(3, 'UTC')}", "ts < {end:DateTime64(3, 'UTC')}"]
    params: dict[str, object] = {"org": budget.org_slug, "start": start, "end": end}
    if budget.scope != "org":
        where.append(f"{_SCOPE_COLUMNS[budget.scope]} = {{value:String}}")
        params["value"] = budget.scope_value
    if gateway_since is not None:
        where.append("NOT (source = 'gateway' AND ts >= {since:DateTime64(3, 'UTC')})")
        params["since"] = gateway_since
    rows = query_rows(client, f"SELECT sum(cost_usd) FROM workload_events FINAL WHERE {' AND '.join(where)}", params)
    return float(rows[0][0] or 0.0) if rows else 0.0


def fetch_budget_statuses(client: Client, budgets: Iterable[BudgetInfo], now: datetime) -> list[BudgetStatus]:
    """Each budget's standing from the store alone (every source counted: what the CLI and the app show)."""
    statuses = []
    for b in budgets:
        start, end = compute_window(b.period, now)
        statuses.append(compute_budget_status(b, fetch_window_spend(client, b, start, end), now))
    return statuses


def _nanos(usd: float) -> int:
    return round(usd * NANO)


def _usd(nanos: int) -> str:
    return f"${nanos / NANO:,.2f}"


@dataclass
class _Tracked:
    """One budget's counters in its current window (guarded by the guard's lock)."""

    budget: BudgetInfo
    window_start: datetime
    window_end: datetime
    tracked_since: datetime
    store_nanos: int = 0
    gateway_nanos: int = 0
    reserved_nanos: int = 0
    refused: int = 0
    hard_nanos: int | None = field(default=None)
    soft_nanos: int | None = field(default=None)

    def __post_init__(self) -> None:
        self.set_budget(self.budget)

    def set_budget(self, budget: BudgetInfo) -> None:
        self.budget = budget
        self.hard_nanos = None if budget.hard_limit_usd is None else _nanos(budget.hard_limit_usd)
        self.soft_nanos = None if budget.soft_limit_usd is None else _nanos(budget.soft_limit_usd)

    @property
    def spent_nanos(self) -> int:
        return self.store_nanos + self.gateway_nanos

    def roll(self, now: datetime) -> None:
        if now >= self.window_end:
            self.window_start, self.window_end = compute_window(self.budget.period, now)
            self.store_nanos = self.gateway_nanos = self.refused = 0


def _key(budget: BudgetInfo) -> tuple[str, str, str]:
    return (budget.org_slug, budget.scope, budget.scope_value)


def _same_definition(a: BudgetInfo, b: BudgetInfo) -> bool:
    return (a.org_slug, a.scope, a.scope_value, a.period) == (b.org_slug, b.scope, b.scope_value, b.period)


class BudgetGuard:
    """Admits or refuses the gateway's requests by the budgets of their org (see the module docstring).

    `sessions()` opens an app-database session in a transaction committed on exit (`sessionmaker.begin`).
    """

    def __init__(
        self,
        sessions: Callable[[], AbstractContextManager[Session]],
        store: WorkloadStore,
        *,
        clock: Callable[[], datetime] = utcnow,
        refresh_s: float = 30.0,
        monitor: AlertMonitor | None = None,
    ) -> None:
        self._sessions = sessions
        self._store = store
        self._clock = clock
        self.refresh_s = refresh_s
        self._monitor = monitor
        self._lock = threading.Lock()
        self._tracked: dict[int, _Tracked] = {}
        self._index: dict[tuple[str, str, str], list[_Tracked]] = {}
        self._open: dict[int, Reservation] = {}
        self._next_id = 0
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    # -- the hot path: called by the gateway on its event loop, microseconds, no I/O ------------------------------

    def _covering(self, scope: SpendScope) -> list[_Tracked]:
        found: list[_Tracked] = []
        for key in (
            (scope.org, "org", ""),
            (scope.org, "workload", scope.workload),
            (scope.org, "user", scope.user),
            (scope.org, "key", scope.api_key),
        ):
            found.extend(self._index.get(key, ()))
        return found

    def admit(self, scope: SpendScope, estimate_usd: float) -> Reservation:
        """Reserve `estimate_usd` on every budget covering the request, or raise BudgetRefused."""
        estimate = max(1, _nanos(estimate_usd))
        now = self._clock()
        with self._lock:
            covering = self._covering(scope)
            for t in covering:
                t.roll(now)
            for t in covering:
                if t.hard_nanos is not None and t.spent_nanos + t.reserved_nanos + estimate > t.hard_nanos:
                    t.refused += 1
                    if t.refused == 1:
                        self._wake.set()  # the first refusal of the window is news (the hard-limit alert)
                    raise self._refusal(t, estimate, now)
            for t in covering:
                t.reserved_nanos += estimate
            self._next_id += 1
            reservation = Reservation(
                self._next_id, scope.org, estimate, tuple((t.budget.id, t.window_start) for t in covering)
            )
            self._open[reservation.id] = reservation
        return reservation

    def settle(self, reservation: Reservation, cost_usd: float) -> None:
        """Replace the reservation's estimate by the request's actual cost (0 if it failed); a second call is a no-op."""
        cost = max(0, _nanos(cost_usd))
        with self._lock:
            if self._open.pop(reservation.id, None) is None:
                return
            for budget_id, window_start in reservation.budgets:
                t = self._tracked.get(budget_id)
                if t is None:
                    continue  # the budget was removed meanwhile
                t.reserved_nanos = max(0, t.reserved_nanos - reservation.estimate_nanos)
                if window_start != t.window_start:
                    continue  # its cost belongs to a window that has ended
                before = t.spent_nanos
                t.gateway_nanos += cost
                if any(limit is not None and before < limit <= t.spent_nanos for limit in (t.soft_nanos, t.hard_nanos)):
                    self._wake.set()  # a limit was crossed: let the monitor alert now, not at the next refresh

    def _refusal(self, t: _Tracked, estimate: int, now: datetime) -> BudgetRefused:
        b = t.budget
        assert t.hard_nanos is not None
        retry = max(1, math.ceil((t.window_end - now).total_seconds()))
        in_flight = f" and {_usd(t.reserved_nanos)} in flight" if t.reserved_nanos else ""
        message = (
            f"budget {b.described} of org {b.org_slug!r} is at its hard limit of {_usd(t.hard_nanos)}: "
            f"{_usd(t.spent_nanos)} spent{in_flight} this window, and this request may cost up to {_usd(estimate)}. "
            f"The window resets at {t.window_end:%Y-%m-%d %H:%M} UTC (in {_duration(retry)})."
        )
        return BudgetRefused(message, retry)

    # -- what the monitor and the app read -----------------------------------------------------------------------

    def fetch_statuses(self, org: str | None = None) -> list[BudgetStatus]:
        """Each tracked budget's standing now, as the guard counts it (optionally one org's)."""
        now = self._clock()
        with self._lock:
            snapshot = []
            for t in self._tracked.values():
                if org is None or t.budget.org_slug == org:
                    t.roll(now)
                    snapshot.append((t.budget, t.spent_nanos, t.refused))
        return [compute_budget_status(b, spent / NANO, now, refused) for b, spent, refused in snapshot]

    # -- keeping in step with the app database and the store ------------------------------------------------------

    def refresh(self) -> None:
        """Reload the budgets and their spend in the store (see the module docstring for what is not counted twice)."""
        now = self._clock()
        with self._sessions() as session:
            budgets = fetch_enabled_budgets(session)
        with self._lock:
            since = {}
            for b in budgets:
                old = self._tracked.get(b.id)
                since[b.id] = old.tracked_since if old and _same_definition(old.budget, b) else now
        spends: dict[int, tuple[datetime, int]] = {}
        if budgets:
            with self._store.session() as client:
                for b in budgets:
                    start, end = compute_window(b.period, now)
                    spends[b.id] = (start, _nanos(fetch_window_spend(client, b, start, end, since[b.id])))
        with self._lock:
            self._install(budgets, spends, since)
        log.info("budgets loaded", extra={"budgets": len(budgets)})

    def _install(
        self, budgets: Iterable[BudgetInfo], spends: dict[int, tuple[datetime, int]], since: dict[int, datetime]
    ) -> None:
        now = self._clock()
        tracked: dict[int, _Tracked] = {}
        for b in budgets:
            start, store_nanos = spends[b.id]
            old = self._tracked.get(b.id)
            if old is not None and _same_definition(old.budget, b):
                t = old
                t.set_budget(b)
            else:
                end = compute_window(b.period, start)[1]
                t = _Tracked(b, start, end, since[b.id])
                if old is not None:
                    t.reserved_nanos = old.reserved_nanos
            t.roll(now)
            if t.window_start == start:  # else the window rolled while the store was read: that spend is over
                t.store_nanos = store_nanos
            tracked[b.id] = t
        index: dict[tuple[str, str, str], list[_Tracked]] = {}
        for t in tracked.values():
            index.setdefault(_key(t.budget), []).append(t)
        self._tracked, self._index = tracked, index

    def start(self) -> None:
        """Load now, then keep refreshing (and alerting, with a monitor) in a background thread until `stop()`."""
        self.refresh()
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="netra-budgets", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        """Stop the background thread (the counters stay usable)."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    def _run(self) -> None:
        last = time.monotonic()
        while not self._stopping.is_set():
            self._wake.wait(self.refresh_s)
            self._wake.clear()
            if self._stopping.is_set():
                return
            try:
                if time.monotonic() - last >= self.refresh_s * 0.9:
                    self.refresh()
                    last = time.monotonic()
                if self._monitor is not None:
                    self._monitor.check(self.fetch_statuses())
            except Exception:
                # Enforcement goes on with the counters it has; the next pass tries again.
                log.exception("budget refresh failed")


def _duration(seconds: int) -> str:
    if seconds >= 86400:
        return f"{seconds // 86400} d {seconds % 86400 // 3600} h"
    if seconds >= 3600:
        return f"{seconds // 3600} h {seconds % 3600 // 60} min"
    if seconds >= 60:
        return f"{seconds // 60} min"
    return f"{seconds} s"
