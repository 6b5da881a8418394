"""Sign-in throttling per client and username (pure: the time is passed in)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from netra_core.throttle import SignInThrottle, compute_client_key

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
BLOCK = timedelta(minutes=15)


def test_the_fifth_failure_blocks_only_that_client_for_that_username() -> None:
    throttle = SignInThrottle(5, BLOCK)
    assert [throttle.record_failure("ip:a", "alice", T0 + timedelta(seconds=i)) for i in range(5)] == [False] * 4 + [
        True
    ]
    assert throttle.fetch_blocked_usernames("ip:a", T0 + timedelta(minutes=1)) == {"alice"}
    assert throttle.fetch_blocked_usernames("ip:b", T0 + timedelta(minutes=1)) == set()
    throttle.record_failure("ip:a", "bob", T0)
    assert throttle.fetch_blocked_usernames("ip:a", T0 + timedelta(minutes=1)) == {"alice"}
    # The block ends after its time; the count starts again.
    assert throttle.fetch_blocked_usernames("ip:a", T0 + BLOCK + timedelta(minutes=1)) == set()
    assert throttle.record_failure("ip:a", "alice", T0 + BLOCK + timedelta(minutes=1)) is False


def test_old_failures_and_a_success_reset_the_count() -> None:
    throttle = SignInThrottle(3, BLOCK)
    throttle.record_failure("ip:a", "alice", T0)
    throttle.record_failure("ip:a", "alice", T0 + timedelta(minutes=1))
    assert throttle.record_failure("ip:a", "alice", T0 + timedelta(minutes=20)) is False  # the first two are stale
    throttle.record_failure("ip:a", "alice", T0 + timedelta(minutes=21))
    throttle.record_success("ip:a", "alice")
    assert throttle.record_failure("ip:a", "alice", T0 + timedelta(minutes=22)) is False


def test_memory_stays_bounded_and_keeps_live_blocks() -> None:
    throttle = SignInThrottle(2, BLOCK, max_entries=50)
    throttle.record_failure("ip:attacker", "alice", T0)
    throttle.record_failure("ip:attacker", "alice", T0)
    for i in range(500):
        throttle.record_failure(f"ip:{i}", "alice", T0 + timedelta(seconds=1))
    assert len(throttle._failures) <= 51
    assert throttle.fetch_blocked_usernames("ip:attacker", T0 + timedelta(minutes=1)) == {"alice"}


@pytest.mark.parametrize(
    ("ip", "forwarded", "key"),
    [
        ("203.0.113.9", "198.51.100.1", "ip:203.0.113.9"),
        (None, "198.51.100.1, 10.0.0.2", "ip:10.0.0.2"),
        (None, None, "session:s1"),
        (None, "  ", "session:s1"),
    ],
)
def test_client_key(ip: str | None, forwarded: str | None, key: str) -> None:
    assert compute_client_key(ip, forwarded, "s1") == key
