"""OpenAI-compatible chat completions (OpenAI, vLLM, Ollama, a LiteLLM proxy) with tool calls and streaming."""

from __future__ import annotations

from typing import Any

import openai

from netra_core.agents.providers.base import LLMResponse, TextCallback, ToolCallRequest
from netra_core.errors import LLMError


class OpenAICompatProvider:
    """Talks to one endpoint through the official `openai` SDK; the client is built here, never at import."""

    def __init__(
        self, *, base_url: str | None, model: str, api_key: str, timeout_s: float = 60.0, max_retries: int = 2
    ) -> None:
        self.model = model
        self.base_url = base_url
        self.timeout_s = timeout_s
        self._client = openai.OpenAI(base_url=base_url, api_key=api_key, timeout=timeout_s, max_retries=max_retries)

    def complete(
        self, messages: list[dict[str, Any]], tools: list[dict[str, Any]], on_text: TextCallback | None = None
    ) -> LLMResponse:
        """Stream one turn; text deltas go to `on_text`, tool-call fragments are joined by index."""
        try:
            # Messages and tools are plain JSON dicts built by the supervisor; the SDK's TypedDicts are not needed.
            create: Any = self._client.chat.completions.create
            kwargs: dict[str, Any] = {"tools": tools} if tools else {}
            stream = create(
                model=self.model, messages=messages, stream=True, stream_options={"include_usage": True}, **kwargs
            )
            return self._collect(stream, on_text)
        except openai.RateLimitError as exc:
            raise LLMError(
                f"the model endpoint is rate-limiting Netra (HTTP 429) and retries ran out: {exc.message}"
            ) from exc
        except openai.APITimeoutError as exc:
            raise LLMError(f"the model did not answer within {self.timeout_s:g} s ({self.base_url})") from exc
        except openai.APIStatusError as exc:
            raise LLMError(f"the model endpoint answered HTTP {exc.status_code}: {exc.message}") from exc
        except openai.APIConnectionError as exc:
            raise LLMError(f"cannot reach the model endpoint {self.base_url}: {exc}") from exc
        except openai.OpenAIError as exc:
            raise LLMError(f"model call failed: {exc}") from exc

    def _collect(self, stream: Any, on_text: TextCallback | None) -> LLMResponse:
        text: list[str] = []
        calls: dict[int, dict[str, str]] = {}
        response = LLMResponse(text="", model=self.model)
        for chunk in stream:
            if chunk.usage is not None:
                response.prompt_tokens = chunk.usage.prompt_tokens or 0
                response.completion_tokens = chunk.usage.completion_tokens or 0
            if not chunk.choices:
                continue
            delta = chunk.choices[0].delta
            if delta.content:
                text.append(delta.content)
                if on_text is not None:
                    on_text(delta.content)
            for part in delta.tool_calls or []:
                slot = calls.setdefault(part.index, {"id": "", "name": "", "arguments": ""})
                if part.id:
                    slot["id"] = part.id
                if part.function is not None:
                    slot["name"] += part.function.name or ""
                    slot["arguments"] += part.function.arguments or ""
        response.text = "".join(text)
        response.tool_calls = [
            ToolCallRequest(c["id"] or f"call_{i}", c["name"], c["arguments"] or "{}") for i, c in sorted(calls.items())
        ]
        return response
