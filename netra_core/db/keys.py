"""Per-org API keys (ingest keys for `netra collect`). Callers own the transaction: nothing here commits.

A key reads `nk_<prefix>_<secret>`. The prefix is stored in clear to find the row and to show
which key is which; the whole token is stored only as its SHA-256 hash, so a leaked database
yields no usable key. The plaintext is returned once, by `save_api_key`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from netra_core.db.models import ApiKey, Org
from netra_core.db.orgs import fetch_org
from netra_core.db.types import utcnow
from netra_core.errors import NotFoundError, ValidationError

KEY_SCHEME = "nk"
_TOKEN = re.compile(r"^nk_([a-z0-9]{8})_([A-Za-z0-9_-]{20,100})$")
# last_used_at is a hint for admins, not an audit log: writing it on every request would make
# each authenticated request a write, so it is refreshed at most this often.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class ApiKeyPublic:
    """What may be shown about a key: never its hash or its secret."""

    id: int
    org_slug: str
    name: str
    prefix: str
    created_by: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def is_active(self) -> bool:
        """Whether the key still authenticates."""
        return self.revoked_at is None

    @property
    def display(self) -> str:
        """How the key starts, enough to recognise it: nk_<prefix>_..."""
        return f"{KEY_SCHEME}_{self.prefix}_..."


@dataclass(frozen=True)
class NewApiKey:
    """A key just created: `token` is the plaintext, shown to the user once and never stored."""

    key: ApiKeyPublic
    token: str


def hash_api_key(token: str) -> str:
    """SHA-256 of the whole token (keys are random, so no salt or slow hash is needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _public(key: ApiKey, org_slug: str) -> ApiKeyPublic:
    return ApiKeyPublic(
        id=key.id,
        org_slug=org_slug,
        name=key.name,
        prefix=key.prefix,
        created_by=key.created_by,
        created_at=key.created_at,
        last_used_at=key.last_used_at,
        revoked_at=key.revoked_at,
    )


def save_api_key(session: Session, org_slug: str, name: str, created_by: str = "") -> NewApiKey:
    """Create a key for the org; the returned token is the only time the plaintext exists."""
    label = name.strip()
    if not label or len(label) > 100:
        raise ValidationError("name: give the key a name of 1 to 100 characters (e.g. the app that will use it)")
    org = fetch_org(session, org_slug)
    while True:
        prefix = "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(8))
        if session.scalar(select(ApiKey.id).where(ApiKey.prefix == prefix)) is None:
            break
    token = f"{KEY_SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey(org_id=org.id, name=label, prefix=prefix, key_hash=hash_api_key(token), created_by=created_by)
    session.add(key)
    session.flush()
    return NewApiKey(key=_public(key, org.slug), token=token)


def fetch_api_keys(session: Session, org_slug: str, *, include_revoked: bool = True) -> list[ApiKeyPublic]:
    """The org's keys, newest first."""
    org = fetch_org(session, org_slug)
    stmt = select(ApiKey).where(ApiKey.org_id == org.id)
    if not include_revoked:
        stmt = stmt.where(ApiKey.revoked_at.is_(None))
    return [_public(k, org.slug) for k in session.scalars(stmt.order_by(ApiKey.created_at.desc(), ApiKey.id.desc()))]


def revoke_api_key(session: Session, org_slug: str, key_id: int) -> ApiKeyPublic:
    """Revoke one of the org's keys (a key of another org is not found); revoking twice is harmless."""
    org = fetch_org(session, org_slug)
    key = session.scalar(select(ApiKey).where(ApiKey.id == key_id, ApiKey.org_id == org.id))
    if key is None:
        raise NotFoundError(f"key {key_id} does not exist in org {org.slug!r} (see `netra keys list --org {org.slug}`)")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.flush()
    return _public(key, org.slug)


def authenticate_api_key(session: Session, token: str, now: datetime | None = None) -> str | None:
    """The org slug a live key belongs to, or None (malformed, unknown or revoked)."""
    match = _TOKEN.match(token.strip())
    if match is None:
        return None
    row = session.execute(
        select(ApiKey.id, ApiKey.key_hash, ApiKey.revoked_at, ApiKey.last_used_at, Org.slug)
        .join(Org, Org.id == ApiKey.org_id)
        .where(ApiKey.prefix == match.group(1))
    ).first()
    if row is None:
        return None
    key_id, key_hash, revoked_at, last_used_at, org_slug = row
    if not hmac.compare_digest(key_hash, hash_api_key(token.strip())) or revoked_at is not None:
        return None
    moment = now or utcnow()
    if last_used_at is None or moment - last_used_at >= LAST_USED_RESOLUTION:
        session.execute(update(ApiKey).where(ApiKey.id == key_id).values(last_used_at=moment))
    return str(org_slug)


def fetch_live_api_key(session: Session, token: str) -> ApiKeyPublic | None:
    """The live key a token is (its org, name and prefix), or None; like `authenticate_api_key`, which it calls."""
    org_slug = authenticate_api_key(session, token)
    if org_slug is None:
        return None
    key = session.scalar(select(ApiKey).where(ApiKey.prefix == token.strip().split("_")[1]))
    return None if key is None else _public(key, org_slug)
