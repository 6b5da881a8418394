"""The writer thread: drains the spool into the workload store in micro-batches.

Each batch takes the oldest spooled bodies (up to a byte budget). Per org, the protobuf bodies go as
they are into one file of length-delimited requests, which the engine decodes itself
(`ingest_files(..., fmt="otlp_protobuf")`, see engine_decode); JSON bodies, and protobuf ones when the
engine refuses their file, are turned into one OTLP/JSON file and loaded with
`ingest_files(..., fmt="otlp", skip_invalid=True)`. Both hold the embedded store's lock only for their
final move. Bodies are deleted only after the store took
them; if the process dies in between, the next run ingests them again and ingest skips the event
ids it already has, so nothing is lost and nothing doubles.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from netra_core.catalog.pricing import PriceBook
from netra_core.collector.decode import KIND_PROTOBUF, BodyError, body_to_line
from netra_core.collector.engine_decode import FORMAT as ENGINE_FORMAT
from netra_core.collector.engine_decode import length_prefix
from netra_core.collector.spool import Spool, SpooledBody
from netra_core.collector.status import CollectorCounters
from netra_core.errors import NetraError, WorkloadStoreError
from netra_core.logs import get_logger
from netra_core.workloads.ingest.pipeline import ingest_files
from netra_core.workloads.ingest.rejects import rejects_path_for
from netra_core.workloads.ingest.report import IngestReport
from netra_core.workloads.store import WorkloadStore

log = get_logger("netra.collect")
MAX_BACKOFF_S = 30.0


class SpoolWriter:
    """Moves spooled bodies into the store; run it in one thread (`start`), stop it with `stop`."""

    def __init__(
        self,
        spool: Spool,
        store: WorkloadStore,
        counters: CollectorCounters,
        *,
        interval_s: float = 1.0,
        batch_bytes: int = 64 * 1024 * 1024,
        on_batch: Callable[[], None] | None = None,
        price_book_for: Callable[[str], PriceBook] | None = None,
        engine_decode: bool = True,
    ) -> None:
        self.spool = spool
        self.engine_decode = engine_decode
        self.price_book_for = price_book_for
        self.store = store
        self.counters = counters
        self.interval_s = interval_s
        self.batch_bytes = batch_bytes
        self.on_batch = on_batch
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._failures = 0

    def start(self) -> None:
        """Start draining in a daemon thread."""
        self._thread = threading.Thread(target=self._run, name="netra-collect-writer", daemon=True)
        self._thread.start()

    def notify(self) -> None:
        """A body arrived: wake the writer early once a batch's worth is waiting."""
        if self.spool.bytes >= self.batch_bytes:
            self._wake.set()

    def stop(self, timeout_s: float = 30.0) -> None:
        """Finish the current batch, write what is left if the store allows, and stop."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self._delay())
            self._wake.clear()
            self._drain_safely()
        while self.spool.files and self._drain_safely():  # on a clean stop, leave an empty spool if we can
            pass

    def _delay(self) -> float:
        if self._failures:
            return float(min(MAX_BACKOFF_S, self.interval_s * 2**self._failures))
        if self.spool.bytes >= self.batch_bytes:
            return 0.0  # a backlog (senders outran the writer): no pause between full batches
        return self.interval_s

    def _drain_safely(self) -> int:
        try:
            done = self.drain_once()
            self._failures = 0
            return done
        except WorkloadStoreError as exc:
            # The store is busy or down: the bodies stay in the spool and are retried with backoff.
            self._failures += 1
            self.counters.set(last_error=str(exc)[:300])
            log.warning("collector batch not written, will retry", extra={"error": str(exc)[:300]})
            return 0

    def drain_once(self) -> int:
        """Write one batch of the oldest bodies; returns how many bodies left the spool."""
        batch = self._take_batch()
        if not batch:
            return 0
        started = time.perf_counter()
        by_org: dict[str, list[SpooledBody]] = {}
        for body in batch:
            by_org.setdefault(body.org, []).append(body)
        written = 0
        for org, bodies in by_org.items():
            written += self._write_org(org, bodies)
        self.counters.add(batches=1)
        self.counters.set(
            last_batch_at=datetime.now(UTC).isoformat(timespec="seconds"),
            last_batch_spans=written,
            last_batch_ms=round((time.perf_counter() - started) * 1000, 1),
            last_error=None,
        )
        if self.on_batch:
            self.on_batch()
        return len(batch)

    def _take_batch(self) -> list[SpooledBody]:
        taken: list[SpooledBody] = []
        size = 0
        for body in self.spool.pending():
            if taken and size + body.size > self.batch_bytes:
                break
            taken.append(body)
            size += body.size
        return taken

    def _write_org(self, org: str, bodies: list[SpooledBody]) -> int:
        """Protobuf bodies through the engine's decoder, the rest (and what it refuses) as OTLP/JSON lines."""
        protobuf = [b for b in bodies if b.kind == KIND_PROTOBUF] if self.engine_decode else []
        rest = [b for b in bodies if b.kind != KIND_PROTOBUF] if protobuf else bodies
        written = 0
        if protobuf:
            try:
                written += self._write_protobuf(org, protobuf)
            except WorkloadStoreError:
                raise
            except (NetraError, ValueError) as exc:
                # The engine refused the file (a damaged body, say): nothing was written; the Python
                # path below reads the bodies one by one and sets aside only the bad ones.
                log.info("engine could not decode a batch, decoding it in Python", extra={"error": str(exc)[:300]})
                rest = [b for b in protobuf if b.path.exists()] + rest
        if rest:
            self.counters.add(bodies_fallback=len(rest))
            written += self._write_lines(org, rest)
        return written

    def _write_protobuf(self, org: str, bodies: list[SpooledBody]) -> int:
        """One file of the raw bodies, decoded by the engine; EngineDecodeError if it refuses them (nothing written)."""
        path = self.spool.batch_dir / f"{bodies[0].path.stem}.pb"
        readable: list[SpooledBody] = []
        try:
            with path.open("wb") as fh:  # one body in memory at a time
                for body in bodies:
                    try:
                        data = body.path.read_bytes()
                    except OSError as exc:
                        self._reject(body, str(exc))
                        continue
                    fh.write(length_prefix(len(data)))
                    fh.write(data)
                    readable.append(body)
            if not readable:
                return 0
            book = self.price_book_for(org) if self.price_book_for else None
            report = ingest_files(self.store, [path], org, fmt=ENGINE_FORMAT, skip_invalid=True, price_book=book)
            self._keep_rejects(path)
        finally:
            path.unlink(missing_ok=True)
            rejects_path_for(path).unlink(missing_ok=True)
        self.counters.add(bodies_engine_decoded=report.bodies_engine_decoded, bodies_fallback=report.bodies_fallback)
        return self._done(org, readable, report)

    def _write_lines(self, org: str, bodies: list[SpooledBody]) -> int:
        lines: list[str] = []
        readable: list[SpooledBody] = []
        for body in bodies:
            try:
                lines.append(body_to_line(body.kind, body.path.read_bytes()))
                readable.append(body)
            except (BodyError, OSError) as exc:
                self._reject(body, str(exc))
        if not readable:
            return 0
        try:
            return self._ingest(org, readable, lines)
        except WorkloadStoreError:
            raise
        except (NetraError, ValueError) as exc:
            # Not the store's fault: one of these bodies trips ingest. Write them one by one so only it is set aside.
            if len(readable) == 1:
                self._reject(readable[0], f"ingest refused it: {exc}")
                return 0
            return sum(self._write_lines(org, [body]) for body in readable)

    def _ingest(self, org: str, bodies: list[SpooledBody], lines: list[str]) -> int:
        path = self.spool.batch_dir / f"{bodies[0].path.stem}.jsonl"
        try:
            with path.open("w", encoding="utf-8") as fh:
                for line in lines:
                    fh.write(line)
                    fh.write("\n")
            book = self.price_book_for(org) if self.price_book_for else None
            report = ingest_files(self.store, [path], org, fmt="otlp", skip_invalid=True, price_book=book)
            self._keep_rejects(path)
        finally:
            path.unlink(missing_ok=True)
            rejects_path_for(path).unlink(missing_ok=True)
        return self._done(org, bodies, report)

    def _done(self, org: str, bodies: list[SpooledBody], report: IngestReport) -> int:
        """The store has these bodies' spans: take them off the spool and count."""
        self.spool.remove(bodies)
        self.counters.add(
            spans_written=report.rows_written,
            spans_duplicate=report.duplicates_skipped,
            spans_rejected=report.rows_rejected,
            spans_not_model_calls=report.non_model_spans_skipped,
            spans_kept_as_context=report.trace_spans_kept,
        )
        if report.rows_rejected:
            log.warning(
                "collector rejected spans",
                extra={"org": org, "rejected": report.rows_rejected, "first": str(report.errors[0])[:300]}
                if report.errors
                else {"org": org, "rejected": report.rows_rejected},
            )
        return report.rows_written

    def _keep_rejects(self, batch_path: Path) -> None:
        rejects = rejects_path_for(batch_path)
        if rejects.exists():
            shutil.move(str(rejects), self.spool.rejected_dir / rejects.name)

    def _reject(self, body: SpooledBody, reason: str) -> None:
        target = self.spool.reject(body, reason)
        self.counters.add(bodies_rejected=1)
        log.warning("collector body rejected", extra={"org": body.org, "file": target.name, "reason": reason[:300]})
