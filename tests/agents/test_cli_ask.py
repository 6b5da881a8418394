"""`netra ask` in a subprocess, as a user runs it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from netra_core.db.engine import make_engine, make_session_factory
from netra_core.db.migrate import upgrade_app_db
from netra_core.workloads.events import save_events
from netra_core.workloads.migrations import upgrade_store
from netra_core.workloads.store import WorkloadStore
from tests.agents.builders import make_events, seed_users
from tests.conftest import run_netra


def test_ask_prints_answer_and_steps_as_json(tmp_path: Path) -> None:
    """The JSON has the answer, a succeeded run and its tool steps; the spend equals the events' sum."""
    data = tmp_path / "data"
    data.mkdir()
    engine = make_engine(f"sqlite:///{data / 'netra.db'}")
    upgrade_app_db(engine)
    seed_users(make_session_factory(engine))
    engine.dispose()
    now = datetime.now(UTC)
    events = make_events("acme", 400, seed=3, now=now, days=7)
    store = WorkloadStore(f"chdb://{data / 'workloads'}")
    with store.session() as client:
        upgrade_store(client)
        save_events(client, "acme", events)
    env = {"NETRA_DATA_DIR": str(data)}
    out = run_netra(
        "ask", "--org", "acme", "--user", "ana", "--json", "how much did we spend in the last 30 days?", env=env
    )
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["status"] == "succeeded"
    assert f"${events['cost_usd'].sum():,.2f}" in doc["answer"]
    assert any(s.get("tool") == "get_kpis" and s["status"] == "ok" for s in doc["steps"])
    wrong = run_netra("ask", "--org", "globex", "--user", "ana", "spend?", env=env)
    assert wrong.returncode == 1 and "not a member of org 'globex'" in wrong.stderr
    plain = run_netra("ask", "--org", "acme", "--user", "ana", "errors by error type last 7 days", env=env)
    assert plain.returncode == 0 and "get_error_breakdown" in plain.stderr and "Error rate" in plain.stdout
