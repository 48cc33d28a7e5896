"""The AutoRec network (Sedhain et al. 2015, Eq. (1)):

    h(r; theta) = f( W . g(V r + mu) + b ),   V: (k, d), W: (d, k), mu: (k,), b: (d,)

``d`` is the length of one input vector: the number of users for I-AutoRec (one vector per
item) and the number of items for U-AutoRec (one vector per user). The prediction for user u
and item i is h(r^(i))_u (Eq. (3)); unobserved inputs enter as 0.
"""
from __future__ import annotations

import torch
from torch import nn

from ..validation import check_module_dtype, check_shape
from .baselines import BiasedMF
from .ratings import RATING_SCALE, RatingSplit

__all__ = ["AutoRec", "ACTIVATIONS", "AUTOREC_MODELS", "build_rating_model"]

ACTIVATIONS = ("identity", "sigmoid")
AUTOREC_MODELS = ("I-AutoRec", "U-AutoRec", "BiasedMF")


class AutoRec(nn.Module):
    """One-hidden-layer autoencoder over partially observed rating vectors.

    Args:
        n_inputs: d, the length of a rating vector.
        hidden: k, the number of hidden units (the paper uses 500).
        hidden_activation: g, ``"sigmoid"`` (paper's best) or ``"identity"``.
        output_activation: f, ``"identity"`` (paper's best) or ``"sigmoid"``; a sigmoid output
            is rescaled to the rating scale [1, 5] so that it can reach every rating.

    ``forward`` takes ``(N, d)`` ratings, dense or sparse COO, and returns ``(N, d)``.
    """

    def __init__(self, n_inputs: int, hidden: int = 500, hidden_activation: str = "sigmoid",
                 output_activation: str = "identity"):
        super().__init__()
        for name, value in (("hidden_activation", hidden_activation),
                            ("output_activation", output_activation)):
            if value not in ACTIVATIONS:
                raise ValueError(f"{name} must be one of {ACTIVATIONS}, got {value!r}")
        if n_inputs < 1 or hidden < 1:
            raise ValueError(f"n_inputs and hidden must be >= 1, got {n_inputs}, {hidden}")
        self.encoder = nn.Linear(n_inputs, hidden)   # V and mu
        self.decoder = nn.Linear(hidden, n_inputs)   # W and b
        self.hidden_activation = hidden_activation
        self.output_activation = output_activation

    def encode(self, ratings: torch.Tensor) -> torch.Tensor:
        """g(V r + mu): ``(N, d)`` -> ``(N, k)``, the learned embedding of each row."""
        check_module_dtype(ratings, self, "ratings")
        check_shape(ratings, "ratings", ("N", self.encoder.in_features))
        if ratings.is_sparse:  # only the observed entries cost anything
            z = torch.sparse.mm(ratings, self.encoder.weight.T) + self.encoder.bias
        else:
            z = self.encoder(ratings)
        return torch.sigmoid(z) if self.hidden_activation == "sigmoid" else z

    def forward(self, ratings: torch.Tensor) -> torch.Tensor:
        """h(r; theta) of Eq. (1), ``(N, d)``."""
        z = self.decoder(self.encode(ratings))
        if self.output_activation == "sigmoid":
            low, high = RATING_SCALE
            return low + (high - low) * torch.sigmoid(z)
        return z

    def regularized_weights(self) -> list[torch.Tensor]:
        """[V, W]: the weights the (lambda/2)-penalty of Eq. (2) acts on."""
        return [self.encoder.weight, self.decoder.weight]


def build_rating_model(name: str, split: RatingSplit, cfg) -> tuple[nn.Module, bool]:
    """A fresh model of :data:`AUTOREC_MODELS` sized for ``split`` and its orientation:
    ``(model, item_based)``. AutoRec takes ``cfg.hidden`` and the activations of ``cfg``,
    BiasedMF ``cfg.mf_rank`` and the split's mean training rating."""
    if name == "I-AutoRec":
        return AutoRec(split.n_users, cfg.hidden, hidden_activation=cfg.hidden_activation,
                       output_activation=cfg.output_activation), True
    if name == "U-AutoRec":
        return AutoRec(split.n_items, cfg.hidden, hidden_activation=cfg.hidden_activation,
                       output_activation=cfg.output_activation), False
    if name == "BiasedMF":
        return BiasedMF(split.n_items, split.n_users, cfg.mf_rank, split.train.rating.mean()), True
    raise ValueError(f"name must be one of {AUTOREC_MODELS}, got {name!r}")
