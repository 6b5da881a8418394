"""`netra optimize`: the recommended routing policy for an org, its savings with intervals, and the opportunities."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from netra_core.errors import NetraError, ValidationError

if TYPE_CHECKING:
    from netra_core.catalog.builtin import ModelProfile
    from netra_core.config import Settings


def _pairs(values: tuple[str, ...], option: str, *, lo: float, hi: float) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in values:
        name, sep, raw = item.rpartition("=")
        try:
            number = float(raw)
        except ValueError:
            number = float("nan")
        if not sep or not name or not (lo <= number <= hi):
            raise ValidationError(f"{option} {item!r}: expected WORKLOAD=NUMBER with NUMBER in [{lo:g}, {hi:g}]")
        out[name] = number
    return out


def _money(value: float | None) -> str:
    return "n/a" if value is None else f"${value:,.2f}"


def _candidates(settings: Settings, org_slug: str) -> tuple[list[ModelProfile], str]:
    """Candidate models priced from the app database's catalog (admin overrides, the org's custom models).

    Falls back to the built-in table, and says why, when the app database is unreachable, not migrated or has no
    synced catalog; the optimizer still runs.
    """
    from sqlalchemy import select
    from sqlalchemy.exc import SQLAlchemyError

    from netra_core.catalog.builtin import BUILTIN_MODELS
    from netra_core.db.engine import make_session_factory
    from netra_core.db.migrate import fetch_app_db_revision, head_revision
    from netra_core.db.models import Org
    from netra_core.recommend import fetch_candidates_and_source
    from netra_core.stores import make_app_engine

    engine = make_app_engine(settings)
    try:
        if fetch_app_db_revision(engine) != head_revision(engine):
            return list(BUILTIN_MODELS), "built-in prices (the app database is not migrated: run `netra db upgrade`)"
        with make_session_factory(engine)() as session:
            org_id = session.scalar(select(Org.id).where(Org.slug == org_slug))
            candidates, is_catalog = fetch_candidates_and_source(session, org_id)
        if not is_catalog:
            return candidates, "built-in prices (no synced catalog: run `netra catalog sync`)"
        return candidates, "catalog prices in effect now"
    except (SQLAlchemyError, NetraError) as exc:
        return list(BUILTIN_MODELS), f"built-in prices (the app database could not be read: {type(exc).__name__})"
    finally:
        engine.dispose()


def _print_report(data: dict[str, Any]) -> None:
    sol, rep, win = data["solution"], data["replay"], data["window"]
    click.echo(
        f"org {data['org_id']}: {win['events']:,} events, {win['days']:g} days ending {str(win['end'])[:16]} "
        f"(figures per 30-day month; {data['prices_from']})"
    )
    click.echo(
        f"spend now {_money(rep['current_cost_month'])}/month -> policy {_money(rep['policy_cost_month'])}/month: "
        f"saves {_money(rep['savings_month'])} ({rep['savings_pct']:.1%}), 95% interval "
        f"{_money(rep['savings_month_lo'])} .. {_money(rep['savings_month_hi'])}"
    )
    cq = sol["current_quality"]
    click.echo(
        f"quality {'n/a' if cq is None else f'{cq:.3f}'} -> {sol['policy_quality']:.3f} (floor {sol['quality_floor']:.3f}); "
        f"replayed change {rep['quality_change']:+.3f} [{rep['quality_change_lo']:+.3f}, {rep['quality_change_hi']:+.3f}]"
    )
    click.echo("\nrouting policy (largest savings first):")
    for line in data["decisions"][:25]:
        click.echo(f"  {line}")
    if len(data["decisions"]) > 25:
        click.echo(f"  ... and {len(data['decisions']) - 25} more segments (see --json)")
    click.echo(
        "\nopportunities: in turn on the spend the previous ones leave (these add up) | alone on today's traffic"
    )
    for row in data["opportunity_summary"]:
        click.echo(
            f"  {row['kind']:<16} {_money(row['savings_month']):>12}/month "
            f"[{_money(row['savings_lo'])} .. {_money(row['savings_hi'])}] | {_money(row['standalone_month'])}/month "
            f"[{_money(row['standalone_lo'])} .. {_money(row['standalone_hi'])}]"
        )
    frontier = data["frontier"]
    if len(frontier) > 1:
        picks = [frontier[round(i * (len(frontier) - 1) / 4)] for i in range(5)]
        points = ", ".join(f"{p['quality']:.3f} -> {_money(p['cost_month'])}" for p in picks)
        click.echo(f"\ncost-quality frontier (quality -> cheapest $/month): {points}")
    click.echo("\nrecoverable per workload ($/month):")
    for row in data["opportunity_map"]:
        click.echo(f"  {row['workload']:<24} {_money(row['total']):>14}")
    if data.get("per_prompt_routing"):
        from netra_core.routing.opportunity import PerPromptRouting

        click.echo("\nper-prompt routing, learned from your eval results (held-out prompts):")
        for item in data["per_prompt_routing"]:
            click.echo(f"  {PerPromptRouting(**item).describe()}")
    click.echo("\nreplay by workload:")
    for row in data["replay_by_workload"]:
        click.echo(
            f"  {row['workload']:<24} saves {_money(row['savings_month'])} "
            f"[{_money(row['savings_month_lo'])} .. {_money(row['savings_month_hi'])}], "
            f"quality {row['quality_change']:+.3f}"
        )


@click.command("optimize")
@click.option("--org", "org_id", required=True, help="Org whose traffic to optimise.")
@click.option("--days", type=click.FloatRange(min=0.01), default=30.0, show_default=True,
              help="Window: the days ending at the org's latest event.")  # fmt: skip
@click.option("--quality-floor", type=click.FloatRange(0, 1), required=True,
              help="Minimum traffic-weighted expected quality (0-1).")  # fmt: skip
@click.option("--max-p95-ms", type=click.FloatRange(min=1), default=None, help="p95 latency SLO for every workload.")
@click.option("--slo", "slos", multiple=True, metavar="WORKLOAD=MS", help="p95 SLO of one workload (repeatable).")
@click.option("--workload-floor", "workload_floors", multiple=True, metavar="WORKLOAD=Q",
              help="Quality floor of one workload (repeatable).")  # fmt: skip
@click.option("--max-quality-drop", type=click.FloatRange(0, 1), default=None,
              help="Also keep each workload within this of its current expected quality.")  # fmt: skip
@click.option("--batch-workload", "batch_workloads", multiple=True, help="Workload that may use batch APIs.")
@click.option("--allow-provider", "providers", multiple=True, help="Only these providers (repeatable).")
@click.option("--exclude-model", "excluded", multiple=True, help="Never route to this model (repeatable).")
@click.option("--strict-slo", is_flag=True,
              help="Hold the models serving a segment today to the SLO too (by default they stay allowed).")  # fmt: skip
@click.option("--integral", is_flag=True, help="One model per segment (MILP) instead of allowing traffic splits.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the bootstrap intervals.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@click.option("--export", "export", type=click.Choice(["policy", "litellm"]), default=None,
              help="Write the policy (Netra JSON/YAML) or a LiteLLM Router config.")  # fmt: skip
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File for --export (.yaml/.yml writes YAML, anything else JSON).")  # fmt: skip
def optimize(
    org_id: str,
    days: float,
    quality_floor: float,
    max_p95_ms: float | None,
    slos: tuple[str, ...],
    workload_floors: tuple[str, ...],
    max_quality_drop: float | None,
    batch_workloads: tuple[str, ...],
    providers: tuple[str, ...],
    excluded: tuple[str, ...],
    strict_slo: bool,
    integral: bool,
    seed: int,
    as_json: bool,
    export: str | None,
    out: Path | None,
) -> None:
    """Recommend a routing policy: cheapest at the quality floor and latency SLOs, with replayed savings."""
    from netra_core.commands.orgs import check_org_readable
    from netra_core.config import get_settings
    from netra_core.logs import configure_logging
    from netra_core.optimizer.policy import compute_litellm_config
    from netra_core.optimizer.report import compute_optimization, compute_report_dict
    from netra_core.optimizer.segments import PromptBuckets
    from netra_core.optimizer.solver import PolicyConstraints
    from netra_core.routing.opportunity import compute_per_prompt_routing
    from netra_core.stores import make_store
    from netra_core.workloads.eval_results import fetch_eval_frame
    from netra_core.workloads.segments import fetch_optimization_inputs

    if (export is None) != (out is None):
        raise ValidationError("--export and --out go together: --export policy|litellm --out FILE")
    constraints = PolicyConstraints(
        quality_floor=quality_floor,
        workload_floors=_pairs(workload_floors, "--workload-floor", lo=0, hi=1),
        max_p95_ms=max_p95_ms,
        workload_slo_ms=_pairs(slos, "--slo", lo=1, hi=float("inf")),
        allowed_providers=frozenset(providers) if providers else None,
        excluded_models=frozenset(excluded),
        is_current_exempt_from_slo=not strict_slo,
    )
    settings = get_settings()
    configure_logging(settings.log_level, as_json=settings.log_json)
    buckets = PromptBuckets()
    store = make_store(settings)
    try:
        with store.session() as client:
            check_org_readable(settings, client, org_id)
            inputs = fetch_optimization_inputs(client, org_id, days, buckets)
            evals = fetch_eval_frame(client, org_id)
    finally:
        store.close()
    candidates, prices_from = _candidates(settings, org_id)
    report = compute_optimization(
        org_id,
        inputs,
        candidates,
        constraints,
        buckets=buckets,
        batch_workloads=batch_workloads,
        is_integral=integral,
        max_quality_drop=max_quality_drop,
        seed=seed,
    )
    data = compute_report_dict(report)
    data["prices_from"] = prices_from
    # Where eval results cover several models on the same prompts, routing each prompt can beat any segment policy.
    data["per_prompt_routing"] = [p.as_dict() for p in compute_per_prompt_routing(evals, seed=seed)]
    if export is not None and out is not None:
        import yaml

        payload = report.policy.to_dict() if export == "policy" else compute_litellm_config(report.policy)
        is_yaml = out.suffix.lower() in {".yaml", ".yml"}
        text = yaml.safe_dump(payload, sort_keys=False) if is_yaml else json.dumps(payload, indent=2)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text)
        data["export"] = {"kind": export, "path": str(out)}
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    _print_report(data)
    if out is not None:
        click.echo(f"\nwrote the {export} export to {out}")


COMMANDS = [optimize]
