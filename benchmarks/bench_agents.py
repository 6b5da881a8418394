"""Time to answer the assistant's question set offline (deterministic planner, no model) on generated traffic.

Prints one JSON document: median, p95 and max seconds per question, per store size. Data: the traffic
generator's default spec (netra_core/generator/) for org `bench` over 30 days. The question
set (tests/agents/question_set.py) was written for the test builders' workload names; names the
generator does not use fall back to all traffic, which is the slower case, so the timing is fair.
Questions that render the notebook report (the run_report tool) are skipped: a papermill render is a
batch job measured by the report tests, not an answer time; the JSON says how many were skipped.
The two number-checked sets (tests/agents/question_set_numbers*.py) are asked too, each in its own thread.
Times are split: optimizer questions (the plan routes traffic: optimize_policy) and analytics questions (the rest);
the issue's targets are p95 < 3 s (analytics) and < 8 s (optimizer) at 10 M events. CLI start (`netra --help` in a
fresh process, the part of a CLI question that is not answering) is reported apart, median of 5. The eight slowest
questions are listed with their times and kind.
Usage: python -m benchmarks.bench_agents [N_EVENTS ...]   (default 10,000,000)
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import machine, make_bench_store
from netra_core.agents.assistant import ask
from netra_core.agents.context import fetch_auth_context
from netra_core.db.engine import make_engine, make_session_factory
from netra_core.db.migrate import upgrade_app_db
from netra_core.db.users import save_user
from tests.agents.builders import NOW
from tests.agents.question_set import QUESTIONS
from tests.agents.question_set_numbers import QUESTIONS as NUMBER_QUESTIONS
from tests.agents.question_set_numbers2 import QUESTIONS as NUMBER_QUESTIONS2

OPTIMIZER_TOOLS = {"optimize_policy"}


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def bench_size(n: int, workdir: Path) -> dict[str, Any]:
    """Generate n events, then answer every question once, in order (follow-ups in their thread)."""
    from netra_core.generator import default_spec, save_generated

    store = make_bench_store(workdir / f"store_{n}")
    started = time.perf_counter()
    save_generated(store, "bench", default_spec(), n_events=n, days=30, seed=1, end=NOW)
    load_s = time.perf_counter() - started
    engine = make_engine(f"sqlite:///{workdir / f'app_{n}.db'}")
    upgrade_app_db(engine)
    factory = make_session_factory(engine)
    with factory.begin() as session:
        save_user(session, username="bench", password="a-long-enough-password", org_slug="bench", role="analyst")
    with factory() as session:
        auth = fetch_auth_context(session, "bench")
    times: list[float] = []
    by_kind: dict[str, list[float]] = {"analytics": [], "optimizer": []}
    statuses: dict[str, int] = {}
    slowest: tuple[float, str] = (0.0, "")
    timed: list[tuple[float, str, str]] = []
    failures: list[dict[str, Any]] = []
    thread_id: int | None = None
    skipped = 0
    asked = [(item["q"], bool(item["follow"]), list(item["tools"])) for item in QUESTIONS]
    asked += [(q.text, False, []) for q in (*NUMBER_QUESTIONS, *NUMBER_QUESTIONS2)]
    for text, follow, tools in asked:
        if "run_report" in tools:
            skipped += 1
            continue
        t0 = time.perf_counter()
        result = ask(factory, store, auth, text, thread_id=thread_id if follow else None, now=NOW)
        elapsed = time.perf_counter() - t0
        times.append(elapsed)
        by_kind["optimizer" if OPTIMIZER_TOOLS & set(tools) else "analytics"].append(elapsed)
        statuses[result.status] = statuses.get(result.status, 0) + 1
        slowest = max(slowest, (elapsed, text))
        timed.append((elapsed, "optimizer" if OPTIMIZER_TOOLS & set(tools) else "analytics", text))
        if result.status != "succeeded":
            failures.append({"question": text, "error": result.error, "s": round(elapsed, 3)})
        thread_id = result.thread_id
    engine.dispose()
    return {
        "events": n,
        "load_s": round(load_s, 2),
        "questions": len(times),
        "skipped_report_renders": skipped,
        "statuses": statuses,
        "median_s": round(statistics.median(times), 4),
        "p95_s": round(_p95(times), 4),
        "max_s": round(max(times), 4),
        **{
            f"{kind}_{stat}": round(fn(values), 4) if values else None
            for kind, values in by_kind.items()
            for stat, fn in (("median_s", statistics.median), ("p95_s", _p95), ("max_s", max))
        },
        **{f"{kind}_questions": len(values) for kind, values in by_kind.items()},
        "slowest_question": slowest[1],
        "slowest_questions": [
            {"s": round(s, 3), "kind": kind, "question": q} for s, kind, q in sorted(timed)[::-1][:8]
        ],
        "failures": failures,
    }


def bench_cli_start(runs: int = 5) -> float:
    """Median seconds for `netra --help` in a fresh interpreter: what every CLI question pays before answering."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "netra"), "--help"], check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return round(statistics.median(times), 3)


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [10_000_000]
    with tempfile.TemporaryDirectory(prefix="netra-bench-agents-") as tmp:
        results = [bench_size(n, Path(tmp)) for n in sizes]
    print(
        json.dumps(
            {
                "benchmark": "agents_question_set_offline",
                "machine": machine(),
                "results": results,
                "cli_start_median_s": bench_cli_start(),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
