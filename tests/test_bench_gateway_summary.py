"""bench_gateway's summary when a target completed no call in its window (seen once with --quick at load 12)."""

from __future__ import annotations

from typing import Any

from benchmarks.bench_gateway import summarise


def _run(p50: float, rps: float, *, stream: bool, cores: float = 0.5) -> dict[str, Any]:
    total = {"p50_ms": p50, "p99_ms": p50 * 2, "mean_ms": p50} if rps else {}
    out: dict[str, Any] = {"requests": int(rps), "errors": 0, "requests_per_s": rps, "total": total}
    if stream and rps:
        out["first_bytes"] = {"p50_ms": p50 / 2, "p99_ms": p50, "mean_ms": p50 / 2}
    out["cores_used"] = {"upstream": 0.2, "load_generator": 0.1}
    return out


def _round(stream: bool, litellm_rps: float) -> dict[str, Any]:
    netra = _run(21.5, 400, stream=stream)
    netra["cores_used"]["netra"] = 0.6
    litellm = _run(70.0, litellm_rps, stream=stream)
    litellm["cores_used"]["litellm"] = 0.9
    return {"direct": _run(20.0, 1000, stream=stream), "netra": netra, "litellm": litellm}


def test_a_target_with_no_call_in_its_window_gives_no_figure_rather_than_an_error() -> None:
    latency = {"non_streamed": [_round(False, 20)], "streamed": [_round(True, 20)]}
    saturation = {"non_streamed": [_round(False, 20)], "streamed": [_round(True, 0)]}
    out = summarise(latency, saturation)
    streamed = out["saturation"]["streamed"]["litellm"]
    assert streamed["requests_per_s"] == 0 and streamed["p50_ms"] is None and streamed["cpu_ms_per_request"] is None
    assert out["netra_vs_litellm"]["streamed"]["requests_per_s_ratio"] is None
    assert out["met"]["streamed_requests_per_s_vs_litellm"] is None
    # The figures that exist are still computed: 400 / 20 requests/s, and 1.5 ms added at p50.
    assert out["netra_vs_litellm"]["non_streamed"]["requests_per_s_ratio"] == 20.0
    assert out["latency_ms"]["non_streamed"]["netra"]["added_p50"] == 1.5
    assert out["met"]["non_streamed_added_p50_vs_direct"] is True
    assert out["saturation"]["non_streamed"]["netra"]["cpu_ms_per_request"] == 1.5


def test_a_round_missing_a_figure_is_left_out_of_the_median() -> None:
    rounds = [_round(False, 20), _round(False, 20)]
    rounds[1]["netra"]["total"] = {}
    latency = {"non_streamed": rounds, "streamed": [_round(True, 20)]}
    saturation = {"non_streamed": [_round(False, 20)], "streamed": [_round(True, 20)]}
    out = summarise(latency, saturation)
    assert out["latency_ms"]["non_streamed"]["netra"]["added_p50"] == 1.5


def test_streams_are_measured_against_the_direct_call_with_and_without_usage() -> None:
    streamed = _round(True, 20)
    streamed["direct_usage"] = _run(20.75, 1000, stream=True)
    latency = {"non_streamed": [_round(False, 20)], "streamed": [streamed]}
    saturation = {"non_streamed": [_round(False, 20)], "streamed": [_round(True, 20)]}
    out = summarise(latency, saturation)
    netra = out["latency_ms"]["streamed"]["netra"]
    assert netra["added_p50"] == 1.5  # 21.5 - 20.0: against the direct call without usage
    assert netra["added_p50_vs_direct_usage"] == 0.75  # 21.5 - 20.75: against the call asking what the gateway asks
    assert out["latency_ms"]["streamed"]["direct_usage"]["added_p50"] == 0.75  # the usage chunk's own cost
    assert "added_p50_vs_direct_usage" not in out["latency_ms"]["non_streamed"]["netra"]
    assert out["met"]["streamed_added_p50_vs_direct"] is True
    assert out["met"]["streamed_added_p50_vs_direct_usage"] is True
    assert "non_streamed_added_p50_vs_direct_usage" not in out["met"]
