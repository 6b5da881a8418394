"""One exception tree for Netra; every message is one a user can act on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from netra_core.workloads.ingest.report import IngestIssue


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


class UnknownOrgError(NotFoundError):
    """An org the app database does not know; says how to add it and which known org a typo may have meant."""

    def __init__(self, slug: str, closest: str | None = None, *, can_create: bool = False) -> None:
        hint = f" (did you mean {closest!r}?)" if closest else ""
        also = ", or pass --create-org" if can_create else ""
        super().__init__(f"org {slug!r} does not exist{hint}: add it with `netra orgs add {slug}`{also}")
        self.slug = slug
        self.closest = closest


class ValidationError(NetraError):
    """Input that does not satisfy the rules; names the field and the value."""


class UnsupportedQueryError(ValidationError):
    """A semantic query asks for something the stored data cannot answer honestly; `field` names the part."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


class InfeasiblePolicyError(NetraError):
    """No routing policy meets the constraints (quality floor, latency SLO, allowed models)."""


class LatencyInfeasibleError(InfeasiblePolicyError):
    """No routing policy meets the p95 latency limit: some segment has no allowed model under it."""

    def __init__(
        self,
        message: str,
        *,
        limit_ms: float,
        segment: str,
        fastest_model: str,
        fastest_p95_ms: float,
        segments: int = 1,
    ) -> None:
        super().__init__(message)
        self.limit_ms = limit_ms
        self.segment = segment
        self.fastest_model = fastest_model
        self.fastest_p95_ms = fastest_p95_ms
        self.segments = segments


class ToolArgumentsError(ValidationError):
    """A tool was called with arguments that do not fit its schema; the planner may fix them and retry."""


class ToolFailedError(NetraError):
    """A tool ran and failed (or timed out); the step stops with this message."""


class LLMError(NetraError):
    """The configured language model could not be reached or answered with an error."""


class RejectedInput(Protocol):
    """What an ingest report tells of the input it refused: the first problems and how many there were."""

    @property
    def errors(self) -> Sequence[IngestIssue]: ...

    @property
    def error_count(self) -> int: ...


class IngestRejectedError(ValidationError):
    """An ingest run found invalid input and wrote nothing; `report` holds the first errors and the count."""

    def __init__(self, report: RejectedInput) -> None:
        errors = report.errors
        count = report.error_count
        shown = "\n  ".join(str(e) for e in errors[:20])
        more = f"\n  ... and {count - len(errors[:20])} more" if count > len(errors[:20]) else ""
        hint = (
            " (fix them, or pass --skip-invalid to write the valid rows and a rejects file)"
            if hasattr(report, "files")
            else ""
        )
        super().__init__(f"nothing was written: {count} problem(s) in the input{hint}:\n  {shown}{more}")
        self.report = report


class GeneratedEventsExistError(NetraError):
    """The org already has generated events and replacing them was not asked for."""


class CollectorError(NetraError):
    """`netra collect` cannot start or run (spool taken, port busy, store unusable)."""


class GatewayError(NetraError):
    """`netra gateway` cannot start or run (no upstream configured, port busy, stores not migrated)."""


class UpstreamTransportError(NetraError):
    """A call to an upstream provider failed below HTTP: no connection, the connection broke, a bad reply."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason  # the underlying error's class name ("ClientConnectorError", "SocketTimeoutError")


class UpstreamTimeoutError(UpstreamTransportError):
    """An upstream did not connect, or went silent mid-reply, within the attempt's timeout."""
