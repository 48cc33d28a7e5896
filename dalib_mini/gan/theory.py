"""Section 4 of Goodfellow et al. (2014) on concrete densities: the value function, the
optimal discriminator (Proposition 1), the virtual training criterion C(G) and the
Jensen-Shannon divergence (Theorem 1).

Densities are given as non-negative tensors of equal shape: probabilities of a discrete
distribution, or density values on an evenly spaced grid together with the cell width ``dx``
(then every expectation is a Riemann sum). Logs are natural (nats).
"""
from __future__ import annotations

import math

import torch

from ..validation import (
    check_dtype_match,
    check_finite_values,
    check_floating,
    check_nonempty,
    check_positive,
)

__all__ = ["optimal_discriminator", "value_function", "virtual_training_criterion",
           "jensen_shannon_divergence", "kl_divergence"]


def _check_pair(p: torch.Tensor, q: torch.Tensor, names=("p_data", "p_g"), dx: float = 1.0) -> None:
    for t, name in zip((p, q), names):
        if not isinstance(t, torch.Tensor) or not t.is_floating_point():
            raise ValueError(f"{name} must be a floating-point tensor")
        check_nonempty(t, name)
        check_finite_values(t, name)
        if (t < 0).any():
            raise ValueError(f"{name} must be non-negative (a density or probabilities)")
    if p.shape != q.shape:
        raise ValueError(f"{names[0]} and {names[1]} must have the same shape, "
                         f"got {tuple(p.shape)} and {tuple(q.shape)}")
    check_dtype_match(q, p, (names[1], names[0]))
    check_positive(dx, "dx (the grid's cell width)")


def _xlogy(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """x * log(y) with the convention 0 * log(0) = 0 (the integrand vanishes where x = 0)."""
    return torch.special.xlogy(x, y)


def optimal_discriminator(p_data: torch.Tensor, p_g: torch.Tensor) -> torch.Tensor:
    """Proposition 1 (Eq. 2): for fixed G, :math:`D^*_G(x) = p_{data}(x) / (p_{data}(x) + p_g(x))`.

    Where both densities are 0 any D is optimal; we return 1/2 there.
    """
    _check_pair(p_data, p_g)
    total = p_data + p_g
    return torch.where(total > 0, p_data / total.clamp_min(torch.finfo(total.dtype).tiny),
                       torch.full_like(total, 0.5))


def value_function(d: torch.Tensor, p_data: torch.Tensor, p_g: torch.Tensor,
                   dx: float = 1.0) -> torch.Tensor:
    """Eq. 1 written over x (the proof of Proposition 1, Eq. 3):
    :math:`V(G, D) = \\int p_{data}(x) \\log D(x) + p_g(x) \\log(1 - D(x))\\, dx`.

    ``d`` holds D(x) in [0, 1] on the same support/grid as the densities.
    """
    _check_pair(p_data, p_g, dx=dx)
    check_floating(d, "d")
    check_finite_values(d, "d")
    if d.shape != p_data.shape or (d < 0).any() or (d > 1).any():
        raise ValueError("d must have the densities' shape and values in [0, 1]")
    return (_xlogy(p_data, d) + _xlogy(p_g, 1 - d)).sum() * dx


def virtual_training_criterion(p_data: torch.Tensor, p_g: torch.Tensor,
                               dx: float = 1.0) -> torch.Tensor:
    """Eq. 4: :math:`C(G) = \\max_D V(G, D) = V(G, D^*_G)`.

    Computed with :math:`1 - D^* = p_g / (p_{data} + p_g)` taken directly, not as ``1 - D*``:
    in a density's far tail ``D*`` rounds to exactly 1 and ``log(1 - D*)`` would be -inf.
    """
    _check_pair(p_data, p_g, dx=dx)
    total = p_data + p_g
    safe = total.clamp_min(torch.finfo(total.dtype).tiny)
    return (_xlogy(p_data, p_data / safe) + _xlogy(p_g, p_g / safe)).sum() * dx


def kl_divergence(p: torch.Tensor, q: torch.Tensor, dx: float = 1.0) -> torch.Tensor:
    """:math:`KL(p \\| q) = \\int p \\log(p / q)\\,dx` (inf where q = 0 < p)."""
    _check_pair(p, q, ("p", "q"), dx=dx)
    return (_xlogy(p, p) - _xlogy(p, q)).sum() * dx


def jensen_shannon_divergence(p: torch.Tensor, q: torch.Tensor, dx: float = 1.0) -> torch.Tensor:
    """:math:`JSD(p \\| q) = \\tfrac12 KL(p \\| m) + \\tfrac12 KL(q \\| m)`, :math:`m = (p+q)/2`
    (Eq. 6). Symmetric, in :math:`[0, \\log 2]`, zero iff p = q. Computed from the KL
    definition, independently of :func:`virtual_training_criterion`, so that the notebook can
    check :math:`C(G) = -\\log 4 + 2\\,JSD(p_{data} \\| p_g)` (Theorem 1, Eq. 5-6)."""
    _check_pair(p, q, ("p", "q"), dx=dx)
    m = (p + q) / 2
    return 0.5 * kl_divergence(p, m, dx) + 0.5 * kl_divergence(q, m, dx)


LOG4 = math.log(4.0)
