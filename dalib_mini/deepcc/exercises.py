"""Self-checks for the DeepCC exercises. Each raises AssertionError with a hint when wrong."""
from __future__ import annotations

import math

import torch

from .gmm import gmm_log_likelihood, gmm_posterior, gmm_statistics
from .mutual_information import block_joint, mutual_information

__all__ = ["check_mutual_information", "check_jensen_lower_bound", "check_block_joint"]


def _random_joint(n: int, d: int, seed: int) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    table = torch.rand(n, d, generator=g, dtype=torch.float64) ** 3
    return table / table.sum()


def check_mutual_information(fn) -> None:
    """``fn(joint (N, D)) -> I(X;Y)`` in nats, a scalar tensor."""
    independent = torch.outer(torch.tensor([0.2, 0.8], dtype=torch.float64),
                               torch.tensor([0.5, 0.3, 0.2], dtype=torch.float64))
    got = float(fn(independent))
    assert abs(got) < 1e-9, f"independent rows and columns have I = 0, got {got:.4g}"
    diagonal = torch.eye(4, dtype=torch.float64) / 4
    got = float(fn(diagonal))
    assert abs(got - math.log(4)) < 1e-9, (
        f"a diagonal 4x4 table has I = log 4 = {math.log(4):.4f} nats, got {got:.4f}; "
        "did you skip the zero cells (0 log 0 = 0) and use natural logs?")
    joint = _random_joint(7, 5, 0)
    got, want = float(fn(joint)), float(mutual_information(joint))
    assert abs(got - want) < 1e-9, f"on a random table I = {want:.6f}, got {got:.6f}"


def check_jensen_lower_bound(fn) -> None:
    """``fn(codes (N, E), q (N, K), stats) -> (N,)`` bound ``E_Q[log P(k,h)] + H(Q)``."""
    g = torch.Generator().manual_seed(0)
    codes = torch.randn(30, 3, generator=g, dtype=torch.float64)
    q = torch.softmax(torch.randn(30, 4, generator=g, dtype=torch.float64), 1)
    stats = gmm_statistics(codes, q)
    log_p = gmm_log_likelihood(codes, stats)
    bound = fn(codes, q, stats)
    assert bound.shape == (30,), f"one bound per instance: expected shape (30,), got {tuple(bound.shape)}"
    assert (bound <= log_p + 1e-9).all(), "the bound must never exceed log P(h_i) (Jensen)"
    assert (bound < log_p - 1e-6).any(), "for a Q that is not the posterior the bound should be strictly below log P(h)"
    posterior = gmm_posterior(codes, stats)
    tight = fn(codes, posterior, stats)
    assert torch.allclose(tight, log_p, atol=1e-9), (
        "with Q equal to the posterior the bound must equal log P(h_i); did you add the entropy H(Q)?")


def check_block_joint(fn) -> None:
    """``fn(joint (N, D), row_labels (N,), col_labels (D,), S, T) -> (S, T)`` block sums."""
    joint = _random_joint(6, 5, 1)
    rows = torch.tensor([0, 1, 0, 2, 2, 1])
    cols = torch.tensor([1, 0, 1, 1, 0])
    got = fn(joint, rows, cols, 3, 2)
    assert tuple(got.shape) == (3, 2), f"expected shape (3, 2), got {tuple(got.shape)}"
    assert abs(float(got.sum()) - 1.0) < 1e-9, "block sums of a joint distribution must sum to 1"
    want = block_joint(joint, rows, cols, 3, 2)
    assert torch.allclose(got, want, atol=1e-12), (
        "entry (s, t) must be the sum of joint[i, j] over rows i with label s and columns j with label t")
    empty = fn(joint, torch.zeros(6, dtype=torch.long), cols, 2, 2)
    assert torch.allclose(empty[1], torch.zeros(2, dtype=torch.float64)), "an empty row cluster gives a zero row"
