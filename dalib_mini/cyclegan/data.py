"""Unpaired MNIST <-> MNIST-M for the CycleGAN chapter, with disjoint image sets per role.

The mirror holds MNIST's 10,000 test digits, MNIST-M's first 10,000 training images and its
9,001 test images. The roles:

* ``x_train``: the first ``num_x`` MNIST digits — domain X for training (labels unused).
* ``y_train``: the first ``num_y`` MNIST-M training images — domain Y for training (labels
  unused by CycleGAN; they train the MNIST-M *judge* that scores X -> Y translations).
* ``x_eval``: the remaining MNIST digits — translated X -> Y for the content score, and the
  training set of the MNIST judge.
* ``y_eval``: the first ``num_y_eval`` MNIST-M test images — translated Y -> X for the content
  score, and the test set of the MNIST-M judge.

Images are float ``(N, 3, 32, 32)`` in [-1, 1] (MNIST zero-padded to 32x32 and repeated to
three channels by :func:`dalib_mini.digits_to_rgb32`), labels int64 ``(N,)``.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

from ..data import digits_to_rgb32, load_mnist, load_mnist_m, to_float_images

__all__ = ["UnpairedDigits", "load_unpaired_digits"]

_MNIST_SIZE = 10_000


@dataclass
class UnpairedDigits:
    """Images and labels of the four roles (see the module docstring)."""

    x_train: torch.Tensor
    x_train_labels: torch.Tensor
    y_train: torch.Tensor
    y_train_labels: torch.Tensor
    x_eval: torch.Tensor
    x_eval_labels: torch.Tensor
    y_eval: torch.Tensor
    y_eval_labels: torch.Tensor

    def to(self, device) -> "UnpairedDigits":
        for name, value in vars(self).items():
            setattr(self, name, value.to(device))
        return self

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={tuple(getattr(self, name).shape)}"
                          for name in ("x_train", "y_train", "x_eval", "y_eval"))
        return f"UnpairedDigits({sizes})"


def load_unpaired_digits(num_x: int = 5000, num_y: int = 10_000, num_y_eval: int = 9001,
                         root=None, device=None) -> UnpairedDigits:
    """Load MNIST (X) and MNIST-M (Y) split into disjoint training and evaluation sets.

    Args:
        num_x: MNIST digits of domain X for training (the other ``10000 - num_x`` are ``x_eval``).
        num_y: MNIST-M training images of domain Y (at most 10,000 on the mirror).
        num_y_eval: MNIST-M test images for evaluation (at most 9,001).
    """
    if not isinstance(num_x, int) or not 0 < num_x < _MNIST_SIZE:
        raise ValueError(f"num_x must be an integer in (0, {_MNIST_SIZE}) so that some MNIST digits "
                         f"are left for evaluation, got {num_x!r}")
    for name, value in (("num_y", num_y), ("num_y_eval", num_y_eval)):
        if not isinstance(value, int) or value <= 0:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    mnist, mnist_labels = load_mnist("test", root=root)
    mnist = to_float_images(digits_to_rgb32(mnist), (-1.0, 1.0))
    mnist_m, mnist_m_labels = load_mnist_m("train", limit=num_y, root=root)
    mnist_m_test, mnist_m_test_labels = load_mnist_m("test", limit=num_y_eval, root=root)
    data = UnpairedDigits(
        x_train=mnist[:num_x], x_train_labels=mnist_labels[:num_x],
        y_train=to_float_images(mnist_m, (-1.0, 1.0)), y_train_labels=mnist_m_labels,
        x_eval=mnist[num_x:], x_eval_labels=mnist_labels[num_x:],
        y_eval=to_float_images(mnist_m_test, (-1.0, 1.0)), y_eval_labels=mnist_m_test_labels,
    )
    return data.to(device) if device is not None else data
