"""How events name providers versus how the catalog does, and whose prices a reseller charges.

Events carry the provider as their source wrote it: OpenTelemetry's `gen_ai.provider.name`
(`azure.ai.openai`, `aws.bedrock`, `gcp.vertex_ai`, `x_ai`) or the older `gen_ai.system`
(`az.ai.openai`, `vertex_ai`), LiteLLM's `custom_llm_provider` (`azure`, `bedrock`, `together_ai`),
or a user's own CSV (`Azure OpenAI`). The catalog uses genai-prices' provider ids (`azure`, `aws`,
`google`, `x-ai`, `together`). A name matches a catalog id when both spell the same words (case and
punctuation aside), or through the alias table below.

Some providers resell other providers' models at the same list price (Azure OpenAI serves OpenAI's
models, Vertex AI serves Anthropic's): genai-prices lists these as the provider's fallback
providers, copied in PROVIDER_FALLBACKS (a test checks the copy against the package's data).
"""

from __future__ import annotations

import re

# Normalised event provider name -> the catalog's provider id.
PROVIDER_ALIASES: dict[str, str] = {
    "azure_openai": "azure",
    "azure_ai_openai": "azure",
    "az_ai_openai": "azure",
    "azure_ai_inference": "azure",
    "az_ai_inference": "azure",
    "azure_ai": "azure",
    "microsoft_azure": "azure",
    "aws_bedrock": "aws",
    "bedrock": "aws",
    "bedrock_converse": "aws",
    "amazon_bedrock": "aws",
    "gcp_vertex_ai": "google",
    "gcp_gemini": "google",
    "gcp_gen_ai": "google",
    "vertex_ai": "google",
    "vertex_ai_beta": "google",
    "vertexai": "google",
    "gemini": "google",
    "google_genai": "google",
    "google_vertex_ai": "google",
    "google_ai_studio": "google",
    "mistral_ai": "mistral",
    "mistralai": "mistral",
    "xai": "x-ai",
    "together_ai": "together",
    "togetherai": "together",
    "fireworks_ai": "fireworks",
    "cohere_chat": "cohere",
    "moonshot": "moonshotai",
    "moonshot_ai": "moonshotai",
}

# Catalog provider -> providers whose models it also serves at their price (genai-prices' fallback_model_providers).
PROVIDER_FALLBACKS: dict[str, tuple[str, ...]] = {
    "azure": ("openai", "anthropic", "deepseek", "x-ai", "moonshotai"),
    "google": ("anthropic",),
}

# A dated snapshot name: gpt-4o-2024-08-06, claude-3-5-sonnet-20241022, claude-3-5-sonnet@20240620, gpt-4-0613.
_DATED = re.compile(r"(-\d{4}-\d{2}-\d{2}|[-@]\d{8}|-\d{4})$")


def compute_provider_key(name: str) -> str:
    """A provider name with case and punctuation removed: 'Azure OpenAI', 'azure.ai.openai' -> 'azure_openai', ..."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def compute_undated_model(model: str) -> str | None:
    """The model name without a trailing snapshot date, or None when it has none."""
    undated = _DATED.sub("", model)
    return undated if undated and undated != model else None


def compute_catalog_providers(name: str, known: dict[str, str]) -> list[str]:
    """The catalog providers whose prices may apply to an event of provider `name`, best first.

    `known` maps compute_provider_key(id) -> id for the catalog's providers.
    """
    key = compute_provider_key(name)
    first = PROVIDER_ALIASES.get(key) or known.get(key) or key
    return [first, *PROVIDER_FALLBACKS.get(first, ())]
