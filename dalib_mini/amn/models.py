r"""The adversarial memory network (AMN, Li et al., IJCAI 2017, Sec. 3) and the DANN-on-text
baseline it is compared with.

The paper builds two memory networks: MN-sen reads labelled source reviews and feeds the
sentiment classifier, MN-dom reads source *and* target reviews and feeds the domain classifier
through a gradient reversal layer. The two are *parameter-shared*: the same word embeddings
(the memory) and the same word attention. Two networks with all parameters tied are one
network used twice, so :class:`AdversarialMemoryNetwork` holds the shared memory network once
(``embedding`` + ``attention``) and two heads:

* ``sentiment_head``: :math:`\hat y = \mathrm{softmax}(W_c v + b_c)`, cross-entropy on the
  labelled source reviews;
* ``domain_head``: a domain classifier behind :class:`dalib_mini.GradientReversal`, trained with
  :func:`dalib_mini.domain_classification_loss` on source and target reviews, so the shared
  memory network *ascends* the domain loss while the classifier descends it.

:class:`DANNTextNetwork` is DANN (Ganin et al., JMLR 2016, Sec. 5.1: a shallow network on
review features) on the same inputs: the review is the *average* of its word embeddings (word
attention replaced by uniform weights :math:`a_i = 1/n`), then one hidden layer, then the same
two heads. It isolates what the memory network's attention adds over plain domain-adversarial
training.
"""
from __future__ import annotations

import torch
from torch import nn

from ..gradient_reversal import GradientReversal
from ..validation import check_token_ids
from .attention import MemoryAttention

__all__ = ["AdversarialMemoryNetwork", "DANNTextNetwork"]


def _embedding(vocab_size: int, embed_dim: int, padding_idx: int, embeddings) -> nn.Embedding:
    if vocab_size < 2:
        raise ValueError(f"vocab_size must be >= 2 (pad and unk), got {vocab_size}")
    layer = nn.Embedding(vocab_size, embed_dim, padding_idx=padding_idx)
    with torch.no_grad():
        if embeddings is None:
            nn.init.normal_(layer.weight, std=0.1)
        else:
            embeddings = torch.as_tensor(embeddings, dtype=layer.weight.dtype)
            if embeddings.shape != layer.weight.shape:
                raise ValueError(f"embeddings must have shape (vocab_size, embed_dim) = "
                                 f"{tuple(layer.weight.shape)}, got {tuple(embeddings.shape)}")
            layer.weight.copy_(embeddings)
        layer.weight[padding_idx].zero_()
    return layer


def _domain_classifier(dim: int, hidden: int) -> nn.Module:
    """``(N, dim)`` -> ``(N,)`` logit of "this review is from the target domain"."""
    if hidden < 0:
        raise ValueError(f"domain_hidden must be >= 0 (0: a linear classifier), got {hidden}")
    layers = ([nn.Linear(dim, hidden), nn.ReLU(), nn.Linear(hidden, 1)] if hidden
              else [nn.Linear(dim, 1)])
    return nn.Sequential(*layers, nn.Flatten(0))


def _check_inputs(ids: torch.Tensor, mask: torch.Tensor, vocab_size: int) -> None:
    if ids.dim() != 2 or ids.shape != mask.shape:
        raise ValueError(f"ids and mask must both be (N, L), got {tuple(ids.shape)} "
                         f"and {tuple(mask.shape)}")
    if mask.dtype != torch.bool:
        raise ValueError(f"mask must be bool, got {mask.dtype}")
    check_token_ids(ids, vocab_size, "ids")


class AdversarialMemoryNetwork(nn.Module):
    """AMN: ``forward(ids (N, L), mask (N, L))`` -> dict of

    ``representation`` ``(N, d)``, ``sentiment_logits`` ``(N, n_classes)``,
    ``domain_logits`` ``(N,)`` (through the GRL), ``attention`` ``(N, hops, L)``.

    ``embeddings``: optional initial embedding matrix ``(vocab_size, embed_dim)`` (the
    word2vec vectors of :func:`dalib_mini.amn.word_vectors.amn_embedding_matrix`); without it
    the embeddings start from :math:`\\mathcal N(0, 0.1^2)`. ``grl.coeff`` is the reversal's
    :math:`\\lambda`; training updates it per step.
    """

    def __init__(self, vocab_size: int, embed_dim: int = 100, hops: int = 1, n_classes: int = 2,
                 domain_hidden: int = 64, dropout: float = 0.5, padding_idx: int = 0,
                 embeddings: torch.Tensor | None = None) -> None:
        super().__init__()
        self.embedding = _embedding(vocab_size, embed_dim, padding_idx, embeddings)
        self.dropout = nn.Dropout(dropout)
        self.attention = MemoryAttention(embed_dim, hops)
        self.sentiment_head = nn.Linear(embed_dim, n_classes)
        self.grl = GradientReversal(1.0)
        self.domain_head = _domain_classifier(embed_dim, domain_hidden)

    def encode(self, ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The shared memory network (MN-sen = MN-dom): ``v`` ``(N, d)``, attention ``(N, hops, L)``.

        Equal to ``self.attention(self.embedding(ids), mask)``; computed per distinct word of
        the batch (:meth:`.attention.MemoryAttention.forward_distinct`), which is faster.
        """
        _check_inputs(ids, mask, self.embedding.num_embeddings)
        words, inverse = torch.unique(ids, return_inverse=True)
        return self.attention.forward_distinct(self.embedding(words), inverse, mask)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> dict[str, torch.Tensor]:
        v, weights = self.encode(ids, mask)
        # dropout on v only: (N, d) instead of the (N, L, d) memory, much cheaper on a CPU
        return {"representation": v, "attention": weights,
                "sentiment_logits": self.sentiment_head(self.dropout(v)),
                "domain_logits": self.domain_head(self.grl(v))}


class DANNTextNetwork(nn.Module):
    """DANN on averaged word embeddings: ``forward(ids (N, L), mask (N, L))`` -> dict of

    ``representation`` ``(N, hidden)`` (the feature extractor's output :math:`G_f`),
    ``sentiment_logits`` ``(N, n_classes)``, ``domain_logits`` ``(N,)`` (through the GRL) and
    ``attention`` ``(N, 1, L)``: the uniform weights :math:`1/n` of the average, 0 on padding.
    """

    def __init__(self, vocab_size: int, embed_dim: int = 100, hidden: int = 64,
                 n_classes: int = 2, domain_hidden: int = 64, dropout: float = 0.5,
                 padding_idx: int = 0, embeddings: torch.Tensor | None = None) -> None:
        super().__init__()
        if hidden < 1:
            raise ValueError(f"hidden must be >= 1, got {hidden}")
        self.embedding = _embedding(vocab_size, embed_dim, padding_idx, embeddings)
        self.features = nn.Sequential(nn.Linear(embed_dim, hidden), nn.ReLU())
        self.dropout = nn.Dropout(dropout)
        self.sentiment_head = nn.Linear(hidden, n_classes)
        self.grl = GradientReversal(1.0)
        self.domain_head = _domain_classifier(hidden, domain_hidden)

    def encode(self, ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Features ``(N, hidden)`` of the mean embedding, and the uniform weights ``(N, 1, L)``."""
        _check_inputs(ids, mask, self.embedding.num_embeddings)
        weights = mask.float() / mask.sum(dim=1, keepdim=True).clamp_min(1)
        mean = torch.einsum("nl,nld->nd", weights, self.embedding(ids))
        return self.features(mean), weights.unsqueeze(1)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> dict[str, torch.Tensor]:
        h, weights = self.encode(ids, mask)
        return {"representation": h, "attention": weights,
                "sentiment_logits": self.sentiment_head(self.dropout(h)),
                "domain_logits": self.domain_head(self.grl(h))}
