"""One door to manage users: the CLI and the Admin page both call netra_core.services.users; Role is defined once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from netra_core.cli import main
from netra_core.config import get_settings
from netra_core.db.auth_sessions import fetch_user_sessions, save_auth_session
from netra_core.db.engine import make_engine, make_session_factory
from netra_core.db.migrate import upgrade_app_db
from netra_core.db.models import User
from netra_core.db.users import fetch_user
from netra_core.errors import NotFoundError, ValidationError
from netra_core.passwords import verify_password
from netra_core.roles import Role
from netra_core.services import users


@pytest.fixture
def sessions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[sessionmaker[Session]]:
    """A migrated app database (also the CLI's) with an admin and an analyst in acme and an admin in globex."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    engine = make_engine(url)
    upgrade_app_db(engine)
    factory = make_session_factory(engine)
    for name, org, role in (("ada", "acme", Role.ADMIN), ("ana", "acme", "analyst"), ("gus", "globex", Role.ADMIN)):
        users.add_user(factory, username=name, password="a-long-password", org_slug=org, role=role, create_org=True)
    monkeypatch.setenv("NETRA_DATABASE_URL", url)
    get_settings.cache_clear()
    yield factory
    engine.dispose()


def _live_sessions(factory: sessionmaker[Session], username: str) -> int:
    with factory() as s:
        user = fetch_user(s, username)
        assert user is not None
        return sum(a.revoked_at is None for a in fetch_user_sessions(s, user.id))


def _sign_in(factory: sessionmaker[Session], username: str, token: str) -> None:
    with factory.begin() as s:
        user = fetch_user(s, username)
        assert user is not None
        save_auth_session(s, user, token, datetime.now(UTC) + timedelta(hours=1))


def test_reset_password_sets_it_and_ends_the_sessions(sessions: sessionmaker[Session]) -> None:
    _sign_in(sessions, "ana", "t1")
    _sign_in(sessions, "ana", "t2")
    assert users.reset_password(sessions, "ana", "another-long-one", org_slug="acme") == 2
    assert _live_sessions(sessions, "ana") == 0
    with sessions() as s:
        hashed = s.scalars(select(User.password_hash).where(User.username == "ana")).one()
    assert verify_password("another-long-one", hashed) and not verify_password("a-long-password", hashed)


def test_an_admin_reaches_only_their_own_orgs_users(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(NotFoundError, match="user 'gus' is not in org 'acme'"):
        users.reset_password(sessions, "gus", "another-long-one", org_slug="acme")
    with pytest.raises(NotFoundError, match="user 'gus' is not in org 'acme'"):
        users.change_role(sessions, "gus", Role.VIEWER, org_slug="acme")
    with pytest.raises(NotFoundError, match="user 'nobody' does not exist"):
        users.reset_password(sessions, "nobody", "another-long-one")


def test_change_role_keeps_an_admin_and_refuses_unknown_roles(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(ValidationError, match="last admin"):
        users.change_role(sessions, "ada", "viewer", org_slug="acme")
    with pytest.raises(ValidationError, match="'owner' is not one of admin, analyst, viewer"):
        users.change_role(sessions, "ana", "owner", org_slug="acme")
    assert users.change_role(sessions, "ana", "admin", org_slug="acme") is Role.ADMIN
    assert users.change_role(sessions, "ada", Role.VIEWER, org_slug="acme") is Role.VIEWER  # ana is admin now
    with sessions() as s:
        roles = dict(s.execute(select(User.username, User.role)).tuples().all())
    assert roles == {"ada": "viewer", "ana": "admin", "gus": "admin"}


def test_the_cli_resets_a_password_and_changes_a_role(sessions: sessionmaker[Session]) -> None:
    _sign_in(sessions, "ana", "t1")
    passwd = CliRunner().invoke(main, ["users", "passwd", "ana", "--password-stdin"], input="cli-long-password\n")
    assert passwd.exit_code == 0, passwd.output
    assert _live_sessions(sessions, "ana") == 0
    role = CliRunner().invoke(main, ["users", "role", "ana", "viewer"])
    assert role.exit_code == 0 and "ana is now viewer" in role.output
    last = CliRunner().invoke(main, ["users", "role", "gus", "analyst"])
    assert last.exit_code == 1 and "last admin" in last.stderr
    bad = CliRunner().invoke(main, ["users", "role", "ana", "owner"])
    assert bad.exit_code == 2 and "owner" in bad.stderr
    with sessions() as s:
        ana = fetch_user(s, "ana")
        assert ana is not None and ana.role == Role.VIEWER and verify_password("cli-long-password", ana.password_hash)


@pytest.mark.parametrize(
    ("role", "minimum", "expected"),
    [
        ("viewer", "viewer", True),
        ("viewer", "analyst", False),
        ("analyst", "viewer", True),
        ("analyst", "admin", False),
        ("admin", "analyst", True),
        ("admin", "admin", True),
    ],
)
def test_each_role_includes_the_ones_below_it(role: str, minimum: str, expected: bool) -> None:
    assert Role.parse(role).includes(minimum) is expected


def test_role_strings_are_spelled_only_in_the_role_module() -> None:
    """The role names live in netra_core/roles.py; elsewhere code names Role members.

    'viewer' and 'analyst' in quotes are always roles; 'admin' is one when compared with or given to a role (it is
    also a page's URL path and an English word the planner knows).
    """
    root = Path(__file__).resolve().parents[1]
    quoted = re.compile(r"[\"'](viewer|analyst)[\"']")
    admin = re.compile(r"role\w*\s*(==|!=|=|:|\bin\b)[^#]*[\"']admin[\"']", re.IGNORECASE)
    spelled = [
        f"{path.relative_to(root)}:{number}: {line.strip()}"
        for folder in ("netra_core", "netra_app", "views")
        for path in sorted((root / folder).rglob("*.py"))
        if path.name != "roles.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if quoted.search(line) or admin.search(line)
    ]
    assert spelled == []
