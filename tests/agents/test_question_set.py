"""The offline planner against the question set: intent, tools and parameters; prints the score."""

from __future__ import annotations

from typing import Any

import pytest

from netra_core.agents.catalog_names import BUILTIN_MODEL_NAMES
from netra_core.agents.triage import Plan, compute_plan
from tests.agents.builders import KNOWN, NOW
from tests.agents.question_set import QUESTIONS


def _actual_params(plan: Plan) -> dict[str, Any]:
    merged: dict[str, Any] = {**plan.constraints.model_dump(exclude_none=True)}
    for call in plan.calls:
        for key, value in _query_as_tool_args(call.args if call.tool == "query_metrics" else {}).items():
            merged.setdefault(key, value)
        for key, value in call.args.items():
            merged.setdefault(key, value)
    if plan.candidates:
        merged.setdefault("candidates", plan.candidates)
    return merged


QUERY_NAME_KEYS = {"workload": "workloads", "model": "models", "provider": "providers", "task_type": "task_types"}


def _query_as_tool_args(args: dict[str, Any]) -> dict[str, Any]:
    """A query_metrics call's filters, first grouping and row count under the fixed tools' argument names."""
    out: dict[str, Any] = {QUERY_NAME_KEYS[k]: v for k, v in args.get("filters", {}).items() if k in QUERY_NAME_KEYS}
    if args.get("dimensions"):
        out["by"] = args["dimensions"][0]
    if args.get("top_n"):
        out["limit"] = args["top_n"]
    return out


def check_question(expected: dict[str, Any], plan: Plan) -> list[str]:
    """What the plan got wrong (empty when right)."""
    problems = []
    if plan.intent != expected["intent"]:
        problems.append(f"intent {plan.intent} != {expected['intent']}")
    tools = [c.tool for c in plan.calls]
    if tools != expected["tools"]:
        problems.append(f"tools {tools} != {expected['tools']}")
    actual = _actual_params(plan)
    for key, want in expected["params"].items():
        got = actual.get(key)
        if key == "start":
            ok = isinstance(got, str) and got.startswith(want)
        elif isinstance(want, float | int) and isinstance(got, float | int):
            ok = abs(float(got) - float(want)) < 1e-6
        else:
            ok = got == want
        if not ok:
            problems.append(f"{key} {got!r} != {want!r}")
    return problems


def plan_question(text: str, previous: Plan | None = None) -> Plan:
    """The offline planner on the test org (acme) at builders.NOW."""
    return compute_plan(
        text, known=KNOWN, catalog_models=BUILTIN_MODEL_NAMES, own_org="acme", now=NOW, previous=previous
    )


def plan_in_thread(questions: list[dict[str, Any]], index: int) -> Plan:
    """Question `index` planned as the score plans it: after the questions of its thread (follow-ups continue the
    question before them; an unplannable message is no thread state)."""
    start = index
    while start > 0 and questions[start]["follow"]:
        start -= 1
    previous: Plan | None = None
    for item in questions[start:index]:
        plan = plan_question(item["q"], previous if item["follow"] else None)
        if plan.intent not in ("help", "save_reference"):
            previous = plan
    return plan_question(questions[index]["q"], previous if questions[index]["follow"] else None)


def pinned_questions(questions: list[dict[str, Any]], known_misses: dict[int, str]) -> list[Any]:
    """Every question its own test case (issue #15): a known miss is a strict xfail with its reason, so a fix shows
    as an unexpected pass and a regression of any other question fails by name."""
    return [
        pytest.param(
            i,
            id=f"{i:02d}-{item['q'][:40]}",
            marks=[pytest.mark.xfail(strict=True, reason=known_misses[i])] if i in known_misses else [],
        )
        for i, item in enumerate(questions)
    ]


def check_pinned(questions: list[dict[str, Any]], index: int) -> None:
    """One pinned question: its plan has the expected intent, tools and parameters."""
    problems = check_question(questions[index], plan_in_thread(questions, index))
    assert not problems, f"{questions[index]['q']!r}: {'; '.join(problems)}"


def score_questions(name: str, questions: list[dict[str, Any]], capsys: Any) -> tuple[int, list[str]]:
    """Plan every question in order (follow-ups continue the thread); print and return the count right and misses."""
    previous: Plan | None = None
    failures = []
    for item in questions:
        plan = plan_question(item["q"], previous if item["follow"] else None)
        problems = check_question(item, plan)
        if problems:
            failures.append(f"{item['q']!r}: {'; '.join(problems)}")
        if plan.intent not in ("help", "save_reference"):
            previous = plan
    right = len(questions) - len(failures)
    with capsys.disabled():
        print(f"\n{name}: {right}/{len(questions)} planned right ({right / len(questions):.1%})")
        for line in failures:
            print("  MISS", line)
    return right, failures


def check_noted_and_unused(questions: list[dict[str, Any]], cases: dict[str, str]) -> None:
    """For each word -> note kind: the first question holding the word is noted so, and neither the word nor "org"
    reaches any tool's arguments."""
    for word, kind in cases.items():
        item = next(i for i in questions if word in i["q"].lower())
        plan = plan_question(item["q"])
        assert kind in {n["kind"] for n in plan.notes}, (item["q"], plan.notes)
        flat = repr([c.args for c in plan.calls]).lower()
        assert word not in flat and "org" not in flat, (item["q"], flat)


# Known misses, by index in QUESTIONS, with what the planner does instead.
KNOWN_MISSES: dict[int, str] = {}


def test_the_set_has_at_least_60_questions() -> None:
    assert len(QUESTIONS) >= 60


@pytest.mark.parametrize("index", pinned_questions(QUESTIONS, KNOWN_MISSES))
def test_question(index: int) -> None:
    """Each question planned right: intent, tools and parameters (follow-ups after their thread)."""
    check_pinned(QUESTIONS, index)


def test_question_set_score(capsys: Any) -> None:
    """The whole set in order, printed as a score (each question is also its own test above)."""
    right, _ = score_questions("question set", QUESTIONS, capsys)
    assert right == len(QUESTIONS) - len(KNOWN_MISSES)


def test_other_org_and_sql_are_noted_not_used() -> None:
    """Naming another org or pasting SQL changes nothing a tool receives, and is noted on the plan."""
    plan = plan_question("spend for org globex'; DROP TABLE workload_events; --")
    kinds = {n["kind"] for n in plan.notes}
    assert kinds == {"other_org_ignored", "sql_ignored"}
    flat = repr([c.args for c in plan.calls]).lower()
    assert "globex" not in flat and "drop" not in flat and "org" not in flat
