"""bench_gateway's interleaved mode: the order targets are called in, and the paired figures, checked by hand."""

from __future__ import annotations

from typing import Any

from benchmarks.gateway_interleaved import Calls, compute_order, summarise_round, summarise_rounds


def _arms() -> list[dict[str, Any]]:
    return [{"target": t, "mode": m} for m in ("non_streamed", "streamed") for t in ("direct", "netra", "litellm")]


def test_each_cycle_calls_every_arm_once_rotating_the_targets_and_alternating_the_modes() -> None:
    arms = _arms()
    first, second = compute_order(arms, 0), compute_order(arms, 1)
    assert [(a["mode"], a["target"]) for a in first] == [
        ("non_streamed", "direct"),
        ("non_streamed", "netra"),
        ("non_streamed", "litellm"),
        ("streamed", "direct"),
        ("streamed", "netra"),
        ("streamed", "litellm"),
    ]
    assert [(a["mode"], a["target"]) for a in second] == [
        ("streamed", "netra"),
        ("streamed", "litellm"),
        ("streamed", "direct"),
        ("non_streamed", "netra"),
        ("non_streamed", "litellm"),
        ("non_streamed", "direct"),
    ]
    # Over three cycles each target comes first in each mode once.
    firsts = {compute_order(arms, c)[0]["target"] for c in (0, 2, 4)}
    assert firsts == {"direct", "netra", "litellm"}


def test_paired_differences_take_each_call_beside_the_baseline_call_of_its_cycle() -> None:
    # Cycle by cycle, netra is direct + 1, + 2, + 3, + 10 ms, so the pairs' median is 2.5 ms; the quantiles' own
    # difference differs, since the direct calls drift (20 -> 30 ms) while netra's do not follow exactly.
    calls: Calls = {
        "streamed": {
            "direct": {"total_ms": [20.0, 30.0, 22.0, 21.0, None], "first_bytes_ms": [10.0, 11.0, 12.0, 13.0, None]},
            "netra": {"total_ms": [21.0, 32.0, 25.0, 31.0, 40.0], "first_bytes_ms": [11.0, 12.0, 13.0, 20.0, 30.0]},
        }
    }
    out = summarise_round(calls, ("direct",))
    netra = out["streamed"]["netra"]
    assert netra["calls"] == 5 and netra["errors"] == 0
    assert out["streamed"]["direct"]["calls"] == 4 and out["streamed"]["direct"]["errors"] == 1
    vs = netra["vs"]["direct"]
    assert vs["paired_p50"] == 2.5  # diffs 1, 2, 3, 10 (the failed direct call's cycle left out)
    assert vs["paired_first_bytes_p50"] == 1.0  # diffs 1, 1, 1, 7
    assert vs["added_p50"] == 31.0 - 21.5  # netra's p50 over its 5 calls minus direct's over its 4
    assert "vs" not in out["streamed"]["direct"]


def test_an_ab_pair_compares_two_gateways_and_rounds_merge_by_median_with_counts_summed() -> None:
    def round_of(shift: float) -> dict[str, Any]:
        calls: Calls = {
            "non_streamed": {
                "direct": {"total_ms": [20.0, 20.0, 20.0]},
                "netra": {"total_ms": [22.0, 22.0, 22.0]},
                "netra_b": {"total_ms": [22.0 - shift, 22.0 - shift, 22.0 - shift]},
            }
        }
        return summarise_round(calls, ("direct",), (("netra_b", "netra"),))

    rounds = [round_of(0.5), round_of(0.25), round_of(1.0)]
    merged = summarise_rounds(rounds)
    b = merged["non_streamed"]["netra_b"]
    assert b["vs"]["netra"]["paired_p50"] == -0.5  # median of -0.5, -0.25, -1.0
    assert b["vs"]["direct"]["added_p50"] == 1.5
    assert b["calls"] == 9 and b["errors"] == 0
    assert "netra" not in merged["non_streamed"]["netra"]["vs"]  # only the pair asked for


def test_a_stream_is_compared_with_both_direct_calls_and_the_usage_call_with_the_plain_one() -> None:
    calls: Calls = {
        "streamed": {
            "direct": {"total_ms": [30.0, 31.0, 32.0]},
            "direct_usage": {"total_ms": [31.0, 32.0, 33.0]},
            "netra": {"total_ms": [32.0, 33.0, 34.0]},
        }
    }
    out = summarise_round(calls, ("direct", "direct_usage"))["streamed"]
    assert out["netra"]["vs"]["direct"]["paired_p50"] == 2.0
    assert out["netra"]["vs"]["direct_usage"]["paired_p50"] == 1.0
    assert set(out["direct_usage"]["vs"]) == {"direct"} and out["direct_usage"]["vs"]["direct"]["paired_p50"] == 1.0
    assert "vs" not in out["direct"]
