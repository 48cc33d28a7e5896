"""Sizes and schedules of the AutoRec chapter for both profiles.

``QUICK``: MovieLens 100K (the only MovieLens the offline course has), 3 random 90/10 splits,
hidden size 500 as in the paper, full-batch Rprop. ``FULL``: the paper's protocol (hidden 500,
lambda from the paper's grid {0.001, ..., 100, 1000}, longer training). The paper's data sets
are ML-1M / ML-10M / Netflix; dalib_mini has no offline loader for them, so both profiles run
on 100K (``dataset`` documents the choice).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..profiles import register_settings

__all__ = ["AutoRecSettings", "QUICK", "FULL"]


@dataclass(frozen=True)
class AutoRecSettings:
    """Every number of the AutoRec chapter (one instance per profile)."""

    dataset: str                 # which MovieLens the chapter runs on (documentation only)
    test_fraction: float         # share of the ratings held out as the test set of a split
    validation_fraction: float   # share of the training ratings held out to choose lambda
    # I- and U-AutoRec (every split, and every run of the lambda search)
    hidden: int                  # k, hidden units of AutoRec (the paper: 500)
    hidden_activation: str       # g of Eq. (1): "sigmoid" (paper's best) or "identity"
    output_activation: str       # f of Eq. (1): "identity" (paper's best) or "sigmoid"
    optimizer: str               # full-batch optimizer of every model: "rprop", "lbfgs", "adam"
    lr: float                    # its learning rate (Rprop's initial step size)
    epochs: int                  # full-batch steps of I- and U-AutoRec
    eval_every: int              # epochs between two test-RMSE evaluations (and the last one)
    lam_grid: tuple[float, ...]  # lambda values of Eq. (2) tried for I- and U-AutoRec
    # BiasedMF, trained by the same loop
    mf_rank: int                 # rank of the user and item factors
    mf_epochs: int               # full-batch steps
    mf_lr: float                 # learning rate
    mf_lam_grid: tuple[float, ...]  # lambda values tried
    # figures
    embed_method: str            # 2-D projection of the item codes ("tsne", see dm.embed_2d)


QUICK = AutoRecSettings(
    dataset="ml-100k", test_fraction=0.1, validation_fraction=0.1,
    hidden=500, hidden_activation="sigmoid", output_activation="identity",
    optimizer="rprop", lr=3e-3, epochs=60, eval_every=5, lam_grid=(30.0, 100.0, 300.0),
    mf_rank=20, mf_epochs=100, mf_lr=1e-3, mf_lam_grid=(10.0, 30.0, 100.0),
    embed_method="tsne",
)

FULL = AutoRecSettings(
    dataset="ml-100k (the paper: ml-1m, ml-10m, netflix)", test_fraction=0.1,
    validation_fraction=0.1, hidden=500, hidden_activation="sigmoid",
    output_activation="identity", optimizer="rprop", lr=1e-3, epochs=200, eval_every=5,
    lam_grid=(0.001, 0.01, 0.1, 1.0, 10.0, 30.0, 100.0, 300.0, 1000.0),
    mf_rank=50, mf_epochs=300, mf_lr=1e-3, mf_lam_grid=(1.0, 3.0, 10.0, 30.0, 100.0),
    embed_method="tsne",
)

register_settings("autorec", quick=QUICK, full=FULL)
