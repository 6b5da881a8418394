"""What every number-checked question set's test module shares: the per-question check, the set's shape, the summary.

A set module holds QUESTIONS, FIRST_RUN (the honest first-run outcome of each) and KNOWN_FAILURES (the questions that
fail today, each a strict xfail, so a fix shows as an XPASS that fails until its line goes). Its test module asks every
question in-process against the shared `numbers_env` store (tests/agents/conftest.py) through these functions.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence

import pytest

from netra_core.agents.assistant import ask
from tests.agents.builders import NOW, AgentEnv
from tests.agents.number_scoring import OUTCOMES, Outcome, Score, score_answer
from tests.agents.question_set_numbers import DAYS, EVENTS, ORG, OTHER_ORG, NumberQuestion, Sql, days_ago


def expected_outcome(question: NumberQuestion) -> Outcome:
    """`correct` for an answerable question, `declined` for one the store cannot answer."""
    return "correct" if question.expect is not None else "declined"


def question_params(
    questions: Sequence[NumberQuestion],
    known_failures: dict[str, Outcome],
    why: dict[str, str] | None = None,
    prefix: str = "",
) -> list[object]:
    """One pytest param per question, the known failures marked strict xfail with their outcome (and, where `why`
    gives one, their cause) as the reason; ids are the question ids after `prefix`."""
    out: list[object] = []
    for question in questions:
        known = known_failures.get(question.id)
        reason = f"fails today: {known}" + (f": {why[question.id]}" if why and question.id in why else "")
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if known else []
        out.append(pytest.param(question, id=f"{prefix}{question.id}", marks=marks))
    return out


def check_set_shape(
    questions: Sequence[NumberQuestion], first_run: dict[str, Outcome], known_failures: dict[str, Outcome]
) -> None:
    """40 answerable and 5 unanswerable questions, unique ids, one first-run outcome each, known failures real."""
    assert len({q.id for q in questions}) == len(questions)
    assert sum(q.expect is not None for q in questions) == 40
    assert sum(q.expect is None for q in questions) == 5
    assert set(first_run) == {q.id for q in questions}
    assert all(known_failures[q.id] != expected_outcome(q) for q in questions if q.id in known_failures)
    assert set(known_failures) <= set(first_run)


def check_org_scope(env: AgentEnv) -> None:
    """The test's SQL reads only the asking org: both orgs have traffic, and their totals differ."""
    with env.store.session() as client:
        ours = Sql(client, ORG).one("count()", days_ago(DAYS + 1), NOW)
        theirs = Sql(client, OTHER_ORG).one("count()", days_ago(DAYS + 1), NOW)
    assert (ours, theirs) == (EVENTS[ORG][0], EVENTS[OTHER_ORG][0])


def check_question(env: AgentEnv, question: NumberQuestion, results: dict[str, Score]) -> None:
    """Ask the question; its answer states every figure asked for (or, if the store cannot answer, says so)."""
    figures = []
    if question.expect is not None:
        with env.store.session() as client:
            figures = question.expect(Sql(client, ORG))
    result = ask(env.session_factory, env.store, env.auth("ana"), question.text, now=NOW)
    score = score_answer(result.text, figures)
    results[question.id] = score
    expected = [f"{f.label}={f.value:,.4f}" for f in figures]
    assert score.outcome == expected_outcome(question), (
        f"{question.text!r} -> {score.outcome}; missing {score.missing}; expected {expected}\n{result.text}"
    )
    if figures:
        # The check can fail: the same answer against every figure 8 % off is not correct.
        off = [
            dataclasses.replace(f, value=f.value * 1.08, alternatives=tuple(a * 1.08 for a in f.alternatives))
            for f in figures
        ]
        assert score_answer(result.text, off).outcome != "correct"


def write_summary(
    request: pytest.FixtureRequest, label: str, questions: Sequence[NumberQuestion], results: dict[str, Score]
) -> None:
    """After a module: how many answers were correct, partial, substituted, declined (shown even under capture)."""
    if not results:
        return
    counts = Counter(score.outcome for score in results.values())
    answerable = {q.id for q in questions if q.expect is not None}
    right = sum(1 for i, s in results.items() if s.outcome == ("correct" if i in answerable else "declined"))
    line = ", ".join(f"{o} {counts.get(o, 0)}" for o in OUTCOMES)
    message = f"{label}: {len(results)} questions asked: {line}; as expected {right}"
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if capture is not None and reporter is not None:
        with capture.global_and_fixture_disabled():  # teardown output is captured otherwise
            reporter.write_line(f"\n{message}")
