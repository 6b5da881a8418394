"""The optimizer's store queries on a real chdb store (org isolation included) and `netra optimize` end to end."""

from __future__ import annotations

import json
from datetime import datetime

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from netra_core.catalog.pricing import make_builtin_price_book
from netra_core.cli import main
from netra_core.optimizer.policy import RoutingPolicy
from netra_core.optimizer.segments import PromptBuckets
from netra_core.workloads.events import save_events
from netra_core.workloads.segments import (
    fetch_eval_stats,
    fetch_replay_events,
    fetch_segment_model_stats,
    fetch_segment_stats,
    fetch_window,
)
from netra_core.workloads.store import WorkloadStore
from tests.conftest import run_netra

BUCKETS = PromptBuckets()
START = pd.Timestamp("2026-10-01", tz="UTC")


def make_events(n: int, seed: int, prefix: str = "e", **overrides: object) -> pd.DataFrame:
    """n events over 10 days: two workloads, gpt-4o and gpt-4o-mini, some duplicates, errors and batch."""
    rng = np.random.default_rng(seed)
    workload = rng.choice(["support", "reports"], n)
    frame = pd.DataFrame(
        {
            "event_id": [f"{prefix}{i}" for i in range(n)],
            "ts": START + pd.to_timedelta(rng.integers(0, 10 * 86_400_000, n), unit="ms"),
            "workload": workload,
            "task_type": np.where(workload == "support", "chat", "summarization"),
            "provider": "openai",
            "model": rng.choice(["gpt-4o", "gpt-4o-mini"], n, p=[0.7, 0.3]),
            "prompt_tokens": rng.choice([300, 800, 2500, 6000], n),
            "completion_tokens": rng.integers(20, 300, n),
            "cached_tokens": rng.choice([0, 0, 0, 256], n),
            "latency_ms": rng.gamma(3.0, 300.0, n).round(1),
            "quality": np.where(rng.random(n) < 0.3, rng.uniform(0.6, 1.0, n).round(3), np.nan),
            "prompt_hash": [f"h{x}" for x in rng.integers(0, n // 2, n)],
            "is_batch": (rng.random(n) < 0.1).astype(int),
            "status": np.where(rng.random(n) < 0.05, "error", "ok"),
        }
    )
    for key, value in overrides.items():
        frame[key] = value
    frame["cost_usd"] = make_builtin_price_book().compute_costs(frame)
    return frame


def bucket_of(tokens: pd.Series) -> pd.Series:
    return BUCKETS.names_of(tokens)


def window(client: object) -> tuple[datetime, datetime]:
    got = fetch_window(client, "acme", 30)  # type: ignore[arg-type]
    assert got is not None
    return got


def test_segment_statistics_match_pandas_and_stay_in_their_org(store: WorkloadStore) -> None:
    acme = make_events(3000, seed=1)
    other = make_events(500, seed=2, prefix="g", workload="support", task_type="chat", model="gpt-4o")
    with store.session() as client:
        save_events(client, "acme", acme)
        save_events(client, "globex", other)
        save_events(client, "acme", acme.head(100))  # re-ingest: must not count twice
        start, end = window(client)
        seg = fetch_segment_stats(client, "acme", start, end, BUCKETS)
        models = fetch_segment_model_stats(client, "acme", start, end, BUCKETS)
        replay = fetch_replay_events(client, "acme", start, end)
    ok = acme[acme["status"] == "ok"].assign(bucket=lambda f: bucket_of(f["prompt_tokens"]))
    keys = ["workload", "task_type", "bucket"]
    expect = ok.groupby(keys).agg(
        requests=("event_id", "size"),
        prompt_tokens_sum=("prompt_tokens", "sum"),
        completion_tokens_sum=("completion_tokens", "sum"),
        cached_tokens_sum=("cached_tokens", "sum"),
        cost_usd_sum=("cost_usd", "sum"),
        batch_requests=("is_batch", "sum"),
        duplicate_requests=("prompt_hash", lambda h: len(h) - h.nunique()),
    )
    got = seg.set_index(keys).sort_index()
    assert list(got.index) == list(expect.index)
    for column in expect.columns:
        np.testing.assert_allclose(got[column].astype(float), expect[column].astype(float), rtol=1e-6, err_msg=column)
    p99 = ok.groupby(keys)["prompt_tokens"].quantile(0.99)
    np.testing.assert_allclose(got["prompt_tokens_p99"], p99, rtol=0.05)

    expect_m = ok.groupby([*keys, "model"]).agg(
        requests=("event_id", "size"),
        quality_mean=("quality", "mean"),
        quality_count=("quality", "count"),
        quality_std=("quality", "std"),
        p95=("latency_ms", lambda x: np.quantile(x, 0.95)),
    )
    got_m = models.set_index([*keys, "model"]).sort_index()
    np.testing.assert_allclose(got_m["requests"], expect_m["requests"])
    np.testing.assert_allclose(got_m["quality_mean"], expect_m["quality_mean"], rtol=1e-5)
    np.testing.assert_allclose(got_m["quality_count"], expect_m["quality_count"])
    np.testing.assert_allclose(got_m["quality_std"], expect_m["quality_std"], rtol=1e-4)
    np.testing.assert_allclose(got_m["latency_p95_ms"], expect_m["p95"], rtol=0.05)
    errors = acme.assign(bucket=lambda f: bucket_of(f["prompt_tokens"])).groupby([*keys, "model"])["status"]
    np.testing.assert_allclose(got_m["error_rate"], errors.apply(lambda s: (s != "ok").mean()), rtol=1e-9)
    assert len(replay) == len(ok)
    # No globex event, no error event, no duplicate: the same events, compared by their content.
    cols = ["prompt_tokens", "completion_tokens", "cost_usd"]
    assert sorted(map(tuple, replay[cols].to_numpy().tolist())) == sorted(map(tuple, ok[cols].to_numpy().tolist()))


def test_window_and_eval_stats_are_org_scoped(store: WorkloadStore) -> None:
    acme = make_events(200, seed=3)
    late = make_events(5, seed=4, prefix="late", ts=START + pd.Timedelta(days=40))
    evals = pd.DataFrame(
        {
            "org_id": ["acme"] * 3 + ["globex"],
            "dataset": "d",
            "prompt_id": ["1", "2", "3", "1"],
            "prompt": "p",
            "task_type": "chat",
            "model": "gpt-4o-mini",
            "score": [0.5, 0.7, 0.9, 0.1],
        }
    )
    with store.session() as client:
        save_events(client, "acme", pd.concat([acme, late]))
        client.insert_df("eval_results", evals)
        start, end = window(client)
        assert end > (START + pd.Timedelta(days=40)).to_pydatetime().replace(tzinfo=None)
        assert (end - start).days == 30
        # The 30 days ending at the latest event leave out the first ten days of traffic.
        assert len(fetch_replay_events(client, "acme", start, end)) == len(late[late["status"] == "ok"])
        assert fetch_window(client, "nobody", 30) is None
        stats = fetch_eval_stats(client, "acme")
        assert stats.to_dict("records") == [
            {
                "task_type": "chat",
                "model": "gpt-4o-mini",
                "count": 3,
                "mean": pytest.approx(0.7),
                "std": pytest.approx(0.2),
            }
        ]
        assert fetch_eval_stats(client, "acme' OR '1'='1").empty


def test_netra_optimize_end_to_end(store: WorkloadStore, tmp_path: object) -> None:
    with store.session() as client:
        save_events(client, "acme", make_events(2000, seed=5))
    env = {"NETRA_WORKLOAD_STORE_URL": store.url}
    out = f"{tmp_path}/policy.yaml"
    result = run_netra(
        "optimize",
        "--org",
        "acme",
        "--quality-floor",
        "0.84",
        "--max-p95-ms",
        "30000",
        "--json",
        "--export",
        "policy",
        "--out",
        out,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    rep = data["replay"]
    assert rep["savings_month_lo"] <= rep["savings_month"] <= rep["savings_month_hi"]
    assert data["plan_diagnostic"]["policy_quality"] >= 0.84 - 1e-6
    assert data["savings"]["savings_month"] > 0  # gpt-4o traffic at a 0.84 floor has cheaper options
    assert data["decisions"] and all("->" in d or "keep" in d for d in data["decisions"])
    assert {o["kind"] for o in data["opportunity_summary"]} >= {"substitution", "duplicate_cache"}
    with open(out) as fh:
        policy = RoutingPolicy.from_yaml(fh.read())
    assert policy.org_id == "acme" and len(policy.rules) == len(data["decisions"])

    kept = run_netra(
        "optimize", "--org", "acme", "--quality-floor", "0", "--max-quality-drop", "0.02", "--json", env=env
    )
    assert kept.returncode == 0, kept.stderr
    per_workload = json.loads(kept.stdout)["replay_by_workload"]
    assert {w["workload"] for w in per_workload} == {"support", "reports"}
    assert all(w["quality_change"] >= -0.02 - 1e-9 for w in per_workload)

    text = run_netra(
        "optimize",
        "--org",
        "acme",
        "--quality-floor",
        "0.84",
        "--export",
        "litellm",
        "--out",
        f"{tmp_path}/litellm.json",
        env=env,
    )
    assert text.returncode == 0, text.stderr
    assert "saves $" in text.stdout and "opportunities" in text.stdout
    with open(f"{tmp_path}/litellm.json") as fh:
        exported = json.load(fh)
    assert exported["model_list"]
    # A model with no id its provider's API accepts is named on stderr, as in the file (#18).
    warned = [line.removeprefix("warning: ") for line in text.stderr.splitlines() if line.startswith("warning: ")]
    assert warned == exported["netra_routing"].get("warnings", [])


def test_netra_optimize_prices_candidates_from_the_catalog(store: WorkloadStore, tmp_path: object) -> None:
    """Without a migrated app database the built-in prices are used and the report says so; an admin's price
    override in the catalog then changes what the policy costs."""
    from netra_core.catalog.builtin import BUILTIN_MODELS
    from netra_core.db.catalog import save_price_override
    from netra_core.db.engine import make_engine, make_session_factory

    with store.session() as client:
        save_events(client, "acme", make_events(2000, seed=5))
    db_url = f"sqlite:///{tmp_path}/app.db"
    env = {"NETRA_WORKLOAD_STORE_URL": store.url, "NETRA_DATABASE_URL": db_url}
    args = ("optimize", "--org", "acme", "--quality-floor", "0.84", "--json")

    unmigrated = run_netra(*args, env=env)
    assert unmigrated.returncode == 0, unmigrated.stderr
    before = json.loads(unmigrated.stdout)
    assert before["prices_from"].startswith("built-in prices (the app database is not migrated")

    for step in (("db", "upgrade"), ("catalog", "sync")):
        done = run_netra(*step, env=env)
        assert done.returncode == 0, done.stderr
    engine = make_engine(db_url)
    with make_session_factory(engine).begin() as session:
        for m in BUILTIN_MODELS:  # every candidate 100x cheaper than the built-in table
            save_price_override(
                session,
                provider=m.provider,
                model=m.model,
                input_per_mtok=m.input_per_mtok / 100,
                output_per_mtok=m.output_per_mtok / 100,
                actor="test",
            )
    engine.dispose()
    catalog = run_netra(*args, env=env)
    assert catalog.returncode == 0, catalog.stderr
    after = json.loads(catalog.stdout)
    assert after["prices_from"] == "catalog prices in effect now"
    assert after["savings"]["policy_cost_month"] < before["savings"]["policy_cost_month"] / 20


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "nobody", "--quality-floor", "0.8"], "org 'nobody' has no workload events"),
        (["--org", "acme", "--quality-floor", "0.8", "--max-p95-ms", "5", "--strict-slo"], "p95 SLO of 5 ms"),
        (["--org", "acme", "--quality-floor", "0.8", "--export", "policy"], "--export and --out go together"),
        (["--org", "acme", "--quality-floor", "0.8", "--slo", "support"], "--slo 'support'"),
    ],
)
def test_netra_optimize_errors_are_one_clear_line(
    store: WorkloadStore, args: list[str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with store.session() as client:
        save_events(client, "acme", make_events(300, seed=6))
    monkeypatch.setenv("NETRA_WORKLOAD_STORE_URL", store.url)
    # In-process (the same click group as the `netra` command) to keep the table fast.
    result = CliRunner().invoke(main, ["optimize", *args])
    assert result.exit_code == 1
    assert message in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_floor_no_workload_can_reach_keeps_each_on_todays_models(
    store: WorkloadStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The floor holds per workload (#18): a workload no allowed model brings up to it keeps today's models, and the
    command says so (before, a floor above the traffic-weighted best was refused as a whole)."""
    with store.session() as client:
        save_events(client, "acme", make_events(300, seed=6))
    monkeypatch.setenv("NETRA_WORKLOAD_STORE_URL", store.url)
    result = CliRunner().invoke(main, ["optimize", "--org", "acme", "--quality-floor", "0.99"])
    assert result.exit_code == 0, result.output
    assert "up to the floor of 0.990: kept on today's models" in result.stdout


def test_segment_statistics_without_prompt_hashes(store: WorkloadStore) -> None:
    """Traffic logged without prompt hashes still gets segment statistics (no duplicates counted)."""
    events = make_events(300, seed=9, prompt_hash="")
    with store.session() as client:
        save_events(client, "acme", events)
        start, end = window(client)
        seg = fetch_segment_stats(client, "acme", start, end, BUCKETS)
    assert not seg.empty and (seg["duplicate_requests"] == 0).all()
    assert seg["requests"].sum() == (events["status"] == "ok").sum()
