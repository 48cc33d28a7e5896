"""AutoRec: autoencoders meet collaborative filtering (Sedhain, Menon, Sanner & Xie, WWW 2015).

Modules: :mod:`.ratings` (validated rating triples, the sparse rating matrix, the split and
the default-3 / clip-to-[1, 5] protocol), :mod:`.losses` (the masked objective of Eq. (2)),
:mod:`.model` (the network of Eq. (1)), :mod:`.baselines` (means, BiasedMF), :mod:`.training`
(full-batch Rprop / L-BFGS / Adam), :mod:`.settings`, :mod:`.exercises`.
"""
from . import (
    exercises,  # noqa: F401
    settings,  # noqa: F401  (registers the chapter's profiles)
)
from .baselines import BiasedMF, global_mean_predictions, item_mean_predictions
from .experiments import (
    AUTOREC_MODELS,
    build_rating_model,
    choose_lambda,
    fit_rating_model,
    run_autorec_split,
)
from .losses import autorec_regulariser, masked_mse
from .model import ACTIVATIONS, AutoRec
from .ratings import (
    DEFAULT_RATING,
    RATING_SCALE,
    RatingSplit,
    predict_with_defaults,
    rating_matrix,
    split_ratings,
    validate_ratings,
)
from .training import evaluate_rmse, predict_split, train_autorec

__all__ = ["BiasedMF", "global_mean_predictions", "item_mean_predictions", "autorec_regulariser",
           "masked_mse", "ACTIVATIONS", "AutoRec", "DEFAULT_RATING", "RATING_SCALE", "RatingSplit",
           "predict_with_defaults", "rating_matrix", "split_ratings", "validate_ratings",
           "evaluate_rmse", "predict_split", "train_autorec", "AUTOREC_MODELS", "build_rating_model",
           "choose_lambda", "fit_rating_model", "run_autorec_split"]
