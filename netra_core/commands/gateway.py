"""`netra gateway`: an OpenAI-compatible proxy that routes by the org's active policy and records every call."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import click


@click.command("gateway")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=4000, show_default=True)
@click.option(
    "--spool-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where calls are recorded until the store takes them [default: <data dir>/gateway_spool].",
)
@click.option(
    "--batch-interval",
    "batch_interval_s",
    type=click.FloatRange(min=0.05),
    default=1.0,
    show_default=True,
    help="Seconds between writes of recorded calls to the store.",
)
@click.option(
    "--status-interval",
    "status_interval_s",
    type=click.FloatRange(min=0.5),
    default=10.0,
    show_default=True,
    help="Seconds between counter lines in the log.",
)
@click.option(
    "--writer",
    type=click.Choice(["process", "inline"]),
    default="process",
    show_default=True,
    help="Write recorded calls to the store from a process of its own (off the request path), "
    "or from a thread of the gateway's process.",
)
def gateway(
    host: str,
    port: int,
    spool_dir: Path | None,
    batch_interval_s: float,
    status_interval_s: float,
    writer: Literal["process", "inline"],
) -> None:
    """Proxy /v1/chat/completions, /v1/embeddings, /v1/models and /v1/messages with a Netra API key (netra keys add)."""
    from netra_core.config import get_settings
    from netra_core.errors import NetraError
    from netra_core.gateway.service import Gateway, GatewayOptions
    from netra_core.logs import configure_logging

    settings = get_settings()
    configure_logging(settings.log_level, as_json=settings.log_json)
    options = GatewayOptions(
        host=host,
        port=port,
        spool_dir=spool_dir,
        batch_interval_s=batch_interval_s,
        status_interval_s=status_interval_s,
        writer=writer,
    )
    try:
        service = Gateway(settings, options)
        click.echo(
            f"netra gateway: OpenAI-compatible API on {service.endpoint} -> {service.upstreams.describe()}", err=True
        )
        service.serve()
    except NetraError as exc:
        raise click.ClickException(str(exc)) from exc


COMMANDS = [gateway]
