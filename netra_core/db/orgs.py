"""Queries on orgs. Callers own the transaction: nothing here commits."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from netra_core.db.models import Org
from netra_core.errors import NotFoundError, ValidationError

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def check_org_slug(slug: str) -> str:
    """Normalise and validate an org slug (lowercase letters, digits, - and _)."""
    value = slug.strip().lower()
    if not _SLUG.match(value):
        raise ValidationError(f"org: {slug!r} is not a valid org id (lowercase letters, digits, '-' and '_')")
    return value


def fetch_org(session: Session, slug: str) -> Org:
    """The org with this slug, or NotFoundError."""
    org = session.scalar(select(Org).where(Org.slug == slug))
    if org is None:
        raise NotFoundError(f"org {slug!r} does not exist")
    return org


def save_org(session: Session, slug: str, name: str | None = None) -> Org:
    """The org with this slug, created if missing."""
    value = check_org_slug(slug)
    org = session.scalar(select(Org).where(Org.slug == value))
    if org is None:
        org = Org(slug=value, name=name or value)
        session.add(org)
        session.flush()
    return org


def fetch_orgs(session: Session) -> list[Org]:
    """All orgs by slug."""
    return list(session.scalars(select(Org).order_by(Org.slug)))
