"""The co-clustering benchmark matrices of DeepCC (Xu et al., SDM 2019), as ``.mat`` files.

Under ``<data root>/deepcc/``: ``WebKB4.mat`` (4,199 documents x 1,000 words, 4 classes),
``WebKB_{cornell,texas,washington,wisconsin}.mat`` (~200 x 1,703, 5 classes),
``Yale_32x32.mat`` (165 faces x 1,024 pixels, 15 people) and ``synthetic_data.mat``
(200 x 400 with row *and* column ground truth).

Upstream publishes no checksum, so the package carries its own: :data:`DEEPCC_SHA256`, the
SHA-256 of each file as the course's data mirror holds it (byte for byte the DeepCC
repository's ``Data/`` folder). ``verify=True`` (the default) checks it before reading, and a
mismatch raises :class:`~dalib_mini.data.ChecksumError` (the file, both digests, what to do). A
file that cannot be parsed (with ``verify=False``) raises
:class:`~dalib_mini.data.DatasetCorruptError` naming it, never scipy's or zlib's bare error.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.io import loadmat

from ._download import DatasetCorruptError, corrupt_file_error, data_root, ensure_file

__all__ = ["DEEPCC_DATASETS", "DEEPCC_SHA256", "CoClusteringData", "load_deepcc_benchmark"]

DEEPCC_DATASETS = ("WebKB4", "WebKB_cornell", "WebKB_texas", "WebKB_washington",
                   "WebKB_wisconsin", "Yale_32x32", "synthetic_data")
_URL = "https://raw.githubusercontent.com/dongkuanx27/DeepCC/master/Data/{name}.mat"
#: SHA-256 of each ``.mat`` file as the course's mirror holds it (upstream publishes none).
DEEPCC_SHA256 = {
    "WebKB4": "b1476061c365eb6fca813c2a774639d4a2f6fb2ebde07ce8525fbd8e5c3d648b",
    "WebKB_cornell": "12c6207d3aec2e2ccb760d4ca60903dcfbea475f0f4e10bf600dd21c3f80fc14",
    "WebKB_texas": "f9a08aa75783daa4f6e4ed469a9d2810765e8e7956c8e3eac4aa97d3b8b29ca7",
    "WebKB_washington": "f20ddff9388cd2ed623d60f3b0b277a51334737b82ff0377211c1675d5dadfa8",
    "WebKB_wisconsin": "181002c7f5ea5013717459b4101e9afa5bcaabbe9a036ba943bade2fe7868c84",
    "Yale_32x32": "beb3cc9f448c1ab786583c8f5429368c299843ee88263f9650ed463004ef7633",
    "synthetic_data": "dfa5a241986bd64b1e87c1870dbb9d6f48bf3a048d79a3e23ecc6fa08d17c668",
}


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


def load_deepcc_benchmark(name: str, root=None, download: bool = True,
                          verify: bool = True) -> CoClusteringData:
    """Load one benchmark matrix (see :data:`DEEPCC_DATASETS`).

    ``verify``: check the file's SHA-256 against :data:`DEEPCC_SHA256` (the mirror's copy).
    """
    if name not in DEEPCC_DATASETS:
        raise ValueError(f"name must be one of {DEEPCC_DATASETS}, got {name!r}")
    dataset, url = f"DeepCC benchmark {name}", _URL.format(name=name)
    path = ensure_file(dataset, data_root(root) / "deepcc" / f"{name}.mat", url, None, download,
                       verify, sha256=DEEPCC_SHA256[name])
    try:
        content = loadmat(path)
    except Exception as error:  # zlib.error, ValueError, OSError, ...: scipy names no file
        raise corrupt_file_error(dataset, path, f"not a readable .mat file: "
                                 f"{type(error).__name__}: {error}", url) from error
    if "fea" not in content or ("gnd" not in content and "gnd_row" not in content):
        keys = sorted(k for k in content if not k.startswith("__"))
        raise DatasetCorruptError(f"{path}: expected keys 'fea' and 'gnd' (or 'gnd_row'), found {keys}")
    X = np.asarray(content["fea"], dtype=np.float32)
    if X.ndim != 2:
        raise DatasetCorruptError(f"{path}: 'fea' must be a matrix, got shape {X.shape}")
    rows = _labels(content.get("gnd", content.get("gnd_row")), X.shape[0], "row labels", path)
    cols = _labels(content["gnd_col"], X.shape[1], "column labels", path) if "gnd_col" in content else None
    return CoClusteringData(name=name, X=X, row_labels=rows, col_labels=cols)
