"""DANN: unsupervised domain adaptation by backpropagation (Ganin & Lempitsky, ICML 2015).

Modules: :mod:`.settings` (profiles), :mod:`.data` (MNIST -> MNIST-M), :mod:`.models`
(the paper's MNIST network), :mod:`.schedules` (lambda_p and mu_p), :mod:`.training`
(one loop for source-only / DANN / train-on-target), :mod:`.updates` (updates (4)-(6)
written by hand, to check the reversal layer against), :mod:`.exercises`. The gradient
reversal layer itself lives in :mod:`dalib_mini.gradient_reversal`.
"""
from . import settings  # noqa: F401  (registers the chapter's profiles)
from .data import NORMALISATIONS, DigitAdaptationTask, mnist_to_mnistm, normalise_domains
from .models import DANNDomainClassifier, DANNFeatureExtractor, DANNLabelPredictor, DANNNet
from .schedules import grl_lambda_schedule, learning_rate_schedule
from .training import (BATCH_NORMS, MODES, DANNResult, domain_accuracy, domain_classification_loss,
                       evaluate_accuracy, extract_features, forward_domains, reestimate_batch_norm,
                       train_dann)

__all__ = ["NORMALISATIONS", "DigitAdaptationTask", "mnist_to_mnistm", "normalise_domains",
           "DANNFeatureExtractor", "DANNLabelPredictor", "DANNDomainClassifier", "DANNNet",
           "grl_lambda_schedule", "learning_rate_schedule", "MODES", "BATCH_NORMS", "DANNResult",
           "train_dann", "domain_classification_loss", "domain_accuracy", "evaluate_accuracy",
           "extract_features", "reestimate_batch_norm", "forward_domains"]
