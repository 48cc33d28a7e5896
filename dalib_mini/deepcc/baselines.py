"""The baselines DeepCC is compared with, from scikit-learn, on the same preprocessed matrix:
k-means on the rows, spectral co-clustering (Dhillon, KDD 2001) and NMF (rows assigned to
their largest factor loading)."""
from __future__ import annotations

import warnings

import numpy as np
from sklearn.cluster import KMeans, SpectralCoclustering
from sklearn.decomposition import NMF

__all__ = ["BASELINES", "cluster_baseline", "score_coclustering"]

BASELINES = ("kmeans", "spectral_cocluster", "nmf")


def cluster_baseline(method: str, X: np.ndarray, n_clusters: int, *, seed: int):
    """Return ``(row_labels (N,), col_labels (D,) or None)`` of one baseline on ``X (N, D)``.

    scikit-learn on the CPU, seeded through ``random_state=seed`` only (the global random
    state is neither used nor changed), so it takes no ``device``.
    """
    if method not in BASELINES:
        raise ValueError(f"method must be one of {BASELINES}, got {method!r}")
    X = np.asarray(X, dtype=np.float64)
    if method == "kmeans":
        return KMeans(n_clusters, n_init=10, random_state=seed).fit_predict(X), None
    if (X < 0).any():
        raise ValueError(f"{method} needs a non-negative X")
    if method == "spectral_cocluster":
        # a tiny offset keeps all-zero rows/columns from dividing by zero in the normalization
        model = SpectralCoclustering(n_clusters, random_state=seed).fit(X + 1e-9)
        return model.row_labels_, model.column_labels_
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # NMF's max_iter warning: the assignment is stable earlier
        nmf = NMF(n_clusters, init="nndsvda", random_state=seed, max_iter=300)
        W = nmf.fit_transform(X)
    return W.argmax(1), nmf.components_.argmax(0)


def score_coclustering(data, method: str, seed: int, row_labels, col_labels=None) -> dict:
    """One table row: NMI, purity (the paper's "ACC") and Hungarian accuracy of the rows, and the
    column NMI where ``data.col_labels`` exists. ``data`` is a ``CoClusteringData``."""
    from ..metrics import cluster_accuracy, nmi, purity

    row = {"dataset": data.name, "method": method, "seed": seed,
           "nmi": nmi(data.row_labels, row_labels), "purity": purity(data.row_labels, row_labels),
           "acc": cluster_accuracy(data.row_labels, row_labels), "col_nmi": float("nan")}
    if data.col_labels is not None and col_labels is not None:
        row["col_nmi"] = nmi(data.col_labels, col_labels)
    return row
