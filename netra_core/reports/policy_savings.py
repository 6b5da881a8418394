"""The weekly report's "Policy savings: forecast vs realised" section (nothing at all when the org has no versions)."""

from __future__ import annotations

from datetime import datetime

from netra_core.config import Settings, get_settings
from netra_core.errors import UnknownOrgError
from netra_core.logs import get_logger
from netra_core.markup import escape_markdown as md
from netra_core.optimizer.ledger import PolicyLedger

HEADING = "## Policy savings: forecast vs realised"


log = get_logger("netra.reports")


def load_policy_ledger(org: str, until: datetime, settings: Settings | None = None) -> PolicyLedger | None:
    """The org's savings ledger up to `until`; None for an org the app database does not know (no versions), or
    when there is no app database to read (a report rendered over a store alone)."""
    from sqlalchemy.exc import SQLAlchemyError

    from netra_core.db.engine import make_session_factory
    from netra_core.services.policies import fetch_savings_ledger
    from netra_core.stores import make_app_engine, make_store

    s = settings or get_settings()
    engine = make_app_engine(s)
    store = make_store(s)
    try:
        return fetch_savings_ledger(store.session, make_session_factory(engine), org, until=until)
    except UnknownOrgError:
        return None
    except SQLAlchemyError as exc:  # no app database (or not migrated): no versions to report
        log.warning("policy savings left out of the report", extra={"org": org, "error": type(exc).__name__})
        return None
    finally:
        store.close()
        engine.dispose()


def _money(value: float | None) -> str:
    return "—" if value is None else f"${value:,.2f}"


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def policy_savings_md(ledger: PolicyLedger | None) -> str:
    """The section as Markdown, or "" when there is no version to show."""
    if ledger is None or not ledger.versions:
        return ""
    lines = [
        HEADING,
        "",
        "| Version | Status | Active | Forecast $/month (interval) | Realised $/month | Realised $ (share) | "
        "Requests (no baseline) | Fallbacks | Quality baseline → served |",
        "|---|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for v in ledger.versions:
        f, r = v.forecast, v.realised
        if v.activated_at is None:
            active = "never"
        elif v.retired_at is None:
            active = f"since {v.activated_at:%Y-%m-%d}"
        else:
            active = f"{v.activated_at:%Y-%m-%d} to {v.retired_at:%Y-%m-%d}"
        forecast = f"{_money(f.month_usd)} ({_money(f.month_lo_usd)} to {_money(f.month_hi_usd)})"
        if r is None:
            lines.append(f"| {v.version} | {md(v.status)} | {active} | {forecast} | — | — | — | — | — |")
            continue
        quality = (
            f"{r.quality_before:.3f} → {r.quality_after:.3f}"
            if r.quality_before is not None and r.quality_after is not None
            else "not measured"
        )
        lines.append(
            f"| {v.version} | {md(v.status)} | {active} | {forecast} | {_money(r.month_usd)} | "
            f"{_money(r.savings_usd)} ({_share(r.share)}) | {r.requests:,} ({r.no_baseline:,}) | "
            f"{_share(r.fallback_share)} | {quality} |"
        )
    lines += ["", md(ledger.definition), "", "Forecast: the replayed savings saved with each version when it was made."]
    return "\n".join(lines)
