"""Per-prompt routing inside the optimizer: learned from the org's eval results, measured on held-out prompts."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from netra_core.routing.encoders import is_encoder_available
from netra_core.routing.opportunity import compute_per_prompt_routing
from netra_core.workloads.eval_results import fetch_eval_frame
from netra_core.workloads.events import save_events
from netra_core.workloads.ingest.evals import ingest_eval_files
from netra_core.workloads.store import WorkloadStore
from tests.conftest import run_netra
from tests.test_optimizer_store import make_events


def write_evals(path: Path, n: int, seed: int) -> Path:
    """Two models; the small one fails exactly the prompts that ask for a proof (learnable from the text)."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        hard = rng.random() < 0.3
        topic = rng.choice(["invoices", "refunds", "shipping", "accounts", "billing"])
        prompt = f"{'prove the theorem about' if hard else 'summarise the note on'} {topic} case {i}"
        rows.append({"prompt_id": f"p{i}", "prompt": prompt, "model": "small-model", "score": 0.0 if hard else 1.0})
        rows.append({"prompt_id": f"p{i}", "prompt": prompt, "model": "large-model", "score": 1.0})
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_learned_routing_saves_on_held_out_prompts_and_stays_in_its_org(store: WorkloadStore, tmp_path: Path) -> None:
    ingest_eval_files(store, [write_evals(tmp_path / "a.csv", 240, 1)], "acme", "golden")
    ingest_eval_files(store, [write_evals(tmp_path / "b.csv", 90, 2)], "globex", "theirs")
    with store.session() as client:
        frame = fetch_eval_frame(client, "acme")
    assert set(frame["dataset"]) == {"golden"} and len(frame) == 480
    [estimate] = compute_per_prompt_routing(frame)
    assert estimate.best_single_model == "large-model" and estimate.best_single_quality == 1.0
    # About 70 % of prompts are easy: a router that learned the text sends them to the small model.
    assert estimate.cost_saving_at_best_quality is not None and estimate.cost_saving_at_best_quality > 0.4
    assert estimate.beats_zero_router is True
    assert "golden: routing each prompt reaches large-model's quality" in estimate.describe()
    assert estimate.encoder == ("minilm-static" if is_encoder_available() else None)
    assert "features: TF-IDF" in estimate.describe() and "learners chosen: " in estimate.describe()


def test_datasets_too_small_or_with_one_model_are_skipped(tmp_path: Path) -> None:
    one = pd.DataFrame(
        {"dataset": "d", "prompt_id": ["a", "b"], "prompt": ["x", "y"], "model": "m", "score": [1.0, 0.0]}
    )
    assert compute_per_prompt_routing(one) == []
    small = pd.read_csv(write_evals(tmp_path / "s.csv", 20, 3)).assign(dataset="tiny")
    assert compute_per_prompt_routing(small) == []


def test_netra_optimize_reports_per_prompt_routing(store: WorkloadStore, tmp_path: Path) -> None:
    with store.session() as client:
        save_events(client, "acme", make_events(800, seed=4))
    ingest_eval_files(store, [write_evals(tmp_path / "a.csv", 150, 5)], "acme", "golden")
    out = run_netra(
        "optimize", "--org", "acme", "--quality-floor", "0.5", "--json", env={"NETRA_WORKLOAD_STORE_URL": store.url}
    )
    assert out.returncode == 0, out.stderr
    [item] = json.loads(out.stdout)["per_prompt_routing"]
    assert item["dataset"] == "golden" and item["cost_saving_at_best_quality"] > 0.3
    text = run_netra("optimize", "--org", "acme", "--quality-floor", "0.5", env={"NETRA_WORKLOAD_STORE_URL": store.url})
    assert "per-prompt routing, learned from your eval results" in text.stdout
