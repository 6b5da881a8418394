"""The blind set's scorer: numbers read from answer text, tolerances, and the four outcomes."""

from __future__ import annotations

import pytest

from tests.agents.number_scoring import Figure, Unit, extract_numbers, is_declining, score_answer


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("you spent $1,234.56 in total", 1234.56, Unit.MONEY),
        ("about $0.0042 per request", 0.0042, Unit.MONEY),
        ("roughly $1.2k on errors", 1200.0, Unit.MONEY),
        ("a bill of 3.5M USD", 3_500_000.0, Unit.MONEY),
        ("an error rate of 4.2 %", 4.2, Unit.PERCENT),
        ("an error rate of 4.2%", 4.2, Unit.PERCENT),
        ("up 12 percent", 12.0, Unit.PERCENT),
        ("p95 2,792 ms", 2792.0, Unit.MS),
        ("p99 is 1.5 s", 1500.0, Unit.MS),
        ("12,345 requests", 12345.0, Unit.NUMBER),
        ("3.4k requests", 3400.0, Unit.NUMBER),
        ("1.25M prompt tokens", 1_250_000.0, Unit.NUMBER),
        ("mean quality 0.852.", 0.852, Unit.NUMBER),
        ("a change of -3.1 %", -3.1, Unit.PERCENT),
        ("against 87, down", 87.0, Unit.NUMBER),
        ("12,345, then", 12345.0, Unit.NUMBER),
    ],
)
def test_one_number_is_read_with_its_unit(text: str, value: float, unit: Unit) -> None:
    """Money, percentages, durations, suffixed counts and scores are each read once, with their unit."""
    found = extract_numbers(text)
    assert [n.unit for n in found] == [unit]
    assert found[0].value == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    [
        "gpt-4o and claude-3-5-haiku on llama-3.1-8b-instant",
        "from 2026-10-01 to 2026-11-01T00:00:00Z",
        "the p95 and p99 of gemini-2.0-flash",
        "at 12:00 UTC",
    ],
)
def test_names_dates_and_times_are_not_numbers(text: str) -> None:
    """Digits inside model names, percentile names, dates and times of day are not figures."""
    assert extract_numbers(text) == []


def test_display_rounding_is_allowed_but_not_more() -> None:
    """$49.85 states 49.8512; $49.90 does not; 3.4k states 3,404 but not 3,460."""
    spend = Figure("spend", 49.8512, Unit.MONEY)
    requests = Figure("requests", 3404, Unit.NUMBER)
    assert score_answer("you spent $49.85", [spend]).outcome == "correct"
    assert score_answer("you spent $49.90", [spend]).outcome == "substituted"
    assert score_answer("3.4k requests", [requests]).outcome == "correct"
    assert score_answer("3,460 requests", [requests]).outcome == "substituted"


def test_units_must_agree() -> None:
    """An error rate of 4.2 % is not matched by $4.20 or by a bare 4.2."""
    rate = Figure("error rate", 4.2, Unit.PERCENT, abs=0.05)
    assert score_answer("errors cost $4.20", [rate]).outcome == "substituted"
    assert score_answer("4.2 of them failed", [rate]).outcome == "substituted"
    assert score_answer("4.2 % failed", [rate]).outcome == "correct"


def test_relative_tolerance_and_alternatives() -> None:
    """A p99 within 5 % matches; an ambiguous question accepts any of its readings."""
    p99 = Figure("p99", 4000.0, Unit.MS, rel=0.05)
    assert score_answer("p99 4,150 ms", [p99]).outcome == "correct"
    assert score_answer("p99 4,300 ms", [p99]).outcome == "substituted"
    per_day = Figure("per day", 10.0, Unit.MONEY, rel=0.01, alternatives=(12.0,))
    assert score_answer("$12.00 a day", [per_day]).outcome == "correct"


def test_a_change_can_be_written_with_words() -> None:
    """A fall of 4 % written "down 4.0 %" matches a magnitude figure, and a signed one only with its sign."""
    fall = Figure("change", -4.0, Unit.PERCENT, abs=0.1, magnitude=True)
    signed = Figure("change", -4.0, Unit.PERCENT, abs=0.1)
    assert score_answer("spend is down 4.0 %", [fall]).outcome == "correct"
    assert score_answer("spend is down 4.0 %", [signed]).outcome == "substituted"
    assert score_answer("spend changed by -4.0 %", [signed]).outcome == "correct"


def test_the_four_outcomes() -> None:
    """All figures: correct; some: partial; none but a refusal: declined; other figures, no refusal: substituted."""
    figures = [Figure("p50", 1000.0, Unit.MS, rel=0.03), Figure("p99", 5000.0, Unit.MS, rel=0.05)]
    assert score_answer("p50 1,010 ms and p99 4,950 ms", figures).outcome == "correct"
    partial = score_answer("p50 1,010 ms; I cannot compute p99", figures)
    assert (partial.outcome, partial.found, partial.missing) == ("partial", ["p50"], ["p99"])
    assert score_answer("p50 1,010 ms, p95 2,800 ms", figures).outcome == "partial"
    assert score_answer("p95 2,800 ms over 3,404 requests", figures).outcome == "substituted"
    assert score_answer("I can't compute latency quantiles above p95.", figures).outcome == "declined"


def test_unanswerable_questions_are_declined_or_substituted() -> None:
    """With nothing to find, saying so (or giving no figure) is declined; other figures without a word is substituted."""
    assert score_answer("I can answer questions about spend, latency and errors.", []).outcome == "declined"
    assert score_answer("Spend is stored in USD only; I cannot convert it to EUR.", []).outcome == "declined"
    assert score_answer("Over October you spent $220.84 on 14,852 requests.", []).outcome == "substituted"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I don't have carbon data for your traffic.", True),
        ("The store does not record GPU hours.", True),
        ("Prompt text is not stored, only a hash.", True),
        ("Revenue isn't tracked in Netra.", True),
        ("You spent $12.00; spend is up 3.0 %.", False),
        ("Latency p95 2,000 ms, error rate 4.0 %.", False),
    ],
)
def test_refusals_are_recognised(text: str, expected: bool) -> None:
    """Plain ways of saying "I can't" are refusals; ordinary answers are not."""
    assert is_declining(text) is expected
