"""A cross-process lock around the embedded store, and who holds it.

chdb locks its data directory for as long as one process has a session open, and a second
process gets only a vague "Error initializing EmbeddedServer". So every Netra process takes
this OS file lock (flock) around a short-lived session, and writes who it is beside the lock,
so a process that waits too long can say which process holds the store.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from netra_core.errors import StoreBusyError

_POLL_S = 0.005
# A process that just released the store steps aside this long when others are waiting, so a
# busy app cannot starve a notebook or a report (flock itself has no queue).
_YIELD_S = 0.25


@dataclass(frozen=True)
class LockHolder:
    """The process that holds (or last held) the store."""

    pid: int
    command: str
    since: str

    def is_alive(self) -> bool:
        """Whether that process still exists."""
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def _holder_path(lock_path: Path) -> Path:
    return lock_path.with_name(lock_path.name + ".holder")


def fetch_lock_holder(lock_path: Path) -> LockHolder | None:
    """Read the holder record written beside the lock, if any."""
    try:
        data = json.loads(_holder_path(lock_path).read_text())
        return LockHolder(pid=int(data["pid"]), command=str(data["command"]), since=str(data["since"]))
    except (OSError, ValueError, KeyError):
        return None


class StoreLock:
    """Re-entrant in a process (threads queue on a mutex), exclusive across processes (flock)."""

    def __init__(self, lock_path: Path) -> None:
        self.lock_path = lock_path
        self._mutex = threading.RLock()
        self._depth = 0
        self._fd: int | None = None
        self._released_at = float("-inf")
        # The open engine client while the lock is held (shared by nested sessions of this process).
        self.client: Any = None

    @contextmanager
    def hold(self, timeout_s: float) -> Iterator[bool]:
        """Hold the lock; yields True for the outermost holder (who must open the session)."""
        deadline = time.monotonic() + timeout_s
        if not self._mutex.acquire(timeout=timeout_s):
            raise self._busy_error(timeout_s, other_thread=True)
        try:
            if self._depth == 0:
                self._acquire_file(deadline, timeout_s)
            self._depth += 1
            try:
                yield self._depth == 1
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self._release_file()
        finally:
            self._mutex.release()

    def _acquire_file(self, deadline: float, timeout_s: float) -> None:
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        waiting = self.lock_path.with_name(f"{self.lock_path.name}.wait.{os.getpid()}")
        try:
            while True:
                if not self._should_step_aside():
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if not waiting.exists():
                            waiting.touch()
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise self._busy_error(timeout_s) from None
                time.sleep(_POLL_S)
        finally:
            waiting.unlink(missing_ok=True)
        self._fd = fd
        record = {
            "pid": os.getpid(),
            "command": " ".join(sys.argv)[:300] or sys.executable,
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        _holder_path(self.lock_path).write_text(json.dumps(record))

    def _release_file(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
            self._released_at = time.monotonic()

    def _should_step_aside(self) -> bool:
        """Just released and another live process is waiting: let it go first."""
        if time.monotonic() - self._released_at > _YIELD_S:
            return False
        me = os.getpid()
        for path in self.lock_path.parent.glob(f"{self.lock_path.name}.wait.*"):
            try:
                pid = int(path.suffix.lstrip("."))
            except ValueError:
                continue
            if pid == me:
                continue
            if LockHolder(pid=pid, command="", since="").is_alive():
                return True
            path.unlink(missing_ok=True)  # left by a process that died while waiting
        return False

    def _busy_error(self, timeout_s: float, other_thread: bool = False) -> StoreBusyError:
        store = self.lock_path.parent
        if other_thread:
            return StoreBusyError(
                f"The workload store at {store} stayed busy in this process for {timeout_s:g}s "
                "(another thread held it). Retry; if it persists, raise NETRA_STORE_LOCK_TIMEOUT_S.",
                holder_pid=os.getpid(),
            )
        holder = fetch_lock_holder(self.lock_path)
        if holder is None:
            who = "another process"
            pid = None
        else:
            state = "running" if holder.is_alive() else "no longer running"
            who = f"process {holder.pid} ({holder.command}, {state}, holding since {holder.since})"
            pid = holder.pid
        return StoreBusyError(
            f"The workload store at {store} is held by {who}; waited {timeout_s:g}s. "
            "Netra processes share the embedded store in short turns, so a long hold means a long query or a "
            "stuck process: wait for it, stop it, raise NETRA_STORE_LOCK_TIMEOUT_S, or move to a ClickHouse "
            "server (NETRA_WORKLOAD_STORE_URL=http://...).",
            holder_pid=pid,
        )
