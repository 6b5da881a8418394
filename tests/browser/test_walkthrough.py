"""Every page as each role in Chromium: each page the role may open draws without an exception or a console error,
and the pages it may not open are not in its navigation."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from playwright.sync_api import Page

from netra_app.navigation import PAGES, is_allowed
from tests.browser.conftest import LiveApp, _netra
from tests.browser.test_app_in_browser import sign_in, wait_idle

pytestmark = pytest.mark.browser
PASSWORD = "walkthrough-pass-42"
# Opened at a page's own path, Streamlit's front end first probes its server endpoints under that path (404) and
# then at the root (200): streamlit/streamlit#7074, open. Those probes are not the app's errors.
PROBE = re.compile(r"/[a-z]+/_stcore/(health|host-config|allowed-message-origins)$")


def add_user(app: LiveApp, username: str, role: str) -> None:
    org = json.loads((app.data_dir / "demo-credentials.json").read_text())["org"]
    done = subprocess.run(
        [_netra(), "users", "add", username, "--org", org, "--role", role, "--password-stdin"],
        input=PASSWORD,
        text=True,
        env=app.env,
        capture_output=True,
    )
    assert done.returncode == 0 or "exists" in done.stderr, done.stderr


@pytest.mark.parametrize("role", ["admin", "analyst", "viewer"])
def test_every_page_as_each_role(page: Page, outside_requests: list[str], live_app: LiveApp, role: str) -> None:
    errors: list[str] = []
    # A failed resource is checked by its response below; the console line that repeats it is left out.
    page.on(
        "console",
        lambda m: (
            errors.append(f"console: {m.text}")
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.on(
        "response",
        lambda r: errors.append(f"{r.status}: {r.url}") if r.status >= 400 and not PROBE.search(r.url) else None,
    )
    if role == "admin":
        sign_in(page, live_app)
    else:
        add_user(live_app, f"walk-{role}", role)
        sign_in(page, live_app, username=f"walk-{role}", password=PASSWORD)
    wait_idle(page)
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    for spec in PAGES:
        assert (spec.title in nav) == is_allowed(role, spec), (spec.title, nav)
        if not is_allowed(role, spec):
            continue
        page.goto(f"{live_app.url}/{spec.url_path}")
        wait_idle(page)
        page.locator("h1").first.wait_for(timeout=60_000)
        assert page.locator('[data-testid="stException"]').count() == 0, f"{spec.title}: an exception is shown"
    assert errors == [], errors
    assert outside_requests == []
