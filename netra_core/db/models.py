"""The app database's tables as SQLAlchemy 2 typed models."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from netra_core.db.types import UTCDateTime, utcnow
from netra_core.roles import Role

RUN_STATUSES = ("queued", "running", "succeeded", "failed")
REFERENCE_KINDS = ("filter", "segment", "policy", "report")

# A naming convention so Alembic's batch mode on SQLite can name and drop constraints.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _uuid() -> str:
    return str(uuid.uuid4())


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class Org(Base):
    __tablename__ = "orgs"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    users: Mapped[list[User]] = relationship(back_populates="org")


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(_in("role", tuple(r.value for r in Role)), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id", ondelete="CASCADE"), index=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254), default="")
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16), default=Role.VIEWER.value)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(default=None)

    org: Mapped[Org] = relationship(back_populates="users")


class AuthSession(Base):
    """A signed-in browser session; revoking it ends the session even if the cookie survives."""

    __tablename__ = "auth_sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_uuid)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_reason: Mapped[str | None] = mapped_column(String(64), default=None)


class Thread(Base):
    __tablename__ = "threads"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="New conversation")
    state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (CheckConstraint(_in("role", ("user", "assistant", "system")), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Run(Base):
    __tablename__ = "runs"
    __table_args__ = (CheckConstraint(_in("status", RUN_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), default=None)
    kind: Mapped[str] = mapped_column(String(32), default="assistant")
    status: Mapped[str] = mapped_column(String(16), default="queued")
    steps: Mapped[list[Any]] = mapped_column(default=list)
    usage: Mapped[dict[str, Any]] = mapped_column(default=dict)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)


class Reference(Base):
    """A named artifact a user can cite with @name: a saved filter/segment, a policy, a report."""

    __tablename__ = "references"
    __table_args__ = (
        UniqueConstraint("org_id", "name", name="uq_references_org_name"),
        CheckConstraint(_in("kind", REFERENCE_KINDS), name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SupplyModel(Base):
    """One model offered by a provider (or self-hosted by an org), with its profile."""

    __tablename__ = "supply_catalog"
    __table_args__ = (UniqueConstraint("provider", "model", "org_id", name="uq_supply_catalog_provider_model_org"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id", ondelete="CASCADE"), default=None)
    provider: Mapped[str] = mapped_column(String(64))
    model: Mapped[str] = mapped_column(String(128))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    context_window: Mapped[int | None] = mapped_column(Integer, default=None)
    ttft_ms: Mapped[float | None] = mapped_column(Float, default=None)
    output_tokens_per_s: Mapped[float | None] = mapped_column(Float, default=None)
    latency_source: Mapped[str] = mapped_column(String(200), default="")
    quality: Mapped[dict[str, Any]] = mapped_column(default=dict)
    is_custom: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    prices: Mapped[list[ModelPrice]] = relationship(back_populates="supply_model", cascade="all, delete-orphan")


class ModelPrice(Base):
    """A price in effect from `effective_from` until `effective_to` (open-ended when null).

    `org_id` null: the catalog's price, seen by every org (synced, or an operator's correction).
    `org_id` set: that org's own price (an admin's override, or a custom model's price), seen by it alone.
    """

    __tablename__ = "model_prices"

    id: Mapped[int] = mapped_column(primary_key=True)
    supply_model_id: Mapped[int] = mapped_column(ForeignKey("supply_catalog.id", ondelete="CASCADE"), index=True)
    org_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id", ondelete="CASCADE"), index=True, default=None)
    input_per_mtok: Mapped[float] = mapped_column(Float)
    output_per_mtok: Mapped[float] = mapped_column(Float)
    cached_input_per_mtok: Mapped[float | None] = mapped_column(Float, default=None)
    batch_discount: Mapped[float | None] = mapped_column(Float, default=None)
    effective_from: Mapped[datetime]
    effective_to: Mapped[datetime | None] = mapped_column(default=None)
    source: Mapped[str] = mapped_column(String(200), default="")
    # Cache writes (5-minute, 1-hour), long-context tiers ([{start, input_per_mtok, ...}]) and the service tier
    # this row prices ('' standard, 'batch', 'flex', 'priority'); see catalog/pricing.py.
    cache_write_per_mtok: Mapped[float | None] = mapped_column(Float, default=None)
    cache_write_1h_per_mtok: Mapped[float | None] = mapped_column(Float, default=None)
    tiers: Mapped[list[Any]] = mapped_column(default=list)
    service_tier: Mapped[str] = mapped_column(String(16), default="")
    # Audio tokens (input, cached input, output); unset ones fall back as catalog/pricing.py says.
    audio_input_per_mtok: Mapped[float | None] = mapped_column(Float, default=None)
    audio_cached_input_per_mtok: Mapped[float | None] = mapped_column(Float, default=None)
    audio_output_per_mtok: Mapped[float | None] = mapped_column(Float, default=None)
    # Image tokens (input, output); unset ones are the text prices (catalog/pricing.py).
    image_input_per_mtok: Mapped[float | None] = mapped_column(Float, default=None)
    image_cached_per_mtok: Mapped[float | None] = mapped_column(Float, default=None)
    image_output_per_mtok: Mapped[float | None] = mapped_column(Float, default=None)

    supply_model: Mapped[SupplyModel] = relationship(back_populates="prices")


class ReportSchedule(Base):
    """A report notebook to render for an org on a cron schedule (UTC)."""

    __tablename__ = "report_schedules"
    __table_args__ = (UniqueConstraint("org_id", "report", "cron", name="uq_report_schedules_org_report_cron"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id", ondelete="CASCADE"), index=True)
    report: Mapped[str] = mapped_column(String(100))
    cron: Mapped[str] = mapped_column(String(100))
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_run_at: Mapped[datetime]
    last_run_at: Mapped[datetime | None] = mapped_column(default=None)
    last_status: Mapped[str | None] = mapped_column(String(16), default=None)


class ApiKey(Base):
    """An org's ingest (and later API) key: only a SHA-256 hash and a display prefix are stored."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)


class WorkloadSetting(Base):
    """An org's setting for one of its workloads: today its p95 latency SLO, set on the Workloads page."""

    __tablename__ = "workload_settings"
    __table_args__ = (
        UniqueConstraint("org_id", "workload", name="uq_workload_settings_org_workload"),
        CheckConstraint("p95_slo_ms > 0", name="p95_slo_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id", ondelete="CASCADE"), index=True)
    workload: Mapped[str] = mapped_column(String(200))
    p95_slo_ms: Mapped[int] = mapped_column(Integer)
    updated_by: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


POLICY_STATUSES = ("draft", "active", "retired")
BUDGET_SCOPES = ("org", "workload", "user", "key")
BUDGET_PERIODS = ("daily", "weekly", "monthly")
ALERT_KINDS = ("soft_limit", "hard_limit", "runs_out", "spend_anomaly", "error_anomaly")


class PolicyVersion(Base):
    """One saved routing policy of an org: the policy JSON, the savings forecast made with it, and when it was live.

    At most one version per org is `active` at a time (the gateway routes by it); activating another retires it.
    """

    __tablename__ = "policy_versions"
    __table_args__ = (
        UniqueConstraint("org_id", "version", name="uq_policy_versions_org_version"),
        CheckConstraint(_in("status", POLICY_STATUSES), name="status_valid"),
        CheckConstraint("version > 0", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    # RoutingPolicy.to_dict(); its summary holds the forecast as it was when the version was made.
    policy: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # optimizer/savings.py Savings.as_dict() at creation: the forecast the ledger sets realised savings beside.
    forecast: Mapped[dict[str, Any]] = mapped_column(default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    activated_at: Mapped[datetime | None] = mapped_column(default=None)
    retired_at: Mapped[datetime | None] = mapped_column(default=None)


class Budget(Base):
    """A spend limit on an org, or one of its workloads, users or API keys, per day, week or month (UTC).

    `soft_limit_usd` alerts (webhook and app); `hard_limit_usd` makes the gateway refuse with 429 until the
    window ends. Either may be unset, not both.
    """

    __tablename__ = "budgets"
    __table_args__ = (
        UniqueConstraint("org_id", "scope", "scope_value", "period", name="uq_budgets_org_scope_period"),
        CheckConstraint(_in("scope", BUDGET_SCOPES), name="scope_valid"),
        CheckConstraint(_in("period", BUDGET_PERIODS), name="period_valid"),
        CheckConstraint("soft_limit_usd IS NULL OR soft_limit_usd > 0", name="soft_positive"),
        CheckConstraint("hard_limit_usd IS NULL OR hard_limit_usd > 0", name="hard_positive"),
        CheckConstraint("soft_limit_usd IS NOT NULL OR hard_limit_usd IS NOT NULL", name="has_a_limit"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    scope: Mapped[str] = mapped_column(String(16))
    # '' for an org-wide budget; else the workload name, user id or API key prefix.
    scope_value: Mapped[str] = mapped_column(String(200), default="")
    period: Mapped[str] = mapped_column(String(16))
    soft_limit_usd: Mapped[float | None] = mapped_column(Float, default=None)
    hard_limit_usd: Mapped[float | None] = mapped_column(Float, default=None)
    # A Slack-compatible incoming-webhook URL; alerts are also kept in budget_alerts for the app.
    webhook_url: Mapped[str | None] = mapped_column(String(500), default=None)
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BudgetAlert(Base):
    """An alert raised once per budget, kind and window (or per anomaly and hour), kept for the app."""

    __tablename__ = "budget_alerts"
    __table_args__ = (
        UniqueConstraint("org_id", "dedupe_key", name="uq_budget_alerts_org_dedupe"),
        CheckConstraint(_in("kind", ALERT_KINDS), name="kind_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id", ondelete="CASCADE"), index=True)
    budget_id: Mapped[int | None] = mapped_column(ForeignKey("budgets.id", ondelete="CASCADE"), default=None)
    kind: Mapped[str] = mapped_column(String(32))
    # e.g. 'budget:3:soft_limit:2026-12-01' — the same alert is never raised twice.
    dedupe_key: Mapped[str] = mapped_column(String(200))
    window_start: Mapped[datetime | None] = mapped_column(default=None)
    message: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(default=None)
    delivery_error: Mapped[str | None] = mapped_column(Text, default=None)


class BillReconciliation(Base):
    """A provider's bill compared with what Netra recorded (`netra reconcile`, the Data page), kept for the app and
    the weekly report: the coverage and the totals, and the per day-and-model rows."""

    __tablename__ = "reconciliations"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(255), default="")
    providers: Mapped[str] = mapped_column(String(200), default="")  # comma-separated
    first_day: Mapped[datetime]
    last_day: Mapped[datetime]
    invoice_usd: Mapped[float] = mapped_column(Float)
    netra_usd: Mapped[float] = mapped_column(Float)
    coverage: Mapped[float] = mapped_column(Float)
    # [{day, provider, model, invoice_usd, netra_usd, difference_usd, cause}, ...]
    rows: Mapped[list[Any]] = mapped_column(default=list)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OptimizerRun(Base):
    """One run of the optimizer from the Optimize page: its parameters, who ran it and when, its headline savings
    and quality change, and the policy version saved from it (if one was)."""

    __tablename__ = "optimizer_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id", ondelete="CASCADE"), index=True)
    # The page's parameters as its URL holds them (netra_app/optimize_state.py), so a run can be opened again.
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    window_usd: Mapped[float] = mapped_column(Float)
    month_usd: Mapped[float] = mapped_column(Float)
    month_lo_usd: Mapped[float] = mapped_column(Float)
    month_hi_usd: Mapped[float] = mapped_column(Float)
    share: Mapped[float | None] = mapped_column(Float, default=None)
    level: Mapped[float] = mapped_column(Float)
    quality_change: Mapped[float | None] = mapped_column(Float, default=None)
    quality_change_lo: Mapped[float | None] = mapped_column(Float, default=None)
    quality_change_hi: Mapped[float | None] = mapped_column(Float, default=None)
    policy_version: Mapped[int | None] = mapped_column(Integer, default=None)
