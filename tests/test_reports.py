"""Report notebooks rendered for real (papermill + nbconvert) on a real store; schedules with a controlled clock."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from netra_core.analytics.cost_sources import fetch_cost_source_mix
from netra_core.analytics.filters import EventFilter
from netra_core.analytics.kpis import fetch_kpis
from netra_core.cli import upgrade_all
from netra_core.config import get_settings
from netra_core.db.engine import make_session_factory
from netra_core.db.models import ReportSchedule, Run
from netra_core.db.orgs import save_org
from netra_core.db.schedules import compute_next_run, save_schedule
from netra_core.errors import ValidationError
from netra_core.reports.anomalies import compute_anomalies
from netra_core.reports.service import ReportOutcome, fetch_report_references, run_and_record, run_due_schedules
from netra_core.stores import make_app_engine, make_store
from netra_core.workloads.events import save_events
from tests.conftest import run_netra
from tests.test_analytics import make_traffic
from tests.test_store import start_worker

END = "2026-11-15T00:00:00Z"


@pytest.fixture
def sessions() -> Iterator[sessionmaker[Session]]:
    settings = get_settings()
    upgrade_all(settings)
    acme = make_traffic("acme", 3000, seed=31, days=40)
    acme["cost_source"] = ["reported" if i % 4 == 0 else "netra" for i in range(len(acme))]
    globex = make_traffic("globex", 800, seed=32, days=40)
    globex["workload"] = "globex-secret-pipeline"
    with make_store(settings).session() as client:
        save_events(client, "acme", acme)
        save_events(client, "globex", globex)
    engine = make_app_engine(settings)
    factory = make_session_factory(engine)
    with factory.begin() as s:
        save_org(s, "acme")
        save_org(s, "globex")
    yield factory
    engine.dispose()


def visible_text(html: str) -> str:
    """The report's text without plotly.js and tags."""
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def rendered_html(outcome: ReportOutcome) -> str:
    """The report's HTML (a run that rendered one)."""
    assert outcome.html_path is not None
    return outcome.html_path.read_text()


def test_report_html_shows_the_same_kpis_as_the_analytics_functions(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    outcome = run_and_record(
        sessions,
        report="weekly_cost_report",
        org_slug="acme",
        out_dir=tmp_path / "out",
        params={"period_end": END, "period_days": 7},
    )
    assert outcome.status == "succeeded", outcome.error
    html = rendered_html(outcome)
    text = visible_text(html)
    end = datetime(2026, 11, 15, tzinfo=UTC)
    with make_store(get_settings()).session() as client:
        kpis = fetch_kpis(client, EventFilter("acme", end - timedelta(days=7), end)).set_index("metric")
    assert f"Spend ${kpis.loc['spend_usd', 'value']:,.2f} ${kpis.loc['spend_usd', 'previous']:,.2f}" in text
    assert f"Requests {kpis.loc['requests', 'value']:,.0f} {kpis.loc['requests', 'previous']:,.0f}" in text
    assert f"p95 latency {kpis.loc['latency_p95_ms', 'value']:,.0f} ms" in text
    # Where the costs come from, as the Overview says it: a share reported by the provider, the rest priced.
    with make_store(get_settings()).session() as client:
        mix = fetch_cost_source_mix(client, EventFilter("acme", end - timedelta(days=7), end))
    assert 0 < mix.reported_usd < mix.total_usd and mix.describe() in text
    assert "globex-secret-pipeline" not in html
    assert "def " not in text and "import " not in text  # code cells are hidden
    assert not re.search(r'<script[^>]+src="https?://', html)  # self-contained: works offline
    assert html.count("js-plotly-plot") >= 1 or "Plotly.newPlot" in html
    with sessions() as s:
        refs = fetch_report_references(s, "acme")
        assert [r.payload["run_id"] for r in refs] == [outcome.run_id]
        assert fetch_report_references(s, "globex") == []
        assert s.get_one(Run, outcome.run_id).status == "succeeded"


def test_a_relative_data_dir_resolves_to_the_callers_stores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default `NETRA_DATA_DIR=data` is relative: the notebook kernel must read the caller's store."""
    from netra_core.reports.runner import REPORTS_DIR

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NETRA_DATA_DIR", "data")
    get_settings.cache_clear()
    settings = get_settings()
    upgrade_all(settings)
    with make_store(settings).session() as client:
        save_events(client, "acme", make_traffic("acme", 500, seed=33, days=10))
    engine = make_app_engine(settings)
    factory = make_session_factory(engine)
    with factory.begin() as s:
        save_org(s, "acme")
    outcome = run_and_record(
        factory,
        report="weekly_cost_report",
        org_slug="acme",
        out_dir=tmp_path / "out",
        params={"period_end": END, "period_days": 7},
    )
    engine.dispose()
    assert outcome.status == "succeeded", outcome.error
    end = datetime(2026, 11, 15, tzinfo=UTC)
    with make_store(settings).session() as client:
        kpis = fetch_kpis(client, EventFilter("acme", end - timedelta(days=7), end)).set_index("metric")
    assert f"Requests {kpis.loc['requests', 'value']:,.0f}" in visible_text(rendered_html(outcome))
    assert not (REPORTS_DIR / "data").exists()


def test_a_report_renders_while_another_process_holds_the_store(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    store_url = get_settings().resolved_store_url
    holder = start_worker("hold", store_url, "4")
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        outcome = run_and_record(
            sessions, report="weekly_cost_report", org_slug="globex", out_dir=tmp_path, params={"period_end": END}
        )
    finally:
        holder.wait(timeout=30)
    assert outcome.status == "succeeded", outcome.error
    assert "globex-secret-pipeline" in visible_text(rendered_html(outcome))


def test_schedule_fires_at_its_time_and_a_failure_does_not_stop_the_others(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    sunday_noon = datetime(2026, 11, 22, 12, tzinfo=UTC)
    monday_seven = datetime(2026, 11, 23, 7, tzinfo=UTC)
    with sessions.begin() as s:
        good = save_schedule(
            s,
            org_slug="acme",
            report="weekly_cost_report",
            cron="0 7 * * MON",
            now=sunday_noon,
            params={"period_end": END},
        )
        bad = save_schedule(
            s,
            org_slug="globex",
            report="weekly_cost_report",
            cron="0 7 * * *",
            now=sunday_noon,
            params={"period_end": "not a date"},
        )
        good_id, bad_id = good.id, bad.id
        assert good.next_run_at == monday_seven
    assert run_due_schedules(sessions, now=monday_seven - timedelta(minutes=1), out_root=tmp_path) == []
    outcomes = run_due_schedules(sessions, now=monday_seven, out_root=tmp_path)
    assert sorted(o.status for o in outcomes) == ["failed", "succeeded"]
    failed = next(o for o in outcomes if o.status == "failed")
    assert "period_end" in (failed.error or "") or "not a date" in (failed.error or "")
    with sessions() as s:
        good_row, bad_row = s.get_one(ReportSchedule, good_id), s.get_one(ReportSchedule, bad_id)
        assert good_row.next_run_at == datetime(2026, 11, 30, 7, tzinfo=UTC) and good_row.last_status == "succeeded"
        assert bad_row.next_run_at == datetime(2026, 11, 24, 7, tzinfo=UTC) and bad_row.last_status == "failed"
        runs = s.scalars(select(Run).where(Run.kind == "report")).all()
        assert sorted(r.status for r in runs) == ["failed", "succeeded"]
    assert run_due_schedules(sessions, now=monday_seven + timedelta(minutes=5), out_root=tmp_path) == []


def test_cron_rules() -> None:
    assert compute_next_run("*/15 * * * *", datetime(2026, 1, 1, 10, 7, tzinfo=UTC)) == datetime(
        2026, 1, 1, 10, 15, tzinfo=UTC
    )
    with pytest.raises(ValidationError, match="cron"):
        compute_next_run("every monday", datetime(2026, 1, 1, tzinfo=UTC))


def test_anomaly_rule_flags_a_doubled_day_only() -> None:
    days = pd.date_range("2026-10-01", periods=35, freq="D", tz="UTC")
    spend = [100.0 + (i % 7) for i in range(35)]
    spend[32] = 260.0
    daily = pd.DataFrame({"day": days, "workload": "w", "spend_usd": spend})
    flagged = compute_anomalies(daily, days[28])
    assert flagged["day"].tolist() == [days[32]] and flagged["direction"].tolist() == ["above"]
    assert "robust z-score" in flagged["rule"].iloc[0]


def test_weekends_are_compared_with_weekends_and_todays_partial_day_is_not_flagged() -> None:
    days = pd.date_range("2026-10-05", periods=35, freq="D", tz="UTC")  # a Monday
    # Weekends carry a third of a weekday's traffic, every week: that is the usual level, not an anomaly.
    spend = [30.0 + (i % 3) if d.day_of_week >= 5 else 100.0 + (i % 5) for i, d in enumerate(days)]
    spend[-1] = 20.0  # today, a few hours in
    daily = pd.DataFrame({"day": days, "workload": "w", "spend_usd": spend})
    now = days[-1] + pd.Timedelta(hours=5)
    period_start = days[-7]
    assert compute_anomalies(daily, period_start, period_end=now).empty
    # Without the partial-day cut, the same low "today" would be flagged: the test can fail.
    assert compute_anomalies(daily, period_start)["day"].tolist() == [days[-1]]
    # A real drop on a weekend day is still caught, against the weekend days before it.
    spend[-2] = 5.0 if days[-2].day_of_week >= 5 else spend[-2] / 6
    flagged = compute_anomalies(daily.assign(spend_usd=spend), period_start, period_end=now)
    assert flagged["day"].tolist() == [days[-2]] and flagged["direction"].tolist() == ["below"]
    kind = "weekend days" if days[-2].day_of_week >= 5 else "weekdays"
    assert kind in flagged["rule"].iloc[0]
    # The rule carries no table-breaking characters once written into the report's Markdown table.
    assert "|" not in flagged["rule"].iloc[0]


def test_report_cli_run_and_schedule(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    out = run_netra(
        "report", "run", "weekly_cost_report", "--org", "acme", "--period-end", END, "--out", str(tmp_path), "--json"
    )
    assert out.returncode == 0, out.stderr
    assert Path(__import__("json").loads(out.stdout)["html"]).is_file()
    missing = run_netra("report", "run", "no_such_report", "--org", "acme")
    assert missing.returncode == 1 and "weekly_cost_report" in missing.stderr
    added = run_netra("report", "schedule", "add", "weekly_cost_report", "--org", "acme", "--cron", "0 7 * * MON")
    assert added.returncode == 0, added.stderr
    listed = __import__("json").loads(run_netra("report", "schedule", "list", "--json").stdout)
    assert [(r["org"], r["cron"]) for r in listed] == [("acme", "0 7 * * MON")]
    bad = run_netra("report", "schedule", "add", "weekly_cost_report", "--org", "acme", "--cron", "mondays")
    assert bad.returncode == 1 and "cron" in bad.stderr
    assert run_netra("report", "schedule", "remove", str(listed[0]["id"])).returncode == 0


# Names an attacker can send as OTLP `service.name` / `gen_ai.request.model` or a CSV column.
HOSTILE_WORKLOADS = [
    "<img src=x onerror=alert(document.cookie)>",
    "<script>alert('w')</script>",
    "[click](javascript:alert(1))",
]
HOSTILE_MODEL = '<svg onload=alert("m")>'


class _LiveMarkup(HTMLParser):
    """Tags and attributes a browser would act on (text inside <script> is plotly's, checked separately)."""

    def __init__(self) -> None:
        super().__init__()
        self.handlers: list[tuple[str, str]] = []
        self.links: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, f"{name}={value}"))
            if name in ("href", "src") and (value or "").strip().lower().startswith("javascript:"):
                self.links.append(value or "")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def test_hostile_names_are_text_in_the_report(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    """A workload or model named like HTML or a link shows as its text; nothing from the data runs or links."""
    traffic = make_traffic("mallory", 900, seed=34, days=40)
    traffic["workload"] = [HOSTILE_WORKLOADS[i % 3] for i in range(len(traffic))]
    traffic.loc[traffic.index[::2], "model"] = HOSTILE_MODEL
    traffic["metadata"] = [{"latency_insensitive": "true"}] * len(traffic)  # batch opportunities name the model
    with make_store(get_settings()).session() as client:
        save_events(client, "mallory", traffic)
    with sessions.begin() as s:
        save_org(s, "mallory")
    outcome = run_and_record(
        sessions,
        report="weekly_cost_report",
        org_slug="mallory",
        out_dir=tmp_path,
        params={"period_end": END, "period_days": 7},
    )
    assert outcome.status == "succeeded", outcome.error
    html = rendered_html(outcome)
    parser = _LiveMarkup()
    parser.feed(html)
    assert parser.handlers == [] and parser.links == []
    assert not any("alert(" in script and "Plotly" not in script for script in parser.scripts)
    text = visible_text(html)
    for name in [*HOSTILE_WORKLOADS, HOSTILE_MODEL]:
        assert name in unescape(text)  # still readable, as text


def _tables(html: str) -> list[list[list[str]]]:
    """Every HTML table of the report as rows of cell texts (header row first)."""
    tables = []
    for body in re.findall(r"<table.*?</table>", html, flags=re.S):
        rows = re.findall(r"<tr.*?</tr>", body, flags=re.S)
        tables.append(
            [
                [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[hd].*?</t[hd]>", r, flags=re.S)]
                for r in rows
            ]
        )
    return tables


def test_the_reports_anomalies_are_an_html_table(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    """A flagged day reaches the rendered report as a table row, never as raw Markdown (#18), even for a workload
    whose name holds the table's own separator."""
    usual = make_traffic("acme", 1200, seed=35, days=40)
    usual["workload"] = "ops|batch"
    spike = make_traffic("acme", 300, seed=36, days=1)
    spike["workload"], spike["cost_usd"] = "ops|batch", 0.05
    spike["ts"] = pd.Timestamp("2026-11-12T01:00:00Z") + pd.to_timedelta(range(len(spike)), unit="min")
    with make_store(get_settings()).session() as client:
        save_events(client, "acme", pd.concat([usual, spike], ignore_index=True))
    outcome = run_and_record(
        sessions,
        report="weekly_cost_report",
        org_slug="acme",
        out_dir=tmp_path,
        params={"period_end": END, "period_days": 7},
    )
    assert outcome.status == "succeeded", outcome.error
    html = rendered_html(outcome)
    anomalies = next(t for t in _tables(html) if t and t[0] == ["Workload", "Day", "Spend", "Usual", "Rule"])
    assert ["ops|batch", "2026-11-12"] in [row[:2] for row in anomalies[1:]]
    assert all(len(row) == 5 for row in anomalies)
    assert "| Workload |" not in visible_text(html) and "|---|" not in html
