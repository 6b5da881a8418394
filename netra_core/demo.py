"""The demo org and user that `netra up` creates on an empty install."""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from netra_core.db.users import count_users, save_user
from netra_core.roles import Role

DEMO_ORG = "demo"
DEMO_USERNAME = "demo"
CREDENTIALS_FILE = "demo-credentials.json"


@dataclass(frozen=True)
class DemoCredentials:
    """What `netra up` prints so the first user can sign in."""

    org: str
    username: str
    password: str


def fetch_demo_credentials(data_dir: Path) -> DemoCredentials | None:
    """The demo credentials saved at seeding time, if this install was seeded."""
    path = data_dir / CREDENTIALS_FILE
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    return DemoCredentials(org=data["org"], username=data["username"], password=data["password"])


def seed_demo(session: Session, data_dir: Path) -> DemoCredentials | None:
    """On an install with no users, create the demo org and an admin with a random password.

    The password is kept (mode 0600) in the data dir so `netra up` can print it again; change it
    with `netra users passwd demo` before anyone else can reach the app.
    """
    if count_users(session) > 0:
        return fetch_demo_credentials(data_dir)
    creds = DemoCredentials(org=DEMO_ORG, username=DEMO_USERNAME, password=secrets.token_urlsafe(12))
    save_user(
        session,
        username=creds.username,
        password=creds.password,
        org_slug=creds.org,
        role=Role.ADMIN,
        display_name="Demo Admin",
        email="demo@example.com",
    )
    data_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(data_dir / CREDENTIALS_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump({"org": creds.org, "username": creds.username, "password": creds.password}, fh)
    return creds
