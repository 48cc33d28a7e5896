"""MNIST-M (Ganin & Lempitsky 2015): MNIST digits blended over colour patches of BSDS500.

Layout under ``<data root>/mnist_m/`` as the ``mnist_m.tar.gz`` archive unpacks:
``mnist_m_{train,test}/NNNNNNNN.png`` (32x32 RGB) and ``mnist_m_{train,test}_labels.txt``
with lines ``NNNNNNNN.png <digit>``. The full archive has 59,001 training and 9,001 test images;
the course's data mirror holds that extracted layout (the whole test split and the first 10,000
training images), which is read as it is, without the archive.

Verification. Upstream publishes no checksum, and a table of 19,001 per-PNG digests would be
larger than the loader, so with ``verify=True`` (the default) the package checks, against its
own digests of the mirror's files (:data:`MNIST_M_SHA256`):

* the label file: the SHA-256 of its first ``lines`` lines (all of the mirror's lines: 10,000
  for train, 9,001 for test; a full archive's training file only continues them);
* the PNGs: the SHA-256 of the listing ``"<name>\\t<size in bytes>\\n"`` of the images those
  lines name, in label-file order (one ``stat`` per file, about 0.1 s), which catches a missing,
  truncated, padded or replaced image.

A mismatch raises :class:`~dalib_mini.data.ChecksumError`. A byte changed inside a PNG keeps its
size, but every image is decoded in full, and PNG's CRCs and zlib's checksum make a damaged one
fail to decode: whatever ``verify`` says, an unreadable label line or image raises
:class:`~dalib_mini.data.DatasetCorruptError` naming the file.
"""
from __future__ import annotations

import hashlib
import os

import numpy as np
import torch
from PIL import Image

from ._download import (
    DatasetCorruptError,
    checksum_error,
    corrupt_file_error,
    data_root,
    ensure_extracted,
)

__all__ = ["load_mnist_m", "MNIST_M_URL", "MNIST_M_SHA256"]

# The archive DANN re-implementations download (see README's data section).
MNIST_M_URL = "https://github.com/pumpikano/tf-dann/releases/download/v1.0/mnist_m.tar.gz"
MNIST_M_MD5 = None  # no checksum is published for this archive
#: Per split, the course's digests of the mirror's files (see the module docstring): ``lines``
#: label lines, the SHA-256 of those lines (``labels``) and of the (name, size) listing of the
#: PNGs they name (``images``).
MNIST_M_SHA256 = {
    "train": dict(lines=10_000,
                  labels="339759b68ced234a7134517fce2cd9a6729009e87f2dfe6964cc7a5c440de413",
                  images="407d429fcf70537bd501814b7c07042146fe1727755d161b5c0080315bfde060"),
    "test": dict(lines=9_001,
                 labels="2e8124bc2a92b483930141f677e09cb1c5a3fe99504e05fe59877d92766d7d61",
                 images="fe0d9e5e3247ebf8f467e8112b10a281885b22b45893ed91d5ef617423ebd325"),
}


def _verify(label_file, folder, raw_lines: list[bytes], split: str) -> None:
    expected = MNIST_M_SHA256[split]
    checked = raw_lines[:expected["lines"]]
    labels = hashlib.sha256(b"".join(checked)).hexdigest()
    if len(checked) < expected["lines"] or labels != expected["labels"]:
        what = (f"SHA-256 of its first {expected['lines']} lines" if len(checked) == expected["lines"]
                else f"SHA-256 of its {len(checked)} lines (the mirror's file has {expected['lines']})")
        raise checksum_error("MNIST-M", label_file, expected["labels"], labels, MNIST_M_URL, kind=what)
    listing = hashlib.sha256()
    for line in checked:
        name = line.split()[0].decode("ascii")
        try:
            size = os.stat(folder / name).st_size
        except FileNotFoundError:
            raise DatasetCorruptError(f"MNIST-M: {label_file.name} lists {name} but "
                                      f"{folder / name} is missing") from None
        listing.update(f"{name}\t{size}\n".encode())
    if (found := listing.hexdigest()) != expected["images"]:
        raise checksum_error("MNIST-M", folder, expected["images"], found, MNIST_M_URL,
                             kind="SHA-256 of the (name, size) listing of its PNGs")


def _read_png(path) -> np.ndarray:
    try:
        with Image.open(path) as image:
            image.load()
            array = np.asarray(image.convert("RGB"))
    except (OSError, SyntaxError, ValueError) as error:  # truncated, bad CRC, zlib, not a PNG
        raise corrupt_file_error("MNIST-M", path, f"not a readable PNG: {error}",
                                 MNIST_M_URL) from error
    if array.shape != (32, 32, 3):
        raise DatasetCorruptError(f"MNIST-M: {path} has shape {array.shape}, expected (32, 32, 3)")
    return array


def load_mnist_m(split: str = "test", limit: int | None = None, root=None,
                 download: bool = True, verify: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    """Load an MNIST-M split.

    Args:
        split: ``"train"`` or ``"test"``.
        limit: load only the first ``limit`` images of the split (in label-file order).
        root: data root (default :func:`~dalib_mini.data.data_root`); the extracted layout
            (``mnist_m_<split>_labels.txt`` and ``mnist_m_<split>/``) is read as it is, else
            ``mnist_m.tar.gz`` is downloaded and unpacked (``download``).
        verify: check the label file and the PNGs' sizes against the course's digests of the
            mirror (see the module docstring).

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
    folder = base / f"mnist_m_{split}"
    if not label_file.exists():
        base.mkdir(parents=True, exist_ok=True)
        ensure_extracted("MNIST-M", label_file, base / "mnist_m.tar.gz", MNIST_M_URL,
                         MNIST_M_MD5, extract_to=base.parent, download=download,
                         accepted=f"The extracted layout is read as it is too: "
                                  f"{label_file} with the PNGs in {folder}/.")
    raw_lines = label_file.read_bytes().splitlines(keepends=True)
    entries = []
    for number, raw in enumerate(raw_lines, start=1):
        try:
            line = raw.decode("ascii")
        except UnicodeDecodeError:
            raise DatasetCorruptError(f"{label_file}, line {number}: not ASCII text ({raw[:40]!r})"
                                      ) from None
        if not line.strip():
            continue
        parts, shown = line.split(), line.rstrip("\r\n")
        if len(parts) != 2 or not parts[1].isdigit() or not 0 <= int(parts[1]) <= 9:
            raise DatasetCorruptError(f"{label_file}, line {number}: expected '<name>.png <digit 0-9>', "
                                      f"got {shown!r}")
        entries.append((parts[0], int(parts[1])))
        if limit is not None and len(entries) == limit and not verify:
            break
    if verify:
        _verify(label_file, folder, raw_lines, split)
    entries = entries[:limit]
    images = np.empty((len(entries), 32, 32, 3), dtype=np.uint8)
    for index, (name, _) in enumerate(entries):
        path = folder / name
        if not path.exists():
            raise DatasetCorruptError(f"MNIST-M: {label_file.name} lists {name} but {path} is missing")
        images[index] = _read_png(path)
    labels = torch.tensor([label for _, label in entries], dtype=torch.int64)
    return torch.from_numpy(images).permute(0, 3, 1, 2).contiguous(), labels
