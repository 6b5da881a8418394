"""`netra collect` put together: receiver, spool, writer thread, counters in the log and the status file."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from netra_core.catalog.pricing import PriceBook
from netra_core.collector.server import ReceiverLimits, make_receiver_app
from netra_core.collector.spool import Spool
from netra_core.collector.status import CollectorCounters, save_status, status_path
from netra_core.collector.writer import SpoolWriter
from netra_core.config import Settings
from netra_core.db.engine import make_session_factory
from netra_core.db.keys import authenticate_api_key
from netra_core.db.migrate import fetch_app_db_revision, head_revision
from netra_core.db.prices import fetch_org_price_book_or_builtin
from netra_core.errors import CollectorError
from netra_core.listen import bind_listening_socket
from netra_core.logs import get_logger
from netra_core.stores import make_app_engine, make_store
from netra_core.workloads.migrations import pending_versions

log = get_logger("netra.collect")
PRICE_BOOK_TTL_S = 60.0


@dataclass(frozen=True)
class CollectorOptions:
    """What `netra collect` was started with."""

    host: str = "127.0.0.1"
    port: int = 4318
    spool_dir: Path | None = None
    max_spool_mb: float = 512.0
    max_body_mb: float = 32.0
    batch_interval_s: float = 1.0
    batch_mb: float = 64.0  # measured: 64 MB batches wrote 1.5x the spans/s of 16 MB ones (benchmarks/README)
    status_interval_s: float = 10.0


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket, or CollectorError saying the port is taken."""
    return bind_listening_socket(host, port, CollectorError)


def _check_stores(settings: Settings) -> None:
    engine = make_app_engine(settings)
    try:
        current, head = fetch_app_db_revision(engine), head_revision(engine)
    finally:
        engine.dispose()
    if current != head:
        raise CollectorError(
            f"the app database is at revision {current}, the collector needs {head}: run `netra db upgrade`"
        )
    store = make_store(settings)
    with store.session() as client:
        pending = pending_versions(client)
    if pending:
        raise CollectorError(f"the workload store lacks migrations {pending}: run `netra db upgrade`")


class Collector:
    """Everything one running collector holds; `serve` blocks until SIGINT/SIGTERM."""

    def __init__(self, settings: Settings, options: CollectorOptions) -> None:
        self.settings = settings
        self.options = options
        self.counters = CollectorCounters()
        self.spool = Spool(options.spool_dir or settings.data_dir / "spool", int(options.max_spool_mb * 1024 * 1024))
        self.status_file = status_path(settings.data_dir)
        self.endpoint = f"http://{options.host}:{options.port}/v1/traces"
        self._engine = make_app_engine(settings)
        self._sessions = make_session_factory(self._engine)
        self.writer = SpoolWriter(
            self.spool,
            make_store(settings),
            self.counters,
            interval_s=options.batch_interval_s,
            batch_bytes=int(options.batch_mb * 1024 * 1024),
            on_batch=self.write_status,
            price_book_for=self.price_book,
        )
        self._books: dict[str, tuple[float, PriceBook]] = {}
        self._status_stop = threading.Event()

    def price_book(self, org: str) -> PriceBook:
        """The org's price book, as every ingest prices with it; read again after PRICE_BOOK_TTL_S (a price change applies then)."""
        now = time.monotonic()
        cached = self._books.get(org)
        if cached is None or now - cached[0] > PRICE_BOOK_TTL_S:
            cached = (now, fetch_org_price_book_or_builtin(self._engine, org))
            self._books[org] = cached
        return cached[1]

    def authenticate(self, token: str) -> str | None:
        """The org of a live ingest key."""
        with self._sessions.begin() as session:
            return authenticate_api_key(session, token)

    def status(self, *, stopped: bool = False) -> dict[str, object]:
        """Counters plus where the collector is and how deep its spool is."""
        return {
            "pid": os.getpid(),
            "endpoint": self.endpoint,
            "spool_dir": str(self.spool.directory),
            "spool_files": self.spool.files,
            "spool_bytes": self.spool.bytes,
            "max_spool_bytes": self.spool.max_bytes,
            "stopped": stopped,
            **self.counters.snapshot(),
        }

    def write_status(self, *, stopped: bool = False) -> None:
        """Refresh the status file `netra doctor` and the Data page read."""
        save_status(self.status_file, self.status(stopped=stopped))

    def _report_periodically(self) -> None:
        while not self._status_stop.wait(self.options.status_interval_s):
            snap = self.status()
            log.info(
                "collector counters",
                extra={
                    k: snap[k]
                    for k in (
                        "spans_received",
                        "spans_written",
                        "spans_rejected",
                        "bodies_rejected",
                        "bodies_engine_decoded",
                        "bodies_fallback",
                        "spool_files",
                        "spool_bytes",
                        "last_batch_at",
                        "refused_spool_full",
                    )
                },
            )
            self.write_status()

    def serve(self) -> None:
        """Run until stopped; on a clean stop the writer empties the spool first."""
        import uvicorn

        class _GracefulServer(uvicorn.Server):
            """uvicorn re-raises SIGTERM after its shutdown, which would kill us before the spool is drained."""

            def handle_exit(self, sig: int, frame: object) -> None:
                if self.should_exit and sig == signal.SIGINT:
                    self.force_exit = True
                self.should_exit = True

        _check_stores(self.settings)
        sock = _bind(self.options.host, self.options.port)
        try:
            app = make_receiver_app(
                self.spool,
                self.counters,
                self.authenticate,
                on_spooled=self.writer.notify,
                limits=ReceiverLimits(max_body_bytes=int(self.options.max_body_mb * 1024 * 1024)),
            )
            if self.spool.files:
                log.info("resuming spool", extra={"files": self.spool.files, "bytes": self.spool.bytes})
            self.writer.start()
            self.write_status()
            reporter = threading.Thread(target=self._report_periodically, name="netra-collect-status", daemon=True)
            reporter.start()
            log.info("collector listening", extra={"endpoint": self.endpoint, "spool": str(self.spool.directory)})
            config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", timeout_keep_alive=30)
            _GracefulServer(config).run(sockets=[sock])
        finally:
            self._status_stop.set()
            self.writer.stop()
            self.write_status(stopped=True)
            sock.close()
            self.spool.release()
            self._engine.dispose()
            log.info("collector stopped", extra={"spool_files": self.spool.files})
