"""What a semantic query returns: the table, the windows and their data coverage, the comparison, the projection,
and the SQL that ran. Every figure an answer states comes from here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pandas as pd

DAY = timedelta(days=1)


@dataclass(frozen=True)
class Window:
    """A half-open UTC time window."""

    start: datetime
    end: datetime

    @property
    def days(self) -> float:
        """Length in days."""
        return (self.end - self.start) / DAY

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "days": round(self.days, 6)}


@dataclass(frozen=True)
class Coverage:
    """How much of a window holds data: the UTC days with at least one matching event.

    `covered_days` counts each such day by its overlap with the observed part of the window (the window up to
    now), so a window starting or ending mid-day counts its partial days partly; it is what per-day
    comparisons and run rates divide by.
    """

    days_with_data: int
    covered_days: float
    window_days: float
    first_day: str | None = None
    last_day: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "days_with_data": self.days_with_data,
            "covered_days": round(self.covered_days, 6),
            "window_days": round(self.window_days, 6),
            "first_day": self.first_day,
            "last_day": self.last_day,
        }


@dataclass(frozen=True)
class Projection:
    """A run-rate forecast: each summable measure's value plus its per-covered-day rate times the days left."""

    to: datetime
    observed_end: datetime
    rate_days: float  # the covered days the rate is taken over
    remaining_days: float
    measures: tuple[str, ...]  # the measures projected (only those that sum)
    not_projected: tuple[str, ...]  # measures asked for that do not sum (ratios, quantiles, distinct counts)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "to": self.to.isoformat(),
            "observed_end": self.observed_end.isoformat(),
            "rate_days": round(self.rate_days, 6),
            "remaining_days": round(self.remaining_days, 6),
            "measures": list(self.measures),
            "not_projected": list(self.not_projected),
        }


@dataclass(frozen=True)
class Statement:
    """One SQL statement that ran, with its parameters."""

    sql: str
    parameters: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (parameters as text)."""
        return {"sql": " ".join(self.sql.split()), "parameters": {k: str(v) for k, v in self.parameters.items()}}


@dataclass
class SemanticResult:
    """The answer to a SemanticQuery.

    `frame` has one column per dimension (named by the dimension), `bucket` when a grain is asked, one column
    per measure (named by the measure), and with a comparison `<measure>_previous`, `<measure>_change` and
    `<measure>_change_pct` (per covered day for summable measures when `per_day`, with `<measure>_per_day` and
    `<measure>_previous_per_day`); with a projection `<measure>_projected`.
    """

    frame: pd.DataFrame
    window: Window
    coverage: Coverage
    source: str  # "rollup" or "events"
    truncated: bool
    statements: list[Statement] = field(default_factory=list)
    comparison: str = "none"
    comparison_window: Window | None = None
    comparison_coverage: Coverage | None = None
    per_day: bool = False
    projection: Projection | None = None
    notes: list[str] = field(default_factory=list)
    change_rows: int | None = None  # with a bound on the change: how many rows were compared before it kept some

    @property
    def columns(self) -> list[str]:
        """The table's column names."""
        return [str(c) for c in self.frame.columns]

    @property
    def rows(self) -> list[dict[str, Any]]:
        """The table as records."""
        return [{str(k): v for k, v in r.items()} for r in self.frame.to_dict(orient="records")]

    def as_dict(self) -> dict[str, Any]:
        """Everything but the table, JSON-ready."""
        return {
            "window": self.window.as_dict(),
            "coverage": self.coverage.as_dict(),
            "source": self.source,
            "truncated": self.truncated,
            "comparison": self.comparison,
            "comparison_window": self.comparison_window.as_dict() if self.comparison_window else None,
            "comparison_coverage": self.comparison_coverage.as_dict() if self.comparison_coverage else None,
            "per_day": self.per_day,
            "projection": self.projection.as_dict() if self.projection else None,
            "notes": list(self.notes),
            "sql": [s.as_dict() for s in self.statements],
        }
