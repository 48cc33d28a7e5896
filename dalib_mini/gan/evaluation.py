"""Judging generated digits with a frozen classifier trained on real MNIST.

Two numbers summarise a batch of samples: the mean max-softmax confidence (do samples look
like *some* digit?) and the class histogram of the classifier's predictions (are all ten
digits produced, or has G collapsed onto a few modes?). This is the idea behind the
Inception score (Salimans et al., 2016), with an MNIST classifier instead of Inception.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from ..classifiers import predict_proba
from ..validation import check_floating, check_module_dtype, check_value_range

__all__ = ["SampleQuality", "sample_quality", "to_unit_range"]


def to_unit_range(images: torch.Tensor) -> torch.Tensor:
    """Generator output in [-1, 1] -> [0, 1] (the range of MNIST pixels and of the classifier)."""
    check_floating(images, "images")
    check_value_range(images, "images", (-1.0, 1.0))
    return ((images + 1) / 2).clamp(0, 1)


@dataclass
class SampleQuality:
    """``confidence``: mean max-softmax probability; ``class_fractions``: ``(K,)`` share of
    samples predicted as each class; ``class_coverage``: the smallest of those shares."""

    confidence: float
    class_fractions: torch.Tensor
    class_coverage: float


def sample_quality(classifier: nn.Module, samples: torch.Tensor) -> SampleQuality:
    """Score ``samples`` ``(N, 1, 28, 28)`` **in [0, 1]** with a frozen (eval-mode) classifier."""
    check_module_dtype(samples, classifier, "samples")
    if samples.ndim != 4 or samples.shape[0] == 0:
        raise ValueError(f"samples must be a non-empty (N, C, H, W) tensor, got {tuple(samples.shape)}")
    if samples.min() < 0 or samples.max() > 1:
        raise ValueError("samples must lie in [0, 1]; map generator output with to_unit_range first")
    proba = predict_proba(classifier, samples)
    fractions = torch.bincount(proba.argmax(1), minlength=proba.shape[1]).double().cpu() / len(proba)
    return SampleQuality(float(proba.max(1).values.mean()), fractions, float(fractions.min()))
