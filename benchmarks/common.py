"""Helpers shared by the benchmarks: timing, machine facts, a fresh embedded store."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netra_core.workloads.migrations import upgrade_store
from netra_core.workloads.store import WorkloadStore


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    import chdb

    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "chdb": getattr(chdb, "__version__", "?"),
    }


def median_seconds(fn: Callable[[], Any], repeats: int = 5, warmup: int = 1) -> float:
    """Median wall time of `fn` over `repeats` runs after `warmup` runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def make_bench_store(directory: Path) -> WorkloadStore:
    """A migrated embedded store in `directory`."""
    store = WorkloadStore(f"chdb://{directory}", lock_timeout_s=600)
    with store.session() as client:
        upgrade_store(client)
    return store


@dataclass(frozen=True)
class LiveServer:
    """A `netra up` server with generated demo traffic, and how long generating it took."""

    url: str
    username: str
    password: str
    generate_s: float
    env: dict[str, str]
    baseline_s: float | None = None
    pid: int = 0  # the app server's process (`netra up` replaces itself with Streamlit's)


@contextmanager
def live_server(
    n_events: int, port: int, days: int = 30, baseline: Callable[[dict[str, str]], float] | None = None
) -> Iterator[LiveServer]:
    """A fresh install in a temporary folder with `n_events` generated events for the demo org, served on `port`.
    `baseline(env)` runs on the same store before the server holds it (the embedded store has one writer)."""
    root = Path(__file__).resolve().parents[1]
    netra = str(Path(sys.executable).parent / "netra")
    with tempfile.TemporaryDirectory(prefix="netra-bench-server-") as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("NETRA_")}
        env.update({"NETRA_DATA_DIR": f"{tmp}/data", "NETRA_APP_PORT": str(port)})
        subprocess.run(
            [netra, "up", "--no-serve", "--demo-events", "0"], env=env, check=True, capture_output=True, cwd=root
        )
        started = time.perf_counter()
        subprocess.run(
            [netra, "generate", "--org", "demo", "--events", str(n_events), "--days", str(days), "--seed", "1"],
            env=env,
            check=True,
            capture_output=True,
            cwd=root,
        )
        generate_s = time.perf_counter() - started
        creds = json.loads(Path(f"{tmp}/data/demo-credentials.json").read_text())
        baseline_s = baseline(env) if baseline else None
        server = subprocess.Popen(
            [netra, "up"], env=env, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            for _ in range(120):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.5)
            yield LiveServer(
                f"http://127.0.0.1:{port}",
                creds["username"],
                creds["password"],
                generate_s,
                env,
                baseline_s,
                server.pid,
            )
        finally:
            server.terminate()
            server.wait(timeout=20)


def open_browser_page(playwright: Any, server: LiveServer) -> Any:
    """Debian's Chromium, headless, signed in to the server (the overview has drawn its charts)."""
    browser = playwright.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server.url}/")
    page.get_by_role("textbox", name="Username").fill(server.username)
    page.get_by_role("textbox", name="Password").fill(server.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 3", timeout=180_000)
    return page
