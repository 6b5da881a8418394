"""`ingest_files`: read, validate, price and stage every chunk, then move a valid run into the store."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from clickhouse_connect.driver.client import Client

from netra_core.catalog.pricing import PriceBook, make_builtin_price_book
from netra_core.errors import IngestRejectedError, ValidationError
from netra_core.logs import get_logger
from netra_core.workloads.ingest import staging
from netra_core.workloads.ingest.costs import apply_costs, fill_providers
from netra_core.workloads.ingest.prefetch import prefetched
from netra_core.workloads.ingest.rejects import RejectsWriter
from netra_core.workloads.ingest.report import (
    FileStats,
    IngestProgress,
    IngestReport,
    IssueLog,
    ProgressFn,
)
from netra_core.workloads.ingest.sources import FORMATS, FileError, MappedChunk, detect_format, iter_mapped_chunks
from netra_core.workloads.ingest.trace_spans import StagedSpans, move_spans
from netra_core.workloads.ingest.validate import check_chunk
from netra_core.workloads.recovery import recover_unfinished, run_journalled
from netra_core.workloads.store import WorkloadStore

log = get_logger("netra.ingest")
CHUNK_ROWS = 500_000
# Defaults of the settings NETRA_INGEST_MAX_DECOMPRESSED_MB and NETRA_INGEST_MAX_FUTURE_HOURS.
MAX_DECOMPRESSED_BYTES = 8 * 1024**3
MAX_FUTURE = timedelta(days=1)


def ingest_files(
    target: WorkloadStore | Client,
    paths: Sequence[str | Path],
    org_id: str,
    *,
    fmt: str = "auto",
    skip_invalid: bool = False,
    progress: ProgressFn | None = None,
    price_book: PriceBook | None = None,
    chunk_rows: int = CHUNK_ROWS,
    staging_dir: Path | None = None,
    max_decompressed_bytes: int = MAX_DECOMPRESSED_BYTES,
    max_future: timedelta = MAX_FUTURE,
) -> IngestReport:
    """Ingest files into the org's events; raises IngestRejectedError (nothing written) on bad input.

    All or nothing: a failure or a kill during the final move leaves none of the run's rows (see
    `workloads.recovery`). `staging_dir` holds the staged rows (default: beside an embedded store).
    """
    started = time.perf_counter()
    if not org_id or not org_id.strip():
        raise ValidationError("org: an org id is required")
    if fmt not in FORMATS:
        raise ValidationError(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")
    files = [Path(p) for p in paths]
    if not files:
        raise ValidationError("paths: give at least one file to ingest")
    for path in files:
        if not path.is_file():
            raise ValidationError(f"{path}: no such file")
    book = price_book or make_builtin_price_book()
    report = IngestReport(org_id=org_id, price_source=book.source)
    issues = IssueLog()
    root = staging_dir or _default_staging_dir(target)
    staging.remove_dead_staging(root)
    staged = staging.StagedRows(root)
    spans = StagedSpans(staged.directory)
    try:
        run = _Run(staged, report, issues, book, skip_invalid, progress, chunk_rows)
        run.spans = spans
        run.max_decompressed_bytes = max_decompressed_bytes
        run.latest_ts_ms = int((datetime.now(UTC) + max_future).timestamp() * 1000)
        run.future_note = f" (more than {max_future.total_seconds() / 3600:g} h ahead of now)"
        total_bytes = sum(p.stat().st_size for p in files)
        for index, path in enumerate(files):
            run.ingest_file(index, path, fmt, total_bytes)
        with run.timed("stage"):
            run.flush()
        report.errors, report.error_count = issues.issues, issues.count
        if issues.count and not skip_invalid:
            report.seconds = time.perf_counter() - started
            raise IngestRejectedError(report)
        if progress:
            progress(IngestProgress("", report.rows_read, total_bytes, total_bytes, phase="writing"))
        with run.timed("move"), _session(target) as (client, is_embedded):
            report.rows_written, report.trace_spans_kept = _move(target, client, staged, spans, org_id, is_embedded)
        report.duplicates_skipped = staged.rows - report.rows_written
        report.is_written = True
    finally:
        spans.close()
        staged.remove()
    report.seconds = time.perf_counter() - started
    log.info("ingest done", extra={"org": org_id, "rows": report.rows_written, "seconds": round(report.seconds, 2)})
    return report


def _default_staging_dir(target: WorkloadStore | Client) -> Path:
    """Beside an embedded store (its data dir); the system's temporary directory for a server."""
    if isinstance(target, WorkloadStore) and target.target.path is not None:
        return target.target.path.parent / "staging"
    return Path(tempfile.gettempdir()) / "netra-staging"


def _move(
    target: WorkloadStore | Client,
    client: Client,
    staged: staging.StagedRows,
    spans: StagedSpans,
    org_id: str,
    is_embedded: bool,
) -> tuple[int, int]:
    """The journalled move of the events, then of the trace-context spans: recorded as started, rolled back
    (both) on any failure, recorded as done. Returns (events written, spans written)."""
    if staged.rows == 0 and spans.rows == 0:
        return 0, 0
    markers = target.write_markers if isinstance(target, WorkloadStore) else None
    # Finish dead writes before the duplicate check, or their rows would hide this run's and then be
    # rolled back. The session's own recovery sees only marked ones; this also catches a dead writer
    # that used a bare client. Under the embedded store's lock every unfinished write is dead.
    recover_unfinished(client, is_exclusive=markers is not None)
    lo = min(t for t in (staged.ts_min, spans.ts_min) if t is not None)
    hi = max(t for t in (staged.ts_max, spans.ts_max) if t is not None)
    written = [0]

    def write(ingest_id: str) -> int:
        rows = staging.move_staged(client, staged, org_id, is_embedded=is_embedded, ingest_id=ingest_id)
        written[0] = move_spans(client, spans, org_id, is_embedded=is_embedded, ingest_id=ingest_id)
        return rows

    rows = run_journalled(client, markers, org_id, lo, hi, write)
    return rows, written[0]


@contextmanager
def _timed(stages: dict[str, float], name: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        stages[name] = stages.get(name, 0.0) + time.perf_counter() - started


@contextmanager
def _session(target: WorkloadStore | Client) -> Iterator[tuple[Client, bool]]:
    """The caller's client, or a short session on the store; and whether it is the embedded engine."""
    if isinstance(target, WorkloadStore):
        with target.session() as client:
            yield client, target.is_embedded
    else:
        yield target, target.__class__.__name__ == "ChdbClient"


class _Run:
    """State of one ingest run across files: staging buffer, counts, issues."""

    def __init__(
        self,
        staged: staging.StagedRows,
        report: IngestReport,
        issues: IssueLog,
        book: PriceBook,
        skip_invalid: bool,
        progress: ProgressFn | None,
        chunk_rows: int,
    ) -> None:
        self.staged = staged
        self.report = report
        self.issues = issues
        self.book = book
        self.skip_invalid = skip_invalid
        self.progress = progress
        self.chunk_rows = chunk_rows
        self.pending: list[pa.Table] = []
        self.pending_rows = 0
        self.bytes_before = 0
        self.unpriced_models: set[str] = set()
        self.max_decompressed_bytes = MAX_DECOMPRESSED_BYTES
        self.latest_ts_ms: int | None = None
        self.future_note = ""
        self.spans: StagedSpans | None = None

    def timed(self, stage: str) -> AbstractContextManager[None]:
        """Add the time spent in the block to the report's seconds for `stage`."""
        return _timed(self.report.stage_seconds, stage)

    def ingest_file(self, index: int, path: Path, fmt: str, total_bytes: int) -> None:
        size = path.stat().st_size
        stats = FileStats(path=str(path), format=fmt, bytes=size)
        self.report.files.append(stats)
        rejects = RejectsWriter(path) if self.skip_invalid else None
        try:
            stats.format, container = detect_format(path, fmt)
            chunks = prefetched(
                iter_mapped_chunks(
                    path, stats.format, container, self.chunk_rows, max_bytes=self.max_decompressed_bytes
                )
            )
            while True:
                with self.timed("read"):
                    chunk = next(chunks, None)
                if chunk is None:
                    break
                self._ingest_chunk(index, path, chunk, stats, rejects)
                if self.progress:
                    done = self.bytes_before + min(chunk.raw.bytes_done, size)
                    self.progress(IngestProgress(path.name, self.report.rows_read, done, total_bytes))
        except FileError as exc:
            self.issues.add(exc.issue)
            stats.rows_rejected += 1
            self.report.rows_rejected += 1
            if rejects:
                rejects.write_issue(exc.issue)
        finally:
            if rejects:
                stats.rejects_path = rejects.close()
        self.bytes_before += size
        self.report.unpriced_models = sorted(self.unpriced_models)

    def _ingest_chunk(
        self, index: int, path: Path, chunk: MappedChunk, stats: FileStats, rejects: RejectsWriter | None
    ) -> None:
        raw = chunk.raw
        n = len(raw.locations)
        stats.non_model_spans_skipped += raw.skipped_spans
        self.report.non_model_spans_skipped += raw.skipped_spans
        stats.agent_tool_spans_skipped += raw.agent_spans
        self.report.agent_tool_spans_skipped += raw.agent_spans
        self.report.bodies_engine_decoded += raw.engine_bodies
        self.report.bodies_fallback += raw.fallback_bodies
        if raw.spans is not None and raw.spans.num_rows and self.spans is not None:
            with self.timed("stage"):
                self.spans.append(raw.spans)
        for issue in raw.issues:
            self.issues.add(issue)
            if rejects:
                rejects.write_issue(issue)
        structural = len(raw.issues)
        stats.rows_read += n + structural
        self.report.rows_read += n + structural
        stats.rows_rejected += structural
        self.report.rows_rejected += structural
        if stats.ignored_columns == [] and chunk.mapping.ignored:
            stats.ignored_columns = list(chunk.mapping.ignored)
        if n == 0:
            return
        with self.timed("validate"):
            checked = check_chunk(
                raw.table,
                chunk.mapping,
                raw.locations,
                file=path.name,
                location_kind=chunk.location_kind,
                keep_reasons=self.skip_invalid,
                room=max(0, 20 - len(self.issues.issues)),
                latest_ts_ms=self.latest_ts_ms,
                future_note=self.future_note,
            )
        self.issues.add_many(checked.issues, checked.issue_count)
        bad = checked.bad
        rejected = int(bad.sum())
        stats.rows_rejected += rejected
        self.report.rows_rejected += rejected
        stats.rows_valid += n - rejected
        if rejects and rejected:
            rejects.write_rows(raw.table, raw.locations, checked.reasons, chunk.location_kind)
        if self.issues.count and not self.skip_invalid:
            return  # the run will be rejected: keep validating to count errors, stage nothing more
        valid = ~bad
        columns = checked.columns
        with self.timed("price"):
            source = columns["source"]
            columns["source"] = pc.if_else(pc.equal(source, ""), stats.format, source)
            fill_providers(columns, self.book)
            outcome = apply_costs(columns, valid, self.book)
        self.report.priced_by_netra += outcome.priced
        self.report.unpriced += outcome.unpriced
        self.unpriced_models |= outcome.unpriced_models
        with self.timed("stage"):
            batch = staging.make_staging_batch(columns, index, pa.array(raw.locations))
            if rejected:
                batch = batch.filter(pa.array(valid))
            self.pending.append(batch)
            self.pending_rows += batch.num_rows
            if self.pending_rows >= self.chunk_rows:
                self.flush()

    def flush(self) -> None:
        """Stage the buffered valid rows in one insert."""
        if not self.pending:
            return
        batch = pa.concat_tables(self.pending) if len(self.pending) > 1 else self.pending[0]
        self.pending, self.pending_rows = [], 0
        self.staged.append(batch)
