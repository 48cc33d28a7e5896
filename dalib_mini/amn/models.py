r"""The adversarial memory network (AMN, Li et al., IJCAI 2017, Sec. 3).

One encoder (word embeddings -> multi-hop word attention, :mod:`.attention`) feeds two heads:

* the sentiment classifier :math:`\hat y = \mathrm{softmax}(W_c v + b_c)` (eq. 4), trained with
  cross-entropy on labelled source reviews (eq. 5);
* the domain classifier, trained with cross-entropy on source *and* target reviews (eq. 7),
  placed behind the gradient reversal layer :class:`dalib_mini.GradientReversal`, so the
  encoder *ascends* the domain loss while the classifier descends it (eq. 8).

In the paper the sentiment and domain memory networks share their parameters, so they are one
encoder here. Word embeddings are learned from scratch in this course (no pretrained vectors
offline); the paper initialised them with word2vec.
"""
from __future__ import annotations

import torch
from torch import nn

from ..gradient_reversal import GradientReversal
from ..validation import check_token_ids
from .attention import MemoryAttention

__all__ = ["AdversarialMemoryNetwork"]


class AdversarialMemoryNetwork(nn.Module):
    """AMN: ``forward(ids (N, L), mask (N, L))`` -> dict of

    ``representation`` ``(N, d)``, ``sentiment_logits`` ``(N, n_classes)``,
    ``domain_logits`` ``(N, 2)`` (through the GRL), ``attention`` ``(N, hops, L)``.

    ``grl.coeff`` is the :math:`\\lambda` of the reversal; training updates it per step.
    """

    def __init__(self, vocab_size: int, embed_dim: int = 100, hops: int = 1, n_classes: int = 2,
                 domain_hidden: int = 64, dropout: float = 0.5, padding_idx: int = 0) -> None:
        super().__init__()
        if vocab_size < 2:
            raise ValueError(f"vocab_size must be >= 2 (pad and unk), got {vocab_size}")
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=padding_idx)
        nn.init.normal_(self.embedding.weight, std=0.1)
        with torch.no_grad():
            self.embedding.weight[padding_idx].zero_()
        self.dropout = nn.Dropout(dropout)
        self.attention = MemoryAttention(embed_dim, hops)
        self.sentiment_head = nn.Linear(embed_dim, n_classes)
        self.grl = GradientReversal(1.0)
        self.domain_head = nn.Sequential(nn.Linear(embed_dim, domain_hidden), nn.ReLU(),
                                         nn.Linear(domain_hidden, 2))

    def encode(self, ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Representation ``v`` ``(N, d)`` and attention ``(N, hops, L)``."""
        if ids.dim() != 2 or ids.shape != mask.shape:
            raise ValueError(f"ids and mask must both be (N, L), got {tuple(ids.shape)} "
                             f"and {tuple(mask.shape)}")
        check_token_ids(ids, self.embedding.num_embeddings, "ids")
        return self.attention(self.embedding(ids), mask)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> dict[str, torch.Tensor]:
        v, weights = self.encode(ids, mask)
        # dropout on v only: (N, d) instead of the (N, L, d) memory, much cheaper on a CPU
        return {"representation": v, "attention": weights,
                "sentiment_logits": self.sentiment_head(self.dropout(v)),
                "domain_logits": self.domain_head(self.grl(v))}
