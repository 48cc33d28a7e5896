r"""Clustering with auxiliary targets: the SRDC target objective (Tang, Chen & Jia 2020, Sec. 3.1).

Given the network's soft assignments :math:`P = [p_{ik}]` of ``n`` target samples to ``K``
clusters, SRDC introduces an auxiliary distribution :math:`Q` and minimises (Eq. 1-2)

.. math::  \mathcal{L}(Q, P) = \mathrm{KL}(Q\,\|\,P) + \sum_k f_k \log f_k,
           \qquad f_k = \tfrac1n \sum_i q_{ik},

where :math:`\mathrm{KL}(Q\|P) = \frac1n\sum_i\sum_k q_{ik}\log(q_{ik}/p_{ik})` and the second
term (the negative entropy of the cluster sizes) keeps :math:`Q` from collapsing onto a few
clusters. Setting the derivative of the Lagrangian (rows of :math:`Q` sum to one) to zero gives
:math:`q_{ik} \propto p_{ik} / f_k`; with equal row normalisers this yields
:math:`f_k \propto (\sum_{i'} p_{i'k})^{1/2}`, hence the paper's closed form (Eq. 3)

.. math::  q_{ik} = \frac{p_{ik} / (\sum_{i'} p_{i'k})^{1/2}}
                         {\sum_{k'} p_{ik'} / (\sum_{i'} p_{i'k'})^{1/2}}.

With :math:`Q` fixed, :math:`\mathrm{KL}(Q\|P) = H(Q, P) - H(Q)` and :math:`H(Q)` is a constant,
so the network is trained with the cross-entropy :math:`H(Q, P)` (Eq. 4).
"""
from __future__ import annotations

import torch

from ..validation import (
    check_dtype_match,
    check_log_probabilities,
    check_probabilities,
    check_weights,
)

__all__ = ["target_distribution", "auxiliary_objective", "auxiliary_cross_entropy"]


def target_distribution(p: torch.Tensor) -> torch.Tensor:
    r"""The auxiliary target :math:`Q` of Eq. (3): :math:`q_{ik} \propto p_{ik}/(\sum_{i'} p_{i'k})^{1/2}`.

    Args:
        p: ``(N, K)`` soft assignments, rows summing to 1.
    Returns:
        ``(N, K)`` rows summing to 1, detached (a target: no gradient flows into it).
    """
    check_probabilities(p, "p")
    p = p.detach()
    unnormalized = p / p.sum(dim=0, keepdim=True).clamp_min(1e-12).sqrt()
    return unnormalized / unnormalized.sum(dim=1, keepdim=True).clamp_min(1e-12)


def auxiliary_objective(q: torch.Tensor, p: torch.Tensor, eps: float = 1e-12) -> torch.Tensor:
    r"""The objective of Eq. (2): :math:`\mathrm{KL}(Q\|P) + \sum_k f_k\log f_k` (a scalar).

    ``q`` and ``p`` are ``(N, K)`` with rows summing to 1. Differentiable in both.
    """
    check_probabilities(q, "q")
    check_probabilities(p, "p")
    if q.shape != p.shape:
        raise ValueError(f"q and p must have the same shape, got {tuple(q.shape)} and {tuple(p.shape)}")
    kl = (q * ((q + eps).log() - (p + eps).log())).sum(dim=1).mean()
    f = q.mean(dim=0)
    return kl + (f * (f + eps).log()).sum()


def auxiliary_cross_entropy(q: torch.Tensor, log_p: torch.Tensor,
                            weights: torch.Tensor | None = None) -> torch.Tensor:
    r""":math:`H(Q, P) = -\frac1N\sum_i w_i \sum_k q_{ik}\log p_{ik}` (Eq. 4; optional sample weights).

    Args:
        q: ``(N, K)`` targets (rows sum to 1; treated as constants).
        log_p: ``(N, K)`` log-probabilities of the network (e.g. ``log_softmax(logits)``).
        weights: optional ``(N,)`` non-negative sample weights (Eq. 9's :math:`w_j`).
    """
    check_probabilities(q, "q")
    if log_p.shape != q.shape:
        raise ValueError(f"log_p must have the shape of q {tuple(q.shape)}, got {tuple(log_p.shape)}")
    check_log_probabilities(log_p, "log_p")
    check_dtype_match(log_p, q, ("log_p", "q"))
    per_sample = -(q.detach() * log_p).sum(dim=1)
    if weights is None:
        return per_sample.mean()
    if weights.shape != per_sample.shape:
        raise ValueError(f"weights must have shape ({q.shape[0]},), got {tuple(weights.shape)}")
    check_weights(weights, "weights")
    return (weights.detach() * per_sample).mean()
