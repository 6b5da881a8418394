import json
import logging

import pytest

from netra_core.logs import JsonFormatter, configure_logging, get_logger, redact


def test_redact_hides_url_passwords() -> None:
    assert redact("postgresql+psycopg://netra:s3cr3t@db:5432/netra") == "postgresql+psycopg://netra:***@db:5432/netra"
    assert (
        redact("https://default:pw@ch.example:8443/db and sqlite:///x")
        == "https://default:***@ch.example:8443/db and sqlite:///x"
    )


def test_json_lines_carry_fields_and_never_the_password(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", as_json=True)
    get_logger("netra.test").info("connected to %s", "http://u:hunter2@h:8123/db", extra={"rows": 3})
    line = capsys.readouterr().err.strip().splitlines()[-1]
    payload = json.loads(line)
    assert payload["rows"] == 3 and payload["logger"] == "netra.test"
    assert "hunter2" not in line


def test_formatter_handles_exceptions() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord(
            "netra", logging.ERROR, __file__, 1, "failed", None, exc_info=__import__("sys").exc_info()
        )
    assert "boom" in json.loads(JsonFormatter().format(record))["exc"]
