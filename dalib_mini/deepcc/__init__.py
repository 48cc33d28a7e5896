"""DeepCC: deep co-clustering (Xu, Cheng, Zong, Chen, Yu, Zhang, SDM 2019).

Modules: :mod:`.mutual_information` (the instance-feature cross loss), :mod:`.gmm` (mixture
statistics and the Jensen lower bound), :mod:`.models` (autoencoders, inference networks),
:mod:`.training` (``train_deepcc``), :mod:`.data` (preprocessing), :mod:`.baselines`
(scikit-learn), :mod:`.plotting` (reordered heat maps), :mod:`.exercises`, :mod:`.settings`.
"""
from . import settings  # noqa: F401  (registers the chapter's profiles)
from .baselines import BASELINES, run_baseline, score_coclustering
from .data import preprocess_matrix
from .exercises import check_block_joint, check_jensen_lower_bound, check_mutual_information
from .gmm import (
    GaussianMixtureStats,
    gmm_log_joint,
    gmm_log_likelihood,
    gmm_posterior,
    gmm_statistics,
    jensen_lower_bound,
)
from .models import Autoencoder, InferenceNetwork
from .mutual_information import (
    assignment_joint,
    block_joint,
    coclustering_kl,
    coclustering_mi_loss,
    mutual_information,
)
from .plotting import plot_reordered_matrix
from .training import DeepCCResult, train_deepcc

__all__ = ["BASELINES", "run_baseline", "score_coclustering", "check_mutual_information",
           "check_jensen_lower_bound", "check_block_joint", "plot_reordered_matrix", "preprocess_matrix",
           "GaussianMixtureStats", "gmm_statistics", "gmm_log_joint",
           "gmm_log_likelihood", "gmm_posterior", "jensen_lower_bound", "Autoencoder",
           "InferenceNetwork", "mutual_information", "assignment_joint", "block_joint",
           "coclustering_kl", "coclustering_mi_loss", "DeepCCResult", "train_deepcc"]
