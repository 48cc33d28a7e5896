"""SRDC: unsupervised domain adaptation via structurally regularized deep clustering
(Tang, Chen & Jia, CVPR 2020).

Modules, one idea each: :mod:`.auxiliary_targets` (the auxiliary distribution Q, Eq. 1-4),
:mod:`.student_t` (feature-level soft assignment, Eq. 5), :mod:`.source_weights` (soft source
selection, Eq. 8), :mod:`.losses` (target and source losses, Eq. 4-10), :mod:`.centers`
(source class centroids and per-epoch k-means), :mod:`.models` (the DANN chapter's network +
centers), :mod:`.training` (:func:`train_srdc`, :func:`srdc_objective`), :mod:`.experiments`
(every variant per seed, the DANN reference), :mod:`.settings` (:class:`SRDCSettings` and its
two profiles), :mod:`.exercises` (self-checks).

Chapter constants and checks stay here: ``dm.srdc.ABLATIONS``, ``dm.srdc.OFFICE31_RECIPE``,
``dm.srdc.exercises``.
"""
from . import exercises  # noqa: F401  (reached as dm.srdc.exercises)
from .auxiliary_targets import (
    auxiliary_cross_entropy,
    auxiliary_objective,
    check_probability_rows,
    target_distribution,
)
from .centers import class_centroids, kmeans_centers
from .experiments import dann_reference, run_srdc_experiments
from .losses import source_structural_loss, target_clustering_loss
from .models import SRDCNet
from .settings import OFFICE31_RECIPE, SRDCSettings  # noqa: F401  (OFFICE31_RECIPE: dm.srdc.)
from .source_weights import source_weights
from .student_t import student_t_assignment
from .training import (  # noqa: F401  (ABLATIONS: dm.srdc.ABLATIONS)
    ABLATIONS,
    SRDCResult,
    WarmStart,
    predict_logits,
    source_warmup,
    srdc_objective,
    train_srdc,
)

__all__ = ["target_distribution", "auxiliary_objective", "auxiliary_cross_entropy",
           "check_probability_rows", "student_t_assignment", "source_weights",
           "target_clustering_loss", "source_structural_loss", "class_centroids",
           "kmeans_centers", "SRDCNet", "SRDCSettings", "SRDCResult", "WarmStart",
           "predict_logits", "source_warmup", "srdc_objective", "train_srdc",
           "run_srdc_experiments", "dann_reference"]
