r"""The two halves of the SRDC objective (Tang, Chen & Jia 2020, Eq. 10).

* :func:`target_clustering_loss` — deep discriminative clustering of the target at the output
  level (Eq. 4, :math:`P` = softmax of the classifier) and at the feature level (Eq. 6,
  :math:`\tilde P` = Student-t assignment of features to the centers), each a cross-entropy
  against its auxiliary target (Eq. 3).
* :func:`source_structural_loss` — structural source regularisation (Eq. 7): the labelled
  source samples pass through *the same two heads* with their labels as targets, weighted by
  the soft source selection weights (Eq. 8-9).
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from ..validation import check_floating, check_labels, check_shape
from .auxiliary_targets import auxiliary_cross_entropy, target_distribution
from .student_t import student_t_assignment

__all__ = ["target_clustering_loss", "source_structural_loss"]


def target_clustering_loss(logits: torch.Tensor, features: torch.Tensor | None = None,
                           centers: torch.Tensor | None = None, alpha: float = 1.0,
                           q_output: torch.Tensor | None = None,
                           q_feature: torch.Tensor | None = None
                           ) -> tuple[torch.Tensor, torch.Tensor]:
    r"""Target losses ``(output_level, feature_level)`` (two scalars).

    Args:
        logits: ``(N, K)`` classifier logits of target samples.
        features: ``(N, D)`` their features :math:`z_i`; ``None`` skips the feature level
            (then the second loss is ``0``).
        centers: ``(K, D)`` cluster centers :math:`\mu_k`.
        q_output, q_feature: ``(N, K)`` auxiliary targets computed beforehand (the paper
            alternates: Q is solved once per epoch on the whole target set, then held fixed
            while the network trains). ``None`` computes them from this batch (Eq. 3).
    """
    check_floating(logits, "logits")
    check_shape(logits, "logits", ("N", "K"))
    log_p = F.log_softmax(logits, dim=1)
    q_output = target_distribution(log_p.exp()) if q_output is None else q_output
    output_level = auxiliary_cross_entropy(q_output, log_p)
    if features is None:
        return output_level, logits.new_zeros(())
    if centers is None or centers.shape[0] != logits.shape[1]:
        raise ValueError("centers must be given with one row per class (K, D)")
    p_feature = student_t_assignment(features, centers, alpha)
    log_p_feature = p_feature.clamp_min(1e-12).log()
    q_feature = target_distribution(p_feature) if q_feature is None else q_feature
    feature_level = auxiliary_cross_entropy(q_feature, log_p_feature)
    return output_level, feature_level


def source_structural_loss(logits: torch.Tensor, labels: torch.Tensor,
                           features: torch.Tensor | None = None, centers: torch.Tensor | None = None,
                           weights: torch.Tensor | None = None, alpha: float = 1.0
                           ) -> tuple[torch.Tensor, torch.Tensor]:
    r"""Source losses ``(output_level, feature_level)``: weighted cross-entropies of the labels
    under the classifier and under the Student-t assignment (Eq. 7 and 9).

    Args:
        logits: ``(N, K)`` classifier logits of source samples; ``labels``: ``(N,)`` int64.
        features, centers: as in :func:`target_clustering_loss` (``None`` skips the feature level).
        weights: ``(N,)`` soft source weights :math:`w_j` (``None`` = all ones).
    """
    if labels.ndim != 1 or labels.shape[0] != logits.shape[0]:
        raise ValueError(f"labels must have shape ({logits.shape[0]},), got {tuple(labels.shape)}")
    check_floating(logits, "logits")
    check_shape(logits, "logits", ("N", "K"))
    check_labels(labels, logits.shape[1], "labels", integer_dtype=True)
    one_hot = F.one_hot(labels, logits.shape[1]).to(logits.dtype)
    output_level = auxiliary_cross_entropy(one_hot, F.log_softmax(logits, dim=1), weights)
    if features is None:
        return output_level, logits.new_zeros(())
    p_feature = student_t_assignment(features, centers, alpha)
    feature_level = auxiliary_cross_entropy(one_hot, p_feature.clamp_min(1e-12).log(), weights)
    return output_level, feature_level
