"""Phrasings beside the eighteenth blind set's misses on groups the user defines (issue #16): teams, cost centres or
groups made of the org's own workloads or models and defined in the message ("Teams: support = support-bot +
ticket-classifier, ...", "the support team (support-bot and ticket-classifier)", "Engineering's October bill is
code-review plus doc-summarizer", "group gpt-4o and gpt-4o-mini as 'openai core'"), each group's figure over all its
members' calls (its charge, its cost per day, its bill by provider, its share of the whole, its charge for successful
calls only), and one named user (or workload) against everyone else taken together. Each fix is a rule for a family,
so each is checked on phrasings the set does not hold, and on contrasts the rule must leave alone (teams the message
does not define are still declined). Figures come from the test's own SQL over the number store. Times are relative to
builders.NOW (Friday 2026-11-20 12:00 UTC)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from netra_core.agents.asked import compute_asked
from netra_core.agents.asked_teams import compute_defined_groups
from netra_core.agents.query_plan import QUERY_TOOL
from netra_core.analytics.semantic import Dimension, Measure
from tests.agents.builders import KNOWN, NOW, AgentEnv
from tests.agents.number_scoring import Figure, Unit
from tests.agents.question_set_numbers import MONTH, OCTOBER, ORG, SPEND, Sql
from tests.agents.test_asked_phrasings_set8 import answer, assert_states
from tests.agents.test_question_set import plan_question

DAY = timedelta(days=1)
USERS = {**KNOWN, "users": ["u3", "u7", "u12"]}
TEAMS = "workload IN ({a:String}, {b:String})"
ERROR_RATE = "100 * countIf(status != 'ok') / count()"
SUPPORT = ["support-bot", "ticket-classifier"]
ENGINEERING = ["code-review", "doc-summarizer"]
GROWTH = ["search-rag", "sales-agent"]


def _groups(text: str) -> list[tuple[str, list[str]]]:
    return [(g.name, g.members) for g in compute_defined_groups(text, KNOWN)]


# --- a group the message defines by the org's names: read with its name and members --------------------------------


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        (
            "October chargeback. Teams: support = support-bot + ticket-classifier, engineering = code-review + "
            "doc-summarizer, growth = search-rag + sales-agent. What does each team get charged?",
            [("support", SUPPORT), ("engineering", ENGINEERING), ("growth", GROWTH)],
        ),
        (
            "we bill by team - platform: code-review and doc-summarizer; growth: search-rag and sales-agent. how much "
            "did each team spend last month?",
            [("platform", ENGINEERING), ("growth", GROWTH)],
        ),
        (
            "Cost centres: CS = support-bot, ticket-classifier; Eng = code-review, doc-summarizer. What was each cost "
            "centre's spend in October?",
            [("cs", SUPPORT), ("eng", ENGINEERING)],
        ),
        (
            "Group support-bot and ticket-classifier as 'helpdesk', and code-review and doc-summarizer as 'devtools'. "
            "p95 latency for each group this week?",
            [("helpdesk", SUPPORT), ("devtools", ENGINEERING)],
        ),
        (
            "the support team is support-bot plus ticket-classifier and the growth team is search-rag plus "
            "sales-agent - error rate per team over the last 7 days?",
            [("support", SUPPORT), ("growth", GROWTH)],
        ),
        ("The support team (support-bot and ticket-classifier) wants its daily cost", [("support", SUPPORT)]),
        ("growth team = search-rag, sales-agent. what did it spend in october?", [("growth", GROWTH)]),
        ("search-rag and sales-agent make up the growth team; its error rate last week?", [("growth", GROWTH)]),
        ("Engineering's October bill is code-review plus doc-summarizer. By provider?", [("engineering", ENGINEERING)]),
        (
            "our 'openai core' group is gpt-4o plus gpt-4o-mini: p95 latency this week?",
            [("openai core", ["gpt-4o", "gpt-4o-mini"])],
        ),
    ],
)
def test_a_group_the_message_defines_is_read_with_its_members(text: str, groups: list[tuple[str, list[str]]]) -> None:
    assert _groups(text) == groups


@pytest.mark.parametrize(
    "text",
    [
        "support-bot and sales-agent spend in october",  # contrast: two names compared, no group named
        "compare support-bot vs sales-agent p95 this week",
        "support-bot and sales-agent combined spend in october",  # their sum, but no group defined
        "last week: support-bot and ticket-classifier error rates",  # a window before a colon, no group word
        "spend by team last month",  # teams asked, none defined
        "spend where model_name = gpt-4o",  # a column said as in SQL, no group's name
        "sum(cost_usd) where provider = 'openai' and workload = 'search-rag'",
        "filter: support-bot and sales-agent, spend last week",
    ],
)
def test_names_listed_or_compared_define_no_group(text: str) -> None:
    assert _groups(text) == []
    assert not compute_asked(text, NOW, KNOWN).groups


# --- teams defined in the message are answered, teams not defined still declined ------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "October chargeback. Teams: support = support-bot + ticket-classifier, growth = search-rag + sales-agent. "
        "What does each team get charged for October?",
        "Policy change: we no longer charge teams for failed calls. Teams: support = support-bot + "
        "ticket-classifier, growth = search-rag + sales-agent. Recompute each team's October charge.",
        "What percentage of our spend over the last 30 days should be charged to the growth team (search-rag and "
        "sales-agent)?",
        "cost centre split for october -- support: support-bot, ticket-classifier; growth: search-rag, sales-agent",
    ],
)
def test_teams_defined_by_their_workloads_are_not_declined(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert not asked.declined and not asked.cannot, asked.cannot
    assert asked.groups and Measure.SPEND in asked.measures


@pytest.mark.parametrize(
    "text",
    [
        "spend by team last month",
        "which team spent the most in october?",
        "what did each department spend in october",
        "how much did the data team spend this week",
        "we got a chargeback on the card, can you refund it",  # no team defined: the chargeback is a card's
    ],
)
def test_teams_not_defined_are_still_declined(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.declined and not asked.groups


# --- each group's figure over its members' calls: one query each ----------------------------------------------------


def _queries(text: str) -> list[dict[str, Any]]:
    plan = plan_question(text)
    assert plan.calls and all(c.tool == QUERY_TOOL for c in plan.calls), plan.calls
    return [c.args for c in plan.calls]


@pytest.mark.parametrize(
    "text",
    [
        "October chargeback. Teams: support = support-bot + ticket-classifier, engineering = code-review + "
        "doc-summarizer, growth = search-rag + sales-agent. What does each team get charged for October?",
        "Teams -- support: support-bot and ticket-classifier; engineering: code-review and doc-summarizer; growth: "
        "search-rag and sales-agent. how much did each team spend in october",
        "the support team is support-bot + ticket-classifier, the engineering team is code-review + doc-summarizer "
        "and the growth team is search-rag + sales-agent. october bill per team please",
        "support = support-bot + ticket-classifier, engineering = code-review + doc-summarizer, growth = search-rag "
        "+ sales-agent: what did each of these teams cost us in October?",
    ],
)
def test_each_defined_team_is_one_query_of_its_members_together(text: str) -> None:
    queries = _queries(text)
    assert [q["filters"] for q in queries] == [{"workload": m} for m in (SUPPORT, ENGINEERING, GROWTH)]
    assert all(q["measures"] == ["spend"] and not q.get("dimensions") for q in queries)
    assert [q["group_name"] for q in queries] == ["the support team", "the engineering team", "the growth team"]


@pytest.mark.parametrize(
    ("text", "dimensions"),
    [
        ("The support team (support-bot and ticket-classifier): what do they cost per day on average this month?", []),
        ("support team = support-bot, ticket-classifier. average daily cost this month?", []),
        (
            "Engineering's October bill is code-review plus doc-summarizer. Can you split that bill by provider?",
            ["provider"],
        ),
        ("the engineering team (code-review + doc-summarizer) - october spend broken down by provider", ["provider"]),
        ("engineering = code-review + doc-summarizer. its october spend per model", ["model"]),
        ("the growth team (search-rag and sales-agent): october spend by workload", ["workload"]),  # said: kept
    ],
)
def test_one_group_is_its_members_together_by_any_grouping_said(text: str, dimensions: list[str]) -> None:
    (query,) = _queries(text)
    assert query["filters"]["workload"] in (SUPPORT, ENGINEERING, GROWTH)
    assert query.get("dimensions", []) == dimensions


@pytest.mark.parametrize(
    "text",
    [
        "What percentage of our total spend over the last 30 days should be charged to the growth team (search-rag "
        "and sales-agent)?",
        "growth team = search-rag + sales-agent. what share of the last 30 days' spend is theirs?",
        "how much of our spend in the last 30 days, in percent, goes to the growth team (search-rag, sales-agent)?",
        "search-rag and sales-agent make up the growth team. what fraction of our last-30-day spend do they account "
        "for?",
    ],
)
def test_a_groups_share_is_of_the_whole_window(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.share_of_whole and not asked.share and not asked.dimensions
    (query,) = _queries(text)
    assert query["share_of_whole"] and query["filters"] == {"workload": GROWTH}


@pytest.mark.parametrize(
    "text",
    [
        "Policy change: we no longer charge teams for failed calls. Teams: support = support-bot + "
        "ticket-classifier, growth = search-rag + sales-agent. Recompute each team's October charge for successful "
        "calls only.",
        "Teams: support = support-bot + ticket-classifier, growth = search-rag + sales-agent. October charge per "
        "team, successful calls only",
        "Teams: support = support-bot + ticket-classifier, growth = search-rag + sales-agent. what would each team "
        "be billed for october excluding failed calls?",
        "we don't bill teams for failed requests. support team: support-bot, ticket-classifier; growth team: "
        "search-rag, sales-agent. october charges?",
    ],
)
def test_a_groups_charge_for_successful_calls_only_is_the_spend_of_calls_that_succeeded(text: str) -> None:
    asked = compute_asked(text, NOW, KNOWN)
    assert asked.measures == [Measure.SPEND] and asked.filters[Dimension.STATUS] == ["ok"]
    queries = _queries(text)
    assert [q["filters"] for q in queries] == [
        {"workload": SUPPORT, "status": ["ok"]},
        {"workload": GROWTH, "status": ["ok"]},
    ]


# --- one named user (or workload) against everyone else taken together ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "What was u12's error rate over the last 14 days, compared with everyone else's?",
        "u7 spend this month vs everybody else",
        "p95 latency for u12 over the last 7 days against the rest of our users",
        "how does u3's average cost per call in October compare with all other users?",
        "error rate last 14 days: u12 versus all the other users",
    ],
)
def test_a_user_against_everyone_else_is_the_user_and_the_rest(text: str) -> None:
    asked = compute_asked(text, NOW, USERS)
    assert asked.vs_rest and not asked.dimensions and not asked.share
    assert list(asked.filters) == [Dimension.USER]


@pytest.mark.parametrize(
    "text",
    [
        "u12's error rate over the last 14 days",  # contrast: no one else asked
        "how does u12 compare with u7 on spend",  # contrast: two users side by side
        "what share of spend is u12's this month",  # contrast: its share of the whole
    ],
)
def test_a_user_alone_or_beside_another_is_no_rest(text: str) -> None:
    assert not compute_asked(text, NOW, USERS).vs_rest


def test_a_workload_against_everyone_else_is_the_workload_and_the_rest() -> None:
    asked = compute_asked("support-bot's error rate vs everyone else's this week", NOW, KNOWN)
    assert asked.vs_rest and asked.filters == {Dimension.WORKLOAD: ["support-bot"]}


# --- end to end: the figures, from the test's own SQL ---------------------------------------------------------------


def _team(members: list[str]) -> dict[str, str]:
    return {"a": members[0], "b": members[1]}


def test_each_teams_october_charge_is_stated(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        spend = {n: s.one(SPEND, OCTOBER, MONTH, TEAMS, **_team(m)) for n, m in (("s", SUPPORT), ("g", GROWTH))}
    said = answer(
        numbers_env,
        "cost centres for october -- support: support-bot, ticket-classifier; growth: search-rag, sales-agent. "
        "what does each cost centre owe?",
    )
    assert_states(said, [Figure(n, v, Unit.MONEY, rel=0.005) for n, v in spend.items()])
    assert "support cost centre" in said


def test_each_teams_charge_for_successful_calls_is_stated(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        ok = f"{TEAMS} AND status = 'ok'"
        spend = {n: s.one(SPEND, OCTOBER, MONTH, ok, **_team(m)) for n, m in (("e", ENGINEERING), ("g", GROWTH))}
    said = answer(
        numbers_env,
        "Teams: engineering = code-review + doc-summarizer, growth = search-rag + sales-agent. We stopped charging "
        "for failed calls: what is each team's October charge now?",
    )
    assert_states(said, [Figure(n, v, Unit.MONEY, rel=0.005) for n, v in spend.items()])


def test_a_teams_cost_per_day_is_its_members_together(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        total = Sql(client, ORG).one(SPEND, MONTH, NOW, TEAMS, **_team(SUPPORT))
    said = answer(numbers_env, "support team = support-bot + ticket-classifier. average daily cost this month?")
    assert_states(said, [Figure("per day", total / 19.5, Unit.MONEY, rel=0.005)])


def test_a_teams_bill_by_provider_is_its_members_together(numbers_env: AgentEnv) -> None:
    with numbers_env.store.session() as client:
        by = Sql(client, ORG).by("provider", SPEND, OCTOBER, MONTH, TEAMS, **_team(ENGINEERING))
    said = answer(
        numbers_env, "the engineering team (code-review + doc-summarizer) - october spend broken down by vendor"
    )
    assert_states(said, [Figure(p, v, Unit.MONEY, rel=0.005) for p, v in by.items()])


def test_a_teams_share_of_the_whole_is_stated(numbers_env: AgentEnv) -> None:
    start = NOW - 30 * DAY
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        part, whole = s.one(SPEND, start, NOW, TEAMS, **_team(GROWTH)), s.one(SPEND, start, NOW)
    said = answer(
        numbers_env, "growth team = search-rag + sales-agent. what share of the last 30 days' spend is theirs?"
    )
    assert_states(said, [Figure("share", 100 * part / whole, Unit.PERCENT, abs=0.05)])


def test_a_users_figure_and_everyone_elses_are_stated(numbers_env: AgentEnv) -> None:
    start = NOW - 7 * DAY
    with numbers_env.store.session() as client:
        s = Sql(client, ORG)
        mine = s.one(ERROR_RATE, start, NOW, "user_id = {u:String}", u="u12")
        rest = s.one(ERROR_RATE, start, NOW, "user_id != {u:String}", u="u12")
    said = answer(numbers_env, "error rate over the last 7 days: u12 versus everybody else")
    assert_states(said, [Figure("u12", mine, Unit.PERCENT, abs=0.05), Figure("rest", rest, Unit.PERCENT, abs=0.05)])


@pytest.mark.parametrize(
    "text",
    [
        "our 'openai core' group is gpt-4o plus gpt-4o-mini: p95 latency this week?",
        "group gpt-4o and gpt-4o-mini as 'openai core'. what is its p95 latency this week",
        "the openai core bucket = gpt-4o + gpt-4o-mini. p95 latency this week please",
        "openai core models: gpt-4o, gpt-4o-mini (treat them as one group). p95 latency this week?",
    ],
)
def test_a_group_of_models_is_its_models_together_its_name_no_filter(text: str) -> None:
    plan = plan_question(text)
    (query,) = [c.args for c in plan.calls]
    assert query["filters"] == {"model": ["gpt-4o", "gpt-4o-mini"]} and not query.get("dimensions")
    assert query["measures"] == ["latency_p95"] and not plan.unread
