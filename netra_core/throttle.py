"""Failed sign-ins counted per client and username, so one client's guesses block only that client.

Locking the whole account after a few failures let anyone lock out an admin by typing a wrong
password five times. Here the `max_failures`-th failure in a row from one client for one username
blocks that pair for `block`: the same client cannot try that username again until then, while the
real user, from their own client, signs in as usual. The account-wide lockout (db/users.py) stays
only as a much higher backstop against guessing spread over many clients.

The counts live in the app process's memory: a restart forgets them (the account-wide counter is
in the database), and several app processes would each count their own clients.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

MAX_ENTRIES = 100_000


@dataclass
class _Failures:
    count: int
    last_at: datetime
    blocked_until: datetime | None = None


def compute_client_key(ip_address: str | None, forwarded_for: str | None, session_key: str) -> str:
    """Who is signing in: the remote address; behind a local proxy the address it forwards; else the browser session.

    A loopback peer is a proxy on this machine (or someone on it): the last `X-Forwarded-For` entry is the address
    that proxy saw. With neither, each browser session counts on its own.
    """
    if ip_address:
        return f"ip:{ip_address}"
    forwarded = (forwarded_for or "").split(",")[-1].strip()
    if forwarded:
        return f"ip:{forwarded}"
    return f"session:{session_key}"


class SignInThrottle:
    """Failures per (client, username); thread-safe, bounded in size. Every method takes the time (no clock here)."""

    def __init__(self, max_failures: int, block: timedelta, max_entries: int = MAX_ENTRIES) -> None:
        self.max_failures = max_failures
        self.block = block
        self.max_entries = max_entries
        self._failures: dict[tuple[str, str], _Failures] = {}
        self._lock = threading.Lock()

    def fetch_blocked_usernames(self, client: str, now: datetime) -> set[str]:
        """The usernames this client may not try now."""
        with self._lock:
            return {
                name
                for (who, name), entry in self._failures.items()
                if who == client and entry.blocked_until is not None and entry.blocked_until > now
            }

    def record_failure(self, client: str, username: str, now: datetime) -> bool:
        """Count a failed attempt; True when it blocks the pair. Failures older than `block` are forgotten."""
        with self._lock:
            entry = self._failures.get((client, username))
            if (
                entry is None
                or now - entry.last_at > self.block
                or (entry.blocked_until and entry.blocked_until <= now)
            ):
                entry = _Failures(count=0, last_at=now)
            entry.count += 1
            entry.last_at = now
            if entry.count >= self.max_failures:
                entry.blocked_until = now + self.block
            self._failures[(client, username)] = entry
            if len(self._failures) > self.max_entries:
                self._forget_stale(now)
            return entry.blocked_until is not None

    def record_success(self, client: str, username: str) -> None:
        """A successful sign-in clears that client's count for the username."""
        with self._lock:
            self._failures.pop((client, username), None)

    def _forget_stale(self, now: datetime) -> None:
        stale = [
            key
            for key, e in self._failures.items()
            if (e.blocked_until is None or e.blocked_until <= now) and now - e.last_at > self.block
        ]
        for key in stale:
            del self._failures[key]
        # Still full (a flood of live entries): drop the oldest unblocked ones rather than grow without bound.
        if len(self._failures) > self.max_entries:
            by_age = sorted(
                (k for k, e in self._failures.items() if e.blocked_until is None),
                key=lambda k: self._failures[k].last_at,
            )
            for key in by_age[: len(self._failures) - self.max_entries]:
                del self._failures[key]
