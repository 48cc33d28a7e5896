"""MNIST-M (Ganin & Lempitsky 2015): MNIST digits blended over colour patches of BSDS500.

Layout under ``<data root>/mnist_m/`` as the ``mnist_m.tar.gz`` archive unpacks:
``mnist_m_{train,test}/NNNNNNNN.png`` (32x32 RGB) and ``mnist_m_{train,test}_labels.txt``
with lines ``NNNNNNNN.png <digit>``. The full archive has 59,001 training and 9,001 test images.
"""
from __future__ import annotations

import numpy as np
import torch
from PIL import Image

from ._download import DatasetCorruptError, data_root, ensure_extracted

__all__ = ["load_mnist_m", "MNIST_M_URL"]

# The archive DANN re-implementations download (see README's data section).
MNIST_M_URL = "https://github.com/pumpikano/tf-dann/releases/download/v1.0/mnist_m.tar.gz"
MNIST_M_MD5 = None  # no checksum is published for this archive


def load_mnist_m(split: str = "test", limit: int | None = None, root=None,
                 download: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    """Load an MNIST-M split.

    Args:
        split: ``"train"`` or ``"test"``.
        limit: load only the first ``limit`` images of the split (in label-file order).

    Returns:
        images: ``(N, 3, 32, 32)`` uint8 tensor.
        labels: ``(N,)`` int64 tensor of digits 0-9.
    """
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    if limit is not None and (not isinstance(limit, int) or limit <= 0):
        raise ValueError(f"limit must be a positive integer or None, got {limit!r}")
    base = data_root(root) / "mnist_m"
    label_file = base / f"mnist_m_{split}_labels.txt"
    if not label_file.exists():
        base.mkdir(parents=True, exist_ok=True)
        ensure_extracted("MNIST-M", label_file, base / "mnist_m.tar.gz", MNIST_M_URL,
                         MNIST_M_MD5, extract_to=base.parent, download=download)
    entries = []
    for number, line in enumerate(label_file.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split()
        if len(parts) != 2 or not parts[1].isdigit() or not 0 <= int(parts[1]) <= 9:
            raise DatasetCorruptError(f"{label_file}, line {number}: expected '<name>.png <digit 0-9>', "
                                      f"got {line!r}")
        entries.append((parts[0], int(parts[1])))
        if limit is not None and len(entries) == limit:
            break
    folder = base / f"mnist_m_{split}"
    images = np.empty((len(entries), 32, 32, 3), dtype=np.uint8)
    for index, (name, _) in enumerate(entries):
        path = folder / name
        if not path.exists():
            raise DatasetCorruptError(f"MNIST-M: {label_file.name} lists {name} but {path} is missing")
        with Image.open(path) as image:
            array = np.asarray(image.convert("RGB"))
        if array.shape != (32, 32, 3):
            raise DatasetCorruptError(f"MNIST-M: {path} has shape {array.shape}, expected (32, 32, 3)")
        images[index] = array
    labels = torch.tensor([label for _, label in entries], dtype=torch.int64)
    return torch.from_numpy(images).permute(0, 3, 1, 2).contiguous(), labels
