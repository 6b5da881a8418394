"""What the Admin page's forms do: each calls netra_core.services.users and reports one line."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, TypedDict

from sqlalchemy.orm import Session, sessionmaker

from netra_core.db.keys import fetch_api_keys, revoke_api_key, save_api_key
from netra_core.roles import Role
from netra_core.services import users


def add_user(
    sessions: sessionmaker[Session], org: str, username: str, password: str, role: Role | str, email: str, name: str
) -> str:
    """Create a user in the admin's org."""
    user = users.add_user(
        sessions, username=username, password=password, org_slug=org, role=role, email=email, display_name=name
    )
    return f"Added {user.username} as {user.role}."


def change_role(sessions: sessionmaker[Session], org: str, username: str, role: Role | str) -> str:
    """Change a user's role (never leaving the org without an admin)."""
    return f"{username} is now {users.change_role(sessions, username, role, org_slug=org)}."


def reset_password(sessions: sessionmaker[Session], org: str, username: str, password: str) -> str:
    """Set a new password and end the user's sessions."""
    ended = users.reset_password(sessions, username, password, org_slug=org, reason="password reset by admin")
    return f"Password of {username} reset; {ended} session(s) ended."


def set_locked(sessions: sessionmaker[Session], org: str, username: str, locked: bool) -> str:
    """Lock (and sign out) or unlock a user."""
    users.set_locked(sessions, username, locked, org_slug=org)
    return f"{username} is locked and signed out." if locked else f"{username} is unlocked."


def revoke_sessions(sessions: sessionmaker[Session], org: str, username: str) -> str:
    """End every session of a user."""
    return f"{users.revoke_sessions(sessions, username, org_slug=org)} session(s) of {username} ended."


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


# The table's column names are the keys, spaces and all.
KeyRow = TypedDict(
    "KeyRow",
    {
        "id": int,
        "key": str,
        "name": str,
        "created by": str,
        "created": datetime,
        "last used": datetime | None,
        "state": Literal["active", "revoked"],
    },
)


def key_rows(sessions: sessionmaker[Session], org: str) -> list[KeyRow]:
    """The org's keys as table rows (never the keys themselves)."""
    with sessions() as s:
        keys = fetch_api_keys(s, org)
    return [
        {
            "id": k.id,
            "key": k.display,
            "name": k.name,
            "created by": k.created_by,
            "created": k.created_at,
            "last used": k.last_used_at,
            "state": "active" if k.is_active else "revoked",
        }
        for k in keys
    ]
