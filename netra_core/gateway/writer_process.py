"""The gateway's writer in a process of its own, started and stopped with the gateway.

A flush of the spool into the store costs ~100-150 ms of CPU (the store's dedup query, insert and
roll-up views), once a second; in the gateway's process that time holds the GIL the event loop needs,
so requests arriving meanwhile wait. Here the gateway seals its segments on a timer and this process
ingests the sealed ones (`SealedSegments`), so the flush runs on the other core.

The gateway sends one JSON line on the child's stdin (where the stores are, the interval, the segments
a dead gateway left) and keeps the pipe open: its end (the gateway stopping, or killed) tells the
writer to drain what is sealed and exit. SIGINT and SIGTERM are ignored here (a terminal's Ctrl-C
reaches the whole process group; the gateway's own stop decides when the last drain happens). Nothing
is lost if this process is killed: a segment is removed only after the store took its events, a killed
writer's batch files are cleared by the next one, and the gateway starts a new writer if this one dies.
Two writers never run on one spool at once (`.writer.lock`); counters go to `writer_status.json`.
The writer runs at a lower priority (`WRITER_NICENESS`): a separate process takes the flush off the GIL,
but on a busy machine it still competes for the cores with the gateway's loop; niced, it waits instead.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from netra_core.collector.status import save_status
from netra_core.gateway.spool import SealedSegments
from netra_core.gateway.writer import EventWriter, WriterCounters
from netra_core.logs import get_logger

log = get_logger("netra.gateway")
STATUS_FILE = "writer_status.json"
LOCK_FILE = ".writer.lock"
WRITER_NICENESS = 10  # added to the gateway's: the scheduler then gives the writer ~1/10 of a contended core


@dataclass(frozen=True)
class WriterConfig:
    """What the gateway tells its writer process (sent on the pipe: a database URL may hold a password)."""

    spool_dir: str
    store_url: str
    database_url: str
    interval_s: float
    orphaned: list[str]
    lock_timeout_s: float = 30.0
    query_timeout_s: float = 60.0
    log_level: str = "INFO"
    log_json: bool = False


class WriterProcess:
    """The gateway's side: start the child, restart it if it died, and stop it after a last drain."""

    def __init__(self, config: WriterConfig) -> None:
        self.config = config
        self._proc: subprocess.Popen[bytes] | None = None
        self.restarts = 0

    def start(self) -> None:
        """Start the child (it waits for a previous writer of the same spool to finish first)."""
        live = [name for name in self.config.orphaned if (Path(self.config.spool_dir) / name).exists()]
        config = {**asdict(self.config), "orphaned": live}
        # close_fds (the default): the child must not inherit the spool's flock or the listening socket.
        proc = subprocess.Popen(
            [sys.executable, "-m", "netra_core.gateway.writer_process"], stdin=subprocess.PIPE, close_fds=True
        )
        stdin: IO[bytes] | None = proc.stdin
        assert stdin is not None
        stdin.write(json.dumps(config).encode() + b"\n")
        stdin.flush()
        self._proc = proc

    @property
    def pid(self) -> int | None:
        """The child's pid while one was started."""
        return self._proc.pid if self._proc is not None else None

    def ensure_running(self) -> None:
        """Start a new writer if the last one died (its segments are still on disk: the new one resumes)."""
        if self._proc is not None and self._proc.poll() is not None:
            log.warning("gateway writer process exited, starting another", extra={"code": self._proc.returncode})
            self.restarts += 1
            self.start()

    def stop(self, timeout_s: float = 60.0) -> int | None:
        """Close the pipe (the child drains what is sealed and exits) and wait; its exit code, None if it hung."""
        proc, self._proc = self._proc, None
        if proc is None:
            return 0
        if proc.stdin is not None:
            with contextlib.suppress(BrokenPipeError):
                proc.stdin.close()
        try:
            return proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            return None


def read_status(spool_dir: Path) -> WriterCounters:
    """The writer process's counters as it last saved them (zeros before its first batch)."""
    try:
        raw = json.loads((spool_dir / STATUS_FILE).read_text())
    except (OSError, ValueError):
        return WriterCounters()
    fields = WriterCounters.__dataclass_fields__
    return WriterCounters(**{k: v for k, v in raw.items() if k in fields})


def run(config: WriterConfig, stdin: IO[bytes]) -> None:
    """Drain the spool every interval until `stdin` ends, then drain once more."""
    from netra_core.db.engine import make_engine
    from netra_core.db.prices import fetch_org_price_book_or_builtin
    from netra_core.workloads import store as store_module
    from netra_core.workloads.store import WorkloadStore

    directory = Path(config.spool_dir)
    lock_fd = os.open(directory / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(lock_fd, fcntl.LOCK_EX)  # a previous gateway's writer may still be draining: after it
    store_module.READ_TIMEOUT_S = config.query_timeout_s
    store = WorkloadStore(config.store_url, lock_timeout_s=config.lock_timeout_s)
    engine = make_engine(config.database_url)
    status_path = directory / STATUS_FILE

    def saved(counters: WriterCounters) -> None:
        save_status(status_path, {"pid": os.getpid(), **asdict(counters)})

    writer = EventWriter(
        SealedSegments(directory, [directory / name for name in config.orphaned]),
        store,
        interval_s=config.interval_s,
        price_book_for=lambda org: fetch_org_price_book_or_builtin(engine, org),
        on_batch=saved,
    )
    saved(writer.counters)  # zeros: a previous writer's counters are not this one's
    if writer.spool.orphaned:
        log.info("resuming the event spool", extra={"segments": len(writer.spool.orphaned)})
    writer.start()
    try:
        while stdin.read(4096):  # nothing more is sent: the pipe's end is the signal
            pass
    finally:
        writer.stop()
        saved(writer.counters)
        store.close()
        engine.dispose()
        os.close(lock_fd)


def main() -> None:
    """The child's entry point: `python -m netra_core.gateway.writer_process`, its config on stdin."""
    from netra_core.logs import configure_logging

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    # A background batch job: on cores shared with the gateway's loop (and the upstream), the loop goes first.
    os.nice(WRITER_NICENESS)
    raw: dict[str, Any] = json.loads(sys.stdin.buffer.readline())
    config = WriterConfig(**raw)
    configure_logging(config.log_level, as_json=config.log_json)
    run(config, sys.stdin.buffer)


if __name__ == "__main__":
    main()
