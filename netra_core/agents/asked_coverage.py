"""How many calls carry an optional field, read as such (issue #16): "how many of October's calls have a quality
score attached", "calls with a time to first token recorded", "how many of yesterday's calls reported token usage",
"what share of requests carry a user id", "session id coverage". Each is the count of the calls carrying the field
beside all calls (its share stated), not the field's mean, its quantiles or a summary of the window.

A field said missing ("how many calls had no quality score", "calls without a user id") is the same count: the
answer states how many calls carry the field and how many do not. A field named with a bound ("calls with a quality
score below 0.7") is a band, read elsewhere.
"""

from __future__ import annotations

import re

from netra_core.analytics.semantic import Measure

# The optional fields of an event, and the count of the events carrying each.
_FIELDS: tuple[tuple[str, Measure], ...] = (
    (r"(?:quality|eval(?:uation)?|judge)\s+(?:scores?|ratings?|grades?)|scores?", Measure.QUALITY_N),
    (r"ttfts?|time[- ]to[- ]first[- ]tokens?|first[- ]token\s+(?:times?|latenc(?:y|ies))", Measure.TTFT_N),
    (r"(?:token\s+)?usage(?:\s+(?:data|figures|numbers|counts?))?|token\s+counts?", Measure.USAGE_N),
    (r"user[- _]?ids?|user\s+identifiers?", Measure.USER_ID_N),
    (r"session[- _]?ids?|session\s+identifiers?", Measure.SESSION_ID_N),
)
# (or left out after a first ask: "how many calls carry a user id, and how many carry a session id")
_CARRIER = (
    r"(?:calls?|requests?|events?|rows?|records?|responses?|completions?|spans?|ones|how many|of (?:them|those|these))"
)
_CARRY = (
    r"(?:have|has|had|having|carry|carries|carried|carrying|include|includes|included|including|come with|came with|"
    r"with|report|reports|reported|reporting|record|records|recorded|log|logs|logged|got|get|gets|contain|contains|"
    r"contained|containing|show|shows|showed|send|sends|sent)"
)
_ARTICLE = r"(?:(?:a|an|any|the|their|its|some|valid|non[- ]?null|non[- ]?empty|populated)\s+)*"
_STATE = (
    r"(?:\s+(?:attached|recorded|set|present|populated|filled(?:\s+in)?|reported|logged|captured|on\s+(?:it|them)))?"
)
# A bound after the field ("a quality score below 0.7", "a ttft over 500 ms") makes it a band, not a coverage.
_NO_BOUND = (
    r"(?!\s*(?:of\s+)?(?:below|above|under|over|<|>|=|at\s+least|at\s+most|less|more|greater|higher|lower|between|"
    r"worse|better|equal|of\s+\d|\d))"
)
_NOT = r"(?:not|never|n't|no|without|missing|lacking|lack)"


def _field_phrases(field: str) -> re.Pattern[str]:
    """The phrases that ask how many calls carry one field."""
    return re.compile(
        # "calls (that) have a quality score attached", "how many of yesterday's calls reported token usage"
        rf"\b{_CARRIER}\s+(?:(?:that|which|where|we\s+got)\s+)?(?P<mid>(?:(?!{_NOT}\b)\w+\s+){{0,2}}?){_CARRY}\s+{_ARTICLE}"
        rf"(?:{field})\b{_NO_BOUND}{_STATE}|"
        # "how many calls had no quality score", "calls without a user id", "requests missing a ttft": the same count,
        # whose complement the answer states
        rf"\b{_CARRIER}\s+(?:(?:that|which|where)\s+)?(?P<mid2>(?:(?!{_NOT}\b)\w+\s+){{0,6}}?)"
        r"(?:(?:had|have|has|came|come|were|was|got)\s+)?(?:with\s+)?"
        rf"(?:no|without|missing|lacking|lacks?|lacked|with\s+no)\s+{_ARTICLE}(?:{field})\b{_NO_BOUND}{_STATE}|"
        # "quality score coverage", "coverage of session ids", "how complete is ttft"
        rf"\b(?:{field})\s+(?:coverage|completeness|fill[- ]rate)\b|\b(?:coverage|completeness|fill[- ]rate)\s+of\s+"
        rf"(?:the\s+)?(?:{field})\b|"
        # "how many calls were scored", "calls that got scored" (the typo reader reads "scored" as "score")
        + (
            rf"\b{_CARRIER}\s+(?:(?:that|which)\s+)?(?:were|was|got|get|have\s+been|has\s+been)\s+scor(?:ed|es?)\b"
            if field == _FIELDS[0][0]
            else r"(?!)"
        )
    )


_PHRASES = tuple((_field_phrases(field), measure) for field, measure in _FIELDS)


def compute_coverage(t: str) -> tuple[list[Measure], str]:
    """The counts of calls carrying each field asked of in lowered text `t`, in the order said, and `t` with those
    phrases cut (their field is not asked as a measure: "a quality score attached" is no mean quality)."""
    found: list[tuple[int, Measure]] = []
    for pattern, measure in _PHRASES:
        if m := pattern.search(t):
            found.append((m.start(), measure))
            # the calls stay ("how many of its calls ..." counts them), and the words between ("calls last week came
            # with a ttft": the window)
            t = f"{t[: m.start()]} calls {m.groupdict().get('mid') or m.groupdict().get('mid2') or ''} {t[m.end() :]}"
    return [measure for _, measure in sorted(found)], t


COVERAGE_MEASURES = frozenset(measure for _, measure in _FIELDS)
