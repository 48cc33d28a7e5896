"""The chapter's experiment: the data (:func:`~dalib_mini.auggan.make_day_night_task`), a
translator (:func:`train_translator`), segmenters (:func:`~dalib_mini.auggan.train_segmenter`)
and their scores.

Protocol (what is seen by whom):

* **day** scenes: images *and* masks, the labelled source domain. AugGAN's parsers and the
  downstream segmenters are trained with these masks (directly or on translated images);
* **night** scenes: images for the translators (unpaired with the day scenes). Their masks
  train only the *judge*, an evaluation-side segmenter that scores structure preservation;
* **night test** scenes: other random night scenes, with masks, used only to test the
  downstream segmenters.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import torch
from torch import nn

from ..cyclegan import train_cyclegan
from ..device import get_device
from ..training import History
from .scenes import STREET_CLASSES, DayNightTask
from .segmentation_metrics import mean_iou
from .segmenter import predict_scene_masks
from .training import train_auggan, translate_scenes

__all__ = ["METHODS", "TranslationRun", "train_translator", "segmentation_miou", "seed_verdicts"]

#: The two translators the chapter compares.
METHODS = ("auggan", "cyclegan")


@dataclass
class TranslationRun:
    """A trained translator: its ``nets`` (``AugGANNets`` or the CycleGAN chapter's
    ``CycleGANNets``), training ``history`` and the translated day images
    ``(N_day, 3, H, W)`` in ``[0, 1]``."""

    method: str
    nets: object
    history: History
    translated_day: torch.Tensor


def train_translator(task: DayNightTask, cfg, *, seed: int, device=None,
                     method: str) -> TranslationRun:
    """Train ``method="auggan"`` (:func:`~dalib_mini.auggan.train_auggan`) or the
    ``"cyclegan"`` baseline (the CycleGAN chapter's :func:`~dalib_mini.cyclegan.train_cyclegan`)
    day -> night with the same data, batch sampling, sizes, steps and optimizer (all from the
    :class:`~dalib_mini.auggan.AugGANSettings` ``cfg``); the baseline has no parser and no
    masks. Both are seeded with ``seed`` and trained on ``device``."""
    if method not in METHODS:
        raise ValueError(f"method must be 'auggan' or 'cyclegan', got {method!r}")
    device = get_device(device)
    task = task.to(device)
    if method == "auggan":
        result = train_auggan(task, cfg, seed=seed, device=device, desc="AugGAN")
    else:  # the CycleGAN chapter's model and loop, same sizes and budget
        x, y = task.day.images * 2 - 1, task.night.images * 2 - 1  # the networks work in [-1, 1]
        result = train_cyclegan((x, y), cfg, seed=seed, device=device, desc="CycleGAN")
    return TranslationRun(method, result.nets, result.history,
                          translate_scenes(result.nets.g_xy, task.day.images))


def segmentation_miou(model: nn.Module, images: torch.Tensor, masks: torch.Tensor) -> float:
    """mIoU of ``model``'s predictions on ``images`` against ``masks`` (all classes)."""
    return mean_iou(predict_scene_masks(model, images), masks, len(STREET_CLASSES))


def seed_verdicts(scores: pd.DataFrame, structure_margin: float = 0.05) -> pd.DataFrame:
    """The chapter's two claims checked seed by seed (GAN runs vary a lot between seeds, so one
    run must not decide the result).

    Args:
        scores: one row per seed with the columns ``"structure auggan"``,
            ``"structure cyclegan"``, ``"downstream day only"``, ``"downstream cyclegan"`` and
            ``"downstream auggan"`` (mIoU values).
        structure_margin: the structure gap AugGAN - CycleGAN that counts as "keeps structure
            better".

    Returns:
        A frame with the same index and the columns ``"structure gap"`` (AugGAN - CycleGAN),
        ``"structure gap met"`` (gap >= ``structure_margin``), ``"downstream margin"``
        (AugGAN minus the better of CycleGAN and day only) and ``"downstream auggan best"``
        (that margin > 0).
    """
    needed = ["structure auggan", "structure cyclegan", "downstream day only",
              "downstream cyclegan", "downstream auggan"]
    missing = [c for c in needed if c not in scores.columns]
    if missing:
        raise ValueError(f"scores lacks the columns {missing}")
    gap = scores["structure auggan"] - scores["structure cyclegan"]
    margin = scores["downstream auggan"] - scores[["downstream cyclegan", "downstream day only"]].max(axis=1)
    return pd.DataFrame({"structure gap": gap, "structure gap met": gap >= structure_margin,
                         "downstream margin": margin, "downstream auggan best": margin > 0})
