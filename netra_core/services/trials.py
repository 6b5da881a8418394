"""Canary and shadow trials of a policy version: add, list, remove, and what they measured.

A trial changes what the gateway does with the org's traffic (a canary serves requests by another model, a shadow
sends prompts to it), so adding or removing one is an admin's, like activating a version; `role` None is the
operator's CLI. The gateway picks up a change at its next policy re-read.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from clickhouse_connect.driver.client import Client
from sqlalchemy.orm import Session, sessionmaker

from netra_core.db.policies import PolicyVersionInfo, fetch_policy_version, save_policy_trials
from netra_core.db.prices import fetch_org_price_book
from netra_core.errors import PermissionDeniedError
from netra_core.optimizer.trial_results import TrialResult, compute_trial_results
from netra_core.optimizer.trials import (
    Trial,
    compute_added_trial,
    compute_removed_trial,
    compute_trial_dataset,
    parse_candidate,
    parse_segment,
)
from netra_core.roles import Role
from netra_core.workloads.trial_events import fetch_trial_evals, fetch_trial_events

OpenClient = Callable[[], AbstractContextManager[Client]]
TRIAL_ROLE = Role.ADMIN


def _check(role: Role | str | None) -> None:
    if role is not None and not Role.parse(role).includes(TRIAL_ROLE):
        raise PermissionDeniedError(f"trial: your role ({role}) cannot change a version's trials; {TRIAL_ROLE}s can")


def add_trial(
    sessions: sessionmaker[Session],
    org_slug: str,
    version: int,
    *,
    segment: str,
    model: str,
    mode: str,
    share: float,
    note: str = "",
    role: Role | str | None = None,
) -> tuple[PolicyVersionInfo, Trial]:
    """Attach a trial to the version: `segment` is W/T/B (parts may be *), `model` provider/model (or a catalog model)."""
    _check(role)
    with sessions.begin() as session:
        info = fetch_policy_version(session, org_slug, version)
        owners = fetch_org_price_book(session, org_slug).compute_model_owners()
        trials = compute_added_trial(
            info.policy.trials,
            segment=parse_segment(segment, info.policy.buckets.names),
            candidate=parse_candidate(model, owners),
            mode=mode,
            share=share,
            note=note,
        )
        saved = save_policy_trials(session, org_slug, version, trials)
    return saved, trials[-1]


def remove_trial(
    sessions: sessionmaker[Session], org_slug: str, version: int, trial_id: str, *, role: Role | str | None = None
) -> PolicyVersionInfo:
    """Detach a trial from the version (its events and eval rows stay)."""
    _check(role)
    with sessions.begin() as session:
        info = fetch_policy_version(session, org_slug, version)
        return save_policy_trials(session, org_slug, version, compute_removed_trial(info.policy.trials, trial_id))


def fetch_trials(sessions: sessionmaker[Session], org_slug: str, version: int) -> tuple[Trial, ...]:
    """The version's trials."""
    with sessions() as session:
        return fetch_policy_version(session, org_slug, version).policy.trials


def fetch_trial_results(
    open_client: OpenClient, sessions: sessionmaker[Session], org_slug: str, version: int
) -> list[TrialResult]:
    """What each of the version's trials measured so far (trial_results.py says how)."""
    trials = fetch_trials(sessions, org_slug, version)
    if not trials:
        return []
    datasets = {t.id: compute_trial_dataset(t.mode, version, t.id) for t in trials}
    with open_client() as client:
        events = fetch_trial_events(client, org_slug, version)
        evals = fetch_trial_evals(client, org_slug, list(datasets.values()))
    return compute_trial_results(trials, events, evals, datasets)
