"""Sizes and schedules of the AutoRec chapter for both profiles.

``QUICK``: MovieLens 100K (the only MovieLens the offline course has), 3 random 90/10 splits,
hidden size 500 as in the paper, full-batch Rprop, a 5-point sweep of the hidden size and a
2-point lambda grid for the activation ablation. ``FULL``: the paper's protocol (hidden 500,
lambda from the paper's grid {0.001, ..., 100, 1000}, longer training, a 9-point sweep). The paper's data sets
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
    tol: float | None            # stop once the objective fell by less than this share over the
    #                              last 10 epochs (None: always run ``epochs``)
    # BiasedMF, trained by the same loop
    mf_rank: int                 # rank of the user and item factors
    mf_epochs: int               # full-batch steps
    mf_lr: float                 # learning rate
    mf_lam_grid: tuple[float, ...]  # lambda values tried
    # the paper's Fig. 2 (hidden units) and its deeper variant
    hidden_grid: tuple[int, ...]   # k values of I-AutoRec swept on every split
    deep_hidden: tuple[int, ...]   # hidden sizes of the deep I-AutoRec (the paper: 500, 250, 500)
    # activation ablation (the paper's Table 1(b)), trained until converged
    ablation_lam_grid: tuple[float, ...]  # lambda values tried for every (f, g)
    ablation_epochs: int         # cap on the epochs of one ablation run
    ablation_tol: float          # its convergence criterion (see ``tol``)
    # linear AutoRec against the truncated SVD
    svd_rank: int                # k of the linear, unregularised I-AutoRec
    svd_epochs: int              # full-batch Rprop steps of that fit
    svd_lr: float                # its initial Rprop step
    # figures
    embed_method: str            # 2-D projection of the item codes ("tsne", see dm.embed_2d)
    knn_neighbors: int           # neighbours of the k-NN genre probe of the item codes


QUICK = AutoRecSettings(
    dataset="ml-100k", test_fraction=0.1, validation_fraction=0.1,
    hidden=500, hidden_activation="sigmoid", output_activation="identity",
    optimizer="rprop", lr=3e-3, epochs=60, eval_every=5, lam_grid=(30.0, 100.0, 300.0),
    tol=None, mf_rank=20, mf_epochs=100, mf_lr=1e-3, mf_lam_grid=(10.0, 30.0, 100.0),
    hidden_grid=(10, 50, 100, 200, 500), deep_hidden=(500, 250, 500),
    ablation_lam_grid=(100.0, 1000.0), ablation_epochs=200, ablation_tol=0.01,
    svd_rank=10, svd_epochs=300, svd_lr=1e-3,
    embed_method="tsne", knn_neighbors=10,
)

FULL = AutoRecSettings(
    dataset="ml-100k (the paper: ml-1m, ml-10m, netflix)", test_fraction=0.1,
    validation_fraction=0.1, hidden=500, hidden_activation="sigmoid",
    output_activation="identity", optimizer="rprop", lr=1e-3, epochs=200, eval_every=5,
    lam_grid=(0.001, 0.01, 0.1, 1.0, 10.0, 30.0, 100.0, 300.0, 1000.0),
    tol=None, mf_rank=50, mf_epochs=300, mf_lr=1e-3, mf_lam_grid=(1.0, 3.0, 10.0, 30.0, 100.0),
    hidden_grid=(10, 20, 40, 80, 100, 200, 300, 400, 500), deep_hidden=(500, 250, 500),
    ablation_lam_grid=(10.0, 100.0, 1000.0, 10000.0), ablation_epochs=1000, ablation_tol=0.001,
    svd_rank=10, svd_epochs=1000, svd_lr=1e-3,
    embed_method="tsne", knn_neighbors=10,
)

register_settings("autorec", quick=QUICK, full=FULL)
