"""DeepCC: deep co-clustering (Xu, Cheng, Zong, Chen, Yu, Zhang, SDM 2019).

Modules: :mod:`.mutual_information` (the instance-feature cross loss), :mod:`.gmm` (mixture
statistics and the Jensen lower bound), :mod:`.models` (autoencoders, inference networks),
:mod:`.training` (``train_deepcc``, ``deepcc_joint_loss``), :mod:`.data` (preprocessing),
:mod:`.baselines` (scikit-learn), :mod:`.itcc` (information-theoretic co-clustering), :mod:`.plotting` (reordered heat maps), :mod:`.exercises`,
:mod:`.settings` (``DeepCCSettings``, ``DeepCCRunSettings``), :mod:`.tuning` (the label-free
choice of the joint phase's learning rate and cross-loss weight).

The package root re-exports the names in ``__all__``; the chapter's constants and exercise
checks stay here: ``dm.deepcc.BASELINES``, ``dm.deepcc.exercises.check_mutual_information``.
"""
from . import exercises, settings  # noqa: F401  (settings registers the chapter's profiles)
from .baselines import BASELINES as BASELINES  # dm.deepcc.BASELINES, not at the root
from .baselines import cluster_baseline, score_coclustering
from .data import preprocess_benchmark, preprocess_matrix
from .gmm import (
    GaussianMixtureStats,
    covariance_penalty,
    gmm_log_joint,
    gmm_log_likelihood,
    gmm_posterior,
    gmm_statistics,
    jensen_lower_bound,
)
from .itcc import ITCCResult, itcc
from .models import Autoencoder, InferenceNetwork
from .mutual_information import (
    assignment_joint,
    block_joint,
    coclustering_kl,
    coclustering_mi_loss,
    mutual_information,
)
from .plotting import plot_cluster_confusion, plot_cocluster_matrix, plot_reordered_matrix
from .settings import DeepCCRunSettings, DeepCCSettings
from .training import (
    DeepCCResult,
    deepcc_joint_loss,
    deepcc_size_entropy,
    deepcc_view_terms,
    train_deepcc,
)
from .tuning import choose_deepcc_joint, tune_deepcc_joint

__all__ = ["cluster_baseline", "score_coclustering", "plot_reordered_matrix",
           "plot_cocluster_matrix", "plot_cluster_confusion",
           "preprocess_benchmark", "preprocess_matrix", "GaussianMixtureStats", "gmm_statistics",
           "gmm_log_joint", "gmm_log_likelihood", "gmm_posterior", "jensen_lower_bound",
           "covariance_penalty", "ITCCResult", "itcc", "deepcc_view_terms",
           "Autoencoder", "InferenceNetwork", "mutual_information", "assignment_joint",
           "block_joint", "coclustering_kl", "coclustering_mi_loss", "DeepCCResult",
           "DeepCCRunSettings", "DeepCCSettings", "deepcc_joint_loss", "train_deepcc",
           "deepcc_size_entropy", "tune_deepcc_joint", "choose_deepcc_joint"]
