"""Write tests/data/litellm_model_ids.txt: the model ids LiteLLM knows for the providers Netra's export writes (#18).

Run with the python of a venv that has LiteLLM (Netra's own package never imports it):
    LITELLM_LOCAL_MODEL_COST_MAP=True <litellm venv>/bin/python scripts/litellm_model_ids.py
"""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import litellm  # type: ignore[import-not-found, unused-ignore]

# LiteLLM's litellm_provider -> the prefix its `provider/model` ids take (vertex_ai-* all take vertex_ai).
PREFIXES = {
    "openai": "openai",
    "anthropic": "anthropic",
    "gemini": "gemini",
    "mistral": "mistral",
    "groq": "groq",
    "azure": "azure",
    "bedrock": "bedrock",
    "bedrock_converse": "bedrock",
}
OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "litellm_model_ids.txt"


def main() -> None:
    ids = set()
    for key, info in litellm.model_cost.items():
        provider = str(info.get("litellm_provider", ""))
        prefix = "vertex_ai" if provider.startswith("vertex_ai") else PREFIXES.get(provider)
        if prefix is not None:
            ids.add(key if key.startswith(prefix + "/") else f"{prefix}/{key}")
    version = importlib.metadata.version("litellm")
    header = (
        f"# The model ids LiteLLM {version} knows, as `provider/model`, for the providers Netra's LiteLLM export\n"
        "# writes (openai, anthropic, gemini, vertex_ai, mistral, groq, azure, bedrock): the keys of\n"
        "# `litellm.model_cost` (its bundled model map, LITELLM_LOCAL_MODEL_COST_MAP=True) whose `litellm_provider`\n"
        "# is one of these (vertex_ai-* -> vertex_ai, bedrock_converse -> bedrock), prefixed with the provider unless\n"
        "# the key already is. Written by scripts/litellm_model_ids.py; read by tests/test_litellm_ids.py (#18).\n"
    )
    OUT.write_text(header + "".join(f"{i}\n" for i in sorted(ids)))
    print(f"{len(ids)} ids from LiteLLM {version} -> {OUT.name}")


if __name__ == "__main__":
    main()
