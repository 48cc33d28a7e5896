r"""Word2vec vectors trained on the Amazon reviews, and the embedding matrix they initialise.

The AMN paper initialises its word embeddings (the memory :math:`m_i`) with word2vec vectors.
No pretrained vectors are available offline, so the chapter *trains* word2vec (skip-gram with
negative sampling, gensim's :class:`gensim.models.Word2Vec`) on the text of all reviews of the
four domains, labels unused, with the same tokenizer as the memory network
(:func:`.vocabulary.tokenize`).

Reproducibility: gensim is deterministic only with one worker thread, a fixed ``seed`` and a
hash function that does not change between interpreter launches (its default, Python's
``hash``, is salted per process for strings); :func:`review_word2vec` sets all three.
The vectors are cached in ``build/cache/`` under a key made of the profile and every setting
that defines them (:func:`word2vec_cache_key`), so a second run of the notebook reads them
instead of training again.
"""
from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from ..data import AMAZON_DOMAINS, load_amazon_reviews
from .vocabulary import Vocabulary, tokenize

__all__ = ["ReviewWordVectors", "word2vec_cache_key", "review_word2vec",
           "amn_embedding_matrix"]


@dataclass
class ReviewWordVectors:
    """Trained word vectors: ``words`` (W,) and ``vectors`` ``(W, d)`` float32, row ``i`` for
    ``words[i]``; ``settings`` are the word2vec settings that made them; ``from_cache`` says
    whether they were read from the cache; ``seconds`` is the training time (0 when cached)."""

    words: list[str]
    vectors: np.ndarray
    settings: dict
    from_cache: bool = False
    seconds: float = 0.0

    def __post_init__(self) -> None:
        if self.vectors.ndim != 2 or len(self.words) != len(self.vectors):
            raise ValueError(f"need one vector row per word, got {len(self.words)} words and "
                             f"vectors of shape {tuple(self.vectors.shape)}")
        self.index = {w: i for i, w in enumerate(self.words)}

    @property
    def dim(self) -> int:
        return int(self.vectors.shape[1])

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: str) -> bool:
        return word in self.index

    def most_similar(self, word: str, k: int = 8) -> list[tuple[str, float]]:
        """The ``k`` words of largest cosine similarity to ``word`` (itself excluded)."""
        if word not in self.index:
            raise KeyError(f"{word!r} is not in the word2vec vocabulary")
        unit = self.vectors / np.maximum(np.linalg.norm(self.vectors, axis=1, keepdims=True), 1e-12)
        sims = unit @ unit[self.index[word]]
        order = [i for i in np.argsort(-sims) if self.words[i] != word][:k]
        return [(self.words[i], float(sims[i])) for i in order]


def _stable_hash(text: str) -> int:
    # gensim seeds each word's initial vector with hashfxn(word + str(seed)); crc32 gives the
    # same value in every process, unlike the salted built-in hash of a str
    return zlib.crc32(text.encode("utf-8"))


def _fit_word2vec(sentences: list[list[str]], *, dim: int, window: int, min_count: int,
                  epochs: int, seed: int, skipgram: bool) -> tuple[list[str], np.ndarray]:
    """gensim's Word2Vec on tokenised ``sentences``: (words, vectors ``(W, dim)`` float32)."""
    from gensim.models import Word2Vec

    model = Word2Vec(sentences, vector_size=dim, window=window, min_count=min_count,
                     sg=int(bool(skipgram)), negative=5, epochs=epochs, seed=seed, workers=1,
                     hashfxn=_stable_hash)
    return list(model.wv.index_to_key), np.asarray(model.wv.vectors, dtype=np.float32)


def word2vec_cache_key(profile: str, *, dim: int, window: int, min_count: int, epochs: int,
                       seed: int, skipgram: bool = False, domains=AMAZON_DOMAINS) -> str:
    """File stem of the cached vectors: the profile plus a digest of every defining setting."""
    spec = {"dim": int(dim), "window": int(window), "min_count": int(min_count),
            "epochs": int(epochs), "seed": int(seed), "domains": list(domains),
            "algorithm": ("skipgram" if skipgram else "cbow") + "-negative5",
            "tokenizer": "amn.vocabulary.tokenize-v1"}
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:12]
    return f"amn_word2vec_{profile}_{digest}"


def review_word2vec(*, dim: int, window: int = 5, min_count: int = 3, epochs: int = 5,
                          seed: int = 0, skipgram: bool = False, profile: str = "quick",
                          cache_dir=None, root=None, domains=AMAZON_DOMAINS) -> ReviewWordVectors:
    """Word2vec (CBOW, or skip-gram with ``skipgram=True``; negative sampling) on the text of every review of ``domains`` (labels unused).

    Args:
        dim: vector size :math:`d` (the memory dimension of the network it initialises).
        window, min_count, epochs: gensim's context window, minimum word count, passes.
        seed: gensim's seed (one worker thread, so the run is deterministic).
        profile: part of the cache key.
        cache_dir: folder of the ``.npz`` cache; ``None`` trains without caching.
    Returns:
        :class:`ReviewWordVectors`.
    """
    import time

    for name, value in (("dim", dim), ("window", window), ("min_count", min_count),
                        ("epochs", epochs)):
        if int(value) < 1:
            raise ValueError(f"{name} must be >= 1, got {value}")
    settings = {"dim": int(dim), "window": int(window), "min_count": int(min_count),
                "epochs": int(epochs), "seed": int(seed), "skipgram": bool(skipgram),
                "domains": list(domains)}
    path = None
    if cache_dir is not None:
        key = word2vec_cache_key(profile, dim=dim, window=window, min_count=min_count,
                                 epochs=epochs, seed=seed, skipgram=skipgram, domains=domains)
        path = Path(cache_dir) / f"{key}.npz"
        if path.exists():
            with np.load(path, allow_pickle=False) as data:
                return ReviewWordVectors(data["words"].tolist(), data["vectors"], settings,
                                         from_cache=True)
    sentences = [tokenize(text) for d in domains for text in load_amazon_reviews(d, root=root)[0]]
    start = time.perf_counter()
    words, vectors = _fit_word2vec(sentences, dim=dim, window=window, min_count=min_count,
                                   epochs=epochs, seed=seed, skipgram=skipgram)
    seconds = time.perf_counter() - start
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, words=np.array(words), vectors=vectors)
        tmp.replace(path)
    return ReviewWordVectors(words, vectors, settings, seconds=seconds)


def amn_embedding_matrix(vocab: Vocabulary, vectors: ReviewWordVectors | None, dim: int, *,
                         seed: int = 0, std: float = 0.1) -> tuple[torch.Tensor, float]:
    """Initial embedding matrix ``(len(vocab), dim)`` for a network over ``vocab``.

    Rows of words word2vec knows are its vectors, rescaled as a whole so that their
    per-coordinate standard deviation is ``std`` (the scale of the random initialisation;
    directions and cosine similarities are unchanged); the other rows (every row when
    ``vectors`` is ``None``) are drawn from :math:`\\mathcal N(0, \\mathrm{std}^2)` with a
    generator seeded by ``seed``. Row 0 (``<pad>``) is zero.

    Returns:
        ``(matrix, coverage)``: the float32 matrix and the fraction of real words (specials
        excluded) that got a word2vec vector.
    """
    if vectors is not None and vectors.dim != dim:
        raise ValueError(f"dim must equal the word vectors' size {vectors.dim}, got {dim}")
    if std <= 0:
        raise ValueError(f"std must be > 0, got {std}")
    gen = torch.Generator().manual_seed(int(seed))
    matrix = torch.randn(len(vocab), dim, generator=gen) * std
    hits = 0
    if vectors is not None:
        rows = [(i, vectors.index[w]) for i, w in enumerate(vocab.itos)
                if i > vocab.unk_index and w in vectors.index]
        if rows:
            mine, theirs = zip(*rows)
            known = torch.from_numpy(vectors.vectors[list(theirs)])
            matrix[list(mine)] = known * (std / float(vectors.vectors.std()))
        hits = len(rows)
    matrix[vocab.pad_index] = 0.0
    return matrix, hits / max(len(vocab) - 2, 1)
