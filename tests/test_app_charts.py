"""The app's figures: a time bucket the window only partly covers is drawn as partial, not as a drop."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from netra_app.charts import compute_bucket_coverage, spend_over_time


def days(*stamps: str) -> pd.Series:
    return pd.Series(pd.to_datetime(list(stamps)))


def test_coverage_of_a_window_cut_inside_its_first_and_last_day() -> None:
    start, end = datetime(2026, 11, 1, 18, tzinfo=UTC), datetime(2026, 11, 4, 6, tzinfo=UTC)
    share = compute_bucket_coverage(days("2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"), start, end, "day")
    assert list(share.round(3)) == [0.25, 1.0, 1.0, 0.25]


def test_coverage_of_whole_days_hours_and_months() -> None:
    start, end = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 3, tzinfo=UTC)
    assert list(compute_bucket_coverage(days("2026-11-01", "2026-11-02"), start, end, "day")) == [1.0, 1.0]
    hours = pd.Series(pd.to_datetime(["2026-11-01 00:00", "2026-11-02 23:00"], utc=True))
    assert list(compute_bucket_coverage(hours, start, end, "hour")) == [1.0, 1.0]
    month = compute_bucket_coverage(days("2026-11-01"), start, datetime(2026, 11, 16, tzinfo=UTC), "month")
    assert round(float(month.iloc[0]), 3) == 0.5  # 15 of November's 30 days


def test_the_spend_chart_fades_partial_days_and_says_so() -> None:
    frame = pd.DataFrame(
        {
            "bucket": pd.to_datetime(["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"] * 2),
            "model": ["a"] * 4 + ["b"] * 4,
            "spend_usd": [1.0, 4.0, 3.5, 0.5, 2.0, 3.0, 2.5, 0.4],
        }
    )
    window = (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 4, 6, tzinfo=UTC))  # 78 hours: daily bars
    fig = spend_over_time(frame, "model", window)
    for trace in fig.data:
        assert list(trace.marker.opacity) == [1.0, 1.0, 1.0, 0.45]
        assert "partial day: 25% of it in the window" in trace.customdata[-1][0]
    assert "partial day" in fig.layout.title.text
    whole = spend_over_time(frame, "model", (window[0], datetime(2026, 11, 5, tzinfo=UTC)))
    assert "partial" not in whole.layout.title.text and list(whole.data[0].marker.opacity) == [1.0] * 4
