"""What an ingest run found and did: issues, per-file stats, the report and progress updates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

MAX_REPORTED_ISSUES = 20


@dataclass(frozen=True)
class IngestIssue:
    """One problem with one value: where it is (file, line or row), the field and the value."""

    file: str
    message: str
    line: int | None = None
    row: int | None = None
    field: str = ""
    value: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f" line {self.line}"
        elif self.row is not None:
            where += f" row {self.row}"
        what = (
            f"{self.field} {self.value}: " if self.field and self.value else (f"{self.field}: " if self.field else "")
        )
        return f"{where}: {what}{self.message}"


def show_value(value: Any, limit: int = 60) -> str:
    """A value as it appears in an error message: quoted, shortened."""
    if isinstance(value, bytes):
        try:
            value = value[: limit * 4].decode("utf-8")
        except UnicodeDecodeError:
            value = value[:limit]
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass
class IssueLog:
    """Keeps the first issues in full and counts the rest."""

    issues: list[IngestIssue] = field(default_factory=list)
    count: int = 0
    is_lower_bound: bool = False

    def add(self, issue: IngestIssue) -> None:
        """Record one issue."""
        self.count += 1
        if len(self.issues) < MAX_REPORTED_ISSUES:
            self.issues.append(issue)

    def add_many(self, issues: list[IngestIssue], total: int) -> None:
        """Record `total` issues of which `issues` are the first ones."""
        room = MAX_REPORTED_ISSUES - len(self.issues)
        self.issues.extend(issues[: max(room, 0)])
        self.count += total

    @property
    def is_full(self) -> bool:
        """Whether no more issues will be kept in full."""
        return len(self.issues) >= MAX_REPORTED_ISSUES


@dataclass
class FileStats:
    """What happened to one input file."""

    path: str
    format: str
    bytes: int = 0
    rows_read: int = 0
    rows_valid: int = 0
    rows_rejected: int = 0
    non_model_spans_skipped: int = 0
    agent_tool_spans_skipped: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    rejects_path: str | None = None


@dataclass
class IngestReport:
    """The outcome of `ingest_files`: counts, the first errors and per-file stats."""

    org_id: str
    rows_read: int = 0
    rows_written: int = 0
    duplicates_skipped: int = 0
    rows_rejected: int = 0
    non_model_spans_skipped: int = 0
    agent_tool_spans_skipped: int = 0  # agent, tool and chain spans: their child model calls are the events
    # Spans that are not events (of both counts above) written as trace context (trace_spans): every agent/tool
    # span, and app spans in traces with a model call; none already stored.
    trace_spans_kept: int = 0
    bodies_engine_decoded: int = 0  # OTLP protobuf request bodies decoded by the engine (fmt otlp_protobuf)
    bodies_fallback: int = 0  # ... and by the Python reader, where the engine could not be used
    priced_by_netra: int = 0
    unpriced: int = 0
    unpriced_models: list[str] = field(default_factory=list)
    # Where Netra's prices came from: "catalog", or "built-in table (why)" while the catalog is empty.
    price_source: str = ""
    errors: list[IngestIssue] = field(default_factory=list)
    error_count: int = 0
    files: list[FileStats] = field(default_factory=list)
    seconds: float = 0.0
    is_written: bool = False
    # Seconds spent per stage: waiting for the reader, validate, price, stage, move. Reading runs in
    # a thread alongside the others, so "read" counts only the time the pipeline waited for it.
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Plain values for JSON output."""
        out = asdict(self)
        out["errors"] = [{**asdict(e), "text": str(e)} for e in self.errors]
        out["rows_per_s"] = round(self.rows_read / self.seconds) if self.seconds > 0 else None
        return out

    def summary(self) -> str:
        """One human line."""
        parts = [
            f"{self.rows_written:,} written",
            f"{self.rows_read:,} read",
            f"{self.duplicates_skipped:,} duplicates skipped",
            f"{self.rows_rejected:,} rejected",
        ]
        if self.non_model_spans_skipped:
            parts.append(f"{self.non_model_spans_skipped:,} non-model spans skipped")
        if self.agent_tool_spans_skipped:
            parts.append(f"{self.agent_tool_spans_skipped:,} agent/tool spans skipped")
        if self.non_model_spans_skipped or self.agent_tool_spans_skipped:
            parts[-1] += f" (not events; {self.trace_spans_kept:,} kept as trace context)"
        if self.priced_by_netra:
            parts.append(f"{self.priced_by_netra:,} priced by Netra")
        if self.unpriced:
            parts.append(f"{self.unpriced:,} unpriced ({', '.join(self.unpriced_models[:5])})")
        if (self.priced_by_netra or self.unpriced) and self.price_source:
            parts.append(f"prices from the {self.price_source}")
        return f"org {self.org_id}: " + ", ".join(parts) + f" in {self.seconds:.2f}s"


@dataclass(frozen=True)
class IngestProgress:
    """A progress update: rows done so far and how far through the input bytes the run is."""

    file: str
    rows_done: int
    bytes_done: int
    bytes_total: int
    phase: str = "reading"  # "reading", then "writing" while staged rows move into the store

    @property
    def fraction(self) -> float:
        """0..1 of the input bytes consumed."""
        return min(1.0, self.bytes_done / self.bytes_total) if self.bytes_total else 0.0


ProgressFn = Callable[[IngestProgress], None]
