"""The AutoRec objective (Sedhain et al. 2015, Eq. (2)):

    min_theta  sum_i || (r^(i) - h(r^(i); theta)) (.) mask^(i) ||^2  +  (lambda/2) (||W||_F^2 + ||V||_F^2)

Only observed ratings contribute to the error; the regularizer keeps the weights small.
"""
from __future__ import annotations

import torch
from torch import nn

from ..validation import (
    check_binary_mask,
    check_dtype_match,
    check_floating,
    check_nonnegative,
    value_checks_enabled,
)

__all__ = ["masked_mse", "autorec_regularizer", "autorec_objective"]


def masked_mse(pred: torch.Tensor, target: torch.Tensor, mask: torch.Tensor,
               reduction: str = "sum") -> torch.Tensor:
    """Squared error over the observed entries only (the data term of Eq. (2)).

    Args:
        pred, target: ``(N, M)`` reconstructions and ratings (0 where unobserved).
        mask: ``(N, M)`` bool (or 0/1), true where a rating is observed.
        reduction: ``"sum"`` (the paper's objective) or ``"mean"`` (per observed rating).

    Unobserved entries are *selected away* (``torch.where``), so their gradient is exactly 0
    whatever ``pred`` holds there.
    """
    if pred.shape != target.shape or pred.shape != mask.shape:
        raise ValueError(f"pred, target and mask must have one shape, got {tuple(pred.shape)}, "
                         f"{tuple(target.shape)}, {tuple(mask.shape)}")
    if reduction not in ("sum", "mean"):
        raise ValueError(f"reduction must be 'sum' or 'mean', got {reduction!r}")
    check_floating(pred, "pred")
    check_dtype_match(target, pred, ("target", "pred"))
    check_binary_mask(mask, "mask")
    observed = mask.bool()
    if value_checks_enabled() and not bool(observed.any()):
        raise ValueError("mask must select at least one observed rating (it is empty or all "
                         "False)")
    squared = torch.where(observed, pred - target, torch.zeros_like(pred)).pow(2).sum()
    if reduction == "mean":
        return squared / observed.sum().clamp_min(1)
    return squared


def autorec_regularizer(model: nn.Module, lam: float) -> torch.Tensor:
    """``(lam / 2) * sum ||weight||_F^2`` over ``model.regularized_weights()`` (Eq. (2)).

    For AutoRec those are the encoder ``V`` and decoder ``W``; biases are not penalised.
    """
    check_nonnegative(lam, "lam")
    return 0.5 * lam * sum(w.pow(2).sum() for w in model.regularized_weights())


def autorec_objective(model: nn.Module, inputs: torch.Tensor, target: torch.Tensor,
                      mask: torch.Tensor, lam: float) -> tuple[torch.Tensor, torch.Tensor]:
    """Eq. (2) for one full batch: ``(objective, squared_error)``.

    ``inputs`` are the (sparse) training rows, ``target`` the same ratings dense and ``mask``
    true where a rating is observed. The data term :func:`masked_mse` (a sum, as in the paper)
    counts only the observed ratings; :func:`autorec_regularizer` adds ``(lam/2)`` times the
    squared Frobenius norms of the model's weights.
    """
    squared_error = masked_mse(model(inputs), target, mask)
    return squared_error + autorec_regularizer(model, lam), squared_error
