"""Tables with one look across the app: readable headers, dollars with the decimals the values need, shares as
percentages, thousands separators, and "—" for a missing value (never "None"). The data is left as it is (so a
CSV download from the table's toolbar keeps full precision); only how it is shown changes."""

from __future__ import annotations

import math
import numbers
import re
from decimal import Decimal
from typing import Any

import pandas as pd
import streamlit as st

MISSING = "—"
_MONEY = re.compile(r"(^|_|\b)(usd|spend|cost|costs|price|savings|saves|budget)(_|\b|$)|\$")
_PRICE = re.compile(r"price|mtok|per_1k|per 1k")
_SHARE = re.compile(r"(^|_|\b)(share|rate|ratio|fraction)(_|\b|$)")
_NOT_SHARE = re.compile(r"per_s|/s|tokens_per|rate_limit")
_COUNT = re.compile(r"(^|_|\b)(requests|events|rows|tokens|prompts|models|count|calls|errors|spans|users|runs)(_|\b|$)")
_MS = re.compile(r"(_ms$|\(ms\)$)")
_SCORE = re.compile(r"(^|_|\b)(quality|score)(_|\b|$)")
_WORDS = {
    "usd": "(USD)",
    "ms": "(ms)",
    "pct": "%",
    "mtok": "Mtok",
    "id": "ID",
    "ttft": "TTFT",
    "url": "URL",
    "p50": "p50",
    "p90": "p90",
    "p95": "p95",
    "p99": "p99",
    "1k": "1k",
}


def compute_label(column: str) -> str:
    """snake_case to a header: spend_usd -> Spend (USD), latency_p95_ms -> Latency p95 (ms); other text as it is."""
    if "_" not in column:
        return column[:1].upper() + column[1:]
    words = [_WORDS.get(w, w) for w in column.split("_") if w]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def compute_money_decimals(values: pd.Series, exact: bool = False) -> int:
    """2 decimals for dollars and cents; more only when the typical non-zero value is below a cent (cost per request).
    `exact` (list prices): enough for the smallest non-zero value, so no price is shown rounded."""
    nonzero = pd.to_numeric(values, errors="coerce").abs()
    nonzero = nonzero[nonzero > 0]
    if nonzero.empty:
        return 2
    typical = float(nonzero.min() if exact else nonzero.median())
    if typical >= 0.1:
        return 2
    return min(6, max(2, 1 - math.floor(math.log10(typical))))  # two significant digits


def compute_column_kind(column: str, values: pd.Series) -> str | None:
    """money, share, count, ms, score, or None (left to Streamlit) for a numeric column; None for any other."""
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return None
    name = column.lower()
    if _MS.search(name):
        return "ms"
    if _SHARE.search(name) and not _NOT_SHARE.search(name):
        return "share"
    if _MONEY.search(name):
        return "money"
    if _SCORE.search(name):
        return "score"
    if _COUNT.search(name):
        return "count"
    return None


def compute_column_config(frame: pd.DataFrame, kinds: dict[str, str] | None = None) -> dict[str, Any]:
    """Streamlit column settings for every column of the frame: a readable label and a number format by kind
    (`kinds` names a column's kind where its name does not tell: "price" for a list price in dollars, "progress" for a
    share drawn as a bar)."""
    config: dict[str, Any] = {}
    for column in frame.columns:
        name = str(column)
        label = compute_label(name)
        kind = (kinds or {}).get(name) or compute_column_kind(name, frame[column])
        if kind in {"money", "price"}:
            exact = kind == "price" or _PRICE.search(name.lower()) is not None
            decimals = compute_money_decimals(frame[column], exact=exact)
            config[name] = st.column_config.NumberColumn(label, format=f"$%,.{decimals}f")
        elif kind == "share":
            config[name] = st.column_config.NumberColumn(label, format="percent")
        elif kind == "progress":  # a share drawn as a bar (full at 1.0; the number says how far past it)
            config[name] = st.column_config.ProgressColumn(label, format="percent", min_value=0.0, max_value=1.0)
        elif kind in {"count", "ms"}:
            config[name] = st.column_config.NumberColumn(label, format="%,.0f")
        elif kind == "score":
            config[name] = st.column_config.NumberColumn(label, format="%.3f")
        elif label != name:
            config[name] = st.column_config.Column(label)
    return config


def is_number_column(values: pd.Series) -> bool:
    """Whether an object column holds numbers and missing values only (a price column with None where a model has
    no price): drawn as numbers, so their format applies and a missing one shows as "—", not as "None"."""
    present = values[values.notna()]
    return all(isinstance(v, numbers.Real | Decimal) and not isinstance(v, bool) for v in present)


def compute_shown_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as drawn: an object column of numbers and None becomes a number column, and a missing value in a
    text column becomes "—" (missing numbers and dates are left missing: `show_table` has the grid draw them as "—")."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_object_dtype(values) and is_number_column(values):
            out[column] = pd.to_numeric(values.astype(float))
        elif pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values):
            out[column] = values.astype(object).where(values.notna(), MISSING)
    return out


def show_table(
    frame: pd.DataFrame, *, container: Any = None, kinds: dict[str, str] | None = None, **kwargs: Any
) -> Any:
    """st.dataframe with the app's formats (hide_index and full width unless given). A missing value shows as "—":
    Streamlit's grid draws a missing number or date as "None" unless told otherwise."""
    kwargs.setdefault("hide_index", True)
    kwargs.setdefault("width", "stretch")
    kwargs.setdefault("placeholder", MISSING)
    target = container if container is not None else st
    shown = compute_shown_frame(frame)
    return target.dataframe(shown, column_config=compute_column_config(shown, kinds), **kwargs)
