"""`netra ingest` and `netra evals ingest` run as a user runs them; eval results through the library too."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from netra_core.errors import IngestRejectedError
from netra_core.workloads.ingest.evals import fetch_eval_count, ingest_eval_files
from netra_core.workloads.store import WorkloadStore, query_df
from tests.conftest import run_netra
from tests.test_ingest_builders import FIXTURES


def test_ingest_json_report_and_reingest(tmp_path: Path) -> None:
    assert run_netra("db", "upgrade").returncode == 0
    assert run_netra("orgs", "add", "acme").returncode == 0
    first = run_netra(
        "ingest", str(FIXTURES / "events.csv"), str(FIXTURES / "otlp_traces.jsonl"), "--org", "acme", "--json"
    )
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["ok"] is True and report["rows_written"] == 7 and report["non_model_spans_skipped"] == 1
    assert report["agent_tool_spans_skipped"] == 1
    assert [f["format"] for f in report["files"]] == ["csv", "otlp"]
    again = json.loads(run_netra("ingest", str(FIXTURES / "events.csv"), "--org", "acme", "--json").stdout)
    assert (again["rows_written"], again["duplicates_skipped"]) == (0, 5)
    plain = run_netra("ingest", str(FIXTURES / "otlp_traces.jsonl"), "--org", "acme")
    assert "1 non-model spans skipped, 1 agent/tool spans skipped" in plain.stdout, plain.stdout


def test_ingest_rejects_bad_file_with_exit_1_and_names_the_line(tmp_path: Path) -> None:
    run_netra("db", "upgrade")
    run_netra("orgs", "add", "acme")
    bad = tmp_path / "bad.csv"
    bad.write_text("event_id,ts,model,prompt_tokens,completion_tokens\na,2026-11-01T00:00:00Z,gpt-4o,-3,1\n")
    plain = run_netra("ingest", str(bad), "--org", "acme")
    assert plain.returncode == 1 and "Traceback" not in plain.stderr
    assert "bad.csv line 2: prompt_tokens '-3': is negative" in plain.stderr
    as_json = run_netra("ingest", str(bad), "--org", "acme", "--json")
    assert as_json.returncode == 1
    body = json.loads(as_json.stdout)
    assert body["ok"] is False and body["error_count"] == 1 and body["errors"][0]["field"] == "prompt_tokens"
    skipped = run_netra("ingest", str(bad), str(FIXTURES / "events.jsonl"), "--org", "acme", "--skip-invalid")
    assert skipped.returncode == 0, skipped.stderr
    assert "3 written" in skipped.stdout and (tmp_path / "bad.csv.rejects.csv").exists()


def test_ingest_usage_errors() -> None:
    assert run_netra("ingest", "x.csv").returncode == 2  # no --org
    assert run_netra("ingest", "x.csv", "--org", "a", "--format", "xml").returncode == 2
    missing = run_netra("ingest", "does-not-exist.csv", "--org", "a")
    assert missing.returncode == 1 and "no such file" in missing.stderr


def test_evals_ingest_cli(tmp_path: Path) -> None:
    run_netra("db", "upgrade")
    done = run_netra(
        "evals", "ingest", str(FIXTURES / "evals.csv"), "--org", "acme", "--dataset", "math", "--json", "--create-org"
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rows_written"] == 4
    bad = tmp_path / "evals.csv"
    bad.write_text("prompt_id,model,score\np1,gpt-4o,1.7\n")
    refused = run_netra("evals", "ingest", str(bad), "--org", "acme", "--dataset", "math")
    assert refused.returncode == 1 and "evals.csv line 2: score '1.7': must be between 0 and 1" in refused.stderr


def test_eval_results_are_stored_and_replaced_per_prompt_and_model(store: WorkloadStore, tmp_path: Path) -> None:
    report = ingest_eval_files(store, [FIXTURES / "evals.csv"], "acme", "math")
    assert report.rows_written == 4
    with store.session() as client:
        rows = query_df(
            client,
            "SELECT prompt_id, model, score, cost_usd FROM eval_results FINAL "
            "WHERE org_id = {org:String} ORDER BY prompt_id, model",
            {"org": "acme"},
        )
        assert rows["score"].tolist() == pytest.approx([1.0, 1.0, 0.2, 0.0])
        assert rows["cost_usd"].isna().tolist() == [False, False, False, True]
        # Loading the same dataset again replaces the results, it does not double them.
        ingest_eval_files(client, [FIXTURES / "evals.csv"], "acme", "math")
        assert fetch_eval_count(client, "acme", "math") == 4
        assert fetch_eval_count(client, "other-org", "math") == 0
    missing = tmp_path / "e.csv"
    missing.write_text("prompt_id,prompt,score\np1,hi,0.5\n")
    with pytest.raises(IngestRejectedError, match=re.escape("e.csv line 2: model: missing")):
        ingest_eval_files(store, [missing], "acme", "math2")
