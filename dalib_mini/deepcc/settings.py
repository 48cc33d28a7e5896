"""Sizes and schedules of the DeepCC chapter (``quick`` on 2 CPU cores, ``full`` for a GPU).

:class:`DeepCCSettings` names the benchmark matrices of the chapter and holds one
:class:`DeepCCRunSettings` per matrix: autoencoder hidden sizes and code size, epochs of
autoencoder pretraining and of joint training, minibatch sizes, learning rates and loss
weights. ``train_deepcc(data, cfg.runs[name], ...)`` takes one of them. ``full`` trains the
authors' autoencoder sizes (hidden layers 500-200-100 and a 40-d code, as their released
``main_coil20.py`` sets for Coil20) much longer; its schedules and weights are the course's (the
authors' weights multiply sums where ours multiply means, so they do not transfer).

An override is :func:`dataclasses.replace`, e.g. on one dataset's run settings:
``dataclasses.replace(cfg.runs["Yale_32x32"], epochs=5)``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ..profiles import register_settings

__all__ = ["DeepCCRunSettings", "DeepCCSettings"]


@dataclass(frozen=True)
class DeepCCRunSettings:
    """Every number of one DeepCC run (one data matrix)."""

    hidden: tuple[int, ...]  # hidden layer sizes of both autoencoders (encoder order)
    n_code: int              # code size E of both autoencoders
    pretrain_epochs: int     # epochs of reconstruction-only pretraining of each autoencoder
    epochs: int              # epochs of joint training (one epoch = one pass over the rows)
    batch_rows: int          # rows (instances) per minibatch
    batch_cols: int          # columns (features) drawn at random for each row minibatch
    lr: float                # Adam learning rate of autoencoder pretraining
    lr_joint: float          # Adam learning rate of joint training
    lambda_rec: float        # weight of both reconstruction errors (MSE on z-scored inputs)
    lambda_ae: float         # weight of P_ae, the mean squared weight of both autoencoders
    lambda_bound: float      # weight of the Jensen bounds of both views (per code dimension)
    lambda_cov: float        # weight of P_inf(Σ) = mean 1/σ² of both mixtures (stops the collapse)
    lambda_mi: float         # weight of the cross loss 1 - I(X^;Y^) / I(X;Y) on the posteriors γ
    var_floor: float         # floor added to every mixture variance (float32 safety only)
    init_steps: int          # full-batch steps fitting each inference network to k-means
    lr_init: float           # Adam learning rate of that initialisation
    inference_hidden: int    # hidden units of each inference network Q(k|h)
    kmeans_n_init: int       # k-means restarts on the pretrained codes
    monitor_every: int = 1   # epochs between two row-NMI readings (monitor only, never trained on)
    mixture_on: str = "code"  # the mixture models the codes z ("code") or h itself ("assignment")


@dataclass(frozen=True)
class DeepCCSettings:
    """The DeepCC chapter: which benchmark matrices, and the run settings of each."""

    datasets: tuple[str, ...]                # benchmark matrices, in the order the notebook shows them
    runs: Mapping[str, DeepCCRunSettings]    # dataset name -> its run settings
    itcc_n_init: int = 5                     # ITCC restarts (the lowest information loss is kept)
    itcc_n_iter: int = 20                    # ITCC row+column rounds at most per restart


# lr_joint and lambda_mi: chosen by a rule that reads no label (no collapse of the row-cluster
# sizes on WebKB4 and Yale, then the lowest objective), see deepcc/tuning.py and
# results/deepcc_tuning.csv; one setting for every dataset
_COMMON = dict(lr=1e-3, lr_joint=3e-4, lambda_rec=0.1, lambda_ae=0.02, lambda_bound=0.1,
               lambda_cov=0.1, lambda_mi=0.1, var_floor=1e-4, init_steps=200, lr_init=1e-2,
               inference_hidden=32, kmeans_n_init=10)
_DATASETS = ("WebKB4", "Yale_32x32", "synthetic_data")

QUICK = DeepCCSettings(
    datasets=_DATASETS,
    runs={
        "WebKB4": DeepCCRunSettings(hidden=(128,), n_code=32, pretrain_epochs=20, epochs=10,
                                    batch_rows=256, batch_cols=256, **_COMMON),
        "Yale_32x32": DeepCCRunSettings(hidden=(128,), n_code=32, pretrain_epochs=100, epochs=100,
                                        batch_rows=165, batch_cols=256, **_COMMON),
        "synthetic_data": DeepCCRunSettings(hidden=(128,), n_code=10, pretrain_epochs=100,
                                            epochs=50, batch_rows=200, batch_cols=200, **_COMMON),
    },
)

#: the autoencoders of the authors' code (github.com/dongkuanx27/Deep-Co-Clustering,
#: DeepCC/Code/main_coil20.py: ae_config = [input, 500, 200, 100, 40])
FULL = DeepCCSettings(
    datasets=_DATASETS,
    runs={
        "WebKB4": DeepCCRunSettings(hidden=(500, 200, 100), n_code=40, pretrain_epochs=200,
                                    epochs=200, batch_rows=256, batch_cols=256, **_COMMON),
        "Yale_32x32": DeepCCRunSettings(hidden=(500, 200, 100), n_code=40, pretrain_epochs=1000,
                                        epochs=1000, batch_rows=165, batch_cols=256, **_COMMON),
        "synthetic_data": DeepCCRunSettings(hidden=(500, 200, 100), n_code=40,
                                            pretrain_epochs=1000, epochs=500, batch_rows=200,
                                            batch_cols=200, **_COMMON),
    },
)

register_settings("deepcc", quick=QUICK, full=FULL)
