"""What the AppTest suites share: the app's path, a seeded app database, and signing in."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from netra_core.cli import upgrade_all
from netra_core.config import get_settings
from netra_core.db.engine import make_session_factory
from netra_core.db.users import save_user
from netra_core.stores import make_app_engine

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PASSWORD = "correct-horse-battery"


def make_app_db(users: list[tuple[str, str, str]]) -> tuple[Engine, sessionmaker[Session]]:
    """Migrate both stores of the test's data dir and add (username, org, role) users with PASSWORD."""
    settings = get_settings()
    upgrade_all(settings)
    engine = make_app_engine(settings)
    factory = make_session_factory(engine)
    with factory.begin() as s:
        for name, org, role in users:
            save_user(s, username=name, password=PASSWORD, org_slug=org, role=role)
    return engine, factory


def open_app() -> AppTest:
    """The app, logged out."""
    return AppTest.from_file(APP, default_timeout=60).run()


def sign_in(at: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    """Submit the sign-in form."""
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    return at.button[0].click().run()


def find_none_cells(at: AppTest) -> list[tuple[int, str, str]]:
    """(table, column, text) of every cell the grid would draw as "None", "nan" and the like: a value that is such
    text, or a missing value where the table sets no placeholder (Streamlit then draws "None")."""
    bad = []
    for i, table in enumerate(at.dataframe):
        placeholder = table.proto.placeholder or "None"
        for column in table.value.columns:
            for value in table.value[column]:
                text = placeholder if pd.api.types.is_scalar(value) and pd.isna(value) else str(value)
                if text.strip() in {"None", "nan", "NaN", "<NA>", "NaT"}:
                    bad.append((i, str(column), text))
    return bad
