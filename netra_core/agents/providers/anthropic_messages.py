"""Anthropic's Messages API through the official `anthropic` SDK, behind the same provider contract.

The supervisor speaks OpenAI-format chat (system/user/assistant-with-tool_calls/tool messages and
`{"type": "function", ...}` tool schemas); this module translates both ways.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import anthropic
import httpx2  # the SDK's HTTP client; errors while a stream is read come from it unwrapped

from netra_core.agents.providers.base import LLMResponse, TextCallback, ToolCallRequest
from netra_core.errors import ConfigError, LLMError

DEFAULT_BASE_URL = "https://api.anthropic.com"
ANTHROPIC_HOSTS = frozenset({"api.anthropic.com"})
EMPTY_SCHEMA: dict[str, Any] = {"type": "object", "properties": {}}


def compute_base_url(base_url: str | None) -> str:
    """The SDK's base URL: Anthropic's by default; a trailing /v1 is dropped since the SDK adds /v1/messages."""
    url = (base_url or DEFAULT_BASE_URL).rstrip("/")
    return url[: -len("/v1")] if url.endswith("/v1") else url


def _text(content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(str(p.get("text", "")) for p in content if isinstance(p, dict) and p.get("type") == "text")
    return str(content)


def _tool_input(arguments: str) -> dict[str, Any]:
    # The API wants an object; arguments the model garbled are answered by the supervisor's retry message instead.
    try:
        value = json.loads(arguments or "{}")
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def _blocks(message: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    role = message.get("role")
    if role == "tool":
        return "user", [
            {
                "type": "tool_result",
                "tool_use_id": str(message.get("tool_call_id", "")),
                "content": _text(message.get("content")),
            }
        ]
    if role not in ("user", "assistant"):
        raise LLMError(f"cannot send a {role!r} message to the Anthropic Messages API")
    text = _text(message.get("content"))
    blocks: list[dict[str, Any]] = [{"type": "text", "text": text}] if text else []
    calls = message.get("tool_calls") if role == "assistant" else None
    for call in calls or []:
        function = call.get("function", {})
        blocks.append(
            {
                "type": "tool_use",
                "id": call["id"],
                "name": function.get("name", ""),
                "input": _tool_input(function.get("arguments", "")),
            }
        )
    return role, blocks


def compute_anthropic_messages(messages: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """OpenAI-format chat -> (system text, Messages API turns); consecutive turns of one role are merged."""
    system: list[str] = []
    turns: list[dict[str, Any]] = []
    for message in messages:
        if message.get("role") in ("system", "developer"):
            system.append(_text(message.get("content")))
            continue
        role, blocks = _blocks(message)
        if not blocks:
            continue
        if turns and turns[-1]["role"] == role:
            turns[-1]["content"].extend(blocks)
        else:
            turns.append({"role": role, "content": blocks})
    return "\n\n".join(s for s in system if s), turns


def compute_anthropic_tools(tools: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """OpenAI-format function tools -> Messages API tools ({name, description, input_schema})."""
    out: list[dict[str, Any]] = []
    for tool in tools:
        function = tool.get("function", tool)
        spec: dict[str, Any] = {"name": function["name"], "input_schema": function.get("parameters") or EMPTY_SCHEMA}
        if function.get("description"):
            spec["description"] = function["description"]
        out.append(spec)
    return out


def _prompt_tokens(usage: Any) -> int:
    # Cached prompt tokens are counted apart by the API; Netra records the whole prompt, as OpenAI reports it.
    return sum(
        int(getattr(usage, name, None) or 0)
        for name in ("input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens")
    )


class AnthropicProvider:
    """Talks to the Messages API (or a proxy serving it); the client is built here, never at import."""

    def __init__(
        self,
        *,
        model: str,
        api_key: str | None,
        base_url: str | None = None,
        timeout_s: float = 60.0,
        max_tokens: int = 4096,
        max_retries: int = 2,
    ) -> None:
        self.model = model
        self.base_url = compute_base_url(base_url)
        self.timeout_s = timeout_s
        self.max_tokens = max_tokens
        if not api_key:
            if (urlsplit(self.base_url).hostname or "") in ANTHROPIC_HOSTS:
                raise ConfigError(
                    "NETRA_LLM_API_KEY is not set; the Anthropic API needs a key (create one in the Anthropic "
                    "Console), or set NETRA_LLM_BASE_URL to a proxy that holds the key itself"
                )
            api_key = "not-needed"
        # The key and the URL are always passed, so the SDK reads no ANTHROPIC_* variable or profile of its own.
        self._client = anthropic.Anthropic(
            api_key=api_key, base_url=self.base_url, timeout=timeout_s, max_retries=max_retries
        )

    def complete(
        self, messages: list[dict[str, Any]], tools: list[dict[str, Any]], on_text: TextCallback | None = None
    ) -> LLMResponse:
        """Stream one turn; text deltas go to `on_text`, each tool_use block's JSON fragments are joined."""
        system, turns = compute_anthropic_messages(messages)
        kwargs: dict[str, Any] = {}
        if system:
            kwargs["system"] = system
        if tools:
            kwargs["tools"] = compute_anthropic_tools(tools)
        try:
            # Turns and tools are plain JSON dicts; the SDK's TypedDicts are not needed.
            create: Any = self._client.messages.create
            stream = create(model=self.model, max_tokens=self.max_tokens, messages=turns, stream=True, **kwargs)
            return self._collect(stream, on_text)
        except anthropic.RateLimitError as exc:
            raise LLMError(
                f"the model endpoint is rate-limiting Netra (HTTP 429) and retries ran out: {_message(exc)}"
            ) from exc
        except anthropic.APITimeoutError as exc:
            raise LLMError(f"the model did not answer within {self.timeout_s:g} s ({self.base_url})") from exc
        except anthropic.APIStatusError as exc:
            if exc.status_code < 400:  # an `event: error` inside a 200 stream, e.g. overloaded_error
                raise LLMError(f"the model's stream stopped with an error: {_message(exc)}") from exc
            hint = {
                401: "; check NETRA_LLM_API_KEY",
                403: "; check NETRA_LLM_API_KEY",
                404: "; check NETRA_LLM_MODEL and NETRA_LLM_BASE_URL",
            }.get(exc.status_code, "")
            raise LLMError(f"the model endpoint answered HTTP {exc.status_code}: {_message(exc)}{hint}") from exc
        except anthropic.APIConnectionError as exc:
            raise LLMError(f"cannot reach the model endpoint {self.base_url}: {exc}") from exc
        except anthropic.AnthropicError as exc:
            raise LLMError(f"model call failed: {exc}") from exc
        except httpx2.TimeoutException as exc:
            raise LLMError(f"the model stopped answering for {self.timeout_s:g} s mid-reply ({self.base_url})") from exc
        except httpx2.TransportError as exc:
            raise LLMError(f"the connection to the model endpoint {self.base_url} broke mid-reply: {exc}") from exc

    def _collect(self, stream: Any, on_text: TextCallback | None) -> LLMResponse:
        text: list[str] = []
        calls: dict[int, dict[str, str]] = {}
        response = LLMResponse(text="", model=self.model)
        stop_reason: str | None = None
        for event in stream:
            if event.type == "message_start":
                response.prompt_tokens = _prompt_tokens(event.message.usage)
                response.completion_tokens = event.message.usage.output_tokens or 0
            elif event.type == "content_block_start":
                block = event.content_block
                if block.type == "tool_use":
                    start = json.dumps(block.input) if block.input else ""
                    calls[event.index] = {"id": block.id, "name": block.name, "start": start, "arguments": ""}
                elif block.type == "text" and block.text:
                    _emit(block.text, text, on_text)
            elif event.type == "content_block_delta":
                delta = event.delta
                if delta.type == "text_delta":
                    _emit(delta.text, text, on_text)
                elif delta.type == "input_json_delta" and event.index in calls:
                    calls[event.index]["arguments"] += delta.partial_json
            elif event.type == "message_delta":
                stop_reason = event.delta.stop_reason
                response.completion_tokens = event.usage.output_tokens or response.completion_tokens
                if event.usage.input_tokens is not None:
                    response.prompt_tokens = _prompt_tokens(event.usage)
        if stop_reason == "max_tokens" and calls:
            raise LLMError(
                f"the model's reply was cut at NETRA_LLM_MAX_TOKENS={self.max_tokens} in the middle of "
                "a tool call; raise NETRA_LLM_MAX_TOKENS"
            )
        response.text = "".join(text)
        response.tool_calls = [
            ToolCallRequest(c["id"] or f"toolu_{i}", c["name"], c["arguments"] or c["start"] or "{}")
            for i, c in sorted(calls.items())
        ]
        return response


def _emit(piece: str, text: list[str], on_text: TextCallback | None) -> None:
    text.append(piece)
    if on_text is not None:
        on_text(piece)


def _message(exc: anthropic.APIStatusError) -> str:
    kind = f"{exc.type}: " if exc.type else ""
    request = f" (request id {exc.request_id})" if exc.request_id else ""
    return f"{kind}{exc.api_message or exc.message}{request}"
