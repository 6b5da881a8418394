"""Tables in Chromium: each one's toolbar downloads it as CSV with the data at full precision (#18: CSV export on
every table)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import LiveApp
from tests.browser.test_app_in_browser import sign_in, wait_idle

pytestmark = pytest.mark.browser
TABLE = '[data-testid="stDataFrame"]'


def open_page(page: Page, app: LiveApp, path: str, heading: str) -> None:
    # The File System Access API would open the browser's own save dialog; without it the table is downloaded.
    page.add_init_script("delete window.showSaveFilePicker")
    sign_in(page, app)  # at the first page: the Admin page has a Username field of its own
    wait_idle(page)
    page.goto(f"{app.url}/{path}")
    page.get_by_role("heading", name=heading).first.wait_for(timeout=60_000)
    wait_idle(page)
    page.locator(TABLE).first.wait_for(timeout=60_000)


def download_csv(page: Page, index: int, tmp_path: Path) -> list[list[str]]:
    """Hover the page's index-th table, press its toolbar's 'Download as CSV' and read the file."""
    table = page.locator(TABLE).nth(index)
    page.mouse.move(0, 0)  # leave the table downloaded before, whose toolbar would stay up
    table.scroll_into_view_if_needed()
    # Hover the table's bottom, away from where the toolbar slides in above its top edge; once it has settled
    # (about 0.2 s of animation), the button is where a user clicks it.
    box = table.bounding_box()
    assert box is not None
    table.hover(position={"x": box["width"] / 2, "y": box["height"] - 5})
    button = table.get_by_role("button", name="Download as CSV")
    button.wait_for(state="visible")
    page.wait_for_timeout(400)
    with page.expect_download(timeout=30_000) as info:
        button.click()
    path = tmp_path / f"table-{index}.csv"
    info.value.save_as(path)
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_the_request_log_downloads_as_csv_at_full_precision(
    page: Page, outside_requests: list[str], live_app: LiveApp, tmp_path: Path
) -> None:
    from netra_core.workloads.store import WorkloadStore, query_rows

    open_page(page, live_app, "requests", "Requests")
    header, *rows = download_csv(page, 0, tmp_path)
    assert len(rows) == 100  # the page's default page size, as shown
    assert {"event_id", "cost_usd", "latency_ms"} <= set(header)
    org = json.loads((live_app.data_dir / "demo-credentials.json").read_text())["org"]
    store = WorkloadStore(f"chdb://{live_app.data_dir / 'workloads'}", lock_timeout_s=30)
    for row in rows[:5]:
        shown = dict(zip(header, row, strict=True))
        with store.session() as client:
            [(cost,)] = query_rows(
                client,
                "SELECT cost_usd FROM workload_events WHERE org_id = {o:String} AND event_id = {e:String}",
                {"o": org, "e": shown["event_id"]},
            )
        assert float(shown["cost_usd"]) == pytest.approx(float(cost), rel=1e-9, abs=1e-12)  # not the rounded display
    assert outside_requests == []


@pytest.mark.parametrize(("path", "heading"), [("workloads", "Workloads"), ("catalog", "Catalog"), ("admin", "Admin")])
def test_every_table_of_a_page_downloads_as_csv(
    page: Page, outside_requests: list[str], live_app: LiveApp, tmp_path: Path, path: str, heading: str
) -> None:
    open_page(page, live_app, path, heading)
    count = page.locator(TABLE).count()
    assert count >= 1
    for index in range(count):
        header, *rows = download_csv(page, index, tmp_path)
        assert header and all(header) and rows, (path, index, header)
    assert outside_requests == []
