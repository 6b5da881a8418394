"""Per-org ingest keys: created once in plaintext, stored hashed, listed per org, revoked, authenticated."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from netra_core.db.keys import (
    authenticate_api_key,
    fetch_api_keys,
    hash_api_key,
    revoke_api_key,
    save_api_key,
)
from netra_core.db.models import ApiKey
from netra_core.db.orgs import save_org
from netra_core.db.types import utcnow
from netra_core.errors import NotFoundError, ValidationError
from tests.conftest import run_netra


@pytest.fixture
def orgs(db_session: Session) -> Session:
    save_org(db_session, "acme")
    save_org(db_session, "globex")
    db_session.flush()
    return db_session


def test_a_new_key_authenticates_as_its_org_and_only_its_hash_is_stored(orgs: Session) -> None:
    created = save_api_key(orgs, "acme", "support-bot", created_by="ada")
    assert created.token.startswith(f"nk_{created.key.prefix}_")
    row = orgs.scalars(select(ApiKey).where(ApiKey.id == created.key.id)).one()
    assert row.key_hash == hash_api_key(created.token)
    assert created.token not in {row.key_hash, row.prefix, row.name}
    assert authenticate_api_key(orgs, created.token) == "acme"
    assert orgs.get(ApiKey, created.key.id).last_used_at is not None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # right prefix, wrong secret
        lambda t: "nk_zzzzzzzz_" + t.split("_", 2)[2],  # unknown prefix
        lambda t: "",
        lambda t: "Bearer " + t,
        lambda t: t.upper(),
    ],
)
def test_a_wrong_or_malformed_key_does_not_authenticate(orgs: Session, mangle: Callable[[str], str]) -> None:
    token = save_api_key(orgs, "acme", "app").token
    assert authenticate_api_key(orgs, mangle(token)) is None


def test_a_revoked_key_stops_working_and_stays_listed(orgs: Session) -> None:
    created = save_api_key(orgs, "acme", "app")
    revoked = revoke_api_key(orgs, "acme", created.key.id)
    assert not revoked.is_active
    assert authenticate_api_key(orgs, created.token) is None
    listed = fetch_api_keys(orgs, "acme")
    assert [(k.id, k.is_active) for k in listed] == [(created.key.id, False)]
    assert fetch_api_keys(orgs, "acme", include_revoked=False) == []


def test_keys_are_scoped_to_their_org(orgs: Session) -> None:
    acme = save_api_key(orgs, "acme", "a")
    globex = save_api_key(orgs, "globex", "g")
    assert [k.name for k in fetch_api_keys(orgs, "acme")] == ["a"]
    with pytest.raises(NotFoundError, match="does not exist in org 'acme'"):
        revoke_api_key(orgs, "acme", globex.key.id)
    assert authenticate_api_key(orgs, globex.token) == "globex"
    assert authenticate_api_key(orgs, acme.token) == "acme"


def test_last_used_is_refreshed_at_most_once_a_minute(orgs: Session) -> None:
    created = save_api_key(orgs, "acme", "app")
    t0 = utcnow()
    authenticate_api_key(orgs, created.token, now=t0)
    authenticate_api_key(orgs, created.token, now=t0 + timedelta(seconds=30))
    orgs.expire_all()
    assert orgs.get(ApiKey, created.key.id).last_used_at == t0  # type: ignore[union-attr]
    authenticate_api_key(orgs, created.token, now=t0 + timedelta(minutes=2))
    orgs.expire_all()
    assert orgs.get(ApiKey, created.key.id).last_used_at == t0 + timedelta(minutes=2)  # type: ignore[union-attr]


def test_a_key_needs_a_name_and_an_existing_org(orgs: Session) -> None:
    with pytest.raises(ValidationError, match="name"):
        save_api_key(orgs, "acme", "  ")
    with pytest.raises(NotFoundError, match="'nobody'"):
        save_api_key(orgs, "nobody", "app")


def test_cli_adds_lists_and_revokes_keys() -> None:
    assert run_netra("db", "upgrade").returncode == 0
    assert (
        run_netra(
            "users",
            "add",
            "ada",
            "--org",
            "acme",
            "--role",
            "admin",
            "--password-stdin",
            "--create-org",
            input_text="a-long-password\n",
        ).returncode
        == 0
    )
    added = run_netra("keys", "add", "--org", "acme", "--name", "support-bot", "--json")
    assert added.returncode == 0, added.stderr
    created = json.loads(added.stdout)
    assert created["key"].startswith("nk_") and created["org"] == "acme"

    listed = run_netra("keys", "list", "--org", "acme", "--json")
    rows = json.loads(listed.stdout)
    assert [(r["id"], r["name"], r["is_active"]) for r in rows] == [(created["id"], "support-bot", True)]
    assert created["key"] not in listed.stdout
    assert "key_hash" not in listed.stdout

    revoked = run_netra("keys", "revoke", str(created["id"]), "--org", "acme")
    assert revoked.returncode == 0 and "revoked" in revoked.stdout
    assert json.loads(run_netra("keys", "list", "--org", "acme", "--json").stdout)[0]["is_active"] is False

    missing = run_netra("keys", "revoke", "999", "--org", "acme")
    assert missing.returncode == 1 and "key 999 does not exist" in missing.stderr
