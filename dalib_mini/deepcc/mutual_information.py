"""The instance-feature cross loss of DeepCC (Xu et al., SDM 2019, Section 3; the identity is Dhillon et al., KDD 2003, Lemma 2.1).

Rows and columns each get a cluster-assignment distribution, ``row_q (N, K)`` and
``col_q (D, K)``. Their normalised dot products form a joint distribution over
(instance, feature) pairs, ``p(x_i, y_j) ∝ row_q[i] · col_q[j]``. Summing that table over the
blocks of a co-clustering gives the joint over co-clusters ``p(x̂_s, ŷ_t)``. Information
theoretic co-clustering (Dhillon et al., KDD 2003, Lemma 2.1) shows

    I(X; Y) - I(X̂; Ŷ) = KL(p(X, Y) || q(X, Y)) >= 0,
    q(x, y) = p(x̂, ŷ) p(x | x̂) p(y | ŷ),

so ``1 - I(X̂; Ŷ) / I(X; Y)`` lies in [0, 1] and is 0 exactly when the co-clusters keep all the
information the rows carry about the columns.
"""
from __future__ import annotations

import torch

from ..validation import (
    check_dtype_match,
    check_finite_values,
    check_floating,
    check_labels,
    check_nonempty,
    check_probabilities,
    value_checks_enabled,
)

__all__ = ["mutual_information", "assignment_joint", "block_joint", "coclustering_kl",
           "coclustering_mi_loss"]

_TINY = 1e-12


def _check_joint(joint: torch.Tensor) -> None:
    if not isinstance(joint, torch.Tensor) or joint.ndim != 2:
        raise ValueError(f"joint must be a 2-D tensor (N, D), got {getattr(joint, 'shape', type(joint))}")
    check_floating(joint, "joint")
    check_nonempty(joint, "joint")
    check_finite_values(joint, "joint")
    if not value_checks_enabled():
        return
    if (joint.detach() < 0).any():
        raise ValueError("joint must be non-negative")
    total = float(joint.detach().sum())
    if abs(total - 1.0) > 1e-3:
        raise ValueError(f"joint must sum to 1, got {total:.6f}")


def mutual_information(joint: torch.Tensor) -> torch.Tensor:
    """I(X; Y) in nats of a joint distribution table ``(N, D)``.

    ``I = sum_ij p_ij log(p_ij / (p_i p_j))``; zero cells contribute 0 (``0 log 0 = 0``), so
    tiny or empty entries stay finite in float32.
    """
    _check_joint(joint)
    p_row = joint.sum(1, keepdim=True)
    p_col = joint.sum(0, keepdim=True)
    ratio = joint.clamp_min(_TINY) / (p_row * p_col).clamp_min(_TINY)
    return torch.where(joint > 0, joint * torch.log(ratio), torch.zeros_like(joint)).sum()


def assignment_joint(row_q: torch.Tensor, col_q: torch.Tensor) -> torch.Tensor:
    """``p(x_i, y_j) = row_q[i] · col_q[j] / sum`` from ``row_q (N, K)`` and ``col_q (D, K)``."""
    if row_q.ndim != 2 or col_q.ndim != 2 or row_q.shape[1] != col_q.shape[1]:
        raise ValueError("row_q (N, K) and col_q (D, K) must be matrices with the same number of "
                         f"clusters K, got {tuple(row_q.shape)} and {tuple(col_q.shape)}")
    if value_checks_enabled() and ((row_q < 0).any() or (col_q < 0).any()):
        raise ValueError("row_q and col_q must be non-negative assignment probabilities")
    check_probabilities(row_q, "row_q")
    check_probabilities(col_q, "col_q")
    check_dtype_match(col_q, row_q, ("col_q", "row_q"))
    table = row_q @ col_q.T
    return table / table.sum().clamp_min(torch.finfo(table.dtype).tiny)


def block_joint(joint: torch.Tensor, row_labels: torch.Tensor, col_labels: torch.Tensor,
                n_row_clusters: int, n_col_clusters: int) -> torch.Tensor:
    """``p(x̂_s, ŷ_t) = sum_{i in s, j in t} p(x_i, y_j)``: ``(S, T)`` from ``joint (N, D)``.

    Written as ``R^T P C`` with one-hot ``R (N, S)`` and ``C (D, T)`` so that gradients flow to
    ``joint``; an empty co-cluster gives a zero row or column.
    """
    if row_labels.shape != joint.shape[:1] or col_labels.shape != joint.shape[1:]:
        raise ValueError(f"row_labels must have shape ({joint.shape[0]},) and col_labels "
                         f"({joint.shape[1]},), got {tuple(row_labels.shape)}, {tuple(col_labels.shape)}")
    check_labels(row_labels, n_row_clusters, "row_labels")
    check_labels(col_labels, n_col_clusters, "col_labels")
    rows = torch.nn.functional.one_hot(row_labels.long(), n_row_clusters).to(joint.dtype)
    cols = torch.nn.functional.one_hot(col_labels.long(), n_col_clusters).to(joint.dtype)
    return rows.T @ joint @ cols


def coclustering_kl(joint: torch.Tensor, row_labels: torch.Tensor, col_labels: torch.Tensor,
                    n_row_clusters: int, n_col_clusters: int) -> torch.Tensor:
    """``KL(p(X,Y) || q(X,Y))`` with ``q(x,y) = p(x̂,ŷ) p(x|x̂) p(y|ŷ)``, computed directly."""
    _check_joint(joint)
    blocks = block_joint(joint, row_labels, col_labels, n_row_clusters, n_col_clusters)
    p_row, p_col = joint.sum(1), joint.sum(0)
    row_mass, col_mass = blocks.sum(1), blocks.sum(0)
    p_x_given = p_row / row_mass[row_labels].clamp_min(_TINY)
    p_y_given = p_col / col_mass[col_labels].clamp_min(_TINY)
    q = blocks[row_labels][:, col_labels] * p_x_given[:, None] * p_y_given[None, :]
    ratio = joint.clamp_min(_TINY) / q.clamp_min(_TINY)
    return torch.where(joint > 0, joint * torch.log(ratio), torch.zeros_like(joint)).sum()


def coclustering_mi_loss(row_q: torch.Tensor, col_q: torch.Tensor) -> torch.Tensor:
    """DeepCC's cross loss ``1 - I(X̂; Ŷ) / I(X; Y)``, returned unclamped.

    ``row_q (N, K)``, ``col_q (D, K)``: assignment distributions of rows and columns (DeepCC
    passes the mixture posteriors γ of both views). The co-clusters are their argmax (hard, as in
    the paper); gradients flow through the joint ``p(x_i, y_j) ∝ row_q[i] · col_q[j]``.
    By Lemma 2.1 of Dhillon et al. (KDD 2003) the value equals ``KL(p || q) / I(X; Y)``, so it
    lies in [0, 1] up to float round-off, without any clamp.
    """
    # float64 throughout: when (almost) every row or column sits in one cluster, I(X;Y) is ~0 and
    # float32 round-off in the ratio reaches 1e4 (0/0)
    joint = assignment_joint(row_q.double(), col_q.double())
    blocks = block_joint(joint, row_q.argmax(1), col_q.argmax(1), row_q.shape[1], col_q.shape[1])
    mi_full = mutual_information(joint)
    mi_blocks = mutual_information(blocks)
    # with no information between rows and columns there is none to lose: the loss is 0
    loss = torch.where(mi_full > _TINY, 1.0 - mi_blocks / mi_full.clamp_min(_TINY), torch.zeros_like(mi_full))
    return loss.to(row_q.dtype)
