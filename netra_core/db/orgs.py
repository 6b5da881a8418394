"""Queries on orgs. Callers own the transaction: nothing here commits.

An org's slug is its tenant id in the workload store (every event carries it), so it never changes;
its display name may.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from netra_core.db.models import Org, User
from netra_core.errors import UnknownOrgError, ValidationError

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
MAX_NAME = 200


@dataclass(frozen=True)
class OrgSummary:
    """What `netra orgs list` shows of an org."""

    slug: str
    name: str
    users: int
    created_at: datetime | None


def check_org_slug(slug: str) -> str:
    """A valid org slug as given (1-64 lowercase letters, digits and inner dashes), or ValidationError."""
    if _SLUG.match(slug):
        return slug
    suggestion = re.sub(r"[^a-z0-9]+", "-", slug.strip().lower()).strip("-")
    hint = f"; did you mean {suggestion!r}?" if suggestion and _SLUG.match(suggestion) else ""
    raise ValidationError(
        f"org: {slug!r} is not a valid org id (1-64 lowercase letters, digits and dashes, "
        f"not starting or ending with a dash){hint}"
    )


def check_org_name(name: str) -> str:
    """A display name: not blank, at most 200 characters."""
    value = name.strip()
    if not value:
        raise ValidationError("name: an org's display name cannot be empty")
    if len(value) > MAX_NAME:
        raise ValidationError(f"name: at most {MAX_NAME} characters (got {len(value)})")
    return value


def compute_closest_slug(slug: str, known: Iterable[str]) -> str | None:
    """The known slug a typo most likely meant, if one is close."""
    choices = sorted(set(known) - {slug})
    lowered = {c.lower(): c for c in choices}
    if slug.lower() in lowered:
        return lowered[slug.lower()]
    matches = difflib.get_close_matches(slug.lower(), choices, n=1, cutoff=0.6)
    return matches[0] if matches else None


def fetch_org_slugs(session: Session) -> list[str]:
    """Every org's slug, sorted."""
    return list(session.scalars(select(Org.slug).order_by(Org.slug)))


def fetch_org(session: Session, slug: str) -> Org:
    """The org with this slug, or UnknownOrgError (naming `netra orgs add` and the closest known slug)."""
    org = session.scalar(select(Org).where(Org.slug == slug))
    if org is None:
        raise UnknownOrgError(slug, compute_closest_slug(slug, fetch_org_slugs(session)))
    return org


def fetch_org_or_none(session: Session, slug: str) -> Org | None:
    """The org with this slug, or None."""
    return session.scalar(select(Org).where(Org.slug == slug))


def save_org(session: Session, slug: str, name: str | None = None) -> Org:
    """The org with this slug, created (slug checked) if missing; an org made under older rules is found too."""
    org = fetch_org_or_none(session, slug)
    if org is None:
        org = save_new_org(session, slug, name)
    return org


def save_new_org(session: Session, slug: str, name: str | None = None) -> Org:
    """Create an org; ValidationError if the slug is taken (also when another process took it first)."""
    value = check_org_slug(slug)
    display = check_org_name(name) if name is not None else value
    if fetch_org_or_none(session, value) is not None:
        raise ValidationError(f"org {value!r} already exists")
    org = Org(slug=value, name=display)
    session.add(org)
    try:
        session.flush()
    except IntegrityError as exc:
        # Another process created it between the check and the insert; the caller's transaction rolls back.
        raise ValidationError(f"org {value!r} already exists") from exc
    return org


def save_org_name(session: Session, slug: str, name: str) -> Org:
    """Change an org's display name (its slug, the tenant id of its events, stays)."""
    org = fetch_org(session, slug)
    org.name = check_org_name(name)
    session.flush()
    return org


def fetch_orgs(session: Session) -> list[Org]:
    """All orgs by slug."""
    return list(session.scalars(select(Org).order_by(Org.slug)))


def fetch_org_summaries(session: Session) -> list[OrgSummary]:
    """Every org with its number of users, by slug."""
    stmt = (
        select(Org.slug, Org.name, func.count(User.id), Org.created_at)
        .outerjoin(User, User.org_id == Org.id)
        .group_by(Org.id, Org.slug, Org.name, Org.created_at)
        .order_by(Org.slug)
    )
    return [OrgSummary(slug, name, int(users), created) for slug, name, users, created in session.execute(stmt)]
