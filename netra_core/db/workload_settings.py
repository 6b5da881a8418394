"""Each org's settings per workload (today the p95 latency SLO) in the app database. Callers own the transaction."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from netra_core.db.models import WorkloadSetting
from netra_core.db.orgs import fetch_org
from netra_core.errors import ValidationError

DEFAULT_P95_SLO_MS = 2000
MAX_P95_SLO_MS = 3_600_000  # an hour: anything longer is a typo, not an SLO


def fetch_p95_slos(session: Session, org_slug: str) -> dict[str, int]:
    """The org's saved p95 SLO (ms) by workload; workloads without one are absent."""
    org = fetch_org(session, org_slug)
    rows = session.execute(
        select(WorkloadSetting.workload, WorkloadSetting.p95_slo_ms).where(WorkloadSetting.org_id == org.id)
    )
    return {workload: int(ms) for workload, ms in rows}


def save_p95_slo(session: Session, *, org_slug: str, workload: str, p95_ms: int, actor: str = "") -> WorkloadSetting:
    """Set (or change) one workload's p95 SLO for the org."""
    if not workload.strip():
        raise ValidationError("workload: is empty")
    if not 1 <= int(p95_ms) <= MAX_P95_SLO_MS:
        raise ValidationError(f"p95 SLO: {p95_ms} ms is outside 1 to {MAX_P95_SLO_MS:,} ms")
    org = fetch_org(session, org_slug)
    setting = session.scalar(
        select(WorkloadSetting).where(WorkloadSetting.org_id == org.id, WorkloadSetting.workload == workload)
    )
    if setting is None:
        setting = WorkloadSetting(org_id=org.id, workload=workload, p95_slo_ms=int(p95_ms), updated_by=actor)
        session.add(setting)
    else:
        setting.p95_slo_ms, setting.updated_by = int(p95_ms), actor
    session.flush()
    return setting
