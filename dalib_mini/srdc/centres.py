"""Cluster centres of SRDC: source class centroids, and per-epoch k-means on target features.

At the first epoch the centres are the source class centroids (so cluster ``k`` starts as class
``k``); every later epoch runs scikit-learn's k-means on the current target features, started
from the previous epoch's centres, which keeps the cluster-to-class correspondence (SRDC Sec. 3.4).
"""
from __future__ import annotations

import numpy as np
import torch
from sklearn.cluster import KMeans

__all__ = ["class_centroids", "kmeans_centres"]


def class_centroids(features: torch.Tensor, labels: torch.Tensor, num_classes: int) -> torch.Tensor:
    """Mean feature of every class: ``(K, D)`` from ``features (N, D)`` and ``labels (N,)``.

    A class without samples gets the overall mean (so no centre is NaN).
    """
    if features.ndim != 2 or labels.ndim != 1 or labels.shape[0] != features.shape[0]:
        raise ValueError(f"features must be (N, D) and labels (N,), got {tuple(features.shape)} "
                         f"and {tuple(labels.shape)}")
    if labels.numel() and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f"labels must lie in [0, {num_classes - 1}]")
    sums = features.new_zeros(num_classes, features.shape[1]).index_add_(0, labels, features)
    counts = torch.bincount(labels, minlength=num_classes).to(features.dtype).unsqueeze(1)
    fallback = features.mean(dim=0, keepdim=True).expand_as(sums)
    return torch.where(counts > 0, sums / counts.clamp_min(1), fallback)


def kmeans_centres(features: torch.Tensor, init: torch.Tensor, max_iter: int = 100,
                   seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """k-means (scikit-learn) on ``features (N, D)`` started from ``init (K, D)``.

    Returns ``(centres (K, D), assignments (N,))`` on the device/dtype of ``features``.
    """
    if features.ndim != 2 or init.ndim != 2 or features.shape[1] != init.shape[1]:
        raise ValueError(f"features must be (N, D) and init (K, D) with the same D, got "
                         f"{tuple(features.shape)} and {tuple(init.shape)}")
    if features.shape[0] < init.shape[0]:
        raise ValueError(f"need at least K={init.shape[0]} features, got {features.shape[0]}")
    x = features.detach().cpu().double().numpy()
    km = KMeans(n_clusters=init.shape[0], init=init.detach().cpu().double().numpy(), n_init=1,
                max_iter=max_iter, random_state=seed).fit(x)
    centres = torch.as_tensor(km.cluster_centers_, dtype=features.dtype, device=features.device)
    assignments = torch.as_tensor(km.labels_.astype(np.int64), device=features.device)
    return centres, assignments
