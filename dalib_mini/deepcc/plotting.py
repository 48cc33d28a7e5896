"""The co-clustering pictures: the data matrix with rows and columns sorted by cluster, the
K x K co-cluster matrix p(x̂, ŷ), and the confusion matrix of clusters against classes."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.metrics.cluster import contingency_matrix

__all__ = ["plot_reordered_matrix", "plot_cocluster_matrix", "plot_cluster_confusion"]


def plot_reordered_matrix(X, row_labels=None, col_labels=None, ax=None, title: str = "",
                          max_rows: int = 300, max_cols: int = 300, shuffle: bool = False,
                          seed: int = 0, value_label: str = "value"):
    """Heat map of ``X (N, D)`` with rows (columns) grouped by ``row_labels`` (``col_labels``).

    ``None`` keeps the stored order (``shuffle=True`` permutes it at random: the matrix as a
    co-clustering algorithm must treat it, without any order to exploit). Large matrices are
    shown on a random subset of at most ``max_rows x max_cols`` entries, which the title says;
    white lines separate clusters; the colour bar is labelled ``value_label``.
    """
    X = np.asarray(X, dtype=np.float32)
    if X.ndim != 2:
        raise ValueError(f"X must be a matrix (N, D), got shape {X.shape}")
    rng = np.random.default_rng(seed)
    rows = np.sort(rng.choice(X.shape[0], min(max_rows, X.shape[0]), replace=False))
    cols = np.sort(rng.choice(X.shape[1], min(max_cols, X.shape[1]), replace=False))
    if shuffle:
        rows, cols = rng.permutation(rows), rng.permutation(cols)
    if row_labels is not None:
        rows = rows[np.argsort(np.asarray(row_labels)[rows], kind="stable")]
    if col_labels is not None:
        cols = cols[np.argsort(np.asarray(col_labels)[cols], kind="stable")]
    shown = X[np.ix_(rows, cols)]
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4))
    vmax = np.percentile(shown, 99) if shown.max() > 0 else 1.0
    image = ax.imshow(shown, aspect="auto", cmap="viridis", vmin=min(0.0, shown.min()), vmax=vmax,
                      interpolation="nearest")
    ax.figure.colorbar(image, ax=ax, label=value_label + " (clipped at the 99th percentile)")
    for labels, index, line in ((row_labels, rows, ax.axhline), (col_labels, cols, ax.axvline)):
        if labels is not None:
            for edge in np.flatnonzero(np.diff(np.asarray(labels)[index])) + 0.5:
                line(edge, color="white", lw=0.8)
    if len(rows) < X.shape[0] or len(cols) < X.shape[1]:
        title = f"{title}\n(random {len(rows)} of {X.shape[0]} rows x {len(cols)} of {X.shape[1]} columns)"
    ax.set_title(title)
    ax.set_xlabel("columns (features)" + (" sorted by column cluster" if col_labels is not None else ""))
    ax.set_ylabel("rows (instances)" + (" sorted by row cluster" if row_labels is not None else ""))
    ax.grid(False)
    return ax


def plot_cocluster_matrix(blocks, ax=None, title: str = "", annotate: bool = True):
    """Heat map of a co-cluster joint ``p(x̂, ŷ)`` ``(S, T)`` (e.g. from ``block_joint``)."""
    blocks = np.asarray(blocks, dtype=np.float64)
    if blocks.ndim != 2:
        raise ValueError(f"blocks must be a matrix (S, T), got shape {blocks.shape}")
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 3.5))
    image = ax.imshow(blocks, cmap="magma", interpolation="nearest")
    ax.figure.colorbar(image, ax=ax, label="p(x̂, ŷ)")
    if annotate and blocks.size <= 36:
        for (s, t), value in np.ndenumerate(blocks):
            ax.text(t, s, f"{value:.2f}", ha="center", va="center",
                    color="black" if value > 0.6 * blocks.max() else "white", fontsize=8)
    ax.set(title=title, xlabel="column cluster ŷ", ylabel="row cluster x̂")
    ax.grid(False)
    return ax


def plot_cluster_confusion(labels_true, labels_pred, ax=None, title: str = ""):
    """Rows: classes; columns: clusters, reordered by the Hungarian matching so that a perfect
    clustering is diagonal. Cells hold counts."""
    table = contingency_matrix(np.asarray(labels_true), np.asarray(labels_pred))  # (classes, clusters)
    _, order = linear_sum_assignment(table, maximize=True)
    order = np.concatenate([order, np.setdiff1d(np.arange(table.shape[1]), order)])
    table = table[:, order]
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 3.5))
    image = ax.imshow(table, cmap="Blues", interpolation="nearest")
    ax.figure.colorbar(image, ax=ax, label="instances")
    if table.size <= 36:
        for (i, j), value in np.ndenumerate(table):
            ax.text(j, i, str(value), ha="center", va="center",
                    color="white" if value > 0.6 * table.max() else "black", fontsize=8)
    ax.set(title=title, xlabel="cluster (matched to the classes)", ylabel="class")
    ax.grid(False)
    return ax
