"""The provider contract: messages and tool schemas in, streamed text and tool calls out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

TextCallback = Callable[[str], None]


@dataclass(frozen=True)
class ToolCallRequest:
    """A tool call the model asked for (arguments as the JSON text it sent)."""

    id: str
    name: str
    arguments: str


@dataclass
class LLMResponse:
    """One model turn."""

    text: str
    tool_calls: list[ToolCallRequest] = field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    model: str = ""


class LLMProvider(Protocol):
    """What the LLM supervisor needs from a model."""

    model: str

    def complete(
        self, messages: list[dict[str, Any]], tools: list[dict[str, Any]], on_text: TextCallback | None = None
    ) -> LLMResponse:
        """One streamed turn; raises LLMError on any failure."""
        ...
