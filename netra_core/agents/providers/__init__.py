"""Language-model providers behind one small interface: OpenAI-compatible endpoints and Anthropic's Messages API."""

from __future__ import annotations

from netra_core.agents.providers.base import LLMProvider, LLMResponse, ToolCallRequest
from netra_core.config import Settings
from netra_core.errors import ConfigError

__all__ = ["LLMProvider", "LLMResponse", "ToolCallRequest", "make_provider"]


def make_provider(settings: Settings) -> LLMProvider | None:
    """The configured provider, or None for the offline planner (the default)."""
    if settings.llm_provider == "none":
        return None
    if not settings.llm_model:
        example = "claude-sonnet-4-5" if settings.llm_provider == "anthropic" else "gpt-4o-mini"
        raise ConfigError(f"NETRA_LLM_MODEL is not set; name the model the endpoint serves (e.g. {example})")
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    if settings.llm_provider == "anthropic":
        try:
            from netra_core.agents.providers.anthropic_messages import AnthropicProvider
        except ImportError as exc:
            if exc.name != "anthropic":
                raise
            raise ConfigError(
                "NETRA_LLM_PROVIDER=anthropic needs the `anthropic` package: pip install anthropic"
            ) from exc
        return AnthropicProvider(
            model=settings.llm_model,
            api_key=key,
            base_url=settings.llm_base_url,
            timeout_s=settings.llm_timeout_s,
            max_tokens=settings.llm_max_tokens,
        )
    from netra_core.agents.providers.openai_compat import OpenAICompatProvider

    return OpenAICompatProvider(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=key or "not-needed",
        timeout_s=settings.llm_timeout_s,
    )
