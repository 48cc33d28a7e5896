"""Generators and discriminators for 28x28 digits (Goodfellow et al., 2014, Section 5).

Two pairs with one interface: a generator maps noise ``z`` ``(N, latent_dim)`` to images
``(N, 1, 28, 28)`` in ``[-1, 1]`` (tanh); a discriminator maps images ``(N, 1, 28, 28)`` to
*logits* ``(N,)``, so that :math:`D(x) = \\sigma(\\text{logit})`. Working with logits keeps the
losses numerically stable (``log sigmoid`` instead of ``log`` of a rounded probability).

* :class:`MLPGenerator` / :class:`MLPDiscriminator`: the paper's fully connected MNIST nets.
  The paper's generator uses ReLU and sigmoid hidden/output units and its discriminator maxout
  units with dropout; we use ReLU + batch norm in G and LeakyReLU + dropout in D (maxout is
  optional in the course, see the notebook), and tanh output for a zero-centred image range.
* :class:`DCGANGenerator` / :class:`DCGANDiscriminator`: a small convolutional pair in the
  style of Radford et al. (2016): (transposed) strided convolutions, batch norm, LeakyReLU.
  It learns recognisable digits in far fewer updates than the MLP, which is what a 2-CPU
  budget needs.
"""
from __future__ import annotations

import torch
from torch import nn

from ..validation import check_module_dtype

__all__ = ["MLPGenerator", "MLPDiscriminator", "DCGANGenerator", "DCGANDiscriminator",
           "sample_noise", "init_gan_weights"]

IMAGE_SHAPE = (1, 28, 28)


def sample_noise(n: int, latent_dim: int, *, device=None,
                 generator: torch.Generator | None = None) -> torch.Tensor:
    """The prior :math:`p_z`: standard normal noise ``(n, latent_dim)``.

    (The paper draws uniform noise; a Gaussian prior is the common modern choice and makes
    the spherical interpolation in the notebook natural.)"""
    if n < 0 or latent_dim < 1:
        raise ValueError(f"n must be >= 0 and latent_dim >= 1, got n={n}, latent_dim={latent_dim}")
    return torch.randn(n, latent_dim, device=device, generator=generator)


def _check_noise(z: torch.Tensor, latent_dim: int, module: nn.Module) -> None:
    check_module_dtype(z, module, "z")
    if z.ndim != 2 or z.shape[1] != latent_dim:
        raise ValueError(f"z must have shape (N, {latent_dim}), got {tuple(z.shape)}")


def _check_images(x: torch.Tensor, module: nn.Module) -> None:
    check_module_dtype(x, module, "images")
    if x.ndim != 4 or tuple(x.shape[1:]) != IMAGE_SHAPE:
        raise ValueError(f"images must have shape (N, 1, 28, 28), got {tuple(x.shape)}")


class MLPGenerator(nn.Module):
    """The paper's MNIST generator: ``z (N, latent_dim) -> x (N, 1, 28, 28)`` in [-1, 1]."""

    def __init__(self, latent_dim: int = 100, hidden: int = 1200) -> None:
        super().__init__()
        self.latent_dim = latent_dim
        self.net = nn.Sequential(
            nn.Linear(latent_dim, hidden), nn.BatchNorm1d(hidden), nn.ReLU(),
            nn.Linear(hidden, hidden), nn.BatchNorm1d(hidden), nn.ReLU(),
            nn.Linear(hidden, 28 * 28), nn.Tanh())

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        _check_noise(z, self.latent_dim, self)
        return self.net(z).view(-1, *IMAGE_SHAPE)


class MLPDiscriminator(nn.Module):
    """The paper's MNIST discriminator (LeakyReLU instead of maxout): ``(N, 1, 28, 28) -> (N,)`` logits."""

    def __init__(self, hidden: int = 240, dropout: float = 0.3) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Flatten(), nn.Dropout(0.2),
            nn.Linear(28 * 28, hidden), nn.LeakyReLU(0.2), nn.Dropout(dropout),
            nn.Linear(hidden, hidden), nn.LeakyReLU(0.2), nn.Dropout(dropout),
            nn.Linear(hidden, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        _check_images(x, self)
        return self.net(x).squeeze(1)


class DCGANGenerator(nn.Module):
    """``z (N, latent_dim) -> (N, 1, 28, 28)`` in [-1, 1]: linear to ``(2w, 7, 7)``, then two
    stride-2 transposed convolutions (7 -> 14 -> 28)."""

    def __init__(self, latent_dim: int = 64, width: int = 32) -> None:
        super().__init__()
        self.latent_dim, self.width = latent_dim, width
        self.project = nn.Sequential(nn.Linear(latent_dim, 2 * width * 7 * 7, bias=False),
                                     nn.BatchNorm1d(2 * width * 7 * 7), nn.ReLU())
        self.upsample = nn.Sequential(
            nn.ConvTranspose2d(2 * width, width, 4, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(width), nn.ReLU(),
            nn.ConvTranspose2d(width, 1, 4, stride=2, padding=1), nn.Tanh())

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        _check_noise(z, self.latent_dim, self)
        return self.upsample(self.project(z).view(-1, 2 * self.width, 7, 7))


class DCGANDiscriminator(nn.Module):
    """``(N, 1, 28, 28) -> (N,)`` logits: two stride-2 convolutions (28 -> 14 -> 7), LeakyReLU,
    a linear read-out."""

    def __init__(self, width: int = 32) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(1, width, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
            nn.Conv2d(width, 2 * width, 4, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(2 * width), nn.LeakyReLU(0.2),
            nn.Flatten(), nn.Linear(2 * width * 7 * 7, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        _check_images(x, self)
        return self.net(x).squeeze(1)


def init_gan_weights(module: nn.Module) -> nn.Module:
    """DCGAN initialisation (Radford et al., 2016): weights ~ N(0, 0.02), batch-norm scale
    ~ N(1, 0.02), biases 0. Apply with ``model.apply(init_gan_weights)``."""
    if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
        nn.init.normal_(module.weight, 0.0, 0.02)
        if module.bias is not None:
            nn.init.zeros_(module.bias)
    elif isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
        nn.init.normal_(module.weight, 1.0, 0.02)
        nn.init.zeros_(module.bias)
    return module
