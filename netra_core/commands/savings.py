"""`netra savings`: each policy version's forecast savings beside the savings its gateway traffic realised."""

from __future__ import annotations

import json

import click

from netra_core.optimizer.ledger import PolicyLedger, VersionLedger


def _money(value: float | None) -> str:
    return "n/a" if value is None else f"${value:,.2f}"


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def compute_version_lines(v: VersionLedger) -> list[str]:
    """What the CLI prints for one version."""
    f, r = v.forecast, v.realised
    level = f"{(f.level or 0.95):.0%}"
    lines = [
        f"version {v.version} ({v.status})"
        + (f", active {v.activated_at:%Y-%m-%d %H:%M}" if v.activated_at else ", never activated")
        + (f" to {v.retired_at:%Y-%m-%d %H:%M}" if v.retired_at else (" to now" if v.activated_at else "")),
        f"  forecast: {_money(f.window_usd)} over its {f.window_days or 0:g}-day window ({_share(f.share)}), "
        f"{_money(f.month_usd)}/month, {level} interval {_money(f.month_lo_usd)} .. {_money(f.month_hi_usd)}",
    ]
    if r is None:
        lines.append("  realised: nothing yet (never active)")
        return lines
    lines.append(
        f"  realised: {_money(r.savings_usd)} ({_share(r.share)} of {_money(r.counterfactual_usd)} counterfactual; "
        f"actual {_money(r.actual_usd)}) over {r.active_days:.1f} active days = {_money(r.month_usd)}/month run-rate"
    )
    lines.append(
        f"  requests: {r.requests:,} routed, {r.compared:,} compared; {r.no_baseline:,} without a baseline, "
        f"{r.unpriced_baseline:,} with an unpriced baseline, {r.usage_unknown:,} with unreported tokens (left out); "
        f"fallbacks {_share(r.fallback_share)}"
    )
    quality = (
        f"{r.quality_before:.3f} baseline -> {r.quality_after:.3f} served ({r.quality_pairs:,} requests measured)"
        if r.quality_before is not None and r.quality_after is not None
        else "not measured"
    )
    lines.append(f"  quality: {quality}")
    for row in r.by_segment.itertuples(index=False):
        lines.append(
            f"    {row.segment:<40} {row.requests:>7,} req  saves {_money(row.savings_usd):>10} "
            f"of {_money(row.counterfactual_usd)}"
        )
    return lines


def print_ledger(ledger: PolicyLedger) -> None:
    """The ledger as text."""
    if not ledger.versions:
        click.echo(
            f"org {ledger.org_id} has no policy versions: save one with `netra policy save` or "
            "`netra optimize --save-version`"
        )
        return
    for v in ledger.versions:
        for line in compute_version_lines(v):
            click.echo(line)
    click.echo(f"\n{ledger.definition}")


@click.command("savings")
@click.option("--org", "org_slug", required=True, help="Org whose policy versions to account for.")
@click.option("--version", "version", type=click.IntRange(min=1), default=None, help="Only this policy version.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
def savings(org_slug: str, version: int | None, as_json: bool) -> None:
    """The savings ledger: forecast (when each version was made) vs realised (while it was active)."""
    from netra_core.commands.policy import app_sessions
    from netra_core.config import get_settings
    from netra_core.services.policies import fetch_savings_ledger
    from netra_core.stores import make_store

    store = make_store(get_settings())
    try:
        with app_sessions() as sessions:
            ledger = fetch_savings_ledger(store.session, sessions, org_slug, version=version)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(ledger.as_dict(), indent=2))
        return
    print_ledger(ledger)


COMMANDS = [savings]
