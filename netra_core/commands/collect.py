"""`netra collect`: receive OpenTelemetry traces over OTLP/HTTP and write them as events, live."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("collect")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=4318, show_default=True)
@click.option(
    "--spool-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where accepted requests wait for the store [default: <data dir>/spool].",
)
@click.option(
    "--max-spool-mb",
    type=click.FloatRange(min=1),
    default=512.0,
    show_default=True,
    help="Past this, requests get 503 with Retry-After until the writer catches up.",
)
@click.option(
    "--max-body-mb",
    type=click.FloatRange(min=0.1),
    default=32.0,
    show_default=True,
    help="Largest request body, after gzip.",
)
@click.option(
    "--batch-interval",
    "batch_interval_s",
    type=click.FloatRange(min=0.05),
    default=1.0,
    show_default=True,
    help="Seconds between writes to the store.",
)
@click.option(
    "--batch-mb",
    type=click.FloatRange(min=0.1),
    default=None,
    help="Spooled megabytes written to the store per batch [default: 64].",
)
@click.option(
    "--status-interval",
    "status_interval_s",
    type=click.FloatRange(min=0.5),
    default=10.0,
    show_default=True,
    help="Seconds between counter lines in the log.",
)
def collect(
    host: str,
    port: int,
    spool_dir: Path | None,
    max_spool_mb: float,
    max_body_mb: float,
    batch_interval_s: float,
    batch_mb: float | None,
    status_interval_s: float,
) -> None:
    """OTLP/HTTP receiver: POST /v1/traces (protobuf or JSON, gzip) with `Authorization: Bearer <ingest key>`."""
    from netra_core.collector.service import Collector, CollectorOptions
    from netra_core.config import get_settings
    from netra_core.logs import configure_logging

    settings = get_settings()
    configure_logging(settings.log_level, as_json=settings.log_json)
    options = CollectorOptions(
        host=host,
        port=port,
        spool_dir=spool_dir,
        max_spool_mb=max_spool_mb,
        max_body_mb=max_body_mb,
        batch_interval_s=batch_interval_s,
        status_interval_s=status_interval_s,
        **({"batch_mb": batch_mb} if batch_mb is not None else {}),
    )
    collector = Collector(settings, options)
    click.echo(f"netra collect: OTLP/HTTP on {collector.endpoint} (spool {collector.spool.directory})", err=True)
    collector.serve()


COMMANDS = [collect]
