"""A workload named by what it does: "the bot that answers our customers' support questions" is support-bot, "the
sales assistant" is sales-agent, "the tool we use for code reviews" is code-review.

A name-like phrase -- "the" (or "our", "my") and a noun for a workload (bot, assistant, agent, copilot, feature, tool,
app, service, pipeline, workload), with up to three words before the noun or a clause after it ("that ...", "which
...", "we use for ...") -- is that workload when its words hold a word of exactly one of the org's workload names
("support", "sales", "review", "summar-" as in summarisation, "classif-" as in classification, "ticket", "doc-" as in
documents). Two workloads fitting is no guess: the phrase is left as written. A phrase that already holds one of the
org's names (a workload, a model, a task type) is left alone too: it is read where names are read.

The phrase is rewritten to the workload's name before anything else is parsed, so every later reader sees the name.
"""

from __future__ import annotations

import re

from netra_core.agents.matching import GENERIC_PARTS, NAME_NOUNS, compute_name_matches, compute_tokens

# The nouns a workload goes by, said in the singular (the plural, "our bots", is every workload).
_NOUN = (
    r"(?:bot|chatbot|assistant|agent|copilot|co-pilot|feature|tool|app|application|service|pipeline|workload|helper)"
)
# What the noun does, said after it: up to a clause's end or a word that starts the window, a grouping or a list.
_CLAUSE_END = (
    r"(?=\s*[,.;:?!()\"]|\s*$|\s+(?:over|during|since|between|compared|versus|vs\.?|last|this|yesterday|today|in|"
    r"from|before|after|per|by|each|and|or|but|on|at|within|across|broken|split|grouped|so|to\s+date)\b)"
)
_DESCRIBED = re.compile(
    rf"\b(?:the|our|my)\s+(?P<before>(?:[\w'-]+\s+){{0,3}}?){_NOUN}\b(?!-)(?!'s\b)"
    rf"(?P<after>\s+(?:that|which|who|we\s+use\s+(?:to|for)|used\s+(?:to|for)|for)\s+[^,.;:?!()\"]*?{_CLAUSE_END})?"
)
# Name parts that say no workload's purpose ("bot", "agent", "rag").
_PLAIN_PARTS = GENERIC_PARTS | NAME_NOUNS | frozenset(["rag", "llm", "ai", "gpt", "v1", "v2", "new", "old", "test"])


def _stems(workload: str) -> list[str]:
    """The starts of a workload name's words that a description holds in any form: "summarizer" -> "summar"
    (summarisation, summaries), "classifier" -> "classi", "support" -> "suppor", "sales" -> "sale", "doc" -> "doc"."""
    parts = [p for p in compute_tokens(workload) if p.isalpha() and len(p) >= 3 and p not in _PLAIN_PARTS]
    return [p[: max(3, min(6, len(p) - 1))] for p in parts]


def compute_described_workload(phrase: str, workloads: list[str]) -> str | None:
    """The one workload whose name's words `phrase` holds (None when none or two or more fit)."""
    words = compute_tokens(phrase)
    fits = [w for w in workloads if any(word.startswith(stem) for stem in _stems(w) for word in words)]
    return fits[0] if len(fits) == 1 else None


def compute_described_names(text: str, known: dict[str, list[str]]) -> str:
    """`text` with each workload named by what it does replaced by the workload's name (`known`: the org's names per
    dimension, "workloads" among them)."""
    workloads = known.get("workloads", [])
    if not workloads:
        return text
    names = {k: v for k, v in known.items() if k in ("workloads", "models", "providers", "task_types")}
    out: list[str] = []
    last = 0
    for m in _DESCRIBED.finditer(text.lower()):
        if not m["before"] and not m["after"]:
            continue  # "the bot" alone names nothing
        phrase = text[m.start() : m.end()]
        if compute_name_matches(phrase, names):
            continue  # "the support bot", "our summarization feature": a name, read where names are read
        workload = compute_described_workload((m["before"] or "") + " " + (m["after"] or ""), workloads)
        if workload is None:
            continue
        out.append(text[last : m.start()] + f"{phrase.split()[0]} {workload}")
        last = m.end()
    return "".join(out) + text[last:] if out else text
