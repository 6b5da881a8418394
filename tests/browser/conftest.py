"""A real `netra up` server on 127.0.0.1 with seeded data, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ROOT = Path(__file__).resolve().parents[2]
IS_CI = os.environ.get("CI", "").lower() == "true"
LOCAL_PREFIXES = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")


@dataclass
class LiveApp:
    url: str
    username: str
    password: str
    data_dir: Path
    env: dict[str, str] = field(default_factory=dict)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _netra() -> str:
    return str(Path(sys.executable).parent / "netra")


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    if not Path(CHROMIUM).exists():
        if IS_CI:
            pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is not installed")
    data_dir = tmp_path_factory.mktemp("browser") / "data"
    port = _free_port()
    env = {**os.environ, "NETRA_DATA_DIR": str(data_dir), "NETRA_APP_PORT": str(port), "NETRA_ENV": "test"}
    env = {
        k: v
        for k, v in env.items()
        if not (k.startswith("NETRA_") and k not in {"NETRA_DATA_DIR", "NETRA_APP_PORT", "NETRA_ENV"})
    }
    subprocess.run(
        [_netra(), "up", "--no-serve", "--demo-events", "30000"], env=env, check=True, capture_output=True, cwd=ROOT
    )
    seed = (
        "from tests.test_analytics import make_traffic\n"
        "from netra_core.config import get_settings\nfrom netra_core.stores import make_store\n"
        "from netra_core.workloads.events import save_events\n"
        "with make_store(get_settings()).session() as c:\n"
        "    save_events(c, 'intruder', make_traffic('intruder', 500, seed=8))\n"
    )
    subprocess.run([sys.executable, "-c", seed], env=env, check=True, cwd=ROOT)
    creds = json.loads((data_dir / "demo-credentials.json").read_text())
    log = open(data_dir / "server.log", "w")  # noqa: SIM115 - closed at teardown
    server = subprocess.Popen([_netra(), "up"], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail(f"the app did not start: {(data_dir / 'server.log').read_text()[-2000:]}")
    yield LiveApp(url=url, username=creds["username"], password=creds["password"], data_dir=data_dir, env=env)
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()
    shutil.rmtree(data_dir / "workloads", ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def outside_requests() -> list[str]:
    """The URLs the page requested outside 127.0.0.1 (the app must work offline: there must be none)."""
    return []


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest, outside_requests: list[str]) -> Iterator[Page]:
    """A fresh browser context; every request that leaves 127.0.0.1 is recorded (and must not happen)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    pg.on("request", lambda r: outside_requests.append(r.url) if not r.url.startswith(LOCAL_PREFIXES) else None)
    yield pg
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
