"""Sizes and schedules of the SRDC chapter for both profiles.

The quick profile runs MNIST -> MNIST-M with the DANN chapter's network, data protocol (the
first 20,000 MNIST training digits as the labelled source, the mirror's 10,000 MNIST-M
training images as the unlabelled target, the MNIST-M test split for evaluation), optimizer
and learning-rate schedule. Every value is written here, not copied from the DANN chapter's
profile, so a change there cannot move this chapter's numbers; the DANN network SRDC starts
from is trained with :func:`~dalib_mini.srdc.dann_start.srdc_dann_settings`, which pins every
field of the DANN chapter's settings from these.

``full`` is the same digits experiment at the paper-scale DANN budget, for a GPU. The SRDC
paper itself has no digits experiment; its Office-31 recipe, as the authors' released code
sets it, is in :data:`OFFICE31_RECIPE` (it needs Office-31 images, which the offline mirror
does not hold, and an ImageNet ResNet-50).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..profiles import register_settings

__all__ = ["SRDCSettings", "QUICK", "FULL", "OFFICE31_RECIPE"]

#: How the authors train on Office-31, read from their released code
#: (github.com/Gorilla-Lab-SCUT/SRDC-CVPR2020: opts.py, main.py, trainer.py, run_office31.sh).
#: Not runnable here (no Office-31 loader, no ImageNet weights offline).
OFFICE31_RECIPE = dict(
    backbone="ResNet-50 pre-trained on ImageNet; fc1 = Linear(2048, 512) + BatchNorm + ReLU, "
             "fc2 = Linear(512, 31) (models/resnet.py)",
    clustered_features="both the 2048-d pooled backbone features and the 512-d fc1 output, "
                       "each with its own learnable centers (trainer.py, train)",
    optimizer="SGD, momentum 0.9, weight decay 1e-4, lr 0.01 for fc1/fc2 and 0.001 for the "
              "backbone and the centers (opts.py, main.py)",
    lr_schedule="lr / (1 + 10 epoch / epochs)^0.75, 200 epochs, batches of 64 "
                "(trainer.py, adjust_learning_rate 'dao')",
    loss_weights="target terms and the feature-level source terms times "
                 "2 / (1 + exp(-10 epoch / epochs)) - 1 (trainer.py, train)",
    clustering="k-means (5 iterations) on all target features once per epoch; started from "
               "the source class centroids in the first epoch, then from the target "
               "centroids of the classifier's predictions (main.py)",
    auxiliary_targets="Eq. 3 on every mini-batch; in the first epoch the one-hot k-means "
                      "cluster labels instead (trainer.py, TarDisClusterLoss)",
    feature_assignment="softmax over the Student-t kernel values (opts.py sets "
                       "embed_softmax = True)",
    source_weights="Eq. 8 once per epoch from the 2048-d features, only with "
                   "--src_soft_select, which run_office31.sh does not pass",
    paper_office31_average={"SRDC": 90.8, "DANN": 82.6},
)


@dataclass(frozen=True)
class SRDCSettings:
    """The settings of one SRDC run: the DANN chapter's data and budget, then SRDC's own."""

    # --- data (dm.mnist_to_mnistm) ---
    source_split: str      # MNIST split used as the labelled source: "train" (60k) or "test" (10k)
    n_source: int | None   # first n_source digits of that split (None = all)
    n_target: int | None   # first n_target MNIST-M training images, the unlabelled target (None = all)
    n_test: int | None     # first n_test MNIST-M test images, the evaluation set (None = all)
    normalization: str     # input standardization, see dm.normalize_domains
    # --- optimization (the DANN chapter's, for every run) ---
    steps: int             # training steps of every run, warm-up (or DANN) included
    batch_size: int        # images per domain and step (batch_size source + batch_size target)
    optimizer: str         # "sgd" (with momentum) or "adam" (betas = (momentum, 0.999))
    lr0: float             # initial learning rate mu_0 of mu_p = mu_0 / (1 + alpha p)^beta
    lr_alpha: float        # alpha of that schedule
    lr_beta: float         # beta of that schedule
    momentum: float        # SGD momentum, or Adam's beta1
    # --- network (the DANN chapter's) ---
    batch_norm: str        # "none", "mixed" or "per_domain" (see dalib_mini.adaptation)
    # --- the DANN network SRDC starts from (pinned into dm.chapter_settings("dann", ...)) ---
    dann_gamma: float      # steepness of DANN's lambda_p schedule
    dann_lambda_max: float  # lambda_p times this
    dann_domain_loss_weight: float  # weight of the domain loss in DANN's pseudo-objective (9)
    dann_domain_hidden: int  # hidden units of DANN's domain classifier
    # --- SRDC schedule ---
    warmup_steps: int      # steps of the starting network (source-only warm-up, or DANN)
    epoch_steps: int       # an "epoch": k-means + center refresh every epoch_steps steps
    n_cluster_fit: int | None     # target images in each epoch's k-means pool (None = all)
    n_source_centroid: int | None  # source images for the first epoch's class centroids (None = all)
    kmeans_metric: str     # "cosine" (spherical k-means) or "euclidean" (see centers.kmeans_centers)
    kmeans_max_iter: int   # iteration cap of each epoch's k-means
    aux_targets: str       # "epoch" (Eq. 3 on each epoch's pool, held fixed) or "batch" (the released code)
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
    n_bn_reestimate: int | None  # images of a domain its BatchNorm statistics are estimated on
    n_kmeans_init: int     # k-means++ restarts when measuring how well features cluster
    n_embed: int           # target test images in the notebook's t-SNE plot
    ablation_seeds: int    # the ablations run for the first ablation_seeds seeds only


#: The 2-CPU profile: 300 steps make the starting network (source-only or DANN, the DANN
#: chapter's quick budget), then 200 more steps of SRDC or of the baseline, in 4 epochs of 50.
QUICK = SRDCSettings(
    source_split="train", n_source=20_000, n_target=10_000, n_test=None,
    normalization="per_domain",
    steps=500, batch_size=64, optimizer="adam", lr0=1e-3, lr_alpha=10.0, lr_beta=0.75,
    momentum=0.5, batch_norm="per_domain",
    dann_gamma=10.0, dann_lambda_max=1.0, dann_domain_loss_weight=1.0, dann_domain_hidden=100,
    warmup_steps=300, epoch_steps=50, n_cluster_fit=2000, n_source_centroid=1000,
    kmeans_metric="cosine", kmeans_max_iter=100, aux_targets="epoch",
    target_weight=1.0, feature_weight=1.0, source_weight=1.0, student_t_alpha=1.0,
    warmup_log_every=10, log_every=5, eval_batch_size=1000, bn_reestimate_batch_size=500,
    n_bn_reestimate=2000, n_kmeans_init=4, n_embed=1000, ablation_seeds=0,
)

#: The paper-scale digits budget (the DANN chapter's full data and SGD), for a GPU.
FULL = SRDCSettings(
    source_split="train", n_source=None, n_target=None, n_test=None,
    normalization="per_domain",
    steps=40_000, batch_size=64, optimizer="sgd", lr0=0.01, lr_alpha=10.0, lr_beta=0.75,
    momentum=0.9, batch_norm="per_domain",
    dann_gamma=10.0, dann_lambda_max=1.0, dann_domain_loss_weight=1.0, dann_domain_hidden=100,
    warmup_steps=30_000, epoch_steps=920, n_cluster_fit=None, n_source_centroid=None,
    kmeans_metric="cosine", kmeans_max_iter=100, aux_targets="epoch",
    target_weight=1.0, feature_weight=1.0, source_weight=1.0, student_t_alpha=1.0,
    warmup_log_every=10, log_every=5, eval_batch_size=1000, bn_reestimate_batch_size=500,
    n_bn_reestimate=None, n_kmeans_init=4, n_embed=2000, ablation_seeds=3,
)

register_settings("srdc", quick=QUICK, full=FULL)
