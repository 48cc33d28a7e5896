"""The co-clustering picture: the data matrix with rows and columns sorted by cluster."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

__all__ = ["plot_reordered_matrix"]


def plot_reordered_matrix(X, row_labels=None, col_labels=None, ax=None, title: str = "",
                          max_rows: int = 300, max_cols: int = 300, shuffle: bool = False,
                          seed: int = 0):
    """Heat map of ``X (N, D)`` with rows (columns) grouped by ``row_labels`` (``col_labels``).

    ``None`` keeps the stored order (``shuffle=True`` permutes it at random: the matrix as a
    co-clustering algorithm must treat it, without any order to exploit). Large matrices are shown on an evenly spread random
    subset of at most ``max_rows x max_cols`` entries; white lines separate clusters.
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
        _, ax = plt.subplots(figsize=(4.5, 4))
    vmax = np.percentile(shown, 99) if shown.max() > 0 else 1.0
    ax.imshow(shown, aspect="auto", cmap="viridis", vmin=min(0.0, shown.min()), vmax=vmax,
              interpolation="nearest")
    for labels, index, line in ((row_labels, rows, ax.axhline), (col_labels, cols, ax.axvline)):
        if labels is not None:
            for edge in np.flatnonzero(np.diff(np.asarray(labels)[index])) + 0.5:
                line(edge, color="white", lw=0.8)
    ax.set_title(title)
    ax.set_xlabel("columns (features)" + (" sorted by column cluster" if col_labels is not None else ""))
    ax.set_ylabel("rows (instances)" + (" sorted by row cluster" if row_labels is not None else ""))
    ax.grid(False)
    return ax
