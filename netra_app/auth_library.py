"""The one place Netra touches streamlit-authenticator's internals (pinned: streamlit-authenticator==0.4.2).

The library draws the sign-in form and keeps its cookie model; Netra decodes that cookie safely and has the server,
not the library's JavaScript, write and delete it. That needs contacts below the library's public API, all here:
replacing the cookie model's token decoder, replacing its set/delete methods, reading the expiry it is about to
sign and signing the token it would set (by its own encoder), plus the session-state keys it keeps the sign-in in
and the key Streamlit gives its form's button. tests/test_auth_library.py pins the version and checks each of
these, so an upgrade that moves them fails a test instead of silently signing everyone out (or in).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st
import streamlit_authenticator as stauth
from streamlit_authenticator.utilities import LoginError

PINNED_VERSION = "0.4.2"
# Where the library keeps the sign-in in the session: the outcome (None: not tried, False: refused, True) and who.
_STATUS_KEY = "authentication_status"
_USERNAME_KEY = "username"
__all__ = ["PINNED_VERSION", "Authenticator", "LoginError"]


class Authenticator:
    """streamlit-authenticator's Authenticate, with the cookie handled by Netra."""

    def __init__(self, credentials: dict[str, Any], cookie_name: str, key: str, expiry_days: float) -> None:
        self.library = stauth.Authenticate(
            credentials, cookie_name, key, expiry_days, auto_hash=False, login_sleep_time=0
        )

    @property
    def _cookie(self) -> Any:
        return self.library.cookie_controller.cookie_model

    def use_server_cookie(
        self,
        decode: Callable[[object], dict[str, Any] | bool],
        set_expiry: Callable[[], float],
        delete: Callable[[], None],
    ) -> None:
        """The library reads its cookie with `decode(token)`; setting it only records the expiry `set_expiry()`
        returns (the server writes the cookie once the session row exists); deleting it calls `delete()`."""
        cookie = self._cookie
        cookie._token_decode = lambda: decode(cookie.token)

        def set_expiry_only() -> None:
            cookie.exp_date = set_expiry()

        cookie.set_cookie = set_expiry_only
        cookie.delete_cookie = delete

    @property
    def cookie_expiry(self) -> float | None:
        """The expiry (epoch seconds) the library is about to sign into a fresh sign-in's cookie, if set."""
        value = self._cookie.exp_date
        return float(value) if value is not None else None

    def cookie_token(self, expiry: float) -> str:
        """The token the library would set as its cookie for the signed-in user, expiring at `expiry` (epoch s),
        signed by the library's own encoder: its hash identifies the session row."""
        cookie = self._cookie
        cookie.exp_date = expiry
        return str(cookie._token_encode())

    @property
    def status(self) -> bool | None:
        """The sign-in's outcome this session: None not tried, False refused (or signed out), True signed in."""
        value = st.session_state.get(_STATUS_KEY)
        return None if value is None else bool(value)

    @property
    def username(self) -> str:
        """The signed-in username ('' when none)."""
        return str(st.session_state.get(_USERNAME_KEY) or "")

    def refuse(self) -> None:
        """Mark this session's sign-in as refused (the library raised instead of answering)."""
        st.session_state[_STATUS_KEY] = False

    @staticmethod
    def form_submitted(form_key: str, button_label: str) -> bool:
        """Whether this run follows a press of the sign-in form's button (Streamlit's key for a form's button)."""
        return bool(st.session_state.get(f"FormSubmitter:{form_key}-{button_label}"))

    def login(self, **kwargs: Any) -> Any:
        """The library's sign-in form."""
        return self.library.login(**kwargs)

    def logout(self, *args: Any, **kwargs: Any) -> Any:
        """The library's sign-out (a button, or `location="unrendered"` to sign out now)."""
        return self.library.logout(*args, **kwargs)
