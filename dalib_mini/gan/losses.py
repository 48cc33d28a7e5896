"""The adversarial losses of Goodfellow et al. (2014), as plain functions of discriminator
*logits* ``l`` with :math:`D(x) = \\sigma(l)`.

The value function (Eq. 1) is

.. math:: V(D, G) = E_{x\\sim p_{data}}[\\log D(x)] + E_{z\\sim p_z}[\\log(1 - D(G(z)))].

D ascends V, G descends it. In logits, :math:`\\log D = -\\mathrm{softplus}(-l)` and
:math:`\\log(1 - D) = -\\mathrm{softplus}(l)`, which never takes the log of a rounded 0.

* :func:`discriminator_loss` = :math:`-V` (binary cross-entropy: real -> 1, fake -> 0).
* :func:`generator_loss_minimax` = :math:`E[\\log(1 - D(G(z)))]`, G's term of Eq. 1. Its
  gradient w.r.t. the logit is :math:`-D(G(z))`: it *saturates* (vanishes) early in training,
  when D confidently rejects the fakes.
* :func:`generator_loss_non_saturating` = :math:`-E[\\log D(G(z))]` (Section 3, "rather than
  training G to minimize log(1 - D(G(z))) we can train G to maximize log D(G(z))"): the
  gradient w.r.t. the logit is :math:`-(1 - D(G(z)))`, close to -1 exactly when D rejects
  the fakes. Same fixed point, much stronger early gradients.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from ..validation import check_dtype_match, check_shape

__all__ = ["discriminator_loss", "generator_loss_minimax", "generator_loss_non_saturating"]


def _check_logits(logits: torch.Tensor, name: str) -> None:
    if not isinstance(logits, torch.Tensor) or not logits.is_floating_point():
        raise ValueError(f"{name} must be a floating-point tensor of logits, got "
                         f"{getattr(logits, 'dtype', type(logits).__name__)}")
    if logits.numel() == 0:
        raise ValueError(f"{name} must not be empty")
    check_shape(logits, name, ("N",))


def discriminator_loss(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """:math:`-V(D, G)` of Eq. 1, estimated on a minibatch (Algorithm 1, D step).

    ``real_logits`` ``(N,)`` on data, ``fake_logits`` ``(M,)`` on generated samples. Returns
    ``-mean(log D(x)) - mean(log(1 - D(G(z))))``, a scalar >= 0; its minimum over D for fixed
    G is :math:`\\log 4 - 2\\,JSD(p_{data} \\| p_g)` (Theorem 1).
    """
    _check_logits(real_logits, "real_logits")
    _check_logits(fake_logits, "fake_logits")
    check_dtype_match(fake_logits, real_logits, ("fake_logits", "real_logits"))
    return F.softplus(-real_logits).mean() + F.softplus(fake_logits).mean()


def generator_loss_minimax(fake_logits: torch.Tensor) -> torch.Tensor:
    """G's term of Eq. 1: ``mean(log(1 - D(G(z))))`` (<= 0), minimised by G. Saturates when
    D(G(z)) -> 0: d loss / d logit = -D(G(z)) / N."""
    _check_logits(fake_logits, "fake_logits")
    return -F.softplus(fake_logits).mean()


def generator_loss_non_saturating(fake_logits: torch.Tensor) -> torch.Tensor:
    """The paper's practical G loss: ``-mean(log D(G(z)))`` (>= 0). d loss / d logit =
    -(1 - D(G(z))) / N, largest when D rejects the fakes."""
    _check_logits(fake_logits, "fake_logits")
    return F.softplus(-fake_logits).mean()
