"""An org's routing policy versions. Callers own the transaction: nothing here commits.

A version is saved as a draft with the forecast made with it (the one replayed savings figure,
optimizer/savings.py), then activated: the gateway routes the org's traffic by its one active version.
Activating a version retires the one that was active, so the history of what was live when is kept
for the savings ledger. Versions are numbered 1, 2, ... per org and never reused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from netra_core.db.models import Org, PolicyVersion
from netra_core.db.orgs import fetch_org
from netra_core.db.types import utcnow
from netra_core.errors import NotFoundError, ValidationError
from netra_core.optimizer.policy import LearnedRouterRef, RoutingPolicy
from netra_core.optimizer.trials import Trial


@dataclass(frozen=True)
class PolicyVersionInfo:
    """A saved policy version as callers see it (the policy parsed, the forecast as saved)."""

    id: int
    org_slug: str
    version: int
    status: str
    policy: RoutingPolicy
    forecast: dict[str, Any]
    note: str
    created_by: str
    created_at: datetime
    activated_at: datetime | None
    retired_at: datetime | None

    @property
    def is_active(self) -> bool:
        """Whether the gateway routes by this version now."""
        return self.status == "active"


def _info(row: PolicyVersion, org_slug: str) -> PolicyVersionInfo:
    return PolicyVersionInfo(
        id=row.id,
        org_slug=org_slug,
        version=row.version,
        status=row.status,
        policy=RoutingPolicy.from_dict(row.policy),
        forecast=dict(row.forecast or {}),
        note=row.note,
        created_by=row.created_by,
        created_at=row.created_at,
        activated_at=row.activated_at,
        retired_at=row.retired_at,
    )


def save_policy_version(
    session: Session, org_slug: str, policy: RoutingPolicy, *, note: str = "", actor: str = "", activate: bool = False
) -> PolicyVersionInfo:
    """Save `policy` as the org's next version (a draft unless `activate`); its forecast is the policy's summary."""
    org = fetch_org(session, org_slug)
    if policy.org_id != org_slug:
        raise ValidationError(f"policy: made for org {policy.org_id!r}, not {org_slug!r}")
    last = session.scalar(select(func.max(PolicyVersion.version)).where(PolicyVersion.org_id == org.id))
    row = PolicyVersion(
        org_id=org.id,
        version=(last or 0) + 1,
        status="draft",
        policy=policy.to_dict(),
        forecast=dict(policy.to_dict().get("summary", {})),
        note=note,
        created_by=actor,
    )
    session.add(row)
    session.flush()
    if activate:
        return activate_policy_version(session, org_slug, row.version, actor=actor)
    return _info(row, org_slug)


def _row(session: Session, org: Org, version: int) -> PolicyVersion:
    row = session.scalar(select(PolicyVersion).where(PolicyVersion.org_id == org.id, PolicyVersion.version == version))
    if row is None:
        raise NotFoundError(f"policy version {version}: org {org.slug!r} has no such version")
    return row


def activate_policy_version(session: Session, org_slug: str, version: int, *, actor: str = "") -> PolicyVersionInfo:
    """Make `version` the org's active policy; the version active before is retired (now)."""
    org = fetch_org(session, org_slug)
    # Lock the org's versions so two activations at once cannot leave two active.
    rows = session.scalars(select(PolicyVersion).where(PolicyVersion.org_id == org.id).with_for_update()).all()
    target = next((r for r in rows if r.version == version), None)
    if target is None:
        raise NotFoundError(f"policy version {version}: org {org_slug!r} has no such version")
    if target.status == "active":
        return _info(target, org_slug)
    now = utcnow()
    for row in rows:
        if row.status == "active":
            row.status, row.retired_at = "retired", now
    target.status, target.activated_at, target.retired_at = "active", now, None
    session.flush()
    return _info(target, org_slug)


def retire_active_policy(session: Session, org_slug: str) -> PolicyVersionInfo | None:
    """Stop routing by a policy: the active version (if any) is retired; the gateway then passes requests through."""
    org = fetch_org(session, org_slug)
    row = session.scalar(
        select(PolicyVersion).where(PolicyVersion.org_id == org.id, PolicyVersion.status == "active").with_for_update()
    )
    if row is None:
        return None
    row.status, row.retired_at = "retired", utcnow()
    session.flush()
    return _info(row, org_slug)


def fetch_active_policy(session: Session, org_slug: str) -> PolicyVersionInfo | None:
    """The org's active policy version, or None when none is active."""
    org = fetch_org(session, org_slug)
    row = session.scalar(select(PolicyVersion).where(PolicyVersion.org_id == org.id, PolicyVersion.status == "active"))
    return None if row is None else _info(row, org_slug)


def fetch_policy_version(session: Session, org_slug: str, version: int) -> PolicyVersionInfo:
    """One version of the org's policy; NotFoundError naming it when there is none."""
    return _info(_row(session, fetch_org(session, org_slug), version), org_slug)


def fetch_policy_versions(session: Session, org_slug: str) -> list[PolicyVersionInfo]:
    """All the org's versions, newest first."""
    org = fetch_org(session, org_slug)
    rows = session.scalars(
        select(PolicyVersion).where(PolicyVersion.org_id == org.id).order_by(PolicyVersion.version.desc())
    ).all()
    return [_info(r, org_slug) for r in rows]


def _update_policy(
    session: Session,
    org_slug: str,
    version: int,
    change: Callable[[RoutingPolicy], RoutingPolicy],
    is_adding: Callable[[RoutingPolicy], bool],
) -> PolicyVersionInfo:
    """Apply `change` to one version's policy under a row lock (two edits at once cannot lose one another's);
    a retired version routes nothing, so nothing may be added to it."""
    org = fetch_org(session, org_slug)
    row = session.scalar(
        select(PolicyVersion).where(PolicyVersion.org_id == org.id, PolicyVersion.version == version).with_for_update()
    )
    if row is None:
        raise NotFoundError(f"policy version {version}: org {org_slug!r} has no such version")
    current = RoutingPolicy.from_dict(row.policy)
    if row.status == "retired" and is_adding(current):
        raise ValidationError(
            f"policy version {version}: it is retired and routes nothing; change a draft or the active version"
        )
    updated = change(current).to_dict()
    RoutingPolicy.from_dict(updated)  # the same checks as any saved policy
    row.policy = updated  # a new dict: the JSON column sees the change
    session.flush()
    return _info(row, org_slug)


def save_policy_trials(session: Session, org_slug: str, version: int, trials: tuple[Trial, ...]) -> PolicyVersionInfo:
    """Replace the canary and shadow trials of one version (its rules are unchanged); a retired version takes none."""

    def is_adding(current: RoutingPolicy) -> bool:
        return bool({t.id for t in trials} - {t.id for t in current.trials})

    return _update_policy(session, org_slug, version, lambda p: replace(p, trials=trials), is_adding)


def save_policy_router(
    session: Session, org_slug: str, version: int, ref: LearnedRouterRef | None
) -> PolicyVersionInfo:
    """Attach a learned router to one version (None detaches it); its rules are unchanged."""
    return _update_policy(
        session, org_slug, version, lambda p: replace(p, learned_router=ref), lambda _: ref is not None
    )
