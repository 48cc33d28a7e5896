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

__all__ = ["AutoRec", "DeepAutoRec", "ACTIVATIONS", "AUTOREC_MODELS", "DEEP_MODEL",
           "build_rating_model"]

ACTIVATIONS = ("identity", "sigmoid")
AUTOREC_MODELS = ("I-AutoRec", "U-AutoRec", "BiasedMF")
DEEP_MODEL = "deep I-AutoRec"  # the paper's closing experiment: three hidden layers


def _check_activations(hidden_activation: str, output_activation: str) -> None:
    for name, value in (("hidden_activation", hidden_activation),
                        ("output_activation", output_activation)):
        if value not in ACTIVATIONS:
            raise ValueError(f"{name} must be one of {ACTIVATIONS}, got {value!r}")


def _first_layer(layer: nn.Linear, ratings: torch.Tensor) -> torch.Tensor:
    """``V r + mu`` for ``(N, d)`` ratings, dense or sparse (then only observed entries cost)."""
    if ratings.is_sparse:
        return torch.sparse.mm(ratings, layer.weight.T) + layer.bias
    return layer(ratings)


def _output(z: torch.Tensor, output_activation: str) -> torch.Tensor:
    """f of Eq. (1); a sigmoid output is rescaled to the rating scale [1, 5]."""
    if output_activation == "sigmoid":
        low, high = RATING_SCALE
        return low + (high - low) * torch.sigmoid(z)
    return z


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
        _check_activations(hidden_activation, output_activation)
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
        z = _first_layer(self.encoder, ratings)
        return torch.sigmoid(z) if self.hidden_activation == "sigmoid" else z

    def forward(self, ratings: torch.Tensor) -> torch.Tensor:
        """h(r; theta) of Eq. (1), ``(N, d)``."""
        return _output(self.decoder(self.encode(ratings)), self.output_activation)

    def regularized_weights(self) -> list[torch.Tensor]:
        """[V, W]: the weights the (lambda/2)-penalty of Eq. (2) acts on."""
        return [self.encoder.weight, self.decoder.weight]


class DeepAutoRec(nn.Module):
    """Eq. (1) with several hidden layers: ``h(r) = f(W_L g(... g(V_1 r + mu_1) ...) + b)``.

    The paper's last experiment stacks three hidden layers of 500, 250 and 500 sigmoid units
    (Section 3, "deep extensions"). Args as :class:`AutoRec`, with ``hidden`` a tuple of sizes;
    every weight matrix is penalised by the (lambda/2)-term of Eq. (2). ``(N, d)`` -> ``(N, d)``.
    """

    def __init__(self, n_inputs: int, hidden: tuple[int, ...] = (500, 250, 500),
                 hidden_activation: str = "sigmoid", output_activation: str = "identity"):
        super().__init__()
        _check_activations(hidden_activation, output_activation)
        hidden = tuple(int(h) for h in hidden)
        if n_inputs < 1 or not hidden or min(hidden) < 1:
            raise ValueError(f"n_inputs and every hidden size must be >= 1, got {n_inputs}, "
                             f"{hidden}")
        sizes = (n_inputs, *hidden, n_inputs)
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))
        self.hidden_activation = hidden_activation
        self.output_activation = output_activation

    def encode(self, ratings: torch.Tensor) -> torch.Tensor:
        """The last hidden layer, ``(N, d)`` -> ``(N, hidden[-1])``."""
        check_module_dtype(ratings, self, "ratings")
        check_shape(ratings, "ratings", ("N", self.layers[0].in_features))
        g = torch.sigmoid if self.hidden_activation == "sigmoid" else (lambda z: z)
        z = g(_first_layer(self.layers[0], ratings))
        for layer in self.layers[1:-1]:
            z = g(layer(z))
        return z

    def forward(self, ratings: torch.Tensor) -> torch.Tensor:
        return _output(self.layers[-1](self.encode(ratings)), self.output_activation)

    def regularized_weights(self) -> list[torch.Tensor]:
        return [layer.weight for layer in self.layers]


def build_rating_model(name: str, split: RatingSplit, cfg) -> tuple[nn.Module, bool]:
    """A fresh model of :data:`AUTOREC_MODELS` (or :data:`DEEP_MODEL`) sized for ``split`` and
    its orientation: ``(model, item_based)``. AutoRec takes ``cfg.hidden`` and the activations
    of ``cfg``, the deep I-AutoRec ``cfg.deep_hidden``, BiasedMF ``cfg.mf_rank`` and the split's
    mean training rating."""
    if name == "I-AutoRec":
        return AutoRec(split.n_users, cfg.hidden, hidden_activation=cfg.hidden_activation,
                       output_activation=cfg.output_activation), True
    if name == "U-AutoRec":
        return AutoRec(split.n_items, cfg.hidden, hidden_activation=cfg.hidden_activation,
                       output_activation=cfg.output_activation), False
    if name == "BiasedMF":
        return BiasedMF(split.n_items, split.n_users, cfg.mf_rank, split.train.rating.mean()), True
    if name == DEEP_MODEL:
        return DeepAutoRec(split.n_users, cfg.deep_hidden, hidden_activation=cfg.hidden_activation,
                           output_activation=cfg.output_activation), True
    raise ValueError(f"name must be one of {(*AUTOREC_MODELS, DEEP_MODEL)}, got {name!r}")
