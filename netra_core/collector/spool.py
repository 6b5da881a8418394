"""The collector's durable on-disk spool: an accepted body is on disk before its 200 is sent.

Layout under the spool directory:
    <time_ns>-<seq>.<org>.<pb|json>   bodies waiting to be written to the store (oldest first)
    tmp/                              bodies being written (a crash leaves them here, never half in the queue)
    batch/                            OTLP/JSON files handed to ingest, removed after each batch
    rejected/                         bodies that could not be read after all, and rows ingest refused
    .lock                             held while a Spool is open: one collector per spool

Each body is written to tmp/, fsynced and renamed into place, and the directory is fsynced, so
after a crash a body is either whole in the queue or absent (and then its request got no 200).
"""

from __future__ import annotations

import fcntl
import itertools
import os
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from netra_core.data_dir import fsync_dir
from netra_core.errors import CollectorError


@dataclass(frozen=True)
class SpooledBody:
    """One accepted request body waiting in the spool."""

    path: Path
    org: str
    kind: str
    size: int

    @classmethod
    def from_path(cls, path: Path) -> SpooledBody | None:
        """Parse `<time>-<seq>.<org>.<kind>`; None for anything else."""
        parts = path.name.split(".")
        if len(parts) != 3 or not parts[1] or parts[2] not in {"pb", "json"}:
            return None
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            return None
        return cls(path=path, org=parts[1], kind=parts[2], size=size)


class Spool:
    """Bodies on disk, with a running byte count so admission is O(1)."""

    def __init__(self, directory: Path, max_bytes: int) -> None:
        self.directory = directory
        self.max_bytes = max_bytes
        self.tmp = directory / "tmp"
        self.batch_dir = directory / "batch"
        self.rejected_dir = directory / "rejected"
        for d in (directory, self.tmp, self.batch_dir, self.rejected_dir):
            d.mkdir(parents=True, exist_ok=True)
        self._guard = threading.Lock()
        self._seq = itertools.count()
        self._lock_fd: int | None = None
        self._acquire()  # before touching anything: tmp/ may hold another collector's in-flight writes
        # Left by a crash: never acknowledged, so never counted as accepted.
        for leftover in [*self.tmp.iterdir(), *self.batch_dir.iterdir()]:
            leftover.unlink(missing_ok=True)
        pending = self.pending()
        self.bytes = sum(b.size for b in pending)
        self.files = len(pending)

    def _acquire(self) -> None:
        """Take the spool for this object; a second collector on the same spool is refused."""
        fd = os.open(self.directory / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise CollectorError(
                f"another `netra collect` already uses the spool {self.directory}; stop it or pass --spool-dir"
            ) from None
        self._lock_fd = fd

    def release(self) -> None:
        """Let another collector take the spool (a dead process releases it too)."""
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    def has_room(self, size: int) -> bool:
        """Whether a body of `size` bytes fits under the limit (an empty spool takes any one body)."""
        with self._guard:
            return self.bytes == 0 or self.bytes + size <= self.max_bytes

    def write(self, org: str, kind: str, body: bytes) -> Path:
        """Store a body durably; when this returns, the request may be acknowledged."""
        name = f"{time.time_ns():020d}-{next(self._seq):09d}.{org}.{kind}"
        tmp_path = self.tmp / name
        fd = os.open(tmp_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            view = memoryview(body)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        final = self.directory / name
        os.rename(tmp_path, final)
        fsync_dir(self.directory)
        with self._guard:
            self.bytes += len(body)
            self.files += 1
        return final

    def pending(self) -> list[SpooledBody]:
        """Bodies waiting, oldest first (names start with the arrival time)."""
        found = []
        for entry in sorted(os.listdir(self.directory)):
            if entry[0].isdigit():
                body = SpooledBody.from_path(self.directory / entry)
                if body is not None:
                    found.append(body)
        return found

    def remove(self, bodies: list[SpooledBody]) -> None:
        """Forget bodies the store has accepted."""
        for body in bodies:
            body.path.unlink(missing_ok=True)
        fsync_dir(self.directory)
        self._forget(bodies)

    def reject(self, body: SpooledBody, reason: str) -> Path:
        """Move a body that cannot be read to rejected/, with a note of why beside it."""
        target = self.rejected_dir / body.path.name
        shutil.move(str(body.path), target)
        target.with_name(target.name + ".reason.txt").write_text(reason + "\n", encoding="utf-8")
        self._forget([body])
        return target

    def _forget(self, bodies: list[SpooledBody]) -> None:
        with self._guard:
            self.bytes = max(0, self.bytes - sum(b.size for b in bodies))
            self.files = max(0, self.files - len(bodies))
