"""The networks of DeepCC: an autoencoder per view (rows = instances, columns = features) and
an inference network per view mapping a code to cluster-assignment probabilities
(Xu et al., SDM 2019, Section 3)."""
from __future__ import annotations

from typing import Sequence

import torch
from torch import nn

from ..validation import check_module_dtype, check_shape

__all__ = ["Autoencoder", "InferenceNetwork"]


def _mlp(sizes: Sequence[int], last_activation: bool) -> nn.Sequential:
    layers: list[nn.Module] = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(a, b))
        if i < len(sizes) - 2 or last_activation:
            layers.append(nn.Tanh())
    return nn.Sequential(*layers)


class Autoencoder(nn.Module):
    """Fully connected autoencoder ``(B, n_in) -> code (B, n_code) -> (B, n_in)``."""

    def __init__(self, n_in: int, hidden: Sequence[int], n_code: int) -> None:
        super().__init__()
        if n_in < 1 or n_code < 1:
            raise ValueError(f"n_in and n_code must be positive, got {n_in}, {n_code}")
        self.encoder = _mlp([n_in, *hidden, n_code], last_activation=False)
        self.decoder = _mlp([n_code, *reversed(hidden), n_in], last_activation=False)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Return ``(code (B, n_code), reconstruction (B, n_in))``."""
        check_module_dtype(x, self, "x")
        check_shape(x, "x", ("B", self.encoder[0].in_features))
        code = self.encoder(x)
        return code, self.decoder(code)


class InferenceNetwork(nn.Module):
    """``Q(k | h)``: code ``(B, n_code)`` -> assignment probabilities ``(B, n_clusters)``."""

    def __init__(self, n_code: int, n_clusters: int, hidden: int = 32) -> None:
        super().__init__()
        if n_clusters < 2:
            raise ValueError(f"n_clusters must be at least 2, got {n_clusters}")
        self.net = nn.Sequential(nn.Linear(n_code, hidden), nn.Tanh(), nn.Linear(hidden, n_clusters))

    def logits(self, code: torch.Tensor) -> torch.Tensor:
        check_module_dtype(code, self, "code")
        check_shape(code, "code", ("B", self.net[0].in_features))
        return self.net(code)

    def forward(self, code: torch.Tensor) -> torch.Tensor:
        return torch.softmax(self.logits(code), dim=1)
