"""Sizes and schedules of the SRDC chapter for both profiles.

The quick profile runs MNIST -> MNIST-M with **the DANN chapter's data sizes, backbone, step
budget, batch size, optimizer and learning-rate schedule** (copied field by field from
``dm.chapter_settings("dann", profile)``, so the two chapters cannot drift apart), so SRDC and
DANN are compared on equal terms.

``full`` is the same digits experiment at the DANN chapter's full (paper) sizes. The SRDC paper
itself has no digits experiment; its Office-31 recipe is documented in :data:`OFFICE31_RECIPE`
(it needs Office-31 images, which the offline mirror does not hold, and an ImageNet ResNet-50).
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import dann as _dann  # noqa: F401  (registers the DANN settings we copy)
from ..profiles import chapter_settings, register_settings

__all__ = ["SRDCSettings", "QUICK", "FULL", "DANN_FIELDS", "OFFICE31_RECIPE"]

#: How the paper trains on Office-31 (Tang, Chen & Jia, CVPR 2020, Sec. 4 "Implementation
#: details"), for a GPU run with an Office-31 loader of your own. Not runnable here. Written
#: down without access to the paper's code: check every number against the paper first.
OFFICE31_RECIPE = dict(
    backbone="ResNet-50 pre-trained on ImageNet, last FC replaced by a |C|-way classifier",
    optimizer="SGD, momentum 0.9, weight decay 1e-4",
    lr_schedule="lr_p = lr0 / (1 + 10 p)^0.75 (the DANN annealing); per-layer rates: see paper",
    batch_size="see the paper (not verified here)",
    clustering="k-means on target features every epoch; centers initialized from source "
               "class centroids in the first epoch, from the previous epoch's centers after",
    losses="L_target (output + feature level, auxiliary targets) + L_source (both heads, "
           "soft source weights)",
    paper_office31_average={"SRDC": 90.8, "DANN": 82.6},
    caveat="transcribed without the paper's code at hand; verify before a paper-scale run",
)


@dataclass(frozen=True)
class SRDCSettings:
    """The settings of one SRDC run: the DANN chapter's data and budget, then SRDC's own."""

    # --- data (dm.mnist_to_mnistm), copied from the DANN chapter ---
    source_split: str      # MNIST split used as the labelled source: "train" (60k) or "test" (10k)
    n_source: int | None   # first n_source digits of that split (None = all)
    n_target: int | None   # first n_target MNIST-M training images, the unlabelled target (None = all)
    n_test: int | None     # first n_test MNIST-M test images, the evaluation set (None = all)
    normalization: str     # input standardization, see dm.normalize_domains
    # --- optimization, copied from the DANN chapter ---
    steps: int             # training steps of every variant, warm-up included
    batch_size: int        # images per domain and step (batch_size source + batch_size target)
    optimizer: str         # "sgd" (with momentum) or "adam" (betas = (momentum, 0.999))
    lr0: float             # initial learning rate mu_0 of mu_p = mu_0 / (1 + alpha p)^beta
    lr_alpha: float        # alpha of that schedule
    lr_beta: float         # beta of that schedule
    momentum: float        # SGD momentum, or Adam's beta1
    # --- network, copied from the DANN chapter ---
    batch_norm: str        # "none", "mixed" or "per_domain" (see dalib_mini.adaptation)
    # --- SRDC schedule ---
    warmup_steps: int      # the first warmup_steps of the budget train on the labelled source only
    epoch_steps: int       # an "epoch": k-means + center and Q refresh every epoch_steps steps
    n_cluster_fit: int | None     # target images in each epoch's k-means pool (None = all)
    n_source_centroid: int | None  # source images for the first epoch's class centroids (None = all)
    kmeans_metric: str     # "cosine" (spherical k-means) or "euclidean" (see centers.kmeans_centers)
    kmeans_max_iter: int   # iteration cap of each epoch's k-means
    # --- SRDC objective (Eq. 10) ---
    target_weight: float   # weight of the output-level target clustering loss (Eq. 4)
    feature_weight: float  # weight of the feature-level target clustering loss (Eq. 6)
    source_weight: float   # weight of the structural source losses (Eq. 7/9, both heads)
    student_t_alpha: float  # degrees of freedom alpha of the Student-t kernel (Eq. 5)
    # --- logging, evaluation, plots and experiments ---
    warmup_log_every: int  # log the warm-up's source loss every warmup_log_every steps
    log_every: int         # log the SRDC losses every log_every steps (and at the last step)
    eval_batch_size: int   # batch size of predict_logits (test pass, centroids, clustering pool)
    bn_reestimate_batch_size: int  # batch size of the per-domain BatchNorm re-estimation (AdaBN)
    n_embed: int           # target test images in the notebook's t-SNE plot
    ablation_seeds: int    # the ablations run for the first ablation_seeds seeds only


#: Fields of :class:`SRDCSettings` that are the DANN chapter's, with the same name and value.
DANN_FIELDS = ("source_split", "n_source", "n_target", "n_test", "normalization", "steps",
               "batch_size", "optimizer", "lr0", "lr_alpha", "lr_beta", "momentum", "batch_norm")


def _dann_fields(profile: str) -> dict:
    """The data sizes and optimization budget of the DANN chapter's ``profile``."""
    dann = chapter_settings("dann", profile)
    return {name: getattr(dann, name) for name in DANN_FIELDS}


#: The 2-CPU profile: the DANN chapter's quick budget (300 steps), 200 of them source-only.
QUICK = SRDCSettings(
    **_dann_fields("quick"),
    # the first warmup_steps of the budget train on the labelled source only (the paper
    # starts from ImageNet weights; our digits network starts from scratch)
    warmup_steps=200,
    # k-means + center refresh ("epoch") every epoch_steps, on n_cluster_fit target images
    epoch_steps=100, n_cluster_fit=3000, n_source_centroid=2000, kmeans_metric="cosine",
    kmeans_max_iter=100,
    target_weight=1.0, feature_weight=1.0, source_weight=1.0, student_t_alpha=1.0,
    warmup_log_every=10, log_every=5, eval_batch_size=1000, bn_reestimate_batch_size=500,
    n_embed=1000, ablation_seeds=1,
)

#: The DANN chapter's full (paper) digits budget, for a GPU.
FULL = SRDCSettings(
    **_dann_fields("full"),
    warmup_steps=3000, epoch_steps=460, n_cluster_fit=None, n_source_centroid=None,
    kmeans_metric="cosine", kmeans_max_iter=100,
    target_weight=1.0, feature_weight=1.0, source_weight=1.0, student_t_alpha=1.0,
    warmup_log_every=10, log_every=5, eval_batch_size=1000, bn_reestimate_batch_size=500,
    n_embed=2000, ablation_seeds=3,
)

register_settings("srdc", quick=QUICK, full=FULL)
