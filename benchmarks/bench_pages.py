"""Every page of the app in Chromium at 2 M events: time from navigation until the page's script run has ended.

Each page is opened once to warm the server's caches, then timed `REPEATS` times; the figure that counts is the
median. The baseline is the raw engine: the overview's queries run in-process on the same store (what no page can
beat), so `median_s / engine_overview_s` says how much the app adds. The Optimize page is timed without running the
optimizer (its solve is bench_optimizer's). Prints one JSON document.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from datetime import UTC, datetime, timedelta

from benchmarks.common import live_server, machine, median_seconds, open_browser_page

N_EVENTS = int(os.environ.get("NETRA_BENCH_PAGES_EVENTS", "2000000"))
REPEATS = int(os.environ.get("NETRA_BENCH_PAGES_REPEATS", "3"))
PORT = 8656
IDLE = (
    "!document.querySelector('[data-testid=stStatusWidgetRunningIcon], [data-testid=stStatusWidgetRunningManIcon]')"
    " && document.querySelector('h1')"
)
# What a page shows once its data is drawn (beyond its title): charts or the result table.
READY = {
    "overview": "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 3",
    "workloads": "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 3",
    "explore": "document.querySelector('[data-testid=stDataFrame]')",
    "requests": "document.querySelector('[data-testid=stDataFrame]')",
}


def time_page(page, url: str, ready: str | None) -> float:  # type: ignore[no-untyped-def]
    """Seconds from navigation until the page has drawn its data and no script run is going."""
    started = time.perf_counter()
    page.goto(url)
    if ready:
        page.wait_for_function(ready, timeout=300_000, polling=50)
    page.wait_for_function(IDLE, timeout=300_000, polling=50)
    return time.perf_counter() - started


def engine_overview_s(env: dict[str, str]) -> float:
    """The overview's queries (KPIs, spend over time, latency, errors, top workloads) straight on the engine."""
    os.environ.update({k: v for k, v in env.items() if k.startswith("NETRA_")})
    from netra_core.analytics.filters import EventFilter
    from netra_core.analytics.overview import fetch_overview
    from netra_core.config import get_settings
    from netra_core.stores import make_store

    store = make_store(get_settings())
    end = datetime.now(UTC)
    f = EventFilter("demo", start=end - timedelta(days=7), end=end)  # the overview's default window

    def run() -> None:
        with store.session() as client:
            fetch_overview(client, f, spend_by="model")

    try:
        return median_seconds(run, repeats=REPEATS)
    finally:
        store.close()


def main() -> None:
    from playwright.sync_api import sync_playwright

    from netra_app.navigation import PAGES

    pages: dict[str, dict[str, object]] = {}
    with live_server(N_EVENTS, PORT, baseline=engine_overview_s) as server:
        with sync_playwright() as p:
            page = open_browser_page(p, server)
            for spec in PAGES:
                url = f"{server.url}/{spec.url_path}"
                ready = READY.get(spec.url_path)
                first = time_page(page, url, ready)
                times = [time_page(page, url, ready) for _ in range(REPEATS)]
                pages[spec.title] = {
                    "first_s": round(first, 2),
                    "median_s": round(statistics.median(times), 2),
                    "all_s": [round(t, 2) for t in times],
                }
            page.context.browser.close()
        engine = float(server.baseline_s or 0.0)
        generate_s = server.generate_s
    for row in pages.values():
        row["x_engine_overview"] = round(float(row["median_s"]) / engine, 1)  # type: ignore[arg-type]
    result = {
        "benchmark": "browser_pages",
        "machine": machine(),
        "events": N_EVENTS,
        "generate_s": round(generate_s, 1),
        "engine_overview_s": round(engine, 3),
        "pages": pages,
        "slowest_median_s": max(float(r["median_s"]) for r in pages.values()),  # type: ignore[arg-type]
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
