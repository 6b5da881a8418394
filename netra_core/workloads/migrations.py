"""Versioned ClickHouse schema migrations: numbered SQL files, each applied once and recorded."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from clickhouse_connect.driver.client import Client
from clickhouse_connect.driver.exceptions import ClickHouseError

from netra_core.errors import MigrationError
from netra_core.logs import get_logger

log = get_logger("netra.store.migrations")

CLICKHOUSE_MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations" / "clickhouse"
_NAME = re.compile(r"^(?P<version>\d{4})_(?P<name>[a-z0-9_]+)\.sql$")

_LEDGER = """
CREATE TABLE IF NOT EXISTS netra_schema_migrations
(
    version    UInt32,
    name       String,
    checksum   String,
    applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree ORDER BY version
"""


@dataclass(frozen=True)
class ClickHouseMigration:
    """One SQL file: its number, name, statements and checksum."""

    version: int
    name: str
    statements: tuple[str, ...]
    checksum: str


def load_migrations(directory: Path = CLICKHOUSE_MIGRATIONS_DIR) -> list[ClickHouseMigration]:
    """Read and order the migration files."""
    found = []
    for path in sorted(directory.glob("*.sql")):
        match = _NAME.match(path.name)
        if not match:
            raise MigrationError(f"{path.name}: ClickHouse migration files are named NNNN_name.sql")
        text = path.read_text()
        body = "\n".join(line for line in text.splitlines() if not line.strip().startswith("--"))
        statements = tuple(s.strip() for s in body.split(";") if s.strip())
        found.append(
            ClickHouseMigration(
                version=int(match["version"]),
                name=match["name"],
                statements=statements,
                checksum=hashlib.sha256(text.encode()).hexdigest(),
            )
        )
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"Duplicate ClickHouse migration numbers in {directory}")
    return found


def fetch_applied(client: Client) -> dict[int, str]:
    """Version -> checksum of the migrations already applied."""
    client.command(_LEDGER)
    rows = client.query("SELECT version, checksum FROM netra_schema_migrations").result_rows
    return {int(v): str(c) for v, c in rows}


def upgrade_store(client: Client, migrations: list[ClickHouseMigration] | None = None) -> list[int]:
    """Apply the migrations not yet applied; return their versions. Safe to call at every start."""
    pending_all = load_migrations() if migrations is None else migrations
    applied = fetch_applied(client)
    done: list[int] = []
    for migration in pending_all:
        if migration.version in applied:
            if applied[migration.version] != migration.checksum:
                log.warning(
                    "applied ClickHouse migration changed since it ran",
                    extra={"version": migration.version, "migration": migration.name},
                )
            continue
        for statement in migration.statements:
            try:
                client.command(statement)
            except ClickHouseError as exc:
                raise MigrationError(
                    f"ClickHouse migration {migration.version:04d}_{migration.name} failed: {exc}"
                ) from exc
        client.insert(
            "netra_schema_migrations",
            [[migration.version, migration.name, migration.checksum]],
            column_names=["version", "name", "checksum"],
        )
        log.info("applied ClickHouse migration", extra={"version": migration.version, "migration": migration.name})
        done.append(migration.version)
    return done


def pending_versions(client: Client) -> list[int]:
    """Versions present in code but not applied to the store."""
    applied = fetch_applied(client)
    return [m.version for m in load_migrations() if m.version not in applied]
