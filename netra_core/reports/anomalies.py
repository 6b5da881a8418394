"""Flag days and workloads far off their usual level (pure; the rule is stated with every flag)."""

from __future__ import annotations

import pandas as pd

# A robust z-score (median and MAD) above this marks a day as anomalous. 3.5 is the usual cut-off
# (Iglewicz & Hoaglin) and ignores ordinary weekly swings while catching a doubling.
ROBUST_Z = 3.5
MIN_HISTORY_DAYS = 7


def compute_anomalies(
    daily: pd.DataFrame, period_start: pd.Timestamp, key: str = "workload", value: str = "spend_usd"
) -> pd.DataFrame:
    """Per key, days in the period whose value is far from the key's history before the period.

    `daily` has columns day, <key>, <value>. Returns key, day, value, usual (median), robust_z, direction, rule.
    """
    rows = []
    for name, part in daily.groupby(key):
        history = part[part["day"] < period_start][value]
        current = part[part["day"] >= period_start]
        if len(history) < MIN_HISTORY_DAYS or current.empty:
            continue
        median = float(history.median())
        mad = float((history - median).abs().median())
        scale = 1.4826 * mad if mad > 0 else max(abs(median) * 0.05, 1e-9)
        for row in current.itertuples(index=False):
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
                        "rule": f"robust z-score {z:+.1f} vs the {len(history)} days before (|z| > {ROBUST_Z}: median ± 1.4826·MAD)",
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
