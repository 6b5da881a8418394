"""One exception tree for Netra; every message is one a user can act on."""

from __future__ import annotations


class NetraError(Exception):
    """Base of every error Netra raises on purpose."""


class ConfigError(NetraError):
    """A setting is missing, malformed or unsafe."""


class AppDatabaseError(NetraError):
    """The app database cannot be reached or is not migrated."""


class WorkloadStoreError(NetraError):
    """The workload store cannot be reached or a query failed."""


class StoreBusyError(WorkloadStoreError):
    """The embedded workload store is held by another process past the timeout."""

    def __init__(self, message: str, *, holder_pid: int | None = None) -> None:
        super().__init__(message)
        self.holder_pid = holder_pid


class MigrationError(NetraError):
    """A schema migration cannot be applied."""


class AuthError(NetraError):
    """Sign-in failed. The message never says whether the user exists."""


class PermissionDeniedError(NetraError):
    """The signed-in user's role does not allow this action."""


class NotFoundError(NetraError):
    """A named object (org, user, reference) does not exist."""


class ValidationError(NetraError):
    """Input that does not satisfy the rules; names the field and the value."""
