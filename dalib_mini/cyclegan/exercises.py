"""Self-checks for the CycleGAN chapter's exercises. Each raises AssertionError with a hint
when the learner's function is wrong and prints a short confirmation when it is right.
Reference answers: ``dalib_mini.solutions.cyclegan``."""
from __future__ import annotations

import torch

from .losses import cycle_consistency_loss, optimal_lsgan_discriminator
from .training import linear_decay_factor

__all__ = ["check_full_cycle_loss", "check_optimal_lsgan_discriminator", "check_linear_decay",
           "check_image_pool"]


def check_full_cycle_loss(fn) -> None:
    """``fn(x, y, g, f) -> ||F(G(x)) - x||_1 + ||G(F(y)) - y||_1`` (Eq. 2, means over elements)."""
    g_ = torch.Generator().manual_seed(0)
    x = torch.rand(4, 3, 5, 5, generator=g_, dtype=torch.float64)
    y = torch.rand(4, 3, 5, 5, generator=g_, dtype=torch.float64)
    double, half = (lambda t: 2 * t), (lambda t: t / 2)
    got = fn(x, y, double, half)
    assert isinstance(got, torch.Tensor) and got.ndim == 0, "return a 0-d tensor (a scalar loss)"
    assert abs(float(got)) < 1e-12, ("G(x) = 2x and F(y) = y/2 are inverse maps: the cycle loss "
                                     f"must be exactly 0, got {float(got):.3g}")
    shift = lambda t: t + 0.25  # noqa: E731
    got = float(fn(x, y, shift, shift))
    want = float(cycle_consistency_loss(x, shift(shift(x))) + cycle_consistency_loss(y, shift(shift(y))))
    assert abs(got - want) < 1e-9, (
        f"with G = F = t + 0.25 both round trips are off by 0.5 everywhere: expected {want:.4f} "
        f"(mean absolute error, both directions summed), got {got:.4f}. Use L1, not squared error, "
        "and add the X -> Y -> X and Y -> X -> Y terms.")
    print("correct: Eq. (2) is 0 for inverse maps and sums the L1 errors of both round trips")


def check_optimal_lsgan_discriminator(fn) -> None:
    """``fn(p_data, p_g, a, b) -> D*`` minimising ``1/2 E_data[(D - b)^2] + 1/2 E_g[(D - a)^2]``."""
    p_data = torch.tensor([0.5, 0.3, 0.2, 0.0], dtype=torch.float64)
    p_g = torch.tensor([0.1, 0.3, 0.0, 0.6], dtype=torch.float64)
    for a, b in [(0.0, 1.0), (-1.0, 1.0)]:
        got = fn(p_data, p_g, a, b)
        assert isinstance(got, torch.Tensor) and got.shape == p_data.shape, \
            f"return a tensor of shape {tuple(p_data.shape)}"
        want = optimal_lsgan_discriminator(p_data, p_g, real_target=b, fake_target=a)
        assert torch.allclose(got.double(), want, atol=1e-9), (
            f"a={a}, b={b}: expected {want.tolist()}, got {got.tolist()}. Set the derivative "
            "p_data (D - b) + p_g (D - a) to zero and solve for D; where only real data lives "
            "D* = b, where only fakes live D* = a.")
    print("correct: D*(x) = (b p_data(x) + a p_g(x)) / (p_data(x) + p_g(x))")


def check_linear_decay(fn) -> None:
    """``fn(step, total_steps, decay_start) -> lr multiplier``: 1, then linear towards 0."""
    for total, start in [(10, 5), (200, 100), (7, 0)]:
        got = [float(fn(s, total, start)) for s in range(total)]
        want = [linear_decay_factor(s, total, start) for s in range(total)]
        assert all(abs(u - v) < 1e-9 for u, v in zip(got, want)), (
            f"total={total}, decay_start={start}: expected {[round(v, 3) for v in want]}, got "
            f"{[round(u, 3) for u in got]}. Keep 1 before decay_start, then "
            "(total - step) / (total - decay_start): the last update still has a positive rate.")
    print("correct: constant rate, then a linear decay that reaches 0 just after the last update")


def check_image_pool(pool_class) -> None:
    """``pool_class(pool_size, swap_probability, generator)`` with ``.query(images)`` behaving like
    :class:`dalib_mini.cyclegan.ImagePool`: fill first, then return a stored fake with ``swap_probability``."""
    pool = pool_class(4, 0.5, torch.Generator().manual_seed(0))
    first = torch.arange(4.0).view(4, 1)
    out = pool.query(first)
    assert torch.equal(out, first), "while the pool is not full, return the new images as they are"
    old = 0
    for step in range(2000):
        new = torch.tensor([[100.0 + step]])
        out = pool.query(new)
        assert out.shape == new.shape, "query must return a batch of the same shape"
        old += int(out.item() != new.item())
    rate = old / 2000
    assert 0.45 < rate < 0.55, (f"a full pool should return a past fake half of the time, got "
                                f"{rate:.2f}: swap the new image in only with probability 0.5")
    assert len(pool.images) == 4, f"the pool must keep exactly pool_size=4 images, has {len(pool.images)}"
    assert any(float(v) >= 1000 for v in pool.images), \
        "new fakes must take the slot of the past fake that was returned (the pool never refreshed)"
    print(f"correct: a full pool returned a past fake {rate:.0%} of the time (documented: 50%)")
