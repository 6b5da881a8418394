"""The benchmark upstream's stream: when its usage chunk is sent (with the finish chunk, or 1 ms after it)."""

from __future__ import annotations

import json

import pytest

from benchmarks.gateway_upstream import stream_events


def _kinds(writes: list[list[bytes]]) -> list[list[str]]:
    """Each write's events as 'role', 'text', 'finish', 'usage' or 'done'."""
    out = []
    for events in writes:
        kinds = []
        for event in events:
            payload = event.removeprefix(b"data: ").strip()
            if payload == b"[DONE]":
                kinds.append("done")
                continue
            chunk = json.loads(payload)
            if not chunk["choices"]:
                kinds.append("usage")
            elif chunk["choices"][0]["finish_reason"]:
                kinds.append("finish")
            else:
                kinds.append("role" if "role" in chunk["choices"][0]["delta"] else "text")
        out.append(kinds)
    return out


def test_the_usage_chunk_goes_out_in_the_finish_chunks_write_by_default() -> None:
    kinds = _kinds(stream_events("m", include_usage=True))
    assert kinds[0] == ["role"] and kinds[-2:] == [["finish", "usage"], ["done"]]
    # A stream with usage has as many writes (so as many 1 ms gaps) as one without.
    assert len(kinds) == len(stream_events("m", include_usage=False))


def test_spaced_sends_the_usage_chunk_a_write_later_like_every_chunk() -> None:
    kinds = _kinds(stream_events("m", include_usage=True, usage_chunk="spaced"))
    assert kinds[-3:] == [["finish"], ["usage"], ["done"]]
    assert len(kinds) == len(stream_events("m", include_usage=False)) + 1


def test_without_usage_asked_there_is_no_usage_chunk() -> None:
    kinds = _kinds(stream_events("m", include_usage=False))
    assert all(k == ["text"] for k in kinds[1:-2]) and kinds[-2:] == [["finish"], ["done"]]
    with pytest.raises(ValueError, match="usage_chunk"):
        stream_events("m", include_usage=True, usage_chunk="late")
