"""Where the gateway sends calls: one OpenAI-compatible base URL and key per provider, from settings only.

Chat completions and embeddings go to `<base_url>/chat/completions` and `/embeddings` with a Bearer
key; Anthropic's `/v1` serves the OpenAI-compatible API too, so a policy may route a chat request to
a Claude model. `/v1/messages` goes to the anthropic upstream's `<base_url>/messages` with x-api-key.
"""

from __future__ import annotations

from dataclasses import dataclass

from netra_core.config import GatewayUpstream, Settings

DEFAULT_BASE_URLS = {"openai": "https://api.openai.com/v1", "anthropic": "https://api.anthropic.com/v1"}
# When the price book does not know who sells a model, its name usually says.
_NAME_HINTS = (
    ("claude", "anthropic"),
    ("gpt-", "openai"),
    ("o1", "openai"),
    ("o3", "openai"),
    ("o4", "openai"),
    ("text-embedding", "openai"),
    ("gemini", "google"),
    ("mistral", "mistral"),
)


@dataclass(frozen=True)
class Upstreams:
    """The configured providers; `for_provider` picks the one to call for a model's provider."""

    by_provider: dict[str, GatewayUpstream]

    def for_provider(self, provider: str) -> tuple[str, GatewayUpstream] | None:
        """(provider, upstream) for a call: the provider's own, else the only one configured, else None."""
        found = self.by_provider.get(provider)
        if found is not None:
            return provider, found
        if len(self.by_provider) == 1:
            return next(iter(self.by_provider.items()))
        return None

    def describe(self) -> str:
        """Providers and hosts, for the startup log (never the keys)."""
        return ", ".join(f"{name}={u.base_url}" for name, u in sorted(self.by_provider.items()))


def make_upstreams(settings: Settings) -> Upstreams:
    """The upstreams settings configure: NETRA_GATEWAY_UPSTREAMS, then the per-provider URLs and keys."""
    found = dict(settings.gateway_upstreams)
    per_provider = {
        "openai": (settings.upstream_openai_base_url, settings.openai_api_key),
        "anthropic": (settings.upstream_anthropic_base_url, settings.anthropic_api_key),
    }
    for provider, (base_url, key) in per_provider.items():
        if provider in found:
            if found[provider].api_key is None and key is not None:
                found[provider] = GatewayUpstream(base_url=found[provider].base_url, api_key=key)
            continue
        if base_url or key is not None:
            found[provider] = GatewayUpstream(base_url=base_url or DEFAULT_BASE_URLS[provider], api_key=key)
    return Upstreams(found)


def guess_provider(model: str) -> str:
    """The provider a model name suggests ("" when it says nothing)."""
    name = model.lower().rsplit("/", 1)[-1]
    return next((provider for hint, provider in _NAME_HINTS if name.startswith(hint)), "")
