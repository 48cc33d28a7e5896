r"""SRDC's premise, measured: do the target features already cluster by class?

SRDC's targets come from the network itself: the auxiliary distribution (Eq. 3) rebalances
the network's own predictions, and the feature-level centers are k-means clusters of its
features. It can only build on a cluster structure that is there. The measurement: k-means
(k-means++ starts, ``cfg.n_kmeans_init`` restarts, in the geometry ``cfg.kmeans_metric`` of
SRDC's own k-means) on the features :math:`z` of a pool of unlabelled target images, scored by
clustering accuracy (the best one-to-one map of clusters to classes, Hungarian matching).
The target labels score the clusters here and nowhere else.
"""
from __future__ import annotations

import copy

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.cluster import KMeans

from ..adaptation import batch_norm_mode, reestimate_batch_norm
from ..metrics import cluster_accuracy
from ..validation import check_finite_values
from .models import SRDCNet
from .settings import SRDCSettings

__all__ = ["kmeans_cluster_accuracy", "target_cluster_accuracy"]


def kmeans_cluster_accuracy(features: torch.Tensor, labels: torch.Tensor, num_clusters: int, *,
                            metric: str = "cosine", n_init: int = 4, seed: int = 0) -> float:
    """Clustering accuracy of k-means on ``features (N, D)`` against ``labels (N,)``.

    ``metric="cosine"``: k-means on the L2-normalised features (spherical k-means);
    ``"euclidean"``: on the raw features. ``n_init`` k-means++ restarts (the best inertia wins).
    Returns a float in [1/K-ish, 1]: 1 when the clusters are the classes.
    """
    if features.ndim != 2 or labels.ndim != 1 or labels.shape[0] != features.shape[0]:
        raise ValueError(f"features must be (N, D) and labels (N,), got {tuple(features.shape)} "
                         f"and {tuple(labels.shape)}")
    if metric not in ("cosine", "euclidean"):
        raise ValueError(f"metric must be 'cosine' or 'euclidean', got {metric!r}")
    if features.shape[0] < num_clusters:
        raise ValueError(f"need at least num_clusters={num_clusters} features, got {features.shape[0]}")
    check_finite_values(features, "features")
    x = features.detach().cpu().double()
    if metric == "cosine":
        x = F.normalize(x, dim=1)
    km = KMeans(n_clusters=num_clusters, n_init=n_init, random_state=seed).fit(x.numpy())
    return cluster_accuracy(labels.cpu().numpy(), km.labels_.astype(np.int64))


@torch.no_grad()
def target_cluster_accuracy(model: SRDCNet, task, cfg: SRDCSettings, *, seed: int) -> float:
    """:func:`kmeans_cluster_accuracy` of ``model``'s features :math:`z` on a pool of
    ``cfg.n_cluster_fit`` unlabelled target training images (drawn with ``seed``). With
    per-domain BatchNorm a copy of ``model`` first takes the target's statistics; ``model``
    itself is not changed."""
    if not isinstance(model, SRDCNet):
        raise TypeError(f"model must be an SRDCNet (SRDCNet.from_dann for a DANN network), "
                        f"got {type(model).__name__}")
    n = task.target_images.shape[0]
    size = n if cfg.n_cluster_fit is None else min(cfg.n_cluster_fit, n)
    pool = torch.randperm(n, generator=torch.Generator().manual_seed(20_000 + seed))[:size]
    images = task.target_images[pool.to(task.target_images.device)]
    net = copy.deepcopy(model)
    if batch_norm_mode(cfg.batch_norm) == "per_domain":
        m = cfg.n_bn_reestimate
        reestimate_batch_norm(net.backbone, images if m is None else images[:m],
                              cfg.bn_reestimate_batch_size)
    net.eval()
    z = torch.cat([net.features(images[i:i + cfg.eval_batch_size])
                   for i in range(0, images.shape[0], cfg.eval_batch_size)])
    return kmeans_cluster_accuracy(z, task.target_labels[pool.to(task.target_labels.device)],
                                   model.num_classes, metric=cfg.kmeans_metric,
                                   n_init=cfg.n_kmeans_init, seed=seed)
