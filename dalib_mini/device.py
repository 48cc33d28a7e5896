"""Where tensors live and how runs are made repeatable.

Every model and loss in dalib_mini follows the device and dtype of its inputs; the only place
that *chooses* a device is :func:`get_device`, so a notebook can move to a GPU by changing one
environment variable.
"""
from __future__ import annotations

import os
import random

import numpy as np
import torch

__all__ = ["get_device", "seed_everything"]

_VALID_DEVICE_TYPES = ("cpu", "cuda", "mps")


def get_device(preferred: str | None = None) -> torch.device:
    """Pick the device for a run.

    Order: the ``preferred`` argument, then the ``DALIB_MINI_DEVICE`` environment variable,
    then CUDA, then Apple MPS, then CPU.

    Raises:
        ValueError: if the requested device is not a known type or is not available here.
    """
    requested = preferred or os.environ.get("DALIB_MINI_DEVICE") or None
    if requested:
        device = torch.device(requested)
        if device.type not in _VALID_DEVICE_TYPES:
            raise ValueError(
                f"device must be one of {_VALID_DEVICE_TYPES} (optionally with an index), "
                f"got {requested!r}"
            )
        if device.type == "cuda" and not torch.cuda.is_available():
            raise ValueError(f"device {requested!r} was requested but CUDA is not available")
        if device.type == "mps" and not torch.backends.mps.is_available():
            raise ValueError(f"device {requested!r} was requested but MPS is not available")
        return device
    if torch.cuda.is_available():
        return torch.device("cuda")
    if torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def seed_everything(seed: int) -> torch.Generator:
    """Seed Python, NumPy and PyTorch (all devices) and return a CPU generator seeded alike.

    On CPU this makes a run bit-for-bit repeatable; CUDA kernels may still differ slightly
    between runs unless deterministic algorithms are enabled.
    """
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    seed = int(seed)
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)
