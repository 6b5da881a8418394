"""One door to choose the assistant's supervisor: the chat page and `netra ask` both call make_supervisor."""

from __future__ import annotations

from pathlib import Path

import pytest

from netra_core.agents.assistant import ask
from netra_core.agents.supervisor import run_offline
from netra_core.errors import ConfigError
from netra_core.services.assistant import make_supervisor
from tests.agents.builders import NOW, AgentEnv
from tests.agents.conftest import ALLOWED_MODEL_URLS
from tests.agents.scripted_server import run_scripted_server, stream_text
from tests.conftest import make_test_settings


def test_without_a_model_the_offline_planner_answers(tmp_path: Path) -> None:
    assert make_supervisor(make_test_settings(tmp_path)) is run_offline


def test_a_configured_model_supervises_through_the_real_sdk(tmp_path: Path, agent_env: AgentEnv) -> None:
    """The supervisor chosen for an OpenAI-compatible endpoint is the model's: its streamed text is the answer."""
    with run_scripted_server([stream_text("Nothing to report.")]) as server:
        ALLOWED_MODEL_URLS.add(server.base_url)
        settings = make_test_settings(
            tmp_path, llm_provider="openai", llm_model="gpt-4o-mini", llm_base_url=server.base_url, llm_api_key="test"
        )
        deltas: list[str] = []
        supervisor = make_supervisor(settings, on_text=deltas.append)
        assert supervisor is not run_offline
        result = ask(
            agent_env.session_factory,
            agent_env.store,
            agent_env.auth("ana"),
            "anything new?",
            now=NOW,
            supervisor=supervisor,
        )
    assert result.status == "succeeded", result.error
    assert result.text == "Nothing to report." and deltas


def test_a_model_provider_without_a_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="NETRA_LLM_MODEL is not set"):
        make_supervisor(make_test_settings(tmp_path, llm_provider="openai"))
