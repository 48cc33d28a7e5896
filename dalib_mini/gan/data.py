"""The chapter's MNIST splits: train (GAN and judging classifier), validation (Parzen
bandwidth) and test (classifier accuracy, Parzen log-likelihood)."""
from __future__ import annotations

from dataclasses import dataclass

import torch

from ..data import load_mnist

__all__ = ["GANDigits", "load_gan_digits"]


@dataclass
class GANDigits:
    """uint8 images ``(N, 1, 28, 28)`` and int64 labels ``(N,)`` of the three splits."""

    train_x: torch.Tensor
    train_y: torch.Tensor
    val_x: torch.Tensor
    val_y: torch.Tensor
    test_x: torch.Tensor
    test_y: torch.Tensor


def load_gan_digits(split: str, *, n_train: int, n_val: int, n_test: int, seed: int,
                    root=None) -> GANDigits:
    """Real MNIST split for the GAN chapter (the sizes are the settings' ``n_train``,
    ``n_val``, ``n_test``; ``seed`` seeds the shuffle with its own generator).

    ``split="test"`` (quick profile; the offline mirror holds only these 10,000 digits): a
    seeded shuffle of the test digits is cut into ``n_train`` / ``n_val`` / ``n_test``.
    ``split="train"`` (full profile, the paper's setting): ``n_train`` + ``n_val`` shuffled
    training digits, and the first ``n_test`` test digits as the test set.
    """
    if split not in ("test", "train"):
        raise ValueError(f"split must be 'test' or 'train', got {split!r}")
    if min(n_train, n_val, n_test) < 1:
        raise ValueError("n_train, n_val and n_test must be positive")
    rng = torch.Generator().manual_seed(seed)
    x, y = load_mnist(split, root=root)
    order = torch.randperm(len(x), generator=rng)
    if split == "test":
        if n_train + n_val + n_test > len(x):
            raise ValueError(f"n_train + n_val + n_test must be <= {len(x)}, got {n_train + n_val + n_test}")
        cut = [order[:n_train], order[n_train:n_train + n_val],
               order[n_train + n_val:n_train + n_val + n_test]]
        return GANDigits(x[cut[0]], y[cut[0]], x[cut[1]], y[cut[1]], x[cut[2]], y[cut[2]])
    if n_train + n_val > len(x):
        raise ValueError(f"n_train + n_val must be <= {len(x)}, got {n_train + n_val}")
    tx, ty = load_mnist("test", root=root)
    tr, va = order[:n_train], order[n_train:n_train + n_val]
    return GANDigits(x[tr], y[tr], x[va], y[va], tx[:n_test], ty[:n_test])
