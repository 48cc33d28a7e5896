r"""Feature-level soft assignment with a Student's t kernel (SRDC Sec. 3.2, Eq. 5; as in DEC).

.. math::  \tilde p_{ik} = \frac{(1 + \|z_i - \mu_k\|^2/\alpha)^{-\frac{\alpha+1}{2}}}
                                {\sum_{k'} (1 + \|z_i - \mu_{k'}\|^2/\alpha)^{-\frac{\alpha+1}{2}}}

With :math:`\alpha = 1` (the paper's choice) this is :math:`\propto (1 + \|z_i-\mu_k\|^2)^{-1}`.
"""
from __future__ import annotations

import torch

from ..validation import check_dtype_match, check_positive

__all__ = ["student_t_assignment"]


def student_t_assignment(z: torch.Tensor, centers: torch.Tensor, alpha: float = 1.0) -> torch.Tensor:
    """Soft assignments ``(N, K)`` of features ``z`` ``(N, D)`` to ``centers`` ``(K, D)``.

    Rows sum to 1 and peak at the nearest center. Differentiable in ``z`` and ``centers``.
    """
    if not isinstance(z, torch.Tensor) or not isinstance(centers, torch.Tensor):
        raise ValueError("z and centers must be torch.Tensors")
    if z.ndim != 2 or centers.ndim != 2:
        raise ValueError(f"z must be (N, D) and centers (K, D), got {tuple(z.shape)} and {tuple(centers.shape)}")
    if z.shape[1] != centers.shape[1]:
        raise ValueError(f"z and centers must have the same feature dimension D, got "
                         f"{z.shape[1]} and {centers.shape[1]}")
    check_positive(alpha, "alpha")
    check_dtype_match(centers, z, ("centers", "z"))
    # exact differences (not cdist): a finite gradient even when z sits on a center
    squared_distance = (z.unsqueeze(1) - centers.unsqueeze(0)).pow(2).sum(dim=2)
    # log-domain normalisation: stable for far-away features
    logits = -(alpha + 1) / 2 * torch.log1p(squared_distance / alpha)
    return torch.softmax(logits, dim=1)
