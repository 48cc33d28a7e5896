r"""CycleGAN's objective (Zhu et al., ICCV 2017), one term per function.

Full objective, Eq. (3):
:math:`L(G, F, D_X, D_Y) = L_{GAN}(G, D_Y, X, Y) + L_{GAN}(F, D_X, Y, X) + \lambda L_{cyc}(G, F)`,
with :math:`\lambda = 10`.

* The adversarial terms, Eq. (1), are trained in their least-squares form (Sec. 4, "Training
  details", after Mao et al.'s LSGAN): ``D`` regresses real patches to ``b = 1`` and fakes to
  ``a = 0`` (:func:`lsgan_discriminator_loss`), ``G`` pushes its fakes to ``c = 1``
  (:func:`lsgan_generator_loss`). For a fixed ``G`` the best ``D`` is
  :math:`D^*(x) = (b\,p_{data}(x) + a\,p_g(x)) / (p_{data}(x) + p_g(x))`
  (:func:`optimal_lsgan_discriminator`).
* The cycle-consistency term, Eq. (2): :math:`E_x \|F(G(x)) - x\|_1 + E_y \|G(F(y)) - y\|_1`;
  :func:`cycle_consistency_loss` is one of the two summands.
* The identity term (Sec. 5.2, "photo generation from paintings"):
  :math:`E_y \|G(y) - y\|_1 + E_x \|F(x) - x\|_1`, weighted ``0.5 * lambda`` in practice;
  :func:`identity_loss` is one summand.

All losses are means over every element (pixels, patches, batch), follow their inputs' device
and dtype, and return a 0-d tensor.
"""
from __future__ import annotations

import torch

from ..validation import (
    check_dtype_match,
    check_finite_number,
    check_finite_values,
    check_image_batch,
)

__all__ = ["lsgan_discriminator_loss", "lsgan_generator_loss", "cycle_consistency_loss",
           "identity_loss", "optimal_lsgan_discriminator"]


def _check_tensor(value, name: str) -> torch.Tensor:
    if not isinstance(value, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(value).__name__}")
    if not value.is_floating_point():
        raise TypeError(f"{name} must be a floating-point tensor, got {value.dtype}")
    if value.numel() == 0:
        raise ValueError(f"{name} must not be empty")
    return value


def _check_same_shape(a: torch.Tensor, b: torch.Tensor, names: str) -> None:
    if a.shape != b.shape:
        raise ValueError(f"{names} must have the same shape, got {tuple(a.shape)} and {tuple(b.shape)}")


def lsgan_discriminator_loss(real_scores: torch.Tensor, fake_scores: torch.Tensor,
                             real_target: float = 1.0, fake_target: float = 0.0) -> torch.Tensor:
    r"""Least-squares discriminator loss, halved as in the paper's training details:

    :math:`\tfrac12\big(E_{y}[(D(y) - b)^2] + E_{x}[(D(G(x)) - a)^2]\big)`, ``b = real_target``,
    ``a = fake_target``. Halving slows ``D`` down relative to ``G`` (Appendix 7.1).

    Args:
        real_scores: ``D``'s patch scores on real images, any shape (e.g. ``(N, 1, H', W')``).
        fake_scores: scores on generated images (detached from ``G``), any shape.
    """
    _check_tensor(real_scores, "real_scores")
    _check_tensor(fake_scores, "fake_scores")
    check_dtype_match(fake_scores, real_scores, ("fake_scores", "real_scores"))
    check_finite_number(real_target, "real_target")
    check_finite_number(fake_target, "fake_target")
    real_term = (real_scores - real_target).pow(2).mean()
    fake_term = (fake_scores - fake_target).pow(2).mean()
    return 0.5 * (real_term + fake_term)


def lsgan_generator_loss(fake_scores: torch.Tensor, target: float = 1.0) -> torch.Tensor:
    r"""Least-squares generator loss :math:`E_x[(D(G(x)) - c)^2]` with ``c = target`` (= 1):
    ``G`` wants its fakes scored like real images. ``fake_scores``: any shape."""
    _check_tensor(fake_scores, "fake_scores")
    check_finite_number(target, "target")
    return (fake_scores - target).pow(2).mean()


def cycle_consistency_loss(original: torch.Tensor, reconstructed: torch.Tensor) -> torch.Tensor:
    r"""One direction of Eq. (2): :math:`E\,\|F(G(x)) - x\|_1`, the mean absolute error between
    ``original`` ``(N, C, H, W)`` and its round trip ``reconstructed`` (same shape).

    It is exactly zero when ``F`` inverts ``G`` on the data, and positive otherwise: the term
    rules out the many mappings that match the target distribution but forget the input.
    """
    _check_tensor(original, "original")
    _check_tensor(reconstructed, "reconstructed")
    _check_same_shape(original, reconstructed, "original and reconstructed")
    check_image_batch(original, "original")
    check_dtype_match(reconstructed, original, ("reconstructed", "original"))
    return (reconstructed - original).abs().mean()


def identity_loss(target_images: torch.Tensor, mapped: torch.Tensor) -> torch.Tensor:
    r"""Identity-mapping term :math:`E_y\,\|G(y) - y\|_1`: a real image of the target domain
    ``target_images`` ``(N, C, H, W)`` fed to ``G`` should come back unchanged (``mapped``,
    same shape). Keeps colours in place when the two domains share channels."""
    _check_tensor(target_images, "target_images")
    _check_tensor(mapped, "mapped")
    _check_same_shape(target_images, mapped, "target_images and mapped")
    check_image_batch(target_images, "target_images")
    check_dtype_match(mapped, target_images, ("mapped", "target_images"))
    return (mapped - target_images).abs().mean()


def optimal_lsgan_discriminator(p_data: torch.Tensor, p_g: torch.Tensor, real_target: float = 1.0,
                                fake_target: float = 0.0) -> torch.Tensor:
    r"""Closed-form optimal LSGAN discriminator (Mao et al. 2017, Prop. 1):

    minimising :math:`\tfrac12 E_{p_{data}}[(D - b)^2] + \tfrac12 E_{p_g}[(D - a)^2]` pointwise,
    :math:`p_{data}(x)(D - b) + p_g(x)(D - a) = 0`, gives
    :math:`D^*(x) = \frac{b\,p_{data}(x) + a\,p_g(x)}{p_{data}(x) + p_g(x)}`.

    Args:
        p_data, p_g: densities (or probabilities) at the same points, same shape, non-negative,
            not both zero at any point.
    """
    _check_tensor(p_data, "p_data")
    _check_tensor(p_g, "p_g")
    _check_same_shape(p_data, p_g, "p_data and p_g")
    check_dtype_match(p_g, p_data, ("p_g", "p_data"))
    check_finite_values(p_data, "p_data")
    check_finite_values(p_g, "p_g")
    check_finite_number(real_target, "real_target")
    check_finite_number(fake_target, "fake_target")
    if (p_data < 0).any() or (p_g < 0).any():
        raise ValueError("p_data and p_g must be non-negative densities")
    total = p_data + p_g
    if (total <= 0).any():
        raise ValueError("p_data + p_g must be positive at every point (D* is undefined elsewhere)")
    return (real_target * p_data + fake_target * p_g) / total
