"""The gateway's writer: sealed spool segments become native JSONL files ingested into the store.

It runs in a process of its own by default (gateway/writer_process.py: a flush costs ~100 ms of CPU, which
in the gateway's process would hold the GIL its event loop needs), or as a thread of the gateway's process
(`netra gateway --writer inline`, and the tests, which call `flush` directly).

Segments are deleted only after the store took their events; if the process dies in between, the
next run ingests them again and ingest skips the event ids it already has. A busy or unreachable
store (another process holds the embedded store) leaves the segments in place and is retried with
backoff.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from netra_core.catalog.pricing import PriceBook
from netra_core.errors import WorkloadStoreError
from netra_core.gateway.events import interrupted_event
from netra_core.gateway.proxy import PRICE_BOOK_TTL_S  # one time to live for the org's prices, as the proxy's cache
from netra_core.gateway.spool import read_segments
from netra_core.gateway.trial_evals import compute_trial_eval_rows
from netra_core.logs import get_logger
from netra_core.workloads.eval_results import save_eval_rows
from netra_core.workloads.ingest.pipeline import ingest_files
from netra_core.workloads.ingest.rejects import rejects_path_for
from netra_core.workloads.store import WorkloadStore

log = get_logger("netra.gateway")
MAX_BACKOFF_S = 30.0


@dataclass
class WriterCounters:
    """What the writer has done since start (read by the status line)."""

    events_written: int = 0
    events_duplicate: int = 0
    events_rejected: int = 0
    events_interrupted: int = 0
    trial_evals_written: int = 0
    batches: int = 0
    last_batch_at: str | None = None
    last_error: str | None = None


class SegmentSource(Protocol):
    """Where sealed segments come from: the gateway's own EventSpool, or a writer process's SealedSegments."""

    orphaned: list[Path]
    batch_dir: Path
    rejected_dir: Path

    def rotate(self) -> list[Path]: ...

    def remove(self, paths: list[Path]) -> None: ...


class EventWriter:
    """Drains the spool into the store; `start` runs it in a daemon thread, `stop` drains what it can and ends."""

    def __init__(
        self,
        spool: SegmentSource,
        store: WorkloadStore,
        *,
        interval_s: float = 1.0,
        price_book_for: Callable[[str], PriceBook] | None = None,
        on_batch: Callable[[WriterCounters], None] | None = None,
    ) -> None:
        self.spool = spool
        self.on_batch = on_batch
        self.store = store
        self.interval_s = interval_s
        self.price_book_for = price_book_for
        self._books: dict[str, tuple[float, PriceBook]] = {}
        self.counters = WriterCounters()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._failures = 0
        self._guard = threading.Lock()  # one drain at a time (the thread, and `flush` from tests and shutdown)

    def start(self) -> None:
        """Start draining in a daemon thread."""
        self._thread = threading.Thread(target=self._run, name="netra-gateway-writer", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 30.0) -> None:
        """Write what is left if the store allows, and stop."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _run(self) -> None:
        while not self._stop.is_set():
            delay = min(MAX_BACKOFF_S, self.interval_s * 2**self._failures) if self._failures else self.interval_s
            self._wake.wait(delay)
            self._wake.clear()
            self._drain_safely()
        self._drain_safely()

    def _drain_safely(self) -> int:
        batches = self.counters.batches
        try:
            written = self.flush()
            self._failures = 0
        except WorkloadStoreError as exc:
            self._failures += 1
            self.counters.last_error = str(exc)[:300]
            log.warning("gateway events not written, will retry", extra={"error": str(exc)[:300]})
            written = 0
        if self.on_batch is not None and (self.counters.batches != batches or self._failures):
            self.on_batch(self.counters)
        return written

    def flush(self) -> int:
        """Seal the active segment and write every sealed one (and a dead process's) to the store; returns events written."""
        with self._guard:
            written = 0
            if self.spool.orphaned:
                orphaned = list(self.spool.orphaned)
                contents = read_segments(orphaned)
                events = list(contents.finished.values())
                lost = [interrupted_event(e) for e in contents.unfinished.values()]
                if lost:
                    log.warning("calls interrupted by a gateway stop recorded as errors", extra={"calls": len(lost)})
                written += self._write(events + lost, orphaned)
                self.counters.events_interrupted += len(lost)
            sealed = self.spool.rotate()
            if sealed:
                # Unmatched starts in sealed segments were carried into the active one: not lost.
                written += self._write(list(read_segments(sealed).finished.values()), sealed)
            return written

    def _write(self, events: list[dict[str, Any]], segments: list[Path]) -> int:
        by_org: dict[str, list[dict[str, Any]]] = {}
        for event in events:
            by_org.setdefault(str(event.get("org_id", "")), []).append(event)
        written = 0
        for i, (org, rows) in enumerate(by_org.items()):
            written += self._ingest(org, rows, f"{segments[0].stem}.{i}")
        self._write_trial_evals(events)
        self.spool.remove(segments)
        self.counters.batches += 1
        self.counters.last_batch_at = datetime.now(UTC).isoformat(timespec="seconds")
        self.counters.last_error = None
        return written

    def _write_trial_evals(self, events: list[dict[str, Any]]) -> None:
        """Canary and shadow eval rows (gateway/trial_evals.py); a busy store retries the batch, a bug loses only them."""
        try:
            rows = compute_trial_eval_rows(events)
            if rows:
                with self.store.session() as client:
                    self.counters.trial_evals_written += save_eval_rows(client, rows)
        except WorkloadStoreError:
            raise
        except Exception:
            log.exception("trial eval rows not written (their events are)")

    def _price_book(self, org: str) -> PriceBook | None:
        """The org's price book, read again after PRICE_BOOK_TTL_S (a read checks the schema and costs ~ms of GIL)."""
        if self.price_book_for is None:
            return None
        now = time.monotonic()
        cached = self._books.get(org)
        if cached is None or now - cached[0] > PRICE_BOOK_TTL_S:
            cached = (now, self.price_book_for(org))
            self._books[org] = cached
        return cached[1]

    def _ingest(self, org: str, rows: list[dict[str, Any]], stem: str) -> int:
        path = self.spool.batch_dir / f"{stem}.jsonl"
        try:
            with path.open("w", encoding="utf-8") as fh:
                for row in rows:
                    fh.write(json.dumps(row, separators=(",", ":")))
                    fh.write("\n")
            book = self._price_book(org)
            report = ingest_files(self.store, [path], org, fmt="jsonl", skip_invalid=True, price_book=book)
            rejects = rejects_path_for(path)
            if rejects.exists():
                shutil.move(str(rejects), self.spool.rejected_dir / f"{stem}.rejects.jsonl")
        finally:
            path.unlink(missing_ok=True)
            rejects_path_for(path).unlink(missing_ok=True)
        self.counters.events_written += report.rows_written
        self.counters.events_duplicate += report.duplicates_skipped
        self.counters.events_rejected += report.rows_rejected
        if report.rows_rejected:
            log.warning("gateway events rejected by ingest", extra={"org": org, "rejected": report.rows_rejected})
        return report.rows_written
