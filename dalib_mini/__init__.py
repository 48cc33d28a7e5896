"""dalib_mini: the package behind the course on adversarial and clustering-based learning
across domains. Notebooks import everything they need from here.

Core (every chapter): device and seeds, run profiles, training helpers, metrics, plots,
the results record and the datasets; shared by the adaptation chapters: the gradient reversal
layer, the domain loss / batch composition / AdaBN (``adaptation``) and the schedules. Each
chapter's losses and models live in its own subpackage and are re-exported below; a chapter's
constants and exercise checks stay in its namespace (``dm.dann.MODES``, ``dm.gan.exercises``).
"""
from .adaptation import (
    BATCH_NORMS,
    batch_norm_mode,
    build_optimizer,
    domain_accuracy,
    domain_classification_loss,
    forward_domains,
    reestimate_batch_norm,
)
from .classifiers import SmallConvNet, classifier_features, fit_classifier, predict_proba
from .data import *  # noqa: F401,F403
from .data import __all__ as _data_all
from .device import get_device, seed_everything
from .gradient_reversal import GradientReversal, gradient_reversal
from .metrics import accuracy, cluster_accuracy, frechet_distance, nmi, purity, rmse
from .plotting import embed_2d, plot_embedding, plot_history, set_style, show_images
from .profiles import (
    PROFILES,
    active_profile,
    chapter_settings,
    register_settings,
    settings_dict,
    smoke_mode,
    smoke_settings,
)
from .results import (
    ChapterRun,
    load_results,
    record_dir,
    render_results_table,
    results_dir,
    start_chapter,
)
from .schedules import grl_lambda_schedule, learning_rate_schedule
from .training import DivergenceGuard, History, TrainingDiverged, check_finite, progress

__version__ = "0.1.0"

__all__ = [*_data_all, "get_device", "seed_everything", "accuracy", "cluster_accuracy", "nmi",
           "purity", "rmse", "frechet_distance", "embed_2d", "plot_embedding", "plot_history", "set_style",
           "show_images", "PROFILES", "active_profile", "chapter_settings", "register_settings",
           "settings_dict", "smoke_mode", "smoke_settings", "ChapterRun", "load_results", "record_dir", "render_results_table",
           "results_dir", "start_chapter", "BATCH_NORMS", "batch_norm_mode", "build_optimizer",
           "domain_accuracy", "domain_classification_loss", "forward_domains",
           "reestimate_batch_norm", "grl_lambda_schedule", "learning_rate_schedule",
           "DivergenceGuard", "History", "TrainingDiverged", "check_finite", "progress", "SmallConvNet",
           "classifier_features", "fit_classifier", "predict_proba", "GradientReversal", "gradient_reversal"]

# --- chapters (each block re-exports one chapter module's public names) ---
from . import amn, auggan, autorec, cyclegan, dann, deepcc, gan, srdc  # noqa: E402
from .amn import *  # noqa: E402,F401,F403
from .auggan import *  # noqa: E402,F401,F403
from .autorec import *  # noqa: E402,F401,F403
from .cyclegan import *  # noqa: E402,F401,F403
from .dann import *  # noqa: E402,F401,F403
from .deepcc import *  # noqa: E402,F401,F403
from .gan import *  # noqa: E402,F401,F403
from .srdc import *  # noqa: E402,F401,F403

__all__ += [*gan.__all__, *dann.__all__, *amn.__all__, *srdc.__all__, *deepcc.__all__,
            *autorec.__all__, *cyclegan.__all__, *auggan.__all__]
