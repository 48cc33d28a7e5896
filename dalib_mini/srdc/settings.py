"""Sizes and schedules of the SRDC chapter for both profiles.

The quick profile runs MNIST -> MNIST-M with **the DANN chapter's data sizes, backbone, step
budget, batch size, optimiser and learning-rate schedule** (read from ``dm.chapter_settings("dann")`` so
the two chapters cannot drift apart), so SRDC and DANN are compared on equal terms.

``full`` is the same digits experiment at the DANN chapter's full (paper) sizes. The SRDC paper
itself has no digits experiment; its Office-31 recipe is documented in :data:`OFFICE31_RECIPE`
(it needs Office-31 images, which the offline mirror does not hold, and an ImageNet ResNet-50).
"""
from __future__ import annotations

from .. import dann as _dann  # noqa: F401  (registers the DANN settings we copy)
from ..profiles import chapter_settings, register_settings

__all__ = ["OFFICE31_RECIPE"]

#: How the paper trains on Office-31 (Tang, Chen & Jia, CVPR 2020, Sec. 4 "Implementation
#: details"), for a GPU run with an Office-31 loader of your own. Not runnable here. Written
#: down without access to the paper's code: check every number against the paper first.
OFFICE31_RECIPE = dict(
    backbone="ResNet-50 pre-trained on ImageNet, last FC replaced by a |C|-way classifier",
    optimiser="SGD, momentum 0.9, weight decay 1e-4",
    lr_schedule="lr_p = lr0 / (1 + 10 p)^0.75 (the DANN annealing); per-layer rates: see paper",
    batch_size="see the paper (not verified here)",
    clustering="k-means on target features every epoch; centres initialised from source "
               "class centroids in the first epoch, from the previous epoch's centres after",
    losses="L_target (output + feature level, auxiliary targets) + L_source (both heads, "
           "soft source weights)",
    paper_office31_average={"SRDC": 90.8, "DANN": 82.6},
    caveat="transcribed without the paper's code at hand; verify before a paper-scale run",
)


def _shared(profile: str) -> dict:
    """Data sizes and optimisation budget copied from the DANN chapter's ``profile``."""
    d = chapter_settings("dann", profile)
    keys = ("source_split", "n_source", "n_target", "n_test", "steps", "batch_size", "optimizer", "lr0",
            "lr_alpha", "lr_beta", "momentum", "normalisation", "batch_norm")
    return {k: getattr(d, k) for k in keys}


register_settings(
    "srdc",
    quick=dict(
        **_shared("quick"),
        # the first warmup_steps of the budget train on the labelled source only (the paper
        # starts from ImageNet weights; our digits network starts from scratch)
        warmup_steps=200,
        # k-means + centre refresh ("epoch") every epoch_steps, on n_cluster_fit target images
        epoch_steps=100, n_cluster_fit=3000, n_source_centroid=2000, kmeans_metric="cosine",
        target_weight=1.0, feature_weight=1.0, source_weight=1.0, student_t_alpha=1.0,
        n_embed=1000, ablation_seeds=1,
    ),
    full=dict(
        **_shared("full"),
        warmup_steps=3000, epoch_steps=460, n_cluster_fit=None, n_source_centroid=None,
        kmeans_metric="cosine",
        target_weight=1.0, feature_weight=1.0, source_weight=1.0, student_t_alpha=1.0,
        n_embed=2000, ablation_seeds=3,
    ),
)
