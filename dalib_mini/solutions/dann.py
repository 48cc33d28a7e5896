"""Reference answers to the DANN chapter's exercises (course/02_dann.ipynb)."""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F


def lambda_schedule(p: float, gamma: float = 10.0) -> float:
    """Exercise 1: lambda_p = 2 / (1 + exp(-gamma p)) - 1."""
    return 2.0 / (1.0 + math.exp(-gamma * p)) - 1.0


def domain_loss(domain_logits: torch.Tensor, is_target: torch.Tensor) -> torch.Tensor:
    """Exercise 2: mean binary cross-entropy from logits, via the stable log-sigmoid."""
    d = is_target.to(domain_logits.dtype)
    return -(d * F.logsigmoid(domain_logits) + (1 - d) * F.logsigmoid(-domain_logits)).mean()


def reversal_function(x: torch.Tensor, lam: float) -> torch.Tensor:
    """Exercise 3: x - x.detach() is 0 forward but has gradient 1, so the output is exactly x
    and only the term -lam (x - x.detach()) carries a gradient, -lam. (A
    torch.autograd.Function, as in dalib_mini.gradient_reversal, also works.)"""
    return x.detach() - lam * (x - x.detach())
