"""The Reports page in AppTest: a past report's HTML is read from disk only when it is shown or downloaded (#18)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from netra_core.db.models import Reference
from netra_core.db.orgs import fetch_org
from tests.app_helpers import make_app_db, open_app, sign_in


@pytest.fixture
def sessions() -> Iterator[sessionmaker[Session]]:
    engine, factory = make_app_db([("victor", "acme", "viewer")])
    yield factory
    engine.dispose()


def test_past_reports_are_read_only_when_shown(
    sessions: sessionmaker[Session], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = []
    for i in range(3):
        report = tmp_path / f"weekly_cost_report-acme-{i}.html"
        report.write_text(f"<p>Weekly report {i}</p>", encoding="utf-8")
        paths.append(report)
        with sessions.begin() as s:
            s.add(
                Reference(
                    org_id=fetch_org(s, "acme").id,
                    name=report.stem,
                    kind="report",
                    description="rendered",
                    payload={"report": "weekly_cost_report", "html_path": str(report)},
                )
            )
    reads: list[str] = []
    read_text, read_bytes = Path.read_text, Path.read_bytes

    def counted_text(self: Path, *args: object, **kwargs: object) -> str:
        if self.suffix == ".html":
            reads.append(self.name)
        return read_text(self, *args, **kwargs)  # type: ignore[arg-type]

    def counted_bytes(self: Path) -> bytes:
        if self.suffix == ".html":
            reads.append(self.name)
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_text", counted_text)
    monkeypatch.setattr(Path, "read_bytes", counted_bytes)
    at = sign_in(open_app(), "victor").switch_page("views/reports.py").run()
    assert not at.exception, at.exception
    assert sorted(e.label.split(" · ")[0] for e in at.expander if e.label.startswith("weekly_cost_report-acme-")) == [
        p.stem for p in paths
    ]
    assert reads == []  # listing three past reports reads none of them
    at = at.toggle(key=f"show_{paths[1].stem}").set_value(True).run()
    assert not at.exception, at.exception
    assert reads == [paths[1].name]  # shown: that one is read, the others still are not
