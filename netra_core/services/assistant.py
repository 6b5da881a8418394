"""Choose the assistant's supervisor: the LLM supervisor when a model is configured, else the offline planner.

The chat page and `netra ask` both call `make_supervisor`, so the same settings give the same assistant.
"""

from __future__ import annotations

from collections.abc import Callable

from netra_core.agents.providers import make_provider
from netra_core.agents.supervisor import Answer, run_offline
from netra_core.config import Settings

Supervisor = Callable[..., Answer]


def make_supervisor(settings: Settings, *, on_text: Callable[[str], None] | None = None) -> Supervisor:
    """The supervisor for these settings: `run_offline` with NETRA_LLM_PROVIDER=none (the default), else the LLM
    supervisor over the configured provider (ConfigError naming what is missing). `on_text` receives the model's
    streamed text."""
    provider = make_provider(settings)
    if provider is None:
        return run_offline
    from netra_core.agents.llm_supervisor import make_llm_supervisor  # the model SDKs load only when configured

    return make_llm_supervisor(provider, on_text=on_text)
