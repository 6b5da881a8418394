"""`netra policy trial add|list|rm|results`: canary and shadow trials of a policy version, and what they measured."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING

import click

from netra_core.commands.policy import app_sessions

if TYPE_CHECKING:
    from netra_core.optimizer.trial_results import Side, TrialResult
    from netra_core.optimizer.trials import Trial


def _trial_line(t: Trial) -> str:
    return f"{t.id:<4} {t.mode:<6} {t.share:>6.1%} of {t.segment:<28} -> {t.candidate}" + (
        f"  — {t.note}" if t.note else ""
    )


def _num(value: float, fmt: str) -> str:
    return "n/a" if math.isnan(value) else format(value, fmt)


def _side(side: Side) -> str:
    return (
        f"p50 {_num(side.latency_p50_ms, ',.0f')} ms, p95 {_num(side.latency_p95_ms, ',.0f')} ms, "
        f"${_num(side.cost_per_request_usd, ',.6f')}/request"
    )


def _result_lines(r: TrialResult) -> list[str]:
    lines = [
        _trial_line(r.trial),
        f"     requests {r.requests}, candidate errors {r.candidate_errors} ({_num(r.error_rate * 100, '.1f')}%)",
        f"     candidate: {_side(r.candidate)}",
        f"     primary:   {_side(r.primary)} (over {r.primary.requests} requests)",
        f"     cost change {_num(r.cost_change * 100, '+.1f')}%",
    ]
    if r.trial.mode == "shadow":
        lines.append(
            f"     agreement {_num(r.agreement_mean, '.3f')} over {r.agreement_pairs} pairs "
            f"(word-set Jaccard); shadow spend ${r.extra_spend_usd:,.6f}"
        )
    return lines


@click.group("trial")
def trial() -> None:
    """Try a candidate model on a share of a segment's traffic before trusting it (canary: it serves; shadow: it
    answers in the background, never to the client)."""


@trial.command("add")
@click.option("--org", "org_slug", required=True)
@click.option("--version", type=click.IntRange(min=1), required=True, help="Policy version the trial belongs to.")
@click.option("--segment", required=True, help="workload/task_type/bucket; any part may be * (support/*/*).")
@click.option("--model", required=True, help="Candidate as provider/model, e.g. openai/gpt-4o-mini.")
@click.option("--mode", type=click.Choice(["canary", "shadow"]), required=True)
@click.option("--share", type=float, required=True, help="Share of the segment's requests, in (0, 1].")
@click.option("--note", default="", help="Why this trial (kept with it).")
@click.option("--json", "as_json", is_flag=True)
def trial_add(
    org_slug: str, version: int, segment: str, model: str, mode: str, share: float, note: str, as_json: bool
) -> None:
    """Attach a trial to VERSION (the gateway applies it while the version is active)."""
    from netra_core.services.trials import add_trial

    with app_sessions() as sessions:
        info, added = add_trial(
            sessions, org_slug, version, segment=segment, model=model, mode=mode, share=share, note=note
        )
    if as_json:
        click.echo(json.dumps({"org": org_slug, "version": version, **added.to_dict()}, indent=2))
        return
    click.echo(f"{org_slug} policy version {version}: added trial {_trial_line(added)}")
    if not info.is_active:
        click.echo(f"version {version} is {info.status}: the trial runs once it is activated")


@trial.command("list")
@click.option("--org", "org_slug", required=True)
@click.option("--version", type=click.IntRange(min=1), required=True)
@click.option("--json", "as_json", is_flag=True)
def trial_list(org_slug: str, version: int, as_json: bool) -> None:
    """The version's trials."""
    from netra_core.services.trials import fetch_trials

    with app_sessions() as sessions:
        trials = fetch_trials(sessions, org_slug, version)
    if as_json:
        click.echo(json.dumps([t.to_dict() for t in trials], indent=2))
        return
    if not trials:
        click.echo(f"{org_slug} policy version {version} has no trials; add one with `netra policy trial add`")
    for t in trials:
        click.echo(_trial_line(t))


@trial.command("rm")
@click.option("--org", "org_slug", required=True)
@click.option("--version", type=click.IntRange(min=1), required=True)
@click.argument("trial_id")
def trial_rm(org_slug: str, version: int, trial_id: str) -> None:
    """Stop trial TRIAL_ID (its events and eval rows are kept)."""
    from netra_core.services.trials import remove_trial

    with app_sessions() as sessions:
        remove_trial(sessions, org_slug, version, trial_id)
    click.echo(f"{org_slug} policy version {version}: removed trial {trial_id}")


@trial.command("results")
@click.option("--org", "org_slug", required=True)
@click.option("--version", type=click.IntRange(min=1), required=True)
@click.option("--json", "as_json", is_flag=True)
def trial_results(org_slug: str, version: int, as_json: bool) -> None:
    """Per trial: requests, candidate errors, latency p50/p95 and cost per request beside the primary's, agreement."""
    from netra_core.config import get_settings
    from netra_core.services.trials import fetch_trial_results
    from netra_core.stores import make_store

    store = make_store(get_settings())
    try:
        with app_sessions() as sessions:
            results = fetch_trial_results(store.session, sessions, org_slug, version)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in results], indent=2))
        return
    if not results:
        click.echo(f"{org_slug} policy version {version} has no trials")
    for r in results:
        click.echo("\n".join(_result_lines(r)))
