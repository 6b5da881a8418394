"""The offline planner: intent, time range, names matched to the org's real values, constraints, tool calls.

Deterministic and network-free; the LLM supervisor, when configured, plans over the same tools instead.
"""

from __future__ import annotations

import re
from datetime import datetime
from difflib import SequenceMatcher
from typing import Any

from pydantic import BaseModel, Field

from netra_core.agents.matching import compute_edit_distance, compute_keyword, compute_name_matches, compute_tokens
from netra_core.agents.quantities import (
    Constraints,
    compute_constraints,
    compute_is_target,
    compute_per_million_text,
    compute_prices_per_mtok,
    compute_stated_constraints,
)
from netra_core.agents.timerange import TimeRange, compute_time_range
from netra_core.catalog.builtin import TASK_TYPES

DEFAULT_DAYS = 7.0
OPTIMIZE_DAYS = 30.0
# Intent -> keywords; order matters (earlier intents win ties). Typos are corrected against these words.
INTENT_WORDS: dict[str, tuple[str, ...]] = {
    "set_price": (),
    "save_reference": (),
    "optimize": ("optimize", "optimise", "optimization", "cut", "reduce", "lower", "cheaper", "routing", "route",
                 "policy", "savings", "slash", "trim", "shrink", "save", "saving"),
    "report": ("report", "summary", "summarize", "summarise", "recap", "writeup", "brief", "digest"),
    "compare_models": ("compare", "vs", "versus", "difference", "against"),
    "cost_on_traffic": ("would", "switch", "switched", "move", "moved", "migrate", "swap"),
    "catalog": ("price", "prices", "pricing", "priced", "cheapest", "catalog", "catalogue", "million", "mtok"),
    "unit_cost": ("conversation", "conversations", "session", "sessions", "request", "call", "unit", "user"),
    "spend_change": ("why", "jump", "jumped", "spike", "spiked", "increase", "increased", "rise", "rose", "grew",
                     "grow", "growth", "doubled", "drop", "dropped", "changed", "change", "higher", "up", "grown",
                     "risen"),
    "latency": ("latency", "latencies", "slow", "slowest", "fast", "fastest", "p95", "p99", "p50", "ttft", "speed",
                "response", "lag"),
    "errors": ("error", "errors", "fail", "failing", "failed", "failures", "timeouts", "timeout", "429", "broken",
               "rate", "limited", "limit", "throttled", "throttling"),
    "caching": ("duplicate", "duplicates", "cache", "caching", "cached", "repeated", "repeat", "dedupe"),
    "batch": ("batch", "batching", "batchable", "offline", "async"),
    "tokens": ("token", "tokens", "prompt", "prompts", "context", "length"),
    "trend": ("trend", "daily", "weekly", "hourly", "chart", "graph", "plot", "time", "timeline"),
    "top_spenders": ("top", "biggest", "most", "largest", "expensive", "breakdown", "split", "who"),
    "kpis": ("spend", "spent", "spending", "cost", "costs", "bill", "much", "requests", "traffic", "volume",
             "quality", "overview", "kpi", "kpis", "usage", "doing"),
}  # fmt: skip
# Optimize words that ask for a new policy on their own; the others ("save", "route") only with a savings target
# ("save 25%", "budget $300") or money ("save money") and no more specific intent ("could caching save us money").
OPTIMIZE_STRONG = frozenset(["cut", "reduce", "lower", "cheaper", "optimize", "optimise", "optimization", "routing",
                             "policy", "slash", "trim", "savings"])  # fmt: skip
# Spend-change words that make "why did spend move" on their own ("up", "change" alone are too loose).
CHANGE_STRONG = frozenset(["why", "jump", "jumped", "spike", "spiked", "increase", "increased", "rise", "rose", "grew",
                           "doubled", "drop", "dropped", "changed", "grown", "risen"])  # fmt: skip
COMPARE_WORDS = frozenset(["compare", "vs", "versus", "difference", "against"])
# "A or B, which is better?": with two catalog models named, "or" and one of these make a comparison.
CHOICE_WORDS = frozenset(["which", "better", "best", "cheaper", "faster", "choose", "pick", "prefer", "should",
                          "worth"])  # fmt: skip
# What a unit cost is per: "cost per chat", "$ per request", "cost/user".
UNIT_NOUNS = ("conversation", "session", "request", "call", "chat", "thread", "message", "ticket", "query", "queries",
              "interaction", "turn", "user", "unit")  # fmt: skip
# Running the notebook report, not writing a summary: an action on a report ("run/generate/kick off the weekly
# report"), or the notebook named. "give me a report" and "summarize" stay written summaries.
REPORT_RUN_VERBS = frozenset(["run", "rerun", "generate", "regenerate", "render", "kick", "launch", "trigger", "produce",
                              "execute", "refresh"])  # fmt: skip
REPORT_WORDS = frozenset(["report", "reports"])
NOTEBOOK_WORDS = frozenset(["notebook", "notebooks", "papermill", "html"])
REPORT_MAX_DAYS = 90
KEYWORDS = frozenset({w for words in INTENT_WORDS.values() for w in words} | {"generate", "notebook"})
# Words that mean a keyword, grouped by meaning; matched exactly (never typo targets, so the common words near
# them stay as typed: "charged" is spent, "charge" stays charge). Every value is a keyword.
SYNONYMS: dict[str, str] = {
    # spend verbs and nouns: what the org paid
    **dict.fromkeys(["pay", "pays", "paying", "payed", "burn", "burns", "burning"], "spend"),
    **dict.fromkeys(["paid", "burned", "burnt", "charged", "billed", "invoiced"], "spent"),
    **dict.fromkeys(["invoice", "invoices"], "bill"),
    # reduce verbs: asking for a cheaper policy
    **dict.fromkeys(["shave", "shaving", "whittle", "downsize"], "reduce"),
    # report nouns: a written summary
    **dict.fromkeys(["memo", "memos", "onepager", "writeup", "briefing", "readout", "rundown"], "report"),
    # compare forms: two models side by side
    **dict.fromkeys(["benchmark", "benchmarking", "pit"], "compare"),
    # chart grains ("daily", "weekly", "hourly" are trend keywords already)
    "monthly": "trend",
}
# Phrases read as one keyword. Their words match typos one edit away ("time to frist token"): inside a phrase a
# common word carries intent.
PHRASES: dict[tuple[str, ...], str] = {
    ("time", "to", "first", "token"): "ttft",
    ("time", "to", "the", "first", "token"): "ttft",
    ("one", "pager"): "report",
    ("write", "up"): "report",
    ("head", "to", "head"): "vs",
    ("side", "by", "side"): "vs",
    ("break", "down"): "breakdown",
    ("broken", "down"): "breakdown",
    ("burn", "rate"): "spend",
    ("shell", "out"): "spend",
    ("fork", "out"): "spend",
}
# Verbs said in two parts around their object: "bring the bill down", "knock 15% off" (reduce), "break that down"
# (breakdown). "cut", "trim", "shave" are reduce words on their own.
SPLIT_PHRASES = (
    (re.compile(r"\b(?:bring|brought|drive|drove|knock)\w*\s+(?:[\w$%.~'-]+\s+){0,4}?(?:down|off)\b"), "reduce"),
    (re.compile(r"\b(?:break|breaks|breaking|broke)\s+(?:[\w'-]+\s+){1,3}?down\b"), "breakdown"),
)
# Intents a constraint outweighs: they only name the metric a target is on ("cheapest model mix under 2k/month",
# "keep p95 below 2 s"). Explicit actions (a price change, a comparison, a report, caching...) keep their intent.
STEERABLE = frozenset(["kpis", "top_spenders", "trend", "catalog", "latency", "errors", "tokens", "unit_cost"])
# Ranking a group ("which sessions burned the most", "top users") is top spenders, not a cost per unit.
RANKING_WORDS = frozenset(["top", "most", "biggest", "largest", "highest", "costliest"])
# Chart grain: "daily", "per day", "by week", "each month".
_GRAIN = re.compile(r"\b(hour|dai|week|month)ly\b|\b(?:per|by|each|every)\s+(hour|day|week|month)\b")
GROUP_WORDS = {"model": "model", "models": "model", "workload": "workload", "workloads": "workload",
               "app": "workload", "apps": "workload", "feature": "workload", "features": "workload",
               "provider": "provider", "providers": "provider", "vendor": "provider", "vendors": "provider",
               "user": "user", "users": "user", "customer": "user", "session": "session", "sessions": "session",
               "task": "task_type"}  # fmt: skip
# Another org named in the message: "org globex", "tenant=globex", "globex's org". Words that merely follow or
# precede "org" ("the org spending", "our org") are not names.
_OTHER_ORG = re.compile(
    r"\b(?:org|organi[sz]ation|tenant|company|account)\s*(?:id)?\s*[:=]?\s*['\"]?([a-z0-9][a-z0-9_-]{1,63})"
)
_OTHER_ORG_BEFORE = re.compile(r"\b([a-z0-9][a-z0-9_-]{1,63})(?:'s)?\s+(?:org|organi[sz]ation|tenant)\b")
_NOT_ORG_NAMES = frozenset(["a", "an", "the", "our", "my", "your", "their", "this", "that", "these", "those",
                            "other", "another", "whole", "same", "which", "what", "each", "every", "per", "by",
                            "for", "of", "in", "on", "at", "to", "is", "was", "are", "be", "has", "have", "had",
                            "do", "does", "did", "spend", "spending", "spent", "cost", "costs", "costing", "bill",
                            "usage", "data", "level", "wide", "settings", "admin", "admins", "account",
                            "accounts"])  # fmt: skip
_SQL = re.compile(r"(;\s*(drop|delete|insert|update|alter|truncate|grant)\b|\bunion\s+(all\s+)?select\b|--|/\*|"
                  r"\bor\s+'?1'?\s*=\s*'?1|\bselect\s+.+\bfrom\b|\bdrop\s+table\b)", re.I)  # fmt: skip
_SET_PRICE = re.compile(r"\b(?:set|change|update|make|override|adjust|correct)\b.*\bpric(?:e|es|ed|ing)\b")
# Saving a reference: "save ... as name"; other verbs need the @ within a few words ("bookmark that as @x", "pin the
# current view as @x"), never a comparison ("keep the same window as @weekly" cites @weekly).
_SAVE_AS = re.compile(r"\bsave\b.*?\bas\s+@?([a-z0-9][a-z0-9_-]{0,99})|\b(?:bookmark|pin|keep|remember|store|stash|"
                      r"label|tag|name)\s+(?:(?!same\b|like\b)[\w'-]+\s+){0,4}?as\s+@([a-z0-9][a-z0-9_-]{0,99})",
                      re.I)  # fmt: skip
_SAVE_MONEY = re.compile(r"\bsav(?:e|ing)\s+(?:us\s+|some\s+)?(?:money|cash|\$|on\b)|\b(?:spend|pay)\s+less\b")
# Spend moving, said without a change word: "way up", "went up", "blew up", "what's going on", "what happened".
_CHANGE_PHRASE = re.compile(
    r"\b(?:is|are|was|were|been)\s+(?:way\s+)?up\b|\b(?:go|goes|going|gone|went|way|shot|shooting|blew|blow|blown|"
    r"ticked|crept|creeping|climbing)\s+(?:up|down)\b|\bwhat(?:'?s|\s+is)\s+going\s+on\b|\bwhat\s+happened\b"
    r"|\bhow\s+come\b"
)
_PER_UNIT = re.compile(r"(?:\bper\s+|/\s*)(?:single\s+)?(?:" + "|".join(UNIT_NOUNS) + r")s?\b")
# HTTP error codes said as errors ("429s", "503s", "5xx"); a bare number ("top 400", "$500") is not one.
_HTTP_ERROR = re.compile(r"^(?:[45]\d\ds|[45]xxs?)$")
_FOLLOW_UP = re.compile(r"^\s*(and|what about|how about|same|now|only|just|but|ok|okay|then|also)\b")
# A message that leans on the thread: "its error rate", "how are they doing", "for that one", and "that"/"this"
# standing for the last answer ("show that as a chart", "break this down by model", "why is that?"), not as a
# determiner ("this month", "that much").
_REFERS_BACK = re.compile(r"\b(?:its|it|they|them|their|those|these|(?:that|this)\s+(?:one|model|workload|app|"
                          r"provider|bot)s?)\b|\b(?:for|of|on|about|with|in)\s+that\b"
                          r"|\b(?:that|this)\b(?=\s*(?:[?.!,;:]|$)|\s+(?:as|by|down|up|out|into|in|for|over|per|again|"
                          r"instead|please|to|on|from|with|across|but|and|vs|versus|against|hourly|daily|weekly|"
                          r"monthly)\b)")  # fmt: skip


class ToolCall(BaseModel):
    """One planned call: which sub-agent, which tool, with which arguments (never an org)."""

    agent: str
    tool: str
    args: dict[str, Any] = Field(default_factory=dict)


class Plan(BaseModel):
    """The triage of one message."""

    intent: str
    window: dict[str, Any] = Field(default_factory=dict)
    window_label: str = ""
    workloads: list[str] = Field(default_factory=list)
    models: list[str] = Field(default_factory=list)
    providers: list[str] = Field(default_factory=list)
    task_types: list[str] = Field(default_factory=list)
    candidates: list[str] = Field(default_factory=list)
    prior_task: str = ""
    group_by: str | None = None
    constraints: Constraints = Field(default_factory=Constraints)
    reference_name: str | None = None
    grain: str | None = None
    is_report_run: bool = False
    is_follow_up: bool = False
    notes: list[dict[str, str]] = Field(default_factory=list)
    calls: list[ToolCall] = Field(default_factory=list)

    def filters(self) -> dict[str, Any]:
        """Window and dimension arguments shared by the analytics tools."""
        out: dict[str, Any] = dict(self.window)
        for key in ("workloads", "models", "providers", "task_types"):
            if getattr(self, key):
                out[key] = list(getattr(self, key))
        return out


# Ordinary words that sit close to a keyword ("week" ~ "weekly", "last" ~ "fast") and must stay as typed.
PLAIN_WORDS = frozenset(["week", "weeks", "last", "past", "month", "months", "hour", "hours", "days", "today", "spent",
                         "time", "what", "which", "that", "this", "with", "their", "there", "from", "made", "make",
                         "most", "more", "much", "cost", "costs", "model", "models", "mode", "only", "just", "show",
                         "tell", "give", "list", "over", "into", "ones", "same", "than", "then", "them", "they", "cuts",
                         "cutting"])  # fmt: skip


def _is_phrase_word(token: str, word: str) -> bool:
    """Whether a typed token is a phrase's word: itself, its plural, or (four letters up) a typo one edit away."""
    if token in (word, word + "s"):
        return True
    return len(word) >= 4 and token[:1] == word[:1] and compute_edit_distance(token, word) == 1


def _phrase_at(tokens: list[str], i: int) -> tuple[int, str] | None:
    """The longest phrase starting at tokens[i], as (its length, its keyword)."""
    found = []
    for phrase, keyword in PHRASES.items():
        typed = tokens[i : i + len(phrase)]
        if len(typed) == len(phrase) and all(_is_phrase_word(t, w) for t, w in zip(typed, phrase, strict=True)):
            found.append((len(phrase), keyword))
    return max(found, default=None)


def compute_words(text: str, skip: set[int] | None = None, names: frozenset[str] = frozenset()) -> list[str]:
    """The message's words as keywords: typos, forms and synonyms mapped, names and common words kept, phrases folded.

    `skip` holds token positions that are part of a workload or model name ("summarizer" is not "summarize");
    `names` holds the org's name parts, never corrected. Phrases ("time to first token", "one-pager", "head to head")
    read as one keyword, "429s" and "5xx" as errors, and a price unit ("per 1M tokens", "/1m") as mtok.
    """
    protected = PLAIN_WORDS | names
    tokens = [t for i, t in enumerate(compute_tokens(text)) if not (skip and i in skip)]
    words = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if phrase := _phrase_at(tokens, i):
            words.append(phrase[1])
            i += phrase[0]
            continue
        if _HTTP_ERROR.match(token):
            words.append("errors")
        elif token in SYNONYMS and token not in names:
            words.append(SYNONYMS[token])
        else:
            words.append(compute_keyword(token, KEYWORDS, protected))
        i += 1
    words.extend(k for pattern, k in SPLIT_PHRASES if k not in words and pattern.search(text.lower()))
    if "per mtok" in compute_per_million_text(text) and "mtok" not in words:
        words.append("mtok")
    return words


def _is_unit(tokens: list[str], start: int, end: int) -> bool:
    """Whether tokens[start:end] is what a cost is per ("per chat"), not a name (the chat task type)."""
    token = tokens[start]
    return (end - start == 1 and start > 0 and tokens[start - 1] == "per"
            and (token in UNIT_NOUNS or token[:-1] in UNIT_NOUNS))  # fmt: skip


def compute_saved_name(text: str) -> str | None:
    """The name in "save this as @name" or "bookmark that as @name", if the message asks to save."""
    m = _SAVE_AS.search(text)
    return (m.group(1) or m.group(2)).lower() if m else None


def compute_grain(text: str) -> str | None:
    """The chart grain a message asks for: "daily" or "per day" -> day, "weekly"/"by week" -> week, and so on."""
    m = _GRAIN.search(text.lower())
    if m is None:
        return None
    return "day" if m.group(1) == "dai" else m.group(1) or m.group(2)


def compute_intent(text: str, words: list[str], n_catalog: int) -> str | None:
    """The intent the words point at, or None (a follow-up or something Netra cannot do).

    A message that sets an optimisation target (a budget, a quality floor) asks for a policy: optimize, unless its
    words name a more specific action than a metric ("compare", "report", a price change...).
    """
    intent = _compute_word_intent(text, words, n_catalog)
    if (intent is None or intent in STEERABLE) and compute_is_target(text):
        return "optimize"
    return intent


def _compute_word_intent(text: str, words: list[str], n_catalog: int) -> str | None:
    lowered = text.lower()
    wordset = set(words)
    if _SET_PRICE.search(lowered) and (compute_prices_per_mtok(lowered) or re.search(r"\bprices?\b.*\d", lowered)):
        return "set_price"
    if _SAVE_AS.search(text):
        return "save_reference"
    is_choice = "or" in wordset and bool(wordset & CHOICE_WORDS)
    if n_catalog >= 2 and (wordset & COMPARE_WORDS or is_choice):
        return "compare_models"
    if (wordset & set(INTENT_WORDS["cost_on_traffic"])) and n_catalog >= 1 and not wordset & {"why"}:
        return "cost_on_traffic"
    scores: dict[str, int] = {}
    for intent, keywords in INTENT_WORDS.items():
        hits = sum(1 for w in words if w in keywords)
        if hits:
            scores[intent] = hits
    if _CHANGE_PHRASE.search(lowered):
        scores["spend_change"] = scores.get("spend_change", 0) + 1
        wordset.add("why")
    # Comparing or costing models needs the models: "vs the previous week" compares periods, not models.
    scores.pop("compare_models", None)
    scores.pop("cost_on_traffic", None)
    if _PER_UNIT.search(lowered) or (
        scores.get("unit_cost")
        and wordset & {"conversation", "conversations", "session", "sessions", "unit"}
        and not wordset & RANKING_WORDS
    ):
        return "unit_cost"
    scores.pop("unit_cost", None)
    if "optimize" in scores and not wordset & OPTIMIZE_STRONG:
        target = compute_constraints(lowered)
        has_target = target.savings_pct is not None or target.budget_usd is not None or _SAVE_MONEY.search(lowered)
        others = [i for i in scores if i not in ("optimize", "kpis", "top_spenders", "spend_change", "trend")]
        if not has_target or others:
            scores.pop("optimize")
    if "over time" in lowered or re.search(r"\b(per|by|each) (day|week|hour|month)\b", lowered):
        return "trend"
    if not scores:
        return None
    order = list(INTENT_WORDS)
    # Specific intents beat the generic spend ones; among the rest the first in INTENT_WORDS wins.
    generic = {"kpis", "top_spenders", "spend_change", "trend"}
    specific = [i for i in scores if i not in generic]
    if specific:
        return min(specific, key=order.index)
    if "spend_change" in scores and wordset & CHANGE_STRONG:
        return "spend_change"
    if "trend" in scores:
        return "trend"
    if "top_spenders" in scores:
        return "top_spenders"
    return "kpis"


def compute_is_report_run(words: list[str]) -> bool:
    """Whether a message asks to run the notebook report (not only for a written summary)."""
    wordset = set(words)
    return bool(wordset & NOTEBOOK_WORDS) or bool(wordset & REPORT_WORDS and wordset & REPORT_RUN_VERBS)


def compute_report_args(plan: Plan) -> dict[str, Any]:
    """run_report's period from the plan's window: whole days (1 to 90) ending at the window's end (default now)."""
    window = plan.window
    if "days" in window:
        return {"days": min(REPORT_MAX_DAYS, max(1, round(float(window["days"]))))}
    start, end = datetime.fromisoformat(str(window["start"])), datetime.fromisoformat(str(window["end"]))
    days = round((end - start).total_seconds() / 86400)
    return {"days": min(REPORT_MAX_DAYS, max(1, days)), "end": end.isoformat()}


def compute_group_by(text: str) -> str | None:
    """The grouping a message asks for ("by provider", "which workload", "per model")."""
    m = re.search(r"\b(?:by|per|which|what|each|across|top\s+\d+|expensive|costliest)\s+(?:\w+\s+)?(models?|workloads?|apps?|features?|providers?|"
                  r"vendors?|users?|customer|sessions?|task)\b", text.lower())  # fmt: skip
    return GROUP_WORDS[m.group(1)] if m else None


def compute_security_notes(text: str, own_org: str) -> list[dict[str, str]]:
    """Attempts to reach another org or to smuggle SQL: recorded, never acted on."""
    notes = []
    lowered = text.lower()
    named = [m.group(1) for pattern in (_OTHER_ORG, _OTHER_ORG_BEFORE) for m in pattern.finditer(lowered)]
    for name in dict.fromkeys(
        n for n in named if n != own_org and n not in _NOT_ORG_NAMES and n not in KEYWORDS and n not in SYNONYMS
    ):
        notes.append({"kind": "other_org_ignored",
                      "detail": f"the message names org {name!r}; answers only cover your org {own_org!r}"})  # fmt: skip
    if _SQL.search(text):
        notes.append({"kind": "sql_ignored", "detail": "the message contains SQL; Netra never runs SQL from messages"})
    return notes


def compute_plan(text: str, *, known: dict[str, list[str]], catalog_models: list[str], own_org: str,
                 now: Any, previous: Plan | None = None) -> Plan:  # fmt: skip
    """Triage a message into a Plan with its tool calls."""
    if previous is not None and previous.intent == "help":
        previous = None  # a message Netra could not plan is no thread state
    notes = compute_security_notes(text, own_org)
    if m := _SQL.search(text):
        # Whatever follows SQL-looking text is not a question; it is recorded as a note and dropped.
        text = text[: m.start()]
    known_all = {**known, "catalog": [m for m in catalog_models if m not in known.get("models", [])]}
    tokens = compute_tokens(text)
    # A keyword typed exactly is the keyword, not a loose match of a name part ("summarize" is not doc-summarizer),
    # and what a cost is per is a unit, not a name ("cost per chat" is not the chat task type).
    matches = [m for m in compute_name_matches(text, known_all)
               if not (m.score < 1 and m.end - m.start == 1 and tokens[m.start] in KEYWORDS)
               and not _is_unit(tokens, m.start, m.end)]  # fmt: skip
    names = frozenset(t for values in known_all.values() for v in values for t in compute_tokens(v) if len(t) >= 4)
    words = compute_words(text, {i for m in matches if m.score < 1 or m.end - m.start > 1
                                 for i in range(m.start, m.end)}, names)  # fmt: skip
    named: dict[str, list[str]] = {"workloads": [], "models": [], "providers": [], "task_types": [], "catalog": []}
    for match in matches:
        if match.value not in named[match.dimension]:
            named[match.dimension].append(match.value)
    catalog_named = [v for v in [*named["models"], *named["catalog"]] if v in catalog_models]
    intent = compute_intent(text, words, len(catalog_named))
    is_report_run = compute_is_report_run(words)
    if is_report_run:
        intent = "report"
    time_range = compute_time_range(text, now)
    lowered = text.lower()
    group_by = compute_group_by(text)
    # "what if latency can go up to 3 s?" in an optimize thread: the same policy search with one constraint changed.
    is_constraint_change = (previous is not None and previous.intent == "optimize" and time_range is None
                            and _is_constraint_change(text, words, intent, group_by))  # fmt: skip
    if is_constraint_change:
        intent = "optimize"
    opens_as_follow_up = bool(_FOLLOW_UP.match(lowered))
    leans_back = previous is not None and (opens_as_follow_up or bool(_REFERS_BACK.search(lowered)))
    # The same question again with something changed ("and for the last 30 days?", "what about haiku")...
    is_follow_up = previous is not None and (intent is None or (opens_as_follow_up and intent == "kpis") or
                                             (leans_back and intent == previous.intent) or
                                             (is_constraint_change and
                                              (leans_back or not set(words) & OPTIMIZE_STRONG)))  # fmt: skip
    # ...or a new question about the thread's subject ("ok and how's its error rate?"): its names and window carry.
    is_topic_change = leans_back and not is_follow_up and intent not in (None, "save_reference")
    plan = Plan(intent=intent or "help", notes=notes, is_follow_up=is_follow_up or is_topic_change)
    if is_follow_up and previous is not None:
        plan = previous.model_copy(update={"notes": plan.notes, "is_follow_up": True, "calls": [],
                                           "reference_name": None}, deep=True)  # fmt: skip
    elif is_topic_change and previous is not None:
        for key in ("workloads", "models", "providers", "task_types"):
            setattr(plan, key, list(getattr(previous, key)))
        if plan.intent != "optimize":  # the optimizer needs its month of traffic unless the message names a window
            plan.window, plan.window_label = dict(previous.window), previous.window_label
    if (is_follow_up or is_topic_change) and re.search(
        r"\b(all|every|any)\s+(workloads?|models?|apps?|providers?)\b|\beverything\b", lowered
    ):
        plan.workloads, plan.models, plan.providers, plan.task_types = [], [], [], []
    for key in ("workloads", "models", "providers", "task_types"):
        if named[key]:
            setattr(plan, key, named[key])
    if named["catalog"] and plan.intent not in ("compare_models", "cost_on_traffic", "catalog"):
        plan.notes.append({"kind": "no_traffic", "detail": f"no traffic for {', '.join(named['catalog'])} in your org"})
    if catalog_named or not is_follow_up:
        plan.candidates = catalog_named
    if time_range is not None:
        plan.window, plan.window_label = time_range.as_args(), time_range.label
    elif not plan.window or (plan.intent == "optimize" and not is_follow_up):
        # The optimizer needs a month of traffic to segment and replay; other questions default to a week.
        default = TimeRange.last(OPTIMIZE_DAYS if plan.intent == "optimize" else DEFAULT_DAYS)
        plan.window, plan.window_label = default.as_args(), default.label
    plan.group_by = group_by or (plan.group_by if is_follow_up else None)
    plan.grain = compute_grain(text) or (plan.grain if is_follow_up else None)
    if plan.intent == "kpis" and group_by:
        plan.intent = "top_spenders"  # "spend by model", or "break that down by model" after a total
    if not is_follow_up or plan.intent == "optimize":
        new = compute_constraints(text)
        plan.constraints = new if not is_follow_up else plan.constraints.model_copy(
            update={k: v for k, v in new.model_dump().items() if v is not None})  # fmt: skip
    if plan.intent == "save_reference" and (saved := compute_saved_name(text)):
        plan.reference_name = saved
        if previous is not None:
            plan = previous.model_copy(update={"intent": "save_reference", "reference_name": plan.reference_name,
                                               "notes": plan.notes, "calls": []})  # fmt: skip
    # A notebook run is a side effect: only the message that asks for it runs one (never a follow-up).
    plan.is_report_run = is_report_run and plan.intent == "report"
    prior = [t for w in words if len(w) >= 3 for t in TASK_TYPES if SequenceMatcher(None, t, w).ratio() >= 0.85]
    if prior:
        plan.prior_task = prior[0]
    plan.calls = compute_calls(plan, text)
    return plan


def _is_constraint_change(text: str, words: list[str], intent: str | None, group_by: str | None) -> bool:
    """Whether a message only changes an optimisation constraint ("and with a 0.9 floor?", "what if p95 can be 3 s").

    It states a constraint, names no grouping (the caller checks it names no window) and asks nothing more specific.
    """
    if group_by is not None or compute_stated_constraints(text) == Constraints():
        return False
    # A change word ("go up") is not a question about spend moving unless a strong one says so ("why", "jumped").
    is_loose_change = intent == "spend_change" and not set(words) & CHANGE_STRONG
    return intent is None or intent == "optimize" or intent in STEERABLE or is_loose_change


def compute_calls(plan: Plan, text: str) -> list[ToolCall]:
    """The tool calls that answer a plan's intent."""
    f = plan.filters()
    by = plan.group_by
    if plan.intent == "kpis":
        return [ToolCall(agent="data_analysis", tool="get_kpis", args=f)]
    if plan.intent == "spend_change":
        groups = [by] if by in ("model", "workload", "provider", "task_type") else ["model", "workload"]
        return [ToolCall(agent="data_analysis", tool="get_spend_change", args={**f, "by": g}) for g in groups]
    if plan.intent == "trend":
        args = {**f, "by": by if by in ("model", "workload", "provider", "task_type") else "model"}
        if plan.grain:
            args["grain"] = plan.grain
        return [ToolCall(agent="data_analysis", tool="get_spend_over_time", args=args)]
    if plan.intent == "top_spenders":
        if by in ("provider", "task_type"):
            return [ToolCall(agent="data_analysis", tool="get_spend_change", args={**f, "by": by})]
        args = {**f, "by": by or "workload"}
        if m := re.search(r"\btop\s+(\d{1,3})\b", text.lower()):
            args["limit"] = min(int(m.group(1)), 100)
        return [ToolCall(agent="data_analysis", tool="get_top_spenders", args=args)]
    simple = {"latency": "get_latency_by_model", "errors": "get_error_breakdown", "unit_cost": "get_unit_costs",
              "caching": "get_duplicate_share", "batch": "get_batchable_spend"}  # fmt: skip
    if plan.intent in simple:
        return [ToolCall(agent="data_analysis", tool=simple[plan.intent], args=f)]
    if plan.intent == "tokens":
        return [ToolCall(agent="data_analysis", tool="get_token_stats",
                         args={**f, "by": by if by in ("model", "workload", "provider", "task_type") else "workload"})]  # fmt: skip
    if plan.intent in ("compare_models", "cost_on_traffic"):
        args = {**f, "candidates": plan.candidates}
        args.pop("models", None)
        if plan.prior_task:
            args["task_type_prior"] = plan.prior_task
        return [ToolCall(agent="catalog", tool="get_model_comparison", args=args)]
    if plan.intent == "catalog":
        args = {"models": plan.candidates} if plan.candidates else {}
        if plan.providers and not plan.candidates:
            args["provider"] = plan.providers[0]
        if plan.prior_task:
            args["task_type"] = plan.prior_task
        return [ToolCall(agent="catalog", tool="get_catalog", args=args)]
    if plan.intent == "set_price":
        args = {"model": plan.candidates[0] if plan.candidates else ""}
        if prices := compute_prices_per_mtok(text):
            args.update(input_per_mtok=prices[0], output_per_mtok=prices[1])
        return [ToolCall(agent="catalog", tool="set_model_price", args=args)]
    if plan.intent == "optimize":
        c = plan.constraints.model_dump(exclude_none=True)
        return [ToolCall(agent="optimization", tool="optimize_policy", args={**f, **c})]
    if plan.intent == "report":
        calls = [
            ToolCall(agent="reporting", tool="get_kpis", args=f),
            ToolCall(agent="reporting", tool="get_top_spenders", args={**f, "by": "workload"}),
            ToolCall(agent="reporting", tool="get_error_breakdown", args=f),
            ToolCall(agent="reporting", tool="get_latency_by_model", args=f),
        ]
        if plan.is_report_run:
            calls.append(ToolCall(agent="reporting", tool="run_report", args=compute_report_args(plan)))
        return calls
    if plan.intent == "save_reference":
        return [ToolCall(agent="supervisor", tool="save_reference",
                         args={"name": plan.reference_name or "", "kind": "filter", "filter": f})]  # fmt: skip
    return []
