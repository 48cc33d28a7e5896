"""Does a translation carry the target domain's *style*? Two numbers beside the label-kept score.

The label-kept score (:mod:`dalib_mini.cyclegan.content`) asks whether ``G(x)`` still shows the
digit of ``x``; it cannot tell whether ``G(x)`` looks like MNIST-M. A translator that keeps every
digit but paints all of them on the same flat background scores high on content and still misses
the target distribution. Two measures of that:

* :func:`judge_feature_frechet_distance` — the FID recipe (Heusel et al. 2017, Eq. 6, through
  :func:`dalib_mini.frechet_distance`) in the feature space of the MNIST-M judge (its
  pooled convolutional features, before the linear head) instead of Inception's. Read it
  against two references: real MNIST-M vs other real MNIST-M images (the floor that sampling
  noise alone gives) and untranslated MNIST vs MNIST-M (the distance before translation).
* :func:`background_diversity` — how much the background colour varies from image to image:
  the standard deviation over images of the mean colour of the outer frame (MNIST digits are
  padded to 32x32 and never reach the outer 4 pixels), averaged over the three channels, in
  [0, 1] intensity units. Real MNIST-M backgrounds are crops of colour photos and vary a lot;
  one flat colour for every image gives 0.
"""
from __future__ import annotations

import torch
from torch import nn

from ..classifiers import classifier_features
from ..metrics import frechet_distance
from ..validation import check_image_batch

__all__ = ["digit_judge_features", "judge_feature_frechet_distance", "background_colours",
           "background_diversity"]


def digit_judge_features(judge: nn.Module, images: torch.Tensor, batch_size: int = 500) -> torch.Tensor:
    """Features of a :class:`dalib_mini.SmallConvNet` judge, ``(N, C, H, W) -> (N, D)`` on the
    CPU (:func:`dalib_mini.classifier_features`; the judge's mode is restored)."""
    return classifier_features(judge, images, batch_size, name="judge")


def judge_feature_frechet_distance(judge: nn.Module, images: torch.Tensor,
                                   reference: torch.Tensor) -> float:
    """Fréchet distance between the judge's features of ``images`` ``(N, C, H, W)`` and of
    ``reference`` ``(M, C, H, W)`` (Heusel et al. 2017, Eq. 6): 0 for identical feature
    statistics, larger the further the two image sets are apart for the judge."""
    return frechet_distance(digit_judge_features(judge, images), digit_judge_features(judge, reference))


def _check_frame(images: torch.Tensor, border: int, value_range) -> None:
    check_image_batch(images, "images")
    if isinstance(border, bool) or not isinstance(border, int) or not 0 < 2 * border < min(images.shape[2:]):
        raise ValueError(f"border must be a positive integer below half the image side, got {border!r}")
    low, high = value_range
    if not high > low:
        raise ValueError(f"value_range must be (low, high) with high > low, got {value_range!r}")


def background_colours(images: torch.Tensor, border: int = 4,
                       value_range: tuple[float, float] = (-1.0, 1.0)) -> torch.Tensor:
    """Mean colour of each image's outer ``border``-pixel frame, ``(N, C, H, W) -> (N, C)``
    float64 in [0, 1] units (``images`` hold values in ``value_range``)."""
    _check_frame(images, border, value_range)
    low, high = value_range
    unit = (images.detach().double() - low) / (high - low)
    frame = torch.ones(unit.shape[2:], dtype=torch.bool, device=unit.device)
    frame[border:-border, border:-border] = False
    return unit[:, :, frame].mean(dim=2).cpu()


def background_diversity(images: torch.Tensor, border: int = 4,
                         value_range: tuple[float, float] = (-1.0, 1.0)) -> float:
    """Spread of the background colour across images: the std over images of each image's mean
    frame colour (:func:`background_colours`), averaged over channels, in [0, 1] units.

    Args:
        images: ``(N, C, H, W)`` with ``N >= 2``, values in ``value_range``.
        border: frame width in pixels (MNIST digits padded to 32x32 leave the outer 4 empty).
    """
    _check_frame(images, border, value_range)
    if images.shape[0] < 2:
        raise ValueError(f"images needs at least 2 images to measure a spread, got {images.shape[0]}")
    return float(background_colours(images, border, value_range).std(dim=0).mean())
