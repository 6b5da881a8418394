"""Builders shared by the gateway tests: a live in-process gateway over real stores and a scripted upstream."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from netra_core.db.engine import make_engine, make_session_factory
from netra_core.db.keys import save_api_key
from netra_core.db.orgs import save_org
from netra_core.db.policies import save_policy_version
from netra_core.gateway.hooks import BudgetGuard
from netra_core.gateway.service import Gateway, GatewayOptions
from netra_core.optimizer.policy import Cascade, RouteRule, RouteTarget, RoutingPolicy
from netra_core.optimizer.segments import PromptBuckets
from netra_core.workloads.store import WorkloadStore, query_rows
from tests.conftest import make_test_settings
from tests.gateway_upstream import ScriptedUpstream, run_upstream, serve_in_thread


def make_policy(org: str, chat_model: str = "gpt-4o-mini", chat_provider: str = "openai") -> RoutingPolicy:
    """support/chat/short -> `chat_model`; support/summarize/short is a cascade; everything else -> gpt-4o."""
    return RoutingPolicy(
        org_id=org,
        quality_floor=0.9,
        buckets=PromptBuckets(),
        rules=(
            RouteRule("support", "chat", "short", (RouteTarget(chat_provider, chat_model),), requests=100),
            RouteRule(
                "support",
                "summarize",
                "short",
                (RouteTarget("openai", "gpt-4o-mini"),),
                requests=50,
                cascade=Cascade("openai", "gpt-4o-mini", "anthropic", "claude-3-5-sonnet", 0.2),
            ),
        ),
        default=RouteTarget("openai", "gpt-4o"),
    )


@dataclass
class LiveGateway:
    """A gateway serving on 127.0.0.1 in this process, and the keys of its orgs."""

    gateway: Gateway
    url: str
    keys: dict[str, str]
    engine: Engine
    upstream: ScriptedUpstream
    store: WorkloadStore
    orgs: dict[str, str] = field(default_factory=dict)  # a test's org name -> its slug in the shared database

    def slug(self, org: str) -> str:
        """The org's slug in the database."""
        return self.orgs.get(org, org)

    def add_orgs(self, *names: str, suffix: str = "") -> None:
        """Create orgs (slug `<name><suffix>`), each with a key named 'support'."""
        with make_session_factory(self.engine).begin() as s:
            for name in names:
                self.orgs[name] = f"{name}{suffix}"
                save_org(s, self.orgs[name])
                self.keys[name] = save_api_key(s, self.orgs[name], "support").token

    def activate(self, org: str, policy: RoutingPolicy) -> int:
        """Save and activate a policy version for the org (committed); returns its number."""
        with make_session_factory(self.engine).begin() as s:
            fitted = replace(policy, org_id=self.slug(org))
            return save_policy_version(s, self.slug(org), fitted, activate=True).version

    def events(self, org: str = "acme") -> list[dict[str, Any]]:
        """Write what is spooled, then read the org's gateway events, oldest first.

        An SDK returns at a stream's `[DONE]`, which can be before the gateway has read the upstream's
        end and recorded the call: wait (up to 5 s) until no call is in flight first.
        """
        deadline = time.monotonic() + 5
        while self.gateway.spool.in_flight and time.monotonic() < deadline:
            time.sleep(0.01)
        self.gateway.writer.flush()
        cols = [
            "event_id",
            "ts",
            "workload",
            "task_type",
            "user_id",
            "provider",
            "model",
            "prompt_tokens",
            "completion_tokens",
            "cached_tokens",
            "latency_ms",
            "ttft_ms",
            "cost_usd",
            "cost_source",
            "status",
            "error_type",
            "prompt_hash",
            "metadata",
            "source",
            "usage_known",
        ]
        with self.store.session() as c:
            rows = query_rows(
                c,
                f"SELECT {', '.join(cols)} FROM workload_events FINAL WHERE org_id = {{org:String}} ORDER BY ts",
                {"org": self.slug(org)},
            )
        return [dict(zip(cols, r, strict=True)) for r in rows]


@contextmanager
def live_gateway(
    tmp_path: Path,
    store: WorkloadStore,
    upstream: ScriptedUpstream,
    *,
    database_url: str | None = None,
    orgs: tuple[str, ...] = ("acme", "globex"),
    guard: BudgetGuard | None = None,
    **settings: Any,
) -> Iterator[LiveGateway]:
    """Orgs and keys in a migrated app database, a gateway over them pointed at `upstream`, served for the block."""
    from netra_core.db.migrate import upgrade_app_db

    url = database_url or f"sqlite:///{tmp_path / 'app.db'}"
    engine = make_engine(url)
    upgrade_app_db(engine)
    values: dict[str, Any] = {
        "database_url": url,
        "gateway_upstreams": {
            "openai": {"base_url": upstream.base_url, "api_key": "sk-upstream-openai"},
            "anthropic": {"base_url": upstream.base_url, "api_key": "sk-upstream-anthropic"},
        },
        "gateway_attempt_timeout_s": 1.0,
        "gateway_policy_reload_s": 0.2,
        "gateway_key_cache_s": 0.3,
        **settings,
    }
    gw = Gateway(
        make_test_settings(tmp_path / "data", **values),
        GatewayOptions(spool_dir=tmp_path / "spool"),
        guard=guard,
        store=store,
    )
    try:
        with serve_in_thread(gw.app) as base:
            live = LiveGateway(gw, f"{base}/v1", {}, engine, upstream, store)
            live.add_orgs(*orgs)
            yield live
    finally:
        gw.close()
        engine.dispose()


@contextmanager
def module_gateway(root: Path, **settings: Any) -> Iterator[LiveGateway]:
    """One gateway, app database, store and scripted upstream shared by a test module (no orgs yet)."""
    from netra_core.workloads.migrations import upgrade_store

    store = WorkloadStore(f"chdb://{root / 'workloads'}", lock_timeout_s=20)
    with store.session() as client:
        upgrade_store(client)
    with run_upstream() as up, live_gateway(root, store, up, orgs=(), **settings) as gw:
        yield gw


def reset_for_test(shared: LiveGateway, test_id: str) -> LiveGateway:
    """The shared gateway with no scripts, no recorded requests, and orgs acme and globex of this test's own."""
    shared.upstream.scripts.clear()
    shared.upstream.requests.clear()
    shared.keys.clear()
    shared.orgs.clear()
    shared.add_orgs("acme", "globex", suffix=f"-{abs(hash(test_id)) % 10**8}")
    return shared


def run_coroutine(coroutine: Any) -> Any:
    """`asyncio.run` in a thread of its own: a test run that drove the browser (Playwright's sync API) leaves an
    event loop running in the main thread, where asyncio.run refuses to start another."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
