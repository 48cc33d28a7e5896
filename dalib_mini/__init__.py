"""dalib_mini: the package behind the course on adversarial and clustering-based learning
across domains. Notebooks import everything they need from here.

Core (every chapter): device and seeds, run profiles, training helpers, metrics, plots,
the results record and the datasets. Each chapter's losses and models live in their own
modules and are re-exported below.
"""
from .data import *  # noqa: F401,F403
from .data import __all__ as _data_all
from .classifiers import SmallConvNet, fit_classifier, predict_proba
from .device import get_device, seed_everything
from .metrics import accuracy, cluster_accuracy, nmi, purity, rmse
from .plotting import embed_2d, plot_embedding, plot_history, set_style, show_images
from .profiles import PROFILES, active_profile, chapter_settings, register_settings
from .results import ChapterRun, load_results, render_results_table, results_dir, start_chapter
from .gradient_reversal import GradientReversal, gradient_reversal
from .training import History, TrainingDiverged, check_finite, progress

__version__ = "0.1.0"

__all__ = [*_data_all, "get_device", "seed_everything", "accuracy", "cluster_accuracy", "nmi",
           "purity", "rmse", "embed_2d", "plot_embedding", "plot_history", "set_style",
           "show_images", "PROFILES", "active_profile", "chapter_settings", "register_settings",
           "ChapterRun", "load_results", "render_results_table", "results_dir", "start_chapter",
           "History", "TrainingDiverged", "check_finite", "progress", "SmallConvNet",
           "fit_classifier", "predict_proba", "GradientReversal", "gradient_reversal"]

# --- chapters (each block re-exports one chapter module's public names) ---
from .gan import *  # noqa: E402,F401,F403
from .dann import *  # noqa: E402,F401,F403
from .amn import *  # noqa: E402,F401,F403
from .srdc import *  # noqa: E402,F401,F403
from .deepcc import *  # noqa: E402,F401,F403
from .autorec import *  # noqa: E402,F401,F403
from .cyclegan import *  # noqa: E402,F401,F403
from .auggan import *  # noqa: E402,F401,F403
from . import gan, dann, amn, srdc, deepcc, autorec, cyclegan, auggan  # noqa: E402

__all__ += [*gan.__all__, *dann.__all__, *amn.__all__, *srdc.__all__, *deepcc.__all__,
            *autorec.__all__, *cyclegan.__all__, *auggan.__all__]
