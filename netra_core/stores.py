"""Factories that turn Settings into the two stores (call them at the edge and cache there)."""

from __future__ import annotations

from sqlalchemy import Engine

from netra_core.config import Settings
from netra_core.data_dir import make_private_dir, make_private_file
from netra_core.db.engine import make_engine
from netra_core.workloads import store as store_module
from netra_core.workloads.store import WorkloadStore, make_workload_store


def make_app_engine(settings: Settings) -> Engine:
    """The app database engine; creates the data dir and the default SQLite file, both private."""
    if settings.database_url is None:
        if not settings.data_dir.exists():
            make_private_dir(settings.data_dir)
        make_private_file(settings.data_dir / "netra.db")
    return make_engine(settings.resolved_database_url)


def make_store(settings: Settings) -> WorkloadStore:
    """The workload store the settings point at (their read timeout applies to every read of this process)."""
    store_module.READ_TIMEOUT_S = settings.store_query_timeout_s
    return make_workload_store(settings.resolved_store_url, lock_timeout_s=settings.store_lock_timeout_s)
