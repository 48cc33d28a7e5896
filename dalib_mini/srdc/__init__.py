"""SRDC: unsupervised domain adaptation via structurally regularized deep clustering
(Tang, Chen & Jia, CVPR 2020).

Modules, one idea each: :mod:`.auxiliary_targets` (the auxiliary distribution Q, Eq. 1-4),
:mod:`.student_t` (feature-level soft assignment, Eq. 5), :mod:`.source_weights` (soft source
selection, Eq. 8), :mod:`.losses` (target and source losses, Eq. 4-9), :mod:`.centers`
(source class centroids and per-epoch k-means), :mod:`.models` (the DANN chapter's network +
centers), :mod:`.training` (:func:`train_srdc`, :func:`srdc_objective` = Eq. 10),
:mod:`.premise` (do target features cluster? k-means clustering accuracy),
:mod:`.dann_start` (the DANN network SRDC starts from, and DANN trained on as the control),
:mod:`.experiments` (every variant per seed), :mod:`.settings` (:class:`SRDCSettings` and its
two profiles), :mod:`.exercises` (self-checks).

Chapter constants and checks stay here: ``dm.srdc.ABLATIONS``, ``dm.srdc.OFFICE31_RECIPE``,
``dm.srdc.exercises``.
"""
from . import exercises  # noqa: F401  (reached as dm.srdc.exercises)
from .auxiliary_targets import auxiliary_cross_entropy, auxiliary_objective, target_distribution
from .centers import class_centroids, kmeans_centers
from .dann_start import continue_dann, srdc_dann_settings, train_dann_start
from .experiments import STARTS, SRDCExperiments, run_srdc_experiments  # noqa: F401  (STARTS: dm.srdc.)
from .losses import source_structural_loss, target_clustering_loss
from .models import SRDCNet
from .premise import kmeans_cluster_accuracy, target_cluster_accuracy
from .settings import OFFICE31_RECIPE, SRDCSettings  # noqa: F401  (OFFICE31_RECIPE: dm.srdc.)
from .source_weights import source_weights
from .student_t import student_t_assignment
from .training import (  # noqa: F401  (ABLATIONS, AUX_TARGETS: dm.srdc.*)
    ABLATIONS,
    AUX_TARGETS,
    SRDCResult,
    WarmStart,
    continuation_learning_rate,
    predict_logits,
    source_warmup,
    srdc_objective,
    train_srdc,
    warm_start_from_dann,
)

__all__ = ["target_distribution", "auxiliary_objective", "auxiliary_cross_entropy",
           "student_t_assignment", "source_weights", "target_clustering_loss",
           "source_structural_loss", "class_centroids", "kmeans_centers", "SRDCNet",
           "SRDCSettings", "SRDCResult", "WarmStart", "predict_logits", "source_warmup",
           "warm_start_from_dann", "srdc_objective", "train_srdc", "continuation_learning_rate",
           "run_srdc_experiments", "SRDCExperiments", "srdc_dann_settings", "train_dann_start",
           "continue_dann", "kmeans_cluster_accuracy", "target_cluster_accuracy"]
