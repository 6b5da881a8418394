"""How a question groups, orders and narrows its figures (issue #16): the groupings ("by model", "which
workload"), the time grain, top or bottom N, the names filtered on and those excluded. Read by compute_asked
(asked.py).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from netra_core.agents.asked_measures import NUM_WORD, PER_OTHER_UNIT, PER_REQUEST
from netra_core.agents.english_words import ENGLISH_WORDS
from netra_core.agents.matching import compute_example_tokens, compute_name_matches, compute_tokens
from netra_core.agents.timerange import WEEKDAYS, WORD_NUMBERS, TimeRange
from netra_core.analytics.semantic import Dimension, Grain

_TOP = re.compile(
    # ("the first two weeks of November" is a window, not a top 2)
    rf"\b(?:top|bottom|best|worst)[- ]{NUM_WORD}\b|\bfirst[- ]{NUM_WORD}\b"
    r"(?!\s+(?:full\s+|whole\s+|calendar\s+|complete\s+)?(?:hours?|days?|weeks?|fortnights?|months?|quarters?)\b)|"
    rf"\b{NUM_WORD}\s+(?:most|least|biggest|largest|"
    r"highest|lowest|cheapest|costliest|priciest|slowest|fastest|smallest|quietest|busiest|heaviest|lightest)\b|"
    rf"\b(?:which|what)\s+{NUM_WORD}\s+\w+\s+(?:\w+\s+)?(?:cost|spent|spend|used|had|made|sent)\s+(?:us\s+)?"
    r"the\s+(?:most|least|fewest|highest|lowest|biggest|largest|smallest)\b|"
    # "the 3 days with the most calls", "which 2 weeks had the highest spend": that many time buckets, ranked
    rf"(?<!past )(?<!last )(?<!previous )(?<!prior )\b{NUM_WORD}\s+(?:hour|day|date|week|month)s\s+(?:with|that\s+had|"
    r"which\s+had|had)\s+(?:the\s+)?"
    r"(?:most|least|fewest|highest|lowest|biggest|largest|smallest)\b"
)
ASCENDING = re.compile(
    r"(?<!at )\bleast\b|\b(?:cheapest|lowest|fewest|smallest|bottom|fastest|quickest|quietest|lightest|"
    r"least expensive)\b"
)

_DIM_WORDS: dict[str, Dimension] = {
    "model": Dimension.MODEL,
    "models": Dimension.MODEL,
    "llm": Dimension.MODEL,
    "llms": Dimension.MODEL,
    "provider": Dimension.PROVIDER,
    "providers": Dimension.PROVIDER,
    "model provider": Dimension.PROVIDER,  # "rank our model providers": the providers, not the models
    "model providers": Dimension.PROVIDER,
    "llm provider": Dimension.PROVIDER,
    "llm providers": Dimension.PROVIDER,
    "model vendor": Dimension.PROVIDER,
    "model vendors": Dimension.PROVIDER,
    "vendor": Dimension.PROVIDER,
    "vendors": Dimension.PROVIDER,
    "workload": Dimension.WORKLOAD,
    "workloads": Dimension.WORKLOAD,
    "app": Dimension.WORKLOAD,
    "apps": Dimension.WORKLOAD,
    "feature": Dimension.WORKLOAD,
    "features": Dimension.WORKLOAD,
    "product": Dimension.WORKLOAD,
    "products": Dimension.WORKLOAD,
    # our bots, assistants and agents are what we run: workloads ("which bot", "per assistant")
    "bot": Dimension.WORKLOAD,
    "bots": Dimension.WORKLOAD,
    "assistant": Dimension.WORKLOAD,
    "assistants": Dimension.WORKLOAD,
    "agent": Dimension.WORKLOAD,
    "agents": Dimension.WORKLOAD,
    "copilot": Dimension.WORKLOAD,
    "copilots": Dimension.WORKLOAD,
    "task type": Dimension.TASK_TYPE,
    "task types": Dimension.TASK_TYPE,
    "task": Dimension.TASK_TYPE,
    "tasks": Dimension.TASK_TYPE,
    "use case": Dimension.TASK_TYPE,
    "use cases": Dimension.TASK_TYPE,
    "user": Dimension.USER,
    "users": Dimension.USER,
    "customer": Dimension.USER,
    "customers": Dimension.USER,
    "session": Dimension.SESSION,
    "sessions": Dimension.SESSION,
    "conversation": Dimension.SESSION,
    "conversations": Dimension.SESSION,
    "error type": Dimension.ERROR_TYPE,
    "error types": Dimension.ERROR_TYPE,
    "error code": Dimension.ERROR_TYPE,
    "error codes": Dimension.ERROR_TYPE,
    "kind of error": Dimension.ERROR_TYPE,
    "kinds of error": Dimension.ERROR_TYPE,
    "type of error": Dimension.ERROR_TYPE,
    "types of error": Dimension.ERROR_TYPE,
    "error kind": Dimension.ERROR_TYPE,
    "region": Dimension.REGION,
    "regions": Dimension.REGION,
    "status": Dimension.STATUS,
    "statuses": Dimension.STATUS,
    "status code": Dimension.STATUS,
}
DIM_WORDS = _DIM_WORDS
# "how many vendors did we use", "how many different models": the groups counted (users and sessions have measures)
HOW_MANY_GROUPS = re.compile(
    r"\bhow many (?:different |distinct |unique |separate |other )?(models|llms|providers|vendors|model providers|"
    r"llm providers|model vendors|workloads|features|apps|products|bots|assistants|agents|task types|use cases|"
    r"error types|error codes|regions)\b"
)
_DIM_ALT = "|".join(sorted((re.escape(w) for w in _DIM_WORDS), key=len, reverse=True))
_GROUP = re.compile(
    rf"\b(?:group(?:ed)?\s+by|split\s+(?:by|across|per)|broken\s+down\s+by|break(?:down)?\s+(?:\w+\s+)?"
    rf"by|by|per|each|every|across|which(?:\s+one)?(?:\s+of)?|what|rank(?:ed|ing)?|sort(?:ed)?|(?:{NUM_WORD}\s+)?(?:(?:most|least)\s+(?!(?:on|for|in|with|at|from|to|of|across|over)\b)\w+|cheapest|costliest|priciest|biggest|"
    rf"largest|slowest|fastest|busiest|heaviest)|(?:top|bottom)\s+{NUM_WORD}(?:\s+(?:most|least)\s+\w+)?|top)\s+"
    rf"(?:(?!by\b)\w+\s+)?"
    rf"({_DIM_ALT})(?:'s|s')?(?=\W|$)"
)
# The verbs of a group holding or drawing its figure ("had", "received", "consumed", "racked up").
_HOLD_VERB = (
    r"(?:had|have|has|got|get|gets|received|receive|receives|used|use|uses|consumed|consume|consumes|generated|"
    r"generate|generates|produced|made|sent|spent|spend|spends|burned|burnt|ran|run|drew|pulled|requested|"
    r"triggered|incurred|accrued|racked\s+up|ate\s+up|chewed\s+through|went\s+through)"
)
_EXTREME = r"(?:highest|most|largest|biggest|greatest|top|lowest|least|smallest|fewest|cheapest|costliest)"
# "the five workloads with the highest spend", "3 users that had the lowest spend", "the 5 users who received the
# most completion tokens", "ten users that consumed the most input tokens": top-N of the dimension named
_TOP_OF = re.compile(
    # (after "which" or "what" the verb alone: "which 3 workloads have the highest cost per call", "what two models
    # had the most errors")
    rf"(?P<which>(?<=\bwhich\s)|(?<=\bwhat\s))?\b{NUM_WORD}\s+(?:\w+\s+)?(?P<dim>{_DIM_ALT})\s+"
    rf"(?:with|having|(?:that|which|who)\s+{_HOLD_VERB}|(?(which){_HOLD_VERB}|(?!)))\s+(?:the\s+)?{_EXTREME}\b"
)
# The groups listed or ranked by a figure: "list models by p99 ttft", "rank our workloads by error rate", "sort the
# providers by spend", "show all task types by cost per call"
_LISTED_BY = re.compile(
    r"\b(?:list|rank|sort|order|show|compare|give\s+me|break\s+out)\s+(?:me\s+)?(?:the\s+|our\s+|all\s+(?:the\s+|our\s+)?|"
    rf"every\s+)?(?P<dim>{_DIM_ALT})s?\s+(?:by|on|in\s+order\s+of|according\s+to)\b"
)
# Groups named in the plural and then taken one by one: "differ between the workloads", "across its models", "runs
# in two workloads. For each one", "in which workloads ... each of them".
_AMONG = re.compile(
    rf"\b(?:between|among|amongst)\s+(?:the\s+|its\s+|our\s+|all\s+|both\s+|{NUM_WORD}\s+)?(?:different\s+|various\s+)?"
    rf"(?P<dim>{_DIM_ALT})s?\b(?!\s+(?:and|&)\b)(?=\s+(?:that|which|it|they|we|using|where|in|over|for|on|during)\b|"
    rf"\s*[?.,;]|$)|"
    rf"\b(?:in|on|across|by|for|to|uses?|used|runs?|ran|serves?|served|calls?|called)\s+"
    rf"(?:{NUM_WORD}|both|several|its|all)\s+(?:different\s+|of\s+(?:its|our|the)\s+)?"
    rf"(?P<dim2>{_DIM_ALT})\b[^?]{{0,60}}?\b(?:for\s+|of\s+)?(?:each|every)\s+(?:one|of\s+(?:them|those|these))\b"
)
_MOVER = re.compile(r"\b(?:biggest|largest|top|main)\s+(?:movers?|swings?)\b|\bmoved\s+(?:the\s+)?most\b")
_AND_DIM = re.compile(rf"(?:'s|s')?\s*(?:and|&|,|/)\s*(?:by\s+|per\s+)?({_DIM_ALT})(?:'s|s')?(?=\W|$)")
_GRAIN = re.compile(
    r"\b(hour|dai|week|month)ly\b|\b(?:per|by|each|every|a)\s+(?:(?:work|working|business)[- ]?)?(hour|day|week|month)\b|"
    r"\bday[- ]by[- ]day\b|\bover\s+time\b|\bday\s+to\s+day\b|"
    # "for each of the last 4 weeks", "in each of the past 3 months": one bucket of that unit each
    r"\b(?:each|every|all)\s+(?:one\s+)?of\s+the\s+(?:last|past|previous|prior)\s+(?:\d+|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|thirteen|fourteen)\s+(hour|day|week|month)s\b"
)
# "which day had the highest spend", "what hour was busiest": the time buckets ranked, the top one said.
WHICH_BUCKET = re.compile(
    r"\b(?:which|what)\s+(hour|day|date|week|month)\b(?=.*\b(?:highest|most|biggest|largest|"
    r"peak\w*|busiest|worst|lowest|least|fewest|quietest|cheapest|smallest)\b)|"
    # "the quietest day last week", "our busiest hour yesterday", "the busiest single hour", "our biggest day for token
    # volume", "search-rag's busiest day", "busiest day this month": the one bucket of that grain, ranked (not "the
    # busiest hour of the day", which ranks a day's hours)
    r"(?:^|(?:\b(?:the|our|its|their|a)|[\w.-]'s)\s+)(?:single\s+)?"
    r"(?:quietest|busiest|biggest|largest|highest|slowest|cheapest|"
    r"costliest|priciest|most expensive|heaviest|lightest|peak)\s+(?:single\s+)?(hour|day|date|week|month)\b(?!s)"
    # ("the busiest day of the month (so far)" is a day of this month's, ranked; "of the month" alone, no "so far",
    # "to date" or "this", may be the day of the month as a grouping)
    r"(?!\s+of\s+(?:the\s+)?(?:day|week|month(?!\s+(?:so\s+far|to\s+date))))(?!\s*-?\s*of-)"
)
_EXCLUDING = (
    "excluding",
    "excluded",
    "exclude",
    "excl",
    "except",
    "without",
    "ignoring",
    "ignore",
    "besides",
    "minus",
    "sans",
    "omitting",
    "omit",
)
# The words between the names of one list ("gpt-4o and sonnet", "a, b or c"; punctuation is no token).
_LIST_JOINERS = frozenset(["and", "or", "nor", "the", "plus"])
# "leaving the sales agent out": the verb before the name, "out" after it.
_LEAVE_OUT = frozenset(["leave", "leaving", "left", "keep", "keeping", "take", "taking", "filter", "filtering"])
# Exclusions said in two words ("leaving out the classifier", "other than gpt-4o", "not counting", "apart from").
_EXCLUDING_PAIRS = re.compile(
    r"\b(?:leav(?:e|ing)|left|keep(?:ing)?|filter(?:ing)?|tak(?:e|ing)|strip(?:ping)?|drop(?:ping)?)\s+out|"
    r"\b(?:other|rather)\s+than|\bnot\s+(?:counting|including|incl|for)|\b(?:apart|aside|away)\s+from|"
    r"\bbut\s+not|\boutside\s+(?:of\s+)?"
)
# "all providers but openai", "every workload but the support-bot", "everything but gpt-4o": "but" after a word for
# the whole leaves the name out (alone, "but" joins clauses: "gpt-4o's spend, but only last week").
_ALL_WORDS = frozenset(["all", "every", "each", "everything", "everyone", "everybody", "any", "anything"])


def _all_but(before: list[str]) -> bool:
    """Whether the tokens before a name end in "but" (or "but the") after a word for the whole."""
    ends = before[-2:] == ["but", "the"] or before[-1:] == ["but"]
    return ends and bool(set(before) & _ALL_WORDS)


# The plan's name fields and the dimension each one filters on.
NAME_KEYS = {
    "workloads": Dimension.WORKLOAD,
    "models": Dimension.MODEL,
    "providers": Dimension.PROVIDER,
    "task_types": Dimension.TASK_TYPE,
}


def compute_top_n(t: str) -> int | None:
    """ "top 5", "bottom three", "the 3 most expensive": the row count asked."""
    if m := _TOP.search(t) or _TOP_OF.search(t):
        raw = next(g for g in m.groups() if g)
        return min(int(WORD_NUMBERS.get(raw, raw)), 1000)
    return None


# Error kinds named ("timeouts", "rate-limit errors", "429s"): two or more asked of together are counted per kind.
_ERROR_KINDS = (
    re.compile(r"\btime[- ]?outs?\b|\btimed[- ]out\b"),
    re.compile(r"\brate[- ]?limit\w*|\b429s?\b|\bthrottl\w*"),
    re.compile(r"(?<![\d,.])\b5\d\ds?\b|\b5xxs?\b|\bserver errors?\b|\boverload\w*"),
    re.compile(r"\bcontext(?: length)? (?:errors?|exceeded)\b|\bbad requests?\b|\b400s?\b"),
)


# The org's bots, assistants or agents, in the plural: its workloads, one row each (a name of one is a filter).
_OUR_WORKLOADS = re.compile(
    r"\b(?:our|all (?:of )?(?:our|the)|each of (?:our|the)|every one of (?:our|the))\s+(?:\w+\s+)?"
    r"(?:bots|assistants|agents|copilots|chatbots|apps|features)\b"
)
_TOTAL_SAID = re.compile(r"\b(?:total|overall|combined|altogether|in all|all[- ]in|aggregate|sum)\b")


# "who is our biggest spender", "who are the heaviest users", "who spent the most": one row per user (a person).
_WHO = re.compile(
    r"\bwho(?:'s|\s+is|\s+are|\s+was|\s+were)?\s+(?:our\s+|the\s+)?(?:\w+\s+)?(?:spenders?|users?|consumers?)\b|"
    r"\bwho\s+(?:spent|spends|spend|burn\w*|used|uses|called|calls|received|receives|got|gets|consumed|consumes|"
    r"generated|generates|made|makes|sent|sends)\s+(?:the\s+)?(?:most|least)\b"
)


# Weekdays against weekends ("an average weekday vs a weekend day", "weekdays and weekends"): one row each.
_WEEK_PART = r"(?:week|work|business|working)[- ]?days?"
_DAY_TYPE = re.compile(rf"\b{_WEEK_PART}\b.{{0,40}}\bweekends?\b|\bweekends?\b.{{0,40}}\b{_WEEK_PART}\b")
# The days of the week as groups ("by day of the week", "which weekday is busiest", "per weekday").
_WEEKDAY = re.compile(
    r"\bdays?[- ]of[- ](?:the[- ])?week\b|\b(?:by|per|each|every|which|what)\s+(?:\w+\s+)?weekdays?\b"
)
# The hours of the day as groups ("the slowest hour of the day", "by time of day", "which hour of day is busiest").
_HOUR_OF_DAY = re.compile(
    # (not "up to the same time of day", "this time of day": one moment of the day, no grouping)
    r"\bhours?[- ]of[- ](?:the[- ])?day\b|(?<!same )(?<!this )(?<!that )\btimes?[- ]of[- ](?:the[- ])?day\b|"
    # "when in the day do we spend the most", "what time do we get the most calls", "at what hour"
    r"\bwhen\s+in\s+the\s+day\b|\b(?:what|which)\s+time\s+(?:do|did|does|are|is)\b|\bat\s+what\s+(?:time|hour)\b"
)
# Weekdays or weekends only ("weekends only", "only on weekdays", "on weekends"; "last weekend" is a window).
_DAY_TYPE_ONLY = re.compile(
    rf"\b(?P<a>{_WEEK_PART}|weekends)\s+only\b|\bonly\s+(?:on\s+|during\s+|at\s+|over\s+)?(?:the\s+)?"
    rf"(?P<b>{_WEEK_PART}|weekends?)\b|\b(?:on|during|at|over)\s+(?P<c>{_WEEK_PART}|weekends)\b|"
    # "per working day", "a business day", "(Mon-Fri only)", "Monday to Friday": the weekdays kept
    r"\b(?:per|a|each|every)\s+(?P<e>(?:work|working|business|weekend)[- ]?day)\b|"
    r"\b(?P<f>mon(?:day)?)\s*(?:-|\u2013|to|through|thru)\s*fri(?:day)?\b"
)


# The other days left out ("excluding weekends", "without the weekend", "not counting weekdays"): the rest kept.
_DAY_TYPE_LEFT_OUT = re.compile(
    rf"\b(?:excluding|exclude|except(?:\s+for)?|without|w/o|minus|ignoring|ignore|leaving\s+out|not\s+counting|"
    rf"other\s+than|apart\s+from|outside(?:\s+of)?|skipping|skip|drop(?:ping)?)\s+(?:the\s+|all\s+)?"
    rf"(?P<d>{_WEEK_PART}|weekends?)\b"
)


# A weekday said as every one of its days: "on mondays", "every friday", "tuesdays and thursdays"
_EVERY_WEEKDAY = re.compile(rf"\b(?:(?P<d>{'|'.join(WEEKDAYS)})s\b|(?:every|each|all)\s+(?P<e>{'|'.join(WEEKDAYS)})\b)")


def compute_weekdays_named(t: str) -> list[str]:
    """The days of the week lowered text `t` keeps, each said as every one of its days ("did we spend more on
    mondays or on fridays": Monday and Friday), in the order said, as the store names them; [] when none is."""
    if re.search(r"\b(?:send|schedul\w*|remind\w*|alert\w*|digest|notify|post)\b", t):
        return []  # "send me the report every monday": when to send it, not which days to count
    days: list[str] = []
    for m in _EVERY_WEEKDAY.finditer(t):
        day = (m["d"] or m["e"]).capitalize()
        if day not in days:
            days.append(day)
    return days


# The mean day of a kind: "an average weekend day", "the typical weekday"
AVERAGE_DAY_OF_TYPE = re.compile(
    r"\b(?:avg|average|typical|mean|usual)\s+(?:weekend\s+day|week\s*day|business\s+day|working\s+day)\b"
)


def compute_day_type_filter(t: str) -> str | None:
    """'weekday' or 'weekend' when the question keeps only those days ("weekend traffic only", "on weekdays",
    "excluding weekends": the weekdays)."""
    if m := _DAY_TYPE_LEFT_OUT.search(t):
        return "weekday" if m["d"].startswith("weekend") else "weekend"
    if _DAY_TYPE.search(t) or not (m := _DAY_TYPE_ONLY.search(t)):
        return None
    return "weekend" if (m["a"] or m["b"] or m["c"] or m["e"] or m["f"]).startswith("weekend") else "weekday"


def compute_dimensions(t: str) -> list[Dimension]:
    """The groupings asked ("by provider", "which workload", "per error type", "split by task type")."""
    t = PER_OTHER_UNIT.sub(" ", PER_REQUEST.sub(" ", t))  # "cost per user" is a unit, not a grouping
    found: list[Dimension] = []
    total = _TOTAL_SAID.search(t)
    for m in _GROUP.finditer(t):
        if total and re.match(r"across\s+(?:all|every)\b", m.group(0)):
            continue  # "total spend across all providers and models": the sum over all of them, not one row each
        dimension = _DIM_WORDS[m.group(m.lastindex or 1)]
        if dimension not in found:
            found.append(dimension)
        # "by task type and model", "per provider, model"
        if more := _AND_DIM.match(t, m.end()):
            also = _DIM_WORDS[more.group(1)]
            if also not in found:
                found.append(also)
    for m in _AMONG.finditer(t):
        # "how does gpt-4o's quality differ between the workloads that use it", "gpt-4o-mini runs in two workloads.
        # For each one ...": one row per group named in the plural, not the whole
        if (dimension := _DIM_WORDS[m["dim"] or m["dim2"]]) not in found:
            found.append(dimension)
    if not found and _MOVER.search(t):
        # "biggest mover this week? workload spend": the groups named (workloads unless another is), each one's change
        named = re.search(rf"\b({_DIM_ALT})(?:'s|s')?(?=\W|$)", t)
        found.append(_DIM_WORDS[named[1]] if named else Dimension.WORKLOAD)
    if not total and _OUR_WORKLOADS.search(t) and Dimension.WORKLOAD not in found:
        found.append(Dimension.WORKLOAD)  # "how much do our bots cost", "each of our assistants": one row per workload
    if (top := _TOP_OF.search(t)) and _DIM_WORDS[top["dim"]] not in found:
        found.append(_DIM_WORDS[top["dim"]])  # "the five workloads with the highest spend": ranked by workload
    for m in _LISTED_BY.finditer(t):  # "list models by p99 ttft", "rank our workloads by error rate"
        if (dimension := _DIM_WORDS[m["dim"]]) not in found:
            found.append(dimension)
    if not found and _WHO.search(t):
        found.append(Dimension.USER)  # "who is our biggest spender": users ranked, not workloads
    if _HOUR_OF_DAY.search(t):
        found.append(Dimension.HOUR_OF_DAY)  # "the slowest hour of the day": 00:00 to 23:00 UTC, one row each
    if _WEEKDAY.search(t):
        found.append(Dimension.WEEKDAY)  # "which day of the week is busiest": Monday to Sunday, one row each
    elif _DAY_TYPE.search(t):
        found.append(Dimension.DAY_TYPE)  # "an average weekday against a weekend day": the two, one row each
    if Dimension.ERROR_TYPE not in found and sum(1 for p in _ERROR_KINDS if p.search(t)) >= 2:
        found.append(Dimension.ERROR_TYPE)  # "how many timeouts and how many rate-limit errors": one count per kind
    return found[:3]


# A series of days asked in so many words (beside a comparison, "per day" alone is a per-day rate).
DAY_SERIES = re.compile(
    r"\b(?:each|every)\s+day\b|\bday[- ]by[- ]day\b|\bover\s+time\b|\btrend\w*|\bchart\w*|"
    r"\bplot\w*|\bseries\b|\bbreak\w*\s+(?:it\s+)?down\b"
)


# "the 3 quietest days in October", "the five busiest hours": buckets of that grain ranked, that many of them.
N_BUCKETS = re.compile(
    rf"\b{NUM_WORD}\s+(?:most\s+|least\s+)?(?:quietest|busiest|slowest|cheapest|costliest|priciest|expensive|"
    r"biggest|smallest|highest|lowest|worst|best|heaviest|lightest)\s+(hour|day|date|week|month)s\b|"
    # "the top 3 days by spend", "which 2 days had the most errors", "the 3 days with the most calls"
    rf"\btop\s+{NUM_WORD}\s+(hour|day|date|week|month)s\b|"
    rf"\b(?:which|what)\s+{NUM_WORD}\s+(hour|day|date|week|month)s\b(?=.*\b(?:highest|most|biggest|largest|peak\w*|"
    r"busiest|worst|lowest|least|fewest|quietest|cheapest|smallest)\b)|"
    rf"(?<!past )(?<!last )(?<!previous )(?<!prior )\b{NUM_WORD}\s+(hour|day|date|week|month)s\s+(?:with|by|that\s+had)\s+"
    r"(?:the\s+)?(?:most|highest|biggest|"
    r"largest|fewest|least|lowest|peak|worst|best)\b"
)


def compute_grain(t: str) -> Grain | None:
    """The time bucket asked ("daily", "per week", "over time" -> day, "which day had the most")."""
    if w := WHICH_BUCKET.search(t) or N_BUCKETS.search(t):
        word = w.group(w.lastindex or 1)
        return Grain("day" if word == "date" else word)
    m = _GRAIN.search(t)
    if m is None:
        return None
    word = m.group(1) or m.group(2) or m.group(3) or "day"
    return Grain("day" if word == "dai" else word)


def compute_bucket_start(t: datetime, grain: Grain) -> datetime:
    """The start of the bucket of `grain` that `t` falls in (weeks start on Monday)."""
    day = t.replace(hour=0, minute=0, second=0, microsecond=0)
    if grain == Grain.HOUR:
        return t.replace(minute=0, second=0, microsecond=0)
    if grain == Grain.WEEK:
        return day - timedelta(days=day.weekday())
    return day.replace(day=1) if grain == Grain.MONTH else day


def _next_bucket_start(t: datetime, grain: Grain) -> datetime:
    start = compute_bucket_start(t, grain)
    if start == t:
        return t
    if grain == Grain.MONTH:
        return (start + timedelta(days=32)).replace(day=1)
    return start + {Grain.HOUR: timedelta(hours=1), Grain.DAY: timedelta(days=1)}.get(grain, timedelta(days=7))


def compute_whole_buckets(
    start: datetime, end: datetime, grain: Grain, now: datetime, *, rolling: bool
) -> tuple[datetime, datetime] | None:
    """The whole buckets of `grain` of a window whose end is `now` (today so far is a partial day): a rolling window
    ("the last 7 days") as as many whole buckets before the one in progress, a calendar one ("this week") cut to its
    whole buckets. None when the window holds no partial bucket, or no whole one."""
    if end < now - timedelta(minutes=1) or compute_bucket_start(end, grain) == end:
        return None
    whole_end = compute_bucket_start(end, grain)
    whole_start = _next_bucket_start(whole_end - (end - start) if rolling else start, grain)
    return (whole_start, whole_end) if whole_start < whole_end else None


def is_one_bucket(found: TimeRange, grain: Grain, now: datetime) -> bool:
    """Whether a calendar window lies within one bucket of `grain` (a month asked "monthly" is one figure)."""
    if found.start is None or found.end is None or found.end <= found.start:
        return False
    return compute_bucket_start(found.start, grain) == compute_bucket_start(
        found.end - timedelta(microseconds=1), grain
    )


def compute_named(
    text: str, known: dict[str, list[str]], grouped: bool = False
) -> tuple[dict[Dimension, list[str]], dict[Dimension, list[str]]]:
    """The org's names in the question: filtered on, or excluded ("excluding the support bot", "other than gpt-4o").

    With a grouping asked (`grouped`), names given as examples ("which features cost most (support bot, the
    summarizer etc)") say what the groups are, and filter nothing."""
    tokens = compute_tokens(text)
    examples = compute_example_tokens(text) if grouped else set()
    filters: dict[Dimension, list[str]] = {}
    exclude: dict[Dimension, list[str]] = {}
    previous: tuple[int, bool] | None = None  # the end of the name before and whether it was excluded
    for match in compute_name_matches(text, {k: v for k, v in known.items() if k in NAME_KEYS}):
        if examples & set(range(match.start, match.end)):
            continue
        before = tokens[max(0, match.start - 3) : match.start]
        left_out = tokens[match.end : match.end + 1] == ["out"] and bool(set(before) & _LEAVE_OUT)
        # "excluding gpt-4o and claude-3-5-sonnet", "w/o doc-summarizer, search-rag or code-review": every name of
        # a list that follows the exclusion word is excluded, not only the first
        in_list = (
            previous is not None
            and previous[1]
            and set(tokens[previous[0] : match.start]) <= _LIST_JOINERS
            and match.start - previous[0] <= 2
        )
        excluded = (
            in_list
            or left_out
            or any(w in _EXCLUDING for w in before)
            or _EXCLUDING_PAIRS.search(" ".join(before)) is not None
            or ("not" in before[-2:])
            or _all_but(tokens[max(0, match.start - 6) : match.start])
        )
        previous = (match.end, excluded)
        target = exclude if excluded else filters
        values = target.setdefault(NAME_KEYS[match.dimension], [])
        if match.value not in values:
            values.append(match.value)
    return filters, exclude


# "the claude models", "our gpt models", "all the gemini models", "the llama family": every model of the org whose name
# starts with that family word, taken together (one filter, not a row per model).
_FAMILY = re.compile(
    r"\b(?P<family>[a-z][a-z0-9]*)(?:[- ]?(?:based|series))?\s+(?:models|model\s+family|family|models?\s+family)\b"
)

# A model id's family: its first word after any provider prefix ("claude-3-5-haiku", "anthropic/claude-3-5-haiku",
# "anthropic.claude-3-haiku-20240307-v1:0", "claude_3_opus" -> claude; "o1-mini" -> o1).
_MODEL_FAMILY = re.compile(r"^(?:[\w.-]*/)*(?:[a-z]+\.(?=[a-z]))?(?P<family>[a-z][a-z0-9]*)")
_LEFT_OUT_BEFORE = re.compile(r"\b(?:excluding|except|exclude|without|w/o|other than|besides|not|apart from|minus)\b")


def _family_of(model: str) -> str:
    found = _MODEL_FAMILY.match(model.lower())
    return found["family"] if found else ""


# A family word said alone ("how many calls used claude", "our gemini spend", "excluding llama"): not part of a model
# id ("claude-3-5-haiku", "gpt-4o", "llama 3.1") and not a possessive's noun.
_BARE_FAMILY = r"\b(?P<family>{})\b(?![-./_:]?\d|[-./_:][a-z])"


def compute_model_families(
    t: str, models: list[str], *, named: list[str] | None = None, others: list[str] | None = None
) -> tuple[list[str], list[str]]:
    """The org's models of each family named in lowered text `t` ("with the claude models": every claude-* model),
    as those kept and those left out ("excluding the gpt models").

    A family word said alone ("calls that used claude") counts too when it is no common English word, names no
    provider, workload or other value (`others`) and no model of that family was named itself (`named`: "claude
    haiku" is that model, not the family)."""
    kept: list[str] = []
    left_out: list[str] = []
    families = {_family_of(v) for v in models}
    taken = {_family_of(v) for v in named or []} | {v.lower() for v in others or []}
    bare = sorted(
        f
        for f in families
        if len(f) >= 3 and f not in taken and f not in ENGLISH_WORDS and all(v.lower() != f for v in models)
    )
    found = list(_FAMILY.finditer(t))
    if bare:
        spans = [m.span() for m in found]
        found += [
            m
            for m in re.finditer(_BARE_FAMILY.format("|".join(map(re.escape, bare))), t)
            if not any(a <= m.start() < b for a, b in spans)
        ]
    for m in found:
        family = m["family"]
        members = [v for v in models if _family_of(v) == family and v.lower() != family]
        out = left_out if _LEFT_OUT_BEFORE.search(t[max(0, m.start() - 24) : m.start()]) else kept
        out.extend(v for v in members if v not in out)
    return kept, left_out
