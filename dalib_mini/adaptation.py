r"""Pieces every domain-adaptation chapter shares (DANN, SRDC, AMN): the domain classifier's loss
and accuracy, how a source + target batch goes through a network, BatchNorm statistics per
domain (AdaBN), and the optimisers of the course.

The gradient reversal layer has its own module, :mod:`dalib_mini.gradient_reversal`; the
:math:`\lambda_p` and :math:`\mu_p` schedules live in :mod:`dalib_mini.schedules`.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn
from torch.optim.swa_utils import update_bn

from .validation import check_floating, check_labels, check_nonempty

__all__ = ["BATCH_NORMS", "OPTIMIZERS", "batch_norm_mode", "build_optimizer",
           "domain_accuracy", "domain_classification_loss", "forward_domains",
           "reestimate_batch_norm"]

#: How BatchNorm layers see a half-source, half-target batch: ``"none"`` (no BatchNorm),
#: ``"mixed"`` (one set of statistics for the whole batch) or ``"per_domain"`` (each domain
#: normalised with its own statistics; AdaBN at test time).
BATCH_NORMS = ("none", "mixed", "per_domain")

#: The optimisers :func:`build_optimizer` knows.
OPTIMIZERS = ("sgd", "adam")


def domain_classification_loss(domain_logits: torch.Tensor, is_target: torch.Tensor) -> torch.Tensor:
    r""":math:`L_d`: mean binary cross-entropy of the domain classifier (DANN, ICML 2015,
    eqs. (1)-(3)).

    Args:
        domain_logits: ``(N,)`` logits of "this sample comes from the target domain".
        is_target: ``(N,)`` domain labels :math:`d_i` (0 = source, 1 = target), any dtype.

    Returns:
        scalar tensor :math:`\frac1N\sum_i -[d_i \log \sigma(z_i) + (1-d_i)\log(1-\sigma(z_i))]`.
    """
    if domain_logits.ndim != 1 or domain_logits.shape != is_target.shape:
        raise ValueError(f"domain_logits and is_target must both have shape (N,), got "
                         f"{tuple(domain_logits.shape)} and {tuple(is_target.shape)}")
    check_floating(domain_logits, "domain_logits")
    check_nonempty(domain_logits, "domain_logits")
    check_labels(is_target, 2, "is_target")
    return F.binary_cross_entropy_with_logits(domain_logits, is_target.to(domain_logits.dtype))


def domain_accuracy(domain_logits: torch.Tensor, is_target: torch.Tensor) -> torch.Tensor:
    """Fraction of samples whose domain the classifier gets right, as a 0-d tensor (0.5 =
    chance for a balanced batch: the domains look alike to it). Kept as a tensor so a training
    loop can log it without a host-device synchronisation every step."""
    if domain_logits.shape != is_target.shape:
        raise ValueError(f"domain_logits and is_target must have the same shape, got "
                         f"{tuple(domain_logits.shape)} and {tuple(is_target.shape)}")
    if domain_logits.ndim != 1:
        raise ValueError(f"domain_logits and is_target must have shape (N,), got "
                         f"{tuple(domain_logits.shape)}")
    check_nonempty(domain_logits, "domain_logits")
    check_labels(is_target, 2, "is_target")
    return ((domain_logits.detach() > 0).long() == is_target.long()).float().mean()


def batch_norm_mode(value) -> str:
    """The ``batch_norm`` setting as one of :data:`BATCH_NORMS`; ``False``/``True`` (older
    settings) mean ``"none"``/``"mixed"``."""
    if value is False or value is None:
        return "none"
    if value is True:
        return "mixed"
    if value not in BATCH_NORMS:
        raise ValueError(f"batch_norm must be one of {BATCH_NORMS} (or a bool), got {value!r}")
    return value


def reestimate_batch_norm(module: nn.Module, images: torch.Tensor, batch_size: int = 500) -> nn.Module:
    """Recompute the running mean and variance of every BatchNorm layer of ``module`` from
    ``images (N, C, H, W)`` (one pass, equal weight per batch; AdaBN, Li et al., 2016), with
    :func:`torch.optim.swa_utils.update_bn`. Weights are untouched; a module without BatchNorm
    is returned unchanged. Returns ``module`` (modified in place, training flag kept)."""
    if len(images) == 0:
        raise ValueError("images must not be empty")
    update_bn((images[s:s + batch_size] for s in range(0, len(images), batch_size)), module)
    return module


def forward_domains(module: nn.Module, source: torch.Tensor, target: torch.Tensor,
                    per_domain: bool):
    """``(module(source), module(target))``, the batch composition of every adaptation step.

    ``per_domain=True``: two passes, so each BatchNorm layer normalises each domain with its own
    batch statistics. ``False``: one pass over the concatenated batch (one set of statistics,
    if any), its output split back at ``len(source)``; an output that is a tuple of tensors
    (e.g. ``(logits, features)``) is split element by element.
    """
    if per_domain:
        return module(source), module(target)
    out = module(torch.cat([source, target]))
    n = len(source)
    if isinstance(out, tuple):
        return tuple(o[:n] for o in out), tuple(o[n:] for o in out)
    return out[:n], out[n:]


def build_optimizer(params, name: str = "sgd", lr: float = 0.01, momentum: float = 0.9,
                    weight_decay: float = 0.0) -> torch.optim.Optimizer:
    """``torch.optim.SGD`` with ``momentum`` (``name="sgd"``) or ``torch.optim.Adam`` with
    ``betas = (momentum, 0.999)`` (``name="adam"``) over ``params`` (tensors or groups)."""
    if name not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {OPTIMIZERS}, got {name!r}")
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=momentum, weight_decay=weight_decay)
    return torch.optim.Adam(params, lr=lr, betas=(momentum, 0.999), weight_decay=weight_decay)
