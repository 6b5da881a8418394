"""Which span attributes make an event field, for every attribute family instrumentations emit.

Families, each with its names taken from the instrumentation packages' own source:
- OpenTelemetry GenAI semantic conventions, current and earlier names (`gen_ai.provider.name` and
  `gen_ai.system`, `gen_ai.usage.input_tokens` and `gen_ai.usage.prompt_tokens`, ...), as written by
  opentelemetry-instrumentation-openai-v2 under both the default and the
  `OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental` conventions;
- OpenLLMetry / Traceloop (`gen_ai.usage.reasoning_tokens`, `gen_ai.usage.cache_read_input_tokens`,
  `llm.request.type`, `llm.usage.reasoning_tokens`, `traceloop.span.kind`);
- LiteLLM's own `otel` callback (`gen_ai.cost.total_cost`, its price of the call; finish reasons as the JSON
  text of an array, read by validate.first_of_text_array);
- OpenInference (`llm.model_name`, `llm.provider`, `llm.system`, `llm.token_count.*` with the audio parts
  `llm.token_count.prompt_details.audio` and `llm.token_count.completion_details.audio`, `llm.cost.total`,
  `openinference.span.kind`, `session.id`, `user.id`).
Where several names can carry a field, the first present wins, in the order listed.
No family has an attribute for image token counts (OpenInference's `llm.token_count.*_details` name audio,
reasoning and cache parts only; the GenAI conventions and OpenLLMetry none), so a span's image tokens stay in its
input and output counts at the text prices; files, LiteLLM spend logs and the gateway carry them.

Agent, tool, chain, workflow and retrieval spans are not model calls: their child spans are, and an
agent span carrying usage would count its children twice. They are not events: they are counted apart and
kept as trace context (`trace_spans`, with the kind `SPAN_KINDS` gives them and the tool or agent name
`ENTITY_NAME_ATTRIBUTES` gives), so the model calls beneath them can be costed per agent and tool.
"""

from __future__ import annotations

import re

# event field -> attribute names, current name first, then older ones and other families.
SPAN_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "model": (
        "gen_ai.request.model",
        "gen_ai.response.model",
        "llm.model_name",
        "llm.request.model_name",
        "llm.response.model_name",
        "embedding.model_name",
    ),
    "provider": ("gen_ai.provider.name", "gen_ai.system", "llm.provider", "llm.system"),  # the first names a model call
    "prompt_tokens": ("gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", "llm.token_count.prompt"),
    "completion_tokens": (
        "gen_ai.usage.output_tokens",
        "gen_ai.usage.completion_tokens",
        "llm.token_count.completion",
    ),
    "cached_tokens": (
        "gen_ai.usage.cache_read.input_tokens",
        "gen_ai.usage.cache_read_input_tokens",
        "llm.token_count.prompt_details.cache_read",
    ),
    "cache_write_tokens": (
        "gen_ai.usage.cache_creation.input_tokens",
        "gen_ai.usage.cache_write.input_tokens",
        "gen_ai.usage.cache_creation_input_tokens",
        "llm.token_count.prompt_details.cache_write",
    ),
    "reasoning_tokens": (
        "gen_ai.usage.reasoning.output_tokens",
        "gen_ai.usage.reasoning_tokens",
        "llm.usage.reasoning_tokens",
        "llm.token_count.completion_details.reasoning",
    ),
    # Audio parts of the input and output counts (OpenInference; OpenAI's usage details).
    "audio_prompt_tokens": ("llm.token_count.prompt_details.audio",),
    "audio_completion_tokens": ("llm.token_count.completion_details.audio",),
    # What the provider says it served on (response), else what was asked for (request).
    "service_tier": (
        "openai.response.service_tier",
        "gen_ai.openai.response.service_tier",
        "openai.request.service_tier",
        "gen_ai.openai.request.service_tier",
    ),
    "cost_usd": ("gen_ai.usage.cost.amount", "gen_ai.usage.cost", "gen_ai.cost.total_cost", "llm.cost.total"),
    "error_type": ("error.type",),
    "user_id": ("user.id", "enduser.id"),
    "session_id": ("session.id", "gen_ai.conversation.id"),
    "task_type": ("netra.task_type", "gen_ai.task_type"),
}
USAGE_FIELDS = ("prompt_tokens", "completion_tokens")
CACHE_FIELDS = ("cached_tokens", "cache_write_tokens")
# Text attributes whose value may also be an array of text (the first element is read).
FINISH_REASON_ATTRIBUTES = (
    "gen_ai.response.finish_reasons",
    "gen_ai.response.finish_reason",
    "llm.response.finish_reason",
    "llm.finish_reason",
)
# OpenInference failed calls carry the model only inside the JSON of their invocation parameters.
INVOCATION_PARAMETERS = ("llm.invocation_parameters", "embedding.invocation_parameters")
INVOCATION_MODEL = re.compile(r'"model"[ \t\n\r]*:[ \t\n\r]*"([^"]*)"')
INVOCATION_MODEL_RE2 = r'"model"[ \t\n\r]*:[ \t\n\r]*"(?P<model>[^"]*)"'  # the same, for Arrow's extract_regex

OPERATION = "gen_ai.operation.name"
REQUEST_TYPE = "llm.request.type"  # OpenLLMetry's older name for the operation
OPENINFERENCE_KIND = "openinference.span.kind"
TRACELOOP_KIND = "traceloop.span.kind"
REQUEST_TYPE_OPERATIONS = {"chat": "chat", "completion": "text_completion", "embedding": "embeddings"}
OPENINFERENCE_OPERATIONS = {"LLM": "chat", "EMBEDDING": "embeddings"}
# Spans that orchestrate model calls rather than make one.
AGENT_OPERATIONS = ("invoke_agent", "create_agent", "execute_tool", "invoke_workflow", "retrieval")
AGENT_OPENINFERENCE_KINDS = (
    "AGENT",
    "TOOL",
    "CHAIN",
    "RETRIEVER",
    "RERANKER",
    "GUARDRAIL",
    "EVALUATOR",
    "PROMPT",
    "DECISION",
)
AGENT_TRACELOOP_KINDS = ("workflow", "task", "agent", "tool")
# The kind of trace-context span each of those values makes, attribute by attribute in the order read
# (the operation name first, then OpenInference's span kind, then OpenLLMetry's): every value above has one.
SPAN_KINDS: tuple[tuple[str, dict[str, str]], ...] = (
    (
        OPERATION,
        {
            "invoke_agent": "agent",
            "create_agent": "agent",
            "execute_tool": "tool",
            "invoke_workflow": "workflow",
            "retrieval": "retriever",
        },
    ),
    (
        OPENINFERENCE_KIND,
        {
            "AGENT": "agent",
            "TOOL": "tool",
            "CHAIN": "chain",
            "RETRIEVER": "retriever",
            "RERANKER": "reranker",
            "GUARDRAIL": "guardrail",
            "EVALUATOR": "evaluator",
            "PROMPT": "prompt",
            "DECISION": "decision",
        },
    ),
    (TRACELOOP_KIND, {"workflow": "workflow", "task": "chain", "agent": "agent", "tool": "tool"}),
)
OTHER_KIND = "other"  # a span of the app (a request handler, a job) kept as the parent of model calls
# A span that is not a model call and has none of the kinds above, but names a tool or an agent, is that kind:
# pydantic-ai's "running tool" / "agent run" spans carry gen_ai.tool.name / gen_ai.agent.name and no operation name.
NAMED_KINDS = (("gen_ai.tool.name", "tool"), ("gen_ai.agent.name", "agent"))
# The tool or agent a span runs, first present text wins: GenAI conventions, OpenInference, OpenLLMetry.
ENTITY_NAME_ATTRIBUTES = ("gen_ai.tool.name", "gen_ai.agent.name", "tool.name", "agent.name", "traceloop.entity.name")

METADATA_ATTRIBUTES = ("gen_ai.response.model", "gen_ai.response.id", "gen_ai.agent.name")
OPERATION_TASKS = {"embeddings": "embedding"}
VALUE_KINDS = ("stringValue", "intValue", "doubleValue", "boolValue")  # AnyValue keys, in the order read
ERROR_STATUS_CODES = (2, "2", "STATUS_CODE_ERROR")
UNKNOWN_ERROR_TYPE = "_OTHER"  # the conventions' value when a failure has no known type
COST_SOURCE = "reported"
