"""Does a translation keep the content? The paper's "FCN-score" idea on digits.

Zhu et al. (Sec. 5.1.2) judge Cityscapes labels -> photo translations with an FCN trained on
real photos: if the fake photo is good, the FCN recovers the input label map (per-pixel
accuracy 0.52 for CycleGAN, Table 2). Here a *judge* classifier trained on real labelled
images of the target domain reads the translated digit, and we count how often it still reads
the source digit's label (:func:`label_kept_fraction`). The judge's own accuracy on held-out
real images of its domain (:func:`judge_accuracy`) is the ceiling of that score.
"""
from __future__ import annotations

import torch
from torch import nn

from ..classifiers import SmallConvNet, fit_classifier, predict_proba
from .training import translate_images

__all__ = ["train_digit_judge", "label_kept_fraction", "judge_accuracy"]


def train_digit_judge(images: torch.Tensor, labels: torch.Tensor, *, epochs: int = 3,
                      width: int = 32, batch_size: int = 128, lr: float = 1e-3,
                      generator: torch.Generator | None = None, desc: str = "judge") -> nn.Module:
    """A :class:`dalib_mini.SmallConvNet` trained on real labelled ``images`` ``(N, C, H, W)``
    (labels ``(N,)`` int64 in 0..9) of one domain, on their device; returned in eval mode."""
    if images.ndim != 4:
        raise ValueError(f"images must have shape (N, C, H, W), got {tuple(images.shape)}")
    model = SmallConvNet(in_channels=images.shape[1], num_classes=10, width=width).to(images.device)
    return fit_classifier(model, images, labels, epochs=epochs, batch_size=batch_size, lr=lr,
                          generator=generator, desc=desc)


@torch.no_grad()
def judge_accuracy(judge: nn.Module, images: torch.Tensor, labels: torch.Tensor) -> float:
    """Accuracy of ``judge`` on real ``images`` ``(N, C, H, W)`` with ``labels`` ``(N,)``."""
    if images.shape[0] != labels.shape[0]:
        raise ValueError(f"images and labels must have the same length, got {images.shape[0]} "
                         f"and {labels.shape[0]}")
    predicted = predict_proba(judge, images).argmax(dim=1)
    return float((predicted.cpu() == labels.cpu()).float().mean())


@torch.no_grad()
def label_kept_fraction(translator: nn.Module, judge: nn.Module, source_images: torch.Tensor,
                        source_labels: torch.Tensor) -> float:
    """Fraction of ``source_images`` ``(N, C, H, W)`` whose translation ``translator(x)`` the
    target-domain ``judge`` labels as ``source_labels`` ``(N,)``: 1 = every digit kept, ~0.1 =
    the content is gone (chance for 10 balanced classes)."""
    if source_images.shape[0] != source_labels.shape[0]:
        raise ValueError("source_images and source_labels must have the same length, got "
                         f"{source_images.shape[0]} and {source_labels.shape[0]}")
    return judge_accuracy(judge, translate_images(translator, source_images), source_labels)
