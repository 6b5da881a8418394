"""The Netra gateway: an OpenAI-compatible proxy that routes by the org's active policy and records every call."""
