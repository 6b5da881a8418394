"""End to end on generated traffic: `netra optimize` finds every planted opportunity, with savings near the truth.

The generator plants (and computes from its own rows) a cheaper model for a classification workload, exact
duplicate prompts in two workloads and a latency-insensitive batch job; see netra_core/generator/planted.py.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from netra_core.generator.generated_events import save_generated
from netra_core.generator.planted import PlantedTruth
from netra_core.generator.traffic_profiles import default_spec
from netra_core.workloads.store import WorkloadStore
from tests.conftest import run_netra

DAYS = 30


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[PlantedTruth, dict[str, Any]]:
    root = tmp_path_factory.mktemp("planted")
    store = WorkloadStore(f"chdb://{root / 'workloads'}", lock_timeout_s=60)
    from netra_core.workloads.migrations import upgrade_store

    with store.session() as client:
        upgrade_store(client)
    report = save_generated(store, "acme", default_spec(), 150_000, DAYS, 11, end=datetime(2026, 11, 1, tzinfo=UTC))
    truth = report.truth
    args = [
        "optimize",
        "--org",
        "acme",
        "--days",
        str(DAYS),
        "--quality-floor",
        "0.5",
        "--max-quality-drop",
        "0.02",
        "--json",
    ]
    for w in truth.workloads:
        args += ["--slo", f"{w.name}={w.slo_p95_ms:g}"]
        if w.is_latency_insensitive:
            args += ["--batch-workload", w.name]
    out = run_netra(*args, env={"NETRA_WORKLOAD_STORE_URL": store.url}, timeout=600)
    assert out.returncode == 0, out.stderr
    return truth, json.loads(out.stdout)


def _opportunities(result: dict[str, Any], kind: str, workload: str) -> tuple[float, float, float]:
    rows = [r for r in result["opportunities"] if r["kind"] == kind and r["workload"] == workload]
    return (
        sum(r["standalone_month"] for r in rows),
        sum(r["standalone_lo"] for r in rows),
        sum(r["standalone_hi"] for r in rows),
    )


def test_the_batch_job_is_found_with_its_savings(planted: tuple[PlantedTruth, dict[str, Any]]) -> None:
    truth, result = planted
    [batch] = [b for b in truth.batches if b.is_planted]
    found, _, _ = _opportunities(result, "batch", batch.workload)
    assert found == pytest.approx(batch.savings_usd, rel=0.05)


def test_every_planted_duplicate_cache_is_found_within_its_interval(
    planted: tuple[PlantedTruth, dict[str, Any]],
) -> None:
    truth, result = planted
    caches = [c for c in truth.caches if c.is_planted]
    assert caches
    for cache in caches:
        found, lo, hi = _opportunities(result, "duplicate_cache", cache.workload)
        # The truth counts repeats after the first *successful* answer; allow that 3 % definitional gap.
        assert lo * 0.97 <= cache.savings_usd <= hi * 1.03, (cache.workload, lo, found, hi, cache.savings_usd)


def test_the_planted_model_switch_is_recommended_with_its_savings(planted: tuple[PlantedTruth, dict[str, Any]]) -> None:
    truth, result = planted
    [switch] = [s for s in truth.model_switches if s.is_planted]
    decisions = [d for d in result["decisions"] if d.startswith(f"{switch.workload}/{switch.task_type}/")]
    assert decisions and all(switch.to_model in d for d in decisions)
    [replayed] = [r for r in result["replay_by_workload"] if r["workload"] == switch.workload]
    # The replay re-prices the workload's real events under the policy; it should recover the planted dollars.
    assert replayed["savings_month_lo"] * 0.9 <= switch.savings_usd <= replayed["savings_month_hi"] * 1.1
