"""The Optimize page's URL state and its recent-results keeper (pure, no streamlit)."""

from __future__ import annotations

from typing import Any

import pytest

from netra_app.optimize_state import OptimizeParams, from_dict, parse_params
from netra_app.recent_results import RecentResults

PROVIDERS, WORKLOADS = ["anthropic", "openai"], ["support-bot", "nightly-enrich"]


@pytest.mark.parametrize(
    "params",
    [
        OptimizeParams(),
        OptimizeParams(days=90, floor=0.8, drop=0.05, p95=2000, providers=("openai",), batch=("nightly-enrich",)),
        OptimizeParams(days=7, floor=0.0, drop=0.2),
    ],
)
def test_params_round_trip_through_the_url_and_a_past_run(params: OptimizeParams) -> None:
    assert parse_params(params.to_params(), PROVIDERS, WORKLOADS) == (params, [])
    assert from_dict(params.to_dict()) == params


def test_no_params_in_the_url_is_no_run() -> None:
    assert parse_params({"range": ["7d"]}, PROVIDERS, WORKLOADS) == (None, [])


@pytest.mark.parametrize(
    ("query", "field", "expected", "warning"),
    [
        ({"days": ["5"]}, "days", 30, "days: '5' is not one of 7, 14, 30, 90"),
        ({"floor": ["high"]}, "floor", None, "floor: 'high' is not a quality"),
        ({"drop": ["0.5"]}, "drop", 0.0, "drop: '0.5' is not a drop from 0 to 0.2"),
        ({"p95": ["-1"]}, "p95", 0, "p95: '-1' is not a whole number"),
        ({"providers": ["openai", "evil"]}, "providers", ("openai",), "providers: ignored 'evil'"),
        ({"batch": ["someone-elses"]}, "batch", (), "batch: ignored 'someone-elses'"),
    ],
)
def test_a_bad_value_falls_back_and_says_so(
    query: dict[str, list[str]], field: str, expected: Any, warning: str
) -> None:
    state, warnings = parse_params(query, PROVIDERS, WORKLOADS)
    assert state is not None and getattr(state, field) == expected
    assert len(warnings) == 1 and warnings[0].startswith(warning)


def test_recent_results_expire_and_keep_the_most_recently_used() -> None:
    now = [0.0]
    kept: RecentResults[str] = RecentResults(size=2, ttl_s=10, clock=lambda: now[0])
    kept.put("a", "A")
    kept.put("b", "B")
    assert kept.get("a") == "A"  # a is now the most recently used
    kept.put("c", "C")
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == ("A", None, "C")
    now[0] = 10.5
    assert kept.get("a") is None


def test_expired_results_are_let_go_though_never_asked_for_again() -> None:
    """An expired result stayed held until its own key was asked for again, so every optimizer run of the last hour
    (about 70 MB each at 2 M events) could stay in the server's memory (#18)."""
    import gc
    import weakref

    class Result:
        pass

    now = [0.0]
    kept: RecentResults[Result] = RecentResults(size=8, ttl_s=10, clock=lambda: now[0])
    old = Result()
    watch = weakref.ref(old)
    kept.put("floor 0.80", old)
    del old
    now[0] = 10.5
    kept.put("floor 0.85", Result())  # another run, later: the first one's time is over
    gc.collect()
    assert watch() is None and len(kept) == 1
