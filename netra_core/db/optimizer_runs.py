"""The org's past optimizer runs (the Optimize page's "Past runs"). Every query is scoped to one org; callers own
the transaction: nothing here commits."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from netra_core.db.models import OptimizerRun
from netra_core.db.orgs import fetch_org
from netra_core.errors import NotFoundError
from netra_core.optimizer.savings import Savings

MAX_RUNS_SHOWN = 50


@dataclass(frozen=True)
class OptimizerRunInfo:
    """One past run: its parameters, who ran it and when, the headline savings and quality change."""

    id: int
    org_slug: str
    params: dict[str, Any]
    created_by: str
    created_at: datetime
    seconds: float
    window_usd: float
    month_usd: float
    month_lo_usd: float
    month_hi_usd: float
    share: float | None
    level: float
    quality_change: float | None
    quality_change_lo: float | None
    quality_change_hi: float | None
    policy_version: int | None


def _info(row: OptimizerRun, org_slug: str) -> OptimizerRunInfo:
    return OptimizerRunInfo(
        id=row.id,
        org_slug=org_slug,
        params=dict(row.params or {}),
        created_by=row.created_by,
        created_at=row.created_at,
        seconds=row.seconds,
        window_usd=row.window_usd,
        month_usd=row.month_usd,
        month_lo_usd=row.month_lo_usd,
        month_hi_usd=row.month_hi_usd,
        share=row.share,
        level=row.level,
        quality_change=row.quality_change,
        quality_change_lo=row.quality_change_lo,
        quality_change_hi=row.quality_change_hi,
        policy_version=row.policy_version,
    )


def _finite(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def save_optimizer_run(
    session: Session,
    org_slug: str,
    *,
    params: Mapping[str, Any],
    savings: Savings,
    quality: Mapping[str, Any],
    actor: str = "",
    seconds: float = 0.0,
) -> OptimizerRunInfo:
    """Keep one run: `params` as the page's URL holds them, the replayed `savings`, and `quality` (the replay's
    totals: quality_change and its interval)."""
    org = fetch_org(session, org_slug)
    row = OptimizerRun(
        org_id=org.id,
        params=dict(params),
        created_by=actor[:64],
        seconds=float(seconds),
        window_usd=_finite(savings.window_usd) or 0.0,
        month_usd=_finite(savings.month_usd) or 0.0,
        month_lo_usd=_finite(savings.month_lo_usd) or 0.0,
        month_hi_usd=_finite(savings.month_hi_usd) or 0.0,
        share=_finite(savings.share),
        level=float(savings.level),
        quality_change=_finite(quality.get("quality_change")),
        quality_change_lo=_finite(quality.get("quality_change_lo")),
        quality_change_hi=_finite(quality.get("quality_change_hi")),
    )
    session.add(row)
    session.flush()
    return _info(row, org_slug)


def fetch_optimizer_runs(session: Session, org_slug: str, limit: int = MAX_RUNS_SHOWN) -> list[OptimizerRunInfo]:
    """The org's runs, newest first."""
    org = fetch_org(session, org_slug)
    rows = session.scalars(
        select(OptimizerRun)
        .where(OptimizerRun.org_id == org.id)
        .order_by(OptimizerRun.created_at.desc(), OptimizerRun.id.desc())
        .limit(limit)
    ).all()
    return [_info(r, org_slug) for r in rows]


def _row(session: Session, org_slug: str, run_id: int) -> OptimizerRun:
    org = fetch_org(session, org_slug)
    row = session.scalar(select(OptimizerRun).where(OptimizerRun.org_id == org.id, OptimizerRun.id == run_id))
    if row is None:
        raise NotFoundError(f"optimizer run {run_id}: org {org_slug!r} has no such run")
    return row


def fetch_optimizer_run(session: Session, org_slug: str, run_id: int) -> OptimizerRunInfo:
    """One run of the org (NotFoundError for another org's run or none)."""
    return _info(_row(session, org_slug, run_id), org_slug)


def save_run_policy_version(session: Session, org_slug: str, run_id: int, version: int) -> OptimizerRunInfo:
    """Note that policy `version` was saved from run `run_id` (both the org's)."""
    row = _row(session, org_slug, run_id)
    row.policy_version = version
    session.flush()
    return _info(row, org_slug)
