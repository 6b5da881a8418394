"""Who is asking: the org and role come from the signed-in user, never from the message."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from netra_core.db.users import fetch_user
from netra_core.errors import AuthError, NotFoundError
from netra_core.roles import Role


@dataclass(frozen=True)
class AuthContext:
    """The authenticated user a run acts for; tools see the org only through this."""

    org_slug: str
    org_pk: int
    user_pk: int
    username: str
    role: Role

    def __post_init__(self) -> None:
        object.__setattr__(self, "role", Role.parse(self.role))  # a role spelled as text is checked and typed

    def has_role(self, minimum: Role | str) -> bool:
        """Whether the user's role is at least `minimum` (viewer < analyst < admin)."""
        return self.role.includes(minimum)


def fetch_auth_context(session: Session, username: str, org_slug: str | None = None) -> AuthContext:
    """The context of an existing, active user; `org_slug`, when given, must be the user's own org."""
    user = fetch_user(session, username)
    if user is None:
        raise NotFoundError(f"user {username!r} does not exist (create it with `netra users add`)")
    if not user.is_active:
        raise AuthError(f"user {username!r} is disabled")
    if org_slug is not None and user.org.slug != org_slug:
        raise AuthError(f"user {username!r} is not a member of org {org_slug!r}")
    return AuthContext(
        org_slug=user.org.slug, org_pk=user.org_id, user_pk=user.id, username=user.username, role=Role(user.role)
    )
