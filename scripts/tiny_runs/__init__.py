"""One tiny run of every trainer of the course, one module per chapter.

Each module defines ``run(device) -> dict[str, torch.nn.Module]``: it calls each of the chapter's
trainers for a step or two on a few samples with ``device=device`` and returns every model they
trained, by name. ``tests/test_device_placement.py`` runs them on the CPU (with the device
environment variable pointing elsewhere, so a trainer that ignores ``device=`` fails), and
``scripts/cuda_smoke.py`` on a GPU.
"""
from __future__ import annotations

import importlib
import pkgutil

CHAPTERS = ("gan", "dann", "amn", "srdc", "deepcc", "autorec", "cyclegan", "auggan")


def available() -> list[str]:
    """Chapters that have a tiny-run module, in course order."""
    present = {m.name for m in pkgutil.iter_modules(__path__)}
    return [c for c in CHAPTERS if c in present]


def load(chapter: str):
    """The tiny-run module of ``chapter``."""
    return importlib.import_module(f"{__name__}.{chapter}")
