"""Self-checks for the SRDC chapter's exercises. Each ``check_*`` raises AssertionError with a
hint when the learner's function is wrong and prints a confirmation when it is right.
Solutions: :mod:`dalib_mini.solutions.srdc`.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from .auxiliary_targets import auxiliary_objective, target_distribution
from .source_weights import source_weights
from .student_t import student_t_assignment

__all__ = ["check_target_distribution", "check_student_t_assignment", "check_source_weights"]


def _random_p(n: int = 40, k: int = 5, seed: int = 0) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    return torch.softmax(2.0 * torch.randn(n, k, generator=g, dtype=torch.float64), dim=1)


def check_target_distribution(fn) -> None:
    """Exercise 1: ``fn(p)`` must return SRDC's auxiliary target (Eq. 3) for ``p`` ``(N, K)``."""
    p = _random_p()
    q = fn(p.clone())
    assert isinstance(q, torch.Tensor) and q.shape == p.shape, \
        f"expected a tensor of shape {tuple(p.shape)}, got {getattr(q, 'shape', type(q))}"
    assert torch.allclose(q.sum(1), torch.ones(p.shape[0], dtype=q.dtype), atol=1e-6), \
        "every row of q must sum to 1: normalise over k after dividing"
    expected = target_distribution(p)
    if torch.allclose(q, p * p / p.sum(0) / (p * p / p.sum(0)).sum(1, keepdim=True), atol=1e-6):
        raise AssertionError("that is DEC's target p^2 / f (sharpening); SRDC divides p by "
                             "the square root of the cluster mass, without squaring p")
    assert torch.allclose(q, expected, atol=1e-6), \
        "q_ik should be proportional to p_ik / sqrt(sum_i' p_i'k) (sum over samples, dim 0)"
    assert auxiliary_objective(q, p) <= auxiliary_objective(p, p) + 1e-12
    print("correct: q has rows summing to 1 and lowers KL(Q||P) + sum f log f below Q = P")


def check_student_t_assignment(fn) -> None:
    """Exercise 2: ``fn(z, centers)`` must return the Student-t soft assignment (Eq. 5, alpha = 1)."""
    g = torch.Generator().manual_seed(1)
    z = torch.randn(30, 4, generator=g, dtype=torch.float64)
    centers = 2.0 * torch.randn(6, 4, generator=g, dtype=torch.float64)
    p = fn(z, centers)
    assert isinstance(p, torch.Tensor) and p.shape == (30, 6), \
        f"expected shape (30, 6), got {getattr(p, 'shape', type(p))}"
    assert torch.allclose(p.sum(1), torch.ones(30, dtype=p.dtype), atol=1e-6), "rows must sum to 1"
    nearest = torch.cdist(z, centers).argmin(1)
    assert torch.equal(p.argmax(1), nearest), "each row must peak at the nearest center"
    assert torch.allclose(p, student_t_assignment(z, centers, 1.0), atol=1e-6), \
        "use the kernel (1 + ||z_i - mu_k||^2)^-1 (squared distance), then normalise over k"
    print("correct: rows sum to 1, peak at the nearest center and match Eq. 5")


def check_source_weights(fn) -> None:
    """Exercise 3: ``fn(z, labels, centroids)`` must return w_j = (1 + cos(z_j, c_{y_j})) / 2."""
    g = torch.Generator().manual_seed(2)
    z = torch.randn(25, 8, generator=g)
    labels = torch.randint(0, 4, (25,), generator=g)
    centroids = torch.randn(4, 8, generator=g)
    w = fn(z, labels, centroids)
    assert isinstance(w, torch.Tensor) and w.shape == (25,), \
        f"expected one weight per source sample, shape (25,), got {getattr(w, 'shape', type(w))}"
    assert (w >= -1e-6).all() and (w <= 1 + 1e-6).all(), "weights must lie in [0, 1]"
    cos_any = F.cosine_similarity(z, centroids[0].expand_as(z), dim=1)
    assert not torch.allclose(w, 0.5 * (1 + cos_any), atol=1e-5), \
        "compare each sample with the centroid of ITS OWN class: centroids[labels]"
    assert torch.allclose(w, source_weights(z, labels, centroids), atol=1e-5), \
        "w_j = 0.5 * (1 + cosine similarity between z_j and centroids[y_j])"
    print("correct: weights in [0, 1], each against its own class's target centroid")
