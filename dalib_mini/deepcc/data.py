"""Preprocessing of the DeepCC benchmark matrices, shared by DeepCC and every baseline."""
from __future__ import annotations

import dataclasses

import numpy as np
from sklearn.feature_extraction.text import TfidfTransformer

from ..data.deepcc_benchmarks import CoClusteringData

__all__ = ["preprocess_benchmark", "preprocess_matrix"]


def preprocess_matrix(name: str, X: np.ndarray) -> np.ndarray:
    """``(N, D)`` -> ``(N, D)`` float32: WebKB word counts -> tf-idf with L2-normalised rows;
    Yale pixels 0..255 -> [0, 1]; the synthetic matrix -> shifted to min 0, divided by its std."""
    X = np.asarray(X, dtype=np.float32)
    if X.ndim != 2:
        raise ValueError(f"X must be a matrix (N, D), got shape {X.shape}")
    if name.startswith("WebKB"):
        return TfidfTransformer(norm="l2").fit_transform(X).toarray().astype(np.float32)
    if name.startswith("Yale"):
        return X / np.float32(255.0)
    if name == "synthetic_data":
        # shifted to be non-negative: spectral co-clustering and NMF need it, the others do not mind
        return (X - X.min()) / X.std()
    raise ValueError(f"name must be a DeepCC benchmark (WebKB*, Yale_32x32, synthetic_data), got {name!r}")


def preprocess_benchmark(data: CoClusteringData) -> CoClusteringData:
    """``data`` with its matrix preprocessed by :func:`preprocess_matrix` (labels unchanged):
    the form ``train_deepcc`` and the baselines take."""
    return dataclasses.replace(data, X=preprocess_matrix(data.name, data.X))
