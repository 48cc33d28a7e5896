"""Small helpers every training loop in the course shares: progress bars, a per-step history,
and a guard that stops a diverging run with a clear message.

None of them makes a loop wait for the accelerator every step: :class:`History` keeps the
logged tensors and turns them into floats in batches, and :class:`DivergenceGuard` checks the
losses that :func:`check_finite` saw every so many steps (one synchronization each time).

There is deliberately no ``Trainer`` class: each chapter writes its own short loop, so the
algorithm of the paper stays visible.
"""
from __future__ import annotations

import math
import os
import time
from collections import defaultdict
from typing import Iterable, Iterator, TypeVar

import pandas as pd
import torch
from tqdm.auto import tqdm

from .validation import skip_value_checks

__all__ = ["progress", "History", "TrainingDiverged", "check_finite", "DivergenceGuard"]

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


def _diverged(value, name: str, step: int | None) -> TrainingDiverged:
    shown = value.detach().flatten()[:4].tolist() if isinstance(value, torch.Tensor) else value
    where = f" at step {step}" if step is not None else ""
    return TrainingDiverged(
        f"{name} became non-finite{where} (value {shown}). Training diverged: lower the "
        "learning rate, check the inputs for NaN, or clip gradients.")


def check_finite(value, name: str = "loss", step: int | None = None):
    """Return ``value`` unchanged if finite, else raise :class:`TrainingDiverged`.

    Accepts a Python number or a tensor (all elements are checked). Call it on every loss
    before ``backward()`` so a divergence stops the run at the step where it happened.

    Inside a loop watched by a :class:`DivergenceGuard` (every trainer of the course), a tensor
    is not checked at once, which would make the loop wait for the device every step: the guard
    records it and checks its records every ``every`` calls and when the loop ends, raising the
    same error, for the first non-finite value, with its name and step.
    """
    if isinstance(value, torch.Tensor):
        if _ACTIVE_GUARDS:
            _ACTIVE_GUARDS[-1].record(value, name, step)
            return value
        finite = bool(torch.isfinite(value.detach()).all())
    else:
        finite = math.isfinite(float(value))
    if not finite:
        raise _diverged(value, name, step)
    return value


_ACTIVE_GUARDS: list[DivergenceGuard] = []


class DivergenceGuard:
    """Deferred :func:`check_finite` for a training loop: one host-device synchronization every
    ``every`` checks instead of one per check.

    >>> guard = DivergenceGuard(every=100)
    >>> for step in guard.watch(range(3)):  # doctest: +IGNORE_EXCEPTION_DETAIL
    ...     loss = check_finite(torch.tensor(1.0) / (2 - step), "loss", step)
    Traceback (most recent call last):
    ...
    dalib_mini.training.TrainingDiverged: loss became non-finite at step 2 (value [inf]). ...

    While the loop runs, :func:`check_finite` on a tensor only records it, detached (no
    computation, no synchronization); the guard checks the records every ``every`` calls, at the end of the
    loop and whenever :meth:`check` is called (before host code that would choke on NaN, e.g.
    k-means), and raises :class:`TrainingDiverged` for the first non-finite value, with the
    message :func:`check_finite` would have given at that step. The run may go on for up to
    ``every`` checks past the step that diverged; the error names that step. Python numbers
    are still checked at once. A loop left with ``break`` should call :meth:`check` itself.
    """

    def __init__(self, every: int = 100) -> None:
        if isinstance(every, bool) or not isinstance(every, int) or every < 1:
            raise ValueError(f"every must be a positive integer, got {every!r}")
        self.every = every
        self._pending: list[tuple[torch.Tensor, str, int | None]] = []

    def record(self, value: torch.Tensor, name: str = "loss", step: int | None = None) -> None:
        """Remember ``value`` (detached) to check it later, see :meth:`check`."""
        self._pending.append((value.detach(), name, step))
        if len(self._pending) >= self.every:
            self.check()

    def check(self) -> None:
        """Check every recorded value now (one synchronization per device and dtype)."""
        pending, self._pending = self._pending, []
        groups = defaultdict(list)
        for index, (value, *_) in enumerate(pending):
            groups[value.device, value.dtype, value.dim() == 0].append(index)
        first_bad = None
        for (*_, scalar), indices in groups.items():
            values = [pending[i][0] for i in indices]
            finite = (torch.isfinite(torch.stack(values)) if scalar else
                      torch.stack([torch.isfinite(v).all() for v in values]))
            if not bool(finite.all()):
                bad = indices[finite.cpu().tolist().index(False)]
                first_bad = bad if first_bad is None else min(first_bad, bad)
        if first_bad is not None:
            value, name, step = pending[first_bad]
            raise _diverged(value, name, step)

    def watch(self, iterable: Iterable[T]) -> Iterator[T]:
        """Iterate over ``iterable`` (a loop's steps) with this guard active, then check.

        The steps also run inside :func:`dalib_mini.validation.skip_value_checks`: the package's
        losses skip the argument checks that read tensor values (label ranges, row sums, NaN
        inputs), each a host-device synchronization, because the trainer built their arguments
        from data it checked on entry; shape and dtype checks still run, and a NaN that appears
        during training is this guard's to catch.
        """
        _ACTIVE_GUARDS.append(self)
        try:
            with skip_value_checks():
                yield from iterable
        finally:
            _ACTIVE_GUARDS.remove(self)
        self.check()


class History:
    """Per-step scalars of a training run, as a tidy table.

    >>> h = History()
    >>> h.log(step=0, loss=1.0, acc=0.5)
    >>> h.frame().columns.tolist()
    ['step', 'loss', 'acc']

    A tensor is kept as it is logged (detached, on its device) and turned into a float only
    when the history is read, or once ``sync_every`` rows hold tensors not yet converted, all
    of them in one transfer: a training loop does not wait for the device to log. The floats
    are those of ``float(value.item())``, whenever they are read.
    """

    def __init__(self, sync_every: int = 1000) -> None:
        if isinstance(sync_every, bool) or not isinstance(sync_every, int) or sync_every < 1:
            raise ValueError(f"sync_every must be a positive integer, got {sync_every!r}")
        self.sync_every = sync_every
        self._rows: list[dict[str, float]] = []
        self._pending: list[tuple[dict, str, torch.Tensor]] = []
        self._pending_rows = 0

    def log(self, step: int, **scalars) -> None:
        row, pending = {"step": int(step)}, len(self._pending)
        for key, value in scalars.items():
            if isinstance(value, torch.Tensor):
                if value.numel() != 1:
                    raise ValueError(f"{key}: only one-element tensors can be logged, got shape "
                                     f"{tuple(value.shape)}")
                row[key] = math.nan  # placeholder, replaced by _sync
                value = value.detach()
                self._pending.append((row, key, value if value.dim() == 0 else value.reshape(())))
            else:
                row[key] = float(value)
        self._rows.append(row)
        self._pending_rows += len(self._pending) > pending
        if self._pending_rows >= self.sync_every:
            self._sync()

    def _sync(self) -> None:
        """Turn the pending tensors into floats: one transfer per device and dtype."""
        pending, self._pending, self._pending_rows = self._pending, [], 0
        groups = defaultdict(list)
        for entry in pending:
            groups[entry[2].device, entry[2].dtype].append(entry)
        for entries in groups.values():
            values = torch.stack([tensor for *_, tensor in entries]).tolist()
            for (row, key, _), value in zip(entries, values, strict=True):
                row[key] = float(value)

    def __getstate__(self) -> dict:  # pickles and deep copies hold floats only
        self._sync()
        return self.__dict__.copy()

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update({"sync_every": 1000, "_pending": [], "_pending_rows": 0, **state})

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, key: str) -> list[float]:
        self._sync()
        return [row[key] for row in self._rows if key in row]

    def last(self, key: str) -> float:
        values = self[key]
        if not values:
            raise KeyError(f"no value logged for {key!r}")
        return values[-1]

    def frame(self) -> pd.DataFrame:
        """Wide table: one row per logged step, one column per scalar."""
        self._sync()
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
