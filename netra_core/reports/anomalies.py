"""Flag days and workloads far off their usual level (pure; the rule is stated with every flag)."""

from __future__ import annotations

import pandas as pd

# A robust z-score (median and MAD) above this marks a day as anomalous. 3.5 is the usual cut-off
# (Iglewicz & Hoaglin) and ignores ordinary weekly swings while catching a doubling.
ROBUST_Z = 3.5
MIN_HISTORY_DAYS = 7
# A weekend day is compared with the weekend days before it, a weekday with the weekdays, when the
# history holds at least this many of its kind: traffic that halves every Saturday is not an anomaly.
MIN_SAME_KIND_DAYS = 4
DAY = pd.Timedelta(days=1)


def _is_weekend(day: pd.Timestamp) -> bool:
    return bool(day.day_of_week >= 5)


def compute_anomalies(
    daily: pd.DataFrame,
    period_start: pd.Timestamp,
    key: str = "workload",
    value: str = "spend_usd",
    *,
    period_end: pd.Timestamp | None = None,
    history_start: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Per key, days in the period whose value is far from the key's usual level before the period.

    `daily` has columns day (midnight UTC), <key>, <value>. Only whole days count: a day cut by
    `history_start` or `period_end` (today, still under way) is neither flagged nor part of the usual
    level. Each day is compared with the days of its own kind (weekdays or weekend days) when the
    history holds at least MIN_SAME_KIND_DAYS of them. Returns key, day, value, usual (median),
    robust_z, direction, rule.
    """
    days = pd.to_datetime(daily["day"], utc=True)
    whole = pd.Series(True, index=daily.index)
    if period_end is not None:
        whole &= days + DAY <= pd.Timestamp(period_end)
    if history_start is not None:
        whole &= days >= pd.Timestamp(history_start)
    daily = daily[whole].assign(day=days[whole])
    rows = []
    for name, part in daily.groupby(key):
        before = part[part["day"] < period_start]
        current = part[part["day"] >= period_start]
        if len(before) < MIN_HISTORY_DAYS or current.empty:
            continue
        weekend = before["day"].map(_is_weekend)
        for row in current.itertuples(index=False):
            same = before[weekend == _is_weekend(row.day)]
            history, kind = (
                (same[value], "weekend days" if _is_weekend(row.day) else "weekdays")
                if len(same) >= MIN_SAME_KIND_DAYS
                else (before[value], "days")
            )
            median = float(history.median())
            mad = float((history - median).abs().median())
            scale = 1.4826 * mad if mad > 0 else max(abs(median) * 0.05, 1e-9)
            observed = float(getattr(row, value))
            z = (observed - median) / scale
            if abs(z) > ROBUST_Z:
                rows.append(
                    {
                        key: name,
                        "day": row.day,
                        value: observed,
                        "usual": median,
                        "robust_z": round(z, 1),
                        "direction": "above" if z > 0 else "below",
                        "rule": f"robust z-score {z:+.1f} against the {len(history)} {kind} before "
                        f"(flagged beyond ±{ROBUST_Z}; median and 1.4826·MAD)",
                    }
                )
    columns = [key, "day", value, "usual", "robust_z", "direction", "rule"]
    return (
        pd.DataFrame(rows, columns=columns).sort_values("robust_z", key=lambda s: -s.abs())
        if rows
        else pd.DataFrame(columns=columns)
    )


def compute_movers(
    current: pd.DataFrame, previous: pd.DataFrame, key: str, value: str = "spend_usd", top: int = 5
) -> pd.DataFrame:
    """The keys whose value changed most (absolute) between two periods: key, previous, current, change, change_pct."""
    merged = (
        current.set_index(key)[[value]]
        .join(previous.set_index(key)[[value]], how="outer", lsuffix="_cur", rsuffix="_prev")
        .fillna(0.0)
    )
    merged.columns = ["current", "previous"]
    merged["change"] = merged["current"] - merged["previous"]
    merged["change_pct"] = (merged["change"] / merged["previous"].where(merged["previous"] != 0)) * 100
    merged = merged.reindex(merged["change"].abs().sort_values(ascending=False).index)
    return merged.head(top).reset_index()
