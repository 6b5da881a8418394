"""The Data page's upload in AppTest: a file with bad rows kept whole or partly, and its rejects file as a download."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker
from streamlit.testing.v1 import AppTest

from netra_core.config import get_settings
from netra_core.stores import make_store
from netra_core.workloads.events import fetch_event_count
from tests.app_helpers import make_app_db, open_app, sign_in

HEADER = "event_id,ts,model,prompt_tokens,completion_tokens\n"
ROWS = "".join(f"e{i},2026-11-01T00:0{i}:00Z,gpt-4o,10,5\n" for i in range(5))
BAD = "e9,2026-11-01T00:09:00Z,gpt-4o,ten,5\n"


@pytest.fixture
def analyst() -> Iterator[sessionmaker[Session]]:
    engine, factory = make_app_db([("ana", "acme", "analyst")])
    yield factory
    engine.dispose()


def upload(body: bytes, keep_valid: bool) -> AppTest:
    at = sign_in(open_app(), "ana").switch_page("views/data.py").run()
    at.file_uploader[0].set_value(("traffic.csv", body, "text/csv"))
    at.checkbox[0].set_value(keep_valid)
    at = at.button(key="FormSubmitter:data_upload-Ingest").click().run(timeout=120)
    assert not at.exception, at.exception
    return at


def test_kept_valid_rows_offer_the_rejects_file_as_a_download(analyst: sessionmaker[Session]) -> None:
    at = upload((HEADER + ROWS + BAD).encode(), keep_valid=True)
    assert any("1 row(s) were rejected" in w.value for w in at.warning)
    buttons = [d.proto for d in at.get("download_button")]
    assert [b.label for b in buttons] == ["Rejected rows of traffic.csv (1)"]
    files = next(d.value for d in at.dataframe if "rows_read" in d.value.columns)
    # the table names the user's own file, never the server's temporary upload folder
    assert list(files["path"]) == ["traffic.csv"] and "rejects_path" not in files.columns
    with make_store(get_settings()).session() as client:
        assert fetch_event_count(client, "acme") == 5


def test_a_bad_row_rejects_the_file_whole_without_a_download(analyst: sessionmaker[Session]) -> None:
    at = upload((HEADER + ROWS + BAD).encode(), keep_valid=False)
    assert any("Nothing was written" in e.value for e in at.error)
    assert not at.get("download_button")
    problems = next(d.value for d in at.dataframe if "problem" in d.value.columns)
    assert problems.iloc[0]["where"] == "traffic.csv line 7" and problems.iloc[0]["field"] == "prompt_tokens"
    with make_store(get_settings()).session() as client:
        assert fetch_event_count(client, "acme") == 0


def test_the_pages_tables_read_as_words_with_separators(analyst: sessionmaker[Session]) -> None:
    import json

    at = upload((HEADER + ROWS).encode(), keep_valid=False)
    table = next(d for d in at.dataframe if "rows_read" in d.value.columns)
    columns = json.loads(table.proto.columns)
    assert columns["rows_read"]["label"] == "Rows read" and columns["rows_read"]["type_config"]["format"] == "%,.0f"
