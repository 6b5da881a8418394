"""What the Data page shows about live traffic: where the collector listens and how to point senders at it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from netra_core.collector.status import describe_status, fetch_status, status_path

DEFAULT_ENDPOINT = "http://127.0.0.1:4318/v1/traces"


def collector_state(data_dir: Path) -> tuple[str, dict[str, Any] | None, str]:
    """(traces endpoint, last status or None, one line about it)."""
    status = fetch_status(status_path(data_dir))
    if status is None:
        return DEFAULT_ENDPOINT, None, "No collector has run yet: start one with `netra collect`."
    return str(status.get("endpoint") or DEFAULT_ENDPOINT), status, describe_status(status)[1]


def sdk_snippet(endpoint: str) -> str:
    """Environment for any OpenTelemetry SDK (the exporter adds /v1/traces itself)."""
    base = endpoint.removesuffix("/v1/traces")
    return (
        f'export OTEL_EXPORTER_OTLP_ENDPOINT="{base}"\n'
        'export OTEL_EXPORTER_OTLP_PROTOCOL="http/protobuf"\n'
        'export OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer%20<your ingest key>"'
    )


def otel_collector_snippet(endpoint: str) -> str:
    """An OpenTelemetry Collector exporter that forwards traces to Netra."""
    base = endpoint.removesuffix("/v1/traces")
    return (
        "exporters:\n"
        "  otlphttp/netra:\n"
        f"    endpoint: {base}\n"
        "    compression: gzip\n"
        "    headers:\n"
        '      Authorization: "Bearer ${env:NETRA_INGEST_KEY}"\n'
        "service:\n"
        "  pipelines:\n"
        "    traces:\n"
        "      exporters: [otlphttp/netra]"
    )
