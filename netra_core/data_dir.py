"""The data dir's permissions: only the user Netra runs as may read the app database, events and secrets.

New installs create everything private (directories 0700, files 0600); `netra up` and `netra db
upgrade` also tighten what an older version left readable by every local user.
"""

from __future__ import annotations

import os
from pathlib import Path

from netra_core.config import COOKIE_KEY_FILE, Settings

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
# Files under the data dir that hold secrets or data (the SQLite file with its WAL and journal).
_PRIVATE_FILES = (
    COOKIE_KEY_FILE,
    "demo-credentials.json",
    "netra.db",
    "netra.db-wal",
    "netra.db-shm",
    "netra.db-journal",
)
_PRIVATE_DIRS = ("workloads", "staging", "reports")


def fsync_dir(path: Path) -> None:
    """Make the directory's entries durable (a file created, renamed or removed in it survives a crash)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_private_dir(path: Path) -> None:
    """Create the directory (and its parents) readable by this user only; tighten it if it exists."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    path.chmod(PRIVATE_DIR)


def make_private_file(path: Path) -> None:
    """Create an empty file readable by this user only, unless it exists (SQLite then fills it)."""
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))


def secure_data_dir(settings: Settings) -> list[Path]:
    """Make the data dir and what Netra keeps in it private; returns the paths whose mode was changed."""
    changed: list[Path] = []
    data_dir = settings.data_dir
    if not data_dir.exists():
        make_private_dir(data_dir)
        return [data_dir]
    candidates = [(data_dir, PRIVATE_DIR)]
    candidates += [(data_dir / name, PRIVATE_DIR) for name in _PRIVATE_DIRS]
    candidates += [(data_dir / name, PRIVATE_FILE) for name in _PRIVATE_FILES]
    for path, mode in candidates:
        try:
            if path.exists() and path.stat().st_mode & 0o777 != mode:
                path.chmod(mode)
                changed.append(path)
        except OSError:
            continue  # not ours to change (another owner): left as it is
    return changed
