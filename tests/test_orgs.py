"""Orgs: the query functions, `netra orgs`, and no events written or read for an org nobody added."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import delete, event, insert
from sqlalchemy.orm import Session

from netra_core.cli import main
from netra_core.db.engine import make_engine
from netra_core.db.migrate import upgrade_app_db
from netra_core.db.models import Org, User
from netra_core.db.orgs import (
    check_org_slug,
    compute_closest_slug,
    fetch_org,
    fetch_org_summaries,
    save_new_org,
    save_org,
    save_org_name,
)
from netra_core.db.users import save_user
from netra_core.errors import UnknownOrgError, ValidationError
from netra_core.workloads.events import fetch_event_count, save_events
from netra_core.workloads.store import WorkloadStore
from tests.conftest import run_netra
from tests.test_ingest_builders import FIXTURES, make_events

PASSWORD = "a-long-enough-password"


# --- the query functions, on SQLite and PostgreSQL ---------------------------------------------


@pytest.mark.parametrize("slug", ["acme", "a", "acme-eu-2", "0rg", "x" * 64])
def test_valid_slugs_are_kept_as_given(slug: str) -> None:
    assert check_org_slug(slug) == slug


@pytest.mark.parametrize(
    ("slug", "hint"),
    [
        ("Acme", "'acme'"),
        ("acme_eu", "'acme-eu'"),
        ("-acme", "'acme'"),
        ("acme-", "'acme'"),
        ("", ""),
        ("x" * 65, ""),
        ("a b", "'a-b'"),
        ("ac/me", "'ac-me'"),
    ],
)
def test_invalid_slugs_are_refused_with_a_suggestion(slug: str, hint: str) -> None:
    with pytest.raises(ValidationError, match="not a valid org id") as caught:
        check_org_slug(slug)
    assert (f"did you mean {hint}" in str(caught.value)) if hint else ("did you mean" not in str(caught.value))


def test_closest_slug_is_a_typo_hint_only_when_close() -> None:
    known = ["acme", "globex", "initech"]
    assert compute_closest_slug("acm", known) == "acme"
    assert compute_closest_slug("ACME", known) == "acme"
    assert compute_closest_slug("glbex", known) == "globex"
    assert compute_closest_slug("zzz", known) is None
    assert compute_closest_slug("acme", ["acme"]) is None


def test_orgs_add_rename_and_summaries(db_session: Session) -> None:
    save_new_org(db_session, "acme", "Acme Inc")
    save_org(db_session, "globex")
    with pytest.raises(ValidationError, match="org 'acme' already exists"):
        save_new_org(db_session, "acme")
    with pytest.raises(ValidationError, match="name: an org's display name cannot be empty"):
        save_new_org(db_session, "initech", "  ")
    save_user(db_session, username="ana", password=PASSWORD, org_slug="acme", create_org=False)
    save_user(db_session, username="bob", password=PASSWORD, org_slug="acme", create_org=False)
    renamed = save_org_name(db_session, "acme", "Acme Corporation")
    assert (renamed.slug, renamed.name) == ("acme", "Acme Corporation")
    assert [(s.slug, s.name, s.users) for s in fetch_org_summaries(db_session)] == [
        ("acme", "Acme Corporation", 2),
        ("globex", "globex", 0),
    ]
    with pytest.raises(UnknownOrgError, match=r"org 'acm' does not exist \(did you mean 'acme'\?\)"):
        save_org_name(db_session, "acm", "x")


def test_an_org_added_before_the_slug_rules_is_still_found(db_session: Session) -> None:
    db_session.add(Org(slug="legacy_org", name="Legacy"))  # underscores were allowed once
    db_session.flush()
    assert save_org(db_session, "legacy_org").name == "Legacy"
    assert save_user(db_session, username="ana", password=PASSWORD, org_slug="legacy_org").org.slug == "legacy_org"
    with pytest.raises(ValidationError, match="not a valid org id"):
        save_org(db_session, "new_org")


def test_unknown_org_names_orgs_add_and_the_closest_slug(db_session: Session) -> None:
    save_org(db_session, "acme")
    with pytest.raises(UnknownOrgError) as caught:
        fetch_org(db_session, "acne")
    assert str(caught.value) == "org 'acne' does not exist (did you mean 'acme'?): add it with `netra orgs add acne`"
    with pytest.raises(UnknownOrgError, match="does not exist: add it with `netra orgs add"):
        fetch_org(db_session, "umbrella")


def test_save_user_in_an_unknown_org_is_refused_unless_asked_to_create_it(db_session: Session) -> None:
    with pytest.raises(UnknownOrgError, match="netra orgs add acme"):
        save_user(db_session, username="ana", password=PASSWORD, org_slug="acme", create_org=False)
    user = save_user(db_session, username="ana", password=PASSWORD, org_slug="acme", create_org=True)
    assert user.org.slug == "acme"


def test_a_user_added_by_another_process_meanwhile_is_one_clear_error_without_the_hash(db_session: Session) -> None:
    """The race of two `netra users add`: the name is free when checked, taken by the time of the insert."""
    save_org(db_session, "acme")
    db_session.commit()  # SQLite: release the write lock the other connection needs
    other = make_engine(db_session.get_bind().engine.url.render_as_string(hide_password=False))

    def the_other_process_wins(session: Session, *_: object) -> None:
        if any(isinstance(o, User) for o in session.new):
            with other.begin() as conn:
                org_id = conn.execute(insert(Org).values(slug="rival", name="rival").returning(Org.id)).scalar_one()
                conn.execute(
                    insert(User).values(
                        org_id=org_id,
                        username="carol",
                        password_hash="$2b$12$other",
                        role="viewer",
                        email="",
                        display_name="carol",
                    )
                )

    event.listen(db_session, "before_flush", the_other_process_wins)
    try:
        with pytest.raises(ValidationError) as caught:
            save_user(db_session, username="carol", password=PASSWORD, org_slug="acme")
    finally:
        event.remove(db_session, "before_flush", the_other_process_wins)
        db_session.rollback()
        with other.begin() as conn:  # what the other connection committed is not rolled back with the test
            conn.execute(delete(User).where(User.username == "carol"))
            conn.execute(delete(Org).where(Org.slug == "rival"))
        other.dispose()
    assert str(caught.value) == "user 'carol' already exists"
    assert caught.value.__cause__ is None and caught.value.__suppress_context__  # the driver's text holds the hash


# --- netra orgs, and the org check of the commands that write or read events ------------------


def netra(*args: str, input_text: str | None = None) -> Result:
    """The `netra` command in this process (the same click group; much faster than a subprocess)."""
    return CliRunner().invoke(main, list(args), input=input_text)


@pytest.fixture
def app_db(store: WorkloadStore, monkeypatch: pytest.MonkeyPatch) -> WorkloadStore:
    """A migrated app database (the test's own SQLite file) and the test's workload store."""
    monkeypatch.setenv("NETRA_WORKLOAD_STORE_URL", store.url)
    result = netra("db", "upgrade")
    assert result.exit_code == 0, result.output
    return store


def test_netra_orgs_add_list_rename(app_db: WorkloadStore) -> None:
    assert netra("orgs", "list").output.startswith("no orgs yet: add one with `netra orgs add SLUG`")
    added = netra("orgs", "add", "acme", "--name", "Acme Inc")
    assert added.exit_code == 0 and "added org acme (Acme Inc)" in added.output
    again = netra("orgs", "add", "acme")
    assert again.exit_code == 1 and "org 'acme' already exists" in again.stderr
    bad = netra("orgs", "add", "Acme_EU")
    assert bad.exit_code == 1 and "not a valid org id" in bad.stderr and "did you mean 'acme-eu'" in bad.stderr
    assert netra("users", "add", "ana", "--org", "acme", "--password-stdin", input_text=PASSWORD + "\n").exit_code == 0
    with app_db.session() as client:
        save_events(client, "acme", make_events(5))
        save_events(client, "ghost", make_events(3, prefix="g"))  # written before orgs were checked
    renamed = netra("orgs", "rename", "acme", "--name", "Acme Corporation")
    assert renamed.exit_code == 0 and "org acme is now named 'Acme Corporation'" in renamed.output
    assert netra("orgs", "rename", "acme", "--name", "").exit_code == 1
    rows = json.loads(netra("orgs", "list", "--json").stdout)
    assert [(r["slug"], r["name"], r["users"], r["events"], r["in_app_database"]) for r in rows] == [
        ("acme", "Acme Corporation", 1, 5, True),
        ("ghost", "", 0, 3, False),
    ]
    text = netra("orgs", "list").stdout
    assert "not in the app database: `netra orgs add ghost`" in text and "Acme Corporation" in text
    assert "slug" in netra("orgs", "rename", "--help").stdout.lower()


def test_orgs_commands_need_a_migrated_app_database() -> None:
    result = netra("orgs", "add", "acme")
    assert result.exit_code == 1 and "the app database is not set up: run `netra db upgrade`" in result.stderr


def test_ingest_refuses_an_unknown_org_and_writes_nothing(app_db: WorkloadStore) -> None:
    assert netra("orgs", "add", "acme").exit_code == 0
    typo = netra("ingest", str(FIXTURES / "events.csv"), "--org", "acm")
    assert typo.exit_code == 1
    assert "org 'acm' does not exist (did you mean 'acme'?): add it with `netra orgs add acm`" in typo.stderr
    assert "--create-org" in typo.stderr
    evals = netra("evals", "ingest", str(FIXTURES / "evals.csv"), "--org", "acm", "--dataset", "math")
    assert evals.exit_code == 1 and "netra orgs add acm" in evals.stderr
    invalid = netra("ingest", str(FIXTURES / "events.csv"), "--org", "Acme", "--create-org")
    assert invalid.exit_code == 1 and "not a valid org id" in invalid.stderr
    with app_db.session() as client:
        assert fetch_event_count(client, "acm") == fetch_event_count(client, "Acme") == 0
    known = netra("ingest", str(FIXTURES / "events.csv"), "--org", "acme", "--json")
    assert known.exit_code == 0 and json.loads(known.stdout)["rows_written"] == 5
    created = netra("ingest", str(FIXTURES / "events.csv"), "--org", "globex", "--create-org", "--json")
    assert created.exit_code == 0, created.output
    assert json.loads(created.stdout)["rows_written"] == 5 and "created org globex" in created.stderr
    assert [r["slug"] for r in json.loads(netra("orgs", "list", "--json").stdout)] == ["acme", "globex"]


def test_generate_refuses_an_unknown_org_unless_asked_to_create_it(app_db: WorkloadStore) -> None:
    args = ("generate", "--org", "initech", "--events", "200", "--days", "2", "--end", "2026-11-02")
    refused = netra(*args)
    assert refused.exit_code == 1 and "netra orgs add initech" in refused.stderr
    with app_db.session() as client:
        assert fetch_event_count(client, "initech") == 0
    created = netra(*args, "--create-org", "--json")
    assert created.exit_code == 0, created.output
    assert json.loads(created.stdout)["events_written"] == 200
    assert [r["slug"] for r in json.loads(netra("orgs", "list", "--json").stdout)] == ["initech"]


def test_users_add_refuses_an_unknown_org_unless_asked_to_create_it(app_db: WorkloadStore) -> None:
    refused = netra("users", "add", "ana", "--org", "acme", "--password-stdin", input_text=PASSWORD + "\n")
    assert refused.exit_code == 1
    assert "org 'acme' does not exist: add it with `netra orgs add acme`, or pass --create-org" in refused.stderr
    created = netra(
        "users", "add", "ana", "--org", "acme", "--create-org", "--password-stdin", input_text=PASSWORD + "\n"
    )
    assert created.exit_code == 0 and "created ana (viewer) in org acme" in created.output
    again = netra("users", "add", "ana", "--org", "acme", "--password-stdin", input_text=PASSWORD + "\n")
    assert again.exit_code == 1 and again.stderr == "error: user 'ana' already exists\n"


def test_read_commands_refuse_an_org_nobody_knows(app_db: WorkloadStore) -> None:
    assert netra("orgs", "add", "acme").exit_code == 0
    with app_db.session() as client:
        save_events(client, "ghost", make_events(4))
    nobody = netra("query", "overview", "--org", "acne", "--days", "3650")
    assert nobody.exit_code == 1 and nobody.stdout == ""
    assert "org 'acne' does not exist (did you mean 'acme'?)" in nobody.stderr
    optimize = netra("optimize", "--org", "acne", "--quality-floor", "0.8")
    assert optimize.exit_code == 1 and "org 'acne' does not exist" in optimize.stderr
    ask = netra("ask", "--org", "acne", "--user", "ana", "spend?")
    assert ask.exit_code == 1 and "org 'acne' does not exist" in ask.stderr
    empty = netra("query", "overview", "--org", "acme", "--days", "3650", "--json")  # known, no traffic yet
    assert empty.exit_code == 0 and json.loads(empty.stdout)["kpis"]["requests"]["value"] == 0
    ghost = netra("query", "overview", "--org", "ghost", "--days", "3650", "--json")
    assert ghost.exit_code == 0 and json.loads(ghost.stdout)["kpis"]["requests"]["value"] == 4
    assert "org 'ghost' has events but is not in the app database: add it with `netra orgs add ghost`" in ghost.stderr


def test_query_overview_without_an_app_database_refuses_an_org_without_events(
    store: WorkloadStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETRA_WORKLOAD_STORE_URL", store.url)
    result = netra("query", "overview", "--org", "nobody")
    assert result.exit_code == 1 and "org 'nobody' has no workload events" in result.stderr


def _users_add(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "netra"), "users", "add", "carol", "--org", "acme", "--password-stdin"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_concurrent_users_add_of_one_name_one_wins_the_others_get_one_line(
    database: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    import os

    env = dict(os.environ)
    if database == "postgresql":
        env["NETRA_DATABASE_URL"] = request.getfixturevalue("fresh_pg_url")
    assert run_netra("db", "upgrade", env=env).returncode == 0
    assert run_netra("orgs", "add", "acme", env=env).returncode == 0
    procs = [_users_add(env) for _ in range(2)]
    for p in procs:  # every process gets its password at once, so both insert at about the same moment
        assert p.stdin is not None
        p.stdin.write(PASSWORD + "\n")
        p.stdin.close()
    outcomes = [
        (p.wait(timeout=120), p.stdout.read() if p.stdout else "", p.stderr.read() if p.stderr else "") for p in procs
    ]
    assert sorted(code for code, _, _ in outcomes) == [0, 1], outcomes
    for code, out, err in outcomes:
        assert "$2" not in out + err and "Traceback" not in err and "IntegrityError" not in err
        if code == 1:
            assert err == "error: user 'carol' already exists\n"
    engine = make_engine(env.get("NETRA_DATABASE_URL", f"sqlite:///{tmp_path / 'data' / 'netra.db'}"))
    upgrade_app_db(engine)
    with Session(engine) as session:
        assert [s.users for s in fetch_org_summaries(session)] == [1]
    engine.dispose()
