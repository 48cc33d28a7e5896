"""Self-checks for the DANN chapter's exercises. Each ``check_*`` takes the learner's
function, raises ``AssertionError`` with a hint when it is wrong and prints a line when it
is right. Reference answers: :mod:`dalib_mini.solutions.dann`.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

__all__ = ["check_lambda_schedule", "check_domain_loss", "check_reversal_function"]


def check_lambda_schedule(fn) -> None:
    """Exercise 1: ``fn(p, gamma)`` returns the float 2 / (1 + exp(-gamma p)) - 1."""
    for p, gamma in [(0.0, 10.0), (0.1, 10.0), (0.5, 10.0), (1.0, 10.0), (0.3, 2.0)]:
        want = 2.0 / (1.0 + math.exp(-gamma * p)) - 1.0
        got = float(fn(p, gamma))
        assert math.isclose(got, want, rel_tol=1e-6, abs_tol=1e-9), (
            f"lambda_p at p={p}, gamma={gamma}: expected {want:.6f}, got {got:.6f}. "
            "It must start at 0 (p = 0) and approach 1; did you forget the '- 1'?")
    print("lambda schedule: correct (0 at p=0, tanh(gamma/2) at p=1)")


def check_domain_loss(fn) -> None:
    """Exercise 2: ``fn(domain_logits (N,), is_target (N,))`` -> mean binary cross-entropy,
    numerically stable for large logits."""
    logits = torch.tensor([0.0, 2.0, -3.0, 50.0, -60.0], dtype=torch.float64)
    labels = torch.tensor([1.0, 0.0, 0.0, 1.0, 1.0], dtype=torch.float64)
    want = F.binary_cross_entropy_with_logits(logits, labels)
    got = fn(logits, labels)
    assert isinstance(got, torch.Tensor) and got.ndim == 0, "return a scalar tensor (the mean)"
    assert torch.isfinite(got), ("the loss is not finite for logits of +-50: compute log-sigmoid "
                                 "stably (torch.nn.functional.logsigmoid) instead of log(sigmoid(z))")
    assert torch.allclose(got, want, atol=1e-8), (
        f"expected {want.item():.6f}, got {got.item():.6f}; is_target = 1 means 'target', and the "
        "loss of logit z for label d is -[d log s(z) + (1 - d) log(1 - s(z))]")
    print("domain loss: correct and stable")


def check_reversal_function(fn) -> None:
    """Exercise 3: ``fn(x, lam)`` returns x unchanged but sends back -lam times the gradient
    (without using :func:`dalib_mini.gradient_reversal`)."""
    torch.manual_seed(0)
    for lam in (0.0, 0.4, 1.0):
        x = torch.randn(5, 3, dtype=torch.float64, requires_grad=True)
        weights = torch.randn(5, 3, dtype=torch.float64)
        y = fn(x, lam)
        assert torch.allclose(y, x), "the forward pass must be the identity"
        (y * weights).sum().backward()
        assert x.grad is not None, "no gradient reached x: keep x in the graph"
        assert torch.allclose(x.grad, -lam * weights), (
            f"for lambda={lam} the gradient should be -lambda * upstream gradient; "
            f"got a ratio of {(x.grad / weights).mean().item():.3f}")
    print("reversal function: identity forward, -lambda backward")
