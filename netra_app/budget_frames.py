"""The Budgets page's tables: budgets with where they stand this window, and the alerts they raised (pure)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from netra_core.gateway.budgets import BudgetStatus
from netra_core.services.budgets import AlertRow

STATUS_COLUMNS = [
    "id",
    "budget",
    "covers",
    "soft_limit_usd",
    "hard_limit_usd",
    "spent_usd",
    "share_used",
    "state",
    "burn_usd_per_hour",
    "runs_out",
    "resets",
    "webhook",
]
ALERT_COLUMNS = ["raised", "kind", "budget", "message", "webhook", "delivery"]
STATE_NAMES = {"ok": "ok", "soft": "soft: over the soft limit", "hard": "hard: refusing requests"}


def _when(moment: datetime | None) -> str | None:
    return None if moment is None else f"{moment:%Y-%m-%d %H:%M} UTC"


def compute_status_frame(statuses: list[BudgetStatus]) -> pd.DataFrame:
    """One row per budget: its limits, spend this window, share of the limit used (the hard one, else the soft
    one), state, burn rate, forecast run-out time, when the window resets, and the webhook (redacted)."""
    rows = [
        {
            "id": s.budget.id,
            "budget": s.budget.name or "—",
            "covers": s.budget.covers,
            "soft_limit_usd": s.budget.soft_limit_usd,
            "hard_limit_usd": s.budget.hard_limit_usd,
            "spent_usd": s.spent_usd,
            "share_used": s.share_used,
            "state": STATE_NAMES[s.state] + ("" if s.budget.is_enabled else " (disabled)"),
            "burn_usd_per_hour": s.burn_usd_per_hour,
            "runs_out": _when(s.runs_out_at) or ("already reached" if s.share_used >= 1 else "not this window"),
            "resets": _when(s.window_end),
            "webhook": s.budget.webhook_display or None,
        }
        for s in statuses
    ]
    return pd.DataFrame(rows, columns=STATUS_COLUMNS)


def compute_alert_frame(alerts: list[AlertRow]) -> pd.DataFrame:
    """One row per alert, as listed (newest first): when, kind, budget, message, webhook (redacted), delivery."""
    rows = [
        {
            "raised": _when(a.created_at),
            "kind": a.kind.replace("_", " "),
            "budget": a.budget,
            "message": a.message,
            "webhook": a.webhook or None,
            "delivery": a.delivery,
        }
        for a in alerts
    ]
    return pd.DataFrame(rows, columns=ALERT_COLUMNS)
