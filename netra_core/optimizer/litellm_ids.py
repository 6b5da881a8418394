"""The model id a provider's API accepts, in LiteLLM's `provider/model` form, for a catalog (provider, model) (#18).

The catalog names models as genai-prices does, and a genai-prices id is a price key, not always an API id:
`claude-3-5-sonnet` covers every snapshot of that model, Netra's `google` provider covers both the Gemini API and
Vertex AI (so Claude under `google` is Claude on Vertex AI, never `gemini/claude-...`), and Mistral's undated family
names are served as `<family>-latest`. compute_litellm_model picks, in order:

1. REVIEWED: a small table of models whose API id differs from the catalog id, each with its reason;
2. NO_API_ID: models for which no id the provider's API accepts is known (retired, or priced under a name no API
   serves): exported under the catalog id with a warning, never silently;
3. for Claude under `google`, Vertex AI's id (`vertex_ai/<model>`, Vertex's undated alias of the current snapshot);
4. for Mistral, genai-prices' own `<family>-latest` alias of the model, when its match data lists one;
5. otherwise the catalog id under the provider's LiteLLM prefix.

tests/test_litellm_ids.py checks the result for every catalog model of the providers below against the ids
LiteLLM 1.110.2 knows (tests/data/litellm_model_ids.txt): each is either known or carries a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

# Catalog provider -> LiteLLM's prefix, and litellm_params naming where its credentials come from.
LITELLM_PROVIDERS: dict[str, tuple[str, dict[str, str]]] = {
    "openai": ("openai", {"api_key": "os.environ/OPENAI_API_KEY"}),
    "anthropic": ("anthropic", {"api_key": "os.environ/ANTHROPIC_API_KEY"}),
    "google": ("gemini", {"api_key": "os.environ/GEMINI_API_KEY"}),
    "mistral": ("mistral", {"api_key": "os.environ/MISTRAL_API_KEY"}),
    "groq": ("groq", {"api_key": "os.environ/GROQ_API_KEY"}),
    # Azure OpenAI: the part after `azure/` is the name of your deployment; LiteLLM's model list names deployments
    # after their model, which is what the export writes.
    "azure": (
        "azure",
        {"api_key": "os.environ/AZURE_API_KEY", "api_base": "os.environ/AZURE_API_BASE"},
    ),
    # Amazon Bedrock: AWS credentials from the environment, the region named explicitly.
    "aws": ("bedrock", {"aws_region_name": "os.environ/AWS_REGION_NAME"}),
}
VERTEX_AI: tuple[str, dict[str, str]] = (
    "vertex_ai",
    {"vertex_project": "os.environ/VERTEXAI_PROJECT", "vertex_location": "os.environ/VERTEXAI_LOCATION"},
)

# (provider, catalog model) -> (the API's id in LiteLLM's form, why it differs from the catalog id).
REVIEWED: dict[tuple[str, str], tuple[str, str]] = {
    ("google", "gemini-2.0-flash"): (
        "vertex_ai/gemini-2.0-flash",
        "LiteLLM 1.110.2 lists no Gemini API id for it (the Gemini API no longer serves it); Vertex AI does",
    ),
    ("google", "gemini-2.0-flash-lite"): (
        "vertex_ai/gemini-2.0-flash-lite",
        "LiteLLM 1.110.2 lists no Gemini API id for it (the Gemini API no longer serves it); Vertex AI does",
    ),
    ("google", "gemini-2.5-flash-tts"): (
        "gemini/gemini-2.5-flash-preview-tts",
        "the Gemini API's id for it; genai-prices matches both names",
    ),
    ("google", "gemini-2.5-pro-tts"): (
        "gemini/gemini-2.5-pro-preview-tts",
        "the Gemini API's id for it; genai-prices matches both names",
    ),
    ("google", "gemini-live-2.5-flash"): (
        "gemini/gemini-2.5-flash-native-audio-latest",
        "the Gemini API's id for it; genai-prices matches both names",
    ),
    ("google", "gemma-4-26b-a4b-it-maas"): (
        "gemini/gemma-4-26b-a4b-it",
        "`-maas` is Vertex AI's model-as-a-service name; the Gemini API serves it without the suffix",
    ),
    ("mistral", "mistral-medium-3-1"): (
        "mistral/mistral-medium",
        "Mistral's API id for the model (genai-prices matches mistral-medium, -2505, -2508)",
    ),
    ("mistral", "mistral-nemo"): (
        "mistral/open-mistral-nemo",
        "Mistral's API id for the model (genai-prices matches both names)",
    ),
    ("openai", "gpt-5.3"): (
        "openai/gpt-5.3-chat-latest",
        "OpenAI's API id for the model (genai-prices matches gpt-5.3 and gpt-5.3-chat-latest)",
    ),
    ("openai", "gpt-chat-latest"): (
        "openai/chat-latest",
        "OpenAI's API id for the model (genai-prices matches both names)",
    ),
    ("openai", "gpt-4o-audio-preview"): (
        "openai/gpt-4o-audio-preview-2025-06-03",
        "OpenAI's latest dated snapshot of the model (genai-prices matches every gpt-4o-audio-preview-*)",
    ),
    ("openai", "gpt-4o-mini-audio-preview"): (
        "openai/gpt-4o-mini-audio-preview-2024-12-17",
        "OpenAI's dated snapshot of the model (genai-prices matches every gpt-4o-mini-audio*)",
    ),
    ("openai", "gpt-4o-mini-realtime-preview"): (
        "openai/gpt-4o-mini-realtime-preview-2024-12-17",
        "OpenAI's dated snapshot of the model (genai-prices matches every gpt-4o-mini-realtime*)",
    ),
    ("mistral", "magistral-medium"): (
        "mistral/magistral-medium-latest",
        "Mistral serves the family's current version as -latest (genai-prices matches every magistral-medium*)",
    ),
    ("mistral", "magistral-small"): (
        "mistral/magistral-small-latest",
        "Mistral serves the family's current version as -latest (genai-prices matches every magistral-small-*)",
    ),
    ("mistral", "ministral-3b"): (
        "mistral/ministral-3b-latest",
        "Mistral serves the model's current version as -latest",
    ),
    ("mistral", "ministral-8b"): (
        "mistral/ministral-8b-latest",
        "Mistral serves the model's current version as -latest",
    ),
}

_RETIRED_ANTHROPIC = "retired or renamed: LiteLLM 1.110.2 lists no Anthropic API id for it"
_RETIRED_OPENAI = "retired or renamed: LiteLLM 1.110.2 lists no OpenAI API id for it"
_RETIRED_GEMINI = "retired or renamed: LiteLLM 1.110.2 lists no Gemini API id for it"
_RETIRED_GROQ = "retired or renamed: LiteLLM 1.110.2 lists no Groq id for it"
_RETIRED_MISTRAL = "retired or renamed: LiteLLM 1.110.2 lists no Mistral API id for it"
_NOT_AN_ID = "a price key of genai-prices (a family or a pattern), not an id the API accepts"
_VERTEX_RETIRED = "Claude on Vertex AI, retired or renamed: LiteLLM 1.110.2 lists no Vertex AI id for it"
_NOT_LISTED_BEDROCK = "LiteLLM 1.110.2 lists no Bedrock id of this form for it"
# (provider, pattern the whole catalog model id matches) -> why no API id is known.
NO_API_ID: tuple[tuple[str, str, str], ...] = (
    (
        "anthropic",
        r"claude-(v1|2|3-haiku|3-sonnet|3-opus-latest|3-5-sonnet|3-5-haiku(-latest)?|3-7-sonnet-latest)",
        _RETIRED_ANTHROPIC,
    ),
    ("anthropic", r"claude-(opus-4-0|opus-4-1|sonnet-4-0)", _RETIRED_ANTHROPIC),
    ("anthropic", r"claude-(fable|mythos)-5-2", "LiteLLM 1.110.2 lists no Anthropic API id for it yet"),
    ("google", r"claude-(3-opus|3-7-sonnet|4-opus|4-sonnet|fable-5-2)", _VERTEX_RETIRED),
    (
        "google",
        r"gemini-(1\.0-pro-vision-001|1\.5-flash|1\.5-pro|flash-1\.5(-8b)?|pro(-1\.5)?|3-pro-preview)",
        _RETIRED_GEMINI,
    ),
    ("google", r"gemini-2\.5-(flash-preview|flash-lite-preview-tts)|gemma-2-27b-it|gemma-3n?", _RETIRED_GEMINI),
    ("groq", r".*", _RETIRED_GROQ),  # overridden below for the ids LiteLLM knows (GROQ_SERVED)
    (
        "mistral",
        r"devstral-2512|devstral-small:free|mistral-7b",
        _RETIRED_MISTRAL,
    ),
    (
        "mistral",
        r"mistral-(medium-2312|saba|small-24b-instruct-2501(:free)?|small-3\.[12]-24b-instruct)",
        _RETIRED_MISTRAL,
    ),
    ("mistral", r"mistral-(nemo:free|ocr-250[35])|mixtral-8x(7b|22b-instruct)|pixtral-12b", _RETIRED_MISTRAL),
    (
        "openai",
        r"ada|babbage(-002)?|curie|davinci(-002)?|text-davinci-00[23]|gpt-3\.5-(0301|turbo-0613|turbo-instruct)",
        _RETIRED_OPENAI,
    ),
    (
        "openai",
        r"gpt-4-32k|gpt-4-vision-preview|gpt-4\.5-preview|o1-(mini|preview)|chatgpt-4o-latest|codex-mini",
        _RETIRED_OPENAI,
    ),
    ("openai", r"gpt-4o-realtime-preview", _RETIRED_OPENAI),
    (
        "openai",
        r"gpt-5-image(-mini)?|gpt-5\.4-image-2|gpt-4o:extended|gpt-oss-(120b|20b|safeguard-20b)",
        "not a model OpenAI's API serves (another provider's name for it)",
    ),
    ("openai", r"ft:.*|.*\.ft-|computer-use|moderation", _NOT_AN_ID),
    ("azure", r"o1-preview", "Azure OpenAI has retired it (LiteLLM 1.110.2 lists no Azure id for it)"),
    (
        "azure",
        r"phi-.*|wizardlm-2-8x22b",
        "an Azure AI Foundry model (LiteLLM's azure_ai), not Azure OpenAI: name your deployment",
    ),
    (
        "aws",
        r"regional\..*",
        "genai-prices' `regional.` stands for a Bedrock inference profile's region (us., eu., ...): put yours",
    ),
    ("aws", r"global\.anthropic\.claude-(fable|mythos|opus-4-[5-8]|sonnet-4-6|sonnet-5-v).*", _NOT_LISTED_BEDROCK),
    (
        "aws",
        r"amazon\.nova-sonic-v1:0|nvidia\..*|openai\.gpt-5\.[45]|qwen\.qwen3-vl-235b-a22b-v1:0",
        _NOT_LISTED_BEDROCK,
    ),
)
# Groq models LiteLLM 1.110.2 still lists (Groq retires models often: anything else gets the warning).
GROQ_SERVED = frozenset(
    {
        "meta-llama/llama-prompt-guard-2-22m",
        "meta-llama/llama-prompt-guard-2-86m",
        "openai/gpt-oss-120b",
        "openai/gpt-oss-20b",
        "openai/gpt-oss-safeguard-20b",
        "qwen/qwen3.8-27b",
    }
)


@dataclass(frozen=True)
class LitellmModel:
    """One catalog model as a LiteLLM deployment: `model` for litellm_params, its credentials, and any warning."""

    model: str
    params: dict[str, str] = field(default_factory=dict)
    reason: str = ""  # why `model` differs from the catalog's id (empty when it is the catalog id)
    warning: str = ""  # set when no id the provider's API accepts is known: `model` is then a best guess


def _no_api_id(provider: str, model: str) -> str:
    if provider == "groq" and model in GROQ_SERVED:
        return ""
    for p, pattern, why in NO_API_ID:
        if p == provider and re.fullmatch(pattern, model):
            return why
    return ""


@cache
def _latest_aliases() -> dict[tuple[str, str], str]:
    """(provider, model) -> the `-latest` alias genai-prices' match data lists for it (Mistral's models only)."""
    from genai_prices import data_snapshot

    out = {}
    for provider in data_snapshot.get_snapshot().providers:
        if provider.id != "mistral":
            continue
        for info in provider.models:
            aliases = [a for a in _equals(info.match) if a.endswith("-latest")]
            if aliases and not info.id.endswith("-latest"):
                out[(provider.id, info.id)] = aliases[0]
    return out


def _equals(clause: object) -> list[str]:
    """The exact names a genai-prices match clause lists (`equals`, also inside `or`)."""
    value = getattr(clause, "equals", None)
    if isinstance(value, str):
        return [value]
    return [name for sub in getattr(clause, "or_", None) or () for name in _equals(sub)]


def compute_litellm_model(provider: str, model: str) -> LitellmModel:
    """The LiteLLM deployment for a catalog model: the API's id under LiteLLM's prefix, or a warning when none is known."""
    prefix, params = LITELLM_PROVIDERS.get(provider, (provider, {"api_key": f"os.environ/{provider.upper()}_API_KEY"}))
    if provider not in LITELLM_PROVIDERS:
        return LitellmModel(
            f"{prefix}/{model}",
            dict(params),
            warning=f"Netra does not know LiteLLM's prefix for provider {provider!r}",
        )
    if (provider, model) in REVIEWED:
        model_id, reason = REVIEWED[(provider, model)]
        id_params = VERTEX_AI[1] if model_id.startswith("vertex_ai/") else params
        return LitellmModel(model_id, dict(id_params), reason=reason)
    why = _no_api_id(provider, model)
    if why:
        return LitellmModel(f"{prefix}/{model}", dict(params), warning=why)
    if provider == "google" and model.startswith("claude-"):
        return LitellmModel(
            f"{VERTEX_AI[0]}/{model}", dict(VERTEX_AI[1]), reason="Claude under Google is served by Vertex AI"
        )
    alias = _latest_aliases().get((provider, model))
    if alias is not None:
        return LitellmModel(f"{prefix}/{alias}", dict(params), reason="genai-prices' `-latest` alias: the API's id")
    return LitellmModel(f"{prefix}/{model}", dict(params))
