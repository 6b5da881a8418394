from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from netra_core.db.auth_sessions import (
    fetch_live_session,
    hash_token,
    revoke_session,
    revoke_user_sessions,
    save_auth_session,
)
from netra_core.db.models import User
from netra_core.db.users import fetch_users, is_locked, record_failed_login, record_login, save_user, to_public
from netra_core.errors import ValidationError
from netra_core.passwords import hash_password, verify_password


def add(session: Session, username: str = "alice", org: str = "acme", role: str = "analyst") -> User:
    return save_user(session, username=username, password="correct-horse", org_slug=org, role=role)


def test_users_are_hashed_and_public_view_hides_the_hash(db_session: Session) -> None:
    user = add(db_session)
    assert user.password_hash.startswith("$2") and "correct-horse" not in user.password_hash
    assert verify_password("correct-horse", user.password_hash)
    assert not verify_password("wrong", user.password_hash)
    public = to_public(user)
    assert "password_hash" not in vars(public) and public.org_slug == "acme"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"username": "a"}, "username"),
        ({"username": "Bad Name!"}, "username"),
        ({"role": "owner"}, "role"),
        ({"password": "short"}, "at least 8"),
        ({"password": "x" * 73}, "72 bytes"),
        ({"org_slug": "Not An Org"}, "org"),
    ],
)
def test_bad_user_input_names_the_field(db_session: Session, kwargs: dict[str, str], message: str) -> None:
    values: dict[str, Any] = {
        "username": "bob",
        "password": "correct-horse",
        "org_slug": "acme",
        "role": "viewer",
        **kwargs,
    }
    with pytest.raises(ValidationError, match=message):
        save_user(db_session, **values)


def test_usernames_are_unique_and_lowercased(db_session: Session) -> None:
    add(db_session, "Alice")
    with pytest.raises(ValidationError, match=r"user 'alice' already exists"):
        add(db_session, "alice", org="other")


def test_users_list_by_org(db_session: Session) -> None:
    add(db_session, "alice", "acme")
    add(db_session, "bob", "globex")
    assert [u.username for u in fetch_users(db_session, "acme")] == ["alice"]
    assert {u.username for u in fetch_users(db_session)} >= {"alice", "bob"}


def test_fifth_failure_locks_for_the_window(db_session: Session) -> None:
    user = add(db_session)
    now = datetime(2026, 11, 1, 12, tzinfo=UTC)
    for _ in range(4):
        record_failed_login(db_session, user, max_failures=5, lockout=timedelta(minutes=15), now=now)
    assert not is_locked(user, now)
    record_failed_login(db_session, user, max_failures=5, lockout=timedelta(minutes=15), now=now)
    db_session.flush()
    assert is_locked(user, now + timedelta(minutes=14))
    assert not is_locked(user, now + timedelta(minutes=15, seconds=1))


def test_success_resets_the_failure_count(db_session: Session) -> None:
    user = add(db_session)
    record_failed_login(db_session, user, max_failures=5, lockout=timedelta(minutes=15))
    record_login(db_session, user)
    assert user.failed_attempts == 0 and user.last_login_at is not None


def test_sessions_live_until_revoked_or_expired(db_session: Session) -> None:
    user = add(db_session)
    now = datetime.now(UTC)
    a = save_auth_session(db_session, user, "token-a", now + timedelta(days=1))
    b = save_auth_session(db_session, user, "token-b", now + timedelta(days=1))
    assert a.token_hash == hash_token("token-a") and "token-a" not in a.token_hash
    assert fetch_live_session(db_session, token="token-a").id == a.id  # type: ignore[union-attr]
    revoke_session(db_session, a.id)
    db_session.expire_all()
    assert fetch_live_session(db_session, session_id=a.id) is None
    assert fetch_live_session(db_session, session_id=b.id) is not None
    assert fetch_live_session(db_session, session_id=b.id, now=now + timedelta(days=2)) is None
    assert revoke_user_sessions(db_session, user.id) == 1
    db_session.expire_all()
    assert fetch_live_session(db_session, token="token-b") is None


def test_hash_password_rejects_over_72_bytes_not_truncates() -> None:
    with pytest.raises(ValidationError):
        hash_password("é" * 40)  # 80 bytes
