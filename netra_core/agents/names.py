"""The names the planner matches a message against: the whole catalog's models and the org's own dimension values.

Model names come from every model the org sees (built-in, synced, its custom models), not from a catalog table cut
at some row count. A loose mention ("claude haiku", "4o mini") resolves among the *preferred* names only (the org's
own models, Netra's built-in profiles, the org's custom models), so 2,000 synced names do not make it ambiguous or
pick an odd variant; any other catalog model counts when the message names it exactly ("claude-haiku-4-5").

The org's workloads, task types, providers and models come from the daily roll-up (a few rows per day), never from
raw events. Both are cached per process for CACHE_SECONDS and dropped at once when this process ingests events or
changes the catalog (netra_core.revisions).
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from netra_core.agents.matching import compute_tokens
from netra_core.agents.tools import ToolContext
from netra_core.catalog.builtin import BUILTIN_MODELS
from netra_core.revisions import CATALOG, EVENTS, current_revision

CACHE_SECONDS = 60.0
DIMENSIONS = ("workloads", "models", "providers", "task_types")
# Longest run of words one exact model name may span ("global anthropic claude haiku 4 5 20251001 v1 0").
MAX_NAME_TOKENS = 10


@dataclass(frozen=True)
class KnownNames:
    """The org's dimension values and the catalog's model names, as the planner uses them."""

    dimensions: dict[str, list[str]]
    catalog_models: tuple[str, ...]
    preferred_models: tuple[str, ...]
    is_synced: bool
    fetched_at: float = 0.0
    _exact: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def known(self) -> dict[str, list[str]]:
        """The org's values by dimension (copies)."""
        return {k: list(self.dimensions.get(k, [])) for k in DIMENSIONS}

    def compute_planner_catalog(self, text: str) -> list[str]:
        """Catalog names for one message: the preferred ones, and any other catalog model the message names exactly."""
        out = list(self.preferred_models)
        seen = set(out)
        for name in compute_exact_mentions(text, self._exact):
            if name not in seen:
                seen.add(name)
                out.append(name)
        return out


def _compact(text: str) -> str:
    return "".join(compute_tokens(text))


def _is_distinct_name(model: str) -> bool:
    """Whether a name is safe to find in free text: one plain word ("ada", "command", "sonar") is not."""
    return re.fullmatch(r"[A-Za-z]+", model) is None and len(_compact(model)) >= 4


def compute_exact_index(models: tuple[str, ...], preferred: tuple[str, ...]) -> dict[str, str]:
    """Compact spelling ("claude35haiku") -> the model it names; a preferred model wins a shared spelling."""
    index: dict[str, str] = {}
    for model in (*preferred, *models):
        key = _compact(model)
        if key and key not in index and _is_distinct_name(model):
            index[key] = model
    return index


def compute_exact_mentions(text: str, index: dict[str, str]) -> list[str]:
    """Catalog models whose whole name the text spells (any punctuation), longest first, in text order."""
    tokens = compute_tokens(text)
    found: list[tuple[int, str]] = []
    taken: set[int] = set()
    for width in range(min(MAX_NAME_TOKENS, len(tokens)), 0, -1):
        for i in range(0, len(tokens) - width + 1):
            span = set(range(i, i + width))
            if span & taken:
                continue
            name = index.get("".join(tokens[i : i + width]))
            if name is not None:
                taken |= span
                found.append((i, name))
    return [name for _, name in sorted(found)]


def compute_known_names(
    dimensions: dict[str, list[str]], catalog: list[tuple[str, str, bool]], now: float = 0.0
) -> KnownNames:
    """KnownNames from the org's values and the catalog's (provider, model, is_custom) rows (empty: never synced)."""
    builtin = [m.model for m in BUILTIN_MODELS]
    models = tuple(dict.fromkeys([*(m for _, m, _ in catalog), *builtin]))
    custom = [m for _, m, is_custom in catalog if is_custom]
    preferred = tuple(dict.fromkeys([*dimensions.get("models", []), *builtin, *custom]))
    return KnownNames(
        dimensions={k: sorted(dimensions.get(k, [])) for k in DIMENSIONS},
        catalog_models=models,
        preferred_models=preferred,
        is_synced=bool(catalog),
        fetched_at=now,
        _exact=compute_exact_index(models, preferred),
    )


_lock = threading.Lock()
_cache: dict[tuple[Any, ...], KnownNames] = {}


def _cache_key(ctx: ToolContext) -> tuple[Any, ...]:
    store = ctx.store.url if ctx.store is not None else None
    bind = getattr(ctx.session_factory, "kw", {}).get("bind") if ctx.session_factory is not None else None
    app_db = str(getattr(bind, "url", "")) if bind is not None else None
    return (ctx.auth.org_slug, ctx.auth.org_pk, store, app_db, current_revision(EVENTS), current_revision(CATALOG))


def clear_known_names() -> None:
    """Drop every cached entry (tests; a caller that knows another process changed the data)."""
    with _lock:
        _cache.clear()


def fetch_known_names(ctx: ToolContext, *, max_age_s: float = CACHE_SECONDS) -> tuple[KnownNames, bool]:
    """The org's names (cached per process for `max_age_s`, invalidated by this process's writes) and whether
    they came from the cache."""
    key = _cache_key(ctx)
    now = time.monotonic()
    with _lock:
        hit = _cache.get(key)
    if hit is not None and now - hit.fetched_at < max_age_s:
        return hit, True
    names = compute_known_names(_fetch_dimensions(ctx), _fetch_catalog_names(ctx), now)
    with _lock:
        for stale in [k for k in _cache if k[:4] == key[:4]]:
            del _cache[stale]
        _cache[key] = names
    return names, False


def _fetch_dimensions(ctx: ToolContext) -> dict[str, list[str]]:
    """The org's values from the daily roll-up (no store: none)."""
    from netra_core.analytics.dimensions import fetch_dimension_values

    if ctx.store is None:
        return {k: [] for k in DIMENSIONS}
    with ctx.workload_client() as client:
        return fetch_dimension_values(client, ctx.auth.org_slug)


def _fetch_catalog_names(ctx: ToolContext) -> list[tuple[str, str, bool]]:
    from netra_core.db.catalog import fetch_catalog_model_names

    if ctx.session_factory is None:
        return []
    with ctx.session_factory() as session:
        return fetch_catalog_model_names(session, ctx.auth.org_pk)


# Words a question may name a user or a session by: an identifier with a letter and a digit ("u7", "s317",
# "user-42"), or any word right after "user" / "session" ("user alice"); a possessive "'s" is not part of it.
_ID_WORD = re.compile(r"(?<![\w@.-])([a-z][\w.@-]*\d[\w.@-]*|\d+[a-z][\w.@-]*)(?:'s)?(?![\w@-])", re.IGNORECASE)
_AFTER_USER = re.compile(r"\b(?:user|session)(?:[ _]id)?\s+([\w.@-]+?)(?:'s)?(?![\w@-])", re.IGNORECASE)
MAX_ID_WORDS = 20


def compute_id_words(text: str) -> list[str]:
    """The words of `text` that could be a user or session id (at most MAX_ID_WORDS, in text order)."""
    words = [m.group(1).rstrip(".") for m in (*_ID_WORD.finditer(text), *_AFTER_USER.finditer(text))]
    return list(dict.fromkeys(w for w in words if 2 <= len(w) <= 128))[:MAX_ID_WORDS]


def fetch_named_ids(ctx: ToolContext, text: str) -> dict[str, list[str]]:
    """The org's user and session ids that `text` names ("what did u7 run up", "session s317"), looked up for
    the words that could be one only (no store: none)."""
    from netra_core.analytics.dimensions import fetch_named_ids as fetch_ids

    words = compute_id_words(text)
    if ctx.store is None or not words:
        return {"users": [], "sessions": []}
    with ctx.workload_client() as client:
        return fetch_ids(client, ctx.auth.org_slug, words)
