"""Prompt features that work offline: TF-IDF word and character n-grams, task type, length; a dense projection of
the TF-IDF block; and, when an encoder is given, sentence embeddings (netra_core/routing/encoders.py).

The encoder is referenced by name and rebuilt on first use after loading, so an artifact never pickles a model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

if TYPE_CHECKING:
    from netra_core.routing.encoders import SentenceEncoder


@dataclass
class FeatureSet:
    """Features of a batch of prompts: a sparse TF-IDF block and a dense low-rank projection of it."""

    sparse: sp.csr_matrix
    dense: np.ndarray
    embedding: np.ndarray | None = None  # (n, dim) unit rows from the sentence encoder, when the router has one
    structure: np.ndarray | None = None  # (n, len(STRUCTURE)) benchmark-independent prompt statistics

    def rows(self, rows: np.ndarray) -> FeatureSet:
        """The same features for some prompts."""
        return FeatureSet(
            sparse=self.sparse[rows],
            dense=self.dense[rows],
            embedding=None if self.embedding is None else self.embedding[rows],
            structure=None if self.structure is None else self.structure[rows],
        )


# Prompt statistics that mean the same on any benchmark (issue 17: features that might transfer where TF-IDF's
# vocabulary does not): each on a 0-1-ish scale. Learners read them only when asked (`structure=True`).
STRUCTURE = (
    "log words",
    "log numbers",
    "share of numeric tokens",
    "log sentences",
    "log question marks",
    "asks for a computation or derivation",
    "multiple-choice options",
    "mean word rarity (idf)",
    "share of out-of-vocabulary words",
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")
_COMPUTE = re.compile(
    r"\b(?:how (?:many|much|long|far|old)|calculate|compute|solve|derive|prove|find the|what is the (?:total|sum|"
    r"value|number|probability|average|area|cost)|total|percent|average|per|each|times|twice|half)\b|[%$=+*/^]",
    re.IGNORECASE,
)
_OPTION = re.compile(r"^\s*\(?[A-Ea-e][.)]\s", re.MULTILINE)


def compute_structure(prompts: list[str], idf: dict[str, float] | None = None, max_idf: float = 1.0) -> np.ndarray:
    """STRUCTURE for each prompt; word rarity from the training vocabulary's idf (0 when there is none)."""
    out = np.zeros((len(prompts), len(STRUCTURE)), dtype=np.float32)
    for i, prompt in enumerate(prompts):
        words = _WORD.findall(prompt.lower())
        numbers = len(_NUMBER.findall(prompt))
        known = [idf[w] for w in words if idf is not None and w in idf]
        out[i] = (
            np.log1p(len(words)) / 6.0,
            np.log1p(numbers) / 3.0,
            numbers / max(len(words), 1),
            np.log1p(len(_SENTENCE_END.findall(prompt))) / 3.0,
            np.log1p(prompt.count("?")) / 2.0,
            min(len(_COMPUTE.findall(prompt)), 5) / 5.0,
            float(len(_OPTION.findall(prompt)) >= 2),
            float(np.mean(known)) / max_idf if known else 0.0,
            1.0 - len(known) / len(words) if words and idf is not None else 0.0,
        )
    return out


@dataclass
class TextFeaturizer:
    """Fitted on training prompts only; the same object featurises prompts at routing time."""

    max_word_features: int = 30000
    max_char_features: int = 30000
    dense_dim: int = 96
    # Featurisation time grows with prompt length (about 1 ms per 1,000 characters): long prompts are read as
    # their head and tail, which keeps routing one prompt well under 5 ms and keeps the question of a long
    # passage (usually at the end) and its topic (usually at the start).
    max_chars: int = 1200
    seed: int = 0
    encoder_name: str | None = None
    encoder: SentenceEncoder | None = field(default=None, repr=False)  # not pickled; made from encoder_name
    word: TfidfVectorizer | None = None
    char: TfidfVectorizer | None = None
    svd: TruncatedSVD | None = None
    task_types: list[str] = field(default_factory=list)
    _analyzers: dict[str, tuple[Any, dict[str, int], np.ndarray]] = field(default_factory=dict, repr=False)
    _projection: np.ndarray | None = field(default=None, repr=False)
    _unigram_idf: tuple[dict[str, float], float] | None = field(default=None, repr=False)
    # Whether transform computes the prompt statistics (STRUCTURE); the router turns it off when its learner does
    # not read them, so routing does not pay for them. Artifacts saved before it existed read as False.
    use_structure: bool = True

    def fit(self, prompts: list[str], task_types: list[str] | None = None) -> TextFeaturizer:
        """Learn vocabularies, task types and the dense projection from training prompts."""
        min_df = 2 if len(prompts) >= 50 else 1
        self.word = TfidfVectorizer(
            ngram_range=(1, 2), min_df=min_df, max_features=self.max_word_features, sublinear_tf=True, dtype=np.float32
        )
        self.char = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 5),
            min_df=min_df,
            max_features=self.max_char_features,
            sublinear_tf=True,
            dtype=np.float32,
        )
        prompts = [self._clip(p) for p in prompts]
        self.word.fit(prompts)
        self.char.fit(prompts)
        for vec in (self.word, self.char):
            vec.stop_words_ = None  # every pruned term, only for introspection: megabytes in the artifact
        self.task_types = sorted(set(task_types)) if task_types else []
        self._analyzers = {}
        self._projection = None
        self._unigram_idf = None
        self.use_structure = True
        text = self._text_block(prompts)
        dim = max(1, min(self.dense_dim, text.shape[1] - 1, len(prompts) - 1))
        self.svd = TruncatedSVD(n_components=dim, random_state=self.seed, algorithm="randomized", n_iter=4)
        self.svd.fit(text)
        # float32 halves the artifact (the projection is used in float32 anyway).
        self.svd.components_ = self.svd.components_.astype(np.float32)
        return self

    def _clip(self, prompt: str) -> str:
        if len(prompt) <= self.max_chars:
            return prompt
        half = self.max_chars // 2
        return prompt[:half] + " \n " + prompt[-half:]

    def _text_block(self, prompts: list[str]) -> sp.csr_matrix:
        assert self.word is not None and self.char is not None
        prompts = [self._clip(p) for p in prompts]
        blocks = [self._tfidf("word", self.word, prompts), self._tfidf("char", self.char, prompts)]
        return normalize(sp.hstack(blocks, format="csr"))

    def _tfidf(self, key: str, vec: TfidfVectorizer, prompts: list[str]) -> sp.csr_matrix:
        # The vectoriser's own arithmetic (sublinear tf x idf, L2 rows) without its per-call validation,
        # which cost several milliseconds on a single prompt: routing one prompt must stay well under 5 ms.
        if key not in self._analyzers:
            self._analyzers[key] = (vec.build_analyzer(), vec.vocabulary_, vec.idf_.astype(np.float32))
        analyze, vocabulary, idf = self._analyzers[key]
        indices: list[int] = []
        counts: list[int] = []
        indptr = [0]
        for prompt in prompts:
            row: dict[int, int] = {}
            for token in analyze(prompt):
                j = vocabulary.get(token)
                if j is not None:
                    row[j] = row.get(j, 0) + 1
            indices.extend(row)
            counts.extend(row.values())
            indptr.append(len(indices))
        cols = np.asarray(indices, dtype=np.int32)
        data = (1.0 + np.log(np.asarray(counts, dtype=np.float32))) * idf[cols]
        matrix = sp.csr_matrix((data, cols, np.asarray(indptr, dtype=np.int32)), shape=(len(prompts), len(idf)))
        matrix.sort_indices()
        return normalize(matrix)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_analyzers"] = {}  # rebuilt on first use; analysers are closures
        state["_projection"] = None
        state["_unigram_idf"] = None
        state["encoder"] = None
        return state

    def _embed(self, prompts: list[str]) -> np.ndarray | None:
        if self.encoder_name is None:
            return None
        if self.encoder is None:
            from netra_core.routing.encoders import make_encoder

            self.encoder = make_encoder(self.encoder_name)
        return self.encoder.encode(prompts)

    def _side_block(self, prompts: list[str], task_types: list[str] | None) -> np.ndarray:
        lengths = np.array([len(p) for p in prompts], dtype=np.float32)
        lines = np.array([p.count("\n") + 1 for p in prompts], dtype=np.float32)
        digits = np.array([sum(ch.isdigit() for ch in p) for p in prompts], dtype=np.float32)
        side = [np.log1p(lengths) / 8.0, np.log1p(lines) / 4.0, np.log1p(digits) / 4.0]
        onehot = np.zeros((len(prompts), len(self.task_types)), dtype=np.float32)
        if task_types is not None and self.task_types:
            index = {t: i for i, t in enumerate(self.task_types)}
            for row, task in enumerate(task_types):
                col = index.get(task)
                if col is not None:
                    onehot[row, col] = 1.0
        return np.hstack([np.column_stack(side), onehot])

    def _structure(self, prompts: list[str]) -> np.ndarray | None:
        if not getattr(self, "use_structure", False):
            return None
        if getattr(self, "_unigram_idf", None) is None:
            assert self.word is not None
            idf = {t: float(self.word.idf_[j]) for t, j in self.word.vocabulary_.items() if " " not in t}
            self._unigram_idf = (idf, max(idf.values(), default=1.0))
        assert self._unigram_idf is not None
        return compute_structure(prompts, *self._unigram_idf)

    def transform(self, prompts: list[str], task_types: list[str] | None = None) -> FeatureSet:
        """Features of prompts (unknown task types get no task feature)."""
        assert self.word is not None, "fit the featurizer first"
        text = self._text_block(prompts)
        side = self._side_block(prompts, task_types)
        embedding = self._embed(prompts)
        structure = self._structure(prompts)
        if self.svd is None:  # dropped: the router's learner reads only the sparse block
            sparse = sp.hstack([text, sp.csr_matrix(side)], format="csr")
            return FeatureSet(sparse=sparse, dense=side, embedding=embedding, structure=structure)
        if self._projection is None:
            # Contiguous once: TruncatedSVD.transform copies its transposed components on every call.
            self._projection = np.ascontiguousarray(self.svd.components_.T, dtype=np.float32)
        dense = np.hstack([np.asarray(text @ self._projection, dtype=np.float32), side])
        sparse = sp.hstack([text, sp.csr_matrix(side)], format="csr")
        return FeatureSet(sparse=sparse, dense=dense, embedding=embedding, structure=structure)

    def drop_dense(self) -> None:
        """Forget the dense projection (most of the artifact's size) when no learner needs it."""
        self.svd = None
        self._projection = None

    def describe(self) -> dict[str, object]:
        """What the features are, for the artifact's metadata."""
        return {
            "text": "tf-idf word 1-2-grams + char_wb 3-5-grams (sublinear tf, L2-normalised)",
            "max_chars": self.max_chars,
            "word_vocabulary": len(self.word.vocabulary_) if self.word is not None else 0,
            "char_vocabulary": len(self.char.vocabulary_) if self.char is not None else 0,
            "dense_dim": int(self.svd.n_components) if self.svd is not None else 0,
            "side": ["log length", "log lines", "log digits"],
            "structure": list(STRUCTURE) if getattr(self, "use_structure", False) else [],
            "task_types": list(self.task_types),
            "embeddings": self.encoder_name,
        }
