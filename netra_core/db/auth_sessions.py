"""Server-side sign-in sessions: a cookie is honoured only while its session row is live."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from netra_core.db.models import AuthSession, User
from netra_core.db.types import utcnow


def hash_token(token: str) -> str:
    """Only a hash of the cookie token is stored, so a database leak yields no usable cookie."""
    return hashlib.sha256(token.encode()).hexdigest()


def save_auth_session(session: Session, user: User, token: str, expires_at: datetime) -> AuthSession:
    """Record a new signed-in session for this cookie token."""
    record = AuthSession(user_id=user.id, token_hash=hash_token(token), expires_at=expires_at)
    session.add(record)
    session.flush()
    return record


def fetch_live_session(
    session: Session, *, session_id: str | None = None, token: str | None = None, now: datetime | None = None
) -> AuthSession | None:
    """The session if it exists, is not revoked and not expired (by id or by cookie token)."""
    moment = now or utcnow()
    stmt = select(AuthSession)
    if session_id is not None:
        stmt = stmt.where(AuthSession.id == session_id)
    elif token is not None:
        stmt = stmt.where(AuthSession.token_hash == hash_token(token))
    else:
        return None
    record = session.scalar(stmt)
    if record is None or record.revoked_at is not None or record.expires_at <= moment:
        return None
    return record


def revoke_session(session: Session, session_id: str, reason: str = "logout") -> None:
    """End one session (logout)."""
    session.execute(
        update(AuthSession)
        .where(AuthSession.id == session_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_reason=reason)
    )


def revoke_user_sessions(session: Session, user_id: int, reason: str = "revoked by admin") -> int:
    """End every live session of a user; returns how many."""
    result = session.execute(
        update(AuthSession)
        .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_reason=reason)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def fetch_user_sessions(session: Session, user_id: int) -> list[AuthSession]:
    """A user's sessions, newest first."""
    return list(
        session.scalars(
            select(AuthSession).where(AuthSession.user_id == user_id).order_by(AuthSession.created_at.desc())
        )
    )
