"""Reading a relayed stream (gateway/streams.py): what reaches the client, usage, the first output and the end."""

from __future__ import annotations

import json
from typing import Any

from netra_core.gateway.streams import ANTHROPIC, OPENAI, StreamTally


def _event(body: dict[str, Any]) -> bytes:
    return b"data: " + json.dumps(body).encode() + b"\n\n"


def _chunk(content: str | None = None, finish: str | None = None, **extra: Any) -> bytes:
    delta = {} if content is None else {"content": content}
    return _event(
        {"object": "chat.completion.chunk", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}
    )


USAGE_ONLY = _event(
    {"object": "chat.completion.chunk", "choices": [], "usage": {"prompt_tokens": 7, "completion_tokens": 3}}
)
DONE = b"data: [DONE]\n\n"


def test_reads_after_the_first_output_pass_as_they_came_and_the_usage_only_chunk_is_dropped() -> None:
    tally = StreamTally(OPENAI, drop_usage_only=True)
    first = _chunk("Hel", usage=None)
    assert tally.feed(first) == first and tally.first_output_at is not None
    # `"usage": null` (OpenAI's, in every chunk of a stream that asks for usage) is no usage to read.
    middle = _chunk("lo", usage=None) + _chunk(None, "stop", usage=None)
    assert tally.feed(middle) is middle
    assert not tally.usage.is_known and not tally.is_done
    assert tally.feed(USAGE_ONLY) == b""
    assert (tally.usage.prompt_tokens, tally.usage.completion_tokens, tally.usage.is_known) == (7, 3, True)
    assert tally.feed(DONE) == DONE and tally.is_done
    assert tally.flush() == b""


def test_the_usage_chunk_is_kept_when_the_client_asked_and_done_ends_one_read_holding_both() -> None:
    tally = StreamTally(OPENAI, drop_usage_only=False)
    tally.feed(_chunk("hi"))
    assert tally.feed(USAGE_ONLY + DONE) == USAGE_ONLY + DONE
    assert tally.usage.prompt_tokens == 7 and tally.is_done


def test_events_split_across_reads_are_joined_and_a_stream_without_done_never_ends_early() -> None:
    tally = StreamTally(OPENAI, drop_usage_only=True)
    whole = _chunk("one") + USAGE_ONLY + DONE
    cut = whole.index(b'"usage"') + 3  # inside the usage chunk
    out = tally.feed(whole[:cut])
    assert out == _chunk("one") and not tally.is_done
    assert tally.feed(whole[cut:]) == DONE and tally.is_done and tally.usage.prompt_tokens == 7
    crlf = StreamTally(OPENAI, drop_usage_only=False)
    assert crlf.feed(_chunk("x").replace(b"\n", b"\r\n")) == _chunk("x")
    # Anthropic's streams end with the upstream's body, not with `[DONE]`.
    anthropic = StreamTally(ANTHROPIC, drop_usage_only=False)
    stop = b'event: message_stop\ndata: {"type": "message_stop"}\n\n'
    anthropic.feed(b'event: content_block_delta\ndata: {"type": "content_block_delta", "delta": {"text": "a"}}\n\n')
    assert anthropic.feed(stop) == stop and not anthropic.is_done
