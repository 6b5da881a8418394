"""Model names of the built-in catalog (what the planner matches loose names against before a sync)."""

from __future__ import annotations

from netra_core.catalog.builtin import BUILTIN_MODELS

BUILTIN_MODEL_NAMES: list[str] = sorted({m.model for m in BUILTIN_MODELS})
