"""Does a translation keep the content? The paper's "FCN-score" idea on digits.

Zhu et al. (Sec. 5.1.2) judge Cityscapes labels -> photo translations with an FCN trained on
real photos: if the fake photo is good, the FCN recovers the input label map (per-pixel
accuracy 0.52 for CycleGAN, Table 2). Here a *judge* classifier trained on real labelled
images of the target domain reads the translated digit, and we count how often it still reads
the source digit's label (:func:`label_kept_fraction`). The judge's own accuracy on held-out
real images of its domain (:func:`judge_accuracy`) is the ceiling of that score.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from ..classifiers import SmallConvNet, fit_classifier, predict_proba
from ..device import get_device, seed_everything
from .data import UnpairedDigits
from .training import translate_images

__all__ = ["DigitJudges", "train_digit_judges", "label_kept_fraction", "judge_accuracy"]


@dataclass
class DigitJudges:
    """What :func:`train_digit_judges` returns: the MNIST-M judge ``y`` (reads ``G(x)``) and
    the MNIST judge ``x`` (reads ``F(y)``), on the training device in eval mode."""

    y: nn.Module
    x: nn.Module


def _fit_judge(images: torch.Tensor, labels: torch.Tensor, cfg, *, seed: int, device,
               desc: str) -> nn.Module:
    """A fresh :class:`dalib_mini.SmallConvNet` (from the global generators as they stand)
    fitted on real labelled ``images`` ``(N, C, H, W)``, labels ``(N,)`` in 0..9."""
    model = SmallConvNet(in_channels=images.shape[1], num_classes=10, width=cfg.judge_width)
    return fit_classifier(model, images, labels, epochs=cfg.judge_epochs,
                          batch_size=cfg.judge_batch_size, lr=cfg.judge_lr, seed=seed,
                          device=device, desc=desc)


def train_digit_judges(data: UnpairedDigits, cfg, *, seed: int, device=None) -> DigitJudges:
    """The two judges of the content score, trained on real labelled images only: the MNIST-M
    judge on ``data.y_train`` (the images CycleGAN sees as Y, with their labels), then the
    MNIST judge on ``data.x_eval`` (digits CycleGAN never sees).

    ``cfg`` gives ``judge_epochs``, ``judge_width``, ``judge_lr`` and ``judge_batch_size``.
    ``seed`` seeds the global generators once (both networks' initialization and dropout, in
    this order) and each judge's batch order.
    """
    device = get_device(device)
    seed_everything(seed)
    judge_y = _fit_judge(data.y_train, data.y_train_labels, cfg, seed=seed, device=device,
                         desc="MNIST-M judge")
    judge_x = _fit_judge(data.x_eval, data.x_eval_labels, cfg, seed=seed, device=device,
                         desc="MNIST judge")
    return DigitJudges(y=judge_y, x=judge_x)


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
