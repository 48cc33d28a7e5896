"""Cross-domain sentiment tasks from the Amazon reviews (source labelled, target unlabelled).

The mirror holds 3,000 positive + 3,000 negative reviews per domain and no extra unlabelled
reviews, so the target domain is split once (stratified, fixed seed) into an *unlabelled*
adaptation part, whose labels are dropped, and a disjoint held-out test part whose labels are
only used to evaluate. The source domain may keep a labelled *validation* part aside
(``n_source_val``): the only labels a domain-adaptation run may legitimately select a model with.
The vocabulary sees the source training text and unlabelled target text only.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from ..data import AMAZON_DOMAINS, load_amazon_reviews
from .settings import AMNSettings
from .vocabulary import Vocabulary

__all__ = ["ReviewTransferTask", "amazon_transfer_task", "review_transfer_task"]


@dataclass
class ReviewTransferTask:
    """Encoded reviews of one transfer pair. ``*_ids``/``*_mask`` are ``(N, L)``."""

    source: str
    target: str
    vocab: Vocabulary
    source_ids: torch.Tensor
    source_mask: torch.Tensor
    source_labels: torch.Tensor
    val_ids: torch.Tensor             # held-out labelled *source* reviews (model selection)
    val_mask: torch.Tensor
    val_labels: torch.Tensor
    target_ids: torch.Tensor          # unlabelled target reviews (labels dropped)
    target_mask: torch.Tensor
    test_ids: torch.Tensor            # held-out target reviews, for evaluation only
    test_mask: torch.Tensor
    test_labels: torch.Tensor
    test_texts: list[str]

    @property
    def name(self) -> str:
        return f"{self.source}_{self.target}"

    def __repr__(self) -> str:
        return (f"ReviewTransferTask({self.source} -> {self.target}: {len(self.source_ids)} labelled "
                f"source (+{len(self.val_ids)} source validation), {len(self.target_ids)} unlabelled "
                f"target, {len(self.test_ids)} target test, vocab {len(self.vocab)}, "
                f"max_len {self.source_ids.shape[1]})")


def _stratified_split(labels: np.ndarray, n_first: int, n_second: int, rng) -> tuple[np.ndarray, np.ndarray]:
    classes = np.unique(labels)
    first, second = [], []
    for c in classes:
        idx = rng.permutation(np.flatnonzero(labels == c))
        k1, k2 = n_first // len(classes), n_second // len(classes)
        if k1 + k2 > len(idx):
            raise ValueError(f"asked for {n_first} + {n_second} reviews, domain has {len(labels)}")
        first.append(idx[:k1])
        second.append(idx[k1:k1 + k2])
    return rng.permutation(np.concatenate(first)), rng.permutation(np.concatenate(second))


def amazon_transfer_task(source: str, target: str, *, n_source: int, n_source_val: int,
                         n_target_unlabelled: int, n_target_test: int, vocab_size: int,
                         min_count: int, max_len: int, split_seed: int, root=None
                         ) -> ReviewTransferTask:
    """Build a source -> target task (balanced classes in every part).

    The chapter builds its tasks from its settings with :func:`review_transfer_task`.

    Args:
        n_source: labelled source reviews to train on.
        n_source_val: further labelled source reviews held out for validation, disjoint from
            the training ones (``n_source + n_source_val`` at most 6,000).
        n_target_unlabelled / n_target_test: disjoint target parts (sum at most 6,000).
        vocab_size, min_count, max_len: see :class:`Vocabulary`.
        split_seed: seed of the stratified split (its own numpy generator).
    """
    for name, dom in (("source", source), ("target", target)):
        if dom not in AMAZON_DOMAINS:
            raise ValueError(f"{name} must be one of {AMAZON_DOMAINS}, got {dom!r}")
    if source == target:
        raise ValueError("source and target must be different domains")
    if n_source < 2 or n_source_val < 0:
        raise ValueError(f"n_source must be >= 2 and n_source_val >= 0, "
                         f"got {n_source}, {n_source_val}")
    rng = np.random.default_rng(split_seed)
    src_texts, src_labels = load_amazon_reviews(source, root=root)
    tgt_texts, tgt_labels = load_amazon_reviews(target, root=root)
    src_idx, val_idx = _stratified_split(src_labels, n_source, n_source_val, rng)
    unl_idx, test_idx = _stratified_split(tgt_labels, n_target_unlabelled, n_target_test, rng)
    src = [src_texts[i] for i in src_idx]
    unl = [tgt_texts[i] for i in unl_idx]
    test = [tgt_texts[i] for i in test_idx]
    vocab = Vocabulary.build(src + unl, max_size=vocab_size, min_count=min_count)
    s_ids, s_mask = vocab.encode(src, max_len)
    u_ids, u_mask = vocab.encode(unl, max_len)
    t_ids, t_mask = vocab.encode(test, max_len)
    v_ids, v_mask = vocab.encode([src_texts[i] for i in val_idx], max_len)
    return ReviewTransferTask(source, target, vocab, s_ids, s_mask,
                              torch.as_tensor(src_labels[src_idx]), v_ids, v_mask,
                              torch.as_tensor(src_labels[val_idx]), u_ids, u_mask,
                              t_ids, t_mask, torch.as_tensor(tgt_labels[test_idx]), test)


def review_transfer_task(cfg: AMNSettings, source: str, target: str, *, root=None
                         ) -> ReviewTransferTask:
    """The ``source -> target`` task with the data sizes of ``cfg`` (an :class:`AMNSettings`)."""
    return amazon_transfer_task(source, target, n_source=cfg.n_source,
                                n_source_val=cfg.n_source_val,
                                n_target_unlabelled=cfg.n_target_unlabelled,
                                n_target_test=cfg.n_target_test, vocab_size=cfg.vocab_size,
                                min_count=cfg.min_count, max_len=cfg.max_len,
                                split_seed=cfg.split_seed, root=root)
