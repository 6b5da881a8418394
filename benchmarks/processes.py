"""The servers a benchmark or a test runs against, each its own process: a free port, up before use, always stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def base_env() -> dict[str, str]:
    """This environment less Netra's, LiteLLM's and OpenAI's variables, with this tree importable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NETRA_", "LITELLM_", "OPENAI_"))}
    env["PYTHONPATH"] = str(ROOT)
    return env


def wait_until_up(url: str, proc: subprocess.Popen[bytes], log: Path, timeout_s: float = 180) -> None:
    """Return once `url` answers (any HTTP status); RuntimeError with the log's tail if the process exits first."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args!r} exited: {log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up in {timeout_s} s: {log.read_text()[-3000:]}")


@contextmanager
def run_process(
    cmd: list[str], env: dict[str, str], log: Path, health_url: str, cwd: Path = ROOT, timeout_s: float = 180
) -> Iterator[subprocess.Popen[bytes]]:
    """Start `cmd` (output to `log`), wait until `health_url` answers, and stop it and its children afterwards,
    however the block ends."""
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=out, start_new_session=True)
    try:
        wait_until_up(health_url, proc, log, timeout_s)
        yield proc
    finally:
        _stop(proc)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    # The process leads its own session: signal the group, so workers it started stop too.
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
