"""Settings: the one place that reads the environment (NETRA_* variables and `.env`)."""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import AliasChoices, BaseModel, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from netra_core.errors import ConfigError

# Values seen in examples and docs; a production deployment must never run with one of them.
KNOWN_WEAK_COOKIE_KEYS = frozenset(
    {
        "some_key",
        "changeme",
        "change-me",
        "secret",
        "replace-me-with-at-least-32-random-bytes",
        "netra-demo-cookie-key-do-not-use-in-production",
    }
)
MIN_COOKIE_KEY_BYTES = 32
COOKIE_KEY_FILE = "cookie_key"


class GatewayUpstream(BaseModel):
    """One provider the gateway calls: an OpenAI-compatible base URL (Anthropic's /v1 serves both APIs) and its key."""

    base_url: str
    api_key: SecretStr | None = None

    @field_validator("base_url")
    @classmethod
    def _check_base_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ValueError(f"upstream base_url must be http(s)://host[:port]/path, got {value!r}")
        return value.rstrip("/")


class Settings(BaseSettings):
    """Everything Netra can be configured with; see the README's table."""

    model_config = SettingsConfigDict(env_prefix="NETRA_", env_file=".env", extra="ignore")

    env: Literal["development", "production", "test"] = "development"
    data_dir: Path = Path("data")
    database_url: str | None = Field(default=None, description="App database (SQLAlchemy URL)")
    workload_store_url: str | None = Field(
        default=None, description="chdb:///path for the embedded store, http(s)://user:pw@host:port/db for a server"
    )
    store_lock_timeout_s: float = Field(default=30.0, gt=0)
    store_query_timeout_s: float = Field(
        default=300.0, gt=0, description="Every workload-store read is stopped after this many seconds"
    )
    ingest_max_decompressed_mb: int = Field(
        default=8192, gt=0, description="Most bytes a compressed input file may expand to, in MiB (zip-bomb guard)"
    )
    ingest_max_future_hours: float = Field(
        default=24.0, gt=0, description="Events timestamped further ahead of now than this are rejected"
    )
    cookie_key: SecretStr | None = None
    cookie_name: str = "netra_auth"
    cookie_expiry_days: float = Field(default=7.0, gt=0)
    # One client's failures block that client for that username; the account-wide lockout is only a backstop
    # against guessing spread over many clients (a low one let anyone lock out an admin).
    client_max_failed_logins: int = Field(default=5, ge=1)
    client_lockout_minutes: int = Field(default=15, ge=1)
    max_failed_logins: int = Field(default=50, ge=1)
    lockout_minutes: int = Field(default=15, ge=1)
    app_host: str = "127.0.0.1"
    app_port: int = Field(default=8501, ge=1, le=65535)
    log_level: str = "INFO"
    log_json: bool = False
    llm_provider: Literal["none", "openai", "anthropic"] = "none"
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout_s: float = Field(default=60.0, gt=0)
    llm_max_tokens: int = Field(default=4096, gt=0, description="Most tokens one model reply may have")
    # The gateway (`netra gateway`): upstream providers come from here, never from the database.
    gateway_upstreams: dict[str, GatewayUpstream] = Field(
        default_factory=dict, description='JSON: {"openai": {"base_url": "...", "api_key": "..."}, ...}'
    )
    upstream_openai_base_url: str | None = None
    upstream_anthropic_base_url: str | None = None
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("NETRA_OPENAI_API_KEY", "OPENAI_API_KEY")
    )
    anthropic_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("NETRA_ANTHROPIC_API_KEY", "ANTHROPIC_API_KEY")
    )
    gateway_max_attempts: int = Field(
        default=3, ge=1, le=10, description="Upstream calls per request, fallbacks included"
    )
    gateway_deadline_s: float = Field(
        default=120.0, gt=0, description="Total time a request may take, fallbacks included"
    )
    gateway_attempt_timeout_s: float = Field(
        default=30.0, gt=0, description="Seconds one upstream call may wait for its first byte (and between bytes)"
    )
    gateway_policy_reload_s: float = Field(
        default=10.0, gt=0, description="How often each org's active policy is re-read"
    )
    gateway_key_cache_s: float = Field(
        default=30.0, gt=0, description="How long a verified key is trusted before re-checking"
    )
    gateway_default_max_tokens: int = Field(
        default=4096, gt=0, description="Completion tokens assumed for a budget estimate when the request sets no max"
    )
    gateway_max_shadows: int = Field(
        default=8, ge=0, le=1000, description="Shadow-trial calls in flight at once; more are dropped (0: no shadows)"
    )

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str | None) -> str | None:
        if value is None:
            return value
        scheme = urlsplit(value).scheme
        if not (scheme.startswith("sqlite") or scheme.startswith("postgresql")):
            raise ValueError(f"NETRA_DATABASE_URL must be sqlite:/// or postgresql+psycopg://, got scheme {scheme!r}")
        return value

    @field_validator("workload_store_url")
    @classmethod
    def _check_store_url(cls, value: str | None) -> str | None:
        if value is None:
            return value
        scheme = urlsplit(value).scheme
        if scheme not in {"chdb", "http", "https"}:
            raise ValueError(f"NETRA_WORKLOAD_STORE_URL must be chdb:///path or http(s)://..., got scheme {scheme!r}")
        return value

    @property
    def resolved_database_url(self) -> str:
        """The app database URL, defaulting to a SQLite file under the data dir."""
        return self.database_url or f"sqlite:///{(self.data_dir / 'netra.db').resolve()}"

    @property
    def resolved_store_url(self) -> str:
        """The workload store URL, defaulting to the embedded chdb store under the data dir."""
        return self.workload_store_url or f"chdb://{(self.data_dir / 'workloads').resolve()}"


def check_cookie_key(key: str, env: str) -> None:
    """Refuse a weak signing key in production; raise ConfigError with what to do."""
    if env != "production":
        return
    if len(key.encode()) < MIN_COOKIE_KEY_BYTES:
        raise ConfigError(
            f"NETRA_COOKIE_KEY is {len(key.encode())} bytes; production needs at least {MIN_COOKIE_KEY_BYTES}. "
            'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(48))"'
        )
    if key in KNOWN_WEAK_COOKIE_KEYS:
        raise ConfigError("NETRA_COOKIE_KEY is a published example value; set a random key of your own.")


def resolve_cookie_key(settings: Settings) -> SecretStr:
    """The cookie signing key: the configured one, else (outside production) one generated into the data dir."""
    if settings.cookie_key is not None:
        check_cookie_key(settings.cookie_key.get_secret_value(), settings.env)
        return settings.cookie_key
    if settings.env == "production":
        raise ConfigError("NETRA_COOKIE_KEY is not set; production needs a random key of at least 32 bytes.")
    path = settings.data_dir / COOKIE_KEY_FILE
    if path.exists():
        key = path.read_text().strip()
        if len(key.encode()) >= MIN_COOKIE_KEY_BYTES:
            return SecretStr(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # Written with 0600 so other local users cannot forge cookies.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return SecretStr(key)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once from the environment and `.env`."""
    try:
        return Settings()
    except Exception as exc:  # pydantic's ValidationError; re-raised in Netra's tree
        raise ConfigError(f"Invalid Netra settings: {exc}") from exc
