r"""DANN: unsupervised domain adaptation by backpropagation (Ganin & Lempitsky, ICML 2015).

Modules: :mod:`.settings` (:class:`DANNSettings` and its two profiles), :mod:`.models`
(the paper's MNIST network), :mod:`.training` (one loop for source-only / DANN /
train-on-target, and :func:`dann_step`, the step on pseudo-objective (9)), :mod:`.updates`
(updates (4)-(6) written by hand, to check the reversal layer against), :mod:`.two_moons`
(the journal version's toy: a shallow network with and without the reversal layer),
:mod:`.evaluation` (MNIST test accuracy, features of both domains),
:mod:`.proxy_a_distance` (:math:`\hat d_A = 2(1 - 2\epsilon)`), :mod:`.model_selection`
(source and reverse validation: choosing settings without target labels), :mod:`.exercises`.
Shared with the other adaptation chapters: the gradient reversal layer
(:mod:`dalib_mini.gradient_reversal`), the domain loss, batch composition and AdaBN
(:mod:`dalib_mini.adaptation`), the schedules (:mod:`dalib_mini.schedules`) and the digit task
(:mod:`dalib_mini.data.digits`). The chapter's ablation runner is ``scripts/dann_ablation.py``
(measurements in ``results/dann_ablation.csv``).

Chapter constants, checks and the chapter's own tools stay here, not at the package root:
``dm.dann.MODES``, ``dm.dann.exercises``, ``dm.dann.train_two_moons``,
``dm.dann.proxy_a_distance``, ``dm.dann.reverse_validation``, ...
"""
from . import evaluation, exercises, model_selection, two_moons, updates  # noqa: F401  (dm.dann.<module>)
from .evaluation import (  # noqa: F401
    domain_features,
    evaluate_dann_model,
    mnist_test_split,
    neighbourhood_scores,
    source_accuracy,
)
from .model_selection import ReverseValidation, choose_by_score, reverse_validation  # noqa: F401
from .models import DANNDomainClassifier, DANNFeatureExtractor, DANNLabelPredictor, DANNNet
from .proxy_a_distance import domain_classifier_error, proxy_a_distance  # noqa: F401
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
from .two_moons import (  # noqa: F401
    ShallowDANN,
    TwoMoonsTask,
    plot_two_moons,
    train_two_moons,
    two_moons_domains,
    two_moons_hidden_pca,
)

__all__ = ["DANNFeatureExtractor", "DANNLabelPredictor", "DANNDomainClassifier", "DANNNet",
           "DANNSettings", "DANNResult", "train_dann", "dann_step", "supervised_step",
           "evaluate_accuracy", "extract_features"]
