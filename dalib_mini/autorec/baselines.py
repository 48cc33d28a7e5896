"""Baselines of the AutoRec chapter: the global mean, the per-item mean, and biased matrix
factorisation (Koren et al. 2009), the paper's strongest classical baseline (Table 1(c)).

BiasedMF has the AutoRec interface (``forward(ratings) -> scores``, ``regularized_weights``)
so :func:`~dalib_mini.autorec.training.train_autorec` trains it with the very same loop.
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

from .ratings import RatingSplit, predict_with_defaults

__all__ = ["BiasedMF", "global_mean_predictions", "item_mean_predictions"]


class BiasedMF(nn.Module):
    """r_ui ~ mean + b_i + b_u + p_i . q_u, as an item-based ``(n_items, n_users)`` score matrix.

    ``forward`` ignores the input ratings (the factors are free parameters, not a function of
    the row); it takes them only to share AutoRec's training loop.
    """

    def __init__(self, n_rows: int, n_cols: int, rank: int = 20, global_mean: float = 3.5):
        super().__init__()
        if rank < 1:
            raise ValueError(f"rank must be >= 1, got {rank}")
        self.row_factors = nn.Parameter(0.01 * torch.randn(n_rows, rank))
        self.col_factors = nn.Parameter(0.01 * torch.randn(n_cols, rank))
        self.row_bias = nn.Parameter(torch.zeros(n_rows, 1))
        self.col_bias = nn.Parameter(torch.zeros(1, n_cols))
        self.register_buffer("global_mean", torch.tensor(float(global_mean)))

    def forward(self, ratings: torch.Tensor | None = None) -> torch.Tensor:
        """Scores ``(n_rows, n_cols)``."""
        return (self.global_mean + self.row_bias + self.col_bias
                + self.row_factors @ self.col_factors.T)

    def regularized_weights(self) -> list[torch.Tensor]:
        return [self.row_factors, self.col_factors, self.row_bias, self.col_bias]


def global_mean_predictions(split: RatingSplit) -> np.ndarray:
    """The mean training rating for every test pair, ``(len(split.test),)``."""
    return np.full(len(split.test), float(split.train.rating.mean()))


def item_mean_predictions(split: RatingSplit) -> np.ndarray:
    """Each item's mean training rating; items without one get the default rating 3."""
    means = split.train.groupby("item").rating.mean()
    scores = torch.zeros(split.n_items, 1, dtype=torch.float64)
    scores[torch.as_tensor(means.index.values - 1), 0] = torch.tensor(means.values, dtype=torch.float64)
    seen_users = np.ones(1, dtype=bool)
    _, seen_items = split.seen()
    return predict_with_defaults(scores, np.ones(len(split.test), dtype=np.int64),
                                 split.test.item.values, seen_users, seen_items)
