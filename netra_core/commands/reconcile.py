"""`netra reconcile`: an org's recorded costs against a provider's bill."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("reconcile")
@click.option("--org", "org_id", required=True)
@click.option(
    "--invoice",
    "invoice",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="A date,provider,model,cost CSV, OpenAI's organization costs (API JSON pages or their CSV), or "
    "Anthropic's cost report (Admin API JSON pages or their CSV).",
)
@click.option("--json", "as_json", is_flag=True)
@click.option(
    "--no-save", is_flag=True, help="Do not keep the result (the Overview and weekly report show the latest)."
)
def reconcile(org_id: str, invoice: Path, as_json: bool, no_save: bool) -> None:
    """Compare the bill with what Netra recorded per UTC day and model: coverage, differences, likely causes."""
    from netra_core.commands.orgs import check_org_readable
    from netra_core.config import get_settings
    from netra_core.logs import configure_logging
    from netra_core.services.reconcile import reconcile_bill
    from netra_core.stores import make_store

    settings = get_settings()
    configure_logging(settings.log_level, as_json=settings.log_json)
    store = make_store(settings)
    try:
        with store.session() as client:
            check_org_readable(settings, client, org_id)
    finally:
        store.close()
    result, saved = reconcile_bill(settings, org_id, invoice, actor="cli", save=not no_save)
    if as_json:
        rows = result.rows.assign(day=result.rows["day"].astype(str))
        payload = {
            "org": org_id,
            "invoice_usd": result.invoice_usd,
            "netra_usd": result.netra_usd,
            "coverage": result.coverage,
            "rows": json.loads(rows.to_json(orient="records")),
        }
        click.echo(json.dumps(payload, indent=2))
        return
    click.echo(result.summary())
    if saved is not None:
        click.echo(f"kept as reconciliation {saved.id}: the Overview and the weekly report show the bill's coverage")
    for r in result.rows.itertuples(index=False):
        if r.cause != "matches":
            click.echo(
                f"  {r.day} {r.provider}/{r.model}: billed ${r.invoice_usd:,.2f}, recorded ${r.netra_usd:,.2f}"
                f" — {r.cause}"
            )


COMMANDS = [reconcile]
