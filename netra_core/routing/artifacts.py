"""Learned routers attached to policy versions: kept under the data dir by their SHA-256, read back verified.

`netra policy router attach` copies an artifact saved by `netra evaluate routing --save-router` into
`<data dir>/routers/<sha256>.zip` (private to the Netra user) and records its hash in the version; the gateway
loads it by that hash and refuses a file whose bytes changed. An artifact holds pickled objects, so only files an
admin chose are ever attached (the CLI is the only door), and a file is never read from anywhere else.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from netra_core.data_dir import make_private_dir
from netra_core.errors import ValidationError
from netra_core.optimizer.policy import LearnedRouterRef
from netra_core.routing.router import LearnedRouter

ROUTERS_DIR = "routers"


def compute_sha256(path: Path) -> str:
    """The file's SHA-256, hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def router_path(data_dir: Path, sha256: str) -> Path:
    """Where an attached router's artifact is kept."""
    return data_dir / ROUTERS_DIR / f"{sha256}.zip"


def store_router(data_dir: Path, source: Path) -> tuple[LearnedRouterRef, LearnedRouter]:
    """Check that `source` is a trained router artifact, keep a copy by its hash; the reference to record."""
    router = LearnedRouter.load(source)  # ValidationError naming the file when it is not one
    sha = compute_sha256(source)
    target = router_path(data_dir, sha)
    make_private_dir(target.parent)
    if not target.exists():
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
        os.close(fd)
        try:
            shutil.copyfile(source, tmp)
            os.chmod(tmp, 0o600)
            os.replace(tmp, target)  # whole or not at all
        finally:
            Path(tmp).unlink(missing_ok=True)
    ref = LearnedRouterRef(sha, tuple(router.models), source.name, datetime.now(UTC).isoformat(timespec="seconds"))
    return ref, router


def load_router(data_dir: Path, ref: LearnedRouterRef) -> LearnedRouter:
    """The attached router, its bytes checked against the recorded hash."""
    path = router_path(data_dir, ref.sha256)
    if not path.exists():
        raise ValidationError(f"learned router {ref.name or ref.sha256[:12]}: {path.name} is missing from the data dir")
    if compute_sha256(path) != ref.sha256:
        raise ValidationError(
            f"learned router {ref.name or ref.sha256[:12]}: {path.name} changed since it was attached"
        )
    return LearnedRouter.load(path)
