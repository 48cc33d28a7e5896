"""Argument checks shared by the package's public losses, metrics and models.

One helper per kind of check; each raises :class:`TypeError` (wrong kind of object or dtype) or
:class:`ValueError` (wrong shape or values) with a message that names the argument and what was
expected. The helpers only read their inputs: they never modify or copy a value that is then
used, so valid calls return exactly what they returned before.

Checks of *values* (ranges, NaN, row sums) read the tensor, which on an accelerator is a
host-device synchronisation. They are on by default; a training loop that has validated its
data once can turn them off for its inner steps with :func:`skip_value_checks` (shape and dtype
checks stay on: they cost nothing).
"""
from __future__ import annotations

import contextlib
import math
import numbers
import threading
from typing import Iterator, Sequence

import numpy as np
import torch

__all__ = ["value_checks_enabled", "skip_value_checks", "check_tensor", "check_floating",
           "check_shape", "check_same_shape", "check_same_length", "check_nonempty",
           "check_finite_number", "check_positive", "check_nonnegative", "check_finite_values",
           "check_weights", "check_labels", "check_binary_mask", "check_probabilities",
           "check_log_probabilities", "check_image_batch", "check_value_range",
           "check_dtype_match", "check_module_dtype", "check_token_ids", "check_choice",
           "check_feature_sets"]

_state = threading.local()


def value_checks_enabled() -> bool:
    """Whether checks that read tensor values run (see :func:`skip_value_checks`)."""
    return getattr(_state, "enabled", True)


@contextlib.contextmanager
def skip_value_checks() -> Iterator[None]:
    """Within this block, skip the checks that read tensor values (a host-device sync each on a
    GPU); shape and dtype checks still run. For the inner steps of a training loop whose inputs
    were validated once at the public API boundary."""
    previous = value_checks_enabled()
    _state.enabled = False
    try:
        yield
    finally:
        _state.enabled = previous


def _describe(x) -> str:
    if isinstance(x, (torch.Tensor, np.ndarray)):
        return f"{type(x).__name__} of dtype {x.dtype} and shape {tuple(x.shape)}"
    return type(x).__name__


def check_tensor(x, name: str) -> torch.Tensor:
    """``x`` must be a :class:`torch.Tensor` (TypeError otherwise)."""
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {_describe(x)}")
    return x


def check_floating(x, name: str) -> torch.Tensor:
    """``x`` must be a floating-point tensor (TypeError otherwise)."""
    check_tensor(x, name)
    if not x.is_floating_point():
        raise TypeError(f"{name} must be a floating-point tensor, got dtype {x.dtype}")
    return x


def check_shape(x, name: str, shape: Sequence[int | None | str]) -> None:
    """``x.shape`` must match ``shape``: an int fixes a size, ``None`` or a letter leaves it
    free (the letter names it in the message, e.g. ``("N", "K")``)."""
    actual = tuple(x.shape)
    ok = len(actual) == len(shape) and all(
        not isinstance(s, int) or s == a for s, a in zip(shape, actual))
    if not ok:
        wanted = ", ".join("?" if s is None else str(s) for s in shape)
        extra = ""
        if len(actual) == len(shape) - 1 and len(shape) == 4:
            extra = " (a single (C, H, W) image? add the batch axis with x.unsqueeze(0))"
        elif len(actual) == len(shape) + 1 and actual[-1] == 1:
            extra = " (an (N, 1) column? use x.squeeze(1))"
        raise ValueError(f"{name} must have shape ({wanted}{',' if len(shape) == 1 else ''}), "
                         f"got {actual}{extra}")


def check_same_shape(a, b, names: tuple[str, str]) -> None:
    """``a`` and ``b`` must have the same shape."""
    if tuple(a.shape) != tuple(b.shape):
        raise ValueError(f"{names[0]} and {names[1]} must have the same shape, got "
                         f"{tuple(a.shape)} and {tuple(b.shape)}")


def check_same_length(a, b, names: tuple[str, str]) -> None:
    """``a`` and ``b`` must have the same first dimension."""
    if len(a) != len(b):
        raise ValueError(f"{names[0]} and {names[1]} must have the same length, got "
                         f"{len(a)} and {len(b)}")


def check_nonempty(x, name: str) -> None:
    """``x`` must hold at least one element."""
    size = x.numel() if isinstance(x, torch.Tensor) else np.size(x)
    if size == 0:
        raise ValueError(f"{name} must not be empty, got shape {tuple(np.shape(x))}")


def check_finite_number(value, name: str) -> float:
    """``value`` must be a real number that is finite (not NaN or inf); returns it as float."""
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    return value


def check_positive(value, name: str) -> float:
    """``value`` must be a finite number > 0."""
    value = check_finite_number(value, name)
    if not value > 0:
        raise ValueError(f"{name} must be > 0, got {value}")
    return value


def check_nonnegative(value, name: str) -> float:
    """``value`` must be a finite number >= 0."""
    value = check_finite_number(value, name)
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")
    return value


def check_finite_values(x: torch.Tensor, name: str) -> None:
    """Every element of ``x`` must be finite (a value check)."""
    if value_checks_enabled() and x.is_floating_point() and not bool(torch.isfinite(x.detach()).all()):
        raise ValueError(f"{name} must hold finite values (it contains NaN or inf)")


def check_weights(weights: torch.Tensor, name: str = "weights") -> None:
    """Sample weights: a floating tensor of finite, non-negative values."""
    check_floating(weights, name)
    if value_checks_enabled():
        w = weights.detach()
        if not bool(torch.isfinite(w).all()) or bool((w < 0).any()):
            raise ValueError(f"{name} must be finite and non-negative (got values in "
                             f"[{w.min().item():.4g}, {w.max().item():.4g}])")


def check_labels(labels, num_classes: int | None, name: str, *, integer_dtype: bool = False) -> None:
    """Class labels: 1-D values in ``[0, num_classes - 1]`` (any whole numbers if
    ``num_classes`` is None, e.g. cluster ids). Floating labels must hold whole numbers (no NaN); ``integer_dtype=True`` refuses
    them outright (an index tensor is needed). Works on tensors and NumPy arrays."""
    is_tensor = isinstance(labels, torch.Tensor)
    if not is_tensor:
        labels = np.asarray(labels)
    floating = labels.is_floating_point() if is_tensor else np.issubdtype(labels.dtype, np.floating)
    integral = floating or (labels.dtype != torch.bool if is_tensor else
                            np.issubdtype(labels.dtype, np.integer))
    if not integral or (integer_dtype and floating):
        kind = "an integer" if integer_dtype else "a numeric"
        raise TypeError(f"{name} must be {kind} tensor of class labels, got dtype {labels.dtype}")
    if labels.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of class labels, got shape "
                         f"{tuple(labels.shape)}")
    if not value_checks_enabled() or labels.shape[0] == 0:
        return
    if is_tensor:
        values = labels.detach()
        if floating and not bool((torch.isfinite(values) & (values == values.round())).all()):
            raise ValueError(f"{name} must hold whole-number class labels (found NaN, inf or a "
                             "fraction)")
        low, high = values.min().item(), values.max().item()
    else:
        if floating and not bool(np.all(np.isfinite(labels) & (labels == np.round(labels)))):
            raise ValueError(f"{name} must hold whole-number class labels (found NaN, inf or a "
                             "fraction)")
        low, high = labels.min().item(), labels.max().item()
    if num_classes is not None and (low < 0 or high >= num_classes):
        raise ValueError(f"{name} must lie in [0, {num_classes - 1}], got values in "
                         f"[{low:g}, {high:g}]")


def check_binary_mask(mask: torch.Tensor, name: str = "mask") -> None:
    """A mask: bool, or numbers that are all 0 or 1."""
    check_tensor(mask, name)
    if mask.dtype == torch.bool or not value_checks_enabled():
        return
    m = mask.detach()
    if not bool(((m == 0) | (m == 1)).all()):
        raise ValueError(f"{name} must be bool or hold only 0 and 1, got other values "
                         f"(in [{m.min().item():g}, {m.max().item():g}])")


def check_probabilities(rows: torch.Tensor, name: str, atol: float = 1e-4, *,
                        min_classes: int = 2) -> None:
    """``(N, K)`` rows of a distribution: floating, N >= 1, K >= ``min_classes``, finite,
    non-negative, each row summing to 1 within ``atol``."""
    check_floating(rows, name)
    if rows.ndim != 2 or rows.shape[0] == 0 or rows.shape[1] < min_classes:
        raise ValueError(f"{name} must have shape (N, K) with N >= 1 and K >= {min_classes}, "
                         f"got {tuple(rows.shape)}")
    if not value_checks_enabled():
        return
    detached = rows.detach()
    if not bool(torch.isfinite(detached).all()) or bool((detached < 0).any()):
        raise ValueError(f"{name} must hold finite, non-negative probabilities")
    sums = detached.sum(dim=1)
    if not bool(((sums - 1).abs() <= atol).all()):
        raise ValueError(f"rows of {name} must sum to 1 (got row sums in "
                         f"[{sums.min().item():.4g}, {sums.max().item():.4g}]); normalize them")


def check_log_probabilities(log_p: torch.Tensor, name: str, atol: float = 1e-4) -> None:
    """``(N, K)`` log-probabilities: floating, no value above 0, NaN-free, and each row's
    ``exp`` summing to 1 within ``atol`` (probabilities or logits passed by mistake fail)."""
    check_floating(log_p, name)
    if log_p.ndim != 2:
        raise ValueError(f"{name} must have shape (N, K), got {tuple(log_p.shape)}")
    if not value_checks_enabled() or log_p.numel() == 0:
        return
    detached = log_p.detach()
    if bool(torch.isnan(detached).any()) or bool((detached > atol).any()):
        raise ValueError(f"{name} must hold log-probabilities (<= 0, no NaN), e.g. "
                         "log_softmax(logits); got values above 0 or NaN")
    sums = detached.exp().sum(dim=1)
    if not bool(((sums - 1).abs() <= atol).all()):
        raise ValueError(f"{name} must hold log-probabilities whose rows exp-sum to 1 (got "
                         f"[{sums.min().item():.4g}, {sums.max().item():.4g}]); pass "
                         "log_softmax(logits), not probabilities")


def check_value_range(x: torch.Tensor, name: str, value_range: tuple[float, float],
                      atol: float = 1e-4) -> None:
    """Every value of ``x`` must lie in ``value_range`` (within ``atol``; NaN fails)."""
    if not value_checks_enabled() or x.numel() == 0:
        return
    low, high = value_range
    d = x.detach()
    if not bool(((d >= low - atol) & (d <= high + atol)).all()):
        lo, hi = d.min().item(), d.max().item()
        hint = " (pixels in [0, 255]? divide by 255 first)" if hi > 2 else ""
        raise ValueError(f"{name} must lie in [{low:g}, {high:g}], got values in "
                         f"[{lo:.4g}, {hi:.4g}]{hint}")


def check_image_batch(images, name: str = "images", value_range: tuple[float, float] | None = None,
                      channels: int | None = None, size: tuple[int, int] | None = None) -> None:
    """A floating ``(N, C, H, W)`` batch (``channels`` and ``size = (H, W)`` fixed if given), with
    values in ``value_range`` if given."""
    check_floating(images, name)
    h, w = size if size is not None else ("H", "W")
    check_shape(images, name, ("N", channels if channels is not None else "C", h, w))
    if value_range is not None:
        check_value_range(images, name, value_range)


def check_dtype_match(a: torch.Tensor, b: torch.Tensor, names: tuple[str, str]) -> None:
    """``a`` and ``b`` must share a dtype (torch would raise, or promote silently)."""
    if a.dtype != b.dtype:
        raise TypeError(f"{names[0]} and {names[1]} must have the same dtype, got {a.dtype} "
                        f"and {b.dtype}; convert {names[0]} with .to({b.dtype})")


def check_module_dtype(x: torch.Tensor, module: torch.nn.Module, name: str) -> None:
    """A floating input ``x`` must have the dtype of ``module``'s parameters (a float64 batch
    into a float32 network fails deep inside torch otherwise)."""
    check_floating(x, name)
    param = next((p for p in module.parameters() if p.is_floating_point()), None)
    if param is not None and x.dtype != param.dtype:
        raise TypeError(f"{name} must have the dtype of {type(module).__name__}'s parameters "
                        f"({param.dtype}), got {x.dtype}; convert with {name}.to({param.dtype}) "
                        f"or the model with .to({x.dtype})")


def check_token_ids(ids: torch.Tensor, vocab_size: int, name: str = "ids") -> None:
    """Token ids: an integer tensor with values in ``[0, vocab_size - 1]``."""
    check_tensor(ids, name)
    if ids.is_floating_point() or ids.dtype == torch.bool or ids.is_complex():
        raise TypeError(f"{name} must be an integer tensor of token ids, got dtype {ids.dtype}")
    if not value_checks_enabled() or ids.numel() == 0:
        return
    low, high = ids.min().item(), ids.max().item()
    if low < 0 or high >= vocab_size:
        raise ValueError(f"{name} must lie in [0, {vocab_size - 1}] (the vocabulary size is "
                         f"{vocab_size}), got values in [{low}, {high}]")


def check_choice(value, name: str, choices: Sequence) -> None:
    """``value`` must be one of ``choices``."""
    if value not in choices:
        raise ValueError(f"{name} must be one of {tuple(choices)}, got {value!r}")


def check_feature_sets(a, b, names: tuple[str, str], *, min_rows: int,
                       why: str) -> tuple[np.ndarray, np.ndarray]:
    """Two feature matrices ``(N, D)`` and ``(M, D)`` (tensors or array-likes): 2-D, at least
    ``min_rows`` rows each (``why`` says what needs them), finite, one width ``D``. Returns both
    as float64 NumPy arrays (a tensor is detached and copied to the CPU first)."""
    a, b = (x.detach().cpu().double().numpy() if isinstance(x, torch.Tensor)
            else np.asarray(x, dtype=np.float64) for x in (a, b))
    for name, x in zip(names, (a, b), strict=True):
        if x.ndim != 2:
            raise ValueError(f"{name} must be a 2-D (N, D) array of features, got shape {x.shape}")
        if x.shape[0] < min_rows:
            raise ValueError(f"{name} needs at least {min_rows} rows {why}, got {x.shape[0]}")
        if not np.isfinite(x).all():
            raise ValueError(f"{name} holds NaN or infinite values")
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"{names[0]} and {names[1]} must have the same width D, got {a.shape[1]} "
                         f"and {b.shape[1]}")
    return a, b
