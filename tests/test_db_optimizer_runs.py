"""Past optimizer runs in the app database: kept per org, newest first, never read across orgs."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from sqlalchemy import Engine

from netra_core.db.engine import make_session_factory
from netra_core.db.optimizer_runs import (
    fetch_optimizer_run,
    fetch_optimizer_runs,
    save_optimizer_run,
    save_run_policy_version,
)
from netra_core.db.orgs import save_org
from netra_core.errors import NotFoundError
from netra_core.optimizer.policy import RouteTarget, RoutingPolicy
from netra_core.optimizer.savings import Savings
from netra_core.optimizer.segments import PromptBuckets
from netra_core.services.policies import save_policy


def make_savings(**overrides: Any) -> Savings:
    values: dict[str, Any] = {
        "window_usd": 120.0,
        "window_spend_usd": 1000.0,
        "share": 0.12,
        "month_usd": 360.0,
        "month_lo_usd": 300.0,
        "month_hi_usd": 420.0,
        "level": 0.95,
        "events": 5000,
        "window_days": 10.0,
        "definition": "replayed",
        "by_segment": pd.DataFrame(),
        "prior_only": (),
        "plan_month_usd": 350.0,
    }
    values.update(overrides)
    return Savings(**values)


QUALITY = {"quality_change": -0.004, "quality_change_lo": -0.01, "quality_change_hi": 0.002}


def test_runs_are_kept_per_org_newest_first(sqlite_engine: Engine) -> None:
    factory = make_session_factory(sqlite_engine)
    with factory.begin() as s:
        save_org(s, "acme")
        save_org(s, "globex")
        first = save_optimizer_run(
            s, "acme", params={"days": 30}, savings=make_savings(), quality=QUALITY, actor="ana", seconds=41.5
        )
        other = save_optimizer_run(s, "globex", params={"days": 7}, savings=make_savings(month_usd=9.0), quality={})
        second = save_optimizer_run(
            s, "acme", params={"days": 90, "floor": 0.8}, savings=make_savings(share=float("nan")), quality=QUALITY
        )
    with factory() as s:
        runs = fetch_optimizer_runs(s, "acme")
        assert [r.id for r in runs] == [second.id, first.id]
        assert runs[1].params == {"days": 30} and runs[1].created_by == "ana" and runs[1].seconds == 41.5
        assert (runs[1].month_usd, runs[1].month_lo_usd, runs[1].month_hi_usd, runs[1].share) == (360, 300, 420, 0.12)
        assert runs[1].quality_change == -0.004 and runs[0].share is None  # NaN is kept as unknown
        assert [r.id for r in fetch_optimizer_runs(s, "globex")] == [other.id]
        with pytest.raises(NotFoundError, match="no such run"):
            fetch_optimizer_run(s, "acme", other.id)
    with factory.begin() as s, pytest.raises(NotFoundError):
        save_run_policy_version(s, "acme", other.id, 1)


def test_a_policy_saved_from_a_run_names_its_version(sqlite_engine: Engine) -> None:
    factory = make_session_factory(sqlite_engine)
    with factory.begin() as s:
        save_org(s, "acme")
        run = save_optimizer_run(s, "acme", params={"days": 30}, savings=make_savings(), quality=QUALITY)
    policy = RoutingPolicy("acme", 0.8, PromptBuckets(), (), RouteTarget("openai", "gpt-4o-mini"))
    info = save_policy(factory, "acme", policy, actor="ana", role="analyst", optimizer_run=run.id)
    with factory() as s:
        assert fetch_optimizer_run(s, "acme", run.id).policy_version == info.version
