"""streamlit-authenticator is used below its public API in one adapter (netra_app/auth_library.py); this pins the
version and the internals the adapter replaces, so an upgrade that moves them fails here, not at sign-in."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import jwt
import streamlit as st

from netra_app.auth_library import PINNED_VERSION, Authenticator

ROOT = Path(__file__).resolve().parents[1]


def test_the_installed_and_required_versions_are_the_adapters() -> None:
    assert version("streamlit-authenticator") == PINNED_VERSION
    assert f"streamlit-authenticator=={PINNED_VERSION}" in (ROOT / "requirements.txt").read_text()
    assert f'"streamlit-authenticator=={PINNED_VERSION}"' in (ROOT / "pyproject.toml").read_text()


def test_the_cookie_internals_the_adapter_replaces_exist_and_are_replaced() -> None:
    creds = {"usernames": {"ada": {"name": "Ada", "password": "$2b$12$" + "x" * 53, "email": "ada@example.com"}}}
    auth = Authenticator(creds, "netra_test_cookie", "k" * 32, 1.0)
    cookie = auth.library.cookie_controller.cookie_model
    for name in ("_token_decode", "set_cookie", "delete_cookie", "exp_date", "token"):
        assert hasattr(cookie, name), name
    seen: list[object] = []
    deleted: list[bool] = []

    def decode(token: object) -> bool:
        seen.append(token)
        return False

    auth.use_server_cookie(decode=decode, set_expiry=lambda: 1234.0, delete=lambda: deleted.append(True))
    cookie.token = "a-token"
    assert cookie._token_decode() is False and seen == ["a-token"]
    cookie.set_cookie()
    assert auth.cookie_expiry == 1234.0 and cookie.exp_date == 1234.0
    cookie.delete_cookie()
    assert deleted == [True]


def test_the_session_keys_and_the_token_are_the_librarys() -> None:
    creds = {"usernames": {"ada": {"name": "Ada", "password": "$2b$12$" + "x" * 53, "email": "ada@example.com"}}}
    auth = Authenticator(creds, "netra_test_cookie", "k" * 32, 1.0)
    st.session_state.clear()
    assert (auth.status, auth.username) == (None, "")
    # Where the library itself keeps the outcome and the user (its documented session-state keys).
    st.session_state["authentication_status"] = True
    st.session_state["username"] = "ada"
    assert (auth.status, auth.username) == (True, "ada")
    token = auth.cookie_token(1234.5)
    assert jwt.decode(token, "k" * 32, algorithms=["HS256"]) == {"username": "ada", "exp_date": 1234.5}
    assert auth.library.cookie_controller.cookie_model.exp_date == 1234.5
    auth.refuse()
    assert auth.status is False
    st.session_state["FormSubmitter:netra_login-Sign in"] = True
    assert auth.form_submitted("netra_login", "Sign in") and not auth.form_submitted("netra_login", "Log in")
    st.session_state.clear()
