from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from netra_core.db.engine import make_engine
from netra_core.db.migrate import downgrade_app_db, fetch_app_db_revision, head_revision, upgrade_app_db
from netra_core.db.models import Base
from netra_core.errors import MigrationError
from netra_core.workloads.migrations import load_migrations, pending_versions, upgrade_store
from netra_core.workloads.store import WorkloadStore

TABLES = {
    "orgs",
    "users",
    "auth_sessions",
    "threads",
    "messages",
    "runs",
    "references",
    "supply_catalog",
    "model_prices",
    "api_keys",
    "optimizer_runs",
}


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'm.db'}"
    return str(request.getfixturevalue("fresh_pg_url"))


def test_upgrade_downgrade_upgrade(fresh_url: str) -> None:
    engine = make_engine(fresh_url)
    try:
        upgrade_app_db(engine)
        assert set(inspect(engine).get_table_names()) >= TABLES
        assert fetch_app_db_revision(engine) == head_revision(engine)
        downgrade_app_db(engine)
        assert not (TABLES & set(inspect(engine).get_table_names()))
        assert fetch_app_db_revision(engine) is None
        upgrade_app_db(engine)
        assert set(inspect(engine).get_table_names()) >= TABLES
        with engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diffs == [], "models and migrations disagree: write a migration"
    finally:
        downgrade_app_db(engine)
        engine.dispose()


def test_clickhouse_migrations_apply_once(store: WorkloadStore) -> None:
    with store.session() as client:
        assert upgrade_store(client) == []  # the fixture applied them already
        assert pending_versions(client) == []
        rows = client.query(
            "SELECT version, count() FROM netra_schema_migrations GROUP BY version ORDER BY version"
        ).result_rows
        assert [r[0] for r in rows] == [m.version for m in load_migrations()]
        assert all(r[1] == 1 for r in rows)
        tables = {r[0] for r in client.query("SHOW TABLES").result_rows}
    assert {"workload_events", "eval_results", "netra_schema_migrations"} <= tables


def test_clickhouse_migrations_apply_in_order_on_a_new_store(tmp_path: Path) -> None:
    st = WorkloadStore(f"chdb://{tmp_path / 'w'}")
    with st.session() as client:
        assert pending_versions(client) == [m.version for m in load_migrations()]
        assert upgrade_store(client) == [m.version for m in load_migrations()]
        assert upgrade_store(client) == []


def test_badly_named_migration_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "create_things.sql").write_text("SELECT 1")
    with pytest.raises(MigrationError, match=r"NNNN_name\.sql"):
        load_migrations(tmp_path)


def test_failing_migration_says_which(tmp_path: Path) -> None:
    (tmp_path / "0001_broken.sql").write_text("CREATE TABLE nope (")
    st = WorkloadStore(f"chdb://{tmp_path / 'w'}")
    with st.session() as client, pytest.raises(MigrationError, match="0001_broken"):
        upgrade_store(client, load_migrations(tmp_path))
