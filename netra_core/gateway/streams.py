"""Reading a streamed reply as it is relayed: usage, the time of the first output, and the usage-only chunk.

The gateway asks OpenAI-compatible upstreams for usage on every stream (`stream_options.include_usage`);
when the client did not ask for it, the extra usage-only chunk (empty `choices`) is dropped so the client
sees the stream it asked for. Events are parsed only until the first output is seen, and after that only
those carrying a usage object; a read after the first output that holds none and ends at an event's end
is passed on as it came, without being split, so relaying stays cheap. `is_done` tells when an OpenAI
stream's `data: [DONE]` was relayed: the client's response can end there.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

from netra_core.gateway.events import Usage

OPENAI = "openai"
ANTHROPIC = "anthropic"
RESPONSES = "openai_responses"  # OpenAI's Responses API: typed events; usage on the final response.* event
# The Responses API's events that end a response and carry its usage (a failed or cut-off one is billed too).
_RESPONSE_ENDS = frozenset({"response.completed", "response.incomplete", "response.failed"})
_SEP = b"\n\n"
_DONE = b"data: [DONE]\n\n"
# A usage object (OpenAI puts `"usage": null` in every other chunk of a stream that asks for usage). A
# `"usage"` inside a string value is escaped there (`\"usage\"`), so it cannot match.
_USAGE = re.compile(rb'"usage"\s*:\s*\{')


def _has_output(style: str, event: dict[str, Any]) -> bool:
    if style == ANTHROPIC:
        return event.get("type") == "content_block_delta"
    if style == RESPONSES:  # any delta of the output: text, a refusal, a tool call's arguments, reasoning
        kind = event.get("type")
        return isinstance(kind, str) and kind.startswith("response.") and kind.endswith(".delta")
    for choice in event.get("choices") or []:
        delta = choice.get("delta") or {}
        if delta.get("content") or delta.get("tool_calls") or delta.get("refusal") or delta.get("reasoning_content"):
            return True
    return False


class StreamTally:
    """Feed it the upstream's bytes; it returns the bytes to relay and keeps usage and first-output time."""

    def __init__(self, style: str, *, drop_usage_only: bool) -> None:
        self.style = style
        self.drop_usage_only = drop_usage_only
        self.usage = Usage()
        self.first_output_at: float | None = None
        self.is_done = False  # an OpenAI stream's `data: [DONE]` went out: nothing the client reads follows it
        self._buffer = b""

    def feed(self, chunk: bytes) -> bytes:
        """Complete SSE events of what arrived so far, as they should reach the client."""
        if (
            self.first_output_at is not None
            and not self._buffer
            and chunk.endswith(_SEP)
            and b"\r" not in chunk
            and _USAGE.search(chunk) is None
        ):
            out = chunk  # whole events, none of them to read: as they came
        else:
            data = self._buffer + chunk.replace(b"\r\n", b"\n")
            end = data.rfind(_SEP)
            if end < 0:
                self._buffer = data
                return b""
            self._buffer = data[end + 2 :]
            kept = [e for e in data[:end].split(_SEP) if self._keep(e)]
            if not kept:
                return b""
            out = _SEP.join(kept) + _SEP
        if self.style == OPENAI and out.endswith(_DONE):
            self.is_done = True
        return out

    def flush(self) -> bytes:
        """Whatever is left when the upstream closed."""
        rest, self._buffer = self._buffer, b""
        return rest if rest.strip() and self._keep(rest) else b""

    def _keep(self, raw: bytes) -> bool:
        if not raw.strip():
            return False
        if self.first_output_at is not None and _USAGE.search(raw) is None:
            return True
        for line in raw.split(b"\n"):
            if not line.startswith(b"data:"):
                continue
            payload = line[5:].strip()
            if not payload or payload == b"[DONE]":
                continue
            try:
                event = json.loads(payload)
            except ValueError:
                continue
            if not isinstance(event, dict):
                continue
            if self.first_output_at is None and _has_output(self.style, event):
                self.first_output_at = time.perf_counter()
            if self.style == ANTHROPIC:
                usage = (event.get("message") or {}).get("usage") or event.get("usage")
                if isinstance(usage, dict):
                    self.usage.add_anthropic(usage)
            elif self.style == RESPONSES:
                response = event.get("response")
                if event.get("type") in _RESPONSE_ENDS and isinstance(response, dict):
                    self.usage.add_service_tier(response)
                    if isinstance(response.get("usage"), dict):
                        self.usage.add_openai_responses(response["usage"])
            elif isinstance(event.get("usage"), dict):
                self.usage.add_service_tier(event)
                self.usage.add_openai(event["usage"])
                if self.drop_usage_only and not event.get("choices"):
                    return False
        return True
