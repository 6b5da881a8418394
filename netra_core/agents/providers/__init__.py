"""Language-model providers behind one small interface (OpenAI-compatible endpoints today)."""

from __future__ import annotations

from netra_core.agents.providers.base import LLMProvider, LLMResponse, ToolCallRequest
from netra_core.config import Settings
from netra_core.errors import ConfigError

__all__ = ["LLMProvider", "LLMResponse", "ToolCallRequest", "make_provider"]


def make_provider(settings: Settings) -> LLMProvider | None:
    """The configured provider, or None for the offline planner (the default)."""
    if settings.llm_provider == "none":
        return None
    if settings.llm_provider == "anthropic":
        raise ConfigError(
            "NETRA_LLM_PROVIDER=anthropic is not available yet; use an OpenAI-compatible endpoint "
            "(NETRA_LLM_PROVIDER=openai with NETRA_LLM_BASE_URL, e.g. a LiteLLM proxy in front of Anthropic)"
        )
    from netra_core.agents.providers.openai_compat import OpenAICompatProvider

    if not settings.llm_model:
        raise ConfigError("NETRA_LLM_MODEL is not set; name the model the endpoint serves (e.g. gpt-4o-mini)")
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "not-needed"
    return OpenAICompatProvider(base_url=settings.llm_base_url, model=settings.llm_model, api_key=key,
                                timeout_s=settings.llm_timeout_s)  # fmt: skip
