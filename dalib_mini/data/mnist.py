"""MNIST (LeCun, Cortes, Burges): 28x28 grey digits, from the four upstream idx files.

The files are looked up under ``<data root>/MNIST/raw/`` (torchvision's layout). We read
the gzip'd idx files ourselves rather than through ``torchvision.datasets.MNIST``, because
that class refuses to load the test split unless all four files are present, and the
course's offline mirror ships only the test images. File names, mirrors and MD5s are
torchvision's.
"""
from __future__ import annotations

import gzip

import numpy as np
import torch
from torchvision.datasets import MNIST as _TorchvisionMNIST

from ._download import DatasetCorruptError, data_root, ensure_file

__all__ = ["load_mnist"]

_MD5 = dict(_TorchvisionMNIST.resources)
_MIRROR = _TorchvisionMNIST.mirrors[0]
_FILES = {"train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
          "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")}


def _read_idx(path, expected_ndim: int) -> np.ndarray:
    """Parse an idx file of unsigned bytes: magic (0, 0, 0x08, ndim), ndim big-endian sizes, data."""
    raw = gzip.decompress(path.read_bytes())
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08 or raw[3] != expected_ndim:
        raise DatasetCorruptError(f"{path} is not an idx file of {expected_ndim}-D unsigned bytes")
    shape = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(expected_ndim))
    offset = 4 + 4 * expected_ndim
    if len(raw) - offset != int(np.prod(shape)):
        raise DatasetCorruptError(f"{path} announces shape {shape} but holds {len(raw) - offset} values")
    return np.frombuffer(raw, dtype=np.uint8, offset=offset).reshape(shape)


def load_mnist(split: str = "test", root=None, download: bool = True,
               verify: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    """Load an MNIST split.

    Args:
        split: ``"train"`` (60,000 digits) or ``"test"`` (10,000 digits).
        root: data root (default :func:`data_root`).
        download: fetch missing files from torchvision's mirror.
        verify: check the files' MD5 against torchvision's published values.

    Returns:
        images: ``(N, 1, 28, 28)`` uint8 tensor, white digit on black.
        labels: ``(N,)`` int64 tensor of digits 0-9.
    """
    if split not in _FILES:
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    folder = data_root(root) / "MNIST" / "raw"
    paths = [ensure_file("MNIST", folder / name, _MIRROR + name, _MD5[name], download, verify)
             for name in _FILES[split]]
    images = _read_idx(paths[0], 3)
    labels = _read_idx(paths[1], 1)
    if images.shape[0] != labels.shape[0]:
        raise DatasetCorruptError(f"MNIST {split}: {images.shape[0]} images but {labels.shape[0]} labels")
    return (torch.from_numpy(images.copy()).unsqueeze(1),
            torch.from_numpy(labels.astype(np.int64)))
