"""Role: what a signed-in user may do. Defined once; the app database, the pages, the CLI and the tools use it."""

from __future__ import annotations

from enum import StrEnum

from netra_core.errors import ValidationError


class Role(StrEnum):
    """A user's role; each role may do everything the roles below it may (viewer < analyst < admin)."""

    ADMIN = "admin"
    ANALYST = "analyst"
    VIEWER = "viewer"

    @property
    def rank(self) -> int:
        """0 for a viewer, 1 for an analyst, 2 for an admin."""
        return _RANK[self]

    def includes(self, minimum: Role | str) -> bool:
        """Whether this role may do what `minimum` may."""
        return self.rank >= Role.parse(minimum).rank

    @classmethod
    def parse(cls, value: Role | str) -> Role:
        """The role named `value`; ValidationError naming the roles there are otherwise."""
        try:
            return cls(value)
        except ValueError:
            raise ValidationError(f"role: {value!r} is not one of {', '.join(cls)}") from None


_RANK = {Role.VIEWER: 0, Role.ANALYST: 1, Role.ADMIN: 2}
