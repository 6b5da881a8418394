"""The Workloads page's "Cost per agent and tool" in AppTest: the org's own roll-up, and the empty state."""

from __future__ import annotations

from pathlib import Path

import pytest

from netra_core.config import get_settings
from netra_core.stores import make_store
from netra_core.workloads.ingest import ingest_files
from tests.app_helpers import make_app_db, open_app, sign_in
from tests.test_agent_costs import otlp_file


def _ingest(path: Path, org: str) -> None:
    report = ingest_files(make_store(get_settings()), [path], org)
    assert report.trace_spans_kept == 8


def test_the_workloads_page_shows_cost_per_agent_and_tool(tmp_path: Path) -> None:
    engine, _ = make_app_db([("vic", "acme", "viewer")])
    try:
        _ingest(otlp_file(tmp_path / "acme.jsonl"), "acme")
        _ingest(otlp_file(tmp_path / "globex.jsonl", scale=10), "globex")  # same ids, ten times the cost
        at = sign_in(open_app(), "vic").switch_page("views/workloads.py").run(timeout=60)
        assert not at.exception, at.exception
        assert "Cost per agent and tool" in [h.value for h in at.subheader]
        table = next(d.value for d in at.dataframe if "cost_per_run_usd" in d.value.columns)
        rows = {(r["kind"], r["name"]): r for r in table.to_dict(orient="records")}
        agent = rows[("agent", "support-agent")]
        assert (agent["runs"], agent["model_calls"], agent["tokens"]) == (2, 5, 685)
        assert agent["cost_usd"] == pytest.approx(0.051) and agent["cost_per_run_usd"] == pytest.approx(0.0255)
        assert rows[("tool", "refund")]["cost_usd"] == pytest.approx(0.035)  # globex's $0.35 never shows
        assert list(table["name"])[:2] == ["support-agent", "POST /chat"]
        assert any("5 of the 7 model calls in 2 traces" in c.value for c in at.caption)
    finally:
        engine.dispose()


def test_without_agent_spans_the_page_says_how_to_send_them(tmp_path: Path) -> None:
    engine, _ = make_app_db([("vic", "acme", "viewer")])
    try:
        _ingest(otlp_file(tmp_path / "globex.jsonl"), "globex")  # another org's agents only
        plain = tmp_path / "acme.csv"
        plain.write_text(
            "ts,workload,model,provider,prompt_tokens,completion_tokens,cost_usd\n"
            "2026-11-20T09:00:00Z,support-bot,gpt-4o-mini,openai,100,20,0.01\n"
        )
        ingest_files(make_store(get_settings()), [plain], "acme")
        at = sign_in(open_app(), "vic").switch_page("views/workloads.py").run(timeout=60)
        assert not at.exception, at.exception
        assert not any("cost_per_run_usd" in d.value.columns for d in at.dataframe)
        assert any("No agent or tool spans" in c.value and "openinference.span.kind" in c.value for c in at.caption)
    finally:
        engine.dispose()
