"""`netra query ...`: the analytics library from the terminal."""

from __future__ import annotations

import json

import click


@click.group("query")
def query() -> None:
    """Read the analytics your dashboards show."""


def _fmt(metric: str, value: float | None) -> str:
    if value is None:
        return "—"
    if metric == "spend_usd" or metric == "cost_per_1k_requests":
        return f"${value:,.2f}"
    if metric in {"error_rate"}:
        return f"{value * 100:.2f} %"
    if metric == "mean_quality":
        return f"{value:.3f}"
    if metric.endswith("_ms"):
        return f"{value:,.0f} ms"
    return f"{value:,.0f}"


@query.command("overview")
@click.option("--org", "org_id", required=True)
@click.option("--days", type=float, default=7, show_default=True, help="Window ending now.")
@click.option("--workload", "workloads", multiple=True)
@click.option("--model", "models", multiple=True)
@click.option("--provider", "providers", multiple=True)
@click.option("--json", "as_json", is_flag=True)
def overview(
    org_id: str,
    days: float,
    workloads: tuple[str, ...],
    models: tuple[str, ...],
    providers: tuple[str, ...],
    as_json: bool,
) -> None:
    """KPIs for the last D days with the change versus the D days before."""
    from netra_core.analytics.filters import EventFilter
    from netra_core.analytics.kpis import fetch_kpis, kpis_as_dict
    from netra_core.commands.orgs import check_org_readable
    from netra_core.config import get_settings
    from netra_core.logs import configure_logging
    from netra_core.stores import make_store

    settings = get_settings()
    configure_logging(settings.log_level, as_json=settings.log_json)
    f = EventFilter.last_days(org_id, days, workloads=workloads, models=models, providers=providers)
    with make_store(settings).session() as client:
        check_org_readable(settings, client, org_id)
        kpis = kpis_as_dict(fetch_kpis(client, f))
    if as_json:
        payload = {"org": org_id, "start": f.start.isoformat(), "end": f.end.isoformat(), "kpis": kpis}
        click.echo(json.dumps(payload, indent=2))
        return
    click.echo(f"org {org_id}: {f.start:%Y-%m-%d %H:%M} to {f.end:%Y-%m-%d %H:%M} UTC, versus the {days:g} days before")
    for metric, v in kpis.items():
        change = v["change_pct"]
        delta = "" if change is None else f"  ({change:+.1f} %)"
        click.echo(f"  {metric:<22} {_fmt(metric, v['value']):>16}{delta}")


COMMANDS = [query]
