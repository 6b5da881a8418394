"""The app server's memory as one user works through every page for a while, at 2 M events (#18: 2.08 GB RSS after
55 minutes for one user).

One `netra up` server on a fresh install. Baseline: its RSS once the login page has been loaded (nothing signed
in). Then one signed-in user in Chromium visits every page, `ROUNDS` times over, asks the assistant one question per
round and runs the optimizer every `OPTIMIZE_EVERY` rounds, each time at another quality floor (a new result, as a
user trying constraints makes); the server's RSS (its process and any children) is
sampled after each round. The first `WARMUP` rounds fill the caches; what counts is the growth per round after them
(a least-squares slope), which should be near zero when every cache is bounded. Prints one JSON document.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from benchmarks.bench_pages import IDLE, READY
from benchmarks.common import live_server, machine, open_browser_page

N_EVENTS = int(os.environ.get("NETRA_BENCH_MEMORY_EVENTS", "2000000"))
ROUNDS = int(os.environ.get("NETRA_BENCH_MEMORY_ROUNDS", "10"))
WARMUP = int(os.environ.get("NETRA_BENCH_MEMORY_WARMUP", "3"))
OPTIMIZE_EVERY = int(os.environ.get("NETRA_BENCH_MEMORY_OPTIMIZE_EVERY", "2"))  # 0: never
PORT = int(os.environ.get("NETRA_BENCH_MEMORY_PORT", "8657"))
QUESTIONS = (
    "what did we spend last week by model?",
    "which workloads cost the most this month?",
    "p95 latency by model last 7 days",
)
MB = 1024 * 1024


def rss_mb(pid: int) -> float:
    """Resident memory of the process and its children, in MB (psutil if installed, else /proc)."""
    try:
        import psutil
    except ImportError:
        pids = [pid, *_proc_children(pid)]
        return sum(_proc_rss(p) for p in pids) / MB
    proc = psutil.Process(pid)
    return float(sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)])) / MB


def _proc_children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        for child in map(int, children):
            found += [child, *_proc_children(child)]
    return found


def _proc_rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def note(text: str) -> None:
    """Progress on stderr (stdout is the JSON document)."""
    print(f"{time.strftime('%H:%M:%S')} {text}", file=sys.stderr, flush=True)


def visit(page: Any, url: str, ready: str | None) -> None:
    note(f"open {url}")
    page.goto(url)
    if ready:
        page.wait_for_function(ready, timeout=300_000, polling=100)
    page.wait_for_function(IDLE, timeout=300_000, polling=100)


def ask(page: Any, base: str, question: str) -> bool:
    """One chat question, until the script run that answers it has ended; False if no answer came in 2 minutes (the
    round goes on: what is measured is the server's memory, not the assistant)."""
    visit(page, f"{base}/chat", None)
    box = page.get_by_role("textbox", name="Ask about your spend")
    box.fill(question)
    box.press("Enter")
    try:
        page.locator('[data-testid="stChatMessage"]').filter(has_text=question).first.wait_for(
            state="attached", timeout=120_000
        )
        page.wait_for_timeout(500)
        page.wait_for_function(IDLE, timeout=120_000, polling=100)
    except PlaywrightTimeoutError:
        note(f"no answer to {question!r} in 2 minutes")
        return False
    return True


def optimize(page: Any, base: str, floor: float) -> float:
    """Run the optimizer at a quality floor (each run its own, as a user trying constraints: every result is a new
    one the server keeps for a while); seconds until its result is drawn."""
    visit(page, f"{base}/optimize", None)
    try:
        page.get_by_role("spinbutton", name="Quality floor per workload").fill(f"{floor:.2f}", timeout=15_000)
    except PlaywrightTimeoutError:
        note("no quality floor field: the optimizer runs at the page's defaults")
    started = time.perf_counter()
    page.get_by_role("button", name="Find the cheapest policy").click()
    page.wait_for_timeout(500)
    page.wait_for_function(IDLE, timeout=600_000, polling=200)
    page.get_by_text("Spend now").first.wait_for(timeout=600_000)
    return time.perf_counter() - started


def slope(values: list[float]) -> float:
    """Least-squares growth per step."""
    n = len(values)
    if n < 2:
        return 0.0
    xs = range(n)
    mx, my = (n - 1) / 2, statistics.fmean(values)
    return sum((x - mx) * (y - my) for x, y in zip(xs, values, strict=True)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    from playwright.sync_api import sync_playwright

    from netra_app.navigation import PAGES

    rounds: list[dict[str, Any]] = []
    with live_server(N_EVENTS, PORT) as server, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        login = browser.new_page()
        login.goto(f"{server.url}/")
        login.get_by_role("textbox", name="Username").wait_for(timeout=120_000)
        time.sleep(2)
        note("login page loaded")
        baseline = rss_mb(server.pid)
        login.close()
        browser.close()
        page = open_browser_page(p, server)
        started = time.perf_counter()
        for n in range(ROUNDS):
            t0 = time.perf_counter()
            for spec in PAGES:
                visit(page, f"{server.url}/{spec.url_path}", READY.get(spec.url_path))
            answered = ask(page, server.url, QUESTIONS[n % len(QUESTIONS)])
            is_optimizing = OPTIMIZE_EVERY and n % OPTIMIZE_EVERY == 0
            optimize_s = optimize(page, server.url, 0.50 + 0.02 * n) if is_optimizing else None
            rounds.append(
                {
                    "round": n + 1,
                    "rss_mb": round(rss_mb(server.pid), 1),
                    "round_s": round(time.perf_counter() - t0, 1),
                    "optimize_s": None if optimize_s is None else round(optimize_s, 1),
                    "chat_answered": answered,
                }
            )
            note(json.dumps(rounds[-1]))
        elapsed = time.perf_counter() - started
        page.context.browser.close()
        generate_s = server.generate_s
    after = [float(r["rss_mb"]) for r in rounds[WARMUP - 1 :]]
    result = {
        "benchmark": "app_memory",
        "machine": machine(),
        "events": N_EVENTS,
        "generate_s": round(generate_s, 1),
        "rounds": ROUNDS,
        "pages_per_round": len(PAGES) + 1,
        "optimize_every": OPTIMIZE_EVERY,
        "minutes": round(elapsed / 60, 1),
        "baseline_login_only_mb": round(baseline, 1),
        "after_warmup_mb": after[0],
        "end_mb": after[-1],
        "peak_mb": max(after),
        "growth_per_round_mb": round(slope(after), 1),
        "per_round": rounds,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
