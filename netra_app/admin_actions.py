"""What the Admin page's forms do: each action runs in one transaction and reports one line."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from netra_core.db.auth_sessions import revoke_user_sessions
from netra_core.db.keys import fetch_api_keys, revoke_api_key, save_api_key
from netra_core.db.users import (
    check_not_last_admin,
    fetch_org_user,
    lock_user,
    save_user,
    set_password,
    set_role,
    unlock,
)


def add_user(
    sessions: sessionmaker[Session], org: str, username: str, password: str, role: str, email: str, name: str
) -> str:
    """Create a user in the admin's org."""
    with sessions.begin() as s:
        user = save_user(
            s, username=username, password=password, org_slug=org, role=role, email=email, display_name=name
        )
        return f"Added {user.username} as {role}."


def change_role(sessions: sessionmaker[Session], org: str, username: str, role: str) -> str:
    """Change a user's role (never leaving the org without an admin)."""
    with sessions.begin() as s:
        user = fetch_org_user(s, org, username)
        check_not_last_admin(s, user, role)
        set_role(s, user, role)
        return f"{username} is now {role}."


def reset_password(sessions: sessionmaker[Session], org: str, username: str, password: str) -> str:
    """Set a new password and end the user's sessions."""
    with sessions.begin() as s:
        user = fetch_org_user(s, org, username)
        set_password(s, user, password)
        ended = revoke_user_sessions(s, user.id, reason="password reset by admin")
        return f"Password of {username} reset; {ended} session(s) ended."


def set_locked(
    sessions: sessionmaker[Session], org: str, username: str, locked: bool, minutes: int = 60 * 24 * 365
) -> str:
    """Lock (and sign out) or unlock a user."""
    with sessions.begin() as s:
        user = fetch_org_user(s, org, username)
        if locked:
            check_not_last_admin(s, user)
            lock_user(s, user, minutes)
            revoke_user_sessions(s, user.id, reason="locked by admin")
            return f"{username} is locked and signed out."
        unlock(s, user)
        return f"{username} is unlocked."


def revoke_sessions(sessions: sessionmaker[Session], org: str, username: str) -> str:
    """End every session of a user."""
    with sessions.begin() as s:
        user = fetch_org_user(s, org, username)
        return f"{revoke_user_sessions(s, user.id)} session(s) of {username} ended."


def create_key(sessions: sessionmaker[Session], org: str, name: str, created_by: str) -> tuple[str, str]:
    """Create an ingest key; returns (message, the plaintext key to show once)."""
    with sessions.begin() as s:
        created = save_api_key(s, org, name, created_by=created_by)
        return f"Created key {created.key.display} ({created.key.name}).", created.token


def revoke_key(sessions: sessionmaker[Session], org: str, key_id: int) -> str:
    """Revoke one of the org's ingest keys."""
    with sessions.begin() as s:
        key = revoke_api_key(s, org, key_id)
        return f"Key {key.display} ({key.name}) is revoked; requests sent with it now get 401."


def key_rows(sessions: sessionmaker[Session], org: str) -> list[dict[str, object]]:
    """The org's keys as table rows (never the keys themselves)."""
    with sessions() as s:
        keys = fetch_api_keys(s, org)
    return [
        {"id": k.id, "key": k.display, "name": k.name, "created by": k.created_by, "created": k.created_at,
         "last used": k.last_used_at, "state": "active" if k.is_active else "revoked"}
        for k in keys
    ]  # fmt: skip
