"""Open the overview in Chromium at 10 M events: time from navigation until every chart is drawn.

The first load warms the server's caches and the store; the figure that counts is the median of
the loads after it (target under 2 s). Prints one JSON document.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from pathlib import Path

from benchmarks.common import live_server, machine, open_browser_page

ROOT = Path(__file__).resolve().parents[1]
N_EVENTS = int(os.environ.get("NETRA_BENCH_BROWSER_EVENTS", "10000000"))
PORT = 8655


def main() -> None:
    from playwright.sync_api import sync_playwright

    timings = []
    with live_server(N_EVENTS, PORT) as server, sync_playwright() as p:
        page = open_browser_page(p, server)
        for _ in range(6):
            t0 = time.perf_counter()
            page.goto(f"{server.url}/overview")
            page.wait_for_function(
                "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 3", timeout=120_000
            )
            timings.append(time.perf_counter() - t0)
        page.context.browser.close()
        load_s = server.generate_s
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
