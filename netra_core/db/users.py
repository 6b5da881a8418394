"""Users: creation, listing, sign-in bookkeeping (lockout). Callers own the transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from netra_core.db.models import Org, User
from netra_core.db.orgs import fetch_org, save_org
from netra_core.db.types import utcnow
from netra_core.errors import NotFoundError, ValidationError
from netra_core.passwords import hash_password
from netra_core.roles import Role

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


@dataclass(frozen=True)
class UserPublic:
    """What may be shown about a user (never the hash)."""

    id: int
    username: str
    email: str
    display_name: str
    role: str
    org_slug: str
    is_active: bool
    is_locked: bool
    failed_attempts: int
    last_login_at: datetime | None


def check_username(username: str) -> str:
    """Usernames are lowercase (the login form lowercases what is typed)."""
    value = username.strip().lower()
    if not _USERNAME.match(value):
        raise ValidationError(
            f"username: {username!r} must be 2-64 characters of lowercase letters, digits, '.', '_' or '-'"
        )
    return value


def check_role(role: Role | str) -> Role:
    """One of admin, analyst, viewer (ValidationError otherwise)."""
    return Role.parse(role)


def is_locked(user: User, now: datetime | None = None) -> bool:
    """Whether the account is inside a lockout window."""
    return user.locked_until is not None and user.locked_until > (now or utcnow())


def to_public(user: User, now: datetime | None = None) -> UserPublic:
    """The shareable view of a user."""
    return UserPublic(
        id=user.id,
        username=user.username,
        email=user.email,
        display_name=user.display_name,
        role=user.role,
        org_slug=user.org.slug,
        is_active=user.is_active,
        is_locked=is_locked(user, now),
        failed_attempts=user.failed_attempts,
        last_login_at=user.last_login_at,
    )


def save_user(
    session: Session,
    *,
    username: str,
    password: str,
    org_slug: str,
    role: Role | str = Role.VIEWER,
    email: str = "",
    display_name: str = "",
    create_org: bool = True,
) -> User:
    """Create a user; its org is created if new when `create_org`, else must exist (UnknownOrgError).

    ValidationError if the username is taken, also when another process takes it at the same moment.
    """
    name = check_username(username)
    role = check_role(role)
    if session.scalar(select(User.id).where(User.username == name)) is not None:
        raise ValidationError(f"user {name!r} already exists")
    password_hash = hash_password(password)  # checks the password before the org, as the form lists them
    org = save_org(session, org_slug) if create_org else fetch_org(session, org_slug)
    user = User(
        org_id=org.id,
        username=name,
        email=email,
        display_name=display_name or name,
        password_hash=password_hash,
        role=role.value,
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        # Another process inserted the same username since the check above. `from None`: the driver's
        # message quotes the INSERT's parameters, the password hash among them, and must not reach any output.
        raise ValidationError(f"user {name!r} already exists") from None
    return user


def fetch_user(session: Session, username: str) -> User | None:
    """The user with this username, or None."""
    return session.scalar(select(User).where(User.username == username.strip().lower()))


def fetch_user_by_id(session: Session, user_id: int) -> User:
    """The user with this id, or NotFoundError."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"user {user_id} does not exist")
    return user


def fetch_users(session: Session, org_slug: str | None = None) -> list[User]:
    """Users, optionally of one org, by username."""
    stmt = select(User).join(Org).order_by(User.username)
    if org_slug is not None:
        stmt = stmt.where(Org.slug == org_slug)
    return list(session.scalars(stmt))


def count_users(session: Session) -> int:
    """How many users exist."""
    return int(session.scalar(select(func.count()).select_from(User)) or 0)


def record_failed_login(
    session: Session, user: User, *, max_failures: int, lockout: timedelta, now: datetime | None = None
) -> None:
    """Count a failed attempt; the `max_failures`-th in a row locks the account for `lockout`."""
    moment = now or utcnow()
    user.failed_attempts += 1
    if user.failed_attempts >= max_failures:
        user.locked_until = moment + lockout
        user.failed_attempts = 0


def record_login(session: Session, user: User, now: datetime | None = None) -> None:
    """A successful sign-in: reset the failure count, stamp the time."""
    user.failed_attempts = 0
    user.locked_until = None
    user.last_login_at = now or utcnow()


def set_password(session: Session, user: User, password: str) -> None:
    """Replace the user's password."""
    user.password_hash = hash_password(password)


def set_role(session: Session, user: User, role: Role | str) -> None:
    """Change the user's role."""
    user.role = check_role(role).value


def unlock(session: Session, user: User) -> None:
    """Lift a lockout."""
    user.locked_until = None
    user.failed_attempts = 0


def fetch_org_user(session: Session, org_slug: str, username: str) -> User:
    """A user of this org; NotFoundError for users of other orgs (an admin manages only their own org)."""
    user = fetch_user(session, username)
    if user is None or user.org.slug != org_slug:
        raise NotFoundError(f"user {username!r} is not in org {org_slug!r}")
    return user


def lock_user(session: Session, user: User, minutes: int, now: datetime | None = None) -> None:
    """Lock an account by hand for `minutes`."""
    user.locked_until = (now or utcnow()) + timedelta(minutes=minutes)


def check_not_last_admin(session: Session, user: User, new_role: Role | str | None = None) -> None:
    """Refuse a change that would leave the org without an active, unlocked admin."""
    if user.role != Role.ADMIN or new_role == Role.ADMIN:
        return
    others = [
        u
        for u in fetch_users(session, user.org.slug)
        if u.id != user.id and u.role == Role.ADMIN and u.is_active and not is_locked(u)
    ]
    if not others:
        raise ValidationError(f"role: {user.username} is the org's last admin; make another admin first")
