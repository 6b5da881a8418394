"""The sign-in cookie, set by the server with HttpOnly and SameSite=Strict instead of by JavaScript.

streamlit-authenticator writes its cookie from the browser (extra-streamlit-components'
CookieManager, `document.cookie`), and a cookie written by JavaScript can never be HttpOnly: any
script running with the app's origin could read the token. Here the script run hands the token to
this process's `CookieTickets` under a random single-use ticket that lives a minute, and the page
loads `/api/session?ticket=...` in a hidden frame; that response sets the cookie (or clears it, at
sign-out). Reading is unchanged: the browser sends the cookie with the app's WebSocket handshake,
where `st.context.cookies` sees it.

It needs the server that `netra up` runs (netra_app/server.py, Streamlit's ASGI `st.App` with this
route); a plain `streamlit run app.py` has no such route and nobody stays signed in across reloads.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from starlette.requests import Request
from starlette.responses import Response

ROUTE = "/api/session"
TICKET_TTL = timedelta(minutes=1)
MAX_TICKETS = 10_000


@dataclass(frozen=True)
class CookieOrder:
    """What one ticket does: set `name` to `token` for `max_age_s` seconds, or clear it (token None)."""

    name: str
    token: str | None
    max_age_s: int
    expires_at: datetime


class CookieTickets:
    """Pending cookie orders by ticket; each is redeemed at most once, within its minute. Thread-safe."""

    def __init__(self) -> None:
        self._orders: dict[str, CookieOrder] = {}
        self._redeemed: set[str] = set()
        self._lock = threading.Lock()

    def issue(self, name: str, token: str | None, max_age_s: int, now: datetime) -> str:
        """A new ticket for this order."""
        ticket = secrets.token_urlsafe(32)
        with self._lock:
            if len(self._orders) >= MAX_TICKETS:
                for key in [k for k, o in self._orders.items() if o.expires_at <= now]:
                    del self._orders[key]
            self._orders[ticket] = CookieOrder(name, token, max_age_s, now + TICKET_TTL)
        return ticket

    def redeem(self, ticket: str, now: datetime) -> CookieOrder | None:
        """The order, once; None for an unknown, used or expired ticket."""
        with self._lock:
            order = self._orders.pop(ticket, None)
            if order is None or order.expires_at <= now:
                return None
            if len(self._redeemed) >= MAX_TICKETS:
                self._redeemed.clear()
            self._redeemed.add(ticket)
            return order

    def is_redeemed(self, ticket: str) -> bool:
        """Whether the browser has loaded the ticket (so the page may stop showing its frame)."""
        with self._lock:
            return ticket in self._redeemed


@lru_cache(maxsize=1)
def make_cookie_tickets() -> CookieTickets:
    """The process's tickets, shared by the script runs (which issue them) and the route (which redeems them)."""
    return CookieTickets()


def compute_set_cookie(order: CookieOrder, is_https: bool) -> str:
    """The Set-Cookie header for an order: HttpOnly, SameSite=Strict, the whole app's path, Secure over HTTPS."""
    value, max_age = (order.token, order.max_age_s) if order.token is not None else ("", 0)
    return f"{order.name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Strict" + (
        "; Secure" if is_https else ""
    )


async def session_cookie_route(request: Request) -> Response:
    """GET /api/session?ticket=...: set or clear the sign-in cookie the ticket was issued for."""
    from netra_core.db.types import utcnow

    order = make_cookie_tickets().redeem(request.query_params.get("ticket", ""), utcnow())
    headers = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
    if order is None:
        return Response("", status_code=404, headers=headers)
    forwarded = request.headers.get("x-forwarded-proto", "")
    headers["Set-Cookie"] = compute_set_cookie(order, request.url.scheme == "https" or forwarded == "https")
    return Response("", status_code=200, headers=headers, media_type="text/html")
