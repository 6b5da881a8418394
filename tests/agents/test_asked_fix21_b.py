"""Readings from the twenty-first set (issue #16): subjects the events do not hold, declined and not answered with other
figures -- what a person typed or a model replied (the events hold a hash of each prompt, not its text), hallucination
or factuality rates and results on a labelled or golden eval set (one quality score per call, not labels), and the
company's runway, cash or bank balance (LLM spend only). Their held look-alikes stay answered: prompt tokens and sizes,
repeated and long prompts, the quality score, the LLM burn rate and how long a budget lasts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from netra_core.agents.assistant import ask
from netra_core.agents.unheld import compute_unheld
from tests.agents.builders import KNOWN, NOW, AgentEnv, make_events
from tests.agents.test_question_set import plan_question

ACME = make_events("acme", 3000, seed=1)


def _said(question: str, start: str) -> bool:
    return any(text.startswith(start) for text in compute_unheld(question.lower(), KNOWN))


# --- what a prompt or a reply said -------------------------------------------------------------------------------------

_TEXT = "what prompts or responses say"


@pytest.mark.parametrize(
    "question",
    [
        "What did u7 actually type in the prompt of the call that timed out yesterday?",
        "what did u12 write to the support bot on monday",
        "What exactly did u3 ask the sales-agent last week?",
        "show me the prompt of the most expensive call yesterday",
        "Pull u7's prompts from the failed calls",
        "give me the raw prompt of session s123",
        "what was the model's reply to u25 yesterday?",
        "the text of gpt-4o's answers on the code-review workload",
        "show me the support bot's exact reply to u3 on monday",
        "what was said in session s42",
        "what did gpt-4o reply when the call to the support-bot failed",
        "copy the wording of the response the doc-summarizer gave",
        "what's the prompt's text for the slowest call of the week",
    ],
)
def test_what_a_prompt_or_reply_said_is_declined(question: str) -> None:
    assert _said(question, _TEXT), compute_unheld(question.lower(), KNOWN)


@pytest.mark.parametrize(
    "question",
    [
        "prompt tokens by model last week",
        "average prompt size per workload in october",
        "how many repeated prompts did we send yesterday",
        "which workload sends the longest prompts",
        "show me prompt tokens by user",
        "what did u7 spend yesterday",
        "what did the support-bot cost last week",
        "how long are the model's replies in tokens, by workload",
        "what did u7 ask for in tokens this month",
        "duplicate prompt hashes per workload this week",
        "what share of gpt-4o's answers had a quality score under 0.75",
        "how slow were the support bot's replies yesterday",
    ],
)
def test_prompt_sizes_and_repeats_stay_answered(question: str) -> None:
    assert not _said(question, _TEXT), compute_unheld(question.lower(), KNOWN)


def test_what_was_typed_is_declined_not_answered_with_the_users_calls(agent_env: AgentEnv) -> None:
    result = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("ana"),
        "What exactly did u7 type in the prompt of their most expensive call last week?",
        now=NOW,
    )
    assert "I cannot answer what prompts or responses say" in result.text
    assert "I have not answered anything in its place" in result.text and "$" not in result.text


# --- hallucinations and labelled eval sets ----------------------------------------------------------------------------

_EVAL = "hallucination, factuality or groundedness"


@pytest.mark.parametrize(
    "question",
    [
        "What is each model's hallucination rate on our labelled golden eval set?",
        "how often does gpt-4o hallucinate on the support-bot",
        "factuality score by model last month",
        "which model is the most grounded on search-rag answers?",
        "accuracy of claude on our gold set",
        "how do the models score against the ground truth labels",
        "results per model on our eval suite in october",
        "share of thumbs-down answers per workload",
        "groundedness and faithfulness of the doc-summarizer this week",
    ],
)
def test_hallucinations_and_labelled_evals_are_declined(question: str) -> None:
    assert _said(question, _EVAL), compute_unheld(question.lower(), KNOWN)


@pytest.mark.parametrize(
    "question",
    [
        "mean quality score by model in october",
        "which workloads have the lowest quality scores this week",
        "share of calls with a quality score below 0.5 last month",
        "quality per task type for gpt-4o-mini",
        "how did the support bot's quality change week over week",
        "the eval write-up needs the error rate by model",
    ],
)
def test_the_quality_score_stays_answered(question: str) -> None:
    assert not _said(question, _EVAL), compute_unheld(question.lower(), KNOWN)


def test_plan_declines_a_hallucination_rate() -> None:
    plan = plan_question("hallucination rate per model on the golden set, last 30 days")
    assert plan.intent == "cannot" and plan.calls == [] and plan.query is None


# --- the company's money ----------------------------------------------------------------------------------------------

_MONEY = "the company's finances"


@pytest.mark.parametrize(
    "question",
    [
        "at this burn how many months of runway do we have left",
        "how much runway do we have at the current llm spend?",
        "what's our cash balance after october's openai bill",
        "when do we run out of money at this rate",
        "how much cash is left in the bank",
        "what is our ARR",
        "how many months of cash do we have at this burn",
    ],
)
def test_the_companys_finances_are_declined(question: str) -> None:
    assert _said(question, _MONEY), compute_unheld(question.lower(), KNOWN)


@pytest.mark.parametrize(
    "question",
    [
        "how long will our $350 budget last at this burn",
        "how much runway does our $350 budget give us",
        "what's our llm burn rate this month",
        "monthly run rate of openai spend",
        "total LLM burn so far this month",
        "how much cached input did we use yesterday",
        "at this pace, when do we run out of our monthly allowance of $500",
    ],
)
def test_llm_burn_and_budgets_stay_answered(question: str) -> None:
    assert not _said(question, _MONEY), compute_unheld(question.lower(), KNOWN)


def test_runway_is_declined_not_answered_with_the_spend(agent_env: AgentEnv) -> None:
    result = ask(
        agent_env.session_factory,
        agent_env.store,
        agent_env.auth("ana"),
        "With the last 7 days' burn, how many months of runway do we have?",
        now=NOW,
    )
    window = ACME[(ACME["ts"] >= NOW - timedelta(days=7)) & (ACME["ts"] < NOW)]
    assert "I cannot answer the company's finances" in result.text
    assert f"${float(window['cost_usd'].sum()):,.2f}" not in result.text
