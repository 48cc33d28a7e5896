"""Small helpers every training loop in the course shares: progress bars, a per-step history,
and a guard that stops a diverging run with a clear message.

There is deliberately no ``Trainer`` class: each chapter writes its own short loop, so the
algorithm of the paper stays visible.
"""
from __future__ import annotations

import math
import os
from typing import Iterable, Iterator, TypeVar

import pandas as pd
import torch
from tqdm.auto import tqdm

__all__ = ["progress", "History", "TrainingDiverged", "check_finite"]

T = TypeVar("T")


def progress(iterable: Iterable[T], desc: str = "", total: int | None = None,
             leave: bool = True, **kwargs) -> Iterator[T]:
    """A tqdm progress bar that renders as a widget in notebooks and as text elsewhere.

    Set ``DALIB_MINI_PROGRESS=0`` to silence all bars (the tests do).
    """
    disable = os.environ.get("DALIB_MINI_PROGRESS", "1") == "0"
    return tqdm(iterable, desc=desc, total=total, leave=leave, disable=disable,
                mininterval=0.5, **kwargs)


class TrainingDiverged(FloatingPointError):
    """Raised when a monitored loss becomes NaN or infinite."""


def check_finite(value, name: str = "loss", step: int | None = None):
    """Return ``value`` unchanged if finite, else raise :class:`TrainingDiverged`.

    Accepts a Python number or a tensor (all elements are checked). Call it on every loss
    before ``backward()`` so a divergence stops the run at the step where it happened.
    """
    if isinstance(value, torch.Tensor):
        finite = bool(torch.isfinite(value.detach()).all())
        shown = value.detach().flatten()[:4].tolist()
    else:
        finite = math.isfinite(float(value))
        shown = value
    if not finite:
        where = f" at step {step}" if step is not None else ""
        raise TrainingDiverged(
            f"{name} became non-finite{where} (value {shown}). Training diverged: lower the "
            "learning rate, check the inputs for NaN, or clip gradients.")
    return value


class History:
    """Per-step scalars of a training run, as a tidy table.

    >>> h = History()
    >>> h.log(step=0, loss=1.0, acc=0.5)
    >>> h.frame().columns.tolist()
    ['step', 'loss', 'acc']
    """

    def __init__(self) -> None:
        self._rows: list[dict[str, float]] = []

    def log(self, step: int, **scalars) -> None:
        row = {"step": int(step)}
        for key, value in scalars.items():
            if isinstance(value, torch.Tensor):
                value = value.detach().item()
            row[key] = float(value)
        self._rows.append(row)

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, key: str) -> list[float]:
        return [row[key] for row in self._rows if key in row]

    def last(self, key: str) -> float:
        values = self[key]
        if not values:
            raise KeyError(f"no value logged for {key!r}")
        return values[-1]

    def frame(self) -> pd.DataFrame:
        """Wide table: one row per logged step, one column per scalar."""
        return pd.DataFrame(self._rows)

    def means(self, every: int) -> pd.DataFrame:
        """Average the scalars over windows of ``every`` logged rows (smoother curves)."""
        frame = self.frame()
        return frame.groupby(frame.index // every).mean()

    def plot(self, keys: Iterable[str] | None = None, ax=None, title: str = "Training curves",
             smooth: int = 1, ylabel: str = "value"):
        """Plot the chosen scalars against the step (see :func:`dalib_mini.plot_history`)."""
        from .plotting import plot_history
        return plot_history(self, keys=keys, ax=ax, title=title, smooth=smooth, ylabel=ylabel)
