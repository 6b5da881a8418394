"""@name references: saved filters, segments, policies and reports of an org, cited in messages and listed on the
Reports page. The one door to the references table; nothing here commits."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from netra_core.db.models import Reference
from netra_core.db.runs import Actor
from netra_core.errors import NotFoundError, ValidationError

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")


def fetch_reference(session: Session, auth: Actor, name: str) -> Reference:
    """A reference of the user's org by name, or NotFoundError (other orgs' references do not exist here)."""
    ref = session.scalar(select(Reference).where(Reference.org_id == auth.org_pk, Reference.name == name.lower()))
    if ref is None:
        raise NotFoundError(f"@{name} is not a saved reference of org {auth.org_slug}")
    return ref


def fetch_references(session: Session, auth: Actor) -> list[Reference]:
    """The org's references by name."""
    return list(session.scalars(select(Reference).where(Reference.org_id == auth.org_pk).order_by(Reference.name)))


def save_reference(
    session: Session, auth: Actor, *, name: str, kind: str, description: str = "", payload: dict[str, Any] | None = None
) -> Reference:
    """A new reference of the org; ValidationError if the name is taken or malformed."""
    value = name.lower().lstrip("@")
    if not _NAME.match(value):
        raise ValidationError(f"name: {name!r} must be letters, digits, '-' or '_' (up to 100)")
    exists = session.scalar(select(Reference.id).where(Reference.org_id == auth.org_pk, Reference.name == value))
    if exists is not None:
        raise ValidationError(f"name: @{value} already exists in org {auth.org_slug}; pick another name")
    ref = Reference(
        org_id=auth.org_pk, user_id=auth.user_pk, name=value, kind=kind, description=description, payload=payload or {}
    )
    session.add(ref)
    session.flush()
    return ref


def save_report_reference(
    session: Session, actor: Actor, *, name: str, description: str, payload: dict[str, Any]
) -> Reference | None:
    """The reference to a rendered report (named by its file), unless the org already has one by that name."""
    exists = session.scalar(select(Reference.id).where(Reference.org_id == actor.org_pk, Reference.name == name))
    if exists is not None:
        return None
    ref = Reference(
        org_id=actor.org_pk, user_id=actor.user_pk, name=name, kind="report", description=description, payload=payload
    )
    session.add(ref)
    session.flush()
    return ref


def fetch_report_references(session: Session, org_pk: int) -> list[Reference]:
    """The org's rendered reports, newest first."""
    stmt = select(Reference).where(Reference.org_id == org_pk, Reference.kind == "report")
    return list(session.scalars(stmt.order_by(Reference.created_at.desc())))
