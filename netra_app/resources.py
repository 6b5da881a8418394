"""Stores and settings cached for the life of the server process (keyed by their URLs)."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from netra_core.config import Settings, get_settings
from netra_core.db.engine import make_engine, make_session_factory
from netra_core.workloads.store import WorkloadStore, make_workload_store


def app_settings() -> Settings:
    """The process settings (pydantic-settings, cached in netra_core)."""
    return get_settings()


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    return make_engine(url)


@st.cache_resource(show_spinner=False)
def _store(url: str, lock_timeout_s: float) -> WorkloadStore:
    return make_workload_store(url, lock_timeout_s=lock_timeout_s)


def app_sessions(settings: Settings) -> sessionmaker[Session]:
    """Session factory on the app database."""
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    return make_session_factory(_engine(settings.resolved_database_url))


def app_store(settings: Settings) -> WorkloadStore:
    """The workload store."""
    return _store(settings.resolved_store_url, settings.store_lock_timeout_s)
