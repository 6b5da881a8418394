"""The login gate: streamlit-authenticator for the form and cookie, Netra's tables for the rest.

What the library does not do, done here: credentials come from the `users` table on every run;
failed sign-ins are throttled per client and username (netra_core/throttle.py: one client's
guesses block only that client), with an account-wide lockout only at a much higher count; a
blocked or locked username gets an unmatchable hash, so the form says the same thing whether the
password is wrong, the user unknown or the sign-in refused, and a blocked client's attempts are
not even checked. Failed attempts never end a live session. Each sign-in is a row in
`auth_sessions`, and a cookie is honoured only while its row is live, so logout and an admin's
revoke end the session on the server, not just in the browser. A cookie the app did not sign
(garbled, another key, `alg: none`) reads as signed out, never as an error. The cookie itself is
written by the server, HttpOnly and SameSite=Strict (netra_app/session_cookie.py), not by the
library's JavaScript.
"""

from __future__ import annotations

import copy
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

import jwt
import streamlit as st
from sqlalchemy.orm import Session, sessionmaker

from netra_app.auth_library import Authenticator, LoginError
from netra_app.session_cookie import ROUTE, make_cookie_tickets
from netra_core.config import Settings, resolve_cookie_key
from netra_core.db.auth_sessions import fetch_live_session, revoke_session, save_auth_session
from netra_core.db.models import AuthSession
from netra_core.db.types import utcnow
from netra_core.db.users import fetch_user, fetch_users, is_locked, record_failed_login, record_login
from netra_core.logs import get_logger
from netra_core.passwords import make_unmatchable_hash, verify_password
from netra_core.throttle import SignInThrottle, compute_client_key

log = get_logger("netra.auth")

LOGIN_FORM_KEY = "netra_login"
LOGIN_BUTTON = "Sign in"
GENERIC_FAILURE = "Incorrect username or password, or the account is temporarily locked."
SESSION_ENDED = "Your session has ended. Please sign in again."
_SESSION_ID = "netra_session_id"
_USER = "netra_user"
_CLIENT = "netra_client"
_COOKIE_TICKET = "netra_cookie_ticket"


@dataclass(frozen=True)
class CurrentUser:
    """The signed-in user, as pages see it."""

    id: int
    username: str
    display_name: str
    role: str
    org_slug: str
    session_id: str


@lru_cache(maxsize=1)
def _unmatchable_hash() -> str:
    return make_unmatchable_hash()


@st.cache_resource(show_spinner=False)
def _throttle(database_url: str, max_failures: int, minutes: int) -> SignInThrottle:
    # One per app database: the counts belong to its users (and tests, each with its own database, stay apart).
    return SignInThrottle(max_failures, timedelta(minutes=minutes))


def _client_key() -> str:
    """This browser's address (or, behind a local proxy, the forwarded one); else its session."""
    session_key = st.session_state.setdefault(_CLIENT, secrets.token_hex(16))
    ip, forwarded = st.context.ip_address, st.context.headers.get("X-Forwarded-For")
    # Only a server connection has these as text (AppTest's stand-in runtime has none).
    return compute_client_key(
        ip if isinstance(ip, str) else None, forwarded if isinstance(forwarded, str) else None, session_key
    )


def _decode_cookie(token: object, key: str) -> dict[str, Any] | bool:
    """The cookie's claims if this app signed them, else False (signed out): never an exception, never the token logged."""
    try:
        claims: dict[str, Any] = jwt.decode(str(token), key, algorithms=["HS256"])
    except jwt.PyJWTError as exc:  # the library catches only two of these; `alg: none` raised a traceback
        log.warning("ignored an invalid sign-in cookie", extra={"reason": type(exc).__name__})
        return False
    expiry = claims.get("exp_date")
    if not isinstance(claims.get("username"), str) or isinstance(expiry, bool) or not isinstance(expiry, int | float):
        log.warning("ignored an invalid sign-in cookie", extra={"reason": "claims"})
        return False
    return claims


def _credentials(sessions: sessionmaker[Session], refused: set[str]) -> dict[str, Any]:
    now = utcnow()
    with sessions() as session:
        users = fetch_users(session)
        return {
            "usernames": {
                u.username: {
                    "email": u.email,
                    "name": u.display_name or u.username,
                    "password": u.password_hash
                    if u.is_active and not is_locked(u, now) and u.username not in refused
                    else _unmatchable_hash(),
                    "roles": [u.role],
                    "failed_login_attempts": 0,
                }
                for u in users
            }
        }


def _record_failures(
    settings: Settings,
    sessions: sessionmaker[Session],
    creds: dict[str, Any],
    throttle: SignInThrottle,
    client: str,
    blocked: set[str],
) -> bool:
    failed = [name for name, data in creds["usernames"].items() if data.get("failed_login_attempts", 0) > 0]
    if not failed:
        return False
    now = utcnow()
    with sessions.begin() as session:
        for name in failed:
            if name in blocked:
                # Not checked, so not counted against the account: one client cannot lock anyone out.
                log.info("sign-in refused: client blocked", extra={"username": name, "client": client})
                continue
            is_blocked = throttle.record_failure(client, name, now)
            user = fetch_user(session, name)
            if user is not None:
                record_failed_login(
                    session,
                    user,
                    max_failures=settings.max_failed_logins,
                    lockout=timedelta(minutes=settings.lockout_minutes),
                )
                log.info(
                    "failed sign-in",
                    extra={
                        "username": name,
                        "client": client,
                        "client_blocked": is_blocked,
                        "locked": user.locked_until is not None,
                    },
                )
    return True


def _order_cookie(settings: Settings, token: str | None, expires: float | None = None) -> None:
    """Have the server set (or, with no token, clear) the sign-in cookie: the page loads the ticket's URL."""
    max_age = max(0, int((expires or 0) - datetime.now().timestamp()))
    ticket = make_cookie_tickets().issue(settings.cookie_name, token, max_age, utcnow())
    st.session_state[_COOKIE_TICKET] = ticket


def _render_cookie_frame(slot: Any) -> None:
    """The hidden frame that carries a pending cookie order to the server, until the server has it."""
    ticket = st.session_state.get(_COOKIE_TICKET)
    if not ticket:
        return
    if make_cookie_tickets().is_redeemed(ticket):
        st.session_state.pop(_COOKIE_TICKET, None)
        return
    slot.iframe(f"{ROUTE}?ticket={ticket}", height=1, tab_index=-1, alt="sign-in cookie")


def _use_server_cookie(settings: Settings, authenticator: Authenticator, key: str) -> None:
    """The library's cookie, read as before but decoded safely, and written and deleted by the server instead."""
    authenticator.use_server_cookie(
        decode=lambda token: _decode_cookie(token, key),
        # the token is ordered in _attach_session, once the session row exists
        set_expiry=lambda: (datetime.now() + timedelta(days=settings.cookie_expiry_days)).timestamp(),
        delete=lambda: _order_cookie(settings, None),
    )


def _end_session(authenticator: Authenticator) -> None:
    authenticator.logout(location="unrendered")
    st.session_state.pop(_SESSION_ID, None)
    st.session_state.pop(_USER, None)


def _attach_session(
    settings: Settings, sessions: sessionmaker[Session], authenticator: Authenticator, is_fresh: bool
) -> CurrentUser | None:
    username = authenticator.username
    with sessions.begin() as session:
        user = fetch_user(session, username)
        # A lockout refuses new sign-ins only: live sessions stay (failed attempts must not sign anyone out).
        if user is None or not user.is_active or (is_fresh and is_locked(user)):
            return None
        record: AuthSession | None
        if is_fresh:
            # The token the library is about to set as its cookie; its hash identifies the session.
            exp = authenticator.cookie_expiry
            if exp is None:
                exp = (datetime.now() + timedelta(days=settings.cookie_expiry_days)).timestamp()
            token = authenticator.cookie_token(exp)
            record = save_auth_session(session, user, token, datetime.fromtimestamp(exp, UTC))
            record_login(session, user)
            _order_cookie(settings, token, exp)
            log.info("signed in", extra={"username": username, "session": record.id[:8]})
        elif st.session_state.get(_SESSION_ID):
            record = fetch_live_session(session, session_id=st.session_state[_SESSION_ID])
        else:
            cookie_token = st.context.cookies.get(settings.cookie_name)
            record = fetch_live_session(session, token=cookie_token) if cookie_token else None
        if record is None or record.user_id != user.id:
            return None
        record.last_seen_at = utcnow()
        current = CurrentUser(
            id=user.id,
            username=user.username,
            display_name=user.display_name or user.username,
            role=user.role,
            org_slug=user.org.slug,
            session_id=record.id,
        )
    st.session_state[_SESSION_ID] = current.session_id
    st.session_state[_USER] = current
    return current


def require_login(settings: Settings, sessions: sessionmaker[Session]) -> CurrentUser | None:
    """Render the sign-in form until a user is signed in; return the signed-in user or None."""
    # The frame's place exists on every run, filled or not: a frame that came and went would shift every element
    # after it, and the browser would show the page's stale and new elements side by side during the rerun.
    cookie_slot = st.empty()
    current = _gate(settings, sessions)
    _render_cookie_frame(cookie_slot)
    return current


def _gate(settings: Settings, sessions: sessionmaker[Session]) -> CurrentUser | None:
    key = resolve_cookie_key(settings).get_secret_value()
    throttle = _throttle(
        settings.resolved_database_url, settings.client_max_failed_logins, settings.client_lockout_minutes
    )
    client = _client_key()
    blocked = throttle.fetch_blocked_usernames(client, utcnow())
    creds = copy.deepcopy(_credentials(sessions, refused=blocked))
    authenticator = Authenticator(creds, settings.cookie_name, key, settings.cookie_expiry_days)
    _use_server_cookie(settings, authenticator, key)
    fresh: list[str] = []
    fields = {"Form name": "Sign in to Netra", "Username": "Username", "Password": "Password", "Login": LOGIN_BUTTON}

    def login_form() -> None:
        try:
            authenticator.login(
                location="main", key=LOGIN_FORM_KEY, fields=fields, callback=lambda i: fresh.append(i["username"])
            )
        except LoginError:
            authenticator.refuse()

    login_form()
    submitted = authenticator.form_submitted(LOGIN_FORM_KEY, LOGIN_BUTTON)
    if not _record_failures(settings, sessions, creds, throttle, client, blocked) and submitted and not fresh:
        # Unknown usernames skip bcrypt inside the library; spend the same time so timing does not tell.
        verify_password("not-the-password", _unmatchable_hash())
    status = authenticator.status
    if status is False and submitted:
        st.error(GENERIC_FAILURE)
    if not status:
        return None
    current = _attach_session(settings, sessions, authenticator, is_fresh=bool(fresh))
    if current is not None and fresh:
        throttle.record_success(client, current.username)
    if current is None:
        _end_session(authenticator)
        st.info(SESSION_ENDED)
        login_form()
        return None

    def on_logout(_info: dict[str, Any]) -> None:
        with sessions.begin() as session:
            revoke_session(session, current.session_id, reason="logout")
        log.info("signed out", extra={"username": current.username})

    with st.sidebar:
        st.caption(f"Signed in as **{current.display_name}** · {current.role} · org `{current.org_slug}`")
        authenticator.logout("Sign out", location="sidebar", key="netra_sign_out", callback=on_logout)
    if not authenticator.status:
        st.session_state.pop(_SESSION_ID, None)
        st.session_state.pop(_USER, None)
        st.success("Signed out.")
        login_form()
        return None
    return current


def current_user() -> CurrentUser:
    """The signed-in user for a page (the gate in app.py has already run)."""
    user = st.session_state.get(_USER)
    if not isinstance(user, CurrentUser):
        st.stop()
    return user
