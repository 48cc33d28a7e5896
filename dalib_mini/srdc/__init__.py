"""SRDC: unsupervised domain adaptation via structurally regularized deep clustering
(Tang, Chen & Jia, CVPR 2020).

Modules, one idea each: :mod:`.auxiliary_targets` (the auxiliary distribution Q, Eq. 1-4),
:mod:`.student_t` (feature-level soft assignment, Eq. 5), :mod:`.source_weights` (soft source
selection, Eq. 8), :mod:`.losses` (target and source losses, Eq. 4-10), :mod:`.centres`
(source class centroids and per-epoch k-means), :mod:`.models` (the DANN chapter's network +
centres), :mod:`.training` (:func:`train_srdc`), :mod:`.settings` (profiles),
:mod:`.exercises` (self-checks).
"""
from . import settings  # noqa: F401  (registers the chapter's profiles)
from .auxiliary_targets import (
    auxiliary_cross_entropy,
    auxiliary_objective,
    check_probability_rows,
    target_distribution,
)
from .centres import class_centroids, kmeans_centres
from .exercises import check_source_weights, check_student_t_assignment, check_target_distribution
from .experiment import dann_reference, run_srdc_experiments
from .losses import source_structural_loss, target_clustering_loss
from .models import SRDCNet
from .settings import OFFICE31_RECIPE
from .source_weights import source_weights
from .student_t import student_t_assignment
from .training import ABLATIONS, SRDCResult, WarmStart, predict_logits, source_warmup, train_srdc

__all__ = ["target_distribution", "auxiliary_objective", "auxiliary_cross_entropy",
           "check_probability_rows", "student_t_assignment", "source_weights",
           "target_clustering_loss", "source_structural_loss", "class_centroids",
           "kmeans_centres", "SRDCNet", "OFFICE31_RECIPE", "ABLATIONS", "SRDCResult",
           "WarmStart", "predict_logits", "source_warmup", "train_srdc", "check_target_distribution",
           "check_student_t_assignment", "check_source_weights", "run_srdc_experiments",
           "dann_reference"]
