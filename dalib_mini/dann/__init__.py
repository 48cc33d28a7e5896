"""DANN: unsupervised domain adaptation by backpropagation (Ganin & Lempitsky, ICML 2015).

Modules: :mod:`.settings` (:class:`DANNSettings` and its two profiles), :mod:`.models`
(the paper's MNIST network), :mod:`.training` (one loop for source-only / DANN /
train-on-target, and :func:`dann_step`, the step on pseudo-objective (9)), :mod:`.updates`
(updates (4)-(6) written by hand, to check the reversal layer against), :mod:`.exercises`.
Shared with the other adaptation chapters: the gradient reversal layer
(:mod:`dalib_mini.gradient_reversal`), the domain loss, batch composition and AdaBN
(:mod:`dalib_mini.adaptation`), the schedules (:mod:`dalib_mini.schedules`) and the digit task
(:mod:`dalib_mini.data.digits`). The chapter's ablation runner is ``scripts/dann_ablation.py``
(measurements in ``results/dann_ablation.csv``).

Chapter constants and checks stay here: ``dm.dann.MODES``, ``dm.dann.exercises``.
"""
from . import exercises, updates  # noqa: F401  (reached as dm.dann.exercises, dm.dann.updates)
from .models import DANNDomainClassifier, DANNFeatureExtractor, DANNLabelPredictor, DANNNet
from .settings import DANNSettings
from .training import (  # noqa: F401  (MODES, make_optimizer: dm.dann.*, not at the root)
    MODES,
    DANNResult,
    dann_step,
    evaluate_accuracy,
    extract_features,
    make_optimizer,
    supervised_step,
    train_dann,
)

__all__ = ["DANNFeatureExtractor", "DANNLabelPredictor", "DANNDomainClassifier", "DANNNet",
           "DANNSettings", "DANNResult", "train_dann", "dann_step", "supervised_step",
           "evaluate_accuracy", "extract_features"]
