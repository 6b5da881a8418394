"""The login gate in AppTest: the real app.py, real SQLite app database, real chdb store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from netra_app.auth import GENERIC_FAILURE, SESSION_ENDED
from netra_app.navigation import PAGES, PageSpec, is_allowed
from netra_core.config import get_settings
from netra_core.db.auth_sessions import revoke_user_sessions
from netra_core.db.models import AuthSession, User
from netra_core.roles import Role
from netra_core.stores import make_store
from netra_core.workloads.events import save_events
from tests.app_helpers import APP, PASSWORD, make_app_db, open_app, sign_in


@pytest.fixture
def sessions() -> Iterator[sessionmaker[Session]]:
    engine, factory = make_app_db([("alice", "acme", "admin"), ("victor", "globex", "viewer")])
    yield factory
    engine.dispose()


def is_signed_in(at: AppTest) -> bool:
    return [t.value for t in at.title] == ["Overview"]


def user_row(sessions: sessionmaker[Session], username: str) -> User:
    with sessions() as s:
        return s.scalars(select(User).where(User.username == username)).one()


def live_sessions(sessions: sessionmaker[Session], username: str) -> list[AuthSession]:
    with sessions() as s:
        user = s.scalars(select(User).where(User.username == username)).one()
        return list(
            s.scalars(select(AuthSession).where(AuthSession.user_id == user.id, AuthSession.revoked_at.is_(None)))
        )


def test_logged_out_sees_only_the_form(sessions: sessionmaker[Session]) -> None:
    at = open_app()
    assert not at.exception
    assert [t.label for t in at.text_input] == ["Username", "Password"]
    assert not is_signed_in(at) and not at.error


def test_sign_in_shows_the_home_page_with_the_orgs_own_count(sessions: sessionmaker[Session]) -> None:
    store = make_store(get_settings())
    base = {
        "ts": pd.Timestamp("2026-11-01", tz="UTC"),
        "workload": "w",
        "task_type": "chat",
        "provider": "p",
        "model": "m",
        "prompt_tokens": 1,
        "completion_tokens": 1,
        "latency_ms": 1.0,
        "cost_usd": 0.0,
    }
    with store.session() as client:
        save_events(client, "acme", pd.DataFrame([{**base, "event_id": f"a{i}"} for i in range(7)]))
        save_events(client, "globex", pd.DataFrame([{**base, "event_id": f"g{i}"} for i in range(3)]))
    at = sign_in(open_app(), "alice", PASSWORD)
    assert not at.exception and not at.error
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Requests"] == "7"
    assert len(live_sessions(sessions, "alice")) == 1
    assert user_row(sessions, "alice").last_login_at is not None
    # Reruns keep the user signed in, on the same server-side session.
    at.run()
    assert {m.label: m.value for m in at.metric}["Requests"] == "7"
    assert len(live_sessions(sessions, "alice")) == 1


def test_wrong_password_and_unknown_user_get_the_same_answer(sessions: sessionmaker[Session]) -> None:
    wrong = sign_in(open_app(), "alice", "not-the-password")
    unknown = sign_in(open_app(), "mallory", "not-the-password")
    assert [e.value for e in wrong.error] == [GENERIC_FAILURE]
    assert [e.value for e in unknown.error] == [GENERIC_FAILURE]
    assert not is_signed_in(wrong) and not is_signed_in(unknown)
    assert user_row(sessions, "alice").failed_attempts == 1
    assert live_sessions(sessions, "alice") == []


def test_five_failures_block_that_browser_even_for_the_right_password(sessions: sessionmaker[Session]) -> None:
    """Without a client address (AppTest has none, like loopback), each browser session counts on its own."""
    at = open_app()
    for _ in range(5):
        at = sign_in(at, "alice", "not-the-password")
    at = sign_in(at, "alice", PASSWORD)
    assert [e.value for e in at.error] == [GENERIC_FAILURE]
    assert not is_signed_in(at)
    # The account is not locked: alice, in her own browser, signs in; other users are not affected either.
    assert user_row(sessions, "alice").locked_until is None
    assert is_signed_in(sign_in(open_app(), "alice", PASSWORD))
    assert is_signed_in(sign_in(at, "victor", PASSWORD))


def test_sign_out_revokes_the_server_session(sessions: sessionmaker[Session]) -> None:
    at = sign_in(open_app(), "alice", PASSWORD)
    assert len(live_sessions(sessions, "alice")) == 1
    at.sidebar.button[0].click().run()
    assert live_sessions(sessions, "alice") == []
    assert [t.label for t in at.text_input] == ["Username", "Password"]
    assert not is_signed_in(at)


def test_admin_revocation_ends_a_signed_in_session(sessions: sessionmaker[Session]) -> None:
    at = sign_in(open_app(), "victor", PASSWORD)
    assert is_signed_in(at)
    with sessions.begin() as s:
        assert revoke_user_sessions(s, user_row(sessions, "victor").id) == 1
    at.run()
    assert not is_signed_in(at)
    assert SESSION_ENDED in [i.value for i in at.info]
    assert [t.label for t in at.text_input] == ["Username", "Password"]


@pytest.mark.parametrize(
    ("role", "min_role", "allowed"),
    [
        ("viewer", "viewer", True),
        ("viewer", "analyst", False),
        ("analyst", "analyst", True),
        ("analyst", "admin", False),
        ("admin", "admin", True),
        ("nobody", "viewer", False),
    ],
)
def test_page_roles(role: str, min_role: str, allowed: bool) -> None:
    assert is_allowed(role, PageSpec("x.py", "X", "x", min_role=Role(min_role))) is allowed


def test_every_registered_page_file_exists() -> None:
    views = Path(APP).parent / "views"
    assert all((views / spec.file).is_file() for spec in PAGES)
