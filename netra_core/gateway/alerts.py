"""Budget and anomaly alerts: decided by pure rules, saved once (budget_alerts.dedupe_key), delivered to webhooks.

Budget alerts, once per budget and window each: the soft limit reached; the hard limit reached (or a request
refused by it); and "runs out": at the window's burn rate so far the limit is reached before the window ends
(raised only after a tenth of the window, so one early request does not forecast the month).

Anomaly rule, per org, on the last complete UTC hour. Its history is the same hour on each of the previous 28
days of the same kind (Monday-Friday, or Saturday-Sunday: weekends are quieter) that had traffic; at least 6
are needed. Spend is compared in log scale (tripling and falling to a third are equally far): an anomaly is
more than K=5 robust deviations from the median of the history, the deviation being 1.4826 x the median
absolute deviation, floored at 0.1 (about 10 %, so a flat history does not make every wobble news), when the
larger of the hour's spend and the median is at least $1. The error rate (errors over requests) alerts on the
same rule in linear scale, upwards only, with the deviation floored at 1 percentage point, when the hour had
at least 50 requests and 5 errors.

Delivery: an alert is saved first and delivered after, from the monitor's background thread, so requests
never wait on a webhook. A failed delivery keeps its error on the alert and is retried with backoff on later
passes (for 7 days); the payload is Slack-compatible ({"text", "blocks"}). URLs are logged redacted.
"""

from __future__ import annotations

import logging
import math
import statistics
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy.orm import Session

from netra_core.db.budgets import BudgetInfo, fetch_pending_deliveries, redact_url, save_alert, save_delivery_result
from netra_core.db.types import utcnow
from netra_core.gateway.budgets import BudgetStatus
from netra_core.logs import get_logger
from netra_core.workloads.store import WorkloadStore, query_rows

log = get_logger("netra.alerts")

RUNS_OUT_MIN_ELAPSED = 0.1
ANOMALY_K = 5.0
ANOMALY_DAYS = 28
ANOMALY_MIN_DAYS = 6
MIN_SPEND_USD = 1.0
LOG_SPEND_FLOOR = 0.1
ERROR_RATE_FLOOR = 0.01
MIN_REQUESTS = 50
MIN_ERRORS = 5
MAD_TO_SIGMA = 1.4826
DELIVERY_TIMEOUT_S = 5.0
RETRY_FOR = timedelta(days=7)


@dataclass(frozen=True)
class AlertDraft:
    """An alert to save (kept once per org and dedupe_key)."""

    kind: str
    dedupe_key: str
    message: str
    budget_id: int | None
    window_start: datetime | None
    fields: dict[str, Any]


@dataclass(frozen=True)
class AnomalyVerdict:
    """How far a value is from its history: the median, the robust deviation and the distance in deviations."""

    value: float
    median: float
    sigma: float
    score: float
    is_anomaly: bool


def _log(usd: float) -> float:
    return math.log(usd + 0.01)  # a cent keeps an hour with no spend finite


def _usd(value: float) -> str:
    return f"${value:,.2f}"


def compute_budget_alerts(status: BudgetStatus, now: datetime) -> list[AlertDraft]:
    """The alerts a budget's standing calls for (the dedupe keys make each one once per window)."""
    b, day = status.budget, f"{status.window_start:%Y-%m-%d}"
    base = {
        "budget_id": b.id,
        "budget": b.label,
        "covers": b.covers,
        "spent_usd": round(status.spent_usd, 2),
        "window_start": status.window_start.isoformat(),
        "window_end": status.window_end.isoformat(),
    }
    resets = f"the window resets at {status.window_end:%Y-%m-%d %H:%M} UTC"
    drafts = []

    def draft(kind: str, message: str, **extra: Any) -> None:
        key = f"budget:{b.id}:{kind}:{day}"
        drafts.append(AlertDraft(kind, key, message, b.id, status.window_start, {**base, **extra}))

    soft, hard = b.soft_limit_usd, b.hard_limit_usd
    if soft is not None and status.spent_usd >= soft:
        draft(
            "soft_limit",
            f"Budget {b.described} passed its soft limit of {_usd(soft)}: {_usd(status.spent_usd)} spent; {resets}.",
            limit_usd=soft,
        )
    if hard is not None and (status.spent_usd >= hard or status.refused_requests > 0):
        draft(
            "hard_limit",
            f"Budget {b.described} reached its hard limit of {_usd(hard)} "
            f"({_usd(status.spent_usd)} spent): the gateway refuses its requests until {resets[4:]}.",
            limit_usd=hard,
            refused_requests=status.refused_requests,
        )
    window_s = (status.window_end - status.window_start).total_seconds()
    elapsed_share = (now - status.window_start).total_seconds() / window_s
    if status.runs_out_at is not None and elapsed_share >= RUNS_OUT_MIN_ELAPSED:
        draft(
            "runs_out",
            f"Budget {b.described} will run out around {status.runs_out_at:%Y-%m-%d %H:%M} UTC "
            f"at the current burn of {_usd(status.burn_usd_per_hour)}/h ({_usd(status.spent_usd)} of "
            f"{_usd(status.limit_usd)} spent), before {resets[4:]}.",
            limit_usd=status.limit_usd,
            runs_out_at=status.runs_out_at.isoformat(),
            burn_usd_per_hour=round(status.burn_usd_per_hour, 4),
        )
    return drafts


def compute_anomaly(value: float, history: list[float], *, floor: float, two_sided: bool) -> AnomalyVerdict:
    """Distance of `value` from the median of `history` in robust deviations (1.4826 x MAD, at least `floor`)."""
    median = statistics.median(history)
    mad = statistics.median(abs(x - median) for x in history)
    sigma = max(MAD_TO_SIGMA * mad, floor)
    score = (value - median) / sigma
    return AnomalyVerdict(value, median, sigma, score, (abs(score) if two_sided else score) > ANOMALY_K)


def compute_comparable_hours(
    hour: datetime, history: Mapping[datetime, tuple[float, int, int]]
) -> list[tuple[float, int, int]]:
    """The same hour of the previous ANOMALY_DAYS days of the same kind (Monday-Friday, or the weekend) with traffic."""
    weekend = hour.weekday() >= 5
    days = (hour - timedelta(days=d) for d in range(ANOMALY_DAYS, 0, -1))
    return [history[h] for h in days if (h.weekday() >= 5) == weekend and h in history and history[h][1] > 0]


def compute_anomaly_alerts(
    hour: datetime, current: tuple[float, int, int], history: Mapping[datetime, tuple[float, int, int]]
) -> list[AlertDraft]:
    """Spend and error-rate alerts for one org's hour, from (spend, requests, errors) of that hour and of earlier
    hours (by their start; see the module docstring for the rule)."""
    days = compute_comparable_hours(hour, history)
    if len(days) < ANOMALY_MIN_DAYS:
        return []
    spend, requests, errors = current
    label, drafts = f"{hour:%Y-%m-%d %H}:00 UTC", []
    spends = [d[0] for d in days]
    # In log scale: tripling and falling to a third are equally far, and the noise scales with the level.
    verdict = compute_anomaly(_log(spend), [_log(x) for x in spends], floor=LOG_SPEND_FLOOR, two_sided=True)
    median = statistics.median(spends)
    if verdict.is_anomaly and max(spend, median) >= MIN_SPEND_USD:
        way = "above" if spend > median else "below"
        drafts.append(
            AlertDraft(
                "spend_anomaly",
                f"anomaly:spend:{hour:%Y-%m-%dT%H}",
                f"Spend in the hour of {label} was {_usd(spend)}, far {way} the usual {_usd(median)} for that hour "
                f"({abs(verdict.score):.1f} deviations, over the last {len(days)} days).",
                None,
                hour,
                {
                    "hour": hour.isoformat(),
                    "spend_usd": round(spend, 4),
                    "median_usd": round(median, 4),
                    "score": round(verdict.score, 2),
                    "days": len(days),
                },
            )
        )
    if requests >= MIN_REQUESTS and errors >= MIN_ERRORS:
        rate = errors / requests
        verdict = compute_anomaly(rate, [d[2] / d[1] for d in days], floor=ERROR_RATE_FLOOR, two_sided=False)
        if verdict.is_anomaly:
            drafts.append(
                AlertDraft(
                    "error_anomaly",
                    f"anomaly:errors:{hour:%Y-%m-%dT%H}",
                    f"Error rate in the hour of {label} was {rate:.1%} ({errors} of {requests} requests), far above the "
                    f"usual {verdict.median:.1%} for that hour ({verdict.score:.1f} deviations, last {len(days)} days).",
                    None,
                    hour,
                    {
                        "hour": hour.isoformat(),
                        "error_rate": round(rate, 4),
                        "requests": requests,
                        "errors": errors,
                        "median_rate": round(verdict.median, 4),
                        "score": round(verdict.score, 2),
                    },
                )
            )
    return drafts


def fetch_hour_history(
    store: WorkloadStore, org: str, hour: datetime
) -> tuple[tuple[float, int, int], dict[datetime, tuple[float, int, int]]]:
    """(spend, requests, errors) of the org in `hour`, and in the same hour of each of the previous days."""
    start = hour - timedelta(days=ANOMALY_DAYS)
    with store.session() as client:
        rows = query_rows(
            client,
            "SELECT hour, sum(cost_usd), sum(requests), sum(errors) FROM workload_hourly "
            "WHERE org_id = {org:String} AND hour >= {start:DateTime('UTC')} AND hour <= {hour:DateTime('UTC')} "
            "AND toHour(hour) = {h:UInt8} GROUP BY hour",
            {"org": org, "start": start, "hour": hour, "h": hour.hour},
        )
    by_hour = {
        r[0].replace(tzinfo=hour.tzinfo) if r[0].tzinfo is None else r[0]: (float(r[1]), int(r[2]), int(r[3]))
        for r in rows
    }
    current = by_hour.pop(hour, (0.0, 0, 0))
    return current, by_hour


def compute_slack_payload(kind: str, message: str, fields: dict[str, Any]) -> dict[str, Any]:
    """A Slack incoming-webhook body: `text` for notifications, `blocks` for the message itself."""
    title = {
        "soft_limit": "Budget soft limit reached",
        "hard_limit": "Budget hard limit reached",
        "runs_out": "Budget will run out",
        "spend_anomaly": "Unusual spend",
        "error_anomaly": "Unusual error rate",
    }.get(kind, "Netra alert")
    facts = [f"*{k}*: {v}" for k, v in fields.items() if v is not None and k in _SHOWN]
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": f"Netra: {title}"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": message}},
    ]
    if facts:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": " · ".join(facts)}]})
    return {"text": f"Netra: {title}. {message}", "blocks": blocks}


_SHOWN = ("org", "budget", "spent_usd", "limit_usd", "runs_out_at", "hour", "spend_usd", "error_rate")


class AlertMonitor:
    """Raises the alerts the budgets' standings and the orgs' hours call for, and delivers them.

    `sessions()` opens an app-database session in a transaction committed on exit (`sessionmaker.begin`).
    """

    def __init__(
        self,
        sessions: Callable[[], AbstractContextManager[Session]],
        store: WorkloadStore,
        *,
        clock: Callable[[], datetime] = utcnow,
        timeout_s: float = DELIVERY_TIMEOUT_S,
        retry_base_s: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._sessions = sessions
        self._store = store
        self._clock = clock
        self._timeout_s = timeout_s
        self._retry_base_s = retry_base_s
        self._transport = transport
        self._checked_hour: dict[str, datetime] = {}
        self._retry_at: dict[int, tuple[int, datetime]] = {}

    def check(self, statuses: Iterable[BudgetStatus]) -> int:
        """One pass: save new budget and anomaly alerts, then deliver what is pending; returns the alerts saved."""
        now = self._clock()
        statuses = list(statuses)
        saved = self.save_drafts((s.budget.org_slug, d) for s in statuses for d in compute_budget_alerts(s, now))
        saved += self.check_anomalies([s.budget for s in statuses], now)
        self.deliver_pending()
        return saved

    def save_drafts(self, drafts: Iterable[tuple[str, AlertDraft]]) -> int:
        """Save alerts not saved before (one transaction); returns how many were new."""
        count = 0
        with self._sessions() as session:
            for org, d in drafts:
                payload = compute_slack_payload(d.kind, d.message, {"org": org, **d.fields})
                alert_id = save_alert(
                    session,
                    org,
                    kind=d.kind,
                    dedupe_key=d.dedupe_key,
                    message=d.message,
                    payload=payload,
                    budget_id=d.budget_id,
                    window_start=d.window_start,
                )
                if alert_id is not None:
                    count += 1
                    log.info("alert raised", extra={"org": org, "kind": d.kind, "alert_id": alert_id})
        return count

    def check_anomalies(self, budgets: list[BudgetInfo], now: datetime) -> int:
        """Anomaly alerts for each org with budgets, once per completed hour; sent to the org's budget webhook
        (an org-wide budget's first), else kept for the app only."""
        hour = now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
        drafts: list[tuple[str, AlertDraft]] = []
        for org in sorted({b.org_slug for b in budgets}):
            if self._checked_hour.get(org) == hour:
                continue
            current, history = fetch_hour_history(self._store, org, hour)
            self._checked_hour[org] = hour
            own = sorted(
                (b for b in budgets if b.org_slug == org), key=lambda b: (not b.webhook_url, b.scope != "org", b.id)
            )
            for d in compute_anomaly_alerts(hour, current, history):
                drafts.append((org, AlertDraft(d.kind, d.dedupe_key, d.message, own[0].id, d.window_start, d.fields)))
        return self.save_drafts(drafts) if drafts else 0

    def deliver_pending(self) -> int:
        """Post undelivered alerts (due for a try) to their webhooks; returns how many were delivered."""
        now = self._clock()
        with self._sessions() as session:
            pending = fetch_pending_deliveries(session, now - RETRY_FOR)
        delivered = 0
        if not pending:
            # No client then: building one loads the TLS trust store, 50-110 ms of CPU here holding the GIL the
            # gateway's event loop needs (seen in a py-spy profile of the gateway), on every pass.
            return delivered
        with httpx.Client(timeout=self._timeout_s, transport=self._transport, follow_redirects=False) as client:
            for p in pending:
                attempts, due = self._retry_at.get(p.alert_id, (0, now))
                if due > now:
                    continue
                error = _post(client, p.webhook_url, p.payload)
                with self._sessions() as session:
                    save_delivery_result(session, p.alert_id, error, now)
                if error is None:
                    delivered += 1
                    self._retry_at.pop(p.alert_id, None)
                else:
                    wait = min(self._retry_base_s * 2**attempts, 3600.0)
                    self._retry_at[p.alert_id] = (attempts + 1, now + timedelta(seconds=wait))
                    log.warning(
                        "alert delivery failed",
                        extra={
                            "alert_id": p.alert_id,
                            "org": p.org_slug,
                            "webhook": redact_url(p.webhook_url),
                            "error": error,
                        },
                    )
        return delivered


class _WebhookUrlFilter(logging.Filter):
    """httpx logs every request's full URL at INFO; a webhook's URL is its secret, so those are redacted."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and self.urls:
            record.args = tuple(redact_url(str(a)) if str(a) in self.urls else a for a in record.args)
        return True


_HIDDEN = _WebhookUrlFilter()


def _post(client: httpx.Client, url: str, payload: dict[str, Any]) -> str | None:
    """None when the webhook took the alert, else the error (the URL never in it)."""
    httpx_log = logging.getLogger("httpx")
    if _HIDDEN not in httpx_log.filters:
        httpx_log.addFilter(_HIDDEN)
    _HIDDEN.urls.add(url)
    try:
        response = client.post(url, json=payload)
    except Exception as exc:  # a bad URL, DNS, TLS, a timeout: kept on the alert, never raised to the caller
        return f"{type(exc).__name__}: {str(exc).replace(url, redact_url(url)) or 'no detail'}"
    if response.is_success:
        return None
    return f"HTTP {response.status_code}: {response.text[:200]}"
