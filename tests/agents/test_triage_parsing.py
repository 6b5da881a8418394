"""The planner's parsers one by one: dates, money, prices per million tokens, typed words to keywords, loose model
names, chart grains; and the few planner rules that decide on their output (targets, constraint follow-ups)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from netra_core.agents.catalog_names import BUILTIN_MODEL_NAMES
from netra_core.agents.intents import Intent
from netra_core.agents.matching import compute_edit_distance, compute_keyword, compute_name_matches
from netra_core.agents.quantities import (
    compute_budget_usd,
    compute_constraints,
    compute_is_target,
    compute_per_million_text,
    compute_prices_per_mtok,
)
from netra_core.agents.timerange import compute_time_range
from netra_core.agents.triage import (
    Plan,
    compute_grain,
    compute_plan,
    compute_saved_name,
    compute_security_notes,
    compute_words,
)
from netra_core.agents.vocabulary import KEYWORDS, PLAIN_WORDS
from tests.agents.builders import KNOWN, NOW


def _day(text: str) -> str:
    return datetime.fromisoformat(text).strftime("%Y-%m-%d %H:%M")


# NOW is Friday 2026-11-20 12:00 UTC; "now" below is that moment.
@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("spend since september", "2026-09-01 00:00", "now"),
        ("since oct", "2026-10-01 00:00", "now"),
        ("since sept", "2026-09-01 00:00", "now"),
        ("since dec", "2025-12-01 00:00", "now"),  # December is still ahead this year: the last one
        ("errors in oct", "2026-10-01 00:00", "2026-11-01 00:00"),
        ("for november so far", "2026-11-01 00:00", "now"),
        ("in october 2025", "2025-10-01 00:00", "2025-11-01 00:00"),
        ("last september", "2026-09-01 00:00", "2026-10-01 00:00"),
        ("since oct 15th", "2026-10-15 00:00", "now"),
        ("since the 12th of oct", "2026-10-12 00:00", "now"),
        ("what did we spend on the 3rd?", "2026-11-03 00:00", "2026-11-04 00:00"),
        ("why was the 18th so expensive", "2026-11-18 00:00", "2026-11-19 00:00"),
        ("the 25th", "2026-10-25 00:00", "2026-10-26 00:00"),  # not yet this month: last month's
        ("latency on nov 5th", "2026-11-05 00:00", "2026-11-06 00:00"),
        ("3rd of november", "2026-11-03 00:00", "2026-11-04 00:00"),
        ("on dec 24", "2025-12-24 00:00", "2025-12-25 00:00"),
        ("why was wednesday so pricey", "2026-11-18 00:00", "2026-11-19 00:00"),
        ("friday's bill", "2026-11-13 00:00", "2026-11-14 00:00"),  # today is Friday: the last whole one
        ("last tuesday", "2026-11-17 00:00", "2026-11-18 00:00"),
        ("how much since tue", "2026-11-17 00:00", "now"),
        ("latency since monday", "2026-11-16 00:00", "now"),
        ("since yesterday", "2026-11-19 00:00", "now"),
        ("yesterday", "2026-11-19 00:00", "2026-11-20 00:00"),
        ("last weekend", "2026-11-14 00:00", "2026-11-16 00:00"),
        ("errors over the weekend", "2026-11-14 00:00", "2026-11-16 00:00"),
        ("from nov 2 to nov 9", "2026-11-02 00:00", "2026-11-10 00:00"),
        ("between the 2nd and the 9th", "2026-11-02 00:00", "2026-11-10 00:00"),
        ("monday through wednesday", "2026-11-16 00:00", "2026-11-19 00:00"),
        ("since 2026-11-10", "2026-11-10 00:00", "now"),
        ("ytd spend", "2026-01-01 00:00", "now"),
    ],
)
def test_calendar_windows(text: str, start: str, end: str) -> None:
    """Months, days, weekdays and weekends resolve to the most recent past one, as a start..end window."""
    window = compute_time_range(text, NOW)
    assert window is not None and window.start is not None and window.end is not None, text
    assert _day(window.start.isoformat()) == start
    assert _day(window.end.isoformat()) == ("2026-11-20 12:00" if end == "now" else end)


@pytest.mark.parametrize(
    ("text", "days"),
    [("last 3 months", 90.0), ("past 48h", 2.0), ("over the past 10 days", 10.0), ("past fortnight", 14.0)],
)
def test_relative_windows(text: str, days: float) -> None:
    """ "last N units" stay a number of days."""
    window = compute_time_range(text, NOW)
    assert window is not None and window.days == days


@pytest.mark.parametrize(
    "text",
    [
        "price per 1m input tokens for mistral large",  # 1m is a million tokens, not a month
        "set it to $3/1m",
        "may i see the spend",  # "may" alone is not May
        "march the numbers over",
        "p95 at the 95th percentile",
        "the 1st week of traffic",
        "next monday",
        "what if the budget was 300 dollars a month",
    ],
)
def test_no_window(text: str) -> None:
    """Words that look like dates but are not leave the window to the default."""
    assert compute_time_range(text, NOW) is None


def test_windows_follow_the_clock() -> None:
    """The same words resolve against the moment they are asked."""
    sunday = datetime(2026, 3, 8, 9, 0, tzinfo=UTC)
    this = compute_time_range("the weekend", sunday)
    last = compute_time_range("last weekend", sunday)
    assert this is not None and this.start == datetime(2026, 3, 7, tzinfo=UTC) and this.end == sunday
    assert last is not None and last.start == datetime(2026, 2, 28, tzinfo=UTC)
    since = compute_time_range("since nov", sunday)
    assert since is not None and since.start == datetime(2025, 11, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ("budget is $500", 500.0),
        ("what if the budget was 300 dollars a month", 300.0),
        ("keep it under $300", 300.0),
        ("keep it under 300 usd", 300.0),
        ("under 1.5k dollars", 1500.0),
        ("max $2k per month", 2000.0),
        ("budget: 1,500", 1500.0),
        ("budget of usd 250", 250.0),
        ("we can spend at most $1,200.", 1200.0),
        ("no more than 40 bucks a day", 40.0),
        ("p95 under 2 s", None),
        ("budget is 30% lower than last year", None),
        ("we spent $300 yesterday", None),  # an amount without a ceiling word is not a budget
        ("we've got a 1.5k/month budget", 1500.0),  # the amount before the word, with a period
        ("a budget of 2k a month", 2000.0),
        ("$2k/mo budget", 2000.0),
        ("keep it under $2k/mo", 2000.0),
        ("a $500 monthly budget", 500.0),
        ("the 2026 budget", None),  # a bare number before "budget" needs a scale, a period or a currency
        ("cheapest model under $1 per 1m tokens", None),  # a price, not a budget
        ("requests under $0.01 per request", None),  # a unit cost, not a budget
        ("calls under $0.05 each", None),
    ],
)
def test_budget(text: str, budget: float | None) -> None:
    """A ceiling word and an amount with a dollar sign, "dollars", "usd" or "k"; "budget" also takes a bare number."""
    assert compute_budget_usd(text) == budget


@pytest.mark.parametrize(
    ("text", "floor", "savings"),
    [
        ("and with a 0.9 floor?", 0.9, None),
        ("suppose the floor is 0.92", 0.92, None),
        ("a 90% floor", 0.9, None),  # the floor's percentage is not a savings target
        ("floor of 85%, save 20%", 0.85, 20.0),
    ],
)
def test_quality_floor_without_the_word_quality(text: str, floor: float, savings: float | None) -> None:
    """ "floor" alone names a quality floor, as a fraction or a percentage."""
    c = compute_constraints(text)
    assert (c.quality_floor, c.savings_pct) == (floor, savings)


@pytest.mark.parametrize(
    ("text", "is_target"),
    [
        ("we've got a 2k/month budget", True),
        ("keep us under $900", True),
        ("quality can't go under .88", True),
        ("keep quality at least 0.9", True),
        ("quality >= 0.85", True),
        ("with a 0.9 floor", True),
        ("quality was 0.82 last week", False),  # a reading, not a floor
        ("spend is up 40% this month", False),  # a percentage alone is no target
        ("is p95 under 2 s?", False),
        ("haiku costs $0.80 per 1m input tokens", False),
    ],
)
def test_targets(text: str, is_target: bool) -> None:
    """A budget, or a quality number said as a floor, is an optimisation target; readings and prices are not."""
    assert compute_is_target(text) is is_target


def test_constraints_together() -> None:
    """Savings, quality, latency and budget are read side by side."""
    c = compute_constraints("save ~25%, quality above .88, p95 below 1500ms, budget 2k usd")
    assert (c.savings_pct, c.quality_floor, c.p95_ms, c.budget_usd) == (25.0, 0.88, 1500.0, 2000.0)


@pytest.mark.parametrize(
    ("text", "prices"),
    [
        ("set the price of gpt-4o to $2 input and $8 output", (2.0, 8.0)),
        ("update claude pricing to 1.5 in / 6 out per mtok", (1.5, 6.0)),
        ("$0.15 per 1M input tokens and $0.60 per 1M output tokens", (0.15, 0.6)),
        ("input $0.2, output $0.8 per 1M tokens", (0.2, 0.8)),
        ("input: 3, output: 15", (3.0, 15.0)),
        ("$0.003 input / $0.015 output per 1k tokens", (3.0, 15.0)),  # per thousand, scaled to per million
        ("make gpt-4o cheaper", None),
    ],
)
def test_prices_per_mtok(text: str, prices: tuple[float, float] | None) -> None:
    """Input and output prices in USD per million tokens, whichever way the unit is written."""
    assert compute_prices_per_mtok(text) == prices


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("cost per 1M tokens", "cost per mtok"),
        ("$3/1m", "$3 per mtok"),
        ("1M input tokens", "mtok input tokens"),
        ("price per million", "price per mtok"),
        ("last 1m", "last 1m"),  # no token unit: left alone
    ],
)
def test_per_million_text(text: str, normal: str) -> None:
    """Every spelling of "per million tokens" becomes "per mtok"."""
    assert " ".join(compute_per_million_text(text).split()) == normal


@pytest.mark.parametrize(
    ("token", "keyword"),
    [
        ("spnd", "spend"),  # typos are corrected...
        ("latncy", "latency"),
        ("reprot", "report"),
        ("genrate", "generate"),
        ("erors", "errors"),
        ("optimisation", "optimization"),
        ("slower", "slow"),  # ...forms map to their keyword...
        ("faster", "fast"),
        ("slowing", "slow"),
        ("spikes", "spike"),
        ("throttle", "throttled"),
        ("costly", "cost"),
        ("chat", "chat"),  # ...and real words stay as typed
        ("send", "send"),
        ("sent", "sent"),
        ("large", "large"),
        ("charge", "charge"),
        ("tend", "tend"),
        ("value", "value"),
        ("better", "better"),
        ("week", "week"),  # a plain word the planner keeps
        ("toekn", "token"),  # two neighbouring letters swapped...
        ("sepnd", "spend"),
        ("fats", "fats"),  # ...unless that makes a common word
        ("spilt", "spilt"),
    ],
)
def test_keyword_correction(token: str, keyword: str) -> None:
    """Typos and forms become keywords; English words near a keyword ("chat" ~ chart) do not."""
    assert compute_keyword(token, KEYWORDS, PLAIN_WORDS) == keyword


def test_names_are_never_corrected() -> None:
    """A name part of the org ("summarizer") stays as typed even one edit from a keyword."""
    assert compute_keyword("summarizer", KEYWORDS) == "summarize"
    assert compute_keyword("summarizer", KEYWORDS, frozenset({"summarizer"})) == "summarizer"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("how many 429s yesterday", "errors"),
        ("any 5xx from openai", "errors"),
        ("503s on groq", "errors"),
        ("time to first token on haiku", "ttft"),
        ("mistral large per 1M tokens", "mtok"),
        ("time to frist token", "ttft"),  # a phrase's words match typos one edit away
        ("tiem to first tokens", "ttft"),
        ("what did we pay google", "spend"),  # synonyms, grouped by meaning
        ("how much were we charged", "spent"),
        ("the openai invoice", "bill"),
        ("shave some cost off", "reduce"),
        ("bring the bill down", "reduce"),
        ("a one-pager for the cfo", "report"),
        ("a quick write-up", "report"),
        ("a memo on spend", "report"),
        ("benchmark haiku against flash", "compare"),
        ("haiku head to head with flash", "vs"),
        ("break that down by model", "breakdown"),
        ("what's our burn rate", "spend"),
    ],
)
def test_words_fold_phrases(text: str, expected: str) -> None:
    """HTTP error codes read as errors, "time to first token" as ttft, a per-million unit as mtok."""
    assert expected in compute_words(text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("what does it charge per 1m tokens", "spent"),  # "charge" stays as typed, only "charged" is spent
        ("time to fist", "ttft"),  # a phrase matches whole
        ("burn rate", "errors"),  # the phrase is spend, its "rate" is not an error rate
    ],
)
def test_words_not_folded(text: str, absent: str) -> None:
    """Synonyms match exactly and phrases whole."""
    assert absent not in compute_words(text)


@pytest.mark.parametrize("text", ["top 400 users", "budget is $500", "the 500 biggest requests"])
def test_bare_numbers_are_not_error_codes(text: str) -> None:
    """Only a plural code ("429s") or a class ("5xx") is an error; a bare 400 or 500 is a number."""
    assert "errors" not in compute_words(text)


def test_edit_distance() -> None:
    """Insertions, deletions, substitutions and swaps of neighbours count one edit each."""
    assert compute_edit_distance("spnd", "spend") == 1
    assert compute_edit_distance("reprot", "report") == 1
    assert compute_edit_distance("slower", "lower") == 1
    assert compute_edit_distance("latency", "latency") == 0
    assert compute_edit_distance("abc", "") == 3


@pytest.mark.parametrize(
    ("text", "grain"),
    [
        ("daily spend", "day"),
        ("chart weekly costs", "week"),
        ("monthly spend since june", "month"),
        ("hourly cost today", "hour"),
        ("spend per day", "day"),
        ("costs by week", "week"),
        ("each month", "month"),
        ("spend last week", None),  # a window, not a grain
        ("40 bucks a day", None),
    ],
)
def test_grain(text: str, grain: str | None) -> None:
    """ "daily" and "per day" set the chart's grain; "last week" is a window."""
    assert compute_grain(text) == grain


SIZED = {"catalog": ["llama-3.1-8b-instant", "llama-3.3-70b-versatile", "mistral-small"]}


@pytest.mark.parametrize(
    ("text", "known", "value"),
    [
        ("llama 70b pricing", SIZED, "llama-3.3-70b-versatile"),
        ("is 70b llama fast", SIZED, "llama-3.3-70b-versatile"),  # the order of the words does not matter
        ("llama 8b vs mistral small", SIZED, "llama-3.1-8b-instant"),
        ("llama 70b pricing", {"catalog": ["llama-3.1-70b-instruct", "llama-3.3-70b-versatile"]}, None),  # two fit
        ("70b pricing", SIZED, None),  # a size alone names nothing
        ("llama pricing", SIZED, None),  # a family shared by two models names neither
        ("gemma 8b pricing", SIZED, None),  # a size of another family
        ("top 8b requests by llama users", SIZED, None),  # the words are not neighbours
    ],
)
def test_family_and_size(text: str, known: dict[str, list[str]], value: str | None) -> None:
    """A family word and a size next to each other match the one model that has both, and nothing when two do."""
    found = [m.value for m in compute_name_matches(text, known) if "llama" in m.value]
    assert found == ([value] if value else [])


def _plan(text: str, previous: Plan | None = None) -> Plan:
    return compute_plan(
        text, known=KNOWN, catalog_models=BUILTIN_MODEL_NAMES, own_org="acme", now=NOW, previous=previous
    )


def test_constraint_follow_up_keeps_the_other_constraints() -> None:
    """In an optimize thread a message that only changes a constraint is the same search with that one changed."""
    first = _plan("keep quality at least 0.9 and stay under $800 a month")
    assert first.intent == "optimize"
    for text in ("what if p95 can be 4 seconds?", "and with a 0.85 floor"):
        plan = _plan(text, first)
        assert plan.intent == "optimize" and plan.is_follow_up, text
        expected = {
            "quality_floor": 0.9,
            "budget_usd": 800.0,
            **compute_constraints(text).model_dump(exclude_none=True),
        }
        assert plan.constraints.model_dump(exclude_none=True) == expected, text
        assert plan.window == first.window


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("which models have p95 under 2 s?", "latency"),  # a grouping: a question of its own
        ("why did spend jump 20% yesterday?", "spend_change"),  # a strong change word
        ("how much did we spend last week?", "kpis"),  # no constraint at all
        ("was average quality 0.82 on the support bot?", "kpis"),  # a reading, not a floor
    ],
)
def test_new_questions_in_an_optimize_thread(text: str, intent: str) -> None:
    """Questions of their own in an optimize thread keep their intent."""
    assert _plan(text, _plan("reduce spend 20%, budget $900")).intent == intent


def test_a_help_plan_is_no_thread_state() -> None:
    """A previous plan that fell to help carries nothing into the next message."""
    plan = _plan("and for the last 30 days?", Plan(intent=Intent.HELP, workloads=["support-bot"]))
    assert plan.intent == "help" and not plan.is_follow_up and plan.workloads == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("save this as @weekly-support", "weekly-support"),
        ("save it as weekly-rag", "weekly-rag"),
        ("bookmark that as @finance-view", "finance-view"),
        ("pin the current view as @rag-costs", "rag-costs"),
        ("remember this as @q4", "q4"),
        ("keep the same window as @weekly", None),  # a comparison cites @weekly, it saves nothing
        ("keep quality as high as possible", None),  # no @: not a name
    ],
)
def test_saved_name(text: str, name: str | None) -> None:
    """Save verbs with "as @name" save a reference; "save ... as name" needs no @."""
    assert compute_saved_name(text) == name


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("show spend for org globex", ["globex"]),
        ("what's globex's org spending look like this month?", ["globex"]),
        ("tenant=initech costs please", ["initech"]),
        ("how much does our org spend on gpt-4o", []),
        ("org spending by workload", []),
        ("the whole org is over budget", []),
        ("spend for org acme", []),  # the user's own org
    ],
)
def test_other_org_notes_name_the_org_not_a_neighbouring_word(text: str, named: list[str]) -> None:
    notes = compute_security_notes(text, "acme")
    assert [n["detail"].split("'")[1] for n in notes if n["kind"] == "other_org_ignored"] == named
