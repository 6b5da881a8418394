"""`netra keys add|list|revoke`: per-org ingest keys for `netra collect` (run by an operator, i.e. an admin)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlalchemy.orm import Session


@contextmanager
def _transaction() -> Iterator[Session]:
    from netra_core.config import get_settings
    from netra_core.db.engine import make_session_factory
    from netra_core.logs import configure_logging
    from netra_core.stores import make_app_engine

    settings = get_settings()
    configure_logging(settings.log_level, as_json=settings.log_json)
    engine = make_app_engine(settings)
    try:
        with make_session_factory(engine).begin() as session:
            yield session
    finally:
        engine.dispose()


@click.group("keys")
def keys() -> None:
    """Ingest keys: what `netra collect` accepts as `Authorization: Bearer KEY`; each belongs to one org."""


@keys.command("add")
@click.option("--org", "org_slug", required=True, help="Org the key writes to.")
@click.option("--name", required=True, help="What the key is for (e.g. the app that sends with it).")
@click.option("--json", "as_json", is_flag=True)
def keys_add(org_slug: str, name: str, as_json: bool) -> None:
    """Create a key and print it ONCE: only its hash is kept."""
    from netra_core.db.keys import save_api_key

    with _transaction() as session:
        created = save_api_key(session, org_slug, name, created_by="cli")
    if as_json:
        click.echo(
            json.dumps(
                {"id": created.key.id, "org": created.key.org_slug, "name": created.key.name, "key": created.token}
            )
        )
        return
    click.echo(f"created key {created.key.id} ({created.key.name}) for org {created.key.org_slug}:")
    click.echo(created.token)
    click.echo("Store it now: it is not shown again. Send it as `Authorization: Bearer <key>`.", err=True)


@keys.command("list")
@click.option("--org", "org_slug", required=True)
@click.option("--json", "as_json", is_flag=True)
def keys_list(org_slug: str, as_json: bool) -> None:
    """List the org's keys (never the keys themselves)."""
    from netra_core.db.keys import fetch_api_keys

    with _transaction() as session:
        rows = fetch_api_keys(session, org_slug)
    if as_json:
        payload = [{**vars(r), "display": r.display, "is_active": r.is_active} for r in rows]
        click.echo(json.dumps(payload, default=str, indent=2))
        return
    if not rows:
        click.echo(f"org {org_slug} has no keys; create one with `netra keys add --org {org_slug} --name NAME`")
    for r in rows:
        state = "active" if r.is_active else f"revoked {r.revoked_at:%Y-%m-%d %H:%M}"
        used = f"{r.last_used_at:%Y-%m-%d %H:%M}" if r.last_used_at else "never used"
        click.echo(f"{r.id:<5} {r.display:<16} {r.name:<24} {state:<24} {used}")


@keys.command("revoke")
@click.argument("key_id", type=int)
@click.option("--org", "org_slug", required=True)
def keys_revoke(key_id: int, org_slug: str) -> None:
    """Revoke a key: requests sent with it get 401 from then on."""
    from netra_core.db.keys import revoke_api_key

    with _transaction() as session:
        key = revoke_api_key(session, org_slug, key_id)
    click.echo(f"key {key.id} ({key.name}) of org {key.org_slug} is revoked")


COMMANDS = [keys]
