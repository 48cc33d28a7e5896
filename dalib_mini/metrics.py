"""Evaluation metrics used across the course.

Where the field has a reference implementation we call it (scikit-learn for NMI and the
contingency matrix, SciPy for the Hungarian matching) instead of re-deriving it.
"""
from __future__ import annotations

import numpy as np
import torch
from scipy.linalg import sqrtm
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import normalized_mutual_info_score
from sklearn.metrics.cluster import contingency_matrix

from .validation import check_binary_mask, check_feature_sets, check_finite_values, check_labels

__all__ = ["accuracy", "cluster_accuracy", "purity", "nmi", "rmse", "frechet_distance"]


def _as_numpy_labels(x, name: str) -> np.ndarray:
    if isinstance(x, torch.Tensor):
        x = x.detach().cpu().numpy()
    x = np.asarray(x)
    if x.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of labels, got shape {x.shape}")
    check_labels(x, None, name)
    return x


def _check_same_length(a: np.ndarray, b: np.ndarray, names: tuple[str, str]) -> None:
    if a.shape[0] != b.shape[0]:
        raise ValueError(f"{names[0]} and {names[1]} must have the same length, "
                         f"got {a.shape[0]} and {b.shape[0]}")
    if a.shape[0] == 0:
        raise ValueError(f"{names[0]} and {names[1]} must not be empty")


def accuracy(pred, target) -> float:
    """Fraction of equal entries. ``pred`` is ``(N,)`` labels or ``(N, K)`` scores (argmax taken)."""
    if getattr(pred, "ndim", 0) == 2 and pred.shape[1] == 1:
        raise ValueError(f"pred of shape {tuple(pred.shape)} has one score column; pass (N,) "
                         "labels (pred.squeeze(1)) or (N, K) scores with K >= 2")
    if isinstance(pred, torch.Tensor) and pred.ndim == 2:
        pred = pred.argmax(dim=1)
    elif isinstance(pred, np.ndarray) and pred.ndim == 2:
        pred = pred.argmax(axis=1)
    p, t = _as_numpy_labels(pred, "pred"), _as_numpy_labels(target, "target")
    _check_same_length(p, t, ("pred", "target"))
    return float((p == t).mean())


def cluster_accuracy(labels_true, labels_pred) -> float:
    """Best accuracy over one-to-one maps from clusters to classes (Hungarian matching).

    Clusters left without a class (more clusters than classes) count as wrong.
    """
    t, p = _as_numpy_labels(labels_true, "labels_true"), _as_numpy_labels(labels_pred, "labels_pred")
    _check_same_length(t, p, ("labels_true", "labels_pred"))
    table = contingency_matrix(t, p)  # (classes, clusters)
    rows, cols = linear_sum_assignment(table, maximize=True)
    return float(table[rows, cols].sum() / t.shape[0])


def purity(labels_true, labels_pred) -> float:
    """Each cluster votes for its majority class; purity is the fraction of such votes.

    DeepCC's "ACC" is this number: the authors' evaluation code (``eval`` in
    ``core/paegmm/kddcup10/kddcup10_pae_gmm.py`` of their release) scores clusters by majority
    vote (see the DeepCC chapter).
    """
    t, p = _as_numpy_labels(labels_true, "labels_true"), _as_numpy_labels(labels_pred, "labels_pred")
    _check_same_length(t, p, ("labels_true", "labels_pred"))
    table = contingency_matrix(t, p)
    return float(table.max(axis=0).sum() / t.shape[0])


def nmi(labels_true, labels_pred) -> float:
    """Normalised mutual information (arithmetic normalisation, scikit-learn's default)."""
    t, p = _as_numpy_labels(labels_true, "labels_true"), _as_numpy_labels(labels_pred, "labels_pred")
    _check_same_length(t, p, ("labels_true", "labels_pred"))
    return float(normalized_mutual_info_score(t, p))


def rmse(pred, target, mask=None) -> float:
    """Root mean squared error, over the entries where ``mask`` is true if a mask is given."""
    pred_t = torch.as_tensor(pred, dtype=torch.float64)
    target_t = torch.as_tensor(target, dtype=torch.float64)
    if pred_t.shape != target_t.shape:
        raise ValueError(f"pred and target must have the same shape, got {tuple(pred_t.shape)} "
                         f"and {tuple(target_t.shape)}")
    if mask is not None:
        check_binary_mask(torch.as_tensor(mask), "mask")
        mask_t = torch.as_tensor(mask, dtype=torch.bool)
        if mask_t.shape != pred_t.shape:
            raise ValueError(f"mask must have the shape of pred {tuple(pred_t.shape)}, "
                             f"got {tuple(mask_t.shape)}")
        pred_t, target_t = pred_t[mask_t], target_t[mask_t]
    if pred_t.numel() == 0:
        raise ValueError("rmse needs at least one entry (mask selects none)")
    check_finite_values(pred_t, "pred")
    check_finite_values(target_t, "target")
    return float(torch.sqrt(((pred_t - target_t) ** 2).mean()))


def frechet_distance(features_a, features_b) -> float:
    """Fréchet distance between Gaussians fitted to two feature sets (the FID recipe).

    ``features_a`` is ``(N, D)``, ``features_b`` is ``(M, D)``; each set is summarised by its
    mean and covariance and the distance is
    ``||mu_a - mu_b||^2 + Tr(S_a + S_b - 2 (S_a S_b)^{1/2})`` (Heusel et al., NeurIPS 2017,
    Eq. 6, with the course's own classifier features in place of Inception's). The matrix
    square root is SciPy's; its tiny imaginary part from round-off is dropped.
    """
    a, b = check_feature_sets(features_a, features_b, ("features_a", "features_b"), min_rows=2,
                              why="to estimate a covariance")
    mu_a, mu_b = a.mean(axis=0), b.mean(axis=0)
    cov_a = np.atleast_2d(np.cov(a, rowvar=False))
    cov_b = np.atleast_2d(np.cov(b, rowvar=False))
    root = sqrtm(cov_a @ cov_b)
    if not np.isfinite(root).all():  # singular product: regularise as the FID reference does
        eps = 1e-6 * np.eye(a.shape[1])
        root = sqrtm((cov_a + eps) @ (cov_b + eps))
    root = root.real
    value = float(((mu_a - mu_b) ** 2).sum() + np.trace(cov_a + cov_b - 2.0 * root))
    return max(value, 0.0)
