"""The reporting sub-agent: a written summary, and the weekly cost report notebook run for real (papermill) on ask."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from netra_core.agents.assistant import ask, make_registry
from netra_core.agents.dispatcher import Dispatcher
from netra_core.agents.subagents.reporting import SUMMARY_ONLY
from netra_core.agents.tools import ToolContext
from netra_core.config import get_settings
from netra_core.db.models import Reference, Run
from netra_core.errors import ToolArgumentsError, ToolFailedError
from tests.agents.builders import NOW, AgentEnv


def _report_runs(env: AgentEnv) -> list[Run]:
    with env.session_factory() as session:
        return list(session.scalars(select(Run).where(Run.kind == "report").order_by(Run.id)))


def _visible_text(html: str) -> str:
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def report_settings(agent_env: AgentEnv, monkeypatch: pytest.MonkeyPatch) -> None:
    """The notebook's kernel reads the NETRA_* settings: point them at the assistant's store."""
    monkeypatch.setenv("NETRA_WORKLOAD_STORE_URL", agent_env.store.url)
    get_settings.cache_clear()


def test_a_summary_request_runs_no_notebook(agent_env: AgentEnv) -> None:
    """ "summarize last week" writes the summary from the analysis tools and says how to get the notebook report."""
    before = len(_report_runs(agent_env))
    result = ask(agent_env.session_factory, agent_env.store, agent_env.auth("ana"), "summarize last week", now=NOW)
    assert result.status == "succeeded", result.error
    tools = [s["tool"] for s in result.steps if s.get("kind") == "tool" and s["agent"] == "reporting"]
    assert tools == ["get_kpis", "get_top_spenders", "get_error_breakdown", "get_latency_by_model"]
    assert result.text.startswith("Summary for the last 7 days:") and SUMMARY_ONLY in result.text
    assert len(_report_runs(agent_env)) == before


def test_analyst_runs_the_weekly_report_and_a_viewer_is_denied(agent_env: AgentEnv, report_settings: None) -> None:
    """The notebook renders to HTML for the analyst's org, its run is recorded; a viewer gets the summary only."""
    ana, vic = agent_env.auth("ana"), agent_env.auth("vic")
    before = {r.id for r in _report_runs(agent_env)}
    result = ask(
        agent_env.session_factory, agent_env.store, ana, "can you kick off the cost report for last week", now=NOW
    )
    assert result.status == "succeeded", result.error
    step = next(s for s in result.steps if s.get("tool") == "run_report")
    assert step["status"] == "ok" and step["agent"] == "reporting"
    data = step["result"]
    assert data["status"] == "succeeded" and data["period_end"] == NOW.isoformat() and data["period_days"] == 7
    html_path = Path(data["html_path"])
    assert html_path.is_file() and html_path.parent == (get_settings().data_dir / "reports" / "acme").resolve()
    assert f"Open it on the Reports page as `{data['reference']}`" in result.text
    assert f"(run {data['run_id']})" in result.text and str(html_path.parent) not in result.text  # no server path
    assert result.payload["unsupported_numbers"] == []

    # The run is recorded for acme and the analyst, with the reference the Reports page lists.
    new = [r for r in _report_runs(agent_env) if r.id not in before]
    assert [(r.id, r.org_id, r.user_id, r.status) for r in new] == [
        (data["run_id"], ana.org_pk, ana.user_pk, "succeeded")
    ]
    with agent_env.session_factory() as session:
        ref = session.scalar(select(Reference).where(Reference.name == data["reference"]))
        assert ref is not None and ref.org_id == ana.org_pk and ref.payload["run_id"] == data["run_id"]

    # The notebook (its own process) and the assistant's summary read the same week of acme's traffic.
    kpis = next(s for s in result.steps if s.get("tool") == "get_kpis")["result"]["kpis"]
    assert data["headline"]["spend_usd"] == kpis["spend_usd"] and data["headline"]["requests"] == kpis["requests"]
    text = _visible_text(html_path.read_text(encoding="utf-8"))
    assert f"Spend ${kpis['spend_usd']['value']:,.2f} ${kpis['spend_usd']['previous']:,.2f}" in text
    assert f"Requests {kpis['requests']['value']:,.0f} {kpis['requests']['previous']:,.0f}" in text

    denied = ask(agent_env.session_factory, agent_env.store, vic, "run the weekly cost report", now=NOW)
    assert denied.status == "succeeded", denied.error
    step = next(s for s in denied.steps if s.get("tool") == "run_report")
    assert step["status"] == "denied" and "needs the analyst role" in step["error"]
    assert (
        "I did not run the weekly_cost_report notebook" in denied.text and "Summary for the last 7 days" in denied.text
    )
    with agent_env.session_factory() as session:
        run = session.get(Run, denied.run_id)
        assert run is not None and any(s.get("status") == "denied" for s in run.steps)
    assert [r.id for r in _report_runs(agent_env) if r.id not in before] == [data["run_id"]]


def test_run_report_refuses_an_org_argument_and_a_store_the_notebook_would_not_read(agent_env: AgentEnv) -> None:
    """No org from arguments; and without settings naming this run's store, nothing renders (no run recorded)."""
    ctx = ToolContext(
        auth=agent_env.auth("ana"), store=agent_env.store, session_factory=agent_env.session_factory, now=NOW
    )
    dispatcher = Dispatcher(make_registry(), ctx)
    with pytest.raises(ToolArgumentsError, match="org_id: Extra inputs are not permitted"):
        dispatcher.call("reporting", "run_report", {"org_id": "globex"})
    with pytest.raises(ToolArgumentsError, match="report 'no_such_report' does not exist"):
        dispatcher.call("reporting", "run_report", {"report": "no_such_report"})
    before = len(_report_runs(agent_env))
    with pytest.raises(ToolFailedError, match=r"the report notebook reads embedded chdb at .* but this run uses"):
        dispatcher.call("reporting", "run_report", {"days": 7})
    assert len(_report_runs(agent_env)) == before
