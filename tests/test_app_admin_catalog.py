"""Admin, Catalog and Workloads pages in AppTest, for each role."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from netra_core.catalog.sync import compute_genai_prices_entries
from netra_core.config import get_settings
from netra_core.db.catalog import fetch_price_history, save_catalog_entries
from netra_core.db.models import AuthSession, User
from netra_core.db.orgs import fetch_org
from netra_core.db.users import save_user
from netra_core.db.workload_settings import fetch_p95_slos
from netra_core.stores import make_store
from netra_core.workloads.events import save_events
from tests.app_helpers import PASSWORD, find_none_cells, make_app_db, open_app, sign_in
from tests.test_analytics import make_traffic


@pytest.fixture
def sessions() -> Iterator[sessionmaker[Session]]:
    users = [
        ("ada", "acme", "admin"),
        ("vic", "acme", "viewer"),
        ("gus", "globex", "admin"),
        ("gia", "globex", "viewer"),
    ]
    engine, factory = make_app_db(users)
    with factory.begin() as s:
        save_catalog_entries(s, [e for e in compute_genai_prices_entries() if e.provider in {"openai", "anthropic"}])
    yield factory
    engine.dispose()


def open_as(username: str, page: str | None = None, password: str = PASSWORD) -> AppTest:
    at = sign_in(open_app(), username, password)
    if page:
        at = at.switch_page(f"views/{page}.py").run()
    assert not at.exception, at.exception
    return at


def db_user(sessions: sessionmaker[Session], username: str) -> User:
    with sessions() as s:
        return s.scalars(select(User).where(User.username == username)).one()


def test_viewers_cannot_open_the_admin_page(sessions: sessionmaker[Session]) -> None:
    at = open_as("vic")
    with pytest.raises(ValueError, match="registered"):
        at.switch_page("views/admin.py")


def test_admin_sees_only_their_orgs_users(sessions: sessionmaker[Session]) -> None:
    at = open_as("ada", "admin")
    table = at.dataframe[0].value
    assert sorted(table["username"]) == ["ada", "vic"]
    assert at.selectbox(key="admin_target").options == ["ada", "vic"]


def test_admin_adds_a_user_who_can_sign_in(sessions: sessionmaker[Session]) -> None:
    at = open_as("ada", "admin")
    form_inputs = [t for t in at.text_input if t.label in {"Username", "Display name", "Email", "Temporary password"}]
    values = {
        "Username": "nora",
        "Display name": "Nora",
        "Email": "nora@acme.test",
        "Temporary password": "a-temporary-pass",
    }
    for t in form_inputs:
        t.input(values[t.label])
    at = at.button(key="FormSubmitter:admin_add_user-Add user").click().run()
    assert [s.value for s in at.success] == ["Added nora as viewer."]
    assert "nora" in set(at.dataframe[0].value["username"])
    with sessions() as s:
        assert s.scalars(select(User).where(User.username == "nora")).one().org.slug == "acme"
    assert open_as("nora", password="a-temporary-pass").title[0].value == "Overview"


def test_admin_locks_a_user_and_ends_their_sessions(sessions: sessionmaker[Session]) -> None:
    open_as("vic")
    at = open_as("ada", "admin")
    at.selectbox(key="admin_target").select("vic")
    at = at.button(key="admin_lock").click().run()
    assert [s.value for s in at.success] == ["vic is locked and signed out."]
    with sessions() as s:
        vic = s.scalars(select(User).where(User.username == "vic")).one()
        live = s.scalars(
            select(AuthSession).where(AuthSession.user_id == vic.id, AuthSession.revoked_at.is_(None))
        ).all()
    assert live == [] and vic.locked_until is not None
    assert "locked" in set(at.dataframe[0].value["state"])


def test_the_last_admin_cannot_demote_themselves(sessions: sessionmaker[Session]) -> None:
    at = open_as("ada", "admin")
    at.selectbox(key="admin_target").select("ada")
    at.selectbox(key="admin_new_role").select("viewer")
    at = at.button(key="FormSubmitter:admin_role-Change role").click().run()
    assert any("last admin" in e.value for e in at.error)
    assert db_user(sessions, "ada").role == "admin"


def test_catalog_search_and_admin_price_change(sessions: sessionmaker[Session]) -> None:
    viewer = open_as("vic", "catalog")
    viewer.text_input[0].input("gpt-4o-mini").run()
    assert "gpt-4o-mini" in set(viewer.dataframe[0].value["model"])
    assert not [b for b in viewer.button if "Save price" in b.label]
    admin = open_as("ada", "catalog")
    admin.text_input[0].input("gpt-4o-mini").run()
    admin.selectbox(key="catalog_pick").select("openai/gpt-4o-mini").run()
    price_inputs = {n.label: n for n in admin.number_input}
    price_inputs["Input"].set_value(0.1)
    price_inputs["Output"].set_value(0.4)
    admin = admin.button(key="FormSubmitter:catalog_price-Save price").click().run()
    assert any("New price for openai/gpt-4o-mini" in s.value and "your org only" in s.value for s in admin.success)
    with sessions() as s:
        acme, globex = fetch_org(s, "acme").id, fetch_org(s, "globex").id
        history = {org: fetch_price_history(s, "openai", "gpt-4o-mini", org) for org in (acme, globex)}
    assert [(p.input_per_mtok, p.source) for p in history[acme] if p.source.startswith("admin")] == [(0.1, "admin:ada")]
    # Another org's users keep the catalog price and never see acme's admin or price.
    assert {p.source for p in history[globex]} == {"genai-prices"}  # every tier's row is the catalog's
    other = open_as("gus", "catalog")
    other.text_input[0].input("gpt-4o-mini").run()
    table = other.dataframe[0].value.set_index("model")
    assert table.loc["gpt-4o-mini", "input"] == 0.15 and table.loc["gpt-4o-mini", "price_source"] == "genai-prices"
    other.selectbox(key="catalog_pick").select("openai/gpt-4o-mini").run()
    shown_history = next(d.value for d in other.dataframe if "for" in d.value.columns)
    assert set(shown_history["source"]) == {"genai-prices"} and set(shown_history["for"]) == {"every org"}
    assert "standard" in set(shown_history["tier"])  # with the catalog's batch/flex/priority rows beside it


def test_an_admins_price_carries_cache_write_and_audio_prices(sessions: sessionmaker[Session]) -> None:
    admin = open_as("ada", "catalog")
    admin.text_input[0].input("claude-sonnet-4-5").run()
    admin.selectbox(key="catalog_pick").select("anthropic/claude-sonnet-4-5").run()
    price_inputs = {n.label: n for n in admin.number_input}
    # The form starts from the catalog's write prices ($3.75 five-minute, $6 one-hour), not from zero.
    assert price_inputs["Cache write, 5 min (0 = input price)"].value == pytest.approx(3.75)
    assert price_inputs["Cache write, 1 h (0 = 5-min price)"].value == pytest.approx(6.0)
    price_inputs["Input"].set_value(2.0)
    price_inputs["Cache write, 5 min (0 = input price)"].set_value(2.5)
    price_inputs["Cache write, 1 h (0 = 5-min price)"].set_value(4.0)
    price_inputs["Audio input (0 = input price)"].set_value(20.0)
    admin = admin.button(key="FormSubmitter:catalog_price-Save price").click().run()
    assert not admin.exception and any("New price for anthropic/claude-sonnet-4-5" in s.value for s in admin.success)
    with sessions() as s:
        history = fetch_price_history(s, "anthropic", "claude-sonnet-4-5", fetch_org(s, "acme").id)
    own = [p for p in history if p.source == "admin:ada"]
    assert [(p.input_per_mtok, p.cache_write_per_mtok, p.cache_write_1h_per_mtok) for p in own] == [(2.0, 2.5, 4.0)]
    assert own[0].audio_input_per_mtok == 20.0 and own[0].audio_output_per_mtok is None  # 0: the output price


def test_an_admins_price_carries_image_prices(sessions) -> None:  # type: ignore[no-untyped-def]
    admin = open_as("ada", "catalog")
    admin.text_input[0].input("gpt-image-1").run()
    admin.selectbox(key="catalog_pick").select("openai/gpt-image-1").run()
    price_inputs = {n.label: n for n in admin.number_input}
    # The form starts from the catalog's image input price ($10); it has no image output price (0: the output's).
    assert price_inputs["Image input (0 = input price)"].value == pytest.approx(10.0)
    assert price_inputs["Image output (0 = output price)"].value == 0.0
    price_inputs["Image input (0 = input price)"].set_value(8.0)
    price_inputs["Image output (0 = output price)"].set_value(36.0)
    admin = admin.button(key="FormSubmitter:catalog_price-Save price").click().run()
    assert not admin.exception and any("New price for openai/gpt-image-1" in s.value for s in admin.success)
    with sessions() as s:
        history = fetch_price_history(s, "openai", "gpt-image-1", fetch_org(s, "acme").id)
    own = [p for p in history if p.source == "admin:ada"]
    assert [(p.input_per_mtok, p.image_input_per_mtok, p.image_output_per_mtok) for p in own] == [(5.0, 8.0, 36.0)]
    shown = admin.dataframe[0].value
    assert {"image in", "image out"} <= set(shown.columns)


def test_an_admins_price_carries_a_cached_image_price(sessions) -> None:  # type: ignore[no-untyped-def]
    admin = open_as("ada", "catalog")
    admin.text_input[0].input("gpt-image-1").run()
    admin.selectbox(key="catalog_pick").select("openai/gpt-image-1").run()
    price_inputs = {n.label: n for n in admin.number_input}
    # The form starts from the catalog's cached image price ($2.50).
    assert price_inputs["Cached image (0 = cached price)"].value == pytest.approx(2.5)
    price_inputs["Cached image (0 = cached price)"].set_value(2.0)
    admin = admin.button(key="FormSubmitter:catalog_price-Save price").click().run()
    assert not admin.exception and any("New price for openai/gpt-image-1" in s.value for s in admin.success)
    with sessions() as s:
        history = fetch_price_history(s, "openai", "gpt-image-1", fetch_org(s, "acme").id)
    own = [p for p in history if p.source == "admin:ada"]
    assert [(p.image_input_per_mtok, p.image_cached_per_mtok) for p in own] == [(10.0, 2.0)]
    assert "image cached" in set(admin.dataframe[0].value.columns)


def test_the_price_form_starts_from_the_models_price_in_effect(sessions: sessionmaker[Session]) -> None:
    admin = open_as("ada", "catalog")
    admin.text_input[0].input("gpt-4o-mini").run()
    admin.selectbox(key="catalog_pick").select("openai/gpt-4o-mini").run()
    table = admin.dataframe[0].value.set_index("model")
    price_inputs = {n.label: n.value for n in admin.number_input}
    for label, column in (("Input", "input"), ("Output", "output")):
        shown = price_inputs[label]
        assert shown is not None and shown == pytest.approx(table.loc["gpt-4o-mini", column]) and shown > 0, label
    # Another model picked: the form follows it.
    admin.text_input[0].input("gpt-4o").run()
    admin.selectbox(key="catalog_pick").select("openai/gpt-4o").run()
    table = admin.dataframe[0].value.set_index("model")
    assert {n.label: n.value for n in admin.number_input}["Input"] == pytest.approx(table.loc["gpt-4o", "input"])


def test_workloads_page_shows_one_workload(sessions: sessionmaker[Session]) -> None:
    traffic = make_traffic("acme", 1500, seed=21)
    with make_store(get_settings()).session() as client:
        save_events(client, "acme", traffic)
    at = open_as("vic", "workloads")
    at.selectbox(key="workloads_pick").select("summarizer").run()
    anchor = (pd.to_datetime(traffic["ts"], utc=True).max() + pd.Timedelta(minutes=1)).floor("min")
    ts = pd.to_datetime(traffic["ts"], utc=True)
    expected = traffic[(traffic["workload"] == "summarizer") & (ts >= anchor - pd.Timedelta(days=7)) & (ts < anchor)]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Requests"] == f"{len(expected):,}"
    assert metrics["Spend"] == f"${expected['cost_usd'].sum():,.2f}"
    assert len(at.get("plotly_chart")) >= 2


def test_the_workload_picker_follows_the_sidebar_filter(sessions: sessionmaker[Session]) -> None:
    with make_store(get_settings()).session() as client:
        save_events(client, "acme", make_traffic("acme", 1500, seed=21))
    at = open_as("vic", "workloads")
    every = list(at.selectbox(key="workloads_pick").options)
    assert len(every) >= 3
    at.multiselect(key="w_netra_filter_workloads").select(every[1]).select(every[2]).run()
    assert not at.exception, at.exception
    assert list(at.selectbox(key="workloads_pick").options) == [every[1], every[2]]


def test_a_workloads_p95_slo_is_saved_for_the_org(sessions: sessionmaker[Session]) -> None:
    for org, seed in (("acme", 21), ("globex", 22)):
        with make_store(get_settings()).session() as client:
            save_events(client, org, make_traffic(org, 600, seed=seed))
    admin = open_as("ada", "workloads")
    admin.selectbox(key="workloads_pick").select("summarizer").run()
    slo = admin.number_input(key="slo_input_summarizer")
    assert slo.value == 2000
    admin = slo.set_value(1500).run()
    assert not admin.exception, admin.exception
    assert any("Saved: 1,500 ms" in c.value for c in admin.caption)
    with sessions() as s:
        assert fetch_p95_slos(s, "acme") == {"summarizer": 1500}
        assert fetch_p95_slos(s, "globex") == {}
    # A viewer of the org sees the saved SLO and cannot change it; another org keeps the default.
    viewer = open_as("vic", "workloads")
    viewer.selectbox(key="workloads_pick").select("summarizer").run()
    shown = viewer.number_input(key="slo_input_summarizer")
    assert (shown.value, shown.disabled) == (1500, True)
    assert any("vs SLO" in str(m.delta) for m in viewer.metric)
    other = open_as("gus", "workloads")
    other.selectbox(key="workloads_pick").select("summarizer").run()
    assert other.number_input(key="slo_input_summarizer").value == 2000


def test_reports_page_runs_a_report_for_analysts_only(sessions: sessionmaker[Session]) -> None:
    traffic = make_traffic("acme", 800, seed=22)
    with make_store(get_settings()).session() as client:
        save_events(client, "acme", traffic)
    with sessions.begin() as s:
        save_user(s, username="ana", password=PASSWORD, org_slug="acme", role="analyst")
    viewer = open_as("vic", "reports")
    assert viewer.button(key="FormSubmitter:report_run-Run now").disabled
    at = open_as("ana", "reports")
    at = at.button(key="FormSubmitter:report_run-Run now").click().run(timeout=120)
    assert not at.exception, at.exception
    assert next(s.value for s in at.success).startswith("Rendered weekly_cost_report-acme-")
    assert any(e.label.startswith("weekly_cost_report-acme-") for e in at.expander)
    at = at.run()  # any later rerun (a toggle, a filter) still shows how the run ended
    assert next(s.value for s in at.success).startswith("Rendered weekly_cost_report-acme-")
    assert [d.proto.label for d in at.get("download_button")] == ["Download FOCUS (csv)", "Download HTML"]
    assert [d.proto.label for d in viewer.get("download_button")] == ["Download FOCUS (csv)"]  # read-only: every role
    other_org = open_as("gia", "reports")
    assert not any(e.label.startswith("weekly_cost_report-acme-") for e in other_org.expander)


def test_optimize_page_for_analysts_with_downloads(sessions: sessionmaker[Session]) -> None:
    traffic = make_traffic("acme", 3000, seed=23)
    with make_store(get_settings()).session() as client:
        save_events(client, "acme", traffic)
    with sessions.begin() as s:
        save_user(s, username="ana", password=PASSWORD, org_slug="acme", role="analyst")
    with pytest.raises(ValueError, match="registered"):
        open_as("vic").switch_page("views/optimize.py")
    at = open_as("ana", "optimize")
    next(n for n in at.number_input if n.label.startswith("Quality floor")).set_value(0.7)
    at = at.button(key="FormSubmitter:optimize_constraints-Find the cheapest policy").click().run(timeout=180)
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Spend now"].startswith("$") and metrics["Savings"].startswith("$")
    assert len(at.get("plotly_chart")) == 1
    labels = [d.proto.label for d in at.get("download_button")]
    assert labels == ["Policy (JSON)", "Policy (YAML)", "LiteLLM config"]


def test_optimize_page_states_one_savings_figure_and_defaults_to_no_quality_drop(
    sessions: sessionmaker[Session],
) -> None:
    from netra_core.services.recommend import RecommendRequest, recommend

    with make_store(get_settings()).session() as client:
        save_events(client, "acme", make_traffic("acme", 3000, seed=23))
    with sessions.begin() as s:
        save_user(s, username="ana", password=PASSWORD, org_slug="acme", role="analyst")
    at = open_as("ana", "optimize")
    # The defaults never sit below today's measured quality: no floor of the page's own, no drop.
    floor = next(n for n in at.number_input if n.label.startswith("Quality floor"))
    drop = next(s for s in at.slider if s.label.startswith("Max quality drop"))
    assert floor.value is None and drop.value == 0.0
    at = at.button(key="FormSubmitter:optimize_constraints-Find the cheapest policy").click().run(timeout=180)
    assert not at.exception, at.exception
    # The page's figure is the service's for the same (default) request: a quality drop of 0, per segment.
    rec = recommend(
        RecommendRequest("acme", days=30.0, max_quality_drop=0.0), make_store(get_settings()).session, sessions
    )
    sav = rec.report.savings
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Savings"] == f"${sav.month_usd:,.0f}/mo"
    assert metrics["Spend now"] == f"${sav.current_month_usd:,.0f}/mo"
    assert float(metrics["Quality change"]) >= -0.0005  # no segment loses quality by default
    captions = " ".join(c.value for c in at.caption)
    assert sav.definition in captions  # the definition sits next to the figure
    assert f"${sav.window_usd:,.2f} over the window, {sav.share:.1%} of its" in captions
    # The per-substitution rows add up to the headline, and the page says so with the same dollars.
    rows = next(d.value for d in at.dataframe if "saves $/mo" in d.value.columns)
    assert rows["saves $/mo"].sum() == pytest.approx(sav.month_usd, rel=1e-9)
    assert f"The rows add up to the headline: ${sav.month_usd:,.0f}/mo" in captions
    # Substitutions priced on priors are flagged on the page, row by row.
    flagged = rows[rows["quality_measured"] != "yes"]
    assert len(flagged) == sum(1 for p in sav.by_segment["prior_only"] if p)
    warnings = " ".join(w.value for w in at.warning)
    assert all(t in warnings for t in sav.prior_only) and (("Quality risk" in warnings) == bool(sav.prior_only))
    # The opportunity table's row for the policy is the headline too, not the solver's plan.
    opportunities = next(d.value for d in at.dataframe if "in turn $/mo" in d.value.columns).set_index("kind")
    assert "substitution" not in opportunities.index
    assert opportunities.loc["routing policy (replayed)", "in turn $/mo"] == pytest.approx(sav.month_usd, rel=1e-9)
    # The solver's plan is only a named diagnostic.
    assert f"the solver's plan (segment means x prices) estimated ${sav.plan_month_usd:,.0f}/mo" in captions


def test_data_page_generates_demo_traffic_and_lists_what_is_loaded(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        save_user(s, username="ana", password=PASSWORD, org_slug="acme", role="analyst")
    with pytest.raises(ValueError, match="registered"):
        open_as("vic").switch_page("views/data.py")
    at = open_as("ana", "data")
    assert any("Nothing is loaded" in i.value for i in at.info)
    numbers = {n.label: n for n in at.number_input}
    numbers["Events"].set_value(5000)
    numbers["Days"].set_value(7)
    at = at.button(key="FormSubmitter:data_generate-Generate").click().run(timeout=120)
    assert not at.exception, at.exception
    assert any(s.value.startswith("Wrote 5,000 events") for s in at.success)
    loaded = at.dataframe[-1].value
    assert loaded.set_index("source").loc["generator", "events"] == 5000
    with make_store(get_settings()).session() as client:
        from netra_core.workloads.events import fetch_event_count

        assert fetch_event_count(client, "acme") == 5000 and fetch_event_count(client, "globex") == 0


def test_chat_answers_with_numbers_and_keeps_threads(sessions: sessionmaker[Session]) -> None:
    from datetime import UTC, datetime

    from netra_core.generator.generated_events import save_generated
    from netra_core.generator.traffic_profiles import default_spec

    end = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    save_generated(make_store(get_settings()), "acme", default_spec(), 4000, 14, 3, end=end)
    at = open_as("vic", "chat")
    at = at.chat_input[0].set_value("what did we spend last week by model?").run(timeout=120)
    assert not at.exception, at.exception
    answer = at.chat_message[-1]
    text = answer.markdown[-1].value
    assert answer.name == "assistant" and text.startswith("Top spenders by model over the last 7 days")
    from netra_core.analytics.breakdowns import fetch_top
    from netra_core.analytics.filters import EventFilter

    with make_store(get_settings()).session() as client:
        top = fetch_top(client, EventFilter.last_days("acme", 7), by="model", limit=1)
    assert f"{top['model'].iloc[0]} ${top['spend_usd'].iloc[0]:,.2f}" in text
    assert [s.label for s in at.status] == ["Done"]
    assert len(answer.dataframe) >= 1
    # The thread is kept: it is listed in the sidebar and its messages come back on the next run.
    at = at.run()
    assert any(b.label.startswith("▸ what did we spend") for b in at.sidebar.button)
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
    next(t for t in at.text_input if t.label == "Title").input("Weekly spend").run()
    at = at.button(key="chat_rename").click().run()
    assert any(b.label.startswith("▸ Weekly spend · ") for b in at.sidebar.button)
    at = at.button(key="chat_delete").click().run()
    assert not any("Weekly spend" in b.label for b in at.sidebar.button)


def test_an_admin_reprices_stored_events_after_a_price_change(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    import datetime as dt
    import json

    from netra_core.db.prices import fetch_org_price_book
    from netra_core.workloads.ingest import ingest_files
    from netra_core.workloads.store import query_rows

    events = tmp_path / "events.jsonl"
    events.write_text(
        "".join(
            json.dumps(
                {
                    "event_id": f"e{i}",
                    "ts": f"2026-11-2{i}T10:00:00Z",
                    "provider": "openai",
                    "model": "gpt-4o-mini",
                    "prompt_tokens": 1_000_000,
                    "completion_tokens": 0,
                }
            )
            + "\n"
            for i in range(3)
        )
    )
    store = make_store(get_settings())
    with sessions() as s:
        book = fetch_org_price_book(s, "acme")
    ingest_files(store, [events], "acme", price_book=book)
    assert not [b for b in open_as("vic", "catalog").button if b.label == "Reprice"]
    admin = open_as("ada", "catalog")
    admin.text_input[0].input("gpt-4o-mini").run()
    admin.selectbox(key="catalog_pick").select("openai/gpt-4o-mini").run()
    price_inputs = {n.label: n for n in admin.number_input}
    price_inputs["Input"].set_value(0.3)
    admin.date_input[0].set_value(dt.date(2026, 11, 1))
    admin = admin.button(key="FormSubmitter:catalog_price-Save price").click().run()
    admin = admin.button(key="reprice_preview").click().run()
    assert any("3 of 3 events would change" in s.value and "-> $0.90" in s.value for s in admin.success)
    admin = admin.button(key="reprice_reprice").click().run()
    assert any("3 of 3 events changed" in s.value for s in admin.success), [e.value for e in admin.error]
    with store.session() as client:
        total = query_rows(client, "SELECT sum(cost_usd) FROM workload_events FINAL WHERE org_id = 'acme'")[0][0]
    store.close()
    assert total == pytest.approx(0.9)


def test_an_admin_edits_long_context_tiers_and_keeps_what_the_form_does_not_show(
    sessions: sessionmaker[Session],
) -> None:
    admin = open_as("ada", "catalog")
    admin.text_input[0].input("claude-sonnet-4-5").run()
    admin.selectbox(key="catalog_pick").select("anthropic/claude-sonnet-4-5").run()
    tiers = admin.text_input(key="price_tiers_anthropic/claude-sonnet-4-5")
    # The catalog's tier in effect (past 200k prompt tokens: $6 in, $22.5 out, $0.6 cache reads) is the start.
    assert tiers.value == "200000:6:22.5:0.6"
    tiers.input("200k:7:25")  # a form's values go in with its button
    admin = admin.button(key="FormSubmitter:catalog_price-Save price").click().run()
    assert [e.value for e in admin.error] == [
        "tier '200k:7:25': write it as START:INPUT:OUTPUT[:CACHED], e.g. 200000:6:22.5"
    ]
    with sessions() as s:
        org_id = fetch_org(s, "acme").id
        assert not [p for p in fetch_price_history(s, "anthropic", "claude-sonnet-4-5", org_id) if p.org_id]

    admin.text_input(key="price_tiers_anthropic/claude-sonnet-4-5").input("200000:7:25:0.7, 500000:8:30")
    admin = admin.button(key="FormSubmitter:catalog_price-Save price").click().run()
    assert not admin.error and any("New price" in s.value for s in admin.success)
    with sessions() as s:
        own = [p for p in fetch_price_history(s, "anthropic", "claude-sonnet-4-5", org_id) if p.org_id]
    assert len(own) == 1
    first, second = own[0].tiers
    assert (first["start"], first["input_per_mtok"], first["output_per_mtok"], first["cached_input_per_mtok"]) == (
        200000,
        7.0,
        25.0,
        0.7,
    )
    # The 200k tier's cache-write prices, which the syntax does not carry, are kept; the new tier has none.
    assert (first["cache_write_per_mtok"], first["cache_write_1h_per_mtok"]) == (7.5, 12.0)
    assert (second["start"], second["input_per_mtok"], second["output_per_mtok"]) == (500000, 8.0, 30.0)
    assert second["cache_write_per_mtok"] is None


@pytest.mark.parametrize("page", ["catalog", "workloads", "explore", "requests", "data", "admin"])
def test_no_table_shows_none_or_nan_for_a_missing_value(sessions: sessionmaker[Session], page: str) -> None:
    """The Catalog's table showed "None" where a model has no cached or audio price (#18): a missing value is "—"."""
    with make_store(get_settings()).session() as client:
        save_events(client, "acme", make_traffic("acme", 1500, seed=21))
    at = open_as("ada", page)
    assert at.dataframe, f"the {page} page shows no table"
    if page == "catalog":  # the case seen: models without an audio or cache-write price
        assert any(pd.isna(v) for v in at.dataframe[0].value["audio in"])
    assert find_none_cells(at) == []
