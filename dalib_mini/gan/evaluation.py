"""Judging generated digits with a frozen classifier trained on real MNIST.

Three numbers summarise a batch of samples: the mean max-softmax confidence (do samples look
like *some* digit to the judge?), the class histogram of its predictions (are all ten digits
produced, or has G collapsed onto a few modes?) - the idea behind the Inception score
(Salimans et al., 2016) with an MNIST classifier instead of Inception - and the Frechet distance
between the judge's penultimate-layer features of samples and of real digits (the FID recipe
of Heusel et al., 2017, with the course's judge instead of Inception; computed by
:func:`dalib_mini.frechet_distance` on :func:`gan_judge_features`). Confidence can be fooled: a
classifier may be sure of itself on noise. The Frechet distance compares whole feature
distributions, so noise, a blank image or a few repeated modes all land far from real digits.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from ..classifiers import SmallConvNet, classifier_features, fit_classifier, predict_proba
from ..data import to_float_images
from ..device import seed_everything
from ..validation import check_floating, check_image_batch, check_module_dtype, check_value_range

__all__ = ["SampleQuality", "sample_quality", "to_unit_range", "fit_gan_judge", "gan_judge_features"]


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


def fit_gan_judge(images: torch.Tensor, labels: torch.Tensor, *, epochs: int, batch_size: int,
                  lr: float, seed: int, device=None) -> SmallConvNet:
    """Train the chapter's judge, a :class:`dalib_mini.SmallConvNet`, on real digits.

    ``images`` uint8 ``(N, 1, 28, 28)``, ``labels`` int64 ``(N,)``. ``seed`` alone decides the
    initialisation, the dropout masks and the batch order (it reseeds the global generators
    first), so the judge is the same whatever ran before it - one judge for every GAN seed.
    Returns the trained judge in eval mode on ``device``."""
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise ValueError(f"seed must be an integer, got {seed!r}")
    seed_everything(seed)
    return fit_classifier(SmallConvNet(), to_float_images(images), labels, epochs=epochs,
                          batch_size=batch_size, lr=lr, seed=seed, device=device, desc="judge")


@torch.no_grad()
def gan_judge_features(judge: SmallConvNet, images: torch.Tensor, batch_size: int = 500) -> torch.Tensor:
    """The judge's penultimate-layer features ``(N, 1024)`` (the input of its linear head) of
    ``images`` ``(N, 1, 28, 28)`` in [0, 1]: what the Frechet distance compares."""
    if not isinstance(judge, SmallConvNet):
        raise ValueError(f"judge must be a dalib_mini.SmallConvNet, got {type(judge).__name__}")
    check_image_batch(images, "images", value_range=(0.0, 1.0), channels=1)
    check_module_dtype(images, judge, "images")
    return classifier_features(judge, images, batch_size)
