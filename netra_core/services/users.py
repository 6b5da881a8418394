"""Manage users: add one, reset a password, change a role, lock, end sessions. For the CLI and the Admin page.

Each function runs in one transaction of its own. With `org_slug` the user must be of that org (an admin manages
only their own org: another org's user is NotFoundError); without it (the operator at the command line) any user.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from netra_core.db.auth_sessions import revoke_user_sessions
from netra_core.db.models import User
from netra_core.db.users import (
    UserPublic,
    check_not_last_admin,
    check_role,
    fetch_org_user,
    fetch_user,
    lock_user,
    save_user,
    set_password,
    set_role,
    to_public,
    unlock,
)
from netra_core.errors import NotFoundError
from netra_core.roles import Role

LOCK_MINUTES = 60 * 24 * 365  # a lock by hand lasts until it is lifted (a year)


def add_user(
    sessions: sessionmaker[Session],
    *,
    username: str,
    password: str,
    org_slug: str,
    role: Role | str = Role.VIEWER,
    email: str = "",
    display_name: str = "",
    create_org: bool = False,
) -> UserPublic:
    """Create a user in an existing org (or a new one with `create_org`)."""
    with sessions.begin() as session:
        user = save_user(
            session,
            username=username,
            password=password,
            org_slug=org_slug,
            role=check_role(role),
            email=email,
            display_name=display_name,
            create_org=create_org,
        )
        return to_public(user)


def reset_password(
    sessions: sessionmaker[Session],
    username: str,
    password: str,
    *,
    org_slug: str | None = None,
    reason: str = "password reset",
) -> int:
    """Set a new password and end the user's sessions; returns how many sessions were ended."""
    with sessions.begin() as session:
        user = _fetch(session, username, org_slug)
        set_password(session, user, password)
        return revoke_user_sessions(session, user.id, reason=reason)


def change_role(
    sessions: sessionmaker[Session], username: str, role: Role | str, *, org_slug: str | None = None
) -> Role:
    """Give the user another role, never leaving their org without an active admin; returns the new role."""
    new_role = check_role(role)
    with sessions.begin() as session:
        user = _fetch(session, username, org_slug)
        check_not_last_admin(session, user, new_role)
        set_role(session, user, new_role)
    return new_role


def set_locked(sessions: sessionmaker[Session], username: str, is_locked: bool, *, org_slug: str | None = None) -> None:
    """Lock the user (and end their sessions; never the org's last admin), or lift a lock."""
    with sessions.begin() as session:
        user = _fetch(session, username, org_slug)
        if not is_locked:
            unlock(session, user)
            return
        check_not_last_admin(session, user)
        lock_user(session, user, LOCK_MINUTES)
        revoke_user_sessions(session, user.id, reason="locked by admin")


def revoke_sessions(sessions: sessionmaker[Session], username: str, *, org_slug: str | None = None) -> int:
    """End every session of the user; returns how many."""
    with sessions.begin() as session:
        return revoke_user_sessions(session, _fetch(session, username, org_slug).id)


def _fetch(session: Session, username: str, org_slug: str | None) -> User:
    if org_slug is not None:
        return fetch_org_user(session, org_slug, username)
    user = fetch_user(session, username)
    if user is None:
        raise NotFoundError(f"user {username!r} does not exist")
    return user
