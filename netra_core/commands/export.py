"""`netra export ...`: an org's data in other tools' formats (FOCUS for FinOps platforms)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import click


@click.group("export")
def export() -> None:
    """Write an org's data in other tools' formats."""


@export.command("focus")
@click.option("--org", "org_id", required=True)
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), help="First UTC day (default: 30 days ago).")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), help="Last UTC day, included (default: today).")
@click.option(
    "--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="FILE.csv or FILE.parquet"
)
def focus(org_id: str, start: datetime | None, end: datetime | None, out: Path) -> None:
    """The org's LLM spend as FOCUS rows (one per day, workload, provider and model)."""
    from netra_core.commands.orgs import check_org_readable
    from netra_core.config import get_settings
    from netra_core.exports.focus import FOCUS_VERSION, fetch_focus_rows, save_focus_file
    from netra_core.logs import configure_logging
    from netra_core.stores import make_store

    settings = get_settings()
    configure_logging(settings.log_level, as_json=settings.log_json)
    last: date = end.date() if end else datetime.now(UTC).date()
    first: date = start.date() if start else last - timedelta(days=29)
    with make_store(settings).session() as client:
        check_org_readable(settings, client, org_id)
        rows = fetch_focus_rows(client, org_id, org_id, first, last)
    save_focus_file(rows, out)
    total = float(rows["BilledCost"].sum()) if len(rows) else 0.0
    click.echo(
        f"{out}: {len(rows):,} FOCUS {FOCUS_VERSION} rows for org {org_id}, {first} to {last} (UTC), "
        f"billed ${total:,.2f}"
    )


COMMANDS = [export]
