"""Past optimizer runs: keep one as it finishes, list the org's, open one again (the Optimize page's "Past runs")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from netra_core.db.optimizer_runs import (
    MAX_RUNS_SHOWN,
    OptimizerRunInfo,
    fetch_optimizer_run,
    fetch_optimizer_runs,
    save_optimizer_run,
)
from netra_core.services.recommend import Recommendation


def record_run(
    sessions: sessionmaker[Session],
    org_slug: str,
    recommendation: Recommendation,
    *,
    params: Mapping[str, Any],
    actor: str = "",
    seconds: float = 0.0,
) -> OptimizerRunInfo:
    """Keep a finished run of the org: its parameters (as the page's URL holds them) and headline figures."""
    report = recommendation.report
    with sessions.begin() as session:
        return save_optimizer_run(
            session,
            org_slug,
            params=params,
            savings=report.savings,
            quality=report.replay.totals,
            actor=actor,
            seconds=seconds,
        )


def fetch_runs(sessions: sessionmaker[Session], org_slug: str, limit: int = MAX_RUNS_SHOWN) -> list[OptimizerRunInfo]:
    """The org's past runs, newest first."""
    with sessions() as session:
        return fetch_optimizer_runs(session, org_slug, limit)


def fetch_run(sessions: sessionmaker[Session], org_slug: str, run_id: int) -> OptimizerRunInfo:
    """One past run of the org (NotFoundError for another org's)."""
    with sessions() as session:
        return fetch_optimizer_run(session, org_slug, run_id)
