"""`netra policy save|list|show|activate|retire|trial`: an org's routing policy versions (what the gateway routes by)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from netra_core.db.policies import PolicyVersionInfo


@contextmanager
def app_sessions() -> Iterator[sessionmaker[Session]]:
    """Sessions on the configured app database, disposed afterwards."""
    from netra_core.config import get_settings
    from netra_core.db.engine import make_session_factory
    from netra_core.logs import configure_logging
    from netra_core.stores import make_app_engine

    settings = get_settings()
    configure_logging(settings.log_level, as_json=settings.log_json)
    engine = make_app_engine(settings)
    try:
        yield make_session_factory(engine)
    finally:
        engine.dispose()


def _when(moment: datetime | None) -> str:
    return "—" if moment is None else f"{moment:%Y-%m-%d %H:%M}"


def _money(value: Any) -> str:
    return "n/a" if not isinstance(value, int | float) else f"${value:,.2f}"


def forecast_text(forecast: dict[str, Any]) -> str:
    """'$120.00/month (95% interval $90.00 .. $150.00), 30.0% of spend' from a saved forecast."""
    if forecast.get("savings_month") is None:
        return "no forecast saved"
    share = forecast.get("savings_share")
    level = forecast.get("interval_level") or 0.95
    return (
        f"{_money(forecast['savings_month'])}/month ({level:.0%} interval {_money(forecast.get('savings_month_lo'))} "
        f".. {_money(forecast.get('savings_month_hi'))})" + (f", {share:.1%} of spend" if share is not None else "")
    )


def version_dict(info: PolicyVersionInfo, *, with_policy: bool = False) -> dict[str, Any]:
    """A version as plain JSON values (the policy itself only when asked)."""
    out: dict[str, Any] = {
        "org": info.org_slug,
        "version": info.version,
        "status": info.status,
        "note": info.note,
        "created_by": info.created_by,
        "created_at": info.created_at.isoformat(),
        "activated_at": None if info.activated_at is None else info.activated_at.isoformat(),
        "retired_at": None if info.retired_at is None else info.retired_at.isoformat(),
        "rules": len(info.policy.rules),
        "forecast": info.forecast,
    }
    if with_policy:
        out["policy"] = info.policy.to_dict()
    return out


def _line(info: PolicyVersionInfo) -> str:
    return (
        f"v{info.version:<4} {info.status:<8} created {_when(info.created_at)}  activated {_when(info.activated_at)}  "
        f"retired {_when(info.retired_at)}  forecast {forecast_text(info.forecast)}"
        + (f"  — {info.note}" if info.note else "")
    )


@click.group("policy")
def policy() -> None:
    """Routing policy versions: save one made by `netra optimize`, activate it for the gateway, retire it."""


@policy.command("save")
@click.option("--org", "org_slug", required=True, help="Org the policy is for.")
@click.option(
    "--from",
    "path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Policy file exported by `netra optimize --export policy` or the Optimize page (JSON or YAML).",
)
@click.option("--activate", is_flag=True, help="Also make it the active version (the gateway routes by it).")
@click.option("--note", default="", help="Why this version (kept with it).")
@click.option("--json", "as_json", is_flag=True)
def policy_save(org_slug: str, path: Path, activate: bool, note: str, as_json: bool) -> None:
    """Save a policy file as the org's next version, with the savings forecast it carries."""
    from netra_core.services.policies import save_policy_file

    with app_sessions() as sessions:
        info = save_policy_file(sessions, org_slug, path, note=note, actor="cli", activate=activate)
    if as_json:
        click.echo(json.dumps(version_dict(info), indent=2))
        return
    click.echo(
        f"saved {org_slug} policy version {info.version} ({info.status}): forecast {forecast_text(info.forecast)}"
    )
    if not activate:
        click.echo(f"activate it with `netra policy activate --org {org_slug} {info.version}`")


@policy.command("list")
@click.option("--org", "org_slug", required=True)
@click.option("--json", "as_json", is_flag=True)
def policy_list(org_slug: str, as_json: bool) -> None:
    """The org's versions, newest first, with status, dates and forecast."""
    from netra_core.services.policies import fetch_versions

    with app_sessions() as sessions:
        infos = fetch_versions(sessions, org_slug)
    if as_json:
        click.echo(json.dumps([version_dict(i) for i in infos], indent=2))
        return
    if not infos:
        click.echo(
            f"org {org_slug} has no policy versions; save one with `netra policy save --org {org_slug} --from FILE`"
        )
    for info in infos:
        click.echo(_line(info))


@policy.command("show")
@click.option("--org", "org_slug", required=True)
@click.argument("version", type=click.IntRange(min=1))
@click.option("--json", "as_json", is_flag=True, help="The version with its full policy.")
def policy_show(org_slug: str, version: int, as_json: bool) -> None:
    """One version: its forecast and its rules."""
    from netra_core.services.policies import fetch_version

    with app_sessions() as sessions:
        info = fetch_version(sessions, org_slug, version)
    if as_json:
        click.echo(json.dumps(version_dict(info, with_policy=True), indent=2))
        return
    click.echo(_line(info))
    if info.forecast.get("definition"):
        click.echo(f"  {info.forecast['definition']}")
    p = info.policy
    click.echo(f"default: {p.default.provider}/{p.default.model}; quality floor {p.quality_floor:.3f}")
    for rule in p.rules:
        targets = " + ".join(
            f"{t.provider}/{t.model}" + (f" ({t.share:.0%})" if len(rule.targets) > 1 else "") for t in rule.targets
        )
        click.echo(f"  {rule.workload}/{rule.task_type}/{rule.bucket} -> {targets}")
    for t in p.trials:
        click.echo(f"  trial {t.id}: {t.mode} {t.share:.1%} of {t.segment} -> {t.provider}/{t.model}")


@policy.command("activate")
@click.option("--org", "org_slug", required=True)
@click.argument("version", type=click.IntRange(min=1))
def policy_activate(org_slug: str, version: int) -> None:
    """Make VERSION the org's active policy; the one active before is retired."""
    from netra_core.services.policies import activate_policy

    with app_sessions() as sessions:
        info = activate_policy(sessions, org_slug, version, actor="cli")
    click.echo(f"{org_slug} policy version {info.version} is active since {_when(info.activated_at)} UTC")


@policy.command("retire")
@click.option("--org", "org_slug", required=True)
def policy_retire(org_slug: str) -> None:
    """Retire the active version: the gateway then passes requests through unrouted."""
    from netra_core.services.policies import retire_policy

    with app_sessions() as sessions:
        info = retire_policy(sessions, org_slug)
    if info is None:
        click.echo(f"org {org_slug} has no active policy version; nothing to retire")
        return
    click.echo(f"{org_slug} policy version {info.version} is retired; the gateway passes requests through")


@click.group("router")
def router() -> None:
    """Refine a version per prompt with a learned router: where a segment's rule allows several models (a split or
    a cascade), the gateway asks the router which of them each prompt should go to."""


@router.command("attach")
@click.option("--org", "org_slug", required=True)
@click.option("--version", type=click.IntRange(min=1), required=True)
@click.argument("artifact", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True)
def router_attach(org_slug: str, version: int, artifact: Path, as_json: bool) -> None:
    """Attach ARTIFACT (from `netra evaluate routing --save-router`; it holds pickled objects: attach only your own files)."""
    from netra_core.config import get_settings
    from netra_core.services.policies import attach_router

    with app_sessions() as sessions:
        info = attach_router(sessions, get_settings().data_dir, org_slug, version, artifact)
    ref = info.policy.learned_router
    assert ref is not None
    if as_json:
        click.echo(json.dumps({"org": org_slug, "version": version, "learned_router": asdict(ref)}, indent=2))
        return
    click.echo(
        f"{org_slug} policy version {version}: learned router {ref.name} ({ref.sha256[:12]}) attached; it chooses "
        f"among {', '.join(ref.models)} where a segment allows several of them"
    )


@router.command("rm")
@click.option("--org", "org_slug", required=True)
@click.option("--version", type=click.IntRange(min=1), required=True)
def router_rm(org_slug: str, version: int) -> None:
    """Route VERSION by its rules alone again."""
    from netra_core.services.policies import detach_router

    with app_sessions() as sessions:
        detach_router(sessions, org_slug, version)
    click.echo(f"{org_slug} policy version {version}: learned router detached; its rules alone route it")


def _add_subcommands() -> None:
    from netra_core.commands.trial import trial

    policy.add_command(trial)
    policy.add_command(router)


_add_subcommands()
COMMANDS = [policy]
