"""A held-out question set for the offline planner, written for issue #6 to measure how well it generalises.

Written on 2026-11-25 by a helper who had NOT read the planner (netra_core/agents/triage.py, matching.py,
timerange.py or its keyword lists); only the contract was used: the format and conventions of
tests/agents/question_set.py, the seeded org in tests/agents/builders.py, the scoring in test_question_set.py
and the tools' argument models. The questions and expectations were saved before the planner was first run on
them (first run: 25/40), and the planner was not tuned on them: keep it that way, or this set stops measuring
anything. One expectation was corrected after that run (candidate order, see its comment).

Phrasing is what FinOps people, platform engineers and team leads type: typos, loose names ("supprot bot",
"4o mini", "antropic"), follow-ups that lean on the thread, relative dates. Same conventions as the main set:
times are relative to builders.NOW (Friday 2026-11-20 12:00 UTC): "yesterday" is 2026-11-19, "wednesday"
2026-11-18, "this week" starts Monday 2026-11-16, "this month" 2026-11-01, "last month" 2026-10-01,
"last N days/hours" is `days`. `follow=True` continues the thread of the question just before it.
"""

from __future__ import annotations

from tests.agents.question_set import Q, q

KPI = ["get_kpis"]
WHY = ["get_spend_change", "get_spend_change"]
SUMMARY = ["get_kpis", "get_top_spenders", "get_error_breakdown", "get_latency_by_model"]

# Another org named, and SQL pasted into a question: planned like any question, with nothing of either in the args.
OTHER_ORG = q("show me globex's costs this month", "kpis", KPI, start="2026-11-01")
SQL_INJECTION = q("costs for support-bot' OR 1=1 --", "kpis", KPI, workloads=["support-bot"])

QUERY = ["query_metrics"]  # issue #16: one semantic query carrying every detail asked
QUESTIONS: list[Q] = [
    # headline numbers
    q("hey, whats the total llm bill for november so far?", "kpis", KPI, start="2026-11-01"),
    q("how much did supprot bot cost us in the last 48 hours", "kpis", KPI, days=2, workloads=["support-bot"]),
    q("same for the sales agent", "kpis", KPI, follow=True, days=2, workloads=["sales-agent"]),
    q(
        "ok and how's its error rate looking?",
        "errors",
        ["get_error_breakdown"],
        follow=True,
        days=2,
        workloads=["sales-agent"],
    ),
    q("Open AI spend past fortnight?", "kpis", KPI, days=14, providers=["openai"]),
    q("avg quality score for code review since nov 2", "kpis", KPI, workloads=["code-review"], start="2026-11-02"),
    # why did spend move
    q("why was wednesday so expnsive??", "spend_change", WHY, start="2026-11-18"),
    q(
        "which workload's spend went up the most vs the previous week",
        "spend_change",
        ["get_spend_change"],
        by="workload",
        days=7,
    ),
    q(
        "antropic costs are way up this month - whats going on?",
        "spend_change",
        WHY,
        providers=["anthropic"],
        start="2026-11-01",
    ),
    # trend (the weekly grain of the second is not scored: the main set never scores `grain`)
    q("chart daily costs per provider for the last 60 days", "trend", QUERY, by="provider", days=60),
    q(
        "weekly spend trend for gpt4o mini since september",
        "trend",
        ["get_spend_over_time"],
        models=["gpt-4o-mini"],
        start="2026-09-01",
    ),
    # who / what spends
    q(
        "who are our top 5 heaviest users this month",
        "top_spenders",
        ["get_top_spenders"],
        by="user",
        limit=5,
        start="2026-11-01",
    ),
    q("split of spend across task types, please", "top_spenders", ["get_spend_change"], by="task_type"),
    q("just the last 7 days", "top_spenders", ["get_spend_change"], follow=True, by="task_type", days=7),
    # latency
    # issue #16: the latency tool's answer states p50/p95 only; p99 asked -> the semantic query (was a substitution)
    q("p99 latencey for the doc summariser?", "latency", QUERY, workloads=["doc-summarizer"], measures=["latency_p99"]),
    # issue #16: the latency tool's answer states total latency p50/p95 only; TTFT asked -> the semantic query (and the change asked)
    q(
        "is gpt 4o getting slower? time to first token over the last 3 days",
        "latency",
        QUERY,
        models=["gpt-4o"],
        days=3,
    ),
    # issue #16: the follow-up keeps the thread's TTFT query
    q("what about haiku", "latency", QUERY, follow=True, models=["claude-3-5-haiku"], days=3),
    # errors
    q("any timeouts from groq this week?", "errors", ["get_error_breakdown"], providers=["groq"], start="2026-11-16"),
    q(
        "failure rate for the ticket clasifier in the last 10 days",
        "errors",
        ["get_error_breakdown"],
        workloads=["ticket-classifier"],
        days=10,
    ),
    q(
        "how many 429s did we hit on gemini flash yesterday",
        "errors",
        ["get_error_breakdown"],
        models=["gemini-2.0-flash"],
        start="2026-11-19",
    ),
    # tokens
    q("avg completion tokens per model since oct 15", "tokens", ["get_token_stats"], by="model", start="2026-10-15"),
    q(
        "are the code review prompts getting huge? token counts pls",
        "tokens",
        ["get_token_stats"],
        workloads=["code-review"],
    ),
    # unit costs
    q(
        "cost per chat for the supportbot last month",
        "unit_cost",
        ["get_unit_costs"],
        workloads=["support-bot"],
        start="2026-10-01",
    ),
    q("whats the avg $ per request on 4o-mini", "unit_cost", ["get_unit_costs"], models=["gpt-4o-mini"]),
    # caching and batch
    q(
        "how much could we save with a prompt cache on the search rag",
        "caching",
        ["get_duplicate_share"],
        workloads=["search-rag"],
    ),
    q("which of our spend doesn't need real-time answers and could be batched?", "batch", ["get_batchable_spend"]),
    # catalog
    q("price list for google models", "catalog", ["get_catalog"], provider="google"),
    q("how much is mistral large per 1M input tokens", "catalog", ["get_catalog"], models=["mistral-large"]),
    # comparing models, costing our traffic on one
    q(
        "sonnet or gpt-4.1 for our code review workload - which is better value?",
        "compare_models",
        ["get_model_comparison"],
        candidates=["claude-3-5-sonnet", "gpt-4.1"],
        workloads=["code-review"],
    ),
    q(
        "4.1 mini vs 4o mini vs haiku on classification",
        "compare_models",
        ["get_model_comparison"],
        # Corrected after the first run: written in mention order (4.1 mini first); the planner lists the org's own
        # models before catalog-only ones. The tool compares a set, and the scorer compares lists exactly, so the
        # order was an over-strict expectation, not a planner error.
        candidates=["gpt-4o-mini", "claude-3-5-haiku", "gpt-4.1-mini"],
        task_type_prior="classification",
    ),
    q(
        "if we moved the sales agent onto llama 3.3 70b what would we pay",
        "cost_on_traffic",
        ["get_model_comparison"],
        candidates=["llama-3.3-70b-versatile"],
        workloads=["sales-agent"],
    ),
    # optimisation
    q(
        "we need to save ~25% on llm costs, quality must stay above .88",
        "optimize",
        ["optimize_policy"],
        savings_pct=25,
        quality_floor=0.88,
    ),
    q(
        "find a cheaper routing setup for the doc summarizer with p95 below 1500ms",
        "optimize",
        ["optimize_policy"],
        workloads=["doc-summarizer"],
        p95_ms=1500,
    ),
    q(
        "what if the budget was 300 dollars a month",
        "optimize",
        ["optimize_policy"],
        follow=True,
        budget_usd=300,
        workloads=["doc-summarizer"],
        p95_ms=1500,
    ),
    # a written summary (not the notebook report)
    q("give me a summary of this month for the leadership sync", "report", SUMMARY, start="2026-11-01"),
    # references and writes
    q("save that one as @q4-anthropic", "save_reference", ["save_reference"], name="q4-anthropic"),
    q(
        "we negotiated a discount - update claude sonnet pricing to 2.5 in / 12 out per mtok",
        "set_price",
        ["set_model_price"],
        model="claude-3-5-sonnet",
        input_per_mtok=2.5,
        output_per_mtok=12.0,
    ),
    # another org, SQL
    OTHER_ORG,
    SQL_INJECTION,
    # not something Netra does
    q("book me a meeting room for 3pm tomorrow", "help", []),
]
