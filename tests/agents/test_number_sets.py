"""The third to twenty-second blind, number-checked sets, each written by someone who had not read the planner (see each
set's module docstring for its voices and the readings it accepts): every question asked in-process, every figure
checked against the set's own SQL (tests/agents/number_harness.py holds the check).

An answerable question passes when its answer is `correct` (every figure within tolerance); an unanswerable one when
it is `declined`. Questions that failed on the first run and still fail are strict xfails with their outcome (and
cause, where the set gives one) as the reason (KNOWN_FAILURES), so a fix shows up as an XPASS that fails until its
line goes. The first and second sets have tests of their own (they add checks of their store).
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest

from tests.agents import (
    question_set_numbers3,
    question_set_numbers4,
    question_set_numbers5,
    question_set_numbers6,
    question_set_numbers7,
    question_set_numbers8,
    question_set_numbers9,
    question_set_numbers10,
    question_set_numbers11,
    question_set_numbers12,
    question_set_numbers13,
    question_set_numbers14,
    question_set_numbers15,
    question_set_numbers16,
    question_set_numbers17,
    question_set_numbers18,
    question_set_numbers19,
    question_set_numbers20,
    question_set_numbers21,
    question_set_numbers22,
)
from tests.agents.builders import AgentEnv
from tests.agents.number_harness import check_org_scope, check_question, check_set_shape, question_params, write_summary
from tests.agents.number_scoring import Score
from tests.agents.question_set_numbers import NumberQuestion

SETS: dict[str, ModuleType] = {
    "third": question_set_numbers3,
    "fourth": question_set_numbers4,
    "fifth": question_set_numbers5,
    "sixth": question_set_numbers6,
    "seventh": question_set_numbers7,
    "eighth": question_set_numbers8,
    "ninth": question_set_numbers9,
    "tenth": question_set_numbers10,
    "eleventh": question_set_numbers11,
    "twelfth": question_set_numbers12,
    "thirteenth": question_set_numbers13,
    "fourteenth": question_set_numbers14,
    "fifteenth": question_set_numbers15,
    "sixteenth": question_set_numbers16,
    "seventeenth": question_set_numbers17,
    "eighteenth": question_set_numbers18,
    "nineteenth": question_set_numbers19,
    "twentieth": question_set_numbers20,
    "twenty-first": question_set_numbers21,
    "twenty-second": question_set_numbers22,
}
RESULTS: dict[str, dict[str, Score]] = {name: {} for name in SETS}


@pytest.fixture(scope="module", autouse=True)
def _summary(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    for name, module in SETS.items():
        write_summary(request, f"{name} blind number set", module.QUESTIONS, RESULTS[name])


@pytest.mark.parametrize("name", list(SETS))
def test_the_set_is_forty_answerable_and_five_unanswerable(name: str) -> None:
    module = SETS[name]
    check_set_shape(module.QUESTIONS, module.FIRST_RUN, module.KNOWN_FAILURES)
    assert set(getattr(module, "WHY", module.KNOWN_FAILURES)) == set(module.KNOWN_FAILURES)


def test_the_expected_figures_are_scoped_to_one_org(numbers_env: AgentEnv) -> None:
    check_org_scope(numbers_env)


@pytest.mark.parametrize(
    ("name", "question"),
    [
        pytest.param(name, *p.values, id=p.id, marks=p.marks)  # type: ignore[attr-defined]
        for name, module in SETS.items()
        for p in question_params(
            module.QUESTIONS, module.KNOWN_FAILURES, getattr(module, "WHY", None), prefix=f"{name}-"
        )
    ],
)
def test_question(numbers_env: AgentEnv, name: str, question: NumberQuestion) -> None:
    check_question(numbers_env, question, RESULTS[name])
