"""The app in Debian's Chromium against `netra up`: sign in, charts, filters, sign out, deep links, offline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Cookie, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.conftest import LiveApp

pytestmark = pytest.mark.browser


def sign_in(page: Page, app: LiveApp, path: str = "", username: str | None = None, password: str | None = None) -> None:
    """Sign in and wait until the form has gone.

    On a loaded machine a click that lands while the first script run is still going can be dropped by the rerun
    that follows; then the form is still there with its fields filled, and submitting once more is what a user does.
    """
    page.goto(f"{app.url}/{path}")
    button = page.get_by_role("button", name="Sign in")
    for attempt in range(2):
        button.wait_for(timeout=60_000)
        wait_idle(page)
        page.get_by_role("textbox", name="Username").fill(username or app.username)
        page.get_by_role("textbox", name="Password").fill(password or app.password)
        button.click()
        try:
            button.wait_for(state="hidden", timeout=30_000)
            wait_idle(page)  # the sign-in cookie's rerun, so a test's first click is not redrawn away
            return
        except PlaywrightTimeoutError:
            if attempt:
                raise


def wait_idle(page: Page, timeout: float = 60_000) -> None:
    """Wait until the script run (and any rerun the sign-in cookie triggers) has finished."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "!document.querySelector('[data-testid=stStatusWidgetRunningIcon], [data-testid=stStatusWidgetRunningManIcon]')",
        timeout=timeout,
    )
    page.wait_for_timeout(300)


def requests_value(page: Page) -> str:
    """The Requests card's value once the page has settled.

    While a rerun (the sign-in cookie's, a filter's) is drawing, Streamlit can show the old and the new
    element side by side for a moment; wait for the run to end and for a single Requests card.
    """
    wait_idle(page)
    page.wait_for_function(
        "[...document.querySelectorAll('[data-testid=stMetric]')]"
        ".filter(e => e.innerText.split('\\n')[0].trim() === 'Requests').length === 1",
        timeout=60_000,
    )
    card = page.locator('[data-testid="stMetric"]').filter(has=page.get_by_text("Requests", exact=True))
    return card.locator('[data-testid="stMetricValue"]').inner_text()


def test_sign_in_and_see_the_overview_with_its_charts(
    page: Page, outside_requests: list[str], live_app: LiveApp
) -> None:
    sign_in(page, live_app)
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 3", timeout=30_000)
    assert page.get_by_role("heading", name="Overview").is_visible()
    assert re.fullmatch(r"[\d,]+", requests_value(page))
    assert outside_requests == []


def test_a_filter_changes_the_numbers(page: Page, outside_requests: list[str], live_app: LiveApp) -> None:
    sign_in(page, live_app)
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    wait_idle(page)
    before = requests_value(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    picker = sidebar.locator('[data-testid="stMultiSelect"]', has_text="Workloads")
    picker.click()
    page.get_by_role("option").first.wait_for(timeout=30_000)
    options = page.get_by_role("option").all_inner_texts()
    assert "support-bot" in options and "summarizer" not in options  # "summarizer" exists only in another org
    picker.locator("input").first.fill("support-bot")
    page.keyboard.press("Enter")
    picker.get_by_text("support-bot").first.wait_for(timeout=30_000)  # the chip: the choice registered
    page.keyboard.press("Escape")
    page.wait_for_function(
        "(b) => { const el = [...document.querySelectorAll('[data-testid=stMetric]')].find(e => e.innerText.startsWith('Requests'));"
        " return el && !el.innerText.includes(b); }",
        arg=before,
        timeout=60_000,
    )
    after = requests_value(page)
    assert int(after.replace(",", "")) < int(before.replace(",", ""))
    assert outside_requests == []


def test_sign_out_then_a_deep_link_shows_the_sign_in_form(page: Page, live_app: LiveApp) -> None:
    sign_in(page, live_app)
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Sign in").wait_for(timeout=30_000)
    page.goto(f"{live_app.url}/admin")
    page.get_by_role("button", name="Sign in").wait_for(timeout=30_000)
    assert "Page not found" not in page.content()
    assert page.locator('[data-testid="stMetric"]').count() == 0


def test_a_deep_link_opens_its_page_after_sign_in(page: Page, outside_requests: list[str], live_app: LiveApp) -> None:
    sign_in(page, live_app, "catalog")
    page.get_by_role("heading", name="Catalog").first.wait_for(timeout=60_000)
    assert outside_requests == []


def test_the_default_page_opens_by_its_own_path_too(page: Page, live_app: LiveApp) -> None:
    sign_in(page, live_app, "overview")
    page.get_by_role("heading", name="Overview").first.wait_for(timeout=60_000)
    wait_idle(page)
    assert "Page not found" not in page.content()
    assert re.fullmatch(r"[\d,]+", requests_value(page))


def test_wrong_password_is_refused(page: Page, live_app: LiveApp) -> None:
    page.goto(live_app.url)
    page.get_by_role("textbox", name="Username").fill(live_app.username)
    page.get_by_role("textbox", name="Password").fill("definitely-wrong")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Incorrect username or password").wait_for(timeout=30_000)


def test_uploading_a_file_with_a_bad_row_shows_the_error_and_writes_nothing(
    page: Page, outside_requests: list[str], live_app: LiveApp, tmp_path: Path
) -> None:
    bad = tmp_path / "events.csv"
    bad.write_text(
        "event_id,ts,workload,model,provider,prompt_tokens,completion_tokens,latency_ms,cost_usd\n"
        "u1,2026-11-01T10:00:00Z,uploader,gpt-4o-mini,openai,100,20,350,0.0001\n"
        "u2,2026-11-01T10:01:00Z,uploader,gpt-4o-mini,openai,100,20,fast,0.0001\n"
    )
    sign_in(page, live_app, "data")
    page.get_by_role("heading", name="Data").first.wait_for(timeout=60_000)
    wait_idle(page)
    for attempt in range(3):
        # A rerun right after sign-in can replace the file input under us; try again once it has settled.
        page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(str(bad))
        try:
            page.get_by_text("events.csv").first.wait_for(timeout=10_000)
            break
        except Exception:
            if attempt == 2:
                raise
            wait_idle(page)
    page.get_by_role("button", name="Ingest", exact=True).first.click()
    page.wait_for_function(
        "[...document.querySelectorAll('[data-testid=stAlert]')].some(e => e.innerText.includes('Nothing was written'))",
        timeout=90_000,
    )
    alerts = " ".join(page.locator('[data-testid="stAlert"]').all_inner_texts())
    assert "events.csv line 3: latency_ms 'fast'" in alerts
    assert outside_requests == []
    # The store is unchanged: the good first row was not written either.
    from netra_core.workloads.store import WorkloadStore, query_rows

    store = WorkloadStore(f"chdb://{live_app.data_dir / 'workloads'}", lock_timeout_s=30)
    with store.session() as client:
        rows = query_rows(client, "SELECT count() FROM workload_events WHERE workload = {w:String}", {"w": "uploader"})
    assert rows == [(0,)]


def test_chat_answers_with_the_analytics_numbers(page: Page, outside_requests: list[str], live_app: LiveApp) -> None:
    from netra_core.analytics.breakdowns import fetch_top
    from netra_core.analytics.filters import EventFilter
    from netra_core.workloads.store import WorkloadStore

    sign_in(page, live_app, "chat")
    box = page.get_by_placeholder("Ask about your spend")
    box.wait_for(timeout=60_000)
    wait_idle(page)
    box.fill("what did we spend last week by model?")
    box.press("Enter")
    page.get_by_text("Top spenders by model over the last 7 days").first.wait_for(timeout=90_000)
    answer = page.get_by_text("Top spenders by model over the last 7 days").first.inner_text()
    store = WorkloadStore(f"chdb://{live_app.data_dir / 'workloads'}", lock_timeout_s=30)
    with store.session() as client:
        top = fetch_top(client, EventFilter.last_days("demo", 7), by="model", limit=3)
    assert top["spend_usd"].iloc[0] >= 1  # the demo traffic's biggest model spends dollars a week
    row = top.iloc[0]
    assert f"{row['model']} ${row['spend_usd']:,.2f}" in answer
    assert outside_requests == []


def test_optimize_and_download_the_litellm_config(
    page: Page, outside_requests: list[str], live_app: LiveApp, tmp_path: Path
) -> None:
    import yaml

    sign_in(page, live_app, "optimize")
    page.get_by_role("button", name="Find the cheapest policy").first.wait_for(timeout=60_000)
    wait_idle(page)
    page.get_by_role("button", name="Find the cheapest policy").first.click()
    button = page.get_by_role("button", name="LiteLLM config").first
    button.wait_for(timeout=120_000)
    with page.expect_download() as info:
        button.click()
    path = tmp_path / "litellm.yaml"
    info.value.save_as(path)
    config = yaml.safe_load(path.read_text())
    assert config["model_list"] and all("litellm_params" in m for m in config["model_list"])
    # The export carries the page's one savings figure and its definition.
    savings = config["netra_routing"]["savings"]
    assert savings["definition"].startswith("Replayed on your own") and savings["savings_month"] is not None
    # The constraints live in the URL: a reload shows the same result without pressing the button; the run is kept.
    assert "days=30" in page.url
    page.reload()
    page.get_by_role("button", name="LiteLLM config").first.wait_for(timeout=120_000)
    page.get_by_role("heading", name="Past runs").first.wait_for(timeout=30_000)
    assert outside_requests == []


def _auth_cookie(page: Page) -> Cookie | None:
    return next((c for c in page.context.cookies() if c["name"] == "netra_auth"), None)


def test_the_sign_in_cookie_is_httponly_and_survives_a_reload(page: Page, live_app: LiveApp) -> None:
    sign_in(page, live_app)
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    wait_idle(page)
    for _ in range(60):  # the server sets it when the page loads the cookie frame
        if _auth_cookie(page):
            break
        page.wait_for_timeout(250)
    cookie = _auth_cookie(page)
    assert cookie is not None and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert "netra_auth" not in page.evaluate("document.cookie")  # no script in the app's origin can read it
    page.reload()
    page.get_by_role("heading", name="Overview").wait_for(timeout=60_000)
    assert page.get_by_role("button", name="Sign in").count() == 0
    wait_idle(page)  # a click landing in the reload's first script run can be dropped by the rerun that follows
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Sign in").wait_for(timeout=30_000)
    for _ in range(240):  # the clearing frame loads after the form; a loaded machine can take a while
        if _auth_cookie(page) is None:
            break
        page.wait_for_timeout(250)
    frames = [f.url for f in page.frames]
    assert _auth_cookie(page) is None, f"the sign-out did not clear the cookie; frames: {frames}"
    page.reload()
    page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
    assert page.get_by_text("Your session has ended").count() == 0
