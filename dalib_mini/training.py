"""Small helpers every training loop in the course shares: progress bars, a per-step history,
and a guard that stops a diverging run with a clear message.

There is deliberately no ``Trainer`` class: each chapter writes its own short loop, so the
algorithm of the paper stays visible.
"""
from __future__ import annotations

import math
import os
import time
from typing import Iterable, Iterator, TypeVar

import pandas as pd
import torch
from tqdm.auto import tqdm

__all__ = ["progress", "History", "TrainingDiverged", "check_finite"]

T = TypeVar("T")


def progress(iterable: Iterable[T], desc: str = "", total: int | None = None,
             leave: bool = True, **kwargs) -> Iterator[T]:
    """A progress bar over ``iterable``: a tqdm widget in a live notebook, text elsewhere.

    ``DALIB_MINI_PROGRESS`` chooses the kind: unset, a live bar (``tqdm.auto``); ``summary``,
    no bar but one line when the loop ends (``desc: 300/300 in 41.2 s``), which reads the same
    in a saved notebook, the book and GitHub's viewer, where a widget would be frozen at 0%
    (the Makefile's targets that execute notebooks set it); ``0``, silent (the tests).
    The returned object also has tqdm's ``update``, ``close`` and ``set_postfix``.
    """
    mode = os.environ.get("DALIB_MINI_PROGRESS", "1")
    if mode == "summary":
        return _SummaryBar(iterable, desc=desc, total=total)
    return tqdm(iterable, desc=desc, total=total, leave=leave, disable=mode == "0",
                mininterval=0.5, **kwargs)


class _SummaryBar:
    """The ``summary`` kind of :func:`progress`: counts, and prints one line when done."""

    def __init__(self, iterable, desc: str = "", total: int | None = None) -> None:
        self.iterable, self.desc = iterable, desc
        self.total = total if total is not None else (
            len(iterable) if hasattr(iterable, "__len__") else None)
        self.n, self._start, self._closed = 0, time.perf_counter(), False

    def __iter__(self):
        for item in self.iterable:
            yield item
            self.n += 1
        self.close()

    def update(self, n: int = 1) -> None:
        self.n += n

    def set_postfix(self, *args, **kwargs) -> None:
        """Accepted for tqdm compatibility; a summary line has no postfix."""

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        of = f"/{self.total}" if self.total is not None else ""
        label = f"{self.desc}: " if self.desc else ""
        print(f"{label}{self.n}{of} in {time.perf_counter() - self._start:.1f} s", flush=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


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
