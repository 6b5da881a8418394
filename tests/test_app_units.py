"""The app's pure parts: table formats, conversation labels and the sidebar filters a shared link carries."""

from __future__ import annotations

import pandas as pd

from netra_app.tables import (
    compute_column_config,
    compute_column_kind,
    compute_label,
    compute_money_decimals,
    compute_shown_frame,
)


def test_headers_read_as_words() -> None:
    assert compute_label("spend_usd") == "Spend (USD)"
    assert compute_label("latency_p95_ms") == "Latency p95 (ms)"
    assert compute_label("cost_per_1k_requests") == "Cost per 1k requests"
    assert compute_label("error_rate") == "Error rate"
    assert compute_label("model") == "Model"
    assert compute_label("spend (USD)") == "Spend (USD)" and compute_label("last sign-in") == "Last sign-in"


def test_kinds_by_name_and_type() -> None:
    numbers = pd.Series([0.5, 0.25])
    kinds = {
        c: compute_column_kind(c, numbers)
        for c in [
            "spend_usd",
            "error_rate",
            "duplicate_share",
            "requests",
            "latency_p95_ms",
            "mean_quality",
            "tokens/s",
            "output_tokens_per_s",
            "rate_limit_errors",
            "context",
        ]
    }
    assert kinds == {
        "spend_usd": "money",
        "error_rate": "share",
        "duplicate_share": "share",
        "requests": "count",
        "latency_p95_ms": "ms",
        "mean_quality": "score",
        "tokens/s": "count",
        "output_tokens_per_s": "count",
        "rate_limit_errors": "count",
        "context": None,
    }
    assert compute_column_kind("spend_usd", pd.Series(["a"])) is None  # text is never formatted as a number


def test_dollars_get_the_decimals_their_values_need() -> None:
    assert compute_money_decimals(pd.Series([1234.5678, 12.3])) == 2
    assert compute_money_decimals(pd.Series([0.00042, 0.00051, 0.0])) == 5  # cost per request: two significant digits
    assert compute_money_decimals(pd.Series([0.0, None])) == 2


def test_config_formats_and_missing_text() -> None:
    frame = pd.DataFrame(
        {
            "user": ["u1", None],
            "spend_usd": [1234.5, 3.25],
            "share": [0.6513, 0.3487],
            "requests": [12000, 800],
            "latency_p95_ms": [1520.4, 900.0],
        }
    )
    config = compute_column_config(frame)
    assert config["spend_usd"]["label"] == "Spend (USD)" and config["spend_usd"]["type_config"]["format"] == "$%,.2f"
    assert config["share"]["type_config"]["format"] == "percent"
    assert config["requests"]["type_config"]["format"] == "%,.0f"
    assert config["user"]["label"] == "User"
    shown = compute_shown_frame(frame)
    assert list(shown["user"]) == ["u1", "—"] and shown["spend_usd"].tolist() == [1234.5, 3.25]


def test_list_prices_are_never_rounded() -> None:
    prices = pd.Series([2.5, 10.0, 0.075])
    assert compute_money_decimals(prices) == 2 and compute_money_decimals(prices, exact=True) == 3
    config = compute_column_config(pd.DataFrame({"input $/Mtok": prices}))
    assert config["input $/Mtok"]["type_config"]["format"] == "$%,.3f"


def test_a_page_names_a_columns_kind_where_its_name_does_not_tell() -> None:
    frame = pd.DataFrame({"input": [2.5, 0.075], "context": [128000, 200000]})
    config = compute_column_config(frame, {"input": "price"})
    assert config["input"]["type_config"]["format"] == "$%,.3f" and config["input"]["label"] == "Input"
    assert "type_config" not in config["context"] or config["context"]["type_config"].get("format") is None


def test_conversations_are_labelled_with_when_they_were_used() -> None:
    from datetime import UTC, datetime

    from netra_app.chat_render import compute_thread_label

    now = datetime(2026, 12, 5, 19, 0, tzinfo=UTC)
    assert compute_thread_label("spend by model", datetime(2026, 12, 5, 14, 2), now) == "spend by model · 14:02"
    assert compute_thread_label("x", datetime(2026, 12, 4, 23, 0, tzinfo=UTC), now, current=True) == "▸ x · yesterday"
    assert compute_thread_label("", datetime(2026, 11, 3, tzinfo=UTC), now) == "Untitled · 3 Nov"
    assert compute_thread_label("y", datetime(2025, 12, 3, tzinfo=UTC), now) == "y · 3 Dec 2025"
    long = compute_thread_label("which model should serve our support traffic next quarter", now, now)
    assert long.startswith("which model should serve our suppor…") and long.endswith(" · 19:00")


def test_a_shared_links_filters_are_read_and_bad_parts_named() -> None:
    from datetime import UTC, date, datetime

    from netra_app.filters import CUSTOM, FilterState, parse_filter_params

    options = {"workloads": ["support-bot", "summarizer"], "models": ["gpt-4o"], "providers": ["openai"]}
    values, warnings = parse_filter_params(
        {"range": ["custom"], "from": ["2026-11-01"], "to": ["2026-11-10"], "model": ["gpt-4o"]}, options
    )
    assert (
        values
        == {
            "netra_filter_range": CUSTOM,
            "netra_filter_days": (date(2026, 11, 1), date(2026, 11, 10)),
            "netra_filter_models": ["gpt-4o"],
        }
        and warnings == []
    )
    _, bad = parse_filter_params({"range": ["custom"], "from": ["2026-11-10"], "to": ["2026-11-01"]}, options)
    assert bad == ["custom dates need from and to as YYYY-MM-DD, from not after to"]
    _, unknown = parse_filter_params({"range": ["1y"]}, options)
    assert unknown == ["range '1y' is not one of 24h, 7d, 30d, 90d, custom"]
    state = FilterState(CUSTOM, ("support-bot",), (), (), date(2026, 11, 1), date(2026, 11, 10))
    f = state.to_filter("acme", datetime(2026, 12, 1, tzinfo=UTC))
    assert (f.start, f.end) == (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 11, tzinfo=UTC))
    assert state.previous_label == "previous 10 days"
    assert state.to_params() == {
        "range": "custom",
        "from": "2026-11-01",
        "to": "2026-11-10",
        "workload": ["support-bot"],
    }


def test_every_table_of_the_app_goes_through_show_table() -> None:
    """A page calling st.dataframe itself shows raw snake_case headers and unrounded floats (#18, the Optimize page
    did): every table is drawn by netra_app.tables.show_table."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    files = [root / "app.py", *sorted((root / "views").glob("*.py")), *sorted((root / "netra_app").glob("*.py"))]
    direct = [
        f"{path.relative_to(root)}:{node.lineno}"
        for path in files
        if path.name != "tables.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"dataframe", "table", "data_editor"}
    ]
    assert direct == []
