"""Time the assistant's name lookup per question: the old one (two tool calls) against agents/names.py.

Old: `list_dimensions` (a GROUP BY over 400 days of raw events) and `get_catalog` (the whole catalog with prices,
of which the planner kept a 200-row table). New: the org's values from the daily roll-up and the catalog's names
only, cold (first question) and cached (later questions within a minute). Data: the traffic generator's default
spec for org `bench` over 30 days, the full genai-prices catalog loaded as `netra up` loads it (SQLite app db).
Usage: python -m benchmarks.bench_names [N_EVENTS ...]   (default 1,000,000)
"""

from __future__ import annotations

import contextlib
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import machine, make_bench_store, median_seconds
from netra_core.agents.assistant import make_registry
from netra_core.agents.context import fetch_auth_context
from netra_core.agents.dispatcher import Dispatcher
from netra_core.agents.names import clear_known_names, fetch_known_names
from netra_core.agents.tools import ToolContext
from netra_core.db.engine import make_engine, make_session_factory
from netra_core.db.migrate import upgrade_app_db
from netra_core.db.users import save_user
from tests.agents.builders import NOW
from tests.agents.synced_catalog import load_synced_catalog


def bench_size(n: int, workdir: Path) -> dict[str, Any]:
    """Generate n events and the full catalog, then time both lookups."""
    from netra_core.generator import default_spec, save_generated

    store = make_bench_store(workdir / f"store_{n}")
    save_generated(store, "bench", default_spec(), n_events=n, days=30, seed=1, end=NOW)
    engine = make_engine(f"sqlite:///{workdir / f'app_{n}.db'}")
    upgrade_app_db(engine)
    factory = make_session_factory(engine)
    with factory.begin() as session:
        save_user(session, username="bench", password="a-long-enough-password", org_slug="bench", role="analyst")
    with contextlib.redirect_stdout(sys.stderr):  # its progress line is not part of the JSON
        models = load_synced_catalog(factory)
    with factory() as session:
        auth = fetch_auth_context(session, "bench")
    ctx = ToolContext(auth=auth, store=store, session_factory=factory, now=NOW)
    registry = make_registry()

    def old() -> None:
        dispatcher = Dispatcher(registry, ctx)
        dispatcher.call("supervisor", "list_dimensions", {})
        dispatcher.call("supervisor", "get_catalog", {})

    def cold() -> None:
        clear_known_names()
        fetch_known_names(ctx)

    def warm() -> None:
        fetch_known_names(ctx)

    old_s, cold_s = median_seconds(old), median_seconds(cold)
    fetch_known_names(ctx)
    started = time.perf_counter()
    warm_s = median_seconds(warm, repeats=50)
    assert time.perf_counter() - started < 60, "the warm runs must stay inside the cache's minute"
    engine.dispose()
    return {
        "events": n,
        "catalog_models": models,
        "old_two_tools_s": round(old_s, 4),
        "names_cold_s": round(cold_s, 4),
        "names_cached_s": round(warm_s, 6),
    }


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1_000_000]
    with tempfile.TemporaryDirectory(prefix="netra-bench-names-") as tmp:
        results = [bench_size(n, Path(tmp)) for n in sizes]
    print(json.dumps({"benchmark": "assistant_name_lookup", "machine": machine(), "results": results}, indent=2))


if __name__ == "__main__":
    main()
