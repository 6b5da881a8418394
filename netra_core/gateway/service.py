"""`netra gateway` put together: the proxy app, the event spool and its writer, counters in the log and a status file.

The writer runs in a child process by default (gateway/writer_process.py), the gateway sealing its spool's
segments every `batch_interval_s` for it; `writer="inline"` keeps it a thread of this process.
"""

from __future__ import annotations

import gc
import os
import signal
import socket
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from netra_core.catalog.pricing import PriceBook
from netra_core.collector.status import save_status
from netra_core.config import Settings
from netra_core.db.engine import make_session_factory
from netra_core.db.keys import ApiKeyPublic, fetch_live_api_key
from netra_core.db.migrate import fetch_app_db_revision, head_revision
from netra_core.db.policies import PolicyVersionInfo, fetch_active_policy
from netra_core.db.prices import fetch_org_price_book_or_builtin
from netra_core.errors import GatewayError, NotFoundError
from netra_core.gateway.auth import KeyCache
from netra_core.gateway.client import UpstreamClient
from netra_core.gateway.hooks import BudgetGuard, NoBudgetGuard
from netra_core.gateway.proxy import GatewayCore, GatewayLimits
from netra_core.gateway.routing import PolicyCache
from netra_core.gateway.server import make_gateway_app
from netra_core.gateway.spool import EventSpool
from netra_core.gateway.upstreams import make_upstreams
from netra_core.gateway.writer import EventWriter
from netra_core.gateway.writer_process import WriterConfig, WriterProcess, read_status
from netra_core.listen import bind_listening_socket
from netra_core.logs import get_logger
from netra_core.stores import make_app_engine, make_store
from netra_core.workloads.migrations import pending_versions
from netra_core.workloads.store import WorkloadStore

if TYPE_CHECKING:
    from netra_core.optimizer.policy import LearnedRouterRef
    from netra_core.routing.router import LearnedRouter

log = get_logger("netra.gateway")
STATUS_FILE = "gateway_status.json"


@dataclass(frozen=True)
class GatewayOptions:
    """What `netra gateway` was started with."""

    host: str = "127.0.0.1"
    port: int = 4000
    spool_dir: Path | None = None
    batch_interval_s: float = 1.0
    status_interval_s: float = 10.0
    writer: Literal["process", "inline"] = "process"


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening socket, or GatewayError saying the port is taken."""
    return bind_listening_socket(host, port, GatewayError)


class Gateway:
    """Everything one running gateway holds; `serve` blocks until SIGINT/SIGTERM."""

    def __init__(
        self,
        settings: Settings,
        options: GatewayOptions,
        *,
        guard: BudgetGuard | None = None,
        store: WorkloadStore | None = None,
    ) -> None:
        self.settings = settings
        self.options = options
        self.upstreams = make_upstreams(settings)
        if not self.upstreams.by_provider:
            raise GatewayError(
                "no upstream provider is configured: set OPENAI_API_KEY / ANTHROPIC_API_KEY, "
                "NETRA_UPSTREAM_OPENAI_BASE_URL, or NETRA_GATEWAY_UPSTREAMS (see the README)"
            )
        self.endpoint = f"http://{options.host}:{options.port}/v1"
        self._engine = make_app_engine(settings)
        self._sessions = make_session_factory(self._engine)
        self.store = store or make_store(settings)
        self.spool = EventSpool(options.spool_dir or settings.data_dir / "gateway_spool")
        # The in-process writer: the writer itself with `writer="inline"` (and in tests, which flush it directly);
        # with a writer process, only the last drain at stop if that process failed.
        self.writer = EventWriter(
            self.spool, self.store, interval_s=options.batch_interval_s, price_book_for=self.fetch_price_book
        )
        self.writer_process: WriterProcess | None = None
        if options.writer == "process":
            self.writer_process = WriterProcess(
                WriterConfig(
                    spool_dir=str(self.spool.directory),
                    store_url=self.store.url,
                    database_url=settings.resolved_database_url,
                    interval_s=options.batch_interval_s,
                    orphaned=[p.name for p in self.spool.orphaned],
                    lock_timeout_s=self.store.lock_timeout_s,
                    query_timeout_s=settings.store_query_timeout_s,
                    log_level=settings.log_level,
                    log_json=settings.log_json,
                )
            )
        limits = GatewayLimits(
            max_attempts=settings.gateway_max_attempts,
            deadline_s=settings.gateway_deadline_s,
            attempt_timeout_s=settings.gateway_attempt_timeout_s,
            default_max_tokens=settings.gateway_default_max_tokens,
            max_shadows=settings.gateway_max_shadows,
        )
        self.client = UpstreamClient(
            connect_s=min(10.0, limits.attempt_timeout_s), read_s=limits.attempt_timeout_s, max_connections=1000
        )
        # Unless a guard is given: the budgets of every org, enforced in memory, alerts off the request path.
        from netra_core.gateway.alerts import AlertMonitor
        from netra_core.gateway.budgets import BudgetGuard as Budgets

        self.budgets: Budgets | None = None
        if guard is None:
            self.budgets = Budgets(
                self._sessions.begin, self.store, monitor=AlertMonitor(self._sessions.begin, self.store)
            )
        self.core = GatewayCore(
            upstreams=self.upstreams,
            keys=KeyCache(self.fetch_key, settings.gateway_key_cache_s),
            policies=PolicyCache(self.fetch_policy, settings.gateway_policy_reload_s, self.load_router),
            fetch_price_book=self.fetch_price_book,
            spool=self.spool,
            guard=guard or self.budgets or NoBudgetGuard(),
            limits=limits,
            client=self.client,
        )
        self.app = make_gateway_app(self.core)
        self._stop = threading.Event()
        self._sealer: threading.Thread | None = None

    def fetch_key(self, token: str) -> ApiKeyPublic | None:
        """The live key behind a token (its last-used time is refreshed, so this commits)."""
        with self._sessions.begin() as session:
            return fetch_live_api_key(session, token)

    def fetch_policy(self, org: str) -> PolicyVersionInfo | None:
        """The org's active policy version (an org the app database does not know has none)."""
        with self._sessions() as session:
            try:
                return fetch_active_policy(session, org)
            except NotFoundError:
                return None

    def load_router(self, ref: LearnedRouterRef) -> LearnedRouter:
        """A version's learned router, from the data dir (imported here: most gateways never load one)."""
        from netra_core.routing.artifacts import load_router

        return load_router(self.settings.data_dir, ref)

    def fetch_price_book(self, org: str) -> PriceBook:
        """The org's price book (the built-in one when the app database cannot give it)."""
        return fetch_org_price_book_or_builtin(self._engine, org)

    def check_stores(self) -> None:
        """GatewayError unless both stores are migrated."""
        current, head = fetch_app_db_revision(self._engine), head_revision(self._engine)
        if current != head:
            raise GatewayError(
                f"the app database is at revision {current}, the gateway needs {head}: run `netra db upgrade`"
            )
        with self.store.session() as client:
            pending = pending_versions(client)
        if pending:
            raise GatewayError(f"the workload store lacks migrations {pending}: run `netra db upgrade`")

    def status(self, *, stopped: bool = False) -> dict[str, Any]:
        """Counters, spool depth and where the gateway listens."""
        counters = asdict(self.core.counters)
        counters.pop("extra", None)
        return {
            "pid": os.getpid(),
            "endpoint": self.endpoint,
            "upstreams": self.upstreams.describe(),
            "spool_dir": str(self.spool.directory),
            "in_flight": self.spool.in_flight,
            "stopped": stopped,
            **counters,
            **asdict(self.writer.counters if self.writer_process is None else read_status(self.spool.directory)),
            "writer": self.options.writer,
            "writer_pid": self.writer_process.pid if self.writer_process is not None else None,
            "shadows": asdict(self.core.shadows.counters),
        }

    def write_status(self, *, stopped: bool = False) -> None:
        """Refresh the status file beside the data."""
        save_status(self.settings.data_dir / STATUS_FILE, self.status(stopped=stopped))

    def _report_periodically(self) -> None:
        while not self._stop.wait(self.options.status_interval_s):
            snap = self.status()
            log.info(
                "gateway counters",
                extra={
                    k: snap[k]
                    for k in (
                        "requests",
                        "ok",
                        "failed",
                        "refused_budget",
                        "fallbacks",
                        "in_flight",
                        "events_written",
                        "last_error",
                    )
                },
            )
            self.write_status()

    def _seal_periodically(self) -> None:
        """With a writer process: seal the active segment every batch interval, and restart the writer if it died."""
        assert self.writer_process is not None
        while not self._stop.wait(self.options.batch_interval_s):
            try:
                self.spool.rotate()
                self.writer_process.ensure_running()
            except Exception:
                log.exception("sealing the event spool failed, will retry")

    def start_background(self) -> None:
        """Start the writer (which first records calls a previous gateway left unfinished) and the status reporter."""
        if self.spool.orphaned:
            log.info("resuming the event spool", extra={"segments": len(self.spool.orphaned)})
        if self.budgets is not None:
            self.budgets.start()  # loads every budget and its spend so far; fails loudly if it cannot
        if self.writer_process is not None:
            self.writer_process.start()
            self._sealer = threading.Thread(target=self._seal_periodically, name="netra-gateway-sealer", daemon=True)
            self._sealer.start()
        else:
            self.writer.start()
        threading.Thread(target=self._report_periodically, name="netra-gateway-status", daemon=True).start()

    def close(self) -> None:
        """Write what is spooled (if the store allows) and release everything."""
        self._stop.set()
        if self.budgets is not None:
            self.budgets.stop()
        if self.writer_process is not None:
            if self._sealer is not None:
                self._sealer.join(30)
            self.spool.rotate()  # everything recorded so far, sealed for the writer process's last drain
            code = self.writer_process.stop()
            if code != 0:  # it died or hung: drain here instead
                log.warning("gateway writer process failed at stop, writing here", extra={"code": code})
                self.spool.orphaned = [p for p in self.spool.orphaned if p.exists()]
                self.writer._drain_safely()
        else:
            self.writer.stop()
        self.spool.close()
        self._engine.dispose()

    def serve(self) -> None:
        """Run until stopped; on a clean stop the writer empties the spool first."""
        import uvicorn

        class _GracefulServer(uvicorn.Server):
            """uvicorn re-raises SIGTERM after its shutdown, which would kill us before the spool is drained."""

            def handle_exit(self, sig: int, frame: object) -> None:
                if self.should_exit and sig == signal.SIGINT:
                    self.force_exit = True
                self.should_exit = True

        try:
            self.check_stores()
            sock = bind_socket(self.options.host, self.options.port)
        except Exception:
            self.close()
            raise
        try:
            self.start_background()
            self.write_status()
            log.info(
                "gateway listening",
                extra={
                    "endpoint": self.endpoint,
                    "upstreams": self.upstreams.describe(),
                    "spool": str(self.spool.directory),
                },
            )
            # "auto": uvloop and httptools when installed (requirements.txt has them), else asyncio and h11.
            config = uvicorn.Config(
                self.app,
                log_level="warning",
                access_log=False,
                lifespan="on",
                timeout_keep_alive=30,
                loop="auto",
                http="auto",
            )
            # Everything loaded so far (modules, settings, caches) lives as long as the process: out of the cyclic
            # collector's sight, a full collection scans only what serving creates. Measured while serving at
            # concurrency 1 (load average ~7): a full collection took 178 ms (105 ms of CPU) on the event loop's
            # thread, every call waiting; 7 ms with the startup objects frozen.
            gc.collect()
            gc.freeze()
            _GracefulServer(config).run(sockets=[sock])
        finally:
            sock.close()
            self.close()
            self.write_status(stopped=True)
            log.info("gateway stopped", extra={"in_flight": self.spool.in_flight})
