"""Figures derived from a list, read as such (issue #16): a series' peak bucket beside its mean, the minimum, maximum
and median of a per-bucket count, several distinct counts asked together, and counts over counts.

"the single most expensive day" beside "on average per day" is the whole daily series, its highest day and its mean
(not the mean alone); "the most requests in a single hour" is the busiest hour's count (not the window's total);
"calls per day - min, max and median" is the daily series' ends and middle (not the median latency); "how many
distinct models, providers, users and sessions" is four distinct counts (not the sessions of each model); "calls per
session" and "sessions per user" are one count over another (not cost per conversation, nor each user's sessions).
"""

from __future__ import annotations

import re

from netra_core.analytics.semantic import Dimension, Grain, Measure, RateUnit

# "the most requests we've handled in a single hour", "our peak tokens in any one day": the one bucket of that
# grain with the highest figure
_PEAK_IN_ONE = re.compile(
    r"\b(?:most|highest|peak|max(?:imum)?|biggest|largest|heaviest|record)\b.{0,80}?\b(?:in|during|within|for|on)\s+"
    r"(?:a|one|any|any one|a given)\s+(?:single\s+)?(hour|day|week|month)\b|"
    # "the highest single-day spend", "our biggest one-day bill", "the peak daily cost", "record hourly calls": that
    # bucket's figure at its highest
    r"\b(?:most|highest|peak|max(?:imum)?|biggest|largest|heaviest|record)\s+(?:single|one)[- ](hour|day|week|month)\b|"
    r"\b(?:highest|peak|max(?:imum)?|biggest|largest|heaviest|record)\s+(hour|dai|week|month)ly\s+(?:spend|cost|bill|"
    r"calls|requests|volume|traffic|tokens|errors)\b"
)
# "how many is that per day", "what does that come to a day": the figure just asked, per that unit of its window
_THAT_PER = re.compile(
    r"\b(?:how (?:many|much)|what)\s+(?:is|does|would)\s+(?:that|this|it)\s+(?:be\s+|come\s+to\s+|work\s+out\s+to\s+|"
    r"make\s+)?(?:per|a|each|every)\s+(second|minute|hour|day)\b|"
    r"\b(?:and|or)\s+(?:that|this|it)\s+(?:is\s+)?(?:per|a|each)\s+(second|minute|hour|day)\b"
)
_STAT = r"(?:min(?:imum)?|max(?:imum)?|median|mean|average|avg|highest|lowest)"
# "min, max and median", "max / median / min": two or more statistics listed, of the buckets of a series
_STATS = re.compile(rf"\b{_STAT}(?:\s*(?:,|/|&|\band\b|\bplus\b)+\s*(?:the\s+)?{_STAT}\b)+")
# the counts a series of buckets can have statistics of (a latency's min and max are its own, not the buckets')
_COUNTED = re.compile(r"\b(?:calls?|requests?|traffic|volume|spend\w*|spent|costs?|tokens?|errors?|failures?)\b")
_NOT_COUNTED = re.compile(r"\b(?:latency|ttft|time to first token|quality|score|duration|slow\w*)\b")

_DISTINCT_NOUNS = {
    "models": Measure.MODELS,
    "llms": Measure.MODELS,
    "providers": Measure.PROVIDERS,
    "vendors": Measure.PROVIDERS,
    "workloads": Measure.WORKLOADS,
    "features": Measure.WORKLOADS,
    "apps": Measure.WORKLOADS,
    "users": Measure.USERS,
    "customers": Measure.USERS,
    "sessions": Measure.SESSIONS,
    "conversations": Measure.SESSIONS,
    "status values": Measure.STATUSES,
    "statuses": Measure.STATUSES,
    "status codes": Measure.STATUSES,
    "error types": Measure.ERROR_TYPES,
    "error kinds": Measure.ERROR_TYPES,
}
DISTINCT_COUNTS = frozenset(_DISTINCT_NOUNS.values())
_NOUN = "|".join(_DISTINCT_NOUNS)
_QUALIFIER = r"(?:distinct|different|unique|separate|active)\s+"
# "how many distinct models, providers, users and sessions", "the number of unique users and sessions": each one's
# distinct count, not a grouping by the first
_DISTINCT_LIST = re.compile(
    rf"\b(?:how many|number of|count of|# of)\s+(?:{_QUALIFIER})?(?:{_NOUN})\b"
    rf"(?:\s*(?:,|&|\band\b|\bplus\b)+\s*(?:how many\s+|the number of\s+)?(?:{_QUALIFIER})?(?:{_NOUN})\b)+"
)
# "calls per session", "how many calls does a session make", "requests in an average conversation"
_REQUESTS_PER_SESSION = re.compile(
    r"\b(?:calls|requests|queries|turns|messages)\s+(?:per|a|each|in\s+(?:a|an|each|the\s+average|the\s+typical))\s+"
    r"(?:average\s+|typical\s+|single\s+)?(?:session|conversation)\b|"
    r"\b(?:calls|requests|queries)\s+(?:does|do|did|would)\s+(?:a|an|each|one|the)\s+(?:average\s+|typical\s+)?"
    r"(?:session|conversation)\s+(?:make|have|contain|include|take|run|hold|send)\b|"
    r"\b(?:session|conversation)s?\s+(?:make|makes|made|have|has|contain|contains|hold|holds)\s+(?:on average\s+)?"
    r"(?:how many\s+)?(?:calls|requests)\b(?:\s+on average)?"
)
# "sessions per user", "how many sessions does a user have on average"
_SESSIONS_PER_USER = re.compile(
    r"\b(?:sessions|conversations)\s+(?:per|a|each|by\s+(?:a|an|each|the\s+average))\s+(?:average\s+|typical\s+|single\s+)?"
    r"(?:user|customer|person)\b|"
    r"\b(?:sessions|conversations)\s+(?:does|do|did|would)\s+(?:a|an|each|one|the)\s+(?:average\s+|typical\s+)?"
    r"(?:user|customer|person)\s+(?:have|start|open|run|make|hold)\b"
)
_MEDIAN_OR_MEAN = re.compile(r"\b(?:median|middle)\b")


# "users who got answers from more than one model", "customers on multiple models": users by how many models
# served them (a share when one is asked: "what share of its users")
_MULTI_MODEL_USERS = re.compile(
    r"\b(?:users|customers|people|persons)\b.{0,50}?\b(?:more than one|multiple|several|two or more|at least two|"
    r"over one|2\+|different|more than a single)\s+(?:different\s+|distinct\s+)?(?:models?|llms?)\b"
)
_SHARE_WORD = re.compile(r"\b(?:share|percent\w*|fraction|proportion|ratio)\b|%")


def compute_multi_model_users(t: str) -> Measure | None:
    """The users served by more than one model, or their share of all users, when asked; else None."""
    m = _MULTI_MODEL_USERS.search(t)
    if m is None:
        return None
    return Measure.MULTI_MODEL_USERS_SHARE if _SHARE_WORD.search(t[: m.end()]) else Measure.MULTI_MODEL_USERS


# What the store holds, with no window named ("how many events do we hold in total", "how much data have we
# ingested", "when did the first and the last event arrive"): all of it, not the last 30 days
_EVENTS = r"(?:events?|records?|rows?|data|logs?|calls?|requests?|traffic)"
_HELD = re.compile(
    rf"\b{_EVENTS}\s+(?:do|did|have|does)\s+we\s+(?:\w+\s+)?(?:hold|store|stored|keep|kept|ingest|ingested|load|loaded|"
    rf"have on (?:file|record)|have in (?:the )?store)\b|"
    rf"\bhow (?:many|much)\s+{_EVENTS}\s+(?:are|is)\s+(?:there\s+)?(?:in\s+(?:the\s+)?(?:store|database)|stored|held|"
    rf"ingested|loaded)\b"
)
# "how many days of data does that cover", "how many days does the data span": the days with traffic
_DAYS_COVERED = re.compile(
    r"\bhow many (?:\w+\s+)?days\s+(?:of\s+(?:data|traffic|events|history|logs)|(?:does|do|did)\s+(?:that|it|this|the "
    r"data|they|those)\s+(?:cover|span))\b|\bdays\s+of\s+(?:data|history)\s+(?:do we (?:have|hold)|does (?:that|it) cover)"
)
# "the first and the last event", "the earliest and latest calls": the two ends of the data, each one's day
_FIRST_AND_LAST = re.compile(
    rf"\b(?:first|earliest|oldest)\s+(?:{_EVENTS}\s+)?(?:and|&)\s+(?:the\s+)?(?:last|latest|newest|most recent)\s+"
    rf"{_EVENTS}\b"
)


_FIRST = re.compile(rf"\b(?:first|earliest|oldest)\s+(?:(?:and|&)\s+(?:the\s+)?\w+\s+)?{_EVENTS}\b")
_LAST = re.compile(rf"\b(?:last|latest|newest|most recent)\s+{_EVENTS}\b")


def compute_event_times(t: str) -> list[Measure]:
    """When the first or the last event arrived, as asked ("when did the first and the last event arrive")."""
    return [m for p, m in ((_FIRST, Measure.FIRST_EVENT), (_LAST, Measure.LAST_EVENT)) if p.search(t)]


def compute_held(t: str) -> tuple[bool, bool, bool]:
    """Whether the question asks what the store holds (all of it, when no window is named), the days its data
    covers, and the first and the last event (each one's day, the series of days)."""
    return bool(_HELD.search(t)), bool(_DAYS_COVERED.search(t)), bool(_FIRST_AND_LAST.search(t))


def compute_peak_grain(t: str) -> Grain | None:
    """The bucket whose peak is asked ("the most requests in a single hour": hour), or None."""
    m = _PEAK_IN_ONE.search(t)
    if m is None:
        return None
    word = m.group(m.lastindex or 1)
    return Grain("day" if word == "dai" else word)


def compute_that_per(t: str) -> RateUnit | None:
    """The unit of "how many is that per day" (the figure just asked, per that unit of the window), or None."""
    m = _THAT_PER.search(t)
    return RateUnit(m.group(1) or m.group(2)) if m else None


def compute_series_stats(t: str) -> tuple[bool, bool, str]:
    """Statistics listed of a per-bucket count ("calls per day - min, max and median"): whether both ends are asked,
    whether the median is, and `t` without the list (its "median" is the buckets', not a latency quantile). Nothing
    when no count is named or a latency, TTFT or quality is (their min and max are of calls, not of buckets)."""
    m = _STATS.search(t)
    if m is None or not _COUNTED.search(t) or _NOT_COUNTED.search(t):
        return False, False, t
    said = m.group(0)
    ends = bool(re.search(r"\b(?:min|max|highest|lowest)", said))
    return ends, bool(_MEDIAN_OR_MEAN.search(said)), t[: m.start()] + " " + t[m.end() :]


# One distinct count asked of each group of another kind: "how many models does each workload use", "number of
# distinct users per model", "count of providers by workload".
_GROUP_NOUNS = {
    "model": Dimension.MODEL,
    "provider": Dimension.PROVIDER,
    "vendor": Dimension.PROVIDER,
    "workload": Dimension.WORKLOAD,
    "feature": Dimension.WORKLOAD,
    "app": Dimension.WORKLOAD,
    "user": Dimension.USER,
    "customer": Dimension.USER,
    "session": Dimension.SESSION,
    "conversation": Dimension.SESSION,
    "task type": Dimension.TASK_TYPE,
}
_DISTINCT_PER_GROUP = re.compile(
    rf"\b(?:how many|number of|count of|# of)\s+(?:{_QUALIFIER})?(?P<noun>{_NOUN})\b(?:\s+[\w-]+){{0,3}}?\s+"
    r"(?:per|by|for each|for every|in each|across each|does each|do each|did each|does every|does a|each|every)\s+"
    r"(?:single\s+|individual\s+)?(?P<group>task type|model|provider|vendor|workload|feature|app|user|customer|session|"
    r"conversation)s?\b"
)


def compute_distinct_counts(t: str) -> list[Measure]:
    """The distinct counts listed together ("how many distinct models, providers, users and sessions"), in the order
    said; empty unless two or more are, or one is asked of each group of another kind ("how many models does each
    workload use": the distinct models of each workload)."""
    m = _DISTINCT_LIST.search(t)
    if m is None:
        per = _DISTINCT_PER_GROUP.search(t)
        if per is None:
            return []
        measure = _DISTINCT_NOUNS[per["noun"]]
        return [measure] if _OWN_GROUPING[measure] != _GROUP_NOUNS[per["group"]] else []
    nouns = re.findall(rf"\b(?:{_NOUN})\b", m.group(0))
    out = list(dict.fromkeys(_DISTINCT_NOUNS[n] for n in nouns))
    return out if len(out) >= 2 else []


# A clause break after a list ("..., and how many calls went to each provider", "...? and per status"): what follows
# is a second ask of its own.
_CLAUSE_BREAK = re.compile(r"[,;?.]\s*(?:and\s+|also\s+|then\s+|plus\s+)?|\b(?:and|plus)\s+(?=(?:how|what|which)\b)")


def compute_second_ask(t: str) -> str:
    """The clause asked apart from a list of distinct counts ("how many models and how many providers, and how many
    calls went to each provider": "how many calls went to each provider"), or "" when none follows the list."""
    m = _DISTINCT_LIST.search(t)
    if m is None or not compute_distinct_counts(t):
        return ""
    after = t[m.end() :]
    brk = _CLAUSE_BREAK.search(after)
    if brk is None:
        return ""
    second = after[brk.end() :]
    for p in (_REQUESTS_PER_SESSION, _SESSIONS_PER_USER):  # "how many sessions per user is that": a ratio, no grouping
        second = p.sub(" ", second)
    return second


def compute_count_ratios(t: str) -> list[Measure]:
    """Counts over counts asked ("calls per session", "sessions per user"), in the order said; none of the median
    over the groups ("median calls per session" is the middle session's calls)."""
    found = [
        (m.start(), measure)
        for p, measure in (
            (_REQUESTS_PER_SESSION, Measure.REQUESTS_PER_SESSION),
            (_SESSIONS_PER_USER, Measure.SESSIONS_PER_USER),
        )
        if (m := p.search(t)) and not re.search(r"\b(?:median|middle)\s+$", t[: m.start()])
    ]
    return [measure for _, measure in sorted(found)]


_OWN_GROUPING = {
    Measure.MODELS: Dimension.MODEL,
    Measure.PROVIDERS: Dimension.PROVIDER,
    Measure.WORKLOADS: Dimension.WORKLOAD,
    Measure.STATUSES: Dimension.STATUS,
    Measure.ERROR_TYPES: Dimension.ERROR_TYPE,
    Measure.USERS: Dimension.USER,
    Measure.SESSIONS: Dimension.SESSION,
    Measure.REQUESTS_PER_SESSION: Dimension.SESSION,
    Measure.SESSIONS_PER_USER: Dimension.USER,
}
# The counts a ratio's own words name ("calls per session" names calls and sessions, neither asked alone).
_RATIO_PARTS = {
    Measure.REQUESTS_PER_SESSION: (Measure.REQUESTS, Measure.SESSIONS),
    Measure.SESSIONS_PER_USER: (Measure.SESSIONS, Measure.USERS),
}
_PART_WORDS = {
    Measure.REQUESTS: r"\b(?:calls|requests|queries)\b",
    Measure.SESSIONS: r"\b(?:sessions|conversations)\b",
    Measure.USERS: r"\b(?:users|customers)\b",
}


def compute_ratio_measures(t: str, measures: list[Measure], ratios: list[Measure]) -> list[Measure]:
    """The measures with each count ratio asked after them, less a count only the ratio's own words named ("how many
    calls does a session make": the calls per session, not the calls too)."""
    rest = t
    for p in (_REQUESTS_PER_SESSION, _SESSIONS_PER_USER):
        rest = p.sub(" ", rest)
    named = {part for r in ratios for part in _RATIO_PARTS[r]}
    kept = [m for m in measures if m not in named or re.search(_PART_WORDS[m], rest)]
    return list(dict.fromkeys([*kept, *ratios]))


def compute_ratio_grouping(
    distinct: list[Measure], ratios: list[Measure], dimensions: list[Dimension]
) -> list[Dimension]:
    """The dimensions without the grouping a distinct count's noun ("how many distinct models": by model) or a count
    ratio's "per session" or "per user" was read as."""
    own = {_OWN_GROUPING[m] for m in (*distinct, *ratios)}
    return [d for d in dimensions if d not in own]
