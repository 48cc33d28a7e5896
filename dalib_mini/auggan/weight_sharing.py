"""AugGAN's soft weight sharing between the translation and the parsing decoder.

The paper ties the up-sampling layers of the image generator ``G`` and of the parsing
(segmentation) network ``P`` of one domain *softly*: they keep their own weights, but a loss
pulls the two weight vectors towards the same direction,

    L_w(w_G, w_P) = -log( (<w_G, w_P> / (||w_G||_2 ||w_P||_2))^2 )          (AugGAN, Eq. 4)

i.e. ``-log(cos^2) = -2 log|cos|`` of the angle between the flattened weights. Reading it:

* the loss is ``>= 0`` and is 0 exactly when ``|cos| = 1``: the layers compute the same
  features up to a scale, so a *positive* rescaling of a layer costs nothing (the norm
  layers that follow would undo it anyway);
* the square makes the formula blind to the sign: ``w_P = -w_G`` (``cos = -1``) also gives 0,
  although a negated filter detects the opposite pattern, and the gradient
  ``d/dcos = -2/cos`` pushes a negative cosine further towards -1;
* at ``cos = 0`` (orthogonal weights) the loss is infinite.

Our choice (documented, tested): follow the paper where ``cos >= eps`` (there
``-2 log cos`` equals ``-log(cos^2)`` exactly), and below ``eps`` continue the curve by its
tangent line ``-2 log eps + (2 / eps)(eps - cos)``. The loss is then finite, continuous with a
continuous gradient, keeps growing as the weights turn away from each other (orthogonal or
anti-parallel weights cost the most), and its gradient always pushes ``cos`` towards ``+1``.
"""
from __future__ import annotations

import math
from typing import Iterable

import torch
import torch.nn.functional as F

from ..validation import check_dtype_match, check_floating, check_nonempty

__all__ = ["weight_sharing_loss", "soft_sharing_loss", "sharing_cosines"]


def weight_sharing_loss(weight_g: torch.Tensor, weight_p: torch.Tensor,
                        eps: float = 0.05) -> torch.Tensor:
    """``L_w`` of Eq. 4 for one pair of layers, safe for non-positive cosines (see module).

    Args:
        weight_g, weight_p: weights of the same shape (e.g. a transposed convolution's
            ``(C_in, C_out, k, k)``); they are compared as flat vectors.
        eps: cosine below which the tangent-line continuation replaces ``-2 log cos``.

    Returns:
        A scalar tensor ``>= 0`` on the weights' device and dtype.
    """
    if not isinstance(weight_g, torch.Tensor) or not isinstance(weight_p, torch.Tensor):
        raise TypeError("weight_g and weight_p must be tensors")
    if weight_g.shape != weight_p.shape:
        raise ValueError("weight_g and weight_p must have the same shape (soft-shared layers "
                         f"are twins), got {tuple(weight_g.shape)} and {tuple(weight_p.shape)}")
    check_nonempty(weight_g, "weight_g")
    check_floating(weight_g, "weight_g")
    check_dtype_match(weight_p, weight_g, ("weight_p", "weight_g"))
    if not 0.0 < eps < 1.0:
        raise ValueError(f"eps must lie in (0, 1), got {eps!r}")
    cos = F.cosine_similarity(weight_g.reshape(-1), weight_p.reshape(-1), dim=0, eps=1e-12)
    log_branch = -2.0 * torch.log(cos.clamp(min=eps))
    linear_branch = -2.0 * math.log(eps) + (2.0 / eps) * (eps - cos)
    return torch.where(cos >= eps, log_branch, linear_branch)


def soft_sharing_loss(pairs: Iterable[tuple[torch.Tensor, torch.Tensor]],
                      eps: float = 0.05) -> torch.Tensor:
    """Sum of :func:`weight_sharing_loss` over soft-shared layer pairs ``[(w_G, w_P), ...]``."""
    losses = [weight_sharing_loss(w_g, w_p, eps) for w_g, w_p in pairs]
    if not losses:
        raise ValueError("pairs must contain at least one (weight_g, weight_p) pair")
    return torch.stack(losses).sum()


@torch.no_grad()
def sharing_cosines(pairs: Iterable[tuple[torch.Tensor, torch.Tensor]]) -> torch.Tensor:
    """Cosine between the flattened weights of each soft-shared pair, ``(P,)``: where every
    value is ``>= eps`` the loss above is exactly the paper's ``-log(cos^2)``."""
    cosines = []
    for index, (w_g, w_p) in enumerate(pairs):
        if w_g.shape != w_p.shape:
            raise ValueError(f"pairs[{index}]: a soft-shared pair needs two weights of one shape, "
                             f"got {tuple(w_g.shape)} and {tuple(w_p.shape)}")
        cosines.append(F.cosine_similarity(w_g.reshape(-1), w_p.reshape(-1), dim=0, eps=1e-12))
    if not cosines:
        raise ValueError("pairs must contain at least one (weight_g, weight_p) pair")
    return torch.stack(cosines)
