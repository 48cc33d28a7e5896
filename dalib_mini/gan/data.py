"""The chapter's MNIST splits: train (the GAN and the judging classifier), validation (held-out
training digits: the Parzen bandwidth and a real-digit reference) and test (the judge's accuracy,
the Parzen log-likelihood, the Frechet distance's real digits)."""
from __future__ import annotations

from dataclasses import dataclass

import torch

from ..data import load_mnist

__all__ = ["GANDigits", "load_gan_digits"]

PAPER_TRAIN = 50_000  # the paper trains on the first 50,000 training digits, validates on the rest


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
    """Real MNIST splits for the GAN chapter (the sizes are the settings' ``n_train``,
    ``n_val``, ``n_test``; ``seed`` seeds the shuffle with its own generator).

    ``split="train"`` (both profiles; the paper's and its Parzen script's splits): ``n_train``
    digits drawn (seeded shuffle) from the first 50,000 training digits, the validation digits
    are training digits 50,000, 50,001, ... (``n_val`` of them, in file order, as the authors'
    ``MNIST('train', start=50000, stop=60000)``), the test digits are the first ``n_test`` of
    the 10,000 test digits.
    ``split="test"``: a seeded shuffle of the 10,000 test digits cut into ``n_train`` /
    ``n_val`` / ``n_test`` (for a data root that holds only the test file).
    """
    if split not in ("test", "train"):
        raise ValueError(f"split must be 'test' or 'train', got {split!r}")
    if min(n_train, n_val, n_test) < 1:
        raise ValueError("n_train, n_val and n_test must be positive")
    rng = torch.Generator().manual_seed(seed)
    if split == "test":
        x, y = load_mnist("test", root=root)
        if n_train + n_val + n_test > len(x):
            raise ValueError(f"n_train + n_val + n_test must be <= {len(x)}, got {n_train + n_val + n_test}")
        order = torch.randperm(len(x), generator=rng)
        cut = [order[:n_train], order[n_train:n_train + n_val],
               order[n_train + n_val:n_train + n_val + n_test]]
        return GANDigits(x[cut[0]], y[cut[0]], x[cut[1]], y[cut[1]], x[cut[2]], y[cut[2]])
    x, y = load_mnist("train", root=root)
    if n_train > PAPER_TRAIN:
        raise ValueError(f"n_train must be <= {PAPER_TRAIN} (the rest is validation), got {n_train}")
    if n_val > len(x) - PAPER_TRAIN:
        raise ValueError(f"n_val must be <= {len(x) - PAPER_TRAIN}, got {n_val}")
    tx, ty = load_mnist("test", root=root)
    if n_test > len(tx):
        raise ValueError(f"n_test must be <= {len(tx)}, got {n_test}")
    tr = torch.randperm(PAPER_TRAIN, generator=rng)[:n_train]
    va = slice(PAPER_TRAIN, PAPER_TRAIN + n_val)
    return GANDigits(x[tr], y[tr], x[va], y[va], tx[:n_test], ty[:n_test])
