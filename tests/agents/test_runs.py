"""Threads, messages and runs on both app databases."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from netra_core.agents.context import fetch_auth_context
from netra_core.db.runs import (
    add_run_step,
    fetch_messages,
    fetch_run,
    fetch_thread,
    fetch_threads,
    save_message,
    save_run,
    save_thread,
    set_run_finished,
    set_run_running,
)
from netra_core.db.users import save_user
from netra_core.errors import NotFoundError


def test_run_lifecycle_and_org_scope(db_session: Session) -> None:
    """queued -> running -> failed with a reason; steps append; another org sees nothing."""
    save_user(db_session, username="ana", password="a-long-enough-password", org_slug="acme", role="analyst")
    save_user(db_session, username="gus", password="a-long-enough-password", org_slug="globex", role="analyst")
    ana, gus = fetch_auth_context(db_session, "ana"), fetch_auth_context(db_session, "gus")
    thread = save_thread(db_session, ana, "why did spend jump?")
    save_message(db_session, thread, "user", "why did spend jump?")
    run = save_run(db_session, ana, thread)
    assert run.status == "queued"
    set_run_running(db_session, run)
    add_run_step(db_session, run, {"n": 1, "tool": "get_kpis", "status": "ok"})
    add_run_step(db_session, run, {"n": 2, "tool": "get_spend_change", "status": "failed", "error": "timeout"})
    set_run_finished(db_session, run, error="get_spend_change did not finish within 30 s")
    db_session.flush()
    db_session.expire_all()
    stored = fetch_run(db_session, ana, run.id)
    assert stored.status == "failed" and stored.error and "30 s" in stored.error
    assert [s["n"] for s in stored.steps] == [1, 2] and stored.started_at and stored.finished_at
    assert [m.content for m in fetch_messages(db_session, thread.id)] == ["why did spend jump?"]
    assert [t.id for t in fetch_threads(db_session, ana)] == [thread.id] and fetch_threads(db_session, gus) == []
    with pytest.raises(NotFoundError):
        fetch_thread(db_session, gus, thread.id)
    with pytest.raises(NotFoundError):
        fetch_run(db_session, gus, run.id)
