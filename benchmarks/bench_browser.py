"""Open the overview in Chromium at 10 M events: time from navigation until every chart is drawn.

The first load warms the server's caches and the store; the figure that counts is the median of
the loads after it (target under 2 s). Prints one JSON document.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks.common import machine

ROOT = Path(__file__).resolve().parents[1]
N_EVENTS = int(os.environ.get("NETRA_BENCH_BROWSER_EVENTS", "10000000"))
PORT = 8655


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="netra-bench-browser-") as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("NETRA_")}
        env.update({"NETRA_DATA_DIR": f"{tmp}/data", "NETRA_APP_PORT": str(PORT)})
        netra = str(Path(sys.executable).parent / "netra")
        subprocess.run(
            [netra, "up", "--no-serve", "--demo-events", "0"], env=env, check=True, capture_output=True, cwd=ROOT
        )
        started = time.perf_counter()
        subprocess.run([netra, "generate", "--org", "demo", "--events", str(N_EVENTS), "--days", "30", "--seed", "1"],
                       env=env, check=True, capture_output=True, cwd=ROOT)  # fmt: skip
        load_s = time.perf_counter() - started
        creds = json.loads(Path(f"{tmp}/data/demo-credentials.json").read_text())
        server = subprocess.Popen(
            [netra, "up"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            for _ in range(120):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{PORT}/_stcore/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.5)
            timings = []
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])  # fmt: skip
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(f"http://127.0.0.1:{PORT}/")
                page.get_by_role("textbox", name="Username").fill(creds["username"])
                page.get_by_role("textbox", name="Password").fill(creds["password"])
                page.get_by_role("button", name="Sign in").click()
                page.wait_for_function(
                    "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 3", timeout=120_000
                )
                for _ in range(6):
                    t0 = time.perf_counter()
                    page.goto(f"http://127.0.0.1:{PORT}/overview")
                    page.wait_for_function(
                        "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 3", timeout=120_000
                    )
                    timings.append(time.perf_counter() - t0)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)
    result = {
        "benchmark": "browser_overview",
        "machine": machine(),
        "events": N_EVENTS,
        "generate_s": round(load_s, 1),
        "first_load_s": round(timings[0], 2),
        "after_first_median_s": round(statistics.median(timings[1:]), 2),
        "after_first_all_s": [round(t, 2) for t in timings[1:]],
        "target_after_first_s": 2.0,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
