"""`query_metrics` through the real dispatcher: figures against pandas, the answer text (figures, window, coverage,
comparison, SQL, escaped names), the org from the signed-in user only, the argument contract and its schema."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pandas as pd
import pytest

from netra_core.agents.answers import compute_unsupported_numbers, money
from netra_core.agents.assistant import make_registry
from netra_core.agents.dispatcher import Dispatcher
from netra_core.agents.query_answer import describe_query_result
from netra_core.agents.tools import ToolContext
from netra_core.agents.tools_query import query_metrics_schema
from netra_core.analytics.semantic import Grain, Measure, SemanticQuery
from netra_core.analytics.semantic_result import Coverage, SemanticResult, Statement, Window
from netra_core.errors import ToolArgumentsError, ToolFailedError
from tests.agents.builders import NOW, AgentEnv, make_events


def _dispatcher(env: AgentEnv, username: str = "ana") -> Dispatcher:
    ctx = ToolContext(auth=env.auth(username), store=env.store, session_factory=env.session_factory, now=NOW)
    return Dispatcher(make_registry(), ctx)


def _events(org: str, start: datetime, end: datetime) -> pd.DataFrame:
    frame = make_events("acme", 3000, seed=1) if org == "acme" else make_events("globex", 800, seed=2)
    frame["ts"] = pd.to_datetime(frame["ts"], utc=True)
    return frame[(frame["ts"] >= start) & (frame["ts"] < end)]


def _evidence(data: dict[str, Any], table: list[dict[str, Any]], sql: list[dict[str, Any]]) -> list[Any]:
    # Everything the tool returned except the answer text itself, so the check is not circular.
    return [{k: v for k, v in data.items() if k != "answer"}, table, sql]


def test_spend_by_model_matches_pandas_and_the_answer_states_it(agent_env: AgentEnv) -> None:
    dispatcher = _dispatcher(agent_env)
    result = dispatcher.call(
        "data_analysis", "query_metrics", {"measures": ["spend", "requests"], "dimensions": ["model"], "days": 7}
    )
    events = _events("acme", NOW - timedelta(days=7), NOW)
    want = events.groupby("model").agg(spend=("cost_usd", "sum"), requests=("event_id", "count"))
    got = {r["model"]: r for r in result.table}
    assert set(got) == set(want.index)
    for model, row in want.iterrows():
        assert got[model]["spend"] == pytest.approx(row["spend"], abs=1e-6)
        assert got[model]["requests"] == row["requests"]
    answer = result.data["answer"]
    top = want["spend"].idxmax()
    # The figures are in the text, not only in the table; the window, coverage and SQL too.
    assert f"model {top}: spend {money(float(want.loc[top, 'spend']))}" in answer
    assert "2026-11-13 12:00 to 2026-11-20 12:00 UTC (7.00 days)" in answer
    assert "data on 8 UTC day(s), covering 7.00 of its 7.00 days" in answer
    assert "```sql" in answer and "{org:String}" not in answer.split("```sql")[0]
    assert result.data["coverage"]["days_with_data"] == 8
    assert compute_unsupported_numbers(answer, _evidence(result.data, result.table, result.sql)) == []
    assert result.sql and "org_id = {" in result.sql[0]["sql"]


def test_comparison_answer_names_both_windows_and_the_change(agent_env: AgentEnv) -> None:
    dispatcher = _dispatcher(agent_env)
    args = {
        "measures": ["spend", "error_rate"],
        "start": "2026-11-10T00:00:00Z",
        "end": "2026-11-17T00:00:00Z",
        "compare": "same_weekday_last_week",
    }
    result = dispatcher.call("data_analysis", "query_metrics", args)
    now = _events("acme", datetime(2026, 11, 10, tzinfo=UTC), datetime(2026, 11, 17, tzinfo=UTC))
    before = _events("acme", datetime(2026, 11, 3, tzinfo=UTC), datetime(2026, 11, 10, tzinfo=UTC))
    row = result.table[0]
    assert row["spend"] == pytest.approx(now["cost_usd"].sum(), abs=1e-6)
    assert row["spend_previous"] == pytest.approx(before["cost_usd"].sum(), abs=1e-6)
    change = (now["cost_usd"].sum() / before["cost_usd"].sum() - 1) * 100
    assert row["spend_change_pct"] == pytest.approx(change, abs=1e-4)
    answer = result.data["answer"]
    assert "Compared with the same weekday last week: 2026-11-03 00:00 to 2026-11-10 00:00 UTC" in answer
    assert f"{'up' if change >= 0 else 'down'} {abs(change):.1f} %" in answer
    assert not result.data["per_day"]
    assert compute_unsupported_numbers(answer, _evidence(result.data, result.table, result.sql)) == []


def test_the_org_is_the_signed_in_users(agent_env: AgentEnv) -> None:
    args = {"measures": ["requests"], "days": 28}
    acme = _dispatcher(agent_env, "ana").call("data_analysis", "query_metrics", args)
    globex = _dispatcher(agent_env, "gus").call("data_analysis", "query_metrics", args)
    assert acme.table[0]["requests"] == len(_events("acme", NOW - timedelta(days=28), NOW))
    assert globex.table[0]["requests"] == len(_events("globex", NOW - timedelta(days=28), NOW))


@pytest.mark.parametrize("key", ["org", "org_id", "tenant"])
def test_an_org_argument_is_refused(agent_env: AgentEnv, key: str) -> None:
    dispatcher = _dispatcher(agent_env)
    with pytest.raises(ToolArgumentsError, match=f"{key}: the org cannot be chosen in a query"):
        dispatcher.call("data_analysis", "query_metrics", {"measures": ["spend"], "days": 7, key: "globex"})
    assert not dispatcher.calls


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"measures": ["spend"]}, "give `days` \\(ending now\\) or both `start` and `end`"),
        ({"measures": ["spend"], "days": 7, "start": "2026-11-01T00:00:00Z"}, "not both"),
        ({"measures": ["spend"], "start": "2026-11-01T00:00:00Z"}, "both `start` and `end`"),
        ({"measures": ["profit"], "days": 7}, "measures.0: Input should be 'spend'"),
        ({"measures": ["spend"], "days": 7, "order_by": "requests"}, "order_by: .*not one of the query's measures"),
        ({"measures": ["spend"], "days": 7, "filters": {"colour": ["red"]}}, "filters.colour"),
    ],
)
def test_bad_arguments_are_retry_errors(agent_env: AgentEnv, args: dict[str, Any], message: str) -> None:
    with pytest.raises(ToolArgumentsError, match=message):
        _dispatcher(agent_env).call("data_analysis", "query_metrics", args)


def test_an_unsupported_measure_fails_naming_it(agent_env: AgentEnv) -> None:
    with pytest.raises(ToolFailedError, match=r"measures\.cache_savings: cache savings cannot be computed"):
        _dispatcher(agent_env).call("data_analysis", "query_metrics", {"measures": ["cache_savings"], "days": 7})


def test_the_schema_follows_the_query_model() -> None:
    schema = query_metrics_schema()
    props = schema["properties"]
    assert schema.get("additionalProperties") is False
    assert not {"org", "org_id"} & set(props)
    fields = {
        "measures",
        "dimensions",
        "filters",
        "exclude",
        "grain",
        "compare",
        "compare_start",
        "compare_end",
        "normalize_per_day",
        "order_by",
        "order",
        "top_n",
        "project_to",
        "annualize",
        "rate_per",
        "rate_also",
        "monthly_run_rate",
        "mean_per_group",
        "median_per_group",
        "sd_per_group",
        "count_groups",
        "extremes",
        "difference",
        "ratio",
        "error_kinds",
        "budget_usd",
        "given",
        "percent_gap",
        "having",
        "top_percent",
        "share_within",
        "mark",
        "change_bound",
        "quality_band",
        "prompt_band",
        "latency_band",
        "ttft_band",
        "cost_band",
        "band_upper",
        "calls_within",
        "at_rate_of",
        "share_of_whole",
        "group_name",
        "start",
        "end",
        "days",
    }
    assert fields == set(props)
    measures = schema["$defs"]["Measure"]["enum"]
    assert set(measures) == {m.value for m in Measure}
    registered = [s for s in make_registry().schemas("viewer") if s["function"]["name"] == "query_metrics"]
    assert registered and registered[0]["function"]["parameters"] == schema


def test_names_from_the_logs_are_escaped_in_the_answer() -> None:
    hostile = "[click](https://evil.example)"
    query = SemanticQuery(
        measures=[Measure.SPEND],
        dimensions=["workload"],  # type: ignore[list-item]
        start=datetime(2026, 11, 1, tzinfo=UTC),
        end=datetime(2026, 11, 2, tzinfo=UTC),
    )
    frame = pd.DataFrame({"workload": [hostile, ""], "spend": [1.5, 0.25]})
    result = SemanticResult(
        frame, Window(query.start, query.end), Coverage(1, 1.0, 1.0), "events", False, [Statement("SELECT 1", {})]
    )
    text = describe_query_result(query, result)
    assert hostile not in text and "\\[click\\](https\\://evil.example)" in text and "$1.50" in text
    assert "- workload (none): spend $0.2500" in text


def test_a_comparison_window_without_data_is_said_not_computed(agent_env: AgentEnv) -> None:
    # The events start 28 days before NOW: the 30 days before a 30-day window hold none.
    args = {"measures": ["spend"], "dimensions": ["workload"], "days": 30, "compare": "previous_period"}
    result = _dispatcher(agent_env).call("data_analysis", "query_metrics", args)
    assert result.data["comparison_coverage"]["days_with_data"] == 0 and not result.data["per_day"]
    assert all(r["spend_previous"] == 0 and r["spend_change_pct"] is None for r in result.table)
    answer = result.data["answer"]
    assert "no change can be computed" in answer and "Compared:" not in answer and "per covered day" not in answer


def test_an_llm_supervisor_drives_query_metrics_through_its_schema(agent_env: AgentEnv) -> None:
    """Through the real SDK and a scripted server: the schema is offered, an org argument is refused and the model
    retries, the query runs for the signed-in org, and the figure the model states comes from the tool."""
    import numpy as np

    from netra_core.agents.answers import ms
    from netra_core.agents.assistant import ask
    from netra_core.agents.llm_supervisor import make_llm_supervisor
    from netra_core.agents.providers.openai_compat import OpenAICompatProvider
    from tests.agents.conftest import ALLOWED_MODEL_URLS
    from tests.agents.scripted_server import run_scripted_server, stream_text, stream_tool_calls

    week = _events("acme", NOW - timedelta(days=7), NOW)
    p99 = float(np.quantile(week.loc[week["model"] == "gpt-4o", "latency_ms"].astype("float64"), 0.99))
    args = {"measures": ["latency_p99"], "dimensions": ["model"], "filters": {"model": ["gpt-4o"]}, "days": 7}
    script = [
        stream_tool_calls(("query_metrics", {**args, "org": "globex"})),
        stream_tool_calls(("query_metrics", args)),
        stream_text(f"The p99 latency of gpt-4o over the last 7 days was {ms(p99)}."),
    ]
    with run_scripted_server(script) as server:
        ALLOWED_MODEL_URLS.add(server.base_url)
        provider = OpenAICompatProvider(
            base_url=server.base_url, model="gpt-4o-mini", api_key="test", timeout_s=5, max_retries=1
        )
        result = ask(
            agent_env.session_factory,
            agent_env.store,
            agent_env.auth("ana"),
            "p99 latency of gpt-4o?",
            now=NOW,
            supervisor=make_llm_supervisor(provider),
        )
    assert result.status == "succeeded", result.error
    offered = {t["function"]["name"]: t["function"] for t in server.requests[0]["body"]["tools"]}
    assert offered["query_metrics"]["parameters"] == query_metrics_schema()
    calls = [s for s in result.steps if s.get("tool") == "query_metrics"]
    assert [s["status"] for s in calls] == ["retry", "ok"]
    assert "org: the org cannot be chosen" in calls[0]["error"]
    assert calls[1]["sql"][0]["parameters"]["org"] == "acme"
    assert calls[1]["result"]["query"]["measures"] == ["latency_p99"]
    assert result.text.startswith(f"The p99 latency of gpt-4o over the last 7 days was {ms(p99)}.")
    assert not result.payload.get("unsupported_numbers")


def _result(query: SemanticQuery, frame: pd.DataFrame, **kwargs: Any) -> SemanticResult:
    return SemanticResult(
        frame,
        Window(query.start, query.end),
        Coverage(1, 1.0, 1.0),
        "events",
        kwargs.get("truncated", False),
        [Statement("SELECT 1", {})],
    )


def test_a_grouped_sum_states_each_groups_share_of_the_total() -> None:
    query = SemanticQuery(
        measures=[Measure.SPEND, Measure.REQUESTS],
        dimensions=["provider"],  # type: ignore[list-item]
        start=datetime(2026, 11, 1, tzinfo=UTC),
        end=datetime(2026, 11, 2, tzinfo=UTC),
    )
    frame = pd.DataFrame(
        {"provider": ["openai", "anthropic", "groq"], "spend": [6.0, 3.0, 1.0], "requests": [10, 30, 60]}
    )
    text = describe_query_result(query, _result(query, frame))
    assert "Total: spend $10.00; requests 100." in text
    assert "provider openai: spend $6.00 (60.0 % of the total); requests 10 (10.0 % of the total)" in text
    assert "provider groq: spend $1.00 (10.0 % of the total); requests 60 (60.0 % of the total)" in text


@pytest.mark.parametrize(
    "changes",
    [{"top_n": 2}, {"grain": "day"}, {"measures": [Measure.QUALITY]}],
)
def test_no_share_when_the_rows_are_not_every_group_or_do_not_add_up(changes: dict[str, Any]) -> None:
    base = {
        "measures": [Measure.SPEND],
        "dimensions": ["provider"],
        "start": datetime(2026, 11, 1, tzinfo=UTC),
        "end": datetime(2026, 11, 3, tzinfo=UTC),
    }
    query = SemanticQuery.model_validate({**base, **changes})
    frame = pd.DataFrame(
        {
            "provider": ["openai", "groq"],
            "spend": [6.0, 1.0],
            "quality": [0.9, 0.8],
            "bucket": [datetime(2026, 11, 1, tzinfo=UTC)] * 2,
        }
    )
    text = describe_query_result(query, _result(query, frame))
    assert "% of the total" not in text and "Total:" not in text


def test_a_truncated_result_states_no_share() -> None:
    query = SemanticQuery(
        measures=[Measure.SPEND],
        dimensions=["model"],  # type: ignore[list-item]
        start=datetime(2026, 11, 1, tzinfo=UTC),
        end=datetime(2026, 11, 2, tzinfo=UTC),
    )
    text = describe_query_result(query, _result(query, pd.DataFrame({"model": ["a"], "spend": [1.0]}), truncated=True))
    assert "% of the total" not in text


def test_a_unit_cost_under_a_cent_keeps_three_significant_digits() -> None:
    query = SemanticQuery(
        measures=[Measure.COST_PER_REQUEST],
        dimensions=["model"],  # type: ignore[list-item]
        start=datetime(2026, 11, 1, tzinfo=UTC),
        end=datetime(2026, 11, 2, tzinfo=UTC),
    )
    frame = pd.DataFrame({"model": ["llama", "gpt-4o"], "cost_per_request": [0.000837, 0.0373]})
    text = describe_query_result(query, _result(query, frame))
    assert "cost per request $0.000837" in text and "cost per request $0.0373" in text


def test_a_series_of_the_whole_scope_states_its_total_and_mean_per_covered_day() -> None:
    query = SemanticQuery(
        measures=[Measure.SPEND, Measure.QUALITY],
        grain="day",  # type: ignore[arg-type]
        start=datetime(2026, 11, 1, tzinfo=UTC),
        end=datetime(2026, 11, 3, tzinfo=UTC),
    )
    frame = pd.DataFrame(
        {
            "bucket": [datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 2, tzinfo=UTC)],
            "spend": [3.0, 5.0],
            "quality": [0.9, 0.8],
        }
    )
    result = SemanticResult(
        frame, Window(query.start, query.end), Coverage(2, 2.0, 2.0), "events", False, [Statement("SELECT 1", {})]
    )
    text = describe_query_result(query, result)
    assert "Over the 2.00 covered days: spend $8.00 in total, $4.00 per covered day." in text
    summary = next(line for line in text.splitlines() if line.startswith("Over the"))
    assert "quality" not in summary  # a mean does not add up: no total for it


def test_a_series_is_said_in_time_order() -> None:
    query = SemanticQuery(
        measures=[Measure.REQUESTS],
        grain="day",  # type: ignore[arg-type]
        start=datetime(2026, 11, 1, tzinfo=UTC),
        end=datetime(2026, 11, 4, tzinfo=UTC),
    )
    days = [datetime(2026, 11, d, tzinfo=UTC) for d in (2, 3, 1)]  # as the store sorts them: by the measure
    frame = pd.DataFrame({"bucket": days, "requests": [30, 20, 10]})
    text = describe_query_result(query, _result(query, frame))
    assert text.index("2026-11-01: requests 10") < text.index("2026-11-02: requests 30") < text.index("2026-11-03")


def test_a_top_n_of_buckets_states_no_series_total() -> None:
    query = SemanticQuery(
        measures=[Measure.SPEND],
        grain=Grain.DAY,
        top_n=1,
        start=datetime(2026, 11, 1, tzinfo=UTC),
        end=datetime(2026, 11, 4, tzinfo=UTC),
    )
    frame = pd.DataFrame({"bucket": [datetime(2026, 11, 2, tzinfo=UTC)], "spend": [9.0]})
    text = describe_query_result(query, _result(query, frame))
    assert "2026-11-02: spend $9.00" in text and "in total" not in text
