"""The Parzen-window log-likelihood estimate of Goodfellow et al. (2014, Section 5, Table 1),
after Breuleux et al. (2011), with the protocol of the authors' script (``parzen_ll.py``).

Fit an isotropic Gaussian kernel density to ``M`` generated samples :math:`\\mu_i` and report
the mean log-likelihood of held-out real images:

.. math:: \\log \\hat p(x) = \\log \\frac1M \\sum_i \\mathcal N(x; \\mu_i, \\sigma^2 I)
          = \\operatorname{logsumexp}_i\\Big(-\\frac{\\|x-\\mu_i\\|^2}{2\\sigma^2}\\Big)
            - \\log M - \\frac d2 \\log(2\\pi\\sigma^2).

Protocol (:func:`parzen_estimate`): :math:`\\sigma` maximises the mean log-likelihood of a
validation set over a grid (the authors: ``logspace(-1, 0, 10)``, 1,000 held-out training
digits); the test set is then scored with that :math:`\\sigma` and the standard error is
``std(log p(x)) / sqrt(n_test)``, as Table 1's "± 2". Pixels are in [0, 1], ``d = 784``, logs
are natural (nats). The estimate is a poor proxy of the likelihood in high dimension (Theis
et al., 2016); the notebook shows why with a real-digit reference.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import torch

from ..validation import check_finite_values, check_positive

__all__ = ["parzen_log_likelihood", "select_parzen_bandwidth", "ParzenEstimate", "parzen_estimate"]


def _flatten(x: torch.Tensor, name: str) -> torch.Tensor:
    if not isinstance(x, torch.Tensor) or x.ndim < 2 or x.shape[0] == 0:
        raise ValueError(f"{name} must be a non-empty tensor (N, ...) of points, got "
                         f"{tuple(getattr(x, 'shape', ()))}")
    return x.reshape(x.shape[0], -1).double()


def _log_densities(x: torch.Tensor, mu: torch.Tensor, sigmas: Sequence[float],
                   batch_size: int) -> torch.Tensor:
    """``(len(sigmas), N)`` log-densities of the points ``x`` ``(N, d)`` under the windows on
    ``mu`` ``(M, d)``, one row per bandwidth. Float64; the ``(batch, M)`` squared distances of
    one batch of points are computed once and shared by all bandwidths, so memory stays
    ``batch_size * M`` whatever N is."""
    for s in sigmas:
        check_positive(s, "sigma")
    n_centers, d = mu.shape
    mu_sq = (mu ** 2).sum(1)
    rows = []
    for xb in x.split(batch_size):
        sq = ((xb ** 2).sum(1, keepdim=True) - 2 * xb @ mu.T + mu_sq).clamp_min(0)
        rows.append(torch.stack([
            torch.logsumexp(-sq / (2 * s ** 2), dim=1)
            - (math.log(n_centers) + 0.5 * d * math.log(2 * math.pi * s ** 2)) for s in sigmas]))
    return torch.cat(rows, dim=1)


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
                          batch_size: int = 500, reduce: bool = True) -> torch.Tensor:
    """Log-density of ``points`` ``(N, ...)`` under the Gaussian Parzen window on ``centers``
    ``(M, ...)`` with bandwidth ``sigma``: the mean over points (``reduce=True``, a scalar) or
    every point's value ``(N,)``. Computed in float64 on the inputs' device."""
    check_positive(sigma, "sigma")
    x, mu = _prepare(points, centers)
    values = _log_densities(x, mu, [float(sigma)], batch_size)[0]
    return values.mean() if reduce else values


def select_parzen_bandwidth(validation: torch.Tensor, centers: torch.Tensor,
                            sigmas: Sequence[float]) -> tuple[float, dict[float, float]]:
    """The bandwidth of ``sigmas`` with the highest mean log-likelihood on ``validation``.

    Returns ``(best_sigma, {sigma: validation log-likelihood})``."""
    if len(sigmas) == 0:
        raise ValueError("sigmas must name at least one bandwidth")
    x, mu = _prepare(validation, centers)
    means = _log_densities(x, mu, [float(s) for s in sigmas], 500).mean(1)
    scores = {float(s): float(m) for s, m in zip(sigmas, means)}
    return max(scores, key=scores.get), scores


@dataclass
class ParzenEstimate:
    """The result of :func:`parzen_estimate`: the test log-likelihood ``ll`` (nats, mean over
    the test points), its standard error ``se = std / sqrt(n_test)``, the chosen ``sigma``, the
    validation score of every bandwidth tried, and the sizes (``n_samples`` centers,
    ``n_val`` validation and ``n_test`` test points)."""

    ll: float
    se: float
    sigma: float
    validation_scores: dict[float, float]
    n_samples: int
    n_val: int
    n_test: int


def parzen_estimate(centers: torch.Tensor, validation: torch.Tensor, test: torch.Tensor,
                    sigmas: Sequence[float]) -> ParzenEstimate:
    """The authors' Parzen protocol: choose ``sigma`` of ``sigmas`` on ``validation`` ``(V, ...)``,
    then score ``test`` ``(N, ...)`` under the window on ``centers`` ``(M, ...)`` (all in [0, 1]
    for images). The standard error is the authors' ``ll.std() / sqrt(N)`` (numpy's std, ddof 0)."""
    sigma, scores = select_parzen_bandwidth(validation, centers, sigmas)
    values = parzen_log_likelihood(test, centers, sigma, reduce=False)
    n_test = values.numel()
    return ParzenEstimate(float(values.mean()), float(values.std(unbiased=False)) / math.sqrt(n_test),
                          sigma, scores, int(centers.shape[0]), int(validation.shape[0]), n_test)
