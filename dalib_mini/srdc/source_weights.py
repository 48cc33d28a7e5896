r"""Soft source sample selection (SRDC Sec. 3.3, Eq. 8).

Source samples that look like the target's clusters matter more: with :math:`c_k` the centroid
of target cluster :math:`k` in feature space and :math:`y_j` the label of source sample
:math:`j`,

.. math::  w_j = \tfrac12\,\bigl(1 + \cos(z_j, c_{y_j})\bigr) \in [0, 1].
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from ..validation import check_dtype_match, value_checks_enabled

__all__ = ["source_weights"]


def source_weights(z: torch.Tensor, labels: torch.Tensor, centroids: torch.Tensor) -> torch.Tensor:
    """Weights ``(N,)`` in [0, 1] of source features ``z`` ``(N, D)`` with labels ``(N,)``,
    given target cluster centroids ``(K, D)`` (row ``k`` = the cluster matched to class ``k``).

    Returned detached: the weights select samples, they are not trained.
    """
    if z.ndim != 2 or centroids.ndim != 2 or z.shape[1] != centroids.shape[1]:
        raise ValueError(f"z must be (N, D) and centroids (K, D) with the same D, got "
                         f"{tuple(z.shape)} and {tuple(centroids.shape)}")
    if labels.ndim != 1 or labels.shape[0] != z.shape[0] or labels.is_floating_point():
        raise ValueError(f"labels must be an integer tensor of shape ({z.shape[0]},), got "
                         f"{labels.dtype} {tuple(labels.shape)}")
    if value_checks_enabled() and labels.numel() and (labels.min() < 0 or labels.max() >= centroids.shape[0]):
        raise ValueError(f"labels must lie in [0, {centroids.shape[0] - 1}] (one centroid per class)")
    check_dtype_match(centroids, z, ("centroids", "z"))
    cosine = F.cosine_similarity(z.detach(), centroids.detach()[labels], dim=1, eps=1e-8)
    return 0.5 * (1.0 + cosine)
