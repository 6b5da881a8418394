"""The second blind, number-checked set (an engineering manager and a CFO typing quickly): every question asked
in-process, every figure checked against the test's SQL; the store is the first number set's.

An answerable question passes when its answer is `correct` (every figure within tolerance); an
unanswerable one when it is `declined`. Questions that failed on the first run are strict xfails with
their outcome as the reason (KNOWN_FAILURES), so a fix shows up as an XPASS that fails until its line goes.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from tests.agents.builders import NOW, AgentEnv
from tests.agents.number_harness import check_org_scope, check_question, check_set_shape, question_params, write_summary
from tests.agents.number_scoring import Score
from tests.agents.question_set_numbers import (
    EVENTS,
    MONTH,
    ORG,
    TODAY,
    YESTERDAY,
    NumberQuestion,
    Sql,
    days_ago,
    make_number_events,
)
from tests.agents.question_set_numbers2 import FIRST_RUN, KNOWN_FAILURES, QUESTIONS

RESULTS: dict[str, Score] = {}


@pytest.fixture(scope="module", autouse=True)
def _summary(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    write_summary(request, "second blind number set", QUESTIONS, RESULTS)


def test_the_set_is_forty_answerable_and_five_unanswerable() -> None:
    check_set_shape(QUESTIONS, FIRST_RUN, KNOWN_FAILURES)


def test_the_expected_figures_are_scoped_to_one_org(numbers_env: AgentEnv) -> None:
    check_org_scope(numbers_env)


def test_the_expected_figures_agree_with_the_events_as_built(numbers_env: AgentEnv) -> None:
    """A few questions' SQL figures recomputed with pandas from the events before ingest: windows, filters,
    top-N and quantiles mean what the questions say."""
    frame = make_number_events(ORG, *EVENTS[ORG])
    month = frame[(frame["ts"] >= MONTH) & (frame["ts"] < NOW)]
    last30 = frame[(frame["ts"] >= days_ago(30)) & (frame["ts"] < NOW)]
    yesterday = frame[(frame["ts"] >= YESTERDAY) & (frame["ts"] < TODAY)]
    top5 = month.groupby("user_id")["cost_usd"].sum().sort_values(ascending=False).head(5)
    failed = last30[last30["status"] != "ok"].groupby("error_type").size().sort_index()
    tickets = yesterday[yesterday["workload"] == "ticket-classifier"]
    wanted = {
        "spend_mtd": [month["cost_usd"].sum()],
        "top5_users_mtd": list(top5),
        "errors_by_type": [float(v) for v in failed],
        "p99_30d": [float(np.quantile(last30["latency_ms"], 0.99))],
        "ticket_classifier_users": [float(tickets["user_id"].nunique())],
    }
    expects = {q.id: q.expect for q in QUESTIONS if q.expect is not None}
    with numbers_env.store.session() as client:
        for qid, values in wanted.items():
            got = [f.value for f in expects[qid](Sql(client, ORG))]
            assert got == pytest.approx(values, rel=1e-6), qid


@pytest.mark.parametrize("question", question_params(QUESTIONS, KNOWN_FAILURES))
def test_question(numbers_env: AgentEnv, question: NumberQuestion) -> None:
    check_question(numbers_env, question, RESULTS)
