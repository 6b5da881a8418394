"""Run the app database's Alembic migrations from code (CLI, app start, tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from netra_core.errors import AppDatabaseError, MigrationError
from netra_core.logs import redact

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def make_alembic_config(engine: Engine) -> Config:
    """An Alembic config that runs on the given engine (no alembic.ini needed)."""
    script_location = MIGRATIONS_DIR / "alembic"
    if not script_location.is_dir():
        raise MigrationError(
            f"Alembic scripts not found at {script_location}; install Netra from its checkout (pip install -e .)"
        )
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade_app_db(engine: Engine, revision: str = "head") -> None:
    """Bring the app database to `revision` (default: the newest)."""
    try:
        command.upgrade(make_alembic_config(engine), revision)
    except SQLAlchemyError as exc:
        raise AppDatabaseError(
            f"Cannot migrate the app database at {redact(str(engine.url))}: {exc.__class__.__name__}: {exc.orig if hasattr(exc, 'orig') else exc}"
        ) from exc


def downgrade_app_db(engine: Engine, revision: str = "base") -> None:
    """Step the app database back to `revision`."""
    command.downgrade(make_alembic_config(engine), revision)


def fetch_app_db_revision(engine: Engine) -> str | None:
    """The revision the database is at (None when never migrated)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    """The newest revision the code knows."""
    return ScriptDirectory.from_config(make_alembic_config(engine)).get_current_head()
