"""The semantic query layer against an independent pandas computation over the same generated events (real chdb):
every measure, dimension, grain and comparison; the roll-ups equal the raw events; org isolation; coverage
normalisation; projection; row limits; and what it refuses to answer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pydantic
import pytest

from netra_core.analytics.semantic import (
    BAND_MEASURES,
    COST_BAND_MEASURES,
    LATENCY_BAND_MEASURES,
    PROMPT_BAND_MEASURES,
    QUANTILE_KINDS,
    TTFT_BAND_MEASURES,
    Bound,
    CallBound,
    CallFigure,
    Comparison,
    Cut,
    Dimension,
    Given,
    GivenKind,
    Measure,
    SemanticQuery,
    quantile_level,
    quantile_measure,
)
from netra_core.analytics.semantic_compare import compute_comparison_window, compute_month_shift, is_whole_months
from netra_core.analytics.semantic_result import Coverage, Window
from netra_core.analytics.semantic_sql import run_semantic_query
from netra_core.analytics.sources import RollupChoice
from netra_core.errors import UnsupportedQueryError, ValidationError
from netra_core.workloads.migrations import upgrade_store
from netra_core.workloads.store import WorkloadStore
from tests.helpers.semantic_reference import (
    END,
    GAP,
    covered_days,
    dimension_values,
    expected,
    make_semantic_events,
    select,
    store_semantic_events,
)

_LEVELS_BY_DIMENSION = {(kind, level) for kind in QUANTILE_KINDS for level in (10, 25, 50, 75, 90, 95, 99)}
# (the quality-, prompt- and latency-band measures count within a band the query gives: tested on their own below;
# the percentiles not named in the vocabulary, p1..p99 of each quantity, too)
ALL = [
    m.value
    for m in Measure
    if m != Measure.CACHE_SAVINGS
    and m not in BAND_MEASURES | PROMPT_BAND_MEASURES | LATENCY_BAND_MEASURES | TTFT_BAND_MEASURES | COST_BAND_MEASURES
    and (quantile_level(m) is None or quantile_level(m) in _LEVELS_BY_DIMENSION)
]
ROLLUP_MEASURES = [
    "spend",
    "requests",
    "input_tokens",
    "output_tokens",
    "total_tokens",
    "cost_per_request",
    "errors",
    "error_rate",
    "quality",
    "quality_n",
    "cost_per_successful_request",
    "cost_per_1k_requests",
]
_RAW_ONLY = [m for m in ALL if m not in ROLLUP_MEASURES]
CHUNKS = [ROLLUP_MEASURES, *(_RAW_ONLY[i : i + 11] for i in range(0, len(_RAW_ONLY), 11))]
DIMENSIONS = [
    None,
    "model",
    "provider",
    "workload",
    "task_type",
    "user",
    "session",
    "error_type",
    "status",
    "region",
    "weekday",
    "day_type",
    "hour_of_day",
]
# A window whose ends fall inside hours: the roll-up reads partial hours from the raw events.
NOW = END - timedelta(hours=5, minutes=17)
START = NOW - timedelta(days=30)


@pytest.fixture(scope="module")
def sem(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[WorkloadStore, pd.DataFrame, pd.DataFrame]]:
    """One store with acme's and globex's events (globex's models have names of their own)."""
    root: Path = tmp_path_factory.mktemp("semantic")
    store = WorkloadStore(f"chdb://{root / 'workloads'}", lock_timeout_s=20)
    acme = make_semantic_events("acme", 20000, seed=7)
    globex = make_semantic_events("globex", 6000, seed=8, model_prefix="globex-")
    with store.session() as client:
        upgrade_store(client)
        store_semantic_events(client, "acme", acme)
        store_semantic_events(client, "globex", globex)
    yield store, acme, globex


def run(store: WorkloadStore, org: str = "acme", now: datetime = NOW, **kw: Any) -> Any:
    options = {k: kw.pop(k) for k in ("row_limit", "rollup") if k in kw}
    query = SemanticQuery.model_validate({"start": START, "end": NOW, **kw})
    with store.session() as client:
        return run_semantic_query(client, query, org, now, **options)


def assert_frames_match(got: pd.DataFrame, want: pd.DataFrame, keys: list[str], measures: list[str]) -> None:
    assert len(got) == len(want) > 0
    if keys:
        got = got.sort_values(keys).reset_index(drop=True)
        want = want.sort_values(keys).reset_index(drop=True)
        for k in keys:
            assert list(got[k].astype(str)) == list(want[k].astype(str)), k
    for m in measures:
        g, w = got[m].astype("float64").to_numpy(), want[m].astype("float64").to_numpy()
        np.testing.assert_allclose(g, w, rtol=1e-6, atol=1e-9, equal_nan=True, err_msg=m)


@pytest.mark.parametrize("chunk", range(len(CHUNKS)))
@pytest.mark.parametrize("dim", DIMENSIONS)
def test_every_measure_by_every_dimension_matches_pandas(sem: Any, dim: str | None, chunk: int) -> None:
    store, acme, _ = sem
    measures, dims = CHUNKS[chunk], [dim] if dim else []
    result = run(store, measures=measures, dimensions=dims)
    want = expected(select(acme, START, NOW), measures, dims)
    assert_frames_match(result.frame, want, dims, measures)
    assert not result.truncated
    # The roll-ups serve every query they can answer; the rest read the raw events.
    rollup_dims = {None, "model", "provider", "workload", "task_type"}
    assert result.source == ("rollup" if chunk == 0 and dim in rollup_dims else "events")


@pytest.mark.parametrize(
    ("field", "bound", "value", "keep"),
    [
        ("ttft_band", "<", 200.0, lambda e: e["ttft_ms"].astype("float64") < 200),
        ("cost_band", ">", 0.01, lambda e: e["cost_usd"] > 0.01),
        ("cost_band", "<=", 0.002, lambda e: e["cost_usd"] <= 0.002),
    ],
)
@pytest.mark.parametrize("dim", [None, "workload"])
def test_ttft_and_cost_bands_count_the_calls_within_them(
    sem: Any, field: str, bound: str, value: float, keep: Any, dim: str | None
) -> None:
    """The calls whose own TTFT or cost is within a band: their count, their share of all calls, what they cost."""
    store, acme, _ = sem
    kind = field.split("_")[0]
    measures = [f"{kind}_band_n", f"{kind}_band_share", *(["cost_band_spend"] if kind == "cost" else [])]
    band: dict[str, Any] = {field: {"bound": bound, "value": value}}
    result = run(store, measures=measures, dimensions=[dim] if dim else [], **band)
    events = select(acme, START, NOW)
    inside = keep(events).fillna(False).astype(bool)
    groups = dimension_values(events, dim) if dim else pd.Series("", index=events.index)
    want = pd.DataFrame(
        {
            f"{kind}_band_n": inside.groupby(groups).sum().astype("float64"),
            f"{kind}_band_share": inside.groupby(groups).mean(),
            "cost_band_spend": events["cost_usd"].where(inside, 0.0).groupby(groups).sum(),
        }
    )
    want = want.rename_axis(dim).reset_index() if dim else want.reset_index(drop=True)
    assert_frames_match(result.frame, want, [dim] if dim else [], measures)


@pytest.mark.parametrize(
    ("field", "column", "low", "high"),
    [("cost_band", "cost_usd", 0.01, 0.05), ("latency_band", "latency_ms", 1000.0, 4000.0)],
)
def test_a_band_with_a_second_bound_counts_the_calls_between_them(
    sem: Any, field: str, column: str, low: float, high: float
) -> None:
    """ "between 1 and 5 cents", "between 1s and 4s": the calls within both bounds, both ends included."""
    store, acme, _ = sem
    kind = field.split("_")[0]
    measures = [f"{kind}_band_n", f"{kind}_band_share"]
    band: dict[str, Any] = {field: {"bound": ">=", "value": low}, "band_upper": {"bound": "<=", "value": high}}
    result = run(store, measures=measures, dimensions=["workload"], **band)
    events = select(acme, START, NOW)
    values = events[column].astype("float64")
    inside = (values >= low) & (values <= high)
    groups = dimension_values(events, "workload")
    want = pd.DataFrame(
        {
            f"{kind}_band_n": inside.groupby(groups).sum().astype("float64"),
            f"{kind}_band_share": inside.groupby(groups).mean(),
        }
    )
    assert_frames_match(result.frame, want.rename_axis("workload").reset_index(), ["workload"], measures)
    assert 0 < result.frame[f"{kind}_band_share"].max() < 1


def test_a_second_bound_and_a_rate_of_another_row_need_what_they_read() -> None:
    upper = Cut(bound=Bound.AT_MOST, value=0.05)
    with pytest.raises(ValueError, match="band_upper"):
        SemanticQuery(measures=[Measure.REQUESTS], band_upper=upper, start=START, end=NOW)
    with pytest.raises(ValueError, match="at_rate_of"):
        SemanticQuery(
            measures=[Measure.SPEND], dimensions=[Dimension.MODEL], at_rate_of="gpt-4o-mini", start=START, end=NOW
        )


@pytest.mark.parametrize("kind", QUANTILE_KINDS)
def test_every_percentile_of_each_quantity_matches_pandas(sem: Any, kind: str) -> None:
    """p1..p99 of one call's latency, TTFT, cost, quality score and tokens, with its standard deviation and IQR."""
    store, acme, _ = sem
    levels = [quantile_measure(kind, level).value for level in range(1, 100)]
    for i in range(0, len(levels), 12):
        measures = levels[i : i + 12]
        result = run(store, measures=measures, dimensions=["workload"])
        assert_frames_match(
            result.frame, expected(select(acme, START, NOW), measures, ["workload"]), ["workload"], measures
        )
    spread = [f"{kind}_sd", f"{kind}_iqr"]
    result = run(store, measures=spread, dimensions=[])
    assert_frames_match(result.frame, expected(select(acme, START, NOW), spread, []), [], spread)


@pytest.mark.parametrize(("grain", "days"), [("hour", 2.5), ("day", 30), ("week", 70), ("month", 150)])
@pytest.mark.parametrize("measures", [["spend", "requests", "error_rate"], ["latency_p95", "ttft_p50", "users"]])
def test_grains_match_pandas(sem: Any, grain: str, days: float, measures: list[str]) -> None:
    store, acme, _ = sem
    start = NOW - timedelta(days=days)
    result = run(store, measures=measures, dimensions=["workload"], grain=grain, start=start)
    want = expected(select(acme, start, NOW), measures, ["workload"], grain)
    assert_frames_match(result.frame, want, ["bucket", "workload"], measures)
    assert list(result.frame["bucket"]) == sorted(result.frame["bucket"])


@pytest.mark.parametrize(
    ("bound", "value", "keep"),
    [("<", 0.8, lambda q: q < 0.8), (">=", 0.85, lambda q: q >= 0.85), ("<=", 0.6, lambda q: q <= 0.6)],
)
@pytest.mark.parametrize("dim", [None, "workload"])
def test_quality_band_counts_the_scores_within_it(
    sem: Any, bound: str, value: float, keep: Any, dim: str | None
) -> None:
    """ "what share scored below 0.8": the scored events within the band, over the scored events (unscored ones in
    neither)."""
    store, acme, _ = sem
    dims = [dim] if dim else []
    result = run(
        store,
        measures=["quality_band_n", "quality_band_share"],
        dimensions=dims,
        quality_band={"bound": bound, "value": value},
    )
    events = select(acme, START, NOW).copy()
    scores = events["quality"].astype("float64")
    events["inside"] = scores.notna() & keep(scores.fillna(-1.0))
    events["scored"] = scores.notna()
    groups = events.groupby(dimension_values(events, dim)) if dim else [(None, events)]
    want = pd.DataFrame(
        [
            {
                **({dim: key} if dim else {}),
                "quality_band_n": float(g["inside"].sum()),
                "quality_band_share": g["inside"].sum() / g["scored"].sum(),
            }
            for key, g in groups
        ]
    )
    assert_frames_match(result.frame, want, dims, ["quality_band_n", "quality_band_share"])
    assert 0 < result.frame["quality_band_share"].min() < 1


@pytest.mark.parametrize(
    ("bound", "value", "keep"), [(">", 3000.0, lambda p: p > 3000), ("<=", 500.0, lambda p: p <= 500)]
)
@pytest.mark.parametrize("dim", [None, "workload"])
def test_prompt_band_counts_the_calls_whose_prompt_is_within_it(
    sem: Any, bound: str, value: float, keep: Any, dim: str | None
) -> None:
    """ "calls with more than 3,000 input tokens": the calls with known usage within the band, and their share of the
    calls with known usage (a call of unknown usage is in neither)."""
    store, acme, _ = sem
    dims = [dim] if dim else []
    measures = ["prompt_band_n", "prompt_band_share"]
    result = run(store, measures=measures, dimensions=dims, prompt_band={"bound": bound, "value": value})
    events = select(acme, START, NOW).copy()
    events["known"] = events["usage_known"] == 1
    events["inside"] = events["known"] & keep(events["prompt_tokens"].astype("int64"))
    groups = events.groupby(dimension_values(events, dim)) if dim else [(None, events)]
    want = pd.DataFrame(
        [
            {
                **({dim: key} if dim else {}),
                "prompt_band_n": float(g["inside"].sum()),
                "prompt_band_share": g["inside"].sum() / g["known"].sum(),
            }
            for key, g in groups
        ]
    )
    assert_frames_match(result.frame, want, dims, measures)
    assert 0 < result.frame["prompt_band_share"].min() < 1
    assert result.source == "events"


@pytest.mark.parametrize(
    ("bound", "value", "keep"), [(">", 2000.0, lambda v: v > 2000), ("<", 400.0, lambda v: v < 400)]
)
@pytest.mark.parametrize("dim", [None, "model"])
def test_latency_band_counts_the_calls_whose_latency_is_within_it(
    sem: Any, bound: str, value: float, keep: Any, dim: str | None
) -> None:
    """ "calls slower than 2 seconds": the calls whose latency is within the band, and their share of all calls."""
    store, acme, _ = sem
    dims = [dim] if dim else []
    measures = ["latency_band_n", "latency_band_share"]
    result = run(store, measures=measures, dimensions=dims, latency_band={"bound": bound, "value": value})
    events = select(acme, START, NOW).copy()
    events["inside"] = keep(events["latency_ms"].astype("float64"))
    groups = events.groupby(dimension_values(events, dim)) if dim else [(None, events)]
    want = pd.DataFrame(
        [
            {
                **({dim: key} if dim else {}),
                "latency_band_n": float(g["inside"].sum()),
                "latency_band_share": g["inside"].sum() / len(g),
            }
            for key, g in groups
        ]
    )
    assert_frames_match(result.frame, want, dims, measures)
    assert 0 < result.frame["latency_band_share"].min() < 1
    assert result.source == "events"


def test_band_measures_need_a_band() -> None:
    with pytest.raises(ValueError, match="quality_band"):
        SemanticQuery(measures=[Measure.QUALITY_BAND_SHARE], start=START, end=NOW)
    with pytest.raises(ValueError, match="prompt_band"):
        SemanticQuery(measures=[Measure.PROMPT_BAND_N], start=START, end=NOW)
    with pytest.raises(ValueError, match="latency_band"):
        SemanticQuery(measures=[Measure.LATENCY_BAND_SHARE], start=START, end=NOW)


@pytest.mark.parametrize(("bound", "value"), [(">", 55.0), ("<=", 55.0)])
def test_having_keeps_the_groups_that_meet_the_bound(sem: Any, bound: str, value: float) -> None:
    """ "which users spent more than $X": the groups over the bound only, each with its figure; the comparison
    window is read for those groups, unbounded."""
    store, acme, _ = sem
    want = expected(select(acme, START, NOW), ["requests", "spend"], ["user"])
    meets = want["requests"] > value if bound == ">" else want["requests"] <= value
    result = run(
        store,
        measures=["requests", "spend"],
        dimensions=["user"],
        having={"measure": "requests", "bound": bound, "value": value},
        compare="previous_period",
    )
    assert 0 < meets.sum() < len(want)  # the bound splits the users (the check can fail)
    assert_frames_match(result.frame, want[meets], ["user"], ["requests", "spend"])
    prev = expected(select(acme, START - (NOW - START), START), ["requests"], ["user"]).set_index("user")
    for row in result.frame.itertuples():
        assert row.requests_previous == prev.loc[row.user, "requests"]


def test_having_needs_a_grouping() -> None:
    with pytest.raises(ValueError, match="having"):
        SemanticQuery(
            measures=[Measure.SPEND],
            start=START,
            end=NOW,
            having={"measure": "spend", "bound": ">", "value": 5},  # type: ignore[arg-type]
        )


WINDOWS = [
    (START, NOW),  # ends inside hours
    (datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)),  # whole days
    (NOW - timedelta(hours=30), NOW),  # hourly roll-up and raw edges
]


@pytest.mark.parametrize("grain", [None, "hour", "day", "month"])
@pytest.mark.parametrize("window", WINDOWS)
def test_rollup_equals_raw_events(sem: Any, window: tuple[datetime, datetime], grain: str | None) -> None:
    store, _, _ = sem
    kw: dict[str, Any] = {
        "measures": ROLLUP_MEASURES,
        "dimensions": ["workload", "model"],
        "grain": grain,
        "start": window[0],
        "end": window[1],
        "filters": {"provider": ["openai", "anthropic"]},
        "exclude": {"task_type": ["extraction"]},
    }
    rolled, raw = run(store, rollup=RollupChoice.ROLLUPS, **kw), run(store, rollup=RollupChoice.RAW, **kw)
    assert (rolled.source, raw.source) == ("rollup", "events")
    keys = ["workload", "model"] + (["bucket"] if grain else [])
    assert_frames_match(rolled.frame, raw.frame, keys, ROLLUP_MEASURES)
    assert rolled.coverage == raw.coverage


def test_filters_and_exclusions_match_pandas(sem: Any) -> None:
    store, acme, _ = sem
    filters = {"user": ["u1", "u2", "u3"], "status": ["error", "cancelled"], "region": ["eu-west"]}
    exclude = {"error_type": ["timeout"], "model": ["gpt-4o"]}
    measures = ["error_spend", "errors", "latency_p99"]
    result = run(store, measures=measures, dimensions=["error_type"], filters=filters, exclude=exclude)
    want = expected(select(acme, START, NOW, filters, exclude), measures, ["error_type"])
    assert_frames_match(result.frame, want, ["error_type"], measures)
    assert set(result.frame["error_type"]) == {"rate_limit", "server_error"}


def test_weekends_only_and_one_weekday_filter_like_pandas(sem: Any) -> None:
    store, acme, _ = sem
    measures = ["spend", "requests", "days"]
    filters = {"day_type": ["weekend"]}
    result = run(store, measures=measures, dimensions=["weekday"], filters=filters, exclude={"weekday": ["Sunday"]})
    want = expected(select(acme, START, NOW, filters, {"weekday": ["Sunday"]}), measures, ["weekday"])
    assert_frames_match(result.frame, want, ["weekday"], measures)
    assert set(result.frame["weekday"]) == {"Saturday"}


def test_filter_values_are_parameters_never_sql(sem: Any) -> None:
    store, _, _ = sem
    hostile = "x' OR 1=1 --"
    result = run(store, measures=["requests"], filters={"user": [hostile]})
    assert int(result.frame.loc[0, "requests"]) == 0
    assert all(hostile not in s.sql for s in result.statements)
    assert [hostile] in [v for s in result.statements for v in s.parameters.values()]


def test_org_isolation(sem: Any) -> None:
    store, acme, globex = sem
    for org, events in (("acme", acme), ("globex", globex)):
        result = run(store, org=org, measures=["spend", "requests"], dimensions=["model"])
        models = set(result.frame["model"])
        assert all(m.startswith("globex-") for m in models) == (org == "globex")
        assert_frames_match(
            result.frame,
            expected(select(events, START, NOW), ["spend", "requests"], ["model"]),
            ["model"],
            ["spend", "requests"],
        )
    # A filter naming another org's model finds nothing.
    other = run(store, org="acme", measures=["requests"], filters={"model": ["globex-gpt-4o"]})
    assert int(other.frame.loc[0, "requests"]) == 0
    with pytest.raises(ValidationError, match="org"):
        run(store, org="", measures=["requests"])


def test_comparison_windows() -> None:
    w = Window(datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 15, tzinfo=UTC))
    windows = {c: compute_comparison_window(c, w) for c in Comparison}
    assert windows[Comparison.NONE] is None
    assert windows[Comparison.PREVIOUS_PERIOD] == Window(datetime(2026, 10, 18, tzinfo=UTC), w.start)
    assert windows[Comparison.SAME_WEEKDAY_LAST_WEEK] == Window(
        datetime(2026, 10, 25, tzinfo=UTC), datetime(2026, 11, 8, tzinfo=UTC)
    )
    assert windows[Comparison.PREVIOUS_MONTH] == Window(
        datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 10, 15, tzinfo=UTC)
    )
    assert windows[Comparison.PREVIOUS_YEAR] == Window(
        datetime(2025, 11, 1, tzinfo=UTC), datetime(2025, 11, 15, tzinfo=UTC)
    )
    # Whole months compare with as many months before; month ends clamp.
    q = Window(datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))
    assert compute_comparison_window(Comparison.PREVIOUS_MONTH, q) == Window(
        datetime(2026, 8, 1, tzinfo=UTC), datetime(2026, 10, 1, tzinfo=UTC)
    )
    assert compute_month_shift(datetime(2026, 3, 31, tzinfo=UTC), -1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert compute_month_shift(datetime(2028, 2, 29, tzinfo=UTC), -12) == datetime(2027, 2, 28, tzinfo=UTC)
    # The same weekday: a Tuesday compares with the Tuesday before.
    tue = Window(datetime(2026, 11, 10, tzinfo=UTC), datetime(2026, 11, 11, tzinfo=UTC))
    prev = compute_comparison_window(Comparison.SAME_WEEKDAY_LAST_WEEK, tue)
    assert prev is not None and prev.start.weekday() == tue.start.weekday() == 1 and prev.days == 1


# (previous_bucket compares the buckets of a grain: test_a_trend_compares_bucket_by_bucket checks it)
@pytest.mark.parametrize(
    "compare", [c.value for c in Comparison if c not in (Comparison.NONE, Comparison.PREVIOUS_BUCKET)]
)
def test_comparisons_match_pandas(sem: Any, compare: str) -> None:
    store, acme, _ = sem
    measures = ["spend", "requests", "latency_p95", "error_rate"]
    # a chosen window: any earlier span the question names, here 10 days that end 3 days before the window
    chosen: dict[str, Any] = {"compare_start": START - timedelta(days=13), "compare_end": START - timedelta(days=3)}
    extra = chosen if compare == Comparison.CHOSEN_WINDOW else {}
    result = run(store, measures=measures, dimensions=["workload"], compare=compare, normalize_per_day=False, **extra)
    other = result.comparison_window
    assert other is not None and result.comparison == compare and not result.per_day
    now = expected(select(acme, START, NOW), measures, ["workload"]).set_index("workload")
    before = expected(select(acme, other.start, other.end), measures, ["workload"]).set_index("workload")
    got = result.frame.set_index("workload")
    for m in measures:
        np.testing.assert_allclose(got[f"{m}_previous"], before.loc[got.index, m], rtol=1e-6)
        change = now.loc[got.index, m] - before.loc[got.index, m]
        np.testing.assert_allclose(got[f"{m}_change"], change, rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose(got[f"{m}_change_pct"], change / before.loc[got.index, m] * 100, rtol=1e-6)


def test_comparison_is_per_covered_day_when_coverage_differs(sem: Any) -> None:
    store, acme, _ = sem
    # The previous 30 days hold the 4-day gap: 26 days of data against 30.
    end = END
    start = end - timedelta(days=30)
    kw: dict[str, Any] = {
        "measures": ["spend", "requests", "error_rate"],
        "compare": "previous_period",
        "start": start,
        "end": end,
    }
    result = run(store, now=end, **kw)
    prev_start = start - timedelta(days=30)
    assert result.comparison_window == Window(prev_start, start)
    n_now, days_now = covered_days(select(acme, start, end), start, end)
    n_prev, days_prev = covered_days(select(acme, prev_start, start), prev_start, start)
    assert (n_now, n_prev) == (30, 26) and days_prev == pytest.approx(30 - (GAP[1] - GAP[0]).days)
    assert result.coverage.days_with_data == n_now and result.comparison_coverage.days_with_data == n_prev
    assert result.coverage.covered_days == pytest.approx(days_now)
    assert result.comparison_coverage.covered_days == pytest.approx(days_prev)
    assert result.per_day
    row = result.frame.iloc[0]
    spend_now, spend_prev = (
        select(acme, start, end)["cost_usd"].sum(),
        select(acme, prev_start, start)["cost_usd"].sum(),
    )
    assert row["spend_per_day"] == pytest.approx(spend_now / days_now)
    assert row["spend_previous_per_day"] == pytest.approx(spend_prev / days_prev)
    assert row["spend_change_pct"] == pytest.approx((spend_now / days_now / (spend_prev / days_prev) - 1) * 100)
    # Ratios are not divided by days.
    rate_prev = expected(select(acme, prev_start, start), ["error_rate"], [])["error_rate"][0]
    assert row["error_rate_previous"] == pytest.approx(rate_prev)
    assert "error_rate_per_day" not in result.frame
    # Asked not to normalise: the raw totals are compared.
    raw = run(store, now=end, normalize_per_day=False, **kw)
    assert not raw.per_day
    assert raw.frame.iloc[0]["spend_change_pct"] == pytest.approx((spend_now / spend_prev - 1) * 100)


def test_equal_coverage_compares_totals(sem: Any) -> None:
    store, _, _ = sem
    result = run(store, measures=["spend"], compare="same_weekday_last_week", start=NOW - timedelta(days=10))
    assert result.coverage.covered_days == pytest.approx(result.comparison_coverage.covered_days)
    assert not result.per_day and "spend_per_day" not in result.frame


def test_projection_is_the_run_rate_over_covered_days(sem: Any) -> None:
    store, acme, _ = sem
    # A month-to-date window that runs past now: the rate is over the days observed so far.
    start, end, now = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 16, 12, tzinfo=UTC), END
    to = datetime(2026, 12, 1, tzinfo=UTC)
    measures = ["spend", "requests", "latency_p95"]
    result = run(store, now=now, measures=measures, dimensions=["model"], start=start, end=end, project_to=to)
    events = select(acme, start, now)
    _, days = covered_days(events, start, now)
    remaining = (to - now) / timedelta(days=1)
    want = expected(events, measures, ["model"]).set_index("model")
    got = result.frame.set_index("model")
    for m in ("spend", "requests"):
        np.testing.assert_allclose(got[f"{m}_projected"], want.loc[got.index, m] * (1 + remaining / days), rtol=1e-9)
    assert "latency_p95_projected" not in got
    p = result.projection
    assert p is not None and p.measures == ("spend", "requests") and p.not_projected == ("latency_p95",)
    assert p.rate_days == pytest.approx(days) and p.remaining_days == pytest.approx(remaining)


def test_row_limit_marks_truncation(sem: Any) -> None:
    store, acme, _ = sem
    full = run(store, measures=["spend"], dimensions=["session"])
    assert not full.truncated and len(full.frame) == select(acme, START, NOW)["session_id"].nunique()
    cut = run(store, measures=["spend"], dimensions=["session"], row_limit=25)
    assert cut.truncated and len(cut.frame) == 25
    # The rows kept are the largest, in order.
    assert list(cut.frame["session"]) == list(full.frame["session"][:25])
    assert list(full.frame["spend"]) == sorted(full.frame["spend"], reverse=True)
    exact = run(store, measures=["spend"], dimensions=["session"], row_limit=len(full.frame))
    assert not exact.truncated
    assert all("LIMIT " in s.sql for s in cut.statements)


def test_top_n_ranks_and_picks_groups_for_a_trend(sem: Any) -> None:
    store, acme, _ = sem
    want = expected(select(acme, START, NOW), ["latency_p99"], ["user"]).sort_values("latency_p99")
    top = run(
        store, measures=["spend", "latency_p99"], dimensions=["user"], order_by="latency_p99", order="asc", top_n=3
    )
    assert list(top.frame["user"]) == list(want["user"][:3])
    spend = expected(select(acme, START, NOW), ["spend"], ["model"]).sort_values("spend", ascending=False)
    trend = run(store, measures=["spend"], dimensions=["model"], grain="week", top_n=2)
    assert set(trend.frame["model"]) == set(spend["model"][:2])


def test_what_it_cannot_answer_is_refused_not_substituted(sem: Any) -> None:
    store, _, _ = sem
    with pytest.raises(UnsupportedQueryError, match="cache savings cannot be computed") as err:
        run(store, measures=["spend", "cache_savings"])
    assert err.value.field == "measures.cache_savings" and isinstance(err.value, ValidationError)
    with pytest.raises(UnsupportedQueryError) as err:
        run(store, measures=["spend"], grain="week", compare="previous_period")  # 30 days: not whole weeks
    assert err.value.field == "compare" and "do not line up" in str(err.value)
    with pytest.raises(UnsupportedQueryError, match="do not line up"):
        run(store, measures=["spend"], grain="day", compare="previous_month")
    with pytest.raises(UnsupportedQueryError, match="latency_p95") as err:
        run(store, measures=["latency_p95"], project_to=END + timedelta(days=3))
    assert err.value.field == "project_to"
    with pytest.raises(ValidationError, match="measures: spend asked more than once"):
        run(store, measures=["spend", "requests", "spend"])
    with pytest.raises(ValidationError, match="roll-ups"):
        run(store, measures=["latency_p95"], rollup=RollupChoice.ROLLUPS)


def test_every_read_carries_a_time_limit(sem: Any) -> None:
    store, _, _ = sem
    seen: list[dict[str, Any]] = []

    class Spy:
        """Passes every query to the real client and keeps its settings."""

        def __init__(self, client: Any) -> None:
            self.client = client

        def query_df(self, sql: str, parameters: dict[str, Any], settings: dict[str, Any]) -> pd.DataFrame:
            seen.append(settings)
            return self.client.query_df(sql, parameters=parameters, settings=settings)

    query = SemanticQuery(measures=[Measure.SPEND], start=START, end=NOW, compare=Comparison.PREVIOUS_PERIOD)
    with store.session() as client:
        run_semantic_query(Spy(client), query, "acme", NOW, max_seconds=7)  # type: ignore[arg-type]
    assert len(seen) == 4 and all(s == {"max_execution_time": 7} for s in seen)


def test_an_empty_window_answers_zero_and_no_coverage(sem: Any) -> None:
    store, _, _ = sem
    start = datetime(2020, 1, 1, tzinfo=UTC)
    result = run(store, measures=["spend", "requests", "latency_p50"], start=start, end=start + timedelta(days=3))
    assert result.coverage.days_with_data == 0 and result.coverage.covered_days == 0
    row = result.frame.iloc[0]
    assert row["spend"] == 0 and row["requests"] == 0 and pd.isna(row["latency_p50"])
    grouped = run(store, measures=["spend"], dimensions=["model"], start=start, end=start + timedelta(days=3))
    assert grouped.frame.empty and list(grouped.frame.columns) == ["model", "spend"]
    trend = run(
        store,
        measures=["spend"],
        dimensions=["model"],
        grain="day",
        compare="previous_period",
        start=start,
        end=start + timedelta(days=3),
    )
    assert trend.frame.empty and "spend_previous" in trend.frame


def test_top_n_comparison_reads_the_groups_shown_past_the_row_limit(sem: Any) -> None:
    store, acme, _ = sem
    result = run(
        store, measures=["spend"], dimensions=["session"], top_n=5, row_limit=5, compare="previous_period", order="asc"
    )
    prev = result.comparison_window
    want = expected(select(acme, prev.start, prev.end), ["spend"], ["session"]).set_index("session")
    got = result.frame.set_index("session")
    assert len(got) == 5 and not result.truncated
    np.testing.assert_allclose(got["spend_previous"], want.loc[got.index, "spend"], rtol=1e-6)


@pytest.mark.parametrize(
    ("grain", "compare", "start", "end", "back"),
    [
        ("day", "same_weekday_last_week", NOW - timedelta(days=10), NOW, {"days": 7}),
        ("hour", "previous_period", NOW - timedelta(hours=30), NOW, {"hours": 30}),
        ("week", "previous_period", NOW - timedelta(days=28), NOW, {"days": 28}),
        ("month", "previous_month", datetime(2026, 6, 1, tzinfo=UTC), datetime(2026, 9, 1, tzinfo=UTC), {"months": 3}),
        ("month", "previous_year", datetime(2026, 9, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC), {"months": 12}),
        # each bucket against the one just before it ("day over day", "week over week", "month over month")
        ("day", "previous_bucket", NOW - timedelta(days=10), NOW, {"days": 1}),
        ("week", "previous_bucket", NOW - timedelta(days=28), NOW, {"days": 7}),
        ("month", "previous_bucket", datetime(2026, 6, 1, tzinfo=UTC), datetime(2026, 9, 1, tzinfo=UTC), {"months": 1}),
    ],
)
def test_a_trend_compares_bucket_by_bucket(
    sem: Any, grain: str, compare: str, start: datetime, end: datetime, back: dict[str, int]
) -> None:
    store, acme, _ = sem
    measures = ["spend", "requests", "latency_p95"]
    result = run(store, measures=measures, dimensions=["provider"], grain=grain, compare=compare, start=start, end=end)
    other = result.comparison_window
    assert other is not None and not result.per_day
    now = expected(select(acme, start, end), measures, ["provider"], grain)
    before = expected(select(acme, other.start, other.end), measures, ["provider"], grain)
    offset = pd.DateOffset(**back)
    before["bucket"] = [pd.Timestamp(b) + offset for b in before["bucket"]]
    want = now.merge(before, on=["bucket", "provider"], how="outer", suffixes=("", "_previous"))
    for m in ("spend", "requests"):
        want[m], want[f"{m}_previous"] = want[m].fillna(0.0), want[f"{m}_previous"].fillna(0.0)
    got = result.frame
    assert len(got) == len(want) > 0
    got = got.sort_values(["bucket", "provider"]).reset_index(drop=True)
    want = want.sort_values(["bucket", "provider"]).reset_index(drop=True)
    assert list(got["bucket"]) == list(want["bucket"]) and list(got["provider"]) == list(want["provider"])
    for m in measures:
        for column in (m, f"{m}_previous"):
            np.testing.assert_allclose(
                got[column].astype("float64"), want[column].astype("float64"), rtol=1e-6, equal_nan=True, err_msg=column
            )
    assert list(result.frame["bucket"]) == sorted(result.frame["bucket"])


def test_the_whole_month_before() -> None:
    """November so far against the whole of October; a whole month against the whole month before."""
    mtd = Window(datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 20, 12, tzinfo=UTC))
    assert compute_comparison_window(Comparison.PREVIOUS_FULL_MONTH, mtd) == Window(
        datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)
    )
    march = Window(datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))
    assert compute_comparison_window(Comparison.PREVIOUS_FULL_MONTH, march) == Window(
        datetime(2026, 2, 1, tzinfo=UTC), datetime(2026, 3, 1, tzinfo=UTC)
    )
    mid = Window(datetime(2026, 1, 10, tzinfo=UTC), datetime(2026, 1, 20, tzinfo=UTC))
    assert compute_comparison_window(Comparison.PREVIOUS_FULL_MONTH, mid) == Window(
        datetime(2025, 12, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)
    )


def test_whole_months_covered_in_full_compare_as_totals() -> None:
    sep = Window(datetime(2026, 9, 1, tzinfo=UTC), datetime(2026, 10, 1, tzinfo=UTC))
    octo = Window(datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC))
    full_sep, full_oct = Coverage(30, 30.0, 30.0), Coverage(31, 31.0, 31.0)
    assert is_whole_months(octo, sep, full_oct, full_sep)
    assert not is_whole_months(octo, sep, full_oct, Coverage(20, 20.0, 30.0))  # September half empty: per day
    mtd = Window(datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 20, 12, tzinfo=UTC))
    assert not is_whole_months(mtd, octo, Coverage(20, 19.5, 19.5), full_oct)  # a month so far: per day


def test_a_chosen_window_is_compared_as_given_and_only_with_its_bounds() -> None:
    chosen = {"compare": "chosen_window", "compare_start": START - timedelta(days=40), "compare_end": START}
    query = SemanticQuery.model_validate({"measures": ["spend"], "start": START, "end": NOW, **chosen})
    assert query.compare == Comparison.CHOSEN_WINDOW
    for wrong in (
        {"compare": "chosen_window"},
        {**chosen, "compare": "previous_period"},
        {**chosen, "compare_end": chosen["compare_start"]},
    ):
        with pytest.raises(pydantic.ValidationError, match="compare"):
            SemanticQuery.model_validate({"measures": ["spend"], "start": START, "end": NOW, **wrong})


@pytest.mark.parametrize("rollup", [RollupChoice.ROLLUPS, RollupChoice.RAW])
def test_error_measures_of_named_error_types_are_their_share_of_all_requests(sem: Any, rollup: RollupChoice) -> None:
    """ "timeout rate by model": errors of that kind over ALL of each model's requests (not over the kind's own)."""
    store, acme, _ = sem
    result = run(
        store,
        measures=["error_rate", "errors", "requests"],
        dimensions=["model"],
        error_kinds=["timeout", "rate_limit"],
        rollup=rollup,
    )
    assert result.source == ("rollup" if rollup is RollupChoice.ROLLUPS else "events")
    rows = select(acme, START, NOW)
    kinds = rows["error_type"].isin(["timeout", "rate_limit"]) & (rows["status"] != "ok")
    want = (
        rows.assign(kind=kinds)
        .groupby("model")
        .agg(errors=("kind", "sum"), requests=("kind", "size"))
        .reset_index()
        .assign(error_rate=lambda f: f["errors"] / f["requests"])
    )
    assert_frames_match(result.frame, want, ["model"], ["error_rate", "errors", "requests"])
    assert 0 < want["error_rate"].max() < 0.5  # a share of all requests, not 100 % of the kind's own


def test_share_of_whole_needs_a_filter_on_the_time_of_day_or_week() -> None:
    # (the tool states the filtered total against the same query without those filters: with none, nothing to state)
    base: dict[str, Any] = {"measures": ["requests"], "start": START, "end": NOW, "share_of_whole": True}
    SemanticQuery.model_validate({**base, "filters": {"hour_of_day": ["09:00"]}})
    with pytest.raises(pydantic.ValidationError, match="share_of_whole"):
        SemanticQuery.model_validate(base)
    with pytest.raises(pydantic.ValidationError, match="share_of_whole"):
        SemanticQuery.model_validate({**base, "filters": {"day_type": ["weekend"]}, "dimensions": ["model"]})


def test_token_prices_need_the_output_price_and_the_tokens() -> None:
    window = {"start": "2026-11-01T00:00:00Z", "end": "2026-11-08T00:00:00Z"}
    prices = {"kind": "token_prices", "value": 0.8, "output_value": 4.0}
    tokens = ["input_tokens", "output_tokens", "spend"]
    query = SemanticQuery.model_validate({"measures": tokens, "given": prices, **window})
    assert query.given == Given(kind=GivenKind.TOKEN_PRICES, value=0.8, output_value=4.0)
    with pytest.raises(pydantic.ValidationError, match="reads"):
        SemanticQuery.model_validate({"measures": ["spend"], "given": prices, **window})
    with pytest.raises(pydantic.ValidationError, match="output price"):
        SemanticQuery.model_validate({"measures": tokens, "given": {"kind": "token_prices", "value": 0.8}, **window})


def test_a_mark_is_of_one_of_the_measures() -> None:
    window = {"start": "2026-11-01T00:00:00Z", "end": "2026-11-08T00:00:00Z", "dimensions": ["provider"]}
    mark = {"measure": "error_rate", "bound": ">", "value": 0.08}
    query = SemanticQuery.model_validate({"measures": ["error_rate"], "mark": mark, **window})
    assert query.mark is not None and query.mark.value == 0.08 and query.mark.measure == Measure.ERROR_RATE
    with pytest.raises(pydantic.ValidationError, match="mark"):
        SemanticQuery.model_validate({"measures": ["spend"], "mark": mark, **window})


def test_share_within_is_one_of_two_dimensions() -> None:
    window = {"start": "2026-11-01T00:00:00Z", "end": "2026-11-08T00:00:00Z", "measures": ["spend"]}
    query = SemanticQuery.model_validate({"dimensions": ["workload", "provider"], "share_within": "workload", **window})
    assert query.share_within == Dimension.WORKLOAD
    with pytest.raises(pydantic.ValidationError, match="share_within"):
        SemanticQuery.model_validate({"dimensions": ["workload"], "share_within": "workload", **window})
    with pytest.raises(pydantic.ValidationError, match="share_within"):
        SemanticQuery.model_validate({"dimensions": ["workload", "model"], "share_within": "provider", **window})


def test_top_percent_is_of_one_dimension() -> None:
    window = {"start": "2026-11-01T00:00:00Z", "end": "2026-11-08T00:00:00Z", "measures": ["spend"]}
    query = SemanticQuery.model_validate({"dimensions": ["user"], "top_percent": 10, **window})
    assert query.top_percent == 10
    with pytest.raises(pydantic.ValidationError, match="top_percent"):
        SemanticQuery.model_validate({"dimensions": ["user", "model"], "top_percent": 10, **window})
    with pytest.raises(pydantic.ValidationError, match="top_percent"):
        SemanticQuery.model_validate({"dimensions": ["user"], "top_percent": 10, "top_n": 5, **window})


@pytest.mark.parametrize(
    ("figure", "bound", "value", "keep"),
    [
        ("prompt_tokens", ">", 3000.0, lambda e: (e["usage_known"] == 1) & (e["prompt_tokens"] > 3000)),
        ("completion_tokens", ">=", 400.0, lambda e: (e["usage_known"] == 1) & (e["completion_tokens"] >= 400)),
        ("latency_ms", ">", 2000.0, lambda e: e["latency_ms"] > 2000),
        ("cost_usd", "<", 0.01, lambda e: e["cost_usd"] < 0.01),
        ("quality", "<", 0.6, lambda e: e["quality"] < 0.6),
        ("ttft_ms", "<=", 300.0, lambda e: e["ttft_ms"] <= 300),
    ],
)
@pytest.mark.parametrize("dim", [None, "workload"])
def test_a_bound_on_each_call_keeps_the_calls_every_measure_is_of(
    sem: Any, figure: str, bound: str, value: float, keep: Any, dim: str | None
) -> None:
    """ "the error rate for calls longer than 3,000 input tokens": every measure is of the calls within the bound only
    (a call without the figure meets none), read from the raw events."""
    store, acme, _ = sem
    dims = [dim] if dim else []
    measures = ["requests", "spend", "error_rate", "latency_avg"]
    result = run(
        store, measures=measures, dimensions=dims, calls_within=[{"figure": figure, "bound": bound, "value": value}]
    )
    events = select(acme, START, NOW)
    kept = events[keep(events).fillna(False).astype(bool)]
    assert 0 < len(kept) < len(events)
    groups = kept.groupby(dimension_values(kept, dim)) if dim else [(None, kept)]
    want = pd.DataFrame(
        [
            {
                **({dim: key} if dim else {}),
                "requests": float(len(g)),
                "spend": g["cost_usd"].sum(),
                "error_rate": (g["status"] != "ok").mean(),
                "latency_avg": g["latency_ms"].mean(),
            }
            for key, g in groups
        ]
    )
    assert_frames_match(result.frame, want, dims, measures)
    assert result.source == "events"


def test_bounds_on_each_call_are_parameters_and_all_hold(sem: Any) -> None:
    """Two bounds on each call ("calls over 1,000 input tokens that cost more than a cent") both hold; their numbers
    are parameters of the SQL, never its text."""
    store, acme, _ = sem
    within = [
        {"figure": "prompt_tokens", "bound": ">", "value": 1000.0},
        {"figure": "cost_usd", "bound": ">", "value": 0.0123456},
    ]
    result = run(store, measures=["requests"], calls_within=within)
    events = select(acme, START, NOW)
    want = ((events["usage_known"] == 1) & (events["prompt_tokens"] > 1000) & (events["cost_usd"] > 0.0123456)).sum()
    assert int(result.frame.loc[0, "requests"]) == int(want)
    assert all("0.0123456" not in s.sql for s in result.statements)
    assert 0.0123456 in [v for s in result.statements for v in s.parameters.values()]


def test_share_of_whole_takes_bounds_on_each_call() -> None:
    """A share of the whole with a bound on each call ("what fraction of our spend went to calls scored below 0.6")
    is valid without a filter on the time or the named groups."""
    within = [CallBound(figure=CallFigure.QUALITY, bound=Bound.BELOW, value=0.6)]
    SemanticQuery(measures=[Measure.SPEND], calls_within=within, share_of_whole=True, start=START, end=NOW)
    with pytest.raises(ValueError, match="share_of_whole"):
        SemanticQuery(measures=[Measure.SPEND], share_of_whole=True, start=START, end=NOW)
