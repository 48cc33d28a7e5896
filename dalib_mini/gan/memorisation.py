"""Has the generator memorised its training set? The check of the paper's Fig. 2: next to each
sample, its nearest training image (Euclidean distance in pixel space).

A generator that copies training digits puts every sample at distance ~0 from one of them. A
fair yardstick is the same distance for *real* held-out digits, which were never in the training
set: samples that sit about as far from the training set as new real digits do are new digits.
"""
from __future__ import annotations

import torch

from ..validation import check_finite_values, check_floating

__all__ = ["nearest_training_digits"]


@torch.no_grad()
def nearest_training_digits(queries: torch.Tensor, training: torch.Tensor, *,
                            batch_size: int = 500) -> tuple[torch.Tensor, torch.Tensor]:
    """For every query image ``(N, ...)`` the nearest of the ``training`` images ``(M, ...)``
    (same shape, same value range, e.g. [0, 1]). Returns ``(distances (N,), indices (N,))``:
    the Euclidean distance to the nearest training image and its index. Float64 distances
    (``|q|^2 - 2 q.t + |t|^2``, in batches of queries)."""
    for t, name in ((queries, "queries"), (training, "training")):
        check_floating(t, name)
        if t.ndim < 2 or t.shape[0] == 0:
            raise ValueError(f"{name} must be a non-empty batch (N, ...), got {tuple(t.shape)}")
        check_finite_values(t, name)
    if queries.shape[1:] != training.shape[1:]:
        raise ValueError(f"queries and training must hold images of one shape, got "
                         f"{tuple(queries.shape[1:])} and {tuple(training.shape[1:])}")
    q = queries.reshape(len(queries), -1).double()
    t = training.reshape(len(training), -1).double().to(q.device)
    t_sq = (t ** 2).sum(1)
    dist, idx = [], []
    for qb in q.split(batch_size):
        sq = ((qb ** 2).sum(1, keepdim=True) - 2 * qb @ t.T + t_sq).clamp_min(0)
        best = sq.min(1)
        dist.append(best.values.sqrt())
        idx.append(best.indices)
    return torch.cat(dist), torch.cat(idx)
