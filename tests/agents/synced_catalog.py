"""The full supply catalog loaded into a test app database the way `netra up` loads it (every genai-prices model).

The shared agent fixtures use an app database that was never synced (the built-in table); questions about model
names and prices must also hold against the ~2,000 models a real install has.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session, sessionmaker

from netra_core.agents.names import clear_known_names
from netra_core.cli import seed_catalog
from netra_core.db.engine import make_engine, make_session_factory
from netra_core.db.migrate import upgrade_app_db
from netra_core.db.models import SupplyModel
from tests.agents.builders import AgentEnv, seed_users
from tests.conftest import _require_pg, throwaway_pg_database


def load_synced_catalog(session_factory: sessionmaker[Session]) -> int:
    """Load the catalog as `netra up` does on a new install; returns the number of models in it."""
    with session_factory.begin() as session:
        seed_catalog(session)
    with session_factory() as session:
        return session.query(SupplyModel).count()


@contextmanager
def make_synced_env(agent_env: AgentEnv) -> Iterator[AgentEnv]:
    """A PostgreSQL app database with users in two orgs and the full catalog, over the shared workload store."""
    _require_pg()
    with throwaway_pg_database() as url:
        engine = make_engine(url)
        upgrade_app_db(engine)
        factory = make_session_factory(engine)
        seed_users(factory)
        load_synced_catalog(factory)
        clear_known_names()
        yield AgentEnv(factory, agent_env.store)
        clear_known_names()
        engine.dispose()
