"""The central, structured logger: one JSON or key=value line per event, secrets redacted."""

from __future__ import annotations

import json
import logging
import re
import sys
from typing import Any

_URL_PASSWORD = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<user>[^:/@\s]+):(?P<pw>[^@\s]+)@")
_RESERVED = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def redact(text: str) -> str:
    """Hide the password part of any URL in the text."""
    return _URL_PASSWORD.sub(r"\g<scheme>\g<user>:***@", text)


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _RESERVED}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, msg, then the structured fields."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": redact(record.getMessage()),
        }
        for key, value in _fields(record).items():
            payload[key] = redact(value) if isinstance(value, str) else value
        if record.exc_info:
            payload["exc"] = redact(self.formatException(record.exc_info))
        return json.dumps(payload, default=str)


class TextFormatter(logging.Formatter):
    """Readable lines for a terminal: time level logger msg key=value..."""

    def format(self, record: logging.LogRecord) -> str:
        extra = " ".join(f"{k}={redact(str(v))}" for k, v in _fields(record).items())
        line = (
            f"{self.formatTime(record, '%H:%M:%S')} {record.levelname:<7} {record.name}: {redact(record.getMessage())}"
        )
        if extra:
            line += f" {extra}"
        if record.exc_info:
            line += "\n" + redact(self.formatException(record.exc_info))
        return line


def configure_logging(level: str = "INFO", *, as_json: bool = False) -> None:
    """Install Netra's handler on the `netra` logger (idempotent)."""
    root = logging.getLogger("netra")
    root.setLevel(level.upper())
    for handler in list(root.handlers):
        if getattr(handler, "_netra", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if as_json else TextFormatter())
    handler._netra = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.propagate = False


def get_logger(name: str) -> logging.Logger:
    """A child of the `netra` logger; pass structured fields with `extra={...}`."""
    return logging.getLogger(name if name.startswith("netra") else f"netra.{name}")
