"""Cluster centers of SRDC: source class centroids, and per-epoch k-means on target features.

At the first epoch the centers are the source class centroids (so cluster ``k`` starts as class
``k``); every later epoch runs scikit-learn's k-means on the current target features, started
from the previous epoch's centers, which keeps the cluster-to-class correspondence (SRDC Sec. 3.4).
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.cluster import KMeans

from ..validation import check_finite_values, check_floating, check_labels, check_nonempty

__all__ = ["class_centroids", "kmeans_centers", "METRICS"]


def class_centroids(features: torch.Tensor, labels: torch.Tensor, num_classes: int) -> torch.Tensor:
    """Mean feature of every class: ``(K, D)`` from ``features (N, D)`` and ``labels (N,)``.

    A class without samples gets the overall mean (so no center is NaN).
    """
    if features.ndim != 2 or labels.ndim != 1 or labels.shape[0] != features.shape[0]:
        raise ValueError(f"features must be (N, D) and labels (N,), got {tuple(features.shape)} "
                         f"and {tuple(labels.shape)}")
    if isinstance(num_classes, bool) or not isinstance(num_classes, int) or num_classes < 1:
        raise ValueError(f"num_classes must be a positive integer, got {num_classes!r}")
    check_floating(features, "features")
    check_nonempty(features, "features")
    check_labels(labels, num_classes, "labels", integer_dtype=True)
    sums = features.new_zeros(num_classes, features.shape[1]).index_add_(0, labels, features)
    counts = torch.bincount(labels, minlength=num_classes).to(features.dtype).unsqueeze(1)
    fallback = features.mean(dim=0, keepdim=True).expand_as(sums)
    return torch.where(counts > 0, sums / counts.clamp_min(1), fallback)


METRICS = ("euclidean", "cosine")


def kmeans_centers(features: torch.Tensor, init: torch.Tensor, max_iter: int = 100,
                   seed: int = 0, metric: str = "euclidean") -> tuple[torch.Tensor, torch.Tensor]:
    """k-means (scikit-learn) on ``features (N, D)`` started from ``init (K, D)``.

    ``metric="euclidean"``: plain k-means; the centers are its cluster means.
    ``metric="cosine"``: spherical k-means, i.e. k-means on the L2-normalised features (started
    from the normalised ``init``), which groups by direction, the geometry of the cosine source
    weights (Eq. 8); the returned centers are then the means of the *unnormalised* features of
    each cluster (``init`` for an empty cluster), in the space the Student-t head works in.

    Returns ``(centers (K, D), assignments (N,))`` on the device/dtype of ``features``.
    """
    if features.ndim != 2 or init.ndim != 2 or features.shape[1] != init.shape[1]:
        raise ValueError(f"features must be (N, D) and init (K, D) with the same D, got "
                         f"{tuple(features.shape)} and {tuple(init.shape)}")
    if features.shape[0] < init.shape[0]:
        raise ValueError(f"need at least K={init.shape[0]} features, got {features.shape[0]}")
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {METRICS}, got {metric!r}")
    check_finite_values(features, "features")
    check_finite_values(init, "init")
    x = features.detach().cpu().double()
    start = init.detach().cpu().double()
    if metric == "cosine":
        x, start = F.normalize(x, dim=1), F.normalize(start, dim=1)
    km = KMeans(n_clusters=init.shape[0], init=start.numpy(), n_init=1,
                max_iter=max_iter, random_state=seed).fit(x.numpy())
    assignments = torch.as_tensor(km.labels_.astype(np.int64), device=features.device)
    if metric == "cosine":
        centers = class_centroids(features.detach(), assignments, init.shape[0])
        empty = torch.bincount(assignments, minlength=init.shape[0]) == 0
        centers[empty] = init.detach().to(centers)[empty]
    else:
        centers = torch.as_tensor(km.cluster_centers_, dtype=features.dtype, device=features.device)
    return centers, assignments
