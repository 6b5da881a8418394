"""Shared fixtures: real SQLite files, a real throwaway PostgreSQL database, real chdb stores."""

from __future__ import annotations

import ipaddress
import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from netra_core.config import Settings, get_settings
from netra_core.db.engine import make_engine
from netra_core.db.migrate import upgrade_app_db
from netra_core.workloads.migrations import upgrade_store
from netra_core.workloads.store import WorkloadStore
from tests import otel_spans

PG_ADMIN_URL = os.environ.get("NETRA_TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
IS_CI = os.environ.get("CI", "").lower() == "true"


def make_test_settings(data_dir: Path, **overrides: Any) -> Settings:
    """Settings for a test: everything under its own data dir, nothing from the environment's .env."""
    values: dict[str, Any] = {"data_dir": data_dir, "env": "test", "store_lock_timeout_s": 20.0}
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def _is_loopback(address: object) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(str(host)).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def _network_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reaches beyond this machine: a socket to anything but loopback fails the test."""
    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address: object) -> object:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            raise AssertionError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test reads the developer's NETRA_* variables or .env; each gets its own data dir."""
    for key in list(os.environ):
        if key.startswith("NETRA_") and not key.startswith("NETRA_TEST_"):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("NETRA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NETRA_ENV", "test")
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_test_settings(tmp_path / "data")


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    upgrade_app_db(engine)
    yield engine
    engine.dispose()


def _pg_reachable() -> str | None:
    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:
        return str(exc).splitlines()[0]


def _require_pg() -> None:
    reason = _pg_reachable()
    if reason is not None:
        if IS_CI:
            pytest.fail(f"PostgreSQL must be reachable in CI ({PG_ADMIN_URL}): {reason}")
        pytest.skip(f"no PostgreSQL at {PG_ADMIN_URL}: {reason}")


@contextmanager
def throwaway_pg_database() -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped afterwards."""
    name = f"netra_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """The session's shared, migrated PostgreSQL database (tests roll back their writes)."""
    _require_pg()
    with throwaway_pg_database() as url:
        yield url


@pytest.fixture
def fresh_pg_url() -> Iterator[str]:
    """An empty PostgreSQL database of the test's own (for migration tests that drop everything)."""
    _require_pg()
    with throwaway_pg_database() as url:
        yield url


@pytest.fixture(scope="session")
def pg_engine(pg_url: str) -> Iterator[Engine]:
    engine = make_engine(pg_url)
    upgrade_app_db(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_session(pg_engine: Engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back: tests never see each other's rows."""
    with pg_engine.connect() as conn:
        trans = conn.begin()
        session = Session(bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False)
        yield session
        session.close()
        trans.rollback()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_session(request: pytest.FixtureRequest, sqlite_engine: Engine) -> Iterator[Session]:
    """The same test on both app databases."""
    if request.param == "sqlite":
        with Session(sqlite_engine, expire_on_commit=False) as session:
            yield session
    else:
        yield request.getfixturevalue("pg_session")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[WorkloadStore]:
    """A migrated embedded store of the test's own."""
    st = WorkloadStore(f"chdb://{tmp_path / 'workloads'}", lock_timeout_s=20)
    with st.session() as client:
        upgrade_store(client)
    yield st


def run_netra(
    *args: str, env: dict[str, str] | None = None, input_text: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run the installed `netra` command in a subprocess, as a user would."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [str(Path(sys.executable).parent / "netra"), *args],
        capture_output=True,
        text=True,
        env=full_env,
        input=input_text,
        timeout=timeout,
        check=False,
    )


_ROOT = Path(__file__).resolve().parents[1]


# Real OpenTelemetry GenAI spans (tests/otel_spans.py), shared by the file-ingest and collector tests.
@pytest.fixture(scope="session")
def span_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """variant -> an OTLP/JSON file of that variant's spans, generated by the real packages now."""
    folder = tmp_path_factory.mktemp("otel")
    env = {**os.environ, "PYTHONPATH": str(_ROOT)}
    for key in ("OTEL_SEMCONV_STABILITY_OPT_IN", "OTEL_TRACES_EXPORTER"):
        env.pop(key, None)
    running = {
        v: subprocess.Popen(
            [sys.executable, "-m", "tests.otel_spans", v, str(folder / f"{v}.jsonl")],
            cwd=_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for v in otel_spans.VARIANTS
    }
    for variant, proc in running.items():
        _, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, f"{variant}: {err[-2000:]}"
    return {v: folder / f"{v}.jsonl" for v in otel_spans.VARIANTS}
