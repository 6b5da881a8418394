"""The workload store: one interface over the embedded chdb engine and a ClickHouse server.

Use it as `with store.session() as client:` and pass `client` to query functions. For the
embedded store a session holds the cross-process lock, so keep sessions short (one page's
queries, one ingest chunk); a server session is a shared HTTP client and takes no lock. Between
sessions the embedded engine stays open in the process until another process waits for the store
(workloads.lock explains why); `store.close()` closes it at once.
"""

from __future__ import annotations

import atexit
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import unquote, urlsplit

import clickhouse_connect
import pandas as pd
from clickhouse_connect.driver.client import Client
from clickhouse_connect.driver.exceptions import ClickHouseError

from netra_core.errors import ConfigError, StoreBusyError, WorkloadStoreError
from netra_core.logs import get_logger, redact
from netra_core.workloads.lock import StoreLock

log = get_logger("netra.store")
# Every read stops after this many seconds (ClickHouse's max_execution_time) with a clear error, so no dashboard,
# tool or notebook query can hold the store indefinitely. NETRA_STORE_QUERY_TIMEOUT_S changes it (config.py).
READ_TIMEOUT_S = float(os.environ.get("NETRA_STORE_QUERY_TIMEOUT_S", "300"))

# One lock object per store directory per process, so that every WorkloadStore built for the
# same directory (the app builds one per cache, tests build many) shares the same mutex.
_LOCKS: dict[Path, StoreLock] = {}
_LOCKS_GUARD = threading.Lock()


def _lock_for(path: Path) -> StoreLock:
    with _LOCKS_GUARD:
        if path not in _LOCKS:
            _LOCKS[path] = StoreLock(path.parent / f".{path.name}.lock")
            if len(_LOCKS) == 1:
                # Registered after the engine is loaded, so it runs before the engine's own exit handlers.
                atexit.register(release_embedded_sessions)
        return _LOCKS[path]


def _forget_sessions_after_fork() -> None:
    for lock in _LOCKS.values():
        lock.forget_after_fork()


# A process that forks (a collector's workers, a notebook's multiprocessing) first closes its idle engine; a child
# never uses the engine or the lock of its parent.
os.register_at_fork(before=lambda: release_embedded_sessions(), after_in_child=_forget_sessions_after_fork)


@contextmanager
def borrow_open_engine(timeout_s: float = 30.0) -> Iterator[Path | None]:
    """The directory of the embedded engine this process has open, kept open for the block; None when none is.

    chdb runs one engine per process, so a query of the process's own (the collector's protobuf decoder) goes
    through the open store engine rather than closing it for an engine of its own.
    """
    with _LOCKS_GUARD:
        held = [(path, lock) for path, lock in _LOCKS.items() if lock.is_held]
    if not held:
        yield None
        return
    path, lock = held[0]
    with lock.hold(timeout_s):
        yield path if lock.client is not None else None


def release_embedded_sessions(timeout_s: float = 0.0, keep: StoreLock | None = None) -> None:
    """Close this process's lingering embedded sessions (one engine per process: a new directory needs it)."""
    with _LOCKS_GUARD:
        locks = [lock for lock in _LOCKS.values() if lock is not keep and lock.is_held]
    for lock in locks:
        lock.release_idle(timeout_s)


@dataclass(frozen=True)
class StoreTarget:
    """Where the workload store lives, parsed from its URL."""

    kind: str  # "chdb" or "server"
    path: Path | None = None
    host: str = ""
    port: int = 8123
    username: str = "default"
    password: str = ""
    database: str = "default"
    secure: bool = False

    @classmethod
    def parse(cls, url: str) -> StoreTarget:
        """chdb:///abs/path or http(s)://user:password@host:port/database."""
        parts = urlsplit(url)
        if parts.scheme == "chdb":
            raw = unquote(parts.netloc + parts.path)
            if not raw:
                raise ConfigError("The embedded workload store URL needs a directory: chdb:///path/to/store")
            return cls(kind="chdb", path=Path(raw).resolve())
        if parts.scheme in {"http", "https"}:
            if not parts.hostname:
                raise ConfigError(f"Workload store URL {redact(url)} has no host")
            secure = parts.scheme == "https"
            return cls(
                kind="server",
                host=parts.hostname,
                port=parts.port or (8443 if secure else 8123),
                username=unquote(parts.username or "default"),
                password=unquote(parts.password or ""),
                database=(parts.path.strip("/") or "default"),
                secure=secure,
            )
        raise ConfigError(f"Unsupported workload store URL scheme {parts.scheme!r}: use chdb:///path or http(s)://")


class WorkloadStore:
    """Opens clients on the workload store; see the module docstring for the rules."""

    def __init__(self, url: str, *, lock_timeout_s: float = 30.0, recover_writes: bool = True) -> None:
        self.url = url
        self.target = StoreTarget.parse(url)
        self.lock_timeout_s = lock_timeout_s
        # Roll back a write a dead process left unfinished when a session opens (see workloads.recovery).
        self.recover_writes = recover_writes
        self._server_client: Client | None = None

    @property
    def write_markers(self) -> Path | None:
        """The embedded store's directory of unfinished-write markers (None for a server)."""
        if self.target.path is None:
            return None
        return self.target.path.parent / f".{self.target.path.name}.writes"

    @property
    def is_embedded(self) -> bool:
        """Whether this is the in-process chdb engine."""
        return self.target.kind == "chdb"

    def describe(self) -> str:
        """Where the store is, without secrets."""
        if self.is_embedded:
            return f"embedded chdb at {self.target.path}"
        return f"ClickHouse server {self.target.host}:{self.target.port}/{self.target.database}"

    @contextmanager
    def session(self, timeout_s: float | None = None) -> Iterator[Client]:
        """A client valid inside the `with` block; re-entrant within a thread."""
        timeout = self.lock_timeout_s if timeout_s is None else timeout_s
        if not self.is_embedded:
            yield self._get_server_client()
            return
        assert self.target.path is not None
        lock = _lock_for(self.target.path)
        with lock.hold(timeout) as is_outermost:
            if lock.client is None:
                release_embedded_sessions(timeout, keep=lock)
                lock.client = self._open_embedded(time.monotonic() + timeout, timeout)
            if is_outermost and self.recover_writes:
                self._recover(lock.client)
            yield lock.client

    def _recover(self, client: Client) -> None:
        # Imported here: recovery builds on this module's query helpers.
        from netra_core.workloads.recovery import recover_embedded

        assert self.write_markers is not None
        recover_embedded(client, self.write_markers)

    def _open_embedded(self, deadline: float, timeout: float) -> Client:
        assert self.target.path is not None
        # 0700: the events of every org are in here; other local users have no business reading them.
        self.target.path.mkdir(mode=0o700, parents=True, exist_ok=True)
        started = time.monotonic()
        while True:
            try:
                client = clickhouse_connect.get_client(dsn=f"chdb://{self.target.path}")
                log.debug("store session opened", extra={"ms": round((time.monotonic() - started) * 1000, 1)})
                return client
            except Exception as exc:
                # Our flock is held, so the holder is a process outside Netra (e.g. a raw chdb session).
                if time.monotonic() >= deadline:
                    raise StoreBusyError(
                        f"The workload store at {self.target.path} is locked by a process that does not use "
                        f"Netra's lock (waited {timeout:g}s): {exc}. Close any chdb session opened directly on "
                        "that directory."
                    ) from exc
                time.sleep(0.1)

    def _get_server_client(self) -> Client:
        if self._server_client is None:
            t = self.target
            try:
                self._server_client = clickhouse_connect.get_client(
                    host=t.host,
                    port=t.port,
                    username=t.username,
                    password=t.password,
                    database=t.database,
                    secure=t.secure,
                    connect_timeout=10,
                    send_receive_timeout=300,
                )
            except Exception as exc:
                raise WorkloadStoreError(f"Cannot reach the workload store ({self.describe()}): {exc}") from exc
        return self._server_client

    def close(self) -> None:
        """Close the server client, or the embedded session this process keeps open between uses."""
        if self.target.path is not None:
            _lock_for(self.target.path).release_idle(self.lock_timeout_s)
        if self._server_client is not None:
            self._server_client.close()
            self._server_client = None


def make_workload_store(url: str, lock_timeout_s: float = 30.0) -> WorkloadStore:
    """Build the store for a URL (settings.resolved_store_url)."""
    return WorkloadStore(url, lock_timeout_s=lock_timeout_s)


def raise_read_error(exc: ClickHouseError, max_seconds: float) -> NoReturn:
    """The store's error for a failed read: a stopped long query says so and what to do."""
    if "TIMEOUT_EXCEEDED" in str(exc):
        raise WorkloadStoreError(
            f"the query ran past its {max_seconds:g} s limit and was stopped: narrow the window, the filters "
            "or the grouping"
        ) from exc
    raise WorkloadStoreError(f"Workload query failed: {exc}") from exc


def query_df(
    client: Client, sql: str, parameters: dict[str, Any] | None = None, max_seconds: float | None = None
) -> pd.DataFrame:
    """Run a parameterised query ({name:Type} placeholders) and return a DataFrame (stopped after `max_seconds`,
    READ_TIMEOUT_S by default)."""
    limit = {"max_execution_time": max_seconds or READ_TIMEOUT_S}
    try:
        frame = client.query_df(sql, parameters=parameters or {}, settings=limit)
        if frame.empty and len(frame.columns) == 0:
            # An empty result comes back without column names; callers still index by column, so ask for them.
            described = client.query(f"DESCRIBE ({sql})", parameters=parameters or {}).result_rows
            frame = pd.DataFrame(columns=[row[0] for row in described])
        return frame
    except ClickHouseError as exc:
        raise_read_error(exc, limit["max_execution_time"])


def query_rows(
    client: Client, sql: str, parameters: dict[str, Any] | None = None, max_seconds: float | None = None
) -> list[tuple[Any, ...]]:
    """Run a parameterised query and return its rows (stopped after `max_seconds`, READ_TIMEOUT_S by default)."""
    limit = {"max_execution_time": max_seconds or READ_TIMEOUT_S}
    try:
        return [tuple(row) for row in client.query(sql, parameters=parameters or {}, settings=limit).result_rows]
    except ClickHouseError as exc:
        raise_read_error(exc, limit["max_execution_time"])
