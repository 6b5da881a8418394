"""`netra catalog ...`: sync prices from genai-prices, list models, change prices, add custom models."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

import click
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from netra_core.db.price_fields import ExtraPrices

F = TypeVar("F", bound=Callable[..., Any])
# Options for the prices beyond input, output and cache reads: option -> ExtraPrices field.
_EXTRA_PRICE_OPTIONS = {
    "--cache-write": ("cache_write_per_mtok", "USD per million tokens written to a 5-minute cache (default: input)."),
    "--cache-write-1h": ("cache_write_1h_per_mtok", "USD per million tokens written to a 1-hour cache."),
    "--audio-input": ("audio_input_per_mtok", "USD per million audio input tokens (default: input)."),
    "--audio-cached": ("audio_cached_input_per_mtok", "USD per million cached audio input tokens."),
    "--audio-output": ("audio_output_per_mtok", "USD per million audio output tokens (default: output)."),
    "--image-input": ("image_input_per_mtok", "USD per million image input tokens (default: input)."),
    "--image-cached": ("image_cached_per_mtok", "USD per million cached image input tokens."),
    "--image-output": ("image_output_per_mtok", "USD per million image output tokens (default: output)."),
}


@click.group("catalog")
def catalog() -> None:
    """The supply catalog: models, prices over time, latency and quality profiles."""


def _sessions() -> sessionmaker[Session]:
    from netra_core.config import get_settings
    from netra_core.db.engine import make_session_factory
    from netra_core.logs import configure_logging
    from netra_core.stores import make_app_engine

    settings = get_settings()
    configure_logging(settings.log_level, as_json=settings.log_json)
    return make_session_factory(make_app_engine(settings))


def extra_price_options(command: F) -> F:
    """Add the cache-write, audio, image and long-context tier options to a command."""
    for flag, (field, text) in reversed(_EXTRA_PRICE_OPTIONS.items()):
        command = click.option(flag, field, type=float, default=None, help=text)(command)
    return click.option(
        "--tier",
        "tiers",
        multiple=True,
        metavar="START:INPUT:OUTPUT[:CACHED]",
        help="A long-context tier: past START prompt tokens all tokens pay INPUT/OUTPUT (and CACHED for cache reads) "
        "per million (repeatable).",
    )(command)


def compute_extra_prices(values: dict[str, Any]) -> ExtraPrices:
    """The ExtraPrices of the options `extra_price_options` added (UsageError on a tier that does not parse)."""
    from netra_core.db.price_fields import ExtraPrices, parse_tiers
    from netra_core.errors import ValidationError

    try:
        tiers = parse_tiers(",".join(values.get("tiers") or ()))
    except ValidationError as exc:
        raise click.UsageError(f"--tier: {exc}") from exc
    fields = {field: values.get(field) for field, _ in _EXTRA_PRICE_OPTIONS.values()}
    return ExtraPrices(**fields, tiers=tiers)


def _org_id(session: Session, slug: str | None) -> int | None:
    from netra_core.db.orgs import fetch_org

    return fetch_org(session, slug).id if slug else None


@catalog.command("sync")
@click.option("--json", "as_json", is_flag=True)
def sync(as_json: bool) -> None:
    """Load models and time-versioned prices from the genai-prices package (admin prices are kept)."""
    from netra_core.catalog.sync import compute_genai_prices_entries
    from netra_core.db.catalog import save_catalog_entries

    entries = compute_genai_prices_entries()
    with _sessions().begin() as session:
        report = save_catalog_entries(session, entries)
    if as_json:
        click.echo(json.dumps(vars(report)))
    else:
        click.echo(
            f"catalog synced: {report.models_added} models added, {report.models_updated} updated, {report.price_rows} price periods"
        )


@catalog.command("list")
@click.option("--search", default="", help="Part of a model name.")
@click.option("--provider", default="")
@click.option("--org", "org_slug", default=None, help="As this org sees it: its own prices and custom models.")
@click.option("--json", "as_json", is_flag=True)
def list_models(search: str, provider: str, org_slug: str | None, as_json: bool) -> None:
    """Models with the price in effect now (USD per million tokens)."""
    from netra_core.db.catalog import fetch_catalog

    with _sessions()() as session:
        frame = fetch_catalog(session, _org_id(session, org_slug), search=search, provider=provider)
    if as_json:
        records = frame.drop(columns=["quality"], errors="ignore").to_dict(orient="records")
        clean = [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()} for r in records]
        click.echo(json.dumps(clean, indent=2, default=str))
        return
    if frame.empty:
        click.echo("no models: run `netra catalog sync` first" if not (search or provider) else "no model matches")
        return
    for r in frame.itertuples():
        ctx = f"{int(r.context_window):,}" if r.context_window and not math.isnan(r.context_window) else "?"
        click.echo(
            f"{r.provider:<14} {r.model:<40} in ${r.input_per_mtok:>8.3f}  out ${r.output_per_mtok:>8.3f}  ctx {ctx}"
        )


@catalog.command("set-price")
@click.argument("provider")
@click.argument("model")
@click.option("--input", "input_price", type=float, required=True, help="USD per million input tokens.")
@click.option("--output", "output_price", type=float, required=True, help="USD per million output tokens.")
@click.option("--cached", type=float, default=None, help="USD per million cached input tokens.")
@click.option("--batch-discount", type=float, default=None, help="Fraction off through the batch API, e.g. 0.5.")
@click.option(
    "--from", "start", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M"]), default=None, help="UTC; default now."
)
@click.option(
    "--org", "org_slug", default=None, help="This org's own price (what it negotiated); other orgs keep theirs."
)
@click.option("--global", "is_global", is_flag=True, help="The catalog's price for every org (a catalog correction).")
@extra_price_options
def set_price(
    provider: str,
    model: str,
    input_price: float,
    output_price: float,
    cached: float | None,
    batch_discount: float | None,
    start: datetime | None,
    org_slug: str | None,
    is_global: bool,
    **extra: Any,
) -> None:
    """Change a model's price from a date on, for one org (--org) or every org (--global); history is kept."""
    from netra_core.db.catalog import save_price_override

    if bool(org_slug) == is_global:
        # A price for every org is never the default: forgetting --org must not change every org's costs.
        raise click.UsageError("say whose price this is: --org SLUG (that org only) or --global (every org)")
    with _sessions().begin() as session:
        row = save_price_override(
            session,
            provider=provider,
            model=model,
            input_per_mtok=input_price,
            output_per_mtok=output_price,
            cached_input_per_mtok=cached,
            batch_discount=batch_discount,
            effective_from=start.replace(tzinfo=UTC) if start else None,
            org_id=_org_id(session, org_slug),
            actor="cli",
            extra=compute_extra_prices(extra),
        )
        whose = f"org {org_slug}" if org_slug else "every org"
        click.echo(
            f"{provider}/{model}: ${input_price}/${output_price} per Mtok for {whose} "
            f"from {row.effective_from:%Y-%m-%d %H:%M} UTC"
        )


@catalog.command("add-model")
@click.argument("provider")
@click.argument("model")
@click.option("--org", "org_slug", required=True)
@click.option("--context", "context_window", type=int, required=True)
@click.option("--input", "input_price", type=float, required=True)
@click.option("--output", "output_price", type=float, required=True)
@click.option("--cached", type=float, default=None)
@click.option("--ttft-ms", type=float, default=None)
@click.option("--tps", type=float, default=None, help="Output tokens per second.")
@extra_price_options
def add_model(
    provider: str,
    model: str,
    org_slug: str,
    context_window: int,
    input_price: float,
    output_price: float,
    cached: float | None,
    ttft_ms: float | None,
    tps: float | None,
    **extra: Any,
) -> None:
    """Add an org's own (custom or self-hosted) model."""
    from netra_core.db.catalog import save_custom_model

    with _sessions().begin() as session:
        save_custom_model(
            session,
            org_id=_org_id(session, org_slug) or 0,
            provider=provider,
            model=model,
            context_window=context_window,
            input_per_mtok=input_price,
            output_per_mtok=output_price,
            cached_input_per_mtok=cached,
            ttft_ms=ttft_ms,
            output_tokens_per_s=tps,
            actor="cli",
            extra=compute_extra_prices(extra),
        )
    click.echo(f"added {provider}/{model} to org {org_slug}")


COMMANDS = [catalog]


@catalog.command("reprice")
@click.option("--org", "org_slug", required=True)
@click.option(
    "--from",
    "start",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="First day (UTC); default: the first event.",
)
@click.option(
    "--to", "end", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Last day (UTC), included; default: now."
)
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True)
def reprice(org_slug: str, start: datetime | None, end: datetime | None, dry_run: bool, as_json: bool) -> None:
    """Recompute Netra-priced costs (and Netra's price beside billed ones) after a price change; roll-ups stay exact."""
    from datetime import timedelta

    from netra_core.config import get_settings
    from netra_core.services.reprice import reprice_org

    report = reprice_org(
        get_settings(),
        org_slug,
        start.replace(tzinfo=UTC) if start else None,
        end.replace(tzinfo=UTC) + timedelta(days=1) if end else None,
        dry_run=dry_run,
    )
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2, default=str))
        return
    verb = "would change" if dry_run else "changed"
    click.echo(
        f"org {org_slug}, {report.start:%Y-%m-%d} to {report.end:%Y-%m-%d}: {report.events_read:,} events read, "
        f"{report.events_changed:,} {verb}; recorded spend ${report.cost_before_usd:,.4f} -> "
        f"${report.cost_after_usd:,.4f} ({report.delta_usd:+,.4f})"
        + (f"; {report.still_unpriced:,} still without a price" if report.still_unpriced else "")
    )
    for row in report.by_model_day.head(50).itertuples():
        click.echo(
            f"  {row.day}  {row.provider}/{row.model}: {int(row.changed):,} of {int(row.events):,} events, "
            f"${row.cost_before_usd:,.4f} -> ${row.cost_after_usd:,.4f}"
        )
    if len(report.by_model_day) > 50:
        click.echo(f"  ... and {len(report.by_model_day) - 50:,} more model-days (--json lists all)")
