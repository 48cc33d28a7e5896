"""Information-theoretic co-clustering (ITCC; Dhillon, Mallela, Modha, KDD 2003, Algorithm 1).

Treat the non-negative matrix as a joint distribution ``p(x, y) = X / sum(X)``. A co-clustering
``(x̂, ŷ)`` defines the approximation ``q(x, y) = p(x̂, ŷ) p(x | x̂) p(y | ŷ)``, and the
information it loses is ``I(X;Y) - I(X̂;Ŷ) = KL(p || q)`` (Lemma 2.1, derived in this chapter).
ITCC lowers that loss by alternating two exact steps, each of which never increases it
(Theorem 4.1 of the paper):

* rows:    ``x̂(x) = argmin_s KL(p(Y | x) || q(Y | x̂ = s))`` with ``q(y | x̂) = p(ŷ | x̂) p(y | ŷ)``;
* columns: ``ŷ(y) = argmin_t KL(p(X | y) || q(X | ŷ = t))`` with ``q(x | ŷ) = p(x̂ | ŷ) p(x | x̂)``.

The argmin of a KL over its second argument is an argmax of ``Σ_y p(y|x) log q(y|x̂)``, one
matrix product per step.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["ITCCResult", "itcc"]

_TINY = 1e-300


@dataclass
class ITCCResult:
    """Row labels ``(N,)``, column labels ``(D,)`` and ``KL(p || q)`` in nats after every
    half-step (``losses[0]`` is the random start) of the best restart."""

    row_labels: np.ndarray
    col_labels: np.ndarray
    losses: list[float]


def _one_hot(labels: np.ndarray, n: int) -> np.ndarray:
    return (labels[:, None] == np.arange(n)[None, :]).astype(np.float64)


def _block_sums(P: np.ndarray, rows: np.ndarray, cols: np.ndarray, S: int, T: int) -> np.ndarray:
    """``p(x̂, ŷ)``, ``(S, T)``: ``R^T P C`` with one-hot ``R (N, S)``, ``C (D, T)``."""
    return _one_hot(rows, S).T @ P @ _one_hot(cols, T)


def _mutual_information(P: np.ndarray) -> float:
    outer = P.sum(1, keepdims=True) * P.sum(0, keepdims=True)
    mask = P > 0
    return float((P[mask] * np.log(P[mask] / outer[mask])).sum())


def _reassign(P: np.ndarray, own: np.ndarray, other: np.ndarray, S: int, T: int) -> np.ndarray:
    """New labels of the rows of ``P`` given their labels ``own`` (S clusters) and the column
    labels ``other`` (T clusters): ``argmax_s Σ_y p(y|x) log q(y|x̂=s)``."""
    blocks = _block_sums(P, own, other, S, T)                           # p(x̂, ŷ), (S, T)
    p_hat_given_xhat = blocks / np.maximum(blocks.sum(1, keepdims=True), _TINY)
    py = P.sum(0)
    p_y_given_yhat = py / np.maximum(blocks.sum(0)[other], _TINY)       # p(y | ŷ(y)), (D,)
    q = p_hat_given_xhat[:, other] * p_y_given_yhat[None, :]            # q(y | x̂), (S, D)
    score = P @ np.log(np.maximum(q, _TINY)).T                          # ∝ -KL up to a row constant
    new = score.argmax(1)
    # a row with no mass has no p(Y | x): it keeps its label
    return np.where(P.sum(1) > 0, new, own)


def itcc(X, n_row_clusters: int, n_col_clusters: int, *, seed: int, n_iter: int = 20,
         n_init: int = 5) -> ITCCResult:
    """Co-cluster a non-negative ``X (N, D)`` by ITCC; keep the restart with the lowest loss.

    Each restart starts from uniformly random labels (seeded by ``seed``) and stops after
    ``n_iter`` row+column rounds or when the labels stop changing. CPU only (numpy).
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.size == 0 or not np.isfinite(X).all():
        raise ValueError(f"X must be a finite, non-empty (N, D) matrix, got shape {X.shape}")
    if (X < 0).any() or X.sum() <= 0:
        raise ValueError("X must be non-negative with a positive sum (it is read as p(x, y))")
    for value, name, limit in ((n_row_clusters, "n_row_clusters", X.shape[0]),
                               (n_col_clusters, "n_col_clusters", X.shape[1])):
        if not isinstance(value, (int, np.integer)) or not 1 <= value <= limit:
            raise ValueError(f"{name} must be an integer in [1, {limit}], got {value!r}")
    for value, name in ((n_iter, "n_iter"), (n_init, "n_init")):
        if not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    P = X / X.sum()
    S, T = int(n_row_clusters), int(n_col_clusters)
    total = _mutual_information(P)

    def loss(rows, cols):  # KL(p || q) = I(X;Y) - I(X̂;Ŷ) (Lemma 2.1)
        return total - _mutual_information(_block_sums(P, rows, cols, S, T))

    rng = np.random.default_rng(seed)
    best = None
    for _ in range(n_init):
        rows, cols = rng.integers(0, S, P.shape[0]), rng.integers(0, T, P.shape[1])
        losses = [loss(rows, cols)]
        for _ in range(n_iter):
            new_rows = _reassign(P, rows, cols, S, T)
            losses.append(loss(new_rows, cols))
            new_cols = _reassign(P.T, cols, new_rows, T, S)
            losses.append(loss(new_rows, new_cols))
            changed = not (np.array_equal(new_rows, rows) and np.array_equal(new_cols, cols))
            rows, cols = new_rows, new_cols
            if not changed:
                break
        if best is None or losses[-1] < best.losses[-1]:
            best = ITCCResult(rows.copy(), cols.copy(), losses)
    return best
