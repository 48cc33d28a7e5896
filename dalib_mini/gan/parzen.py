"""The Parzen-window log-likelihood estimate of Goodfellow et al. (2014, Section 5, Table 1),
after Breuleux et al. (2011).

Fit an isotropic Gaussian kernel density to ``n`` generated samples :math:`\\mu_i` and report
the mean log-likelihood of held-out real images:

.. math:: \\log \\hat p(x) = \\log \\frac1n \\sum_i \\mathcal N(x; \\mu_i, \\sigma^2 I)
          = \\operatorname{logsumexp}_i\\Big(-\\frac{\\|x-\\mu_i\\|^2}{2\\sigma^2}\\Big)
            - \\log n - \\frac d2 \\log(2\\pi\\sigma^2).

The bandwidth :math:`\\sigma` is chosen by maximising the same quantity on a validation set
(the paper's protocol). Pixels are in [0, 1], ``d = 784`` for MNIST, logs are natural (nats).
The estimate has high variance and is known to be a poor proxy of the true likelihood in high
dimension (Theis et al., 2016) - the notebook says why its absolute value is not comparable.
"""
from __future__ import annotations

import math
from typing import Sequence

import torch

from ..validation import check_finite_values, check_positive

__all__ = ["parzen_log_likelihood", "select_parzen_bandwidth"]


def _flatten(x: torch.Tensor, name: str) -> torch.Tensor:
    if not isinstance(x, torch.Tensor) or x.ndim < 2 or x.shape[0] == 0:
        raise ValueError(f"{name} must be a non-empty tensor (N, ...) of points, got "
                         f"{tuple(getattr(x, 'shape', ()))}")
    return x.reshape(x.shape[0], -1).double()


def _squared_distances(x: torch.Tensor, mu: torch.Tensor, batch_size: int) -> torch.Tensor:
    """``(N, M)`` squared Euclidean distances, in batches of points (float64)."""
    mu_sq = (mu ** 2).sum(1)
    return torch.cat([((xb ** 2).sum(1, keepdim=True) - 2 * xb @ mu.T + mu_sq).clamp_min(0)
                      for xb in x.split(batch_size)])


def _log_density(sq: torch.Tensor, n: int, d: int, sigma: float) -> torch.Tensor:
    check_positive(sigma, "sigma")
    log_norm = math.log(n) + 0.5 * d * math.log(2 * math.pi * sigma ** 2)
    return torch.logsumexp(-sq / (2 * sigma ** 2), dim=1) - log_norm


def _prepare(points, centers):
    if isinstance(points, torch.Tensor) and isinstance(centers, torch.Tensor) \
            and points.shape[1:] != centers.shape[1:]:
        raise ValueError(f"points and centers must hold points of one shape, got "
                         f"{tuple(points.shape)} and {tuple(centers.shape)} (a single (C, H, W) "
                         "image? add the batch axis with x.unsqueeze(0))")
    x, mu = _flatten(points, "points"), _flatten(centers, "centers")
    check_finite_values(x, "points")
    check_finite_values(mu, "centers")
    if x.shape[1] != mu.shape[1]:
        raise ValueError(f"points and centers must have the same dimension, got {x.shape[1]} and {mu.shape[1]}")
    return x, mu


def parzen_log_likelihood(points: torch.Tensor, centers: torch.Tensor, sigma: float, *,
                          batch_size: int = 1000, reduce: bool = True) -> torch.Tensor:
    """Log-density of ``points`` ``(N, ...)`` under the Gaussian Parzen window on ``centers``
    ``(M, ...)`` with bandwidth ``sigma``: the mean over points (``reduce=True``, a scalar) or
    every point's value ``(N,)``. Computed in float64 on the inputs' device."""
    check_positive(sigma, "sigma")
    x, mu = _prepare(points, centers)
    values = _log_density(_squared_distances(x, mu, batch_size), *mu.shape, sigma)
    return values.mean() if reduce else values


def select_parzen_bandwidth(validation: torch.Tensor, centers: torch.Tensor,
                            sigmas: Sequence[float]) -> tuple[float, dict[float, float]]:
    """The bandwidth of ``sigmas`` with the highest mean log-likelihood on ``validation``.

    Returns ``(best_sigma, {sigma: validation log-likelihood})``. The distances are computed
    once and shared by all bandwidths."""
    if len(sigmas) == 0:
        raise ValueError("sigmas must name at least one bandwidth")
    x, mu = _prepare(validation, centers)
    sq = _squared_distances(x, mu, 1000)
    scores = {float(s): float(_log_density(sq, *mu.shape, float(s)).mean()) for s in sigmas}
    return max(scores, key=scores.get), scores
