"""One door for "recommend a policy": the CLI, the Optimize page's data function and the assistant's tool agree.

All three run on one real seeded chdb store and one app database with a synced catalog; for the same inputs they
must give the same model(s) per segment and the same replayed savings, because they all call
`netra_core.services.recommend.recommend` with its one set of defaults.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy.orm import Session, sessionmaker

from netra_core.agents.context import fetch_auth_context
from netra_core.agents.subagents.optimization import compute_window_text
from netra_core.agents.tools import ToolContext
from netra_core.agents.tools_optimize import OptimizeArgs, run_optimize_policy
from netra_core.cli import main
from netra_core.config import get_settings
from netra_core.db.engine import make_engine, make_session_factory
from netra_core.db.migrate import upgrade_app_db
from netra_core.errors import ValidationError
from netra_core.services.recommend import RecommendRequest, fetch_priced_candidates, recommend
from netra_core.workloads.events import save_events
from netra_core.workloads.store import WorkloadStore
from tests.agents.builders import NOW, make_events, seed_users
from tests.agents.synced_catalog import load_synced_catalog


@pytest.fixture
def seeded(
    tmp_path: Path, store: WorkloadStore, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[WorkloadStore, sessionmaker[Session]]]:
    """acme's traffic in a chdb store, and an app database with acme's users and the synced catalog."""
    db_url = f"sqlite:///{tmp_path / 'app.db'}"
    engine = make_engine(db_url)
    upgrade_app_db(engine)
    factory = make_session_factory(engine)
    seed_users(factory)
    load_synced_catalog(factory)
    with store.session() as client:
        save_events(client, "acme", make_events("acme", 2500, seed=17))
    monkeypatch.setenv("NETRA_WORKLOAD_STORE_URL", store.url)
    monkeypatch.setenv("NETRA_DATABASE_URL", db_url)
    get_settings.cache_clear()
    yield store, factory
    from netra_app import data, resources

    data.recent_recommendations.clear()
    resources._store.clear()
    resources._engine.clear()
    engine.dispose()


# Per segment (workload, task type, prompt bucket), the models routed to and their shares.
Routes = dict[tuple[str, str, str], list[tuple[str, float]]]


def _per_segment(policy: dict[str, Any]) -> Routes:
    """Per segment, the models the policy routes to and their shares."""
    return {
        (r["workload"], r["task_type"], r["bucket"]): sorted((t["model"], round(t["share"], 9)) for t in r["targets"])
        for r in policy["rules"]
    }


def _via_cli(args: list[str]) -> tuple[Routes, float]:
    result = CliRunner().invoke(main, ["optimize", "--org", "acme", "--json", *args])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["prices_from"] == "catalog prices in effect now"
    return _per_segment(data["policy"]), data["replay"]["savings_month"]


def _via_page(**params: Any) -> tuple[Routes, float]:
    from netra_app import data
    from netra_app.optimize_state import OptimizeParams

    rec = data.recommendation(get_settings().resolved_store_url, "acme", OptimizeParams(**params))
    assert rec.candidates.source == "catalog"
    return _per_segment(rec.report.policy.to_dict()), rec.report.replay.totals["savings_month"]


def _via_tool(store: WorkloadStore, factory: sessionmaker[Session], args: dict[str, Any]) -> tuple[Routes, float]:
    with factory() as session:
        auth = fetch_auth_context(session, "ana")
    ctx = ToolContext(auth=auth, store=store, session_factory=factory, now=NOW)
    data = run_optimize_policy(ctx, OptimizeArgs(**args)).data
    assert data["segments"] > 0, data
    assert data["candidates_source"] == "catalog"
    return _per_segment(data["policy"]), data["replay_savings_month"]


@pytest.mark.parametrize(
    ("cli", "page", "tool"),
    [
        # A traffic-weighted floor alone (the page's drop slider off: no per-workload floor).
        (["--quality-floor", "0.8"], {"floor": 0.8, "drop": None, "p95": 0, "providers": ()}, {"quality_floor": 0.8}),
        # A floor, a latency limit that holds for the models in use too, and only two providers' models.
        (
            [
                "--quality-floor",
                "0.7",
                "--max-p95-ms",
                "6000",
                "--allow-provider",
                "openai",
                "--allow-provider",
                "anthropic",
            ],
            {"floor": 0.7, "drop": None, "p95": 6000, "providers": ("anthropic", "openai")},
            {"quality_floor": 0.7, "p95_ms": 6000, "allowed_providers": ["openai", "anthropic"]},
        ),
    ],
)
def test_cli_page_and_assistant_give_the_same_recommendation(
    seeded: tuple[WorkloadStore, sessionmaker[Session]],
    cli: list[str],
    page: dict[str, Any],
    tool: dict[str, Any],
) -> None:
    store, factory = seeded
    cli_models, cli_savings = _via_cli(["--days", "30", *cli])
    page_models, page_savings = _via_page(days=30, batch=(), **page)
    tool_models, tool_savings = _via_tool(store, factory, {"days": 30, **tool})
    assert cli_models, "the policy has segments"
    assert cli_models == page_models == tool_models
    assert cli_savings == pytest.approx(page_savings, rel=1e-12) and cli_savings == pytest.approx(
        tool_savings, rel=1e-12
    )
    assert cli_savings > 0


def test_no_quality_named_means_no_workload_loses_quality(seeded: tuple[WorkloadStore, sessionmaker[Session]]) -> None:
    """The one quality default: neither a floor nor a drop keeps every workload at its expected quality today."""
    store, factory = seeded
    rec = recommend(RecommendRequest("acme"), store.session, factory)
    assert rec.candidates.source == "catalog"
    assert rec.request.compute_constraints()[1] == 0.0
    segments = rec.report.solution.segments
    for _, group in segments.groupby("workload"):
        weights = group["requests"]
        before = (group["current_quality"] * weights).sum() / weights.sum()
        after = (group["policy_quality"] * weights).sum() / weights.sum()
        assert after >= before - 1e-6


def test_progress_hears_each_stage_in_order(seeded: tuple[WorkloadStore, sessionmaker[Session]]) -> None:
    from netra_core.optimizer.stages import Stage

    store, factory = seeded
    heard: list[Stage] = []
    rec = recommend(RecommendRequest("acme", with_frontier=False), store.session, factory, progress=heard.append)
    assert heard == list(Stage)  # traffic, candidates, solving, replaying, savings: each once, in order
    assert (
        rec.report.savings.month_usd
        == recommend(RecommendRequest("acme", with_frontier=False), store.session, factory).report.savings.month_usd
    )  # telling progress changes nothing


def test_a_calendar_window_is_read_as_that_window(seeded: tuple[WorkloadStore, sessionmaker[Session]]) -> None:
    """start..end is the window read (not its length in days ending at the latest event)."""
    store, factory = seeded
    start, end = (NOW - timedelta(days=28)).replace(tzinfo=None), (NOW - timedelta(days=14)).replace(tzinfo=None)
    rec = recommend(RecommendRequest("acme", start=start, end=end, quality_floor=0.7), store.session, factory)
    inputs = rec.report.inputs
    assert (inputs.window_start, inputs.window_end) == (start, end)
    assert inputs.window_days == pytest.approx(14.0)
    last = recommend(RecommendRequest("acme", days=14, quality_floor=0.7), store.session, factory).report.inputs
    assert last.window_end is not None and last.window_end > end  # the last 14 days are another window


def test_the_assistant_reads_a_calendar_window_as_that_window(
    seeded: tuple[WorkloadStore, sessionmaker[Session]],
) -> None:
    """The tool's start..end is the window the policy is for, and the answer names it rather than "the last N days"."""
    store, factory = seeded
    start, end = NOW - timedelta(days=28), NOW - timedelta(days=14)
    with factory() as session:
        auth = fetch_auth_context(session, "ana")
    ctx = ToolContext(auth=auth, store=store, session_factory=factory, now=NOW)
    data = run_optimize_policy(ctx, OptimizeArgs(start=start, end=end, quality_floor=0.7)).data
    naive = (start.replace(tzinfo=None), end.replace(tzinfo=None))
    rec = recommend(RecommendRequest("acme", start=naive[0], end=naive[1], quality_floor=0.7), store.session, factory)
    assert (data["window_start"], data["window_end"]) == tuple(t.isoformat() for t in naive)
    assert data["window_days"] == pytest.approx(14.0) and data["is_calendar_window"]
    assert _per_segment(data["policy"]) == _per_segment(rec.report.policy.to_dict())
    assert data["replay_savings_month"] == pytest.approx(rec.savings_month, rel=1e-12)
    text = compute_window_text(data)
    assert text == f"Over the traffic from {naive[0]:%Y-%m-%d %H:%M} to {naive[1]:%Y-%m-%d %H:%M} UTC"


def test_prices_fall_back_to_the_builtin_table_with_the_reason(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'bare.db'}")  # never migrated
    try:
        got = fetch_priced_candidates(make_session_factory(engine), "acme")
    finally:
        engine.dispose()
    assert got.source == "built-in" and got.note.startswith("built-in prices (the app database is not migrated")
    assert fetch_priced_candidates(None, "acme").source == "built-in"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"org_id": ""}, "an org is required"),
        ({"quality_floor": 1.5}, "quality floor 1.5 must be between 0 and 1"),
        ({"p95_limit_ms": 0.0}, "p95 limit 0.0 ms must be above 0"),
        ({"start": NOW}, "give both the window's start and its end"),
        ({"start": NOW, "end": NOW - timedelta(days=1)}, "is not before its end"),
        ({"confidence_level": 95.0}, "confidence level 95.0 must be between 0 and 1"),
    ],
)
def test_a_bad_request_gets_a_clear_error(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        RecommendRequest(**{"org_id": "acme", **fields})


def test_one_savings_figure_on_the_cli_page_exports_and_assistant(
    seeded: tuple[WorkloadStore, sessionmaker[Session]], tmp_path: Path
) -> None:
    """The issue's three figures for one policy ($345/mo on the page, $126.41 in the JSON) are now one."""
    from netra_app import data as page_data
    from netra_app.optimize_state import OptimizeParams
    from netra_core.optimizer.policy import compute_litellm_config

    store, factory = seeded
    rec = page_data.recommendation(get_settings().resolved_store_url, "acme", OptimizeParams(days=30, drop=0.0))
    sav = rec.report.savings
    assert sav.month_usd == pytest.approx(rec.report.replay.totals["savings_month"], rel=1e-12)
    assert sav.by_segment["savings_month"].sum() == pytest.approx(sav.month_usd, rel=1e-9)  # rows add up
    assert rec.savings_month == sav.month_usd
    exported = json.loads(rec.report.policy.to_json())["summary"]
    assert exported["savings_month"] == pytest.approx(sav.month_usd)
    assert exported["savings_share"] == pytest.approx(sav.share)
    assert exported["definition"] == sav.definition
    assert compute_litellm_config(rec.report.policy)["netra_routing"]["savings"]["savings_month"] == pytest.approx(
        sav.month_usd
    )
    out = tmp_path / "policy.json"
    result = CliRunner().invoke(main, ["optimize", "--org", "acme", "--json", "--export", "policy", "--out", str(out)])
    assert result.exit_code == 0, result.output
    cli = json.loads(result.stdout)
    assert cli["savings"]["savings_month"] == pytest.approx(sav.month_usd, rel=1e-12)
    assert json.loads(out.read_text())["summary"]["savings_month"] == pytest.approx(sav.month_usd, rel=1e-12)
    assert (
        "savings_month" not in cli["policy"]["summary"]
        or cli["policy"]["summary"]["savings_month"] == (cli["savings"]["savings_month"])
    )
    with factory() as session:
        auth = fetch_auth_context(session, "ana")
    tool = run_optimize_policy(
        ToolContext(auth=auth, store=store, session_factory=factory, now=NOW), OptimizeArgs(days=30)
    ).data
    assert tool["replay_savings_month"] == pytest.approx(sav.month_usd, rel=1e-12)
    assert tool["current_cost_month"] - tool["policy_cost_month"] == pytest.approx(sav.month_usd, rel=1e-9)
    assert tool["savings_definition"] == sav.definition
    # Every substitution to a model never measured in acme's traffic is flagged, on the figure and in the export.
    est = rec.report.estimates.set_index(["segment", "model"])
    for rule in rec.report.policy.rules:
        segment = f"{rule.workload}/{rule.task_type}/{rule.bucket}"
        for target in rule.targets:
            is_prior = est.at[(segment, target.model), "quality_source"] == "prior"
            is_serving = est.at[(segment, target.model), "observed_requests"] > 0
            assert (target.model in rule.prior_only_models) == (is_prior and not is_serving), (segment, target)
