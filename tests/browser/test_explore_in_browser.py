"""The Explore page in Chromium: a shared link (query in the URL) survives sign-in and shows its answer, table
and chart; changing the query rewrites the URL."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveApp
from tests.browser.test_app_in_browser import sign_in, wait_idle

pytestmark = pytest.mark.browser


def test_a_shared_explore_link_opens_its_query(page: Page, outside_requests: list[str], live_app: LiveApp) -> None:
    sign_in(page, live_app, "explore?m=requests&m=spend&by=workload&w=last_90_days&cmp=previous_period")
    page.get_by_role("heading", name="Explore").first.wait_for(timeout=60_000)
    wait_idle(page)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    assert page.get_by_text("Compared with the previous period", exact=False).first.is_visible()
    # One table: polled, since under load the page before it can still be on screen for a moment.
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(1, timeout=30_000)
    assert "m=requests" in page.url and "cmp=previous_period" in page.url and "by=workload" in page.url
    page.get_by_text("Largest first").wait_for()
    page.get_by_text("Smallest first").click()
    wait_idle(page)
    page.wait_for_function("location.search.includes('order=asc')", timeout=30_000)
    assert outside_requests == []
