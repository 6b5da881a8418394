"""Policy versions and the savings ledger: one function per use case, for the CLI, the Optimize page and the report.

Who may do what (the page passes the signed-in user's role; the CLI is an operator's, like `netra keys`):
saving a version is analyst work (the Optimize page is theirs); activating or retiring one changes what the gateway
routes for the whole org, so it is an admin's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path

import yaml
from clickhouse_connect.driver.client import Client
from sqlalchemy.orm import Session, sessionmaker

from netra_core.db.optimizer_runs import save_run_policy_version
from netra_core.db.orgs import fetch_org
from netra_core.db.policies import (
    PolicyVersionInfo,
    activate_policy_version,
    fetch_policy_version,
    fetch_policy_versions,
    retire_active_policy,
    save_policy_router,
    save_policy_version,
)
from netra_core.db.prices import fetch_org_price_book
from netra_core.errors import PermissionDeniedError, ValidationError
from netra_core.optimizer.ledger import LedgerVersion, PolicyLedger, compute_active_period, compute_ledger
from netra_core.optimizer.policy import RoutingPolicy
from netra_core.roles import Role
from netra_core.workloads.policy_events import fetch_baseline_quality, fetch_policy_version_events

OpenClient = Callable[[], AbstractContextManager[Client]]
SAVE_ROLE = Role.ANALYST
ACTIVATE_ROLE = Role.ADMIN


def is_allowed_to(role: Role | str, action: str) -> bool:
    """Whether `role` may 'save' a version, or 'activate' / 'retire' one."""
    return Role.parse(role).includes(SAVE_ROLE if action == "save" else ACTIVATE_ROLE)


def _check(role: Role | str | None, action: str) -> None:
    if role is not None and not is_allowed_to(role, action):
        need = SAVE_ROLE if action == "save" else ACTIVATE_ROLE
        raise PermissionDeniedError(f"policy: your role ({role}) cannot {action} a policy version; {need}s can")


def parse_policy_file(path: Path) -> RoutingPolicy:
    """A policy exported by `netra optimize --export policy` or the Optimize page (JSON or YAML)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValidationError(f"{path}: cannot read the policy file ({exc.strerror or exc})") from exc
    try:
        data = yaml.safe_load(text) if path.suffix.lower() in {".yaml", ".yml"} else json.loads(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ValidationError(
            f"{path}: not a {'YAML' if path.suffix.lower() in {'.yaml', '.yml'} else 'JSON'} "
            f"policy file ({str(exc).splitlines()[0]})"
        ) from exc
    if not isinstance(data, dict):
        raise ValidationError(f"{path}: expected a routing policy object, got {type(data).__name__}")
    try:
        return RoutingPolicy.from_dict(data)
    except ValidationError as exc:
        raise ValidationError(f"{path}: {exc}") from exc


def save_policy_file(
    sessions: sessionmaker[Session],
    org_slug: str,
    path: Path,
    *,
    note: str = "",
    actor: str = "",
    activate: bool = False,
    role: Role | str | None = None,
) -> PolicyVersionInfo:
    """Save a policy file (JSON or YAML, as exported) as the org's next version; refuses another org's policy."""
    with sessions() as session:
        fetch_org(session, org_slug)  # an unknown org is named before the file is read
    policy = parse_policy_file(path)
    if policy.org_id != org_slug:
        raise ValidationError(
            f"{path}: org_id: the policy was made for org {policy.org_id!r}, not {org_slug!r} "
            f"(run `netra optimize --org {org_slug}` to make one for it)"
        )
    return save_policy(sessions, org_slug, policy, note=note, actor=actor, activate=activate, role=role)


def save_policy(
    sessions: sessionmaker[Session],
    org_slug: str,
    policy: RoutingPolicy,
    *,
    note: str = "",
    actor: str = "",
    activate: bool = False,
    role: Role | str | None = None,
    optimizer_run: int | None = None,
) -> PolicyVersionInfo:
    """Save the policy as the org's next version (activated too when asked); `role` None is the operator's CLI.

    `optimizer_run`: the org's past run the policy came from, which then names the version.
    """
    _check(role, "save")
    if activate:
        _check(role, "activate")
    with sessions.begin() as session:
        info = save_policy_version(session, org_slug, policy, note=note, actor=actor, activate=activate)
        if optimizer_run is not None:
            save_run_policy_version(session, org_slug, optimizer_run, info.version)
        return info


def activate_policy(
    sessions: sessionmaker[Session], org_slug: str, version: int, *, actor: str = "", role: Role | str | None = None
) -> PolicyVersionInfo:
    """Make `version` the org's active policy (the one active before is retired)."""
    _check(role, "activate")
    with sessions.begin() as session:
        return activate_policy_version(session, org_slug, version, actor=actor)


def retire_policy(
    sessions: sessionmaker[Session], org_slug: str, *, role: Role | str | None = None
) -> PolicyVersionInfo | None:
    """Retire the org's active version (None when none was active): the gateway then passes requests through."""
    _check(role, "retire")
    with sessions.begin() as session:
        return retire_active_policy(session, org_slug)


def attach_router(
    sessions: sessionmaker[Session],
    data_dir: Path,
    org_slug: str,
    version: int,
    artifact: Path,
    *,
    role: Role | str | None = None,
) -> PolicyVersionInfo:
    """Attach a learned router (saved by `netra evaluate routing --save-router`) to `version`: where a segment's rule allows
    several models, the gateway then picks among them per prompt. It changes what the gateway routes, so it is an
    admin's, like activating; the artifact is checked and kept under the data dir by its hash."""
    from netra_core.routing.artifacts import store_router

    _check(role, "activate")
    ref, _ = store_router(data_dir, artifact)
    with sessions.begin() as session:
        info = fetch_policy_version(session, org_slug, version)
        allowed = {m for rule in info.policy.rules for m in rule.models}
        if len(allowed & set(ref.models)) < 2:
            raise ValidationError(
                f"{artifact}: the router scores {', '.join(ref.models)}, but fewer than two of them are models "
                f"policy version {version} routes to; it would never choose anything"
            )
        return save_policy_router(session, org_slug, version, ref)


def detach_router(
    sessions: sessionmaker[Session], org_slug: str, version: int, *, role: Role | str | None = None
) -> PolicyVersionInfo:
    """Route `version` by its rules alone again (the artifact file stays under the data dir)."""
    _check(role, "activate")
    with sessions.begin() as session:
        return save_policy_router(session, org_slug, version, None)


def fetch_versions(sessions: sessionmaker[Session], org_slug: str) -> list[PolicyVersionInfo]:
    """The org's versions, newest first (UnknownOrgError for an org the app database does not know)."""
    with sessions() as session:
        return fetch_policy_versions(session, org_slug)


def fetch_version(sessions: sessionmaker[Session], org_slug: str, version: int) -> PolicyVersionInfo:
    """One version of the org (NotFoundError naming it when there is none)."""
    with sessions() as session:
        return fetch_policy_version(session, org_slug, version)


def fetch_savings_ledger(
    open_client: OpenClient,
    sessions: sessionmaker[Session],
    org_slug: str,
    *,
    version: int | None = None,
    until: datetime | None = None,
) -> PolicyLedger:
    """The org's savings ledger (one version when named): forecast as saved beside what its gateway traffic realised."""
    until = until or datetime.now(UTC)
    with sessions() as session:
        infos = (
            [fetch_policy_version(session, org_slug, version)]
            if version is not None
            else fetch_policy_versions(session, org_slug)
        )
        book = fetch_org_price_book(session, org_slug)
    versions = [
        LedgerVersion(i.version, i.status, i.forecast, i.created_at, i.activated_at, i.retired_at) for i in infos
    ]
    events = {}
    quality = {}
    periods = {v.version: p for v in versions if (p := compute_active_period(v, until)) is not None}
    if periods:
        with open_client() as client:
            for number, (start, end) in periods.items():
                events[number] = fetch_policy_version_events(client, org_slug, number, start, end)
            quality = fetch_baseline_quality(client, org_slug)
    return compute_ledger(org_slug, versions, events, book, until=until, baseline_quality=quality)
