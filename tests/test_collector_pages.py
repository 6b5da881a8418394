"""Admin page ingest keys and the Data page's live-traffic tab, in AppTest."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from netra_core.collector.status import save_status, status_path
from netra_core.config import get_settings
from netra_core.db.keys import authenticate_api_key, save_api_key
from netra_core.stores import make_store
from netra_core.workloads.ingest.pipeline import ingest_files
from tests.app_helpers import make_app_db
from tests.helpers.otlp_requests import make_request
from tests.test_app_admin_catalog import open_as


@pytest.fixture
def sessions() -> Iterator[sessionmaker[Session]]:
    engine, factory = make_app_db(
        [("ada", "acme", "admin"), ("vic", "acme", "viewer"), ("gus", "globex", "admin"), ("ana", "acme", "analyst")]
    )
    yield factory
    engine.dispose()


def _authenticate(sessions: sessionmaker[Session], token: str) -> str | None:
    with sessions.begin() as s:
        return authenticate_api_key(s, token)


def test_admin_creates_a_key_shown_once_that_authenticates_then_revokes_it(sessions: sessionmaker[Session]) -> None:
    at = open_as("ada", "admin")
    name_input = next(t for t in at.text_input if t.label == "Key name")
    name_input.input("support-bot")
    at = at.button(key="FormSubmitter:admin_add_key-Create key").click().run()
    assert not at.exception, at.exception
    assert any(s.value.startswith("Created key nk_") for s in at.success)
    token = at.code[0].value
    assert token.startswith("nk_")
    assert _authenticate(sessions, token) == "acme"
    keys_table = at.dataframe[1].value
    assert list(keys_table["name"]) == ["support-bot"] and token not in keys_table.to_string()

    at = at.run()  # any later run: the key is not shown again
    assert [c.value for c in at.code if c.value.startswith("nk_")] == []

    at = at.button(key="admin_key_revoke").click().run()
    assert any("is revoked" in s.value for s in at.success)
    assert _authenticate(sessions, token) is None
    assert list(at.dataframe[1].value["state"]) == ["revoked"]


def test_admins_see_only_their_orgs_keys(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        save_api_key(s, "globex", "globex-only")
    at = open_as("ada", "admin")
    assert len(at.dataframe) == 1  # the users table; no keys table for acme
    assert all("globex-only" not in c.value for c in at.caption)


def test_data_page_shows_the_endpoint_how_to_send_and_the_last_spans(sessions: sessionmaker[Session]) -> None:
    settings = get_settings()
    save_status(
        status_path(settings.data_dir),
        {
            "pid": 0,
            "endpoint": "http://127.0.0.1:4999/v1/traces",
            "spool_files": 0,
            "spans_received": 3,
            "spans_written": 3,
        },
    )
    from netra_core.collector.decode import protobuf_to_line

    path = settings.data_dir / "spans.jsonl"
    path.write_text(protobuf_to_line(make_request(3, seed=1)) + "\n")
    ingest_files(make_store(settings), [path], "acme", fmt="otlp")
    other = settings.data_dir / "other.jsonl"
    other.write_text(protobuf_to_line(make_request(2, seed=2, service="globex-app")) + "\n")
    ingest_files(make_store(settings), [other], "globex", fmt="otlp")

    at = open_as("ana", "data")
    codes = " ".join(c.value for c in at.code)
    assert 'OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:4999"' in codes
    assert "Authorization=Bearer" in codes and "otlphttp/netra" in codes
    assert any("http://127.0.0.1:4999/v1/traces" in m.value for m in at.markdown)
    recent = at.dataframe[0].value
    assert len(recent) == 3 and set(recent["workload"]) == {"support-bot"}
