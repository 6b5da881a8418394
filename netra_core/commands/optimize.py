"""`netra optimize`: the recommended routing policy for an org, its savings with intervals, and the opportunities."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from netra_core.errors import ValidationError
from netra_core.optimizer.stages import Stage


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


def _print_report(data: dict[str, Any]) -> None:
    sol, rep, win, sav = data["plan_diagnostic"], data["replay"], data["window"], data["savings"]
    click.echo(
        f"org {data['org_id']}: {win['events']:,} events, {win['days']:g} days ending {str(win['end'])[:16]} "
        f"(figures per 30-day month; {data['prices_from']})"
    )
    level = round((sav["interval_level"] or 0.95) * 100)
    click.echo(
        f"saves {_money(sav['savings_window_usd'])} over the window ({(sav['savings_share'] or 0.0):.1%} of its spend): "
        f"{_money(sav['savings_month'])}/month, {level}% interval "
        f"{_money(sav['savings_month_lo'])} .. {_money(sav['savings_month_hi'])} "
        f"(spend now {_money(sav['current_cost_month'])}/month -> {_money(sav['policy_cost_month'])}/month)"
    )
    click.echo(f"  {sav['definition']}")
    if sav["prior_only_targets"]:
        click.echo(
            "  quality risk: no measured quality in your traffic (catalog prior only) for "
            + "; ".join(sav["prior_only_targets"])
        )
    cq = sol["current_quality"]
    click.echo(
        f"quality {'n/a' if cq is None else f'{cq:.3f}'} -> {sol['policy_quality']:.3f} (floor {sol['quality_floor']:.3f}); "
        f"replayed change {rep['quality_change']:+.3f} [{rep['quality_change_lo']:+.3f}, {rep['quality_change_hi']:+.3f}]"
    )
    if data["constraints"].get("pinned_workloads"):
        click.echo(
            f"  no allowed model brings {', '.join(data['constraints']['pinned_workloads'])} up to the floor of "
            f"{sol['quality_floor']:.3f}: kept on today's models"
        )
    click.echo("\nrouting policy (largest savings first):")
    for line in data["decisions"][:25]:
        click.echo(f"  {line}")
    if len(data["decisions"]) > 25:
        click.echo(f"  ... and {len(data['decisions']) - 25} more segments (see --json)")
    click.echo(
        "\nopportunities (the routing policy's row is the saving above; the others go beyond the policy): "
        "in turn on the spend the previous ones leave | alone on today's traffic"
    )
    for row in data["opportunity_rows"]:
        click.echo(
            f"  {row['kind']:<26} {_money(row['savings_month']):>12}/month "
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
@click.option(
    "--days",
    type=click.FloatRange(min=0.01),
    default=30.0,
    show_default=True,
    help="Window: the days ending at the org's latest event.",
)
@click.option(
    "--quality-floor",
    type=click.FloatRange(0, 1),
    default=None,
    help="Minimum expected quality (0-1) of every workload, not only of the traffic-weighted total; a workload "
    "no allowed model brings up to it keeps today's models. With neither this nor --max-quality-drop, "
    "no workload may lose expected quality.",
)
@click.option("--max-p95-ms", type=click.FloatRange(min=1), default=None, help="p95 latency SLO for every workload.")
@click.option("--slo", "slos", multiple=True, metavar="WORKLOAD=MS", help="p95 SLO of one workload (repeatable).")
@click.option(
    "--workload-floor",
    "workload_floors",
    multiple=True,
    metavar="WORKLOAD=Q",
    help="Quality floor of one workload (repeatable).",
)
@click.option(
    "--max-quality-drop",
    type=click.FloatRange(0, 1),
    default=None,
    help="Also keep each workload within this of its current expected quality.",
)
@click.option("--batch-workload", "batch_workloads", multiple=True, help="Workload that may use batch APIs.")
@click.option("--allow-provider", "providers", multiple=True, help="Only these providers (repeatable).")
@click.option("--exclude-model", "excluded", multiple=True, help="Never route to this model (repeatable).")
@click.option(
    "--strict-slo/--exempt-current-slo",
    "strict_slo",
    default=True,
    show_default=True,
    help="Hold the models serving a segment today to the SLO too, or keep them allowed.",
)
@click.option("--integral", is_flag=True, help="One model per segment (MILP) instead of allowing traffic splits.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the bootstrap intervals.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@click.option(
    "--export",
    "export",
    type=click.Choice(["policy", "litellm"]),
    default=None,
    help="Write the policy (Netra JSON/YAML) or a LiteLLM Router config.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File for --export (.yaml/.yml writes YAML, anything else JSON).",
)
@click.option(
    "--save-version",
    "save_version",
    is_flag=True,
    help="Save the policy as the org's next policy version (see `netra policy list`).",
)
@click.option("--activate", is_flag=True, help="With --save-version: also make it the active version.")
def optimize(
    org_id: str,
    days: float,
    quality_floor: float | None,
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
    save_version: bool,
    activate: bool,
) -> None:
    """Recommend a routing policy: cheapest at the quality floor and latency SLOs, with replayed savings."""
    from netra_core.commands.orgs import check_org_readable
    from netra_core.config import get_settings
    from netra_core.db.engine import make_session_factory
    from netra_core.logs import configure_logging
    from netra_core.optimizer.policy import compute_litellm_config, compute_litellm_yaml
    from netra_core.optimizer.report import compute_report_dict
    from netra_core.services.recommend import RecommendRequest, fetch_per_prompt_routing, recommend
    from netra_core.stores import make_app_engine, make_store

    if (export is None) != (out is None):
        raise ValidationError("--export and --out go together: --export policy|litellm --out FILE")
    if activate and not save_version:
        raise ValidationError("--activate goes with --save-version: --save-version --activate")
    request = RecommendRequest(
        org_id,
        days=days,
        quality_floor=quality_floor,
        max_quality_drop=max_quality_drop,
        workload_floors=_pairs(workload_floors, "--workload-floor", lo=0, hi=1),
        p95_limit_ms=max_p95_ms,
        workload_slo_ms=_pairs(slos, "--slo", lo=1, hi=float("inf")),
        is_current_exempt_from_slo=not strict_slo,
        allowed_providers=frozenset(providers) if providers else None,
        excluded_models=frozenset(excluded),
        batch_workloads=batch_workloads,
        is_integral=integral,
        seed=seed,
    )
    settings = get_settings()
    configure_logging(settings.log_level, as_json=settings.log_json)
    store = make_store(settings)
    engine = make_app_engine(settings)
    try:
        with store.session() as client:
            check_org_readable(settings, client, org_id)
        recommendation = recommend(
            request, store.session, make_session_factory(engine), progress=_tell_stage if _is_tty() else None
        )
        # Where eval results cover several models on the same prompts, routing each prompt can beat any segment policy.
        per_prompt = fetch_per_prompt_routing(store.session, org_id, seed=seed)
        saved = None
        if save_version:
            from netra_core.services.policies import save_policy

            saved = save_policy(
                make_session_factory(engine),
                org_id,
                recommendation.report.policy,
                note="netra optimize",
                actor="cli",
                activate=activate,
            )
    finally:
        engine.dispose()
        store.close()
    report = recommendation.report
    data = compute_report_dict(report)
    data["prices_from"] = recommendation.candidates.note
    data["per_prompt_routing"] = [p.as_dict() for p in per_prompt]
    if export is not None and out is not None:
        import yaml

        payload = report.policy.to_dict() if export == "policy" else compute_litellm_config(report.policy)
        is_yaml = out.suffix.lower() in {".yaml", ".yml"}
        text = yaml.safe_dump(payload, sort_keys=False) if is_yaml else json.dumps(payload, indent=2)
        if is_yaml and export == "litellm":
            text = compute_litellm_yaml(report.policy)  # the same config, with a warning comment on top when needed
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text)
        data["export"] = {"kind": export, "path": str(out)}
        if export == "litellm" and payload["netra_routing"].get("warnings"):
            data["export"]["warnings"] = payload["netra_routing"]["warnings"]
    if saved is not None:
        data["policy_version"] = {"version": saved.version, "status": saved.status}
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    _print_report(data)
    if out is not None:
        click.echo(f"\nwrote the {export} export to {out}")
        for warning in data["export"].get("warnings", []):
            click.echo(f"warning: {warning}", err=True)
    if saved is not None:
        click.echo(f"\nsaved as policy version {saved.version} ({saved.status}); `netra policy list --org {org_id}`")


def _is_tty() -> bool:
    return sys.stderr.isatty()


def _tell_stage(stage: Stage) -> None:
    """A long run's stage on stderr (a terminal only: scripts reading --json see nothing new)."""
    click.echo(f"{stage.label}…", err=True)


COMMANDS = [optimize]
