"""`netra gateway` as a user runs it: a subprocess, the real openai SDK, a kill -9 mid-stream that loses no event,
and clear startup errors."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import openai
import pytest
from click.testing import CliRunner, Result

from netra_core.cli import main
from netra_core.config import get_settings
from netra_core.db.engine import make_session_factory
from netra_core.db.keys import save_api_key
from netra_core.db.orgs import save_org
from netra_core.stores import make_app_engine, make_store
from netra_core.workloads.store import query_rows
from tests.conftest import run_netra
from tests.gateway_upstream import ScriptedUpstream, run_upstream, stall_mid_stream

NETRA = str(Path(sys.executable).parent / "netra")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _upstreams_env(upstream: ScriptedUpstream) -> dict[str, str]:
    return {"NETRA_GATEWAY_UPSTREAMS": json.dumps({"openai": {"base_url": upstream.base_url, "api_key": "sk-up"}})}


def _start(port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    out = log.open("ab")
    args = [NETRA, "gateway", "--port", str(port), "--batch-interval", "0.2", "--status-interval", "1"]
    proc = subprocess.Popen(args, stdout=out, stderr=out, env={**os.environ, **env})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text()
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return proc
        time.sleep(0.05)
    proc.kill()
    raise AssertionError(f"gateway did not start:\n{log.read_text()}")


def _events(org: str = "acme") -> list[tuple[str, str, str]]:
    store = make_store(get_settings())
    with store.session() as c:
        rows = query_rows(
            c,
            "SELECT status, error_type, metadata['usage'] FROM workload_events FINAL "
            "WHERE org_id = {org:String} ORDER BY ts",
            {"org": org},
        )
    store.close()
    return [(str(a), str(b), str(c)) for a, b, c in rows]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[-1]
    except FileNotFoundError:
        return False
    return not state.startswith("Z")  # a zombie has exited


@pytest.fixture
def acme_key() -> str:
    assert run_netra("db", "upgrade").returncode == 0
    engine = make_app_engine(get_settings())
    with make_session_factory(engine).begin() as s:
        save_org(s, "acme")
        token = save_api_key(s, "acme", "support").token
    engine.dispose()
    return token


@pytest.fixture
def upstream() -> Iterator[ScriptedUpstream]:
    with run_upstream() as up:
        yield up


def test_kill_9_mid_stream_loses_no_event(tmp_path: Path, acme_key: str, upstream: ScriptedUpstream) -> None:
    port, env, log = _free_port(), _upstreams_env(upstream), tmp_path / "gateway.log"
    upstream.script("gpt-4o", stall_mid_stream(30, after=2))
    proc = _start(port, env, log)
    try:
        client = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key=acme_key, max_retries=0, timeout=10)
        stream = client.chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": "hi"}], stream=True
        )
        first = next(iter(stream))
        assert first.choices[0].delta.role == "assistant"  # the stream started: the gateway is mid-call
        writer_pid = json.loads((get_settings().data_dir / "gateway_status.json").read_text())["writer_pid"]
        assert writer_pid is not None and writer_pid != proc.pid  # the writer runs in a process of its own
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        stream.close()
        deadline = time.monotonic() + 30
        while _alive(writer_pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(writer_pid)  # a killed gateway's writer drains what was sealed and exits

        proc = _start(port, env, log)  # the restarted gateway records the interrupted call first
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not _events():
            time.sleep(0.2)
        assert _events() == [
            (
                "error",
                "gateway_interrupted",
                "unknown: the gateway stopped before the call finished, so tokens and cost are 0",
            )
        ], log.read_text()
        reply = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "again"}])
        assert reply.choices[0].message.content == "answer from gpt-4o"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)
    # A clean stop writes what was spooled before exiting.
    assert [e[0] for e in _events()] == ["error", "ok"], log.read_text()
    status = json.loads((get_settings().data_dir / "gateway_status.json").read_text())
    assert status["stopped"] and status["requests"] == 1 and status["ok"] == 1


def test_startup_errors_say_what_to_do(upstream: ScriptedUpstream, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()

    def gateway(port: int) -> Result:
        get_settings.cache_clear()
        return runner.invoke(main, ["gateway", "--port", str(port)])

    none = gateway(_free_port())
    assert none.exit_code != 0 and "no upstream provider is configured" in none.output

    for name, value in _upstreams_env(upstream).items():
        monkeypatch.setenv(name, value)
    unmigrated = gateway(_free_port())
    assert unmigrated.exit_code != 0 and "run `netra db upgrade`" in unmigrated.output

    assert run_netra("db", "upgrade").returncode == 0
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = gateway(busy.getsockname()[1])
    assert taken.exit_code != 0 and "pick another --port" in taken.output
    assert "sk-up" not in taken.output + unmigrated.output
