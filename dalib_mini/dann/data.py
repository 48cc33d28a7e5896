"""The MNIST -> MNIST-M task of Ganin & Lempitsky (2015), as in-memory float tensors.

Source: labelled MNIST digits, zero-padded to 32x32 and repeated to 3 channels. Target:
MNIST-M (the same digits blended over colour photo patches). The target's training images
are used *without labels* during adaptation; their labels are kept only so that a
train-on-target baseline and diagnostics can be computed. Evaluation is on MNIST-M test.

Other chapters (SRDC) build on this module: keep :func:`mnist_to_mnistm` and
:class:`DigitAdaptationTask` stable.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from types import SimpleNamespace
from typing import Mapping

import torch

from ..data import digits_to_rgb32, load_mnist, load_mnist_m, to_float_images
from ..profiles import chapter_settings

__all__ = ["DigitAdaptationTask", "mnist_to_mnistm", "normalise_domains", "NORMALISATIONS"]

NORMALISATIONS = ("per_domain", "shared", "none")


@dataclass
class DigitAdaptationTask:
    """Tensors of one source -> target digit task. Images are float32 ``(N, 3, 32, 32)``,
    labels int64 ``(N,)``.

    Attributes:
        source_images, source_labels: the labelled source domain (MNIST).
        target_images: the unlabelled target training images (MNIST-M train).
        target_labels: their labels, **for evaluation and the train-on-target baseline only**.
        test_images, test_labels: the target test split (MNIST-M test).
        normalisation: how the images were standardised (see :func:`normalise_domains`).
    """

    source_images: torch.Tensor
    source_labels: torch.Tensor
    target_images: torch.Tensor
    target_labels: torch.Tensor
    test_images: torch.Tensor
    test_labels: torch.Tensor
    normalisation: str = "per_domain"

    def to(self, device: str | torch.device) -> "DigitAdaptationTask":
        """A copy with every tensor on ``device``."""
        moved = {f.name: getattr(self, f.name) for f in fields(self)}
        return DigitAdaptationTask(**{k: v.to(device) if isinstance(v, torch.Tensor) else v
                                      for k, v in moved.items()})

    def __repr__(self) -> str:
        return (f"DigitAdaptationTask(source={tuple(self.source_images.shape)}, "
                f"target={tuple(self.target_images.shape)}, test={tuple(self.test_images.shape)}, "
                f"normalisation={self.normalisation!r}, device={self.source_images.device})")


def _channel_stats(images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    mean = images.mean(dim=(0, 2, 3), keepdim=True)
    std = images.std(dim=(0, 2, 3), keepdim=True).clamp_min(1e-6)
    return mean, std


def normalise_domains(source: torch.Tensor, target: torch.Tensor, test: torch.Tensor,
                      normalisation: str = "per_domain"):
    """Standardise float images in [0, 1] ``(N, 3, H, W)``.

    ``"per_domain"``: each domain is shifted and scaled by its own per-channel mean and std
    (the target's statistics come from its unlabelled training images and are reused for the
    test split); this removes the first-order colour gap between MNIST and MNIST-M before
    any learning. ``"shared"``: one mean/std over source and target together. ``"none"``:
    ``(x - 0.5) / 0.5``, the same fixed map for both domains.

    Returns the three standardised tensors (new tensors; inputs are not modified).
    """
    if normalisation not in NORMALISATIONS:
        raise ValueError(f"normalisation must be one of {NORMALISATIONS}, got {normalisation!r}")
    if normalisation == "none":
        return tuple((x - 0.5) / 0.5 for x in (source, target, test))
    if normalisation == "shared":
        mean, std = _channel_stats(torch.cat([source, target]))
        return tuple((x - mean) / std for x in (source, target, test))
    src_mean, src_std = _channel_stats(source)
    tgt_mean, tgt_std = _channel_stats(target)
    return (source - src_mean) / src_std, (target - tgt_mean) / tgt_std, (test - tgt_mean) / tgt_std


def _as_settings(settings) -> SimpleNamespace:
    if settings is None or isinstance(settings, str):
        return chapter_settings("dann", settings)
    if isinstance(settings, Mapping):
        return SimpleNamespace(**settings)
    return settings


def mnist_to_mnistm(settings=None, *, device: str | torch.device | None = None,
                    normalisation: str | None = None, n_source: int | None = -1,
                    n_target: int | None = -1, n_test: int | None = -1,
                    root=None) -> DigitAdaptationTask:
    """Build the MNIST -> MNIST-M task for a profile.

    Args:
        settings: a profile name (``"quick"``/``"full"``), the namespace returned by
            ``dm.chapter_settings("dann", ...)``, a dict, or ``None`` (active profile). Read
            keys: ``source_split`` (MNIST split used as source), ``n_source``, ``n_target``,
            ``n_test`` (``None`` = all) and ``normalisation``.
        device: where the tensors go (default CPU; pass ``run.device``).
        normalisation: override ``settings.normalisation`` (see :func:`normalise_domains`).
        n_source, n_target, n_test: override the sizes (``None`` = all; the default ``-1``
            means "take it from ``settings``"). Handy for tiny tests.
        root: data root (default ``$DALIB_MINI_DATA``).

    Quick profile: source = the 10k MNIST test digits, target = first 10k MNIST-M training
    images, test = the 9,001 MNIST-M test images. Full profile: MNIST train (60k) ->
    MNIST-M train (59,001), test on MNIST-M test (the paper's setting).

    Returns:
        :class:`DigitAdaptationTask` with float32 images ``(N, 3, 32, 32)``.
    """
    cfg = _as_settings(settings)
    n_source = getattr(cfg, "n_source", None) if n_source == -1 else n_source
    n_target = getattr(cfg, "n_target", None) if n_target == -1 else n_target
    n_test = getattr(cfg, "n_test", None) if n_test == -1 else n_test
    normalisation = normalisation or getattr(cfg, "normalisation", "per_domain")
    for name, value in (("n_source", n_source), ("n_target", n_target), ("n_test", n_test)):
        if value is not None and (not isinstance(value, int) or value <= 0):
            raise ValueError(f"{name} must be a positive integer or None, got {value!r}")
    src_x, src_y = load_mnist(getattr(cfg, "source_split", "test"), root=root)
    src_x, src_y = src_x[:n_source], src_y[:n_source]
    tgt_x, tgt_y = load_mnist_m("train", limit=n_target, root=root)
    test_x, test_y = load_mnist_m("test", limit=n_test, root=root)
    source, target, test = (to_float_images(digits_to_rgb32(x)) for x in (src_x, tgt_x, test_x))
    source, target, test = normalise_domains(source, target, test, normalisation)
    task = DigitAdaptationTask(source, src_y, target, tgt_y, test, test_y, normalisation)
    return task.to(device) if device is not None else task
