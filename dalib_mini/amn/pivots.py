r"""Which words two domains share, and how much attention a model puts on them.

AMN's argument (Li et al., IJCAI 2017, Sec. 1 and 3) is that the domain adversary moves the
word attention toward *pivots*: words that occur, and carry sentiment, in both domains. To
test it in numbers, :func:`word_domain_kinds` sorts the vocabulary by the log ratio of a word's
document frequencies in the source and the (unlabelled) target reviews,

.. math::  r(w) = \log \frac{\mathrm{df}_s(w) + 1}{\mathrm{df}_t(w) + 1},

into *shared* words (:math:`|r| <` ``shared_below``) and *domain-specific* words
(:math:`|r| >` ``specific_above``), and :func:`attention_share` measures the mean share of a
review's attention :math:`\sum_{i:\,w_i \in S} a_i` that falls on a word set :math:`S`.
"""
from __future__ import annotations

import numpy as np
import torch

from .training import attention_weights, trim_to_longest
from .vocabulary import Vocabulary

__all__ = ["word_domain_kinds", "attention_share"]


def _document_frequency(ids: torch.Tensor, mask: torch.Tensor, vocab_size: int) -> np.ndarray:
    present = torch.zeros(len(ids), vocab_size, dtype=torch.bool)
    present[torch.arange(len(ids))[:, None].expand_as(ids)[mask], ids[mask]] = True
    return present.sum(0).numpy()


def word_domain_kinds(vocab: Vocabulary, source: tuple[torch.Tensor, torch.Tensor],
                      target: tuple[torch.Tensor, torch.Tensor], *, exclude=(),
                      min_reviews: int = 20, shared_below: float = 0.5,
                      specific_above: float = 1.5) -> dict[str, torch.Tensor]:
    """Boolean masks over the vocabulary ``(len(vocab),)``: ``"shared"`` and ``"specific"``.

    ``source`` and ``target`` are ``(ids, mask)`` of training reviews (no labels needed).
    Only words in at least ``min_reviews`` reviews of the two sets together and not in
    ``exclude`` (e.g. scikit-learn's stop words) get a kind; ``<pad>`` and ``<unk>`` never do.
    """
    if not 0 <= shared_below <= specific_above:
        raise ValueError(f"need 0 <= shared_below <= specific_above, got {shared_below}, "
                         f"{specific_above}")
    df_s = _document_frequency(*source, len(vocab))
    df_t = _document_frequency(*target, len(vocab))
    ratio = np.abs(np.log((df_s + 1) / (df_t + 1)))
    eligible = (df_s + df_t >= min_reviews) & np.array(
        [i > vocab.unk_index and w not in set(exclude) for i, w in enumerate(vocab.itos)])
    return {"shared": torch.as_tensor(eligible & (ratio < shared_below)),
            "specific": torch.as_tensor(eligible & (ratio > specific_above))}


@torch.no_grad()
def attention_share(model, ids: torch.Tensor, mask: torch.Tensor, words: torch.Tensor,
                    batch_size: int = 500) -> float:
    """Mean over reviews of the attention weight (last hop) on the words where ``words``
    ``(vocab_size,)`` bool is ``True``: a number in [0, 1]."""
    if words.dtype != torch.bool or words.dim() != 1:
        raise ValueError(f"words must be a 1-D bool mask over the vocabulary, got "
                         f"{words.dtype} of shape {tuple(words.shape)}")
    if len(ids) == 0:
        raise ValueError("ids must hold at least one review")
    total = 0.0
    for start in range(0, len(ids), batch_size):
        i, m = trim_to_longest(ids[start:start + batch_size], mask[start:start + batch_size])
        a = attention_weights(model, i, m)
        total += float((a * words[i]).sum())
    return total / len(ids)
