"""`netra doctor`: check the settings and both stores, and say exactly what is wrong."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from netra_core.config import Settings, resolve_cookie_key
from netra_core.db.migrate import fetch_app_db_revision, head_revision
from netra_core.errors import AppDatabaseError, NetraError
from netra_core.logs import redact
from netra_core.stores import make_app_engine, make_store
from netra_core.workloads.journal import remove_markers
from netra_core.workloads.migrations import pending_versions
from netra_core.workloads.recovery import recover_unfinished
from netra_core.workloads.rollups import fetch_rollup_drift

# Shown when the roll-ups disagree with the raw events: at most this many org-days, then a count.
MAX_DRIFT_SHOWN = 5


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report."""

    name: str
    ok: bool
    detail: str
    ms: float

    def as_dict(self) -> dict[str, object]:
        """For --json."""
        return asdict(self)


def _timed(name: str, fn) -> Check:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    try:
        detail = fn()
        ok = True
    except NetraError as exc:
        ok, detail = False, str(exc)
    except SQLAlchemyError as exc:
        ok, detail = False, redact(f"{exc.__class__.__name__}: {getattr(exc, 'orig', None) or exc}")
    return Check(name=name, ok=ok, detail=str(detail), ms=round((time.perf_counter() - started) * 1000, 1))


def check_settings(settings: Settings) -> str:
    """The cookie key is usable (strong enough in production)."""
    resolve_cookie_key(settings)
    return f"env={settings.env}, llm_provider={settings.llm_provider}"


def check_app_db(settings: Settings) -> str:
    """The app database answers and is at the newest migration."""
    engine = make_app_engine(settings)
    where = redact(settings.resolved_database_url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        current, head = fetch_app_db_revision(engine), head_revision(engine)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise AppDatabaseError(
            f"cannot reach the app database at {where}: {reason}. Is the server running? Check NETRA_DATABASE_URL."
        ) from exc
    finally:
        engine.dispose()
    if current != head:
        raise NetraError(f"app database {where} is at revision {current}, code expects {head}: run `netra db upgrade`")
    return f"{where} at revision {current}"


def check_store(settings: Settings, timeout_s: float) -> str:
    """The workload store opens within the timeout and has every migration."""
    store = make_store(settings)
    try:
        with store.session(timeout_s=timeout_s) as client:
            pending = pending_versions(client)
    finally:
        store.close()
    if pending:
        raise NetraError(f"workload store ({store.describe()}) lacks migrations {pending}: run `netra db upgrade`")
    return store.describe()


def check_collector(settings: Settings) -> str:
    """The counters of the last `netra collect` run here; fails when requests wait in a stopped collector's spool."""
    from netra_core.collector.status import describe_status, fetch_status, status_path

    status = fetch_status(status_path(settings.data_dir))
    if status is None:
        return "no collector has run"
    healthy, line = describe_status(status)
    if not healthy:
        raise NetraError(line)
    return line


def check_writes(settings: Settings, timeout_s: float) -> str:
    """Roll back writes a dead process left unfinished, then compare the roll-ups with the raw events."""
    store = make_store(settings)
    store.recover_writes = False  # recovered below, so the report can say what was found
    try:
        with store.session(timeout_s=timeout_s) as client:
            if pending_versions(client):
                return "skipped until the workload store is migrated"
            recovered = recover_unfinished(client, is_exclusive=store.is_embedded)
            if store.write_markers is not None:
                remove_markers(store.write_markers, keep=set())
            drift = fetch_rollup_drift(client)
    finally:
        store.close()
    found = "".join(
        f"; rolled back an unfinished {op.kind} of org {op.org_id} ({op.rows_deleted:,} rows)"
        if op.kind == "ingest"
        else f"; redid an unfinished roll-up rebuild of org {op.org_id}"
        for op in recovered
    )
    if drift:
        shown = "; ".join(d.describe() for d in drift[:MAX_DRIFT_SHOWN])
        more = f" (and {len(drift) - MAX_DRIFT_SHOWN} more)" if len(drift) > MAX_DRIFT_SHOWN else ""
        orgs = sorted({d.org_id for d in drift})
        fix = " && ".join(f"netra db rebuild-rollups --org {o}" for o in orgs[:3])
        raise NetraError(f"roll-ups differ from the raw events on {len(drift)} org-day(s): {shown}{more}. Run: {fix}")
    return "roll-ups match the raw events" + found


def run_doctor(settings: Settings, store_timeout_s: float | None = None) -> list[Check]:
    """Every check, in order; a failing check does not stop the others (the collector's only once one has run)."""
    from netra_core.collector.status import status_path

    timeout = settings.store_lock_timeout_s if store_timeout_s is None else store_timeout_s
    checks = [
        _timed("settings", lambda: check_settings(settings)),
        _timed("app_database", lambda: check_app_db(settings)),
        _timed("workload_store", lambda: check_store(settings, timeout)),
        _timed("writes", lambda: check_writes(settings, timeout)),
    ]
    if status_path(settings.data_dir).exists():
        checks.append(_timed("collector", lambda: check_collector(settings)))
    return checks
