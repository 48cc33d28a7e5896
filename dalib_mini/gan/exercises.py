"""Self-checks for the GAN chapter's exercises. Each raises AssertionError with a hint when
the learner's function is wrong, and returns quietly (printing a short confirmation) when it
is right. Reference answers: ``dalib_mini.solutions.gan``."""
from __future__ import annotations

import math

import torch

from .losses import generator_loss_non_saturating
from .parzen import parzen_log_likelihood
from .theory import jensen_shannon_divergence, optimal_discriminator

__all__ = ["check_optimal_discriminator", "check_non_saturating_loss", "check_jensen_shannon",
           "check_parzen_log_likelihood"]


def check_optimal_discriminator(fn) -> None:
    """``fn(p_data, p_g) -> D*`` of Proposition 1, elementwise on tensors of densities."""
    p_data = torch.tensor([0.5, 0.3, 0.2, 0.0], dtype=torch.float64)
    p_g = torch.tensor([0.1, 0.3, 0.4, 0.2], dtype=torch.float64)
    got = fn(p_data, p_g)
    assert isinstance(got, torch.Tensor) and got.shape == p_data.shape, \
        f"return a tensor of shape {tuple(p_data.shape)}, got {getattr(got, 'shape', type(got))}"
    want = optimal_discriminator(p_data, p_g)
    assert torch.allclose(got.double(), want, atol=1e-6), (
        f"D*(x) should be p_data / (p_data + p_g): expected {want.tolist()}, got {got.tolist()}. "
        "Where p_data = p_g, D* must be 1/2; where p_data = 0 < p_g, D* must be 0.")
    print("correct: D*(x) = p_data(x) / (p_data(x) + p_g(x))")


def check_non_saturating_loss(fn) -> None:
    """``fn(fake_logits) -> -mean(log D(G(z)))`` with ``D = sigmoid(logits)``; must be stable."""
    logits = torch.tensor([-30.0, -2.0, 0.0, 3.0], dtype=torch.float64, requires_grad=True)
    got = fn(logits)
    want = generator_loss_non_saturating(logits)
    assert got.ndim == 0, "return a scalar (the mean over the batch)"
    assert torch.isfinite(got), ("the loss is not finite at logit -30: compute log D from the "
                                 "logits (e.g. F.logsigmoid or softplus), not log(sigmoid(l))")
    assert torch.allclose(got, want, atol=1e-6), (
        f"expected -mean(log sigmoid(l)) = {want.item():.6f}, got {got.item():.6f}. "
        "Is the sign right? G *minimises* this loss.")
    (grad,) = torch.autograd.grad(got, logits)
    assert grad[0] < -0.2, ("the gradient at a rejected fake (logit -30) should be about "
                            f"-1/N = -0.25, got {grad[0].item():.3g}: the loss saturates")
    print("correct: -log D(G(z)) keeps a gradient of about -1/N where D rejects the fake")


def check_jensen_shannon(fn) -> None:
    """``fn(p, q) -> JSD(p || q)`` in nats for discrete distributions (tensors summing to 1)."""
    p = torch.tensor([0.6, 0.4, 0.0], dtype=torch.float64)
    q = torch.tensor([0.1, 0.3, 0.6], dtype=torch.float64)
    for a, b in [(p, q), (q, p), (p, p), (torch.tensor([1.0, 0.0], dtype=torch.float64),
                                         torch.tensor([0.0, 1.0], dtype=torch.float64))]:
        got, want = float(fn(a, b)), float(jensen_shannon_divergence(a, b))
        assert math.isfinite(got), ("JSD is not finite: terms with p(x) = 0 contribute 0 "
                                    "(use torch.special.xlogy)")
        assert abs(got - want) < 1e-6, (
            f"JSD({a.tolist()} || {b.tolist()}) should be {want:.6f} nats, got {got:.6f}. "
            "Use the mixture m = (p + q) / 2 and natural logs; disjoint supports give log 2.")
    print("correct: JSD is symmetric, 0 for equal and log 2 for disjoint distributions")


def check_parzen_log_likelihood(fn) -> None:
    """``fn(points (N, D), centers (M, D), sigma) -> mean log-density`` of the Gaussian Parzen window."""
    g = torch.Generator().manual_seed(0)
    centers = torch.rand(50, 6, generator=g, dtype=torch.float64)
    points = torch.rand(20, 6, generator=g, dtype=torch.float64)
    for sigma in (0.05, 0.3):
        got, want = float(fn(points, centers, sigma)), float(parzen_log_likelihood(points, centers, sigma))
        assert math.isfinite(got), (f"not finite at sigma={sigma}: use logsumexp over the kernels "
                                    "instead of log(sum(exp(...))) to avoid underflow")
        assert abs(got - want) < 1e-6, (
            f"sigma={sigma}: expected {want:.6f}, got {got:.6f}. Remember -log M and the Gaussian "
            "normaliser -D/2 log(2 pi sigma^2).")
    print("correct: log p(x) = logsumexp_i(-|x - mu_i|^2 / 2 sigma^2) - log M - D/2 log(2 pi sigma^2)")
