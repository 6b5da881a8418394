"""The `netra` command: set-up, users, health checks and the app (later: ingest, optimize, ask)."""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import click
from sqlalchemy.orm import Session

from netra_core.config import Settings, get_settings, resolve_cookie_key
from netra_core.errors import NetraError, UnknownOrgError
from netra_core.logs import configure_logging, get_logger
from netra_core.roles import Role

log = get_logger("netra.cli")
# The server, not app.py: it adds the route that sets the sign-in cookie HttpOnly (netra_app/session_cookie.py).
APP_PATH = Path(__file__).resolve().parents[1] / "netra_app" / "server.py"


class NetraGroup(click.Group):
    """Shows a NetraError as one clear line and exit code 1, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NetraError as exc:
            click.secho(f"error: {exc}", fg="red", err=True)
            sys.exit(1)


def _settings() -> Settings:
    settings = get_settings()
    configure_logging(settings.log_level, as_json=settings.log_json)
    return settings


@click.group(cls=NetraGroup)
@click.version_option(package_name="netra")
def main() -> None:
    """Netra: where your LLM spend, latency and quality go, and which model should serve what."""


# --- db ---------------------------------------------------------------------------------------


@main.group()
def db() -> None:
    """App database and workload store schema."""


def upgrade_all(settings: Settings) -> tuple[str | None, list[int]]:
    """Migrate both stores; returns (app db revision, ClickHouse versions applied now)."""
    from netra_core.data_dir import secure_data_dir
    from netra_core.db.migrate import fetch_app_db_revision, upgrade_app_db
    from netra_core.stores import make_app_engine, make_store
    from netra_core.workloads.migrations import upgrade_store

    for path in secure_data_dir(settings):
        log.info("made private (readable by this user only)", extra={"path": str(path)})
    engine = make_app_engine(settings)
    try:
        upgrade_app_db(engine)
        revision = fetch_app_db_revision(engine)
    finally:
        engine.dispose()
    store = make_store(settings)
    with store.session() as client:
        applied = upgrade_store(client)
    store.close()
    return revision, applied


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply pending migrations to both stores (safe to repeat)."""
    settings = _settings()
    revision, applied = upgrade_all(settings)
    click.echo(f"app database at revision {revision}")
    click.echo(f"workload store: {len(applied)} migration(s) applied" + (f" {applied}" if applied else ", up to date"))


@db.command("rebuild-rollups")
@click.option("--org", "org_id", default=None, help="Only this org (default: every org).")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), default=None, help="First day (UTC).")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Last day (UTC), included.")
def db_rebuild_rollups(org_id: str | None, start: Any, end: Any) -> None:
    """Rebuild the hourly and daily roll-ups from the raw events (exact; what `netra doctor` asks for on drift)."""
    from datetime import UTC

    from netra_core.stores import make_store
    from netra_core.workloads.recovery import rebuild_rollups

    settings = _settings()
    store = make_store(settings)
    try:
        with store.session() as client:
            report = rebuild_rollups(
                client,
                org_id,
                start.replace(tzinfo=UTC) if start else None,
                end.replace(tzinfo=UTC) if end else None,
                markers=store.write_markers,
            )
    finally:
        store.close()
    if not report.orgs:
        click.echo("nothing to rebuild: no events or roll-ups" + (f" for org {org_id}" if org_id else ""))
        return
    click.echo(
        f"rebuilt the roll-ups of {len(report.orgs)} org(s) over {report.days:,} day(s) from {report.raw_rows:,} events"
    )


# --- users ------------------------------------------------------------------------------------


@main.group()
def users() -> None:
    """Manage users."""


@users.command("add")
@click.argument("username")
@click.option("--org", "org_slug", required=True, help="The user's org (it must exist: `netra orgs add`).")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.VIEWER.value, show_default=True)
@click.option("--email", default="")
@click.option("--name", "display_name", default="")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option(
    "--create-org", is_flag=True, help="Create the org if it does not exist (else an unknown org is refused)."
)
def users_add(
    username: str, org_slug: str, role: str, email: str, display_name: str, password_stdin: bool, create_org: bool
) -> None:
    """Create a user in an existing org; the password is prompted for (or read with --password-stdin)."""
    from netra_core.db.engine import make_session_factory
    from netra_core.services.users import add_user
    from netra_core.stores import make_app_engine

    settings = _settings()
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    engine = make_app_engine(settings)
    try:
        user = add_user(
            make_session_factory(engine),
            username=username,
            password=password,
            org_slug=org_slug,
            role=role,
            email=email,
            display_name=display_name,
            create_org=create_org,
        )
    except UnknownOrgError as exc:
        raise UnknownOrgError(exc.slug, exc.closest, can_create=True) from None
    finally:
        engine.dispose()
    click.echo(f"created {user.username} ({user.role}) in org {org_slug}")


@users.command("list")
@click.option("--org", "org_slug", default=None)
@click.option("--json", "as_json", is_flag=True)
def users_list(org_slug: str | None, as_json: bool) -> None:
    """List users (never their hashes)."""
    from netra_core.db.engine import make_session_factory
    from netra_core.db.users import fetch_users, to_public
    from netra_core.stores import make_app_engine

    settings = _settings()
    engine = make_app_engine(settings)
    with make_session_factory(engine)() as session:
        rows = [to_public(u) for u in fetch_users(session, org_slug)]
    engine.dispose()
    if as_json:
        click.echo(json.dumps([vars(r) for r in rows], default=str, indent=2))
        return
    for r in rows:
        state = "locked" if r.is_locked else ("active" if r.is_active else "disabled")
        click.echo(f"{r.username:<20} {r.org_slug:<16} {r.role:<8} {state:<8} {r.email}")


@users.command("passwd")
@click.argument("username")
@click.option("--password-stdin", is_flag=True)
def users_passwd(username: str, password_stdin: bool) -> None:
    """Set a user's password and end their sessions."""
    from netra_core.db.engine import make_session_factory
    from netra_core.services.users import reset_password
    from netra_core.stores import make_app_engine

    settings = _settings()
    password = (
        sys.stdin.readline().rstrip("\n")
        if password_stdin
        else click.prompt("New password", hide_input=True, confirmation_prompt=True)
    )
    engine = make_app_engine(settings)
    try:
        reset_password(make_session_factory(engine), username, password, reason="password changed")
    finally:
        engine.dispose()
    click.echo(f"password of {username} changed; their sessions were ended")


@users.command("role")
@click.argument("username")
@click.argument("role", type=click.Choice([r.value for r in Role]))
def users_role(username: str, role: str) -> None:
    """Give a user another role (an org keeps at least one active admin)."""
    from netra_core.db.engine import make_session_factory
    from netra_core.services.users import change_role
    from netra_core.stores import make_app_engine

    engine = make_app_engine(_settings())
    try:
        new_role = change_role(make_session_factory(engine), username, role)
    finally:
        engine.dispose()
    click.echo(f"{username} is now {new_role}")


# --- doctor -----------------------------------------------------------------------------------


@main.command()
@click.option("--json", "as_json", is_flag=True)
@click.option("--store-timeout", type=float, default=None, help="Seconds to wait for the embedded store.")
def doctor(as_json: bool, store_timeout: float | None) -> None:
    """Check the settings and both stores; exit 1 naming what is wrong."""
    from netra_core.doctor import run_doctor

    settings = _settings()
    checks = run_doctor(settings, store_timeout)
    ok = all(c.ok for c in checks)
    if as_json:
        click.echo(json.dumps({"ok": ok, "checks": [c.as_dict() for c in checks]}, indent=2))
    else:
        for c in checks:
            mark = click.style("ok  ", fg="green") if c.ok else click.style("FAIL", fg="red")
            click.echo(f"{mark} {c.name:<15} {c.detail}")
    if not ok:
        sys.exit(1)


# --- up ---------------------------------------------------------------------------------------


@main.command()
@click.option("--port", type=int, default=None)
@click.option("--no-serve", is_flag=True, help="Set up and seed, print the credentials, do not start the app.")
@click.option(
    "--demo-events",
    type=click.IntRange(min=0),
    default=200_000,
    show_default=True,
    help="Generated demo traffic for a new demo org (0: none).",
)
def up(port: int | None, no_serve: bool, demo_events: int) -> None:
    """Migrate, seed a demo org and user if empty, and start the app on 127.0.0.1."""
    from netra_core.db.engine import make_session_factory
    from netra_core.demo import seed_demo
    from netra_core.stores import make_app_engine

    settings = _settings()
    resolve_cookie_key(settings)
    upgrade_all(settings)
    engine = make_app_engine(settings)
    with make_session_factory(engine).begin() as session:
        creds = seed_demo(session, settings.data_dir)
        seed_catalog(session)
    engine.dispose()
    if creds is not None and demo_events:
        seed_demo_events(settings, creds.org, demo_events)
    chosen_port = port or settings.app_port
    click.echo(f"Netra is at http://{settings.app_host}:{chosen_port}")
    if creds is not None:
        click.echo(f"demo sign-in: username {creds.username}  password {creds.password}  (org {creds.org})")
    if no_serve:
        return
    sys.stdout.flush()
    args = compute_serve_args(settings.app_host, chosen_port)
    os.execv(sys.executable, args)  # noqa: S606 - replaces this process with the app server


def compute_serve_args(host: str, port: int) -> list[str]:
    """The app server's command line: headless, no usage stats, and no file watcher (an installed app does not
    reload on edits, and the watcher floods the log with inotify overflows on a busy data folder)."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_PATH),
        "--server.address",
        host,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--server.runOnSave",
        "false",
        "--browser.gatherUsageStats",
        "false",
        "--global.developmentMode",
        "false",
        "--client.toolbarMode",
        "minimal",
    ]


def seed_catalog(session: Session) -> None:
    """Load the supply catalog from genai-prices on a new install (later syncs are `netra catalog sync`)."""
    from netra_core.catalog.sync import compute_genai_prices_entries
    from netra_core.db.catalog import fetch_is_catalog_empty, save_catalog_entries

    if fetch_is_catalog_empty(session):
        report = save_catalog_entries(session, compute_genai_prices_entries())
        click.echo(f"catalog: {report.models_added:,} models loaded from genai-prices")


def seed_demo_events(settings: Settings, org_id: str, n_events: int) -> None:
    """Generate 30 days of demo traffic ending this hour, once (an org with events is left alone)."""
    from datetime import UTC, datetime

    from netra_core.generator.generated_events import save_generated
    from netra_core.generator.traffic_profiles import default_spec
    from netra_core.stores import make_store
    from netra_core.workloads.events import fetch_event_count

    store = make_store(settings)
    with store.session() as client:
        if fetch_event_count(client, org_id) > 0:
            return
    click.echo(f"generating {n_events:,} demo events for org {org_id} ...")
    end = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    report = save_generated(store, org_id, default_spec(), n_events, 30, 0, end=end)
    click.echo(f"wrote {report.events_written:,} demo events (${report.spend_usd:,.2f} of spend)")


# The command modules of netra_core/commands, each area's commands (`trial` is a sub-group of `policy`, not listed).
COMMAND_MODULES = (
    "ask",
    "budget",
    "catalog",
    "collect",
    "evaluate",
    "export",
    "gateway",
    "generate",
    "ingest",
    "keys",
    "optimize",
    "orgs",
    "policy",
    "query",
    "reconcile",
    "report",
    "savings",
)


def _register_command_modules() -> None:
    """Add the commands of each module in COMMAND_MODULES (each module keeps its heavy imports lazy)."""
    for name in COMMAND_MODULES:
        for command in importlib.import_module(f"netra_core.commands.{name}").COMMANDS:
            main.add_command(command)


_register_command_modules()
