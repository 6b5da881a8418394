"""Policy versions in the app database: numbered per org, one active at a time, history kept, org-scoped."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from netra_core.db.orgs import save_org
from netra_core.db.policies import (
    activate_policy_version,
    fetch_active_policy,
    fetch_policy_version,
    fetch_policy_versions,
    retire_active_policy,
    save_policy_version,
)
from netra_core.errors import NotFoundError, ValidationError
from netra_core.optimizer.policy import RouteRule, RouteTarget, RoutingPolicy
from netra_core.optimizer.segments import PromptBuckets


def _policy(org: str, model: str = "gpt-4o-mini", saving: float = 12.5) -> RoutingPolicy:
    rule = RouteRule("support", "chat", "small", (RouteTarget("openai", model),), requests=10)
    return RoutingPolicy(
        org_id=org,
        quality_floor=0.8,
        buckets=PromptBuckets((500,), ("small", "large")),
        rules=(rule,),
        default=RouteTarget("openai", "gpt-4o"),
        summary={"savings_usd": saving, "savings_share": 0.25},
    )


@pytest.fixture
def orgs(db_session: Session) -> Session:
    save_org(db_session, "acme")
    save_org(db_session, "globex")
    db_session.flush()
    return db_session


def test_versions_are_numbered_per_org_and_keep_their_forecast(orgs: Session) -> None:
    first = save_policy_version(orgs, "acme", _policy("acme"), note="first", actor="ana")
    second = save_policy_version(orgs, "acme", _policy("acme", saving=20.0))
    other = save_policy_version(orgs, "globex", _policy("globex"))
    assert (first.version, second.version, other.version) == (1, 2, 1)
    assert first.status == "draft" and not first.is_active
    assert second.forecast == {"savings_usd": 20.0, "savings_share": 0.25}
    assert fetch_policy_version(orgs, "acme", 1).policy.rules[0].targets[0].model == "gpt-4o-mini"
    assert [v.version for v in fetch_policy_versions(orgs, "acme")] == [2, 1]


def test_activating_a_version_retires_the_one_that_was_live(orgs: Session) -> None:
    save_policy_version(orgs, "acme", _policy("acme"), activate=True)
    assert fetch_active_policy(orgs, "acme").version == 1  # type: ignore[union-attr]
    save_policy_version(orgs, "acme", _policy("acme", model="claude-3-5-haiku"))
    activated = activate_policy_version(orgs, "acme", 2, actor="ana")
    assert activated.is_active and activated.activated_at is not None
    statuses = {v.version: (v.status, v.retired_at is not None) for v in fetch_policy_versions(orgs, "acme")}
    assert statuses == {2: ("active", False), 1: ("retired", True)}
    assert fetch_active_policy(orgs, "globex") is None
    assert retire_active_policy(orgs, "acme").version == 2  # type: ignore[union-attr]
    assert fetch_active_policy(orgs, "acme") is None
    assert retire_active_policy(orgs, "acme") is None


def test_versions_are_scoped_to_their_org(orgs: Session) -> None:
    save_policy_version(orgs, "acme", _policy("acme"))
    with pytest.raises(NotFoundError, match="version 1"):
        activate_policy_version(orgs, "globex", 1)
    with pytest.raises(NotFoundError, match="version 7"):
        fetch_policy_version(orgs, "acme", 7)
    with pytest.raises(ValidationError, match="made for org 'acme'"):
        save_policy_version(orgs, "globex", _policy("acme"))
