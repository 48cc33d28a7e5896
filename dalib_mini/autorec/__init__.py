"""AutoRec: autoencoders meet collaborative filtering (Sedhain, Menon, Sanner & Xie, WWW 2015).

Modules: :mod:`.ratings` (validated rating triples, the sparse rating matrix, the split and
the default-3 / clip-to-[1, 5] protocol), :mod:`.losses` (the masked objective of Eq. (2)),
:mod:`.models` (the network of Eq. (1) and the chapter's three models), :mod:`.baselines`
(means, BiasedMF), :mod:`.training` (full-batch Rprop / L-BFGS / Adam, the convergence
criterion), :mod:`.experiments` (choosing lambda, one split, the hidden-size sweep, the
activation ablation), :mod:`.linear` (a linear AutoRec against the truncated SVD),
:mod:`.diagnostics` (rating counts, RMSE by popularity, the genre probe of the item codes),
:mod:`.settings`, :mod:`.exercises`.

The package root re-exports the models, losses, trainers, data functions and result/settings
types; the constants (``AUTOREC_MODELS``, ``DEEP_MODEL``, ``ABLATION_ACTIVATIONS``,
``ACTIVATIONS``, ``OPTIMIZERS``, ``RATING_SCALE``, ``DEFAULT_RATING``) and the exercise checks
stay here: ``dm.autorec.AUTOREC_MODELS``,
``dm.autorec.exercises.check_masked_loss``.
"""
from . import exercises  # noqa: F401  (dm.autorec.exercises.check_*)
from .baselines import BiasedMF, global_mean_predictions, item_mean_predictions
from .diagnostics import (
    knn_genre_accuracy,
    rarest_genre,
    rating_count_summary,
    rmse_by_training_count,
)
from .experiments import (  # noqa: F401
    ABLATION_ACTIVATIONS,
    AutoRecSplitResult,
    choose_lambda,
    run_activation_ablation,
    run_autorec_split,
    run_hidden_units_sweep,
)
from .linear import fit_linear_autorec, reconstruction_errors, truncated_svd_reconstruction
from .losses import autorec_objective, autorec_regularizer, masked_mse
from .models import (  # noqa: F401
    ACTIVATIONS,
    AUTOREC_MODELS,
    DEEP_MODEL,
    AutoRec,
    DeepAutoRec,
    build_rating_model,
)
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
    autorec_step,
    evaluate_rmse,
    objective_change,
    predict_split,
    train_autorec,
)

__all__ = ["AutoRecSettings", "AutoRec", "BiasedMF", "build_rating_model", "masked_mse",
           "autorec_regularizer", "autorec_objective", "train_autorec", "AutoRecResult",
           "choose_lambda", "run_autorec_split", "AutoRecSplitResult", "evaluate_rmse",
           "predict_split", "global_mean_predictions", "item_mean_predictions", "RatingSplit",
           "predict_with_defaults", "rating_matrix", "split_ratings", "validate_ratings",
           "DeepAutoRec", "autorec_step", "objective_change", "run_hidden_units_sweep",
           "run_activation_ablation", "fit_linear_autorec", "truncated_svd_reconstruction",
           "reconstruction_errors", "rating_count_summary", "rmse_by_training_count",
           "rarest_genre", "knn_genre_accuracy"]
