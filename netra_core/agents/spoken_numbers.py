"""Numbers written in words, as a user dictating to a phone says them, rewritten as digits (issue #16).

"longer than two seconds", "half a second", "under ten cents", "over forty eight hours", "the last twenty one days",
"p ninety five", "the ninety fifth percentile", "two point five seconds", "one and a half seconds", "fifteen hundred
milliseconds": the number before a unit of time, money, tokens or percent, or after "p", is read as the digits the
other readers know ("2 seconds", "0.5 seconds", "p95"). A number word before anything else ("which two workloads",
"claude three five sonnet", "gemini two point oh flash") is left as written: model names and counts of groups are
read where they are read.

`compute_ordinal` reads an ordinal in words ("first" 1, "twenty first" 21), as dates written in words need.
"""

from __future__ import annotations

import re

_ONES = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_ORDINAL_ONES = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
}
_ORDINAL_TENS = {
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
}

_ONE = "(?:" + "|".join(sorted(_ONES, key=len, reverse=True)) + ")"
_TEN = "(?:" + "|".join(sorted(_TENS, key=len, reverse=True)) + ")"
_SEP = r"(?:\s+|-)"
# A cardinal under ten thousand in words: "twenty one", "forty-eight", "fifteen hundred", "two thousand five hundred".
_SMALL = rf"(?:{_TEN}(?:{_SEP}{_ONE})?|{_ONE})"
_CARDINAL = (
    rf"(?:(?:{_SMALL}|a){_SEP}thousand(?:(?:{_SEP}and)?{_SEP}{_SMALL}{_SEP}hundred)?(?:(?:{_SEP}and)?{_SEP}{_SMALL})?|"
    rf"(?:{_SMALL}|a){_SEP}hundred(?:(?:{_SEP}and)?{_SEP}{_SMALL})?|{_SMALL})"
)
# "two point five", "one and a half", "zero point eight".
_NUMBER = rf"(?P<num>{_CARDINAL})(?:\s+point\s+(?P<dec>(?:{_ONE}|oh)(?:\s+(?:{_ONE}|oh))*)|\s+and\s+a\s+half)?"

# Units a number before is a threshold or a length (singular and plural).
_THRESHOLD_UNITS = (
    r"seconds?|secs?|milliseconds?|millis|ms|cents?|dollars?|bucks|usd|tokens?|k\s+tokens|percent|per\s*cent|"
    r"minutes?|mins?"
)
_WINDOW_UNITS = r"hours?|hrs?|days?|weeks?|months?|years?"
_SPELLED = re.compile(rf"(?<![\w-]){_NUMBER}(?P<unit>\s+(?:{_THRESHOLD_UNITS}|{_WINDOW_UNITS}))\b")
# The words a window's length follows ("the last forty eight hours"; "one day we saw a spike", "those two days" are
# no window).
_WINDOW_BEFORE = re.compile(r"\b(?:last|past|previous|prior|over|in|for|the|within|next|first|than|under|over)\s*$")
# "half a second", "half a cent", "a quarter of a second", "a tenth of a second", "a second and a half".
_PART = {"half": 0.5, "quarter": 0.25, "tenth": 0.1}
_PART_OF = re.compile(
    r"(?<![\w-])(?:an?\s+)?(?P<part>half|quarter|tenth)\s+(?:of\s+)?an?\s+(?P<unit>second|cent|dollar|minute)\b"
)
_AND_A_HALF = re.compile(r"(?<![\w-])an?\s+(?P<unit>second|cent|dollar|minute|hour|day|week)\s+and\s+a\s+half\b")
# "than a second", "under a cent", "over a dollar": one of the unit, after a comparison.
_ONE_UNIT = re.compile(
    r"\b(?P<cmp>than|under|over|above|below|exceed(?:s|ed|ing)?|least|most|past|beyond)\s+an?\s+"
    r"(?P<unit>second|cent|dollar)\b(?!\s+(?:and|or)\s+a\s+half\b)"
)
# "p ninety five", "p-ninety-nine": a percentile said in words.
_P_SPELLED = re.compile(rf"\bp[\s-]+(?P<num>{_SMALL})\b")
# "the ninety fifth percentile", "ninety-ninth percentile".
_ORDINAL_SMALL = (
    rf"(?:(?P<ten>{_TEN}){_SEP}(?P<one>"
    + "|".join(sorted(_ORDINAL_ONES, key=len, reverse=True))
    + r")|(?P<alone>"
    + "|".join(sorted([*_ORDINAL_ONES, *_ORDINAL_TENS], key=len, reverse=True))
    + "))"
)
_ORDINAL_PERCENTILE = re.compile(rf"(?<![\w-]){_ORDINAL_SMALL}\s+(?P<word>percentile|pctl)\b")
ORDINAL = re.compile(rf"(?<![\w-]){_ORDINAL_SMALL}(?![\w-])")
# The same words with no group of their own, to build other patterns on ("november twenty first").
ORDINAL_WORDS = re.sub(r"\(\?P<\w+>", "(?:", _ORDINAL_SMALL)


def _small(words: str) -> int:
    """A number under a hundred in words ("forty eight", "twelve")."""
    total = 0
    for word in re.split(r"[\s-]+", words.strip()):
        total += _TENS.get(word, 0) + _ONES.get(word, 0)
    return total


def compute_cardinal(words: str) -> int:
    """The value of a cardinal written in words ("fifteen hundred", "two thousand and fifty", "a hundred")."""
    total, part = 0, 0
    for word in re.split(r"[\s-]+", words.strip()):
        if word == "and":
            continue
        if word == "a":
            part = 1
        elif word == "hundred":
            part = (part or 1) * 100
        elif word == "thousand":
            total += (part or 1) * 1000
            part = 0
        else:
            part += _TENS.get(word, 0) + _ONES.get(word, 0)
    return total + part


def _value(m: re.Match[str]) -> float:
    value: float = compute_cardinal(m["num"])
    if m["dec"]:
        digits = "".join(str(_ONES.get(d, 0)) for d in m["dec"].split())
        value = float(f"{int(value)}.{digits}")
    elif re.search(r"\band\s+a\s+half\b", m.group(0)):
        value += 0.5
    return value


def _digits(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def suffixed(n: int) -> str:
    """`n` as an ordinal in digits: "1st", "22nd", "13th"."""
    end = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{end}"


def compute_ordinal(words: str) -> int | None:
    """The number an ordinal in words names ("first" 1, "twenty first" 21, "ninety fifth" 95), or None."""
    m = ORDINAL.fullmatch(words.strip())
    if m is None:
        return None
    if m["alone"]:
        return _ORDINAL_ONES.get(m["alone"]) or _ORDINAL_TENS[m["alone"]]
    return _TENS[m["ten"]] + _ORDINAL_ONES[m["one"]]


def compute_spoken_numbers(t: str) -> str:
    """Lowered text `t` with numbers written in words before a unit (or after "p") as digits."""

    def spelled(m: re.Match[str]) -> str:
        value = _value(m)
        unit = m["unit"]
        is_window = re.fullmatch(rf"\s+(?:{_WINDOW_UNITS})", unit) is not None
        if is_window and not _WINDOW_BEFORE.search(t[: m.start()]):
            return m.group(0)  # "one day we saw a spike", "on each of those two days": no window
        return f"{_digits(value)}{unit}"

    t = _PART_OF.sub(lambda m: f"{_digits(_PART[m['part']])} {m['unit']}s", t)
    t = _AND_A_HALF.sub(lambda m: f"1.5 {m['unit']}s", t)
    t = _ONE_UNIT.sub(lambda m: f"{m['cmp']} 1 {m['unit']}", t)
    t = _SPELLED.sub(spelled, t)
    t = _P_SPELLED.sub(lambda m: f"p{_small(m['num'])}", t)

    def percentile(m: re.Match[str]) -> str:
        n = compute_ordinal(m.group(0)[: m.start("word") - m.start()].strip())
        return f"{suffixed(n)} {m['word']}" if n is not None else m.group(0)

    return _ORDINAL_PERCENTILE.sub(percentile, t)
