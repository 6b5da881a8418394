"""Phrasings beside the twentieth blind set's misses on US dates and spreadsheet words (issue #16): dates written month
first with slashes and a year ("10/15/2026 through 11/14/2026", "11/02/2026 to 11/08/2026 inclusive": the order
nothing else settles is the one that makes sense, not in the future, no range backwards, the nearer now), months
written "09/2026", two months named beside "the difference between the two months", the day a billing cycle runs from
told beside the dates asked ("Google's billing cycle runs from the 15th"), a range whose last day is not in it ("1 Nov
2026 up to but not including 15 Nov 2026"), and a spreadsheet user's words: COUNTIFS, SUMIFS, AVERAGEIFS (in words
and as formulas with their criteria), COUNTUNIQUE and "the unique count of user ids", "=SUM(cost) /
COUNTUNIQUE(user_id)", a pivot's rows, columns, values and filter, "one cell per provider", "two cells please",
"once for September and once for October", "now minus 7 x 24 hours to now". Each fix is a rule for a family, so each
is checked on phrasings the set does not hold, and on contrasts the rule must leave alone (a slash date another date
settles, a date with no year, "the last two months", "since the 15th", "should we pivot to a cheaper model", SQL's
count(distinct ...)). Figures come from the test's own SQL over the number store. Times are relative to builders.NOW
(Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from netra_core.agents.asked import Asked, compute_asked
from netra_core.agents.sheet_words import compute_sheet_as_words
from netra_core.agents.timerange import compute_time_range
from netra_core.agents.written_dates import compute_written_dates
from netra_core.analytics.semantic import Comparison, Dimension, Measure
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import ORG, REQUESTS, SPEND, Sql, q

DAY = timedelta(days=1)
FAILED = "status != 'ok'"


def at(month: int, d: int) -> datetime:
    return datetime(2026, month, d, tzinfo=UTC)


def window(start: datetime, end: datetime) -> dict[str, str]:
    return {"start": start.isoformat(), "end": end.isoformat()}


def label(text: str) -> str | None:
    found = compute_time_range(text, NOW)
    return found.label if found is not None else None


def asked(text: str) -> Asked:
    out = compute_asked(text, NOW, KNOWN)
    assert not out.declined and not out.cannot, out.cannot
    return out


def money(name: str, value: float) -> Figure:
    return Figure(name, value, Unit.MONEY, rel=0.005)


# --- dates written month first with slashes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "what did we spend with google from 10/15/2026 through 11/14/2026, both dates included?",
            "2026-10-15 to 2026-11-15",
        ),
        ("spend per model for 11/01/2026 through 11/07/2026", "2026-11-01 to 2026-11-08"),
        ("anthropic spend 10/01/2026 - 10/31/2026", "2026-10-01 to 2026-11-01"),
        # nothing settles the order: 2 to 8 November (11 February to 11 August is further from now)
        ("cost of failed calls from 11/02/2026 to 11/08/2026 inclusive, per provider", "2026-11-02 to 2026-11-09"),
        ("errors per workload from 11/09/2026 to 11/15/2026", "2026-11-09 to 2026-11-16"),
        ("calls on 11/03/2026", "2026-11-03"),  # 3 November, not 11 March
        ("calls on 03/11/2026 by provider", "2026-11-03"),  # 3 November, not 11 March: day first here
        ("spend from 02/10/2026 to 01/11/2026", "2026-10-02 to 2026-11-02"),  # month first would run backwards
        ("spend from 01/12/2026 to 05/12/2026", "2026-01-12 to 2026-05-13"),  # day first would be in December
    ],
)
def test_a_slash_date_with_its_year_is_read_in_the_order_that_makes_sense(text: str, expected: str) -> None:
    assert label(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # another slash date settles day first: 11 February, though 2 November is nearer now
        ("from 11/02/2026 to 14/11/2026", "from 2026-02-11 to 2026-11-14"),
        ("spend on 11/03", "spend on 11/03"),  # no year, nothing settles it: left unread, as before
        ("1/3 of calls failed on 11/05/2026", "1/3 of calls failed on 2026-11-05"),
        ("gpt-4.1 calls on 10/02/2026", "gpt-4.1 calls on 2026-10-02"),
    ],
)
def test_slash_dates_another_form_settles_or_no_year_are_left_as_before(text: str, expected: str) -> None:
    assert compute_written_dates(text, NOW) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("spend for 09/2026", "2026-09-01 to 2026-10-01"),
        ("anthropic spend in 9/2026", "2026-09-01 to 2026-10-01"),
        ("how many calls did we make in 10/2026?", "2026-10-01 to 2026-11-01"),
        ("p95 by model for 11/2026", "2026-11-01 to 2026-11-20"),
    ],
)
def test_a_month_written_with_its_year_is_that_month(text: str, expected: str) -> None:
    assert (label(text) or "").startswith(expected)


# --- two months named, and the difference between them ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dimension"),
    [
        (
            "Vendor check: each provider's spend for 09/2026 and for 10/2026, and the dollar difference between the "
            "two months for each provider.",
            Dimension.PROVIDER,
        ),
        ("spend per workload in 9/2026 and in 10/2026, and the change between the two months", Dimension.WORKLOAD),
        ("spend by model for september and for october, and the difference between those two months", Dimension.MODEL),
        (
            "each provider's spend in september 2026 and october 2026 and the gap between both months",
            Dimension.PROVIDER,
        ),
    ],
)
def test_two_months_named_are_compared_not_the_last_sixty_days(text: str, dimension: Dimension) -> None:
    got = asked(text)
    assert got.window == window(at(10, 1), at(11, 1))
    assert got.compare in (Comparison.PREVIOUS_MONTH, Comparison.PREVIOUS_FULL_MONTH)
    assert got.dimensions == [dimension]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("spend over the last two months", "the last 60 days"),  # contrast: no month named, a span
        ("spend in the two weeks", "the last 14 days"),
        ("spend for the last 2 months by provider", "the last 60 days"),
    ],
)
def test_two_months_with_none_named_stay_a_span(text: str, expected: str) -> None:
    assert label(text) == expected


def test_the_two_months_spend_and_difference_are_answered(numbers_env: AgentEnv) -> None:
    from tests.agents.test_asked_phrasings_set8 import answer, assert_states

    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        sep = s.by("workload", SPEND, at(9, 1), at(10, 1))
        octo = s.by("workload", SPEND, at(10, 1), at(11, 1))
    said = answer(
        numbers_env, "spend per workload for 09/2026 and for 10/2026, and the difference between the two months"
    )
    figures = []
    for w in ("code-review", "sales-agent", "support-bot"):
        figures += [money(f"{w} sep", sep[w]), money(f"{w} oct", octo[w])]
        figures.append(Figure(f"{w} diff", octo[w] - sep[w], Unit.MONEY, rel=0.005, magnitude=True))
    assert "could not read" not in said, said
    assert_states(said, figures)


# --- the day a billing cycle runs from is told, not asked ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        (
            "Google's billing cycle runs from the 15th. What did we spend with Google from 10/15/2026 through "
            "11/14/2026, both dates included?",
            at(10, 15),
            at(11, 15),
        ),
        ("Our billing cycle starts on the 1st. Spend from 10/01/2026 through 10/31/2026?", at(10, 1), at(11, 1)),
        (
            "The Anthropic invoice period begins on the 20th; what did anthropic cost from 10/20/2026 to 11/19/2026, "
            "both dates included?",
            at(10, 20),
            at(11, 20),
        ),
        ("we get billed on the 3rd of every month. How much did we spend last month?", at(10, 1), at(11, 1)),
        ("invoices are issued every month on the 5th -- spend from 1 oct to 31 oct please", at(10, 1), at(11, 1)),
    ],
)
def test_the_day_a_billing_cycle_runs_from_is_no_window(text: str, start: datetime, end: datetime) -> None:
    got = asked(text)
    assert got.window == window(start, end)
    assert got.compare == Comparison.NONE and not got.compare_window


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("spend since the 15th", "2026-11-15 to 2026-11-20"),  # contrast: a window from the day
        ("spend from the 15th to the 17th", "2026-11-15 to 2026-11-18"),
        ("what did we spend on the 15th", "2026-11-15"),
    ],
)
def test_a_day_of_the_month_said_as_the_window_stays_one(text: str, expected: str) -> None:
    assert (label(text) or "").startswith(expected)


# --- a range whose last day is not in it --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("p95 latency by workload, 1 Nov 2026 up to but not including 15 Nov 2026", "2026-11-01 to 2026-11-15"),
        ("spend from nov 3 to, but not including, nov 10", "2026-11-03 to 2026-11-10"),
        ("calls from 2026-11-01 until but excluding 2026-11-08", "2026-11-01 to 2026-11-08"),
        ("errors from 10/05/2026 up to but not including 10/12/2026", "2026-10-05 to 2026-10-12"),
        ("spend from 1 nov to 15 nov", "2026-11-01 to 2026-11-16"),  # contrast: the last day said is in it
    ],
)
def test_a_range_up_to_but_not_including_a_day_ends_at_its_start(text: str, expected: str) -> None:
    assert label(text) == expected


# --- spreadsheet words --------------------------------------------------------------------------------------------


def _counts_failed(got: Asked) -> bool:
    """The failed calls counted: the errors measure, or the calls with the status 'ok' left out."""
    return Measure.ERRORS in got.measures or (
        Measure.REQUESTS in got.measures and got.exclude == {Dimension.STATUS: ["ok"]}
    )


@pytest.mark.parametrize(
    ("text", "dimension", "days"),
    [
        ('COUNTIFS of the rows where status is not "ok", one cell per provider, last 14 days', Dimension.PROVIDER, 14),
        ('=COUNTIFS(status, "<>ok") by workload, last 7 days', Dimension.WORKLOAD, 7),
        ('countif of rows where status <> "ok", a row for each model, past 30 days', Dimension.MODEL, 30),
        (
            "COUNTIF of the calls where status is not ok, one column per task type, over the last 7 days",
            Dimension.TASK_TYPE,
            7,
        ),
    ],
)
def test_countifs_of_failed_rows_is_the_failed_calls_counted(text: str, dimension: Dimension, days: int) -> None:
    got = asked(text)
    assert _counts_failed(got), got.measures
    assert got.dimensions == [dimension]
    assert got.window == {"days": float(days)}


@pytest.mark.parametrize(
    ("text", "measures", "filters"),
    [
        ('=SUMIFS(cost, status, "<>ok") per provider in October', [Measure.ERROR_SPEND], {}),
        (
            "SUMIFS of cost where workload = support-bot, in October",
            [Measure.SPEND],
            {Dimension.WORKLOAD: ["support-bot"]},
        ),
        ('=SUMIF(workload, "sales-agent", cost) in October', [Measure.SPEND], {Dimension.WORKLOAD: ["sales-agent"]}),
        ('=AVERAGEIFS(latency_ms, model, "gpt-4o") in October', [Measure.LATENCY_AVG], {Dimension.MODEL: ["gpt-4o"]}),
        (
            "AVERAGEIFS of prompt tokens and of completion tokens where model = gpt-4o-mini, in October",
            [Measure.AVG_INPUT_TOKENS, Measure.AVG_OUTPUT_TOKENS],
            {Dimension.MODEL: ["gpt-4o-mini"]},
        ),
        (
            "averageif of completion_tokens where workload = code-review for October",
            [Measure.AVG_OUTPUT_TOKENS],
            {Dimension.WORKLOAD: ["code-review"]},
        ),
        (
            "=PERCENTILE(latency_ms, 0.95) where provider = anthropic, October",
            [Measure.LATENCY_P95],
            {Dimension.PROVIDER: ["anthropic"]},
        ),
    ],
)
def test_sumifs_and_averageifs_are_the_figure_of_the_rows_kept(
    text: str, measures: list[Measure], filters: dict[Dimension, list[str]]
) -> None:
    got = asked(text)
    assert got.measures[: len(measures)] == measures
    assert got.filters == filters
    assert got.window == window(at(10, 1), at(11, 1))


@pytest.mark.parametrize(
    ("text", "measures", "dimensions", "start", "end"),
    [
        (
            "Pivot: rows = workload, values = 95th percentile of latency_ms, filter = 2 Nov 2026 up to but not "
            "including 9 Nov 2026",
            [Measure.LATENCY_P95],
            [Dimension.WORKLOAD],
            at(11, 2),
            at(11, 9),
        ),
        (
            "Pivot table for October 2026: rows = model, columns = workload, values = sum of cost. Just the non-empty "
            "cells.",
            [Measure.SPEND],
            [Dimension.MODEL, Dimension.WORKLOAD],
            at(10, 1),
            at(11, 1),
        ),
        (
            "Pivot table: rows = provider, values = sum of cost, filter = October 2026",
            [Measure.SPEND],
            [Dimension.PROVIDER],
            at(10, 1),
            at(11, 1),
        ),
        (
            "pivot: rows = task_type, values = average of latency_ms, filter: 10/01/2026 - 10/31/2026",
            [Measure.LATENCY_AVG],
            [Dimension.TASK_TYPE],
            at(10, 1),
            at(11, 1),
        ),
        (
            "Pivot for October: rows = workload, columns = provider, values = count of rows",
            [Measure.REQUESTS],
            [Dimension.WORKLOAD, Dimension.PROVIDER],
            at(10, 1),
            at(11, 1),
        ),
    ],
)
def test_a_pivots_rows_columns_values_and_filter_are_read(
    text: str, measures: list[Measure], dimensions: list[Dimension], start: datetime, end: datetime
) -> None:
    got = asked(text)
    assert got.measures == measures
    assert got.dimensions == dimensions
    assert got.window == window(start, end)


@pytest.mark.parametrize(
    ("text", "workload", "days"),
    [
        (
            "Two cells please: the unique count of user ids and the unique count of session ids among the "
            "code-review rows from now minus 3 x 24 hours to now.",
            "code-review",
            3,
        ),
        ("COUNTUNIQUE(user_id) and COUNTUNIQUE(session_id) for support-bot, now - 48h to now", "support-bot", 2),
        (
            "the distinct count of session ids for sales-agent, and the distinct count of user ids, last 7 days",
            "sales-agent",
            7,
        ),
        (
            "=COUNTA(UNIQUE(user_id)) and =COUNTA(UNIQUE(session_id)) for search-rag from NOW()-7 to NOW()",
            "search-rag",
            7,
        ),
    ],
)
def test_unique_counts_of_ids_are_the_distinct_users_and_sessions(text: str, workload: str, days: int) -> None:
    got = asked(text)
    assert set(got.measures) == {Measure.USERS, Measure.SESSIONS}
    assert got.filters == {Dimension.WORKLOAD: [workload]}
    assert got.window == {"days": float(days)}


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("=SUM(cost) / COUNTUNIQUE(user_id), once for September and once for October", Measure.COST_PER_USER),
        ("=SUM(cost_usd)/COUNTUNIQUE(session_id), once for september and once for october", Measure.COST_PER_SESSION),
        ("=SUM(cost) / COUNTA(UNIQUE(user_id)) for September and for October", Measure.COST_PER_USER),
        ("=SUM(cost)/COUNT(cost) once for sept and once for oct", Measure.COST_PER_REQUEST),
    ],
)
def test_a_sum_over_a_count_is_the_unit_cost_in_both_months(text: str, measure: Measure) -> None:
    got = asked(text)
    assert got.measures[0] == measure
    assert got.window == window(at(10, 1), at(11, 1))
    assert got.compare in (Comparison.PREVIOUS_MONTH, Comparison.PREVIOUS_FULL_MONTH)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("spend per workload from now minus 48 hours to now", 2),
        ("number of failed calls from NOW()-7 to NOW()", 7),
        ("p95 latency by model, now - 3 x 24 hours to now", 3),
        ("calls between now minus 36 hours and now", 1.5),
    ],
)
def test_now_minus_a_span_is_the_last_span(text: str, days: float) -> None:
    assert asked(text).window == {"days": days}


@pytest.mark.parametrize(
    "text",
    [
        "should we pivot to a cheaper model for support-bot?",  # a verb, not a table
        "how many rows did we log yesterday",  # no sheet said: left to the other readers
        "count(distinct session_id) where workload = 'sales-agent'",  # SQL: read by sql_words.py
        "what is the average of users per session",  # an average of no column of figures
        "how much are we spending right now",
    ],
)
def test_words_that_are_no_spreadsheet_stay_as_typed(text: str) -> None:
    assert compute_sheet_as_words(text) == text


def test_sheet_words_are_read_once(numbers_env: AgentEnv) -> None:
    """Read twice, the words are the same (the planner expands every message more than once)."""
    for text in (
        '=COUNTIFS(status, "<>ok", provider, "openai") last week',
        "Pivot: rows = model, columns = workload, values = sum of cost, filter = October 2026",
        "the unique count of user ids from now minus 7 x 24 hours to now",
    ):
        once = compute_sheet_as_words(text)
        assert once != text and compute_sheet_as_words(once) == once


def test_spreadsheet_questions_are_answered(numbers_env: AgentEnv) -> None:
    from tests.agents.test_asked_phrasings_set8 import answer, assert_states

    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        failed = s.by("provider", SPEND, at(11, 9), at(11, 16), FAILED)
        p50 = s.by("task_type", q(0.5), at(11, 2), at(11, 9))
        per_session = [
            s.one("sum(cost_usd) / uniqExact(session_id)", *span)
            for span in ((at(9, 1), at(10, 1)), (at(10, 1), at(11, 1)))
        ]
        review = [
            s.one(f"uniqExact({c})", NOW - 3 * DAY, NOW, "workload = 'code-review'") for c in ("user_id", "session_id")
        ]
        calls = s.by("model", REQUESTS, at(11, 9), at(11, 16), FAILED)
    said = answer(numbers_env, '=SUMIFS(cost, status, "<>ok"), one cell per provider, from 11/09/2026 to 11/15/2026')
    assert_states(said, [money(p, v) for p, v in failed.items()])
    said = answer(
        numbers_env,
        "Pivot: rows = task_type, values = median of latency_ms, filter = 2 Nov 2026 up to but not including 9 Nov 2026",
    )
    assert "could not read" not in said, said
    assert_states(said, [Figure(t, v, Unit.MS, rel=0.01) for t, v in p50.items()])
    said = answer(numbers_env, "=SUM(cost) / COUNTUNIQUE(session_id), once for September and once for October")
    assert_states(said, [Figure(m, v, Unit.MONEY, rel=0.01) for m, v in zip(("sep", "oct"), per_session, strict=True)])
    said = answer(
        numbers_env,
        "two cells: the unique count of user ids and of session ids among the code-review rows from now minus 3 x 24 "
        "hours to now",
    )
    assert_states(said, [Figure(c, v, Unit.NUMBER, abs=0) for c, v in zip(("users", "sessions"), review, strict=True)])
    said = answer(
        numbers_env, 'COUNTIFS of the rows where status <> "ok", a row for each model, 11/09/2026 - 11/15/2026'
    )
    assert_states(said, [Figure(m, v, Unit.NUMBER, abs=0) for m, v in calls.items()])


def test_means_asked_of_a_model_over_two_workloads_are_the_whole_models(numbers_env: AgentEnv) -> None:
    """gpt-4o-mini serves two workloads: its mean tokens per call over both, not each workload's."""
    from tests.agents.test_asked_phrasings_set8 import answer, assert_states

    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        means = [
            s.one(f"avg({c})", at(10, 1), at(11, 1), "model = 'gpt-4o-mini'")
            for c in ("prompt_tokens", "completion_tokens")
        ]
    said = answer(
        numbers_env,
        '=AVERAGEIFS(prompt_tokens, model, "gpt-4o-mini") and =AVERAGEIFS(completion_tokens, model, "gpt-4o-mini") '
        "in October",
    )
    assert_states(said, [Figure(c, v, Unit.NUMBER, rel=0.01) for c, v in zip(("in", "out"), means, strict=True)])
