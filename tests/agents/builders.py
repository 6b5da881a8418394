"""Builders for the assistant's tests: a small deterministic event set, users in two orgs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session, sessionmaker

from netra_core.agents.context import AuthContext, fetch_auth_context
from netra_core.db.users import save_user
from netra_core.workloads.store import WorkloadStore

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # a Friday
WORKLOADS = {
    "support-bot": ("chat", ["gpt-4o", "gpt-4o-mini"]),
    "doc-summarizer": ("summarization", ["claude-3-5-haiku", "gpt-4o"]),
    "code-review": ("code", ["claude-3-5-sonnet"]),
    "search-rag": ("rag", ["gemini-2.0-flash", "gpt-4o-mini"]),
    "ticket-classifier": ("classification", ["llama-3.1-8b-instant"]),
    "sales-agent": ("agent", ["gpt-4o"]),
}
PROVIDERS = {
    "gpt-4o": "openai",
    "gpt-4o-mini": "openai",
    "claude-3-5-haiku": "anthropic",
    "claude-3-5-sonnet": "anthropic",
    "gemini-2.0-flash": "google",
    "llama-3.1-8b-instant": "groq",
}
KNOWN = {
    "workloads": sorted(WORKLOADS),
    "models": sorted(PROVIDERS),
    "providers": sorted(set(PROVIDERS.values())),
    "task_types": sorted({t for t, _ in WORKLOADS.values()}),
}


def make_events(
    org: str,
    n: int = 3000,
    *,
    seed: int = 0,
    days: int = 28,
    now: datetime = NOW,
    workloads: dict[str, tuple[str, list[str]]] | None = None,
) -> pd.DataFrame:
    """`n` events over the `days` before `now`, some failed, some repeated prompts, some batchable."""
    rng = np.random.default_rng(seed)
    spec = workloads or WORKLOADS
    names = list(spec)
    workload = rng.choice(names, n)
    model = [spec[w][1][int(rng.integers(len(spec[w][1])))] for w in workload]
    status = np.where(rng.random(n) < 0.04, "error", "ok")
    return pd.DataFrame(
        {
            "event_id": [f"{org}-{seed}-{i}" for i in range(n)],
            "ts": [now - timedelta(minutes=int(m)) for m in rng.integers(1, days * 24 * 60, n)],
            "workload": workload,
            "task_type": [spec[w][0] for w in workload],
            "user_id": [f"u{int(x)}" for x in rng.integers(0, 40, n)],
            "session_id": [f"s{int(x)}" for x in rng.integers(0, 600, n)],
            "provider": [PROVIDERS.get(m, "openai") for m in model],
            "model": model,
            "prompt_tokens": rng.integers(50, 4000, n),
            "completion_tokens": rng.integers(10, 800, n),
            "latency_ms": rng.gamma(2.0, 600.0, n),
            "ttft_ms": rng.gamma(2.0, 150.0, n),
            "cost_usd": rng.gamma(1.5, 0.01, n).round(6),
            "status": status,
            "error_type": np.where(status == "ok", "", rng.choice(["rate_limit", "timeout"], n)),
            "quality": rng.uniform(0.7, 1.0, n).round(3),
            "prompt_hash": [f"h{int(x)}" for x in rng.integers(0, n // 2, n)],
            "is_batch": 0,
            "metadata": [{"latency_insensitive": "true"} if w == "doc-summarizer" else {} for w in workload],
        }
    )


@dataclass
class AgentEnv:
    """An app database with users in two orgs and a workload store with both orgs' events."""

    session_factory: sessionmaker[Session]
    store: WorkloadStore

    def auth(self, username: str) -> AuthContext:
        """The context of a seeded user."""
        with self.session_factory() as session:
            return fetch_auth_context(session, username)


def seed_users(session_factory: sessionmaker[Session]) -> None:
    """admin/analyst/viewer in acme, one analyst in globex."""
    with session_factory.begin() as session:
        for name, org, role in (
            ("ada", "acme", "admin"),
            ("ana", "acme", "analyst"),
            ("vic", "acme", "viewer"),
            ("gus", "globex", "analyst"),
        ):
            save_user(session, username=name, password="a-long-enough-password", org_slug=org, role=role)
