"""AutoRec: autoencoders meet collaborative filtering (Sedhain, Menon, Sanner & Xie, WWW 2015).

Modules: :mod:`.ratings` (validated rating triples, the sparse rating matrix, the split and
the default-3 / clip-to-[1, 5] protocol), :mod:`.losses` (the masked objective of Eq. (2)),
:mod:`.models` (the network of Eq. (1) and the chapter's three models), :mod:`.baselines`
(means, BiasedMF), :mod:`.training` (full-batch Rprop / L-BFGS / Adam), :mod:`.experiments`
(choosing lambda, one split), :mod:`.settings`, :mod:`.exercises`.

The package root re-exports the models, losses, trainers, data functions and result/settings
types; the constants (``AUTOREC_MODELS``, ``ACTIVATIONS``, ``OPTIMIZERS``, ``RATING_SCALE``,
``DEFAULT_RATING``) and the exercise checks stay here: ``dm.autorec.AUTOREC_MODELS``,
``dm.autorec.exercises.check_masked_loss``.
"""
from . import exercises  # noqa: F401  (dm.autorec.exercises.check_*)
from .baselines import BiasedMF, global_mean_predictions, item_mean_predictions
from .experiments import AutoRecSplitResult, choose_lambda, run_autorec_split
from .losses import autorec_objective, autorec_regularizer, masked_mse
from .models import ACTIVATIONS, AUTOREC_MODELS, AutoRec, build_rating_model  # noqa: F401
from .ratings import (  # noqa: F401  (the constants stay in this namespace)
    DEFAULT_RATING,
    RATING_SCALE,
    RatingSplit,
    predict_with_defaults,
    rating_matrix,
    split_ratings,
    validate_ratings,
)
from .settings import AutoRecSettings
from .training import (  # noqa: F401
    OPTIMIZERS,
    AutoRecResult,
    evaluate_rmse,
    predict_split,
    train_autorec,
)

__all__ = ["AutoRecSettings", "AutoRec", "BiasedMF", "build_rating_model", "masked_mse",
           "autorec_regularizer", "autorec_objective", "train_autorec", "AutoRecResult",
           "choose_lambda", "run_autorec_split", "AutoRecSplitResult", "evaluate_rmse",
           "predict_split", "global_mean_predictions", "item_mean_predictions", "RatingSplit",
           "predict_with_defaults", "rating_matrix", "split_ratings", "validate_ratings"]
