"""Sizes and schedules of the DeepCC chapter (``quick`` on 2 CPU cores, ``full`` for a GPU).

Per dataset: autoencoder hidden sizes and code size, epochs of autoencoder pretraining and of
joint training, minibatch sizes. ``full`` trains larger networks much longer; the paper does
not list every size, so ``full`` follows the spirit (a few hundred units, long schedules) and
is not a verified copy of the authors' configuration.
"""
from __future__ import annotations

from ..profiles import register_settings

__all__: list[str] = []

_COMMON = dict(lr=1e-3, lr_joint=1e-4, lambda_bound=0.1, lambda_mi=1.0, var_floor=1e-2, init_steps=200)

register_settings(
    "deepcc",
    quick=dict(
        datasets=("WebKB4", "Yale_32x32", "synthetic_data"),
        runs={
            "WebKB4": dict(hidden=(128,), n_code=32, pretrain_epochs=20, epochs=10,
                           batch_rows=256, batch_cols=256, **_COMMON),
            "Yale_32x32": dict(hidden=(128,), n_code=32, pretrain_epochs=100, epochs=100,
                               batch_rows=165, batch_cols=256, **_COMMON),
            "synthetic_data": dict(hidden=(128,), n_code=10, pretrain_epochs=100, epochs=50,
                                   batch_rows=200, batch_cols=200, **_COMMON),
        },
    ),
    full=dict(
        datasets=("WebKB4", "Yale_32x32", "synthetic_data"),
        runs={
            "WebKB4": dict(hidden=(500, 200), n_code=32, pretrain_epochs=200, epochs=200,
                           batch_rows=256, batch_cols=256, **_COMMON),
            "Yale_32x32": dict(hidden=(500, 200), n_code=32, pretrain_epochs=1000, epochs=1000,
                               batch_rows=165, batch_cols=256, **_COMMON),
            "synthetic_data": dict(hidden=(500, 200), n_code=10, pretrain_epochs=1000, epochs=500,
                                   batch_rows=200, batch_cols=200, **_COMMON),
        },
    ),
)
