"""MNIST (LeCun, Cortes, Burges): 28x28 grey digits, from the four upstream idx files.

The files are looked up under ``<data root>/MNIST/raw/`` (torchvision's layout): either the
gzip'd idx file as published, or, when that is absent, the extracted idx file torchvision
leaves beside it (``train-images-idx3-ubyte``), each checked against its own MD5. We read the
idx files ourselves rather than through ``torchvision.datasets.MNIST``, because that class
wants all four files of both splits. File names, mirrors and the MD5s of the ``.gz`` files are
torchvision's; the MD5s of the extracted files are those of the decompressed published files.
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
#: MD5 of each file once decompressed (the published ``.gz`` files, gunzipped).
EXTRACTED_MD5 = {"train-images-idx3-ubyte": "6bbc9ace898e44ae57da46a324031adb",
                 "train-labels-idx1-ubyte": "a25bea736e30d166cdddb491f175f624",
                 "t10k-images-idx3-ubyte": "2646ac647ad5339dbf082846283269ea",
                 "t10k-labels-idx1-ubyte": "27ae3e4e09519cfbb04c329615203637"}


def _locate(folder, name: str, download: bool, verify: bool):
    """The ``.gz`` file ``name`` if present (or downloadable), else its extracted form."""
    gz, extracted = folder / name, folder / name.removesuffix(".gz")
    if not gz.exists() and extracted.exists():
        return ensure_file("MNIST", extracted, _MIRROR + name, EXTRACTED_MD5[extracted.name],
                           download=False, verify=verify)
    return ensure_file("MNIST", gz, _MIRROR + name, _MD5[name], download, verify,
                       accepted=f"Its extracted form {extracted} is read as well.")


def _read_idx(path, expected_ndim: int) -> np.ndarray:
    """Parse an idx file of unsigned bytes (gzip'd or not): magic (0, 0, 0x08, ndim), ndim
    big-endian sizes, data."""
    data = path.read_bytes()
    try:
        raw = gzip.decompress(data) if path.suffix == ".gz" else data
    except (OSError, EOFError) as error:
        raise DatasetCorruptError(f"{path} is not a readable gzip file ({error}); delete it and "
                                  "download it again") from error
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
        verify: check each file's MD5 (torchvision's published values for the ``.gz`` files,
            those of their decompressed content for extracted files).

    Returns:
        images: ``(N, 1, 28, 28)`` uint8 tensor, white digit on black.
        labels: ``(N,)`` int64 tensor of digits 0-9.
    """
    if split not in _FILES:
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    folder = data_root(root) / "MNIST" / "raw"
    paths = [_locate(folder, name, download, verify) for name in _FILES[split]]
    images = _read_idx(paths[0], 3)
    labels = _read_idx(paths[1], 1)
    if images.shape[0] != labels.shape[0]:
        raise DatasetCorruptError(f"MNIST {split}: {images.shape[0]} images but {labels.shape[0]} labels")
    return (torch.from_numpy(images.copy()).unsqueeze(1),
            torch.from_numpy(labels.astype(np.int64)))
