r"""The parsing (segmentation) loss of AugGAN's parsers, :math:`L_{seg}` (Huang et al., ECCV
2018, Sec. 3.2).

The paper's segmentation subtask loss has two parts: an L1 distance between the parser's
output and the ground-truth label map, and a cross-entropy term. We read the L1 part as the
distance between the per-pixel class probabilities and the one-hot mask:

.. math::
    L_{seg} = \underbrace{\mathrm{CE}\big(P(E(x)), m\big)}_{\text{mean over pixels}}
        + \lambda_{L1}\ \frac{1}{HW}\sum_{i,j} \big\| \mathrm{softmax}(P(E(x)))_{ij} - \mathrm{onehot}(m_{ij}) \big\|_1 .

Per pixel the L1 part lies in ``[0, 2]``: 0 when the parser puts probability 1 on the true class,
2 when it puts probability 1 on a wrong one, ``2 (1 - p_true)`` in general. It is bounded where
the cross-entropy is not, so it weighs every misclassified pixel about equally instead of
letting a few confidently wrong pixels dominate.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from ..validation import check_finite_number, check_floating, value_checks_enabled

__all__ = ["parsing_loss"]


def parsing_loss(logits: torch.Tensor, masks: torch.Tensor, l1_weight: float = 0.0) -> torch.Tensor:
    """:math:`L_{seg}` for one parser: per-pixel cross-entropy plus ``l1_weight`` times the mean
    L1 distance between the softmax probabilities and the one-hot masks (see the module).

    Args:
        logits: ``(N, K, H, W)`` class scores.
        masks: int64 ``(N, H, W)`` labels in ``0..K-1``.
        l1_weight: weight of the L1 term (``>= 0``; 0 gives the cross-entropy alone).

    Returns:
        A 0-d tensor on the logits' device and dtype.
    """
    check_floating(logits, "logits")
    if logits.ndim != 4:
        raise ValueError(f"logits must have shape (N, K, H, W), got {tuple(logits.shape)}")
    if not isinstance(masks, torch.Tensor) or masks.dtype != torch.int64:
        raise TypeError(f"masks must be an int64 tensor of labels, got {getattr(masks, 'dtype', type(masks).__name__)}")
    if masks.shape != (logits.shape[0], *logits.shape[2:]):
        raise ValueError(f"masks must have shape {(logits.shape[0], *logits.shape[2:])} to match "
                         f"logits {tuple(logits.shape)}, got {tuple(masks.shape)}")
    num_classes = logits.shape[1]
    if value_checks_enabled() and masks.numel() and (masks.min() < 0 or masks.max() >= num_classes):
        raise ValueError(f"masks must hold labels in 0..{num_classes - 1}, got values in "
                         f"{int(masks.min())}..{int(masks.max())}")
    check_finite_number(l1_weight, "l1_weight")
    if l1_weight < 0:
        raise ValueError(f"l1_weight must be >= 0, got {l1_weight!r}")
    loss = F.cross_entropy(logits, masks)
    if l1_weight > 0:
        one_hot = F.one_hot(masks, num_classes).permute(0, 3, 1, 2).to(logits.dtype)
        l1 = (logits.softmax(dim=1) - one_hot).abs().sum(dim=1).mean()
        loss = loss + l1_weight * l1
    return loss
