"""Self-checks for the AutoRec chapter's exercises. Each raises AssertionError with a hint."""
from __future__ import annotations

import numpy as np
import torch

from .models import AutoRec
from .ratings import DEFAULT_RATING, RATING_SCALE

__all__ = ["check_masked_loss", "check_parameter_count", "check_default_and_clip"]


def check_masked_loss(fn) -> None:
    """``fn(pred, target, mask)`` must return the *sum* of squared errors over observed entries
    (the data term of Eq. (2)), with zero gradient on the unobserved outputs."""
    gen = torch.Generator().manual_seed(0)
    pred = (torch.rand(6, 5, generator=gen, dtype=torch.float64) * 4 + 1).requires_grad_()
    target = torch.randint(1, 6, (6, 5), generator=gen).double()
    mask = torch.rand(6, 5, generator=gen) < 0.4
    target = target * mask
    loss = fn(pred, target, mask)
    expected = sum((pred[i, j] - target[i, j]).item() ** 2 for i, j in zip(*np.nonzero(mask.numpy())))
    assert torch.is_tensor(loss) and loss.ndim == 0, "return a scalar tensor (so that it can be backpropagated)"
    assert abs(loss.item() - expected) < 1e-8, (
        f"got {loss.item():.4f}, expected {expected:.4f}: sum (do not average) the squared errors "
        "over the entries where mask is true, and ignore all others")
    loss.backward()
    assert pred.grad is not None and torch.all(pred.grad[~mask] == 0), (
        "the gradient with respect to unobserved outputs must be exactly 0")


def check_parameter_count(fn) -> None:
    """``fn(n_inputs, hidden)`` must return the number of trainable parameters of AutoRec."""
    for d, k in [(943, 500), (1682, 500), (7, 3)]:
        expected = sum(p.numel() for p in AutoRec(d, k).parameters())
        got = fn(d, k)
        assert int(got) == expected, (
            f"for d={d}, k={k} you return {got}, AutoRec has {expected}: count V (k x d), "
            "W (d x k) and both bias vectors mu (k) and b (d)")


def check_default_and_clip(fn) -> None:
    """``fn(raw, known)`` (numpy arrays of one length) must clip ``raw`` to [1, 5] and put the
    default rating 3 wherever ``known`` is false."""
    raw = np.array([0.2, 5.7, 3.3, 4.9, -2.0, 7.0])
    known = np.array([True, True, True, False, True, False])
    expected = np.array([1.0, 5.0, 3.3, DEFAULT_RATING, 1.0, DEFAULT_RATING])
    got = np.asarray(fn(raw.copy(), known.copy()), dtype=float)
    assert got.shape == raw.shape, f"return one prediction per input, got shape {got.shape}"
    assert np.allclose(got, expected), (
        f"got {got.tolist()}, expected {expected.tolist()}: clip to {RATING_SCALE} and use "
        f"{DEFAULT_RATING} for unknown users/items")
