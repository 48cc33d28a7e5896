"""DANN: unsupervised domain adaptation by backpropagation (Ganin & Lempitsky, ICML 2015).

Modules: :mod:`.settings` (profiles), :mod:`.data` (MNIST -> MNIST-M), :mod:`.models`
(the paper's MNIST network). The gradient reversal layer itself lives in
:mod:`dalib_mini.gradient_reversal`.
"""
from . import settings  # noqa: F401  (registers the chapter's profiles)
from .data import NORMALISATIONS, DigitAdaptationTask, mnist_to_mnistm, normalise_domains
from .models import DANNDomainClassifier, DANNFeatureExtractor, DANNLabelPredictor, DANNNet

__all__ = ["NORMALISATIONS", "DigitAdaptationTask", "mnist_to_mnistm", "normalise_domains",
           "DANNFeatureExtractor", "DANNLabelPredictor", "DANNDomainClassifier", "DANNNet"]
