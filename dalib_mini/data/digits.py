"""The MNIST -> MNIST-M digit adaptation task of Ganin & Lempitsky (2015), as in-memory float
tensors. The DANN, SRDC and CycleGAN chapters build on it.

Source: labelled MNIST digits, zero-padded to 32x32 and repeated to 3 channels. Target:
MNIST-M (the same digits blended over colour photo patches). The target's training images
are used *without labels* during adaptation; their labels are kept only so that a
train-on-target baseline and diagnostics can be computed. Evaluation is on MNIST-M test.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

import torch

from .mnist import load_mnist
from .mnist_m import load_mnist_m
from .transforms import digits_to_rgb32, to_float_images

__all__ = ["DigitAdaptationTask", "mnist_to_mnistm", "normalize_domains", "NORMALIZATIONS"]

#: Ways :func:`normalize_domains` standardises the two domains.
NORMALIZATIONS = ("per_domain", "shared", "none")


@dataclass
class DigitAdaptationTask:
    """Tensors of one source -> target digit task. Images are float32 ``(N, 3, 32, 32)``,
    labels int64 ``(N,)``.

    Attributes:
        source_images, source_labels: the labelled source domain (MNIST).
        target_images: the unlabelled target training images (MNIST-M train).
        target_labels: their labels, **for evaluation and the train-on-target baseline only**.
        test_images, test_labels: the target test split (MNIST-M test).
        normalization: how the images were standardised (see :func:`normalize_domains`).
    """

    source_images: torch.Tensor
    source_labels: torch.Tensor
    target_images: torch.Tensor
    target_labels: torch.Tensor
    test_images: torch.Tensor
    test_labels: torch.Tensor
    normalization: str = "per_domain"

    def to(self, device: str | torch.device) -> "DigitAdaptationTask":
        """A copy with every tensor on ``device``."""
        moved = {f.name: getattr(self, f.name) for f in fields(self)}
        return DigitAdaptationTask(**{k: v.to(device) if isinstance(v, torch.Tensor) else v
                                      for k, v in moved.items()})

    def __repr__(self) -> str:
        return (f"DigitAdaptationTask(source={tuple(self.source_images.shape)}, "
                f"target={tuple(self.target_images.shape)}, test={tuple(self.test_images.shape)}, "
                f"normalization={self.normalization!r}, device={self.source_images.device})")


def _channel_stats(images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    mean = images.mean(dim=(0, 2, 3), keepdim=True)
    std = images.std(dim=(0, 2, 3), keepdim=True).clamp_min(1e-6)
    return mean, std


def normalize_domains(source: torch.Tensor, target: torch.Tensor, test: torch.Tensor,
                      normalization: str = "per_domain"):
    """Standardize float images in [0, 1] ``(N, 3, H, W)``.

    ``"per_domain"``: each domain is shifted and scaled by its own per-channel mean and std
    (the target's statistics come from its unlabelled training images and are reused for the
    test split); this removes the first-order colour gap between MNIST and MNIST-M before
    any learning. ``"shared"``: one mean/std over source and target together. ``"none"``:
    ``(x - 0.5) / 0.5``, the same fixed map for both domains.

    Returns the three standardised tensors (new tensors; inputs are not modified).
    """
    if normalization not in NORMALIZATIONS:
        raise ValueError(f"normalization must be one of {NORMALIZATIONS}, got {normalization!r}")
    if normalization == "none":
        return tuple((x - 0.5) / 0.5 for x in (source, target, test))
    if normalization == "shared":
        mean, std = _channel_stats(torch.cat([source, target]))
        return tuple((x - mean) / std for x in (source, target, test))
    src_mean, src_std = _channel_stats(source)
    tgt_mean, tgt_std = _channel_stats(target)
    return (source - src_mean) / src_std, (target - tgt_mean) / tgt_std, (test - tgt_mean) / tgt_std


def mnist_to_mnistm(*, n_source: int | None = None, n_target: int | None = None,
                    n_test: int | None = None, source_split: str = "train",
                    normalization: str = "per_domain", device: str | torch.device | None = None,
                    root=None) -> DigitAdaptationTask:
    """Build the MNIST -> MNIST-M task with the sizes given.

    Args:
        n_source: first ``n_source`` digits of the MNIST ``source_split`` (``None`` = all).
        n_target: first ``n_target`` MNIST-M training images, the unlabelled target
            (``None`` = all that the data root holds).
        n_test: first ``n_test`` MNIST-M test images, the evaluation set (``None`` = all 9,001).
        source_split: ``"train"`` (60,000 digits, the paper's source) or ``"test"``.
        normalization: see :func:`normalize_domains`.
        device: where the tensors go (default CPU; pass ``run.device``).
        root: data root (default ``$DALIB_MINI_DATA``).

    Returns:
        :class:`DigitAdaptationTask` with float32 images ``(N, 3, 32, 32)``.
    """
    for name, value in (("n_source", n_source), ("n_target", n_target), ("n_test", n_test)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                                  or value <= 0):
            raise ValueError(f"{name} must be a positive integer or None, got {value!r}")
    src_x, src_y = load_mnist(source_split, root=root)
    src_x, src_y = src_x[:n_source], src_y[:n_source]
    tgt_x, tgt_y = load_mnist_m("train", limit=n_target, root=root)
    test_x, test_y = load_mnist_m("test", limit=n_test, root=root)
    source, target, test = (to_float_images(digits_to_rgb32(x)) for x in (src_x, tgt_x, test_x))
    source, target, test = normalize_domains(source, target, test, normalization)
    task = DigitAdaptationTask(source, src_y, target, tgt_y, test, test_y, normalization)
    return task.to(device) if device is not None else task
