"""`netra ingest` and `netra evals ingest`: load users' files into the workload store."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from netra_core.errors import IngestRejectedError

CREATE_ORG_HELP = "Create the org if the app database does not know it (else an unknown org is refused)."


def _store_for(org_id: str, paths: tuple[str, ...], create_org: bool) -> Any:
    """The workload store, once the files exist and the org is known (or created with --create-org)."""
    from pathlib import Path

    from netra_core.commands.orgs import require_org
    from netra_core.config import get_settings
    from netra_core.errors import ValidationError
    from netra_core.logs import configure_logging
    from netra_core.stores import make_store

    settings = get_settings()
    configure_logging(settings.log_level, as_json=settings.log_json)
    for path in paths:
        if not Path(path).is_file():
            raise ValidationError(f"{path}: no such file")
    require_org(settings, org_id, create=create_org)
    return make_store(settings)


def _org_price_book(org_slug: str) -> Any:
    """The org's prices from the app database (the built-in table, saying why, when it has none)."""
    from netra_core.config import get_settings
    from netra_core.db.prices import fetch_org_price_book_or_builtin
    from netra_core.stores import make_app_engine

    engine = make_app_engine(get_settings())
    try:
        return fetch_org_price_book_or_builtin(engine, org_slug)
    finally:
        engine.dispose()


def _ingest_limits() -> dict[str, Any]:
    """The ingest settings: staging under the data dir, the decompressed-size cap, the future-timestamp limit."""
    from datetime import timedelta

    from netra_core.config import get_settings

    settings = get_settings()
    return {
        "staging_dir": settings.data_dir / "staging",
        "max_decompressed_bytes": settings.ingest_max_decompressed_mb * 1024 * 1024,
        "max_future": timedelta(hours=settings.ingest_max_future_hours),
    }


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--org", "org_id", required=True, help="Org the events belong to (it must exist: `netra orgs add`).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "csv", "jsonl", "parquet", "otlp", "litellm"]),
    default="auto",
    show_default=True,
)
@click.option("--skip-invalid", is_flag=True, help="Write the valid rows; put the others in FILE.rejects.csv.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
@click.option("--create-org", is_flag=True, help=CREATE_ORG_HELP)
def ingest(paths: tuple[str, ...], org_id: str, fmt: str, skip_invalid: bool, as_json: bool, create_org: bool) -> None:
    """Load events from CSV, JSON lines, Parquet, OTLP/JSON spans or LiteLLM spend logs."""
    from pathlib import Path

    from tqdm import tqdm

    from netra_core.workloads.ingest import IngestProgress, ingest_files

    store = _store_for(org_id, paths, create_org)
    book = _org_price_book(org_id)
    total = sum(Path(p).stat().st_size for p in paths if Path(p).is_file())
    bar = tqdm(total=total, unit="B", unit_scale=True, file=sys.stderr, disable=as_json or None, desc="ingest")

    def on_progress(update: IngestProgress) -> None:
        bar.n = update.bytes_done
        bar.set_postfix(rows=f"{update.rows_done:,}", phase=update.phase, refresh=False)
        bar.refresh()

    try:
        report = ingest_files(
            store,
            list(paths),
            org_id,
            fmt=fmt,
            skip_invalid=skip_invalid,
            progress=on_progress,
            price_book=book,
            **_ingest_limits(),
        )
    except IngestRejectedError as exc:
        bar.close()
        if as_json:
            click.echo(json.dumps({"ok": False, **exc.report.as_dict()}, default=str))  # type: ignore[attr-defined]
        raise
    finally:
        bar.close()
        store.close()
    if as_json:
        click.echo(json.dumps({"ok": True, **report.as_dict()}, default=str))
        return
    click.echo(report.summary())
    for stats in report.files:
        if stats.rejects_path:
            click.echo(f"{stats.rows_rejected:,} rejected row(s) of {stats.path} are in {stats.rejects_path}")
        if stats.ignored_columns:
            click.echo(f"{stats.path}: ignored columns {', '.join(stats.ignored_columns)}")
    for issue in report.errors:
        click.echo(f"  {issue}", err=True)


@click.group("evals")
def evals() -> None:
    """Offline and shadow evaluation results."""


@evals.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--org", "org_id", required=True, help="Org the results belong to (it must exist: `netra orgs add`).")
@click.option("--dataset", required=True, help="Name of the eval dataset (results are replaced per prompt and model).")
@click.option("--json", "as_json", is_flag=True)
@click.option("--create-org", is_flag=True, help=CREATE_ORG_HELP)
def evals_ingest(paths: tuple[str, ...], org_id: str, dataset: str, as_json: bool, create_org: bool) -> None:
    """Load per-(prompt, model) eval results: prompt_id, prompt, model, score, optional cost, tokens, latency."""
    from netra_core.workloads.ingest.evals import ingest_eval_files

    store = _store_for(org_id, paths, create_org)
    try:
        report = ingest_eval_files(store, list(paths), org_id, dataset)
    except IngestRejectedError as exc:
        if as_json:
            click.echo(json.dumps({"ok": False, **exc.report.as_dict()}, default=str))  # type: ignore[attr-defined]
        raise
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps({"ok": True, **report.as_dict()}, default=str))
    else:
        click.echo(f"{report.rows_written:,} eval result(s) written to dataset {dataset} of org {org_id}")


COMMANDS = [ingest, evals]
