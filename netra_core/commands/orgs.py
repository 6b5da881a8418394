"""`netra orgs ...`, and the org checks every command that writes or reads an org's events runs first.

An org exists when the app database has it. Writing events for an org it does not know would make a
tenant nobody can sign in to (a typo in `--org` is enough), so writers refuse unless `--create-org`
is given; readers refuse an org that is neither in the app database nor in the workload store,
instead of answering with zeros.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click
from sqlalchemy.orm import Session

from netra_core.errors import AppDatabaseError, NetraError, NotFoundError, UnknownOrgError

if TYPE_CHECKING:
    from clickhouse_connect.driver.client import Client
    from sqlalchemy import Engine

    from netra_core.config import Settings


def _settings() -> Settings:
    from netra_core.config import get_settings
    from netra_core.logs import configure_logging

    settings = get_settings()
    configure_logging(settings.log_level, as_json=settings.log_json)
    return settings


def _is_migrated(engine: Engine) -> bool:
    from sqlalchemy.exc import SQLAlchemyError

    from netra_core.db.migrate import fetch_app_db_revision

    try:
        return fetch_app_db_revision(engine) is not None
    except SQLAlchemyError as exc:
        raise AppDatabaseError(f"the app database cannot be read ({type(exc).__name__}): see `netra doctor`") from exc


@contextmanager
def app_session(settings: Settings, *, upgrade: bool = False) -> Iterator[Session]:
    """A transaction on a migrated app database (migrated first when `upgrade`); commits on success."""
    from netra_core.db.engine import make_session_factory
    from netra_core.db.migrate import upgrade_app_db
    from netra_core.stores import make_app_engine

    engine = make_app_engine(settings)
    try:
        if upgrade:
            upgrade_app_db(engine)
        elif not _is_migrated(engine):
            raise AppDatabaseError("the app database is not set up: run `netra db upgrade` (or `netra up`) first")
        with make_session_factory(engine).begin() as session:
            yield session
    finally:
        engine.dispose()


def require_org(settings: Settings, slug: str, *, create: bool = False) -> bool:
    """Before writing for an org: refuse one the app database does not know, or create it when `create`.

    Returns whether the org was created now.
    """
    from netra_core.db.orgs import check_org_slug, compute_closest_slug, fetch_org_or_none, fetch_org_slugs, save_org

    with app_session(settings, upgrade=create) as session:
        if fetch_org_or_none(session, slug) is not None:
            return False  # also an org whose slug predates today's rules (underscores were allowed)
        check_org_slug(slug)
        if not create:
            raise UnknownOrgError(slug, compute_closest_slug(slug, fetch_org_slugs(session)), can_create=True)
        save_org(session, slug)
    click.echo(f"created org {slug}", err=True)
    return True


def check_org_readable(settings: Settings, client: Client, slug: str) -> None:
    """Before reading an org's events: refuse an org that neither the app database nor the store knows.

    An org with events but no app-database row (written before orgs were checked) is read, with a
    warning that says how to add it.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from netra_core.db.engine import make_session_factory
    from netra_core.db.orgs import compute_closest_slug, fetch_org_or_none, fetch_org_slugs
    from netra_core.stores import make_app_engine
    from netra_core.workloads.events import fetch_has_events

    known: list[str] | None = None  # None: no app database to ask
    engine = make_app_engine(settings)
    try:
        if _is_migrated(engine):
            with make_session_factory(engine)() as session:
                if fetch_org_or_none(session, slug) is not None:
                    return
                known = fetch_org_slugs(session)
    except (SQLAlchemyError, AppDatabaseError):
        known = None
    finally:
        engine.dispose()
    if fetch_has_events(client, slug):
        if known is not None:
            click.secho(
                f"warning: org {slug!r} has events but is not in the app database: add it with `netra orgs add {slug}`",
                fg="yellow",
                err=True,
            )
        return
    if known is None:
        raise NotFoundError(
            f"org {slug!r} has no workload events, and there is no app database to look it up in "
            "(run `netra db upgrade`)"
        )
    raise UnknownOrgError(slug, compute_closest_slug(slug, known))


# --- netra orgs -------------------------------------------------------------------------------


@click.group("orgs")
def orgs() -> None:
    """Orgs (tenants): add, list, rename. Events can only be written for an org that exists."""


@orgs.command("add")
@click.argument("slug")
@click.option("--name", default=None, help="Display name (default: the slug).")
def orgs_add(slug: str, name: str | None) -> None:
    """Add an org. SLUG is its id: lowercase letters, digits and dashes; it tags every event and never changes."""
    from netra_core.db.orgs import save_new_org

    with app_session(_settings()) as session:
        org = save_new_org(session, slug, name)
        click.echo(f"added org {org.slug} ({org.name})")


@orgs.command("rename")
@click.argument("slug")
@click.option("--name", required=True, help="The new display name.")
def orgs_rename(slug: str, name: str) -> None:
    """Change an org's display name. The slug (the org's id on every event) does not change."""
    from netra_core.db.orgs import save_org_name

    with app_session(_settings()) as session:
        org = save_org_name(session, slug, name)
        click.echo(f"org {org.slug} is now named {org.name!r}")


def _event_counts(settings: Settings) -> tuple[dict[str, int] | None, str]:
    """Events per org from the workload store, or None and why not."""
    from netra_core.stores import make_store
    from netra_core.workloads.events import fetch_event_counts_by_org

    store = make_store(settings)
    try:
        with store.session() as client:
            return fetch_event_counts_by_org(client), ""
    except NetraError as exc:
        return None, str(exc)
    finally:
        store.close()


@orgs.command("list")
@click.option("--json", "as_json", is_flag=True)
def orgs_list(as_json: bool) -> None:
    """Orgs with their users and events; events of an org the app database does not know are listed too."""
    from netra_core.db.orgs import fetch_org_summaries

    settings = _settings()
    with app_session(settings) as session:
        summaries = fetch_org_summaries(session)
    counts, why = _event_counts(settings)
    rows: list[dict[str, Any]] = [
        {
            "slug": s.slug,
            "name": s.name,
            "users": s.users,
            "events": None if counts is None else counts.get(s.slug, 0),
            "in_app_database": True,
            "created_at": s.created_at.isoformat() if s.created_at else None,
        }
        for s in summaries
    ]
    known = {s.slug for s in summaries}
    rows += [
        {"slug": slug, "name": "", "users": 0, "events": n, "in_app_database": False, "created_at": None}
        for slug, n in sorted((counts or {}).items())
        if slug not in known
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        click.echo("no orgs yet: add one with `netra orgs add SLUG`")
    for r in rows:
        events = "?" if r["events"] is None else f"{r['events']:,}"
        note = "" if r["in_app_database"] else f"  not in the app database: `netra orgs add {r['slug']}`"
        click.echo(f"{r['slug']:<24} {r['name'][:32]:<32} {r['users']:>6} users {events:>14} events{note}")
    if counts is None:
        click.echo(f"(event counts unavailable: {why})", err=True)


COMMANDS = [orgs]
