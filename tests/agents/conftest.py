"""The assistant's fixtures, and the guard: no test may reach a network or a model other than our scripted one."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from netra_core.db.engine import make_engine, make_session_factory
from netra_core.db.migrate import upgrade_app_db
from netra_core.workloads.events import save_events
from netra_core.workloads.migrations import upgrade_store
from netra_core.workloads.store import WorkloadStore
from tests.agents.builders import AgentEnv, make_events, seed_users

# Base URLs of scripted model servers started by the running test; any other model endpoint is refused.
ALLOWED_MODEL_URLS: set[str] = set()


@pytest.fixture(autouse=True)
def _model_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Model clients pointed anywhere but a scripted server fail (tests/conftest.py refuses non-loopback sockets)."""
    import openai

    real_init = openai.OpenAI.__init__

    def guarded_init(self: Any, *args: Any, **kwargs: Any) -> None:
        base = str(kwargs.get("base_url") or "")
        if not any(base.startswith(url) for url in ALLOWED_MODEL_URLS):
            raise AssertionError(f"test tried to call a model at {base or 'the default OpenAI endpoint'}")
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(openai.OpenAI, "__init__", guarded_init)

    import anthropic

    real_anthropic_init = anthropic.Anthropic.__init__

    def guarded_anthropic_init(self: Any, *args: Any, **kwargs: Any) -> None:
        # The URL must be passed and allowed: without one the SDK would read ANTHROPIC_BASE_URL or a profile.
        base = str(kwargs.get("base_url") or "")
        if not any(base.startswith(url) for url in ALLOWED_MODEL_URLS):
            raise AssertionError(f"test tried to call a model at {base or 'the default Anthropic endpoint'}")
        real_anthropic_init(self, *args, **kwargs)

    monkeypatch.setattr(anthropic.Anthropic, "__init__", guarded_anthropic_init)
    yield
    ALLOWED_MODEL_URLS.clear()


def _seeded_env(root: Path, events: Callable[[], dict[str, Any]]) -> Iterator[AgentEnv]:
    """An app database with the test users and a store holding each org's events (built once, read-only)."""
    engine = make_engine(f"sqlite:///{root / 'app.db'}")
    upgrade_app_db(engine)
    factory = make_session_factory(engine)
    seed_users(factory)
    store = WorkloadStore(f"chdb://{root / 'workloads'}", lock_timeout_s=20)
    with store.session() as client:
        upgrade_store(client)
        for org, frame in events().items():
            save_events(client, org, frame)
    yield AgentEnv(factory, store)
    engine.dispose()


@pytest.fixture(scope="session")
def agent_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AgentEnv]:
    """One seeded app database and store for the module's read-only tests (writes go to fresh threads)."""
    yield from _seeded_env(
        tmp_path_factory.mktemp("agents"),
        lambda: {"acme": make_events("acme", 3000, seed=1), "globex": make_events("globex", 800, seed=2)},
    )


@pytest.fixture(scope="session")
def numbers_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AgentEnv]:
    """The number-checked sets' store: users in both orgs and 82 days of events for each (read-only)."""
    from tests.agents.question_set_numbers import EVENTS, make_number_events

    yield from _seeded_env(
        tmp_path_factory.mktemp("numbers"),
        lambda: {org: make_number_events(org, n, seed) for org, (n, seed) in EVENTS.items()},
    )
