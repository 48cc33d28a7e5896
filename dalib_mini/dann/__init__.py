"""DANN: unsupervised domain adaptation by backpropagation (Ganin & Lempitsky, ICML 2015).

Modules: :mod:`.settings` (profiles), :mod:`.models`
(the paper's MNIST network), :mod:`.training`
(one loop for source-only / DANN / train-on-target), :mod:`.updates` (updates (4)-(6)
written by hand, to check the reversal layer against), :mod:`.exercises`. Shared with the
other adaptation chapters: the gradient reversal layer (:mod:`dalib_mini.gradient_reversal`),
the domain loss, batch composition and AdaBN (:mod:`dalib_mini.adaptation`), the schedules
(:mod:`dalib_mini.schedules`) and the digit task (:mod:`dalib_mini.data.digits`).
"""
from . import settings  # noqa: F401  (registers the chapter's profiles)
from .models import DANNDomainClassifier, DANNFeatureExtractor, DANNLabelPredictor, DANNNet
from .training import MODES, DANNResult, evaluate_accuracy, extract_features, train_dann

__all__ = ["DANNFeatureExtractor", "DANNLabelPredictor", "DANNDomainClassifier", "DANNNet",
           "DANNResult", "train_dann", "evaluate_accuracy", "extract_features"]
