"""`netra generate`: realistic multi-workload traffic with planted opportunities, written to the workload store."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import Any

import click


def _print_report(data: dict[str, Any]) -> None:
    truth = data["truth"]
    click.echo(
        f"wrote {data['events_written']:,} events for org {data['org_id']} "
        f"({data['start'][:16]} .. {data['end'][:16]} UTC, seed {data['seed']}) in {data['seconds']:.1f}s "
        f"({data['events_per_s']:,.0f} events/s)"
        + (f"; replaced {data['events_deleted']:,} generated events" if data["events_deleted"] else "")
    )
    click.echo(f"spend ${data['spend_usd']:,.2f} (prices from the {data['prices_from']})")
    click.echo("\nplanted truth (each against the traffic as generated):")
    for s in truth["model_switches"]:
        mark = "planted" if s["is_planted"] else "also"
        click.echo(
            f"  [{mark}] model switch {s['workload']}/{s['task_type']}: {s['model']} -> {s['to_model']} "
            f"(prior quality {s['quality_prior']:.2f} -> {s['to_quality_prior']:.2f}) saves ${s['savings_usd']:,.2f} "
            f"of ${s['spend_usd']:,.2f}"
        )
    for c in truth["caches"]:
        if c["is_planted"]:
            click.echo(
                f"  [planted] exact cache {c['workload']}: {c['duplicate_share']:.1%} repeated prompts, "
                f"saves ${c['savings_usd']:,.2f} of ${c['spend_usd']:,.2f}"
            )
    for b in truth["batches"]:
        click.echo(
            f"  [{'planted' if b['is_planted'] else 'also'}] batch API {b['workload']}: "
            f"${b['batchable_spend_usd']:,.2f} batchable, saves ${b['savings_usd']:,.2f}"
        )


@click.command("generate")
@click.option(
    "--org", "org_id", required=True, help="Org the generated events belong to (it must exist: `netra orgs add`)."
)
@click.option("--events", "n_events", type=click.IntRange(min=1), required=True, help="How many events.")
@click.option("--days", type=click.IntRange(1, 400), default=30, show_default=True, help="Days of traffic, ending now.")
@click.option(
    "--seed", type=click.IntRange(0, 2**63 - 1), default=0, show_default=True, help="Same seed and window, same events."
)
@click.option(
    "--end",
    "end_at",
    type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]),
    default=None,
    help="End of the window, UTC (default: the last whole hour).",
)
@click.option("--replace", is_flag=True, help="Delete the org's generated events first.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
@click.option("--create-org", is_flag=True, help="Create the org if the app database does not know it.")
def generate(
    org_id: str,
    n_events: int,
    days: int,
    seed: int,
    end_at: datetime | None,
    replace: bool,
    as_json: bool,
    create_org: bool,
) -> None:
    """Generate realistic LLM traffic (8 workloads, planted savings) and write it to the workload store."""
    from tqdm import tqdm

    from netra_core.catalog.pricing import compute_book_over_builtin
    from netra_core.commands.orgs import require_org
    from netra_core.config import get_settings
    from netra_core.db.prices import fetch_org_price_book_or_builtin
    from netra_core.generator import default_spec, save_generated
    from netra_core.logs import configure_logging
    from netra_core.stores import make_app_engine, make_store
    from netra_core.workloads.migrations import upgrade_store

    settings = get_settings()
    configure_logging(settings.log_level, as_json=settings.log_json)
    require_org(settings, org_id, create=create_org)
    engine = make_app_engine(settings)
    try:
        book = compute_book_over_builtin(fetch_org_price_book_or_builtin(engine, org_id))  # the org's prices, as ingest
    finally:
        engine.dispose()
    store = make_store(settings)
    with store.session() as client:
        upgrade_store(client)  # a fresh install can generate demo data straight away
    # By default the window ends at the last whole hour, so the traffic looks current in the dashboards.
    end = end_at.replace(tzinfo=UTC) if end_at else datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    bar = tqdm(total=n_events, unit="ev", unit_scale=True, file=sys.stderr, desc="generating", leave=False)

    def progress(done: int, total: int) -> None:
        bar.update(done - bar.n)

    try:
        report = save_generated(
            store,
            org_id,
            default_spec(),
            n_events,
            days,
            seed,
            progress=progress,
            replace=replace,
            end=end,
            price_book=book,
        )
    finally:
        bar.close()
        store.close()
    data = report.as_dict()
    data["prices_from"] = book.source
    if as_json:
        click.echo(json.dumps(data, indent=2))
    else:
        _print_report(data)


COMMANDS = [generate]
