"""EventFilter: the org (required), a time range and optional dimension filters, rendered as parameterised SQL."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from netra_core.errors import ValidationError

GRAINS = ("minute", "hour", "day", "week", "month")
_DIMENSIONS = {"workloads": "workload", "models": "model", "providers": "provider", "task_types": "task_type"}


@dataclass(frozen=True)
class EventFilter:
    """Which events a query looks at. `org_id` is mandatory: no query can run across orgs."""

    org_id: str
    start: datetime
    end: datetime
    workloads: tuple[str, ...] = field(default_factory=tuple)
    models: tuple[str, ...] = field(default_factory=tuple)
    providers: tuple[str, ...] = field(default_factory=tuple)
    task_types: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if not self.org_id:
            raise ValidationError("org: an org is required for every workload query")
        for name in ("start", "end"):
            value = getattr(self, name)
            if value.tzinfo is None:
                object.__setattr__(self, name, value.replace(tzinfo=UTC))
        if self.end <= self.start:
            raise ValidationError(
                f"time range: end {self.end:%Y-%m-%d %H:%M} is not after start {self.start:%Y-%m-%d %H:%M}"
            )
        for name in _DIMENSIONS:
            object.__setattr__(self, name, tuple(getattr(self, name) or ()))

    @classmethod
    def last_days(cls, org_id: str, days: float, *, now: datetime | None = None, **dims: Any) -> EventFilter:
        """The `days` before `now` (default: the current time)."""
        end = now or datetime.now(UTC)
        return cls(org_id=org_id, start=end - timedelta(seconds=round(days * 86400)), end=end, **dims)

    @property
    def span(self) -> timedelta:
        """Length of the window."""
        return self.end - self.start

    def previous(self) -> EventFilter:
        """The window of the same length just before this one (for change versus the previous period)."""
        return replace(self, start=self.start - self.span, end=self.start)

    def where(self, prefix: str = "") -> tuple[str, dict[str, Any]]:
        """A WHERE clause body and its parameters; `prefix` namespaces the parameter names."""
        p = prefix
        clauses = [
            f"org_id = {{{p}org:String}}",
            f"ts >= {{{p}start:DateTime64(3, 'UTC')}}",
            f"ts < {{{p}end:DateTime64(3, 'UTC')}}",
        ]
        params: dict[str, Any] = {f"{p}org": self.org_id, f"{p}start": self.start, f"{p}end": self.end}
        dims, dim_params = self.dimension_where(prefix)
        return " AND ".join(clauses + dims), params | dim_params

    def dimension_where(self, prefix: str = "") -> tuple[list[str], dict[str, Any]]:
        """The workload/model/provider/task-type clauses alone, and their parameters."""
        clauses: list[str] = []
        params: dict[str, Any] = {}
        for attr, column in _DIMENSIONS.items():
            values = getattr(self, attr)
            if values:
                clauses.append(f"{column} IN {{{prefix}{attr}:Array(String)}}")
                params[f"{prefix}{attr}"] = list(values)
        return clauses, params


def choose_grain(span: timedelta) -> str:
    """A time grain giving a readable number of points (roughly 24-200) for the window."""
    hours = span.total_seconds() / 3600
    if hours <= 3:
        return "minute"
    if hours <= 72:
        return "hour"
    if hours <= 24 * 120:
        return "day"
    if hours <= 24 * 730:
        return "week"
    return "month"


def bucket_expr(grain: str, column: str = "ts") -> str:
    """The ClickHouse expression that truncates `column` to the grain (both checked against fixed lists)."""
    if grain not in GRAINS:
        raise ValidationError(f"grain: {grain!r} is not one of {', '.join(GRAINS)}")
    if column not in {"ts", "hour"}:
        raise ValidationError(f"time column: {column!r} is not ts or hour")
    return {
        "minute": f"toStartOfMinute({column})",
        "hour": f"toStartOfHour({column})",
        "day": f"toStartOfDay({column})",
        "week": f"toStartOfWeek({column}, 1)",
        "month": f"toStartOfMonth({column})",
    }[grain]
