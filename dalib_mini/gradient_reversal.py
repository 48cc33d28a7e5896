r"""The gradient reversal layer of Ganin & Lempitsky (ICML 2015, Section 3.3).

Forward it is the identity; backward it multiplies the incoming gradient by :math:`-\lambda`:

.. math::  R_\lambda(x) = x, \qquad \frac{\partial R_\lambda}{\partial x} = -\lambda I.

Placed between a feature extractor and a domain classifier, one ordinary backward pass then
*descends* the domain loss in the classifier's parameters and *ascends* it in the
features', which is the saddle point of the paper's eq. (1) (pseudo-objective eq. (9)).
The same trick carries DANN's idea to text in the AMN chapter.
"""
from __future__ import annotations

import torch
from torch import nn

from .validation import check_finite_number

__all__ = ["GradientReversal", "gradient_reversal"]


class _GradientReversalFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x: torch.Tensor, coeff: float) -> torch.Tensor:
        ctx.coeff = coeff
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad_output: torch.Tensor):
        return -ctx.coeff * grad_output, None


def gradient_reversal(x: torch.Tensor, coeff: float = 1.0) -> torch.Tensor:
    """Functional form: identity on ``x`` (any shape); gradient scaled by ``-coeff``."""
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"x must be a torch.Tensor, got {type(x).__name__}")
    if not x.is_floating_point():
        raise TypeError(f"x must be a floating-point tensor to carry gradients, got {x.dtype}")
    return _GradientReversalFunction.apply(x, _check_coeff(coeff))


def _check_coeff(coeff) -> float:
    coeff = check_finite_number(coeff, "coeff (lambda)")
    if coeff < 0:
        raise ValueError(f"coeff (lambda) must be >= 0, got {coeff}; a negative value would "
                         "turn the reversal back into ordinary descent")
    return coeff


class GradientReversal(nn.Module):
    """Module form with a settable coefficient ``coeff`` (the paper's :math:`\\lambda`).

    Update ``layer.coeff`` during training to follow the schedule
    :math:`\\lambda_p = 2/(1+\\exp(-\\gamma p)) - 1`.
    """

    def __init__(self, coeff: float = 1.0) -> None:
        super().__init__()
        self.coeff = coeff

    @property
    def coeff(self) -> float:
        """The reversal coefficient :math:`\\lambda` (finite, >= 0; checked on assignment)."""
        return self._coeff

    @coeff.setter
    def coeff(self, value: float) -> None:
        self._coeff = _check_coeff(value)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return gradient_reversal(x, self.coeff)

    def extra_repr(self) -> str:
        return f"coeff={self.coeff}"
