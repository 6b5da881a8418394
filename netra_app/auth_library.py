"""The one place Netra touches streamlit-authenticator's internals (pinned: streamlit-authenticator==0.4.2).

The library draws the sign-in form and keeps its cookie model; Netra decodes that cookie safely and has the server,
not the library's JavaScript, write and delete it. That needs three contacts below the library's public API, all
here: replacing the cookie model's token decoder, replacing its set/delete methods, and reading the expiry it is
about to sign. tests/test_auth_library.py pins the version and checks these attributes exist, so an upgrade that
moves them fails a test instead of silently signing everyone out (or in).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit_authenticator as stauth
from streamlit_authenticator.utilities import LoginError

PINNED_VERSION = "0.4.2"
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

    def login(self, **kwargs: Any) -> Any:
        """The library's sign-in form."""
        return self.library.login(**kwargs)

    def logout(self, *args: Any, **kwargs: Any) -> Any:
        """The library's sign-out (a button, or `location="unrendered"` to sign out now)."""
        return self.library.logout(*args, **kwargs)
