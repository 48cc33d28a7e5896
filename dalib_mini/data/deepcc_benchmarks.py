"""The co-clustering benchmark matrices of DeepCC (Xu et al., SDM 2019), as ``.mat`` files.

Under ``<data root>/deepcc/``: ``WebKB4.mat`` (4,199 documents x 1,000 words, 4 classes),
``WebKB_{cornell,texas,washington,wisconsin}.mat`` (~200 x 1,703, 5 classes),
``Yale_32x32.mat`` (165 faces x 1,024 pixels, 15 people) and ``synthetic_data.mat``
(200 x 400 with row *and* column ground truth).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.io import loadmat

from ._download import DatasetCorruptError, data_root, ensure_file

__all__ = ["DEEPCC_DATASETS", "CoClusteringData", "load_deepcc_benchmark"]

DEEPCC_DATASETS = ("WebKB4", "WebKB_cornell", "WebKB_texas", "WebKB_washington",
                   "WebKB_wisconsin", "Yale_32x32", "synthetic_data")
_URL = "https://raw.githubusercontent.com/dongkuanx27/DeepCC/master/Data/{name}.mat"


@dataclass
class CoClusteringData:
    """A data matrix with ground-truth clusters.

    Attributes:
        name: benchmark name.
        X: ``(N, D)`` float32 matrix, rows are instances and columns features.
        row_labels: ``(N,)`` int64 classes of the rows, renumbered 0..K-1.
        col_labels: ``(D,)`` int64 classes of the columns, or None when there is no ground truth.
    """

    name: str
    X: np.ndarray
    row_labels: np.ndarray
    col_labels: np.ndarray | None

    @property
    def n_row_clusters(self) -> int:
        return int(self.row_labels.max()) + 1

    @property
    def n_col_clusters(self) -> int | None:
        return None if self.col_labels is None else int(self.col_labels.max()) + 1


def _labels(array: np.ndarray, expected: int, what: str, path) -> np.ndarray:
    labels = np.asarray(array).reshape(-1)
    if labels.shape[0] != expected:
        raise DatasetCorruptError(f"{path}: {what} has {labels.shape[0]} entries, expected {expected}")
    _, renumbered = np.unique(labels, return_inverse=True)
    return renumbered.astype(np.int64)


def load_deepcc_benchmark(name: str, root=None, download: bool = True) -> CoClusteringData:
    """Load one benchmark matrix (see :data:`DEEPCC_DATASETS`)."""
    if name not in DEEPCC_DATASETS:
        raise ValueError(f"name must be one of {DEEPCC_DATASETS}, got {name!r}")
    path = ensure_file(f"DeepCC benchmark {name}", data_root(root) / "deepcc" / f"{name}.mat",
                       _URL.format(name=name), None, download)
    content = loadmat(path)
    if "fea" not in content or ("gnd" not in content and "gnd_row" not in content):
        keys = sorted(k for k in content if not k.startswith("__"))
        raise DatasetCorruptError(f"{path}: expected keys 'fea' and 'gnd' (or 'gnd_row'), found {keys}")
    X = np.asarray(content["fea"], dtype=np.float32)
    if X.ndim != 2:
        raise DatasetCorruptError(f"{path}: 'fea' must be a matrix, got shape {X.shape}")
    rows = _labels(content.get("gnd", content.get("gnd_row")), X.shape[0], "row labels", path)
    cols = _labels(content["gnd_col"], X.shape[1], "column labels", path) if "gnd_col" in content else None
    return CoClusteringData(name=name, X=X, row_labels=rows, col_labels=cols)
